// Reporting periods are whole Europe/Warsaw days. A period's instants run from 00:00 Warsaw
// time on its first day to 00:00 on the day after its last, so a day is 23 or 25 hours long
// across the daylight-saving changes and nothing falls between two periods.

import { addDays, isValidDay, warsawDayStart } from "~/utils/dates";

export { addDays, warsawDayStart };

export interface ReportPeriod {
  /** First day, YYYY-MM-DD (Europe/Warsaw), included. */
  start: string;
  /** Last day, YYYY-MM-DD (Europe/Warsaw), included. */
  end: string;
}

export type PeriodProblem = "invalid" | "reversed" | "future" | "before_project";

/** Returns the half-open range of instants [from, to) a period covers, as ISO strings comparable with created_at. */
export function periodBounds(period: ReportPeriod): { from: string; to: string } {
  return { from: warsawDayStart(period.start), to: warsawDayStart(addDays(period.end, 1)) };
}

/**
 * Checks a period typed or picked by the freelancer: real days, start not after end, end not
 * after today and start not before the project's first day (all Europe/Warsaw days).
 */
export function checkPeriod(period: ReportPeriod, limits: { firstDay: string; today: string }): PeriodProblem | null {
  if (!isValidDay(period.start) || !isValidDay(period.end)) return "invalid";
  if (period.start > period.end) return "reversed";
  if (period.end > limits.today) return "future";
  if (period.start < limits.firstDay) return "before_project";
  return null;
}
