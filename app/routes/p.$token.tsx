import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { ClientBillsSection, ClientTaskBill } from "~/components/client-bills";
import { ClientDiscussion } from "~/components/discussion-panel";
import { ClientFilesSection } from "~/components/client-files-panel";
import { ClientFixRequestsPanel } from "~/components/client-fix-requests-panel";
import { ErrorList, Field } from "~/components/forms";
import { runReadPlans } from "~/db/read-plan.server";
import { ClientTextProvider, useClientText } from "~/i18n/client-context";
import { useClientPageText } from "~/i18n/client-page-text";
import { clientPageText, clientText } from "~/i18n/client-page-text.server";
import { clientPageHandle, clientShellText } from "~/i18n/client-shell";
import { CLIENT_LOCALES } from "~/i18n/locale";
import { BILLS_PANEL_SIZE, clientBillsPanelPlan } from "~/models/bills.server";
import { filesPageFrom, projectFilesPlan } from "~/models/files.server";
import { discussionPagePlan } from "~/models/messages.server";
import { clientFixRequestsPanelPlan } from "~/models/fix-requests.server";
import { dispatchNotifications } from "~/models/notifications.server";
import { decideTask, findProjectTask, taskListPlan, type ProjectSummary } from "~/models/tasks.server";
import { ClientPagination } from "~/components/client-pagination";
import { TASKS_PAGE_PARAM, withTasksPage } from "~/utils/tasks-page";
import { pageFromSearch } from "~/utils/page-number";
import { taskDecisionSchema } from "~/schemas/task-decision";
import { CLIENT_PAGE_HEADERS, notFound, rejectWhileOwnerReadOnly, requireSharedProject } from "~/utils/client-link.server";
import { randomId } from "~/utils/crypto.server";
import { formatDay } from "~/utils/dates";
import { readFormData } from "~/utils/form.server";
import { isPayableTask } from "~/utils/bills";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";
import { redirectWithToast } from "~/utils/toast.server";
import { ClientLinkErrorBoundary, ClientShell } from "~/components/client-shell";

// The client's view of a project, opened with the client link /p/<token>: no account, no
// session. Reading the page never writes anything; app/utils/client-link.server.ts explains the
// headers that keep the token private. Every text comes from the project's client language.

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

// The root layout sets <html lang> from this (see useDocumentLang in app/root.tsx).
export const handle = clientPageHandle;

/** The text sections this page's components show, sent by the loader in the project's language. */
const PAGE_TEXT = ["portal", "bills", "fixRequests", "messages", "files", "reports"] as const;

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  // The 404 happens before the project (and its language) is known, so its title has both languages.
  {
    title:
      error || !data
        ? `${CLIENT_LOCALES.map((locale) => clientShellText[locale].notFoundTitle).join(" / ")} · Klamp`
        : `${data.project.name} · Klamp`,
  },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = await requireSharedProject(context, params.token);
  // The task list and the panels need the project id the token resolves to, so they are read in
  // a second batch.
  const owner = { userId: page.project.userId, projectId: page.project.id };
  const url = new URL(request.url);
  const { taskList, files, fixRequests, discussion, bills } = await runReadPlans(context.db, {
    taskList: taskListPlan(context.db, owner, pageFromSearch(url, TASKS_PAGE_PARAM)),
    files: projectFilesPlan(context.db, owner, { viewer: "client", page: filesPageFrom(request.url) }),
    fixRequests: clientFixRequestsPanelPlan(context.db, owner),
    discussion: discussionPagePlan(context.db, owner, new URL(request.url).searchParams.get("messagesBefore")),
    bills: clientBillsPanelPlan(context.db, owner, { limit: BILLS_PANEL_SIZE }),
  });

  // Only what the client may see: the project row also contains the owner's id and the token hash.
  return json(
    {
      locale: page.project.clientLocale,
      text: clientPageText(page.project.clientLocale, PAGE_TEXT),
      project: { name: page.project.name, deadline: page.project.deadline },
      freelancerName: page.freelancerName,
      clientName: page.clientName,
      tasks: taskList.tasks.map((task) => ({
        id: task.id,
        name: task.name,
        amount: task.amount,
        acceptance: task.acceptance,
        workStatus: task.workStatus,
        payment: task.payment,
        version: task.version,
      })),
      summary: taskList.summary,
      taskPage: { page: taskList.page, pageCount: taskList.pageCount, pendingCount: taskList.pendingCount },
      files,
      fixRequests,
      discussion,
      bills,
    },
    { headers: CLIENT_PAGE_HEADERS },
  );
}

interface DecisionActionData {
  taskId: string;
  result: SubmissionResult<string[]>;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token;
  const page = await requireSharedProject(context, token);
  const t = clientText(page.project.clientLocale).portal;

  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: taskDecisionSchema(t) });
  const postedTaskId = String(formData.get("taskId") ?? "");
  if (submission.status !== "success") {
    return json<DecisionActionData>({ taskId: postedTaskId, result: submission.reply() }, { status: 400, headers: CLIENT_PAGE_HEADERS });
  }

  await rejectWhileOwnerReadOnly(request, context.cloudflare.env, page);
  const { taskId, version, decision, comment } = submission.value;
  // decideTask looks the task up within this project only, so a task id of any other project
  // (even one of the same freelancer) is not found.
  const notificationId = randomId();
  const owner = { userId: page.project.userId, projectId: page.project.id };
  // The form posts to the page's own URL, so its `?tasks=N` is the page of tasks to return to.
  const back = withTasksPage(`/p/${token}`, pageFromSearch(new URL(request.url), TASKS_PAGE_PARAM));
  const outcome = await decideTask(
    context.db,
    { id: page.project.id, userId: page.project.userId, shareTokenHash: page.project.shareTokenHash },
    taskId,
    version,
    decision,
    comment || null,
    notificationId,
  );

  if (outcome === "not_found") notFound();

  if (outcome === "decided") {
    await dispatchNotifications(context.cloudflare.env.EMAIL_QUEUE, [notificationId]);
    const name = (await findProjectTask(context.db, owner, taskId))?.name ?? "";
    return redirectWithToast(
      context.cloudflare.env,
      back,
      { type: "success", message: decision === "accepted" ? t.accepted(name) : t.rejected(name) },
      CLIENT_PAGE_HEADERS,
    );
  }

  let message = t.alreadyDecided;
  if (outcome === "stale") {
    // The freelancer changed the task after the client loaded the page. The message names the
    // new amount, and the page re-renders with it.
    const current = await findProjectTask(context.db, owner, taskId);
    message = current ? t.staleWithAmount(formatMoney(current.amount)) : t.staleGone;
  }
  return json<DecisionActionData>({ taskId, result: submission.reply({ formErrors: [message] }) }, { status: 409, headers: CLIENT_PAGE_HEADERS });
}

type ClientTask = SerializeFrom<typeof loader>["tasks"][number];

export default function ClientProjectPage() {
  const { text } = useLoaderData<typeof loader>();
  return (
    <ClientTextProvider value={useClientPageText(text)}>
      <ClientProjectContent />
    </ClientTextProvider>
  );
}

function ClientProjectContent() {
  const { project, freelancerName, clientName, tasks, summary, taskPage, files, discussion, bills } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token = "" } = useParams();
  const t = useClientText().portal;
  // The bills section's page texts ("Strona 2", "Next page") name pages of any list.
  const pageText = useClientText().bills;
  // Counted over every task of the project, not only this page's.
  const pendingCount = taskPage.pendingCount;

  return (
    <ClientShell title={project.name} footer={t.footer} tabs={{ token, current: "project" }}>
      <section aria-labelledby="project-heading" className="space-y-3">
        <h1 id="project-heading" className="text-2xl font-bold [overflow-wrap:anywhere]">
          {project.name}
        </h1>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          <Fact label={t.freelancer}>{freelancerName}</Fact>
          {/* An anonymised client has no name, and this page has no text for it in English, so the fact is left out. */}
          {clientName ? <Fact label={t.client}>{clientName}</Fact> : null}
          <Fact label={t.deadline}>{project.deadline ? formatDay(project.deadline) : t.noDeadline}</Fact>
        </dl>
      </section>

      <ProgressCard done={summary.doneCount} total={summary.taskCount} />

      {pendingCount > 0 ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm font-medium text-amber-900">
          {t.pendingNotice(pendingCount, plural(pendingCount, t.pendingForms))}
        </p>
      ) : null}

      {/* min-w-0 on the grid items: by default a grid item is at least as wide as its longest
          unbreakable word, so a long task name (a URL) would widen the column past the screen. */}
      <div className="grid gap-6 lg:grid-cols-3 lg:items-start">
        <section aria-labelledby="tasks-heading" className="min-w-0 space-y-3 lg:col-span-2">
          <h2 id="tasks-heading" className="text-lg font-semibold">
            {t.tasksTitle}
          </h2>
          {tasks.length === 0 ? (
            <p className="card text-sm text-slate-600">{t.noTasks}</p>
          ) : (
            <ul className="space-y-3">
              {tasks.map((task) => (
                <TaskCard key={task.id} task={task} actionData={actionData?.taskId === task.id ? actionData : undefined} />
              ))}
            </ul>
          )}
          <ClientPagination page={taskPage.page} hasMore={taskPage.page < taskPage.pageCount} text={pageText} param={TASKS_PAGE_PARAM} />
        </section>
        <SummaryCard summary={summary} />
      </div>

      {/* "Opłać" selects one task at a time, so a selection covers the tasks of the shown page and the
          form appears when this page has a task to pay. There is no "pay all" button. */}
      <ClientBillsSection panel={bills} payableCount={bills.onlinePayments ? tasks.filter((task) => isPayableTask(task, task.id in bills.taskBills)).length : 0} />

      <ClientFixRequestsSection />

      <ClientDiscussion discussion={discussion} freelancerName={freelancerName} />

      <ClientFilesSection files={files} />
    </ClientShell>
  );
}

function ClientFixRequestsSection() {
  const { fixRequests } = useLoaderData<typeof loader>();
  return fixRequests ? <ClientFixRequestsPanel panel={fixRequests} /> : null;
}


function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-medium [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

function ProgressCard({ done, total }: { done: number; total: number }) {
  const t = useClientText().portal;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  const valueText = t.progressValue(done, total);
  return (
    <section aria-labelledby="progress-heading" className="card space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="progress-heading" className="text-lg font-semibold">
          {t.progressTitle}
        </h2>
        <p className="text-sm text-slate-600">{t.taskCount(total, plural(total, t.taskForms))}</p>
      </div>
      <div
        role="progressbar"
        aria-labelledby="progress-heading"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={valueText}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-emerald-600" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm font-medium">
        {valueText} ({percent}%)
      </p>
    </section>
  );
}

const WORK_STATUS_TONE: Record<ClientTask["workStatus"], string> = {
  todo: "bg-slate-100 text-slate-700",
  in_progress: "bg-sky-100 text-sky-800",
  done: "bg-emerald-100 text-emerald-800",
};
const ACCEPTANCE_TONE: Record<ClientTask["acceptance"], string> = {
  not_required: "bg-slate-100 text-slate-600",
  pending: "bg-amber-100 text-amber-900",
  accepted: "bg-emerald-100 text-emerald-800",
  rejected: "bg-red-100 text-red-800",
};
const PAYMENT_TONE: Record<ClientTask["payment"], string> = {
  unpaid: "bg-slate-100 text-slate-700",
  pending: "bg-amber-100 text-amber-900",
  paid: "bg-emerald-100 text-emerald-800",
};

function TaskCard({ task, actionData }: { task: ClientTask; actionData?: DecisionActionData }) {
  const t = useClientText().portal;
  const { bills } = useLoaderData<typeof loader>();
  const decidable = task.acceptance === "pending";
  // The error for a task that no longer shows its form (decided meanwhile) goes on the card.
  const orphanErrors = !decidable ? actionData?.result.error?.[""] : undefined;
  return (
    <li className="card" data-testid="client-task">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <h3 className="min-w-0 font-medium [overflow-wrap:anywhere]">{task.name}</h3>
        <p className="font-semibold whitespace-nowrap tabular-nums">
          <span className="sr-only">{t.amount}: </span>
          {formatMoney(task.amount)}
        </p>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <dl className="flex flex-wrap gap-2 text-xs">
          <Badge label={t.workStatusLabel} tone={WORK_STATUS_TONE[task.workStatus]}>
            {t.workStatus[task.workStatus]}
          </Badge>
          <Badge label={t.acceptanceLabel} tone={ACCEPTANCE_TONE[task.acceptance]}>
            {t.acceptance[task.acceptance]}
          </Badge>
          <Badge label={t.paymentLabel} tone={PAYMENT_TONE[task.payment]}>
            {t.payment[task.payment]}
          </Badge>
        </dl>
        <ClientTaskBill task={task} panel={bills} />
      </div>
      {orphanErrors ? (
        <div className="mt-3">
          <ErrorList errors={orphanErrors} />
        </div>
      ) : null}
      {decidable ? <DecisionForm task={task} lastResult={actionData?.result} /> : null}
    </li>
  );
}

function Badge({ label, tone, children }: { label: string; tone: string; children: ReactNode }) {
  return (
    <div>
      <dt className="sr-only">{label}</dt>
      <dd className={`rounded-full px-2.5 py-1 font-medium ${tone}`}>{children}</dd>
    </div>
  );
}

function DecisionForm({ task, lastResult }: { task: ClientTask; lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const t = useClientText().portal;
  const [form, fields] = useForm({
    id: `decision-${task.id}`,
    lastResult,
  });
  const submitting = navigation.state === "submitting" && navigation.formData?.get("taskId") === task.id;

  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-3 border-t border-slate-200 pt-4">
      <p className="text-sm font-medium">{t.decisionPrompt}</p>
      <ErrorList id={form.errorId} errors={form.errors} />
      {/* Plain values, not Conform's defaults: after a stale decision the page must carry the new version. */}
      <input type="hidden" name="taskId" value={task.id} />
      <input type="hidden" name="version" value={task.version} />
      <Field label={t.comment} hint={t.commentHint} id={fields.comment.id} errorId={fields.comment.errorId} errors={fields.comment.errors}>
        {(aria) => <textarea {...getTextareaProps(fields.comment)} {...aria} rows={3} className="input" />}
      </Field>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button type="submit" name="decision" value="accepted" className="btn-primary" disabled={submitting}>
          {t.accept}
        </button>
        <button type="submit" name="decision" value="rejected" className="btn-danger" disabled={submitting}>
          {t.reject}
        </button>
      </div>
    </Form>
  );
}

function SummaryCard({ summary }: { summary: ProjectSummary }) {
  const t = useClientText().portal;
  const rows: [string, number][] = [
    [t.summaryAgreed, summary.accepted],
    [t.summaryPending, summary.pending],
    ...(summary.rejected > 0 ? [[t.summaryRejected, summary.rejected] as [string, number]] : []),
    [t.summaryDone, summary.done],
    [t.summaryPaid, summary.paid],
    [t.summaryUnpaid, summary.unpaid],
  ];
  return (
    <section aria-labelledby="summary-heading" className="card min-w-0 space-y-3">
      <h2 id="summary-heading" className="text-lg font-semibold">
        {t.summaryTitle}
      </h2>
      <dl className="divide-y divide-slate-100 text-sm">
        {rows.map(([label, amount]) => (
          <div key={label} className="flex items-baseline justify-between gap-4 py-2">
            <dt className="text-slate-600">{label}</dt>
            <dd className="font-semibold whitespace-nowrap tabular-nums">{formatMoney(amount)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

// The same page for every 404, whatever the reason (see notFound in app/utils/client-link.server.ts).
export const ErrorBoundary = ClientLinkErrorBoundary;
