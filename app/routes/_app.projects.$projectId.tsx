import { getFormProps, getInputProps, useForm, type SubmissionResult } from "~/components/form-state";
import type { MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActivityTimeline } from "~/components/activity-timeline";
import { BudgetGlance } from "~/components/budget-glance";
import { AmountInput, ErrorList, Field } from "~/components/forms";
import { BillsPanel } from "~/components/bills-panel";
import { ProjectDiscussion } from "~/components/project-discussion";
import { ErrorPage } from "~/components/error-page";
import { FixRequestsPanel } from "~/components/fix-requests-panel";
import { InvitationsPanel } from "~/components/invitations-panel";
import { FreelancerFilesSection } from "~/components/files-panel";
import { ProjectForm } from "~/components/project-form";
import { AddTaskForm, Badge, DeadlineText, SummaryGrid, TaskTable } from "~/components/project-tasks";
import { Pagination } from "~/components/pagination";
import { SharePanel } from "~/components/share-panel";
import { budgetText } from "~/i18n/pl/budget";
import { common } from "~/i18n/pl/common";
import { projectPageText } from "~/i18n/pl/project-page";
import { reportLinkText } from "~/i18n/pl/report-link";
import { taskListText } from "~/i18n/pl/task-list";
import { formatMoney, formatMoneyInput } from "~/utils/money";
import { TASKS_PAGE_PARAM } from "~/utils/tasks-page";
import { action, loader } from "~/utils/project-page.server";

export { action, loader };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.project.name} · ${projectPageText.title} · Klamp` : `${projectPageText.title} · Klamp` },
];

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { project, client, tasks, summary, taskPage, today } = data;
  const active = project.status === "active";
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const taskError = actionData?.taskId && actionData.error ? { taskId: actionData.taskId, message: actionData.error } : undefined;
  const formError = !actionData?.taskId && actionData?.error && !actionData.result?.error ? actionData.error : null;
  const lastActivity = data.activity[data.activity.length - 1];

  return (
    <div className="space-y-6">
      <Link to="/projects" className="link text-sm">
        ← {projectPageText.backToList}
      </Link>

      {formError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      ) : null}

      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="[overflow-wrap:anywhere] text-2xl font-bold">{project.name}</h1>
            <Badge tone={active ? "bg-brand-50 text-brand-800" : "bg-slate-200 text-slate-700"}>
              {active ? projectPageText.statusActive : projectPageText.statusCompleted}
            </Badge>
          </div>
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
            <div className="min-w-0">
              <dt className="inline text-slate-500">{projectPageText.client}: </dt>
              <dd className="inline [overflow-wrap:anywhere]">
                <Link to={`/clients/${client.id}`} className="link">
                  {client.name}
                </Link>
                {client.email && client.email !== client.name ? (
                  <span className="text-slate-500"> &lt;{client.email}&gt;</span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt className="inline text-slate-500">{projectPageText.deadline}: </dt>
              <dd className="inline">
                <DeadlineText deadline={project.deadline} today={today} active={active} />
              </dd>
            </div>
          </dl>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <Link to={`/projects/${project.id}/reports/new`} className="btn-secondary">
            {reportLinkText.create}
          </Link>
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="set-project-status" />
            <input type="hidden" name="status" value={active ? "completed" : "active"} />
            <button type="submit" className="btn-secondary">
              {active ? projectPageText.markCompleted : projectPageText.reopen}
            </button>
          </Form>
        </div>
      </header>

      <section className="card space-y-3" aria-labelledby="summary-title">
        <h2 id="summary-title" className="text-lg font-semibold">
          {projectPageText.summaryTitle}
        </h2>
        <SummaryGrid summary={summary} />
        <p className="text-xs text-slate-500">{projectPageText.summaryHelp}</p>
      </section>

      {data.budget ? (
        <section className="space-y-3" aria-labelledby="budget-title">
          <h2 id="budget-title" className="text-lg font-semibold">
            {budgetText.projectBudgetTitle}
          </h2>
          <BudgetGlance budget={data.budget} warningPercent={data.warningPercent} />
          <BudgetBaselineForm
            key={data.budget.baseline ?? "none"}
            baseline={data.budget.baseline}
            accepted={data.budget.accepted}
            lastResult={resultFor("set-budget-baseline")}
          />
        </section>
      ) : null}

      <section className="card space-y-4 max-lg:px-3" aria-labelledby="tasks-title">
        <h2 id="tasks-title" className="text-lg font-semibold">
          {taskListText.title}
        </h2>
        {active ? null : (
          <p role="note" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
            {projectPageText.completedReadOnly}
          </p>
        )}
        <TaskTable tasks={tasks} projectId={project.id} error={taskError} readOnly={!active} bills={data.bills} pageInfo={taskPage} />
        <Pagination page={taskPage.page} hasMore={taskPage.page < taskPage.pageCount} param={TASKS_PAGE_PARAM} />
        {active ? (
          <div className="border-t border-slate-200 pt-4">
            <h3 className="mb-3 font-semibold">{taskListText.addTitle}</h3>
            {/* Keyed by the task count and the page's last task so that the form starts empty after a task was added. */}
            <AddTaskForm key={`${taskPage.total}-${tasks[tasks.length - 1]?.id ?? ""}`} lastResult={resultFor("add-task")} />
          </div>
        ) : null}
      </section>

      {/* NOTE: "done within a task" offers the tasks of the shown page only. The fix requests page
          (/projects/<id>/fix-requests) offers every task of the project. */}
      {data.fixRequests ? <FixRequestsPanel projectId={project.id} panel={data.fixRequests} tasks={tasks} projectActive={active} /> : null}

      <BillsPanel projectId={project.id} panel={data.bills} recipientDefault={client.email ?? ""} />

      <ProjectDiscussion projectId={project.id} discussion={data.discussion} />

      <FreelancerFilesSection projectId={project.id} files={data.files} />

      <div className="grid gap-6 lg:grid-cols-2">
        <div className="min-w-0 space-y-6">
          <section className="card space-y-3" aria-labelledby="share-title">
            <h2 id="share-title" className="text-lg font-semibold">
              {projectPageText.shareTitle}
            </h2>
            <SharePanel projectId={project.id} clientLink={data.clientLink} />
          </section>

          <InvitationsPanel projectId={project.id} clientLink={data.clientLink} defaults={{ email: client.email ?? "", name: client.anonymized ? "" : client.name }} invitations={data.invitations} />

          <section className="card" aria-labelledby="edit-project-title">
            <details open={actionData?.intent === "update-project"} className="group">
              <summary className="cursor-pointer list-none [&::-webkit-details-marker]:hidden">
                <h2 id="edit-project-title" className="inline text-lg font-semibold">
                  {projectPageText.editTitle}
                </h2>
                <span aria-hidden="true" className="ml-2 inline-block text-slate-500 transition group-open:rotate-90">
                  ›
                </span>
              </summary>
              <div className="mt-4">
                <ProjectForm
                  formId="edit-project"
                  intent="update-project"
                  lastResult={resultFor("update-project")}
                  defaultValue={{
                    name: project.name,
                    deadline: project.deadline,
                    client: client.fieldValue,
                    freeRevisionRounds: project.freeRevisionRounds,
                    clientLocale: project.clientLocale,
                  }}
                  clientOptions={data.clientOptions}
                  today={today}
                  currentDeadline={project.deadline}
                  submitLabel={common.save}
                />
              </div>
            </details>
          </section>
        </div>

        <section className="card min-w-0 space-y-3" aria-labelledby="history-title">
          <h2 id="history-title" className="text-lg font-semibold">
            {projectPageText.historyTitle}
          </h2>
          <ActivityTimeline entries={data.activity} emptyText={projectPageText.historyEmpty} />
          <div className="flex flex-wrap justify-between gap-2 text-sm">
            {data.olderActivity ? (
              <Link to="." preventScrollReset className="link">
                {projectPageText.historyNewest}
              </Link>
            ) : (
              <span />
            )}
            {data.hasMoreActivity && lastActivity ? (
              <Link to={`?before=${encodeURIComponent(lastActivity.createdAt)}`} preventScrollReset className="link">
                {projectPageText.historyOlder} →
              </Link>
            ) : null}
          </div>
        </section>
      </div>
    </div>
  );
}

/** Sets or clears the project's first agreed total ("Pierwotny budżet"). */
function BudgetBaselineForm({
  baseline,
  accepted,
  lastResult,
}: {
  baseline: number | null;
  accepted: number;
  lastResult?: SubmissionResult<string[]>;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "budget-baseline",
    lastResult,
    defaultValue: { amount: baseline === null ? "" : formatMoneyInput(baseline) },
  });
  return (
    <details open={lastResult !== undefined} className="card group">
      <summary className="cursor-pointer font-semibold">{budgetText.baselineFormTitle}</summary>
      <div className="mt-3 space-y-3">
        <p className="text-sm text-slate-600">{budgetText.baselineFormHelp}</p>
        <p className="text-sm text-slate-600">{budgetText.baselineUseAccepted(formatMoney(accepted))}</p>
        <Form method="post" preventScrollReset className="space-y-3" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="set-budget-baseline" />
          <ErrorList id={form.errorId} errors={form.errors} />
          <div className="max-w-xs">
            <Field label={budgetText.baselineField} id={fields.amount.id} errorId={fields.amount.errorId} errors={fields.amount.errors}>
              {(aria) => <AmountInput {...getInputProps(fields.amount, { type: "text" })} {...aria} />}
            </Field>
          </div>
          <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
            {budgetText.baselineSave}
          </button>
        </Form>
        {baseline !== null ? (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="clear-budget-baseline" />
            <button type="submit" className="btn-secondary">
              {budgetText.baselineClear}
            </button>
          </Form>
        ) : null}
      </div>
    </details>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
