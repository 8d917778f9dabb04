// Payment outcomes of the sandbox: the transaction's new state and the notification Tpay
// would send when a payer pays, for each scenario (exact, overpay, underpay) and the merchant's
// options (acceptOverpay, underpayThreshold, twoStep, testMode).

import { createNotification, paymentNotificationFields } from "./notifications";
import { findMerchant, findTransaction, type MerchantRow, type TransactionRow } from "./storage";
import { warsawDateTime } from "./util";

export type Scenario = "exact" | "overpay" | "underpay";
export const SCENARIOS: readonly Scenario[] = ["exact", "overpay", "underpay"];

/** Grosze the payer pays more or less than ordered in the overpay and underpay scenarios. */
export const SCENARIO_DIFFERENCE = 100;

export interface PayOptions {
  scenario?: Scenario;
  /** Grosze actually paid; by default the amount the scenario implies. */
  paid?: number;
  /** Sends test_mode=1 even if the merchant is not in test mode. */
  testMode?: boolean;
  /** Overrides the merchant's two-step setting for this payment. */
  twoStep?: boolean;
}

export type PayResult =
  | { ok: true; transaction: TransactionRow; notificationId: number | null }
  | { ok: false; reason: "not_payable" | "invalid_paid" | "no_merchant" };

interface Outcome {
  status: "correct" | "paid" | "error";
  notification: { trStatus: "TRUE" | "FALSE" | "PAID"; trError: "none" | "overpay" | "surcharge" } | null;
}

function outcomeFor(merchant: MerchantRow, amount: number, paid: number, twoStep: boolean): Outcome {
  let outcome: Outcome;
  if (paid === amount) {
    outcome = { status: "correct", notification: { trStatus: "TRUE", trError: "none" } };
  } else if (paid > amount) {
    // Without automatic acceptance Tpay reports FALSE/overpay and waits for the merchant's decision.
    outcome = merchant.acceptOverpay
      ? { status: "correct", notification: { trStatus: "TRUE", trError: "overpay" } }
      : { status: "error", notification: { trStatus: "FALSE", trError: "overpay" } };
  } else if (amount - paid <= merchant.underpayThreshold) {
    outcome = { status: "correct", notification: { trStatus: "TRUE", trError: "surcharge" } };
  } else {
    // Beyond the threshold Tpay asks the payer to pay the difference and sends no notification.
    outcome = { status: "error", notification: null };
  }
  if (twoStep && outcome.notification?.trStatus === "TRUE") {
    outcome = { status: "paid", notification: { ...outcome.notification, trStatus: "PAID" } };
  }
  return outcome;
}

function paidFor(scenario: Scenario, amount: number): number {
  if (scenario === "overpay") return amount + SCENARIO_DIFFERENCE;
  if (scenario === "underpay") return amount - SCENARIO_DIFFERENCE;
  return amount;
}

function scenarioOf(amount: number, paid: number): Scenario {
  if (paid === amount) return "exact";
  return paid > amount ? "overpay" : "underpay";
}

/**
 * Pays a pending transaction: a conditional update (so it is paid once) and, when the outcome
 * has one and the transaction has a notification URL, a stored notification. Delivery is the
 * caller's choice.
 */
export async function payTransaction(env: Env, db: D1Database, transaction: TransactionRow, options: PayOptions): Promise<PayResult> {
  const merchant = await findMerchant(db, transaction.merchant_id);
  if (!merchant) return { ok: false, reason: "no_merchant" };
  if (transaction.status !== "pending") return { ok: false, reason: "not_payable" };

  const paid = options.paid ?? paidFor(options.scenario ?? "exact", transaction.amount);
  if (!Number.isSafeInteger(paid) || paid < 1) return { ok: false, reason: "invalid_paid" };
  if (options.scenario && options.paid !== undefined && scenarioOf(transaction.amount, paid) !== options.scenario) {
    return { ok: false, reason: "invalid_paid" };
  }

  const testMode = options.testMode || merchant.testMode;
  const outcome = outcomeFor(merchant, transaction.amount, paid, options.twoStep ?? merchant.twoStep);
  const paymentStatus = outcome.status === "paid" ? "paid" : outcome.status;
  const updated = await db
    .prepare(
      `UPDATE sim_transactions SET status = ?, payment_status = ?, amount_paid = ?, test_mode = ?, realized_at = ?
        WHERE transaction_id = ? AND status = 'pending'`,
    )
    .bind(outcome.status, paymentStatus, paid, Number(testMode), warsawDateTime(), transaction.transaction_id)
    .run();
  if (updated.meta.changes !== 1) return { ok: false, reason: "not_payable" };

  const current = (await findTransaction(db, transaction.transaction_id)) ?? transaction;
  if (!outcome.notification || !current.notification_url) return { ok: true, transaction: current, notificationId: null };
  const fields = await paymentNotificationFields(current, merchant, { ...outcome.notification, paid });
  const notificationId = await createNotification(env, db, {
    transactionId: current.transaction_id,
    merchantId: merchant.merchantId,
    url: current.notification_url,
    fields,
  });
  return { ok: true, transaction: current, notificationId };
}

/**
 * Accepts, as the merchant, an overpayment that was not accepted automatically (status error,
 * paid more than ordered). The transaction becomes correct and a TRUE/overpay notification follows.
 */
export async function acceptOverpayment(env: Env, db: D1Database, transaction: TransactionRow): Promise<number | null | "not_overpaid"> {
  const merchant = await findMerchant(db, transaction.merchant_id);
  if (!merchant || transaction.status !== "error" || transaction.amount_paid <= transaction.amount) return "not_overpaid";
  const updated = await db
    .prepare("UPDATE sim_transactions SET status = 'correct', payment_status = 'correct' WHERE transaction_id = ? AND status = 'error'")
    .bind(transaction.transaction_id)
    .run();
  if (updated.meta.changes !== 1) return "not_overpaid";
  if (!transaction.notification_url) return null;
  const fields = await paymentNotificationFields(transaction, merchant, { trStatus: "TRUE", trError: "overpay", paid: transaction.amount_paid });
  return createNotification(env, db, {
    transactionId: transaction.transaction_id,
    merchantId: merchant.merchantId,
    url: transaction.notification_url,
    fields,
  });
}
