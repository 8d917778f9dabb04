// Notifications of the sandbox: stored once as exact bytes plus headers, then delivered through
// the queue TPAY_SANDBOX_QUEUE (or synchronously for the control API). A delivery succeeds only
// on a 2xx response whose trimmed body is "TRUE". Otherwise the identical bytes and signature are
// sent again after RETRY_SCHEDULE_SECONDS. Every attempt is logged.

import { logError, logWarn } from "~/utils/log.server";
import { notificationMd5, signNotification } from "./signing";
import { findNotification, type MerchantRow, type NotificationRow, type TransactionRow } from "./storage";
import { amountText, readBodyText, warsawDateTime } from "./util";

/** Seconds to wait before the 2nd, 3rd, … attempt. Tpay's real schedule is not published. */
export const RETRY_SCHEDULE_SECONDS = [5, 30, 120, 600];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1;
const DELIVERY_TIMEOUT_MS = 10_000;
const SENDING_LEASE_MS = 60_000;
/** How late a queued attempt may be before the sweep makes it instead of the queue. */
const SWEEP_GRACE_MS = 3_000;
const LOGGED_RESPONSE_CHARS = 2000;

/** Sends a request to the app itself (a notification), without the network. */
export type DeliverToApp = (request: Request) => Promise<Response>;

export type DeliveryMode = "queue" | "now";

/** Message on TPAY_SANDBOX_QUEUE: deliver attempt number `attempt` of a stored notification. */
export interface SandboxQueueMessage {
  notificationId: number;
  attempt: number;
}

export interface AttemptResult {
  notificationId: number;
  /** HTTP status of the response, or null when the request failed or was not sent. */
  status: number | null;
  body: string | null;
  error?: string;
  delivered: boolean;
  /** The TRUE or CHARGEBACK notification sent after a two-step PAID, when delivered now. */
  followUp?: AttemptResult;
}

type TrStatus = "TRUE" | "FALSE" | "PAID" | "CHARGEBACK";
type TrError = "none" | "overpay" | "surcharge";

/** Fields of a payment notification in Tpay's order, md5sum last. */
export async function paymentNotificationFields(
  transaction: TransactionRow,
  merchant: MerchantRow,
  outcome: { trStatus: TrStatus; trError: TrError; paid: number },
): Promise<Record<string, string>> {
  const payer = JSON.parse(transaction.payer_json) as { email?: string };
  const fields: Record<string, string> = {
    id: merchant.merchantId,
    tr_id: transaction.title,
    tr_date: transaction.created_at,
    tr_crc: transaction.hidden_description,
    tr_amount: amountText(transaction.amount),
    tr_paid: amountText(outcome.paid),
    tr_desc: transaction.description,
    tr_status: outcome.trStatus,
    tr_error: outcome.trError,
    tr_email: payer.email ?? "",
    test_mode: transaction.test_mode === 1 ? "1" : "0",
    tr_currency: transaction.currency,
  };
  fields.md5sum = await notificationMd5(fields as { id: string; tr_id: string; tr_amount: string; tr_crc: string }, merchant.securityCode);
  return fields;
}

/** Fields of a test notification (title TR-ABC-TST123X), as a panel's "send test" would make them. */
export async function testNotificationFields(merchant: MerchantRow): Promise<Record<string, string>> {
  const fields: Record<string, string> = {
    id: merchant.merchantId,
    tr_id: "TR-ABC-TST123X",
    tr_date: warsawDateTime(),
    tr_crc: "test",
    tr_amount: "1.00",
    tr_paid: "1.00",
    tr_desc: "Powiadomienie testowe",
    tr_status: "TRUE",
    tr_error: "none",
    tr_email: "test@example.com",
    test_mode: merchant.testMode ? "1" : "0",
    tr_currency: "PLN",
  };
  fields.md5sum = await notificationMd5(fields as { id: string; tr_id: string; tr_amount: string; tr_crc: string }, merchant.securityCode);
  return fields;
}

/** Signs the fields and stores the notification, ready for its first attempt. */
export async function createNotification(
  env: Env,
  db: D1Database,
  input: { transactionId: string | null; merchantId: string; url: string; fields: Record<string, string> },
): Promise<number> {
  const { body, headers } = await signNotification(env, db, input.fields);
  const now = new Date().toISOString();
  const row = await db
    .prepare(
      `INSERT INTO sim_notifications
        (transaction_id, merchant_id, title, tr_status, url, body, headers_json, status, attempts, max_attempts, next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) RETURNING id`,
    )
    .bind(input.transactionId, input.merchantId, input.fields.tr_id ?? "", input.fields.tr_status ?? "", input.url, body,
      JSON.stringify(headers), MAX_ATTEMPTS, now, now)
    .first<{ id: number }>();
  if (!row) throw new Error("Notification was not stored");
  return row.id;
}

/** Starts delivery: the first attempt through the queue, or right now (returning its result). */
export async function dispatchNotification(
  env: Env,
  db: D1Database,
  deliver: DeliverToApp,
  notificationId: number,
  mode: DeliveryMode,
): Promise<AttemptResult | null> {
  if (mode === "queue" && env.TPAY_SANDBOX_QUEUE) {
    await env.TPAY_SANDBOX_QUEUE.send({ notificationId, attempt: 1 } satisfies SandboxQueueMessage, { contentType: "json" });
    return null;
  }
  return runScheduledAttempt(env, db, deliver, notificationId, 1, mode === "queue" ? "queue" : "now");
}

/** Only the app's own origin and loopback hosts receive notifications from the local sandbox. */
function deliverableUrl(env: Env, url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
    if (parsed.origin === new URL(env.APP_ORIGIN).origin) return true;
    return ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname);
  } catch {
    return false;
  }
}

async function post(env: Env, deliver: DeliverToApp, notification: NotificationRow): Promise<Omit<AttemptResult, "notificationId" | "delivered">> {
  if (!deliverableUrl(env, notification.url)) {
    return { status: null, body: null, error: "The local sandbox sends notifications only to the app's origin or to loopback hosts" };
  }
  const headers = JSON.parse(notification.headers_json) as Record<string, string>;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`No response within ${DELIVERY_TIMEOUT_MS} ms`)), DELIVERY_TIMEOUT_MS);
    });
    const request = new Request(notification.url, { method: "POST", headers, body: notification.body, redirect: "manual" });
    const response = await Promise.race([deliver(request), timeout]);
    const body = await Promise.race([readBodyText(response), timeout]);
    return { status: response.status, body };
  } catch (error) {
    return { status: null, body: null, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function recordAttempt(
  db: D1Database,
  notificationId: number,
  trigger: string,
  startedAt: string,
  result: Omit<AttemptResult, "notificationId">,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO sim_notification_attempts (notification_id, trigger, started_at, response_status, response_body, error, delivered)
        VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(notificationId, trigger, startedAt, result.status, result.body?.slice(0, LOGGED_RESPONSE_CHARS) ?? null, result.error ?? null,
      Number(result.delivered))
    .run();
}

const isTrueAnswer = (status: number | null, body: string | null) => status !== null && status >= 200 && status < 300 && body?.trim() === "TRUE";

/**
 * Reads the merchant's decision on a two-step PAID notification from the response: "TRUE"
 * accepts, a body starting with "FALSE" declines (Tpay reads FALSE as "return the money") and
 * anything else is no decision.
 */
function twoStepDecision(result: { status: number | null; body: string | null }): "accept" | "decline" | null {
  if (isTrueAnswer(result.status, result.body)) return "accept";
  if (result.status !== null && result.body?.trim().startsWith("FALSE")) return "decline";
  return null;
}

/**
 * Runs attempt number `attempt` unless another worker already ran it or the notification is
 * settled (a stale queue message). Schedules the next attempt after a failure.
 */
export async function runScheduledAttempt(
  env: Env,
  db: D1Database,
  deliver: DeliverToApp,
  notificationId: number,
  attempt: number,
  trigger: "queue" | "now" | "sweep",
): Promise<AttemptResult | null> {
  // While sending, next_attempt_at is a lease: the sweep takes the notification back after it.
  const lease = new Date(Date.now() + SENDING_LEASE_MS).toISOString();
  const claimed = await db
    .prepare(
      "UPDATE sim_notifications SET status = 'sending', attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND status = 'pending' AND attempts = ?",
    )
    .bind(lease, notificationId, attempt - 1)
    .run();
  if (claimed.meta.changes !== 1) return null;
  const notification = await findNotification(db, notificationId);
  if (!notification) return null;

  const startedAt = new Date().toISOString();
  const answer = await post(env, deliver, notification);
  const decision = notification.tr_status === "PAID" ? twoStepDecision(answer) : null;
  const delivered = isTrueAnswer(answer.status, answer.body) || decision === "decline";
  await recordAttempt(db, notificationId, trigger, startedAt, { ...answer, delivered });

  const refused = answer.status === null && answer.error?.startsWith("The local sandbox sends") === true;
  if (delivered) {
    await db.prepare("UPDATE sim_notifications SET status = 'delivered', next_attempt_at = NULL WHERE id = ?").bind(notificationId).run();
  } else if (attempt < notification.max_attempts && !refused) {
    const delaySeconds = RETRY_SCHEDULE_SECONDS[attempt - 1];
    const nextAt = new Date(Date.now() + delaySeconds * 1000).toISOString();
    await db.prepare("UPDATE sim_notifications SET status = 'pending', next_attempt_at = ? WHERE id = ?").bind(nextAt, notificationId).run();
    await scheduleAttempt(env, { notificationId, attempt: attempt + 1 }, delaySeconds);
  } else {
    await db.prepare("UPDATE sim_notifications SET status = 'failed', next_attempt_at = NULL WHERE id = ?").bind(notificationId).run();
    logWarn("tpay_sandbox.notification_failed", { notificationId, attempts: attempt });
  }

  const result: AttemptResult = { notificationId, ...answer, delivered };
  if (decision) {
    const followUp = await sendTwoStepFollowUp(env, db, deliver, notification, decision, trigger === "now" ? "now" : "queue");
    if (followUp) result.followUp = followUp;
  }
  return result;
}

async function scheduleAttempt(env: Env, message: SandboxQueueMessage, delaySeconds: number): Promise<void> {
  if (!env.TPAY_SANDBOX_QUEUE) {
    logWarn("tpay_sandbox.no_queue", { notificationId: message.notificationId, attempt: message.attempt });
    return;
  }
  await env.TPAY_SANDBOX_QUEUE.send(message, { contentType: "json", delaySeconds });
}

/** Sends the stored notification again, identical bytes and headers, outside the retry schedule. */
export async function redeliverNotification(env: Env, db: D1Database, deliver: DeliverToApp, notification: NotificationRow): Promise<AttemptResult> {
  const startedAt = new Date().toISOString();
  const answer = await post(env, deliver, notification);
  const decision = notification.tr_status === "PAID" ? twoStepDecision(answer) : null;
  const delivered = isTrueAnswer(answer.status, answer.body) || decision === "decline";
  await recordAttempt(db, notification.id, "redeliver", startedAt, { ...answer, delivered });
  if (delivered) {
    // Retries still queued find the notification settled and do nothing.
    await db.prepare("UPDATE sim_notifications SET status = 'delivered', next_attempt_at = NULL WHERE id = ? AND status IN ('pending', 'failed')")
      .bind(notification.id)
      .run();
  }
  const result: AttemptResult = { notificationId: notification.id, ...answer, delivered };
  if (decision) {
    const followUp = await sendTwoStepFollowUp(env, db, deliver, notification, decision, "now");
    if (followUp) result.followUp = followUp;
  }
  return result;
}

/**
 * After the first decision on a PAID notification: marks the transaction correct (accept) or
 * refunded (decline) and sends TRUE or CHARGEBACK with the same fields. Runs once per PAID.
 */
async function sendTwoStepFollowUp(
  env: Env,
  db: D1Database,
  deliver: DeliverToApp,
  paid: NotificationRow,
  decision: "accept" | "decline",
  mode: DeliveryMode,
): Promise<AttemptResult | null> {
  const claimed = await db.prepare("UPDATE sim_notifications SET follow_up_id = 0 WHERE id = ? AND follow_up_id IS NULL").bind(paid.id).run();
  if (claimed.meta.changes !== 1) return null;

  if (paid.transaction_id) {
    const update =
      decision === "accept"
        ? "UPDATE sim_transactions SET status = 'correct', payment_status = 'correct' WHERE transaction_id = ? AND status = 'paid'"
        : "UPDATE sim_transactions SET status = 'refund', payment_status = 'refund', amount_refunded = amount_paid WHERE transaction_id = ? AND status = 'paid'";
    await db.prepare(update).bind(paid.transaction_id).run();
  }

  const fields = Object.fromEntries(new URLSearchParams(paid.body));
  fields.tr_status = decision === "accept" ? "TRUE" : "CHARGEBACK";
  if (decision === "decline") fields.tr_error = "none";
  const id = await createNotification(env, db, { transactionId: paid.transaction_id, merchantId: paid.merchant_id, url: paid.url, fields });
  await db.prepare("UPDATE sim_notifications SET follow_up_id = ? WHERE id = ?").bind(id, paid.id).run();
  return dispatchNotification(env, db, deliver, id, mode);
}

/**
 * Makes the attempts that are overdue: `wrangler dev` keeps delayed queue messages in memory
 * and loses them when it reloads the Worker, so the queue alone can drop a retry. Also takes
 * back notifications whose sending lease ran out (the Worker stopped mid-delivery).
 */
export async function sweepOverdueNotifications(env: Env, db: D1Database, deliver: DeliverToApp): Promise<void> {
  const now = new Date();
  await db
    .prepare(
      `UPDATE sim_notifications SET status = CASE WHEN attempts < max_attempts THEN 'pending' ELSE 'failed' END,
        next_attempt_at = CASE WHEN attempts < max_attempts THEN next_attempt_at ELSE NULL END
        WHERE status = 'sending' AND next_attempt_at < ?`,
    )
    .bind(now.toISOString())
    .run();
  const { results } = await db
    .prepare("SELECT id, attempts FROM sim_notifications WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 10")
    .bind(new Date(now.getTime() - SWEEP_GRACE_MS).toISOString())
    .all<{ id: number; attempts: number }>();
  for (const row of results) await runScheduledAttempt(env, db, deliver, row.id, row.attempts + 1, "sweep");
}

/** Queue consumer: one attempt per message; every message is acknowledged (retries are new messages). */
export async function handleQueueBatch(env: Env, db: D1Database, deliver: DeliverToApp, batch: MessageBatch<unknown>): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body as Partial<SandboxQueueMessage> | null;
    if (body && Number.isSafeInteger(body.notificationId) && Number.isSafeInteger(body.attempt)) {
      try {
        await runScheduledAttempt(env, db, deliver, body.notificationId as number, body.attempt as number, "queue");
      } catch (error) {
        logError("tpay_sandbox.delivery_failed", error, { notificationId: body.notificationId, attempt: body.attempt });
      }
    }
    message.ack();
  }
}

export interface NotificationLogEntry {
  id: number;
  transactionId: string | null;
  merchantId: string;
  title: string;
  trStatus: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  status: string;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  followUpId: number | null;
  createdAt: string;
  log: { trigger: string; startedAt: string; status: number | null; body: string | null; error: string | null; delivered: boolean }[];
}

/** Lists the notification log, newest first, optionally for one transaction or title. */
export async function listNotifications(
  db: D1Database,
  filter: { transactionId?: string | null; title?: string | null; limit: number },
): Promise<NotificationLogEntry[]> {
  const conditions: string[] = [];
  const values: string[] = [];
  if (filter.transactionId) {
    conditions.push("transaction_id = ?");
    values.push(filter.transactionId);
  }
  if (filter.title) {
    conditions.push("title = ?");
    values.push(filter.title);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
  const { results: notifications } = await db
    .prepare(`SELECT * FROM sim_notifications ${where} ORDER BY id DESC LIMIT ${filter.limit}`)
    .bind(...values)
    .all<NotificationRow>();
  if (notifications.length === 0) return [];

  const ids = notifications.map((row) => row.id);
  const { results: attempts } = await db
    .prepare(`SELECT * FROM sim_notification_attempts WHERE notification_id IN (${ids.map(() => "?").join(",")}) ORDER BY id`)
    .bind(...ids)
    .all<{ notification_id: number; trigger: string; started_at: string; response_status: number | null; response_body: string | null; error: string | null; delivered: number }>();

  return notifications.map((row) => ({
    id: row.id,
    transactionId: row.transaction_id,
    merchantId: row.merchant_id,
    title: row.title,
    trStatus: row.tr_status,
    url: row.url,
    body: row.body,
    headers: JSON.parse(row.headers_json) as Record<string, string>,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: row.next_attempt_at,
    followUpId: row.follow_up_id || null,
    createdAt: row.created_at,
    log: attempts
      .filter((attempt) => attempt.notification_id === row.id)
      .map((attempt) => ({
        trigger: attempt.trigger,
        startedAt: attempt.started_at,
        status: attempt.response_status,
        body: attempt.response_body,
        error: attempt.error,
        delivered: attempt.delivered === 1,
      })),
  }));
}
