import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "~/db/client.server";
import {
  activity,
  billItems,
  bills,
  notifications,
  payments,
  projects,
  subscriptionOrders,
  tasks,
  tpayConnections,
  tpayTransactions,
  users,
  type TpayTransaction,
} from "~/db/schema";
import { paymentsText } from "~/i18n/pl";
import { randomId, sha256Hex } from "~/utils/crypto.server";
import { logInfo, logWarn } from "~/utils/log.server";
import { formatMoney } from "~/utils/money";
import { guardedActivity } from "./activity-guard.server";
import { activityInsertWhen } from "./activity.server";
import { dispatchNotifications, notificationInsertWhen } from "./notifications.server";
import { getTpayTransaction, listTpayRefunds, type TpayAccount, type TpayEnvironment, type TpayFetch, type TpayOrigins } from "./tpay-api.server";

// Money learnt from Tpay, by a verified notification or by the reconciliation job, is applied
// here and only here (applyTpayPaymentEvent). Every change is one D1 batch that starts with an
// INSERT of the `payments` row, unique on (environment, Tpay title), with a fresh id. Each later
// statement runs only while the row with that id exists, so of any number of concurrent or
// repeated deliveries of one title exactly one changes anything.

export interface PaymentDeps {
  db: Db;
  /** The e-mail queue, which also carries the notifications written here. */
  queue: Queue<unknown>;
  /**
   * The Tpay account the transaction belongs to, for reading its refunds. A CHARGEBACK cannot
   * be applied without it and throws TpayEventRetryError.
   */
  tpay?: TpayLookup;
}

/** How to reach the Tpay account of a transaction: its API origins and credentials. */
export interface TpayLookup {
  tpayFetch: TpayFetch;
  origins: TpayOrigins;
  account: TpayAccount;
}

/**
 * An event that cannot be applied yet, while Tpay may resend it: Tpay's API could not confirm
 * the refund a CHARGEBACK reports. The notification route responds with 5xx (never FALSE), so
 * Tpay sends the notification again later. A TpayError thrown while reading Tpay's API is handled
 * the same way.
 */
export class TpayEventRetryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TpayEventRetryError";
  }
}

/** tr_status of a payment notification (integrations: Tpay BasicPayment). */
export type TpayEventStatus = "TRUE" | "PAID" | "CHARGEBACK" | "FALSE";

export interface TpayPaymentEvent {
  /** Our tpay_transactions row, already matched by crc, owner, environment and title. */
  transaction: TpayTransaction;
  status: TpayEventStatus;
  /** tr_error: none, overpay, surcharge, or anything Tpay adds later. */
  error: string;
  /** Grosze paid (tr_paid, or payments.amountPaid from the API). */
  paid: number;
  testMode: boolean;
  /** Tpay's transaction title (tr_id), which keys the payments row. */
  title: string;
  source: "notification" | "reconciliation";
}

/**
 * Outcome of applying an event. The notification route returns TRUE for every outcome except
 * `declined_*` (two-step mode: the payment is refused, so Tpay returns it) and `test_mode`.
 */
export type TpayPaymentOutcome =
  | "applied"
  | "applied_overpaid"
  | "flagged_underpaid"
  | "flagged_not_payable"
  | "flagged_overpay_pending"
  | "duplicate"
  | "accepted"
  | "declined_not_payable"
  | "declined_underpaid"
  | "ignored"
  | "refunded"
  | "refunded_partially"
  | "test_mode";

const PAYABLE_BILL_STATUSES = ["open", "sent", "awaiting_payment"] as const;

type Statement = BatchItem<"sqlite">;
type Statements = [Statement, ...Statement[]];

/** The bill a transaction pays, with what the notifications and timeline show. */
interface BillContext {
  id: string;
  number: number;
  projectId: string;
  projectName: string;
  status: string;
  total: number;
}

async function loadBillContext(db: Db, transaction: TpayTransaction): Promise<BillContext | null> {
  if (!transaction.billId) return null;
  const [row] = await db
    .select({ id: bills.id, number: bills.number, projectId: bills.projectId, projectName: projects.name, status: bills.status, total: bills.total })
    .from(bills)
    .innerJoin(projects, eq(projects.id, bills.projectId))
    .where(and(eq(bills.id, transaction.billId), eq(bills.userId, transaction.userId)))
    .limit(1);
  return row ?? null;
}

async function loadOrder(db: Db, transaction: TpayTransaction) {
  if (!transaction.subscriptionOrderId) return null;
  const [row] = await db
    .select()
    .from(subscriptionOrders)
    .where(and(eq(subscriptionOrders.id, transaction.subscriptionOrderId), eq(subscriptionOrders.userId, transaction.userId)))
    .limit(1);
  return row ?? null;
}

function paymentExists(id: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.id} = ${id})`;
}

function paymentInState(id: string, status: "applied" | "flagged", flag?: "not_payable"): SQL {
  return flag
    ? sql`EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.id} = ${id} AND ${payments.status} = ${status} AND ${payments.flag} = ${flag})`
    : sql`EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.id} = ${id} AND ${payments.status} = ${status})`;
}

/** Marks the transaction row paid once money arrived under its title (never from refunded). */
function markTransactionPaid(db: Db, transactionId: string, paymentId: string, stamp: string) {
  return db
    .update(tpayTransactions)
    .set({ status: "paid", updatedAt: stamp })
    .where(and(eq(tpayTransactions.id, transactionId), inArray(tpayTransactions.status, ["pending", "cancelled"]), paymentExists(paymentId)));
}

/**
 * Applies one verified payment event from Tpay: a notification or what the reconciliation job
 * read from the API. Idempotent: a repeated or concurrent event with the same title changes
 * nothing and returns `duplicate`. Notifications written by the batch are queued afterwards.
 */
export async function applyTpayPaymentEvent(deps: PaymentDeps, event: TpayPaymentEvent, now = new Date()): Promise<TpayPaymentOutcome> {
  const { transaction } = event;
  // The route rejects these before calling; kept so that no caller can apply test money.
  if (event.testMode && transaction.environment === "production") return "test_mode";

  let outcome: TpayPaymentOutcome;
  switch (event.status) {
    case "FALSE":
      // tr_error overpay: an overpayment the merchant has not accepted yet, and a TRUE follows
      // if they do. Any other FALSE changes nothing.
      outcome = event.error === "overpay" ? await flagPendingOverpayment(deps, event) : "ignored";
      break;
    case "PAID":
      outcome = await decideTwoStepPayment(deps.db, event);
      break;
    case "CHARGEBACK":
      outcome = await applyChargeback(deps, event, now);
      break;
    case "TRUE":
      outcome = isFullPayment(event) ? await applyFullPayment(deps, event, now) : await applyUnderpayment(deps, event, now);
      break;
  }
  logInfo("payment.tpay_event", {
    source: event.source,
    status: event.status,
    outcome,
    transactionId: transaction.id,
    title: event.title,
    paid: event.paid,
    expected: transaction.amount,
  });
  return outcome;
}

function isFullPayment(event: TpayPaymentEvent): boolean {
  return event.paid >= event.transaction.amount && (event.error === "none" || event.error === "overpay");
}

/**
 * Decides the first notification of Tpay's two-step mode (tr_status PAID), which lets the
 * merchant accept or decline the money. It is accepted while the bill or order can still be
 * paid and at least the amount asked was paid. Nothing is written until the second
 * notification (TRUE or CHARGEBACK).
 */
async function decideTwoStepPayment(db: Db, event: TpayPaymentEvent): Promise<TpayPaymentOutcome> {
  const { transaction } = event;
  const [existing] = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.environment, transaction.environment), eq(payments.providerTitle, event.title)))
    .limit(1);
  if (existing) return "duplicate";

  let payable: boolean;
  if (transaction.purpose === "bill") {
    const bill = await loadBillContext(db, transaction);
    payable = bill !== null && (PAYABLE_BILL_STATUSES as readonly string[]).includes(bill.status);
  } else {
    const order = await loadOrder(db, transaction);
    payable = order?.status === "pending";
  }
  if (!payable || transaction.status === "refunded" || transaction.status === "paid") return "declined_not_payable";
  return isFullPayment(event) ? "accepted" : "declined_underpaid";
}

/** Builds the payments row of a Tpay event. Its status and flag record what the money paid for. */
function paymentValues(
  event: TpayPaymentEvent,
  bill: BillContext | null,
  id: string,
  stamp: string,
  status: "applied" | "flagged" | "refunded",
  flag: "overpaid" | "underpaid" | null,
) {
  const { transaction } = event;
  return {
    id,
    userId: transaction.userId,
    purpose: transaction.purpose,
    projectId: bill?.projectId ?? null,
    billId: transaction.billId,
    subscriptionOrderId: transaction.subscriptionOrderId,
    method: "tpay" as const,
    tpayTransactionId: transaction.id,
    environment: transaction.environment,
    providerTitle: event.title,
    amount: event.paid,
    expectedAmount: transaction.amount,
    status,
    flag,
    paidAt: stamp,
    refundedAt: status === "refunded" ? stamp : null,
    createdAt: stamp,
  };
}

/** TRUE with at least the amount asked (error none or overpay): the bill or order is paid, once. */
async function applyFullPayment(deps: PaymentDeps, event: TpayPaymentEvent, now: Date): Promise<TpayPaymentOutcome> {
  const { db } = deps;
  const { transaction } = event;
  const id = randomId();
  const stamp = now.toISOString();
  const overpaid = event.paid > transaction.amount;
  const flag = overpaid ? "overpaid" : null;
  if (transaction.purpose === "subscription") {
    const insert = db.insert(payments).values(paymentValues(event, null, id, stamp, "applied", flag)).onConflictDoNothing().returning({ id: payments.id });
    return applySubscriptionPayment(deps, event, id, stamp, insert);
  }

  const bill = await loadBillContext(db, transaction);
  // Deleting a bill deletes its transactions, so this means inconsistent data: Tpay retries later.
  if (!bill) throw new Error(`Tpay transaction ${transaction.id} has no bill`);
  const insert = db.insert(payments).values(paymentValues(event, bill, id, stamp, "applied", flag)).onConflictDoNothing().returning({ id: payments.id });
  const paid = formatMoney(event.paid);
  const total = formatMoney(transaction.amount);
  const excess = formatMoney(Math.max(0, event.paid - transaction.amount));
  const paidByThis = sql`EXISTS (SELECT 1 FROM ${bills} WHERE ${bills.id} = ${bill.id} AND ${bills.paidPaymentId} = ${id})`;
  const notPayable = paymentInState(id, "flagged", "not_payable");
  const activityBase = { userId: transaction.userId, projectId: bill.projectId, actor: "system" as const };
  const paymentData = { number: bill.number, amount: event.paid, total: transaction.amount, title: event.title, source: event.source };
  const receivedId = randomId();
  const notPayableId = randomId();
  // One notification (so one e-mail) per payment: the received one carries the overpayment.
  const receivedData = overpaid
    ? {
        projectName: bill.projectName,
        number: bill.number,
        amount: event.paid,
        overpaid: event.paid - transaction.amount,
        reason: paymentsText.reasonOverpaid(paid, total, excess),
      }
    : { projectName: bill.projectName, number: bill.number, amount: event.paid };

  const statements: Statements = [
    insert,
    // Money for a bill that is no longer payable (paid under another title, or cancelled) is
    // kept as a flagged payment to refund. Checked first, so the bill's state below agrees.
    db
      .update(payments)
      .set({ status: "flagged", flag: "not_payable" })
      .where(
        and(
          eq(payments.id, id),
          sql`NOT EXISTS (SELECT 1 FROM ${bills} WHERE ${bills.id} = ${bill.id} AND ${bills.userId} = ${transaction.userId}
                AND ${bills.status} IN ('open', 'sent', 'awaiting_payment'))`,
        ),
      )
      .returning({ id: payments.id }),
    markTransactionPaid(db, transaction.id, id, stamp),
    db
      .update(bills)
      .set({ status: "paid", paidVia: "tpay", paidPaymentId: id, paidAt: stamp, updatedAt: stamp })
      .where(
        and(
          eq(bills.id, bill.id),
          eq(bills.userId, transaction.userId),
          inArray(bills.status, [...PAYABLE_BILL_STATUSES]),
          paymentInState(id, "applied"),
        ),
      ),
    db
      .update(tasks)
      .set({ payment: "paid", paidVia: "tpay", paidAt: stamp, updatedAt: stamp })
      .where(
        and(
          eq(tasks.userId, transaction.userId),
          inArray(tasks.payment, ["unpaid", "pending"]),
          sql`${tasks.id} IN (SELECT ${billItems.taskId} FROM ${billItems} WHERE ${billItems.billId} = ${bill.id} AND ${billItems.active} = 1)`,
          paidByThis,
        ),
      ),
    activityInsertWhen(db, { ...activityBase, action: "payment.received", subjectType: "payment", subjectId: id, data: paymentData }, paidByThis),
    activityInsertWhen(
      db,
      { ...activityBase, action: "bill.paid", subjectType: "bill", subjectId: bill.id, data: { number: bill.number, total: transaction.amount, paymentId: id } },
      paidByThis,
    ),
    notificationInsertWhen(
      db,
      { userId: transaction.userId, projectId: bill.projectId, type: "payment_received", data: receivedData },
      paidByThis,
      receivedId,
    ),
    activityInsertWhen(
      db,
      { ...activityBase, action: "payment.flagged", subjectType: "payment", subjectId: id, data: { ...paymentData, flag: "not_payable" } },
      notPayable,
    ),
    notificationInsertWhen(
      db,
      {
        userId: transaction.userId,
        projectId: bill.projectId,
        type: "payment_problem",
        data: { projectName: bill.projectName, number: bill.number, amount: event.paid, reason: paymentsText.reasonNotPayable(paid, event.title) },
      },
      notPayable,
      notPayableId,
    ),
  ];

  const [inserted, flagged] = (await db.batch(statements)) as [{ id: string }[], { id: string }[], ...unknown[]];
  if (inserted.length === 0) return "duplicate";
  if (flagged.length > 0) {
    logWarn("payment.not_payable", { transactionId: transaction.id, billId: bill.id, title: event.title, paid: event.paid });
    await dispatchNotifications(deps.queue, [notPayableId]);
    return "flagged_not_payable";
  }
  await dispatchNotifications(deps.queue, [receivedId]);
  return overpaid ? "applied_overpaid" : "applied";
}

/**
 * SQL for the start of the period a subscription payment buys: the latest of now, the end of
 * the paid period and the end of the trial (UTC ISO strings, which compare as text).
 */
function periodStartSql(userId: string, stamp: string): SQL {
  return sql`(SELECT max(${stamp}, coalesce(${users.paidUntil}, ''), ${users.trialEndsAt}) FROM ${users} WHERE ${users.id} = ${userId})`;
}

/**
 * SQL adding the order's `months` calendar months to `start`, keeping the time of day. A day
 * that the target month lacks becomes its last day (31 January + 1 month = 28 or 29 February),
 * where SQLite's plain '+N months' would roll over into March.
 */
function addOrderMonthsSql(start: SQL): SQL {
  const months = sql`${subscriptionOrders.months}`;
  const shifted = sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${start}, '+' || ${months} || ' months')`;
  const lastDayOfTargetMonth = sql`strftime('%Y-%m-%d', ${start}, 'start of month', '+' || (${months} + 1) || ' months', '-1 day')`;
  return sql`CASE WHEN strftime('%d', ${start}, '+' || ${months} || ' months') = strftime('%d', ${start})
    THEN ${shifted} ELSE ${lastDayOfTargetMonth} || strftime('T%H:%M:%fZ', ${start}) END`;
}

/** TRUE paying a subscription order on the platform's account: the order is paid and the account extended. */
async function applySubscriptionPayment(
  deps: PaymentDeps,
  event: TpayPaymentEvent,
  id: string,
  stamp: string,
  insert: Statement,
): Promise<TpayPaymentOutcome> {
  const { db } = deps;
  const { transaction } = event;
  const orderId = transaction.subscriptionOrderId ?? "";
  const applied = paymentInState(id, "applied");
  const start = periodStartSql(transaction.userId, stamp);
  const paymentData = { amount: event.paid, total: transaction.amount, title: event.title, source: event.source, orderId };

  const [inserted, flagged] = (await db.batch([
    insert,
    db
      .update(payments)
      .set({ status: "flagged", flag: "not_payable" })
      .where(
        and(
          eq(payments.id, id),
          sql`NOT EXISTS (SELECT 1 FROM ${subscriptionOrders} WHERE ${subscriptionOrders.id} = ${orderId}
                AND ${subscriptionOrders.userId} = ${transaction.userId} AND ${subscriptionOrders.status} = 'pending')`,
        ),
      )
      .returning({ id: payments.id }),
    markTransactionPaid(db, transaction.id, id, stamp),
    db
      .update(subscriptionOrders)
      .set({ status: "paid", paidAt: stamp, periodStart: start, periodEnd: addOrderMonthsSql(start), updatedAt: stamp })
      .where(and(eq(subscriptionOrders.id, orderId), eq(subscriptionOrders.userId, transaction.userId), eq(subscriptionOrders.status, "pending"), applied)),
    db
      .update(users)
      .set({
        paidUntil: sql`(SELECT ${subscriptionOrders.periodEnd} FROM ${subscriptionOrders} WHERE ${subscriptionOrders.id} = ${orderId})`,
        plan: sql`(SELECT ${subscriptionOrders.plan} FROM ${subscriptionOrders} WHERE ${subscriptionOrders.id} = ${orderId})`,
      })
      .where(and(eq(users.id, transaction.userId), applied)),
    activityInsertWhen(
      db,
      { userId: transaction.userId, projectId: null, actor: "system", action: "subscription.paid", subjectType: "subscription_order", subjectId: orderId, data: paymentData },
      applied,
    ),
    activityInsertWhen(
      db,
      {
        userId: transaction.userId,
        projectId: null,
        actor: "system",
        action: "payment.flagged",
        subjectType: "payment",
        subjectId: id,
        data: { ...paymentData, flag: "not_payable" },
      },
      paymentInState(id, "flagged", "not_payable"),
    ),
  ] as Statements)) as [{ id: string }[], { id: string }[], ...unknown[]];
  if (inserted.length === 0) return "duplicate";
  if (flagged.length > 0) {
    // The platform refunds it: the order was already paid or cancelled.
    logWarn("payment.subscription_not_payable", { transactionId: transaction.id, orderId, title: event.title, paid: event.paid });
    return "flagged_not_payable";
  }
  return "applied";
}

/** TRUE with less than asked, or tr_error surcharge: recorded and flagged; the bill still awaits payment. */
async function applyUnderpayment(deps: PaymentDeps, event: TpayPaymentEvent, now: Date): Promise<TpayPaymentOutcome> {
  const { db } = deps;
  const { transaction } = event;
  const id = randomId();
  const stamp = now.toISOString();
  const bill = await loadBillContext(db, transaction);
  const written = paymentExists(id);
  const problemId = randomId();

  const statements: Statements = [
    db.insert(payments).values(paymentValues(event, bill, id, stamp, "flagged", "underpaid")).onConflictDoNothing().returning({ id: payments.id }),
    markTransactionPaid(db, transaction.id, id, stamp),
    activityInsertWhen(
      db,
      {
        userId: transaction.userId,
        projectId: bill?.projectId ?? null,
        actor: "system",
        action: "payment.flagged",
        subjectType: "payment",
        subjectId: id,
        data: { number: bill?.number ?? null, amount: event.paid, total: transaction.amount, title: event.title, flag: "underpaid", error: event.error, source: event.source },
      },
      written,
    ),
  ];

  if (bill) {
    statements.push(
      notificationInsertWhen(
        db,
        {
          userId: transaction.userId,
          projectId: bill.projectId,
          type: "payment_problem",
          data: {
            projectName: bill.projectName,
            number: bill.number,
            amount: event.paid,
            reason: paymentsText.reasonUnderpaid(formatMoney(event.paid), formatMoney(transaction.amount)),
          },
        },
        written,
        problemId,
      ),
    );
  }

  const [inserted] = (await db.batch(statements)) as [{ id: string }[], ...unknown[]];
  if (inserted.length === 0) return "duplicate";
  logWarn("payment.underpaid", { transactionId: transaction.id, title: event.title, paid: event.paid, expected: transaction.amount, error: event.error });
  if (bill) await dispatchNotifications(deps.queue, [problemId]);
  return "flagged_underpaid";
}

/**
 * FALSE with tr_error overpay: the payer paid more than asked and the account accepts only
 * exact amounts, so Tpay keeps the money until the freelancer accepts the overpayment (a TRUE
 * follows) or returns it in Tpay's panel. Writes one payment.flagged activity row and one
 * payment_problem notification per title. The notification's id is derived from the title, and
 * redeliveries find it and change nothing. Nothing is written once the title has a payment.
 */
async function flagPendingOverpayment(deps: PaymentDeps, event: TpayPaymentEvent): Promise<TpayPaymentOutcome> {
  const { db } = deps;
  const { transaction } = event;
  const bill = await loadBillContext(db, transaction);
  if (!bill) {
    // A subscription order on the platform's account: the platform decides in its own panel.
    logWarn("payment.overpay_pending", { transactionId: transaction.id, title: event.title, paid: event.paid, expected: transaction.amount });
    return "ignored";
  }

  const notificationId = await overpayPendingNotificationId(transaction.environment, event.title);
  const guard = guardedActivity(
    db,
    {
      userId: transaction.userId,
      projectId: bill.projectId,
      actor: "system",
      action: "payment.flagged",
      subjectType: "tpay_transaction",
      subjectId: transaction.id,
      data: { number: bill.number, amount: event.paid, total: transaction.amount, title: event.title, flag: "overpay_pending", source: event.source },
    },
    sql`NOT EXISTS (SELECT 1 FROM ${notifications} WHERE ${notifications.id} = ${notificationId})
      AND NOT EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.environment} = ${transaction.environment} AND ${payments.providerTitle} = ${event.title})`,
  );

  const reason = paymentsText.reasonOverpayPending(formatMoney(event.paid), formatMoney(transaction.amount), formatMoney(event.paid - transaction.amount), event.title);
  const [written] = await db.batch([
    guard.insert.returning({ id: activity.id }),
    notificationInsertWhen(
      db,
      { userId: transaction.userId, projectId: bill.projectId, type: "payment_problem", data: { projectName: bill.projectName, number: bill.number, amount: event.paid, reason } },
      guard.written,
      notificationId,
    ).onConflictDoNothing(),
  ]);
  if (written.length === 0) return "duplicate";

  logWarn("payment.overpay_pending", { transactionId: transaction.id, title: event.title, paid: event.paid, expected: transaction.amount });
  await dispatchNotifications(deps.queue, [notificationId]);
  return "flagged_overpay_pending";
}

/** The id of the one "accept or return the overpayment" notification of a Tpay title. */
async function overpayPendingNotificationId(environment: TpayEnvironment, title: string): Promise<string> {
  return (await sha256Hex(`${environment}\n${title}\noverpay_pending`)).slice(0, 32);
}

/** The payments row of a Tpay title, when one was recorded. */
interface TitlePayment {
  id: string;
  amount: number;
  status: "applied" | "flagged" | "refunded";
  refundedAmount: number;
}

async function findTitlePayment(db: Db, environment: TpayEnvironment, title: string): Promise<TitlePayment | null> {
  const [row] = await db
    .select({ id: payments.id, amount: payments.amount, status: payments.status, refundedAmount: payments.refundedAmount })
    .from(payments)
    .where(and(eq(payments.environment, environment), eq(payments.providerTitle, title)))
    .limit(1);
  return row ?? null;
}

/** Tpay's current status of the transaction and the grosze its refunds returned so far. */
async function readTpayRefunds(deps: PaymentDeps, transaction: TpayTransaction): Promise<{ status: string; refunded: number }> {
  if (!deps.tpay) throw new TpayEventRetryError(`No Tpay account given to read the refunds of transaction ${transaction.id}`);
  const { tpayFetch, origins, account } = deps.tpay;
  const state = await getTpayTransaction(tpayFetch, origins, account, transaction.transactionId);
  const refunded = await listTpayRefunds(tpayFetch, origins, account, transaction.transactionId);
  return { status: state.status, refunded };
}

/**
 * CHARGEBACK: Tpay returned money of the title, in full or in part. Tpay's notification does not
 * say how much, so the transaction's status and refunds are read from Tpay's API (a failure
 * there is thrown, and the route responds with 5xx so that Tpay resends). payments.refunded_amount
 * becomes the refunds' total and never decreases. Only a refund of the whole payment (or Tpay's
 * status `refund`) makes the payment refunded, and the bill it paid refunded with its tasks
 * unpaid again. A partial refund keeps the bill paid and writes only an activity row.
 */
async function applyChargeback(deps: PaymentDeps, event: TpayPaymentEvent, now: Date): Promise<TpayPaymentOutcome> {
  const { transaction } = event;
  const existing = await findTitlePayment(deps.db, transaction.environment, event.title);
  if (existing?.status === "refunded") return "duplicate";

  const tpay = await readTpayRefunds(deps, transaction);
  const paymentAmount = existing?.amount ?? event.paid;
  const whole = tpay.status === "refund" || tpay.refunded >= paymentAmount;
  const context = { transactionId: transaction.id, title: event.title, tpayStatus: tpay.status, refunded: tpay.refunded, paid: paymentAmount };
  if (whole) return applyFullRefund(deps, event, now);

  if (!existing) {
    // CHARGEBACK before TRUE. When Tpay keeps money for the title (a partial refund, or a paid
    // transaction whose refund it does not list yet), a resent CHARGEBACK after the payment is
    // recorded can count it. Otherwise nothing was paid to keep: the title is recorded as
    // refunded, so a late TRUE changes nothing.
    if (tpay.refunded > 0 || tpay.status === "correct" || tpay.status === "paid") {
      logWarn("payment.chargeback_before_payment", context);
      throw new TpayEventRetryError(`CHARGEBACK for ${event.title} arrived before its payment`);
    }
    return applyFullRefund(deps, event, now);
  }
  if (tpay.refunded === 0) {
    // NOTE: assumes Tpay lists every refund that sends CHARGEBACK. A CHARGEBACK that Tpay's API
    // never confirms gets a 5xx response on every delivery and changes nothing.
    logWarn("payment.chargeback_unconfirmed", context);
    throw new TpayEventRetryError(`Tpay lists no refund of ${event.title} yet`);
  }
  return applyPartialRefund(deps, event, existing, tpay.refunded);
}

/**
 * Records a partial refund: refunded_amount rises to `total` with one payment.refunded activity
 * row. The guard compares the refunded amount read before, so the row's `amount` (this refund)
 * is exact. When another delivery changed it meanwhile, the row is read again.
 */
async function applyPartialRefund(deps: PaymentDeps, event: TpayPaymentEvent, first: TitlePayment, total: number): Promise<TpayPaymentOutcome> {
  const { db } = deps;
  const { transaction } = event;
  const bill = await loadBillContext(db, transaction);
  let current: TitlePayment | null = first;
  for (let attempt = 0; attempt < 3 && current; attempt++) {
    if (current.status === "refunded" || total <= current.refundedAmount) return "duplicate";
    const guard = guardedActivity(
      db,
      {
        userId: transaction.userId,
        projectId: bill?.projectId ?? null,
        actor: "system",
        action: "payment.refunded",
        subjectType: "payment",
        subjectId: current.id,
        data: {
          number: bill?.number ?? null,
          amount: total - current.refundedAmount,
          refunded: total,
          paid: current.amount,
          partial: true,
          title: event.title,
          source: event.source,
        },
      },
      sql`EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.id} = ${current.id} AND ${payments.status} IN ('applied', 'flagged')
            AND ${payments.refundedAmount} = ${current.refundedAmount})`,
    );
    const [written] = await db.batch([
      guard.insert.returning({ id: activity.id }),
      db.update(payments).set({ refundedAmount: total }).where(and(eq(payments.id, current.id), guard.written)),
    ]);
    if (written.length > 0) {
      logInfo("payment.refunded_partially", { transactionId: transaction.id, title: event.title, refunded: total, paid: current.amount });
      return "refunded_partially";
    }
    current = await findTitlePayment(db, transaction.environment, event.title);
  }
  return "duplicate";
}

/**
 * Refunds the title in full: its payment becomes refunded (or is recorded as refunded when the
 * refund arrives before the payment), which is final. When that payment had paid the bill, the
 * bill is refunded, its items released and its tasks unpaid again.
 */
async function applyFullRefund(deps: PaymentDeps, event: TpayPaymentEvent, now: Date): Promise<TpayPaymentOutcome> {
  const { db } = deps;
  const { transaction } = event;
  const id = randomId();
  const stamp = now.toISOString();
  const bill = await loadBillContext(db, transaction);
  const titlePayment = and(eq(payments.environment, transaction.environment), eq(payments.providerTitle, event.title));
  const titlePaymentId = sql`(SELECT ${payments.id} FROM ${payments} WHERE ${payments.environment} = ${transaction.environment}
    AND ${payments.providerTitle} = ${event.title})`;
  const projectId = bill?.projectId ?? null;
  const amount = formatMoney(event.paid);

  // Written only by the one batch that refunds this title; every later statement checks it.
  const refund = guardedActivity(
    db,
    {
      userId: transaction.userId,
      projectId,
      actor: "system",
      action: "payment.refunded",
      subjectType: "payment",
      subjectId: transaction.id,
      data: { number: bill?.number ?? null, amount: event.paid, title: event.title, source: event.source },
    },
    sql`NOT EXISTS (SELECT 1 FROM ${payments} WHERE ${titlePayment} AND ${payments.status} = 'refunded')`,
  );
  const statements: Statements = [
    refund.insert.returning({ id: activity.id }),
    db
      .insert(payments)
      .values({ ...paymentValues(event, bill, id, stamp, "refunded", null), refundedAmount: event.paid })
      .onConflictDoNothing(),
  ];

  if (transaction.purpose === "subscription" && transaction.subscriptionOrderId) {
    // The refunded payment had bought this order's period: the account ends where it started.
    // The order stays `paid` as a record. Placed before the payment turns refunded below.
    const orderId = transaction.subscriptionOrderId;
    statements.push(
      db
        .update(users)
        .set({ paidUntil: sql`(SELECT ${subscriptionOrders.periodStart} FROM ${subscriptionOrders} WHERE ${subscriptionOrders.id} = ${orderId})` })
        .where(
          and(
            eq(users.id, transaction.userId),
            refund.written,
            sql`${users.paidUntil} = (SELECT ${subscriptionOrders.periodEnd} FROM ${subscriptionOrders} WHERE ${subscriptionOrders.id} = ${orderId}
                  AND ${subscriptionOrders.status} = 'paid')`,
            sql`EXISTS (SELECT 1 FROM ${payments} WHERE ${titlePayment} AND ${payments.status} = 'applied')`,
          ),
        ),
    );
  }

  statements.push(
    db
      .update(payments)
      .set({ status: "refunded", refundedAmount: sql`${payments.amount}`, refundedAt: stamp })
      .where(and(titlePayment, inArray(payments.status, ["applied", "flagged"]), refund.written)),
    db
      .update(tpayTransactions)
      .set({ status: "refunded", updatedAt: stamp })
      .where(and(eq(tpayTransactions.id, transaction.id), sql`${tpayTransactions.status} <> 'refunded'`, refund.written)),
  );

  let billGuardIndex: number | null = null;
  const problemId = randomId();
  const plainProblemId = randomId();
  if (bill) {
    const billGuard = guardedActivity(
      db,
      { userId: transaction.userId, projectId, actor: "system", action: "bill.refunded", subjectType: "bill", subjectId: bill.id, data: { number: bill.number, amount: event.paid, title: event.title } },
      and(
        refund.written,
        sql`EXISTS (SELECT 1 FROM ${bills} WHERE ${bills.id} = ${bill.id} AND ${bills.userId} = ${transaction.userId}
              AND ${bills.status} = 'paid' AND ${bills.paidPaymentId} = ${titlePaymentId})`,
      ) as SQL,
    );
    billGuardIndex = statements.length;
    statements.push(
      billGuard.insert.returning({ id: activity.id }),
      db
        .update(bills)
        .set({ status: "refunded", updatedAt: stamp })
        .where(and(eq(bills.id, bill.id), eq(bills.userId, transaction.userId), eq(bills.status, "paid"), billGuard.written)),
      db
        .update(tasks)
        .set({ payment: "unpaid", paidVia: null, paidAt: null, updatedAt: stamp })
        .where(
          and(
            eq(tasks.userId, transaction.userId),
            eq(tasks.payment, "paid"),
            sql`${tasks.id} IN (SELECT ${billItems.taskId} FROM ${billItems} WHERE ${billItems.billId} = ${bill.id} AND ${billItems.active} = 1)`,
            billGuard.written,
          ),
        ),
      db.update(billItems).set({ active: false }).where(and(eq(billItems.billId, bill.id), eq(billItems.active, true), billGuard.written)),
      notificationInsertWhen(
        db,
        {
          userId: transaction.userId,
          projectId,
          type: "payment_problem",
          data: { projectName: bill.projectName, number: bill.number, amount: event.paid, reason: paymentsText.reasonRefunded(amount, event.title) },
        },
        billGuard.written,
        problemId,
      ),
      notificationInsertWhen(
        db,
        {
          userId: transaction.userId,
          projectId,
          type: "payment_problem",
          data: { projectName: bill.projectName, number: bill.number, amount: event.paid, reason: paymentsText.reasonRefundedUnapplied(amount, event.title) },
        },
        and(refund.written, sql`NOT ${billGuard.written}`) as SQL,
        plainProblemId,
      ),
    );
  }

  const results = (await db.batch(statements)) as unknown[];
  if ((results[0] as { id: string }[]).length === 0) return "duplicate";
  const billWasRefunded = billGuardIndex !== null && (results[billGuardIndex] as { id: string }[]).length > 0;
  if (bill) await dispatchNotifications(deps.queue, [billWasRefunded ? problemId : plainProblemId]);
  logWarn("payment.refunded", { transactionId: transaction.id, title: event.title, amount: event.paid, billRefunded: billWasRefunded });
  return "refunded";
}

// ---------------------------------------------------------------------------------------------
// Lookups and bookkeeping for the notification route

/** Whose account a notification address belongs to: a freelancer's connection or the platform's. */
export type TpayAccountOwner = { account: "freelancer"; userId: string } | { account: "platform" };

/**
 * Finds the transaction a notification's tr_crc names. Only the transactions of the addressed
 * account in that account's environment are searched, and null means there is none.
 */
export async function findTpayTransactionByCrc(db: Db, owner: TpayAccountOwner, environment: TpayEnvironment, crc: string): Promise<TpayTransaction | null> {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(crc)) return null;
  const [row] = await db
    .select()
    .from(tpayTransactions)
    .where(
      and(
        eq(tpayTransactions.crc, crc),
        eq(tpayTransactions.environment, environment),
        eq(tpayTransactions.account, owner.account),
        owner.account === "freelancer" ? eq(tpayTransactions.userId, owner.userId) : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Records a test_mode=1 notification on a production connection: no money moved. The first one
 * of the connection sets its test_mode_seen_at and writes the activity row and a payment_problem
 * notification. Later ones change nothing. Returns whether this call recorded it. The connection
 * is the one `connectionId` names, by default the transaction's, and without either the user's
 * current connection. The transaction's own test_mode_at is set by markTpayTransactionTestMode.
 */
export async function recordTpayTestModeSeen(
  deps: PaymentDeps,
  userId: string,
  transaction: TpayTransaction | null,
  now = new Date(),
  connectionId: string | null = transaction?.connectionId ?? null,
): Promise<boolean> {
  const { db } = deps;
  const stamp = now.toISOString();
  const bill = transaction ? await loadBillContext(db, transaction) : null;
  const connection = connectionId
    ? and(eq(tpayConnections.id, connectionId), eq(tpayConnections.userId, userId))
    : and(eq(tpayConnections.userId, userId), isNull(tpayConnections.disconnectedAt));
  const guard = guardedActivity(
    db,
    {
      userId,
      projectId: bill?.projectId ?? null,
      actor: "system",
      action: "tpay.test_mode_seen",
      subjectType: "tpay_connection",
      subjectId: connectionId ?? userId,
      data: { number: bill?.number ?? null, title: transaction?.title ?? null },
    },
    sql`EXISTS (SELECT 1 FROM ${tpayConnections} WHERE ${connection} AND ${tpayConnections.testModeSeenAt} IS NULL)`,
  );
  const notificationId = randomId();
  const [recordedRows] = await db.batch([
    guard.insert.returning({ id: activity.id }),
    db
      .update(tpayConnections)
      .set({ testModeSeenAt: stamp, updatedAt: stamp })
      .where(and(connection, isNull(tpayConnections.testModeSeenAt), guard.written)),
    notificationInsertWhen(
      db,
      {
        userId,
        projectId: bill?.projectId ?? null,
        type: "payment_problem",
        data: { projectName: bill?.projectName ?? null, number: bill?.number ?? null, reason: paymentsText.reasonTestMode },
      },
      guard.written,
      notificationId,
    ),
  ]);
  const recorded = recordedRows.length > 0;
  if (recorded) await dispatchNotifications(deps.queue, [notificationId]);
  return recorded;
}
