// Tpay's OpenAPI as the sandbox serves it: OAuth tokens, transactions, cancel and refunds.
// Field rules and response shapes follow Tpay's official SDK; error bodies are the sandbox's own.

import { timingSafeEqualText } from "~/utils/crypto.server";
import { createNotification, dispatchNotification, paymentNotificationFields, type DeliverToApp } from "./notifications";
import { findMerchant, findMerchantByClientId, findTransaction, type TransactionRow } from "./storage";
import {
  apiError,
  groszeFromJsonNumber,
  jsonResponse,
  randomAlphanumeric,
  randomHex,
  randomTitle,
  readBodyText,
  readJsonObject,
  warsawDateTime,
} from "./util";

export interface SandboxContext {
  env: Env;
  db: D1Database;
  deliver: DeliverToApp;
  /** `${APP_ORIGIN}/tpay-sandbox`. */
  base: string;
}

const TOKEN_LIFETIME_SECONDS = 7200;
const LANGS = ["en", "pl", "de", "fr", "ru", "it", "es"];
const MAX_URL_LENGTH = 3072;

/** POST /oauth/auth with client_id and client_secret as JSON or as a form. */
export async function handleOauth(context: SandboxContext, request: Request): Promise<Response> {
  const contentType = request.headers.get("Content-Type") ?? "";
  let clientId: unknown;
  let clientSecret: unknown;
  let scope: unknown;
  if (contentType.includes("application/json")) {
    const body = await readJsonObject(request);
    ({ client_id: clientId, client_secret: clientSecret, scope } = body ?? {});
  } else {
    const form = new URLSearchParams(await readBodyText(request));
    clientId = form.get("client_id");
    clientSecret = form.get("client_secret");
    scope = form.get("scope") ?? undefined;
  }
  if (typeof clientId !== "string" || typeof clientSecret !== "string" || clientId === "" || clientSecret === "") {
    return jsonResponse({ result: "failed", error: "invalid_request", error_description: "client_id and client_secret are required" }, 400);
  }
  const merchant = await findMerchantByClientId(context.db, clientId);
  if (!merchant || !timingSafeEqualText(merchant.clientSecret, clientSecret)) {
    return jsonResponse({ result: "failed", error: "invalid_client", error_description: "Unknown client_id or wrong client_secret" }, 401);
  }

  const grantedScope = typeof scope === "string" && ["read", "write", "read write"].includes(scope) ? scope : "read";
  const issuedAt = Math.floor(Date.now() / 1000);
  const accessToken = randomHex(40);
  await context.db
    .prepare("INSERT INTO sim_tokens (access_token, merchant_id, client_id, scope, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(accessToken, merchant.merchantId, clientId, grantedScope, issuedAt, issuedAt + TOKEN_LIFETIME_SECONDS)
    .run();
  return jsonResponse({
    issued_at: issuedAt,
    scope: grantedScope,
    token_type: "Bearer",
    expires_in: TOKEN_LIFETIME_SECONDS,
    client_id: clientId,
    access_token: accessToken,
  });
}

/** Returns the merchant id of a valid Bearer token, or null. */
export async function authenticate(context: SandboxContext, request: Request): Promise<string | null> {
  const match = /^Bearer\s+([0-9a-f]{40})$/i.exec(request.headers.get("Authorization") ?? "");
  if (!match) return null;
  const row = await context.db
    .prepare("SELECT merchant_id FROM sim_tokens WHERE access_token = ? AND expires_at > ?")
    .bind(match[1].toLowerCase(), Math.floor(Date.now() / 1000))
    .first<{ merchant_id: string }>();
  return row?.merchant_id ?? null;
}

export function unauthorized(): Response {
  return jsonResponse({ result: "failed", error: "invalid_token", error_description: "Missing, unknown or expired Bearer token" }, 401);
}

type FieldError = { fieldName: string; errorMessage: string };

const characterCount = (text: string) => [...text].length;

function optionalUrl(errors: FieldError[], fieldName: string, value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || value.length > MAX_URL_LENGTH || !/^https?:\/\//i.test(value) || !URL.canParse(value)) {
    errors.push({ fieldName, errorMessage: `${fieldName} must be an http(s) URL of at most ${MAX_URL_LENGTH} characters` });
    return null;
  }
  return value;
}

function objectField(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

interface NewTransaction {
  amount: number;
  currency: string;
  description: string;
  hiddenDescription: string;
  lang: string | null;
  payer: { email: string; name: string };
  notificationUrl: string | null;
  notificationEmail: string | null;
  successUrl: string | null;
  errorUrl: string | null;
}

function validateTransaction(body: Record<string, unknown>): { value: NewTransaction } | { errors: FieldError[] } {
  const errors: FieldError[] = [];

  const amount = groszeFromJsonNumber(body.amount);
  if (amount === null || amount < 1) {
    errors.push({ fieldName: "amount", errorMessage: "amount must be a JSON number of at least 0.01 with at most 2 decimals" });
  }

  const description = body.description;
  if (typeof description !== "string" || description.trim() === "" || characterCount(description) > 128) {
    errors.push({ fieldName: "description", errorMessage: "description must be a string of 1 to 128 characters" });
  }

  const hiddenDescription = body.hiddenDescription ?? "";
  if (typeof hiddenDescription !== "string" || characterCount(hiddenDescription) > 128) {
    errors.push({ fieldName: "hiddenDescription", errorMessage: "hiddenDescription must be a string of at most 128 characters" });
  }

  const currency = body.currency ?? "PLN";
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) {
    errors.push({ fieldName: "currency", errorMessage: "currency must be 3 capital letters" });
  }

  const lang = body.lang ?? null;
  if (lang !== null && (typeof lang !== "string" || !LANGS.includes(lang))) {
    errors.push({ fieldName: "lang", errorMessage: `lang must be one of ${LANGS.join(", ")}` });
  }

  const payer = objectField(body.payer);
  const email = payer.email;
  if (typeof email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 255) {
    errors.push({ fieldName: "payer.email", errorMessage: "payer.email must be an e-mail address of at most 255 characters" });
  }
  const name = payer.name;
  if (typeof name !== "string" || name.trim() === "" || characterCount(name) > 255) {
    errors.push({ fieldName: "payer.name", errorMessage: "payer.name must be a string of 1 to 255 characters" });
  }

  const callbacks = objectField(body.callbacks);
  const payerUrls = objectField(callbacks.payerUrls);
  const notification = objectField(callbacks.notification);
  const successUrl = optionalUrl(errors, "callbacks.payerUrls.success", payerUrls.success);
  const errorUrl = optionalUrl(errors, "callbacks.payerUrls.error", payerUrls.error);
  const notificationUrl = optionalUrl(errors, "callbacks.notification.url", notification.url);
  const notificationEmail = typeof notification.email === "string" ? notification.email : null;

  if (errors.length > 0) return { errors };
  return {
    value: {
      amount: amount as number,
      currency: currency as string,
      description: description as string,
      hiddenDescription: hiddenDescription as string,
      lang: lang as string | null,
      payer: { email: email as string, name: name as string },
      notificationUrl,
      notificationEmail,
      successUrl,
      errorUrl,
    },
  };
}

/** A transaction as Tpay's API returns it; amounts are JSON numbers of złoty. */
export function transactionJson(context: SandboxContext, transaction: TransactionRow): Record<string, unknown> {
  const payer = JSON.parse(transaction.payer_json) as Record<string, string>;
  const paidOnce = transaction.status !== "pending" && transaction.status !== "canceled";
  return {
    result: "success",
    requestId: randomHex(20),
    transactionId: transaction.transaction_id,
    title: transaction.title,
    posId: transaction.pos_id,
    status: transaction.status,
    date: { creation: transaction.created_at, realization: transaction.realized_at },
    amount: transaction.amount / 100,
    currency: transaction.currency,
    description: transaction.description,
    hiddenDescription: transaction.hidden_description,
    payer: { payerId: payer.payerId, email: payer.email, name: payer.name, phone: "", address: "", city: "", country: "PL", postalCode: "" },
    payments: {
      status: transaction.payment_status,
      method: paidOnce ? "pay_by_link" : null,
      amountPaid: transaction.amount_paid / 100,
      date: { realization: transaction.realized_at },
      attempts: paidOnce ? [{ paymentErrorCode: "" }] : [],
    },
    transactionPaymentUrl: `${context.base}/pay/${transaction.title}`,
  };
}

/** POST /transactions. */
export async function handleCreateTransaction(context: SandboxContext, merchantId: string, request: Request): Promise<Response> {
  const body = await readJsonObject(request);
  if (!body) return apiError(400, "field_validation", "The body must be a JSON object");
  const validated = validateTransaction(body);
  if ("errors" in validated) {
    return jsonResponse(
      { result: "failed", requestId: randomHex(20), errors: validated.errors.map((error) => ({ errorCode: "field_validation", ...error })) },
      400,
    );
  }
  const input = validated.value;
  const transactionId = `ta_${randomAlphanumeric(16)}`;
  const payer = { payerId: `py_${randomAlphanumeric(16)}`, email: input.payer.email, name: input.payer.name };

  // A title collision (36^10 space) is retried with a new title.
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await context.db
      .prepare(
        `INSERT OR IGNORE INTO sim_transactions (transaction_id, title, merchant_id, pos_id, amount, currency, description, hidden_description,
          lang, payer_json, notification_url, notification_email, success_url, error_url, status, payment_status, created_at, created_ms)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 'pending', ?, ?)`,
      )
      .bind(transactionId, randomTitle(), merchantId, `ps_${randomAlphanumeric(16)}`, input.amount, input.currency, input.description,
        input.hiddenDescription, input.lang, JSON.stringify(payer), input.notificationUrl, input.notificationEmail, input.successUrl,
        input.errorUrl, warsawDateTime(), Date.now())
      .run();
    if (result.meta.changes === 1) break;
  }
  const transaction = await findTransaction(context.db, transactionId);
  if (!transaction) return apiError(500, "internal_error", "The transaction was not stored");
  return jsonResponse(transactionJson(context, transaction));
}

/** GET /transactions: the merchant's latest transactions. */
export async function handleListTransactions(context: SandboxContext, merchantId: string): Promise<Response> {
  const { results } = await context.db
    .prepare("SELECT * FROM sim_transactions WHERE merchant_id = ? ORDER BY created_ms DESC LIMIT 100")
    .bind(merchantId)
    .all<TransactionRow>();
  return jsonResponse({ result: "success", requestId: randomHex(20), transactions: results.map((row) => transactionJson(context, row)) });
}

/** Returns the merchant's own transaction, or null (another merchant's transaction is "not found"). */
export async function ownTransaction(context: SandboxContext, merchantId: string, transactionId: string): Promise<TransactionRow | null> {
  const transaction = await findTransaction(context.db, transactionId);
  return transaction && transaction.merchant_id === merchantId ? transaction : null;
}

export const transactionNotFound = () => apiError(404, "transaction_not_found", "Transaction not found");

/** POST /transactions/{id}/cancel: pending → canceled; cancelling twice is not an error. */
export async function handleCancel(context: SandboxContext, transaction: TransactionRow): Promise<Response> {
  await context.db
    .prepare("UPDATE sim_transactions SET status = 'canceled', payment_status = 'canceled' WHERE transaction_id = ? AND status = 'pending'")
    .bind(transaction.transaction_id)
    .run();
  const current = await findTransaction(context.db, transaction.transaction_id);
  if (current?.status !== "canceled") {
    return apiError(409, "transaction_not_cancelable", `Only a pending transaction can be cancelled; this one is ${current?.status}`);
  }
  return jsonResponse({ result: "success", requestId: randomHex(20), transactionId: current.transaction_id, status: "canceled" });
}

/**
 * POST /transactions/{id}/refunds: `{}` refunds the rest of the paid amount (status → refund);
 * `{"amount": x}` is a partial refund (status unchanged). Both send a CHARGEBACK notification
 * with tr_paid = the amount paid, so the app reads how much was refunded from GET …/refunds.
 */
export async function handleRefund(context: SandboxContext, transaction: TransactionRow, request: Request): Promise<Response> {
  const body = await readJsonObject(request);
  if (!body) return apiError(400, "field_validation", "The body must be a JSON object");
  if (transaction.status !== "correct") {
    return apiError(409, "transaction_not_refundable", `Only a paid (correct) transaction can be refunded; this one is ${transaction.status}`);
  }
  const remaining = transaction.amount_paid - transaction.amount_refunded;
  const full = body.amount === undefined;
  const amount = full ? remaining : groszeFromJsonNumber(body.amount);
  if (amount === null || amount < 1) {
    return apiError(400, "field_validation", "amount must be a JSON number of at least 0.01 with at most 2 decimals", "amount");
  }
  if (amount > remaining) return apiError(400, "refund_exceeds_paid", "The refunds would exceed the paid amount", "amount");

  const refundId = `rf_${randomAlphanumeric(16)}`;
  const [updated] = await context.db.batch([
    context.db
      .prepare(
        `UPDATE sim_transactions SET amount_refunded = amount_refunded + ?,
          status = CASE WHEN ? = 1 THEN 'refund' ELSE status END,
          payment_status = CASE WHEN ? = 1 THEN 'refund' ELSE payment_status END
          WHERE transaction_id = ? AND status = 'correct' AND amount_paid - amount_refunded >= ?`,
      )
      .bind(amount, Number(full), Number(full), transaction.transaction_id, amount),
    context.db
      .prepare(
        `INSERT INTO sim_refunds (refund_id, transaction_id, amount, full_refund, created_at)
          SELECT ?, ?, ?, ?, ? WHERE changes() = 1`,
      )
      .bind(refundId, transaction.transaction_id, amount, Number(full), warsawDateTime()),
  ]);
  if (updated.meta.changes !== 1) return apiError(409, "transaction_not_refundable", "The transaction changed meanwhile; try again");

  if (transaction.notification_url) {
    const merchant = await findMerchant(context.db, transaction.merchant_id);
    if (merchant) {
      const fields = await paymentNotificationFields(transaction, merchant, { trStatus: "CHARGEBACK", trError: "none", paid: transaction.amount_paid });
      const id = await createNotification(context.env, context.db, {
        transactionId: transaction.transaction_id,
        merchantId: merchant.merchantId,
        url: transaction.notification_url,
        fields,
      });
      await dispatchNotification(context.env, context.db, context.deliver, id, "queue");
    }
  }
  return jsonResponse({ result: "success", status: "correct", requestId: randomHex(20), refundId, amount: amount / 100 });
}

/** GET /transactions/{id}/refunds. */
export async function handleListRefunds(context: SandboxContext, transaction: TransactionRow): Promise<Response> {
  const { results } = await context.db
    .prepare("SELECT * FROM sim_refunds WHERE transaction_id = ? ORDER BY rowid")
    .bind(transaction.transaction_id)
    .all<{ refund_id: string; amount: number; full_refund: number; created_at: string }>();
  return jsonResponse({
    result: "success",
    requestId: randomHex(20),
    refunds: results.map((row) => ({
      refundId: row.refund_id,
      amount: row.amount / 100,
      type: row.full_refund === 1 ? "full" : "partial",
      status: "correct",
      date: row.created_at,
    })),
  });
}
