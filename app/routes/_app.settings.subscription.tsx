import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json, redirect } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "~/components/stacked-table";
import { usePolling } from "~/components/use-polling";
import { findPlan, PLANS } from "~/config/plans";
import { nav } from "~/i18n/pl/nav";
import { subscriptionText as t } from "~/i18n/pl/subscription";
import type { SubscriptionOrder } from "~/db/schema";
import {
  describeOrder,
  getSubscriptionPage,
  platformAccountOrNull,
  planName,
  startSubscriptionPayment,
  subscriptionHeadline,
  subscriptionState,
  type OrderDisplay,
  type OrderDisplayState,
} from "~/models/subscriptions.server";
import { buySubscriptionSchema } from "~/schemas/subscription";
import { requireSession } from "~/utils/auth.server";
import { formatDate } from "~/utils/dates";
import { readFormData } from "~/utils/form.server";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";
import { pageFromSearch } from "~/utils/page-number";

// Settings → "Abonament": the account's state, the plans with a "Kup" button each, and the
// history of subscription orders. "Kup" starts a Tpay payment in the platform's account and
// sends the browser to Tpay, which brings it back here with ?order=<id> (and &error=1 when the
// payment failed). When Tpay reports that an earlier payment for the plan went through, "Kup"
// comes back here with that order instead. A read-only account can still use this page
// (READ_ONLY_ALLOWED_PATHS).

export const meta: MetaFunction = () => [{ title: `${t.title} · Klamp` }];

/** Interval and maximum count of the page's reloads while a returned payment waits for confirmation. */
const POLL_INTERVAL_MS = 3_000;
const POLL_LIMIT = 200;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const url = new URL(request.url);
  const page = pageFromSearch(url);
  const orderId = url.searchParams.get("order");

  const { history, order, paymentsByOrder } = await getSubscriptionPage(context.db, user.id, page, orderId);
  // Another user's order id, or none at all, is not found: it reveals nothing.
  if (orderId && !order) throw new Response("Not Found", { status: 404 });

  const now = new Date();

  const state = subscriptionState(user);
  return json({
    headline: subscriptionHeadline(state),
    readOnly: state.kind === "trial_over" || state.kind === "expired",
    paid: state.kind === "paid",
    canPay: platformAccountOrNull(context.cloudflare.env) !== null,
    plans: PLANS.map((plan) => ({
      id: plan.id,
      name: planName(plan.id),
      price: t.planPrice(formatMoney(plan.price), plan.months, plural(plan.months, t.monthForms)),
    })),
    returned: order
      ? {
          ...orderMoney(order, describeOrder(order, paymentsByOrder.get(order.id) ?? [], now)),
          failed: url.searchParams.get("error") === "1",
          paidUntil: formatDate(order.periodEnd ?? user.paidUntil ?? user.trialEndsAt),
          price: formatMoney(order.amount),
        }
      : null,
    page,
    hasMore: history.hasMore,
    history: history.items.map((item) => ({
      id: item.id,
      date: formatDate(item.paidAt ?? item.createdAt),
      plan: planName(item.plan),
      period: item.periodStart && item.periodEnd ? t.period(formatDate(item.periodStart), formatDate(item.periodEnd)) : t.noPeriod,
      amount: formatMoney(item.amount),
      ...orderMoney(item, describeOrder(item, paymentsByOrder.get(item.id) ?? [], now)),
    })),
  });
}

/** Turns an order's display state into the strings the page shows: the state, the money received and a note. */
function orderMoney(order: Pick<SubscriptionOrder, "amount">, display: OrderDisplay) {
  let note: string | null = null;
  if (display.note === "not_payable") note = t.notPayableNote;
  if (display.note === "overpaid" && display.received !== null) note = t.overpaidNote(formatMoney(display.received - order.amount));
  return {
    state: display.state,
    received: display.received === null ? null : formatMoney(display.received),
    note,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: buySubscriptionSchema });
  // The price and months come from the plan configuration only, whatever else the form sends.
  const plan = submission.status === "success" ? findPlan(submission.value.plan) : null;
  if (submission.status !== "success" || !plan) {
    return json({ result: submission.reply({ formErrors: [t.unknownPlan] }) }, { status: 400 });
  }

  const outcome = await startSubscriptionPayment(
    { db: context.db, env: context.cloudflare.env, tpayFetch: context.tpayFetch },
    user,
    plan,
  );
  if (outcome.status === "started") return redirect(outcome.paymentUrl, 303);
  if (outcome.status === "settled") return redirect(`/settings/subscription?order=${encodeURIComponent(outcome.orderId)}`, 303);
  const message = { unavailable: t.paymentsUnavailable, tpay_failed: t.tpayFailed, check_failed: t.checkFailed }[outcome.status];
  return json({ result: submission.reply({ formErrors: [message] }) }, { status: 503 });
}

const cellClass = `px-3 py-1 lg:py-3 ${STACKED_CELL_CLASS}`;

export default function SubscriptionSettingsPage() {
  const { headline, readOnly, paid, returned } = useLoaderData<typeof loader>();

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{nav.settings}</p>
        <h1 className="text-2xl font-bold">{t.title}</h1>
        <p className="mt-2 max-w-2xl text-sm text-slate-600">{t.intro}</p>
      </div>

      {returned ? <PaymentReturn returned={returned} /> : null}

      <section className="card space-y-2" aria-labelledby="subscription-state-heading">
        <h2 id="subscription-state-heading" className="text-lg font-semibold">
          {t.stateTitle}
        </h2>
        <p className={`font-medium ${readOnly ? "text-red-800" : ""}`} data-testid="subscription-state">
          {headline}
        </p>
        {readOnly ? <p className="text-sm text-slate-600">{t.readOnlyHelp}</p> : null}
        {paid ? <p className="text-sm text-slate-600">{t.extendHelp}</p> : null}
      </section>

      <Plans />
      <History />
    </div>
  );
}

interface Returned {
  state: OrderDisplayState;
  received: string | null;
  note: string | null;
  failed: boolean;
  paidUntil: string;
  price: string;
}

/** A red box of PaymentReturn: a payment that did not extend the account. */
function ReturnProblem({ title, help }: { title: string; help: string | null }) {
  return (
    <div className="rounded-md border border-red-300 bg-red-50 px-4 py-3" role="status" data-testid="payment-return">
      <p className="font-semibold text-red-900">{title}</p>
      {help ? <p className="text-sm text-red-900">{help}</p> : null}
    </div>
  );
}

/**
 * Shows the state of the order the browser came back with, from Tpay or from "Kup", and polls
 * while its payment is in progress.
 */
function PaymentReturn({ returned }: { returned: Returned }) {
  const waiting = returned.state === "pending" && !returned.failed;
  usePolling(waiting ? POLL_INTERVAL_MS : null, POLL_LIMIT);

  switch (returned.state) {
    case "paid":
      return (
        <div className="rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3" role="status" data-testid="payment-return">
          <p className="font-semibold text-emerald-900">{t.returnPaid}</p>
          <p className="text-sm text-emerald-900">{t.returnPaidHelp(returned.paidUntil)}</p>
          {returned.note ? <p className="text-sm text-emerald-900">{returned.note}</p> : null}
        </div>
      );
    case "underpaid":
      return <ReturnProblem title={t.returnUnderpaid} help={t.returnUnderpaidHelp(returned.received ?? "", returned.price)} />;
    case "refunded":
      return <ReturnProblem title={t.status.refunded} help={returned.received ? t.received(returned.received) : null} />;
    case "cancelled":
      // Money that arrived for a cancelled order gets its note instead of "nothing was charged".
      return returned.note ? <ReturnProblem title={t.status.cancelled} help={returned.note} /> : <ReturnProblem title={t.returnCancelled} help={null} />;
    case "unpaid":
      return <ReturnProblem title={t.returnUnpaid} help={returned.note ?? t.returnUnpaidHelp} />;
    case "pending":
      break;
  }
  if (returned.failed) return <ReturnProblem title={t.returnFailed} help={returned.note ?? t.returnFailedHelp} />;
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3" role="status" data-testid="payment-return">
      <p className="font-semibold text-amber-900">{t.returnPending}</p>
      <p className="text-sm text-amber-900">{t.returnPendingHelp}</p>
      <noscript>
        <p className="text-sm text-amber-900">{t.returnPendingNoScript}</p>
      </noscript>
    </div>
  );
}

function Plans() {
  const { plans, canPay } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = actionData?.result.error?.[""] ?? null;
  const submittingPlan = navigation.state !== "idle" ? navigation.formData?.get("plan") : null;

  return (
    <section className="card space-y-4" aria-labelledby="plans-heading">
      <h2 id="plans-heading" className="text-lg font-semibold">
        {t.plansTitle}
      </h2>
      <ErrorList errors={errors} />
      {canPay ? null : <p className="text-sm text-amber-800">{t.paymentsUnavailable}</p>}
      <ul className="grid gap-4 sm:grid-cols-2">
        {plans.map((plan) => (
          <li key={plan.id} className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4" data-testid="subscription-plan">
            <div>
              <h3 className="font-semibold">{plan.name}</h3>
              <p className="text-sm text-slate-700 tabular-nums">{plan.price}</p>
            </div>
            {canPay ? (
              <Form method="post" className="mt-auto">
                <input type="hidden" name="plan" value={plan.id} />
                <button type="submit" className="btn-primary" disabled={submittingPlan === plan.id}>
                  {t.buy}
                  <span className="sr-only"> – {t.buyPlan(plan.name)}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function History() {
  const { history, page, hasMore } = useLoaderData<typeof loader>();
  return (
    <section className="card space-y-4 max-lg:px-3" aria-labelledby="history-heading">
      <h2 id="history-heading" className="text-lg font-semibold">
        {t.historyTitle}
      </h2>
      {history.length === 0 ? (
        <p className="text-sm text-slate-600">{t.historyEmpty}</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="subscription-history">
          <thead className="max-lg:sr-only">
            <tr className="text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="px-3 py-2 font-medium">
                {t.columns.date}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t.columns.plan}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t.columns.period}
              </th>
              <th scope="col" className="px-3 py-2 font-medium lg:text-right">
                {t.columns.amount}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t.columns.status}
              </th>
            </tr>
          </thead>
          <tbody className="max-lg:block max-lg:space-y-3">
            {history.map((row) => (
              <tr key={row.id} className={STACKED_ROW_CLASS} data-status={row.state}>
                <td className={cellClass} data-label={t.columns.date}>
                  {row.date}
                </td>
                <td className={cellClass} data-label={t.columns.plan}>
                  {row.plan}
                </td>
                <td className={cellClass} data-label={t.columns.period}>
                  {row.period}
                </td>
                <td className={`${cellClass} tabular-nums lg:text-right`} data-label={t.columns.amount}>
                  {row.amount}
                  {row.received ? <span className="block text-xs text-slate-600">{t.received(row.received)}</span> : null}
                </td>
                <td className={cellClass} data-label={t.columns.status}>
                  <span className={row.state === "underpaid" ? "font-medium text-red-800" : undefined}>{t.status[row.state]}</span>
                  {row.note ? <span className="block text-xs text-slate-600">{row.note}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} hasMore={hasMore} />
    </section>
  );
}
