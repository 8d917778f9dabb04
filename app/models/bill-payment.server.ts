import { and, desc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { readPlan, runReadPlan, type ReadPlan } from "~/db/read-plan.server";
import { activity, billItems, bills, clients, payments, projects, tasks, tpayConnections, tpayTransactions, users, type TpayTransaction } from "~/db/schema";
import { clientText } from "~/i18n/client";
import { billsText } from "~/i18n/pl";
import { randomId, randomToken } from "~/utils/crypto.server";
import { logError, logInfo, logWarn } from "~/utils/log.server";
import { guardedActivity } from "./activity-guard.server";
import { UNPAID_BILL_STATUSES, isBillId, loadTransactionAccount, type BillOwner, type BillStatus } from "./bills.server";
import { dispatchNotifications, notificationInsertWhen } from "./notifications.server";
import { applyTpayPaymentEvent, TpayEventRetryError } from "./payments.server";
import { hitRateLimit, refundRateLimit, type RateLimitRule } from "./rate-limit.server";
import {
  cancelTpayTransaction,
  createTpayTransaction,
  getTpayTransaction,
  TpayError,
  tpayOrigins,
  type TpayAccount,
  type TpayErrorKind,
  type TpayFetch,
} from "./tpay-api.server";
import { loadTpayConnection, onlinePaymentsEnabled, tpayNotificationUrl, type LoadedTpayConnection } from "./tpay-connections.server";

// "Zapłać teraz": starts a Tpay transaction for a bill and returns where to send the payer,
// and the payer's return page after Tpay (/pay/return/<tpay_transactions.id>).
//
// One bill has at most one live payment link. A pending transaction younger than
// PENDING_REUSE_MS, made with the freelancer's current connection, is reused while Tpay still
// reports it pending. Before a new transaction is created, the state of every pending one of
// the bill is read at Tpay, through the connection it was made with. Money already paid is
// applied (applyTpayPaymentEvent), and then nothing new is created. A transaction still pending
// is cancelled at Tpay and marked cancelled only once Tpay confirms. When that cannot be
// confirmed, no second transaction is created, because the first may still be paid.
//
// At most one request creates a transaction for a bill at a time. It claims the bill with a
// conditional UPDATE of bills.payment_claim_id; another request for the same bill (a second
// tab, a double click) waits for the winner's transaction and sends the payer to it. The
// amount is the sum of the bill's items, whatever the form sent.

/** A pending transaction this young is reused instead of creating another. */
export const PENDING_REUSE_MS = 30 * 60_000;
/** A claim this old belongs to a request that died; Tpay calls time out after 10 s each. */
export const PAYMENT_CLAIM_STALE_MS = 60_000;
/** How long a request that lost the claim waits for the winner's transaction. */
const CLAIM_WAIT_MS = 8_000;
const CLAIM_POLL_MS = 250;

export interface PaymentScope extends BillOwner {
  /** The client link's token hash when the request read the project: the link must still open it. */
  shareTokenHash: string;
}

export interface PaymentDeps {
  env: Env;
  tpayFetch: TpayFetch;
}

export interface StartPaymentOptions {
  /** The address the client typed on the bill page; used only when neither the client nor the bill has one. */
  payerEmail?: string | null;
  /** Counted only when a new Tpay transaction is created: a reused or refused request costs nothing. */
  rateLimit?: { key: string; rule: RateLimitRule };
}

export type StartPaymentResult =
  | { status: "redirect"; paymentUrl: string; transactionRowId: string }
  /** An earlier transaction of the bill turned out paid at Tpay: its return page shows the outcome. */
  | { status: "settled"; transactionRowId: string }
  | { status: "not_found" }
  | { status: "not_unpaid"; billStatus: BillStatus }
  | { status: "payments_disabled" }
  | { status: "payer_email_required" }
  | { status: "busy" }
  /** An earlier transaction could not be confirmed cancelled at Tpay, so it may still be paid. */
  | { status: "previous_in_progress" }
  | { status: "rate_limited" }
  | { status: "tpay_error"; kind: TpayErrorKind };

interface PayableBill {
  id: string;
  number: number;
  status: BillStatus;
  projectName: string;
  clientLocale: "pl" | "en";
  clientName: string;
  clientEmail: string | null;
  recipientEmail: string | null;
  itemsTotal: number;
}

/** Reads the bill with what the transaction needs: project, payer, and the items' sum. */
async function readPayableBill(db: Db, scope: PaymentScope, billId: string): Promise<PayableBill | null> {
  const [rows] = await db.batch([
    db
      .select({
        id: bills.id,
        number: bills.number,
        status: bills.status,
        recipientEmail: bills.recipientEmail,
        // D1 returns batch rows keyed by column name, so the joined names get aliases.
        projectName: sql<string>`${projects.name}`.as("project_name"),
        clientLocale: projects.clientLocale,
        clientName: sql<string>`${clients.name}`.as("client_name"),
        clientEmail: sql<string | null>`${clients.email}`.as("client_email"),
        itemsTotal: sql<number>`(SELECT COALESCE(SUM(bi.amount), 0) FROM ${billItems} bi WHERE bi.bill_id = ${bills.id} AND bi.active = 1)`.as(
          "items_total",
        ),
      })
      .from(bills)
      .innerJoin(projects, and(eq(projects.id, bills.projectId), eq(projects.userId, bills.userId)))
      .innerJoin(clients, eq(clients.id, projects.clientId))
      .where(
        and(
          eq(bills.id, billId),
          eq(bills.userId, scope.userId),
          eq(bills.projectId, scope.projectId),
          eq(projects.shareTokenHash, scope.shareTokenHash),
        ),
      )
      .limit(1),
  ]);
  return (rows[0] as PayableBill | undefined) ?? null;
}

/**
 * Returns whether Tpay can be given a payer's e-mail for the bill without asking the client:
 * the project's client has one, or the bill was e-mailed to one. The freelancer's own address
 * is never used as the payer's. Null when the project has no such bill.
 */
export async function isPayerEmailKnown(db: Db, owner: BillOwner, billId: string): Promise<boolean | null> {
  if (!isBillId(billId)) return null;
  return runReadPlan(db, payerEmailKnownPlan(db, owner, billId));
}

/** Plans the read of isPayerEmailKnown, so a page can batch it with its other reads. */
export function payerEmailKnownPlan(db: Db, owner: BillOwner, billId: string): ReadPlan<boolean | null> {
  const query = db
    .select({ clientEmail: clients.email, recipientEmail: bills.recipientEmail })
    .from(bills)
    .innerJoin(projects, and(eq(projects.id, bills.projectId), eq(projects.userId, bills.userId)))
    .innerJoin(clients, eq(clients.id, projects.clientId))
    .where(and(eq(bills.id, billId), eq(bills.userId, owner.userId), eq(bills.projectId, owner.projectId)))
    .limit(1);
  return readPlan([query], ([rows]) => {
    const row = rows[0];
    if (!row) return null;
    return !!(row.clientEmail || row.recipientEmail);
  });
}

/** Returns the bill's newest pending transaction of the connection created after `since`, or null. */
async function findFreshTransaction(db: Db, userId: string, billId: string, connectionId: string, since: Date): Promise<TpayTransaction | null> {
  const [row] = await db
    .select()
    .from(tpayTransactions)
    .where(
      and(
        eq(tpayTransactions.billId, billId),
        eq(tpayTransactions.userId, userId),
        eq(tpayTransactions.connectionId, connectionId),
        eq(tpayTransactions.status, "pending"),
        gt(tpayTransactions.createdAt, since.toISOString()),
      ),
    )
    .orderBy(desc(tpayTransactions.createdAt))
    .limit(1);
  return row ?? null;
}

/** Takes the bill's payment claim unless another request has a fresh one. */
async function claimBill(db: Db, scope: PaymentScope, billId: string, claimId: string, now: Date): Promise<boolean> {
  const staleBefore = new Date(now.getTime() - PAYMENT_CLAIM_STALE_MS).toISOString();
  const claimed = await db
    .update(bills)
    .set({ paymentClaimId: claimId, paymentClaimedAt: now.toISOString() })
    .where(
      and(
        eq(bills.id, billId),
        eq(bills.userId, scope.userId),
        eq(bills.projectId, scope.projectId),
        inArray(bills.status, UNPAID_BILL_STATUSES),
        or(isNull(bills.paymentClaimedAt), lt(bills.paymentClaimedAt, staleBefore)),
      ),
    )
    .returning({ id: bills.id });
  return claimed.length > 0;
}

async function releaseClaim(db: Db, billId: string, claimId: string): Promise<void> {
  await db
    .update(bills)
    .set({ paymentClaimId: null, paymentClaimedAt: null })
    .where(and(eq(bills.id, billId), eq(bills.paymentClaimId, claimId)));
}

/**
 * Waits for the transaction that the request with the claim creates. Returns it,
 * or null when the claim was released without one (its Tpay call failed) or the wait ran out.
 */
async function waitForWinner(db: Db, scope: PaymentScope, billId: string, connectionId: string, startedAt: Date) {
  const since = new Date(startedAt.getTime() - PENDING_REUSE_MS);
  const deadline = Date.now() + CLAIM_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    const fresh = await findFreshTransaction(db, scope.userId, billId, connectionId, since);
    if (fresh) return fresh;
    const [bill] = await db
      .select({ claimedAt: bills.paymentClaimedAt, status: bills.status })
      .from(bills)
      .where(and(eq(bills.id, billId), eq(bills.userId, scope.userId)))
      .limit(1);
    if (!bill || bill.claimedAt === null || !UNPAID_BILL_STATUSES.includes(bill.status)) return null;
  }
  return null;
}

/** Keeps characters Tpay shows safely in a description: letters (Polish too), digits, simple punctuation. */
export function tpayDescriptionText(text: string): string {
  const cleaned = text
    .replace(/[^\p{L}\p{N} .,:;#_()/!?&+'"„”–-]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return [...cleaned].slice(0, 128).join("");
}

/** Our reference for a bill's transaction, sent as hiddenDescription and returned as tr_crc. */
export function newBillCrc(): string {
  return `b_${randomToken(16)}`;
}

export function paymentReturnUrl(env: Env, transactionRowId: string): string {
  return `${env.APP_ORIGIN}/pay/return/${transactionRowId}`;
}

/** The bill, connection and dependencies of one "Zapłać teraz" request. */
interface PaymentContext {
  db: Db;
  deps: PaymentDeps;
  scope: PaymentScope;
  bill: PayableBill;
  /** The freelancer's current connection, which new transactions are created with. */
  current: LoadedTpayConnection;
}

/**
 * A transaction's state at Tpay, once applied here: `pending` (still payable), `paid` (money
 * arrived and was applied), `closed` (cancelled or refunded, so never payable again),
 * `unsettled` (neither pending nor closed, e.g. Tpay's "error"), `unknown` (Tpay's answer does
 * not match the row, or lacks the amount paid).
 */
type TpayCheck = "pending" | "paid" | "closed" | "unsettled" | "unknown";

/** Marks a pending transaction row cancelled, after Tpay confirmed it can no longer be paid. */
async function markTransactionCancelled(db: Db, row: TpayTransaction): Promise<void> {
  const now = new Date().toISOString();
  await db
    .update(tpayTransactions)
    .set({ status: "cancelled", updatedAt: now })
    .where(and(eq(tpayTransactions.id, row.id), eq(tpayTransactions.userId, row.userId), eq(tpayTransactions.status, "pending")));
}

/**
 * Reads the transaction at Tpay and applies what it learns, as the reconciliation job does:
 * paid money through applyTpayPaymentEvent, a cancel by marking the row cancelled. Throws the
 * TpayError of a failed call.
 */
async function checkAtTpay(context: PaymentContext, row: TpayTransaction, account: TpayAccount): Promise<TpayCheck> {
  const { db, deps } = context;
  const origins = tpayOrigins(deps.env, account.environment);
  const state = await getTpayTransaction(deps.tpayFetch, origins, account, row.transactionId);
  if ((state.title && state.title !== row.title) || (state.amount !== null && state.amount !== row.amount) || state.currency.toUpperCase() !== row.currency) {
    logWarn("bill_payment.tpay_mismatch", { transactionId: row.id, title: state.title, amount: state.amount, currency: state.currency });
    return "unknown";
  }
  const paymentDeps = { db, queue: deps.env.EMAIL_QUEUE, tpay: { tpayFetch: deps.tpayFetch, origins, account } };
  const base = { transaction: row, testMode: false, title: row.title, source: "reconciliation" as const };

  switch (state.status) {
    case "pending":
      return "pending";
    case "correct":
    case "paid": {
      // A test-mode payment on a production account moved no money and is never applied.
      if (row.testModeAt !== null) return "closed";
      if (state.amountPaid === null) return "unknown";
      const error = state.amountPaid > row.amount ? "overpay" : "none";
      await applyTpayPaymentEvent(paymentDeps, { ...base, status: "TRUE", error, paid: state.amountPaid });
      return "paid";
    }
    case "refund":
      try {
        await applyTpayPaymentEvent(paymentDeps, { ...base, status: "CHARGEBACK", error: "none", paid: state.amountPaid ?? row.amount });
      } catch (error) {
        // Tpay's refunds could not be read yet; the reconciliation job applies the refund later.
        if (!(error instanceof TpayEventRetryError)) throw error;
        logWarn("bill_payment.refund_unconfirmed", { transactionId: row.id, error: error.message });
        return "unknown";
      }
      return "closed";
    case "canceled":
    case "cancelled":
      await markTransactionCancelled(db, row);
      return "closed";
    default:
      return "unsettled";
  }
}

/** Returns whether the error is Tpay rejecting the credentials. */
function isRejectedCredentials(error: unknown): boolean {
  return error instanceof TpayError && error.kind === "invalid_credentials";
}

/**
 * Makes sure a pending transaction of the bill can no longer be paid before another is created:
 * applies money it already received (`paid`), or cancels it at Tpay and marks it cancelled once
 * Tpay confirms (`closed`). `uncertain` means it may still be paid. Rejected credentials of the
 * current connection are thrown, so that the caller switches online payments off.
 */
async function retireTransaction(context: PaymentContext, row: TpayTransaction): Promise<"paid" | "closed" | "uncertain"> {
  const { db, deps, scope } = context;
  const isCurrent = row.connectionId === context.current.connection.id;
  const account = isCurrent ? context.current.account : await loadTransactionAccount(db, deps.env, scope.userId, row);
  if (!account) {
    logWarn("bill_payment.previous_unchecked", { billId: row.billId, transactionId: row.id, reason: "connection_missing" });
    return "uncertain";
  }
  try {
    const check = await checkAtTpay(context, row, account);
    if (check === "paid" || check === "closed") return check;
    if (check === "unknown") return "uncertain";
    await cancelTpayTransaction(deps.tpayFetch, tpayOrigins(deps.env, account.environment), account, row.transactionId);
  } catch (error) {
    if (isCurrent && isRejectedCredentials(error)) throw error;
    if (!(error instanceof TpayError)) throw error;
    logWarn("bill_payment.previous_unchecked", { billId: row.billId, transactionId: row.id, kind: error.kind, status: error.status ?? null });
    return "uncertain";
  }
  await markTransactionCancelled(db, row);
  return "closed";
}

/** Retires every pending transaction of the bill, oldest first; stops at the first one that was paid. */
async function retirePendingTransactions(
  context: PaymentContext,
): Promise<{ status: "clear" } | { status: "paid"; transactionRowId: string } | { status: "uncertain" }> {
  const { db, scope, bill } = context;
  const pending = await db
    .select()
    .from(tpayTransactions)
    .where(and(eq(tpayTransactions.billId, bill.id), eq(tpayTransactions.userId, scope.userId), eq(tpayTransactions.status, "pending")))
    .orderBy(tpayTransactions.createdAt);
  let uncertain = false;
  for (const row of pending) {
    const outcome = await retireTransaction(context, row);
    if (outcome === "paid") return { status: "paid", transactionRowId: row.id };
    if (outcome === "uncertain") uncertain = true;
  }
  return uncertain ? { status: "uncertain" } : { status: "clear" };
}

/**
 * Returns the result of reusing the bill's fresh pending transaction of the current connection:
 * a redirect while Tpay still reports it pending, `settled` when it was paid meanwhile. Null
 * when there is none to reuse.
 */
async function reuseFreshTransaction(context: PaymentContext, now: Date): Promise<StartPaymentResult | null> {
  const { db, scope, bill, current } = context;
  const fresh = await findFreshTransaction(db, scope.userId, bill.id, current.connection.id, new Date(now.getTime() - PENDING_REUSE_MS));
  if (!fresh) return null;
  const check = await checkAtTpay(context, fresh, current.account);
  if (check === "pending") return { status: "redirect", paymentUrl: fresh.paymentUrl, transactionRowId: fresh.id };
  if (check === "paid") return { status: "settled", transactionRowId: fresh.id };
  return null;
}

/**
 * Starts paying a bill through the freelancer's Tpay connection (see the file comment).
 * Returns the URL of Tpay's payment page, or why there is none. A failed Tpay call leaves the
 * bill payable. When Tpay rejects the current connection's credentials, the connection is
 * marked failed and the freelancer notified, so "Opłać" and "Zapłać teraz" disappear.
 */
export async function startBillPayment(
  db: Db,
  deps: PaymentDeps,
  scope: PaymentScope,
  billId: string,
  options: StartPaymentOptions = {},
): Promise<StartPaymentResult> {
  if (!isBillId(billId)) return { status: "not_found" };
  const bill = await readPayableBill(db, scope, billId);
  if (!bill) return { status: "not_found" };
  if (!UNPAID_BILL_STATUSES.includes(bill.status)) return { status: "not_unpaid", billStatus: bill.status };

  const current = await loadTpayConnection(db, deps.env, scope.userId);
  if (!current || !onlinePaymentsEnabled(current.connection)) return { status: "payments_disabled" };
  const payerEmail = bill.clientEmail || bill.recipientEmail || options.payerEmail || null;
  if (!payerEmail) return { status: "payer_email_required" };
  const context: PaymentContext = { db, deps, scope, bill, current };

  try {
    const startedAt = new Date();
    const reused = await reuseFreshTransaction(context, startedAt);
    if (reused) return reused;

    const claimId = randomId();
    if (!(await claimBill(db, scope, billId, claimId, startedAt))) {
      const winner = await waitForWinner(db, scope, billId, current.connection.id, startedAt);
      return winner ? { status: "redirect", paymentUrl: winner.paymentUrl, transactionRowId: winner.id } : { status: "busy" };
    }
    try {
      return await startUnderClaim(context, payerEmail, claimId, options);
    } catch (error) {
      await releaseClaim(db, billId, claimId).catch((releaseError: unknown) => logError("bill_payment.release_failed", releaseError, { billId }));
      throw error;
    }
  } catch (error) {
    if (!(error instanceof TpayError)) throw error;
    logWarn("bill_payment.tpay_failed", { billId, userId: scope.userId, kind: error.kind, status: error.status ?? null, message: error.message });
    if (error.kind === "invalid_credentials") await recordRejectedCredentials(context);
    return { status: "tpay_error", kind: error.kind };
  }
}

/** Runs the part of startBillPayment that needs the bill's claim. */
async function startUnderClaim(context: PaymentContext, payerEmail: string, claimId: string, options: StartPaymentOptions): Promise<StartPaymentResult> {
  const { db, bill } = context;
  // Another request may have stored its transaction between the first look and the claim.
  const stored = await reuseFreshTransaction(context, new Date());
  if (stored) {
    await releaseClaim(db, bill.id, claimId);
    return stored;
  }

  const retired = await retirePendingTransactions(context);
  if (retired.status !== "clear") {
    await releaseClaim(db, bill.id, claimId);
    if (retired.status === "paid") return { status: "settled", transactionRowId: retired.transactionRowId };
    return { status: "previous_in_progress" };
  }

  const limit = options.rateLimit;
  if (limit && !(await hitRateLimit(db, limit.key, limit.rule))) {
    // The refused attempt is taken back, so only created transactions fill the window.
    await refundRateLimit(db, limit.key, limit.rule);
    await releaseClaim(db, bill.id, claimId);
    return { status: "rate_limited" };
  }
  let result: StartPaymentResult;
  try {
    result = await createAndStore(context, payerEmail, claimId);
  } catch (error) {
    if (limit) await refundRateLimit(db, limit.key, limit.rule);
    throw error;
  }
  if (limit && result.status !== "redirect") await refundRateLimit(db, limit.key, limit.rule);
  return result;
}

async function createAndStore(context: PaymentContext, payerEmail: string, claimId: string): Promise<StartPaymentResult> {
  const { db, deps, scope, bill } = context;
  const { account, connection } = context.current;
  const t = clientText(bill.clientLocale).bills;
  const rowId = randomId();
  const crc = newBillCrc();
  const amount = bill.itemsTotal;
  const returnUrl = paymentReturnUrl(deps.env, rowId);
  const created = await createTpayTransaction(deps.tpayFetch, tpayOrigins(deps.env, account.environment), account, {
    amount,
    description: tpayDescriptionText(t.tpayDescription(bill.number, bill.projectName)),
    hiddenDescription: crc,
    payer: { email: payerEmail, name: bill.clientName },
    lang: bill.clientLocale,
    notificationUrl: tpayNotificationUrl(deps.env, connection.notifyKey),
    successUrl: returnUrl,
    errorUrl: `${returnUrl}?error=1`,
  });

  const now = new Date().toISOString();
  const claimed = and(
    eq(bills.id, bill.id),
    eq(bills.userId, scope.userId),
    eq(bills.paymentClaimId, claimId),
    inArray(bills.status, UNPAID_BILL_STATUSES),
  );
  const logged = guardedActivity(
    db,
    {
      userId: scope.userId,
      projectId: scope.projectId,
      actor: "client",
      action: "bill.payment_started",
      subjectType: "bill",
      subjectId: bill.id,
      data: { number: bill.number, total: amount, title: created.title },
    },
    sql`EXISTS (SELECT 1 FROM ${bills} WHERE ${claimed})
      AND EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${scope.projectId} AND ${projects.shareTokenHash} = ${scope.shareTokenHash})`,
  );
  const [, , stored] = await db.batch([
    logged.insert,
    // tpay_transactions columns: id, user_id, purpose, bill_id, subscription_order_id, account,
    // connection_id, environment, merchant_id, transaction_id, title, crc, amount, currency,
    // payment_url, status, test_mode_at, last_checked_at, created_at, updated_at.
    db.insert(tpayTransactions).select(
      sql`SELECT ${rowId}, ${scope.userId}, 'bill', ${bill.id}, NULL, 'freelancer', ${connection.id}, ${account.environment}, ${account.merchantId},
                 ${created.transactionId}, ${created.title}, ${crc}, ${amount}, 'PLN', ${created.paymentUrl}, 'pending', NULL, NULL, ${now}, ${now}
          WHERE ${logged.written}`,
    ),
    db
      .update(bills)
      .set({ status: "awaiting_payment", paymentClaimId: null, paymentClaimedAt: null, updatedAt: now })
      .where(and(claimed, logged.written))
      .returning({ id: bills.id }),
    db
      .update(tasks)
      .set({ payment: "pending", updatedAt: now })
      .where(
        and(
          eq(tasks.userId, scope.userId),
          eq(tasks.payment, "unpaid"),
          sql`${tasks.id} IN (SELECT bi.task_id FROM ${billItems} bi WHERE bi.bill_id = ${bill.id} AND bi.active = 1)`,
          logged.written,
        ),
      ),
  ]);

  if (stored.length === 0) {
    // The bill was paid, cancelled or its link changed while Tpay was asked: the new
    // transaction must not stay payable.
    try {
      await cancelTpayTransaction(deps.tpayFetch, tpayOrigins(deps.env, account.environment), account, created.transactionId);
    } catch (error) {
      logWarn("bill_payment.cancel_unused_failed", { billId: bill.id, transactionId: created.transactionId, error: error instanceof Error ? error.message : String(error) });
    }
    await releaseClaim(db, bill.id, claimId);
    const current = await readPayableBill(db, scope, bill.id);
    if (!current) return { status: "not_found" };
    return UNPAID_BILL_STATUSES.includes(current.status) ? { status: "busy" } : { status: "not_unpaid", billStatus: current.status };
  }
  logInfo("bill_payment.started", { billId: bill.id, transactionRowId: rowId, title: created.title });
  return { status: "redirect", paymentUrl: created.paymentUrl, transactionRowId: rowId };
}

/**
 * Records that Tpay rejected the current connection's credentials while the client was paying:
 * the connection becomes failed (so onlinePaymentsEnabled is false), with a tpay.checked
 * activity row and one payment_problem notification to the freelancer. Only the request that
 * switches a verified connection whose credentials are unchanged writes anything, so a
 * replacement saved meanwhile stays verified and repeated clicks notify once.
 */
async function recordRejectedCredentials(context: PaymentContext): Promise<void> {
  const { db, deps, scope, bill } = context;
  const { connection } = context.current;
  const now = new Date().toISOString();
  const notificationId = randomId();
  const stillVerified = and(
    eq(tpayConnections.id, connection.id),
    eq(tpayConnections.userId, scope.userId),
    isNull(tpayConnections.disconnectedAt),
    eq(tpayConnections.status, "verified"),
    eq(tpayConnections.credentials, connection.credentials),
  );
  const logged = guardedActivity(
    db,
    {
      userId: scope.userId,
      projectId: scope.projectId,
      actor: "system",
      action: "tpay.checked",
      subjectType: "tpay_connection",
      subjectId: connection.id,
      data: { result: "invalid_credentials", status: "failed", source: "bill_payment", number: bill.number, merchantId: connection.merchantId },
    },
    sql`EXISTS (SELECT 1 FROM ${tpayConnections} WHERE ${stillVerified})`,
  );
  try {
    const [written] = await db.batch([
      logged.insert.returning({ id: activity.id }),
      db
        .update(tpayConnections)
        .set({ status: "failed", lastError: "invalid_credentials", checkedAt: now, updatedAt: now })
        .where(and(stillVerified, logged.written)),
      notificationInsertWhen(
        db,
        {
          userId: scope.userId,
          projectId: scope.projectId,
          type: "payment_problem",
          data: { projectName: bill.projectName, number: bill.number, reason: billsText.credentialsRejectedReason(bill.number) },
        },
        logged.written,
        notificationId,
      ),
    ]);
    if (written.length === 0) return;
    logWarn("bill_payment.credentials_rejected", { userId: scope.userId, connectionId: connection.id, billId: bill.id });
    await dispatchNotifications(deps.env.EMAIL_QUEUE, [notificationId]);
  } catch (error) {
    // The client still gets the message; the next attempt records it again.
    logError("bill_payment.record_rejected_failed", error, { userId: scope.userId, connectionId: connection.id });
  }
}

// ---------------------------------------------------------------------------------------------
// The payer's return page

/**
 * The state the return page shows for one transaction. `paid` only when this transaction's
 * payment is applied and is the bill's paid payment. `refund_due_cancelled` and
 * `refund_due_paid`: money arrived for a bill that was cancelled or already paid otherwise, so
 * the freelancer returns it.
 */
export type PaymentReturnState =
  | "pending"
  | "paid"
  | "failed"
  | "cancelled"
  | "underpaid"
  | "refunded"
  | "refund_due_cancelled"
  | "refund_due_paid";

export interface PaymentReturn {
  locale: "pl" | "en";
  number: number;
  total: number;
  freelancerName: string;
  state: PaymentReturnState;
}

const TRANSACTION_ROW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ReturnFacts {
  transactionStatus: TpayTransaction["status"];
  billStatus: BillStatus;
  paidPaymentId: string | null;
  payments: { id: string; status: "applied" | "flagged" | "refunded"; flag: string | null }[];
}

/** Decides the return page's state from the transaction, its bill and the payments recorded under it. */
export function paymentReturnState(facts: ReturnFacts, error: boolean): PaymentReturnState {
  const applied = facts.payments.find((payment) => payment.status === "applied" && payment.id === facts.paidPaymentId);
  if (applied && facts.billStatus === "paid") return "paid";
  if (facts.payments.some((payment) => payment.status === "refunded") || facts.transactionStatus === "refunded") return "refunded";
  const flagged = facts.payments.filter((payment) => payment.status === "flagged");
  if (flagged.length > 0) {
    // Less than the total is a shortfall only while the bill can still be paid.
    if (UNPAID_BILL_STATUSES.includes(facts.billStatus) && flagged.every((payment) => payment.flag === "underpaid")) return "underpaid";
    return facts.billStatus === "cancelled" ? "refund_due_cancelled" : "refund_due_paid";
  }
  if (facts.transactionStatus === "pending" && UNPAID_BILL_STATUSES.includes(facts.billStatus)) return error ? "failed" : "pending";
  return "cancelled";
}

/**
 * Loads what the payer's return page shows for our transaction row id: only the bill's number
 * and total, the freelancer's name and the payment's state. `error` is Tpay's error return.
 * Null for an unknown id or a transaction that does not pay a bill.
 */
export async function getPaymentReturn(db: Db, transactionRowId: string, error: boolean): Promise<PaymentReturn | null> {
  if (!TRANSACTION_ROW_ID.test(transactionRowId)) return null;
  const [rows, paymentRows] = await db.batch([
    db
      .select({
        transactionStatus: tpayTransactions.status,
        amount: tpayTransactions.amount,
        number: bills.number,
        billStatus: sql<BillStatus>`${bills.status}`.as("bill_status"),
        paidPaymentId: bills.paidPaymentId,
        locale: projects.clientLocale,
        freelancerName: sql<string>`${users.name}`.as("freelancer_name"),
      })
      .from(tpayTransactions)
      .innerJoin(bills, and(eq(bills.id, tpayTransactions.billId), eq(bills.userId, tpayTransactions.userId)))
      .innerJoin(projects, eq(projects.id, bills.projectId))
      .innerJoin(users, eq(users.id, bills.userId))
      .where(and(eq(tpayTransactions.id, transactionRowId), eq(tpayTransactions.purpose, "bill")))
      .limit(1),
    db
      .select({ id: payments.id, status: payments.status, flag: payments.flag })
      .from(payments)
      .where(and(eq(payments.tpayTransactionId, transactionRowId), eq(payments.purpose, "bill"))),
  ]);
  const row = rows[0];
  if (!row) return null;
  const state = paymentReturnState({ transactionStatus: row.transactionStatus, billStatus: row.billStatus, paidPaymentId: row.paidPaymentId, payments: paymentRows }, error);
  return { locale: row.locale, number: row.number, total: row.amount, freelancerName: row.freelancerName, state };
}
