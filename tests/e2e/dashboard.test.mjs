// The dashboard in Chromium with the demo data: the 14-day chart and its table for screen
// readers, the three cards, the budgets of the active projects and the notification feed with
// "Oznacz jako przeczytane". The expected numbers are computed here from the rows the seed
// wrote, read from the server's local D1 database with `wrangler d1 execute`, so the test also
// passes after other e2e files changed the demo data. Full-page screenshots at 1280×800 and
// 360×740 go to test-results/screenshots/ and are checked for horizontal overflow and
// overlapping blocks. A new freelancer sees "Pierwsze kroki" instead of the chart.
// Labels are the Polish UI texts of app/i18n/pl.ts (dashboardText).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { launchBrowser, linkFromMailbox, logInAsDemo, openPage, readDemoSummary, uniqueEmail, waitForHydration, withFailureScreenshot } from "./helpers.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCREENSHOTS_DIR = path.join(ROOT, "test-results/screenshots");

const CHART_DAYS = 14;
const BUDGET_PAGE_SIZE = 10;
const CHART_TABLE_NAME = "Zadania zrobione i opłacone w ostatnich 14 dniach";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// ---------------------------------------------------------------------------------------------
// Polish formats, written out here so the test does not share the app's formatters.

/** Replaces non-breaking spaces and other runs of white space with one space. */
function plainSpaces(text) {
  return text.replace(/\s+/g, " ").trim();
}

/** Formats grosze as `1 234,56 zł`. */
function money(grosze) {
  const zloty = String(Math.floor(grosze / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${grosze < 0 ? "-" : ""}${zloty},${String(Math.abs(grosze) % 100).padStart(2, "0")} zł`;
}

/** Picks the Polish plural form of a whole number: one, few (2–4 but not 12–14) or many. */
function pluralForm(count, one, few, many) {
  if (count === 1) return one;
  const lastDigit = count % 10;
  const lastTwo = count % 100;
  return lastDigit >= 2 && lastDigit <= 4 && (lastTwo < 12 || lastTwo > 14) ? few : many;
}

function taskCount(count) {
  return `${count} ${pluralForm(count, "zadanie", "zadania", "zadań")}`;
}

/** "zostało 8 dni", "zostały 2 dni", "został 1 dzień" or "kończy się dziś". */
function daysLeftLabel(days) {
  if (days <= 0) return "kończy się dziś";
  return `${pluralForm(days, "został", "zostały", "zostało")} ${days} ${pluralForm(days, "dzień", "dni", "dni")}`;
}

const warsawDayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw", year: "numeric", month: "2-digit", day: "2-digit" });

/** Europe/Warsaw calendar day (YYYY-MM-DD) of an instant. */
function warsawDay(instant) {
  return warsawDayFormat.format(new Date(instant));
}

/** Adds whole days to a YYYY-MM-DD day. */
function shiftDay(day, days) {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

function polishDay(day) {
  const [year, month, date] = day.split("-");
  return `${date}.${month}.${year}`;
}

// ---------------------------------------------------------------------------------------------
// The expected dashboard, from the demo freelancer's rows in the local D1 database.

/** Quotes a value for SQL. The values are ids from the seed summary. */
function sqlText(value) {
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * Reads the rows the dashboard is made of from the server's local database in `persistDir`, in
 * one `wrangler d1 execute` call (a few seconds). Returns one array of rows per query.
 */
function readRows(persistDir, userId) {
  const user = sqlText(userId);
  const queries = {
    users: `SELECT trial_ends_at, paid_until, plan, budget_warning_percent FROM users WHERE id = ${user}`,
    projects: `SELECT id, name, status, budget_baseline, created_at FROM projects WHERE user_id = ${user}`,
    tasks: `SELECT id, project_id, amount, acceptance, work_status, payment FROM tasks WHERE user_id = ${user}`,
    billItems: `SELECT bi.id, bi.bill_id, bi.task_id, bi.amount FROM bill_items bi JOIN bills b ON b.id = bi.bill_id WHERE b.user_id = ${user}`,
    activity: `SELECT action, subject_id, data, created_at FROM activity WHERE user_id = ${user}
      AND action IN ('task.status_changed', 'task.paid_manually', 'bill.paid', 'bill.paid_manually')`,
    payments: `SELECT method, status, amount, refunded_amount, paid_at FROM payments WHERE user_id = ${user} AND purpose = 'bill'`,
    unread: `SELECT count(*) AS count FROM notifications WHERE user_id = ${user} AND read_at IS NULL
      AND type NOT IN (SELECT type FROM notification_prefs WHERE user_id = ${user} AND in_feed = 0)`,
  };
  const command = Object.values(queries)
    .map((query) => query.replace(/\s+/g, " "))
    .join("; ");
  const result = spawnSync(
    "bash",
    [path.join(ROOT, "scripts/wrangler.sh"), "d1", "execute", "DB", "--local", "--persist-to", persistDir, "--json", "--command", command],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`Reading the demo data with wrangler d1 execute failed: ${result.stderr.trim()}`);
  const results = JSON.parse(result.stdout).map((entry) => entry.results);
  return Object.fromEntries(Object.keys(queries).map((name, index) => [name, results[index]]));
}

/** Returns the subscription card's line for the user's trial and paid period. */
function expectedSubscription(user, now) {
  const daysUntil = (end) => {
    const [from, to] = [warsawDay(now), warsawDay(end)].map((day) => Date.parse(`${day}T00:00:00Z`));
    return Math.max(0, Math.round((to - from) / 86_400_000));
  };
  if (user.paid_until && Date.parse(user.paid_until) > now) {
    const plan = { monthly: "Miesięczny", yearly: "Roczny" }[user.plan] ?? user.plan;
    return `${plan}: ${daysLeftLabel(daysUntil(user.paid_until))}`;
  }
  if (Date.parse(user.trial_ends_at) > now) return `Okres próbny: ${daysLeftLabel(daysUntil(user.trial_ends_at))}`;
  return "Abonament wygasł: konto tylko do odczytu";
}

/** Sums the Tpay money kept this Warsaw month: applied and flagged payments less their refunds. */
function expectedWallet(payments, now) {
  const month = warsawDay(now).slice(0, 7);
  return payments
    .filter((payment) => payment.method === "tpay" && ["applied", "flagged"].includes(payment.status) && warsawDay(payment.paid_at).startsWith(month))
    .reduce((sum, payment) => sum + payment.amount - payment.refunded_amount, 0);
}

/** Adds an amount for a task on a day, once per task and day, keeping the larger amount. */
function addMark(marks, day, key, amount) {
  const ofDay = marks.get(day) ?? new Map();
  ofDay.set(key, Math.max(ofDay.get(key) ?? 0, amount));
  marks.set(day, ofDay);
}

/**
 * Computes the chart's table rows. Per Warsaw day they count the tasks marked done (at their
 * current amount) and the tasks paid by hand or on a paid bill, each task once per day.
 */
function expectedChart(rows, now) {
  const today = warsawDay(now);
  const days = Array.from({ length: CHART_DAYS }, (_, index) => shiftDay(today, index - CHART_DAYS + 1));
  const amounts = new Map(rows.tasks.map((task) => [task.id, task.amount]));
  const done = new Map();
  const paid = new Map();
  for (const event of rows.activity) {
    const day = warsawDay(event.created_at);
    if (!days.includes(day)) continue;
    const data = JSON.parse(event.data);
    if (event.action === "task.status_changed" && data.to === "done") addMark(done, day, event.subject_id, amounts.get(event.subject_id) ?? 0);
    if (event.action === "task.paid_manually") addMark(paid, day, event.subject_id, data.amount ?? 0);
    if (event.action === "bill.paid" || event.action === "bill.paid_manually") {
      for (const item of rows.billItems.filter((candidate) => candidate.bill_id === event.subject_id)) {
        addMark(paid, day, item.task_id ?? item.id, item.amount);
      }
    }
  }
  const cell = (marks) => {
    const amounts = [...(marks?.values() ?? [])];
    return `${taskCount(amounts.length)}, ${money(amounts.reduce((sum, amount) => sum + amount, 0))}`;
  };
  return days.map((day) => ({ day, label: polishDay(day), done: cell(done.get(day)), paid: cell(paid.get(day)) }));
}

/** Orders projects newest first, and by id, descending, when they were created at the same time. */
function newestFirst(a, b) {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.id < b.id ? 1 : -1;
}

/** Computes the first page of "Budżet projektów": active projects, newest first, with their sums and warnings. */
function expectedBudgets(rows, warningPercent) {
  const active = rows.projects
    .filter((project) => project.status === "active")
    .sort(newestFirst)
    .slice(0, BUDGET_PAGE_SIZE);
  return active.map((project) => {
    const tasks = rows.tasks.filter((task) => task.project_id === project.id);
    const sum = (keep) => tasks.filter(keep).reduce((total, task) => total + task.amount, 0);
    const agreed = (task) => task.acceptance === "accepted" || task.acceptance === "not_required";
    const doneNotAccepted = (task) => task.work_status === "done" && task.acceptance === "pending";
    const accepted = sum(agreed);
    const baseline = project.budget_baseline;
    const extras = baseline === null ? 0 : Math.max(0, accepted - baseline);
    const warnings = [];
    const waiting = tasks.filter(doneNotAccepted);
    if (waiting.length > 0) {
      warnings.push(`Zrobione, ale jeszcze niezaakceptowane przez klienta: ${taskCount(waiting.length)} za ${money(sum(doneNotAccepted))}.`);
    }
    if (baseline !== null && extras > 0 && extras * 100 > baseline * warningPercent) {
      const percent = Math.floor((extras * 100) / baseline);
      warnings.push(`Zaakceptowane dodatki (${money(extras)}) przekraczają pierwszą uzgodnioną kwotę o ${percent}% (próg: ${warningPercent}%).`);
    }
    return {
      projectId: project.id,
      name: project.name,
      sums: {
        Zaakceptowane: money(accepted),
        "Czeka na akceptację": money(sum((task) => task.acceptance === "pending")),
        Zrobione: money(sum((task) => task.work_status === "done" && task.acceptance !== "rejected")),
        Opłacone: money(sum((task) => task.payment === "paid" && task.acceptance !== "rejected")),
        Nieopłacone: money(sum((task) => task.payment !== "paid" && agreed(task))),
        "Pierwotny budżet": baseline === null ? "nie ustalono" : money(baseline),
      },
      warnings,
    };
  });
}

function expectedDashboard(rows, now) {
  const [user] = rows.users;
  const active = rows.projects.filter((project) => project.status === "active").length;
  return {
    cards: [
      { title: "Abonament", value: expectedSubscription(user, now) },
      { title: "Portfel w tym miesiącu", value: money(expectedWallet(rows.payments, now)) },
      { title: "Projekty", value: `Aktywne: ${active} z ${rows.projects.length}` },
    ],
    chart: expectedChart(rows, now),
    budgets: expectedBudgets(rows, user.budget_warning_percent),
    unread: Math.min(rows.unread[0].count, 100),
  };
}

// ---------------------------------------------------------------------------------------------
// What the page shows, in the same shape.

/** Reads the header's unread count (0 when the badge is absent; "99+" counts as 100). */
async function unreadBadge(page) {
  const badge = page.getByTestId("unread-count");
  if ((await badge.count()) === 0) return 0;
  const text = (await badge.locator('[aria-hidden="true"]').innerText()).trim();
  return text === "99+" ? 100 : Number(text);
}

async function readDashboard(page) {
  const cards = await page
    .getByRole("region", { name: "Podsumowanie konta", exact: true })
    .locator(":scope > .card")
    .evaluateAll((elements) => elements.map((card) => ({ title: card.querySelector("h2").textContent, value: card.querySelector("p").textContent })));
  const chart = await page
    .getByTestId("chart-table")
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((row) => ({
        day: row.dataset.day,
        label: row.querySelector("th").textContent,
        done: row.querySelectorAll("td")[0].textContent,
        paid: row.querySelectorAll("td")[1].textContent,
      })),
    );
  const budgets = await page.getByTestId("budget-glance").evaluateAll((elements) =>
    elements.map((element) => ({
      projectId: element.dataset.projectId,
      name: element.querySelector("h3").textContent,
      sums: Object.fromEntries([...element.querySelectorAll("dl > div")].map((pair) => [pair.querySelector("dt").textContent, pair.querySelector("dd").textContent])),
      warnings: [...element.querySelectorAll('[role="status"]')].map((warning) => warning.textContent),
    })),
  );
  const normalize = (value) => (typeof value === "string" ? plainSpaces(value) : value);
  const deepNormalize = (value) =>
    Array.isArray(value)
      ? value.map(deepNormalize)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [normalize(key), deepNormalize(inner)]))
        : normalize(value);
  return deepNormalize({ cards, chart, budgets, unread: await unreadBadge(page) });
}

/**
 * Opens /dashboard and compares it with the database. Another e2e file may change the demo data
 * between the two reads, so a mismatch is read once more before it fails the test.
 */
async function assertDashboardMatchesData(page, summary) {
  const persistDir = process.env.E2E_PERSIST_DIR ?? path.dirname(process.env.E2E_DEMO_SUMMARY);
  let actual;
  let expected;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const now = Date.now();
    expected = expectedDashboard(readRows(persistDir, summary.userId), now);
    await page.goto("/dashboard");
    actual = await readDashboard(page);
    if (JSON.stringify(actual) === JSON.stringify(expected)) break;
  }
  assert.deepEqual(actual.cards, expected.cards, "the cards differ from the data");
  assert.deepEqual(actual.chart, expected.chart, "the chart's table differs from the data");
  assert.deepEqual(actual.budgets, expected.budgets, "the project budgets differ from the data");
  assert.equal(actual.unread, expected.unread, "the header's unread count differs from the data");
  return expected;
}

// ---------------------------------------------------------------------------------------------
// Layout checks.

function intersects(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Returns the page-relative boxes of the header and the dashboard's blocks, each with a name. */
async function blockBoxes(page) {
  return page.evaluate(() => {
    const named = [
      ["header", document.querySelector("header")],
      ["chart", document.querySelector('section[aria-labelledby="chart-title"]')],
      ["first steps", document.querySelector('[data-testid="first-steps"]')],
      ...[...document.querySelectorAll('section[aria-label="Podsumowanie konta"] > .card')].map((card, index) => [`card ${index + 1}`, card]),
      ...[...document.querySelectorAll('[data-testid="budget-glance"]')].map((budget, index) => [`budget ${index + 1}`, budget]),
      ["feed", document.querySelector('aside[aria-labelledby="feed-title"]')],
    ];
    return named
      .filter(([, element]) => element)
      .map(([name, element]) => {
        const rect = element.getBoundingClientRect();
        return { name, x: rect.x + window.scrollX, y: rect.y + window.scrollY, width: rect.width, height: rect.height };
      });
  });
}

/**
 * Checks that the page does not scroll sideways, that every block is inside the page's width
 * with a size, and that no two blocks overlap (the header included).
 */
async function assertLayout(page, expectedBlocks) {
  // The viewport's width, not innerWidth: a mobile browser widens innerWidth to fit content that overflows.
  const innerWidth = page.viewportSize().width;
  const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(scrollWidth <= innerWidth, `the page scrolls sideways: scrollWidth ${scrollWidth} > viewport width ${innerWidth}`);

  const boxes = await blockBoxes(page);
  assert.deepEqual(
    boxes.map((box) => box.name).filter((name) => !name.startsWith("budget")),
    expectedBlocks,
    "the page lacks one of the dashboard's blocks",
  );
  for (const box of boxes) {
    assert.ok(box.width > 0, `${box.name} has no width: ${JSON.stringify(box)}`);
    assert.ok(box.height > 0, `${box.name} has no height: ${JSON.stringify(box)}`);
    assert.ok(box.x >= 0, `${box.name} starts left of the page: ${JSON.stringify(box)}`);
    assert.ok(box.x + box.width <= innerWidth + 0.5, `${box.name} sticks out of the ${innerWidth} px page: ${JSON.stringify(box)}`);
  }
  for (const [index, a] of boxes.entries()) {
    for (const b of boxes.slice(index + 1)) {
      assert.ok(!intersects(a, b), `${a.name} overlaps ${b.name}: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
    }
  }
}

async function saveDashboardScreenshot(page, name) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Checks the chart's drawing: 14 day columns of two bars each, and the table's accessible name. */
async function assertChartDrawn(page) {
  const chart = page.getByTestId("dashboard-chart");
  assert.ok(await chart.isVisible(), "the chart is not visible");
  assert.equal(await chart.getAttribute("aria-hidden"), "true", "the drawing must be hidden from screen readers, which read the table");
  const columns = chart.locator("g[data-day]");
  assert.equal(await columns.count(), CHART_DAYS);
  for (const index of [0, CHART_DAYS - 1]) assert.equal(await columns.nth(index).locator("rect").count(), 2);

  // The table is visually hidden but named by its caption for screen readers.
  const table = page.getByRole("table", { name: CHART_TABLE_NAME });
  assert.equal(await table.count(), 1, `no table named "${CHART_TABLE_NAME}" for screen readers`);
  const headers = plainSpaces(await table.locator("thead").innerText());
  assert.equal(headers, "Dzień Zrobione (liczba, kwota) Opłacone (liczba, kwota)");
}

test("dashboard shows the demo data at 1280 px", { timeout: 90_000 }, async (t) => {
  const summary = readDemoSummary();
  if (!summary?.userId) {
    t.skip("no demo summary: run through scripts/e2e.sh, which seeds the server it starts");
    return;
  }
  const { page, context, assertNoPageErrors } = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  await withFailureScreenshot(page, "dashboard-1280", async () => {
    await logInAsDemo(page);
    const expected = await assertDashboardMatchesData(page, summary);

    await assertChartDrawn(page);
    // The demo's tasks were done and paid within the last six days, so the chart is not empty.
    assert.ok(
      expected.chart.some((day) => !day.done.startsWith("0 ") && !day.paid.startsWith("0 ")),
      "the demo data has no task done and no task paid in the last 14 days",
    );
    assert.ok(expected.budgets.length > 0, "the demo freelancer has no active project");

    await saveDashboardScreenshot(page, "dashboard-1280");
    await assertLayout(page, ["header", "chart", "card 1", "card 2", "card 3", "feed"]);
    assertNoPageErrors();
  });
  await context.close();
});

test("mark read lowers the unread count", { timeout: 60_000 }, async () => {
  const { page, context, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "dashboard-mark-read", async () => {
    await logInAsDemo(page);
    await waitForHydration(page);
    const feed = page.getByTestId("dashboard-feed");
    const buttons = feed.getByRole("button", { name: "Oznacz jako przeczytane" });
    const unreadBefore = await unreadBadge(page);
    const buttonsBefore = await buttons.count();
    // The seed leaves the client's notifications of the last 30 hours unread.
    assert.ok(buttonsBefore > 0, "the demo feed has no unread notification");
    assert.ok(unreadBefore >= buttonsBefore, `the header counts ${unreadBefore} unread, the feed shows ${buttonsBefore}`);
    const firstUnread = feed.getByRole("listitem").filter({ has: page.getByRole("button", { name: "Oznacz jako przeczytane" }) }).first();
    const headline = plainSpaces(await firstUnread.locator("p").first().innerText());

    await buttons.first().click();
    await page.getByText("Oznaczono jako przeczytane.").waitFor();

    assert.equal(await unreadBadge(page), unreadBefore - 1, "the header's unread count did not drop by one");
    assert.equal(await buttons.count(), buttonsBefore - 1, "the feed still shows as many unread notifications");
    // The read item stays in the feed, without its "Nieprzeczytane" prefix for screen readers.
    const readHeadline = headline.replace(/^Nieprzeczytane: /, "");
    assert.notEqual(readHeadline, headline, `the unread item did not start with "Nieprzeczytane:": ${headline}`);
    assert.ok((await feed.getByRole("listitem").filter({ hasText: readHeadline }).count()) >= 1, `"${readHeadline}" left the feed`);
    assertNoPageErrors();
  });
  await context.close();
});

test("dashboard fits a 360 px phone", { timeout: 90_000 }, async (t) => {
  const summary = readDemoSummary();
  if (!summary?.userId) {
    t.skip("no demo summary: run through scripts/e2e.sh, which seeds the server it starts");
    return;
  }
  const { page, context, assertNoPageErrors } = await openPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await withFailureScreenshot(page, "dashboard-360", async () => {
    await logInAsDemo(page);
    await assertDashboardMatchesData(page, summary);
    await assertChartDrawn(page);

    const chartWidth = (await page.getByTestId("dashboard-chart").boundingBox())?.width ?? 0;
    assert.ok(chartWidth > 200, `the chart is only ${chartWidth} px wide on a 360 px screen`);
    assert.ok(chartWidth <= 360, `the chart is ${chartWidth} px wide on a 360 px screen`);
    await saveDashboardScreenshot(page, "dashboard-360");
    await assertLayout(page, ["header", "chart", "card 1", "card 2", "card 3", "feed"]);
    assertNoPageErrors();
  });
  await context.close();
});

test("new freelancer sees first steps", { timeout: 90_000 }, async () => {
  const account = { name: "Zofia Źrebięcka", email: uniqueEmail("e2e-dashboard"), password: "haslo-testowe-e2e-456" };
  const { page, context, assertNoPageErrors } = await openPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const mailbox = await openPage(browser);
  await withFailureScreenshot(page, "dashboard-first-steps", async () => {
    await page.goto("/register");
    await page.getByLabel("Imię i nazwisko").fill(account.name);
    await page.getByLabel("E-mail").fill(account.email);
    await page.getByLabel("Hasło").fill(account.password);
    await page.getByRole("button", { name: "Załóż konto" }).click();
    await page.waitForURL("**/login");
    await page.goto(await linkFromMailbox(mailbox.page, account.email, "/activate/"));
    await page.getByLabel("Hasło").fill(account.password);
    await page.getByRole("button", { name: "Aktywuj konto" }).click();
    await page.getByText("Konto jest aktywne. Możesz się zalogować.").waitFor();
    await page.getByLabel("E-mail").fill(account.email);
    await page.getByLabel("Hasło").fill(account.password);
    await page.getByRole("button", { name: "Zaloguj się" }).click();
    await page.waitForURL("**/dashboard");

    const guide = page.getByTestId("first-steps");
    await guide.getByRole("heading", { name: "Pierwsze kroki" }).waitFor();
    assert.equal(await guide.getByRole("listitem").count(), 5);
    assert.ok(await guide.getByRole("link", { name: "Dodaj klienta" }).isVisible());
    assert.ok(await guide.getByRole("link", { name: "Załóż projekt" }).isVisible());
    assert.equal(await page.getByTestId("dashboard-chart").count(), 0, "a new account must not see the chart");
    assert.equal(await page.getByRole("heading", { name: "Budżet projektów" }).count(), 0);
    const cards = (await readDashboard(page)).cards;
    assert.deepEqual(cards, [
      { title: "Abonament", value: "Okres próbny: zostało 14 dni" },
      { title: "Portfel w tym miesiącu", value: "0,00 zł" },
      { title: "Projekty", value: "Aktywne: 0 z 0" },
    ]);
    await page.getByText("Brak powiadomień.").waitFor();

    await saveDashboardScreenshot(page, "dashboard-first-steps-360");
    await assertLayout(page, ["header", "first steps", "card 1", "card 2", "card 3", "feed"]);
    assertNoPageErrors();
  });
  await mailbox.context.close();
  await context.close();
});
