import { env, SELF } from "cloudflare:test";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { activity, bills, clients, emailOutbox, notifications, payments, projects, rateLimits, tpayConnections, tpayTransactions } from "~/db/schema";
import * as en from "~/i18n/en";
import { clientShellText } from "~/i18n/client-shell";
import { billsText, clientBillsText, common } from "~/i18n/pl";
import { paymentReturnState } from "~/models/bill-payment.server";
import { createBill } from "~/models/bills.server";
import { loadTpayConnection, sealTpayCredentials } from "~/models/tpay-connections.server";
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

/** Reads a transaction from the sandbox's API with the freelancer's current credentials, or the given ones. */
async function sandboxTransaction(
  userId: string,
  transactionId: string,
  credentials?: { clientId: string; clientSecret: string },
): Promise<Record<string, unknown>> {
  const loaded = await loadTpayConnection(db, env, userId);
  const account = credentials ?? loaded?.account.credentials;
  if (!account) throw new Error("no connection");
  const auth = await SELF.fetch(`${ORIGIN}/tpay-sandbox/oauth/auth`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ client_id: account.clientId, client_secret: account.clientSecret }),
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

/** Pays a transaction through the sandbox's control API, as the payer would on Tpay's page. */
async function payInSandbox(transactionId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await SELF.fetch(`${ORIGIN}/tpay-sandbox/__sim/transactions/${encodeURIComponent(transactionId)}/pay`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

/**
 * Points the freelancer's current connection at a new notification address, so that Tpay's
 * notifications for transactions already started are rejected and only a status check finds
 * their payment.
 */
async function loseNotifications(userId: string): Promise<void> {
  await db
    .update(tpayConnections)
    .set({ notifyKey: crypto.randomUUID().replaceAll("-", "") })
    .where(and(eq(tpayConnections.userId, userId), isNull(tpayConnections.disconnectedAt)));
}

async function currentConnection(userId: string) {
  const [row] = await db
    .select()
    .from(tpayConnections)
    .where(and(eq(tpayConnections.userId, userId), isNull(tpayConnections.disconnectedAt)));
  return row;
}

/** Moves a bill's transactions back past the 30 minutes in which a pending one is reused. */
async function ageTransactions(billId: string): Promise<void> {
  const old = new Date(Date.now() - 31 * 60_000).toISOString();
  await db.update(tpayTransactions).set({ createdAt: old }).where(eq(tpayTransactions.billId, billId));
}

async function setUnderpayThreshold(merchantId: string, threshold: string): Promise<void> {
  const response = await SELF.fetch(`${ORIGIN}/tpay-sandbox/__sim/merchants/${merchantId}/options`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ underpayThreshold: threshold }),
  });
  expect(response.status).toBe(200);
}

async function rateLimitCount(key: string): Promise<number> {
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, key));
  return row?.count ?? 0;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
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
    expect(transaction.connectionId).toBe((await currentConnection(setup.user.id)).id);
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
    await ageTransactions(billId);

    const second = await payNow(setup.client, setup.clientPath, billId);

    expect(second.status).toBe(303);
    expect(second.headers.get("Location")).not.toBe(first.headers.get("Location"));
    const rows = await transactionRows(billId);
    expect(rows.map((row) => row.status)).toEqual(["cancelled", "pending"]);
    // Marked cancelled because Tpay confirmed the cancel.
    expect((await sandboxTransaction(setup.user.id, rows[0].transactionId)).status).toBe("canceled");
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
    expect(visibleText(await tooMany.text())).toContain(clientBillsText.tooMany(100, "zadań"));
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

  it("keeps the bill payable when creating the transaction fails", async () => {
    allowConsoleErrors();
    const setup = await billSetup();
    await db.update(tpayConnections).set({ environment: "production" }).where(eq(tpayConnections.userId, setup.user.id));
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id]));
    // Tpay's production API is never reached: the token request succeeds here and POST
    // /transactions returns 500. Any other outgoing request fails.
    const outgoing: string[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      if (request.url.startsWith(ORIGIN)) return realFetch(input, init);
      outgoing.push(`${request.method} ${request.url}`);
      if (request.method === "POST" && request.url === "https://api.tpay.com/oauth/auth") {
        return Response.json({ access_token: "test-token-not-real", token_type: "Bearer", expires_in: 7200, scope: "read" });
      }
      if (request.method === "POST" && request.url === "https://api.tpay.com/transactions") {
        return Response.json({ result: "failed", errors: [{ errorCode: "internal_error" }] }, { status: 500 });
      }
      throw new TypeError("Network connection lost.");
    });
    let response: Response;
    try {
      response = await payNow(setup.client, setup.clientPath, billId);
    } finally {
      spy.mockRestore();
    }

    expect(outgoing).toContain("POST https://api.tpay.com/oauth/auth");
    expect(outgoing).toContain("POST https://api.tpay.com/transactions");
    expect(outgoing.every((line) => line.includes(" https://api.tpay.com/"))).toBe(true);
    expect(response.status).toBe(503);
    expect(visibleText(await response.text())).toContain(clientBillsText.tpayUnreachable);
    const bill = await billRow(billId);
    expect(bill.status).toBe("open");
    expect(bill.paymentClaimId).toBeNull();
    expect(await transactionRows(billId)).toHaveLength(0);
    expect((await taskRow(setup.taskA.id)).payment).toBe("unpaid");
    expect((await taskRow(setup.taskB.id)).payment).toBe("unpaid");
    expect(await projectActions(setup.project.id)).not.toContain("bill.payment_started");

    // Still payable once Tpay works again.
    await db.update(tpayConnections).set({ environment: "sandbox" }).where(eq(tpayConnections.userId, setup.user.id));
    const retry = await payNow(setup.client, setup.clientPath, billId);
    expect(retry.status).toBe(303);
    expect(retry.headers.get("Location")).toMatch(SANDBOX_PAY_URL);
    expect((await transactionRows(billId)).map((row) => row.status)).toEqual(["pending"]);
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

  it("needs the applied payment for Opłacone", async () => {
    const { transaction, billId } = await startedPayment();
    // A paid bill and transaction without this transaction's payment are not "Opłacone".
    await db.update(tpayTransactions).set({ status: "paid" }).where(eq(tpayTransactions.id, transaction.id));
    await db.update(bills).set({ status: "paid" }).where(eq(bills.id, billId));
    const text = await pageText(new Browser(), `/pay/return/${transaction.id}`);
    expect(text).not.toContain(clientBillsText.returnPaid);
    expect(text).toContain(clientBillsText.returnCancelled);
  });

  it("is not paid when the bill was paid by hand", async () => {
    const { transaction, billId, browser, project } = await startedPayment();
    const marked = await browser.post(`/projects/${project.id}/bills`, { intent: "mark-paid", billId, method: "cash" });
    expect(marked.status).toBe(302);
    const text = await pageText(new Browser(), `/pay/return/${transaction.id}`);
    expect(text).not.toContain(clientBillsText.returnPaid);
    expect(text).toContain(clientBillsText.returnCancelled);
  });

  it("writes one sentence about refreshing", async () => {
    const { transaction } = await startedPayment();
    const text = await pageText(new Browser(), `/pay/return/${transaction.id}`);
    // The server renders the page as it is without JavaScript.
    expect(text).toContain(clientBillsText.returnPendingNoScript);
    expect(text).not.toContain(clientBillsText.returnPendingAuto);
  });

  it("tells a payment for a cancelled bill", async () => {
    const { transaction, billId, browser, project } = await startedPayment();
    // The bill is cancelled while the payer is on Tpay's page, and Tpay could not cancel the
    // transaction in time: the payment still arrives.
    await db.update(bills).set({ status: "cancelled" }).where(eq(bills.id, billId));
    await payInSandbox(transaction.transactionId, { scenario: "exact", deliver: "now" });

    const text = await pageText(new Browser(), `/pay/return/${transaction.id}`);
    expect(text).toContain(clientBillsText.returnRefundDueCancelled);
    expect(text).not.toContain(clientBillsText.returnPaid);
    // The freelancer sees the money to return on the bill.
    const panel = await pageText(browser, `/projects/${project.id}`);
    expect(panel).toContain(billsText.flaggedRefundDue("66,67 zł", transaction.title));
  });

  it("tells an underpaid payment", async () => {
    const { transaction, billId, browser, project, user } = await startedPayment();
    // Within the merchant's threshold Tpay accepts the smaller amount and notifies TRUE.
    await setUnderpayThreshold((await currentConnection(user.id)).merchantId, "10.00");
    await payInSandbox(transaction.transactionId, { scenario: "underpay", paid: "60.00", deliver: "now" });

    expect((await billRow(billId)).status).toBe("awaiting_payment");
    const text = await pageText(new Browser(), `/pay/return/${transaction.id}`);
    expect(text).toContain(clientBillsText.returnUnderpaid);
    expect(text).not.toContain(clientBillsText.returnPaid);
    const panel = await pageText(browser, `/projects/${project.id}`);
    expect(panel).toContain(billsText.flaggedUnderpaid("60,00 zł", "66,67 zł", transaction.title));
  });

  it("tells a refunded payment", async () => {
    const { transaction, billId } = await startedPayment();
    await payInSandbox(transaction.transactionId, { scenario: "exact", deliver: "now" });
    expect((await pageText(new Browser(), `/pay/return/${transaction.id}`))).toContain(clientBillsText.returnPaid);

    await db.update(payments).set({ status: "refunded", refundedAmount: 6667 }).where(eq(payments.tpayTransactionId, transaction.id));
    await db.update(bills).set({ status: "refunded" }).where(eq(bills.id, billId));
    const text = await pageText(new Browser(), `/pay/return/${transaction.id}`);
    expect(text).toContain(clientBillsText.returnRefunded);
    expect(text).not.toContain(clientBillsText.returnPaid);
  });

  it("decides every state from the rows", () => {
    const paid = { id: "p1", status: "applied" as const, flag: null };
    const cases: [Parameters<typeof paymentReturnState>[0], boolean, string][] = [
      [{ transactionStatus: "pending", billStatus: "awaiting_payment", paidPaymentId: null, payments: [] }, false, "pending"],
      [{ transactionStatus: "pending", billStatus: "awaiting_payment", paidPaymentId: null, payments: [] }, true, "failed"],
      [{ transactionStatus: "paid", billStatus: "paid", paidPaymentId: "p1", payments: [paid] }, true, "paid"],
      [{ transactionStatus: "paid", billStatus: "paid", paidPaymentId: null, payments: [] }, false, "cancelled"],
      [{ transactionStatus: "cancelled", billStatus: "paid", paidPaymentId: "manual", payments: [] }, false, "cancelled"],
      [{ transactionStatus: "paid", billStatus: "awaiting_payment", paidPaymentId: null, payments: [{ id: "p2", status: "flagged", flag: "underpaid" }] }, false, "underpaid"],
      [{ transactionStatus: "paid", billStatus: "cancelled", paidPaymentId: null, payments: [{ id: "p2", status: "flagged", flag: "underpaid" }] }, false, "refund_due_cancelled"],
      [{ transactionStatus: "paid", billStatus: "cancelled", paidPaymentId: null, payments: [{ id: "p2", status: "flagged", flag: "not_payable" }] }, false, "refund_due_cancelled"],
      [{ transactionStatus: "paid", billStatus: "paid", paidPaymentId: "p3", payments: [{ id: "p2", status: "flagged", flag: "not_payable" }] }, false, "refund_due_paid"],
      [{ transactionStatus: "refunded", billStatus: "refunded", paidPaymentId: "p1", payments: [{ ...paid, status: "refunded" }] }, false, "refunded"],
    ];
    for (const [facts, error, expected] of cases) expect(paymentReturnState(facts, error), JSON.stringify(facts)).toBe(expected);
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

describe("existing transaction", () => {
  it("applies a fresh one Tpay reports paid", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id]));
    expect((await payNow(setup.client, setup.clientPath, billId)).status).toBe(303);
    const [transaction] = await transactionRows(billId);
    await loseNotifications(setup.user.id);
    await payInSandbox(transaction.transactionId, { scenario: "exact", deliver: "queue" });

    const again = await payNow(setup.client, setup.clientPath, billId);

    expect(again.status).toBe(303);
    expect(again.headers.get("Location")).toBe(`/pay/return/${transaction.id}`);
    expect(await transactionRows(billId)).toHaveLength(1);
    const bill = await billRow(billId);
    expect(bill.status).toBe("paid");
    const [payment] = await db.select().from(payments).where(eq(payments.billId, billId));
    expect(bill.paidPaymentId).toBe(payment.id);
    expect(JSON.parse((await db.select().from(activity).where(eq(activity.subjectId, payment.id)))[0].data).source).toBe("reconciliation");
    expect(await pageText(new Browser(), `/pay/return/${transaction.id}`)).toContain(clientBillsText.returnPaid);
  });

  it("applies an old one Tpay reports paid", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect((await payNow(setup.client, setup.clientPath, billId)).status).toBe(303);
    const [transaction] = await transactionRows(billId);
    await loseNotifications(setup.user.id);
    await payInSandbox(transaction.transactionId, { scenario: "exact", deliver: "queue" });
    await ageTransactions(billId);

    const again = await payNow(setup.client, setup.clientPath, billId);

    expect(again.status).toBe(303);
    expect(again.headers.get("Location")).toBe(`/pay/return/${transaction.id}`);
    expect((await transactionRows(billId)).map((row) => row.status)).toEqual(["paid"]);
    expect((await billRow(billId)).status).toBe("paid");
    expect((await taskRow(setup.taskA.id)).payment).toBe("paid");
  });

  it("keeps an old one Tpay cannot cancel", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect((await payNow(setup.client, setup.clientPath, billId)).status).toBe(303);
    const [transaction] = await transactionRows(billId);
    // Paid short beyond the merchant's threshold: Tpay reports "error" and refuses to cancel it.
    await payInSandbox(transaction.transactionId, { scenario: "underpay", deliver: "now" });
    await ageTransactions(billId);

    const again = await payNow(setup.client, setup.clientPath, billId);

    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain(clientBillsText.previousInProgress);
    expect((await transactionRows(billId)).map((row) => row.status)).toEqual(["pending"]);
    expect((await billRow(billId)).paymentClaimId).toBeNull();
    // Refused attempts do not fill the rate limit.
    expect(await rateLimitCount(`bill_pay:bill:${billId}`)).toBe(1);
  });

  it("does not reuse a fresh one Tpay no longer reports pending", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const first = await payNow(setup.client, setup.clientPath, billId);
    const [transaction] = await transactionRows(billId);
    await payInSandbox(transaction.transactionId, { scenario: "underpay", deliver: "now" });

    const again = await payNow(setup.client, setup.clientPath, billId);

    expect(again.status).toBe(409);
    expect(again.headers.get("Location")).not.toBe(first.headers.get("Location"));
    expect(await transactionRows(billId)).toHaveLength(1);
  });

  it("does not reuse one of a replaced connection", async () => {
    const setup = await billSetup();
    const oldMerchant = await currentConnection(setup.user.id);
    const oldCredentials = (await loadTpayConnection(db, env, setup.user.id))?.account.credentials;
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const first = await payNow(setup.client, setup.clientPath, billId);
    const replaced = await connectTpay(setup.user.id);

    const second = await payNow(setup.client, setup.clientPath, billId);

    expect(second.status).toBe(303);
    expect(second.headers.get("Location")).not.toBe(first.headers.get("Location"));
    const rows = await transactionRows(billId);
    expect(rows.map((row) => row.status)).toEqual(["cancelled", "pending"]);
    expect(rows[0].connectionId).toBe(oldMerchant.id);
    expect(rows[1].connectionId).toBe(replaced.connectionId);
    expect(rows[1].merchantId).toBe(replaced.merchantId);
    // The old transaction was cancelled through the old connection's credentials.
    expect((await sandboxTransaction(setup.user.id, rows[0].transactionId, oldCredentials)).status).toBe("canceled");
  });

  it("keeps one of a replaced connection it cannot check", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect((await payNow(setup.client, setup.clientPath, billId)).status).toBe(303);
    const old = await currentConnection(setup.user.id);
    await connectTpay(setup.user.id);
    // The old account's API key was revoked: Tpay rejects it.
    const revoked = await sealTpayCredentials(env, setup.user.id, { clientId: `${old.merchantId}-revoked0000`, clientSecret: "revoked", securityCode: "x" });
    await db.update(tpayConnections).set({ credentials: revoked }).where(eq(tpayConnections.id, old.id));

    const again = await payNow(setup.client, setup.clientPath, billId);

    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain(clientBillsText.previousInProgress);
    expect((await transactionRows(billId)).map((row) => row.status)).toEqual(["pending"]);
    // The old account's rejection does not switch the new connection off.
    expect((await currentConnection(setup.user.id)).status).toBe("verified");
  });
});

describe("rejected credentials", () => {
  it("switches online payments off", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const connection = await currentConnection(setup.user.id);
    const wrong = await sealTpayCredentials(env, setup.user.id, { clientId: `${connection.merchantId}-wrongkey0000`, clientSecret: "wrong", securityCode: "x" });
    await db.update(tpayConnections).set({ credentials: wrong }).where(eq(tpayConnections.id, connection.id));

    const response = await payNow(setup.client, setup.clientPath, billId);

    expect(response.status).toBe(502);
    const html = await response.text();
    expect(visibleText(html)).toContain(clientBillsText.tpayRefused);
    expect(html).not.toContain('data-testid="pay-now"');
    const failed = await currentConnection(setup.user.id);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toBe("invalid_credentials");
    expect(failed.checkedAt > connection.checkedAt).toBe(true);
    const problems = await db.select().from(notifications).where(and(eq(notifications.userId, setup.user.id), eq(notifications.type, "payment_problem")));
    expect(problems).toHaveLength(1);
    expect(JSON.parse(problems[0].data)).toMatchObject({ number: 1, reason: billsText.credentialsRejectedReason(1) });
    const checked = await db.select().from(activity).where(and(eq(activity.userId, setup.user.id), eq(activity.action, "tpay.checked")));
    expect(checked).toHaveLength(1);
    expect(JSON.parse(checked[0].data)).toMatchObject({ result: "invalid_credentials", status: "failed" });
    expect(await transactionRows(billId)).toHaveLength(0);
    expect((await billRow(billId)).status).toBe("open");

    // "Opłać" and "Zapłać teraz" are gone, and another attempt notifies nobody again.
    const clientPage = await (await setup.client.get(setup.clientPath)).text();
    expect(clientPage).not.toContain('data-testid="bill-toggle"');
    const again = await payNow(setup.client, setup.clientPath, billId);
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain(clientBillsText.onlineDisabled);
    expect(await db.select().from(notifications).where(and(eq(notifications.userId, setup.user.id), eq(notifications.type, "payment_problem")))).toHaveLength(1);
  });
});

describe("bill rules", () => {
  /** Adds three tasks that need acceptance: one left pending, one rejected, one accepted by the client. */
  async function tasksAwaitingDecisions(setup: Awaited<ReturnType<typeof billSetup>>) {
    const pending = await makeTask(setup.user.id, setup.project.id, { name: "Wycena hostingu", amount: 12_000, requiresAcceptance: true });
    const rejected = await makeTask(setup.user.id, setup.project.id, { name: "Sesja zdjęciowa", amount: 45_000, requiresAcceptance: true });
    const accepted = await makeTask(setup.user.id, setup.project.id, { name: "Banery reklamowe", amount: 8_000, requiresAcceptance: true });
    for (const [task, decision] of [
      [rejected, "rejected"],
      [accepted, "accepted"],
    ] as const) {
      const decided = await setup.client.post(setup.clientPath, { taskId: task.id, version: "1", decision, comment: "" });
      expect(decided.status).toBe(302);
      expect((await taskRow(task.id)).acceptance).toBe(decision);
    }
    expect((await taskRow(pending.id)).acceptance).toBe("pending");
    return { pending, rejected, accepted };
  }

  /** Ids of the tasks that have an "Opłać" toggle. */
  function toggledTaskIds(html: string): string[] {
    // The decision forms of tasks awaiting acceptance have their own taskId inputs: read only the toggles.
    return [...html.matchAll(/data-testid="bill-toggle"[^>]*>\s*<input[^>]*\bvalue="([^"]+)"/g)].map((match) => match[1]);
  }

  it("hides Opłać for tasks not agreed", async () => {
    const setup = await billSetup();
    const { pending, rejected, accepted } = await tasksAwaitingDecisions(setup);

    const html = await (await setup.client.get(setup.clientPath)).text();

    const toggled = toggledTaskIds(html);
    expect(toggled).toHaveLength(3);
    expect(toggled).toEqual(expect.arrayContaining([setup.taskA.id, setup.taskB.id, accepted.id]));
    expect(toggled).not.toContain(pending.id);
    expect(toggled).not.toContain(rejected.id);
    expect(html.match(/data-testid="bill-toggle"/g)).toHaveLength(3);
  });

  it("refuses a task awaiting acceptance", async () => {
    const setup = await billSetup();
    const { pending, rejected, accepted } = await tasksAwaitingDecisions(setup);

    const waiting = await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, pending.id]);
    expect(waiting.status).toBe(409);
    expect(visibleText(await waiting.text())).toContain(clientBillsText.taskNotAgreed("Wycena hostingu"));

    const refused = await createClientBill(setup.client, setup.clientPath, [rejected.id, accepted.id]);
    expect(refused.status).toBe(409);
    expect(visibleText(await refused.text())).toContain(clientBillsText.taskNotAgreed("Sesja zdjęciowa"));

    expect(await billCount(setup.project.id)).toBe(0);
    for (const task of [setup.taskA, pending, rejected, accepted]) expect(await activeBillsOfTask(task.id)).toHaveLength(0);

    // The accepted task alone is billed.
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [accepted.id]));
    expect((await billRow(billId)).total).toBe(8_000);
  });

  it("refuses a task of 0 zł", async () => {
    const setup = await billSetup();
    const free = await makeTask(setup.user.id, setup.project.id, { name: "Konsultacja", amount: 0 });
    const html = await (await setup.client.get(setup.clientPath)).text();
    expect(html.match(/data-testid="bill-toggle"/g)).toHaveLength(2);

    const response = await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, free.id]);

    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(clientBillsText.taskZeroAmount("Konsultacja"));
    expect(await billCount(setup.project.id)).toBe(0);
    const sent = await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "send", email: setup.clientEmail, taskId: [free.id] });
    expect(sent.status).toBe(409);
    expect(visibleText(await sent.text())).toContain(billsText.taskZeroAmount("Konsultacja"));
    expect(await billCount(setup.project.id)).toBe(0);
  });

  it("counts only created bills in the limit", async () => {
    const setup = await billSetup();
    const key = `client_bill:project:${setup.project.id}`;
    billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect(await rateLimitCount(key)).toBe(1);

    // Refused: task A is already on bill 1.
    expect((await createClientBill(setup.client, setup.clientPath, [setup.taskA.id])).status).toBe(409);
    expect(await rateLimitCount(key)).toBe(1);

    await db.update(rateLimits).set({ count: 30 }).where(eq(rateLimits.key, key));
    const limited = await createClientBill(setup.client, setup.clientPath, [setup.taskB.id]);
    expect(limited.status).toBe(429);
    expect(visibleText(await limited.text())).toMatch(/Spróbuj ponownie za (godzinę|\d+ (minutę|minuty|minut))\./);
    expect(await rateLimitCount(key)).toBe(30);
  });

  it("counts only created transactions in the limit", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const key = `bill_pay:bill:${billId}`;
    expect((await payNow(setup.client, setup.clientPath, billId)).status).toBe(303);
    // Reused, then deduplicated by two tabs: nothing new was created.
    expect((await payNow(setup.client, setup.clientPath, billId)).status).toBe(303);
    await Promise.all([payNow(setup.client, setup.clientPath, billId), payNow(new Browser(), setup.clientPath, billId)]);
    expect(await rateLimitCount(key)).toBe(1);

    await ageTransactions(billId);
    await db.update(rateLimits).set({ count: 30 }).where(eq(rateLimits.key, key));
    const limited = await payNow(setup.client, setup.clientPath, billId);
    expect(limited.status).toBe(429);
    expect(visibleText(await limited.text())).toMatch(/Spróbuj ponownie za (godzinę|\d+ (minutę|minuty|minut))\./);
    expect(await rateLimitCount(key)).toBe(30);
    // The old transaction was cancelled at Tpay before the limit refused a new one.
    expect((await transactionRows(billId)).map((row) => row.status)).toEqual(["cancelled"]);
  });

  it("names the window of the freelancer's limit", async () => {
    const setup = await billSetup();
    const key = `bill_email:account:${setup.user.id}`;
    // A send the bill rules refuse does not count.
    const free = await makeTask(setup.user.id, setup.project.id, { name: "Konsultacja", amount: 0 });
    const refused = await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "send", email: setup.clientEmail, taskId: [free.id] });
    expect(refused.status).toBe(409);
    expect(await rateLimitCount(key)).toBe(0);

    await db.update(rateLimits).set({ count: 30 }).where(eq(rateLimits.key, key));
    const limited = await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "send", email: setup.clientEmail, taskId: [setup.taskA.id] });
    expect(limited.status).toBe(429);
    expect(visibleText(await limited.text())).toMatch(/Spróbuj ponownie za (godzinę|\d+ (minutę|minuty|minut))\./);
  });

  it("shows the English 404 of an unknown bill", async () => {
    const setup = await billSetup({ locale: "en" });
    const response = await setup.client.get(`${setup.clientPath}/bills/${crypto.randomUUID()}`);

    expect(response.status).toBe(404);
    const text = visibleText(await response.text());
    expect(text).toContain(en.clientBillsText.billNotFoundTitle);
    expect(text).not.toContain(clientShellText.pl.notFoundTitle);
    // A link that opens no project keeps the client link's one 404.
    const dead = await setup.client.get(`/p/${"A".repeat(43)}/bills/${crypto.randomUUID()}`);
    expect(dead.status).toBe(404);
    expect(visibleText(await dead.text())).toContain(clientShellText.pl.notFoundTitle);
  });

  it("warns about a started payment in the panel", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect(await pageText(setup.browser, `/projects/${setup.project.id}`)).not.toContain(billsText.paymentStartedWarning);
    expect((await payNow(setup.client, setup.clientPath, billId)).status).toBe(303);
    expect(await pageText(setup.browser, `/projects/${setup.project.id}`)).toContain(billsText.paymentStartedWarning);
  });
});

describe("payer e-mail", () => {
  async function setupWithoutClientEmail() {
    const setup = await billSetup();
    const [project] = await db.select().from(projects).where(eq(projects.id, setup.project.id));
    await db.update(clients).set({ email: null }).where(eq(clients.id, project.clientId));
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    return { ...setup, billId };
  }

  it("asks the client when none is known", async () => {
    const setup = await setupWithoutClientEmail();
    const page = await (await setup.client.get(`${setup.clientPath}/bills/${setup.billId}`)).text();
    expect(page).toContain('data-testid="payer-email"');

    const missing = await payNow(setup.client, setup.clientPath, setup.billId);
    expect(missing.status).toBe(400);
    expect(occurrences(visibleText(await missing.text()), clientBillsText.payerEmailMissing)).toBe(1);

    const injected = await payNow(setup.client, setup.clientPath, setup.billId, { payerEmail: "klient@example.com\r\nBcc: ktos@example.com" });
    expect(injected.status).toBe(400);
    expect(occurrences(visibleText(await injected.text()), clientBillsText.payerEmailInvalid)).toBe(1);

    const tooLong = await payNow(setup.client, setup.clientPath, setup.billId, { payerEmail: `${"a".repeat(250)}@example.com` });
    expect(tooLong.status).toBe(400);
    expect(visibleText(await tooLong.text())).toContain("Adres e-mail może mieć najwyżej 254 znaki.");
    expect(await transactionRows(setup.billId)).toHaveLength(0);

    const paid = await payNow(setup.client, setup.clientPath, setup.billId, { payerEmail: " Platnik@Example.com " });
    expect(paid.status).toBe(303);
    const [transaction] = await transactionRows(setup.billId);
    const stored = await sandboxTransaction(setup.user.id, transaction.transactionId);
    expect((stored.payer as { email: string }).email).toBe("platnik@example.com");
  });

  it("uses the bill's recipient without asking", async () => {
    const setup = await billSetup();
    const [project] = await db.select().from(projects).where(eq(projects.id, setup.project.id));
    await db.update(clients).set({ email: null }).where(eq(clients.id, project.clientId));
    const send = await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "send", email: "odbiorca@example.com", taskId: [setup.taskA.id] });
    expect(send.status).toBe(302);
    const [bill] = await db.select().from(bills).where(eq(bills.projectId, setup.project.id));

    const page = await (await setup.client.get(`${setup.clientPath}/bills/${bill.id}`)).text();
    expect(page).not.toContain('data-testid="payer-email"');
    expect((await payNow(setup.client, setup.clientPath, bill.id)).status).toBe(303);
    const [transaction] = await transactionRows(bill.id);
    const stored = await sandboxTransaction(setup.user.id, transaction.transactionId);
    expect((stored.payer as { email: string }).email).toBe("odbiorca@example.com");
    expect((stored.payer as { email: string }).email).not.toBe(setup.user.email);
  });
});

describe("bill e-mail and form", () => {
  it("does not promise Zapłać teraz when payments are off", async () => {
    const setup = await billSetup({ connect: false });
    const response = await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "send", email: setup.clientEmail, taskId: [setup.taskA.id] });
    expect(response.status).toBe(302);

    const mail = await waitForMail(setup.clientEmail);
    expect(mail.text).not.toContain(clientBillsText.payNow);
    expect(mail.text).toContain(clientBillsText.emailOutroOffline("Anna Nowak"));
  });

  it("promises Zapłać teraz when payments are on", async () => {
    const setup = await billSetup();
    await setup.browser.post(`/projects/${setup.project.id}/bills`, { intent: "send", email: setup.clientEmail, taskId: [setup.taskA.id] });
    const mail = await waitForMail(setup.clientEmail);
    expect(mail.text).toContain(clientBillsText.emailOutro);
  });

  it("shows one error for a line break in the address", async () => {
    const setup = await billSetup();
    const response = await setup.browser.post(`/projects/${setup.project.id}/bills`, {
      intent: "send",
      email: "klient@example.com\r\nBcc: ktos@example.com",
      taskId: [setup.taskA.id],
    });
    expect(response.status).toBe(400);
    expect(occurrences(visibleText(await response.text()), common.invalidEmail)).toBe(1);
    expect(await billCount(setup.project.id)).toBe(0);
  });
});
