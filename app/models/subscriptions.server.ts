import { and, desc, eq, gt, inArray, or } from "drizzle-orm";
import type { Plan, PlanId } from "~/config/plans";
import type { Db } from "~/db/client.server";
import { payments, subscriptionOrders, tpayTransactions, type Payment, type SubscriptionOrder, type TpayTransaction, type User } from "~/db/schema";
import { subscriptionText } from "~/i18n/pl";
import { randomId, randomToken } from "~/utils/crypto.server";
import { daysBetween, formatDate, warsawDay } from "~/utils/dates";
import { logError, logInfo, logWarn } from "~/utils/log.server";
import { plural } from "~/utils/plural";
import { activityInsert } from "./activity.server";
import { applyTpayPaymentEvent } from "./payments.server";
import { createTpayTransaction, getTpayTransaction, TpayError, tpayOrigins, type TpayAccount, type TpayFetch } from "./tpay-api.server";
import { platformTpayAccount, PLATFORM_NOTIFY_KEY, tpayNotificationUrl } from "./tpay-connections.server";

// The freelancer's subscription: the trial, the paid periods and the read-only account after
// them. A period is bought with a subscription_orders row paid through the platform's own Tpay
// account. This module starts the payment; app/models/payments.server.ts applies it when Tpay
// confirms it (order → paid, users.paid_until and users.plan extended).

type AccessDates = Pick<User, "trialEndsAt" | "paidUntil">;

/** Returns the instant (UTC ISO) until which the account may change data: the later of the trial end and the paid period end. */
export function accessEndsAt(user: AccessDates): string {
  if (user.paidUntil && Date.parse(user.paidUntil) > Date.parse(user.trialEndsAt)) return user.paidUntil;
  return user.trialEndsAt;
}

/**
 * True once both the trial and every paid period have ended. A read-only account can view and
 * download but not change anything (see requireSession in app/utils/auth.server.ts).
 */
export function isAccountReadOnly(user: AccessDates, now: Date | number = Date.now()): boolean {
  return new Date(now).getTime() >= Date.parse(accessEndsAt(user));
}

/** Whole Europe/Warsaw calendar days from `now` to `end`: 0 on the last day, never negative. */
export function calendarDaysLeft(end: string, now: Date | number = Date.now()): number {
  return Math.max(0, daysBetween(warsawDay(new Date(now)), warsawDay(end)));
}

export type SubscriptionState =
  | { kind: "trial"; endsAt: string; daysLeft: number }
  | { kind: "paid"; plan: string | null; paidUntil: string; daysLeft: number }
  | { kind: "trial_over"; endedAt: string }
  | { kind: "expired"; endedAt: string };

/**
 * Returns the account's state. A period paid during the trial starts when the trial ends, so
 * the account counts as paid from the payment on.
 */
export function subscriptionState(user: AccessDates & Pick<User, "plan">, now: Date | number = Date.now()): SubscriptionState {
  const time = new Date(now).getTime();
  if (user.paidUntil && Date.parse(user.paidUntil) > time) {
    return { kind: "paid", plan: user.plan, paidUntil: user.paidUntil, daysLeft: calendarDaysLeft(user.paidUntil, now) };
  }
  if (Date.parse(user.trialEndsAt) > time) {
    return { kind: "trial", endsAt: user.trialEndsAt, daysLeft: calendarDaysLeft(user.trialEndsAt, now) };
  }
  if (user.paidUntil) return { kind: "expired", endedAt: user.paidUntil };
  return { kind: "trial_over", endedAt: user.trialEndsAt };
}

/** Polish "zostały 2 dni", "został 1 dzień", or "kończy się dziś" on the last day. */
export function daysLeftLabel(days: number): string {
  if (days <= 0) return subscriptionText.endsToday;
  return subscriptionText.daysLeft(days, plural(days, subscriptionText.leftForms), plural(days, subscriptionText.dayForms));
}

/** Formats the state as the one line of Settings → Abonament, e.g. "Okres próbny do 18.12.2026 (zostało 14 dni)". */
export function subscriptionHeadline(state: SubscriptionState): string {
  switch (state.kind) {
    case "trial":
      return subscriptionText.trialUntil(formatDate(state.endsAt), daysLeftLabel(state.daysLeft));
    case "paid":
      return subscriptionText.paidUntil(planName(state.plan), formatDate(state.paidUntil));
    case "trial_over":
      return subscriptionText.trialOver;
    case "expired":
      return subscriptionText.expired(formatDate(state.endedAt));
  }
}

/** Returns the Polish name of a plan id, or the id itself for a plan no longer configured. */
export function planName(id: string | null): string {
  const names: Record<PlanId, string> = subscriptionText.planNames;
  return id !== null && id in names ? names[id as PlanId] : (id ?? "");
}

/**
 * Returns the platform's Tpay account, or null when it is not configured. The app's
 * environment check requires it, so null means a deployment error, and no "Kup" button appears.
 */
export function platformAccountOrNull(env: Env): TpayAccount | null {
  try {
    return platformTpayAccount(env);
  } catch {
    return null;
  }
}

export const SUBSCRIPTION_HISTORY_PAGE_SIZE = 20;

export type OrderPayment = Pick<Payment, "amount" | "status" | "flag">;

/**
 * Reads Settings → Subskrypcja in one D1 batch: one page of the user's orders, newest first,
 * the order named in the URL and the payments recorded for both, grouped by order id. The order
 * is null when `orderId` is null or is not the user's order.
 */
export async function getSubscriptionPage(db: Db, userId: string, page: number, orderId: string | null) {
  const historyIds = db
    .select({ id: subscriptionOrders.id })
    .from(subscriptionOrders)
    .where(eq(subscriptionOrders.userId, userId))
    .orderBy(desc(subscriptionOrders.createdAt), desc(subscriptionOrders.id))
    .limit(SUBSCRIPTION_HISTORY_PAGE_SIZE + 1)
    .offset((page - 1) * SUBSCRIPTION_HISTORY_PAGE_SIZE);
  const [historyRows, orderRows, paymentRows] = await db.batch([
    db
      .select()
      .from(subscriptionOrders)
      .where(eq(subscriptionOrders.userId, userId))
      .orderBy(desc(subscriptionOrders.createdAt), desc(subscriptionOrders.id))
      .limit(SUBSCRIPTION_HISTORY_PAGE_SIZE + 1)
      .offset((page - 1) * SUBSCRIPTION_HISTORY_PAGE_SIZE),
    db
      .select()
      .from(subscriptionOrders)
      .where(and(eq(subscriptionOrders.id, orderId ?? ""), eq(subscriptionOrders.userId, userId)))
      .limit(1),
    db
      .select({ orderId: payments.subscriptionOrderId, amount: payments.amount, status: payments.status, flag: payments.flag })
      .from(payments)
      .where(
        and(
          eq(payments.userId, userId),
          eq(payments.purpose, "subscription"),
          or(inArray(payments.subscriptionOrderId, historyIds), orderId === null ? undefined : eq(payments.subscriptionOrderId, orderId)),
        ),
      ),
  ]);

  const paymentsByOrder = new Map<string, OrderPayment[]>();
  for (const { orderId: paidOrderId, ...payment } of paymentRows) {
    if (!paidOrderId) continue;
    paymentsByOrder.set(paidOrderId, [...(paymentsByOrder.get(paidOrderId) ?? []), payment]);
  }
  return {
    history: { items: historyRows.slice(0, SUBSCRIPTION_HISTORY_PAGE_SIZE), hasMore: historyRows.length > SUBSCRIPTION_HISTORY_PAGE_SIZE },
    order: orderId === null ? null : (orderRows[0] ?? null),
    paymentsByOrder,
  };
}

/**
 * How long an unpaid order counts as a payment in progress: the 7 days during which the
 * reconciliation job still queries Tpay about its transaction (RECONCILE_MAX_AGE_MS).
 */
export const PENDING_ORDER_MAX_AGE_MS = 7 * 86_400_000;

/** An order as the history shows it: `unpaid` is a pending order older than PENDING_ORDER_MAX_AGE_MS. */
export type OrderDisplayState = "pending" | "unpaid" | "paid" | "cancelled" | "underpaid" | "refunded";

export interface OrderDisplay {
  state: OrderDisplayState;
  /** Grosze received for the order and not refunded, when it differs from what the order asked or the money needs attention; else null. */
  received: number | null;
  /** Money that needs a word from us: paid more than the price, or paid an order that was no longer payable. */
  note: "overpaid" | "not_payable" | null;
}

/**
 * Describes an order with the money recorded for it. A flagged underpayment is shown whatever
 * the order's status, because the account was not extended and the payer has to contact us.
 */
export function describeOrder(order: Pick<SubscriptionOrder, "status" | "amount" | "createdAt">, orderPayments: OrderPayment[], now: Date = new Date()): OrderDisplay {
  const kept = orderPayments.filter((payment) => payment.status !== "refunded");
  const keptSum = kept.reduce((sum, payment) => sum + payment.amount, 0);
  const notPayable = kept.some((payment) => payment.flag === "not_payable");

  if (order.status === "paid") {
    const applied = kept.filter((payment) => payment.status === "applied");
    if (applied.length === 0 && orderPayments.some((payment) => payment.status === "refunded")) {
      const refunded = orderPayments.filter((payment) => payment.status === "refunded").reduce((sum, payment) => sum + payment.amount, 0);
      return { state: "refunded", received: refunded, note: null };
    }
    if (notPayable) return { state: "paid", received: keptSum, note: "not_payable" };
    if (applied.some((payment) => payment.flag === "overpaid")) return { state: "paid", received: keptSum, note: "overpaid" };
    return { state: "paid", received: null, note: null };
  }

  const underpaid = kept.filter((payment) => payment.flag === "underpaid");
  if (underpaid.length > 0) return { state: "underpaid", received: keptSum, note: null };
  const note = notPayable ? "not_payable" : null;
  const received = notPayable ? keptSum : null;
  if (order.status === "cancelled") return { state: "cancelled", received, note };
  const fresh = now.getTime() - Date.parse(order.createdAt) < PENDING_ORDER_MAX_AGE_MS;
  return { state: fresh ? "pending" : "unpaid", received, note };
}

/** How long a started payment is offered again instead of a new order for the same plan. */
export const REUSE_PENDING_ORDER_MS = 30 * 60_000;

export interface SubscriptionPaymentDeps {
  db: Db;
  env: Env;
  tpayFetch: TpayFetch;
}

export type StartSubscriptionPaymentResult =
  | { status: "started"; orderId: string; paymentUrl: string; reused: boolean }
  /** The earlier payment for this plan went through at Tpay: its order is shown instead of a new payment. */
  | { status: "settled"; orderId: string }
  | { status: "unavailable" }
  | { status: "tpay_failed" }
  /** Tpay could not tell the state of the earlier payment, so nothing was started. */
  | { status: "check_failed" };

/**
 * Starts paying for a plan: creates a Tpay transaction in the platform's account and stores
 * the order, the transaction and the activity row in one batch, then returns Tpay's payment
 * URL. The amount and months always come from the plan configuration, never from the form.
 *
 * A pending order for the same plan and price younger than 30 minutes is checked at Tpay
 * first (see checkEarlierPayment): it is offered again while Tpay still reports it pending,
 * and shown as settled once Tpay reports it paid. When Tpay fails nothing is stored, so
 * nothing can be paid.
 */
export async function startSubscriptionPayment(
  deps: SubscriptionPaymentDeps,
  user: Pick<User, "id" | "name" | "email">,
  plan: Plan,
  now: Date = new Date(),
): Promise<StartSubscriptionPaymentResult> {
  const { db, env, tpayFetch } = deps;
  const account = platformAccountOrNull(env);
  if (!account) return { status: "unavailable" };

  const earlier = await findRecentPendingOrder(db, user.id, plan, account, now);
  if (earlier) {
    const check = await checkEarlierPayment(deps, account, earlier.transaction, now);
    if (check === "reuse" && earlier.transaction.paymentUrl) {
      return { status: "started", orderId: earlier.orderId, paymentUrl: earlier.transaction.paymentUrl, reused: true };
    }
    if (check === "settled") return { status: "settled", orderId: earlier.orderId };
    if (check === "unknown") return { status: "check_failed" };
  }

  const orderId = randomId();
  const crc = `s_${randomToken(16)}`;
  const returnUrl = `${env.APP_ORIGIN}/settings/subscription?order=${encodeURIComponent(orderId)}`;
  let created;
  try {
    created = await createTpayTransaction(tpayFetch, tpayOrigins(env, account.environment), account, {
      amount: plan.price,
      description: subscriptionText.tpayDescription(planName(plan.id)),
      hiddenDescription: crc,
      payer: { email: user.email, name: user.name },
      lang: "pl",
      notificationUrl: tpayNotificationUrl(env, PLATFORM_NOTIFY_KEY),
      successUrl: returnUrl,
      errorUrl: `${returnUrl}&error=1`,
    });
  } catch (error) {
    if (!(error instanceof TpayError)) throw error;
    logError("subscription.tpay_transaction_failed", error, { userId: user.id, orderId, plan: plan.id, kind: error.kind, status: error.status });
    return { status: "tpay_failed" };
  }

  const timestamp = now.toISOString();
  await db.batch([
    db.insert(subscriptionOrders).values({
      id: orderId,
      userId: user.id,
      plan: plan.id,
      months: plan.months,
      amount: plan.price,
      status: "pending",
      createdAt: timestamp,
      updatedAt: timestamp,
    }),
    db.insert(tpayTransactions).values({
      id: randomId(),
      userId: user.id,
      purpose: "subscription",
      subscriptionOrderId: orderId,
      account: "platform",
      environment: account.environment,
      merchantId: account.merchantId,
      transactionId: created.transactionId,
      title: created.title,
      crc,
      amount: plan.price,
      paymentUrl: created.paymentUrl,
      status: "pending",
      createdAt: timestamp,
      updatedAt: timestamp,
    }),
    activityInsert(db, {
      userId: user.id,
      actor: "freelancer",
      action: "subscription.ordered",
      subjectType: "subscription_order",
      subjectId: orderId,
      data: { plan: plan.id, months: plan.months, amount: plan.price, title: created.title },
    }),
  ]);
  return { status: "started", orderId, paymentUrl: created.paymentUrl, reused: false };
}

/**
 * Finds the newest pending order for this plan at its current price and length, started within
 * REUSE_PENDING_ORDER_MS, whose transaction in the same Tpay account is still pending here.
 */
async function findRecentPendingOrder(db: Db, userId: string, plan: Plan, account: TpayAccount, now: Date) {
  const since = new Date(now.getTime() - REUSE_PENDING_ORDER_MS).toISOString();
  const [row] = await db
    .select({ orderId: subscriptionOrders.id, transaction: tpayTransactions })
    .from(subscriptionOrders)
    .innerJoin(tpayTransactions, eq(tpayTransactions.subscriptionOrderId, subscriptionOrders.id))
    .where(
      and(
        eq(subscriptionOrders.userId, userId),
        eq(subscriptionOrders.plan, plan.id),
        eq(subscriptionOrders.status, "pending"),
        eq(subscriptionOrders.amount, plan.price),
        eq(subscriptionOrders.months, plan.months),
        gt(subscriptionOrders.createdAt, since),
        eq(tpayTransactions.userId, userId),
        eq(tpayTransactions.status, "pending"),
        eq(tpayTransactions.account, "platform"),
        eq(tpayTransactions.environment, account.environment),
        eq(tpayTransactions.merchantId, account.merchantId),
      ),
    )
    .orderBy(desc(subscriptionOrders.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * Outcome of checking an earlier, still pending transaction: `reuse` its payment page, show its
 * order as `settled`, or start a new order because it is `dead`. `unknown` means Tpay could
 * not be asked, so nothing is started.
 */
type EarlierPaymentCheck = "reuse" | "settled" | "dead" | "unknown";

/**
 * Asks Tpay about an earlier transaction before it is offered again, so that a payment page
 * that can no longer be paid is not offered:
 * - pending at Tpay: reused.
 * - paid or correct: applied now through applyTpayPaymentEvent (its notification may still be
 *   on the way; applying is idempotent), then settled. An underpayment within Tpay's threshold
 *   is recorded as flagged and the order stays unpaid, so it is dead.
 * - error: the payer paid a different amount. Less than asked is recorded as a flagged
 *   underpayment and the transaction is dead. More than asked waits for the merchant to accept
 *   it, after which Tpay sends a TRUE notification, so it counts as settled.
 * - cancelled, refunded, unknown to Tpay (404), or amounts that do not match ours: dead.
 */
async function checkEarlierPayment(deps: SubscriptionPaymentDeps, account: TpayAccount, transaction: TpayTransaction, now: Date): Promise<EarlierPaymentCheck> {
  const { db, env, tpayFetch } = deps;
  const logFields = { userId: transaction.userId, transactionId: transaction.id, orderId: transaction.subscriptionOrderId };
  let state;
  try {
    state = await getTpayTransaction(tpayFetch, tpayOrigins(env, account.environment), account, transaction.transactionId);
  } catch (error) {
    if (!(error instanceof TpayError)) throw error;
    if (error.kind === "rejected" && error.status === 404) {
      logWarn("subscription.earlier_transaction_not_found", logFields);
      return "dead";
    }
    logWarn("subscription.earlier_transaction_check_failed", { ...logFields, kind: error.kind, status: error.status ?? null, error: error.message });
    return "unknown";
  }

  const mismatch =
    (state.title !== "" && state.title !== transaction.title) ||
    (state.amount !== null && state.amount !== transaction.amount) ||
    state.currency.toUpperCase() !== transaction.currency;
  if (mismatch) {
    logWarn("subscription.earlier_transaction_mismatch", { ...logFields, title: state.title, amount: state.amount, currency: state.currency });
    return "dead";
  }

  const paid = state.amountPaid ?? 0;
  const paymentDeps = { db, queue: env.EMAIL_QUEUE };
  const event = { transaction, status: "TRUE" as const, paid, testMode: false, title: transaction.title, source: "reconciliation" as const };
  logInfo("subscription.earlier_transaction_checked", { ...logFields, tpayStatus: state.status, paid });

  switch (state.status) {
    case "pending":
      return "reuse";
    case "correct":
    case "paid": {
      // Paid without an amount cannot be applied; the order keeps waiting for the notification.
      if (paid <= 0) return "settled";
      let error = "none";
      if (paid > transaction.amount) error = "overpay";
      if (paid < transaction.amount) error = "surcharge";
      const outcome = await applyTpayPaymentEvent(paymentDeps, { ...event, error }, now);
      return outcome === "flagged_underpaid" ? "dead" : "settled";
    }
    case "error":
      if (paid > transaction.amount) return "settled";
      if (paid > 0) await applyTpayPaymentEvent(paymentDeps, { ...event, error: "surcharge" }, now);
      return "dead";
    default:
      return "dead";
  }
}
