import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, projects } from "~/db/schema";
import { dashboardText, tasksText } from "~/i18n/pl";
import { decideTask } from "~/models/tasks.server";
import { formatMoney } from "~/utils/money";
import { db, loggedInBrowser } from "./helpers";
import { followToPage, makeProject, makeTask, redirectPath, visibleText } from "./project-helpers";

// The budget at a glance on the project page, the "Pierwotny budżet" form, and the baseline
// fixed by the first client acceptance.

const money = (grosze: number) => visibleText(formatMoney(grosze));

async function baselineOf(projectId: string) {
  const [row] = await db.select({ baseline: projects.budgetBaseline }).from(projects).where(eq(projects.id, projectId));
  return row?.baseline;
}

async function baselineActivity(projectId: string) {
  const rows = await db
    .select()
    .from(activity)
    .where(and(eq(activity.projectId, projectId), eq(activity.action, "project.budget_baseline_set")))
    .orderBy(sql`rowid`);
  return rows.map((row) => JSON.parse(String(row.data)) as unknown);
}

describe("project budget", () => {
  it("shows the sums", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await makeTask(user.id, project.id, { amount: 100_000 });
    await makeTask(user.id, project.id, { amount: 25_000, requiresAcceptance: true });

    const text = visibleText(await (await browser.get(`/projects/${project.id}`)).text());

    expect(text).toContain(dashboardText.projectBudgetTitle);
    expect(text).toContain(`${dashboardText.budgetAccepted} ${money(100_000)}`);
    expect(text).toContain(`${dashboardText.budgetPending} ${money(25_000)}`);
    expect(text).toContain(`${dashboardText.budgetUnpaid} ${money(100_000)}`);
    expect(text).toContain(`${dashboardText.budgetBaseline} ${dashboardText.budgetBaselineMissing}`);
  });

  it("sets and clears the baseline", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const path = `/projects/${project.id}`;

    const set = await browser.post(path, { intent: "set-budget-baseline", amount: "1 200,50" });
    const page = visibleText(await followToPage(browser, set));
    expect(page).toContain(dashboardText.baselineSaved);
    expect(page).toContain(`${dashboardText.budgetBaseline} ${money(120_050)}`);
    expect(await baselineOf(project.id)).toBe(120_050);

    const cleared = await browser.post(path, { intent: "clear-budget-baseline" });
    expect(redirectPath(cleared)).toBe(path);
    expect(await baselineOf(project.id)).toBeNull();
    expect(await baselineActivity(project.id)).toEqual([
      { amount: 120_050, previousAmount: null },
      { amount: null, previousAmount: 120_050 },
    ]);
  });

  it("rejects a bad amount", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);

    const response = await browser.post(`/projects/${project.id}`, { intent: "set-budget-baseline", amount: "dużo" });

    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain(tasksText.amountInvalid);
    expect(html).toContain('value="dużo"');
    expect(await baselineOf(project.id)).toBeNull();
    expect(await baselineActivity(project.id)).toEqual([]);
  });

  it("answers 404 for another user's project", async () => {
    const { browser } = await loggedInBrowser();
    const other = await loggedInBrowser();
    const project = await makeProject(other.user.id);

    const forms: Record<string, string>[] = [{ intent: "set-budget-baseline", amount: "100" }, { intent: "clear-budget-baseline" }];
    for (const form of forms) {
      expect((await browser.post(`/projects/${project.id}`, form)).status).toBe(404);
    }
    expect(await baselineOf(project.id)).toBeNull();
    expect(await baselineActivity(project.id)).toEqual([]);
  });

  it("fixes the baseline at the first acceptance only", async () => {
    const { user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const owner = { id: project.id, userId: user.id };
    await makeTask(user.id, project.id, { amount: 100_000 });
    const first = await makeTask(user.id, project.id, { amount: 30_000, requiresAcceptance: true });
    const second = await makeTask(user.id, project.id, { amount: 50_000, requiresAcceptance: true });

    expect(await decideTask(db, owner, second.id, 1, "rejected", null)).toBe("decided");
    expect(await baselineOf(project.id)).toBeNull();

    expect(await decideTask(db, owner, first.id, 1, "accepted", null)).toBe("decided");
    expect(await baselineOf(project.id)).toBe(130_000);

    const third = await makeTask(user.id, project.id, { amount: 40_000, requiresAcceptance: true });
    expect(await decideTask(db, owner, third.id, 1, "accepted", null)).toBe("decided");
    expect(await baselineOf(project.id)).toBe(130_000);
  });

  it("warns about extras on the project page", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await makeTask(user.id, project.id, { amount: 100_000 });
    const path = `/projects/${project.id}`;
    expect((await browser.post(path, { intent: "set-budget-baseline", amount: "1000" })).status).toBe(302);
    const warning = dashboardText.warningExtras(money(11_000), 11, 10);

    expect(visibleText(await (await browser.get(path)).text())).not.toContain(warning);

    await makeTask(user.id, project.id, { amount: 11_000 });
    expect(visibleText(await (await browser.get(path)).text())).toContain(warning);
  });
});
