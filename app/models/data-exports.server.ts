// "Eksportuj dane": the data_exports rows, their claim by the export queue's consumer, and the
// download. See workers/exports.ts for the job itself. Functions a request calls take the
// owner's user id and scope every query by it. The job functions below them act on an export
// by its id alone, for the consumer and the scheduled maintenance.

import { and, desc, eq, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity, dataExports, type DataExport } from "~/db/schema";
import { exportDownloadPath, type ExportStatus } from "~/exports/status";
import { dataExportText } from "~/i18n/pl";
import { randomId } from "~/utils/crypto.server";
import { warsawDay } from "~/utils/dates";
import { logError, logInfo } from "~/utils/log.server";
import { guardedActivity } from "./activity-guard.server";
import { activityInsertWhen } from "./activity.server";
import { minutesUntilRateLimitReset } from "./bills.server";
import { emailOutboxInsertWhen } from "./email.server";
import { hitRateLimit, RATE_LIMITS, refundRateLimit } from "./rate-limit.server";

/** The message the export queue carries. */
export interface ExportJob {
  exportId: string;
}

/** Build attempts of one export (queue deliveries: 1 + max_retries of klamp-exports in wrangler.toml). */
export const MAX_EXPORT_ATTEMPTS = 3;

/** How long a ready ZIP can be downloaded before the scheduled maintenance deletes it. */
export const EXPORT_TTL_MS = 7 * 86_400_000;

/** A `queued` export untouched for this long has lost its queue message, so the maintenance sends a new one. */
export const STALE_QUEUED_EXPORT_MS = 10 * 60_000;

/**
 * A `running` export whose progress has not moved for this long belongs to a consumer that
 * died: every finished step touches updated_at, and one step copies at most one file of
 * MAX_FILE_BYTES (25 MB), so a live consumer writes much more often.
 */
export const STALE_RUNNING_EXPORT_MS = 10 * 60_000;

export const EXPORTS_PAGE_SIZE = 10;

/** At most this many stale or expired exports are handled per maintenance run; the next run takes the rest. */
const MAINTENANCE_BATCH = 50;

/** A random version 4 UUID made by SQLite, for rows an INSERT … SELECT writes several of. */
const UUID_SQL = sql.raw(
  "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))",
);

/** Builds the R2 key of an export's ZIP from ids only. */
export function exportObjectKey(row: Pick<DataExport, "userId" | "id">): string {
  return `exports/${row.userId}/${row.id}.zip`;
}

/** Builds the download name `klamp-eksport-2026-12-04.zip` from the Europe/Warsaw day the ZIP was ready. */
export function exportFileName(row: Pick<DataExport, "readyAt" | "createdAt">): string {
  return `klamp-eksport-${warsawDay(row.readyAt ?? row.createdAt)}.zip`;
}

function rateLimitKey(userId: string): string {
  return `data_export:account:${userId}`;
}

const activeOf = (userId: string) => and(eq(dataExports.userId, userId), inArray(dataExports.status, ["queued", "running"]));

/** Finds the account's export that is queued or running (at most one exists: data_exports_user_active_uq). */
export async function findActiveExport(db: Db, userId: string): Promise<DataExport | null> {
  const [row] = await db.select().from(dataExports).where(activeOf(userId)).limit(1);
  return row ?? null;
}

export type RequestExportResult =
  | { outcome: "created"; export: DataExport }
  /** An export of the account is queued or running, so that one is returned and nothing is written. */
  | { outcome: "existing"; export: DataExport }
  | { outcome: "rate_limited"; retryInMinutes: number };

/**
 * Sends an export's job to the queue. A failure is logged, not thrown: the row is stored as
 * `queued`, and the maintenance sends a new message once it is STALE_QUEUED_EXPORT_MS old.
 */
async function sendExportJob(queue: Queue<ExportJob>, exportId: string): Promise<void> {
  try {
    await queue.send({ exportId });
  } catch (error) {
    logError("export.queue_send_failed", error, { exportId });
  }
}

/**
 * Writes a `queued` export and its `export.requested` activity row in one batch, then queues
 * `{ exportId }`. While an export of the account is queued or running, that export is returned
 * as `existing` and nothing is written. Requests at the same moment insert with ON CONFLICT DO
 * NOTHING against the partial unique index of active exports, so exactly one row and one queue
 * message come out of them. Only a written export counts against dataExportPerAccount.
 */
export async function requestDataExport(db: Db, queue: Queue<ExportJob>, input: { userId: string; now: Date }): Promise<RequestExportResult> {
  const active = await findActiveExport(db, input.userId);
  if (active) return { outcome: "existing", export: active };

  const key = rateLimitKey(input.userId);
  const rule = RATE_LIMITS.dataExportPerAccount;
  const nowMs = input.now.getTime();
  if (!(await hitRateLimit(db, key, rule, nowMs))) {
    await refundRateLimit(db, key, rule, nowMs);
    // A parallel request may have written its export meanwhile.
    const written = await findActiveExport(db, input.userId);
    return written ? { outcome: "existing", export: written } : { outcome: "rate_limited", retryInMinutes: minutesUntilRateLimitReset(rule, nowMs) };
  }

  const id = randomId();
  const now = input.now.toISOString();
  const [created, , [activeAfter]] = await db.batch([
    db.insert(dataExports).values({ id, userId: input.userId, status: "queued", createdAt: now, updatedAt: now }).onConflictDoNothing().returning(),
    activityInsertWhen(
      db,
      { userId: input.userId, actor: "freelancer", action: "export.requested", subjectType: "data_export", subjectId: id },
      sql`EXISTS (SELECT 1 FROM ${dataExports} WHERE ${dataExports.id} = ${id})`,
    ),
    // Read in the same transaction: the row written above, or the one that stopped it.
    db.select().from(dataExports).where(activeOf(input.userId)).limit(1),
  ]);
  if (created.length === 0) {
    await refundRateLimit(db, key, rule, nowMs);
    return { outcome: "existing", export: activeAfter };
  }

  await sendExportJob(queue, id);
  return { outcome: "created", export: created[0] };
}

/** Lists the account's exports, newest first, a page of EXPORTS_PAGE_SIZE (pages start at 1). */
export async function listDataExports(db: Db, userId: string, page: number): Promise<{ rows: DataExport[]; hasMore: boolean }> {
  const rows = await db
    .select()
    .from(dataExports)
    .where(eq(dataExports.userId, userId))
    .orderBy(desc(dataExports.createdAt), desc(dataExports.id))
    .limit(EXPORTS_PAGE_SIZE + 1)
    .offset((page - 1) * EXPORTS_PAGE_SIZE);
  return { rows: rows.slice(0, EXPORTS_PAGE_SIZE), hasMore: rows.length > EXPORTS_PAGE_SIZE };
}

/** Finds the account's newest export, or null when it never requested one. */
export async function findLatestExport(db: Db, userId: string): Promise<DataExport | null> {
  const [row] = await db
    .select()
    .from(dataExports)
    .where(eq(dataExports.userId, userId))
    .orderBy(desc(dataExports.createdAt), desc(dataExports.id))
    .limit(1);
  return row ?? null;
}

/** Finds one export of the account. Returns null for another account's id or an unknown one. */
export async function getDataExport(db: Db, userId: string, exportId: string): Promise<DataExport | null> {
  const [row] = await db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.id, exportId), eq(dataExports.userId, userId)))
    .limit(1);
  return row ?? null;
}

/** Checks whether a ready export's ZIP may still be downloaded at `now` (the maintenance may not have expired it yet). */
export function isExportDownloadable(row: Pick<DataExport, "status" | "r2Key" | "expiresAt">, now: Date): boolean {
  return row.status === "ready" && row.r2Key !== null && row.expiresAt !== null && row.expiresAt > now.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Job state, for the queue consumer and the scheduled maintenance. Every change is conditional
// on the row's state, so deliveries of the same message, arriving at least once, build one ZIP.

export type ExportClaim =
  | { outcome: "claimed"; export: DataExport; claimId: string }
  /** Ready, failed, expired, or running under a live claim of another delivery: nothing to do. */
  | { outcome: "skipped"; status: ExportStatus }
  /** Still waiting but out of attempts, so the caller marks it failed. */
  | { outcome: "exhausted"; export: DataExport }
  | { outcome: "missing" };

function staleRunningBefore(now: Date): string {
  return new Date(now.getTime() - STALE_RUNNING_EXPORT_MS).toISOString();
}

function claimable(now: Date) {
  return or(eq(dataExports.status, "queued"), and(eq(dataExports.status, "running"), lt(dataExports.updatedAt, staleRunningBefore(now))));
}

/**
 * Claims an export for building: queued (or running without progress for
 * STALE_RUNNING_EXPORT_MS) becomes running with a new claim id, one more attempt and its
 * progress reset, in one conditional update, so only one delivery wins.
 */
export async function claimExport(db: Db, exportId: string, now: Date): Promise<ExportClaim> {
  const claimId = randomId();
  const [claimed] = await db
    .update(dataExports)
    .set({
      status: "running",
      attempts: sql`${dataExports.attempts} + 1`,
      claimId,
      claimedAt: now.toISOString(),
      progressDone: 0,
      updatedAt: now.toISOString(),
    })
    .where(and(eq(dataExports.id, exportId), claimable(now), lt(dataExports.attempts, MAX_EXPORT_ATTEMPTS)))
    .returning();
  if (claimed) return { outcome: "claimed", export: claimed, claimId };

  const existing = await findExportById(db, exportId);
  if (!existing) return { outcome: "missing" };
  const waiting = existing.status === "queued" || (existing.status === "running" && existing.updatedAt < staleRunningBefore(now));
  if (waiting && existing.attempts >= MAX_EXPORT_ATTEMPTS) return { outcome: "exhausted", export: existing };
  return { outcome: "skipped", status: existing.status };
}

/** Builds the WHERE of a change that holds only while the export is running under this claim. */
function underClaim(exportId: string, claimId: string) {
  return and(eq(dataExports.id, exportId), eq(dataExports.status, "running"), eq(dataExports.claimId, claimId));
}

/** Stores the progress under the claim, which also shows the claim is alive. Returns false when the claim was lost. */
export async function updateExportProgress(db: Db, exportId: string, claimId: string, progress: { done: number; total: number }, now: Date): Promise<boolean> {
  const updated = await db
    .update(dataExports)
    .set({ progressDone: progress.done, progressTotal: progress.total, updatedAt: now.toISOString() })
    .where(underClaim(exportId, claimId))
    .returning({ id: dataExports.id });
  return updated.length > 0;
}

/**
 * Marks a claimed export ready with its ZIP's facts, writes `export.ready` and the e-mail with
 * the download link to `email`, all in one batch and only while the claim holds. The same batch
 * marks the account's older ready exports `expired`, each with an `export.expired` row, so only
 * the newest ZIP is kept; their objects are deleted from `bucket` after the batch (a failed
 * deletion is logged). Returns the outbox id to queue, or null when the claim was lost.
 */
export async function markExportReady(
  db: Db,
  bucket: R2Bucket,
  row: Pick<DataExport, "id" | "userId">,
  claimId: string,
  input: { size: number; fileCount: number; email: string; origin: string; now: Date },
): Promise<string | null> {
  const claim = underClaim(row.id, claimId);
  const older = and(eq(dataExports.userId, row.userId), eq(dataExports.status, "ready"), ne(dataExports.id, row.id));
  const readyAt = input.now.toISOString();
  const expiresAt = new Date(input.now.getTime() + EXPORT_TTL_MS).toISOString();
  const outboxId = randomId();
  const guard = guardedActivity(
    db,
    {
      userId: row.userId,
      actor: "system",
      action: "export.ready",
      subjectType: "data_export",
      subjectId: row.id,
      data: { size: input.size, fileCount: input.fileCount, expiresAt },
    },
    sql`EXISTS (SELECT 1 FROM ${dataExports} WHERE ${claim})`,
  );
  const [, updated, , , superseded] = await db.batch([
    guard.insert,
    db
      .update(dataExports)
      .set({
        status: "ready",
        r2Key: exportObjectKey(row),
        size: input.size,
        fileCount: input.fileCount,
        progressDone: sql`max(${dataExports.progressDone}, ${dataExports.progressTotal})`,
        progressTotal: sql`max(${dataExports.progressDone}, ${dataExports.progressTotal})`,
        claimId: null,
        failureReason: null,
        outboxId,
        readyAt,
        expiresAt,
        updatedAt: readyAt,
      })
      .where(and(claim, guard.written))
      .returning({ id: dataExports.id }),
    emailOutboxInsertWhen(
      db,
      outboxId,
      {
        userId: row.userId,
        to: input.email,
        template: "data_export_ready",
        data: { downloadUrl: `${input.origin}${exportDownloadPath(row.id)}`, expiresAt, size: input.size, fileCount: input.fileCount },
      },
      guard.written,
    ),
    // The older ready exports: an `export.expired` row for each while it is still ready (the
    // columns in the order of the activity table, a new UUID each), then the update itself.
    db.insert(activity).select(sql`
      SELECT ${UUID_SQL}, ${dataExports.userId}, NULL, 'system', 'export.expired', 'data_export', ${dataExports.id}, '{}', ${readyAt}
      FROM ${dataExports} WHERE ${and(older, guard.written)}`),
    db
      .update(dataExports)
      .set({ status: "expired", updatedAt: readyAt })
      .where(and(older, guard.written))
      .returning({ id: dataExports.id, r2Key: dataExports.r2Key, userId: dataExports.userId }),
  ]);
  if (updated.length === 0) return null;
  for (const other of superseded) {
    try {
      await bucket.delete(other.r2Key ?? exportObjectKey(other));
    } catch (error) {
      logError("export.superseded_delete_failed", error, { exportId: other.id });
    }
  }
  if (superseded.length > 0) logInfo("export.superseded", { exportId: row.id, expired: superseded.length });
  return outboxId;
}

/** Puts a claimed export back to `queued` after a failed attempt, for the queue's next delivery. False when the claim was lost. */
export async function releaseExportClaim(db: Db, exportId: string, claimId: string, now: Date): Promise<boolean> {
  const updated = await db
    .update(dataExports)
    .set({ status: "queued", claimId: null, claimedAt: null, progressDone: 0, updatedAt: now.toISOString() })
    .where(underClaim(exportId, claimId))
    .returning({ id: dataExports.id });
  return updated.length > 0;
}

/** Marks an export failed with a reason shown to the user and writes `export.failed`, both only while `condition` holds. */
async function failExportWhere(db: Db, row: Pick<DataExport, "id" | "userId">, condition: SQL | undefined, reason: string, now: Date): Promise<boolean> {
  const guard = guardedActivity(
    db,
    { userId: row.userId, actor: "system", action: "export.failed", subjectType: "data_export", subjectId: row.id, data: { reason } },
    sql`EXISTS (SELECT 1 FROM ${dataExports} WHERE ${condition})`,
  );
  const [, updated] = await db.batch([
    guard.insert,
    db
      .update(dataExports)
      .set({ status: "failed", claimId: null, failureReason: reason, updatedAt: now.toISOString() })
      .where(and(condition, guard.written))
      .returning({ id: dataExports.id }),
  ]);
  return updated.length > 0;
}

/** Marks a claimed export failed after its last attempt. Returns false when the claim was lost. */
export function failClaimedExport(db: Db, row: Pick<DataExport, "id" | "userId">, claimId: string, reason: string, now: Date): Promise<boolean> {
  return failExportWhere(db, row, underClaim(row.id, claimId), reason, now);
}

/**
 * Marks an export failed unless it has finished, for a message that reached the dead-letter
 * queue or an export out of attempts. A running claim is failed too: its consumer died, or its
 * delivery ended without acknowledging the message.
 */
export async function failUnfinishedExport(db: Db, exportId: string, reason: string, now: Date): Promise<boolean> {
  const row = await findExportById(db, exportId);
  if (!row) return false;
  const unfinished = and(eq(dataExports.id, exportId), inArray(dataExports.status, ["queued", "running"]));
  return failExportWhere(db, row, unfinished, reason, now);
}

/** Reads an export by id for the consumer (no user scope: the id comes from our own queue). */
export async function findExportById(db: Db, exportId: string): Promise<DataExport | null> {
  const [row] = await db.select().from(dataExports).where(eq(dataExports.id, exportId)).limit(1);
  return row ?? null;
}

/**
 * The scheduled maintenance of exports:
 * - a `queued` export untouched for STALE_QUEUED_EXPORT_MS gets a new queue message (its
 *   updated_at is touched, so the next run waits again);
 * - a `running` export without progress for STALE_RUNNING_EXPORT_MS belongs to a consumer that
 *   died, so it is put back to `queued` and queued again, or marked failed when it is out of
 *   attempts. A consumer still alive finds its claim gone at its next step;
 * - a `ready` export past expires_at has its ZIP deleted from R2 and becomes `expired`, with an
 *   `export.expired` activity row. A failed deletion leaves it ready for the next run.
 */
export async function runExportMaintenance(deps: { db: Db; bucket: R2Bucket; queue: Queue }, now: Date): Promise<void> {
  const requeued = await requeueStaleExports(deps.db, deps.queue as Queue<ExportJob>, now);
  const expired = await expireReadyExports(deps.db, deps.bucket, now);
  if (requeued.requeued > 0 || requeued.failed > 0 || expired > 0) logInfo("export.maintenance", { ...requeued, expired });
}

async function requeueStaleExports(db: Db, queue: Queue<ExportJob>, now: Date): Promise<{ requeued: number; failed: number }> {
  const queuedBefore = new Date(now.getTime() - STALE_QUEUED_EXPORT_MS).toISOString();
  const runningBefore = staleRunningBefore(now);
  const stale = await db
    .select()
    .from(dataExports)
    .where(
      or(
        and(eq(dataExports.status, "queued"), lt(dataExports.updatedAt, queuedBefore)),
        and(eq(dataExports.status, "running"), lt(dataExports.updatedAt, runningBefore)),
      ),
    )
    .orderBy(dataExports.updatedAt)
    .limit(MAINTENANCE_BATCH);

  let failed = 0;
  const requeue: string[] = [];
  for (const row of stale) {
    if (row.attempts >= MAX_EXPORT_ATTEMPTS) {
      if (await failUnfinishedExport(db, row.id, dataExportText.failure.abandoned, now)) failed += 1;
      continue;
    }
    // Conditional on the updated_at read above, so a consumer's progress in between wins.
    const [touched] = await db
      .update(dataExports)
      .set({ status: "queued", claimId: null, claimedAt: null, progressDone: 0, updatedAt: now.toISOString() })
      .where(and(eq(dataExports.id, row.id), eq(dataExports.status, row.status), eq(dataExports.updatedAt, row.updatedAt)))
      .returning({ id: dataExports.id });
    if (touched) requeue.push(row.id);
  }
  if (requeue.length > 0) await queue.sendBatch(requeue.map((exportId) => ({ body: { exportId } })));
  return { requeued: requeue.length, failed };
}

async function expireReadyExports(db: Db, bucket: R2Bucket, now: Date): Promise<number> {
  const due = await db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.status, "ready"), lt(dataExports.expiresAt, now.toISOString())))
    .orderBy(dataExports.expiresAt)
    .limit(MAINTENANCE_BATCH);

  let expired = 0;
  for (const row of due) {
    try {
      await bucket.delete(row.r2Key ?? exportObjectKey(row));
    } catch (error) {
      logError("export.expire_delete_failed", error, { exportId: row.id });
      continue;
    }
    const ready = and(eq(dataExports.id, row.id), eq(dataExports.status, "ready"));
    const guard = guardedActivity(
      db,
      { userId: row.userId, actor: "system", action: "export.expired", subjectType: "data_export", subjectId: row.id },
      sql`EXISTS (SELECT 1 FROM ${dataExports} WHERE ${ready})`,
    );
    const [, updated] = await db.batch([
      guard.insert,
      db
        .update(dataExports)
        .set({ status: "expired", updatedAt: now.toISOString() })
        .where(and(ready, guard.written))
        .returning({ id: dataExports.id }),
    ]);
    expired += updated.length;
  }
  return expired;
}
