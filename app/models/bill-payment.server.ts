import { and, desc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { billItems, bills, clients, projects, tasks, tpayTransactions, users } from "~/db/schema";
import { clientText } from "~/i18n/client";
import { randomId, randomToken } from "~/utils/crypto.server";
import { logError, logInfo, logWarn } from "~/utils/log.server";
import { guardedActivity } from "./activity-guard.server";
import { UNPAID_BILL_STATUSES, isBillId, type BillOwner, type BillStatus } from "./bills.server";
import {
  cancelTpayTransaction,
  createTpayTransaction,
  TpayError,
  tpayOrigins,
  type TpayAccount,
  type TpayErrorKind,
  type TpayFetch,
} from "./tpay-api.server";
import { loadTpayConnection, onlinePaymentsEnabled, tpayNotificationUrl } from "./tpay-connections.server";

// "Zapłać teraz": starts a Tpay transaction for a bill and returns where to send the payer,
// and the payer's return page after Tpay (/pay/return/<tpay_transactions.id>).
//
// At most one request creates a transaction for a bill at a time. It claims the bill with a
// conditional UPDATE of bills.payment_claim_id; another request for the same bill (a second
// tab, a double click) waits for the winner's transaction and sends the payer to it. A pending
// transaction younger than PENDING_REUSE_MS is reused. An older one is cancelled at Tpay
// (best effort) and marked cancelled when the new one is stored, so one bill has one live
// payment link. The amount is the sum of the bill's items, whatever the form sent.

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

export type StartPaymentResult =
  | { status: "redirect"; paymentUrl: string; transactionRowId: string }
  | { status: "not_found" }
  | { status: "not_unpaid"; billStatus: BillStatus }
  | { status: "payments_disabled" }
  | { status: "busy" }
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
  freelancerEmail: string;
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
        freelancerEmail: sql<string>`${users.email}`.as("freelancer_email"),
        itemsTotal: sql<number>`(SELECT COALESCE(SUM(bi.amount), 0) FROM ${billItems} bi WHERE bi.bill_id = ${bills.id} AND bi.active = 1)`.as(
          "items_total",
        ),
      })
      .from(bills)
      .innerJoin(projects, and(eq(projects.id, bills.projectId), eq(projects.userId, bills.userId)))
      .innerJoin(clients, eq(clients.id, projects.clientId))
      .innerJoin(users, eq(users.id, bills.userId))
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

/** The bill's newest pending transaction created after `since`, or null. */
async function findFreshTransaction(db: Db, userId: string, billId: string, since: Date) {
  const [row] = await db
    .select({ id: tpayTransactions.id, paymentUrl: tpayTransactions.paymentUrl })
    .from(tpayTransactions)
    .where(
      and(
        eq(tpayTransactions.billId, billId),
        eq(tpayTransactions.userId, userId),
        eq(tpayTransactions.status, "pending"),
        gt(tpayTransactions.createdAt, since.toISOString()),
      ),
    )
    .orderBy(desc(tpayTransactions.createdAt))
    .limit(1);
  return row ?? null;
}

/** Takes the bill's payment claim unless another request holds a fresh one. */
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
 * Waits while another request holds the claim, for the transaction it creates. Returns it,
 * or null when the claim was released without one (its Tpay call failed) or the wait ran out.
 */
async function waitForWinner(db: Db, scope: PaymentScope, billId: string, startedAt: Date) {
  const since = new Date(startedAt.getTime() - PENDING_REUSE_MS);
  const deadline = Date.now() + CLAIM_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    const fresh = await findFreshTransaction(db, scope.userId, billId, since);
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

/**
 * Starts paying a bill through the freelancer's Tpay connection (see the file comment).
 * Returns the URL of Tpay's payment page, or why there is none. A failed Tpay call changes
 * nothing, so the bill stays payable.
 */
export async function startBillPayment(db: Db, deps: PaymentDeps, scope: PaymentScope, billId: string): Promise<StartPaymentResult> {
  if (!isBillId(billId)) return { status: "not_found" };
  const bill = await readPayableBill(db, scope, billId);
  if (!bill) return { status: "not_found" };
  if (!UNPAID_BILL_STATUSES.includes(bill.status)) return { status: "not_unpaid", billStatus: bill.status };

  const loaded = await loadTpayConnection(db, deps.env, scope.userId);
  if (!loaded || !onlinePaymentsEnabled(loaded.connection)) return { status: "payments_disabled" };
  const { account, connection } = loaded;

  const startedAt = new Date();
  const reuseSince = new Date(startedAt.getTime() - PENDING_REUSE_MS);
  const reusable = await findFreshTransaction(db, scope.userId, billId, reuseSince);
  if (reusable) return { status: "redirect", paymentUrl: reusable.paymentUrl, transactionRowId: reusable.id };

  const claimId = randomId();
  if (!(await claimBill(db, scope, billId, claimId, startedAt))) {
    const winner = await waitForWinner(db, scope, billId, startedAt);
    return winner ? { status: "redirect", paymentUrl: winner.paymentUrl, transactionRowId: winner.id } : { status: "busy" };
  }

  try {
    // Another request may have stored its transaction between the first look and the claim.
    const stored = await findFreshTransaction(db, scope.userId, billId, reuseSince);
    if (stored) {
      await releaseClaim(db, billId, claimId);
      return { status: "redirect", paymentUrl: stored.paymentUrl, transactionRowId: stored.id };
    }
    return await createAndStore(db, deps, scope, bill, account, connection.notifyKey, claimId);
  } catch (error) {
    await releaseClaim(db, billId, claimId).catch((releaseError: unknown) =>
      logError("bill_payment.release_failed", releaseError, { billId }),
    );
    if (error instanceof TpayError) {
      logWarn("bill_payment.tpay_failed", { billId, userId: scope.userId, kind: error.kind, status: error.status ?? null, message: error.message });
      return { status: "tpay_error", kind: error.kind };
    }
    throw error;
  }
}

/** Cancels the bill's older pending transactions at Tpay, best effort; the batch marks them cancelled. */
async function cancelOlderTransactions(db: Db, deps: PaymentDeps, account: TpayAccount, userId: string, billId: string) {
  const older = await db
    .select({ transactionId: tpayTransactions.transactionId, environment: tpayTransactions.environment, merchantId: tpayTransactions.merchantId })
    .from(tpayTransactions)
    .where(and(eq(tpayTransactions.billId, billId), eq(tpayTransactions.userId, userId), eq(tpayTransactions.status, "pending")));
  for (const row of older) {
    if (row.environment !== account.environment || row.merchantId !== account.merchantId) continue;
    try {
      await cancelTpayTransaction(deps.tpayFetch, tpayOrigins(deps.env, account.environment), account, row.transactionId);
    } catch (error) {
      logWarn("bill_payment.cancel_older_failed", { billId, transactionId: row.transactionId, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

async function createAndStore(
  db: Db,
  deps: PaymentDeps,
  scope: PaymentScope,
  bill: PayableBill,
  account: TpayAccount,
  notifyKey: string,
  claimId: string,
): Promise<StartPaymentResult> {
  await cancelOlderTransactions(db, deps, account, scope.userId, bill.id);

  const t = clientText(bill.clientLocale).bills;
  const rowId = randomId();
  const crc = newBillCrc();
  const amount = bill.itemsTotal;
  const returnUrl = paymentReturnUrl(deps.env, rowId);
  const created = await createTpayTransaction(deps.tpayFetch, tpayOrigins(deps.env, account.environment), account, {
    amount,
    description: tpayDescriptionText(t.tpayDescription(bill.number, bill.projectName)),
    hiddenDescription: crc,
    payer: { email: bill.clientEmail ?? bill.recipientEmail ?? bill.freelancerEmail, name: bill.clientName },
    lang: bill.clientLocale,
    notificationUrl: tpayNotificationUrl(deps.env, notifyKey),
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
  const [, , , stored] = await db.batch([
    logged.insert,
    db
      .update(tpayTransactions)
      .set({ status: "cancelled", updatedAt: now })
      .where(and(eq(tpayTransactions.billId, bill.id), eq(tpayTransactions.status, "pending"), logged.written)),
    // tpay_transactions columns: id, user_id, purpose, bill_id, subscription_order_id, account,
    // environment, merchant_id, transaction_id, title, crc, amount, currency, payment_url,
    // status, last_checked_at, created_at, updated_at.
    db.insert(tpayTransactions).select(
      sql`SELECT ${rowId}, ${scope.userId}, 'bill', ${bill.id}, NULL, 'freelancer', ${account.environment}, ${account.merchantId},
                 ${created.transactionId}, ${created.title}, ${crc}, ${amount}, 'PLN', ${created.paymentUrl}, 'pending', NULL, ${now}, ${now}
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

// ---------------------------------------------------------------------------------------------
// The payer's return page

export type PaymentReturnState = "pending" | "paid" | "failed" | "cancelled";

export interface PaymentReturn {
  locale: "pl" | "en";
  number: number;
  total: number;
  freelancerName: string;
  state: PaymentReturnState;
}

const TRANSACTION_ROW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What the payer's return page shows for our transaction row id: only the bill's number and
 * total, the freelancer's name and the payment's state. `error` is Tpay's error return.
 * Null for an unknown id or a transaction that does not pay a bill.
 */
export async function getPaymentReturn(db: Db, transactionRowId: string, error: boolean): Promise<PaymentReturn | null> {
  if (!TRANSACTION_ROW_ID.test(transactionRowId)) return null;
  const [row] = await db
    .select({
      transactionStatus: tpayTransactions.status,
      amount: tpayTransactions.amount,
      number: bills.number,
      billStatus: sql<BillStatus>`${bills.status}`.as("bill_status"),
      locale: projects.clientLocale,
      freelancerName: sql<string>`${users.name}`.as("freelancer_name"),
    })
    .from(tpayTransactions)
    .innerJoin(bills, and(eq(bills.id, tpayTransactions.billId), eq(bills.userId, tpayTransactions.userId)))
    .innerJoin(projects, eq(projects.id, bills.projectId))
    .innerJoin(users, eq(users.id, bills.userId))
    .where(and(eq(tpayTransactions.id, transactionRowId), eq(tpayTransactions.purpose, "bill")))
    .limit(1);
  if (!row) return null;

  let state: PaymentReturnState;
  if (row.transactionStatus === "paid" || row.billStatus === "paid") state = "paid";
  else if (error) state = "failed";
  else if (row.transactionStatus === "pending" && row.billStatus === "awaiting_payment") state = "pending";
  else state = "cancelled";
  return { locale: row.locale, number: row.number, total: row.amount, freelancerName: row.freelancerName, state };
}
