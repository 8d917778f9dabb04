import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json, redirect } from "@remix-run/cloudflare";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useParams, useRouteError } from "@remix-run/react";
import * as v from "valibot";
import { ClientLinkErrorBoundary, ClientShell } from "~/components/client-shell";
import {
  BILL_STATUS_TONE,
  BillSellerDetails,
  clientBillPath,
  clientBillsPath,
  clientRetryWait,
  type ClientBillActionData,
} from "~/components/client-bills";
import type { ClientText } from "~/i18n/client";
import { ClientTextProvider, useClientText } from "~/i18n/client-context";
import { readClientPageText, useClientPageText } from "~/i18n/client-page-text";
import { clientPageText, clientText } from "~/i18n/client-page-text.server";
import { clientPageHandle } from "~/i18n/client-shell";
import { isClientLocale, type ClientLocale } from "~/i18n/locale";
import { runReadPlans } from "~/db/read-plan.server";
import { isPayerEmailKnown, payerEmailKnownPlan, startBillPayment, type StartPaymentResult } from "~/models/bill-payment.server";
import { billDetailPlan, cancelBill, getBillDetail, isBillId, minutesUntilRateLimitReset, UNPAID_BILL_STATUSES } from "~/models/bills.server";
import { sellerDetailsPlan } from "~/models/profile.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { onlinePaymentsEnabled, tpayConnectionSummaryPlan } from "~/models/tpay-connections.server";
import { payerEmailSchema } from "~/schemas/email";
import { CLIENT_PAGE_HEADERS, notFound, requireSharedProject } from "~/utils/client-link.server";
import { formatDateTime } from "~/utils/dates";
import { EMAIL_MAX_LENGTH } from "~/utils/email-address";
import { readFormData } from "~/utils/form.server";
import { formatMoney } from "~/utils/money";
import { PAYMENT_RETURN_STORAGE_KEY } from "~/utils/payment-return";
import { redirectWithToast } from "~/utils/toast.server";

// One bill on its own page, reached with the client link: /p/<token>/bills/<billId>. It shows
// the bill's number, items, total and state, and "Zapłać teraz" while it is unpaid and the
// freelancer's Tpay connection works. The bill is looked up within the link's project only, so
// the id of another project's bill is the client link's one 404. Reading the page never writes.
//
// "Zapłać teraz" posts here (intent=pay): the server sums the bill's items itself, starts the
// Tpay transaction (app/models/bill-payment.server.ts) and redirects (303) to Tpay's payment page.
// It is a plain form, not a fetcher, because the browser leaves for Tpay. When Tpay cannot be
// reached or refuses, the page shows why and nothing changed. The client may also cancel a
// bill they created while it is unpaid (intent=cancel). When neither the project's client nor
// the bill has an e-mail address, the form asks for the payer's, which Tpay requires.
//
// An unknown bill id under a working link gets a 404 page about the bill in the project's
// language; a link that does not open a project gets the client link's one 404.

/** Data of the 404 thrown for a bill id the working link's project does not have, with its texts. */
interface BillNotFoundData {
  billNotFound: true;
  locale: ClientLocale;
  title: string;
  text: string;
  backToProject: string;
}

function billNotFound(locale: string): never {
  const t = clientText(locale);
  throw json<BillNotFoundData>(
    { billNotFound: true, locale: t.locale, title: t.bills.billNotFoundTitle, text: t.bills.billNotFoundText, backToProject: t.bills.backToProject },
    { status: 404, headers: CLIENT_PAGE_HEADERS },
  );
}

function isBillNotFoundData(data: unknown): data is BillNotFoundData {
  return typeof data === "object" && data !== null && (data as BillNotFoundData).billNotFound === true && isClientLocale((data as BillNotFoundData).locale);
}

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

export const handle = clientPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${readClientPageText(data.text).bills.billNumber(data.bill.number)}: ${data.projectName} · Klamp` : "Klamp" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const shared = await requireSharedProject(context, params.token);
  const owner = { userId: shared.project.userId, projectId: shared.project.id };
  const billId = params.billId ?? "";
  if (!isBillId(billId)) billNotFound(shared.project.clientLocale);
  // One batch: the bill's reads are scoped by the project the link opened.
  const { detail, connection, payerEmailKnown, seller } = await runReadPlans(context.db, {
    detail: billDetailPlan(context.db, owner, billId),
    connection: tpayConnectionSummaryPlan(context.db, owner.userId),
    payerEmailKnown: payerEmailKnownPlan(context.db, owner, billId),
    seller: sellerDetailsPlan(context.db, owner.userId),
  });
  if (!detail) billNotFound(shared.project.clientLocale);
  const { bill } = detail;
  const unpaid = UNPAID_BILL_STATUSES.includes(bill.status);
  const canPay = unpaid && onlinePaymentsEnabled(connection);
  return json(
    {
      locale: shared.project.clientLocale,
      text: clientPageText(shared.project.clientLocale, ["bills", "seller"]),
      projectName: shared.project.name,
      bill: {
        id: bill.id,
        number: bill.number,
        status: bill.status,
        total: detail.itemsTotal,
        createdAt: bill.createdAt,
        paidAt: bill.paidAt,
      },
      items: detail.items.map((item) => ({ id: item.id, name: item.name, amount: item.amount })),
      canPay,
      askPayerEmail: canPay && !payerEmailKnown,
      canCancel: unpaid && bill.createdBy === "client",
      paymentStarted: bill.status === "awaiting_payment",
      seller,
    },
    { headers: CLIENT_PAGE_HEADERS },
  );
}

function paymentError(t: ClientText["bills"], result: Exclude<StartPaymentResult, { status: "redirect" | "settled" | "not_found" }>) {
  switch (result.status) {
    case "not_unpaid":
      return { status: 409, error: t.billNotUnpaid };
    case "payments_disabled":
      return { status: 409, error: t.onlineDisabled };
    case "payer_email_required":
      return { status: 400, error: t.payerEmailMissing };
    case "busy":
      return { status: 409, error: t.paymentBusy };
    case "previous_in_progress":
      return { status: 409, error: t.previousInProgress };
    case "rate_limited":
      return { status: 429, error: t.payRateLimited(clientRetryWait(t, minutesUntilRateLimitReset(RATE_LIMITS.payAttemptPerBill))) };
    case "tpay_error":
      return result.kind === "unreachable" || result.kind === "unexpected"
        ? { status: 503, error: t.tpayUnreachable }
        : { status: 502, error: t.tpayRefused };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const shared = await requireSharedProject(context, token);
  const db = context.db;
  const env = context.cloudflare.env;
  const t = clientText(shared.project.clientLocale).bills;
  const billId = params.billId ?? "";
  const scope = { userId: shared.project.userId, projectId: shared.project.id, shareTokenHash: shared.project.shareTokenHash ?? "" };
  const deps = { env, tpayFetch: context.tpayFetch };
  const refuse = (status: number, error: string) => json<ClientBillActionData>({ error }, { status, headers: CLIENT_PAGE_HEADERS });

  // Any amount or total the form carries is ignored: only the intent is read.
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "pay") {
    // The payer's e-mail is read only when the page asked for it; otherwise Tpay gets the
    // client's or the bill's address.
    const payerEmailKnown = await isPayerEmailKnown(db, scope, billId);
    if (payerEmailKnown === null) billNotFound(shared.project.clientLocale);
    let payerEmail: string | null = null;
    if (!payerEmailKnown) {
      const value = formData.get("payerEmail");
      const parsed = v.safeParse(payerEmailSchema(t), { payerEmail: typeof value === "string" ? value : undefined });
      if (!parsed.success) {
        const message = parsed.issues[0].message;
        return json<ClientBillActionData>({ error: message, fieldErrors: { payerEmail: message } }, { status: 400, headers: CLIENT_PAGE_HEADERS });
      }
      payerEmail = parsed.output.payerEmail;
    }
    const result = await startBillPayment(db, deps, scope, billId, {
      payerEmail,
      rateLimit: { key: `bill_pay:bill:${billId.slice(0, 64)}`, rule: RATE_LIMITS.payAttemptPerBill },
    });
    if (result.status === "redirect") return redirect(result.paymentUrl, { status: 303, headers: CLIENT_PAGE_HEADERS });
    // An earlier payment turned out paid: its return page shows the outcome.
    if (result.status === "settled") return redirect(`/pay/return/${result.transactionRowId}`, { status: 303, headers: CLIENT_PAGE_HEADERS });
    if (result.status === "not_found") billNotFound(shared.project.clientLocale);
    const { status, error } = paymentError(t, result);
    return refuse(status, error);
  }

  if (intent === "cancel") {
    const detail = await getBillDetail(db, scope, billId);
    if (!detail) billNotFound(shared.project.clientLocale);
    const result = await cancelBill(db, deps, scope, billId, "client", scope.shareTokenHash);
    if (result === "not_found" || result === "link_changed") notFound();
    if (result === "not_unpaid") return refuse(409, t.billNotUnpaid);
    const target = formData.get("returnTo") === "list" ? clientBillsPath(token) : clientBillPath(token, billId);
    return redirectWithToast(env, target, { type: "success", message: t.cancelled(detail.bill.number) }, CLIENT_PAGE_HEADERS);
  }

  return refuse(400, t.invalidForm);
}

export default function ClientBillPage() {
  const { text, projectName } = useLoaderData<typeof loader>();
  return (
    <ClientTextProvider value={useClientPageText(text)}>
      <ClientShell title={projectName}>
        <ClientBillContent />
      </ClientShell>
    </ClientTextProvider>
  );
}

function ClientBillContent() {
  const { bill, items, canPay, askPayerEmail, canCancel, paymentStarted, seller } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token = "" } = useParams();
  const t = useClientText().bills;
  const unpaid = UNPAID_STATUSES.includes(bill.status);

  return (
    <>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <Link to={`/p/${encodeURIComponent(token)}`} className="link">
          ← {t.backToProject}
        </Link>
        <Link to={clientBillsPath(token)} className="link">
          {t.backToBills}
        </Link>
      </div>
      <section className="card space-y-4" aria-labelledby="bill-title" data-testid="client-bill-page">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 id="bill-title" className="text-xl font-semibold">
            {t.billNumber(bill.number)}
          </h1>
          <p className="text-sm">
            <span className="sr-only">{t.statusLabel}: </span>
            <span className={`rounded-full px-2.5 py-1 font-medium ${BILL_STATUS_TONE[bill.status]}`} data-testid="bill-status">
              {t.status[bill.status]}
            </span>
          </p>
        </div>
        <p className="text-sm text-slate-600">{bill.paidAt ? t.paidOn(formatDateTime(bill.paidAt)) : t.createdOn(formatDateTime(bill.createdAt))}</p>

        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="py-2 pr-3 font-medium">
                {t.itemName}
              </th>
              <th scope="col" className="py-2 text-right font-medium">
                {t.itemAmount}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} className="border-b border-slate-100" data-testid="bill-item">
                <td className="py-2 pr-3 [overflow-wrap:anywhere]">{item.name}</td>
                <td className="py-2 text-right whitespace-nowrap tabular-nums">{formatMoney(item.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="py-2 pr-3 text-left font-semibold">
                {t.total}
              </th>
              <td className="py-2 text-right font-semibold whitespace-nowrap tabular-nums" data-testid="bill-total">
                {formatMoney(bill.total)}
              </td>
            </tr>
          </tfoot>
        </table>

        <BillSellerDetails seller={seller} />

        {actionData?.error && !actionData.fieldErrors ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {actionData.error}
          </p>
        ) : null}

        {bill.status === "paid" ? <p className="text-sm font-medium text-emerald-800">{t.paidNote}</p> : null}
        {bill.status === "cancelled" ? <p className="text-sm text-slate-700">{t.cancelledNote}</p> : null}
        {bill.status === "refunded" ? <p className="text-sm text-slate-700">{t.refundedNote}</p> : null}
        {unpaid && !canPay ? <p className="text-sm text-amber-900">{t.onlineDisabled}</p> : null}

        {canPay ? (
          <div className="space-y-2 border-t border-slate-200 pt-4">
            {paymentStarted ? <p className="text-sm text-slate-600">{t.payPendingHint}</p> : null}
            {/* A plain form: the answer is a redirect to Tpay's page, which the browser follows.
                The project's address is kept for the return page's "Wróć do projektu". */}
            <form
              method="post"
              onSubmit={() => {
                try {
                  window.sessionStorage.setItem(PAYMENT_RETURN_STORAGE_KEY, `/p/${token}`);
                } catch {
                  // Storage may be off (private mode); the return page then explains the way back.
                }
              }}
            >
              <input type="hidden" name="intent" value="pay" />
              {askPayerEmail ? <PayerEmailField error={actionData?.fieldErrors?.payerEmail} /> : null}
              <button type="submit" className="btn-primary" data-testid="pay-now">
                {t.payNow}
              </button>
            </form>
            <p className="text-xs text-slate-500">{t.payHint}</p>
          </div>
        ) : null}

        {canCancel ? (
          <Form method="post" className="border-t border-slate-200 pt-4">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="btn-danger btn-small">
              {t.cancel}
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}

/** Renders the payer's e-mail field, shown only when neither the project's client nor the bill has one. */
function PayerEmailField({ error }: { error?: string }) {
  const t = useClientText().bills;
  const id = "payer-email";
  return (
    <div className="mb-3 space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {t.payerEmail}
      </label>
      <input
        id={id}
        name="payerEmail"
        type="email"
        required
        maxLength={EMAIL_MAX_LENGTH}
        autoComplete="email"
        spellCheck={false}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        data-testid="payer-email"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {t.payerEmailHint}
      </p>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const UNPAID_STATUSES: string[] = ["open", "sent", "awaiting_payment"];

/**
 * Renders the 404 about the bill, in the project's language, for a bill id the working link's
 * project does not have. Every other error gets the client link's page.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const { token = "" } = useParams();
  if (!isRouteErrorResponse(error) || error.status !== 404 || !isBillNotFoundData(error.data)) return <ClientLinkErrorBoundary />;
  const notFound = error.data;
  return (
    <ClientShell>
      <div lang={notFound.locale} className="mx-auto max-w-lg space-y-3 py-6 text-center" data-testid="bill-not-found">
        <h1 className="text-2xl font-bold">{notFound.title}</h1>
        <p className="text-slate-600">{notFound.text}</p>
        <Link to={`/p/${encodeURIComponent(token)}`} className="link">
          {notFound.backToProject}
        </Link>
      </div>
    </ClientShell>
  );
}
