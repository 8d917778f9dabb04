// Reports: rows in `reports`, rendered to PDF by the report queue's consumer (workers/reports.ts).
// Every function a request calls takes the owner's user id (or the client link's project id) and
// scopes its queries by it. The job functions below the request functions are for the consumer
// and the scheduled job, which act on a report by its id alone.

import { and, count, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { readPlan, runReadPlan } from "~/db/read-plan.server";
import { clients, projects, reports, reportSendings, tasks, type Report } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";
import { warsawDay } from "~/utils/dates";
import { logError } from "~/utils/log.server";
import { checkPeriod, type PeriodProblem, type ReportPeriod } from "~/utils/report-period";
import { guardedActivity } from "./activity-guard.server";
import { activityInsert } from "./activity.server";
import { periodActivity } from "./report-content.server";
import { hitRateLimit, RATE_LIMITS, refundRateLimit } from "./rate-limit.server";

/** The report queue's message. */
export interface ReportJob {
  reportId: string;
}

export const REPORTS_PAGE_SIZE = 20;

/** Render attempts of one run (queue deliveries: 1 + max_retries of klamp-reports in wrangler.toml). */
export const MAX_REPORT_ATTEMPTS = 3;

/** A `rendering` claim older than this belongs to a consumer that died, so another delivery may take it over. */
export const STALE_REPORT_CLAIM_MS = 5 * 60_000;

/** A `queued` report untouched for this long has lost its queue message, so the scheduled job sends a new one. */
export const STALE_QUEUED_REPORT_MS = 10 * 60_000;

/**
 * Maximum number of tasks in a project that createReport accepts. A report lists every task that
 * exists at the end of its period, so a shorter period does not make it smaller, and a project
 * with ~12 000 tasks exceeded the 60 s print timeout on every attempt. createReport counts the
 * project's current task rows and rejects the request above this.
 *
 * NOTE: 5000 is an estimate, not a measurement. docs/benchmarks.md records about 5 s from claim
 * to ready for 500 tasks (51 pages) on a 2-core machine, and a linear extrapolation puts 5000
 * tasks near the timeout, so a project close to the cap may still time out. Tasks deleted
 * before the count are not counted, although a period before their deletion lists them.
 */
export const MAX_REPORT_TASKS = 5000;

export type CreateReportResult =
  | { outcome: "created"; report: Report }
  /** A report of the same period is already queued or rendering, so that one is returned and nothing is written. */
  | { outcome: "existing"; report: Report }
  | { outcome: "invalid_period"; problem: PeriodProblem; firstDay: string; today: string }
  /** The project has more than MAX_REPORT_TASKS tasks. */
  | { outcome: "too_many_tasks"; taskCount: number; limit: number }
  /** No activity row of the project in the period; the nearest days with activity on each side. */
  | { outcome: "no_activity"; nearestBefore: string | null; nearestAfter: string | null }
  | { outcome: "rate_limited" };

/** Builds the R2 key of a report's PDF from ids only, so a name can never steer where it is stored. */
export function reportObjectKey(report: Pick<Report, "userId" | "id">): string {
  return `reports/${report.userId}/${report.id}.pdf`;
}

function renderRateLimitKey(userId: string): string {
  return `report_render:account:${userId}`;
}

/**
 * Sends a report's job to the queue. A failure is logged, not thrown, because the row is
 * already stored as `queued` and the scheduled job sends a new message for a queued report
 * left untouched for STALE_QUEUED_REPORT_MS.
 */
async function sendReportJob(queue: Queue<ReportJob>, reportId: string): Promise<void> {
  try {
    await queue.send({ reportId });
  } catch (error) {
    logError("report.queue_send_failed", error, { reportId });
  }
}

/** Builds the WHERE of the user's reports of this project and period that are queued or rendering. */
function pendingReportOf(input: { userId: string; projectId: string; period: ReportPeriod }) {
  return and(
    eq(reports.userId, input.userId),
    eq(reports.projectId, input.projectId),
    eq(reports.periodStart, input.period.start),
    eq(reports.periodEnd, input.period.end),
    inArray(reports.status, ["queued", "rendering"]),
  );
}

async function findPendingReport(db: Db, input: { userId: string; projectId: string; period: ReportPeriod }): Promise<Report | null> {
  const [row] = await db.select().from(reports).where(pendingReportOf(input)).orderBy(desc(reports.createdAt)).limit(1);
  return row ?? null;
}

/**
 * Writes a `queued` report and its activity row, then queues `{ reportId }`. Null when the
 * project is not the user's. The period is checked first, then the project's task count
 * (MAX_REPORT_TASKS) and its activity in the period.
 *
 * While a report of the same user, project and period is queued or rendering, that report is
 * returned as `existing` and nothing is written, so a double submit renders one PDF. The batch
 * checks this again when it writes, so parallel requests write one row. A ready or failed
 * report of the period does not stop a new one. Only a report that was written counts against
 * reportRenderPerAccount.
 */
export async function createReport(
  db: Db,
  queue: Queue<ReportJob>,
  input: { userId: string; projectId: string; period: ReportPeriod; now: Date },
): Promise<CreateReportResult | null> {
  const project = await db.query.projects.findFirst({
    columns: { id: true, createdAt: true },
    where: and(eq(projects.id, input.projectId), eq(projects.userId, input.userId)),
  });
  if (!project) return null;

  const limits = { firstDay: warsawDay(project.createdAt), today: warsawDay(input.now) };
  const problem = checkPeriod(input.period, limits);
  if (problem) return { outcome: "invalid_period", problem, ...limits };

  const same = { userId: input.userId, projectId: project.id, period: input.period };
  const pending = await findPendingReport(db, same);
  if (pending) return { outcome: "existing", report: pending };

  const [{ taskCount }] = await db
    .select({ taskCount: count() })
    .from(tasks)
    .where(and(eq(tasks.projectId, project.id), eq(tasks.userId, input.userId)));
  if (taskCount > MAX_REPORT_TASKS) return { outcome: "too_many_tasks", taskCount, limit: MAX_REPORT_TASKS };

  const activityInPeriod = await periodActivity(db, same);
  if (!activityInPeriod.hasActivity) {
    return { outcome: "no_activity", nearestBefore: activityInPeriod.nearestBefore, nearestAfter: activityInPeriod.nearestAfter };
  }

  const limitKey = renderRateLimitKey(input.userId);
  const rule = RATE_LIMITS.reportRenderPerAccount;
  if (!(await hitRateLimit(db, limitKey, rule, input.now.getTime()))) {
    // A parallel request of the same period may have written its report meanwhile.
    const written = await findPendingReport(db, same);
    return written ? { outcome: "existing", report: written } : { outcome: "rate_limited" };
  }

  const id = randomId();
  const now = input.now.toISOString();
  const guard = guardedActivity(
    db,
    {
      userId: input.userId,
      projectId: project.id,
      actor: "freelancer",
      action: "report.created",
      subjectType: "report",
      subjectId: id,
      data: { periodStart: input.period.start, periodEnd: input.period.end },
    },
    sql`NOT EXISTS (SELECT 1 FROM ${reports} WHERE ${pendingReportOf(same)})`,
  );
  const [, [created], [pendingAfter]] = await db.batch([
    guard.insert,
    // The selected values follow the column order of `reports` in app/db/schema.ts.
    db
      .insert(reports)
      .select(
        sql`SELECT ${id}, ${input.userId}, ${project.id}, ${input.period.start}, ${input.period.end}, 'queued', 0,
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${now}, ${now}
            WHERE ${guard.written}`,
      )
      .returning(),
    // Read in the same transaction: the row written above, or the one that stopped it.
    db.select().from(reports).where(pendingReportOf(same)).orderBy(desc(reports.createdAt)).limit(1),
  ]);
  if (!created) {
    await refundRateLimit(db, limitKey, rule, input.now.getTime());
    return { outcome: "existing", report: pendingAfter };
  }

  await sendReportJob(queue, id);
  return { outcome: "created", report: created };
}

export interface ReportListRow {
  id: string;
  projectId: string;
  projectName: string;
  clientName: string;
  periodStart: string;
  periodEnd: string;
  status: Report["status"];
  size: number | null;
  createdAt: string;
}

/** Clamps a requested page to 1…pageCount (page 1 when there are no rows). */
function pageWindow(requested: number, total: number) {
  const pageCount = Math.max(1, Math.ceil(total / REPORTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Number.isInteger(requested) ? requested : 1), pageCount);
  return { page, pageCount, offset: (page - 1) * REPORTS_PAGE_SIZE };
}

export interface ReportsList {
  rows: ReportListRow[];
  page: number;
  pageCount: number;
  total: number;
}

type ReportsListOptions = { page: number; projectId?: string };

/** Lists the user's reports, newest first, optionally of one project. Pages start at 1, and a page past the last is clamped to it. */
export async function listReports(db: Db, userId: string, options: ReportsListOptions): Promise<ReportsList> {
  return clampReportsList(db, userId, options, await runReadPlan(db, reportsListPlan(db, userId, options)));
}

/**
 * Plans the reads of listReports (the count and the requested page's rows), so a page can batch
 * them with its own reads. Pass the result to clampReportsList, which reads the last page again
 * when the requested one is past it.
 */
export function reportsListPlan(db: Db, userId: string, options: ReportsListOptions) {
  const scope = reportsListScope(userId, options);
  const requested = pageWindow(options.page, Number.POSITIVE_INFINITY);
  return readPlan([db.select({ total: count() }).from(reports).where(scope), reportRowsQuery(db, userId, scope, requested.offset)], ([countRows, rows]) => {
    const total = countRows[0]?.total ?? 0;
    return { rows, total, requestedOffset: requested.offset };
  });
}

/** Finishes a read of reportsListPlan: clamps the page to the last one and reads that page's rows when the requested page was past it. */
export async function clampReportsList(
  db: Db,
  userId: string,
  options: ReportsListOptions,
  read: { rows: ReportListRow[]; total: number; requestedOffset: number },
): Promise<ReportsList> {
  const window = pageWindow(options.page, read.total);
  let rows = read.rows;
  if (window.offset !== read.requestedOffset) {
    rows = await reportRowsQuery(db, userId, reportsListScope(userId, options), window.offset);
  }
  return { rows, page: window.page, pageCount: window.pageCount, total: read.total };
}

function reportsListScope(userId: string, options: ReportsListOptions) {
  return and(eq(reports.userId, userId), options.projectId ? eq(reports.projectId, options.projectId) : undefined);
}

function reportRowsQuery(db: Db, userId: string, scope: SQL | undefined, offset: number) {
  return db
    .select({
      id: reports.id,
      projectId: reports.projectId,
      // D1 returns batch rows as objects keyed by column name, so the two `name` columns get aliases.
      projectName: sql<string>`${projects.name}`.as("project_name"),
      clientName: sql<string>`${clients.name}`.as("client_name"),
      periodStart: reports.periodStart,
      periodEnd: reports.periodEnd,
      status: reports.status,
      size: reports.size,
      createdAt: reports.createdAt,
    })
    .from(reports)
    .innerJoin(projects, and(eq(projects.id, reports.projectId), eq(projects.userId, userId)))
    .innerJoin(clients, eq(clients.id, projects.clientId))
    .where(scope)
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(REPORTS_PAGE_SIZE)
    .offset(offset);
}

export interface ReportDetail {
  report: Report;
  project: { id: string; name: string; clientLocale: "pl" | "en" };
  client: { id: string; name: string; email: string | null };
}

/** Finds one report of the user with its project and client. Returns null when it is not the user's. */
export async function getReport(db: Db, userId: string, reportId: string): Promise<ReportDetail | null> {
  const [row] = await db
    .select({
      report: reports,
      project: { id: projects.id, name: projects.name, clientLocale: projects.clientLocale },
      client: { id: clients.id, name: clients.name, email: clients.email },
    })
    .from(reports)
    .innerJoin(projects, and(eq(projects.id, reports.projectId), eq(projects.userId, userId)))
    .innerJoin(clients, eq(clients.id, projects.clientId))
    .where(and(eq(reports.id, reportId), eq(reports.userId, userId)))
    .limit(1);
  return row ?? null;
}

/**
 * Deletes the report, its sendings and its R2 object. Returns false when it is not the user's. The
 * activity row and both deletions run in one batch, guarded so that a parallel delete writes
 * one activity row. The object is deleted by its key made from the ids, so a PDF a consumer is
 * storing at this moment does not survive either: the consumer deletes it when it finds the row gone.
 */
export async function deleteReport(db: Db, bucket: R2Bucket, input: { userId: string; reportId: string; now: Date }): Promise<boolean> {
  const match = and(eq(reports.id, input.reportId), eq(reports.userId, input.userId));
  const [existing] = await db
    .select({ id: reports.id, userId: reports.userId, projectId: reports.projectId, periodStart: reports.periodStart, periodEnd: reports.periodEnd })
    .from(reports)
    .where(match)
    .limit(1);
  if (!existing) return false;

  const guard = guardedActivity(
    db,
    {
      userId: input.userId,
      projectId: existing.projectId,
      actor: "freelancer",
      action: "report.deleted",
      subjectType: "report",
      subjectId: existing.id,
      data: { periodStart: existing.periodStart, periodEnd: existing.periodEnd },
    },
    sql`EXISTS (SELECT 1 FROM ${reports} WHERE ${match})`,
  );
  const [, , deleted] = await db.batch([
    guard.insert,
    db.delete(reportSendings).where(and(eq(reportSendings.reportId, existing.id), eq(reportSendings.userId, input.userId), guard.written)),
    db
      .delete(reports)
      .where(and(match, guard.written))
      .returning({ id: reports.id }),
  ]);
  if (deleted.length === 0) return false;

  await deleteReportObject(bucket, existing);
  return true;
}

/** Deletes a report's PDF from R2. A failure is logged and leaves an orphaned object. */
async function deleteReportObject(bucket: R2Bucket, report: Pick<Report, "userId" | "id">): Promise<void> {
  try {
    await bucket.delete(reportObjectKey(report));
  } catch (error) {
    logError("report.delete_object_failed", error, { reportId: report.id });
  }
}

/**
 * Starts a failed report again from zero attempts and queues it. Returns null when it is not
 * the user's, and `rate_limited` when reportRenderPerAccount is used up (the report stays failed).
 * Of parallel retries of one report, only the one that queues it counts against the limit.
 */
export async function retryReport(
  db: Db,
  queue: Queue<ReportJob>,
  input: { userId: string; reportId: string; now: Date },
): Promise<"queued" | "not_failed" | "rate_limited" | null> {
  const match = and(eq(reports.id, input.reportId), eq(reports.userId, input.userId));
  const [existing] = await db
    .select({ id: reports.id, projectId: reports.projectId, status: reports.status, periodStart: reports.periodStart, periodEnd: reports.periodEnd })
    .from(reports)
    .where(match)
    .limit(1);
  if (!existing) return null;
  if (existing.status !== "failed") return "not_failed";

  const limitKey = renderRateLimitKey(input.userId);
  const rule = RATE_LIMITS.reportRenderPerAccount;
  if (!(await hitRateLimit(db, limitKey, rule, input.now.getTime()))) return "rate_limited";

  const failed = and(match, eq(reports.status, "failed"));
  const guard = guardedActivity(
    db,
    {
      userId: input.userId,
      projectId: existing.projectId,
      actor: "freelancer",
      action: "report.retried",
      subjectType: "report",
      subjectId: existing.id,
      data: { periodStart: existing.periodStart, periodEnd: existing.periodEnd },
    },
    sql`EXISTS (SELECT 1 FROM ${reports} WHERE ${failed})`,
  );
  const now = input.now.toISOString();
  const [, updated] = await db.batch([
    guard.insert,
    db
      .update(reports)
      .set({ status: "queued", attempts: 0, claimId: null, claimedAt: null, failureReason: null, updatedAt: now })
      .where(and(failed, guard.written))
      .returning({ id: reports.id }),
  ]);
  // A parallel retry already queued it, so this request's attempt does not count.
  if (updated.length === 0) {
    await refundRateLimit(db, limitKey, rule, input.now.getTime());
    return "not_failed";
  }

  await sendReportJob(queue, existing.id);
  return "queued";
}

/** Lists the ready reports of a project for its client page, newest first, paged like listReports. */
export async function listClientReports(
  db: Db,
  projectId: string,
  options: { page: number },
): Promise<{ rows: Pick<ReportListRow, "id" | "periodStart" | "periodEnd" | "size" | "createdAt">[]; page: number; pageCount: number; total: number }> {
  const scope = and(eq(reports.projectId, projectId), eq(reports.status, "ready"));
  const [{ total }] = await db.select({ total: count() }).from(reports).where(scope);
  const window = pageWindow(options.page, total);
  const rows = await db
    .select({
      id: reports.id,
      periodStart: reports.periodStart,
      periodEnd: reports.periodEnd,
      size: reports.size,
      createdAt: reports.createdAt,
    })
    .from(reports)
    .where(scope)
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(REPORTS_PAGE_SIZE)
    .offset(window.offset);
  return { rows, page: window.page, pageCount: window.pageCount, total };
}

/** Finds a ready report of this project (the client link's project). Returns null otherwise. */
export async function getClientReport(db: Db, projectId: string, reportId: string): Promise<Report | null> {
  const report = await db.query.reports.findFirst({
    where: and(eq(reports.id, reportId), eq(reports.projectId, projectId), eq(reports.status, "ready")),
  });
  return report ?? null;
}

// Letters that NFD does not split into a base letter and a combining mark.
const ASCII_LETTERS: Record<string, string> = { ł: "l", Ł: "l", ß: "ss", æ: "ae", Æ: "ae", ø: "o", Ø: "o", đ: "d", Đ: "d" };
const MAX_FILE_NAME_SLUG = 60;

/**
 * Builds the download name, e.g. `raport-strona-sklepu-2026-11-01-2026-11-30.pdf`: ASCII from the
 * project name (Polish letters without their accents, other scripts left out), so the name is
 * safe in a Content-Disposition header. A name with no ASCII letters gives `raport-<start>-<end>.pdf`.
 */
export function reportFileName(report: Pick<Report, "periodStart" | "periodEnd">, projectName: string): string {
  const slug = projectName
    .replace(/[łŁßæÆøØđĐ]/g, (letter) => ASCII_LETTERS[letter])
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_FILE_NAME_SLUG)
    .replace(/^-+|-+$/g, "");
  const parts = ["raport", slug, report.periodStart, report.periodEnd].filter(Boolean);
  return `${parts.join("-")}.pdf`;
}

// ---------------------------------------------------------------------------------------------
// Job state, for the queue consumer and the scheduled job. Every change is conditional on the
// row's state, so that deliveries of the same message, arriving at least once, render one PDF.

export type ReportClaim =
  | { outcome: "claimed"; report: Report; claimId: string }
  /** Ready, failed, or rendering under a fresh claim of another delivery, so there is nothing to do. */
  | { outcome: "skipped"; status: Report["status"] }
  /** Queued (or under a stale claim) but out of attempts, so the caller marks it failed. */
  | { outcome: "exhausted"; report: Report }
  | { outcome: "missing" };

function claimable(now: Date) {
  const staleBefore = new Date(now.getTime() - STALE_REPORT_CLAIM_MS).toISOString();
  return or(eq(reports.status, "queued"), and(eq(reports.status, "rendering"), lt(reports.claimedAt, staleBefore)));
}

/**
 * Claims a report for rendering: queued (or rendering under a claim older than
 * STALE_REPORT_CLAIM_MS) becomes rendering with a new claim id and one more attempt, in one
 * conditional update, so only one delivery wins.
 */
export async function claimReport(db: Db, reportId: string, now: Date): Promise<ReportClaim> {
  const claimId = randomId();
  const [claimed] = await db
    .update(reports)
    .set({
      status: "rendering",
      attempts: sql`${reports.attempts} + 1`,
      claimId,
      claimedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .where(and(eq(reports.id, reportId), claimable(now), lt(reports.attempts, MAX_REPORT_ATTEMPTS)))
    .returning();
  if (claimed) return { outcome: "claimed", report: claimed, claimId };

  const existing = await db.query.reports.findFirst({ where: eq(reports.id, reportId) });
  if (!existing) return { outcome: "missing" };
  const stillWaiting = existing.status === "queued" || (existing.status === "rendering" && isStaleClaim(existing, now));
  if (stillWaiting && existing.attempts >= MAX_REPORT_ATTEMPTS) return { outcome: "exhausted", report: existing };
  return { outcome: "skipped", status: existing.status };
}

function isStaleClaim(report: Pick<Report, "claimedAt">, now: Date): boolean {
  return !report.claimedAt || report.claimedAt < new Date(now.getTime() - STALE_REPORT_CLAIM_MS).toISOString();
}

/** Builds the WHERE of a change that is true only while the report is still rendering under this claim. */
function underClaim(reportId: string, claimId: string) {
  return and(eq(reports.id, reportId), eq(reports.status, "rendering"), eq(reports.claimId, claimId));
}

/**
 * Marks a claimed report ready with its PDF's facts and writes `report.ready`, both only while
 * the claim holds. Returns false when the claim was lost (the report was deleted, or another
 * delivery took over a stale claim).
 */
export async function markReportReady(
  db: Db,
  report: Pick<Report, "id" | "userId" | "projectId" | "periodStart" | "periodEnd">,
  claimId: string,
  pdf: { r2Key: string; size: number; pageCount: number; taskCount: number; generatedAt: string },
  now: Date,
): Promise<boolean> {
  const claim = underClaim(report.id, claimId);
  const guard = guardedActivity(
    db,
    {
      userId: report.userId,
      projectId: report.projectId,
      actor: "system",
      action: "report.ready",
      subjectType: "report",
      subjectId: report.id,
      data: { periodStart: report.periodStart, periodEnd: report.periodEnd, size: pdf.size, pageCount: pdf.pageCount },
    },
    sql`EXISTS (SELECT 1 FROM ${reports} WHERE ${claim})`,
  );
  const [, updated] = await db.batch([
    guard.insert,
    db
      .update(reports)
      .set({ status: "ready", ...pdf, claimId: null, failureReason: null, updatedAt: now.toISOString() })
      .where(and(claim, guard.written))
      .returning({ id: reports.id }),
  ]);
  return updated.length > 0;
}

/** Puts a claimed report back to `queued` after a failed attempt, for the queue's next delivery. False when the claim was lost. */
export async function releaseReportClaim(db: Db, reportId: string, claimId: string, now: Date): Promise<boolean> {
  const updated = await db
    .update(reports)
    .set({ status: "queued", claimId: null, claimedAt: null, updatedAt: now.toISOString() })
    .where(underClaim(reportId, claimId))
    .returning({ id: reports.id });
  return updated.length > 0;
}

/**
 * Marks a report failed with a reason shown to the freelancer and writes `report.failed`, both
 * only while `condition` is true. The consumer passes its claim, and the dead-letter handler and
 * the scheduled job pass the states they may fail. Returns false when nothing changed.
 */
async function failReportWhere(
  db: Db,
  report: Pick<Report, "id" | "userId" | "projectId" | "periodStart" | "periodEnd">,
  condition: SQL | undefined,
  reason: string,
  now: Date,
): Promise<boolean> {
  const guard = guardedActivity(
    db,
    {
      userId: report.userId,
      projectId: report.projectId,
      actor: "system",
      action: "report.failed",
      subjectType: "report",
      subjectId: report.id,
      data: { periodStart: report.periodStart, periodEnd: report.periodEnd, reason },
    },
    sql`EXISTS (SELECT 1 FROM ${reports} WHERE ${condition})`,
  );
  const [, updated] = await db.batch([
    guard.insert,
    db
      .update(reports)
      .set({ status: "failed", claimId: null, failureReason: reason, updatedAt: now.toISOString() })
      .where(and(condition, guard.written))
      .returning({ id: reports.id }),
  ]);
  return updated.length > 0;
}

/** Marks a claimed report failed after its last attempt. Returns false when the claim was lost. */
export function failClaimedReport(db: Db, report: Report, claimId: string, reason: string, now: Date): Promise<boolean> {
  return failReportWhere(db, report, underClaim(report.id, claimId), reason, now);
}

/**
 * Marks a report failed unless it is ready or failed already, for a message that reached the
 * dead-letter queue or a report out of attempts. A rendering claim is failed too, because its
 * consumer died or its delivery ended without acknowledging the message.
 */
export async function failUnfinishedReport(db: Db, reportId: string, reason: string, now: Date): Promise<boolean> {
  const report = await db.query.reports.findFirst({ where: eq(reports.id, reportId) });
  if (!report) return false;
  const unfinished = and(eq(reports.id, reportId), inArray(reports.status, ["queued", "rendering"]));
  return failReportWhere(db, report, unfinished, reason, now);
}

/** Reads a report by id for the consumer (no user scope: the id comes from our own queue). */
export async function findReportById(db: Db, reportId: string): Promise<Report | null> {
  return (await db.query.reports.findFirst({ where: eq(reports.id, reportId) })) ?? null;
}

/** At most this many stale reports are handled per scheduled run; the next run takes the rest. */
const STALE_REPORTS_PER_RUN = 50;

/**
 * Finds reports whose job stalled: queued and untouched for STALE_QUEUED_REPORT_MS (the
 * message was lost), or rendering under a claim older than STALE_REPORT_CLAIM_MS (the consumer
 * died). Those out of attempts are marked failed with `exhaustedReason`. The rest get a new
 * message, and their updated_at is touched so that the next run does not send another at once.
 * Returns how many were queued again and how many failed.
 */
export async function requeueStaleReports(
  db: Db,
  queue: Queue<ReportJob>,
  now: Date,
  exhaustedReason: string,
): Promise<{ requeued: number; failed: number }> {
  const queuedBefore = new Date(now.getTime() - STALE_QUEUED_REPORT_MS).toISOString();
  const claimedBefore = new Date(now.getTime() - STALE_REPORT_CLAIM_MS).toISOString();
  const stale = await db
    .select()
    .from(reports)
    .where(
      or(
        and(eq(reports.status, "queued"), lt(reports.updatedAt, queuedBefore)),
        and(eq(reports.status, "rendering"), lt(reports.claimedAt, claimedBefore), lt(reports.updatedAt, claimedBefore)),
      ),
    )
    .orderBy(reports.updatedAt)
    .limit(STALE_REPORTS_PER_RUN);

  let failed = 0;
  const requeue: string[] = [];
  for (const report of stale) {
    if (report.attempts >= MAX_REPORT_ATTEMPTS) {
      if (await failUnfinishedReport(db, report.id, exhaustedReason, now)) failed += 1;
    } else {
      requeue.push(report.id);
    }
  }
  if (requeue.length > 0) {
    await db
      .update(reports)
      .set({ updatedAt: now.toISOString() })
      .where(and(inArray(reports.id, requeue), inArray(reports.status, ["queued", "rendering"])));
    await queue.sendBatch(requeue.map((reportId) => ({ body: { reportId } })));
  }
  return { requeued: requeue.length, failed };
}
