import { getFormProps, getInputProps, useForm } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { AmountInput, Checkbox, ErrorList, Field } from "~/components/forms";
import type { Db } from "~/db/client.server";
import { common } from "~/i18n/pl/common";
import { projectsText } from "~/i18n/pl.server";
import { tasksText } from "~/i18n/pl/tasks";
import { taskBillLockMessage } from "~/models/bills.server";
import { runReadPlans } from "~/db/read-plan.server";
import { ownedProjectPlan } from "~/models/owned-project.server";
import { projectTaskPlan, taskVersionsPlan, updateTask } from "~/models/tasks.server";
import { taskSchema } from "~/schemas/tasks";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { formatDateTime } from "~/utils/dates";
import { formatMoney, formatMoneyInput } from "~/utils/money";
import { redirectWithToast } from "~/utils/toast.server";
import { STACKED_CELL_CLASS } from "~/components/stacked-table";
import { TASKS_PAGE_PARAM, withTasksPage } from "~/utils/tasks-page";
import { pageFromSearch } from "~/utils/page-number";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${tasksText.editTitle}: ${data.task.name} · Klamp` : `${tasksText.editTitle} · Klamp` },
];

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

/** Reads the user's project and its task in one batch, or ends the request with a 404. */
async function requireProjectTask(db: Db, userId: string, projectId: string, taskId: string) {
  const { project, task } = await runReadPlans(db, {
    project: ownedProjectPlan(db, userId, projectId),
    task: projectTaskPlan(db, userId, projectId, taskId),
  });
  if (!project || !task) notFound();
  return { project, task };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const projectId = params.projectId ?? "";
  const taskId = params.taskId ?? "";

  // One batch: every read is scoped by the user, so another user's ids find nothing.
  const { project, task, versions } = await runReadPlans(context.db, {
    project: ownedProjectPlan(context.db, user.id, projectId),
    task: projectTaskPlan(context.db, user.id, projectId, taskId),
    versions: taskVersionsPlan(context.db, user.id, taskId),
  });
  if (!project || !task) notFound();
  // Only an unpaid task of an active project can be edited. Otherwise the page shows why in place of the form.
  let lockedNotice: string | null = null;
  if (project.status !== "active") lockedNotice = projectsText.completedReadOnly;
  else if (task.payment !== "unpaid") lockedNotice = tasksText.editLocked;
  return json({
    project: { id: project.id, name: project.name },
    lockedNotice,
    // The page of the project's task list the freelancer came from, to return to it.
    projectPath: withTasksPage(`/projects/${project.id}`, pageFromSearch(new URL(request.url), TASKS_PAGE_PARAM)),
    task: {
      id: task.id,
      name: task.name,
      amount: task.amount,
      requiresAcceptance: task.requiresAcceptance,
      acceptance: task.acceptance,
      payment: task.payment,
      version: task.version,
    },
    versions: versions.map((version) => ({
      id: version.id,
      version: version.version,
      name: version.name,
      amount: version.amount,
      decision: version.decision,
      decidedBy: version.decidedBy,
      decidedAt: version.decidedAt,
      comment: version.comment,
      createdAt: version.createdAt,
    })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);

  const { project, task } = await requireProjectTask(context.db, user.id, params.projectId ?? "", params.taskId ?? "");

  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: taskSchema });
  if (project.status !== "active") {
    return json({ result: submission.reply({ formErrors: [projectsText.completedReadOnly] }) }, { status: 409 });
  }
  if (submission.status !== "success") {
    return json({ result: submission.reply() }, { status: 400 });
  }

  const result = await updateTask(context.db, user.id, task.id, submission.value);
  if (result === "not_found") notFound();
  if (result === "requirement_locked") {
    return json({ result: submission.reply({ fieldErrors: { requiresAcceptance: [tasksText.requirementLocked] } }) }, { status: 400 });
  }
  if (result === "locked" || result === "conflict" || result === "project_completed") {
    const messages = { locked: tasksText.editLocked, conflict: tasksText.conflict, project_completed: projectsText.completedReadOnly };
    let message: string = messages[result];
    // A task on a bill (or paid through one) is locked; the message names the bill.
    const billMessage = result === "locked" ? await taskBillLockMessage(context.db, { userId: user.id, projectId: project.id }, task.id) : null;
    if (billMessage) message = billMessage;
    return json({ result: submission.reply({ formErrors: [message] }) }, { status: 409 });
  }

  const env = context.cloudflare.env;
  // The form posts to this page's URL, whose `?tasks=N` is the page of tasks to return to.
  const projectPath = withTasksPage(`/projects/${project.id}`, pageFromSearch(new URL(request.url), TASKS_PAGE_PARAM));
  if (result === "unchanged") return redirectWithToast(env, projectPath, { type: "info", message: tasksText.unchanged });
  // A task that needs acceptance is pending after any change. The toast tells whether the client is asked again.
  let message: string = tasksText.updated;
  if (submission.value.requiresAcceptance) {
    const decidedBefore = task.acceptance === "accepted" || task.acceptance === "rejected";
    message = decidedBefore ? tasksText.updatedBackForAcceptance : tasksText.updatedSentForAcceptance;
  }
  return redirectWithToast(env, projectPath, { type: "success", message });
}

type Decision = "pending" | "accepted" | "rejected" | "not_required";

const DECISION_TONE: Record<Decision, string> = {
  not_required: "bg-slate-100 text-slate-700",
  pending: "bg-amber-100 text-amber-900",
  accepted: "bg-emerald-100 text-emerald-900",
  rejected: "bg-red-100 text-red-800",
};

const cellClass =
  `px-3 py-1 align-top lg:py-2 max-lg:before:text-xs ${STACKED_CELL_CLASS}`;

function VersionHistory({
  versions,
  current,
}: {
  versions: ReturnType<typeof useLoaderData<typeof loader>>["versions"];
  current: number;
}) {
  if (versions.length === 0) return <p className="text-sm text-slate-600">{tasksText.versionsEmpty}</p>;
  return (
    <table className="w-full text-sm" data-testid="task-versions">
      <thead className="max-lg:sr-only">
        <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.columnVersion}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.name}
          </th>
          <th scope="col" className="px-3 py-2 text-right font-medium">
            {tasksText.amount}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.columnDecision}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.columnDecidedBy}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {tasksText.columnComment}
          </th>
        </tr>
      </thead>
      <tbody className="max-lg:block max-lg:space-y-3">
        {versions.map((version) => (
          <tr
            key={version.id}
            className="max-lg:block max-lg:rounded-lg max-lg:border max-lg:border-slate-200 max-lg:py-2 lg:border-t lg:border-slate-100"
          >
            <th scope="row" className="px-3 py-1 text-left align-top font-medium lg:py-2 max-lg:block">
              {version.version}
              {version.version === current ? (
                <span className="ml-2 text-xs font-normal text-slate-500">({tasksText.currentVersion})</span>
              ) : null}
              <span className="block text-xs font-normal text-slate-500">
                {tasksText.versionCreated(formatDateTime(version.createdAt))}
              </span>
            </th>
            <td data-label={tasksText.name} className={cellClass}>
              <span className="min-w-0 [overflow-wrap:anywhere] text-right lg:text-left">{version.name}</span>
            </td>
            <td data-label={tasksText.amount} className={`${cellClass} lg:text-right`}>
              <span className="whitespace-nowrap tabular-nums">{formatMoney(version.amount)}</span>
            </td>
            <td data-label={tasksText.columnDecision} className={cellClass}>
              <span
                className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${
                  DECISION_TONE[version.decision]
                }`}
              >
                {tasksText.acceptance[version.decision]}
              </span>
            </td>
            <td data-label={tasksText.columnDecidedBy} className={cellClass}>
              <span className="text-right lg:text-left">
                {version.decidedBy === "client" && version.decidedAt
                  ? `${tasksText.decidedByClient}, ${formatDateTime(version.decidedAt)}`
                  : "—"}
              </span>
            </td>
            <td data-label={tasksText.columnComment} className={cellClass}>
              <span className="min-w-0 whitespace-pre-line [overflow-wrap:anywhere] text-right lg:text-left">{version.comment || "—"}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function EditTaskPage() {
  const { project, projectPath, lockedNotice, task, versions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "edit-task",
    lastResult: actionData?.result,
    defaultValue: {
      name: task.name,
      amount: formatMoneyInput(task.amount),
      requiresAcceptance: task.requiresAcceptance ? "on" : undefined,
    },
  });

  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link to={projectPath} className="link [overflow-wrap:anywhere] text-sm">
        ← {project.name}
      </Link>

      <div className="card space-y-4">
        <h1 className="[overflow-wrap:anywhere] text-xl font-bold">
          {tasksText.editTitle}: {task.name}
        </h1>

        {lockedNotice ? (
          <p role="status" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
            {lockedNotice}
          </p>
        ) : (
          <Form method="post" className="space-y-4" {...getFormProps(form)}>
            {task.acceptance === "accepted" ? (
              <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                {tasksText.acceptedWarning}
              </p>
            ) : null}
            {task.acceptance === "rejected" ? (
              <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                {tasksText.rejectedNote}
              </p>
            ) : null}
            <ErrorList id={form.errorId} errors={form.errors} />
            <Field label={tasksText.name} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
              {(aria) => (
                <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="off" className="input" />
              )}
            </Field>
            <Field
              label={tasksText.amount}
              id={fields.amount.id}
              errorId={fields.amount.errorId}
              errors={fields.amount.errors}
              hint={tasksText.amountHint}
            >
              {(aria) => (
                <AmountInput {...getInputProps(fields.amount, { type: "text" })} {...aria} wrapperClassName="sm:max-w-xs" />
              )}
            </Field>
            <div>
              {task.requiresAcceptance ? (
                <>
                  {/* A disabled checkbox is not submitted, so the hidden input keeps the requirement on. */}
                  <input type="hidden" name={fields.requiresAcceptance.name} value="on" />
                  <Checkbox
                    label={tasksText.requiresAcceptance}
                    id={fields.requiresAcceptance.id}
                    defaultChecked
                    disabled
                    aria-describedby={`${fields.requiresAcceptance.id}-hint`}
                  />
                  <p id={`${fields.requiresAcceptance.id}-hint`} className="ml-6 mt-1 text-xs text-slate-500">
                    {tasksText.requirementLockedHint}
                  </p>
                </>
              ) : (
                <>
                  <Checkbox
                    label={tasksText.requiresAcceptance}
                    {...getInputProps(fields.requiresAcceptance, { type: "checkbox" })}
                  />
                  <p className="ml-6 mt-1 text-xs text-slate-500">{tasksText.requiresAcceptanceHint}</p>
                </>
              )}
              <ErrorList id={fields.requiresAcceptance.errorId} errors={fields.requiresAcceptance.errors} />
            </div>
            <div className="flex flex-wrap gap-2">
              <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
                {common.save}
              </button>
              <Link to={projectPath} className="btn-secondary">
                {common.cancel}
              </Link>
            </div>
          </Form>
        )}
      </div>

      <section className="card space-y-3" aria-labelledby="versions-title">
        <h2 id="versions-title" className="text-lg font-semibold">
          {tasksText.versionsTitle}
        </h2>
        <VersionHistory versions={versions} current={task.version} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
