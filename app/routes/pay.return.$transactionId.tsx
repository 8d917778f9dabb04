import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ClientLinkErrorBoundary, ClientShell } from "~/components/client-shell";
import { usePolling } from "~/components/use-polling";
import type { ClientText } from "~/i18n/client";
import { clientText } from "~/i18n/client-page-text.server";
import { clientPageHandle } from "~/i18n/client-shell";
import { getPaymentReturn, type PaymentReturnState } from "~/models/bill-payment.server";
import { CLIENT_PAGE_HEADERS, notFound } from "~/utils/client-link.server";
import { formatMoney } from "~/utils/money";
import { PAYMENT_RETURN_STORAGE_KEY } from "~/utils/payment-return";

// Where Tpay sends the payer back: /pay/return/<tpay_transactions.id>, and with ?error=1 after a
// failed payment. It needs no login and no client link: the id is a random UUID, and the page
// shows only the bill's number and total, the freelancer's name and the payment's state. Tpay's
// return is no proof of payment, so "Opłacone" appears only once a verified notification (or the
// reconciliation job) has applied this transaction's payment as the one that paid the bill
// (paymentReturnState). While the payment is pending the page reloads its data every 3 seconds
// with JavaScript, or offers a refresh link without it. Reading the page never writes anything.

/** Seconds between the page's checks while the payment is pending. */
const POLL_INTERVAL_MS = 3_000;

/** The client page path stored by the bill page: /p/<token>, nothing else. */
const CLIENT_PAGE_PATH = /^\/p\/[A-Za-z0-9_-]{43}$/;

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

export const handle = clientPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.text.title} · Klamp` : "Klamp" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const error = new URL(request.url).searchParams.get("error") === "1";
  const payment = await getPaymentReturn(context.db, params.transactionId ?? "", error);
  if (!payment) notFound();
  return json({ ...payment, text: returnPageText(clientText(payment.locale).bills, payment) }, { headers: CLIENT_PAGE_HEADERS });
}

/**
 * Builds the page's texts in the payer's language. They are few, so the loader sends them
 * finished instead of the bill texts, and every check of a pending payment gets them again.
 */
function returnPageText(t: ClientText["bills"], payment: { number: number; state: PaymentReturnState }) {
  const { headline, help } = stateText(t, payment.state);
  return {
    title: t.returnTitle,
    bill: t.billNumber(payment.number),
    amount: t.amount,
    freelancer: t.freelancer,
    headline,
    help,
    pendingAuto: t.returnPendingAuto,
    pendingNoScript: t.returnPendingNoScript,
    refresh: t.refresh,
    returnToProject: t.returnToProject,
    noLink: t.returnNoLink,
  };
}

export default function PaymentReturnPage() {
  const payment = useLoaderData<typeof loader>();
  return (
    <ClientShell title={payment.freelancerName}>
      <PaymentReturnContent />
    </ClientShell>
  );
}

const STATE_TONE: Record<PaymentReturnState, string> = {
  pending: "border-amber-300 bg-amber-50 text-amber-900",
  paid: "border-emerald-300 bg-emerald-50 text-emerald-900",
  failed: "border-red-300 bg-red-50 text-red-900",
  cancelled: "border-slate-300 bg-slate-50 text-slate-800",
  underpaid: "border-amber-300 bg-amber-50 text-amber-900",
  refunded: "border-slate-300 bg-slate-50 text-slate-800",
  refund_due_cancelled: "border-amber-300 bg-amber-50 text-amber-900",
  refund_due_paid: "border-amber-300 bg-amber-50 text-amber-900",
};

/** Returns the headline and the help sentence of a state. */
function stateText(t: ClientText["bills"], state: PaymentReturnState): { headline: string; help: string } {
  switch (state) {
    case "pending":
      return { headline: t.returnPending, help: t.returnPendingHelp };
    case "paid":
      return { headline: t.returnPaid, help: t.returnPaidHelp };
    case "failed":
      return { headline: t.returnFailed, help: t.returnFailedHelp };
    case "cancelled":
      return { headline: t.returnCancelled, help: t.returnCancelledHelp };
    case "underpaid":
      return { headline: t.returnUnderpaid, help: t.returnUnderpaidHelp };
    case "refunded":
      return { headline: t.returnRefunded, help: t.returnRefundedHelp };
    case "refund_due_cancelled":
      return { headline: t.returnRefundDueCancelled, help: t.returnRefundDueCancelledHelp };
    case "refund_due_paid":
      return { headline: t.returnRefundDuePaid, help: t.returnRefundDuePaidHelp };
  }
}

function PaymentReturnContent() {
  const payment = useLoaderData<typeof loader>();
  const t = payment.text;
  const location = useLocation();
  const [hydrated, setHydrated] = useState(false);
  const [projectPath, setProjectPath] = useState<string | null>(null);

  useEffect(() => {
    setHydrated(true);
    try {
      const stored = window.sessionStorage.getItem(PAYMENT_RETURN_STORAGE_KEY);
      if (stored && CLIENT_PAGE_PATH.test(stored)) setProjectPath(stored);
    } catch {
      // Storage is unavailable: the sentence about the invitation e-mail stays.
    }
  }, []);

  usePolling(payment.state === "pending" ? POLL_INTERVAL_MS : null);

  const pending = payment.state === "pending";

  return (
    <section className="card mx-auto max-w-lg space-y-4" aria-labelledby="payment-title" data-testid="payment-return">
      <h1 id="payment-title" className="text-xl font-semibold">
        {t.title}
      </h1>
      <p className="font-medium" data-testid="payment-bill">
        {t.bill}
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">{t.amount}</dt>
        <dd className="font-medium tabular-nums">{formatMoney(payment.total)}</dd>
        <dt className="text-slate-500">{t.freelancer}</dt>
        <dd className="font-medium [overflow-wrap:anywhere]">{payment.freelancerName}</dd>
      </dl>
      <div role="status" aria-live="polite" className={`rounded-md border px-3 py-2 ${STATE_TONE[payment.state]}`} data-testid="payment-state">
        <p className="font-semibold">{t.headline}</p>
        <p className="text-sm">
          {t.help}
          {/* One sentence about refreshing: the page polls once JavaScript runs, and before that
              (or without it) the payer is asked to reload. */}
          {pending && hydrated ? ` ${t.pendingAuto}` : null}
        </p>
      </div>
      {pending && !hydrated ? (
        <p className="text-sm">
          {t.pendingNoScript}{" "}
          <a href={`${location.pathname}${location.search}`} className="link">
            {t.refresh}
          </a>
        </p>
      ) : null}
      {projectPath ? (
        <Link to={projectPath} className="btn-secondary">
          {t.returnToProject}
        </Link>
      ) : (
        <p className="text-sm text-slate-600">{t.noLink}</p>
      )}
    </section>
  );
}

export const ErrorBoundary = ClientLinkErrorBoundary;
