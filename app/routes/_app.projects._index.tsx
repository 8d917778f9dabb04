import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { projectsText } from "~/i18n/pl/projects";
import { clientDisplayName } from "~/models/clients.server";
import { listProjects, type ProjectStatus } from "~/models/projects.server";
import { requireUser } from "~/utils/auth.server";
import { formatDay } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { countLabel, TASK_FORMS } from "~/utils/plural";
import { pageFromSearch } from "~/utils/page-number";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "~/components/stacked-table";

export const meta: MetaFunction = () => [{ title: `${projectsText.title} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const url = new URL(request.url);
  const status: ProjectStatus = url.searchParams.get("status") === "completed" ? "completed" : "active";
  const page = pageFromSearch(url);

  const { items, hasMore } = await listProjects(context.db, user.id, { status, page });
  return json({ status, page, items: items.map((item) => ({ ...item, clientName: clientDisplayName(item.clientName) })), hasMore });
}

const cellClass =
  `px-3 py-1 lg:py-3 ${STACKED_CELL_CLASS}`;

function ProgressCell({ taskCount, doneCount }: { taskCount: number; doneCount: number }) {
  if (taskCount === 0) return <span className="text-slate-500">{projectsText.noTasks}</span>;
  const percent = Math.round((doneCount / taskCount) * 100);
  return (
    <span className="flex flex-col items-end gap-1 lg:items-start">
      <span className="whitespace-nowrap">{projectsText.progress(countLabel(taskCount, TASK_FORMS), doneCount)}</span>
      <span
        className="block h-1.5 w-28 overflow-hidden rounded-full bg-slate-200"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={taskCount}
        aria-valuenow={doneCount}
        aria-label={projectsText.progressBar(doneCount, taskCount)}
      >
        <span className="block h-full rounded-full bg-emerald-500" style={{ width: `${percent}%` }} />
      </span>
    </span>
  );
}

export default function ProjectsPage() {
  const { status, page, items, hasMore } = useLoaderData<typeof loader>();
  const tabs = [
    { status: "active", label: projectsText.tabActive, to: "/projects" },
    { status: "completed", label: projectsText.tabCompleted, to: "/projects?status=completed" },
  ] as const;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{projectsText.title}</h1>
        <Link to="/projects/new" className="btn-primary">
          {projectsText.create}
        </Link>
      </div>

      <nav aria-label={projectsText.tabsLabel} className="flex gap-1 border-b border-slate-200">
        {tabs.map((tab) => {
          const current = tab.status === status;
          return (
            <Link
              key={tab.status}
              to={tab.to}
              aria-current={current ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
                current ? "border-brand-700 text-brand-800" : "border-transparent text-slate-600 hover:text-slate-900"
              }`}
            >
              {tab.label}
            </Link>
          );
        })}
      </nav>

      {items.length === 0 ? (
        <p className="card text-slate-600">{status === "completed" ? projectsText.emptyCompleted : projectsText.emptyActive}</p>
      ) : (
        <div className="lg:overflow-hidden lg:rounded-lg lg:border lg:border-slate-200 lg:bg-white lg:shadow-sm">
          <table className="w-full text-sm" data-testid="projects-table">
            <thead className="max-lg:sr-only">
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th scope="col" className="px-3 py-2 font-medium">
                  {projectsText.columnProject}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {projectsText.client}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {projectsText.deadline}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {projectsText.columnProgress}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {projectsText.columnAgreed}
                </th>
              </tr>
            </thead>
            <tbody className="max-lg:block max-lg:space-y-3">
              {items.map((project) => (
                <tr
                  key={project.id}
                  className={STACKED_ROW_CLASS}
                >
                  <th scope="row" className="px-3 py-1 text-left font-medium lg:py-3 max-lg:block">
                    <Link to={`/projects/${project.id}`} className="link [overflow-wrap:anywhere]">
                      {project.name}
                    </Link>
                  </th>
                  <td data-label={projectsText.client} className={cellClass}>
                    <span className="min-w-0 [overflow-wrap:anywhere] text-right lg:text-left">{project.clientName}</span>
                  </td>
                  <td data-label={projectsText.deadline} className={cellClass}>
                    <span className="whitespace-nowrap">
                      {project.deadline ? formatDay(project.deadline) : projectsText.noDeadline}
                    </span>
                  </td>
                  <td data-label={projectsText.columnProgress} className={cellClass}>
                    <ProgressCell taskCount={project.taskCount} doneCount={project.doneCount} />
                  </td>
                  <td data-label={projectsText.columnAgreed} className={`${cellClass} lg:text-right`}>
                    <span className="whitespace-nowrap font-medium tabular-nums">{formatMoney(project.agreedTotal)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Pagination page={page} hasMore={hasMore} />
    </div>
  );
}
