// The task list of the freelancer's project page: summary, table or cards, and the forms that
// post to the project route's action with an `intent`.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "~/components/form-state";
import type { SerializeFrom } from "@remix-run/cloudflare";
import { Form, Link, useFetcher, useNavigation } from "@remix-run/react";
import { MarkTaskPaidAction, TaskPaymentCell, type BillsPanelData } from "~/components/bills-panel";
import { AmountInput, Checkbox, ErrorList, Field } from "~/components/forms";
import { useHydrated } from "~/components/use-hydrated";
import type { Task } from "~/db/schema";
import { common } from "~/i18n/pl/common";
import { projectPageText } from "~/i18n/pl/project-page";
import { taskListText } from "~/i18n/pl/task-list";
import type { ProjectSummary } from "~/models/tasks.server";
import { WORK_STATUS_VALUES } from "~/utils/form-limits";
import { daysBetween, formatDay } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { countLabel, DAY_FORMS } from "~/utils/plural";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "~/components/stacked-table";
import { TASKS_PAGE_PARAM, withTasksPage } from "~/utils/tasks-page";

export type TaskRow = SerializeFrom<
  Pick<Task, "id" | "name" | "amount" | "requiresAcceptance" | "acceptance" | "workStatus" | "payment" | "version" | "position">
>;

export { TASKS_PAGE_PARAM, withTasksPage };

/** Position of the shown page of tasks in the whole list. */
export interface TaskPageInfo {
  page: number;
  pageCount: number;
}

const ACCEPTANCE_TONE: Record<TaskRow["acceptance"], string> = {
  not_required: "bg-slate-100 text-slate-700",
  pending: "bg-amber-100 text-amber-900",
  accepted: "bg-emerald-100 text-emerald-900",
  rejected: "bg-red-100 text-red-800",
};

const WORK_STATUS_TONE = "bg-slate-100 text-slate-700";

const PAYMENT_TONE: Record<TaskRow["payment"], string> = {
  unpaid: "bg-slate-100 text-slate-700",
  pending: "bg-sky-100 text-sky-900",
  paid: "bg-emerald-100 text-emerald-900",
};

export function Badge({ tone, children }: { tone: string; children: string }) {
  return (
    <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>{children}</span>
  );
}

export function DeadlineText({ deadline, today, active }: { deadline: string | null; today: string; active: boolean }) {
  if (!deadline) return <>{projectPageText.noDeadline}</>;
  const days = daysBetween(today, deadline);
  let relative: string | null = null;
  if (active) {
    if (days === 0) relative = projectPageText.deadlineToday;
    else if (days > 0) relative = projectPageText.deadlineIn(countLabel(days, DAY_FORMS));
    else relative = projectPageText.deadlineOverdue(countLabel(-days, DAY_FORMS));
  }
  return (
    <>
      {formatDay(deadline)}
      {relative ? <span className={days < 0 ? "text-red-700" : "text-slate-500"}> ({relative})</span> : null}
    </>
  );
}

export function SummaryGrid({ summary }: { summary: ProjectSummary }) {
  const items = [
    { label: projectPageText.summaryAccepted, value: summary.accepted, tone: "" },
    { label: projectPageText.summaryPending, value: summary.pending, tone: "text-amber-800" },
    { label: projectPageText.summaryRejected, value: summary.rejected, tone: "text-red-700" },
    { label: projectPageText.summaryDone, value: summary.done, tone: "" },
    { label: projectPageText.summaryPaid, value: summary.paid, tone: "text-emerald-800" },
    { label: projectPageText.summaryUnpaid, value: summary.unpaid, tone: "" },
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
        aria-label={taskListText.statusLabel(task.name)}
        onChange={(event) => fetcher.submit(event.currentTarget.form)}
        className="rounded-md border border-slate-300 bg-white py-1 pl-2 pr-7 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600"
      >
        {WORK_STATUS_VALUES.map((status) => (
          <option key={status} value={status}>
            {taskListText.workStatus[status]}
          </option>
        ))}
      </select>
      {hydrated ? null : (
        <button type="submit" className="btn-secondary btn-small whitespace-nowrap">
          {taskListText.statusSubmit}
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
      <input type="hidden" name="position" value={task.position} />
      <button
        type="submit"
        name="direction"
        value="up"
        disabled={first}
        aria-label={taskListText.moveUp(task.name)}
        title={taskListText.moveUp(task.name)}
        className="btn-secondary btn-small disabled:cursor-not-allowed max-lg:px-3.5 max-lg:py-1.5 max-lg:text-sm"
      >
        ↑
      </button>
      <button
        type="submit"
        name="direction"
        value="down"
        disabled={last}
        aria-label={taskListText.moveDown(task.name)}
        title={taskListText.moveDown(task.name)}
        className="btn-secondary btn-small disabled:cursor-not-allowed max-lg:px-3.5 max-lg:py-1.5 max-lg:text-sm"
      >
        ↓
      </button>
    </Form>
  );
}

function TaskActions({
  task,
  projectId,
  readOnly,
  onBill,
  page,
}: {
  task: TaskRow;
  projectId: string;
  readOnly: boolean;
  onBill: boolean;
  page: number;
}) {
  // A task on a bill keeps its name and amount (the bill's snapshot), like a paid one.
  const editable = task.payment === "unpaid" && !readOnly && !onBill;
  // Paying by hand needs an agreed amount and no bill: it makes a paid bill of its own.
  const payableByHand = task.payment === "unpaid" && !onBill && (task.acceptance === "accepted" || task.acceptance === "not_required");
  return (
    <div className="flex flex-wrap items-center justify-end gap-2 lg:flex-nowrap">
      {payableByHand ? <MarkTaskPaidAction projectId={projectId} task={task} /> : null}
      <Link
        to={withTasksPage(`/projects/${projectId}/tasks/${task.id}/edit`, page)}
        aria-label={editable ? taskListText.editLabel(task.name) : taskListText.historyLabel(task.name)}
        className="btn-secondary btn-small max-lg:px-3.5 max-lg:py-1.5 max-lg:text-sm"
      >
        {editable ? taskListText.editLink : taskListText.historyLink}
      </Link>
      {editable ? (
        <Form
          method="post"
          preventScrollReset
          onSubmit={(event) => {
            if (!window.confirm(taskListText.deleteConfirm(task.name))) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete-task" />
          <input type="hidden" name="taskId" value={task.id} />
          <button
            type="submit"
            className="btn-danger btn-small max-lg:px-3.5 max-lg:py-1.5 max-lg:text-sm"
            aria-label={taskListText.deleteLabel(task.name)}
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
  `px-3 py-1 align-middle lg:py-2 max-lg:items-center max-lg:before:text-xs ${STACKED_CELL_CLASS}`;

/**
 * Renders the project's tasks. `readOnly` (a completed project) leaves out every form that
 * changes them; billing and paying by hand stay. `bills` (the bills panel's data) adds the
 * "Nieopłacone" toggles and the bill each task is on. `pageInfo` places the tasks in the whole
 * list: only the project's first task cannot move up, and only its last cannot move down.
 */
export function TaskTable({
  tasks,
  projectId,
  error,
  readOnly = false,
  bills,
  pageInfo = { page: 1, pageCount: 1 },
}: {
  tasks: TaskRow[];
  projectId: string;
  error?: { taskId: string; message: string };
  readOnly?: boolean;
  bills?: Pick<BillsPanelData, "taskBills">;
  pageInfo?: TaskPageInfo;
}) {
  if (tasks.length === 0) return <p className="text-sm text-slate-600">{taskListText.empty}</p>;
  return (
    <table className="w-full text-sm" data-testid="task-table">
      <thead className="max-lg:sr-only">
        <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
          <th scope="col" className="px-3 py-2 font-medium">
            {taskListText.name}
          </th>
          <th scope="col" className="px-3 py-2 text-right font-medium">
            {taskListText.amount}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {taskListText.columnAcceptance}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {taskListText.columnStatus}
          </th>
          <th scope="col" className="px-3 py-2 font-medium">
            {taskListText.columnPayment}
          </th>
          {readOnly ? null : (
            <th scope="col" className="px-3 py-2 font-medium">
              {taskListText.columnOrder}
            </th>
          )}
          <th scope="col" className="px-3 py-2 text-right font-medium">
            {taskListText.columnActions}
          </th>
        </tr>
      </thead>
      <tbody className="max-lg:block max-lg:space-y-3">
        {tasks.map((task, index) => (
          <tr
            key={task.id}
            data-testid="task-row"
            className={STACKED_ROW_CLASS}
          >
            <th scope="row" className="px-3 py-1 text-left align-middle font-medium lg:py-2 max-lg:block">
              <span className="[overflow-wrap:anywhere]">{task.name}</span>
              {task.version > 1 ? <span className="ml-2 text-xs font-normal text-slate-500">v{task.version}</span> : null}
              {error?.taskId === task.id ? (
                <p role="alert" className="mt-1 text-sm font-normal text-red-700">
                  {error.message}
                </p>
              ) : null}
            </th>
            <td data-label={taskListText.amount} className={`${cellClass} lg:text-right`}>
              <span className="whitespace-nowrap font-medium tabular-nums">{formatMoney(task.amount)}</span>
            </td>
            <td data-label={taskListText.columnAcceptance} className={cellClass}>
              <Badge tone={ACCEPTANCE_TONE[task.acceptance]}>{taskListText.acceptance[task.acceptance]}</Badge>
            </td>
            <td data-label={taskListText.columnStatus} className={cellClass}>
              {readOnly ? <Badge tone={WORK_STATUS_TONE}>{taskListText.workStatus[task.workStatus]}</Badge> : <TaskStatusForm task={task} />}
            </td>
            <td data-label={taskListText.columnPayment} className={cellClass}>
              {bills ? (
                <TaskPaymentCell
                  task={task}
                  taskBill={bills.taskBills[task.id]}
                  badge={<Badge tone={PAYMENT_TONE[task.payment]}>{taskListText.payment[task.payment]}</Badge>}
                />
              ) : (
                <Badge tone={PAYMENT_TONE[task.payment]}>{taskListText.payment[task.payment]}</Badge>
              )}
            </td>
            {readOnly ? null : (
              <td data-label={taskListText.columnOrder} className={cellClass}>
                <MoveButtons
                  task={task}
                  first={pageInfo.page === 1 && index === 0}
                  last={pageInfo.page === pageInfo.pageCount && index === tasks.length - 1}
                />
              </td>
            )}
            <td className="px-3 py-1 align-middle lg:py-2 max-lg:block max-lg:pt-2">
              <TaskActions
                task={task}
                projectId={projectId}
                readOnly={readOnly}
                onBill={Boolean(bills?.taskBills[task.id])}
                page={pageInfo.page}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AddTaskForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "add-task",
    lastResult,
  });
  return (
    <Form method="post" preventScrollReset className="space-y-3" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-task" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <Field label={taskListText.name} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
          {(aria) => <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="off" className="input" />}
        </Field>
        <Field
          label={taskListText.amount}
          id={fields.amount.id}
          errorId={fields.amount.errorId}
          errors={fields.amount.errors}
          hint={taskListText.amountHint}
        >
          {(aria) => <AmountInput {...getInputProps(fields.amount, { type: "text" })} {...aria} />}
        </Field>
      </div>
      <div>
        <Checkbox label={taskListText.requiresAcceptance} {...getInputProps(fields.requiresAcceptance, { type: "checkbox" })} />
        <p className="ml-6 mt-1 text-xs text-slate-500">{taskListText.requiresAcceptanceHint}</p>
      </div>
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {taskListText.addSubmit}
      </button>
    </Form>
  );
}
