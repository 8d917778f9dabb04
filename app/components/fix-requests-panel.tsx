// "Poprawki" on the freelancer's project page and its list page: the requests with the answer
// forms. The forms post to /projects/<id>/fix-requests, which redirects back to #fix-requests with
// a toast; with JavaScript they go through fetchers, so the page does not reload. Without it, a
// refused form renders that route's own list page with the messages. The client's panel is in
// client-fix-requests-panel.tsx.
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "~/components/form-state";
import type { SerializeFrom } from "@remix-run/cloudflare";
import { Link, useFetcher } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { Attachments, DeclineReason, Description, History, ListFooter, RequestHeader, STATUS_TONE, type Source } from "~/components/fix-request-parts";
import { AmountInput, ErrorList, Field } from "~/components/forms";
import { TasksPageField } from "~/components/tasks-page-field";
import type { Task } from "~/db/schema";
import { common } from "~/i18n/pl/common";
import { fixRequestsPanelText as t } from "~/i18n/pl/fix-requests-panel";
import { taskListText } from "~/i18n/pl/task-list";
import type { FreelancerFixRequestsPanelRows } from "~/models/fix-request-rows.server";
import type { FixRequestIntent } from "~/schemas/fix-requests";
import { PRICED_TASK_NAME_MAX } from "~/utils/form-limits";

/** The panel as the loaders send it (withFixRequestRows): each request's history and read-only lines come as text. */
export type FixRequestsPanelData = SerializeFrom<FreelancerFixRequestsPanelRows>;
type Item = FixRequestsPanelData["items"][number];

/** Response data of the freelancer's answer route when it rejects an answer (400, 404, 409). */
export interface FixRequestAnswerData {
  intent: FixRequestIntent | null;
  fixRequestId: string | null;
  result?: SubmissionResult<string[]>;
  error?: string;
}

/** The project's free revision rounds, with the note shown once they are used up (null before). */
interface Rounds {
  used: number;
  total: number;
  noRoundsLeft: string | null;
}

/** A task the freelancer can pick for "w ramach zadania". */
export interface FixRequestTaskOption {
  id: string;
  name: string;
  acceptance: Task["acceptance"];
}

export function FixRequestsPanel({
  projectId,
  panel,
  tasks,
  projectActive,
  source = "project",
  actionData,
}: {
  projectId: string;
  panel: FixRequestsPanelData;
  tasks: FixRequestTaskOption[];
  projectActive: boolean;
  source?: Source;
  actionData?: FixRequestAnswerData | null;
}) {
  const listPath = `/projects/${encodeURIComponent(projectId)}/fix-requests`;
  // The list page's forms keep its page number, so that a refused form shows the same page.
  const action = source === "list" && panel.page > 1 ? `${listPath}?page=${panel.page}` : listPath;
  const rounds = { used: panel.roundsUsed, total: panel.roundsTotal, noRoundsLeft: panel.text.noRoundsLeft };

  return (
    <section id="fix-requests" className="card min-w-0 space-y-4" aria-labelledby="fix-requests-title" data-testid="fix-requests-panel">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="fix-requests-title" className="text-lg font-semibold">
          {t.title}
        </h2>
        <p className="text-sm font-medium text-slate-700" data-testid="free-rounds">
          {panel.text.freeRounds}
        </p>
      </div>
      <p className="text-xs text-slate-500">{t.freeRoundsHint}</p>
      {panel.text.openCount ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">
          {panel.text.openCount}
        </p>
      ) : null}

      {panel.items.length === 0 ? (
        <p className="text-sm text-slate-600">{panel.page > 1 ? common.notFoundText : t.empty}</p>
      ) : (
        <ol className="space-y-4">
          {panel.items.map((item) => (
            <FreelancerFixRequest
              key={item.id}
              item={item}
              projectId={projectId}
              tasks={tasks}
              rounds={rounds}
              projectActive={projectActive}
              action={action}
              source={source}
              refusal={actionData?.fixRequestId === item.id ? actionData : undefined}
            />
          ))}
        </ol>
      )}

      <ListFooter
        source={source}
        page={panel.page}
        hasMore={panel.hasMore}
        listPath={listPath}
        allLink={t.allLink}
        labels={{ previous: common.previousPage, next: common.nextPage, page: common.page }}
      />
    </section>
  );
}

function FreelancerFixRequest({
  item,
  projectId,
  tasks,
  rounds,
  projectActive,
  action,
  source,
  refusal,
}: {
  item: Item;
  projectId: string;
  tasks: FixRequestTaskOption[];
  rounds: Rounds;
  projectActive: boolean;
  action: string;
  source: Source;
  refusal?: FixRequestAnswerData;
}) {
  const refusalFor = (intent: FixRequestIntent) => (refusal?.intent === intent ? refusal : undefined);
  const formProps = { item, action, source };
  const roundsLeft = rounds.total - rounds.used;
  const hasEligibleTask = tasks.some((task) => task.acceptance !== "rejected");
  const acceptance = item.resolution === "priced" ? item.task?.acceptance : undefined;
  const waitsForClient = !!item.task && (acceptance === "pending" || acceptance === "rejected");
  // The client rejected the priced task, or it was deleted: the fix can still be declined.
  const pricedDeclinable = item.status === "priced" && (!item.task || acceptance === "rejected");
  const shown: Record<FixRequestIntent, boolean> = {
    "in-scope": item.status === "open" && roundsLeft > 0 && hasEligibleTask,
    price: item.status === "open" && projectActive,
    decline: item.status === "open" || pricedDeclinable,
    done: (item.status === "in_scope" || item.status === "priced") && !waitsForClient,
  };
  // A refusal whose form is no longer shown (the request changed state) is shown on the card.
  const cardErrors = refusal && (!refusal.intent || !shown[refusal.intent]) ? formErrors(refusal) : undefined;
  return (
    <li id={`fix-request-${item.id}`} className="min-w-0 space-y-3 rounded-md border border-slate-200 p-3" data-testid="fix-request">
      <RequestHeader number={item.text.number} title={item.title} status={item.text.status} tone={STATUS_TONE[item.status]} />
      <p className="text-xs text-slate-500">{item.text.reportedAt}</p>
      <Description text={item.description} />
      <Attachments
        label={t.attachment}
        files={item.attachments}
        hrefFor={(fileId) => `/projects/${encodeURIComponent(projectId)}/files/${encodeURIComponent(fileId)}`}
        locale="pl"
      />
      <FreelancerAnswer item={item} />
      <ErrorList errors={cardErrors} />

      {item.status === "open" ? (
        <div className="space-y-2 border-t border-slate-200 pt-3">
          <AnswerSection title={t.inScopeTitle} open={!!refusalFor("in-scope")}>
            <InScopeForm {...formProps} tasks={tasks} rounds={rounds} refusal={refusalFor("in-scope")} />
          </AnswerSection>
          <AnswerSection title={t.priceTitle} open={!!refusalFor("price")}>
            {projectActive ? (
              <PriceForm {...formProps} refusal={refusalFor("price")} />
            ) : (
              <p role="note" className="text-sm text-slate-700">
                {t.priceCompleted}
              </p>
            )}
          </AnswerSection>
          <AnswerSection title={t.declineTitle} open={!!refusalFor("decline")}>
            <DeclineForm {...formProps} refusal={refusalFor("decline")} />
          </AnswerSection>
        </div>
      ) : null}

      {item.status === "in_scope" || item.status === "priced" ? <DoneForm {...formProps} refusal={refusalFor("done")} /> : null}

      {pricedDeclinable ? (
        <div className="space-y-2 border-t border-slate-200 pt-3" data-testid="priced-options">
          <PricedOptions item={item} projectId={projectId} projectActive={projectActive} />
          <AnswerSection title={t.declineTitle} open={!!refusalFor("decline")}>
            <DeclineForm {...formProps} refusal={refusalFor("decline")} />
          </AnswerSection>
        </div>
      ) : null}

      <History title={t.historyTitle} entries={item.history} />
    </li>
  );
}

/** Renders the freelancer's answer, with the linked task as it is now. */
function FreelancerAnswer({ item }: { item: Item }) {
  if (item.status === "declined") {
    return <DeclineReason label={t.declineReason} reason={item.declineReason ?? ""} />;
  }
  if (item.text.answer === null) return null;
  if (!item.task) return <p className="text-sm text-slate-700">{item.text.answer}</p>;
  return <p className="text-sm text-slate-800 [overflow-wrap:anywhere]">{item.text.answer}</p>;
}

/**
 * Tells what the freelancer can do with a priced fix whose task the client rejected (change the
 * task's amount, which sends it for acceptance again, or decline the fix) or whose task is gone.
 */
function PricedOptions({ item, projectId, projectActive }: { item: Item; projectId: string; projectActive: boolean }) {
  if (!item.task) return <p role="note" className="text-sm text-slate-700">{t.pricedTaskDeletedOptions}</p>;
  if (!projectActive) {
    return (
      <p role="note" className="text-sm text-slate-700 [overflow-wrap:anywhere]">
        {item.text.taskRejected}
      </p>
    );
  }
  const editPath = `/projects/${encodeURIComponent(projectId)}/tasks/${encodeURIComponent(item.task.id)}/edit`;
  return (
    <p role="note" className="text-sm text-slate-700 [overflow-wrap:anywhere]">
      {item.text.taskRejected}{" "}
      <Link to={editPath} className="link">
        {t.editPricedTask}
      </Link>
    </p>
  );
}

function AnswerSection({ title, open, children }: { title: string; open: boolean; children: ReactNode }) {
  return (
    <details open={open} className="group rounded-md border border-slate-200">
      {/* list-none and the WebKit rule hide the browser's own marker, so only the › arrow shows. */}
      <summary className="cursor-pointer list-none px-3 py-2 text-sm font-medium text-slate-800 [&::-webkit-details-marker]:hidden">
        <span aria-hidden="true" className="mr-1 inline-block text-slate-500 transition group-open:rotate-90">
          ›
        </span>
        {title}
      </summary>
      <div className="border-t border-slate-200 p-3">{children}</div>
    </details>
  );
}

interface AnswerFormProps {
  item: Item;
  action: string;
  source: Source;
  refusal?: FixRequestAnswerData;
}

function AnswerFields({ intent, item, source }: { intent: FixRequestIntent; item: Item; source: Source }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="fixRequestId" value={item.id} />
      <input type="hidden" name="returnTo" value={source} />
      {source === "project" ? <TasksPageField /> : null}
    </>
  );
}

/** Form-level messages of a refused answer: from the fetcher, or from the page's action data. */
function formErrors(data: FixRequestAnswerData | undefined): string[] | undefined {
  const errors = data?.result?.error?.[""] ?? (data?.error ? [data.error] : undefined);
  return errors ?? undefined;
}

function InScopeForm({
  item,
  action,
  source,
  refusal,
  tasks,
  rounds,
}: AnswerFormProps & { tasks: FixRequestTaskOption[]; rounds: Rounds }) {
  const fetcher = useFetcher<FixRequestAnswerData>();
  const data = fetcher.data ?? refusal;
  const selectId = useId();
  const eligible = tasks.filter((task) => task.acceptance !== "rejected");
  const left = rounds.total - rounds.used;

  if (left <= 0) {
    return (
      <p role="note" className="text-sm text-slate-700" data-testid="no-rounds-left">
        {rounds.noRoundsLeft}
      </p>
    );
  }
  if (eligible.length === 0) return <p className="text-sm text-slate-700">{t.inScopeNoTasks}</p>;

  const fieldErrors = data?.result?.error?.taskId ?? undefined;
  return (
    <fetcher.Form method="post" action={action} preventScrollReset className="space-y-2">
      <AnswerFields intent="in-scope" item={item} source={source} />
      <ErrorList errors={formErrors(data)} />
      <Field label={t.inScopeTask} id={selectId} errorId={`${selectId}-error`} errors={fieldErrors} hint={t.inScopeHint(left)}>
        {(aria) => (
          <select name="taskId" {...aria} required defaultValue="" className="input">
            <option value="" disabled>
              {t.inScopeChoose}
            </option>
            {eligible.map((task) => (
              <option key={task.id} value={task.id}>
                {task.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="btn-primary btn-small" disabled={fetcher.state !== "idle"}>
        {t.inScopeSubmit}
      </button>
    </fetcher.Form>
  );
}

function PriceForm({ item, action, source, refusal }: AnswerFormProps) {
  const fetcher = useFetcher<FixRequestAnswerData>();
  const data = fetcher.data ?? refusal;
  const [form, fields] = useForm({
    id: `price-${item.id}`,
    lastResult: data?.result,
    defaultValue: { name: item.title.slice(0, PRICED_TASK_NAME_MAX), amount: "" },
  });
  return (
    <fetcher.Form method="post" action={action} preventScrollReset className="space-y-3" {...getFormProps(form)}>
      <AnswerFields intent="price" item={item} source={source} />
      <ErrorList id={form.errorId} errors={form.errors ?? (data?.error ? [data.error] : undefined)} />
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <Field label={taskListText.name} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
          {(aria) => <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="off" className="input" />}
        </Field>
        <Field label={taskListText.amount} id={fields.amount.id} errorId={fields.amount.errorId} errors={fields.amount.errors} hint={taskListText.amountHint}>
          {(aria) => <AmountInput {...getInputProps(fields.amount, { type: "text" })} {...aria} />}
        </Field>
      </div>
      <p className="text-xs text-slate-500">{t.priceHint}</p>
      <button type="submit" className="btn-primary btn-small" disabled={fetcher.state !== "idle"}>
        {t.priceSubmit}
      </button>
    </fetcher.Form>
  );
}

function DeclineForm({ item, action, source, refusal }: AnswerFormProps) {
  const fetcher = useFetcher<FixRequestAnswerData>();
  const data = fetcher.data ?? refusal;
  const [form, fields] = useForm({
    id: `decline-${item.id}`,
    lastResult: data?.result,
  });
  return (
    <fetcher.Form method="post" action={action} preventScrollReset className="space-y-3" {...getFormProps(form)}>
      <AnswerFields intent="decline" item={item} source={source} />
      <ErrorList id={form.errorId} errors={form.errors ?? (data?.error ? [data.error] : undefined)} />
      <Field
        label={t.declineReasonLabel}
        id={fields.reason.id}
        errorId={fields.reason.errorId}
        errors={fields.reason.errors}
        hint={t.declineReasonHint}
      >
        {(aria) => <textarea {...getTextareaProps(fields.reason)} {...aria} rows={3} dir="auto" className="input" />}
      </Field>
      <button type="submit" className="btn-danger btn-small" disabled={fetcher.state !== "idle"}>
        {t.declineSubmit}
      </button>
    </fetcher.Form>
  );
}

function DoneForm({ item, action, source, refusal }: AnswerFormProps) {
  const fetcher = useFetcher<FixRequestAnswerData>();
  const data = fetcher.data ?? refusal;
  const acceptance = item.resolution === "priced" ? item.task?.acceptance : undefined;
  // A priced fix waits for the client's acceptance of its task; the server checks it again. A
  // rejected task gets PricedOptions instead.
  if (item.task && acceptance === "rejected") return null;
  if (item.task && acceptance === "pending") {
    return (
      <p role="note" className="border-t border-slate-200 pt-3 text-sm text-slate-700">
        {item.text.waitsForAcceptance}
      </p>
    );
  }
  return (
    <fetcher.Form method="post" action={action} preventScrollReset className="space-y-2 border-t border-slate-200 pt-3">
      <AnswerFields intent="done" item={item} source={source} />
      <ErrorList errors={formErrors(data)} />
      <p className="text-xs text-slate-500">{t.doneHint}</p>
      <button type="submit" className="btn-secondary btn-small" disabled={fetcher.state !== "idle"}>
        {t.doneSubmit}
      </button>
    </fetcher.Form>
  );
}
