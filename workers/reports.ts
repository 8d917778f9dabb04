// The report queue's consumer: renders each queued report to PDF and stores it in R2.
// Delivery is at least once, so every step is conditional on the report's claim (see
// claimReport): a redelivered message renders nothing, and one report has one R2 object.

import type { Db } from "~/db/client.server";
import type { Report } from "~/db/schema";
import { reportFailureText } from "~/i18n/pl";
import { loadReportContent } from "~/models/report-content.server";
import { loadReportLogo } from "~/models/report-settings.server";
import {
  claimReport,
  failClaimedReport,
  failUnfinishedReport,
  findReportById,
  markReportReady,
  MAX_REPORT_ATTEMPTS,
  releaseReportClaim,
  reportObjectKey,
  type ReportJob,
} from "~/models/reports.server";
import { printPdf, PrintTimeoutError } from "~/reports/print-pdf.server";
import { renderReportHtml } from "~/reports/report-document.server";
import { logError, logInfo, logWarn } from "~/utils/log.server";

/** How long one render attempt may take in the browser before it is abandoned. */
export const REPORT_RENDER_TIMEOUT_MS = 60_000;

/**
 * Extra time given to printPdf beyond its own timeout before the consumer stops waiting: printPdf
 * rejects at its timeout and then closes the browser, which may take up to 5 s.
 */
const PRINT_GRACE_MS = 10_000;

export interface ReportBatchDeps {
  db: Db;
  bucket: R2Bucket;
  browser: Fetcher;
  /** Per render attempt; tests shorten it. */
  renderTimeoutMs?: number;
}

/** Seconds before the queue delivers a message again after failed attempt number `attempt`: 10, 30. */
export function reportRetryDelaySeconds(attempt: number): number {
  return Math.min(10 * 3 ** Math.max(attempt - 1, 0), 300);
}

type FailureKind = "timeout" | "browser" | "storage" | "unknown";

/** An error of one step of a render attempt, whose kind picks the reason shown to the freelancer. */
class ReportStepError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly step: string,
    cause: unknown,
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "ReportStepError";
  }
}

async function step<T>(kind: FailureKind, name: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReportStepError) throw error;
    throw new ReportStepError(error instanceof PrintTimeoutError ? "timeout" : kind, name, error);
  }
}

/** Picks the Polish reason stored in reports.failure_reason for an attempt's error. */
export function reportFailureReason(error: unknown, timeoutMs: number): string {
  const kind = error instanceof ReportStepError ? error.kind : "unknown";
  if (kind === "timeout") return reportFailureText.timeout(Math.max(1, Math.round(timeoutMs / 1000)));
  return reportFailureText[kind];
}

/**
 * Renders each report once. A message for a report that is ready, failed, missing or freshly
 * claimed by another delivery is acknowledged without rendering. A failed attempt puts the
 * report back to `queued` and retries the message. The attempt that uses up
 * MAX_REPORT_ATTEMPTS marks it failed with a reason and acknowledges the message.
 */
export async function handleReportBatch(batch: MessageBatch<ReportJob>, deps: ReportBatchDeps): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body as Partial<ReportJob> | null | undefined;
    const reportId = body?.reportId;
    if (typeof reportId !== "string") {
      logWarn("report.invalid_message", { messageId: message.id });
      message.ack();
      continue;
    }
    try {
      await handleReportMessage(message, reportId, deps);
    } catch (error) {
      // Claiming or recording the outcome failed (D1 unavailable): the queue delivers the message
      // again, and after its last delivery the dead-letter handler marks the report failed.
      logError("report.job_failed", error, { reportId, deliveries: message.attempts });
      message.retry({ delaySeconds: reportRetryDelaySeconds(message.attempts) });
    }
  }
}

async function handleReportMessage(message: Message<ReportJob>, reportId: string, deps: ReportBatchDeps): Promise<void> {
  const claim = await claimReport(deps.db, reportId, new Date());
  if (claim.outcome === "missing" || claim.outcome === "skipped") {
    logInfo("report.skipped", { reportId, reason: claim.outcome === "missing" ? "missing" : claim.status });
    message.ack();
    return;
  }
  if (claim.outcome === "exhausted") {
    await failUnfinishedReport(deps.db, reportId, reportFailureText.abandoned, new Date());
    logWarn("report.failed", { reportId, reason: "attempts_exhausted", attempts: claim.report.attempts });
    message.ack();
    return;
  }

  const { report, claimId } = claim;
  const timeoutMs = deps.renderTimeoutMs ?? REPORT_RENDER_TIMEOUT_MS;
  const started = Date.now();
  try {
    const outcome = await renderAndStore(report, claimId, deps, timeoutMs);
    logInfo("report.rendered", { reportId, outcome, attempts: report.attempts, ms: Date.now() - started });
    message.ack();
  } catch (error) {
    const reason = reportFailureReason(error, timeoutMs);
    const final = report.attempts >= MAX_REPORT_ATTEMPTS || message.attempts >= MAX_REPORT_ATTEMPTS;
    const fields = { reportId, attempts: report.attempts, deliveries: message.attempts, final, ms: Date.now() - started };
    logError("report.render_failed", error, fields);
    const now = new Date();
    if (final) {
      await failClaimedReport(deps.db, report, claimId, reason, now);
      message.ack();
    } else if (await releaseReportClaim(deps.db, report.id, claimId, now)) {
      message.retry({ delaySeconds: reportRetryDelaySeconds(report.attempts) });
    } else {
      // The claim was lost (report deleted, or a stale claim taken over), so nothing is left to retry here.
      message.ack();
    }
  }
}

/**
 * Loads the content and logo, prints the PDF, stores it under the report's key and marks the
 * report ready under the claim. Returns `ready`, or `gone` when the report was deleted or its
 * claim lost on the way. A PDF stored for a deleted or failed report is removed again.
 */
async function renderAndStore(report: Report, claimId: string, deps: ReportBatchDeps, timeoutMs: number): Promise<"ready" | "gone"> {
  const now = new Date();
  const content = await step("unknown", "content", () => loadReportContent(deps.db, { userId: report.userId, reportId: report.id, now }));
  if (!content) return "gone";
  const logo = await step("storage", "logo", () => loadReportLogo(deps.db, deps.bucket, report.userId));
  const html = await step("unknown", "html", () => renderReportHtml(content, logo));
  const pdf = await step("browser", "print", () => printWithin(deps.browser, html, timeoutMs));

  const r2Key = reportObjectKey(report);
  await step("storage", "store", () =>
    deps.bucket.put(r2Key, pdf.bytes, { httpMetadata: { contentType: "application/pdf" }, customMetadata: { reportId: report.id } }),
  );
  const facts = { r2Key, size: pdf.bytes.byteLength, pageCount: pdf.pageCount, taskCount: content.tasks.length, generatedAt: content.generatedAt };
  const marked = await step("unknown", "mark_ready", () => markReportReady(deps.db, report, claimId, facts, new Date()));
  if (marked) return "ready";

  await removeOrphanedPdf(deps, report);
  return "gone";
}

/** Runs printPdf, and stops waiting if it has not settled PRINT_GRACE_MS after its own timeout. */
async function printWithin(browser: Fetcher, html: string, timeoutMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const backstop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrintTimeoutError(timeoutMs)), timeoutMs + PRINT_GRACE_MS);
  });
  const printing = printPdf(browser, html, { timeoutMs });
  try {
    return await Promise.race([printing, backstop]);
  } finally {
    clearTimeout(timer);
    // When the backstop wins, printPdf may still reject later, and that outcome no longer matters.
    printing.catch(() => undefined);
  }
}

/**
 * Deletes the PDF just stored when the report no longer wants it: the row was deleted, or a
 * dead-letter message failed it meanwhile. A report ready or rendering under another claim uses
 * the same key, so its object stays.
 */
async function removeOrphanedPdf(deps: ReportBatchDeps, report: Report): Promise<void> {
  const current = await findReportById(deps.db, report.id);
  if (current && (current.status === "ready" || current.status === "rendering")) return;
  try {
    await deps.bucket.delete(reportObjectKey(report));
    logInfo("report.orphan_removed", { reportId: report.id, status: current?.status ?? "deleted" });
  } catch (error) {
    logError("report.orphan_remove_failed", error, { reportId: report.id });
  }
}

/** Messages that exhausted their deliveries: the report is marked failed, the message acknowledged. */
export async function handleReportDeadLetters(batch: MessageBatch<ReportJob>, db: Db): Promise<void> {
  for (const message of batch.messages) {
    const reportId = (message.body as Partial<ReportJob> | null | undefined)?.reportId;
    if (typeof reportId === "string") {
      try {
        // A copy of the message can reach the dead-letter queue after another copy finished the report, which then stays as it is.
        if (await failUnfinishedReport(db, reportId, reportFailureText.abandoned, new Date())) logWarn("report.dead_letter", { reportId });
        else logInfo("report.dead_letter_ignored", { reportId, reason: "finished or missing" });
      } catch (error) {
        // The scheduled job finds the report stalled and queues it again or fails it.
        logError("report.dead_letter_failed", error, { reportId });
      }
    } else {
      logWarn("report.invalid_message", { messageId: message.id });
    }
    message.ack();
  }
}
