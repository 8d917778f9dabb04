import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ErrorList } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "~/components/stacked-table";
import { walletText as t } from "~/i18n/pl/wallet";
import {
  addMonths,
  listWalletPayments,
  walletDaysPeriod,
  walletMonthPeriod,
  walletSummary,
  type WalletPayment,
} from "~/models/wallet.server";
import { requireUser } from "~/utils/auth.server";
import { daysBetween, formatDateTime, formatDay, isValidDay, warsawDay } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { countLabel } from "~/utils/plural";
import { pageFromSearch } from "~/utils/page-number";

// "Portfel": money received through Tpay in a chosen period (a Europe/Warsaw month, or whole
// local days from–to), with the list of those payments.

export const meta: MetaFunction = () => [{ title: `${t.title} · Klamp` }];

/** Months offered in the picker, counting back from the current one. */
const MONTH_OPTIONS = 36;
/** Maximum length of a custom range, in days: about five years. */
const MAX_RANGE_DAYS = 5 * 366;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

type PeriodChoice = { kind: "month"; month: string } | { kind: "range"; from: string; to: string };

function inYearRange(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/**
 * Reads a day typed as YYYY-MM-DD (what date inputs send) or as DD.MM.YYYY (the Polish format,
 * typed where the browser shows a plain text field). Returns the day as YYYY-MM-DD, or the
 * error to show.
 */
function readDay(value: string): { day: string } | { error: string } {
  const iso = /^(\d{1,6})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const polish = /^(\d{1,2})\.(\d{1,2})\.(\d{1,6})$/.exec(value);
  const parts = iso ? [iso[1], iso[2], iso[3]] : polish ? [polish[3], polish[2], polish[1]] : null;
  if (!parts) return { error: t.invalidDay };
  const year = Number(parts[0]);
  if (!inYearRange(year)) return { error: t.yearOutOfRange(MIN_YEAR, MAX_YEAR) };
  const day = `${year}-${parts[1].padStart(2, "0")}-${parts[2].padStart(2, "0")}`;
  return isValidDay(day) ? { day } : { error: t.invalidDay };
}

/**
 * Reads the period from the query: `from` and `to` (days, both included) win over `month`
 * (YYYY-MM). Without either, or with an invalid value, it is the current month, and `error`
 * describes the invalid value.
 */
function readPeriod(url: URL, currentMonth: string): { choice: PeriodChoice; error: string | null } {
  const fallback: PeriodChoice = { kind: "month", month: currentMonth };
  const fromValue = url.searchParams.get("from")?.trim() ?? "";
  const toValue = url.searchParams.get("to")?.trim() ?? "";
  if (fromValue || toValue) {
    const from = readDay(fromValue);
    if ("error" in from) return { choice: fallback, error: from.error };
    const to = readDay(toValue);
    if ("error" in to) return { choice: fallback, error: to.error };
    const days = daysBetween(from.day, to.day);
    if (days < 0) return { choice: fallback, error: t.rangeReversed };
    if (days >= MAX_RANGE_DAYS) return { choice: fallback, error: t.rangeTooLong };
    return { choice: { kind: "range", from: from.day, to: to.day }, error: null };
  }
  const month = url.searchParams.get("month")?.trim() ?? "";
  if (!month) return { choice: fallback, error: null };
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return { choice: fallback, error: t.invalidMonth };
  if (!inYearRange(Number(month.slice(0, 4)))) return { choice: fallback, error: t.yearOutOfRange(MIN_YEAR, MAX_YEAR) };
  return { choice: { kind: "month", month }, error: null };
}

function monthName(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number);
  return t.monthLabel(t.months[monthNumber - 1], year);
}

function stateLabel(payment: WalletPayment): string {
  switch (payment.state) {
    case "overpaid": {
      // The excess still to return; an overpayment already refunded reads as paid.
      const excess = payment.amount - payment.expectedAmount - payment.refundedAmount;
      return excess > 0 ? t.states.overpaid(formatMoney(excess)) : t.states.applied;
    }
    case "underpaid":
      return t.states.underpaid;
    case "not_payable":
      return t.states.notPayable;
    case "refunded":
      return t.states.refunded;
    default:
      return t.states.applied;
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const currentMonth = warsawDay().slice(0, 7);
  const { choice, error } = readPeriod(url, currentMonth);
  const period = choice.kind === "month" ? walletMonthPeriod(choice.month) : walletDaysPeriod(choice.from, choice.to);
  const page = pageFromSearch(url);

  const [summary, list] = await Promise.all([
    walletSummary(context.db, user.id, period),
    listWalletPayments(context.db, user.id, { ...period, page }),
  ]);

  const selectedMonth = choice.kind === "month" ? choice.month : null;
  const months = Array.from({ length: MONTH_OPTIONS }, (_, index) => addMonths(currentMonth, -index));
  if (selectedMonth && !months.includes(selectedMonth)) months.push(selectedMonth);
  months.sort().reverse();

  return json({
    error,
    selectedMonth,
    range: choice.kind === "range" ? { from: choice.from, to: choice.to } : null,
    periodLabel: choice.kind === "month" ? monthName(choice.month) : t.rangeLabel(formatDay(choice.from), formatDay(choice.to)),
    previousMonth: selectedMonth ? addMonths(selectedMonth, -1) : null,
    nextMonth: selectedMonth && selectedMonth < currentMonth ? addMonths(selectedMonth, 1) : null,
    monthOptions: months.map((month) => ({ value: month, label: monthName(month) })),
    summary: {
      received: formatMoney(summary.received),
      receivedCount: countLabel(summary.receivedCount, t.paymentForms),
      toRefund: summary.toRefund > 0 ? formatMoney(summary.toRefund) : null,
      refunded: summary.refundedCount > 0 ? formatMoney(summary.refunded) : null,
      manual: summary.manualCount > 0 ? formatMoney(summary.manual) : null,
    },
    page,
    hasMore: list.hasMore,
    items: list.items.map((payment) => ({
      id: payment.id,
      paidAt: formatDateTime(payment.paidAt),
      paidAtIso: payment.paidAt,
      project: payment.project,
      taskNames: payment.taskNames,
      amount: formatMoney(payment.amount),
      expected: payment.state === "underpaid" ? t.expected(formatMoney(payment.expectedAmount)) : null,
      refunded: payment.state !== "refunded" && payment.refundedAmount > 0 ? t.refundedPart(formatMoney(payment.refundedAmount)) : null,
      title: payment.providerTitle ?? "",
      state: payment.state,
      stateLabel: stateLabel(payment),
    })),
  });
}

const cellClass = `px-3 py-1 lg:py-3 ${STACKED_CELL_CLASS}`;

const STATE_TONE: Record<string, string> = {
  applied: "bg-emerald-50 text-emerald-800",
  overpaid: "bg-amber-50 text-amber-800",
  underpaid: "bg-amber-50 text-amber-800",
  not_payable: "bg-amber-50 text-amber-800",
  refunded: "bg-slate-100 text-slate-700",
};

export default function WalletPage() {
  const data = useLoaderData<typeof loader>();
  const { summary, items } = data;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t.title}</h1>
        <p className="mt-2 max-w-2xl text-sm text-slate-600">{t.intro}</p>
      </div>

      <PeriodPicker />

      <section className="card space-y-2" aria-labelledby="wallet-summary-heading" data-testid="wallet-summary">
        <h2 id="wallet-summary-heading" className="text-sm font-medium text-slate-600">
          {t.received(data.periodLabel)}
        </h2>
        <p className="text-3xl font-bold tabular-nums" data-testid="wallet-received">
          {summary.received}
        </p>
        <p className="text-sm text-slate-600">{summary.receivedCount}</p>
        {summary.toRefund ? <p className="text-sm text-amber-800">{t.toRefund(summary.toRefund)}</p> : null}
        {summary.refunded ? <p className="text-sm text-slate-600">{t.refunded(summary.refunded)}</p> : null}
        {summary.manual ? (
          <p className="text-sm text-slate-500" data-testid="wallet-manual">
            {t.manualNote(summary.manual)}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="wallet-list-heading" className="space-y-3">
        <h2 id="wallet-list-heading" className="text-lg font-semibold">
          {t.listTitle}
        </h2>
        {items.length === 0 ? (
          <p className="card text-slate-600">{t.empty}</p>
        ) : (
          <div className="lg:overflow-hidden lg:rounded-lg lg:border lg:border-slate-200 lg:bg-white lg:shadow-sm">
            <table className="w-full text-sm" data-testid="wallet-table">
              <thead className="max-lg:sr-only">
                <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columns.date}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columns.project}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columns.tasks}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    {t.columns.amount}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columns.title}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t.columns.state}
                  </th>
                </tr>
              </thead>
              <tbody className="max-lg:block max-lg:space-y-3">
                {items.map((payment) => (
                  <tr key={payment.id} className={STACKED_ROW_CLASS} data-payment-id={payment.id} data-state={payment.state}>
                    <td data-label={t.columns.date} className={cellClass}>
                      <time dateTime={payment.paidAtIso} className="whitespace-nowrap">
                        {payment.paidAt}
                      </time>
                    </td>
                    <td data-label={t.columns.project} className={cellClass}>
                      {payment.project ? (
                        <Link to={`/projects/${payment.project.id}`} className="link [overflow-wrap:anywhere]">
                          {payment.project.name}
                        </Link>
                      ) : (
                        <span className="text-slate-500">{t.deletedProject}</span>
                      )}
                    </td>
                    <td data-label={t.columns.tasks} className={cellClass}>
                      <ul className="min-w-0 text-right [overflow-wrap:anywhere] lg:text-left">
                        {payment.taskNames.map((name, index) => (
                          <li key={index}>{name}</li>
                        ))}
                      </ul>
                    </td>
                    <td data-label={t.columns.amount} className={`${cellClass} lg:text-right`}>
                      <span className="whitespace-nowrap font-medium tabular-nums">{payment.amount}</span>
                    </td>
                    <td data-label={t.columns.title} className={cellClass}>
                      <span className="font-mono text-xs [overflow-wrap:anywhere]">{payment.title}</span>
                    </td>
                    <td data-label={t.columns.state} className={cellClass}>
                      <span className="text-right lg:text-left">
                        <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATE_TONE[payment.state] ?? STATE_TONE.applied}`}>
                          {payment.stateLabel}
                        </span>
                        {payment.expected ? <span className="block text-xs text-slate-500">{payment.expected}</span> : null}
                        {payment.refunded ? (
                          <span className="block text-xs text-slate-500" data-testid="wallet-refunded-part">
                            {payment.refunded}
                          </span>
                        ) : null}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={data.page} hasMore={data.hasMore} />
      </section>
    </div>
  );
}

function PeriodPicker() {
  const { error, selectedMonth, range, previousMonth, nextMonth, monthOptions } = useLoaderData<typeof loader>();
  return (
    <section className="card space-y-4" aria-label={t.month}>
      <ErrorList errors={error ? [error, t.showingDefault] : null} />
      <div className="flex flex-wrap items-end gap-3">
        <Form method="get" className="flex flex-wrap items-end gap-2">
          <div className="space-y-1">
            <label htmlFor="wallet-month" className="block text-sm font-medium text-slate-700">
              {t.month}
            </label>
            <select
              id="wallet-month"
              name="month"
              defaultValue={selectedMonth ?? ""}
              className="rounded-md border border-slate-300 bg-white py-2 pl-3 pr-8 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600"
            >
              {selectedMonth ? null : <option value="" disabled />}
              {monthOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            {t.show}
          </button>
        </Form>
        {previousMonth ? (
          <Link to={`?month=${previousMonth}`} className="btn-secondary btn-small" rel="prev">
            ← {t.previousMonth}
          </Link>
        ) : null}
        {nextMonth ? (
          <Link to={`?month=${nextMonth}`} className="btn-secondary btn-small" rel="next">
            {t.nextMonth} →
          </Link>
        ) : null}
      </div>

      <Form method="get" className="flex flex-wrap items-end gap-2">
        <fieldset className="flex flex-wrap items-end gap-2">
          <legend className="mb-1 block w-full text-sm font-medium text-slate-700">{t.customRange}</legend>
          <label className="space-y-1 text-sm text-slate-700">
            <span className="block">{t.from}</span>
            <input type="date" name="from" defaultValue={range?.from ?? ""} required className="input" />
          </label>
          <label className="space-y-1 text-sm text-slate-700">
            <span className="block">{t.to}</span>
            <input type="date" name="to" defaultValue={range?.to ?? ""} required className="input" />
          </label>
        </fieldset>
        <button type="submit" className="btn-secondary">
          {t.show}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
