import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ClientLinkErrorBoundary, ClientShell } from "~/components/client-shell";
import { PAYMENT_RETURN_STORAGE_KEY } from "~/components/client-bills";
import { usePolling } from "~/components/use-polling";
import { clientPageHandle, clientText, ClientTextProvider, useClientText, type ClientText } from "~/i18n/client";
import { getPaymentReturn, type PaymentReturnState } from "~/models/bill-payment.server";
import { CLIENT_PAGE_HEADERS, notFound } from "~/utils/client-link.server";
import { formatMoney } from "~/utils/money";

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
  { title: data ? `${clientText(data.locale).bills.returnTitle} · Klamp` : "Klamp" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const error = new URL(request.url).searchParams.get("error") === "1";
  const payment = await getPaymentReturn(context.db, params.transactionId ?? "", error);
  if (!payment) notFound();
  return json(payment, { headers: CLIENT_PAGE_HEADERS });
}

export default function PaymentReturnPage() {
  const payment = useLoaderData<typeof loader>();
  const text = clientText(payment.locale);
  return (
    <ClientTextProvider value={text}>
      <ClientShell title={payment.freelancerName}>
        <PaymentReturnContent />
      </ClientShell>
    </ClientTextProvider>
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
  const t = useClientText().bills;
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

  const { headline, help } = stateText(t, payment.state);
  const pending = payment.state === "pending";

  return (
    <section className="card mx-auto max-w-lg space-y-4" aria-labelledby="payment-title" data-testid="payment-return">
      <h1 id="payment-title" className="text-xl font-semibold">
        {t.returnTitle}
      </h1>
      <p className="font-medium" data-testid="payment-bill">
        {t.billNumber(payment.number)}
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">{t.amount}</dt>
        <dd className="font-medium tabular-nums">{formatMoney(payment.total)}</dd>
        <dt className="text-slate-500">{t.freelancer}</dt>
        <dd className="font-medium [overflow-wrap:anywhere]">{payment.freelancerName}</dd>
      </dl>
      <div role="status" aria-live="polite" className={`rounded-md border px-3 py-2 ${STATE_TONE[payment.state]}`} data-testid="payment-state">
        <p className="font-semibold">{headline}</p>
        <p className="text-sm">
          {help}
          {/* One sentence about refreshing: the page polls once JavaScript runs, and before that
              (or without it) the payer is asked to reload. */}
          {pending && hydrated ? ` ${t.returnPendingAuto}` : null}
        </p>
      </div>
      {pending && !hydrated ? (
        <p className="text-sm">
          {t.returnPendingNoScript}{" "}
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
        <p className="text-sm text-slate-600">{t.returnNoLink}</p>
      )}
    </section>
  );
}

export const ErrorBoundary = ClientLinkErrorBoundary;
