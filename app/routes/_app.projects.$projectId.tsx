import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ActivityTimeline } from "~/components/activity-timeline";
import { ErrorPage } from "~/components/error-page";
import { Checkbox, ErrorList, Field } from "~/components/forms";
import { ProjectForm } from "~/components/project-form";
import { SharePanel } from "~/components/share-panel";
import type { Db } from "~/db/client.server";
import { common, projectsText, tasksText } from "~/i18n/pl";
import { listProjectActivity } from "~/models/activity.server";
import { listClientOptions, resolveProjectClient } from "~/models/clients.server";
import { getProject, getProjectPage, setProjectStatus, updateProject } from "~/models/projects.server";
import { readClientLink } from "~/models/share.server";
import { addTask, deleteTask, getTask, moveTask, setTaskStatus } from "~/models/tasks.server";
import {
  moveTaskSchema,
  projectFormSchema,
  projectStatusSchema,
  taskIdSchema,
  taskSchema,
  taskStatusSchema,
  WORK_STATUS_VALUES,
} from "~/schemas/projects";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { daysBetween, formatDay, warsawDay } from "~/utils/dates";
import { requireSecret } from "~/utils/env.server";
import { formatMoney } from "~/utils/money";
import { countLabel, DAY_FORMS } from "~/utils/plural";
import { redirectWithToast, type Toast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.project.name} · ${projectsText.title} · Klamp` : `${projectsText.title} · Klamp` },
];

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

// The activity cursor is the createdAt of the last entry shown, an ISO instant.
const ACTIVITY_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const projectId = params.projectId ?? "";
  const before = new URL(request.url).searchParams.get("before");
  const page = await getProjectPage(context.db, user.id, projectId);
  if (!page) notFound();

  const env = context.cloudflare.env;
  const [clientLink, clientOptions, olderActivity] = await Promise.all([
    readClientLink(requireSecret(env, "ENCRYPTION_KEY"), env.APP_ORIGIN, page.project),
    listClientOptions(context.db, user.id),
    before && ACTIVITY_CURSOR.test(before) ? listProjectActivity(context.db, user.id, projectId, before) : null,
  ]);
  const activityPage = olderActivity ?? { items: page.activity, hasMore: page.hasMoreActivity };

  // Only what the page needs: the project row also contains the share token hash and its encrypted copy.
  return json({
    project: {
      id: page.project.id,
      name: page.project.name,
      deadline: page.project.deadline,
      status: page.project.status,
    },
    client: { id: page.client.id, name: page.client.name, email: page.client.email },
    tasks: page.tasks.map((task) => ({
      id: task.id,
      name: task.name,
      amount: task.amount,
      requiresAcceptance: task.requiresAcceptance,
      acceptance: task.acceptance,
      workStatus: task.workStatus,
      payment: task.payment,
      version: task.version,
    })),
    summary: page.summary,
    activity: activityPage.items.map((entry) => ({
      id: entry.id,
      actor: entry.actor,
      action: entry.action,
      createdAt: entry.createdAt,
      data: entry.data,
    })),
    hasMoreActivity: activityPage.hasMore,
    olderActivity: olderActivity !== null,
    clientLink,
    clientOptions,
    today: warsawDay(),
  });
}

type ActionData = {
  intent: string | null;
  result?: SubmissionResult<string[]>;
  taskId?: string;
  error?: string;
};

/** Looks the task up among the freelancer's tasks of this project; anything else is a 404. */
async function requireProjectTask(db: Db, userId: string, projectId: string, taskId: string) {
  const task = await getTask(db, userId, taskId);
  if (!task || task.projectId !== projectId) notFound();
  return task;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const db = context.db;

  const project = await getProject(db, user.id, params.projectId ?? "");
  if (!project) notFound();

  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const back = (toast: Toast) => redirectWithToast(context.cloudflare.env, `/projects/${project.id}`, toast);
  const badRequest = (data: ActionData) => json<ActionData>(data, { status: 400 });

  switch (intent) {
    case "add-task": {
      const submission = parseWithValibot(formData, { schema: taskSchema });
      if (submission.status !== "success") return badRequest({ intent, result: submission.reply() });

      const task = await addTask(db, user.id, project.id, submission.value);
      return back({ type: "success", message: tasksText.added(task.name) });
    }

    case "set-status": {
      const submission = parseWithValibot(formData, { schema: taskStatusSchema });
      if (submission.status !== "success")
        return badRequest({ intent, result: submission.reply(), error: projectsText.unknownIntent });

      const task = await requireProjectTask(db, user.id, project.id, submission.value.taskId);
      const result = await setTaskStatus(db, user.id, task.id, submission.value.status);
      if (result === "not_found") notFound();
      const label = tasksText.workStatus[submission.value.status];
      return back({ type: result === "updated" ? "success" : "info", message: tasksText.statusChanged(task.name, label) });
    }

    case "move-task": {
      const submission = parseWithValibot(formData, { schema: moveTaskSchema });
      if (submission.status !== "success")
        return badRequest({ intent, result: submission.reply(), error: projectsText.unknownIntent });

      const task = await requireProjectTask(db, user.id, project.id, submission.value.taskId);
      const result = await moveTask(db, user.id, task.id, submission.value.direction);
      if (result === "not_found") notFound();
      return back(
        result === "moved" ? { type: "success", message: tasksText.moved } : { type: "info", message: tasksText.atEdge },
      );
    }

    case "delete-task": {
      const submission = parseWithValibot(formData, { schema: taskIdSchema });
      if (submission.status !== "success")
        return badRequest({ intent, result: submission.reply(), error: projectsText.unknownIntent });

      const task = await requireProjectTask(db, user.id, project.id, submission.value.taskId);
      const result = await deleteTask(db, user.id, task.id);
      if (result === "not_found") notFound();
      if (result === "locked")
        return json<ActionData>({ intent, taskId: task.id, error: tasksText.deleteLocked }, { status: 409 });
      return back({ type: "success", message: tasksText.deleted(task.name) });
    }

    case "update-project": {
      const submission = parseWithValibot(formData, { schema: projectFormSchema(warsawDay(), project.deadline) });
      if (submission.status !== "success") return badRequest({ intent, result: submission.reply() });

      const resolved = await resolveProjectClient(db, user.id, submission.value.client);
      if (resolved.status === "not_found") notFound();
      if (resolved.status === "invalid") {
        return badRequest({ intent, result: submission.reply({ fieldErrors: { client: [projectsText.clientInvalid] } }) });
      }

      const { name, deadline } = submission.value;
      const updated = await updateProject(db, user.id, project.id, {
        name,
        deadline: deadline || null,
        clientId: resolved.client.id,
      });
      if (!updated) notFound();
      const changed = updated.updatedAt !== project.updatedAt;
      return back({ type: changed ? "success" : "info", message: changed ? projectsText.updated : projectsText.unchanged });
    }

    case "set-project-status": {
      const submission = parseWithValibot(formData, { schema: projectStatusSchema });
      if (submission.status !== "success")
        return badRequest({ intent, result: submission.reply(), error: projectsText.unknownIntent });

      const status = submission.value.status;
      const result = await setProjectStatus(db, user.id, project.id, status);
      if (result === "not_found") notFound();
      if (result === "unchanged") return back({ type: "info", message: projectsText.statusUnchanged });
      return back({ type: "success", message: status === "completed" ? projectsText.completed : projectsText.reopened });
    }

    default:
      return badRequest({ intent: null, error: projectsText.unknownIntent });
  }
}

type LoaderData = SerializeFrom<typeof loader>;
type TaskRow = LoaderData["tasks"][number];

/** True after the first render in the browser; forms use it to drop their no-JavaScript buttons. */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const ACCEPTANCE_TONE: Record<TaskRow["acceptance"], string> = {
  not_required: "bg-slate-100 text-slate-700",
  pending: "bg-amber-100 text-amber-900",
  accepted: "bg-emerald-100 text-emerald-900",
  rejected: "bg-red-100 text-red-800",
};

const PAYMENT_TONE: Record<TaskRow["payment"], string> = {
  unpaid: "bg-slate-100 text-slate-700",
  pending: "bg-sky-100 text-sky-900",
  paid: "bg-emerald-100 text-emerald-900",
};

function Badge({ tone, children }: { tone: string; children: string }) {
  return (
    <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>{children}</span>
  );
}

function DeadlineText({ deadline, today, active }: { deadline: string | null; today: string; active: boolean }) {
  if (!deadline) return <>{projectsText.noDeadline}</>;
  const days = daysBetween(today, deadline);
  let relative: string | null = null;
  if (active) {
    if (days === 0) relative = projectsText.deadlineToday;
    else if (days > 0) relative = projectsText.deadlineIn(countLabel(days, DAY_FORMS));
    else relative = projectsText.deadlineOverdue(countLabel(-days, DAY_FORMS));
  }
  return (
    <>
      {formatDay(deadline)}
      {relative ? <span className={days < 0 ? "text-red-700" : "text-slate-500"}> ({relative})</span> : null}
    </>
  );
}

function SummaryGrid({ summary }: { summary: LoaderData["summary"] }) {
  const items = [
    { label: projectsText.summaryAccepted, value: summary.accepted, tone: "" },
    { label: projectsText.summaryPending, value: summary.pending, tone: "text-amber-800" },
    { label: projectsText.summaryRejected, value: summary.rejected, tone: "text-red-700" },
    { label: projectsText.summaryDone, value: summary.done, tone: "" },
    { label: projectsText.summaryPaid, value: summary.paid, tone: "text-emerald-800" },
    { label: projectsText.summaryUnpaid, value: summary.unpaid, tone: "" },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="project-summary">
      {items.map((item) => (
        <div key={item.label} className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
          <dt className="text-xs text-slate-600">{item.label}</dt>
          <dd
            className={`mt-1 whitespace-nowrap text-base font-semibold tabular-nums ${
              item.value > 0 && item.tone ? item.tone : "text-slate-900"
            }`}
          >
            {formatMoney(item.value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Renders the work-status select, which submits on change with JavaScript and through its button without. */
function TaskStatusForm({ task }: { task: TaskRow }) {
  const fetcher = useFetcher();
  const hydrated = useHydrated();
  return (
    <fetcher.Form method="post" preventScrollReset className="flex items-center gap-2">
      <input type="hidden" name="intent" value="set-status" />
      <input type="hidden" name="taskId" value={task.id} />
      <select
        key={task.workStatus}
        name="status"
        defaultValue={task.workStatus}
        aria-label={tasksText.statusLabel(task.name)}
        onChange={(event) => fetcher.submit(event.currentTarget.form)}
        className="rounded-md border border-slate-300 bg-white py-1 pl-2 pr-7 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100"
      >
        {WORK_STATUS_VALUES.map((status) => (
          <option key={status} value={status}>
            {tasksText.workStatus[status]}
          </option>
        ))}
      </select>
      {hydrated ? null : (
        <button type="submit" className="btn-secondary btn-small whitespace-nowrap">
          {tasksText.statusSubmit}
        </button>
      )}
    </fetcher.Form>
  );
}

function MoveButtons({ task, first, last }: { task: TaskRow; first: boolean; last: boolean }) {
  return (
    <Form method="post" preventScrollReset className="flex gap-1">
      <input type="hidden" name="intent" value="move-task" />
      <input type="hidden" name="taskId" value={task.id} />
      <button
        type="submit"
        name="direction"
        value="up"
        disabled={first}
        aria-label={tasksText.moveUp(task.name)}
        title={tasksText.moveUp(task.name)}
        className="btn-secondary btn-small disabled:cursor-not-allowed max-lg:px-3.5 max-lg:py-1.5 max-lg:text-sm"
      >
        ↑
      </button>
      <button
        type="submit"
        name="direction"
        value="down"
        disabled={last}
        aria-label={tasksText.moveDown(task.name)}
        title={tasksText.moveDown(task.name)}
        className="btn-secondary btn-small disabled:cursor-not-allowed max-lg:px-3.5 max-lg:py-1.5 max-lg:text-sm"
      >
        ↓
      </button>
    </Form>
  );
}

function TaskActions({ task, projectId }: { task: TaskRow; projectId: string }) {
  const editable = task.payment === "unpaid";
  return (
    <div className="flex flex-wrap items-center justify-end gap-2 lg:flex-nowrap">
      <Link
        to={`/projects/${projectId}/tasks/${task.id}/edit`}
        className="btn-secondary btn-small max-lg:px-3.5 max-lg:py-1.5 max-lg:text-sm"
      >
        {editable ? tasksText.editLink : tasksText.historyLink}
      </Link>
      {editable ? (
        <Form
          method="post"
          preventScrollReset
          onSubmit={(event) => {
            if (!window.confirm(tasksText.deleteConfirm(task.name))) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete-task" />
          <input type="hidden" name="taskId" value={task.id} />
          <button
            type="submit"
            className="btn-danger btn-small max-lg:px-3.5 max-lg:py-1.5 max-lg:text-sm"
            aria-label={tasksText.deleteLabel(task.name)}
          >
            {common.delete}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

// Below the lg breakpoint every row becomes a card and each cell shows its column name itself,
// so a 360 px phone does not scroll sideways.
const cellClass =
  "px-3 py-1 align-middle lg:py-2 max-lg:flex max-lg:items-center max-lg:justify-between max-lg:gap-3 max-lg:before:text-xs max-lg:before:shrink-0 max-lg:before:font-medium max-lg:before:text-slate-500 max-lg:before:content-[attr(data-label)]";

function TaskTable({
  tasks,
  projectId,
  error,
}: {
  tasks: TaskRow[];
  projectId: string;
  error?: { taskId: string; message: string };
}) {
  if (tasks.length === 0) return <p className="text-sm text-slate-600">{tasksText.empty}</p>;
  return (
    <table className="w-full text-sm" data-testid="task-table">
      <thead className="max-lg:sr-only">
        <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.name}
          </th>
          <th scope="col" className="px-3 py-2 text-right font-medium">
            {tasksText.amount}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.columnAcceptance}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.columnStatus}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.columnPayment}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.columnOrder}
          </th>
          <th scope="col" className="px-3 py-2 text-right font-medium">
            {tasksText.columnActions}
          </th>
        </tr>
      </thead>
      <tbody className="max-lg:block max-lg:space-y-3">
        {tasks.map((task, index) => (
          <tr
            key={task.id}
            data-testid="task-row"
            className="max-lg:block max-lg:rounded-lg max-lg:border max-lg:border-slate-200 max-lg:bg-white max-lg:py-2 max-lg:shadow-sm lg:border-t lg:border-slate-100"
          >
            <th scope="row" className="px-3 py-1 text-left align-middle font-medium lg:py-2 max-lg:block">
              <span className="break-words">{task.name}</span>
              {task.version > 1 ? <span className="ml-2 text-xs font-normal text-slate-500">v{task.version}</span> : null}
              {error?.taskId === task.id ? (
                <p role="alert" className="mt-1 text-sm font-normal text-red-700">
                  {error.message}
                </p>
              ) : null}
            </th>
            <td data-label={tasksText.amount} className={`${cellClass} lg:text-right`}>
              <span className="whitespace-nowrap font-medium tabular-nums">{formatMoney(task.amount)}</span>
            </td>
            <td data-label={tasksText.columnAcceptance} className={cellClass}>
              <Badge tone={ACCEPTANCE_TONE[task.acceptance]}>{tasksText.acceptance[task.acceptance]}</Badge>
            </td>
            <td data-label={tasksText.columnStatus} className={cellClass}>
              <TaskStatusForm task={task} />
            </td>
            <td data-label={tasksText.columnPayment} className={cellClass}>
              <Badge tone={PAYMENT_TONE[task.payment]}>{tasksText.payment[task.payment]}</Badge>
            </td>
            <td data-label={tasksText.columnOrder} className={cellClass}>
              <MoveButtons task={task} first={index === 0} last={index === tasks.length - 1} />
            </td>
            <td className="px-3 py-1 align-middle lg:py-2 max-lg:block max-lg:pt-2">
              <TaskActions task={task} projectId={projectId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddTaskForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "add-task",
    lastResult,
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: taskSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" preventScrollReset className="space-y-3" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-task" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <Field label={tasksText.name} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
          {(aria) => <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="off" className="input" />}
        </Field>
        <Field
          label={tasksText.amount}
          id={fields.amount.id}
          errorId={fields.amount.errorId}
          errors={fields.amount.errors}
          hint={tasksText.amountHint}
        >
          {(aria) => (
            <div className="relative">
              <input
                {...getInputProps(fields.amount, { type: "text" })}
                {...aria}
                inputMode="decimal"
                autoComplete="off"
                className="input pr-9 text-right tabular-nums"
              />
              <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-500">zł</span>
            </div>
          )}
        </Field>
      </div>
      <div>
        <Checkbox label={tasksText.requiresAcceptance} {...getInputProps(fields.requiresAcceptance, { type: "checkbox" })} />
        <p className="ml-6 mt-1 text-xs text-slate-500">{tasksText.requiresAcceptanceHint}</p>
      </div>
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {tasksText.addSubmit}
      </button>
    </Form>
  );
}

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { project, client, tasks, summary, today } = data;
  const active = project.status === "active";
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const taskError = actionData?.taskId && actionData.error ? { taskId: actionData.taskId, message: actionData.error } : undefined;
  const formError = !actionData?.taskId && actionData?.error && !actionData.result?.error ? actionData.error : null;
  const lastActivity = data.activity[data.activity.length - 1];

  return (
    <div className="space-y-6">
      <Link to="/projects" className="link text-sm">
        ← {projectsText.backToList}
      </Link>

      {formError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      ) : null}

      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="break-words text-2xl font-bold">{project.name}</h1>
            <Badge tone={active ? "bg-brand-50 text-brand-800" : "bg-slate-200 text-slate-700"}>
              {active ? projectsText.statusActive : projectsText.statusCompleted}
            </Badge>
          </div>
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
            <div className="min-w-0">
              <dt className="inline text-slate-500">{projectsText.client}: </dt>
              <dd className="inline break-words">
                <Link to={`/clients/${client.id}`} className="link">
                  {client.name}
                </Link>
                {client.email && client.email !== client.name ? (
                  <span className="text-slate-500"> &lt;{client.email}&gt;</span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt className="inline text-slate-500">{projectsText.deadline}: </dt>
              <dd className="inline">
                <DeadlineText deadline={project.deadline} today={today} active={active} />
              </dd>
            </div>
          </dl>
        </div>
        <Form method="post" preventScrollReset>
          <input type="hidden" name="intent" value="set-project-status" />
          <input type="hidden" name="status" value={active ? "completed" : "active"} />
          <button type="submit" className="btn-secondary">
            {active ? projectsText.markCompleted : projectsText.reopen}
          </button>
        </Form>
      </header>

      <section className="card space-y-3" aria-labelledby="summary-title">
        <h2 id="summary-title" className="text-lg font-semibold">
          {projectsText.summaryTitle}
        </h2>
        <SummaryGrid summary={summary} />
        <p className="text-xs text-slate-500">{projectsText.summaryHelp}</p>
      </section>

      <section className="card space-y-4 max-lg:px-3" aria-labelledby="tasks-title">
        <h2 id="tasks-title" className="text-lg font-semibold">
          {tasksText.title}
        </h2>
        <TaskTable tasks={tasks} projectId={project.id} error={taskError} />
        <div className="border-t border-slate-200 pt-4">
          <h3 className="mb-3 font-semibold">{tasksText.addTitle}</h3>
          {/* Keyed by the task list so that the form starts empty after a task was added. */}
          <AddTaskForm key={`${tasks.length}-${tasks[tasks.length - 1]?.id ?? ""}`} lastResult={resultFor("add-task")} />
        </div>
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <div className="min-w-0 space-y-6">
          <section className="card space-y-3" aria-labelledby="share-title">
            <h2 id="share-title" className="text-lg font-semibold">
              {projectsText.shareTitle}
            </h2>
            <SharePanel projectId={project.id} clientLink={data.clientLink} />
          </section>

          <section className="card" aria-labelledby="edit-project-title">
            <details open={actionData?.intent === "update-project"} className="group">
              <summary className="cursor-pointer list-none [&::-webkit-details-marker]:hidden">
                <h2 id="edit-project-title" className="inline text-lg font-semibold">
                  {projectsText.editTitle}
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
                  defaultValue={{ name: project.name, deadline: project.deadline, client: client.id }}
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
            {projectsText.historyTitle}
          </h2>
          <ActivityTimeline entries={data.activity} emptyText={projectsText.historyEmpty} />
          <div className="flex flex-wrap justify-between gap-2 text-sm">
            {data.olderActivity ? (
              <Link to="." preventScrollReset className="link">
                {projectsText.historyNewest}
              </Link>
            ) : (
              <span />
            )}
            {data.hasMoreActivity && lastActivity ? (
              <Link to={`?before=${encodeURIComponent(lastActivity.createdAt)}`} preventScrollReset className="link">
                {projectsText.historyOlder} →
              </Link>
            ) : null}
          </div>
        </section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
