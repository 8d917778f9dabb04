import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { activity, bills, emailOutbox, tpayConnections, tpayTransactions } from "~/db/schema";
import * as en from "~/i18n/en";
import { billsText, clientBillsText } from "~/i18n/pl";
import { createBill } from "~/models/bills.server";
import { loadTpayConnection } from "~/models/tpay-connections.server";
import { Browser, db, linkFrom, loggedInBrowser, ORIGIN, waitForMail } from "./helpers";
import { makeProject, makeTask, visibleText } from "./project-helpers";
import {
  activeBillsOfTask,
  billIdFrom,
  billItemRows,
  billRow,
  billSetup,
  connectTpay,
  createClientBill,
  taskRow,
  transactionRows,
} from "./bill-helpers";
import { allowConsoleErrors } from "./setup";

// Bills on both sides through the real Worker: the client's "Opłać" selection and "Zapłać teraz"
// against the local Tpay sandbox, the freelancer's "Wyślij listę do opłacenia" e-mail, cancelling,
// the return page after Tpay, and the refusals of bad or foreign input.

const SANDBOX_PAY_URL = /^http:\/\/localhost:8787\/tpay-sandbox\/pay\/TR-[A-Z0-9]{3}-[A-Z0-9]{7}$/;

async function pageText(browser: Browser, path: string): Promise<string> {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  return visibleText(await response.text());
}

async function projectActions(projectId: string): Promise<string[]> {
  const rows = await db.select().from(activity).where(eq(activity.projectId, projectId)).orderBy(activity.createdAt);
  return rows.map((row) => row.action);
}

async function billCount(projectId: string): Promise<number> {
  return (await db.select({ id: bills.id }).from(bills).where(eq(bills.projectId, projectId))).length;
}

/** Ids of the task toggles rendered checked. */
function checkedTaskIds(html: string): string[] {
  const inputs = html.match(/<input[^>]*name="taskId"[^>]*>/g) ?? [];
  return inputs.filter((input) => input.includes("checked")).map((input) => /value="([^"]+)"/.exec(input)?.[1] ?? "");
}

/** Reads a transaction from the sandbox's API with the freelancer's stored credentials. */
async function sandboxTransaction(userId: string, transactionId: string): Promise<Record<string, unknown>> {
  const loaded = await loadTpayConnection(db, env, userId);
  if (!loaded) throw new Error("no connection");
  const auth = await SELF.fetch(`${ORIGIN}/tpay-sandbox/oauth/auth`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ client_id: loaded.account.credentials.clientId, client_secret: loaded.account.credentials.clientSecret }),
  });
  const { access_token: token } = (await auth.json()) as { access_token: string };
  const response = await SELF.fetch(`${ORIGIN}/tpay-sandbox/transactions/${transactionId}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Presses "Zapłać teraz" on the client's bill page. */
function payNow(client: Browser, clientPath: string, billId: string, extra: Record<string, string> = {}) {
  return client.post(`${clientPath}/bills/${billId}`, { intent: "pay", ...extra });
}

describe("client bill", () => {
  it("totals two tasks from the rows", async () => {
    const setup = await billSetup();
    const page = await setup.client.get(setup.clientPath);
    const html = await page.text();
    expect(html.match(/data-testid="bill-toggle"/g)).toHaveLength(2);
    expect(html).toContain('form="client-bill"');
    expect(visibleText(html)).toContain(clientBillsText.create);

    // An amount in the form is never read.
    const response = await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id], { amount: "1", total: "0,01" });
    const billId = billIdFrom(response);

    const bill = await billRow(billId);
    expect(bill.total).toBe(6667);
    expect(bill.number).toBe(1);
    expect(bill.status).toBe("open");
    expect(bill.createdBy).toBe("client");
    const items = await billItemRows(billId);
    expect(items.map((item) => [item.name, item.amount])).toEqual([
      ["Projekt logo", 3333],
      ["Zażółć gęślą jaźń", 3334],
    ]);
    expect(await projectActions(setup.project.id)).toContain("bill.created");

    const billPage = await pageText(setup.client, `${setup.clientPath}/bills/${billId}`);
    expect(billPage).toContain("Rachunek nr 1");
    expect(billPage).toContain("66,67 zł");
    expect(billPage).toContain(clientBillsText.payNow);
    expect(billPage).toContain(clientBillsText.status.open);

    // The client page lists the bill and the tasks link to it instead of "Opłać".
    const clientPage = await setup.client.get(setup.clientPath);
    const clientHtml = await clientPage.text();
    expect(clientHtml).not.toContain('data-testid="bill-toggle"');
    expect(visibleText(clientHtml)).toContain("Rachunek nr 1");
  });

  it("pays the server total through the sandbox", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id]));

    const response = await payNow(setup.client, setup.clientPath, billId, { amount: "0.01", total: "0.01" });

    expect(response.status).toBe(303);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(SANDBOX_PAY_URL);
    const [transaction] = await transactionRows(billId);
    expect(transaction.amount).toBe(6667);
    expect(transaction.status).toBe("pending");
    expect(transaction.paymentUrl).toBe(location);
    expect(transaction.crc).toMatch(/^b_[A-Za-z0-9_-]{22}$/);
    expect(transaction.account).toBe("freelancer");
    expect((await taskRow(setup.taskA.id)).payment).toBe("pending");
    expect((await taskRow(setup.taskB.id)).payment).toBe("pending");
    const bill = await billRow(billId);
    expect(bill.status).toBe("awaiting_payment");
    expect(bill.paymentClaimId).toBeNull();
    expect(await projectActions(setup.project.id)).toContain("bill.payment_started");

    // Tpay got the server's total, our reference and the client as the payer.
    const stored = await sandboxTransaction(setup.user.id, transaction.transactionId);
    expect(stored.amount).toBe(66.67);
    expect(stored.hiddenDescription).toBe(transaction.crc);
    expect(stored.description).toBe("Rachunek nr 1 – Sklep internetowy");
    expect((stored.payer as { email: string }).email).toBe(setup.clientEmail);

    // The payer's way back names our transaction row, never the client link's token.
    const back = await SELF.fetch(location, { method: "POST", body: new URLSearchParams({ action: "cancel" }), redirect: "manual" });
    expect(back.headers.get("Location")).toBe(`${ORIGIN}/pay/return/${transaction.id}?error=1`);

    // The client's task list shows the payment as started.
    expect(await pageText(setup.client, setup.clientPath)).toContain(clientBillsText.returnPending);
  });

  it("reuses a fresh pending transaction", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const first = await payNow(setup.client, setup.clientPath, billId);
    const second = await payNow(setup.client, setup.clientPath, billId);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await transactionRows(billId)).toHaveLength(1);
  });

  it("replaces a pending transaction older than 30 minutes", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const first = await payNow(setup.client, setup.clientPath, billId);
    const old = new Date(Date.now() - 31 * 60_000).toISOString();
    await db.update(tpayTransactions).set({ createdAt: old }).where(eq(tpayTransactions.billId, billId));

    const second = await payNow(setup.client, setup.clientPath, billId);

    expect(second.status).toBe(303);
    expect(second.headers.get("Location")).not.toBe(first.headers.get("Location"));
    const rows = await transactionRows(billId);
    expect(rows.map((row) => row.status)).toEqual(["cancelled", "pending"]);
  });

  it("makes one transaction for two tabs", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id]));

    const [first, second] = await Promise.all([payNow(setup.client, setup.clientPath, billId), payNow(new Browser(), setup.clientPath, billId)]);

    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await transactionRows(billId)).toHaveLength(1);
    expect((await projectActions(setup.project.id)).filter((action) => action === "bill.payment_started")).toHaveLength(1);
  });

  it("refuses a task of another project", async () => {
    const setup = await billSetup();
    const otherProject = await makeProject(setup.user.id, { name: "Inny projekt" });
    const foreign = await makeTask(setup.user.id, otherProject.id, { name: "Obce zadanie", amount: 5000 });

    const response = await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, foreign.id]);

    expect(response.status).toBe(404);
    expect(await billCount(setup.project.id)).toBe(0);
    expect(await billCount(otherProject.id)).toBe(0);
  });

  it("refuses a task on another live bill", async () => {
    const setup = await billSetup();
    billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));

    const response = await createClientBill(setup.client, setup.clientPath, [setup.taskB.id, setup.taskA.id]);

    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(clientBillsText.taskOnBill("Projekt logo", 1));
    expect(await billCount(setup.project.id)).toBe(1);
    expect(await activeBillsOfTask(setup.taskB.id)).toHaveLength(0);
  });

  it("refuses a paid task", async () => {
    const setup = await billSetup();
    const paid = await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "task-paid", taskId: setup.taskA.id, method: "cash" });
    expect(paid.status).toBe(302);

    const response = await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]);

    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(clientBillsText.taskPaid("Projekt logo"));
  });

  it("keeps the refused selection on the bills page", async () => {
    const setup = await billSetup();
    billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const response = await createClientBill(setup.client, setup.clientPath, [setup.taskB.id, setup.taskA.id]);
    const html = await response.text();
    // Task B is still payable and comes back selected.
    expect(checkedTaskIds(html)).toEqual([setup.taskB.id]);
  });

  it("refuses an empty or oversized selection", async () => {
    const setup = await billSetup();
    const empty = await createClientBill(setup.client, setup.clientPath, []);
    expect(empty.status).toBe(400);
    expect(visibleText(await empty.text())).toContain(clientBillsText.selectionEmpty);

    const ids = Array.from({ length: 101 }, () => crypto.randomUUID());
    const tooMany = await createClientBill(setup.client, setup.clientPath, ids);
    expect(tooMany.status).toBe(409);
    expect(visibleText(await tooMany.text())).toContain(clientBillsText.tooMany(100));
    expect(await billCount(setup.project.id)).toBe(0);
  });

  it("bills 100 tasks at once", async () => {
    const setup = await billSetup();
    const ids = [setup.taskA.id, setup.taskB.id];
    for (let index = 0; index < 98; index++) ids.push((await makeTask(setup.user.id, setup.project.id, { name: `Zadanie ${index}`, amount: 100 })).id);

    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, ids));

    expect((await billItemRows(billId)).length).toBe(100);
    expect((await billRow(billId)).total).toBe(6667 + 98 * 100);
  });

  it("creates one bill of two concurrent ones", async () => {
    const setup = await billSetup();
    const other = new Browser();

    const responses = await Promise.all([
      createClientBill(setup.client, setup.clientPath, [setup.taskA.id]),
      createClientBill(other, setup.clientPath, [setup.taskA.id, setup.taskB.id]),
    ]);

    expect(responses.map((response) => response.status).sort()).toEqual([302, 409]);
    expect(await activeBillsOfTask(setup.taskA.id)).toHaveLength(1);
    expect(await billCount(setup.project.id)).toBe(1);
  });

  it("numbers concurrent bills of a project apart", async () => {
    const setup = await billSetup();
    const responses = await Promise.all([
      createClientBill(setup.client, setup.clientPath, [setup.taskA.id]),
      createClientBill(new Browser(), setup.clientPath, [setup.taskB.id]),
    ]);
    const numbers = await Promise.all(responses.map(async (response) => (await billRow(billIdFrom(response))).number));
    expect(numbers.sort()).toEqual([1, 2]);
  });

  it("rejects a racing bill at the unique index", async () => {
    const setup = await billSetup();
    const owner = { userId: setup.user.id, projectId: setup.project.id };
    // Both start from the same read; D1 runs the batches one after the other.
    const results = await Promise.all([
      createBill(db, { owner, createdBy: "client", taskIds: [setup.taskA.id] }),
      createBill(db, { owner, createdBy: "client", taskIds: [setup.taskA.id] }),
      createBill(db, { owner, createdBy: "client", taskIds: [setup.taskA.id] }),
    ]);
    expect(results.filter((result) => result.status === "created")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "refused") expect(result.refusal).toEqual({ code: "on_bill", taskName: "Projekt logo", number: 1 });
    }
  });

  it("keeps the bill payable when Tpay is down", async () => {
    allowConsoleErrors();
    const setup = await billSetup();
    await db.update(tpayConnections).set({ environment: "production" }).where(eq(tpayConnections.userId, setup.user.id));
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id]));
    // Tpay's production API is never reached from tests: every outgoing request fails here.
    const outgoing: string[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = new Request(input, init).url;
      if (url.startsWith(ORIGIN)) return realFetch(input, init);
      outgoing.push(url);
      throw new TypeError("Network connection lost.");
    });
    let response: Response;
    try {
      response = await payNow(setup.client, setup.clientPath, billId);
    } finally {
      spy.mockRestore();
    }

    expect(outgoing.length).toBeGreaterThan(0);
    expect(outgoing.every((url) => url.startsWith("https://api.tpay.com/"))).toBe(true);
    expect(response.status).toBe(503);
    expect(visibleText(await response.text())).toContain(clientBillsText.tpayUnreachable);
    const bill = await billRow(billId);
    expect(bill.status).toBe("open");
    expect(bill.paymentClaimId).toBeNull();
    expect(await transactionRows(billId)).toHaveLength(0);
    expect((await taskRow(setup.taskA.id)).payment).toBe("unpaid");
    expect(await projectActions(setup.project.id)).not.toContain("bill.payment_started");

    // Still payable once Tpay works again.
    await db.update(tpayConnections).set({ environment: "sandbox" }).where(eq(tpayConnections.userId, setup.user.id));
    const retry = await payNow(setup.client, setup.clientPath, billId);
    expect(retry.status).toBe(303);
    expect(retry.headers.get("Location")).toMatch(SANDBOX_PAY_URL);
  });

  it("makes tasks payable again on cancel", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id]));
    expect((await payNow(setup.client, setup.clientPath, billId)).status).toBe(303);

    const response = await setup.client.post(`${setup.clientPath}/bills/${billId}`, { intent: "cancel" });

    expect(response.status).toBe(302);
    const bill = await billRow(billId);
    expect(bill.status).toBe("cancelled");
    expect(bill.cancelledBy).toBe("client");
    expect((await billItemRows(billId)).every((item) => !item.active)).toBe(true);
    expect((await taskRow(setup.taskA.id)).payment).toBe("unpaid");
    expect((await transactionRows(billId)).map((row) => row.status)).toEqual(["cancelled"]);
    expect(await projectActions(setup.project.id)).toContain("bill.cancelled");
    const html = await (await setup.client.get(setup.clientPath)).text();
    expect(html.match(/data-testid="bill-toggle"/g)).toHaveLength(2);
    // A new bill for the same tasks gets the next number.
    const again = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect((await billRow(again)).number).toBe(2);
    // A cancelled bill cannot be paid.
    const pay = await payNow(setup.client, setup.clientPath, billId);
    expect(pay.status).toBe(409);
  });

  it("lets the client cancel only their own bills", async () => {
    const setup = await billSetup();
    const send = await setup.browser.post(`/projects/${setup.project.id}/bills`, {
      intent: "send",
      email: setup.clientEmail,
      taskId: [setup.taskA.id],
    });
    expect(send.status).toBe(302);
    const [sent] = await db.select().from(bills).where(eq(bills.projectId, setup.project.id));

    const response = await setup.client.post(`${setup.clientPath}/bills/${sent.id}`, { intent: "cancel" });

    expect(response.status).toBe(404);
    expect((await billRow(sent.id)).status).toBe("sent");
  });

  it("shows no Opłać without a connection", async () => {
    const setup = await billSetup({ connect: false });
    const html = await (await setup.client.get(setup.clientPath)).text();
    expect(html).not.toContain('data-testid="bill-toggle"');
    expect(visibleText(html)).not.toContain(clientBillsText.create);

    const response = await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]);
    expect(response.status).toBe(409);
    expect(await billCount(setup.project.id)).toBe(0);

    const project = await pageText(setup.browser, `/projects/${setup.project.id}`);
    expect(project).toContain(billsText.onlineDisabled);
    expect(await (await setup.browser.get(`/projects/${setup.project.id}`)).text()).toContain('href="/settings/payments"');
  });

  it("shows no Opłać with a failed connection", async () => {
    const setup = await billSetup();
    await db.update(tpayConnections).set({ status: "failed" }).where(eq(tpayConnections.userId, setup.user.id));
    const html = await (await setup.client.get(setup.clientPath)).text();
    expect(html).not.toContain('data-testid="bill-toggle"');
  });

  it("refuses Zapłać teraz without a connection", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    await db.delete(tpayConnections).where(eq(tpayConnections.userId, setup.user.id));

    const page = await (await setup.client.get(`${setup.clientPath}/bills/${billId}`)).text();
    expect(page).not.toContain('data-testid="pay-now"');
    expect(visibleText(page)).toContain(clientBillsText.onlineDisabled);
    const response = await payNow(setup.client, setup.clientPath, billId);
    expect(response.status).toBe(409);
    expect(await transactionRows(billId)).toHaveLength(0);
  });

  it("shows bill ids of other projects as 404", async () => {
    const first = await billSetup();
    const second = await billSetup();
    const billId = billIdFrom(await createClientBill(first.client, first.clientPath, [first.taskA.id]));

    expect((await second.client.get(`${second.clientPath}/bills/${billId}`)).status).toBe(404);
    expect((await payNow(second.client, second.clientPath, billId)).status).toBe(404);
    expect((await second.client.post(`${second.clientPath}/bills/${billId}`, { intent: "cancel" })).status).toBe(404);
    expect((await second.client.get(`${second.clientPath}/bills/not-a-uuid`)).status).toBe(404);
    expect(await transactionRows(billId)).toHaveLength(0);
    expect((await billRow(billId)).status).toBe("open");
  });

  it("speaks the client's language", async () => {
    const setup = await billSetup({ locale: "en" });
    const html = await (await setup.client.get(setup.clientPath)).text();
    expect(visibleText(html)).toContain(en.clientBillsText.create);
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const page = await pageText(setup.client, `${setup.clientPath}/bills/${billId}`);
    expect(page).toContain("Bill no. 1");
    expect(page).toContain(en.clientBillsText.payNow);
  });
});

describe("freelancer bill", () => {
  it("e-mails the bill with a working link", async () => {
    const setup = await billSetup();
    const page = await (await setup.browser.get(`/projects/${setup.project.id}`)).text();
    expect(page.match(/data-testid="bill-toggle"/g)).toHaveLength(2);
    expect(page).toContain('form="bill-send"');
    expect(visibleText(page)).toContain(billsText.submit);

    const response = await setup.browser.post(`/projects/${setup.project.id}/bills`, {
      intent: "send",
      email: setup.clientEmail,
      taskId: [setup.taskA.id, setup.taskB.id],
      amount: "1",
    });

    expect(response.status).toBe(302);
    const [bill] = await db.select().from(bills).where(eq(bills.projectId, setup.project.id));
    expect(bill.status).toBe("sent");
    expect(bill.createdBy).toBe("freelancer");
    expect(bill.total).toBe(6667);
    expect(bill.recipientEmail).toBe(setup.clientEmail);
    expect(await projectActions(setup.project.id)).toContain("bill.sent");

    const mail = await waitForMail(setup.clientEmail);
    expect(mail.subject).toContain("Rachunek nr 1");
    expect(mail.text).toContain("Projekt logo");
    expect(mail.text).toContain("Zażółć gęślą jaźń");
    expect(mail.text).toContain("66,67\u00a0zł");
    const link = linkFrom(mail.text, "/p/");
    expect(link).toBe(`${setup.clientPath}/bills/${bill.id}`);

    const billPage = await pageText(new Browser(), link);
    expect(billPage).toContain("Rachunek nr 1");
    expect(billPage).toContain(clientBillsText.payNow);

    // The link is removed from the stored e-mail once it is sent.
    const outbox = await db.query.emailOutbox.findFirst({ where: eq(emailOutbox.id, bill.outboxId ?? "") });
    expect(outbox?.data).not.toContain(setup.clientPath);

    // The client pays it like their own bill.
    const pay = await payNow(new Browser(), setup.clientPath, bill.id);
    expect(pay.status).toBe(303);
    expect((await billRow(bill.id)).status).toBe("awaiting_payment");

    // The panel shows the bill's state and its e-mail's delivery.
    const panel = await pageText(setup.browser, `/projects/${setup.project.id}`);
    expect(panel).toContain(billsText.status.awaiting_payment);
    expect(panel).toContain("Rachunek nr 1");
  });

  it("refuses to send while sharing is off", async () => {
    const setup = await billSetup({ sharing: false });
    const response = await setup.browser.post(`/projects/${setup.project.id}/bills`, {
      intent: "send",
      email: setup.clientEmail,
      taskId: [setup.taskA.id],
    });
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(billsText.sharingOff);
    expect(await billCount(setup.project.id)).toBe(0);
  });

  it("refuses a bad address and keeps the selection", async () => {
    const setup = await billSetup();
    const response = await setup.browser.post(`/projects/${setup.project.id}/bills`, {
      intent: "send",
      email: "nie-adres",
      taskId: [setup.taskA.id],
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(checkedTaskIds(html)).toEqual([setup.taskA.id]);
    expect(await billCount(setup.project.id)).toBe(0);
  });

  it("cancels an unpaid bill", async () => {
    const setup = await billSetup();
    await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "send", email: setup.clientEmail, taskId: [setup.taskA.id] });
    const [bill] = await db.select().from(bills).where(eq(bills.projectId, setup.project.id));
    expect((await payNow(setup.client, setup.clientPath, bill.id)).status).toBe(303);

    const response = await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "cancel", billId: bill.id });

    expect(response.status).toBe(302);
    expect((await billRow(bill.id)).status).toBe("cancelled");
    expect((await taskRow(setup.taskA.id)).payment).toBe("unpaid");
    expect(await activeBillsOfTask(setup.taskA.id)).toHaveLength(0);
    const again = await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "cancel", billId: bill.id });
    expect(again.status).toBe(409);
    const panel = await pageText(setup.browser, `/projects/${setup.project.id}`);
    expect(panel).toContain(billsText.status.cancelled);
  });

  it("answers other freelancers' ids with 404", async () => {
    const owner = await billSetup();
    const billId = billIdFrom(await createClientBill(owner.client, owner.clientPath, [owner.taskA.id]));
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
    const path = `/projects/${project.id}/bills`;

    expect((await browser.post(path, { intent: "cancel", billId })).status).toBe(404);
    expect((await browser.post(path, { intent: "mark-paid", billId, method: "cash" })).status).toBe(404);
    expect((await browser.post(path, { intent: "task-paid", taskId: owner.taskB.id, method: "cash" })).status).toBe(404);
    expect((await browser.post(path, { intent: "send", email: "a@example.com", taskId: [owner.taskB.id] })).status).toBe(404);
    // The other freelancer's project itself is a 404 too.
    expect((await browser.post(`/projects/${owner.project.id}/bills`, { intent: "cancel", billId })).status).toBe(404);
    expect((await browser.get(`/projects/${owner.project.id}/bills`)).status).toBe(404);

    expect((await billRow(billId)).status).toBe("open");
    expect((await taskRow(owner.taskB.id)).payment).toBe("unpaid");
    expect(await activeBillsOfTask(owner.taskB.id)).toHaveLength(0);
  });

  it("lists bills a page at a time", async () => {
    const setup = await billSetup();
    const owner = { userId: setup.user.id, projectId: setup.project.id };
    for (let index = 0; index < 21; index++) {
      const task = await makeTask(setup.user.id, setup.project.id, { name: `Zadanie ${index}`, amount: 100 });
      const created = await createBill(db, { owner, createdBy: "client", taskIds: [task.id] });
      expect(created.status).toBe("created");
    }
    const first = await pageText(setup.browser, `/projects/${setup.project.id}/bills`);
    expect(first).toContain("Rachunek nr 21");
    expect(first).not.toContain("Rachunek nr 1:");
    const second = await pageText(setup.browser, `/projects/${setup.project.id}/bills?page=2`);
    expect(second).toContain("Rachunek nr 1:");
    // The project page shows the newest five and a link to all.
    const project = await pageText(setup.browser, `/projects/${setup.project.id}`);
    expect(project).toContain(billsText.showAll(21));
  });
});

describe("payment return page", () => {
  async function startedPayment() {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id]));
    expect((await payNow(setup.client, setup.clientPath, billId)).status).toBe(303);
    const [transaction] = await transactionRows(billId);
    return { ...setup, billId, transaction };
  }

  it("shows a pending payment", async () => {
    const { transaction, clientPath } = await startedPayment();
    const response = await new Browser().get(`/pay/return/${transaction.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Robots-Tag")).toBe("noindex");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain(clientBillsText.returnPending);
    expect(text).toContain("Rachunek nr 1");
    expect(text).toContain("66,67 zł");
    expect(text).toContain("Anna Nowak");
    expect(text).toContain(clientBillsText.returnNoLink);
    expect(html).toContain('name="robots" content="noindex"');
    expect(html).not.toContain(clientPath.split("/")[2]);
  });

  it("shows a failed payment", async () => {
    const { transaction } = await startedPayment();
    const text = await pageText(new Browser(), `/pay/return/${transaction.id}?error=1`);
    expect(text).toContain(clientBillsText.returnFailed);
  });

  it("shows a paid bill", async () => {
    const { transaction, billId } = await startedPayment();
    await db.update(tpayTransactions).set({ status: "paid" }).where(eq(tpayTransactions.id, transaction.id));
    await db.update(bills).set({ status: "paid" }).where(eq(bills.id, billId));
    const text = await pageText(new Browser(), `/pay/return/${transaction.id}`);
    expect(text).toContain(clientBillsText.returnPaid);
    expect(text).not.toContain(clientBillsText.returnPending);
  });

  it("shows a cancelled payment", async () => {
    const { transaction, billId, client, clientPath } = await startedPayment();
    expect((await client.post(`${clientPath}/bills/${billId}`, { intent: "cancel" })).status).toBe(302);
    const text = await pageText(new Browser(), `/pay/return/${transaction.id}`);
    expect(text).toContain(clientBillsText.returnCancelled);
  });

  it("turns paid after the sandbox payment", async () => {
    const { transaction, billId, taskA, taskB } = await startedPayment();
    const paid = await SELF.fetch(transaction.paymentUrl, { method: "POST", body: new URLSearchParams({ action: "exact" }), redirect: "manual" });
    expect(paid.headers.get("Location")).toBe(`${ORIGIN}/pay/return/${transaction.id}`);

    const started = Date.now();
    while ((await billRow(billId)).status !== "paid" && Date.now() - started < 8000) await new Promise((resolve) => setTimeout(resolve, 100));

    expect((await billRow(billId)).status).toBe("paid");
    expect((await taskRow(taskA.id)).payment).toBe("paid");
    expect((await taskRow(taskB.id)).payment).toBe("paid");
    const text = await pageText(new Browser(), `/pay/return/${transaction.id}`);
    expect(text).toContain(clientBillsText.returnPaid);
  });

  it("answers unknown ids with 404", async () => {
    expect((await new Browser().get(`/pay/return/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await new Browser().get("/pay/return/abc")).status).toBe(404);
  });

  it("changes nothing when read", async () => {
    const { transaction, billId } = await startedPayment();
    const before = await billRow(billId);
    await new Browser().get(`/pay/return/${transaction.id}?error=1`);
    expect(await billRow(billId)).toEqual(before);
    expect((await transactionRows(billId))[0].status).toBe("pending");
  });
});
