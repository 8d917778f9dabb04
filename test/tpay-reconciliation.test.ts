import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { tpayTransactions, type TpayTransaction } from "~/db/schema";
import { cancelTpayTransaction, clearTpayTokenCache, tpayOrigins, type TpayFetch } from "~/models/tpay-api.server";
import { RECONCILE_BATCH_SIZE, reconcilePendingTpayTransactions } from "~/models/tpay-reconciliation.server";
import { runScheduledMaintenance } from "../workers/scheduled";
import { db } from "./helpers";
import {
  activityOf,
  appTpayFetch,
  billRow,
  createAwaitingBill,
  createConnectedFreelancer,
  insertTransactionRow,
  payInSandbox,
  paymentFields,
  paymentRows,
  paymentState,
  postNotification,
  refundInSandbox,
  SANDBOX_BASE,
  signedNotification,
  startTransaction,
  taskRows,
  type Freelancer,
} from "./tpay-payment-helpers";

beforeEach(() => {
  clearTpayTokenCache();
});

/** Returns the instant `minutes` from now, for running the scheduled job in the future. */
function minutesLater(minutes: number): Date {
  return new Date(Date.now() + minutes * 60_000);
}

/** Creates a bill whose Tpay notifications go to a sandbox receiver, so the app never receives them. */
async function unnotifiedTransaction(freelancer: Freelancer, amounts = [3_333, 3_334]) {
  const bill = await createAwaitingBill(freelancer, amounts);
  const receiver = `${SANDBOX_BASE}/__sim/receiver/r${crypto.randomUUID().replace(/-/g, "")}`;
  const transaction = await startTransaction(freelancer, bill, { notificationUrl: receiver });
  return { bill, transaction };
}

async function transactionRow(id: string): Promise<TpayTransaction> {
  const [row] = await db.select().from(tpayTransactions).where(eq(tpayTransactions.id, id));
  return row;
}

describe("tpay reconciliation of a payment whose notification never arrived", () => {
  it("applies the payment once after 15 minutes", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");

    // Five minutes after it was started the transaction is left to its notification.
    await runScheduledMaintenance(env, minutesLater(5), appTpayFetch());
    expect((await transactionRow(transaction.id)).lastCheckedAt).toBeNull();
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");

    const checkedAt = minutesLater(16);
    await runScheduledMaintenance(env, checkedAt, appTpayFetch());
    const billAfter = await billRow(bill.billId);
    expect(billAfter.status).toBe("paid");
    expect(billAfter.paidVia).toBe("tpay");
    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment).toMatchObject({ status: "applied", amount: 6_667, providerTitle: transaction.title });
    expect(billAfter.paidPaymentId).toBe(payment.id);
    for (const task of await taskRows(bill.taskIds)) expect(task.payment).toBe("paid");
    const [received] = await activityOf(freelancer.user.id, "payment.received");
    expect(JSON.parse(received.data).source).toBe("reconciliation");
    const row = await transactionRow(transaction.id);
    expect(row.status).toBe("paid");
    expect(row.lastCheckedAt).toBe(checkedAt.toISOString());

    const before = await paymentState(freelancer.user.id);
    await runScheduledMaintenance(env, minutesLater(32), appTpayFetch());
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });

  it("applies an overpayment as paid and flagged", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "overpay" });

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(16));
    expect((await billRow(bill.billId)).status).toBe("paid");
    expect((await paymentRows(freelancer.user.id))[0]).toMatchObject({ status: "applied", flag: "overpaid", amount: 6_767 });
  });

  it("agrees with a notification that arrives after reconciliation", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(16));
    const before = await paymentState(freelancer.user.id);

    // Tpay's notification finally reaches the app: the same title changes nothing.
    const notification = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant));
    expect(await postNotification(freelancer.notificationUrl, notification.body, notification.headers)).toEqual({ status: 200, text: "TRUE" });
    expect(await paymentState(freelancer.user.id)).toEqual(before);
    expect((await billRow(bill.billId)).status).toBe("paid");
  });
});

describe("tpay reconciliation of transactions without a payment", () => {
  it("asks about an unpaid transaction at most every 15 minutes", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);

    const first = minutesLater(16);
    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, first);
    expect(await transactionRow(transaction.id)).toMatchObject({ status: "pending", lastCheckedAt: first.toISOString() });

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(25));
    expect((await transactionRow(transaction.id)).lastCheckedAt).toBe(first.toISOString());

    const third = minutesLater(32);
    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, third);
    expect((await transactionRow(transaction.id)).lastCheckedAt).toBe(third.toISOString());
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    expect(await paymentRows(freelancer.user.id)).toEqual([]);
  });

  it("marks a transaction cancelled at Tpay cancelled and keeps the bill payable", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    await cancelTpayTransaction(appTpayFetch(), tpayOrigins(env, "sandbox"), freelancer.account, transaction.transactionId);

    await runScheduledMaintenance(env, minutesLater(16), appTpayFetch());
    expect((await transactionRow(transaction.id)).status).toBe("cancelled");
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    expect(await paymentRows(freelancer.user.id)).toEqual([]);
  });

  it("records a refund that Tpay reports", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    await refundInSandbox(freelancer, transaction.transactionId);

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(16));
    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment).toMatchObject({ status: "refunded", providerTitle: transaction.title, amount: 6_667 });
    expect((await transactionRow(transaction.id)).status).toBe("refunded");
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    expect(await activityOf(freelancer.user.id, "payment.refunded")).toHaveLength(1);
  });

  it("leaves transactions older than 7 days alone", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(8 * 24 * 60));
    expect(await transactionRow(transaction.id)).toMatchObject({ status: "pending", lastCheckedAt: null });
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
  });
});

describe("tpay reconciliation when Tpay fails", () => {
  it("survives Tpay being down", async () => {
    const freelancer = await createConnectedFreelancer();
    const first = await unnotifiedTransaction(freelancer, [1_000]);
    const second = await unnotifiedTransaction(freelancer, [2_000]);
    await payInSandbox(first.transaction.transactionId, { scenario: "exact" });
    await payInSandbox(second.transaction.transactionId, { scenario: "exact" });

    const attempts: string[] = [];
    const down: TpayFetch = async (input) => {
      attempts.push(typeof input === "string" ? input : input.url);
      throw new TypeError("Network connection lost");
    };
    const at = minutesLater(16);
    await expect(runScheduledMaintenance(env, at, down)).resolves.toBeUndefined();
    // After the first failure the run leaves the rest of that API for the next run.
    expect(attempts).toHaveLength(1);
    expect((await billRow(first.bill.billId)).status).toBe("awaiting_payment");
    expect((await billRow(second.bill.billId)).status).toBe("awaiting_payment");
    expect(await paymentRows(freelancer.user.id)).toEqual([]);

    await runScheduledMaintenance(env, minutesLater(32), appTpayFetch());
    expect((await billRow(first.bill.billId)).status).toBe("paid");
    expect((await billRow(second.bill.billId)).status).toBe("paid");
    expect(await paymentRows(freelancer.user.id)).toHaveLength(2);
  });

  it("asks about at most 50 transactions per run", async () => {
    const freelancer = await createConnectedFreelancer();
    const bill = await createAwaitingBill(freelancer, [100]);
    for (let index = 0; index < RECONCILE_BATCH_SIZE + 5; index++) await insertTransactionRow(freelancer, bill);

    const transactionRequests: string[] = [];
    // Tpay has none of them: a token, then 404 for each transaction.
    const tpayFetch: TpayFetch = async (input) => {
      const url = typeof input === "string" ? input : input.url;
      if (url.endsWith("/oauth/auth")) return Response.json({ access_token: "a".repeat(40), expires_in: 7200 });
      transactionRequests.push(url);
      return Response.json({ result: "failed" }, { status: 404 });
    };
    // A day later every pending transaction of this file is due, and a run takes only the oldest 50.
    const summary = await reconcilePendingTpayTransactions({ db, env, tpayFetch }, minutesLater(24 * 60));
    expect(summary.checked + summary.failed).toBe(RECONCILE_BATCH_SIZE);
    expect(transactionRequests).toHaveLength(RECONCILE_BATCH_SIZE);
    expect(await paymentRows(freelancer.user.id)).toEqual([]);
  });
});
