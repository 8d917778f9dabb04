// Pieces shared by the "Raporty" tab and the report page: the state badge and the delete form.
import { Form, useNavigation } from "@remix-run/react";
import { reportsText as t } from "~/i18n/pl/reports";
import type { ReportListRow } from "~/models/reports.server";

export type ReportStatus = ReportListRow["status"];

const STATUS_TONE: Record<ReportStatus, string> = {
  queued: "bg-slate-100 text-slate-700",
  rendering: "bg-sky-100 text-sky-900",
  ready: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
};

export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  return (
    <span className={`whitespace-nowrap rounded-full px-2.5 py-1 text-xs font-medium ${STATUS_TONE[status]}`} data-testid="report-status">
      {t.status[status]}
    </span>
  );
}

/** States that the consumer still works on: pages showing them poll until they end. */
export function isReportPending(status: ReportStatus): boolean {
  return status === "queued" || status === "rendering";
}

/**
 * "Usuń" behind a <details> with a warning and a confirm button, so it works without
 * JavaScript. It posts to the report page, which redirects to `returnTo` (a /reports path).
 */
export function DeleteReportForm({ reportId, period, returnTo }: { reportId: string; period: string; returnTo: string }) {
  const navigation = useNavigation();
  return (
    <details className="text-left">
      <summary className="btn-danger btn-small cursor-pointer list-none [&::-webkit-details-marker]:hidden" aria-label={t.deleteLabel(period)}>
        {t.delete}
      </summary>
      <div role="group" aria-label={t.deleteLabel(period)} className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
        <p className="text-sm text-slate-700">{t.deleteWarning}</p>
        <Form method="post" action={`/reports/${reportId}`}>
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="returnTo" value={returnTo} />
          <button type="submit" className="btn-danger btn-small" disabled={navigation.state !== "idle"}>
            {t.deleteConfirm}
          </button>
        </Form>
      </div>
    </details>
  );
}
