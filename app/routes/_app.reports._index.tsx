import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Pagination } from "~/components/pagination";
import { DeleteReportForm, isReportPending, ReportStatusBadge } from "~/components/report-status";
import { usePolling } from "~/components/use-polling";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "~/components/stacked-table";
import { reportsText as t } from "~/i18n/pl/reports";
import { clientDisplayName } from "~/models/clients.server";
import { runReadPlan, runReadPlans } from "~/db/read-plan.server";
import { ownedProjectPlan } from "~/models/owned-project.server";
import { clampReportsList, reportsListPlan } from "~/models/reports.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { formatFileSize } from "~/utils/file-size";
import { formatPeriodDays } from "~/utils/report-period-text";
import { pageFromSearch } from "~/utils/page-number";

// The "Raporty" tab: every report of the freelancer across projects, newest first, paged with
// ?page=N, or one project's with ?project=ID. Each row has the period, project, client, state
// and size, and links to download, send and delete. While a report on the page is still queued
// or rendering, the page reloads its data now and then, so states change without a reload.

export const meta: MetaFunction = () => [{ title: `${t.tab} · Klamp` }];

const POLL_INTERVAL_MS = 3000;

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const url = new URL(request.url);
  const projectId = url.searchParams.get("project");
  const options = { page: pageFromSearch(url), projectId: projectId ?? undefined };

  // One batch: the reports are scoped by the user, so another user's project id lists nothing.
  const read = projectId
    ? await runReadPlans(context.db, { project: ownedProjectPlan(context.db, user.id, projectId), list: reportsListPlan(context.db, user.id, options) })
    : { project: null, list: await runReadPlan(context.db, reportsListPlan(context.db, user.id, options)) };
  const { project } = read;
  if (projectId && !project) notFound();

  const list = await clampReportsList(context.db, user.id, options, read.list);
  const rows = list.rows.map((row) => ({ ...row, clientName: clientDisplayName(row.clientName) }));
  return json({ project: project ? { id: project.id, name: project.name } : null, ...list, rows });
}

const cellClass = `px-3 py-1 lg:py-3 ${STACKED_CELL_CLASS}`;

export default function ReportsPage() {
  const { project, rows, page, pageCount } = useLoaderData<typeof loader>();
  const location = useLocation();
  const pending = rows.some((row) => isReportPending(row.status));

  usePolling(pending ? POLL_INTERVAL_MS : null);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t.tab}</h1>
        <Link to="/settings/reports" className="btn-secondary">
          {t.settingsLink}
        </Link>
      </div>
      <p className="text-sm text-slate-600">{t.listIntro}</p>

      <section className="space-y-3" aria-labelledby="reports-list-title">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="reports-list-title" className="text-lg font-semibold [overflow-wrap:anywhere]">
            {project ? t.projectFilter(project.name) : t.preparedTitle}
          </h2>
          {project ? (
            <span className="flex flex-wrap gap-3 text-sm">
              <Link to={`/projects/${project.id}/reports/new`} className="link">
                {t.create}
              </Link>
              <Link to="/reports" className="link">
                {t.showAllProjects}
              </Link>
            </span>
          ) : null}
        </div>

        {rows.length === 0 ? (
          <p className="card text-slate-600">{project ? t.emptyProject : t.empty}</p>
        ) : (
          <div className="lg:rounded-lg lg:border lg:border-slate-200 lg:bg-white lg:shadow-sm">
            <table className="w-full text-sm" data-testid="reports-table">
              <thead className="max-lg:sr-only">
                <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columnPeriod}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columnProject}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columnClient}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columnStatus}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    {t.columnSize}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columnActions}
                  </th>
                </tr>
              </thead>
              <tbody className="max-lg:block max-lg:space-y-3">
                {rows.map((row) => {
                  const period = formatPeriodDays(row.periodStart, row.periodEnd);
                  return (
                    <tr key={row.id} className={STACKED_ROW_CLASS} data-testid="report-row">
                      <th scope="row" className="px-3 py-1 text-left font-medium lg:py-3 max-lg:block">
                        <Link to={`/reports/${row.id}`} className="link whitespace-nowrap" aria-label={t.openLabel(period)}>
                          {period}
                        </Link>
                        <span className="block text-xs font-normal text-slate-500">{formatDateTime(row.createdAt)}</span>
                      </th>
                      <td data-label={t.columnProject} className={cellClass}>
                        <Link to={`/projects/${row.projectId}`} className="link min-w-0 [overflow-wrap:anywhere] text-right lg:text-left">
                          {row.projectName}
                        </Link>
                      </td>
                      <td data-label={t.columnClient} className={cellClass}>
                        <span className="min-w-0 [overflow-wrap:anywhere] text-right lg:text-left">{row.clientName}</span>
                      </td>
                      <td data-label={t.columnStatus} className={cellClass}>
                        <ReportStatusBadge status={row.status} />
                      </td>
                      <td data-label={t.columnSize} className={`${cellClass} lg:text-right`}>
                        <span className="whitespace-nowrap tabular-nums">{row.size === null ? "—" : formatFileSize(row.size)}</span>
                      </td>
                      <td className="px-3 py-1 lg:py-3">
                        <div className="flex flex-wrap items-start gap-2">
                          {row.status === "ready" ? (
                            <>
                              <a href={`/reports/${row.id}/download`} className="btn-secondary btn-small" aria-label={t.downloadLabel(period)} download>
                                {t.download}
                              </a>
                              <Link to={`/reports/${row.id}#send`} className="btn-secondary btn-small" aria-label={t.sendLabel(period)}>
                                {t.sendToClient}
                              </Link>
                            </>
                          ) : null}
                          <DeleteReportForm reportId={row.id} period={period} returnTo={location.pathname + location.search} />
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} hasMore={page < pageCount} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
