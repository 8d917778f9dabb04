import type { Db } from "~/db/client.server";
import type { TpayConnection, TpayTransaction } from "~/db/schema";
import {
  applyTpayPaymentEvent,
  findTpayTransactionByCrc,
  recordTpayTestModeSeen,
  type TpayAccountOwner,
  type TpayEventStatus,
  type TpayPaymentOutcome,
} from "~/models/payments.server";
import { parseTpayAmount, tpayOrigins, type TpayAccount, type TpayFetch } from "~/models/tpay-api.server";
import {
  findTpayConnectionByNotifyKey,
  markTpayTransactionTestMode,
  PLATFORM_NOTIFY_KEY,
  platformTpayAccount,
  recordTpayConnectionNotificationSeen,
  recordTpayMd5Failure,
} from "~/models/tpay-connections.server";
import {
  checkTpayMd5,
  isTpayTestNotificationTitle,
  MAX_TPAY_NOTIFICATION_BYTES,
  parseTpayNotification,
  verifyTpayJws,
  type TpayPaymentFields,
} from "~/models/tpay-verify.server";
import { logError, logInfo, logWarn } from "~/utils/log.server";

// POST /tpay/notifications/<notifyKey> (a freelancer's connection, current or archived) and
// /tpay/notifications/platform (the platform's account, for subscription orders).
// The raw body is read once and verified before anything in it is trusted. The JWS signature is
// checked against the Tpay certificate origin of the account's environment. Then come the
// md5sum with the security code of the connection the key names, that connection's merchant id,
// and our transaction's connection, crc, title, amount and currency. Only then is the payment applied (app/models/payments.server.ts). Tpay treats the body "TRUE" as
// delivered and resends anything else; "FALSE - <reason>" with HTTP 400 is what the official
// plugins answer to a notification they reject.

export const TPAY_NOTIFICATIONS_PATH = "/tpay/notifications/";

export interface TpayNotificationDeps {
  db: Db;
  tpayFetch: TpayFetch;
  /** The instant the notification is handled at; tests pass a fixed one. */
  now?: Date;
}

/** The account a notification address names; `connection` is null for the platform's account. */
interface NotificationTarget {
  owner: TpayAccountOwner;
  account: TpayAccount;
  connection: TpayConnection | null;
}

/** Fields a log line about a notification may contain: never its body, md5sum, signature or secrets. */
interface LogContext {
  notifyKey: string;
  merchantId?: string;
  title?: string;
}

const TEXT_HEADERS = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

function textResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...TEXT_HEADERS, ...headers } });
}

const accepted = () => textResponse(200, "TRUE");

function rejected(context: LogContext, reason: string): Response {
  logWarn("tpay.notification_rejected", { reason, ...context });
  return textResponse(400, `FALSE - ${reason}`);
}

/**
 * Returns the response to a failure of ours (database, configuration), not of the notification. The body does not
 * start with FALSE, which Tpay's two-step mode would read as refusing the payment, and the
 * 5xx status makes Tpay send the notification again later.
 */
function failed(context: LogContext, error: unknown): Response {
  logError("tpay.notification_failed", error, { ...context });
  return textResponse(500, "ERROR - temporary failure, send again later");
}

export async function handleTpayNotification(
  request: Request,
  env: Env,
  _ctx: ExecutionContext,
  deps: TpayNotificationDeps,
): Promise<Response> {
  if (request.method !== "POST") return textResponse(405, "Method Not Allowed", { Allow: "POST" });

  const notifyKey = notifyKeyOf(request.url);
  // The first characters identify the connection in logs without writing out the whole key.
  const context: LogContext = { notifyKey: notifyKey === PLATFORM_NOTIFY_KEY ? notifyKey : notifyKey.slice(0, 6) };
  const rawBody = await readBody(request);
  if (rawBody === null) {
    logWarn("tpay.notification_rejected", { reason: "body too large", ...context });
    return textResponse(413, "FALSE - body too large");
  }

  let target: NotificationTarget | null;
  try {
    target = await findTarget(deps.db, env, notifyKey);
  } catch (error) {
    return failed(context, error);
  }
  if (!target) return rejected(context, "unknown notification address");

  try {
    return await handleVerifiedTarget(request, env, deps, target, rawBody, context);
  } catch (error) {
    return failed(context, error);
  }
}

async function handleVerifiedTarget(
  request: Request,
  env: Env,
  deps: TpayNotificationDeps,
  target: NotificationTarget,
  rawBody: Uint8Array,
  context: LogContext,
): Promise<Response> {
  const { account, owner, connection } = target;
  const now = deps.now ?? new Date();
  const contentType = request.headers.get("Content-Type");

  const signature = await verifyTpayJws({
    tpayFetch: deps.tpayFetch,
    secureBase: tpayOrigins(env, account.environment).secure,
    rawBody,
    header: request.headers.get("X-JWS-Signature"),
    now,
  });
  if (!signature.ok) return rejected(withClaimedFields(context, rawBody, contentType), signature.reason);

  const parsed = parseTpayNotification(rawBody, contentType);
  if (parsed.kind === "invalid") return rejected(context, parsed.reason);
  if (parsed.kind === "other") {
    // Tokenization, marketplace and BLIK alias notifications: signed by Tpay, nothing for us to do.
    logInfo("tpay.notification_ignored", { type: parsed.type.slice(0, 40), ...context });
    return accepted();
  }

  const fields = parsed.fields;
  context.merchantId = fields.id.slice(0, 20);
  context.title = fields.tr_id.slice(0, 40);
  if (!(await checkTpayMd5(fields, account.credentials.securityCode))) {
    // Signed by Tpay for this connection's merchant, so the saved security code is what is wrong.
    if (connection && fields.id === account.merchantId) await recordTpayMd5Failure({ db: deps.db, queue: env.EMAIL_QUEUE }, connection, now);
    return rejected(context, "invalid md5sum");
  }
  if (fields.id !== account.merchantId) return rejected(context, "merchant id does not match the notification address");

  if (connection) await recordTpayConnectionNotificationSeen(deps.db, connection.id, now);
  if (isTpayTestNotificationTitle(fields.tr_id)) {
    logInfo("tpay.test_notification", { ...context });
    return accepted();
  }

  const status = eventStatus(fields.tr_status);
  if (!status) return rejected(context, "unknown tr_status");
  const transaction = await findTpayTransactionByCrc(deps.db, owner, account.environment, fields.tr_crc);
  if (!transaction) return rejected(context, "unknown transaction (tr_crc)");
  const mismatch = transactionMismatch(fields, transaction, account, connection);
  if (mismatch) return rejected(context, mismatch);
  const paid = parseTpayAmount(fields.tr_paid);
  if (paid === null) return rejected(context, "tr_paid is not an amount");

  const testMode = fields.test_mode === "1";
  if (testMode && account.environment === "production") {
    // An unverified Tpay account runs in test mode: the payer saw a payment, but no money moved.
    await markTpayTransactionTestMode(deps.db, transaction.id, now);
    if (owner.account === "freelancer") {
      await recordTpayTestModeSeen({ db: deps.db, queue: env.EMAIL_QUEUE }, owner.userId, transaction, now, connection?.id ?? null);
    }
    return rejected(context, "test mode on a production account");
  }

  // The account is passed on so that a CHARGEBACK can read the refunds from Tpay's API.
  const tpay = { tpayFetch: deps.tpayFetch, origins: tpayOrigins(env, account.environment), account };
  const outcome = await applyTpayPaymentEvent(
    { db: deps.db, queue: env.EMAIL_QUEUE, tpay },
    { transaction, status, error: fields.tr_error, paid, testMode, title: fields.tr_id, source: "notification" },
    now,
  );
  return answerFor(outcome, transaction, context);
}

/** Returns the first check against our transaction row that fails, or null when all pass. */
function transactionMismatch(
  fields: TpayPaymentFields,
  transaction: TpayTransaction,
  account: TpayAccount,
  connection: TpayConnection | null,
): string | null {
  if (transaction.merchantId !== account.merchantId) return "transaction belongs to another merchant";
  // A transaction without connection_id predates the column; the merchant check above covers it.
  if (connection && transaction.connectionId !== null && transaction.connectionId !== connection.id) {
    return "transaction belongs to another connection";
  }
  if (fields.tr_id !== transaction.title) return "title does not match the transaction";
  if (parseTpayAmount(fields.tr_amount) !== transaction.amount) return "amount does not match the transaction";
  if (fields.tr_currency !== null && fields.tr_currency.toUpperCase() !== transaction.currency) return "currency does not match the transaction";
  return null;
}

function answerFor(outcome: TpayPaymentOutcome, transaction: TpayTransaction, context: LogContext): Response {
  const subject = transaction.purpose === "bill" ? "bill" : "order";
  switch (outcome) {
    case "declined_not_payable":
      return rejected(context, `${subject} is not payable`);
    case "declined_underpaid":
      return rejected(context, `amount paid is lower than the ${subject}`);
    case "test_mode":
      return rejected(context, "test mode on a production account");
    default:
      logInfo("tpay.notification_accepted", { outcome, ...context });
      return accepted();
  }
}

function eventStatus(value: string): TpayEventStatus | null {
  return value === "TRUE" || value === "PAID" || value === "CHARGEBACK" || value === "FALSE" ? value : null;
}

/** Returns the last path segment (a connection's notify key or "platform"), or "" when the path has more segments. */
function notifyKeyOf(url: string): string {
  const rest = new URL(url).pathname.slice(TPAY_NOTIFICATIONS_PATH.length);
  if (rest.includes("/")) return "";
  try {
    return decodeURIComponent(rest);
  } catch {
    return "";
  }
}

async function findTarget(db: Db, env: Env, notifyKey: string): Promise<NotificationTarget | null> {
  if (notifyKey === PLATFORM_NOTIFY_KEY) return { owner: { account: "platform" }, account: platformTpayAccount(env), connection: null };
  const loaded = await findTpayConnectionByNotifyKey(db, env, notifyKey);
  if (!loaded) return null;
  return { owner: { account: "freelancer", userId: loaded.connection.userId }, account: loaded.account, connection: loaded.connection };
}

/**
 * Reads the raw body once, as bytes, up to MAX_TPAY_NOTIFICATION_BYTES; null when it is larger.
 * A Content-Length over the limit is refused before reading.
 */
async function readBody(request: Request): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (Number.isFinite(declared) && declared > MAX_TPAY_NOTIFICATION_BYTES) return null;
  if (!request.body) return new Uint8Array();

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_TPAY_NOTIFICATION_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Adds the merchant id and title that the unverified body claims, so that a rejected signature
 * can be traced to an account. They are logged as claims and used for nothing else.
 */
function withClaimedFields(context: LogContext, rawBody: Uint8Array, contentType: string | null): LogContext & Record<string, string> {
  const parsed = parseTpayNotification(rawBody, contentType);
  if (parsed.kind !== "payment") return { ...context };
  return { ...context, claimedMerchantId: parsed.fields.id.slice(0, 20), claimedTitle: parsed.fields.tr_id.slice(0, 40) };
}
