// SQL and crypto helpers of the seed scripts (scripts/seed.mjs, scripts/seed-bench.mjs). They
// import no app code, so the formats below must match the app's own:
// - the client-link token of app/models/share.server.ts: 32 random bytes, stored as SHA-256 hex
//   for lookup and as an AES-256-GCM copy bound to the project id;
// - the columns and enum values of app/db/schema.ts.
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
