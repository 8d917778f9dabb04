// "Rachunki" on the freelancer's project page. It has the "Wyślij listę do opłacenia" form, fed by
// the "Nieopłacone" toggles of the task table, and the list of the project's bills with their
// state and e-mail delivery. Other forms cancel a bill or mark a bill or a task paid by hand. Every
// form posts to /projects/<id>/bills, which redirects back with a toast. With JavaScript the
// forms use fetchers. Without it, a refused form renders the bills page with the messages and
// the posted selection.
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "~/components/form-state";
import type { SerializeFrom } from "@remix-run/cloudflare";
import { Link, useFetcher } from "@remix-run/react";
import { useId, useRef, type ReactNode } from "react";
import { SelectionToggle, useBillSelection, useSelectionRefusal } from "~/components/bill-selection";
import { ErrorList, Field } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { SelectionSummary } from "~/components/selection-summary";
import { TasksPageField } from "~/components/tasks-page-field";
import { billsPanelText as t } from "~/i18n/pl/bills-panel";
import { buyerText } from "~/i18n/pl/buyer";
import { common } from "~/i18n/pl/common";
import type { BillRow as BillRowModel, FreelancerBillsPanel } from "~/models/bill-rows.server";
import type { BillStatus, TaskBill } from "~/models/bills.server";
import type { DeliveryState } from "~/models/invitations.server";
import { MANUAL_NOTE_MAX_LENGTH } from "~/utils/form-limits";
import { isPayableTask } from "~/utils/bills";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";

/** Id of the send form; the task table's toggles join it through their `form` attribute. */
export const BILL_SEND_FORM_ID = "bill-send";

/** The panel as the loaders send it (withBillRows): each bill's read-only lines come as text. */
export type BillsPanelData = SerializeFrom<FreelancerBillsPanel>;
type Bill = SerializeFrom<BillRowModel>;

/** Data the bills route's action returns when it does not redirect. */
export interface BillActionData {
  intent: "send" | "cancel" | "mark-paid" | "task-paid" | null;
  result?: SubmissionResult<string[]>;
  billId?: string;
  taskId?: string;
  error?: string;
  /** The task ids the refused send form carried, so the page shows them selected again. */
  selected?: string[];
}

export function billsPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}/bills`;
}

const STATUS_TONE: Record<BillStatus, string> = {
  open: "bg-slate-100 text-slate-700",
  sent: "bg-sky-100 text-sky-900",
  awaiting_payment: "bg-amber-100 text-amber-900",
  paid: "bg-emerald-100 text-emerald-900",
  cancelled: "bg-slate-200 text-slate-600",
  refunded: "bg-red-100 text-red-800",
};

const DELIVERY_TONE: Record<DeliveryState, string> = {
  queued: "bg-slate-100 text-slate-700",
  retrying: "bg-amber-100 text-amber-900",
  sent: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  unknown: "bg-slate-100 text-slate-600",
};

const UNPAID: BillStatus[] = ["open", "sent", "awaiting_payment"];

export interface BillsPanelProps {
  projectId: string;
  panel: BillsPanelData;
  /** Prefill of the recipient: the project's client's e-mail. */
  recipientDefault: string;
  /** Set on the bills page, which lists every bill with pages; the project page shows the newest few. */
  page?: number;
  /** The action's data for a form posted without JavaScript (the bills page renders it). */
  actionData?: BillActionData;
  /**
   * The bills page's list of the payable tasks with their toggles, shown above the send form, so
   * a form refused without JavaScript keeps its selection. On the project page the task table has
   * the toggles.
   */
  selection?: ReactNode;
}

export function BillsPanel(props: BillsPanelProps) {
  const { projectId, panel, page } = props;
  const sendData = props.actionData?.intent === "send" ? props.actionData : undefined;
  // "Oznacz jako opłacone" of a task lives in the task table, which this page does not have, so
  // its refusal (and an unknown intent's) shows at the top.
  const pageError = props.actionData?.intent === "task-paid" || props.actionData?.intent === null ? props.actionData.error : undefined;
  // A new bill changes the newest row, which remounts the form with the prefill again.
  const formKey = panel.items[0] ? `${panel.items[0].id}-${panel.items[0].status}` : "empty";

  return (
    <section id="bills" className="card min-w-0 space-y-4" aria-labelledby="bills-title" data-testid="bills-panel">
      <h2 id="bills-title" className="text-lg font-semibold">
        {t.title}
      </h2>
      <p className="text-sm text-slate-600">{t.intro}</p>
      {pageError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {pageError}
        </p>
      ) : null}
      {panel.onlinePayments ? null : (
        <div role="note" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="online-payments-off">
          <p className="font-medium">{t.onlineDisabled}</p>
          <p>{t.onlineDisabledHelp}</p>
          <Link to="/settings/payments" className="link">
            {t.onlineDisabledLink}
          </Link>
        </div>
      )}

      {props.selection}
      <SendForm key={formKey} projectId={projectId} recipientDefault={props.recipientDefault} actionData={sendData} />

      <div className="space-y-3 border-t border-slate-200 pt-4">
        <h3 className="font-semibold">{t.listTitle}</h3>
        {panel.items.length === 0 ? (
          <p className="text-sm text-slate-500">{t.empty}</p>
        ) : (
          <ul className="space-y-3">
            {panel.items.map((bill) => (
              <BillRow key={bill.id} projectId={projectId} bill={bill} actionData={props.actionData?.billId === bill.id ? props.actionData : undefined} />
            ))}
          </ul>
        )}
        {page === undefined ? (
          panel.hasMore ? (
            <Link to={billsPath(projectId)} className="link text-sm">
              {t.showAll(panel.total)} →
            </Link>
          ) : null
        ) : (
          <Pagination page={page} hasMore={panel.hasMore} />
        )}
      </div>
    </section>
  );
}

function SendForm(props: { projectId: string; recipientDefault: string; actionData?: BillActionData }) {
  const fetcher = useFetcher<BillActionData>();
  const fetcherData = fetcher.state === "idle" && fetcher.data?.intent === "send" ? fetcher.data : undefined;
  const [form, fields] = useForm({
    id: BILL_SEND_FORM_ID,
    lastResult: fetcherData?.result ?? props.actionData?.result,
    defaultValue: { email: props.recipientDefault },
  });
  const reply = fetcherData ?? props.actionData;
  const selection = useBillSelection(BILL_SEND_FORM_ID);
  const error = useSelectionRefusal(selection, reply, reply?.error);

  return (
    <fetcher.Form method="post" action={billsPath(props.projectId)} className="space-y-3" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="send" />
      <TasksPageField />
      <h3 className="font-semibold">{t.selectionTitle}</h3>
      <SelectionSummary
        selection={selection}
        none={t.selectionNone}
        summary={t.selectionSummary}
        forms={t.taskForms}
        noScript={t.selectionNoScript}
      />
      <ErrorList id={form.errorId} errors={form.errors} />
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <Field label={t.recipient} hint={t.recipientHint} id={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
        {(aria) => <input {...getInputProps(fields.email, { type: "email" })} {...aria} autoComplete="off" spellCheck={false} className="input" />}
      </Field>
      <button type="submit" className="btn-primary" disabled={fetcher.state !== "idle"}>
        {t.submit}
      </button>
    </fetcher.Form>
  );
}

function BillRow({ projectId, bill, actionData }: { projectId: string; bill: Bill; actionData?: BillActionData }) {
  const unpaid = UNPAID.includes(bill.status);

  return (
    <li id={`bill-${bill.id}`} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="bill">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 space-y-1">
          <p className="font-medium">
            {bill.text.number}: <span className="tabular-nums">{formatMoney(bill.total)}</span>
            <span className="font-normal text-slate-500"> · {bill.text.itemCount}</span>
          </p>
          <p className="text-xs text-slate-500 [overflow-wrap:anywhere]">{bill.text.facts}</p>
          {bill.text.buyer !== null ? <BuyerLine buyer={bill.text.buyer} /> : null}
        </div>
        <div className="flex shrink-0 flex-wrap gap-2 text-xs">
          <p>
            <span className="sr-only">{t.statusLabel}: </span>
            <span className={`rounded-full px-2.5 py-1 font-medium ${STATUS_TONE[bill.status]}`} data-testid="bill-status">
              {bill.text.status}
            </span>
          </p>
          {bill.delivery && bill.text.delivery ? (
            <p>
              <span className="sr-only">{t.deliveryLabel}: </span>
              <span className={`rounded-full px-2.5 py-1 font-medium ${DELIVERY_TONE[bill.delivery]}`} data-testid="bill-delivery">
                {bill.text.delivery}
              </span>
            </p>
          ) : null}
        </div>
      </div>
      {bill.text.deliveryError ? <p className="mt-2 text-xs text-red-800 [overflow-wrap:anywhere]">{bill.text.deliveryError}</p> : null}
      {bill.text.flaggedPayments.length > 0 ? <FlaggedPayments lines={bill.text.flaggedPayments} /> : null}
      {bill.text.paymentWarning ? (
        <p className="mt-2 text-xs text-amber-900" data-testid="bill-payment-warning">
          {bill.text.paymentWarning}
        </p>
      ) : null}
      {unpaid ? (
        <div className="mt-2 flex flex-wrap items-start gap-2">
          <MarkBillPaidAction projectId={projectId} bill={bill} actionData={actionData?.intent === "mark-paid" ? actionData : undefined} />
          <CancelBillAction projectId={projectId} bill={bill} />
        </div>
      ) : null}
      {actionData?.error && actionData.intent === "cancel" ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {actionData.error}
        </p>
      ) : null}
    </li>
  );
}

/** Renders the buyer kept on a bill after its client was anonymised. */
function BuyerLine({ buyer }: { buyer: string }) {
  return (
    <p className="whitespace-pre-line text-xs text-slate-700 [overflow-wrap:anywhere]" data-testid="bill-buyer">
      {buyerText.buyer}: {buyer}
    </p>
  );
}

/** Money received through Tpay that did not pay the bill: what to refund, or the shortfall. */
function FlaggedPayments({ lines }: { lines: string[] }) {
  return (
    <div role="note" aria-label={t.flaggedTitle} className="mt-2 space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900">
      {lines.map((line, index) => (
        <p key={index} data-testid="bill-flagged-payment">
          {line}
        </p>
      ))}
    </div>
  );
}

/** Renders a <details> that opens a small form, so it works without JavaScript; `open` shows a refused form's messages. */
function Disclosure({ summary, label, tone, open, children }: { summary: string; label: string; tone: "secondary" | "danger"; open?: boolean; children: ReactNode }) {
  return (
    <details className="text-left open:w-full" open={open}>
      <summary
        className={`${tone === "danger" ? "btn-danger" : "btn-secondary"} btn-small cursor-pointer list-none [&::-webkit-details-marker]:hidden`}
        aria-label={label}
      >
        {summary}
      </summary>
      <div role="group" aria-label={label} className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
        {children}
      </div>
    </details>
  );
}

function CancelBillAction({ projectId, bill }: { projectId: string; bill: Bill }) {
  const fetcher = useFetcher<BillActionData>();
  const error = fetcher.state === "idle" ? fetcher.data?.error : undefined;
  return (
    <Disclosure summary={t.cancel} label={t.cancelLabel(bill.number)} tone="danger">
      <p className="text-sm text-slate-700">{t.cancelWarning}</p>
      <fetcher.Form method="post" action={billsPath(projectId)}>
        <input type="hidden" name="intent" value="cancel" />
        <TasksPageField />
        <input type="hidden" name="billId" value={bill.id} />
        <button type="submit" className="btn-danger btn-small" disabled={fetcher.state !== "idle"}>
          {t.cancelConfirm}
        </button>
      </fetcher.Form>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </Disclosure>
  );
}

/** Method (gotówka / przelew) and note of a payment marked by hand. */
function ManualPaymentFields({ fields }: { fields: { method: FieldMeta; note: FieldMeta } }) {
  const legendId = useId();
  return (
    <>
      <fieldset aria-describedby={fields.method.errors ? fields.method.errorId : undefined}>
        <legend id={legendId} className="text-sm font-medium text-slate-700">
          {t.method}
        </legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {(["cash", "transfer"] as const).map((method) => (
            <label key={method} className="flex items-center gap-2 text-sm">
              <input type="radio" name={fields.method.name} value={method} defaultChecked={fields.method.initialValue === method} className="h-4 w-4" />
              {t.methods[method]}
            </label>
          ))}
        </div>
        <ErrorList id={fields.method.errorId} errors={fields.method.errors} />
      </fieldset>
      <Field
        label={t.note}
        hint={t.noteHint(MANUAL_NOTE_MAX_LENGTH, plural(MANUAL_NOTE_MAX_LENGTH, t.characterForms))}
        id={fields.note.id}
        errorId={fields.note.errorId}
        errors={fields.note.errors}
      >
        {(aria) => <textarea {...getTextareaProps(fields.note as never)} {...aria} rows={2} className="input" />}
      </Field>
    </>
  );
}

interface FieldMeta {
  id: string;
  name: string;
  errorId: string;
  errors?: string[];
  initialValue?: unknown;
}

function MarkBillPaidAction({ projectId, bill, actionData }: { projectId: string; bill: Bill; actionData?: BillActionData }) {
  const fetcher = useFetcher<BillActionData>();
  const fetcherData = fetcher.state === "idle" && fetcher.data?.intent === "mark-paid" ? fetcher.data : undefined;
  const [form, fields] = useForm({
    id: `bill-paid-${bill.id}`,
    lastResult: fetcherData?.result ?? actionData?.result,
    defaultValue: { method: "transfer" },
  });
  const error = fetcherData?.error ?? actionData?.error;
  return (
    <Disclosure summary={t.markPaid} label={t.markPaidLabel(bill.number)} tone="secondary" open={actionData ? true : undefined}>
      <fetcher.Form method="post" action={billsPath(projectId)} className="space-y-3" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="mark-paid" />
        <TasksPageField />
        <input type="hidden" name="billId" value={bill.id} />
        <ErrorList id={form.errorId} errors={form.errors} />
        <ManualPaymentFields fields={{ method: fields.method, note: fields.note }} />
        <button type="submit" className="btn-primary btn-small" disabled={fetcher.state !== "idle"}>
          {t.markPaidSubmit}
        </button>
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </fetcher.Form>
    </Disclosure>
  );
}

/** "Oznacz jako opłacone" for one task of the task table (cash or bank transfer). */
export function MarkTaskPaidAction({ projectId, task }: { projectId: string; task: { id: string; name: string } }) {
  const fetcher = useFetcher<BillActionData>();
  const fetcherData = fetcher.state === "idle" && fetcher.data?.intent === "task-paid" ? fetcher.data : undefined;
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const [form, fields] = useForm({
    id: `task-paid-${task.id}`,
    lastResult: fetcherData?.result,
    defaultValue: { method: "transfer" },
  });
  return (
    <details ref={detailsRef} className="relative text-left">
      <summary
        className="btn-secondary btn-small cursor-pointer list-none whitespace-nowrap [&::-webkit-details-marker]:hidden max-lg:px-3.5 max-lg:py-1.5 max-lg:text-sm"
        aria-label={t.markTaskPaidLabel(task.name)}
      >
        {t.markTaskPaid}
      </summary>
      {/* On wide screens the form floats over the table, so opening it does not squeeze the row. */}
      <div
        role="group"
        aria-label={t.markTaskPaidLabel(task.name)}
        className="mt-2 w-64 max-w-full space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 lg:absolute lg:right-0 lg:z-20 lg:shadow-lg"
      >
        <fetcher.Form method="post" action={billsPath(projectId)} className="space-y-3" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="task-paid" />
          <TasksPageField />
          <input type="hidden" name="taskId" value={task.id} />
          <ErrorList id={form.errorId} errors={form.errors} />
          <ManualPaymentFields fields={{ method: fields.method, note: fields.note }} />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-primary btn-small" disabled={fetcher.state !== "idle"}>
              {t.markPaidSubmit}
            </button>
            <button type="button" className="btn-secondary btn-small" onClick={() => detailsRef.current?.removeAttribute("open")}>
              {common.cancel}
            </button>
          </div>
          {fetcherData?.error ? (
            <p role="alert" className="text-sm text-red-700">
              {fetcherData.error}
            </p>
          ) : null}
        </fetcher.Form>
      </div>
    </details>
  );
}

/**
 * Renders the payment cell of one task in the task table: the "Nieopłacone" toggle for a
 * payable task, otherwise the payment state, with the number of the bill the task is on.
 */
export function TaskPaymentCell({
  task,
  taskBill,
  badge,
}: {
  task: { id: string; name: string; amount: number; acceptance: string; payment: string };
  taskBill: TaskBill | SerializeFrom<TaskBill> | undefined;
  badge: ReactNode;
}) {
  const payable = isPayableTask(task, taskBill !== undefined);
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      {payable ? (
        <SelectionToggle
          formId={BILL_SEND_FORM_ID}
          taskId={task.id}
          amount={task.amount}
          label={t.toggle}
          accessibleLabel={t.toggleLabel(task.name)}
        />
      ) : (
        badge
      )}
      {taskBill ? <span className="whitespace-nowrap text-xs text-slate-500">{t.onBill(taskBill.number)}</span> : null}
    </span>
  );
}
