// "Poprawki": the fix-request panel of the freelancer's project page (answers) and of the client
// page (the "Zgłoś poprawkę" form). The forms post to their own routes, which redirect back to
// #fix-requests with a toast; with JavaScript they go through fetchers, so the page does not
// reload. Without it, a refused form renders the route's own list page with the messages.
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import type { SerializeFrom } from "@remix-run/cloudflare";
import { Link, useFetcher, useParams } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { describeFixRequestActivity } from "~/components/fix-request-activity";
import { AmountInput, ErrorList, Field } from "~/components/forms";
import { TasksPageField } from "~/components/tasks-page-field";
import type { Task } from "~/db/schema";
import type { ClientText } from "~/i18n/client";
import { useClientText } from "~/i18n/client-context";
import { activityText } from "~/i18n/pl/activity";
import { common } from "~/i18n/pl/common";
import { fixRequestsText as t } from "~/i18n/pl/fix-requests";
import { tasksText } from "~/i18n/pl/tasks";
import type { FixRequestsPanel as PanelModel } from "~/models/fix-requests.server";
import { declineSchema, fixRequestSchema, priceSchema, PRICED_TASK_NAME_MAX, type FixRequestIntent } from "~/schemas/fix-requests";
import { formatDateTime } from "~/utils/dates";
import { formatFileSize } from "~/utils/file-size";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";

export type FixRequestsPanelData = SerializeFrom<PanelModel>;
type Item = FixRequestsPanelData["items"][number];
type Status = Item["status"];

/** Response data of the freelancer's answer route when it rejects an answer (400, 404, 409). */
export interface FixRequestAnswerData {
  intent: FixRequestIntent | null;
  fixRequestId: string | null;
  result?: SubmissionResult<string[]>;
  error?: string;
}

/** Response data of the client's route when it rejects a new fix request (400). */
export interface FixRequestCreateData {
  result: SubmissionResult<string[]>;
}

/** A task the freelancer can pick for "w ramach zadania". */
export interface FixRequestTaskOption {
  id: string;
  name: string;
  acceptance: Task["acceptance"];
}

/** Page the panel is on. The forms send it, so that the redirect comes back there. */
type Source = "project" | "list";

const STATUS_TONE: Record<Status, string> = {
  open: "bg-amber-100 text-amber-900",
  in_scope: "bg-sky-100 text-sky-900",
  priced: "bg-violet-100 text-violet-900",
  done: "bg-emerald-100 text-emerald-900",
  declined: "bg-slate-200 text-slate-700",
};

// ---------------------------------------------------------------------------------------------
// Freelancer

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
  const rounds = { used: panel.roundsUsed, total: panel.roundsTotal };

  return (
    <section id="fix-requests" className="card min-w-0 space-y-4" aria-labelledby="fix-requests-title" data-testid="fix-requests-panel">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="fix-requests-title" className="text-lg font-semibold">
          {t.title}
        </h2>
        <p className="text-sm font-medium text-slate-700" data-testid="free-rounds">
          {t.freeRounds(rounds.used, rounds.total)}
        </p>
      </div>
      <p className="text-xs text-slate-500">{t.freeRoundsHint}</p>
      {panel.open > 0 ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">
          {t.openCount(panel.open, plural(panel.open, t.openForms))}
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

      {source === "project" ? (
        panel.hasMore ? (
          <Link to={`${listPath}?page=2`} className="link text-sm">
            {t.allLink} →
          </Link>
        ) : null
      ) : (
        <Pager
          page={panel.page}
          hasMore={panel.hasMore}
          hrefFor={(page) => (page > 1 ? `${listPath}?page=${page}` : listPath)}
          labels={{ previous: common.previousPage, next: common.nextPage, page: common.page }}
        />
      )}
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
  rounds: { used: number; total: number };
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
      <RequestHeader number={t.numbered(item.number)} title={item.title} status={t.status[item.status]} tone={STATUS_TONE[item.status]} />
      <p className="text-xs text-slate-500">{t.reportedAt(formatDateTime(item.createdAt))}</p>
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

      <History
        title={t.historyTitle}
        entries={item.history.map((entry) => ({
          id: entry.id,
          actor: activityText.actor[entry.actor] ?? activityText.actor.system,
          createdAt: entry.createdAt,
          lines: describeFixRequestActivity(entry),
        }))}
      />
    </li>
  );
}

/** Renders the freelancer's answer, with the linked task as it is now. */
function FreelancerAnswer({ item }: { item: Item }) {
  if (item.status === "declined") {
    return <DeclineReason label={t.declineReason} reason={item.declineReason ?? ""} />;
  }
  if (!item.resolution) return null;
  if (!item.task) return <p className="text-sm text-slate-700">{t.linkedTaskDeleted}</p>;
  const line =
    item.resolution === "in_scope"
      ? t.linkedInScope(item.task.name)
      : t.linkedPriced(item.task.name, formatMoney(item.task.amount), tasksText.acceptance[item.task.acceptance]);
  return <p className="text-sm text-slate-800 [overflow-wrap:anywhere]">{line}</p>;
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
        {t.pricedTaskRejectedCompleted(item.task.name)}
      </p>
    );
  }
  const editPath = `/projects/${encodeURIComponent(projectId)}/tasks/${encodeURIComponent(item.task.id)}/edit`;
  return (
    <p role="note" className="text-sm text-slate-700 [overflow-wrap:anywhere]">
      {t.pricedTaskRejectedOptions(item.task.name)}{" "}
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
}: AnswerFormProps & { tasks: FixRequestTaskOption[]; rounds: { used: number; total: number } }) {
  const fetcher = useFetcher<FixRequestAnswerData>();
  const data = fetcher.data ?? refusal;
  const selectId = useId();
  const eligible = tasks.filter((task) => task.acceptance !== "rejected");
  const left = rounds.total - rounds.used;

  if (left <= 0) {
    return (
      <p role="note" className="text-sm text-slate-700" data-testid="no-rounds-left">
        {t.noRoundsLeft(rounds.used, rounds.total)}
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
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: priceSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <fetcher.Form method="post" action={action} preventScrollReset className="space-y-3" {...getFormProps(form)}>
      <AnswerFields intent="price" item={item} source={source} />
      <ErrorList id={form.errorId} errors={form.errors ?? (data?.error ? [data.error] : undefined)} />
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <Field label={tasksText.name} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
          {(aria) => <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="off" className="input" />}
        </Field>
        <Field label={tasksText.amount} id={fields.amount.id} errorId={fields.amount.errorId} errors={fields.amount.errors} hint={tasksText.amountHint}>
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
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: declineSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
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
        {t.doneWaitsForAcceptance(item.task.name)}
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

// ---------------------------------------------------------------------------------------------
// Client

/**
 * Renders the client page's "Poprawki": free revision rounds, the "Zgłoś poprawkę" form and the
 * list. Texts come from the project's client language (useClientText), the token from the URL.
 */
export function ClientFixRequestsPanel({
  panel,
  source = "project",
  createResult,
}: {
  panel: FixRequestsPanelData;
  source?: Source;
  createResult?: SubmissionResult<string[]> | null;
}) {
  const text = useClientText();
  const ct = text.fixRequests;
  const { token = "" } = useParams();
  const base = `/p/${encodeURIComponent(token)}`;
  const listPath = `${base}/fix-requests`;

  return (
    <section id="fix-requests" className="card min-w-0 space-y-4" aria-labelledby="fix-requests-title" data-testid="client-fix-requests">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="fix-requests-title" className="text-lg font-semibold">
          {ct.title}
        </h2>
        <p className="text-sm font-medium text-slate-700" data-testid="free-rounds">
          {ct.freeRounds(panel.roundsUsed, panel.roundsTotal)}
        </p>
      </div>
      <p className="text-sm text-slate-600">{ct.intro}</p>
      <p className="text-xs text-slate-500">{ct.freeRoundsHint}</p>

      {/* Keyed by the number of requests, so that the form starts empty after one was sent. */}
      <CreateFixRequestForm key={panel.total} action={listPath} source={source} lastResult={createResult} />

      {panel.items.length === 0 ? (
        <p className="text-sm text-slate-600">{ct.empty}</p>
      ) : (
        <ol className="space-y-4">
          {panel.items.map((item) => (
            <ClientFixRequest key={item.id} item={item} base={base} text={text} />
          ))}
        </ol>
      )}

      {source === "project" ? (
        panel.hasMore ? (
          <Link to={`${listPath}?page=2`} className="link text-sm">
            {ct.allLink} →
          </Link>
        ) : null
      ) : (
        <Pager
          page={panel.page}
          hasMore={panel.hasMore}
          hrefFor={(page) => (page > 1 ? `${listPath}?page=${page}` : listPath)}
          labels={{ previous: ct.previousPage, next: ct.nextPage, page: ct.page }}
        />
      )}
    </section>
  );
}

/** Renders one fix request on its own page (/p/<token>/fix-requests/<id>), for the client. */
export function ClientFixRequestDetail({ item }: { item: Item }) {
  const text = useClientText();
  const { token = "" } = useParams();
  return (
    <ol id="fix-requests" data-testid="client-fix-request-detail">
      <ClientFixRequest item={item} base={`/p/${encodeURIComponent(token)}`} text={text} />
    </ol>
  );
}

function CreateFixRequestForm({ action, source, lastResult }: { action: string; source: Source; lastResult?: SubmissionResult<string[]> | null }) {
  const text = useClientText();
  const ct = text.fixRequests;
  const fetcher = useFetcher<FixRequestCreateData>();
  const [form, fields] = useForm({
    id: "new-fix-request",
    lastResult: fetcher.data?.result ?? lastResult,
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: fixRequestSchema(ct, text.locale) }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <fetcher.Form
      method="post"
      action={action}
      encType="multipart/form-data"
      preventScrollReset
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3"
      {...getFormProps(form)}
    >
      <h3 className="font-semibold">{ct.formTitle}</h3>
      <input type="hidden" name="returnTo" value={source} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field label={ct.titleLabel} id={fields.title.id} errorId={fields.title.errorId} errors={fields.title.errors} hint={ct.titleHint}>
        {(aria) => <input {...getInputProps(fields.title, { type: "text" })} {...aria} autoComplete="off" dir="auto" className="input" />}
      </Field>
      <Field
        label={ct.descriptionLabel}
        id={fields.description.id}
        errorId={fields.description.errorId}
        errors={fields.description.errors}
        hint={ct.descriptionHint}
      >
        {(aria) => <textarea {...getTextareaProps(fields.description)} {...aria} rows={5} dir="auto" className="input" />}
      </Field>
      <Field
        label={ct.attachmentLabel}
        id={fields.attachment.id}
        errorId={fields.attachment.errorId}
        errors={fields.attachment.errors}
        hint={ct.attachmentHint}
      >
        {(aria) => (
          <input
            type="file"
            name={fields.attachment.name}
            {...aria}
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
          />
        )}
      </Field>
      <button type="submit" className="btn-primary" disabled={fetcher.state !== "idle"}>
        {ct.submit}
      </button>
    </fetcher.Form>
  );
}

function ClientFixRequest({ item, base, text }: { item: Item; base: string; text: ClientText }) {
  const ct = text.fixRequests;
  return (
    <li id={`fix-request-${item.id}`} className="min-w-0 space-y-3 rounded-md border border-slate-200 p-3" data-testid="fix-request">
      <RequestHeader
        number={ct.numbered(item.number)}
        numberHref={`${base}/fix-requests/${encodeURIComponent(item.id)}`}
        title={item.title}
        status={ct.status[item.status]}
        tone={STATUS_TONE[item.status]}
      />
      <p className="text-xs text-slate-500">{ct.reportedAt(formatDateTime(item.createdAt))}</p>
      <Description text={item.description} />
      <Attachments
        label={ct.attachment}
        files={item.attachments}
        hrefFor={(fileId) => `${base}/files/${encodeURIComponent(fileId)}`}
        locale={text.locale}
      />
      <ClientAnswer item={item} ct={ct} />
      <History
        title={ct.historyTitle}
        entries={item.history.flatMap((entry) => {
          const line = clientHistoryLine(ct, entry);
          return line ? [{ id: entry.id, actor: ct.actor[entry.actor] ?? ct.actor.system, createdAt: entry.createdAt, lines: [line] }] : [];
        })}
      />
    </li>
  );
}

function ClientAnswer({ item, ct }: { item: Item; ct: ClientText["fixRequests"] }) {
  if (item.status === "declined") return <DeclineReason label={ct.declineReason} reason={item.declineReason ?? ""} />;
  if (!item.resolution) return null;
  if (!item.task) return <p className="text-sm text-slate-700">{ct.answerTaskDeleted}</p>;
  if (item.resolution === "in_scope") return <p className="text-sm text-slate-800 [overflow-wrap:anywhere]">{ct.answerInScope(item.task.name)}</p>;
  const decision =
    item.task.acceptance === "accepted"
      ? ct.answerPricedAccepted
      : item.task.acceptance === "rejected"
        ? ct.answerPricedRejected
        : ct.answerPricedPending;
  return (
    <div className="space-y-1 text-sm">
      <p className="text-slate-800 [overflow-wrap:anywhere]">{ct.answerPriced(item.task.name, formatMoney(item.task.amount))}</p>
      <p className={item.task.acceptance === "pending" ? "font-medium text-amber-900" : "text-slate-700"}>{decision}</p>
    </div>
  );
}

function historyText(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "string" ? value : "";
}

function historyMoney(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? formatMoney(value) : "";
}

/** Returns one line of the client's history of a request, or null for an entry the client does not see. */
function clientHistoryLine(ct: ClientText["fixRequests"], entry: Item["history"][number]): string | null {
  const data = entry.data;
  switch (entry.action) {
    case "fix_request.created":
      return ct.historyCreated;
    case "fix_request.in_scope":
      return ct.historyInScope(historyText(data, "taskName"));
    case "fix_request.priced":
      return ct.historyPriced(historyText(data, "taskName"), historyMoney(data, "amount"));
    case "fix_request.declined":
      return ct.historyDeclined;
    case "fix_request.done":
      return ct.historyDone;
    case "task.accepted":
      return ct.historyTaskAccepted(historyText(data, "name"), historyMoney(data, "amount"));
    case "task.rejected":
      return ct.historyTaskRejected(historyText(data, "name"), historyMoney(data, "amount"));
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

function RequestHeader({
  number,
  numberHref,
  title,
  status,
  tone,
}: {
  number: string;
  /** The request's own page, linked from its number. */
  numberHref?: string;
  title: string;
  status: string;
  tone: string;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1">
      <h3 className="min-w-0 font-medium [overflow-wrap:anywhere]">
        {numberHref ? (
          <Link to={numberHref} className="link text-slate-600">
            {number}
          </Link>
        ) : (
          <span className="text-slate-500">{number}</span>
        )}
        <span className="text-slate-500">: </span>
        <bdi>{title}</bdi>
      </h3>
      <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone}`} data-testid="fix-request-status">
        {status}
      </span>
    </div>
  );
}

/** Renders the client's text as typed: line breaks kept, nothing turned into markup. */
function Description({ text }: { text: string }) {
  return (
    <p dir="auto" className="whitespace-pre-wrap text-sm text-slate-800 [overflow-wrap:anywhere]">
      {text}
    </p>
  );
}

function DeclineReason({ label, reason }: { label: string; reason: string }) {
  return (
    <div className="text-sm">
      <p className="font-medium text-slate-700">{label}</p>
      <p dir="auto" className="whitespace-pre-wrap text-slate-800 [overflow-wrap:anywhere]">
        {reason}
      </p>
    </div>
  );
}

function Attachments({
  label,
  files,
  hrefFor,
  locale,
}: {
  label: string;
  files: Item["attachments"];
  hrefFor: (fileId: string) => string;
  locale: "pl" | "en";
}) {
  if (files.length === 0) return null;
  return (
    <div className="text-sm">
      <p className="font-medium text-slate-700">{label}</p>
      <ul className="space-y-0.5">
        {files.map((file) => (
          <li key={file.id} className="[overflow-wrap:anywhere]">
            {/* A download through the files route; `download` keeps the browser on this page. */}
            <a href={hrefFor(file.id)} className="link" download>
              <bdi>{file.name}</bdi>
            </a>{" "}
            <span className="text-slate-500">({formatFileSize(file.size, locale)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface HistoryEntry {
  id: string;
  actor: string;
  createdAt: string;
  lines: string[];
}

/** Renders who did what and when, oldest first. */
function History({ title, entries }: { title: string; entries: HistoryEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <div className="text-sm">
      <p className="font-medium text-slate-700">{title}</p>
      <ol className="mt-1 space-y-1 border-l-2 border-slate-200 pl-3" data-testid="fix-request-history">
        {entries.map((entry) => {
          const [headline, ...details] = entry.lines;
          return (
            <li key={entry.id}>
              <span className="text-xs text-slate-500">
                {entry.actor} · <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
              </span>
              <p className="text-slate-800 [overflow-wrap:anywhere]">{headline}</p>
              {details.map((line) => (
                <p key={line} className="text-slate-600 [overflow-wrap:anywhere]">
                  {line}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function Pager({
  page,
  hasMore,
  hrefFor,
  labels,
}: {
  page: number;
  hasMore: boolean;
  hrefFor: (page: number) => string;
  labels: { previous: string; next: string; page: (page: number) => string };
}) {
  if (page <= 1 && !hasMore) return null;
  return (
    <nav className="flex items-center justify-between text-sm" aria-label={labels.page(page)}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className="btn-secondary btn-small" rel="prev">
          ← {labels.previous}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-500">{labels.page(page)}</span>
      {hasMore ? (
        <Link to={hrefFor(page + 1)} className="btn-secondary btn-small" rel="next">
          {labels.next} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
