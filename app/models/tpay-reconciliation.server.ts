import { and, asc, eq, gte, isNull, lte, or } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { tpayTransactions, type TpayTransaction } from "~/db/schema";
import { logError, logInfo, logWarn } from "~/utils/log.server";
import { applyTpayPaymentEvent } from "./payments.server";
import { getTpayTransaction, TpayError, tpayOrigins, type TpayAccount, type TpayFetch } from "./tpay-api.server";
import { loadTpayConnection, platformTpayAccount } from "./tpay-connections.server";

// Reconciliation: the scheduled job queries Tpay for transactions whose notification never
// arrived (or was rejected) and applies the result through the same applyTpayPaymentEvent as
// the notification route.

/** A transaction still pending this long after it was created is queried. */
export const RECONCILE_AFTER_MS = 15 * 60_000;
/** Transactions older than this are no longer queried. */
export const RECONCILE_MAX_AGE_MS = 7 * 24 * 3_600_000;
/** A queried transaction is not queried again for this long. */
export const RECONCILE_INTERVAL_MS = 15 * 60_000;
/** At most this many transactions per run, oldest first (the job runs every ten minutes). */
export const RECONCILE_BATCH_SIZE = 50;

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
}

/** Lists the transactions the next run queries (see the RECONCILE_* constants). */
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
 * transactions of that API wait for the next run.
 */
export async function reconcilePendingTpayTransactions(deps: ReconcileDeps, now = new Date()): Promise<ReconcileSummary> {
  const { db, env } = deps;
  const summary: ReconcileSummary = { checked: 0, applied: 0, cancelled: 0, failed: 0 };
  const rows = await listTransactionsToReconcile(db, now);
  const accounts = new Map<string, TpayAccount | null>();
  const unreachable = new Set<string>();

  for (const row of rows) {
    const origins = tpayOrigins(env, row.environment);
    if (unreachable.has(origins.api)) continue;
    try {
      const account = await reconcileAccount(deps, accounts, row);
      if (!account || account.environment !== row.environment || account.merchantId !== row.merchantId) {
        logWarn("payment.reconcile_no_account", { transactionId: row.id, account: row.account, merchantId: row.merchantId });
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
  if (rows.length > 0) logInfo("payment.reconciled", { ...summary, candidates: rows.length });
  return summary;
}

async function reconcileAccount(deps: ReconcileDeps, cache: Map<string, TpayAccount | null>, row: TpayTransaction): Promise<TpayAccount | null> {
  const key = row.account === "platform" ? "platform" : `user:${row.userId}`;
  if (!cache.has(key)) {
    const account = row.account === "platform" ? platformTpayAccount(deps.env) : ((await loadTpayConnection(deps.db, deps.env, row.userId))?.account ?? null);
    cache.set(key, account);
  }
  return cache.get(key) ?? null;
}

async function reconcileTransaction(
  deps: ReconcileDeps,
  origins: ReturnType<typeof tpayOrigins>,
  account: TpayAccount,
  row: TpayTransaction,
  now: Date,
): Promise<"applied" | "cancelled" | "unchanged"> {
  const state = await getTpayTransaction(deps.tpayFetch, origins, account, row.transactionId);
  if ((state.title && state.title !== row.title) || (state.amount !== null && state.amount !== row.amount) || state.currency.toUpperCase() !== row.currency) {
    logWarn("payment.reconcile_mismatch", { transactionId: row.id, title: state.title, amount: state.amount, currency: state.currency });
    return "unchanged";
  }
  const paymentDeps = { db: deps.db, queue: deps.env.EMAIL_QUEUE };
  const base = { transaction: row, testMode: false, title: row.title, source: "reconciliation" as const };

  switch (state.status) {
    case "correct":
    case "paid": {
      if (state.amountPaid === null) {
        logWarn("payment.reconcile_no_amount", { transactionId: row.id, status: state.status });
        return "unchanged";
      }
      const error = state.amountPaid > row.amount ? "overpay" : "none";
      const outcome = await applyTpayPaymentEvent(paymentDeps, { ...base, status: "TRUE", error, paid: state.amountPaid }, now);
      return outcome === "duplicate" ? "unchanged" : "applied";
    }
    case "refund": {
      const outcome = await applyTpayPaymentEvent(paymentDeps, { ...base, status: "CHARGEBACK", error: "none", paid: state.amountPaid ?? row.amount }, now);
      return outcome === "duplicate" ? "unchanged" : "applied";
    }
    case "canceled":
    case "cancelled": {
      // The payer can no longer pay this title; the bill stays payable through a new transaction.
      const changed = await deps.db
        .update(tpayTransactions)
        .set({ status: "cancelled", updatedAt: now.toISOString() })
        .where(and(eq(tpayTransactions.id, row.id), eq(tpayTransactions.status, "pending")))
        .returning({ id: tpayTransactions.id });
      return changed.length > 0 ? "cancelled" : "unchanged";
    }
    default:
      return "unchanged";
  }
}
