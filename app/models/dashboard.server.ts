import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { projects, tasks, type User } from "~/db/schema";
import { readPlan } from "~/db/read-plan.server";
import { addDays, warsawDay, warsawDayStart } from "~/utils/dates";
import { activityInsert } from "./activity.server";
import { notificationsPageQuery, toFeedPage, type FeedItem } from "./notifications.server";
import { subscriptionState, type SubscriptionState } from "./subscriptions.server";
import { toWalletSummary, walletMonthPeriod, walletSummaryQuery, type WalletSummary } from "./wallet.server";

// The dashboard reads everything it shows in one D1 batch: the chart of the last 14 days, the
// project counts, the wallet's month, the first page of the feed and one page of project budgets.

export const CHART_DAYS = 14;
export const BUDGET_PAGE_SIZE = 10;
/** Feed items the dashboard shows. The rest are on /notifications. */
export const DASHBOARD_FEED_SIZE = 10;

export interface ChartDay {
  /** Europe/Warsaw calendar day, `YYYY-MM-DD`. */
  day: string;
  doneCount: number;
  /** Grosze: the current amounts of the tasks marked done that day (0 for a task deleted since). */
  doneAmount: number;
  paidCount: number;
  /** Grosze: the amounts the tasks were paid for (bill item or manual payment). */
  paidAmount: number;
}

export interface ProjectBudget {
  projectId: string;
  name: string;
  /** Agreed amounts: accepted by the client, or not needing acceptance. */
  accepted: number;
  pending: number;
  done: number;
  paid: number;
  unpaid: number;
  /** Done tasks still waiting for the client's acceptance. */
  doneNotAcceptedCount: number;
  doneNotAcceptedAmount: number;
  /** The first agreed total in grosze, or null when the freelancer has not fixed one. */
  baseline: number | null;
  /** Accepted amounts above the baseline, or 0 without a baseline or below it. */
  extras: number;
  /** Whether `extras` exceeds the baseline by more than the user's budget warning percentage. */
  extrasWarning: boolean;
}

export interface Dashboard {
  chart: ChartDay[];
  projectCount: { active: number; all: number };
  subscription: SubscriptionState;
  /** Tpay funds of the current Europe/Warsaw month. */
  wallet: WalletSummary;
  feed: FeedItem[];
  budgets: ProjectBudget[];
  budgetsHaveMore: boolean;
}

/** Returns the last CHART_DAYS Europe/Warsaw days up to and including the day of `now`, oldest first. */
export function chartDays(now: Date): string[] {
  const today = warsawDay(now);
  return Array.from({ length: CHART_DAYS }, (_, index) => addDays(today, index - CHART_DAYS + 1));
}

/**
 * Builds the query that counts, per Europe/Warsaw day, the tasks marked done and the tasks paid.
 * Each day is [local midnight, next local midnight) from warsawDayStart, so the 23-hour and
 * 25-hour days of the clock changes are neither empty nor doubled. A task counts once per day and
 * kind, however often it was marked. Payments reach tasks three ways: task.paid_manually names the
 * task, while bill.paid (Tpay) and bill.paid_manually name the bill, whose bill_items list its
 * tasks (active or not, because a refund deactivates them later).
 */
export function chartQuery(db: Db, userId: string, days: string[]) {
  const rows = sql.join(
    days.map((day) => sql`(${day}, ${warsawDayStart(day)}, ${warsawDayStart(addDays(day, 1))})`),
    sql`, `,
  );
  const from = warsawDayStart(days[0]);
  const to = warsawDayStart(addDays(days[days.length - 1], 1));
  // A raw statement cannot join a D1 batch in drizzle 0.45, so the query is wrapped in a select.
  const grouped = sql`
    WITH days(day, day_start, day_end) AS (VALUES ${rows}),
    events AS (
      SELECT a.action, a.subject_id, a.data, a.created_at FROM activity a
      WHERE a.user_id = ${userId} AND a.created_at >= ${from} AND a.created_at < ${to}
        AND a.action IN ('task.status_changed', 'task.paid_manually', 'bill.paid', 'bill.paid_manually')
    ),
    marks AS (
      SELECT days.day, 'done' AS kind, e.subject_id AS item, coalesce(t.amount, 0) AS amount
      FROM events e JOIN days ON e.created_at >= days.day_start AND e.created_at < days.day_end
      LEFT JOIN tasks t ON t.id = e.subject_id AND t.user_id = ${userId}
      WHERE e.action = 'task.status_changed' AND json_extract(e.data, '$.to') = 'done'
      UNION ALL
      SELECT days.day, 'paid', e.subject_id, coalesce(json_extract(e.data, '$.amount'), 0)
      FROM events e JOIN days ON e.created_at >= days.day_start AND e.created_at < days.day_end
      WHERE e.action = 'task.paid_manually'
      UNION ALL
      SELECT days.day, 'paid', coalesce(bi.task_id, bi.id), bi.amount
      FROM events e JOIN days ON e.created_at >= days.day_start AND e.created_at < days.day_end
      JOIN bills b ON b.id = e.subject_id AND b.user_id = ${userId}
      JOIN bill_items bi ON bi.bill_id = b.id
      WHERE e.action IN ('bill.paid', 'bill.paid_manually')
    ),
    per_item AS (SELECT day, kind, item, max(amount) AS amount FROM marks GROUP BY day, kind, item)
    SELECT day, kind, count(*) AS count, sum(amount) AS amount FROM per_item GROUP BY day, kind`;
  return db
    .select({
      day: sql<string>`chart.day`,
      kind: sql<"done" | "paid">`chart.kind`,
      count: sql<number>`chart.count`,
      amount: sql<number>`chart.amount`,
    })
    .from(sql`(${grouped}) AS chart`);
}

/** Spreads the rows of chartQuery over every day, with zeros for days without events. */
export function toChart(days: string[], rows: { day: string; kind: string; count: number; amount: number }[]): ChartDay[] {
  const byDay = new Map(days.map((day) => [day, { day, doneCount: 0, doneAmount: 0, paidCount: 0, paidAmount: 0 }]));
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    if (row.kind === "done") {
      entry.doneCount = Number(row.count);
      entry.doneAmount = Number(row.amount);
    } else {
      entry.paidCount = Number(row.count);
      entry.paidAmount = Number(row.amount);
    }
  }
  return [...byDay.values()];
}

function projectCountQuery(db: Db, userId: string) {
  return db
    .select({
      all: sql<number>`count(*)`,
      active: sql<number>`coalesce(sum(CASE WHEN ${projects.status} = 'active' THEN 1 ELSE 0 END), 0)`,
    })
    .from(projects)
    .where(eq(projects.userId, userId));
}

const agreed = sql`${tasks.acceptance} IN ('accepted', 'not_required')`;

/** Sums in grosze over the tasks of each project, as summarizeTasks does: rejected tasks count nowhere. */
function budgetColumns() {
  const sumWhen = (condition: ReturnType<typeof sql>) =>
    sql<number>`coalesce(sum(CASE WHEN ${condition} THEN ${tasks.amount} ELSE 0 END), 0)`;
  return {
    projectId: projects.id,
    name: projects.name,
    baseline: projects.budgetBaseline,
    accepted: sumWhen(agreed),
    pending: sumWhen(sql`${tasks.acceptance} = 'pending'`),
    done: sumWhen(sql`${tasks.workStatus} = 'done' AND ${tasks.acceptance} != 'rejected'`),
    paid: sumWhen(sql`${tasks.payment} = 'paid' AND ${tasks.acceptance} != 'rejected'`),
    unpaid: sumWhen(sql`${tasks.payment} != 'paid' AND ${agreed}`),
    doneNotAcceptedAmount: sumWhen(sql`${tasks.workStatus} = 'done' AND ${tasks.acceptance} = 'pending'`),
    doneNotAcceptedCount: sql<number>`coalesce(sum(CASE WHEN ${tasks.workStatus} = 'done' AND ${tasks.acceptance} = 'pending' THEN 1 ELSE 0 END), 0)`,
  };
}

/** Builds the query of one page of the user's active projects with their budget sums, newest first. */
export function budgetPageQuery(db: Db, userId: string, page: number) {
  return db
    .select(budgetColumns())
    .from(projects)
    .leftJoin(tasks, and(eq(tasks.projectId, projects.id), eq(tasks.userId, userId)))
    .where(and(eq(projects.userId, userId), eq(projects.status, "active")))
    .groupBy(projects.id)
    .orderBy(desc(projects.createdAt), desc(projects.id))
    .limit(BUDGET_PAGE_SIZE + 1)
    .offset((page - 1) * BUDGET_PAGE_SIZE);
}

/** Builds the query of one project's budget sums, or no row when the project is not the user's. */
export function projectBudgetQuery(db: Db, userId: string, projectId: string) {
  return db
    .select(budgetColumns())
    .from(projects)
    .leftJoin(tasks, and(eq(tasks.projectId, projects.id), eq(tasks.userId, userId)))
    .where(and(eq(projects.id, projectId), eq(projects.userId, userId)))
    .groupBy(projects.id);
}

type BudgetRow = Awaited<ReturnType<typeof budgetPageQuery>>[number];

/**
 * Adds the warnings to a project's sums. Extras are the accepted amounts above the first agreed
 * total. They warn when extras * 100 > baseline * warningPercent, so 0% warns at any extra.
 */
export function toProjectBudget(row: BudgetRow, warningPercent: number): ProjectBudget {
  const accepted = Number(row.accepted);
  const baseline = row.baseline;
  const extras = baseline === null ? 0 : Math.max(0, accepted - baseline);
  return {
    projectId: row.projectId,
    name: row.name,
    accepted,
    pending: Number(row.pending),
    done: Number(row.done),
    paid: Number(row.paid),
    unpaid: Number(row.unpaid),
    doneNotAcceptedCount: Number(row.doneNotAcceptedCount),
    doneNotAcceptedAmount: Number(row.doneNotAcceptedAmount),
    baseline,
    extras,
    extrasWarning: baseline !== null && extras > 0 && extras * 100 > baseline * warningPercent,
  };
}

/** Reads the whole dashboard of the user in one D1 batch. `budgetPage` pages the active projects. */
export async function loadDashboard(
  db: Db,
  user: Pick<User, "id" | "trialEndsAt" | "paidUntil" | "plan" | "budgetWarningPercent">,
  options: { now: Date; budgetPage: number },
): Promise<Dashboard> {
  const days = chartDays(options.now);
  const month = warsawDay(options.now).slice(0, 7);
  const [chartRows, countRows, walletRows, feedRows, budgetRows] = await db.batch([
    chartQuery(db, user.id, days),
    projectCountQuery(db, user.id),
    walletSummaryQuery(db, user.id, walletMonthPeriod(month)),
    notificationsPageQuery(db, user.id, 1),
    budgetPageQuery(db, user.id, options.budgetPage),
  ]);
  const counts = countRows[0];
  return {
    chart: toChart(days, chartRows),
    projectCount: { active: Number(counts?.active ?? 0), all: Number(counts?.all ?? 0) },
    subscription: subscriptionState(user, options.now),
    wallet: toWalletSummary(walletRows[0]),
    feed: toFeedPage(feedRows).items.slice(0, DASHBOARD_FEED_SIZE),
    budgets: budgetRows.slice(0, BUDGET_PAGE_SIZE).map((row) => toProjectBudget(row, user.budgetWarningPercent)),
    budgetsHaveMore: budgetRows.length > BUDGET_PAGE_SIZE,
  };
}

/**
 * Sets the project's first agreed total in grosze, or clears it with null. A
 * project.budget_baseline_set activity row with the previous value goes in the same batch.
 * The first client acceptance also fixes the baseline once (decideTask in tasks.server.ts).
 * Returns false when the project is not the user's.
 */
export async function setBudgetBaseline(db: Db, userId: string, projectId: string, amount: number | null): Promise<boolean> {
  const [project] = await db
    .select({ baseline: projects.budgetBaseline })
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.userId, userId)))
    .limit(1);
  if (!project) return false;
  await db.batch([
    activityInsert(db, {
      userId,
      projectId,
      actor: "freelancer",
      action: "project.budget_baseline_set",
      subjectType: "project",
      subjectId: projectId,
      data: { amount, previousAmount: project.baseline },
    }),
    db
      .update(projects)
      .set({ budgetBaseline: amount })
      .where(and(eq(projects.id, projectId), eq(projects.userId, userId))),
  ]);
  return true;
}

/** Reads one project's budget with its warnings, as a plan for the project page's batch. */
export function projectBudgetPlan(db: Db, userId: string, projectId: string, warningPercent: number) {
  return readPlan([projectBudgetQuery(db, userId, projectId)], ([rows]) =>
    rows[0] ? toProjectBudget(rows[0], warningPercent) : null,
  );
}
