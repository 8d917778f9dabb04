import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { billItems, bills, payments } from "~/db/schema";
import { walletText as t } from "~/i18n/pl";
import {
  listWalletPayments,
  WALLET_PAGE_SIZE,
  walletDaysPeriod,
  walletMonthPeriod,
  walletSummary,
} from "~/models/wallet.server";
import { warsawDayStart } from "~/utils/dates";
import { escapeHtml } from "~/utils/html";
import { formatMoney } from "~/utils/money";
import { countingD1, type D1Counts } from "../workers/d1-counter";
import { createActiveUser, db, loggedInBrowser } from "./helpers";
import { makeProject, visibleText } from "./project-helpers";

type PaymentInput = Partial<typeof payments.$inferInsert> & { paidAt: string; amount: number };

let titleCounter = 0;

/** Inserts a bill with its items, for payments to point at. */
async function insertBill(userId: string, projectId: string, itemNames: string[], total: number) {
  const billId = crypto.randomUUID();
  const now = new Date().toISOString();
  await db.insert(bills).values({
    id: billId,
    userId,
    projectId,
    number: Math.floor(Math.random() * 1_000_000_000),
    createdBy: "client",
    status: "paid",
    total,
    updatedAt: now,
  });
  // Inserted in reverse so the list has to order the names by position itself.
  for (const [position, name] of [...itemNames.entries()].reverse()) {
    await db.insert(billItems).values({
      id: crypto.randomUUID(),
      billId,
      taskId: null,
      name,
      amount: Math.floor(total / itemNames.length),
      taskVersion: 1,
      position,
      active: true,
    });
  }
  return billId;
}

/** Inserts a payments row directly; by default a Tpay bill payment applied in full. */
async function insertPayment(userId: string, input: PaymentInput) {
  const id = crypto.randomUUID();
  const method = input.method ?? "tpay";
  titleCounter += 1;
  await db.insert(payments).values({
    id,
    userId,
    purpose: "bill",
    method,
    environment: method === "tpay" ? "sandbox" : null,
    providerTitle: method === "tpay" ? `TR-WLT-${crypto.randomUUID().slice(0, 4).toUpperCase()}${String(titleCounter).padStart(3, "0")}` : null,
    expectedAmount: input.amount,
    status: "applied",
    ...input,
  });
  return id;
}

describe("Warsaw periods", () => {
  it("starts days at local midnight across DST", () => {
    expect(warsawDayStart("2026-01-15")).toBe("2026-01-14T23:00:00.000Z");
    expect(warsawDayStart("2026-07-15")).toBe("2026-07-14T22:00:00.000Z");
    expect(warsawDayStart("2026-03-29")).toBe("2026-03-28T23:00:00.000Z");
    expect(warsawDayStart("2026-03-30")).toBe("2026-03-29T22:00:00.000Z");
    expect(warsawDayStart("2026-10-25")).toBe("2026-10-24T22:00:00.000Z");
    expect(warsawDayStart("2026-10-26")).toBe("2026-10-25T23:00:00.000Z");
  });

  it("gives the DST days 23 and 25 hours", () => {
    const march = walletDaysPeriod("2026-03-29", "2026-03-29");
    expect(Date.parse(march.to) - Date.parse(march.from)).toBe(23 * 3_600_000);
    const october = walletDaysPeriod("2026-10-25", "2026-10-25");
    expect(Date.parse(october.to) - Date.parse(october.from)).toBe(25 * 3_600_000);
  });

  it("bounds months by local midnights", () => {
    expect(walletMonthPeriod("2026-03")).toEqual({ from: "2026-02-28T23:00:00.000Z", to: "2026-03-31T22:00:00.000Z" });
    expect(walletMonthPeriod("2026-10")).toEqual({ from: "2026-09-30T22:00:00.000Z", to: "2026-10-31T23:00:00.000Z" });
    expect(walletMonthPeriod("2026-12")).toEqual({ from: "2026-11-30T23:00:00.000Z", to: "2026-12-31T23:00:00.000Z" });
  });
});

describe("wallet summary", () => {
  it("sums March 2026 at its local-midnight edges", async () => {
    const user = await createActiveUser();
    // Local midnight 01.03 (CET) is in March; one millisecond before is February.
    await insertPayment(user.id, { paidAt: "2026-02-28T23:00:00.000Z", amount: 100 });
    await insertPayment(user.id, { paidAt: "2026-02-28T22:59:59.999Z", amount: 1 });
    // 29.03 is 23 hours long: from 2026-03-28T23:00Z (CET) to 2026-03-29T22:00Z (CEST).
    await insertPayment(user.id, { paidAt: "2026-03-28T23:00:00.000Z", amount: 200 });
    await insertPayment(user.id, { paidAt: "2026-03-29T21:59:59.999Z", amount: 400 });
    await insertPayment(user.id, { paidAt: "2026-03-29T22:00:00.000Z", amount: 800 });
    // The last millisecond of March (CEST), and local midnight 01.04.
    await insertPayment(user.id, { paidAt: "2026-03-31T21:59:59.999Z", amount: 1600 });
    await insertPayment(user.id, { paidAt: "2026-03-31T22:00:00.000Z", amount: 2 });

    const march = await walletSummary(db, user.id, walletMonthPeriod("2026-03"));
    expect(march.received).toBe(100 + 200 + 400 + 800 + 1600);
    expect(march.receivedCount).toBe(5);
    expect((await walletSummary(db, user.id, walletMonthPeriod("2026-02"))).received).toBe(1);
    expect((await walletSummary(db, user.id, walletMonthPeriod("2026-04"))).received).toBe(2);
    expect((await walletSummary(db, user.id, walletDaysPeriod("2026-03-29", "2026-03-29"))).received).toBe(200 + 400);
  });

  it("sums October 2026 at its local-midnight edges", async () => {
    const user = await createActiveUser();
    await insertPayment(user.id, { paidAt: "2026-09-30T21:59:59.999Z", amount: 1 });
    await insertPayment(user.id, { paidAt: "2026-09-30T22:00:00.000Z", amount: 100 });
    // 25.10 is 25 hours long: from 2026-10-24T22:00Z (CEST) to 2026-10-25T23:00Z (CET).
    await insertPayment(user.id, { paidAt: "2026-10-24T21:59:59.999Z", amount: 200 });
    await insertPayment(user.id, { paidAt: "2026-10-24T22:00:00.000Z", amount: 400 });
    await insertPayment(user.id, { paidAt: "2026-10-25T22:59:59.999Z", amount: 800 });
    await insertPayment(user.id, { paidAt: "2026-10-25T23:00:00.000Z", amount: 1600 });
    await insertPayment(user.id, { paidAt: "2026-10-31T22:59:59.999Z", amount: 3200 });
    await insertPayment(user.id, { paidAt: "2026-10-31T23:00:00.000Z", amount: 2 });

    const october = await walletSummary(db, user.id, walletMonthPeriod("2026-10"));
    expect(october.received).toBe(100 + 200 + 400 + 800 + 1600 + 3200);
    expect((await walletSummary(db, user.id, walletMonthPeriod("2026-09"))).received).toBe(1);
    expect((await walletSummary(db, user.id, walletMonthPeriod("2026-11"))).received).toBe(2);
    expect((await walletSummary(db, user.id, walletDaysPeriod("2026-10-25", "2026-10-25"))).received).toBe(400 + 800);
    expect((await walletSummary(db, user.id, walletDaysPeriod("2026-10-24", "2026-10-26"))).received).toBe(200 + 400 + 800 + 1600);
  });

  it("counts flagged payments and leaves out refunds, manual and other users", async () => {
    const user = await createActiveUser();
    const other = await createActiveUser();
    const paidAt = "2026-05-10T10:00:00.000Z";
    await insertPayment(user.id, { paidAt, amount: 10_000 });
    await insertPayment(user.id, { paidAt, amount: 10_500, expectedAmount: 10_000, flag: "overpaid" });
    await insertPayment(user.id, { paidAt, amount: 9_000, expectedAmount: 10_000, status: "flagged", flag: "underpaid" });
    await insertPayment(user.id, { paidAt, amount: 3_000, status: "flagged", flag: "not_payable" });
    await insertPayment(user.id, { paidAt, amount: 7_000, status: "refunded", refundedAt: paidAt });
    await insertPayment(user.id, { paidAt, amount: 4_000, method: "cash" });
    await insertPayment(user.id, { paidAt, amount: 6_000, method: "transfer" });
    await insertPayment(user.id, { paidAt, amount: 99_900, purpose: "subscription" });
    await insertPayment(other.id, { paidAt, amount: 55_500 });

    const summary = await walletSummary(db, user.id, walletMonthPeriod("2026-05"));
    expect(summary).toEqual({
      received: 10_000 + 10_500 + 9_000 + 3_000,
      receivedCount: 4,
      toRefund: 500 + 3_000,
      refunded: 7_000,
      refundedCount: 1,
      manual: 10_000,
      manualCount: 2,
    });
  });
});

describe("wallet payment list", () => {
  it("pages by 30, newest first, with project and tasks", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id, { name: "Sklep internetowy" });
    const billId = await insertBill(user.id, project.id, ["Logo", "Wizytówki"], 6667);
    for (let index = 0; index < WALLET_PAGE_SIZE + 1; index++) {
      const minute = String(index).padStart(2, "0");
      await insertPayment(user.id, { paidAt: `2026-06-10T10:${minute}:00.000Z`, amount: 100 + index, projectId: project.id, billId });
    }
    await insertPayment(user.id, { paidAt: "2026-06-11T10:00:00.000Z", amount: 5_000, method: "cash", projectId: project.id });

    const period = walletMonthPeriod("2026-06");
    const first = await listWalletPayments(db, user.id, { ...period, page: 1 });
    expect(first.items).toHaveLength(WALLET_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    expect(first.items[0].amount).toBe(100 + WALLET_PAGE_SIZE);
    expect(first.items[0].project).toEqual({ id: project.id, name: "Sklep internetowy" });
    expect(first.items[0].taskNames).toEqual(["Logo", "Wizytówki"]);
    expect(first.items[0].providerTitle).toMatch(/^TR-WLT-/);
    expect(first.items.every((item) => item.amount !== 5_000)).toBe(true);

    const second = await listWalletPayments(db, user.id, { ...period, page: 2 });
    expect(second.items.map((item) => item.amount)).toEqual([100]);
    expect(second.hasMore).toBe(false);
  });

  it("reads a page with two queries", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const billId = await insertBill(user.id, project.id, ["Projekt graficzny"], 1000);
    await insertPayment(user.id, { paidAt: "2026-06-10T10:00:00.000Z", amount: 1000, projectId: project.id, billId });

    const counts: D1Counts = { queries: 0, batches: 0, batched: 0 };
    const countingDb = getDb(countingD1(env.DB, counts));
    const period = walletMonthPeriod("2026-06");
    await walletSummary(countingDb, user.id, period);
    await listWalletPayments(countingDb, user.id, { ...period, page: 1 });
    expect(counts).toEqual({ queries: 2, batches: 0, batched: 0 });
  });

  it("never lists another user's payments", async () => {
    const owner = await createActiveUser();
    const project = await makeProject(owner.id, { name: "Cudzy projekt" });
    await insertPayment(owner.id, { paidAt: "2026-06-10T10:00:00.000Z", amount: 1234, projectId: project.id });
    const other = await createActiveUser();
    const list = await listWalletPayments(db, other.id, { ...walletMonthPeriod("2026-06"), page: 1 });
    expect(list.items).toEqual([]);
    // A payment row of another user's project does not reveal the project's name.
    await insertPayment(other.id, { paidAt: "2026-06-10T10:00:00.000Z", amount: 4321, projectId: project.id });
    const [item] = (await listWalletPayments(db, other.id, { ...walletMonthPeriod("2026-06"), page: 1 })).items;
    expect(item.project).toBeNull();
  });
});

describe("wallet page", () => {
  it("shows the month's sum, states and the manual note", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "Zażółć gęślą jaźń" });
    const billId = await insertBill(user.id, project.id, ["Projekt graficzny", "Ulotka"], 6667);
    await insertPayment(user.id, { paidAt: "2026-03-29T00:30:00.000Z", amount: 6667, projectId: project.id, billId });
    await insertPayment(user.id, { paidAt: "2026-03-15T12:00:00.000Z", amount: 7000, expectedAmount: 6667, flag: "overpaid", projectId: project.id });
    await insertPayment(user.id, { paidAt: "2026-03-14T12:00:00.000Z", amount: 5000, expectedAmount: 6667, status: "flagged", flag: "underpaid" });
    await insertPayment(user.id, { paidAt: "2026-03-13T12:00:00.000Z", amount: 2500, status: "flagged", flag: "not_payable" });
    await insertPayment(user.id, { paidAt: "2026-03-12T12:00:00.000Z", amount: 1500, status: "refunded" });
    await insertPayment(user.id, { paidAt: "2026-03-11T12:00:00.000Z", amount: 120_000, method: "cash" });

    const response = await browser.get("/wallet?month=2026-03");
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain(t.received("marzec 2026"));
    expect(text).toContain(formatMoney(6667 + 7000 + 5000 + 2500).replace("\u00a0", " "));
    expect(text).toContain(t.states.overpaid(formatMoney(333)).replace("\u00a0", " "));
    expect(text).toContain(t.states.underpaid);
    expect(text).toContain(t.states.notPayable);
    expect(text).toContain(t.states.refunded);
    expect(text).toContain(t.manualNote(formatMoney(120_000)).replace("\u00a0", " "));
    // 00:30 UTC on 29.03.2026 is 01:30 winter time, before the clocks change.
    expect(text).toContain("29.03.2026, 01:30");
    expect(html).toContain(`href="/projects/${project.id}"`);
    expect(text).toContain("Zażółć gęślą jaźń");
    expect(text).toContain("Projekt graficzny");
    expect(text).toContain("Ulotka");
    // The cash payment is only in the note, not in the list.
    expect(html.match(/data-payment-id=/g)).toHaveLength(5);
    expect(text).not.toContain(formatMoney(120_000).replace("\u00a0", " ") + " " + t.states.applied);
  });

  it("defaults to the current Warsaw month and links the header", async () => {
    const { browser } = await loggedInBrowser();
    const html = await (await browser.get("/wallet")).text();
    const now = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw", year: "numeric", month: "2-digit" }).format(new Date());
    const [year, month] = now.split("-").map(Number);
    expect(visibleText(html)).toContain(t.received(`${t.months[month - 1]} ${year}`));
    expect(html).toContain(`<option value="${now.slice(0, 7)}" selected=""`);
    expect(html).toMatch(/<a[^>]*href="\/wallet"[^>]*>Portfel<\/a>/);
    expect(visibleText(html)).toContain(t.empty);
  });

  it("shows a custom range of whole days", async () => {
    const { browser, user } = await loggedInBrowser();
    await insertPayment(user.id, { paidAt: "2026-10-24T22:00:00.000Z", amount: 400 });
    await insertPayment(user.id, { paidAt: "2026-10-25T22:59:59.999Z", amount: 800 });
    await insertPayment(user.id, { paidAt: "2026-10-25T23:00:00.000Z", amount: 1600 });
    const text = visibleText(await (await browser.get("/wallet?from=2026-10-25&to=2026-10-25")).text());
    expect(text).toContain(t.received(t.rangeLabel("25.10.2026", "25.10.2026")));
    expect(text).toContain(formatMoney(1200).replace("\u00a0", " "));
  });

  it("rejects reversed and invalid dates", async () => {
    const { browser } = await loggedInBrowser();
    const reversed = await (await browser.get("/wallet?from=2026-10-25&to=2026-10-01")).text();
    expect(reversed).toContain(escapeHtml(t.rangeReversed));
    const invalid = await (await browser.get("/wallet?from=2026-02-30&to=2026-03-01")).text();
    expect(invalid).toContain(escapeHtml(t.invalidDay));
    const badMonth = await (await browser.get("/wallet?month=2026-13")).text();
    expect(badMonth).toContain(escapeHtml(t.invalidMonth));
  });

  it("pages the list and keeps the month", async () => {
    const { browser, user } = await loggedInBrowser();
    for (let index = 0; index < WALLET_PAGE_SIZE + 2; index++) {
      await insertPayment(user.id, { paidAt: `2026-06-10T10:${String(index).padStart(2, "0")}:00.000Z`, amount: 100 });
    }
    const first = await (await browser.get("/wallet?month=2026-06")).text();
    expect(first.match(/data-payment-id=/g)).toHaveLength(WALLET_PAGE_SIZE);
    expect(first).toMatch(/href="(\/wallet)?\?month=2026-06&amp;page=2"/);
    const second = await (await browser.get("/wallet?month=2026-06&page=2")).text();
    expect(second.match(/data-payment-id=/g)).toHaveLength(2);
  });

  it("does not show another user's payments", async () => {
    const owner = await createActiveUser();
    await insertPayment(owner.id, { paidAt: "2026-06-10T10:00:00.000Z", amount: 98_765 });
    const { browser } = await loggedInBrowser();
    const html = await (await browser.get("/wallet?month=2026-06")).text();
    expect(html).not.toContain("987,65");
    expect(html).not.toContain("data-payment-id=");
  });
});

describe("wallet with refunds", () => {
  it("subtracts partial refunds from the period's funds", async () => {
    const user = await createActiveUser();
    const paidAt = "2026-08-10T10:00:00.000Z";
    await insertPayment(user.id, { paidAt, amount: 10_000, refundedAmount: 2_500 });
    // The overpayment (500) was returned, so nothing is left to refund.
    await insertPayment(user.id, { paidAt, amount: 10_500, expectedAmount: 10_000, flag: "overpaid", refundedAmount: 500 });
    // Of a payment for a bill that was already paid, 1_000 was returned and 2_000 is still due.
    await insertPayment(user.id, { paidAt, amount: 3_000, status: "flagged", flag: "not_payable", refundedAmount: 1_000 });
    await insertPayment(user.id, { paidAt, amount: 7_000, status: "refunded", refundedAmount: 7_000, refundedAt: paidAt });
    await insertPayment(user.id, { paidAt, amount: 4_000 });

    const summary = await walletSummary(db, user.id, walletMonthPeriod("2026-08"));
    expect(summary.received).toBe(7_500 + 10_000 + 2_000 + 4_000);
    expect(summary.receivedCount).toBe(4);
    expect(summary.toRefund).toBe(2_000);
    expect(summary.refunded).toBe(2_500 + 500 + 1_000 + 7_000);
    expect(summary.refundedCount).toBe(4);
  });

  it("counts a refunded payment whole even before refunded_amount was kept", async () => {
    const user = await createActiveUser();
    await insertPayment(user.id, { paidAt: "2026-08-11T10:00:00.000Z", amount: 1_200, status: "refunded" });
    const summary = await walletSummary(db, user.id, walletMonthPeriod("2026-08"));
    expect(summary).toMatchObject({ received: 0, receivedCount: 0, refunded: 1_200, refundedCount: 1 });
    const [item] = (await listWalletPayments(db, user.id, { ...walletMonthPeriod("2026-08"), page: 1 })).items;
    expect(item).toMatchObject({ state: "refunded", refundedAmount: 1_200 });
  });

  it("shows the refunded part under a payment", async () => {
    const { browser, user } = await loggedInBrowser();
    const partial = await insertPayment(user.id, { paidAt: "2026-09-10T10:00:00.000Z", amount: 6_667, refundedAmount: 1_000 });
    const overpaid = await insertPayment(user.id, {
      paidAt: "2026-09-11T10:00:00.000Z",
      amount: 7_000,
      expectedAmount: 6_667,
      flag: "overpaid",
      refundedAmount: 333,
    });
    const html = await (await browser.get("/wallet?month=2026-09")).text();
    const text = visibleText(html);
    expect(text).toContain(formatMoney(5_667 + 6_667).replace("\u00a0", " "));
    expect(text).toContain(t.refunded(formatMoney(1_333)).replace("\u00a0", " "));

    const row = (id: string) => visibleText(html.slice(html.indexOf(`data-payment-id="${id}"`), html.indexOf("</tr>", html.indexOf(`data-payment-id="${id}"`))));
    expect(row(partial)).toContain(t.refundedPart(formatMoney(1_000)).replace("\u00a0", " "));
    expect(row(partial)).toContain(t.states.applied);
    // The overpayment was returned: the row shows no refund due.
    expect(row(overpaid)).toContain(t.refundedPart(formatMoney(333)).replace("\u00a0", " "));
    expect(row(overpaid)).not.toContain("do zwrotu");
    expect(text).not.toContain(t.toRefund(formatMoney(333)).replace("\u00a0", " "));
  });
});

describe("wallet dates", () => {
  it("gives a Polish example in the invalid date message", async () => {
    const { browser } = await loggedInBrowser();
    const html = await (await browser.get("/wallet?from=2026-02-30&to=2026-03-01")).text();
    expect(t.invalidDay).toContain("np. 01.03.2026");
    expect(html).toContain(escapeHtml(t.invalidDay));
  });

  it("accepts days typed as DD.MM.YYYY", async () => {
    const { browser, user } = await loggedInBrowser();
    await insertPayment(user.id, { paidAt: "2026-03-01T10:00:00.000Z", amount: 4_321 });
    const text = visibleText(await (await browser.get("/wallet?from=01.03.2026&to=1.3.2026")).text());
    expect(text).toContain(t.received(t.rangeLabel("01.03.2026", "01.03.2026")));
    expect(text).toContain(formatMoney(4_321).replace("\u00a0", " "));
  });

  it("names the allowed years for a year out of range", async () => {
    const { browser } = await loggedInBrowser();
    const message = escapeHtml(t.yearOutOfRange(2000, 2100));
    for (const query of ["from=1999-12-31&to=2026-01-01", "from=2026-01-01&to=2101-01-01", "from=01.01.20260&to=02.01.2026", "month=2101-01", "month=1999-12"]) {
      const html = await (await browser.get(`/wallet?${query}`)).text();
      expect(html, query).toContain(message);
    }
    const last = await (await browser.get("/wallet?from=2100-12-01&to=2100-12-31")).text();
    expect(last).not.toContain(message);
    expect(visibleText(last)).toContain(t.received(t.rangeLabel("01.12.2100", "31.12.2100")));
  });
});
