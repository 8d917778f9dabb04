// Reads what a report shows from the database and rebuilds each task's state at the end of the
// period from the activity log. CONTRACT (filled in by the report-content owner).

import type { Db } from "~/db/client.server";
import type { ReportContent } from "~/reports/report-content";
import type { ReportPeriod } from "~/utils/report-period";

/** Actions that do not count as activity of the project when checking a period (the reports' own rows). */
export const NON_PROJECT_ACTIVITY_PREFIXES = ["report."];

/**
 * Whether the project has activity (an activity row other than the reports' own) in the period,
 * and if not, the Europe/Warsaw days of the nearest activity before and after it.
 */
export async function periodActivity(
  db: Db,
  input: { userId: string; projectId: string; period: ReportPeriod },
): Promise<{ hasActivity: boolean; nearestBefore: string | null; nearestAfter: string | null }> {
  void db, input;
  throw new Error("periodActivity: not implemented");
}

/** The content of the user's report (period from the row); null when the report is not the user's. */
export async function loadReportContent(db: Db, input: { userId: string; reportId: string; now: Date }): Promise<ReportContent | null> {
  void db, input;
  throw new Error("loadReportContent: not implemented");
}
