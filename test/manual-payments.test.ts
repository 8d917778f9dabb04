import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, bills, payments, tpayTransactions } from "~/db/schema";
import { billsText, tasksText } from "~/i18n/pl";
import { applyTpayPaymentEvent } from "~/models/payments.server";
import { walletMonthPeriod, walletSummary } from "~/models/wallet.server";
import { warsawDay } from "~/utils/dates";
import { Browser, db, loggedInBrowser } from "./helpers";
import { makeProject, makeTask, visibleText } from "./project-helpers";
import { activeBillsOfTask, billIdFrom, billRow, billSetup, createClientBill, taskRow, transactionRows } from "./bill-helpers";

// Paying by hand: the freelancer marks a task or a whole bill paid in cash or by bank transfer.
// Each is recorded as a paid bill with a payments row of that method, never counted in the Tpay
// wallet, and a task on a bill or paid keeps its name and amount.

function billsPath(projectId: string): string {
  return `/projects/${projectId}/bills`;
}

async function paymentRows(billId: string) {
  return db.select().from(payments).where(eq(payments.billId, billId));
}

async function actionsOf(projectId: string, action: string) {
  return db
    .select()
    .from(activity)
    .where(and(eq(activity.projectId, projectId), eq(activity.action, action)));
}

describe("task paid by hand", () => {
  it("records the method as a paid bill", async () => {
    const setup = await billSetup();

    const response = await setup.browser.post(billsPath(setup.project.id), {
      intent: "task-paid",
      taskId: setup.taskA.id,
      method: "cash",
      note: "Zapłacone przy odbiorze",
    });

    expect(response.status).toBe(302);
    const task = await taskRow(setup.taskA.id);
    expect(task.payment).toBe("paid");
    expect(task.paidVia).toBe("cash");
    expect(task.paidAt).not.toBeNull();
    const [bill] = await db.select().from(bills).where(eq(bills.projectId, setup.project.id));
    expect(bill.status).toBe("paid");
    expect(bill.createdBy).toBe("freelancer");
    expect(bill.paidVia).toBe("cash");
    expect(bill.total).toBe(3333);
    const [payment] = await paymentRows(bill.id);
    expect(payment.method).toBe("cash");
    expect(payment.purpose).toBe("bill");
    expect(payment.status).toBe("applied");
    expect(payment.amount).toBe(3333);
    expect(payment.expectedAmount).toBe(3333);
    expect(payment.note).toBe("Zapłacone przy odbiorze");
    expect(payment.providerTitle).toBeNull();
    expect(payment.refundedAmount).toBe(0);
    expect(bill.paidPaymentId).toBe(payment.id);
    const [logged] = await actionsOf(setup.project.id, "task.paid_manually");
    expect(JSON.parse(logged.data)).toMatchObject({ name: "Projekt logo", amount: 3333, method: "cash" });
    // The other task is untouched.
    expect((await taskRow(setup.taskB.id)).payment).toBe("unpaid");

    const page = visibleText(await (await setup.browser.get(`/projects/${setup.project.id}`)).text());
    expect(page).toContain("Oznaczono zadanie „Projekt logo” (33,33 zł) jako opłacone: gotówka");
  });

  it("stays out of the Tpay wallet", async () => {
    const setup = await billSetup();
    await setup.browser.post(billsPath(setup.project.id), { intent: "task-paid", taskId: setup.taskA.id, method: "transfer" });

    const summary = await walletSummary(db, setup.user.id, walletMonthPeriod(warsawDay().slice(0, 7)));

    expect(summary.received).toBe(0);
    expect(summary.receivedCount).toBe(0);
    expect(summary.manual).toBe(3333);
    const rows = await db.select().from(payments).where(eq(payments.userId, setup.user.id));
    expect(rows.map((row) => row.method)).toEqual(["transfer"]);
  });

  it("refuses a task twice", async () => {
    const setup = await billSetup();
    const form = { intent: "task-paid", taskId: setup.taskA.id, method: "cash" };
    expect((await setup.browser.post(billsPath(setup.project.id), form)).status).toBe(302);

    const again = await setup.browser.post(billsPath(setup.project.id), form);

    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain(billsText.taskPaid("Projekt logo"));
    expect(await db.select().from(payments).where(eq(payments.projectId, setup.project.id))).toHaveLength(1);
  });

  it("refuses a task on a live bill", async () => {
    const setup = await billSetup();
    billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));

    const response = await setup.browser.post(billsPath(setup.project.id), { intent: "task-paid", taskId: setup.taskA.id, method: "cash" });

    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(billsText.taskOnBill("Projekt logo", 1));
  });

  it("refuses a task awaiting acceptance", async () => {
    const setup = await billSetup();
    const pending = await makeTask(setup.user.id, setup.project.id, { name: "Do akceptacji", amount: 5000, requiresAcceptance: true });

    const response = await setup.browser.post(billsPath(setup.project.id), { intent: "task-paid", taskId: pending.id, method: "cash" });

    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(billsText.taskNotAgreed("Do akceptacji"));
  });

  it("takes a task of 0 zł", async () => {
    const setup = await billSetup();
    // Only bills to be paid need an amount; a free task can still be recorded as settled.
    const free = await makeTask(setup.user.id, setup.project.id, { name: "Konsultacja", amount: 0 });

    const response = await setup.browser.post(billsPath(setup.project.id), { intent: "task-paid", taskId: free.id, method: "cash" });

    expect(response.status).toBe(302);
    expect((await taskRow(free.id)).payment).toBe("paid");
  });

  it("shows one error for a long note with a control character", async () => {
    const setup = await billSetup();
    const note = `${"a".repeat(501)}\u0007`;

    const response = await setup.browser.post(billsPath(setup.project.id), { intent: "task-paid", taskId: setup.taskA.id, method: "cash", note });

    expect(response.status).toBe(400);
    const text = visibleText(await response.text());
    expect(text.split(billsText.noteTooLong(500, "znaków")).length - 1).toBe(1);
    expect(text).not.toContain(billsText.noteInvalid);
    expect((await taskRow(setup.taskA.id)).payment).toBe("unpaid");
  });

  it("refuses an unknown method", async () => {
    const setup = await billSetup();
    const response = await setup.browser.post(billsPath(setup.project.id), { intent: "task-paid", taskId: setup.taskA.id, method: "tpay" });
    expect(response.status).toBe(400);
    expect((await taskRow(setup.taskA.id)).payment).toBe("unpaid");
  });

  it("answers another freelancer's task with 404", async () => {
    const setup = await billSetup();
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const response = await browser.post(billsPath(project.id), { intent: "task-paid", taskId: setup.taskA.id, method: "cash" });
    expect(response.status).toBe(404);
    expect((await taskRow(setup.taskA.id)).payment).toBe("unpaid");
  });
});

describe("bill paid by hand", () => {
  it("marks the bill and its tasks paid", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id]));

    const response = await setup.browser.post(billsPath(setup.project.id), { intent: "mark-paid", billId, method: "transfer", note: "Przelew z 3.12" });

    expect(response.status).toBe(302);
    const bill = await billRow(billId);
    expect(bill.status).toBe("paid");
    expect(bill.paidVia).toBe("transfer");
    const [payment] = await paymentRows(billId);
    expect(payment.method).toBe("transfer");
    expect(payment.amount).toBe(6667);
    expect(payment.expectedAmount).toBe(6667);
    expect(payment.status).toBe("applied");
    expect(bill.paidPaymentId).toBe(payment.id);
    for (const task of [setup.taskA, setup.taskB]) {
      const row = await taskRow(task.id);
      expect(row.payment).toBe("paid");
      expect(row.paidVia).toBe("transfer");
    }
    expect(await actionsOf(setup.project.id, "bill.paid_manually")).toHaveLength(1);
    // Paid tasks stay on their bill, so no other bill can take them.
    expect(await activeBillsOfTask(setup.taskA.id)).toHaveLength(1);
    const summary = await walletSummary(db, setup.user.id, walletMonthPeriod(warsawDay().slice(0, 7)));
    expect(summary.received).toBe(0);
    expect(summary.manual).toBe(6667);

    const again = await setup.browser.post(billsPath(setup.project.id), { intent: "mark-paid", billId, method: "cash" });
    expect(again.status).toBe(409);
    expect(await paymentRows(billId)).toHaveLength(1);
  });

  it("cancels the started Tpay payment", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect((await setup.client.post(`${setup.clientPath}/bills/${billId}`, { intent: "pay" })).status).toBe(303);
    expect((await taskRow(setup.taskA.id)).payment).toBe("pending");

    const response = await setup.browser.post(billsPath(setup.project.id), { intent: "mark-paid", billId, method: "cash" });

    expect(response.status).toBe(302);
    expect((await taskRow(setup.taskA.id)).payment).toBe("paid");
    expect((await transactionRows(billId)).map((row) => row.status)).toEqual(["cancelled"]);
    // "Zapłać teraz" no longer starts anything.
    const pay = await setup.client.post(`${setup.clientPath}/bills/${billId}`, { intent: "pay" });
    expect(pay.status).toBe(409);
    expect(await db.select().from(tpayTransactions).where(eq(tpayTransactions.billId, billId))).toHaveLength(1);
  });

  it("shows a refused note at the bill", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));

    const response = await setup.browser.post(billsPath(setup.project.id), { intent: "mark-paid", billId, method: "cash", note: "a".repeat(501) });

    expect(response.status).toBe(400);
    const text = visibleText(await response.text());
    expect(text.split(billsText.noteTooLong(500, "znaków")).length - 1).toBe(1);
    expect((await billRow(billId)).status).toBe("open");
  });

  it("warns that the client may be paying", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect((await setup.client.post(`${setup.clientPath}/bills/${billId}`, { intent: "pay" })).status).toBe(303);

    const html = await (await setup.browser.get(`/projects/${setup.project.id}`)).text();

    const row = html.slice(html.indexOf(`id="bill-${billId}"`));
    const warning = row.indexOf(billsText.paymentStartedWarning);
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(row.indexOf(billsText.markPaid));
    expect(warning).toBeLessThan(row.indexOf(billsText.cancel));
  });

  it("shows a Tpay payment after it as to refund", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect((await setup.client.post(`${setup.clientPath}/bills/${billId}`, { intent: "pay" })).status).toBe(303);
    expect((await setup.browser.post(billsPath(setup.project.id), { intent: "mark-paid", billId, method: "cash" })).status).toBe(302);
    const [transaction] = await transactionRows(billId);

    // The client finished paying on Tpay's page anyway; Tpay reports it.
    const outcome = await applyTpayPaymentEvent(
      { db, queue: env.EMAIL_QUEUE },
      { transaction, status: "TRUE", error: "none", paid: 3333, testMode: false, title: transaction.title, source: "notification" },
    );

    expect(outcome).toBe("flagged_not_payable");
    expect((await billRow(billId)).paidVia).toBe("cash");
    const page = visibleText(await (await setup.browser.get(`/projects/${setup.project.id}`)).text());
    expect(page).toContain(billsText.flaggedRefundDue("33,33 zł", transaction.title));
    // Refunded money is no longer listed.
    await db.update(payments).set({ status: "refunded", refundedAmount: 3333 }).where(eq(payments.tpayTransactionId, transaction.id));
    expect(visibleText(await (await setup.browser.get(`/projects/${setup.project.id}`)).text())).not.toContain(billsText.flaggedRefundDue("33,33 zł", transaction.title));
  });

  it("refuses a cancelled bill", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect((await setup.client.post(`${setup.clientPath}/bills/${billId}`, { intent: "cancel" })).status).toBe(302);

    const response = await setup.browser.post(billsPath(setup.project.id), { intent: "mark-paid", billId, method: "cash" });

    expect(response.status).toBe(409);
    expect(await paymentRows(billId)).toHaveLength(0);
    expect((await taskRow(setup.taskA.id)).payment).toBe("unpaid");
  });
});

describe("task guards", () => {
  it("locks a task on an open bill", async () => {
    const setup = await billSetup();
    billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));

    const deleted = await setup.browser.post(`/projects/${setup.project.id}`, { intent: "delete-task", taskId: setup.taskA.id });
    expect(deleted.status).toBe(409);
    expect(visibleText(await deleted.text())).toContain(billsText.taskLockedOnBill(1));

    const edited = await setup.browser.post(`/projects/${setup.project.id}/tasks/${setup.taskA.id}/edit`, { name: "Projekt logo", amount: "1,00" });
    expect(edited.status).toBe(409);
    expect(visibleText(await edited.text())).toContain(billsText.taskLockedOnBill(1));

    const task = await taskRow(setup.taskA.id);
    expect(task.amount).toBe(3333);
    expect(task.version).toBe(1);
  });

  it("locks a paid task", async () => {
    const setup = await billSetup();
    await setup.browser.post(billsPath(setup.project.id), { intent: "task-paid", taskId: setup.taskA.id, method: "cash" });

    const deleted = await setup.browser.post(`/projects/${setup.project.id}`, { intent: "delete-task", taskId: setup.taskA.id });
    expect(deleted.status).toBe(409);
    expect(visibleText(await deleted.text())).toContain(billsText.taskLockedPaid(1));

    const edited = await setup.browser.post(`/projects/${setup.project.id}/tasks/${setup.taskA.id}/edit`, { name: "Inna nazwa", amount: "10,00" });
    expect(edited.status).toBe(409);
    expect((await taskRow(setup.taskA.id)).name).toBe("Projekt logo");
  });

  it("unlocks a task once its bill is cancelled", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    expect((await setup.client.post(`${setup.clientPath}/bills/${billId}`, { intent: "cancel" })).status).toBe(302);

    const edited = await setup.browser.post(`/projects/${setup.project.id}/tasks/${setup.taskA.id}/edit`, { name: "Projekt logo", amount: "40,00" });
    expect(edited.status).toBe(302);
    expect((await taskRow(setup.taskA.id)).amount).toBe(4000);
    // The cancelled bill keeps its snapshot.
    expect((await billRow(billId)).total).toBe(3333);
    const deleted = await setup.browser.post(`/projects/${setup.project.id}`, { intent: "delete-task", taskId: setup.taskA.id });
    expect(deleted.status).toBe(302);
  });

  it("keeps acceptance decisions working", async () => {
    const setup = await billSetup();
    const pending = await makeTask(setup.user.id, setup.project.id, { name: "Do akceptacji", amount: 5000, requiresAcceptance: true });
    billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));

    const decided = await setup.client.post(setup.clientPath, { taskId: pending.id, version: "1", decision: "accepted" });
    expect(decided.status).toBe(302);
    expect((await taskRow(pending.id)).acceptance).toBe("accepted");
    // Once accepted, it can go on a bill.
    const billId = billIdFrom(await createClientBill(new Browser(), setup.clientPath, [pending.id]));
    expect((await billRow(billId)).total).toBe(5000);
  });

  it("hides edit and delete for billed tasks", async () => {
    const setup = await billSetup();
    billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const html = await (await setup.browser.get(`/projects/${setup.project.id}`)).text();
    expect(html).not.toContain(tasksText.deleteLabel("Projekt logo"));
    expect(html).toContain(tasksText.deleteLabel("Zażółć gęślą jaźń"));
    expect(html).toContain(billsText.onBill(1));
  });
});
