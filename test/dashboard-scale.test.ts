import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "~/db/schema";
import { dashboardText } from "~/i18n/pl";
import { BUDGET_PAGE_SIZE, DASHBOARD_FEED_SIZE, loadDashboard, type ChartDay, type ProjectBudget } from "~/models/dashboard.server";
import worker from "../workers/app";
import { createActiveUser, db, loggedInBrowser, ORIGIN, type Browser } from "./helpers";
import { visibleText } from "./project-helpers";

// The dashboard of a freelancer with 50 projects and 5,000 tasks. The tasks mix acceptance, work
// and payment states, with bills paid through Tpay and by hand, and refunds. The chart's 14 days
// include the clock change of 25 October 2026. The expected numbers are computed here from the
// generated rows, in JavaScript, and compared with what loadDashboard reads through SQL.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// 12:00 in Warsaw (CET). The chart's 14 days are 17 to 30 October, and 25 October has 25 hours.
const NOW = new Date("2026-10-30T11:00:00.000Z");
const NOW_MS = NOW.getTime();

const PROJECT_COUNT = 50;
/** The oldest projects are completed, and the rest are active. */
const COMPLETED_PROJECTS = 10;
const TASKS_PER_PROJECT = 100;
const FEED_NOTIFICATIONS = 40;
const WARNING_PERCENT = 10;

/**
 * Instants at the edges of the chart's days, given in turn to the first tasks marked done in
 * active projects. Each comment gives the Warsaw wall clock.
 */
const EDGE_INSTANTS = [
  "2026-10-16T21:59:59.999Z", // 16 Oct 23:59:59.999 CEST, the day before the chart
  "2026-10-16T22:00:00.000Z", // 17 Oct 00:00 CEST, the chart's first instant
  "2026-10-24T22:00:00.000Z", // 25 Oct 00:00 CEST
  "2026-10-25T00:30:00.000Z", // 25 Oct 02:30 CEST, before the clocks go back
  "2026-10-25T01:30:00.000Z", // 25 Oct 02:30 CET, the repeated hour
  "2026-10-25T22:59:59.999Z", // 25 Oct 23:59:59.999 CET
  "2026-10-25T23:00:00.000Z", // 26 Oct 00:00 CET
  "2026-10-30T10:59:59.999Z", // a moment before NOW
];

/** 1 October 00:00 CEST: the first instant of the wallet's month. */
const MONTH_START = "2026-09-30T22:00:00.000Z";

type Row = Record<string, string | number | null>;

interface AccountRows {
  projects: Row[];
  tasks: Row[];
  activity: Row[];
  bills: Row[];
  billItems: Row[];
  payments: Row[];
  notifications: Row[];
}

/** Mulberry32: a small seeded generator, so every run builds the same account. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

const warsawDayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw", year: "numeric", month: "2-digit", day: "2-digit" });

/** Europe/Warsaw calendar day of an ISO instant, read from Intl rather than from the app's helpers. */
function warsawDayOf(instant: string): string {
  return warsawDayFormat.format(new Date(instant));
}

/** Returns the `count` calendar days that end with `last`, oldest first. */
function daysEndingWith(last: string, count: number): string[] {
  const [year, month, day] = last.split("-").map(Number);
  return Array.from({ length: count }, (_, index) => new Date(Date.UTC(year, month - 1, day - (count - 1 - index))).toISOString().slice(0, 10));
}

/** Returns the value of the first threshold above `roll`, or `otherwise` when there is none. */
function pick<T>(roll: number, thresholds: [number, T][], otherwise: T): T {
  return thresholds.find(([limit]) => roll < limit)?.[1] ?? otherwise;
}

interface TaskPlan {
  row: Row;
  doneMs: number | null;
  paidMs: number | null;
}

/**
 * Builds the rows of one freelancer's account: 50 projects of one client with 100 tasks each,
 * the activity rows the app writes for each step, the bills and payments of the paid tasks,
 * and 40 notifications. Ids start with the user's id, so reruns on the same database never clash.
 */
function buildAccount(userId: string, clientId: string): AccountRows {
  const random = seededRandom(5_000);
  const rows: AccountRows = { projects: [], tasks: [], activity: [], bills: [], billItems: [], payments: [], notifications: [] };
  const edges = [...EDGE_INSTANTS];
  let activityNumber = 0;
  let tpayBillCount = 0;

  const log = (projectId: string | null, actor: string, action: string, subjectType: string, subjectId: string, data: object, atMs: number) => {
    activityNumber += 1;
    rows.activity.push({
      id: `${userId}-a${activityNumber}`,
      user_id: userId,
      project_id: projectId,
      actor,
      action,
      subject_type: subjectType,
      subject_id: subjectId,
      data: JSON.stringify(data),
      created_at: iso(atMs),
    });
  };
  const logDone = (projectId: string, taskId: string, name: string, atMs: number) => {
    log(projectId, "freelancer", "task.status_changed", "task", taskId, { name, from: "in_progress", to: "done" }, atMs);
  };
  const logStarted = (projectId: string, taskId: string, name: string, from: string, atMs: number) => {
    log(projectId, "freelancer", "task.status_changed", "task", taskId, { name, from, to: "in_progress" }, atMs);
  };

  for (let p = 0; p < PROJECT_COUNT; p++) {
    const projectId = `${userId}-p${String(p).padStart(2, "0")}`;
    const name = `Projekt ${p + 1}`;
    // Project 21 shares its creation time with project 20, so the budget list's order needs its id.
    const ageDays = 300 - (p === 21 ? 20 : p) * 5;
    const createdMs = NOW_MS - ageDays * DAY_MS;
    const completed = p < COMPLETED_PROJECTS;
    const endMs = completed ? createdMs + 120 * DAY_MS : NOW_MS - 60_000;
    log(projectId, "freelancer", "project.created", "project", projectId, { name, deadline: null }, createdMs);

    const plans: TaskPlan[] = [];
    for (let i = 0; i < TASKS_PER_PROJECT; i++) {
      const taskId = `${projectId}-t${String(i).padStart(3, "0")}`;
      const taskName = `Zadanie ${i + 1} projektu ${p + 1}`;
      const amount = 1_000 + Math.floor(random() * 500_000);
      // Tasks are created in the first half of the project's life.
      const taskCreatedMs = createdMs + random() * (endMs - createdMs) * 0.5;

      const roll = random();
      const acceptance = pick(roll, [[0.3, "not_required"], [0.75, "accepted"], [0.9, "pending"]], "rejected");
      const agreed = acceptance === "not_required" || acceptance === "accepted";
      let work: string;
      if (acceptance === "rejected") work = "todo";
      else if (acceptance === "pending") work = random() < 0.25 ? "done" : "todo";
      else if (completed) work = "done";
      else {
        const workRoll = random();
        work = pick(workRoll, [[0.6, "done"], [0.8, "in_progress"]], "todo");
      }

      let doneMs: number | null = null;
      if (work === "done") {
        if (!completed && edges.length > 0) doneMs = Date.parse(edges.shift() as string);
        else if (!completed && random() < 0.45) doneMs = NOW_MS - 60_000 - random() * 16 * DAY_MS;
        else doneMs = taskCreatedMs + random() * (Math.min(endMs, NOW_MS - 16 * DAY_MS) - taskCreatedMs);
      }
      const lastWorkMs = doneMs ?? taskCreatedMs + random() * (endMs - taskCreatedMs) * 0.5;
      const decidedMs = taskCreatedMs + (lastWorkMs - taskCreatedMs) * 0.2 * random();
      const startedMs = decidedMs + (lastWorkMs - decidedMs) * 0.5 * random();

      let payment = "unpaid";
      let paidMs: number | null = null;
      if (agreed && doneMs !== null && (completed || random() < 0.65)) {
        payment = "paid";
        paidMs = doneMs + random() * (endMs - doneMs) * 0.6;
      } else if (agreed && doneMs !== null && random() < 0.05) {
        // On a bill whose Tpay payment was started and not finished.
        payment = "pending";
      }

      log(projectId, "freelancer", "task.created", "task", taskId, { name: taskName, amount, requiresAcceptance: acceptance !== "not_required" }, taskCreatedMs);
      if (acceptance === "accepted" || acceptance === "rejected") {
        const action = acceptance === "accepted" ? "task.accepted" : "task.rejected";
        log(projectId, "client", action, "task", taskId, { name: taskName, amount, version: 1, comment: null }, decidedMs);
      }
      if (work !== "todo") logStarted(projectId, taskId, taskName, "todo", startedMs);
      if (doneMs !== null) {
        logDone(projectId, taskId, taskName, doneMs);
        const inChart = doneMs > NOW_MS - 16 * DAY_MS;
        // Some tasks go back to work and are marked done again: minutes later, or two days later.
        if (inChart && i % 25 === 0) {
          logStarted(projectId, taskId, taskName, "done", doneMs + 2 * 60_000);
          logDone(projectId, taskId, taskName, doneMs + 5 * 60_000);
        }
        if (inChart && i % 40 === 1 && doneMs + 2 * DAY_MS < NOW_MS && paidMs === null) {
          logStarted(projectId, taskId, taskName, "done", doneMs + DAY_MS);
          logDone(projectId, taskId, taskName, doneMs + 2 * DAY_MS);
        }
      }

      const updatedMs = Math.max(taskCreatedMs, decidedMs, work === "todo" ? 0 : startedMs, doneMs ?? 0);
      plans.push({
        doneMs,
        paidMs,
        row: {
          id: taskId,
          project_id: projectId,
          user_id: userId,
          name: taskName,
          amount,
          requires_acceptance: acceptance === "not_required" ? 0 : 1,
          acceptance,
          work_status: work,
          payment,
          paid_via: null,
          paid_at: null,
          position: i + 1,
          version: 1,
          created_at: iso(taskCreatedMs),
          updated_at: iso(updatedMs),
        },
      });
    }

    // Paid tasks in the order they were paid, grouped into bills of one to four tasks.
    const paid = plans.filter((plan) => plan.paidMs !== null).sort((a, b) => (a.paidMs as number) - (b.paidMs as number));
    let billNumber = 0;
    for (let k = 0; k < paid.length; ) {
      const kindRoll = random();
      const kind = pick(kindRoll, [[0.3, "manual"], [0.4, "bill_manual"]], "tpay");
      const group = paid.slice(k, k + 1 + Math.floor(random() * 4));
      k += group.length;
      billNumber += 1;

      const paidMs = Math.max(...group.map((plan) => plan.paidMs as number));
      const lastDoneMs = Math.max(...group.map((plan) => plan.doneMs as number));
      const billCreatedMs = Math.max(lastDoneMs, paidMs - HOUR_MS);
      const billId = `${projectId}-b${billNumber}`;
      const paymentId = `${billId}-pay`;
      const total = group.reduce((sum, plan) => sum + (plan.row.amount as number), 0);
      const method = kind === "tpay" ? "tpay" : random() < 0.5 ? "cash" : "transfer";

      let refundedAmount = 0;
      let paymentStatus = "applied";
      if (kind === "tpay") {
        tpayBillCount += 1;
        if (tpayBillCount % 25 === 0) paymentStatus = "refunded";
        else if (tpayBillCount % 12 === 0) refundedAmount = Math.min(500, total);
      }
      const refunded = paymentStatus === "refunded";

      rows.bills.push({
        id: billId,
        user_id: userId,
        project_id: projectId,
        number: billNumber,
        created_by: kind === "manual" ? "freelancer" : "client",
        status: refunded ? "refunded" : "paid",
        total,
        paid_via: method,
        paid_payment_id: paymentId,
        paid_at: iso(paidMs),
        created_at: iso(billCreatedMs),
        updated_at: iso(paidMs),
      });
      group.forEach((plan, index) => {
        rows.billItems.push({
          id: `${billId}-i${index + 1}`,
          bill_id: billId,
          task_id: plan.row.id,
          name: plan.row.name,
          amount: plan.row.amount,
          task_version: 1,
          position: index + 1,
          active: refunded ? 0 : 1,
        });
        if (!refunded) Object.assign(plan.row, { payment: "paid", paid_via: method, paid_at: iso(paidMs), updated_at: iso(paidMs) });
        else plan.row.payment = "unpaid";
      });
      rows.payments.push({
        id: paymentId,
        user_id: userId,
        purpose: "bill",
        project_id: projectId,
        bill_id: billId,
        method,
        environment: kind === "tpay" ? "sandbox" : null,
        provider_title: kind === "tpay" ? `TR-${billId}` : null,
        amount: total,
        expected_amount: total,
        status: paymentStatus,
        paid_at: iso(paidMs),
        refunded_amount: refunded ? total : refundedAmount,
        refunded_at: refunded || refundedAmount > 0 ? iso(paidMs + HOUR_MS) : null,
        created_at: iso(paidMs),
      });

      if (kind === "manual") {
        for (const plan of group) {
          const data = { name: plan.row.name, amount: plan.row.amount, method, note: null, number: billNumber };
          log(projectId, "freelancer", "task.paid_manually", "task", plan.row.id as string, data, paidMs);
        }
      } else {
        log(projectId, "client", "bill.created", "bill", billId, { number: billNumber, total, taskCount: group.length }, billCreatedMs);
        if (kind === "bill_manual") {
          log(projectId, "freelancer", "bill.paid_manually", "bill", billId, { number: billNumber, total, method, note: null }, paidMs);
        } else {
          log(projectId, "system", "payment.received", "payment", paymentId, { number: billNumber, amount: total, total, source: "notification" }, paidMs);
          log(projectId, "system", "bill.paid", "bill", billId, { number: billNumber, total, paymentId }, paidMs);
        }
      }
    }

    const agreedSum = plans
      .filter((plan) => plan.row.acceptance === "accepted" || plan.row.acceptance === "not_required")
      .reduce((sum, plan) => sum + (plan.row.amount as number), 0);
    // A quarter of the projects has no first agreed total. The others are 15% under, 5% under and 10% over it.
    const baselineFactor = [null, 0.85, 0.95, 1.1][p % 4];
    rows.projects.push({
      id: projectId,
      user_id: userId,
      client_id: clientId,
      name,
      status: completed ? "completed" : "active",
      budget_baseline: baselineFactor === null ? null : Math.round(agreedSum * baselineFactor),
      created_at: iso(createdMs),
      updated_at: iso(endMs),
    });
    if (completed) log(projectId, "freelancer", "project.completed", "project", projectId, { name }, endMs);
    rows.tasks.push(...plans.map((plan) => plan.row));
  }

  // A task deleted after it was marked done and paid: its activity rows stay.
  const lastProject = rows.projects.at(-1)?.id as string;
  const deletedTask = `${userId}-deleted-task`;
  logDone(lastProject, deletedTask, "Usunięte zadanie", Date.parse("2026-10-28T09:00:00.000Z"));
  log(lastProject, "freelancer", "task.paid_manually", "task", deletedTask, { name: "Usunięte zadanie", amount: 12_345, method: "cash", note: null, number: 999 }, Date.parse("2026-10-28T10:00:00.000Z"));

  // Payments that did not pay a bill: they count in the wallet when they arrive within the month.
  for (const [suffix, paidAt] of [["first", MONTH_START], ["before", iso(Date.parse(MONTH_START) - 1)]]) {
    rows.payments.push({
      id: `${userId}-flagged-${suffix}`,
      user_id: userId,
      purpose: "bill",
      project_id: lastProject,
      bill_id: null,
      method: "tpay",
      environment: "sandbox",
      provider_title: `TR-${userId}-${suffix}`,
      amount: 7_777,
      expected_amount: 7_777,
      status: "flagged",
      paid_at: paidAt,
      refunded_amount: 0,
      refunded_at: null,
      created_at: paidAt,
    });
  }

  const activeIds = rows.projects.filter((project) => project.status === "active").map((project) => project.id as string);
  for (let n = 0; n < FEED_NOTIFICATIONS; n++) {
    const createdMs = NOW_MS - n * 3 * HOUR_MS - Math.floor(random() * 60) * 60_000;
    const payment = n % 2 === 0;
    rows.notifications.push({
      id: `${userId}-n${n}`,
      user_id: userId,
      project_id: activeIds[n % activeIds.length],
      type: payment ? "payment_received" : "task_accepted",
      data: JSON.stringify(payment ? { number: n + 1, amount: 10_000 + n } : { taskName: `Zadanie ${n}`, amount: 20_000 + n, comment: null }),
      read_at: n > 8 ? iso(createdMs + HOUR_MS) : null,
      email_state: "sent",
      created_at: iso(createdMs),
    });
  }
  return rows;
}

/**
 * Builds a second freelancer's project with 20 tasks done and paid in the chart's days and a
 * Tpay payment in the same month, none of which may reach the first account's dashboard.
 */
function buildOtherAccount(userId: string, clientId: string): AccountRows {
  const projectId = `${userId}-p`;
  const billId = `${projectId}-b1`;
  const rows: AccountRows = { projects: [], tasks: [], activity: [], bills: [], billItems: [], payments: [], notifications: [] };
  const atMs = NOW_MS - 2 * DAY_MS;
  rows.projects.push({
    id: projectId,
    user_id: userId,
    client_id: clientId,
    name: "Cudzy projekt",
    status: "active",
    budget_baseline: null,
    created_at: iso(atMs - 30 * DAY_MS),
    updated_at: iso(atMs),
  });
  for (let i = 0; i < 20; i++) {
    const taskId = `${projectId}-t${i}`;
    rows.tasks.push({
      id: taskId,
      project_id: projectId,
      user_id: userId,
      name: `Cudze zadanie ${i}`,
      amount: 99_900,
      requires_acceptance: 0,
      acceptance: "not_required",
      work_status: "done",
      payment: "paid",
      paid_via: "tpay",
      paid_at: iso(atMs),
      position: i + 1,
      version: 1,
      created_at: iso(atMs - DAY_MS),
      updated_at: iso(atMs),
    });
    rows.billItems.push({ id: `${billId}-i${i}`, bill_id: billId, task_id: taskId, name: `Cudze zadanie ${i}`, amount: 99_900, task_version: 1, position: i + 1, active: 1 });
    rows.activity.push({
      id: `${taskId}-done`,
      user_id: userId,
      project_id: projectId,
      actor: "freelancer",
      action: "task.status_changed",
      subject_type: "task",
      subject_id: taskId,
      data: JSON.stringify({ from: "in_progress", to: "done" }),
      created_at: iso(atMs - HOUR_MS),
    });
  }
  rows.bills.push({
    id: billId,
    user_id: userId,
    project_id: projectId,
    number: 1,
    created_by: "client",
    status: "paid",
    total: 20 * 99_900,
    paid_via: "tpay",
    paid_payment_id: `${billId}-pay`,
    paid_at: iso(atMs),
    created_at: iso(atMs - HOUR_MS),
    updated_at: iso(atMs),
  });
  rows.payments.push({
    id: `${billId}-pay`,
    user_id: userId,
    purpose: "bill",
    project_id: projectId,
    bill_id: billId,
    method: "tpay",
    environment: "sandbox",
    provider_title: `TR-${billId}`,
    amount: 20 * 99_900,
    expected_amount: 20 * 99_900,
    status: "applied",
    paid_at: iso(atMs),
    refunded_amount: 0,
    refunded_at: null,
    created_at: iso(atMs),
  });
  rows.activity.push({
    id: `${billId}-paid`,
    user_id: userId,
    project_id: projectId,
    actor: "system",
    action: "bill.paid",
    subject_type: "bill",
    subject_id: billId,
    data: JSON.stringify({ number: 1, total: 20 * 99_900 }),
    created_at: iso(atMs),
  });
  return rows;
}

/**
 * Inserts rows into a table, 500 at a time, each chunk as one JSON array read by json_each: a
 * statement with one bound value, because D1 allows at most 100 bound values per statement.
 */
async function insertRows(table: string, rows: Row[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const values = columns.map((_, index) => `json_extract(value, '$[${index}]')`).join(", ");
  const statement = env.DB.prepare(`INSERT INTO ${table} (${columns.join(", ")}) SELECT ${values} FROM json_each(?1)`);
  const chunks = [];
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500).map((row) => columns.map((column) => row[column]));
    chunks.push(statement.bind(JSON.stringify(chunk)));
  }
  await env.DB.batch(chunks);
}

async function insertClient(userId: string): Promise<string> {
  const id = `${userId}-client`;
  await insertRows("clients", [
    { id, user_id: userId, name: "Hurtownia Wrzos S.A.", email: "zakupy@wrzos.example.com", search_text: "hurtownia wrzos s.a. zakupy@wrzos.example.com", updated_at: iso(NOW_MS) },
  ]);
  return id;
}

async function insertAccount(rows: AccountRows) {
  await insertRows("projects", rows.projects);
  await insertRows("tasks", rows.tasks);
  await insertRows("bills", rows.bills);
  await insertRows("bill_items", rows.billItems);
  await insertRows("payments", rows.payments);
  await insertRows("activity", rows.activity);
  await insertRows("notifications", rows.notifications);
}

/** Adds `amount` for `key` on `day`, keeping the largest amount when a key comes twice. */
function addMark(marks: Map<string, Map<string, number>>, day: string, key: string, amount: number) {
  const ofDay = marks.get(day) ?? new Map<string, number>();
  ofDay.set(key, Math.max(ofDay.get(key) ?? 0, amount));
  marks.set(day, ofDay);
}

/**
 * Computes the chart from the rows: per Warsaw day, each task marked done (at its current
 * amount, 0 once deleted) and each task paid, once per day however often it was marked.
 */
function expectedChart(rows: AccountRows, days: string[]): ChartDay[] {
  const amounts = new Map(rows.tasks.map((task) => [task.id as string, task.amount as number]));
  const itemsByBill = new Map<string, Row[]>();
  for (const item of rows.billItems) itemsByBill.set(item.bill_id as string, [...(itemsByBill.get(item.bill_id as string) ?? []), item]);
  const window = new Set(days);
  const done = new Map<string, Map<string, number>>();
  const paid = new Map<string, Map<string, number>>();

  for (const row of rows.activity) {
    const day = warsawDayOf(row.created_at as string);
    if (!window.has(day)) continue;
    const data = JSON.parse(row.data as string) as { to?: string; amount?: number };
    const subject = row.subject_id as string;
    if (row.action === "task.status_changed" && data.to === "done") addMark(done, day, subject, amounts.get(subject) ?? 0);
    if (row.action === "task.paid_manually") addMark(paid, day, subject, data.amount ?? 0);
    if (row.action === "bill.paid" || row.action === "bill.paid_manually") {
      for (const item of itemsByBill.get(subject) ?? []) addMark(paid, day, (item.task_id ?? item.id) as string, item.amount as number);
    }
  }

  const total = (marks: Map<string, number> | undefined) => [...(marks?.values() ?? [])].reduce((sum, amount) => sum + amount, 0);
  return days.map((day) => ({
    day,
    doneCount: done.get(day)?.size ?? 0,
    doneAmount: total(done.get(day)),
    paidCount: paid.get(day)?.size ?? 0,
    paidAmount: total(paid.get(day)),
  }));
}

/** Computes the budgets of the active projects, newest first, from the task rows. */
function expectedBudgets(rows: AccountRows): ProjectBudget[] {
  const active = rows.projects
    .filter((project) => project.status === "active")
    .sort((a, b) => {
      if (a.created_at !== b.created_at) return (a.created_at as string) < (b.created_at as string) ? 1 : -1;
      return (a.id as string) < (b.id as string) ? 1 : -1;
    });
  return active.map((project) => {
    const own = rows.tasks.filter((task) => task.project_id === project.id);
    const sum = (keep: (task: Row) => boolean) => own.filter(keep).reduce((total, task) => total + (task.amount as number), 0);
    const agreed = (task: Row) => task.acceptance === "accepted" || task.acceptance === "not_required";
    const counted = (task: Row) => task.acceptance !== "rejected";
    const doneNotAccepted = (task: Row) => task.work_status === "done" && task.acceptance === "pending";
    const accepted = sum(agreed);
    const baseline = project.budget_baseline as number | null;
    const extras = baseline === null ? 0 : Math.max(0, accepted - baseline);
    return {
      projectId: project.id as string,
      name: project.name as string,
      accepted,
      pending: sum((task) => task.acceptance === "pending"),
      done: sum((task) => task.work_status === "done" && counted(task)),
      paid: sum((task) => task.payment === "paid" && counted(task)),
      unpaid: sum((task) => task.payment !== "paid" && agreed(task)),
      doneNotAcceptedCount: own.filter(doneNotAccepted).length,
      doneNotAcceptedAmount: sum(doneNotAccepted),
      baseline,
      extras,
      extrasWarning: baseline !== null && extras * 100 > baseline * WARNING_PERCENT,
    };
  });
}

/** Computes the Tpay money kept in October (Warsaw): applied and flagged payments less their refunds. */
function expectedWallet(rows: AccountRows) {
  const counted = rows.payments.filter(
    (payment) =>
      payment.method === "tpay" &&
      (payment.status === "applied" || payment.status === "flagged") &&
      warsawDayOf(payment.paid_at as string).startsWith("2026-10"),
  );
  return {
    received: counted.reduce((sum, payment) => sum + (payment.amount as number) - (payment.refunded_amount as number), 0),
    receivedCount: counted.length,
  };
}

const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;

/** GETs a page through the Worker with D1_QUERY_LOG on, and counts its D1 round trips. */
async function countedGet(path: string, browser: Browser) {
  const request = new Request(`${ORIGIN}${path}`, { headers: { Cookie: browser.cookieHeader() } }) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, { ...env, D1_QUERY_LOG: "1" } as Env, ctx);
  return {
    status: response.status,
    html: await response.text(),
    roundTrips: Number(response.headers.get("X-D1-Queries")) + Number(response.headers.get("X-D1-Batches")),
  };
}

describe("dashboard with 5,000 tasks", () => {
  let browser: Browser;
  let userId: string;
  let account: AccountRows;

  beforeAll(async () => {
    const login = await loggedInBrowser();
    browser = login.browser;
    userId = login.user.id;
    account = buildAccount(userId, await insertClient(userId));
    await insertAccount(account);

    const other = await createActiveUser();
    await insertAccount(buildOtherAccount(other.id, await insertClient(other.id)));
  }, 60_000);

  async function dashboard(budgetPage = 1) {
    const user = await db.query.users.findFirst({ where: eq(users.id, userId) });
    if (!user) throw new Error(`user ${userId} not found`);
    return loadDashboard(db, user, { now: NOW, budgetPage });
  }

  it("generates the planned account", () => {
    const activeTasks = account.tasks.filter((task) => account.projects.find((project) => project.id === task.project_id)?.status === "active");

    expect(account.projects).toHaveLength(PROJECT_COUNT);
    expect(account.tasks).toHaveLength(PROJECT_COUNT * TASKS_PER_PROJECT);
    expect(new Set(account.tasks.map((task) => task.acceptance))).toEqual(new Set(["not_required", "accepted", "pending", "rejected"]));
    expect(new Set(activeTasks.map((task) => task.work_status))).toEqual(new Set(["todo", "in_progress", "done"]));
    expect(new Set(account.tasks.map((task) => task.payment))).toEqual(new Set(["unpaid", "pending", "paid"]));
    expect(new Set(account.payments.map((payment) => payment.method))).toEqual(new Set(["tpay", "cash", "transfer"]));
    expect(account.payments.some((payment) => payment.status === "refunded")).toBe(true);
    expect(account.activity.some((row) => row.action === "bill.paid_manually")).toBe(true);
  });

  it("chart counts each day", async () => {
    const days = daysEndingWith("2026-10-30", 14);
    const expected = expectedChart(account, days);

    const { chart } = await dashboard();

    expect(days).toContain("2026-10-25");
    expect(chart.map((day) => day.day)).toEqual(days);
    for (const [index, day] of chart.entries()) expect(day, day.day).toEqual(expected[index]);
  });

  it("chart spans the busy days", () => {
    const expected = expectedChart(account, daysEndingWith("2026-10-30", 14));
    const clockChange = expected.find((day) => day.day === "2026-10-25");

    // The generated activity fills every day, and the clock-change day also gets the edge instants.
    expect(expected.every((day) => day.doneCount > 0)).toBe(true);
    expect(expected.reduce((sum, day) => sum + day.doneCount, 0)).toBeGreaterThan(300);
    expect(expected.reduce((sum, day) => sum + day.paidCount, 0)).toBeGreaterThan(100);
    expect(clockChange?.doneCount).toBeGreaterThanOrEqual(4);
  });

  it("project counts are right", async () => {
    const { projectCount } = await dashboard();

    expect(projectCount).toEqual({ active: PROJECT_COUNT - COMPLETED_PROJECTS, all: PROJECT_COUNT });
  });

  it("budget pages match the tasks", async () => {
    const expected = expectedBudgets(account);
    const pages = Math.ceil(expected.length / BUDGET_PAGE_SIZE);

    for (let page = 1; page <= pages + 1; page++) {
      const { budgets, budgetsHaveMore } = await dashboard(page);
      const slice = expected.slice((page - 1) * BUDGET_PAGE_SIZE, page * BUDGET_PAGE_SIZE);

      expect(budgets, `page ${page}`).toEqual(slice);
      expect(budgetsHaveMore, `page ${page}`).toBe(page < pages);
    }
  });

  it("budget warnings occur", () => {
    const expected = expectedBudgets(account);

    expect(expected.some((budget) => budget.extrasWarning)).toBe(true);
    expect(expected.some((budget) => budget.extras > 0 && !budget.extrasWarning)).toBe(true);
    expect(expected.some((budget) => budget.doneNotAcceptedCount > 0)).toBe(true);
  });

  it("wallet sums October payments", async () => {
    const expected = expectedWallet(account);

    const { wallet } = await dashboard();

    expect(wallet.received).toBe(expected.received);
    expect(wallet.receivedCount).toBe(expected.receivedCount);
    expect(expected.receivedCount).toBeGreaterThan(1);
  });

  it("feed shows the newest", async () => {
    const expected = [...account.notifications]
      .sort((a, b) => ((a.created_at as string) < (b.created_at as string) ? 1 : -1))
      .slice(0, DASHBOARD_FEED_SIZE)
      .map((row) => row.id);

    const { feed } = await dashboard();

    expect(feed.map((item) => item.id)).toEqual(expected);
  });

  it("page shows the counts", async () => {
    const { status, html, roundTrips } = await countedGet("/dashboard", browser);
    const text = visibleText(html);
    const firstPage = expectedBudgets(account).slice(0, BUDGET_PAGE_SIZE);

    expect(status).toBe(200);
    expect(roundTrips).toBeLessThanOrEqual(3);
    expect(text).toContain(dashboardText.projectsValue(PROJECT_COUNT - COMPLETED_PROJECTS, PROJECT_COUNT));
    expect(html.match(/<tr data-day="/g)).toHaveLength(14);
    expect([...html.matchAll(/data-testid="budget-glance" data-project-id="([^"]+)"/g)].map((match) => match[1])).toEqual(
      firstPage.map((budget) => budget.projectId),
    );
    expect(text).not.toContain("Cudzy projekt");
  });
});
