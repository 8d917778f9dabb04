// The export queue's consumer: writes each queued export's ZIP to R2 and e-mails the link.
// Delivery is at least once, so every step is conditional on the export's claim (see
// claimExport): a redelivered message builds nothing, and one export has one R2 object.

import type { Db } from "~/db/client.server";
import type { DataExport } from "~/db/schema";
import { writeExportArchive } from "~/exports/archive.server";
import { ZipTooLargeError } from "~/exports/zip-to-r2.server";
import { dataExportText } from "~/i18n/pl";
import {
  claimExport,
  exportObjectKey,
  failClaimedExport,
  failUnfinishedExport,
  findExportById,
  markExportReady,
  MAX_EXPORT_ATTEMPTS,
  releaseExportClaim,
  updateExportProgress,
  type ExportJob,
} from "~/models/data-exports.server";
import type { EmailJob } from "~/models/email.server";
import { getUserById } from "~/models/user.server";
import { logError, logInfo, logWarn } from "~/utils/log.server";

export interface ExportBatchDeps {
  db: Db;
  bucket: R2Bucket;
  emailQueue: Queue;
  /** The app's origin, for the download link in the e-mail. */
  origin: string;
  /** Minimum time between two progress writes to D1, so an account with many files does not write one per file. Tests set 0. */
  progressIntervalMs?: number;
}

const PROGRESS_INTERVAL_MS = 1000;

/** Seconds before the queue delivers a message again after failed attempt number `attempt`: 30, 90. */
export function exportRetryDelaySeconds(attempt: number): number {
  return Math.min(30 * 3 ** Math.max(attempt - 1, 0), 600);
}

/** The export's claim was taken over or the export is gone, so this delivery stops without a trace. */
class ClaimLostError extends Error {
  constructor(exportId: string) {
    super(`Claim on export ${exportId} lost`);
    this.name = "ClaimLostError";
  }
}

/**
 * Builds each export once. A message for an export that is finished, missing or running under
 * another delivery's live claim is acknowledged without work. A failed attempt puts the export
 * back to `queued` and retries the message. The attempt that uses up MAX_EXPORT_ATTEMPTS, or a
 * ZIP too large to write, marks it failed with a Polish reason and acknowledges the message.
 */
export async function handleExportBatch(batch: MessageBatch<ExportJob>, deps: ExportBatchDeps): Promise<void> {
  for (const message of batch.messages) {
    const exportId = (message.body as Partial<ExportJob> | null | undefined)?.exportId;
    if (typeof exportId !== "string") {
      logWarn("export.invalid_message", { messageId: message.id });
      message.ack();
      continue;
    }
    try {
      await handleExportMessage(message, exportId, deps);
    } catch (error) {
      // Claiming or recording the outcome failed (D1 unavailable): the queue delivers the message
      // again, and after its last delivery the dead-letter handler marks the export failed.
      logError("export.job_failed", error, { exportId, deliveries: message.attempts });
      message.retry({ delaySeconds: exportRetryDelaySeconds(message.attempts) });
    }
  }
}

async function handleExportMessage(message: Message<ExportJob>, exportId: string, deps: ExportBatchDeps): Promise<void> {
  const claim = await claimExport(deps.db, exportId, new Date());
  if (claim.outcome === "missing" || claim.outcome === "skipped") {
    logInfo("export.skipped", { exportId, reason: claim.outcome === "missing" ? "missing" : claim.status });
    message.ack();
    return;
  }
  if (claim.outcome === "exhausted") {
    await failUnfinishedExport(deps.db, exportId, dataExportText.failure.abandoned, new Date());
    logWarn("export.failed", { exportId, reason: "attempts_exhausted", attempts: claim.export.attempts });
    message.ack();
    return;
  }

  const { export: row, claimId } = claim;
  logInfo("export.started", { exportId, attempts: row.attempts, deliveries: message.attempts });
  const started = Date.now();
  try {
    const outcome = await buildAndStore(row, claimId, deps);
    logInfo("export.built", { exportId, outcome, attempts: row.attempts, ms: Date.now() - started });
    message.ack();
  } catch (error) {
    if (error instanceof ClaimLostError) {
      logInfo("export.claim_lost", { exportId, attempts: row.attempts });
      message.ack();
      return;
    }
    const tooLarge = error instanceof ZipTooLargeError;
    const final = tooLarge || row.attempts >= MAX_EXPORT_ATTEMPTS || message.attempts >= MAX_EXPORT_ATTEMPTS;
    logError("export.build_failed", error, { exportId, attempts: row.attempts, deliveries: message.attempts, final, ms: Date.now() - started });
    const now = new Date();
    if (final) {
      await failClaimedExport(deps.db, row, claimId, tooLarge ? dataExportText.failure.tooLarge : dataExportText.failure.unknown, now);
      // The ZIP may be stored already (marking it ready was what failed), and a failed export keeps none.
      await removeOrphanedZip(deps, row);
      message.ack();
    } else if (await releaseExportClaim(deps.db, row.id, claimId, now)) {
      message.retry({ delaySeconds: exportRetryDelaySeconds(row.attempts) });
    } else {
      // The claim was lost (the account was deleted, or the maintenance re-queued it), so nothing is left to retry here.
      message.ack();
    }
  }
}

/**
 * Writes the ZIP under the export's key, marks the export ready under the claim and queues the
 * e-mail. Returns `ready`, or `gone` when the claim was lost at the end. A ZIP stored for an
 * export that no longer wants it is removed again.
 */
async function buildAndStore(row: DataExport, claimId: string, deps: ExportBatchDeps): Promise<"ready" | "gone"> {
  const user = await getUserById(deps.db, row.userId);
  if (!user) throw new ClaimLostError(row.id);

  const interval = deps.progressIntervalMs ?? PROGRESS_INTERVAL_MS;
  let lastWrite = 0;
  const onProgress = async (done: number, total: number) => {
    const now = Date.now();
    if (done !== 0 && done < total && now - lastWrite < interval) return;
    lastWrite = now;
    if (!(await updateExportProgress(deps.db, row.id, claimId, { done, total }, new Date(now)))) throw new ClaimLostError(row.id);
  };

  const key = exportObjectKey(row);
  const archive = await writeExportArchive(
    { db: deps.db, bucket: deps.bucket },
    { exportId: row.id, userId: row.userId, key, account: { name: user.name, email: user.email }, now: new Date(), onProgress },
  );
  if (archive.missing.length > 0) logWarn("export.objects_missing", { exportId: row.id, count: archive.missing.length });

  const outboxId = await markExportReady(deps.db, deps.bucket, row, claimId, {
    size: archive.size,
    fileCount: archive.fileCount,
    email: user.email,
    origin: deps.origin,
    now: new Date(),
  });
  if (!outboxId) {
    await removeOrphanedZip(deps, row);
    return "gone";
  }

  try {
    await (deps.emailQueue as Queue<EmailJob>).send({ outboxId });
  } catch (error) {
    // The outbox row stays `queued`, and the scheduled job re-queues such rows after 10 minutes.
    logError("export.email_queue_failed", error, { exportId: row.id, outboxId });
  }
  return "ready";
}

/**
 * Deletes the ZIP just stored when the export no longer wants it: the row was deleted or failed,
 * or re-queued by the maintenance. A ready or running export uses the same key, so its object
 * stays. Errors are logged, not thrown.
 */
async function removeOrphanedZip(deps: ExportBatchDeps, row: DataExport): Promise<void> {
  try {
    const current = await findExportById(deps.db, row.id);
    if (current && (current.status === "ready" || current.status === "running")) return;
    await deps.bucket.delete(exportObjectKey(row));
    logInfo("export.orphan_removed", { exportId: row.id, status: current?.status ?? "deleted" });
  } catch (error) {
    logError("export.orphan_remove_failed", error, { exportId: row.id });
  }
}

/** Messages that exhausted their deliveries: the export is marked failed, the message acknowledged. */
export async function handleExportDeadLetters(batch: MessageBatch<ExportJob>, db: Db): Promise<void> {
  for (const message of batch.messages) {
    const exportId = (message.body as Partial<ExportJob> | null | undefined)?.exportId;
    if (typeof exportId === "string") {
      try {
        // A copy of the message can reach the dead-letter queue after another copy finished the export, which then stays as it is.
        if (await failUnfinishedExport(db, exportId, dataExportText.failure.abandoned, new Date())) logWarn("export.dead_letter", { exportId });
        else logInfo("export.dead_letter_ignored", { exportId, reason: "finished or missing" });
      } catch (error) {
        // The maintenance finds the export stalled and queues it again or fails it.
        logError("export.dead_letter_failed", error, { exportId });
      }
    } else {
      logWarn("export.invalid_message", { messageId: message.id });
    }
    message.ack();
  }
}
