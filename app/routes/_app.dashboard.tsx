import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BudgetGlance, type BudgetGlanceData } from "~/components/budget-glance";
import { ErrorPage } from "~/components/error-page";
import { Pagination } from "~/components/pagination";
import { dashboardText as t } from "~/i18n/pl/dashboard";
import { loadDashboard, type ChartDay } from "~/models/dashboard.server";
import { markNotificationRead, notificationPath } from "~/models/notifications.server";
import { daysLeftLabel, planName } from "~/models/subscriptions.server";
import { markReadSchema } from "~/schemas/notifications";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime, formatDay } from "~/utils/dates";
import { readFormData } from "~/utils/form.server";
import { formatMoney } from "~/utils/money";
import { describeNotification } from "~/utils/notification-text";
import { countLabel, TASK_FORMS } from "~/utils/plural";
import { redirectWithToast } from "~/utils/toast.server";
import { pageFromSearch } from "~/utils/page-number";

export const meta: MetaFunction = () => [{ title: `${t.title} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const budgetPage = pageFromSearch(new URL(request.url));

  const now = new Date();
  const dashboard = await loadDashboard(context.db, user, { now, budgetPage });

  const { subscription } = dashboard;
  const subscriptionLine =
    subscription.kind === "trial"
      ? t.subscriptionTrial(daysLeftLabel(subscription.daysLeft))
      : subscription.kind === "paid"
        ? t.subscriptionPaid(planName(subscription.plan), daysLeftLabel(subscription.daysLeft))
        : t.subscriptionEnded;
  return json({
    firstTime: dashboard.projectCount.all === 0,
    chart: dashboard.chart,
    projectCount: dashboard.projectCount,
    subscriptionLine,
    walletReceived: formatMoney(dashboard.wallet.received),
    feed: dashboard.feed.map((item) => {
      const lines = describeNotification(item.type, item.data);
      return {
        id: item.id,
        headline: lines.headline,
        projectName: item.projectName,
        href: item.projectId ? notificationPath(item.projectId, item.type) : null,
        read: item.read,
        createdAt: formatDateTime(item.createdAt),
      };
    }),
    budgets: dashboard.budgets satisfies BudgetGlanceData[],
    budgetPage,
    budgetsHaveMore: dashboard.budgetsHaveMore,
    warningPercent: user.budgetWarningPercent,
  });
}

// Only "mark read" posts here. It reuses the feed's model function and returns to the dashboard.
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const formData = await readFormData(request);

  const submission = parseWithValibot(formData, { schema: markReadSchema });
  if (formData.get("intent") !== "read" || submission.status !== "success") {
    return json({ error: t.invalidRequest }, { status: 400 });
  }

  const outcome = await markNotificationRead(context.db, user.id, submission.value.id);
  if (outcome === "not_found") throw new Response("Not Found", { status: 404 });
  return redirectWithToast(context.cloudflare.env, "/dashboard", { type: "success", message: t.markedRead });
}

export default function DashboardPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.title}</h1>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          {data.firstTime ? <FirstSteps /> : <Chart days={data.chart} />}
          <section aria-label={t.cardsLabel} className="grid gap-4 sm:grid-cols-3">
            <Card title={t.subscriptionCard} value={data.subscriptionLine} href="/settings/subscription" link={t.subscriptionLink} />
            <Card title={t.walletCard} value={data.walletReceived} help={t.walletHelp} href="/wallet" link={t.walletLink} />
            <Card
              title={t.projectsCard}
              value={t.projectsValue(data.projectCount.active, data.projectCount.all)}
              href="/projects"
              link={t.projectsLink}
            />
          </section>
          {data.firstTime ? null : (
            <section aria-labelledby="budget-title" className="space-y-3">
              <h2 id="budget-title" className="text-lg font-semibold">
                {t.budgetTitle}
              </h2>
              <p className="text-sm text-slate-600">{t.budgetHelp}</p>
              {data.budgets.length === 0 ? <p className="card text-slate-600">{t.budgetEmpty}</p> : null}
              {data.budgets.map((budget) => (
                <BudgetGlance key={budget.projectId} budget={budget} warningPercent={data.warningPercent} linkToProject />
              ))}
              <Pagination page={data.budgetPage} hasMore={data.budgetsHaveMore} />
            </section>
          )}
        </div>
        <aside aria-labelledby="feed-title" className="min-w-0 space-y-3">
          <h2 id="feed-title" className="text-lg font-semibold">
            {t.feedTitle}
          </h2>
          {data.feed.length === 0 ? <p className="card text-sm text-slate-600">{t.feedEmpty}</p> : null}
          <ul className="card divide-y divide-slate-100 p-0 empty:hidden" data-testid="dashboard-feed">
            {data.feed.map((item) => (
              <li key={item.id} className={`space-y-1 px-4 py-3 text-sm ${item.read ? "" : "bg-brand-50"}`}>
                <p className={`[overflow-wrap:anywhere] ${item.read ? "" : "font-semibold"}`}>
                  {item.read ? null : <span className="sr-only">{t.unread}: </span>}
                  {item.href ? (
                    <Link to={item.href} className="link">
                      {item.headline}
                    </Link>
                  ) : (
                    item.headline
                  )}
                </p>
                <p className="text-xs text-slate-600 [overflow-wrap:anywhere]">
                  {item.projectName ? `${item.projectName} · ` : ""}
                  {item.createdAt}
                </p>
                {item.read ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={item.id} />
                    <button type="submit" className="link text-xs">
                      {t.markRead}
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
          <Link to="/notifications" className="link text-sm">
            {t.feedAll}
          </Link>
        </aside>
      </div>
    </div>
  );
}

function Card({ title, value, help, href, link }: { title: string; value: string; help?: string; href: string; link: string }) {
  return (
    <div className="card space-y-1">
      <h2 className="text-sm font-medium text-slate-600">{title}</h2>
      <p className="text-lg font-semibold">{value}</p>
      {help ? <p className="text-xs text-slate-500">{help}</p> : null}
      <Link to={href} className="link text-sm">
        {link}
      </Link>
    </div>
  );
}

function FirstSteps() {
  return (
    <section aria-labelledby="guide-title" className="card space-y-3" data-testid="first-steps">
      <h2 id="guide-title" className="text-lg font-semibold">
        {t.guideTitle}
      </h2>
      <p className="text-slate-600">{t.guideIntro}</p>
      <ol className="list-decimal space-y-1 pl-5">
        {t.guideSteps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-3">
        <Link to="/clients/new" className="btn-primary">
          {t.guideAddClient}
        </Link>
        <Link to="/projects/new" className="btn-secondary">
          {t.guideAddProject}
        </Link>
      </div>
    </section>
  );
}

const CHART_WIDTH = 700;
const CHART_HEIGHT = 160;

/** Draws bars of done (left) and paid (right) tasks per day, with the same numbers as text in a visually hidden table. */
function Chart({ days }: { days: ChartDay[] }) {
  const max = Math.max(1, ...days.map((day) => Math.max(day.doneCount, day.paidCount)));
  const slot = CHART_WIDTH / days.length;
  const barWidth = slot * 0.35;
  const barHeight = (count: number) => (count / max) * (CHART_HEIGHT - 10);
  return (
    <section aria-labelledby="chart-title" className="card space-y-2">
      <h2 id="chart-title" className="text-lg font-semibold">
        {t.chartTitle}
      </h2>
      <p className="text-sm text-slate-600">{t.chartHelp}</p>
      <p className="flex gap-4 text-sm" aria-hidden="true">
        <span>
          <span className="mr-1 inline-block h-3 w-3 bg-brand-700" /> {t.legendDone}
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 bg-emerald-500" /> {t.legendPaid}
        </span>
      </p>
      <svg viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`} className="h-auto w-full" aria-hidden="true" data-testid="dashboard-chart">
        {days.map((day, index) => {
          const x = index * slot + slot * 0.15;
          const baseY = CHART_HEIGHT;
          const doneHeight = barHeight(day.doneCount);
          const paidHeight = barHeight(day.paidCount);
          return (
            <g key={day.day} data-day={day.day}>
              <rect x={x} y={baseY - doneHeight} width={barWidth} height={Math.max(doneHeight, 1)} className="fill-brand-700">
                <title>{t.barTitle(t.legendDone, formatDay(day.day), countLabel(day.doneCount, TASK_FORMS), formatMoney(day.doneAmount))}</title>
              </rect>
              <rect x={x + barWidth} y={baseY - paidHeight} width={barWidth} height={Math.max(paidHeight, 1)} className="fill-emerald-500">
                <title>{t.barTitle(t.legendPaid, formatDay(day.day), countLabel(day.paidCount, TASK_FORMS), formatMoney(day.paidAmount))}</title>
              </rect>
            </g>
          );
        })}
      </svg>
      {/* Day labels are HTML, not SVG text, so they keep a readable size when the chart shrinks
          to a phone's width. There every other label is hidden, so the rest fit their columns. */}
      <ol className="grid grid-cols-[repeat(14,minmax(0,1fr))] text-center text-xs text-slate-500" aria-hidden="true">
        {days.map((day, index) => (
          <li key={day.day} className={index % 2 === 1 ? "invisible sm:visible" : undefined}>
            {formatDay(day.day).slice(0, 5)}
          </li>
        ))}
      </ol>
      {/* A table ignores width: 1px, so the visually hidden div clips it. Without the div, the table widened a 360 px page. */}
      <div className="sr-only">
        <table data-testid="chart-table">
          <caption>{t.tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.columnDay}</th>
              <th scope="col">{t.columnDone}</th>
              <th scope="col">{t.columnPaid}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.day} data-day={day.day}>
                <th scope="row">{formatDay(day.day)}</th>
                <td>
                  {countLabel(day.doneCount, TASK_FORMS)}, {formatMoney(day.doneAmount)}
                </td>
                <td>
                  {countLabel(day.paidCount, TASK_FORMS)}, {formatMoney(day.paidAmount)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
