// Bills on the client page (/p/<token>): the "Opłać" toggles of the task list, the "Rachunki"
// section with the selection's live total and "Utwórz rachunek", and the list of the project's
// bills. The selection form posts to /p/<token>/bills, which redirects to the new bill's page.
// With JavaScript it goes through a fetcher. Without it, a refused selection renders the bills
// page with the message and the posted selection.
import type { SerializeFrom } from "@remix-run/cloudflare";
import { Link, useFetcher, useParams } from "@remix-run/react";
import { SelectionToggle, useBillSelection, useSelectionRefusal } from "~/components/bill-selection";
import { SelectionSummary } from "~/components/selection-summary";
import { ClientPagination } from "~/components/client-pagination";
import type { ClientText } from "~/i18n/client";
import { useClientText } from "~/i18n/client-context";
import type { BillStatus, ClientBillListItem, ClientBillsPanel, TaskBill } from "~/models/bills.server";
import { isPayableTask } from "~/utils/bills";
import { formatDateTime } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";
import type { SellerDetails } from "~/models/profile.server";
import { formatIban } from "~/utils/iban";

/** Id of the client's selection form; the task list's "Opłać" toggles join it. */
export const CLIENT_BILL_FORM_ID = "client-bill";

export type ClientBillsPanelData = SerializeFrom<ClientBillsPanel>;
type Bill = SerializeFrom<ClientBillListItem>;

/** Data the client's bill routes return when they refuse a form (400, 409, 503). */
export interface ClientBillActionData {
  error: string;
  /** A field's message, shown at the field instead of at the top. */
  fieldErrors?: { payerEmail?: string };
  /** The refused selection, shown selected again on the bills page. */
  selected?: string[];
}

export const BILL_STATUS_TONE: Record<BillStatus, string> = {
  open: "bg-slate-100 text-slate-700",
  sent: "bg-sky-100 text-sky-900",
  awaiting_payment: "bg-amber-100 text-amber-900",
  paid: "bg-emerald-100 text-emerald-800",
  cancelled: "bg-slate-200 text-slate-600",
  refunded: "bg-red-100 text-red-800",
};

/** "in an hour" or "in 12 minutes", in the client's language: how long a rate-limited client waits. */
export function clientRetryWait(t: ClientText["bills"], minutes: number): string {
  return minutes >= 60 ? t.retryInHour : t.retryInMinutes(minutes, plural(minutes, t.minuteForms));
}

export function clientBillsPath(token: string): string {
  return `/p/${encodeURIComponent(token)}/bills`;
}

export function clientBillPath(token: string, billId: string): string {
  return `${clientBillsPath(token)}/${encodeURIComponent(billId)}`;
}

/**
 * Renders the bill part of one task on the client page: the "Opłać" toggle while the task can be
 * paid online, and a link to the bill the task is on.
 */
export function ClientTaskBill({
  task,
  panel,
  defaultChecked,
}: {
  task: { id: string; name: string; amount: number; acceptance: string; payment: string };
  panel: Pick<ClientBillsPanelData, "taskBills" | "onlinePayments">;
  defaultChecked?: boolean;
}) {
  const t = useClientText().bills;
  const { token = "" } = useParams();
  const taskBill: SerializeFrom<TaskBill> | undefined = panel.taskBills[task.id];
  if (taskBill) {
    return (
      <Link to={clientBillPath(token, taskBill.billId)} className="link text-xs font-medium" data-testid="task-bill-link">
        {t.onBill(taskBill.number)}
      </Link>
    );
  }
  if (!panel.onlinePayments || !isPayableTask(task, false)) return null;
  return (
    <SelectionToggle
      formId={CLIENT_BILL_FORM_ID}
      taskId={task.id}
      amount={task.amount}
      label={t.toggle}
      accessibleLabel={t.toggleLabel(task.name)}
      defaultChecked={defaultChecked}
    />
  );
}

/** "Utwórz rachunek" with the live summary of the toggled tasks. */
export function ClientBillForm({ actionData }: { actionData?: ClientBillActionData }) {
  const t = useClientText().bills;
  const { token = "" } = useParams();
  const fetcher = useFetcher<ClientBillActionData>();
  const reply = (fetcher.state === "idle" ? fetcher.data : undefined) ?? actionData;
  const selection = useBillSelection(CLIENT_BILL_FORM_ID);
  const error = useSelectionRefusal(selection, reply, reply?.error);
  return (
    <fetcher.Form id={CLIENT_BILL_FORM_ID} method="post" action={clientBillsPath(token)} className="space-y-3" data-testid="client-bill-form">
      <input type="hidden" name="intent" value="create" />
      <h3 className="font-semibold">{t.selectionTitle}</h3>
      <p className="text-sm text-slate-600">{t.selectionHint}</p>
      <SelectionSummary selection={selection} none={t.selectionNone} summary={t.selectionSummary} forms={t.taskForms} noScript={t.selectionNoScript} />
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn-primary" disabled={fetcher.state !== "idle"}>
        {t.create}
      </button>
    </fetcher.Form>
  );
}

/** Renders one bill in the client's list, linking to its page. */
function ClientBillRow({ bill }: { bill: Bill }) {
  const t = useClientText().bills;
  const { token = "" } = useParams();
  return (
    <li className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2 text-sm" data-testid="client-bill">
      <span className="min-w-0">
        <Link to={clientBillPath(token, bill.id)} className="link font-medium">
          {t.billNumber(bill.number)}
        </Link>
        <span className="text-slate-500"> · {bill.paidAt ? t.paidOn(formatDateTime(bill.paidAt)) : t.createdOn(formatDateTime(bill.createdAt))}</span>
      </span>
      <span className="flex items-center gap-3">
        <span className="font-semibold tabular-nums">{formatMoney(bill.total)}</span>
        <span className={`rounded-full px-2.5 py-1 text-xs font-medium ${BILL_STATUS_TONE[bill.status]}`}>
          <span className="sr-only">{t.statusLabel}: </span>
          {t.status[bill.status]}
        </span>
      </span>
    </li>
  );
}

/**
 * "Rachunki" on the client page. `payableCount` is the number of tasks showing "Opłać": the
 * selection form appears only when there is one. `page` is set on the bills page, which lists
 * every bill with pages; the client page shows the newest few.
 */
export function ClientBillsSection({
  panel,
  payableCount,
  page,
  actionData,
}: {
  panel: ClientBillsPanelData;
  payableCount: number;
  page?: number;
  actionData?: ClientBillActionData;
}) {
  const t = useClientText().bills;
  const { token = "" } = useParams();
  if (panel.items.length === 0 && payableCount === 0 && page === undefined) return null;
  return (
    <section id="bills" aria-labelledby="bills-heading" className="card min-w-0 space-y-4" data-testid="client-bills">
      <h2 id="bills-heading" className="text-lg font-semibold">
        {t.title}
      </h2>
      {payableCount > 0 ? <ClientBillForm actionData={actionData} /> : null}
      {panel.items.length === 0 ? (
        <p className="text-sm text-slate-600">{t.empty}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {panel.items.map((bill) => (
            <ClientBillRow key={bill.id} bill={bill} />
          ))}
        </ul>
      )}
      {page === undefined ? (
        panel.hasMore ? (
          <Link to={clientBillsPath(token)} className="link text-sm">
            {t.allBills(panel.total)} →
          </Link>
        ) : null
      ) : (
        <ClientPagination page={page} hasMore={panel.hasMore} text={t} />
      )}
    </section>
  );
}

/** Shows the freelancer's company, NIP, address and bank account (Settings → Profil) on a bill. */
export function BillSellerDetails({ seller }: { seller: SellerDetails | null }) {
  const t = useClientText().seller;
  if (!seller || (!seller.company && !seller.nip && !seller.address && !seller.bankAccount)) return null;
  return (
    <section aria-labelledby="bill-seller" className="space-y-1 text-sm" data-testid="bill-seller">
      <h2 id="bill-seller" className="font-semibold">
        {t.title}
      </h2>
      <p>{seller.company ?? seller.name}</p>
      {seller.nip ? <p>{t.nip(seller.nip)}</p> : null}
      {seller.address ? <p className="whitespace-pre-line">{seller.address}</p> : null}
      {seller.bankAccount ? (
        <p>
          {t.bankAccount}: <span className="tabular-nums whitespace-nowrap">{formatIban(seller.bankAccount)}</span>
        </p>
      ) : null}
    </section>
  );
}
