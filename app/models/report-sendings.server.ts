import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { emailOutbox, projects, reports, reportSendings, type Report, type User } from "~/db/schema";
import { isClientLocale, type ClientLocale } from "~/i18n/client";
import { randomId, randomToken, sha256Hex } from "~/utils/crypto.server";
import { logError } from "~/utils/log.server";
import { activityInsertWhen } from "./activity.server";
import { isUnsubscribedAddress, minutesUntilRateLimitReset } from "./bills.server";
import { emailOutboxInsertWhen, type EmailJob } from "./email.server";
import type { DeliveryState } from "./invitations.server";
import { hitRateLimit, RATE_LIMITS, refundRateLimit } from "./rate-limit.server";
import { getReport } from "./reports.server";

// "Wyślij do klienta": a ready report is e-mailed to an address the freelancer types, with a
// download link /r/<token>. Each sending has its own random token, stored only as its SHA-256,
// and its own expiry, so one address's link can run out without touching another's. The
// sending's delivery state is the state of its e-mail in email_outbox.

/** How long the e-mailed download link works. */
export const REPORT_LINK_TTL_MS = 30 * 86_400_000;
export const SENDINGS_PAGE_SIZE = 10;

export interface ReportSendingDeps {
  queue: Queue<EmailJob>;
  /** The app's origin, for the link in the e-mail. */
  origin: string;
}

export type SendReportResult =
  | { status: "sent"; sendingId: string }
  | { status: "not_found" | "not_ready" | "unsubscribed" }
  | { status: "rate_limited"; retryInMinutes: number };

/** Builds the URL path of a sending's download link. */
export function reportLinkPath(token: string): string {
  return `/r/${token}`;
}

/** Checks a token's shape (32 random bytes in base64url), so anything else is rejected before hashing or querying. */
export function isWellFormedReportToken(token: string | undefined): token is string {
  return !!token && /^[A-Za-z0-9_-]{43}$/.test(token);
}

function emailRateLimitKey(userId: string): string {
  return `report_email:account:${userId}`;
}

/**
 * E-mails a ready report to `email` with a new download link. The outbox row, the sending row
 * and the `report.sent` activity row are one batch, which writes nothing unless the report is
 * still the sender's and ready when it runs (a delete in another tab wins). Only e-mails
 * actually written count against reportEmailPerAccount. An address that unsubscribed from the
 * project's e-mails is refused, as for bills. The e-mail is queued after the batch; a lost
 * queue message is re-queued by the scheduled job, because the outbox row stays `queued`.
 */
export async function sendReport(
  db: Db,
  deps: ReportSendingDeps,
  sender: Pick<User, "id" | "name">,
  input: { reportId: string; email: string; now: Date },
): Promise<SendReportResult> {
  const detail = await getReport(db, sender.id, input.reportId);
  if (!detail) return { status: "not_found" };
  if (detail.report.status !== "ready") return { status: "not_ready" };
  const { report, project, client } = detail;
  if (await isUnsubscribedAddress(db, { userId: sender.id, projectId: project.id }, input.email)) return { status: "unsubscribed" };

  const limitKey = emailRateLimitKey(sender.id);
  const rule = RATE_LIMITS.reportEmailPerAccount;
  if (!(await hitRateLimit(db, limitKey, rule, input.now.getTime()))) {
    await refundRateLimit(db, limitKey, rule, input.now.getTime());
    return { status: "rate_limited", retryInMinutes: minutesUntilRateLimitReset(rule, input.now.getTime()) };
  }

  const token = randomToken();
  const sendingId = randomId();
  const outboxId = randomId();
  const createdAt = input.now.toISOString();
  const expiresAt = new Date(input.now.getTime() + REPORT_LINK_TTL_MS).toISOString();
  const reportReady = sql`EXISTS (SELECT 1 FROM ${reports} WHERE ${reports.id} = ${report.id}
                            AND ${reports.userId} = ${sender.id} AND ${reports.status} = 'ready')`;
  const outboxWritten = sql`EXISTS (SELECT 1 FROM ${emailOutbox} WHERE ${emailOutbox.id} = ${outboxId})`;

  const [written] = await db.batch([
    emailOutboxInsertWhen(
      db,
      outboxId,
      {
        userId: sender.id,
        to: input.email,
        toName: client.email?.toLowerCase() === input.email ? client.name : null,
        template: "report",
        data: {
          locale: project.clientLocale,
          projectName: project.name,
          freelancerName: sender.name,
          periodStart: report.periodStart,
          periodEnd: report.periodEnd,
          reportUrl: `${deps.origin}${reportLinkPath(token)}`,
          expiresAt,
        },
      },
      reportReady,
    ),
    // The selected values follow the column order of `report_sendings` in app/db/schema.ts.
    db.insert(reportSendings).select(sql`
      SELECT ${sendingId}, ${report.id}, ${sender.id}, ${input.email}, ${outboxId}, ${await sha256Hex(token)}, ${expiresAt}, ${createdAt}
      WHERE ${outboxWritten}`),
    activityInsertWhen(
      db,
      {
        userId: sender.id,
        projectId: project.id,
        actor: "freelancer",
        action: "report.sent",
        subjectType: "report",
        subjectId: report.id,
        data: { email: input.email, periodStart: report.periodStart, periodEnd: report.periodEnd },
      },
      outboxWritten,
    ),
  ]);
  if (written.length === 0) {
    await refundRateLimit(db, limitKey, rule, input.now.getTime());
    const current = await getReport(db, sender.id, report.id);
    return { status: current ? "not_ready" : "not_found" };
  }

  try {
    await deps.queue.send({ outboxId });
  } catch (error) {
    // The row stays `queued`, and the scheduled job re-queues such rows after 10 minutes.
    logError("report.email_queue_failed", error, { outboxId, reportId: report.id });
  }
  return { status: "sent", sendingId };
}

/** One sending of a report, with the delivery state of its e-mail. */
export interface ReportSendingItem {
  id: string;
  email: string;
  /** When the freelancer sent the report; the e-mail leaves through the outbox after that. */
  requestedAt: string;
  expiresAt: string;
  delivery: DeliveryState;
  /** Reason the e-mail failed, or failed its last attempt while retrying. */
  deliveryError: string | null;
}

function deliveryState(status: string | null): DeliveryState {
  if (status === "queued" || status === "sending") return "queued";
  if (status === "retrying" || status === "sent" || status === "failed") return status;
  return "unknown";
}

/**
 * Lists a report's sendings, newest first, `limit` rows from `offset`, with the total count, in
 * one query. Scoped by the owner: another user's report id lists nothing.
 */
export async function listSendings(db: Db, userId: string, reportId: string, options: { limit: number; offset?: number }) {
  const rows = await db
    .select({
      id: reportSendings.id,
      email: reportSendings.toAddress,
      requestedAt: reportSendings.createdAt,
      expiresAt: reportSendings.expiresAt,
      outboxStatus: emailOutbox.status,
      outboxError: emailOutbox.lastError,
      total: sql<number>`COUNT(*) OVER ()`,
    })
    .from(reportSendings)
    .innerJoin(reports, and(eq(reports.id, reportSendings.reportId), eq(reports.userId, userId)))
    .leftJoin(emailOutbox, eq(emailOutbox.id, reportSendings.outboxId))
    .where(and(eq(reportSendings.reportId, reportId), eq(reportSendings.userId, userId)))
    .orderBy(desc(reportSendings.createdAt), desc(reportSendings.id))
    .limit(options.limit + 1)
    .offset(options.offset ?? 0);
  const items: ReportSendingItem[] = rows.slice(0, options.limit).map((row) => ({
    id: row.id,
    email: row.email,
    requestedAt: row.requestedAt,
    expiresAt: row.expiresAt,
    delivery: deliveryState(row.outboxStatus),
    deliveryError: row.outboxStatus === "failed" || row.outboxStatus === "retrying" ? row.outboxError : null,
  }));
  // COUNT(*) OVER () is computed before OFFSET, so a page past the end has no row to read it from.
  return { items, total: rows[0]?.total ?? 0, hasMore: rows.length > options.limit };
}

/**
 * Reads the report behind an e-mailed download link, with its project's name and client
 * language. Null for a malformed or unknown token, an expired link, or a report that is gone
 * or not ready (a link never outlives its report: deleting a report deletes its sendings).
 */
export async function findSendingByToken(
  db: Db,
  token: string | undefined,
  now: Date,
): Promise<{ report: Report; projectName: string; clientLocale: "pl" | "en" } | null> {
  if (!isWellFormedReportToken(token)) return null;
  const [row] = await db
    .select({ report: reports, projectName: projects.name, clientLocale: projects.clientLocale })
    .from(reportSendings)
    .innerJoin(reports, and(eq(reports.id, reportSendings.reportId), eq(reports.userId, reportSendings.userId)))
    .innerJoin(projects, and(eq(projects.id, reports.projectId), eq(projects.userId, reports.userId)))
    .where(
      and(
        eq(reportSendings.tokenHash, await sha256Hex(token)),
        gt(reportSendings.expiresAt, now.toISOString()),
        eq(reports.status, "ready"),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Reads the client language of the project a download link was sent for, whatever state the
 * link is in (expired included), so its 404 page can speak that language. Null for a malformed
 * token or one that matches no sending (never sent, or its report was deleted).
 */
export async function findSendingLocale(db: Db, token: string | undefined): Promise<ClientLocale | null> {
  if (!isWellFormedReportToken(token)) return null;
  const [row] = await db
    .select({ clientLocale: projects.clientLocale })
    .from(reportSendings)
    .innerJoin(reports, and(eq(reports.id, reportSendings.reportId), eq(reports.userId, reportSendings.userId)))
    .innerJoin(projects, and(eq(projects.id, reports.projectId), eq(projects.userId, reports.userId)))
    .where(eq(reportSendings.tokenHash, await sha256Hex(token)))
    .limit(1);
  return row && isClientLocale(row.clientLocale) ? row.clientLocale : null;
}
