import { and, asc, eq, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity, bills, subscriptionOrders, tpayTransactions, type TpayTransaction } from "~/db/schema";
import { logError, logInfo, logWarn } from "~/utils/log.server";
import { guardedActivity } from "./activity-guard.server";
import { applyTpayPaymentEvent, type PaymentDeps } from "./payments.server";
import { getTpayTransaction, TpayError, tpayOrigins, type TpayAccount, type TpayFetch } from "./tpay-api.server";
import { loadTpayConnection, loadTpayConnectionById, platformTpayAccount } from "./tpay-connections.server";

// Reconciliation: the scheduled job queries Tpay for transactions whose notification never
// arrived (or was rejected) and applies the result through the same applyTpayPaymentEvent as
// the notification route. It also cancels subscription orders whose payment was never finished.

/** A transaction still pending this long after it was created is queried. */
export const RECONCILE_AFTER_MS = 15 * 60_000;
/** Transactions older than this are no longer queried. */
export const RECONCILE_MAX_AGE_MS = 7 * 24 * 3_600_000;
/** A queried transaction is not queried again for this long. */
export const RECONCILE_INTERVAL_MS = 15 * 60_000;
/** At most this many transactions per run, oldest first (the job runs every ten minutes). */
export const RECONCILE_BATCH_SIZE = 50;
/** At most this many stale subscription orders are cancelled per run. */
export const STALE_ORDER_BATCH_SIZE = 50;

export interface ReconcileDeps {
  db: Db;
  env: Env;
  tpayFetch: TpayFetch;
}

export interface ReconcileSummary {
  checked: number;
  applied: number;
  cancelled: number;
  failed: number;
  /** Subscription orders cancelled because their payment was not finished within RECONCILE_MAX_AGE_MS. */
  staleOrders: number;
}

type ReconcileOutcome = "applied" | "cancelled" | "unchanged";

/**
 * Lists the transactions the next run queries (see the RECONCILE_* constants). A transaction
 * with test_mode_at had a test-mode notification on a production account, so no money moved
 * and Tpay's state of it is never applied.
 */
export function listTransactionsToReconcile(db: Db, now: Date) {
  const settledBefore = new Date(now.getTime() - RECONCILE_AFTER_MS).toISOString();
  const oldest = new Date(now.getTime() - RECONCILE_MAX_AGE_MS).toISOString();
  const checkedBefore = new Date(now.getTime() - RECONCILE_INTERVAL_MS).toISOString();
  return db
    .select()
    .from(tpayTransactions)
    .where(
      and(
        eq(tpayTransactions.status, "pending"),
        isNull(tpayTransactions.testModeAt),
        lte(tpayTransactions.createdAt, settledBefore),
        gte(tpayTransactions.createdAt, oldest),
        or(isNull(tpayTransactions.lastCheckedAt), lte(tpayTransactions.lastCheckedAt, checkedBefore)),
      ),
    )
    .orderBy(asc(tpayTransactions.createdAt))
    .limit(RECONCILE_BATCH_SIZE);
}

/**
 * Queries Tpay for transactions still pending after 15 minutes (a notification that never
 * arrived or was rejected) and applies the result through applyTpayPaymentEvent. An error of
 * one transaction, from Tpay or from the database, is logged and the run continues. Only a
 * failure to list the transactions is thrown. Once Tpay's API is unreachable, the remaining
 * transactions of that API wait for the next run. Then stale subscription orders are cancelled.
 */
export async function reconcilePendingTpayTransactions(deps: ReconcileDeps, now = new Date()): Promise<ReconcileSummary> {
  const { db, env } = deps;
  const summary: ReconcileSummary = { checked: 0, applied: 0, cancelled: 0, failed: 0, staleOrders: 0 };
  const rows = await listTransactionsToReconcile(db, now);
  const accounts = new Map<string, TpayAccount | null>();
  const unreachable = new Set<string>();

  for (const row of rows) {
    const origins = tpayOrigins(env, row.environment);
    if (unreachable.has(origins.api)) continue;
    try {
      const account = await reconcileAccount(deps, accounts, row);
      if (!account || account.environment !== row.environment || account.merchantId !== row.merchantId) {
        logWarn("payment.reconcile_no_account", { transactionId: row.id, account: row.account, connectionId: row.connectionId, merchantId: row.merchantId });
      } else {
        const outcome = await reconcileTransaction(deps, origins, account, row, now);
        if (outcome === "applied") summary.applied++;
        if (outcome === "cancelled") summary.cancelled++;
      }
      summary.checked++;
    } catch (error) {
      summary.failed++;
      if (error instanceof TpayError) {
        logWarn("payment.reconcile_tpay_failed", { transactionId: row.id, kind: error.kind, status: error.status ?? null, error: error.message });
        if (error.kind === "unreachable") unreachable.add(origins.api);
      } else {
        logError("payment.reconcile_failed", error, { transactionId: row.id });
      }
    }
    // Checked whatever happened, so a failing transaction waits RECONCILE_INTERVAL_MS.
    await db
      .update(tpayTransactions)
      .set({ lastCheckedAt: now.toISOString() })
      .where(eq(tpayTransactions.id, row.id))
      .catch((error: unknown) => logError("payment.reconcile_mark_failed", error, { transactionId: row.id }));
  }

  summary.staleOrders = await cancelStaleSubscriptionOrders(db, now).catch((error: unknown) => {
    logError("subscription.stale_orders_failed", error);
    return 0;
  });
  if (rows.length > 0 || summary.staleOrders > 0) logInfo("payment.reconciled", { ...summary, candidates: rows.length });
  return summary;
}

/**
 * The Tpay account a transaction was created in: the platform's, or the freelancer's connection
 * named by connection_id, also after it was disconnected or replaced. A transaction without
 * connection_id uses the freelancer's current connection.
 */
async function reconcileAccount(deps: ReconcileDeps, cache: Map<string, TpayAccount | null>, row: TpayTransaction): Promise<TpayAccount | null> {
  let key = `user:${row.userId}`;
  if (row.account === "platform") key = "platform";
  else if (row.connectionId) key = `connection:${row.connectionId}`;
  if (!cache.has(key)) cache.set(key, await loadReconcileAccount(deps, row));
  return cache.get(key) ?? null;
}

async function loadReconcileAccount(deps: ReconcileDeps, row: TpayTransaction): Promise<TpayAccount | null> {
  if (row.account === "platform") return platformTpayAccount(deps.env);
  const loaded = row.connectionId
    ? await loadTpayConnectionById(deps.db, deps.env, row.connectionId)
    : await loadTpayConnection(deps.db, deps.env, row.userId);
  // A connection id that names another user's row is never used.
  if (!loaded || loaded.connection.userId !== row.userId) return null;
  return loaded.account;
}

async function reconcileTransaction(
  deps: ReconcileDeps,
  origins: ReturnType<typeof tpayOrigins>,
  account: TpayAccount,
  row: TpayTransaction,
  now: Date,
): Promise<ReconcileOutcome> {
  const state = await getTpayTransaction(deps.tpayFetch, origins, account, row.transactionId);
  if ((state.title && state.title !== row.title) || (state.amount !== null && state.amount !== row.amount) || state.currency.toUpperCase() !== row.currency) {
    logWarn("payment.reconcile_mismatch", { transactionId: row.id, title: state.title, amount: state.amount, currency: state.currency });
    return "unchanged";
  }
  const paymentDeps: PaymentDeps = { db: deps.db, queue: deps.env.EMAIL_QUEUE, tpay: { tpayFetch: deps.tpayFetch, origins, account } };
  const base = { transaction: row, testMode: false, title: row.title, source: "reconciliation" as const };
  const changed = (outcome: string): ReconcileOutcome => (outcome === "duplicate" || outcome === "ignored" ? "unchanged" : "applied");

  switch (state.status) {
    case "correct":
    case "paid": {
      if (state.amountPaid === null) {
        logWarn("payment.reconcile_no_amount", { transactionId: row.id, status: state.status });
        return "unchanged";
      }
      const error = state.amountPaid > row.amount ? "overpay" : "none";
      return changed(await applyTpayPaymentEvent(paymentDeps, { ...base, status: "TRUE", error, paid: state.amountPaid }, now));
    }
    case "error": {
      // The payer paid a different amount and the merchant has not decided in Tpay's panel.
      const paid = state.amountPaid ?? 0;
      if (paid <= 0) return "unchanged";
      if (paid > row.amount) {
        // Kept by Tpay until the merchant accepts it, as a FALSE/overpay notification reports. The
        // transaction stays pending, so the accepted payment is applied by a later run.
        return changed(await applyTpayPaymentEvent(paymentDeps, { ...base, status: "FALSE", error: "overpay", paid }, now));
      }
      // An underpayment: recorded once as a flagged payment, which also marks the transaction
      // paid, so later runs no longer query it.
      return changed(await applyTpayPaymentEvent(paymentDeps, { ...base, status: "TRUE", error: "surcharge", paid }, now));
    }
    case "refund": {
      const outcome = await applyTpayPaymentEvent(paymentDeps, { ...base, status: "CHARGEBACK", error: "none", paid: state.amountPaid ?? row.amount }, now);
      return changed(outcome);
    }
    case "canceled":
    case "cancelled":
      return (await markTransactionCancelled(deps.db, row, now)) ? "cancelled" : "unchanged";
    default:
      return "unchanged";
  }
}

/**
 * Tpay cancelled the transaction, so the payer can no longer pay this title. A bill stays
 * payable through a new transaction. A subscription order has no other transaction, so it is
 * cancelled too and its history no longer shows a payment in progress.
 */
async function markTransactionCancelled(db: Db, row: TpayTransaction, now: Date): Promise<boolean> {
  const stamp = now.toISOString();
  const [bill] = row.billId
    ? await db.select({ projectId: bills.projectId, number: bills.number }).from(bills).where(and(eq(bills.id, row.billId), eq(bills.userId, row.userId))).limit(1)
    : [];
  const guard = guardedActivity(
    db,
    {
      userId: row.userId,
      projectId: bill?.projectId ?? null,
      actor: "system",
      action: "tpay.transaction_cancelled",
      subjectType: "tpay_transaction",
      subjectId: row.id,
      data: { title: row.title, amount: row.amount, number: bill?.number ?? null, orderId: row.subscriptionOrderId },
    },
    sql`EXISTS (SELECT 1 FROM ${tpayTransactions} WHERE ${tpayTransactions.id} = ${row.id} AND ${tpayTransactions.status} = 'pending')`,
  );
  const [written] = await db.batch([
    guard.insert.returning({ id: activity.id }),
    db
      .update(tpayTransactions)
      .set({ status: "cancelled", updatedAt: stamp })
      .where(and(eq(tpayTransactions.id, row.id), eq(tpayTransactions.status, "pending"), guard.written)),
  ]);
  if (written.length === 0) return false;
  if (row.purpose === "subscription" && row.subscriptionOrderId) await cancelSubscriptionOrder(db, row.userId, row.subscriptionOrderId, row.title, "cancelled_at_tpay", now);
  return true;
}

/**
 * Cancels a pending subscription order with its activity row; returns whether this call did.
 * A payment that still arrives for it is kept as flagged not_payable, for the platform to refund.
 */
async function cancelSubscriptionOrder(db: Db, userId: string, orderId: string, title: string, reason: "cancelled_at_tpay" | "not_paid_in_time", now: Date): Promise<boolean> {
  const stamp = now.toISOString();
  const pending = and(eq(subscriptionOrders.id, orderId), eq(subscriptionOrders.userId, userId), eq(subscriptionOrders.status, "pending"));
  const guard = guardedActivity(
    db,
    {
      userId,
      projectId: null,
      actor: "system",
      action: "subscription.cancelled",
      subjectType: "subscription_order",
      subjectId: orderId,
      data: { title, reason },
    },
    sql`EXISTS (SELECT 1 FROM ${subscriptionOrders} WHERE ${pending})`,
  );
  const [written] = await db.batch([
    guard.insert.returning({ id: activity.id }),
    db.update(subscriptionOrders).set({ status: "cancelled", updatedAt: stamp }).where(and(pending, guard.written)),
  ]);
  return written.length > 0;
}

/**
 * Cancels pending subscription orders whose transaction was created more than
 * RECONCILE_MAX_AGE_MS ago and never paid: reconciliation no longer queries Tpay about it, so no
 * payment can complete the order any more. Returns how many orders were cancelled.
 */
export async function cancelStaleSubscriptionOrders(db: Db, now: Date): Promise<number> {
  const oldest = new Date(now.getTime() - RECONCILE_MAX_AGE_MS).toISOString();
  const stale = await db
    .select({ orderId: subscriptionOrders.id, userId: subscriptionOrders.userId, title: tpayTransactions.title })
    .from(subscriptionOrders)
    .innerJoin(tpayTransactions, eq(tpayTransactions.subscriptionOrderId, subscriptionOrders.id))
    .where(
      and(
        eq(subscriptionOrders.status, "pending"),
        inArray(tpayTransactions.status, ["pending", "cancelled"]),
        lt(tpayTransactions.createdAt, oldest),
      ),
    )
    .orderBy(asc(tpayTransactions.createdAt))
    .limit(STALE_ORDER_BATCH_SIZE);

  let cancelled = 0;
  for (const order of stale) {
    if (await cancelSubscriptionOrder(db, order.userId, order.orderId, order.title, "not_paid_in_time", now)) cancelled++;
  }
  return cancelled;
}
