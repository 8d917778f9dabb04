// SQL and crypto helpers of the seed scripts (scripts/seed.mjs, scripts/seed-bench.mjs). They
// import no app code, so the formats below must match the app's own:
// - the client-link token of app/models/share.server.ts: 32 random bytes, stored as SHA-256 hex
//   for lookup and as an AES-256-GCM copy bound to the project id;
// - the columns and enum values of app/db/schema.ts;
// - the rows and activity data that app/models/bills.server.ts, bill-payment.server.ts and
//   payments.server.ts write for a paid bill (see manualTaskPaymentRows, tpayBillPaymentRows).
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";

export const HOUR_MS = 3_600_000;

export function base64Url(buffer) {
  return buffer.toString("base64url");
}

export function sha256Hex(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Encrypts like encryptText in app/utils/crypto.server.ts: `<iv>.<ciphertext + tag>`, base64url. */
export function encryptText(base64Key, plaintext, associatedData) {
  const key = decodeKey(base64Key);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${base64Url(iv)}.${base64Url(ciphertext)}`;
}

export function decryptText(base64Key, sealed, associatedData) {
  const [ivText, dataText] = sealed.split(".");
  const data = Buffer.from(dataText, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", decodeKey(base64Key), Buffer.from(ivText, "base64url"));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}

function decodeKey(base64Key) {
  // Buffer's base64 decoder accepts both the standard and the URL-safe alphabet.
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes in base64");
  return key;
}

/**
 * Makes a new client link for a project: the token for the printed link, and the two column
 * values that app/models/share.server.ts stores.
 */
export function newShareToken(encryptionKey, projectId) {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: sha256Hex(token), encrypted: encryptText(encryptionKey, token, projectId) };
}

/** Returns the Europe/Warsaw calendar day (YYYY-MM-DD) of an instant. */
export function warsawDay(date) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw", year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

export function sqlValue(value) {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error(`Only integers are stored, got ${value}`);
    return String(value);
  }
  return `'${String(value).replaceAll("'", "''")}'`;
}

export function insert(table, row) {
  const columns = Object.keys(row);
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => sqlValue(row[c])).join(", ")});`;
}

/**
 * Builds an `activity` row as app/models/activity.server.ts writes it. `row.at` is the ISO
 * instant, and `row.data` the JSON the timeline reads (see app/components/activity-timeline.tsx).
 */
export function activityRow(userId, row) {
  return {
    id: randomUUID(),
    user_id: userId,
    project_id: row.projectId ?? null,
    actor: row.actor,
    action: row.action,
    subject_type: row.subjectType ?? null,
    subject_id: row.subjectId ?? null,
    data: JSON.stringify(row.data ?? {}),
    created_at: row.at,
  };
}

/**
 * Builds a `notifications` row as app/models/notifications.server.ts writes it. The e-mail
 * state is never `pending`, so the app's scheduled job sends no e-mail for seeded rows: types
 * e-mailed at once by default are `sent`, the digest types `digested` (no outbox rows exist).
 */
export function notificationRow(userId, row) {
  const digestTypes = new Set(["file", "invitation_delivered"]);
  return {
    id: randomUUID(),
    user_id: userId,
    project_id: row.projectId ?? null,
    type: row.type,
    data: JSON.stringify(row.data),
    read_at: row.readAt ?? null,
    email_state: digestTypes.has(row.type) ? "digested" : "sent",
    created_at: row.at,
  };
}

/** Shortens a message like messageExcerpt in app/models/messages.server.ts: one line, at most 160 characters. */
export function messageExcerpt(body) {
  const line = body.replace(/\s+/g, " ").trim();
  const characters = Array.from(line);
  if (characters.length <= 160) return line;
  return `${characters.slice(0, 159).join("").trimEnd()}…`;
}

const UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Draws `length` characters from `alphabet` (at most 256 characters) without modulo bias. */
function randomString(alphabet, length) {
  const limit = 256 - (256 % alphabet.length);
  let result = "";
  while (result.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && result.length < length) result += alphabet[byte % alphabet.length];
    }
  }
  return result;
}

/**
 * Returns the bill and bill_items rows of a bill made from `tasks` (each { id, name, amount,
 * version }), with the items' snapshot and the total that createBill in
 * app/models/bills.server.ts takes from the task rows.
 */
function billRows({ userId, projectId, billId, number, createdBy, tasks, createdAt }) {
  const total = tasks.reduce((sum, task) => sum + task.amount, 0);
  const bill = {
    id: billId,
    user_id: userId,
    project_id: projectId,
    number,
    created_by: createdBy,
    status: "open",
    total,
    recipient_email: null,
    outbox_id: null,
    paid_via: null,
    paid_payment_id: null,
    sent_at: null,
    paid_at: null,
    cancelled_at: null,
    cancelled_by: null,
    created_at: createdAt,
    updated_at: createdAt,
    payment_claim_id: null,
    payment_claimed_at: null,
  };
  const items = tasks.map((task, index) => ({
    id: randomUUID(),
    bill_id: billId,
    task_id: task.id,
    name: task.name,
    amount: task.amount,
    task_version: task.version,
    position: index + 1,
    active: true,
  }));
  return { bill, items, total };
}

/**
 * Builds the rows of one task marked paid by hand (the project page's "task-paid" action) as
 * createBill with `manual` in app/models/bills.server.ts writes them in one batch. These are a
 * paid bill of that one task, its payments row of the method, and a task.paid_manually activity
 * row, all at `at` (ISO). Returns the INSERT statements, the activity rows, and the columns to
 * set on the task row (`payment`, `paid_via`, `paid_at`, `updated_at`).
 */
export function manualTaskPaymentRows({ userId, projectId, task, number, method, note, at }) {
  const billId = randomUUID();
  const paymentId = randomUUID();
  const { bill, items, total } = billRows({ userId, projectId, billId, number, createdBy: "freelancer", tasks: [task], createdAt: at });
  Object.assign(bill, { status: "paid", paid_via: method, paid_payment_id: paymentId, paid_at: at });
  const payment = {
    id: paymentId,
    user_id: userId,
    purpose: "bill",
    project_id: projectId,
    bill_id: billId,
    subscription_order_id: null,
    method,
    tpay_transaction_id: null,
    environment: null,
    provider_title: null,
    amount: total,
    expected_amount: total,
    status: "applied",
    flag: null,
    note,
    paid_at: at,
    refunded_amount: 0,
    refunded_at: null,
    created_at: at,
  };
  return {
    statements: [insert("bills", bill), ...items.map((item) => insert("bill_items", item)), insert("payments", payment)],
    activity: [
      activityRow(userId, {
        projectId,
        actor: "freelancer",
        action: "task.paid_manually",
        subjectType: "task",
        subjectId: task.id,
        data: { name: task.name, amount: task.amount, method, note, number },
        at,
      }),
    ],
    taskColumns: { payment: "paid", paid_via: method, paid_at: at, updated_at: at },
  };
}

/**
 * Builds the rows of a bill the client made with "Opłać" and paid with "Zapłać teraz" through
 * the freelancer's Tpay connection, as the app writes them in three steps:
 * - createBill (app/models/bills.server.ts) at `createdAt`: the open bill, its items and a
 *   bill.created activity row;
 * - createAndStore (app/models/bill-payment.server.ts) at `startedAt`: the pending
 *   tpay_transactions row and a bill.payment_started row (the bill awaits payment and its tasks
 *   are `pending` until the next step);
 * - applyFullPayment (app/models/payments.server.ts) at `paidAt`, on Tpay's notification of the
 *   whole amount: the payments row, the transaction, bill and tasks paid, the payment.received
 *   and bill.paid rows and a payment_received notification.
 * `connection` is { id, environment, merchantId } and `origin` the app's origin, for the local
 * sandbox's payment page URL. The title and ids have the formats of the sandbox
 * (workers/tpay-sandbox/util.ts), but the sandbox's own database has no copy of the
 * transaction. Returns the INSERT statements, the activity rows, the notification without its
 * time (the caller applies its read/unread rule) and the columns to set on each task row.
 */
export function tpayBillPaymentRows({ userId, project, tasks, number, connection, origin, createdAt, startedAt, paidAt }) {
  const billId = randomUUID();
  const paymentId = randomUUID();
  const transactionRowId = randomUUID();
  const title = `TR-${randomString(UPPER_ALPHANUMERIC, 3)}-${randomString(UPPER_ALPHANUMERIC, 7)}`;
  const { bill, items, total } = billRows({ userId, projectId: project.id, billId, number, createdBy: "client", tasks, createdAt });
  Object.assign(bill, { status: "paid", paid_via: "tpay", paid_payment_id: paymentId, paid_at: paidAt, updated_at: paidAt });
  const transaction = {
    id: transactionRowId,
    user_id: userId,
    purpose: "bill",
    bill_id: billId,
    subscription_order_id: null,
    account: "freelancer",
    connection_id: connection.id,
    environment: connection.environment,
    merchant_id: connection.merchantId,
    transaction_id: `ta_${randomString(ALPHANUMERIC, 16)}`,
    title,
    crc: `b_${base64Url(randomBytes(16))}`,
    amount: total,
    currency: "PLN",
    payment_url: `${origin}/tpay-sandbox/pay/${title}`,
    status: "paid",
    test_mode_at: null,
    last_checked_at: null,
    created_at: startedAt,
    updated_at: paidAt,
  };
  const payment = {
    id: paymentId,
    user_id: userId,
    purpose: "bill",
    project_id: project.id,
    bill_id: billId,
    subscription_order_id: null,
    method: "tpay",
    tpay_transaction_id: transactionRowId,
    environment: connection.environment,
    provider_title: title,
    amount: total,
    expected_amount: total,
    status: "applied",
    flag: null,
    note: null,
    paid_at: paidAt,
    refunded_amount: 0,
    refunded_at: null,
    created_at: paidAt,
  };
  const billActivity = (row) => activityRow(userId, { projectId: project.id, subjectType: "bill", subjectId: billId, ...row });
  return {
    statements: [
      insert("bills", bill),
      ...items.map((item) => insert("bill_items", item)),
      insert("tpay_transactions", transaction),
      insert("payments", payment),
    ],
    activity: [
      billActivity({ actor: "client", action: "bill.created", data: { number, total, taskCount: tasks.length }, at: createdAt }),
      billActivity({ actor: "client", action: "bill.payment_started", data: { number, total, title }, at: startedAt }),
      activityRow(userId, {
        projectId: project.id,
        actor: "system",
        action: "payment.received",
        subjectType: "payment",
        subjectId: paymentId,
        data: { number, amount: total, total, title, source: "notification" },
        at: paidAt,
      }),
      billActivity({ actor: "system", action: "bill.paid", data: { number, total, paymentId }, at: paidAt }),
    ],
    notification: { projectId: project.id, type: "payment_received", data: { projectName: project.name, number, amount: total } },
    taskColumns: { payment: "paid", paid_via: "tpay", paid_at: paidAt, updated_at: paidAt },
  };
}
