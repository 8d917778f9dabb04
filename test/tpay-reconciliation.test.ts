import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { and, eq, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { describeActivity } from "~/models/activity-lines.server";
import { findPlan } from "~/config/plans";
import { subscriptionOrders, tpayConnections, tpayTransactions, users, type TpayTransaction } from "~/db/schema";
import { startSubscriptionPayment } from "~/models/subscriptions.server";
import { cancelTpayTransaction, clearTpayTokenCache, tpayOrigins, type TpayFetch } from "~/models/tpay-api.server";
import { platformTpayAccount } from "~/models/tpay-connections.server";
import { RECONCILE_BATCH_SIZE, reconcilePendingTpayTransactions } from "~/models/tpay-reconciliation.server";
import worker from "../workers/app";
import { runScheduledMaintenance } from "../workers/scheduled";
import { db, waitForNotificationEmails } from "./helpers";
import {
  activityOf,
  appTpayFetch,
  billRow,
  createAwaitingBill,
  createConnectedFreelancer,
  createSandboxMerchant,
  insertTransactionRow,
  notificationsOf,
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

    await waitForNotificationEmails(freelancer.user.id);
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
    await waitForNotificationEmails(freelancer.user.id);
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

    const cancelled = await activityOf(freelancer.user.id, "tpay.transaction_cancelled");
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({ projectId: freelancer.projectId, actor: "system", subjectId: transaction.id });
    expect(describeActivity({ action: "tpay.transaction_cancelled", data: JSON.parse(cancelled[0].data) })[0]).toContain(transaction.title);
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

/** Moves the transaction's creation `minutes` into the past, as if it had been started then. */
async function startedMinutesAgo(transactionId: string, minutes: number): Promise<void> {
  const createdAt = new Date(Date.now() - minutes * 60_000).toISOString();
  await db.update(tpayTransactions).set({ createdAt }).where(eq(tpayTransactions.id, transactionId));
}

/** Records a URL of every Tpay request before passing it to the app's Tpay fetch. */
function recordingFetch() {
  const urls: string[] = [];
  const inner = appTpayFetch();
  const tpayFetch: TpayFetch = (input, init) => {
    urls.push(typeof input === "string" ? input : input.url);
    return inner(input, init);
  };
  return { tpayFetch, urls };
}

describe("tpay reconciliation of a test-mode transaction", () => {
  it("never applies a transaction with test_mode_at", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    // A test_mode=1 notification for it was rejected on a production account.
    await db.update(tpayTransactions).set({ testModeAt: new Date().toISOString() }).where(eq(tpayTransactions.id, transaction.id));

    const { tpayFetch, urls } = recordingFetch();
    await reconcilePendingTpayTransactions({ db, env, tpayFetch }, minutesLater(16));
    expect(urls.filter((url) => url.includes(transaction.transactionId))).toEqual([]);
    expect(await transactionRow(transaction.id)).toMatchObject({ status: "pending", lastCheckedAt: null });
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    expect(await paymentRows(freelancer.user.id)).toEqual([]);
  });
});

describe("tpay reconciliation of a transaction in status error", () => {
  it("flags an underpayment once and stops asking", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    // Beyond the underpayment threshold (0.00) Tpay sends no notification and reports "error".
    await payInSandbox(transaction.transactionId, { scenario: "underpay" });

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(16));
    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment).toMatchObject({ status: "flagged", flag: "underpaid", amount: 6_567, expectedAmount: 6_667, providerTitle: transaction.title });
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    expect((await transactionRow(transaction.id)).status).toBe("paid");
    const [flagged] = await activityOf(freelancer.user.id, "payment.flagged");
    expect(JSON.parse(flagged.data)).toMatchObject({ flag: "underpaid", source: "reconciliation" });
    expect(await notificationsOf(freelancer.user.id, "payment_problem")).toHaveLength(1);

    const { tpayFetch, urls } = recordingFetch();
    await reconcilePendingTpayTransactions({ db, env, tpayFetch }, minutesLater(40));
    expect(urls.filter((url) => url.includes(transaction.transactionId))).toEqual([]);
    expect(await paymentRows(freelancer.user.id)).toHaveLength(1);
    expect(await notificationsOf(freelancer.user.id, "payment_problem")).toHaveLength(1);
  });

  it("tells once about an overpayment waiting for the merchant", async () => {
    const freelancer = await createConnectedFreelancer({ merchantOptions: { acceptOverpay: false } });
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "overpay" });

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(16));
    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(32));
    expect(await paymentRows(freelancer.user.id)).toEqual([]);
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    expect((await transactionRow(transaction.id)).status).toBe("pending");
    expect(await notificationsOf(freelancer.user.id, "payment_problem")).toHaveLength(1);
    expect(await activityOf(freelancer.user.id, "payment.flagged")).toHaveLength(1);
  });
});

describe("tpay reconciliation through an archived connection", () => {
  it("applies a payment started before the account was replaced", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    const [connection] = await db
      .select({ id: tpayConnections.id })
      .from(tpayConnections)
      .where(and(eq(tpayConnections.userId, freelancer.user.id), isNull(tpayConnections.disconnectedAt)));
    await db.update(tpayTransactions).set({ connectionId: connection.id }).where(eq(tpayTransactions.id, transaction.id));
    await payInSandbox(transaction.transactionId, { scenario: "exact" });

    // The freelancer replaces the account with another merchant's: the old row is archived.
    const stamp = new Date().toISOString();
    await db.update(tpayConnections).set({ disconnectedAt: stamp, updatedAt: stamp }).where(eq(tpayConnections.id, connection.id));
    const other = await createSandboxMerchant();
    await createConnectedFreelancerRow(freelancer.user.id, other.merchantId);

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(16));
    expect((await billRow(bill.billId)).status).toBe("paid");
    expect((await paymentRows(freelancer.user.id))[0]).toMatchObject({ status: "applied", providerTitle: transaction.title });
    expect((await transactionRow(transaction.id)).status).toBe("paid");
  });

  it("does not use another user's connection", async () => {
    const owner = await createConnectedFreelancer();
    const stranger = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(owner);
    const [foreign] = await db.select({ id: tpayConnections.id }).from(tpayConnections).where(eq(tpayConnections.userId, stranger.user.id));
    await db.update(tpayTransactions).set({ connectionId: foreign.id }).where(eq(tpayTransactions.id, transaction.id));
    await payInSandbox(transaction.transactionId, { scenario: "exact" });

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(16));
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    expect(await paymentRows(owner.user.id)).toEqual([]);
  });
});

/** Inserts a current connection of the user to another sandbox merchant (credentials are not used). */
async function createConnectedFreelancerRow(userId: string, merchantId: string): Promise<void> {
  const now = new Date().toISOString();
  await db.insert(tpayConnections).values({
    userId,
    notifyKey: crypto.randomUUID().replace(/-/g, ""),
    environment: "sandbox",
    merchantId,
    clientIdHint: `${merchantId}-…`,
    credentials: "not-decrypted-in-this-test",
    status: "verified",
    checkedAt: now,
    updatedAt: now,
  });
}

describe("tpay reconciliation of subscription orders", () => {
  async function startOrder(freelancer: Freelancer) {
    const started = await startSubscriptionPayment(
      { db, env, tpayFetch: appTpayFetch() },
      { id: freelancer.user.id, name: "Anna Nowak", email: freelancer.user.email },
      findPlan("monthly")!,
    );
    expect(started.status).toBe("started");
    const [order] = await db.select().from(subscriptionOrders).where(eq(subscriptionOrders.userId, freelancer.user.id));
    const [transaction] = await db.select().from(tpayTransactions).where(eq(tpayTransactions.subscriptionOrderId, order.id));
    return { order, transaction };
  }

  async function orderStatus(orderId: string) {
    const [row] = await db.select({ status: subscriptionOrders.status }).from(subscriptionOrders).where(eq(subscriptionOrders.id, orderId));
    return row.status;
  }

  it("cancels an order whose transaction Tpay cancelled", async () => {
    const freelancer = await createConnectedFreelancer();
    const { order, transaction } = await startOrder(freelancer);
    await cancelTpayTransaction(appTpayFetch(), tpayOrigins(env, "sandbox"), platformTpayAccount(env), transaction.transactionId);

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, minutesLater(16));
    expect((await transactionRow(transaction.id)).status).toBe("cancelled");
    expect(await orderStatus(order.id)).toBe("cancelled");
    const [cancelled] = await activityOf(freelancer.user.id, "subscription.cancelled");
    expect(JSON.parse(cancelled.data)).toMatchObject({ reason: "cancelled_at_tpay", title: transaction.title });
    expect(describeActivity({ action: "subscription.cancelled", data: JSON.parse(cancelled.data) })[0]).toContain(transaction.title);
  });

  it("cancels an order left unpaid for more than 7 days", async () => {
    const freelancer = await createConnectedFreelancer();
    const { order, transaction } = await startOrder(freelancer);
    await startedMinutesAgo(transaction.id, 7 * 24 * 60 + 5);

    const summary = await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, new Date());
    expect(summary.staleOrders).toBeGreaterThanOrEqual(1);
    expect(await orderStatus(order.id)).toBe("cancelled");
    const cancelled = await activityOf(freelancer.user.id, "subscription.cancelled");
    expect(cancelled).toHaveLength(1);
    expect(JSON.parse(cancelled[0].data)).toMatchObject({ reason: "not_paid_in_time" });

    // The next run changes nothing, and a younger pending order is kept.
    const younger = await startSubscriptionPayment(
      { db, env, tpayFetch: appTpayFetch() },
      { id: freelancer.user.id, name: "Anna Nowak", email: freelancer.user.email },
      findPlan("yearly")!,
    );
    expect(younger.status).toBe("started");
    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, new Date());
    expect(await activityOf(freelancer.user.id, "subscription.cancelled")).toHaveLength(1);
    if (younger.status === "started") expect(await orderStatus(younger.orderId)).toBe("pending");
  });

  it("keeps a paid order", async () => {
    const freelancer = await createConnectedFreelancer();
    await db.update(users).set({ trialEndsAt: "2099-01-31T10:00:00.000Z" }).where(eq(users.id, freelancer.user.id));
    const { order, transaction } = await startOrder(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    await startedMinutesAgo(transaction.id, 8 * 24 * 60);

    await reconcilePendingTpayTransactions({ db, env, tpayFetch: appTpayFetch() }, new Date());
    expect(await orderStatus(order.id)).toBe("paid");
    expect(await activityOf(freelancer.user.id, "subscription.cancelled")).toEqual([]);
  });
});

describe("tpay reconciliation from the Worker's scheduled handler", () => {
  it("applies a payment whose notification never arrived", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await unnotifiedTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    await startedMinutesAgo(transaction.id, 20);

    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: "*/10 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect((await billRow(bill.billId)).status).toBe("paid");
    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment).toMatchObject({ status: "applied", providerTitle: transaction.title });
    const row = await transactionRow(transaction.id);
    expect(row.status).toBe("paid");
    expect(row.lastCheckedAt).not.toBeNull();
    const [received] = await activityOf(freelancer.user.id, "payment.received");
    expect(JSON.parse(received.data).source).toBe("reconciliation");
  });
});
