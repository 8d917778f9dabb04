// Fixtures for the export tests: a queue that records what is sent, deliveries to the export
// consumer, data_exports rows inserted in any state, and reading a stored ZIP back.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { vi } from "vitest";
import { activity, dataExports, type DataExport } from "~/db/schema";
import { exportObjectKey, type ExportJob } from "~/models/data-exports.server";
import { handleExportBatch, type ExportBatchDeps } from "../workers/exports";
import { db, ORIGIN } from "./helpers";

/** Builds a queue that records what is sent, so no consumer receives the message. */
export function recordingQueue<T>() {
  const sent: T[] = [];
  const queue = {
    async send(body: T) {
      sent.push(body);
    },
    async sendBatch(messages: { body: T }[]) {
      for (const message of messages) sent.push(message.body);
    },
  } as unknown as Queue<T>;
  return { queue, sent };
}

/** Runs the export consumer on one message and returns the queue's result and the options given to retry(). */
export async function deliverExport(exportId: string, attempts: number, deps: Partial<ExportBatchDeps> = {}) {
  const batch = createMessageBatch<ExportJob>("klamp-exports", [
    { id: `message-${exportId}-${attempts}`, timestamp: new Date(), attempts, body: { exportId } },
  ]);
  const retry = vi.spyOn(batch.messages[0], "retry");
  const ctx = createExecutionContext();
  await handleExportBatch(batch, { db, bucket: env.FILES, emailQueue: recordingQueue().queue, origin: ORIGIN, progressIntervalMs: 0, ...deps });
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryOptions: retry.mock.calls.map(([options]) => options) };
}

/** Inserts an export row directly, in whatever state the test needs. */
export async function insertExport(userId: string, values: Partial<DataExport> = {}): Promise<DataExport> {
  const now = new Date().toISOString();
  const row: DataExport = {
    id: crypto.randomUUID(),
    userId,
    status: "queued",
    progressDone: 0,
    progressTotal: 0,
    attempts: 0,
    claimId: null,
    claimedAt: null,
    r2Key: null,
    size: null,
    fileCount: null,
    failureReason: null,
    outboxId: null,
    readyAt: null,
    expiresAt: null,
    createdAt: now,
    updatedAt: now,
    ...values,
  };
  await db.insert(dataExports).values(row);
  return row;
}

/** Inserts a ready export whose ZIP in R2 is `bytes`, downloadable for `ttlMs` more. */
export async function insertReadyExport(userId: string, bytes: Uint8Array, ttlMs = 86_400_000, values: Partial<DataExport> = {}) {
  const id = crypto.randomUUID();
  const r2Key = exportObjectKey({ userId, id });
  await env.FILES.put(r2Key, bytes, { httpMetadata: { contentType: "application/zip" } });
  const readyAt = new Date().toISOString();
  return insertExport(userId, {
    id,
    status: "ready",
    attempts: 1,
    r2Key,
    size: bytes.byteLength,
    fileCount: 0,
    readyAt,
    expiresAt: new Date(Date.now() + ttlMs).toISOString(),
    progressDone: 5,
    progressTotal: 5,
    ...values,
  });
}

export async function exportRow(exportId: string): Promise<DataExport> {
  const [row] = await db.select().from(dataExports).where(eq(dataExports.id, exportId));
  if (!row) throw new Error("Export row missing");
  return row;
}

export async function exportRows(userId: string): Promise<DataExport[]> {
  return db.select().from(dataExports).where(eq(dataExports.userId, userId));
}

/** Lists the actions of the activity rows about one export, in the order they were written. */
export async function exportActions(exportId: string): Promise<string[]> {
  const rows = await db.select().from(activity).where(eq(activity.subjectId, exportId));
  return rows.map((row) => row.action);
}

/** Reads a stored export ZIP and unpacks it: path → bytes. */
export async function readZip(r2Key: string): Promise<{ bytes: Uint8Array; entries: Record<string, Uint8Array> }> {
  const object = await env.FILES.get(r2Key);
  if (!object) throw new Error(`No ZIP at ${r2Key}`);
  const bytes = new Uint8Array(await object.arrayBuffer());
  return { bytes, entries: unzipSync(bytes) };
}

const decoder = new TextDecoder();

export function text(bytes: Uint8Array | undefined): string {
  if (!bytes) throw new Error("Entry missing");
  return decoder.decode(bytes);
}

/** Splits a CSV entry into lines after checking its UTF-8 byte order mark (EF BB BF). Line ends are dropped. */
export function csvLines(bytes: Uint8Array | undefined): string[] {
  if (!bytes) throw new Error("Entry missing");
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error("CSV without a byte order mark");
  return decoder.decode(bytes.subarray(3)).split("\r\n").slice(0, -1);
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(bytes));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
