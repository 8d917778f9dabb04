import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { ClientPagination } from "~/components/client-pagination";
import { ClientLinkErrorBoundary, ClientShell } from "~/components/client-shell";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "~/components/stacked-table";
import { ClientTextProvider, useClientText } from "~/i18n/client-context";
import { useClientPageText } from "~/i18n/client-page-text";
import { clientPageText, clientText } from "~/i18n/client-page-text.server";
import { clientPageHandle } from "~/i18n/client-shell";
import { listClientReports } from "~/models/reports.server";
import { CLIENT_PAGE_HEADERS, requireSharedProject } from "~/utils/client-link.server";
import { formatDate, formatDay } from "~/utils/dates";
import { formatFileSize } from "~/utils/file-size";
import { plural } from "~/utils/plural";
import { pageFromSearch } from "~/utils/page-number";

// The client's "Raporty" tab, reached with the client link: /p/<token>/reports lists the
// project's ready reports, newest first, a page at a time, each with its PDF download
// (/p/<token>/reports/<reportId>). Reports still queued, rendering or failed are not listed.
// The file name ends in `p.$token_` so that this page is not nested in the client page, which
// has no <Outlet>.

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

export const handle = clientPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.text.reports.title}: ${data.projectName} · Klamp` : "Klamp" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shared = await requireSharedProject(context, params.token);
  const page = pageFromSearch(new URL(request.url));

  const list = await listClientReports(context.db, shared.project.id, { page });
  const locale = shared.project.clientLocale;
  // The period's text is built here: reports.period() branches on its dates, so the browser does
  // not get it (see app/i18n/client-page-text.ts).
  const t = clientText(locale).reports;
  return json(
    {
      locale,
      text: clientPageText(locale, ["reports"]),
      projectName: shared.project.name,
      reports: list.rows.map((report) => ({
        id: report.id,
        period: t.period(formatDay(report.periodStart), formatDay(report.periodEnd)),
        size: report.size,
        createdAt: report.createdAt,
      })),
      total: list.total,
      page: list.page,
      hasMore: list.page < list.pageCount,
    },
    { headers: CLIENT_PAGE_HEADERS },
  );
}

export default function ClientReportsPage() {
  const { text, projectName } = useLoaderData<typeof loader>();
  const { token = "" } = useParams();
  return (
    <ClientTextProvider value={useClientPageText(text)}>
      <ClientShell title={projectName} tabs={{ token, current: "reports" }}>
        <ClientReportsContent />
      </ClientShell>
    </ClientTextProvider>
  );
}

function ClientReportsContent() {
  const { locale, reports, total, page, hasMore } = useLoaderData<typeof loader>();
  const { token = "" } = useParams();
  const t = useClientText().reports;
  const base = `/p/${encodeURIComponent(token)}/reports`;

  return (
    <section aria-labelledby="reports-heading" className="card min-w-0 space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 id="reports-heading" className="text-xl font-semibold">
          {t.title}
        </h1>
        {total > 0 ? <p className="text-sm text-slate-600">{t.count(total, plural(total, t.reportForms))}</p> : null}
      </div>
      <p className="text-sm text-slate-600">{t.intro}</p>
      {reports.length === 0 ? (
        <p className="text-sm text-slate-600">{t.empty}</p>
      ) : (
        <table className="w-full text-left text-sm max-lg:block">
          <thead className="max-lg:sr-only">
            <tr className="text-xs text-slate-500">
              <th scope="col" className="py-2 pr-3 font-medium">
                {t.columnPeriod}
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                {t.columnCreated}
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                {t.columnSize}
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                <span className="sr-only">{t.download}</span>
              </th>
            </tr>
          </thead>
          <tbody className="max-lg:block max-lg:space-y-2">
            {reports.map((report) => {
              const period = report.period;
              return (
                <tr key={report.id} className={STACKED_ROW_CLASS} data-testid="client-report">
                  <th scope="row" className="py-2 pr-3 text-left font-medium max-lg:px-3 max-lg:py-1">
                    {period}
                  </th>
                  <td data-label={t.columnCreated} className={`py-2 pr-3 max-lg:px-3 max-lg:py-1 ${STACKED_CELL_CLASS}`}>
                    <time dateTime={report.createdAt}>{formatDate(report.createdAt)}</time>
                  </td>
                  <td data-label={t.columnSize} className={`py-2 pr-3 tabular-nums max-lg:px-3 max-lg:py-1 ${STACKED_CELL_CLASS}`}>
                    {report.size === null ? "" : formatFileSize(report.size, locale)}
                  </td>
                  <td className="py-2 pr-3 max-lg:px-3 max-lg:py-1 lg:text-right">
                    {/* A plain link, so the browser downloads the PDF instead of routing. */}
                    <a href={`${base}/${encodeURIComponent(report.id)}`} className="btn-secondary btn-small" aria-label={t.downloadLabel(period)}>
                      {t.download}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ClientPagination page={page} hasMore={hasMore} text={t} />
    </section>
  );
}

// The same page for every 404, whatever the reason (see notFound in app/utils/client-link.server.ts).
export const ErrorBoundary = ClientLinkErrorBoundary;
