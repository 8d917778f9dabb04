import { env } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, notificationPrefs, notifications, projects, tasks, users } from "~/db/schema";
import { dashboardText } from "~/i18n/pl";
import { chartDays, loadDashboard } from "~/models/dashboard.server";
import { addDays, warsawDayStart } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import worker from "../workers/app";
import { createActiveUser, db, loggedInBrowser, ORIGIN } from "./helpers";
import { makeProject, makeTask, visibleText } from "./project-helpers";

// The dashboard: the 14-day chart from the activity log, the cards, the feed and the budgets.

const t = dashboardText;

/** Text as visibleText shows it: no-break spaces as plain ones. */
function plain(text: string): string {
  return text.replace(/\u00a0/g, " ");
}

async function userRow(id: string) {
  const row = await db.query.users.findFirst({ where: eq(users.id, id) });
  if (!row) throw new Error(`user ${id} not found`);
  return row;
}

async function dashboardOf(userId: string, now = new Date(), budgetPage = 1) {
  return loadDashboard(db, await userRow(userId), { now, budgetPage });
}

/** Writes an activity row at a chosen instant, as the task and bill functions write them. */
async function logAt(userId: string, projectId: string, action: string, subjectId: string, at: string, data: Record<string, unknown>) {
  await db.insert(activity).values({
    id: crypto.randomUUID(),
    userId,
    projectId,
    actor: "freelancer",
    action,
    subjectType: action.startsWith("bill.") ? "bill" : "task",
    subjectId,
    data: JSON.stringify(data),
    createdAt: at,
  });
}

/** Returns the instant `minutes` after the start of the Europe/Warsaw day (negative: before it). */
function localInstant(day: string, minutes: number): string {
  return new Date(Date.parse(warsawDayStart(day)) + minutes * 60_000).toISOString();
}

/** Writes one done and one paid row for a new task at each instant. */
async function doneAndPaidAt(userId: string, projectId: string, instants: string[], amount = 10_000) {
  for (const at of instants) {
    const task = await makeTask(userId, projectId, { amount });
    await logAt(userId, projectId, "task.status_changed", task.id, at, { name: task.name, from: "todo", to: "done" });
    await logAt(userId, projectId, "task.paid_manually", task.id, at, { name: task.name, amount, method: "cash" });
  }
}

async function addNotification(userId: string, type: "message" | "file", createdAt = new Date().toISOString()) {
  const id = crypto.randomUUID();
  await db.insert(notifications).values({
    id,
    userId,
    projectId: null,
    type,
    data: JSON.stringify(type === "message" ? { excerpt: "Pytanie" } : { fileName: "logo.png" }),
    createdAt,
    emailState: "none",
    readAt: null,
  });
  return id;
}

const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;

async function countedGet(path: string, cookie: string) {
  const request = new Request(`${ORIGIN}${path}`, { headers: { Cookie: cookie } }) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, { ...env, D1_QUERY_LOG: "1" } as Env, ctx);
  const html = await response.text();
  return {
    status: response.status,
    html,
    roundTrips: Number(response.headers.get("X-D1-Queries")) + Number(response.headers.get("X-D1-Batches")),
  };
}

describe("dashboard page", () => {
  it("no data shows the guide", async () => {
    const { browser } = await loggedInBrowser();

    const html = await (await browser.get("/dashboard")).text();

    expect(html).toContain('data-testid="first-steps"');
    expect(html).toContain(t.guideTitle);
    expect(html).not.toContain('data-testid="dashboard-chart"');
    expect(visibleText(html)).toContain(t.projectsValue(0, 0));
  });

  it("with a project shows the chart", async () => {
    const { browser, user } = await loggedInBrowser();
    await makeProject(user.id);

    const html = await (await browser.get("/dashboard")).text();

    expect(html).not.toContain('data-testid="first-steps"');
    expect(html).toContain('data-testid="dashboard-chart"');
    expect(html).toContain('data-testid="chart-table"');
  });

  it("root and login land on dashboard", async () => {
    const { browser, user } = await loggedInBrowser();

    const root = await browser.get("/");
    const login = await browser.post("/login", { email: user.email, password: user.password });

    expect(root.headers.get("Location")).toBe("/dashboard");
    expect(login.headers.get("Location")).toBe("/dashboard");
  });

  it("page takes at most 3 round trips", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await doneAndPaidAt(user.id, project.id, [new Date().toISOString()]);
    await addNotification(user.id, "message");

    const counts = await countedGet("/dashboard", browser.cookieHeader());

    expect(counts.status).toBe(200);
    expect(counts.roundTrips).toBeLessThanOrEqual(3);
  });

  it("other user's data never shown", async () => {
    const { browser, user } = await loggedInBrowser();
    await makeProject(user.id, { name: "Moj projekt" });
    const other = await createActiveUser();
    const otherProject = await makeProject(other.id, { name: "Cudzy projekt" });
    await doneAndPaidAt(other.id, otherProject.id, [new Date().toISOString()], 77_700);
    await addNotification(other.id, "message");

    const html = await (await browser.get("/dashboard")).text();
    const own = await dashboardOf(user.id);

    expect(html).not.toContain("Cudzy projekt");
    expect(html).not.toContain(formatMoney(77_700));
    expect(own.feed).toHaveLength(0);
    expect(own.chart.every((day) => day.doneCount === 0 && day.paidCount === 0)).toBe(true);
    expect(own.projectCount).toEqual({ active: 1, all: 1 });
  });
});

describe("dashboard chart", () => {
  it("counts a normal day", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const day = "2026-06-10";
    await doneAndPaidAt(user.id, project.id, [localInstant(day, 30), localInstant(day, 12 * 60), localInstant(addDays(day, 1), -30)], 12_345);
    await doneAndPaidAt(user.id, project.id, [localInstant(day, -30)]);

    const dashboard = await dashboardOf(user.id, new Date(localInstant(day, 20 * 60)));
    const today = dashboard.chart.at(-1);
    const yesterday = dashboard.chart.at(-2);

    expect(dashboard.chart).toHaveLength(14);
    expect(today?.day).toBe(day);
    expect(today?.doneCount).toBe(3);
    expect(today?.paidCount).toBe(3);
    expect(today?.doneAmount).toBe(3 * 12_345);
    expect(today?.paidAmount).toBe(3 * 12_345);
    expect(yesterday?.doneCount).toBe(1);
  });

  for (const day of ["2026-03-29", "2026-10-25"]) {
    it(`counts clock change day ${day}`, async () => {
      const user = await createActiveUser();
      const project = await makeProject(user.id);
      const next = addDays(day, 1);
      // 23:30 and 00:30 local time on each side of the changed day.
      await doneAndPaidAt(user.id, project.id, [localInstant(day, -30)]);
      await doneAndPaidAt(user.id, project.id, [localInstant(day, 30), localInstant(next, -30)]);
      await doneAndPaidAt(user.id, project.id, [localInstant(next, 30), localInstant(next, 45)]);

      const dashboard = await dashboardOf(user.id, new Date(localInstant(addDays(day, 2), 10 * 60)));
      const byDay = new Map(dashboard.chart.map((entry) => [entry.day, entry]));

      expect(new Set(dashboard.chart.map((entry) => entry.day)).size).toBe(14);
      expect(byDay.get(addDays(day, -1))?.doneCount).toBe(1);
      expect(byDay.get(day)?.doneCount).toBe(2);
      expect(byDay.get(day)?.paidCount).toBe(2);
      expect(byDay.get(next)?.doneCount).toBe(2);
      expect(dashboard.chart.reduce((sum, entry) => sum + entry.doneCount, 0)).toBe(5);
    });
  }

  it("chart days span 14 around DST", () => {
    const days = chartDays(new Date("2026-10-26T12:00:00Z"));

    expect(days).toHaveLength(14);
    expect(days[0]).toBe("2026-10-13");
    expect(days[13]).toBe("2026-10-26");
    expect(days).toContain("2026-10-25");
  });

  it("bill payment reaches its tasks", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const first = await makeTask(user.id, project.id, { amount: 20_000 });
    const second = await makeTask(user.id, project.id, { amount: 30_000 });
    const billId = crypto.randomUUID();
    const now = new Date().toISOString();
    await db.run(sql`INSERT INTO bills (id, user_id, project_id, number, created_by, total, status, created_at, updated_at)
      VALUES (${billId}, ${user.id}, ${project.id}, 1, 'freelancer', 50000, 'paid', ${now}, ${now})`);
    await db.run(sql`INSERT INTO bill_items (id, bill_id, task_id, name, amount, task_version, position, active)
      VALUES (${crypto.randomUUID()}, ${billId}, ${first.id}, 'A', 20000, 1, 0, 1),
             (${crypto.randomUUID()}, ${billId}, ${second.id}, 'B', 30000, 1, 1, 1)`);
    await logAt(user.id, project.id, "bill.paid", billId, now, { number: 1, total: 50_000 });

    const today = (await dashboardOf(user.id)).chart.at(-1);

    expect(today?.paidCount).toBe(2);
    expect(today?.paidAmount).toBe(50_000);
  });

  it("5,000 tasks counted right", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const day = "2026-06-10";
    const start = warsawDayStart(day);
    // 5,000 tasks of 1 zł, each marked done and paid on one of the 14 days (i % 14 days back).
    await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999)
      INSERT INTO tasks (id, project_id, user_id, name, amount, requires_acceptance, acceptance, work_status, payment, position, version, created_at, updated_at)
      SELECT ${user.id} || '-t' || i, ${project.id}, ${user.id}, 'Zadanie ' || i, 100, 0, 'not_required', 'done', 'paid', i + 10, 1, ${start}, ${start} FROM n`);
    await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999)
      INSERT INTO activity (id, user_id, project_id, actor, action, subject_type, subject_id, data, created_at)
      SELECT ${user.id} || '-d' || i, ${user.id}, ${project.id}, 'freelancer', 'task.status_changed', 'task', ${user.id} || '-t' || i,
             '{"from":"todo","to":"done"}', strftime('%Y-%m-%dT%H:%M:%fZ', ${start}, '+12 hours', '-' || (i % 14) || ' days') FROM n`);
    await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999)
      INSERT INTO activity (id, user_id, project_id, actor, action, subject_type, subject_id, data, created_at)
      SELECT ${user.id} || '-p' || i, ${user.id}, ${project.id}, 'freelancer', 'task.paid_manually', 'task', ${user.id} || '-t' || i,
             '{"amount":100,"method":"cash"}', strftime('%Y-%m-%dT%H:%M:%fZ', ${start}, '+12 hours', '-' || (i % 14) || ' days') FROM n`);

    const dashboard = await dashboardOf(user.id, new Date(localInstant(day, 20 * 60)));
    const total = (key: "doneCount" | "paidCount" | "paidAmount") => dashboard.chart.reduce((sum, entry) => sum + entry[key], 0);

    expect(total("doneCount")).toBe(5_000);
    expect(total("paidCount")).toBe(5_000);
    expect(total("paidAmount")).toBe(500_000);
    // 5,000 = 14 * 357 + 2: the first two remainders get one more.
    expect(dashboard.chart.at(-1)?.doneCount).toBe(358);
    expect(dashboard.chart.at(0)?.doneCount).toBe(357);
    expect(dashboard.budgets[0]?.done).toBe(500_000);
  });
});

describe("dashboard cards and feed", () => {
  it("cards show trial and projects", async () => {
    const { browser, user } = await loggedInBrowser();
    const active = await makeProject(user.id);
    const completed = await makeProject(user.id);
    await db.update(projects).set({ status: "completed" }).where(eq(projects.id, completed.id));

    const dashboard = await dashboardOf(user.id);
    const text = visibleText(await (await browser.get("/dashboard")).text());

    expect(active.id).toBeTruthy();
    expect(dashboard.projectCount).toEqual({ active: 1, all: 2 });
    expect(dashboard.subscription.kind).toBe("trial");
    expect(text).toContain(t.projectsValue(1, 2));
    expect(text).toContain("Okres próbny: zostało 14 dni");
    expect(text).toContain(t.walletCard);
    expect(text).toContain(plain(formatMoney(0)));
  });

  it("feed follows preferences", async () => {
    const user = await createActiveUser();
    const shown = await addNotification(user.id, "message");
    const hidden = await addNotification(user.id, "file");
    await db.insert(notificationPrefs).values({ userId: user.id, type: "file", inFeed: false, email: "off", updatedAt: new Date().toISOString() });

    const ids = (await dashboardOf(user.id)).feed.map((item) => item.id);

    expect(ids).toContain(shown);
    expect(ids).not.toContain(hidden);
  });

  it("mark read updates the row", async () => {
    const { browser, user } = await loggedInBrowser();
    const id = await addNotification(user.id, "message");

    const response = await browser.post("/dashboard", { intent: "read", id });
    const row = await db.query.notifications.findFirst({ where: eq(notifications.id, id) });

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/dashboard");
    expect(row?.readAt).not.toBeNull();
  });

  it("mark read of other user's 404", async () => {
    const { browser } = await loggedInBrowser();
    const other = await createActiveUser();
    const id = await addNotification(other.id, "message");

    const response = await browser.post("/dashboard", { intent: "read", id });
    const row = await db.query.notifications.findFirst({ where: eq(notifications.id, id) });

    expect(response.status).toBe(404);
    expect(row?.readAt).toBeNull();
  });

  it("GET leaves notifications unread", async () => {
    const { browser, user } = await loggedInBrowser();
    const id = await addNotification(user.id, "message");

    await browser.get("/dashboard");
    const row = await db.query.notifications.findFirst({ where: eq(notifications.id, id) });

    expect(row?.readAt).toBeNull();
  });
});

describe("budget at a glance", () => {
  it("sums follow task states", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    await makeTask(user.id, project.id, { amount: 100_000 });
    const pending = await makeTask(user.id, project.id, { amount: 20_000, requiresAcceptance: true });
    const paid = await makeTask(user.id, project.id, { amount: 30_000 });
    await db.update(tasks).set({ workStatus: "done", payment: "paid" }).where(eq(tasks.id, paid.id));
    await db.update(tasks).set({ workStatus: "done" }).where(eq(tasks.id, pending.id));

    const [budget] = (await dashboardOf(user.id)).budgets;

    expect(budget?.accepted).toBe(130_000);
    expect(budget?.pending).toBe(20_000);
    expect(budget?.done).toBe(50_000);
    expect(budget?.paid).toBe(30_000);
    expect(budget?.unpaid).toBe(100_000);
    expect(budget?.doneNotAcceptedCount).toBe(1);
    expect(budget?.doneNotAcceptedAmount).toBe(20_000);
  });

  it("done not accepted warns", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { amount: 20_000, requiresAcceptance: true });
    await db.update(tasks).set({ workStatus: "done" }).where(eq(tasks.id, task.id));

    const text = visibleText(await (await browser.get("/dashboard")).text());

    expect(text).toContain(plain(t.warningDoneNotAccepted("1 zadanie", formatMoney(20_000))));
  });

  it("extras above percent warn", async () => {
    const { browser, user } = await loggedInBrowser();
    const over = await makeProject(user.id, { name: "Ponad" });
    const within = await makeProject(user.id, { name: "W normie" });
    const noBaseline = await makeProject(user.id, { name: "Bez kwoty" });
    for (const project of [over, within, noBaseline]) await makeTask(user.id, project.id, { amount: 100_000 });
    await makeTask(user.id, over.id, { amount: 15_000 });
    await makeTask(user.id, within.id, { amount: 10_000 });
    await makeTask(user.id, noBaseline.id, { amount: 90_000 });
    await db.update(projects).set({ budgetBaseline: 100_000 }).where(sql`${projects.id} IN (${over.id}, ${within.id})`);

    const budgets = new Map((await dashboardOf(user.id)).budgets.map((budget) => [budget.projectId, budget]));
    const text = visibleText(await (await browser.get("/dashboard")).text());

    expect(budgets.get(over.id)?.extrasWarning).toBe(true);
    expect(budgets.get(over.id)?.extras).toBe(15_000);
    expect(budgets.get(within.id)?.extrasWarning).toBe(false);
    expect(budgets.get(noBaseline.id)?.extrasWarning).toBe(false);
    expect(text).toContain(plain(t.warningExtras(formatMoney(15_000), 15, 10)));
  });

  it("warning percent comes from user", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    await makeTask(user.id, project.id, { amount: 115_000 });
    await db.update(projects).set({ budgetBaseline: 100_000 }).where(eq(projects.id, project.id));
    await db.update(users).set({ budgetWarningPercent: 20 }).where(eq(users.id, user.id));

    const [budget] = (await dashboardOf(user.id)).budgets;

    expect(budget?.extrasWarning).toBe(false);
  });

  it("budgets page active projects", async () => {
    const user = await createActiveUser();
    for (let index = 0; index < 11; index += 1) await makeProject(user.id, { name: `Projekt ${index}` });
    const completed = await makeProject(user.id, { name: "Zakończony" });
    await db.update(projects).set({ status: "completed" }).where(eq(projects.id, completed.id));

    const first = await dashboardOf(user.id, new Date(), 1);
    const second = await dashboardOf(user.id, new Date(), 2);

    expect(first.budgets).toHaveLength(10);
    expect(first.budgetsHaveMore).toBe(true);
    expect(second.budgets).toHaveLength(1);
    expect(second.budgetsHaveMore).toBe(false);
    expect([...first.budgets, ...second.budgets].map((budget) => budget.name)).not.toContain("Zakończony");
  });
});
