// The freelancer's report pages through the real Worker: "Stwórz raport" with its period
// checks, a report rendered by the real queue and browser binding, the "Raporty" tab with
// pages, the report page, the PDF download, "Wyślij do klienta" with the e-mail in the dev
// mailbox and its /r/<token> link, deleting and retrying, and other accounts' ids.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, emailOutbox, projects, reports, reportSendings, users, type Report } from "~/db/schema";
import { describeActivity } from "~/models/activity-lines.server";
import { renderEmail, SECRET_DATA_KEYS } from "~/emails/templates";
import * as en from "~/i18n/en";
import { clientShellText } from "~/i18n/client-shell";
import { activityText, common, readOnlyText, reportEmailText, reportsText } from "~/i18n/pl";
import { MAX_REPORT_TASKS, reportObjectKey, REPORTS_PAGE_SIZE } from "~/models/reports.server";
import { REPORT_LINK_TTL_MS, SENDINGS_PAGE_SIZE } from "~/models/report-sendings.server";
import { sha256Hex } from "~/utils/crypto.server";
import { formatDateTime, formatDay, warsawDay } from "~/utils/dates";
import { addDays } from "~/utils/report-period";
import { formatPeriodDays } from "~/utils/report-period-text";
import { Browser, db, linkFrom, loggedInBrowser, uniqueEmail, waitForMail } from "./helpers";
import { followToPage, makeClient, makeProject, makeTask, redirectPath, visibleText } from "./project-helpers";
import { insertReportSending } from "./report-helpers";
import { allowConsoleErrors } from "./setup";

const DAY_MS = 86_400_000;
const FAKE_PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

/** Creates a logged-in freelancer with a project whose client has a unique address. */
async function setup(options: { projectName?: string } = {}) {
  const { browser, user } = await loggedInBrowser({ name: "Anna Nowak" });
  const clientEmail = uniqueEmail("klient");
  const client = await makeClient(user.id, { name: "Łukasz Żółć", email: clientEmail });
  const project = await makeProject(user.id, { clientId: client.id, name: options.projectName ?? "Strona sklepu" });
  return { browser, user, client, project, clientEmail };
}

/** Moves the project's creation and every activity row of it to `daysAgo` days before now. */
async function backdateProject(projectId: string, daysAgo: number) {
  const instant = new Date(Date.now() - daysAgo * DAY_MS).toISOString();
  await db.update(projects).set({ createdAt: instant }).where(eq(projects.id, projectId));
  await db.update(activity).set({ createdAt: instant }).where(eq(activity.projectId, projectId));
}

let sequence = 0;

/** Inserts a report row directly, for pages that need no render. */
async function insertReport(userId: string, projectId: string, values: Partial<Report> = {}): Promise<Report> {
  sequence += 1;
  const createdAt = new Date(Date.now() - 60_000 + sequence).toISOString();
  const row: Report = {
    id: crypto.randomUUID(),
    userId,
    projectId,
    periodStart: warsawDay(),
    periodEnd: warsawDay(),
    status: "failed",
    attempts: 3,
    claimId: null,
    claimedAt: null,
    r2Key: null,
    size: null,
    pageCount: null,
    taskCount: null,
    generatedAt: null,
    failureReason: "Przeglądarka nie odpowiedziała.",
    createdAt,
    updatedAt: createdAt,
    ...values,
  };
  await db.insert(reports).values(row);
  return row;
}

/** Inserts a ready report with a small PDF in R2, as the consumer leaves it. */
async function insertReadyReport(userId: string, projectId: string, values: Partial<Report> = {}): Promise<Report> {
  const id = crypto.randomUUID();
  const r2Key = reportObjectKey({ userId, id });
  await env.FILES.put(r2Key, FAKE_PDF, { httpMetadata: { contentType: "application/pdf" } });
  return insertReport(userId, projectId, {
    id,
    status: "ready",
    attempts: 1,
    failureReason: null,
    r2Key,
    size: FAKE_PDF.byteLength,
    pageCount: 1,
    taskCount: 2,
    generatedAt: new Date().toISOString(),
    ...values,
  });
}

async function reportRow(reportId: string) {
  return db.query.reports.findFirst({ where: eq(reports.id, reportId) });
}

async function pageText(browser: Browser, path: string): Promise<string> {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  return visibleText(await response.text());
}

/** Polls until `check` returns a value, for work the queue consumers do in the background. */
async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function postPeriod(browser: Browser, projectId: string, start: string, end: string) {
  return browser.post(`/projects/${projectId}/reports/new`, { start, end });
}

async function reportsOf(userId: string) {
  return db.select().from(reports).where(eq(reports.userId, userId));
}

function period(start: string, end: string): string {
  return reportsText.period(formatDay(start), formatDay(end));
}

/** Returns the visible text of each element marked with `data-testid`, up to its closing tag. */
function blocksByTestId(html: string, testId: string, closingTag: string): string[] {
  return html
    .split(`data-testid="${testId}"`)
    .slice(1)
    .map((part) => visibleText(part.slice(0, part.indexOf(closingTag))));
}

/** Inserts `count` task rows in one statement, for the task cap (thousands of rows through addTask would be slow). */
async function insertTasks(userId: string, projectId: string, count: number) {
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?3)
     INSERT INTO tasks (id, project_id, user_id, name, amount, requires_acceptance, acceptance, position, updated_at)
     SELECT lower(hex(randomblob(16))), ?1, ?2, 'Zadanie ' || i, 10000, 0, 'not_required', i, ?4 FROM seq`,
  )
    .bind(projectId, userId, count, new Date().toISOString())
    .run();
}

describe("Stwórz raport page", () => {
  it("shows the period form", async () => {
    const { browser, project } = await setup();
    const today = warsawDay();

    const response = await browser.get(`/projects/${project.id}/reports/new`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain(reportsText.create);
    expect(text).toContain(reportsText.save);
    expect(text).toContain(reportsText.periodLegend);
    const startInput = /<input[^>]*name="start"[^>]*>/.exec(html)?.[0] ?? "";
    expect(startInput).toContain('type="date"');
    expect(startInput).toContain(`value="${today}"`);
    expect(html).toContain(`min="${today}"`);
    expect(html).toContain(`max="${today}"`);
  });

  it("is linked from the project page", async () => {
    const { browser, project } = await setup();
    const html = await (await browser.get(`/projects/${project.id}`)).text();
    expect(html).toContain(`href="/projects/${project.id}/reports/new"`);
    expect(visibleText(html)).toContain(reportsText.create);
  });

  it("prefills a suggested period", async () => {
    const { browser, project } = await setup();
    await backdateProject(project.id, 20);
    const start = addDays(warsawDay(), -10);
    const end = addDays(warsawDay(), -5);

    const html = await (await browser.get(`/projects/${project.id}/reports/new?start=${start}&end=${end}`)).text();
    expect(html).toContain(`value="${start}"`);
    expect(html).toContain(`value="${end}"`);
  });

  it("limits the dates to the project's life", async () => {
    const { browser, project } = await setup();
    await backdateProject(project.id, 20);
    const [{ createdAt }] = await db.select({ createdAt: projects.createdAt }).from(projects).where(eq(projects.id, project.id));
    const firstDay = warsawDay(new Date(createdAt));
    const today = warsawDay();
    expect(firstDay).toBe(addDays(today, -20));

    const html = await (await browser.get(`/projects/${project.id}/reports/new`)).text();
    const inputs = { start: firstDay, end: today };
    for (const [name, value] of Object.entries(inputs)) {
      const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? "";
      expect(input, name).toContain('type="date"');
      expect(input, name).toContain(`min="${firstDay}"`);
      expect(input, name).toContain(`max="${today}"`);
      expect(input, name).toContain(`value="${value}"`);
    }
    expect(visibleText(html)).toContain(reportsText.limits(formatDay(firstDay), formatDay(today)));
  });

  it("is 404 for another account's project", async () => {
    const { project } = await setup();
    const { browser: other } = await loggedInBrowser();
    expect((await other.get(`/projects/${project.id}/reports/new`)).status).toBe(404);
    expect((await postPeriod(other, project.id, warsawDay(), warsawDay())).status).toBe(404);
  });
});

describe("Stwórz raport refusals", () => {
  it("rejects a missing or invalid day", async () => {
    const { browser, user, project } = await setup();

    const missing = await postPeriod(browser, project.id, "", warsawDay());
    expect(missing.status).toBe(400);
    expect(visibleText(await missing.text())).toContain(common.required);

    const invalid = await postPeriod(browser, project.id, "2026-02-30", warsawDay());
    expect(invalid.status).toBe(400);
    const text = visibleText(await invalid.text());
    expect(text).toContain(common.invalidDay);
    expect(await reportsOf(user.id)).toHaveLength(0);
  });

  it("gives an unreadable day one message", async () => {
    const { browser, user, project } = await setup();
    const today = warsawDay();
    for (const [start, end] of [
      ["2026-13-01", today],
      ["abc", today],
      [today, "abc"],
    ]) {
      const response = await postPeriod(browser, project.id, start, end);
      expect(response.status).toBe(400);
      const text = visibleText(await response.text());
      expect(text, `${start}…${end}`).toContain(common.invalidDay);
      expect(text, `${start}…${end}`).not.toContain(reportsText.reversed);
    }
    expect(await reportsOf(user.id)).toHaveLength(0);
  });

  it("refuses a project over the task cap", async () => {
    const { browser, user, project } = await setup();
    await insertTasks(user.id, project.id, MAX_REPORT_TASKS + 1);
    const today = warsawDay();

    const response = await postPeriod(browser, project.id, today, today);
    expect(response.status).toBe(400);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain(reportsText.tooManyTasks("5 000 zadań", "5 001 zadań"));
    expect(html).toContain(`value="${today}"`);
    expect(await reportsOf(user.id)).toHaveLength(0);
  });

  it("rejects a reversed period", async () => {
    const { browser, user, project } = await setup();
    await backdateProject(project.id, 10);
    const response = await postPeriod(browser, project.id, warsawDay(), addDays(warsawDay(), -3));
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(reportsText.reversed);
    expect(await reportsOf(user.id)).toHaveLength(0);
  });

  it("rejects a period in the future", async () => {
    const { browser, user, project } = await setup();
    const today = warsawDay();
    const response = await postPeriod(browser, project.id, today, addDays(today, 1));
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(reportsText.future(formatDay(today)));
    expect(await reportsOf(user.id)).toHaveLength(0);
  });

  it("rejects a start before the project", async () => {
    const { browser, user, project } = await setup();
    const today = warsawDay();
    const response = await postPeriod(browser, project.id, addDays(today, -1), today);
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(reportsText.beforeProject(formatDay(today)));
    expect(await reportsOf(user.id)).toHaveLength(0);
  });

  it("names the nearest activity days", async () => {
    const { browser, user, project } = await setup();
    // The project and its first task happened 40 days ago, a second task 10 days ago.
    await makeTask(user.id, project.id, { name: "Logo" });
    await backdateProject(project.id, 40);
    const later = await makeTask(user.id, project.id, { name: "Sklep" });
    await db
      .update(activity)
      .set({ createdAt: new Date(Date.now() - 10 * DAY_MS).toISOString() })
      .where(eq(activity.subjectId, later.id));
    const before = warsawDay(new Date(Date.now() - 40 * DAY_MS));
    const after = warsawDay(new Date(Date.now() - 10 * DAY_MS));
    const start = addDays(warsawDay(), -30);
    const end = addDays(warsawDay(), -20);

    const response = await postPeriod(browser, project.id, start, end);
    expect(response.status).toBe(400);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain(reportsText.noActivity(period(start, end)));
    expect(text).toContain(reportsText.nearestBefore(formatDay(before)));
    expect(text).toContain(reportsText.nearestAfter(formatDay(after)));
    // Each nearest day is offered as a period that reaches it, and the typed days stay in the form.
    expect(text).toContain(reportsText.suggestion(period(before, end)));
    expect(text).toContain(reportsText.suggestion(period(start, after)));
    expect(html).toContain(`/projects/${project.id}/reports/new?start=${before}&amp;end=${end}`);
    expect(html).toContain(`/projects/${project.id}/reports/new?start=${start}&amp;end=${after}`);
    expect(html).toContain(`value="${start}"`);
    expect(html).toContain(`value="${end}"`);
    expect(await reportsOf(user.id)).toHaveLength(0);
  });

  it("refuses a read-only account", async () => {
    const { browser, user, project } = await setup();
    await db.update(users).set({ trialEndsAt: new Date(Date.now() - DAY_MS).toISOString() }).where(eq(users.id, user.id));

    const response = await postPeriod(browser, project.id, warsawDay(), warsawDay());
    expect(response.status).toBe(303);
    const landing = await browser.get(response.headers.get("Location") ?? "");
    expect(visibleText(await landing.text())).toContain(readOnlyText.refused);
    expect(await reportsOf(user.id)).toHaveLength(0);
  });
});

describe("report rendering", () => {
  it("goes from queued to ready", { timeout: 60_000 }, async () => {
    const { browser, user, project } = await setup({ projectName: "Źdźbło Łąka" });
    await makeTask(user.id, project.id, { name: "Projekt graficzny", amount: 123_456 });
    const today = warsawDay();

    const response = await postPeriod(browser, project.id, today, today);
    const path = redirectPath(response);
    const [report] = await reportsOf(user.id);
    expect(path).toBe(`/reports/${report.id}`);
    expect(["queued", "rendering", "ready"]).toContain(report.status);
    const firstPage = await followToPage(browser, response);
    expect(visibleText(firstPage)).toContain(reportsText.created(period(today, today)));

    const ready = await eventually(async () => {
      const row = await reportRow(report.id);
      return row?.status === "ready" || row?.status === "failed" ? row : null;
    }, 50_000);
    expect(ready.failureReason).toBeNull();
    expect(ready.status).toBe("ready");

    const text = await pageText(browser, path);
    expect(text).toContain(reportsText.status.ready);
    expect(text).toContain(reportsText.stateHelp.ready);
    expect(text).toContain(reportsText.download);

    const download = await browser.get(`${path}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.headers.get("Cache-Control")).toBe("private, no-store");
    expect(download.headers.get("Content-Disposition")).toContain(`attachment; filename="raport-zdzblo-laka-${today}-${today}.pdf"`);
    const pdf = new Uint8Array(await download.arrayBuffer());
    expect(pdf.byteLength).toBe(ready.size);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
    const pdfText = await (await env.PDF_TEXT.fetch("http://pdf/", { method: "POST", body: pdf })).text();
    expect(pdfText).toContain("Projekt graficzny");
    expect(pdfText).toContain("1 234,56 zł");
  });

  it("turns double submits into one report", { timeout: 60_000 }, async () => {
    const { browser, user, project } = await setup();
    await makeTask(user.id, project.id, { name: "Projekt graficzny" });
    const today = warsawDay();

    const responses = await Promise.all([1, 2, 3].map(() => postPeriod(browser, project.id, today, today)));

    const reportRows = await reportsOf(user.id);
    expect(reportRows).toHaveLength(1);
    for (const response of responses) expect(redirectPath(response)).toBe(`/reports/${reportRows[0].id}`);
    const created = (await db.select().from(activity).where(eq(activity.subjectId, reportRows[0].id))).filter((row) => row.action === "report.created");
    expect(created).toHaveLength(1);

    // One render runs; wait for it, so it does not outlive the test.
    const done = await eventually(async () => {
      const row = await reportRow(reportRows[0].id);
      return row?.status === "ready" || row?.status === "failed" ? row : null;
    }, 50_000);
    expect(done.status).toBe("ready");
  });

  it("shows the rendering state", async () => {
    const { browser, user, project } = await setup();
    const rendering = await insertReport(user.id, project.id, {
      status: "rendering",
      attempts: 1,
      claimId: crypto.randomUUID(),
      claimedAt: new Date().toISOString(),
      failureReason: null,
    });

    const html = await (await browser.get(`/reports/${rendering.id}`)).text();
    const text = visibleText(html);
    expect(text).toContain(`${reportsText.status.rendering}: ${reportsText.stateHelp.rendering}`);
    expect(text).not.toContain(reportsText.download);
    expect(text).not.toContain(reportsText.retry);
    expect(html).not.toContain(`/reports/${rendering.id}/download`);
    expect(html).not.toContain('value="retry"');
  });

  it("shows queued and failed states", async () => {
    const { browser, user, project } = await setup();
    const queued = await insertReport(user.id, project.id, { status: "queued", attempts: 1, failureReason: null });
    const queuedText = await pageText(browser, `/reports/${queued.id}`);
    expect(queuedText).toContain(`${reportsText.status.queued}: ${reportsText.stateHelp.queued}`);
    expect(queuedText).toContain(reportsText.attempt(2, 3));
    expect(queuedText).toContain(reportsText.sendNotReady);
    expect(queuedText).not.toContain(reportsText.retry);

    const failed = await insertReport(user.id, project.id, { failureReason: "Przeglądarka nie odpowiedziała." });
    const failedText = await pageText(browser, `/reports/${failed.id}`);
    expect(failedText).toContain(`${reportsText.status.failed}: ${reportsText.stateHelp.failed}`);
    expect(failedText).toContain(reportsText.failureReason("Przeglądarka nie odpowiedziała."));
    expect(failedText).toContain(reportsText.retry);
    expect(failedText).not.toContain(reportsText.download);
  });

  it("retries a failed report", { timeout: 60_000 }, async () => {
    const { browser, user, project } = await setup();
    const failed = await insertReport(user.id, project.id);

    const response = await browser.post(`/reports/${failed.id}`, { intent: "retry" });
    expect(redirectPath(response)).toBe(`/reports/${failed.id}`);
    expect(visibleText(await followToPage(browser, response))).toContain(reportsText.retried);
    const actions = (await db.select().from(activity).where(eq(activity.subjectId, failed.id))).map((row) => row.action);
    expect(actions).toContain("report.retried");

    // The retry starts a real render; wait for it, so it does not outlive the test.
    const done = await eventually(async () => {
      const row = await reportRow(failed.id);
      return row?.status === "ready" || row?.status === "failed" ? row : null;
    }, 50_000);
    expect(done.status).toBe("ready");

    const again = await browser.post(`/reports/${failed.id}`, { intent: "retry" });
    expect(visibleText(await followToPage(browser, again))).toContain(reportsText.notFailed);
  });
});

describe("Raporty tab", () => {
  it("is in the navigation", async () => {
    const { browser } = await setup();
    const html = await (await browser.get("/projects")).text();
    expect(html).toMatch(new RegExp(`<a[^>]*href="/reports"[^>]*>${reportsText.tab}</a>`));
  });

  it("lists reports with pages", async () => {
    const { browser, user, project, client } = await setup();
    const second = await makeProject(user.id, { clientId: client.id, name: "Aplikacja mobilna" });
    const ready = await insertReadyReport(user.id, project.id);
    for (let index = 0; index < REPORTS_PAGE_SIZE; index++) await insertReport(user.id, second.id);
    // Another account's report never shows.
    const other = await setup({ projectName: "Cudzy projekt" });
    await insertReport(other.user.id, other.project.id);

    const firstHtml = await (await browser.get("/reports")).text();
    const first = visibleText(firstHtml);
    expect(firstHtml.match(/data-testid="report-row"/g)).toHaveLength(REPORTS_PAGE_SIZE);
    expect(first).toContain(reportsText.preparedTitle);
    expect(first).toContain(common.nextPage);
    expect(first).not.toContain("Cudzy projekt");
    expect(firstHtml).toContain('href="/settings/reports"');

    const secondHtml = await (await browser.get("/reports?page=2")).text();
    expect(secondHtml.match(/data-testid="report-row"/g)).toHaveLength(1);
    // The oldest row is the ready one, with its project, client, state, size and links.
    const row = visibleText(secondHtml);
    expect(row).toContain("Strona sklepu");
    expect(row).toContain("Łukasz Żółć");
    expect(row).toContain(reportsText.status.ready);
    expect(row).toContain(`${FAKE_PDF.byteLength} B`);
    expect(secondHtml).toContain(`href="/reports/${ready.id}/download"`);
    expect(secondHtml).toContain(`href="/reports/${ready.id}#send"`);
    expect(row).toContain(common.previousPage);
  });

  it("shows each row's period", async () => {
    const { browser, user, project } = await setup();
    const periods = [
      { periodStart: addDays(warsawDay(), -30), periodEnd: addDays(warsawDay(), -1) },
      { periodStart: addDays(warsawDay(), -7), periodEnd: addDays(warsawDay(), -7) },
      { periodStart: addDays(warsawDay(), -3), periodEnd: warsawDay() },
    ];
    for (const values of periods) await insertReport(user.id, project.id, values);

    const rows = blocksByTestId(await (await browser.get("/reports")).text(), "report-row", "</tr>");
    // Newest first, so the last inserted period is the first row.
    expect(rows).toHaveLength(periods.length);
    periods.reverse().forEach((values, index) => {
      expect(rows[index]).toContain(formatPeriodDays(values.periodStart, values.periodEnd));
    });
  });

  it("filters by project", async () => {
    const { browser, user, project, client } = await setup();
    const second = await makeProject(user.id, { clientId: client.id, name: "Aplikacja mobilna" });
    await insertReport(user.id, project.id);
    await insertReport(user.id, second.id);

    const html = await (await browser.get(`/reports?project=${second.id}`)).text();
    expect(html.match(/data-testid="report-row"/g)).toHaveLength(1);
    expect(visibleText(html)).toContain(reportsText.projectFilter("Aplikacja mobilna"));

    const { browser: stranger } = await loggedInBrowser();
    expect((await stranger.get(`/reports?project=${second.id}`)).status).toBe(404);
  });

  it("deletes a report with its PDF", async () => {
    const { browser, user, project } = await setup();
    const ready = await insertReadyReport(user.id, project.id);

    const response = await browser.post(`/reports/${ready.id}`, { intent: "delete", returnTo: "/reports?page=1" });
    expect(response.headers.get("Location")).toBe("/reports?page=1");
    expect(visibleText(await followToPage(browser, response))).toContain(reportsText.deleted(period(ready.periodStart, ready.periodEnd)));
    expect(await reportRow(ready.id)).toBeUndefined();
    expect(await env.FILES.get(ready.r2Key ?? "")).toBeNull();

    // A second click finds it gone: the same 404 as an id never seen.
    expect((await browser.post(`/reports/${ready.id}`, { intent: "delete" })).status).toBe(404);
  });

  it("keeps returnTo within the tab", async () => {
    const { browser, user, project } = await setup();
    const report = await insertReport(user.id, project.id);
    const response = await browser.post(`/reports/${report.id}`, { intent: "delete", returnTo: "//evil.example/reports" });
    expect(response.headers.get("Location")).toBe("/reports");
  });
});

describe("report page", () => {
  it("shows the report's facts", async () => {
    const { browser, user, project } = await setup();
    const ready = await insertReadyReport(user.id, project.id, { periodStart: addDays(warsawDay(), -1) });
    const text = await pageText(browser, `/reports/${ready.id}`);
    expect(text).toContain(reportsText.title("Strona sklepu"));
    expect(text).toContain(period(ready.periodStart, ready.periodEnd));
    expect(text).toContain("Łukasz Żółć");
    expect(text).toContain(`${reportsText.status.ready}: ${reportsText.stateHelp.ready}`);
    expect(text).toContain(`${reportsText.tasks}: 2`);
    expect(text).toContain(reportsText.sendingsEmpty);
  });

  it("prefills the client's e-mail", async () => {
    const { browser, user, project, clientEmail } = await setup();
    const ready = await insertReadyReport(user.id, project.id);
    const html = await (await browser.get(`/reports/${ready.id}`)).text();
    expect(html).toMatch(new RegExp(`name="email"[^>]*value="${clientEmail}"|value="${clientEmail}"[^>]*name="email"`));
  });

  it("rejects an unknown intent", async () => {
    const { browser, user, project } = await setup();
    const report = await insertReport(user.id, project.id);
    const response = await browser.post(`/reports/${report.id}`, { intent: "explode" });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(reportsText.invalidIntent);
  });
});

describe("other accounts' reports", () => {
  it("are 404 everywhere", async () => {
    const owner = await setup();
    const ready = await insertReadyReport(owner.user.id, owner.project.id);
    const failed = await insertReport(owner.user.id, owner.project.id);
    const { browser } = await loggedInBrowser();

    expect((await browser.get(`/reports/${ready.id}`)).status).toBe(404);
    const download = await browser.get(`/reports/${ready.id}/download`);
    expect(download.status).toBe(404);
    expect(download.headers.get("Content-Type")).toContain("text/html");
    expect((await browser.post(`/reports/${ready.id}`, { intent: "send", email: "obcy@example.com" })).status).toBe(404);
    expect((await browser.post(`/reports/${ready.id}`, { intent: "delete" })).status).toBe(404);
    expect((await browser.post(`/reports/${failed.id}`, { intent: "retry" })).status).toBe(404);

    expect((await reportRow(ready.id))?.status).toBe("ready");
    expect((await reportRow(failed.id))?.status).toBe("failed");
    expect(await env.FILES.get(ready.r2Key ?? "")).not.toBeNull();
    expect(await db.select().from(reportSendings).where(eq(reportSendings.reportId, ready.id))).toHaveLength(0);
  });

  it("is 404 for a report not ready yet", async () => {
    const { browser, user, project } = await setup();
    const queued = await insertReport(user.id, project.id, { status: "queued", failureReason: null, attempts: 0 });
    expect((await browser.get(`/reports/${queued.id}/download`)).status).toBe(404);
  });
});

describe("Wyślij do klienta", () => {
  it("e-mails a link that downloads the PDF", async () => {
    const { browser, user, project, clientEmail } = await setup();
    const ready = await insertReadyReport(user.id, project.id);

    const response = await browser.post(`/reports/${ready.id}`, { intent: "send", email: clientEmail.toUpperCase() });
    expect(response.headers.get("Location")).toBe(`/reports/${ready.id}#sendings`);
    expect(visibleText(await followToPage(browser, response))).toContain(reportsText.sent(clientEmail));

    const mail = await waitForMail(clientEmail);
    expect(mail.subject).toBe(reportEmailText.subject("Strona sklepu"));
    expect(mail.text).toContain(reportEmailText.intro("Anna Nowak", "Strona sklepu", period(ready.periodStart, ready.periodEnd)));
    const link = linkFrom(mail.text, "/r/");

    const [sending] = await db.select().from(reportSendings).where(eq(reportSendings.reportId, ready.id));
    expect(sending.toAddress).toBe(clientEmail);
    expect(sending.userId).toBe(user.id);
    expect(sending.tokenHash).toBe(await sha256Hex(link.slice("/r/".length)));
    expect(Date.parse(sending.expiresAt) - Date.parse(sending.createdAt)).toBe(REPORT_LINK_TTL_MS);
    const [sent] = await db
      .select()
      .from(activity)
      .where(and(eq(activity.subjectId, ready.id), eq(activity.action, "report.sent")));
    expect(JSON.parse(sent.data)).toMatchObject({ email: clientEmail, periodStart: ready.periodStart, periodEnd: ready.periodEnd });

    // The link works without a session, and only hands out the PDF.
    const download = await new Browser().get(link);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.headers.get("Cache-Control")).toBe("private, no-store");
    expect(download.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(download.headers.get("Content-Disposition")).toContain("attachment;");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(FAKE_PDF);

    // The outbox keeps no usable link once the e-mail is sent.
    const outbox = await db.query.emailOutbox.findFirst({ where: eq(emailOutbox.id, sending.outboxId) });
    expect(outbox?.status).toBe("sent");
    expect(outbox?.data).not.toContain(link);

    const text = await pageText(browser, `/reports/${ready.id}`);
    expect(text).toContain(clientEmail);
    expect(text).toContain(reportsText.delivery.sent);
  });

  it("speaks the client's language", async () => {
    const { browser, user, project, clientEmail } = await setup();
    await db.update(projects).set({ clientLocale: "en" }).where(eq(projects.id, project.id));
    const ready = await insertReadyReport(user.id, project.id);

    await browser.post(`/reports/${ready.id}`, { intent: "send", email: clientEmail });
    const mail = await waitForMail(clientEmail);
    expect(mail.subject).toBe(en.reportEmailText.subject("Strona sklepu"));
    expect(mail.text).toContain(en.reportEmailText.action);
  });

  it("rejects an invalid address", async () => {
    const { browser, user, project } = await setup();
    const ready = await insertReadyReport(user.id, project.id);
    const response = await browser.post(`/reports/${ready.id}`, { intent: "send", email: "nie-adres" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain(common.invalidEmail);
    expect(html).toContain('value="nie-adres"');
    expect(await db.select().from(reportSendings).where(eq(reportSendings.reportId, ready.id))).toHaveLength(0);
  });

  it("refuses a report not ready", async () => {
    const { browser, user, project, clientEmail } = await setup();
    const failed = await insertReport(user.id, project.id);
    const response = await browser.post(`/reports/${failed.id}`, { intent: "send", email: clientEmail });
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(reportsText.sendNotReady);
    expect(await db.select().from(reportSendings).where(eq(reportSendings.reportId, failed.id))).toHaveLength(0);
  });

  it("lists a failed delivery", async () => {
    const { browser, user, project, clientEmail } = await setup();
    const ready = await insertReadyReport(user.id, project.id);
    await browser.post(`/reports/${ready.id}`, { intent: "send", email: clientEmail });
    await waitForMail(clientEmail);
    const [sending] = await db.select().from(reportSendings).where(eq(reportSendings.reportId, ready.id));
    await db.update(emailOutbox).set({ status: "failed", lastError: "Skrzynka odbiorcy jest pełna." }).where(eq(emailOutbox.id, sending.outboxId));

    const text = await pageText(browser, `/reports/${ready.id}`);
    expect(text).toContain(reportsText.delivery.failed);
    expect(text).toContain(reportsText.deliveryFailed("Skrzynka odbiorcy jest pełna."));
  });

  it("lists each sending with its own state", async () => {
    const { browser, user, project } = await setup();
    const ready = await insertReadyReport(user.id, project.id);
    const failedAt = new Date(Date.now() - 120_000).toISOString();
    await insertReportSending(user.id, ready.id, { email: "pierwszy@example.com", outboxStatus: "failed", lastError: "Skrzynka odbiorcy jest pełna.", createdAt: failedAt });
    await insertReportSending(user.id, ready.id, { email: "drugi@example.com", outboxStatus: "queued", createdAt: new Date(Date.now() - 60_000).toISOString() });

    const rows = blocksByTestId(await (await browser.get(`/reports/${ready.id}`)).text(), "report-sending", "</li>");
    expect(rows).toHaveLength(2);
    // Newest first.
    expect(rows[0]).toContain("drugi@example.com");
    expect(rows[0]).toContain(reportsText.delivery.queued);
    expect(rows[0]).not.toContain(reportsText.delivery.failed);
    expect(rows[0]).not.toContain("pierwszy@example.com");
    expect(rows[1]).toContain("pierwszy@example.com");
    expect(rows[1]).toContain(reportsText.delivery.failed);
    expect(rows[1]).toContain(reportsText.deliveryFailed("Skrzynka odbiorcy jest pełna."));
    expect(rows[1]).toContain(reportsText.requestedOn(formatDateTime(failedAt)));
    expect(rows[1]).not.toContain(reportsText.delivery.queued);
  });

  it("pages sendings", async () => {
    const { browser, user, project } = await setup();
    const ready = await insertReadyReport(user.id, project.id);
    const count = SENDINGS_PAGE_SIZE + 1;
    for (let index = 0; index < count; index++) {
      const createdAt = new Date(Date.now() - (count - index) * 60_000).toISOString();
      await insertReportSending(user.id, ready.id, { email: `odbiorca${index}@example.com`, outboxStatus: "sent", createdAt });
    }

    const firstHtml = await (await browser.get(`/reports/${ready.id}`)).text();
    expect(firstHtml.match(/data-testid="report-sending"/g)).toHaveLength(SENDINGS_PAGE_SIZE);
    expect(firstHtml).toMatch(new RegExp(`<a[^>]*rel="next"[^>]*href="/reports/${ready.id}\\?sendings=2"`));
    expect(visibleText(firstHtml)).toContain(common.nextPage);
    expect(visibleText(firstHtml)).toContain(`odbiorca${count - 1}@example.com`);

    const second = blocksByTestId(await (await browser.get(`/reports/${ready.id}?sendings=2`)).text(), "report-sending", "</li>");
    expect(second).toHaveLength(1);
    expect(second[0]).toContain("odbiorca0@example.com");
  });

  it("clamps a sendings page past the last", async () => {
    const { browser, user, project } = await setup();
    const ready = await insertReadyReport(user.id, project.id);
    await insertReportSending(user.id, ready.id, { email: "jedyny@example.com", outboxStatus: "sent", createdAt: new Date().toISOString() });

    const html = await (await browser.get(`/reports/${ready.id}?sendings=9`)).text();
    const text = visibleText(html);
    expect(text).not.toContain(reportsText.sendingsEmpty);
    expect(blocksByTestId(html, "report-sending", "</li>")).toHaveLength(1);
    expect(text).toContain("jedyny@example.com");
    expect(text).not.toContain(common.previousPage);
  });

  it("polls a queued delivery briefly", async () => {
    const { browser, user, project, clientEmail } = await setup();
    const ready = await insertReadyReport(user.id, project.id);
    await browser.post(`/reports/${ready.id}`, { intent: "send", email: clientEmail });
    const [sending] = await db.select().from(reportSendings).where(eq(reportSendings.reportId, ready.id));
    await eventually(async () => (await db.query.emailOutbox.findFirst({ where: eq(emailOutbox.id, sending.outboxId) }))?.status === "sent");
    const data = async () => {
      const response = await browser.get(`/reports/${ready.id}?_data=${encodeURIComponent("routes/_app.reports.$reportId")}`);
      expect(response.status).toBe(200);
      return (await response.json()) as { sendings: { polling: boolean } };
    };

    // Sent: nothing left to poll, and the row shows when it was requested, not "wysłano" twice.
    expect((await data()).sendings.polling).toBe(false);
    const sentText = await pageText(browser, `/reports/${ready.id}`);
    expect(sentText).toContain(reportsText.requestedOn(formatDateTime(sending.createdAt)));
    expect(sentText).toContain(reportsText.deliveryHelp);
    expect(sentText).not.toContain(reportsText.deliveryRefresh);

    // Waiting to leave: the page polls, and without JavaScript it offers a reload.
    await db.update(emailOutbox).set({ status: "queued" }).where(eq(emailOutbox.id, sending.outboxId));
    expect((await data()).sendings.polling).toBe(true);
    const queuedText = await pageText(browser, `/reports/${ready.id}`);
    expect(queuedText).toContain(reportsText.delivery.queued);
    expect(queuedText).toContain(reportsText.deliveryRefresh);

    await db.update(emailOutbox).set({ status: "retrying" }).where(eq(emailOutbox.id, sending.outboxId));
    expect((await data()).sendings.polling).toBe(true);

    // Still waiting minutes later: the e-mail is retrying with long pauses, so polling stops.
    await db
      .update(reportSendings)
      .set({ createdAt: new Date(Date.now() - 6 * 60_000).toISOString() })
      .where(eq(reportSendings.id, sending.id));
    expect((await data()).sendings.polling).toBe(false);
  });
});

describe("download link /r/", () => {
  async function sentLink() {
    const { browser, user, project, clientEmail } = await setup();
    const ready = await insertReadyReport(user.id, project.id);
    await browser.post(`/reports/${ready.id}`, { intent: "send", email: clientEmail });
    const mail = await waitForMail(clientEmail);
    return { browser, ready, link: linkFrom(mail.text, "/r/") };
  }

  it("is 404 for unknown tokens", async () => {
    const visitor = new Browser();
    const unknown = await visitor.get(`/r/${"A".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await visitor.get("/r/short")).status).toBe(404);
    expect((await visitor.get(`/r/${"A".repeat(42)}%2F`)).status).toBe(404);
  });

  it("is 404 once expired", async () => {
    const { ready, link } = await sentLink();
    await db
      .update(reportSendings)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(reportSendings.reportId, ready.id));
    const response = await new Browser().get(link);
    expect(response.status).toBe(404);
    const text = visibleText(await response.text());
    expect(text).toContain(reportEmailText.linkNotFoundText);
    expect(text).not.toContain(en.reportEmailText.linkNotFoundText);
  });

  it("explains a 404 in the client's language", async () => {
    const visitor = new Browser();
    const unknown = visibleText(await (await visitor.get(`/r/${"A".repeat(43)}`)).text());
    expect(unknown).toContain(reportEmailText.linkNotFoundTitle);
    expect(unknown).toContain(reportEmailText.linkNotFoundText);
    expect(unknown).toContain(en.reportEmailText.linkNotFoundText);
    expect(unknown).not.toContain(clientShellText.pl.notFoundText);

    const { ready, link } = await sentLink();
    await db.update(projects).set({ clientLocale: "en" }).where(eq(projects.id, ready.projectId));
    await db
      .update(reportSendings)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(reportSendings.reportId, ready.id));
    const expired = await visitor.get(link);
    expect(expired.status).toBe(404);
    const text = visibleText(await expired.text());
    expect(text).toContain(en.reportEmailText.linkNotFoundTitle);
    expect(text).toContain(en.reportEmailText.linkNotFoundText);
    expect(text).not.toContain(reportEmailText.linkNotFoundText);
  });

  it("is 404 after the report is deleted", async () => {
    const { browser, ready, link } = await sentLink();
    expect((await browser.post(`/reports/${ready.id}`, { intent: "delete" })).status).toBe(302);
    expect((await new Browser().get(link)).status).toBe(404);
  });

  it("is 404 when the PDF is missing", async () => {
    allowConsoleErrors();
    const { ready, link } = await sentLink();
    await env.FILES.delete(ready.r2Key ?? "");
    expect((await new Browser().get(link)).status).toBe(404);
  });
});

describe("report timeline and e-mail", () => {
  it("describes report activity", () => {
    const data = { periodStart: "2026-11-01", periodEnd: "2026-11-30" };
    const range = "01.11.2026–30.11.2026";
    expect(describeActivity({ action: "report.created", data })).toEqual([activityText.reportCreated(range)]);
    expect(describeActivity({ action: "report.ready", data })).toEqual([activityText.reportReady(range)]);
    expect(describeActivity({ action: "report.failed", data: { ...data, reason: "Przekroczono czas." } })).toEqual([
      activityText.reportFailed(range),
      activityText.reportFailureReason("Przekroczono czas."),
    ]);
    expect(describeActivity({ action: "report.retried", data })).toEqual([activityText.reportRetried(range)]);
    expect(describeActivity({ action: "report.deleted", data })).toEqual([activityText.reportDeleted(range)]);
    expect(describeActivity({ action: "report.sent", data: { ...data, email: "jan@example.com" } })).toEqual([
      activityText.reportSent(range, "jan@example.com"),
    ]);
    expect(describeActivity({ action: "report.created", data: {} })).toEqual([activityText.reportCreated(null)]);
    expect(describeActivity({ action: "account.report_logo_uploaded", data: {} })).toEqual([activityText.reportLogoUploaded]);
    expect(describeActivity({ action: "account.report_logo_removed", data: {} })).toEqual([activityText.reportLogoRemoved]);
    expect(describeActivity({ action: "account.report_logo_shown", data: {} })).toEqual([activityText.reportLogoShown]);
    expect(describeActivity({ action: "account.report_logo_hidden", data: {} })).toEqual([activityText.reportLogoHidden]);
  });

  it("escapes the e-mail's values", () => {
    const email = renderEmail("report", {
      locale: "pl",
      projectName: "<script>alert(1)</script>",
      freelancerName: "Anna „Nowak”",
      periodStart: "2026-11-01",
      periodEnd: "2026-11-30",
      reportUrl: "http://localhost:8787/r/token",
      expiresAt: "2026-12-31T10:00:00.000Z",
    });
    expect(email.html).not.toContain("<script>alert(1)</script>");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.text).toContain("01.11.2026–30.11.2026");
    expect(email.text).toContain(reportEmailText.expires("31.12.2026, 11:00"));
    expect(SECRET_DATA_KEYS).toContain("reportUrl");
  });

  it("names the e-mail's time zone", () => {
    const data = {
      projectName: "Sklep",
      freelancerName: "Anna Nowak",
      periodStart: "2026-11-01",
      periodEnd: "2026-11-30",
      reportUrl: "http://localhost:8787/r/token",
      expiresAt: "2026-12-31T10:00:00.000Z",
    };
    expect(renderEmail("report", { ...data, locale: "en" }).text).toContain("until 31.12.2026, 11:00 (Polish time)");
    expect(renderEmail("report", { ...data, locale: "pl" }).text).toContain("do 31.12.2026, 11:00 (czasu polskiego)");
  });
});

describe("one-day period", () => {
  const DAY = "2026-12-05";
  const doubled = "05.12.2026–05.12.2026";

  it("is one date in the timeline and e-mail", () => {
    const data = { periodStart: DAY, periodEnd: DAY };
    expect(describeActivity({ action: "report.created", data })).toEqual([activityText.reportCreated("05.12.2026")]);
    for (const locale of ["pl", "en"] as const) {
      const email = renderEmail("report", {
        ...data,
        locale,
        projectName: "Sklep",
        freelancerName: "Anna Nowak",
        reportUrl: "http://localhost:8787/r/token",
        expiresAt: "2026-12-31T10:00:00.000Z",
      });
      const intro = (locale === "en" ? en : { reportEmailText }).reportEmailText.intro("Anna Nowak", "Sklep", "05.12.2026");
      expect(email.text).toContain(intro);
      expect(email.text).not.toContain(doubled);
    }
  });

  it("is one date on the pages", async () => {
    const { browser, user, project } = await setup();
    const today = warsawDay();
    const single = formatDay(today);
    const ready = await insertReadyReport(user.id, project.id, { periodStart: today, periodEnd: today });

    const list = await pageText(browser, "/reports");
    expect(list).toContain(single);
    expect(list).not.toContain(`${single}–${single}`);
    const page = await pageText(browser, `/reports/${ready.id}`);
    expect(page).toContain(single);
    expect(page).not.toContain(`${single}–${single}`);

    const deleted = await browser.post(`/reports/${ready.id}`, { intent: "delete" });
    expect(visibleText(await followToPage(browser, deleted))).toContain(reportsText.deleted(single));
  });

  it("is one date when refused", async () => {
    const { browser, user, project } = await setup();
    await backdateProject(project.id, 10);
    const day = addDays(warsawDay(), -5);

    const response = await postPeriod(browser, project.id, day, day);
    expect(response.status).toBe(400);
    const text = visibleText(await response.text());
    expect(text).toContain(reportsText.noActivity(formatDay(day)));
    expect(text).not.toContain(`${formatDay(day)}–`);
    expect(await reportsOf(user.id)).toHaveLength(0);
  });
});
