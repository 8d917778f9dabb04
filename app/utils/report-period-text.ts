import { reportFormText } from "~/i18n/pl/report-form";
import { formatDay } from "~/utils/dates";

/**
 * Formats a report's period (YYYY-MM-DD days, both included) as `01.11.2026–30.11.2026`, or as
 * one date such as `05.12.2026` for a one-day period. Both client languages write it this way.
 */
export function formatPeriodDays(start: string, end: string): string {
  return reportFormText.period(formatDay(start), formatDay(end));
}
