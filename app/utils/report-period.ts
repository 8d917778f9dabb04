// Reporting periods are whole Europe/Warsaw days. A period's instants run from 00:00 Warsaw
// time on its first day to 00:00 on the day after its last, so a day is 23 or 25 hours long
// across the daylight-saving changes and nothing falls between two periods.

import { isValidDay, TIME_ZONE } from "~/utils/dates";

export interface ReportPeriod {
  /** First day, YYYY-MM-DD (Europe/Warsaw), included. */
  start: string;
  /** Last day, YYYY-MM-DD (Europe/Warsaw), included. */
  end: string;
}

export type PeriodProblem = "invalid" | "reversed" | "future" | "before_project";

const wallClock = new Intl.DateTimeFormat("en-US", {
  timeZone: TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Milliseconds Europe/Warsaw is ahead of UTC at an instant (3 600 000 or 7 200 000). */
function warsawOffsetMs(instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of wallClock.formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Adds whole calendar days to a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The UTC instant (ISO, as stored in the database) at which a Europe/Warsaw day begins. */
export function warsawDayStart(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  const midnightAsUtc = Date.UTC(year, month - 1, date);
  // Poland changes its clocks at 02:00/03:00, never at midnight, so two passes settle the offset.
  let instant = midnightAsUtc - warsawOffsetMs(midnightAsUtc);
  instant = midnightAsUtc - warsawOffsetMs(instant);
  return new Date(instant).toISOString();
}

/** The half-open range of instants [from, to) a period covers, as ISO strings comparable with created_at. */
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
