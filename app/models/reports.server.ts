// Reports: rows in `reports`, rendered to PDF by the report queue's consumer (workers/reports.ts).
// Every function takes the owner's user id and scopes its queries by it.
// CONTRACT (filled in by the reports-model owner): signatures are fixed, bodies to be written.

import type { Db } from "~/db/client.server";
import type { Report } from "~/db/schema";
import type { PeriodProblem, ReportPeriod } from "~/utils/report-period";

/** The report queue's message. */
export interface ReportJob {
  reportId: string;
}

export const REPORTS_PAGE_SIZE = 20;

export type CreateReportResult =
  | { outcome: "created"; report: Report }
  | { outcome: "invalid_period"; problem: PeriodProblem; firstDay: string; today: string }
  /** No activity row of the project in the period; the nearest days with activity on each side. */
  | { outcome: "no_activity"; nearestBefore: string | null; nearestAfter: string | null }
  | { outcome: "rate_limited" };

/** Writes a `queued` report and its activity row, then queues `{ reportId }`. Null when the project is not the user's. */
export async function createReport(
  db: Db,
  queue: Queue<ReportJob>,
  input: { userId: string; projectId: string; period: ReportPeriod; now: Date },
): Promise<CreateReportResult | null> {
  void db, queue, input;
  throw new Error("createReport: not implemented");
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

/** The user's reports, newest first, paged (page starts at 1); optionally of one project. */
export async function listReports(
  db: Db,
  userId: string,
  options: { page: number; projectId?: string },
): Promise<{ rows: ReportListRow[]; page: number; pageCount: number; total: number }> {
  void db, userId, options;
  throw new Error("listReports: not implemented");
}

export interface ReportDetail {
  report: Report;
  project: { id: string; name: string; clientLocale: "pl" | "en" };
  client: { id: string; name: string; email: string | null };
}

/** One report of the user with its project and client; null when it is not the user's. */
export async function getReport(db: Db, userId: string, reportId: string): Promise<ReportDetail | null> {
  void db, userId, reportId;
  throw new Error("getReport: not implemented");
}

/** Deletes the report, its sendings and its R2 object; false when it is not the user's. */
export async function deleteReport(db: Db, bucket: R2Bucket, input: { userId: string; reportId: string; now: Date }): Promise<boolean> {
  void db, bucket, input;
  throw new Error("deleteReport: not implemented");
}

/** Starts a failed report again from zero attempts; null when it is not the user's. */
export async function retryReport(
  db: Db,
  queue: Queue<ReportJob>,
  input: { userId: string; reportId: string; now: Date },
): Promise<"queued" | "not_failed" | null> {
  void db, queue, input;
  throw new Error("retryReport: not implemented");
}

/** Ready reports of a project for its client page, newest first, paged. */
export async function listClientReports(
  db: Db,
  projectId: string,
  options: { page: number },
): Promise<{ rows: Pick<ReportListRow, "id" | "periodStart" | "periodEnd" | "size" | "createdAt">[]; page: number; pageCount: number; total: number }> {
  void db, projectId, options;
  throw new Error("listClientReports: not implemented");
}

/** A ready report of this project (the client link's project); null otherwise. */
export async function getClientReport(db: Db, projectId: string, reportId: string): Promise<Report | null> {
  void db, projectId, reportId;
  throw new Error("getClientReport: not implemented");
}

/** The download name, e.g. `raport-strona-sklepu-2026-11-01-2026-11-30.pdf` (ASCII, from the project name). */
export function reportFileName(report: Pick<Report, "periodStart" | "periodEnd">, projectName: string): string {
  void report, projectName;
  throw new Error("reportFileName: not implemented");
}
