import { reportsText as t } from "~/i18n/pl/reports";
import { clientDisplayName } from "~/models/clients.server";
import type { ReportSendingItem } from "~/models/report-sendings.server";
import { formatDateTime } from "~/utils/dates";
import { formatFileSize } from "~/utils/file-size";
import { formatPeriodDays } from "~/utils/report-period-text";

// The report page's dates and sizes, formatted here so that the page's client bundle does not
// load the date and file size helpers.

/** Formats the report's period as `01.11.2026–30.11.2026`, or one date for a one-day period. */
export function reportPeriod(report: { periodStart: string; periodEnd: string }): string {
  return formatPeriodDays(report.periodStart, report.periodEnd);
}

/** A labelled value of the report page's facts list. */
export interface ReportFact {
  label: string;
  value: string;
}

/** Lists the report's facts: the client, when it was ordered and made, the PDF's size, pages and tasks. */
export function reportFacts(
  report: { createdAt: string; generatedAt: string | null; size: number | null; pageCount: number | null; taskCount: number | null },
  clientName: string,
): ReportFact[] {
  const facts: ReportFact[] = [
    { label: t.client, value: clientDisplayName(clientName) },
    { label: t.createdAt, value: formatDateTime(report.createdAt) },
  ];
  if (report.generatedAt) facts.push({ label: t.generatedAt, value: formatDateTime(report.generatedAt) });
  if (report.size !== null) facts.push({ label: t.size, value: formatFileSize(report.size) });
  if (report.pageCount !== null) facts.push({ label: t.pages, value: String(report.pageCount) });
  if (report.taskCount !== null) facts.push({ label: t.tasks, value: String(report.taskCount) });
  return facts;
}

/** Formats a sending's line under its address: when it was requested and until when its link works. */
export function sendingFacts(sending: Pick<ReportSendingItem, "requestedAt" | "expiresAt">, linkExpired: boolean): string {
  const facts = [
    t.requestedOn(formatDateTime(sending.requestedAt)),
    linkExpired ? t.linkExpired(formatDateTime(sending.expiresAt)) : t.linkValidUntil(formatDateTime(sending.expiresAt)),
  ];
  return facts.join(" · ");
}
