// Measures every page of Klamp, the Tpay notification route and a few heavier variants under
// load with autocannon, against the bare /hello route of the same Worker in the same run. It also
// times the dashboard of a 5,000-task account request by request against its target, and the
// rendering of a 500-task PDF report through the report queue. It writes docs/benchmarks.md.
// The page list comes from the Remix build (scripts/bench-pages.mjs): a GET route without a
// declared URL fails the run.
// Run it through `npm run bench` (scripts/bench.sh), which starts a seeded server with
// D1_QUERY_LOG=1 and passes:
//   BENCH_BASE_URL       the server, such as http://localhost:8799
//   BENCH_DEMO_SUMMARY   the JSON written by scripts/seed.mjs --summary-file --bench-data
//   BENCH_PERSIST_DIR    the server's local state directory (--persist-to), where the ids of the
//                        pages' objects and the report rows' timestamps are read
//   BENCH_INSPECTOR_PORT the inspector port of wrangler dev on 127.0.0.1; when set (not in short
//                        mode), the slowest page is loaded once more under the CPU profiler
// Short mode (BENCH_SHORT=1 or --short), for CI: 1 s per page with 2 connections and no warm-up,
// without the Tpay rows, the sequential dashboard timing and the 500-task PDF reports. It prints
// the table, writes no document, and exits with status 1 only when a route is undeclared or a
// response has another status than the declared one (2xx unless declared).
// Optional settings (the short mode's defaults in brackets):
//   BENCH_DURATION     seconds of load per route (default 10 [1]); the row of first Tpay
//                      notifications sends BENCH_PAYMENT_BILLS (scripts/seed-bench.mjs) requests instead
//   BENCH_CONNECTIONS  concurrent connections (default 10 [2])
//   BENCH_WARMUP       seconds of unrecorded load per route before measuring (default 2 [0])
//   BENCH_REPORT_RUNS  reports of the 500-task project rendered one after another (default 3)
//   BENCH_DASHBOARD_REQUESTS  sequential GET /dashboard requests timed for the median and p95
//                      (default 50, after 5 unrecorded ones)
//   BENCH_OUTPUT       the Markdown file to write (default docs/benchmarks.md, [-]), or "-" to only print
import autocannon from "autocannon";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  BENCH_BILL_ID,
  BENCH_DASHBOARD_COMPLETED_PROJECTS,
  BENCH_DASHBOARD_EMAIL,
  BENCH_DASHBOARD_PASSWORD,
  BENCH_DASHBOARD_PROJECTS,
  BENCH_DASHBOARD_TASKS,
  BENCH_PAYMENT_BILLS,
  BENCH_PAYMENTS_PROJECT_ID,
  BENCH_REPORT_PROJECT_ID,
  BENCH_REPORT_TASKS,
  BENCH_TASK_LIST_PROJECT_ID,
  BENCH_TASK_LIST_TASKS,
  benchPaymentBillId,
} from "./seed-bench.mjs";
import { declarePages, readGetRoutes } from "./bench-pages.mjs";
import { profileWorker } from "./bench-profile.mjs";
import { CLIENT_BUDGET_BYTES, measureClientRoutes } from "./check-budgets.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the benchmark with npm run bench`);
  return value;
}

function positiveNumber(name, fallback, { allowZero = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    throw new Error(`${name} must be a ${allowZero ? "non-negative" : "positive"} number, got "${raw}"`);
  }
  return value;
}

const shortMode = process.env.BENCH_SHORT === "1" || process.argv.slice(2).includes("--short");
const baseUrl = requiredEnv("BENCH_BASE_URL").replace(/\/+$/, "");
const demo = JSON.parse(readFileSync(requiredEnv("BENCH_DEMO_SUMMARY"), "utf8"));
const durationSeconds = positiveNumber("BENCH_DURATION", shortMode ? 1 : 10);
const connections = positiveNumber("BENCH_CONNECTIONS", shortMode ? 2 : 10);
const warmupSeconds = positiveNumber("BENCH_WARMUP", shortMode ? 0 : 2, { allowZero: true });
const reportRuns = positiveNumber("BENCH_REPORT_RUNS", 3);
const dashboardRequests = positiveNumber("BENCH_DASHBOARD_REQUESTS", 50);
const persistDir = process.env.BENCH_PERSIST_DIR || null;
const inspectorPort = process.env.BENCH_INSPECTOR_PORT || null;
const outputFile = process.env.BENCH_OUTPUT ?? (shortMode ? "-" : path.join(ROOT, "docs/benchmarks.md"));
const serverBuildFile = path.join(ROOT, "build/index.js");
if (!demo.benchProjectId || !demo.benchShareToken) {
  throw new Error("BENCH_DEMO_SUMMARY has no benchmark project: seed with scripts/seed.mjs --bench-data, as npm run bench does");
}

/** Logs in as a freelancer, by default the demo one, and returns the Cookie header of the session. */
async function logIn(email = demo.email, password = demo.password) {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ email, password }),
  });
  const cookies = response.headers.getSetCookie().map((header) => header.split(";")[0]);
  const session = cookies.find((cookie) => cookie.includes("klamp_session="));
  if (response.status !== 302 || !session) {
    throw new Error(`Login as ${email} failed: POST /login returned ${response.status} without a session cookie`);
  }
  return cookies.join("; ");
}

/** Sends one request and reads its status and the X-D1-* headers that D1_QUERY_LOG=1 adds. */
async function probe(route) {
  const response = await fetch(`${baseUrl}${route.path}`, {
    method: route.method ?? "GET",
    headers: route.headers,
    body: route.body,
    redirect: "manual",
  });
  const body = await response.arrayBuffer();
  const header = (name) => (response.headers.has(name) ? Number(response.headers.get(name)) : null);
  return {
    status: response.status,
    text: new TextDecoder().decode(body),
    queries: header("X-D1-Queries"),
    batches: header("X-D1-Batches"),
    batched: header("X-D1-Batched"),
    ...serverTiming(response.headers.get("Server-Timing")),
    kilobytes: round(body.byteLength / 1024, 0),
  };
}

/** Reads the d1 and total durations in ms from a Server-Timing header (workers/d1-counter.ts). */
function serverTiming(header) {
  const duration = (name) => {
    const match = new RegExp(`(?:^|,)\\s*${name};dur=(\\d+(?:\\.\\d+)?)`).exec(header ?? "");
    return match ? Number(match[1]) : null;
  };
  return { d1Ms: duration("d1"), totalMs: duration("total") };
}

function load(route, seconds) {
  return autocannon({
    url: `${baseUrl}${route.path}`,
    method: route.method ?? "GET",
    headers: route.headers,
    body: route.body,
    connections,
    duration: seconds,
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const FORM_HEADERS = { "Content-Type": "application/x-www-form-urlencoded" };

// The local Tpay sandbox's demo merchant, which the demo freelancer is connected to
// (SANDBOX_DEMO_MERCHANT in workers/tpay-sandbox/storage.ts; public, development only).
const SANDBOX_DEMO_MERCHANT = { clientId: "12345-0123456789abcdef", clientSecret: "dev-only-demo-client-secret" };

/**
 * Presses "Zapłać teraz" on the client's page of a bill: the app creates the Tpay transaction
 * in the sandbox and redirects to the sandbox's payer page. Returns that page's URL and the
 * transaction's title.
 */
async function startBillPayment(shareToken, billId) {
  const billPath = `/p/${shareToken}/bills/${billId}`;
  const response = await fetch(`${baseUrl}${billPath}`, {
    method: "POST",
    redirect: "manual",
    headers: { ...FORM_HEADERS, Origin: baseUrl },
    body: new URLSearchParams({ intent: "pay" }),
  });
  const paymentUrl = response.headers.get("Location") ?? "";
  const payPage = /\/tpay-sandbox\/pay\/(TR-[A-Z0-9-]+)$/.exec(paymentUrl);
  if (![302, 303].includes(response.status) || !payPage) {
    throw new Error(`"Zapłać teraz" (POST ${billPath}) returned ${response.status} to "${paymentUrl}", expected a redirect to the sandbox's payer page`);
  }
  return { paymentUrl: new URL(paymentUrl, baseUrl), title: payPage[1] };
}

/** Reads a project's client link token from the freelancer's project page. */
async function readShareToken(projectId, cookie) {
  const response = await fetch(`${baseUrl}/projects/${projectId}`, { headers: { cookie } });
  const token = /\/p\/([A-Za-z0-9_-]{43})/.exec(await response.text())?.[1];
  if (response.status !== 200 || !token) throw new Error(`The project page /projects/${projectId} returned ${response.status} without a client link`);
  return token;
}

/** Returns the sandbox transaction id of each title, from the demo merchant's newest 100 transactions. */
async function sandboxTransactionIds(titles) {
  const auth = await fetch(`${baseUrl}/tpay-sandbox/oauth/auth`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ client_id: SANDBOX_DEMO_MERCHANT.clientId, client_secret: SANDBOX_DEMO_MERCHANT.clientSecret }),
  });
  const { access_token: accessToken } = await auth.json();
  if (auth.status !== 200 || !accessToken) throw new Error(`The sandbox rejected the demo merchant's credentials with HTTP ${auth.status}`);
  const list = await fetch(`${baseUrl}/tpay-sandbox/transactions`, { headers: { Authorization: `Bearer ${accessToken}` } });
  const { transactions } = await list.json();
  const idByTitle = new Map(transactions.map((transaction) => [transaction.title, transaction.transactionId]));
  const missing = titles.filter((title) => !idByTitle.has(title));
  if (missing.length > 0) throw new Error(`The sandbox's transaction list lacks ${missing.length} of the bench's transactions, such as ${missing[0]}`);
  return titles.map((title) => idByTitle.get(title));
}

/**
 * Measures first notifications: the payments project's bills (scripts/seed-bench.mjs) each get
 * a Tpay transaction through "Zapłać teraz", then autocannon pays each once through the sandbox's
 * control API with {"deliver":"now"}. That request marks the sandbox transaction paid, signs
 * and stores the notification, posts it to the app and waits for the app's response, so its
 * latency is the app's first application plus the sandbox's own work. There is no warm-up:
 * every transaction can be paid once.
 */
async function measureFirstNotifications(cookie) {
  const shareToken = await readShareToken(BENCH_PAYMENTS_PROJECT_ID, cookie);
  process.stdout.write(`[bench] Starting ${BENCH_PAYMENT_BILLS} Tpay transactions with "Zapłać teraz"...\n`);
  const titles = [];
  for (let number = 1; number <= BENCH_PAYMENT_BILLS; number++) {
    titles.push((await startBillPayment(shareToken, benchPaymentBillId(number))).title);
  }
  const pending = await sandboxTransactionIds(titles);

  process.stdout.write(`[bench] First notifications: ${pending.length} payments through the sandbox with ${connections} connections\n`);
  const answers = { applied: 0, other: [] };
  const result = await autocannon({
    url: baseUrl,
    connections,
    amount: pending.length,
    requests: [
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        setupRequest: (request) => ({
          ...request,
          path: `/tpay-sandbox/__sim/transactions/${pending.shift()}/pay`,
          body: JSON.stringify({ deliver: "now" }),
        }),
        onResponse: (status, body) => {
          const answer = status === 200 ? JSON.parse(body) : null;
          if (answer?.status === 200 && answer.body?.trim() === "TRUE") answers.applied++;
          else answers.other.push(`${status} ${body.slice(0, 200)}`);
        },
      },
    ],
  });
  if (answers.other.length > 0) throw new Error(`The app did not respond TRUE to ${answers.other.length} first notifications, such as: ${answers.other[0]}`);
  return {
    label: "POST /tpay-sandbox/__sim/transactions/<id>/pay",
    description: "Tpay notification, first application (through the sandbox: pay, sign, deliver, response)",
    status: 200,
    queries: null,
    batches: null,
    batched: null,
    kilobytes: 0,
    requestsPerSecond: round(result.requests.average, 0),
    p50: round(result.latency.p50),
    p99: round(result.latency.p99),
    d1Ms: null,
    totalMs: null,
    unexpected: result.non2xx + result.errors + result.timeouts,
    count: answers.applied,
  };
}

/**
 * Pays the benchmark's bill (scripts/seed-bench.mjs) the way a client does, through the app and
 * the local Tpay sandbox, and returns the notification the sandbox signed for it:
 * 1. "Zapłać teraz" on the client's bill page: the app creates the transaction in the sandbox
 *    and redirects to the sandbox's payer page;
 * 2. "Zapłać" on that page: the sandbox marks the transaction paid and queues the signed
 *    notification (form body and X-JWS-Signature) to the demo freelancer's notification URL;
 * 3. the sandbox's queue delivers it and the app applies the payment; the sandbox's log
 *    (/tpay-sandbox/__sim/notifications) then contains the exact bytes and headers it sent.
 * Replaying those bytes is a verified duplicate: JWS and md5 check out, the payment is there.
 */
async function recordPaymentNotification() {
  const { paymentUrl, title } = await startBillPayment(demo.benchShareToken, BENCH_BILL_ID);
  const paid = await fetch(paymentUrl, { method: "POST", redirect: "manual", headers: FORM_HEADERS, body: "action=exact" });
  if (![302, 303].includes(paid.status)) throw new Error(`Paying ${title} on the sandbox's page returned ${paid.status}, expected a redirect to the return page`);

  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${baseUrl}/tpay-sandbox/__sim/notifications?title=${encodeURIComponent(title)}`);
    const { notifications } = await response.json();
    const notification = notifications.find((entry) => entry.trStatus === "TRUE");
    if (notification?.status === "delivered") {
      return { id: notification.id, title, url: new URL(notification.url), body: notification.body, headers: notification.headers };
    }
    if (notification?.status === "failed" || Date.now() > deadline) {
      const last = notification?.log.at(-1);
      throw new Error(`The sandbox's notification for ${title} was not delivered: ${last ? `${last.status} ${last.body ?? last.error}` : "no attempt yet"}`);
    }
    await sleep(250);
  }
}

// Remix route ids for the `?_data=` requests, which return a route loader's JSON instead of the page.
const NEW_REPORT_ROUTE = "routes/_app.projects.$projectId_.reports.new";
const REPORT_ROUTE = "routes/_app.reports.$reportId";

/** How often the report's state is read while it renders, and for how long at most. */
const REPORT_POLL_MS = 100;
const REPORT_TIMEOUT_MS = 180_000;

/** GETs a route's loader data as JSON with the session cookie. */
async function loaderData(pathname, routeId, cookie) {
  const response = await fetch(`${baseUrl}${pathname}?_data=${encodeURIComponent(routeId)}`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`GET ${pathname} (loader data) returned ${response.status}, expected 200`);
  return response.json();
}

/** Reads the page count of a PDF with poppler's pdfinfo. Returns null when pdfinfo is not installed. */
function pdfInfoPages(bytes) {
  const result = spawnSync("pdfinfo", ["-"], { input: bytes, encoding: "utf8" });
  if (result.error) return null;
  const pages = /^Pages:\s+(\d+)/m.exec(result.stdout ?? "");
  if (result.status !== 0 || !pages) throw new Error(`pdfinfo could not read the downloaded report: ${result.stderr.trim()}`);
  return Number(pages[1]);
}

/**
 * Renders one report of a project, by default the 500-task one (BENCH_REPORT_PROJECT_ID in
 * scripts/seed-bench.mjs), for the given period, as the freelancer does: POSTs "Zapisz raport" of "Stwórz raport",
 * then reads the report page's loader data every REPORT_POLL_MS until it is ready. Returns the
 * report's id, the time from the request to the first ready read, and the PDF's size, pages and
 * tasks from the row. The PDF is downloaded once to check that it is a PDF of that size and
 * page count.
 */
async function renderReport(cookie, period, projectId = BENCH_REPORT_PROJECT_ID) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/projects/${projectId}/reports/new`, {
    method: "POST",
    redirect: "manual",
    headers: { ...FORM_HEADERS, Origin: baseUrl, cookie },
    body: new URLSearchParams(period),
  });
  const location = response.headers.get("Location") ?? "";
  const reportId = /^\/reports\/([^/?#]+)$/.exec(location)?.[1];
  if (![302, 303].includes(response.status) || !reportId) {
    throw new Error(`"Zapisz raport" returned ${response.status} to "${location}", expected a redirect to the new report's page`);
  }

  let report;
  for (;;) {
    ({ report } = await loaderData(`/reports/${reportId}`, REPORT_ROUTE, cookie));
    if (report.status === "ready") break;
    if (report.status === "failed") throw new Error(`Report ${reportId} failed: ${report.failureReason}`);
    if (performance.now() - started > REPORT_TIMEOUT_MS) {
      throw new Error(`Report ${reportId} was still ${report.status} after ${REPORT_TIMEOUT_MS / 1000} s`);
    }
    await sleep(REPORT_POLL_MS);
  }
  const seconds = (performance.now() - started) / 1000;

  const download = await fetch(`${baseUrl}/reports/${reportId}/download`, { headers: { cookie } });
  const bytes = Buffer.from(await download.arrayBuffer());
  if (download.status !== 200 || bytes.subarray(0, 5).toString("latin1") !== "%PDF-") {
    throw new Error(`The download of report ${reportId} returned ${download.status} without a PDF`);
  }
  if (bytes.length !== report.size) {
    throw new Error(`Report ${reportId}: the downloaded PDF has ${bytes.length} bytes, but its reports row records a size of ${report.size}`);
  }
  const pages = pdfInfoPages(bytes);
  if (pages !== null && pages !== report.pageCount) {
    throw new Error(`Report ${reportId}: pdfinfo reads ${pages} pages, but its reports row records ${report.pageCount}`);
  }

  return {
    id: reportId,
    seconds: round(seconds, 2),
    attempts: report.attempts,
    kilobytes: round(report.size / 1024, 0),
    pages: report.pageCount,
    tasks: report.taskCount,
  };
}

/**
 * Reads the server's timestamps of the reports from the local D1 database in BENCH_PERSIST_DIR:
 * created_at (the request), claimed_at (the consumer's claim) and updated_at (marked ready).
 * Returns a map from report id to the seconds waited in the queue and spent rendering, or an
 * empty map without BENCH_PERSIST_DIR.
 */
function readReportTimes(ids) {
  if (!persistDir) return new Map();
  const list = ids.map(sqlString).join(", ");
  const results = queryLocalD1(`SELECT id, created_at, claimed_at, updated_at FROM reports WHERE id IN (${list})`, "the reports' timestamps");
  const seconds = (from, to) => round((Date.parse(to) - Date.parse(from)) / 1000, 2);
  return new Map(
    results.map((row) => [
      row.id,
      { queueSeconds: seconds(row.created_at, row.claimed_at), renderSeconds: seconds(row.claimed_at, row.updated_at) },
    ]),
  );
}

function sqlString(value) {
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** Runs one read-only query on the server's local D1 database in BENCH_PERSIST_DIR and returns its rows. */
function queryLocalD1(sql, what) {
  if (!persistDir) throw new Error(`Reading ${what} needs BENCH_PERSIST_DIR; run the benchmark with npm run bench`);
  const result = spawnSync(
    "bash",
    [path.join(ROOT, "scripts/wrangler.sh"), "d1", "execute", "DB", "--local", "--persist-to", persistDir, "--json", "--command", sql],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (result.status !== 0) throw new Error(`Reading ${what} with wrangler d1 execute failed: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout)[0].results;
}

/**
 * Sends "Nie pamiętam hasła" for the demo freelancer, so that the development mailbox has a
 * message, and returns that message's id once the e-mail queue has stored it.
 */
async function makeMailboxMessage() {
  const response = await fetch(`${baseUrl}/forgot-password`, {
    method: "POST",
    redirect: "manual",
    headers: { ...FORM_HEADERS, Origin: baseUrl },
    body: new URLSearchParams({ email: demo.email }),
  });
  if (![302, 303].includes(response.status)) throw new Error(`POST /forgot-password returned ${response.status}, expected a redirect`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { messages } = await loaderData("/dev/mailbox", "routes/dev.mailbox._index", "");
    if (messages.length > 0) return messages[0].id;
    if (Date.now() > deadline) throw new Error("The development mailbox was still empty 30 s after POST /forgot-password");
    await sleep(250);
  }
}

/**
 * Collects the ids that the page URLs of scripts/bench-pages.mjs need. The seed's own ids are read
 * from the local database. The seed has no development mailbox message and no ready report, so
 * one of each is made through the app first.
 */
async function collectPageIds(cookie) {
  const [row] = queryLocalD1(
    `SELECT
      (SELECT client_id FROM projects WHERE id = ${sqlString(demo.benchProjectId)}) AS clientId,
      (SELECT id FROM tasks WHERE project_id = ${sqlString(demo.benchProjectId)} ORDER BY position LIMIT 1) AS taskId,
      (SELECT id FROM files WHERE project_id = ${sqlString(demo.sharedProjectId)} ORDER BY created_at LIMIT 1) AS demoFileId,
      (SELECT id FROM fix_requests WHERE project_id = ${sqlString(demo.sharedProjectId)} ORDER BY created_at LIMIT 1) AS demoFixRequestId,
      (SELECT id FROM tpay_transactions WHERE user_id = ${sqlString(demo.userId)} ORDER BY created_at LIMIT 1) AS transactionId`.replace(/\s+/g, " "),
    "the ids of the benchmark's pages",
  );
  const missing = Object.entries(row).filter(([, value]) => !value);
  if (missing.length > 0) throw new Error(`The seeded database has no ${missing.map(([key]) => key).join(", ")} for the page URLs`);

  process.stdout.write("[bench] Making a development mailbox message and a report of the demo project for their pages...\n");
  const mailId = await makeMailboxMessage();
  const form = await loaderData(`/projects/${demo.sharedProjectId}/reports/new`, NEW_REPORT_ROUTE, cookie);
  const report = await renderReport(cookie, { start: form.firstDay, end: form.today }, demo.sharedProjectId);
  return {
    ...row,
    projectId: demo.benchProjectId,
    shareToken: demo.benchShareToken,
    billId: BENCH_BILL_ID,
    demoProjectId: demo.sharedProjectId,
    demoShareToken: demo.shareToken,
    mailId,
    reportId: report.id,
  };
}

/**
 * Reads the GET routes of the build and their declared URLs. Throws when a route has no
 * declaration or a declaration names no route, so the page list cannot fall behind the app.
 */
function pageList(ids) {
  const declared = declarePages(readGetRoutes(serverBuildFile), ids);
  const problems = [];
  if (declared.undeclared.length > 0) {
    problems.push(`GET routes without a URL in PAGE_URLS (scripts/bench-pages.mjs): ${declared.undeclared.map((route) => `${route.id} (${route.pattern})`).join(", ")}`);
  }
  if (declared.stale.length > 0) problems.push(`PAGE_URLS entries that match no route of the build: ${declared.stale.join(", ")}`);
  if (problems.length > 0) throw new Error(problems.join(". "));
  return declared;
}

/** Returns the first-load client JavaScript, gzipped, of each route id (scripts/check-budgets.mjs). */
function clientJavaScriptBytes() {
  try {
    return new Map(measureClientRoutes(path.join(ROOT, "public"), serverBuildFile).map((row) => [row.routeId, row.bytes]));
  } catch (error) {
    process.stderr.write(`[bench] The client JavaScript sizes are left out: ${error.message}\n`);
    return new Map();
  }
}

/** Renders reportRuns reports of the 500-task project one after another. */
async function measureReports(cookie) {
  const form = await loaderData(`/projects/${BENCH_REPORT_PROJECT_ID}/reports/new`, NEW_REPORT_ROUTE, cookie);
  const period = { start: form.firstDay, end: form.today };
  const runs = [];
  for (let run = 1; run <= reportRuns; run++) {
    process.stdout.write(`[bench] PDF report of ${BENCH_REPORT_TASKS} tasks, run ${run} of ${reportRuns}...\n`);
    const result = await renderReport(cookie, period);
    if (result.tasks !== BENCH_REPORT_TASKS) throw new Error(`The report lists ${result.tasks} tasks, expected ${BENCH_REPORT_TASKS}`);
    runs.push({ run, ...result });
  }
  const times = readReportTimes(runs.map((run) => run.id));
  for (const run of runs) Object.assign(run, times.get(run.id) ?? { queueSeconds: null, renderSeconds: null });
  return { period, runs };
}

// The dashboard's targets on the local server: the median of sequential requests, and the D1
// round trips of one request (test/dashboard.test.ts checks the same bound).
const DASHBOARD_MEDIAN_TARGET_MS = 300;
const DASHBOARD_ROUND_TRIPS_MAX = 3;
const DASHBOARD_WARMUP_REQUESTS = 5;

/**
 * Checks that the dashboard of the 5,000-task account shows its numbers: the project card's
 * counts, the 14 days of the chart's table and a full first page of project budgets with a link
 * to the next one. The page's sums are checked by test/dashboard-scale.test.ts.
 */
async function checkDashboard(route) {
  const first = await probe(route);
  if (first.status !== 200) throw new Error(`GET /dashboard of ${BENCH_DASHBOARD_EMAIL} returned ${first.status}, expected 200`);
  const active = BENCH_DASHBOARD_PROJECTS - BENCH_DASHBOARD_COMPLETED_PROJECTS;
  const problems = [];
  if (!first.text.includes(`Aktywne: ${active} z ${BENCH_DASHBOARD_PROJECTS}`)) {
    problems.push(`no "Aktywne: ${active} z ${BENCH_DASHBOARD_PROJECTS}" in the projects card`);
  }
  const chartDays = first.text.match(/<tr data-day="/g)?.length ?? 0;
  if (chartDays !== 14) problems.push(`${chartDays} days in the chart's table instead of 14`);
  const budgets = first.text.match(/data-testid="budget-glance"/g)?.length ?? 0;
  if (budgets !== 10) problems.push(`${budgets} project budgets on the first page instead of 10`);
  if (!/href="[^"]*\?page=2"/.test(first.text)) problems.push("no link to the second page of budgets");
  if (problems.length > 0) throw new Error(`The dashboard of ${BENCH_DASHBOARD_EMAIL} is wrong: ${problems.join("; ")}`);
}

/** Returns the nearest-rank percentile of the values. */
function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

/**
 * Times GET /dashboard one request at a time, from sending it to reading the whole body: first
 * DASHBOARD_WARMUP_REQUESTS unrecorded, then dashboardRequests recorded. Also returns the most
 * D1 round trips (queries plus batches) that any recorded request took.
 */
async function timeDashboard(route) {
  const latencies = [];
  let roundTrips = 0;
  let counts = null;
  for (let index = 0; index < DASHBOARD_WARMUP_REQUESTS + dashboardRequests; index++) {
    const started = performance.now();
    const result = await probe(route);
    const elapsed = performance.now() - started;
    if (result.status !== 200) throw new Error(`GET /dashboard of ${BENCH_DASHBOARD_EMAIL} returned ${result.status} on request ${index + 1}`);
    if (index < DASHBOARD_WARMUP_REQUESTS) continue;
    latencies.push(elapsed);
    roundTrips = Math.max(roundTrips, result.queries + result.batches);
    counts = { queries: result.queries, batches: result.batches, batched: result.batched, kilobytes: result.kilobytes };
  }
  const medianMs = round(median(latencies));
  return {
    requests: latencies.length,
    medianMs,
    p95Ms: round(percentile(latencies, 0.95)),
    maxMs: round(Math.max(...latencies)),
    roundTrips,
    ...counts,
    medianMet: medianMs < DASHBOARD_MEDIAN_TARGET_MS,
    roundTripsMet: roundTrips <= DASHBOARD_ROUND_TRIPS_MAX,
  };
}

function formatDashboardTable(result) {
  const header = ["requests", "median ms", "p95 ms", "max ms", "D1 queries", "D1 batches (statements)", "response KiB", "target", "result"];
  const target = `median < ${DASHBOARD_MEDIAN_TARGET_MS} ms, at most ${DASHBOARD_ROUND_TRIPS_MAX} D1 round trips`;
  const verdict = result.medianMet && result.roundTripsMet ? "met" : "missed";
  const cells = [
    result.requests,
    result.medianMs,
    result.p95Ms,
    result.maxMs,
    result.queries,
    `${result.batches} (${result.batched})`,
    result.kilobytes,
    target,
    verdict,
  ];
  return [header, header.map(() => "---"), cells.map(String)].map((line) => `| ${line.join(" | ")} |`).join("\n");
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : round((sorted[middle - 1] + sorted[middle]) / 2, 2);
}

function formatReportTable(report) {
  const header = ["run", "request to ready, s", "in the queue, s", "claim to ready, s", "attempts", "PDF KiB", "pages", "tasks"];
  const lines = [header, header.map(() => "---")];
  const cell = (value) => (value === null ? "n/a" : String(value));
  for (const run of report.runs) {
    lines.push([run.run, run.seconds, run.queueSeconds, run.renderSeconds, run.attempts, run.kilobytes, run.pages, run.tasks].map(cell));
  }
  const medianOf = (key) => {
    const values = report.runs.map((run) => run[key]);
    return values.includes(null) ? "n/a" : String(median(values));
  };
  lines.push(["median", medianOf("seconds"), medianOf("queueSeconds"), medianOf("renderSeconds"), "", "", "", ""]);
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function round(value, digits = 1) {
  return Number(value.toFixed(digits));
}

/** Formats a cell of D1 round trips: queries plus batches, marked when over the budget. */
function roundTripsCell(row) {
  if (row.queries === null || row.batches === null) return "n/a";
  const roundTrips = row.queries + row.batches;
  return roundTrips > ROUND_TRIPS_BUDGET ? `**${roundTrips}**` : String(roundTrips);
}

function ratioCell(row) {
  if (row.label === "/hello") return "1 (baseline)";
  return row.ratio < RATIO_AIM ? `**${row.ratio}**` : String(row.ratio);
}

function timingCell(row) {
  return row.d1Ms === null || row.totalMs === null || row.d1Ms === undefined ? "n/a" : `${row.d1Ms} / ${row.totalMs}`;
}

/** Formats the table of every page of the build, with each figure's budget in the header. */
function formatPagesTable(rows) {
  const header = [
    "route",
    "caller",
    "status",
    "req/s",
    "p50 ms",
    "p99 ms",
    `req/s vs /hello (aim ≥ ${RATIO_AIM})`,
    `D1 round trips (budget ${ROUND_TRIPS_BUDGET})`,
    "D1 / total ms (Server-Timing)",
    "response KiB",
    `first-load JS KiB gz (budget ${CLIENT_BUDGET_BYTES / 1024})`,
    "unexpected",
  ];
  const lines = [header, header.map(() => "---")];
  for (const row of rows) {
    const javaScript = row.javaScriptBytes === null ? "n/a" : round(row.javaScriptBytes / 1024, 1);
    const overJavaScript = row.javaScriptBytes !== null && row.javaScriptBytes > CLIENT_BUDGET_BYTES;
    lines.push([
      `\`${row.label}\``,
      row.description,
      String(row.status ?? 200),
      String(row.requestsPerSecond),
      String(row.p50),
      String(row.p99),
      ratioCell(row),
      roundTripsCell(row),
      timingCell(row),
      String(row.kilobytes),
      overJavaScript ? `**${javaScript}**` : String(javaScript),
      String(row.unexpected),
    ]);
  }
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function formatTable(rows) {
  const header = [
    "route",
    "page",
    "req/s",
    "p50 ms",
    "p99 ms",
    "req/s vs /hello",
    "D1 queries",
    "D1 batches (statements)",
    "D1 / total ms (Server-Timing)",
    "response KiB",
    "unexpected",
  ];
  const lines = [header, header.map(() => "---")];
  for (const row of rows) {
    lines.push([
      `\`${row.label}\``,
      row.description,
      String(row.requestsPerSecond),
      String(row.p50),
      String(row.p99),
      ratioCell(row),
      row.queries ?? "n/a",
      row.batches === null ? "n/a" : `${row.batches} (${row.batched})`,
      timingCell(row),
      String(row.kilobytes),
      String(row.unexpected),
    ]);
  }
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/**
 * Returns the "## Budgets" section of the current document, up to the next second-level heading
 * or the end, so that a new run keeps it. scripts/check-budgets.mjs and its authors maintain it.
 */
function readBudgetsSection(file) {
  if (!existsSync(file)) return "";
  const text = readFileSync(file, "utf8");
  const start = text.indexOf("\n## Budgets\n");
  if (start < 0) return "";
  const next = text.indexOf("\n## ", start + 1);
  return text.slice(start + 1, next < 0 ? undefined : next + 1).trimEnd();
}

function wranglerVersion() {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, "node_modules/wrangler/package.json"), "utf8")).version;
  } catch {
    return "unknown";
  }
}

function git(args) {
  return execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}

/** Returns the short commit id, marked when the working tree has uncommitted changes. */
function gitCommit() {
  try {
    const commit = git(["rev-parse", "--short", "HEAD"]);
    return git(["status", "--porcelain"]) === "" ? commit : `${commit} with uncommitted changes`;
  } catch {
    return "unknown";
  }
}

function renderDocument({ pageRows, extraRows, skipped, dashboard, report, profile, machine, budgetsSection }) {
  const profileSection = !profile
    ? "No CPU profile in this run. The profile needs BENCH_INSPECTOR_PORT, which scripts/bench.sh sets, and is taken after this document is first written."
    : profile.error
      ? `The CPU profile of \`${profile.page.label}\` failed in this run: ${profile.error}.`
      : `CPU profile of the slowest page, \`${profile.page.label}\` (${profile.page.description}), loaded for ${PROFILE_SECONDS} s with
${connections} connections at the end of the run: ${profile.sampledMs} ms sampled by V8's profiler (Chrome DevTools
protocol, Profiler domain) through the inspector that \`wrangler dev --inspector-port\` opens on
127.0.0.1 (scripts/bench-profile.mjs). Self time is the time a function ran its own code, not its
callees'. "(idle)" is the isolate waiting for I/O or requests, "(program)" native code outside
JavaScript. The module is the source file that wrangler's bundle inlined at that line.

${formatProfileTable(profile)}`;
  const reasons = new Map();
  for (const route of skipped) reasons.set(route.reason, [...(reasons.get(route.reason) ?? []), `\`${route.pattern}\``]);
  const skippedList =
    skipped.length === 0
      ? "No GET route of the build is skipped."
      : [...reasons].map(([reason, patterns]) => `Skipped: ${patterns.join(", ")}. Reason: ${reason}.`).join(" ");
  const below = pageRows.filter((row) => row.ratio < RATIO_AIM);
  return `# Benchmarks

Requests per second and latency of every page of the app and of the Tpay notification route.
Also the latency of the dashboard of a ${BENCH_DASHBOARD_TASKS}-task account against its target, and the time to
render a ${BENCH_REPORT_TASKS}-task PDF report. All are measured by \`npm run bench\` (scripts/bench.sh, scripts/bench.mjs and
scripts/bench-pages.mjs). The script starts its own \`wrangler dev\` on a fresh local database with
the demo data and the benchmark's data (\`scripts/seed.mjs --bench-data\`), logs in as the demo
freelancer, and runs [autocannon](https://github.com/mcollina/autocannon) against each route in
turn. Every route gets the same connections and duration as the bare \`/hello\` route of the same
Worker in the same run, and "req/s vs /hello" divides the two. The aim is at least ${RATIO_AIM}.
\`npm run bench -- --short\` (or \`BENCH_SHORT=1\`) is the quick run of \`.ci/run\`, described at the end.

**All pages.** The page list is every GET route of the Remix build (\`build/index.js\`): each route
with a loader or a page component, apart from layouts, which run with every child page. scripts/bench-pages.mjs
declares the URL and the caller of each route for the benchmark's data. The run fails before
measuring when a route of the build has no declaration, or a declaration names no route.
Freelancer pages run as the demo freelancer with the large project (500 messages, 200 files,
described below), client pages through that project's client link, and public pages signed out.
Downloads (\`files/<id>\`, reports) use the demo project, whose files have R2 objects. Before the
pages the script makes what the seed lacks through the app: a message in the development
mailbox ("Nie pamiętam hasła") and a ready PDF report of the demo project. \`/export/<id>\` gets
an unknown id and its 404 answer, because the seed has no data export and making one takes a
queue run. ${skippedList}

"status" is the declared status of each row, and "unexpected" counts responses with any other
status, errors and timeouts, which must be 0. **Bold** marks a figure over its budget or under the
aim. "D1 round trips" is X-D1-Queries plus X-D1-Batches of one request. "D1 / total ms" is that
request's Server-Timing header, which workers/d1-counter.ts adds only with \`D1_QUERY_LOG=1\`. Its
first figure is the time spent waiting for D1 calls, summed, so overlapping calls count more than
once. The second is the time from the request to the response headers inside the Worker. Under wrangler dev the
clock runs freely, so both include CPU time (deployed Workers advance it only after I/O).
"first-load JS KiB gz"
is the route's client JavaScript as \`npm run budgets\` counts it (see Budgets), n/a for resource
routes.

**Other rows.** The second table has the baseline and heavier variants:

- \`/hello\`: a bare route in workers/app.ts that returns before Remix and D1, the baseline;
- \`/projects/<id>\` and \`/p/<token>\` of the demo project: six tasks, two fix requests, one
  invitation, eight messages and two files, for comparison with the large project's rows in the
  page table. The large project (scripts/seed-bench.mjs) has 20 tasks, a 500-message thread, 200
  files, an activity row for each message, file and task event, and a read notification for each
  message and file from the client. Its pages show the newest 30 messages, 20 files and 30
  activity entries, so its rows test how the queries behind those pages scale. The 200 files are
  \`files\` rows only, with no R2 objects behind them: the pages list files without reading R2.
  The project also has the client's open bill of two tasks, which the notification rows pay;
- \`?_data=\` of the large project's freelancer and client pages and of the 50-project dashboard:
  the loader's JSON without rendering, so the difference to the page is the React render;
- \`/projects/<id>?tasks=50\` and \`/p/<token>?tasks=50\` of the task-list project
  (scripts/seed-bench.mjs): ${BENCH_TASK_LIST_TASKS} unpaid tasks in mixed acceptance and work states. Both
  pages show 50 tasks a page, here the 50th page, and sum up all the tasks in SQL;
- \`/dashboard\` of the dashboard account (scripts/seed-bench.mjs, described below the table),
  logged in as that account;
- \`POST /tpay/notifications/<key>\`: Tpay's payment notification to the demo freelancer's
  connection, which is connected to the local Tpay sandbox (workers/tpay-sandbox). Before this
  row the script pays the large project's open bill as a client would: "Zapłać teraz" on the
  bill's page, then "Zapłać" on the sandbox's payer page. The sandbox signs the notification
  (JWS in \`X-JWS-Signature\`, md5sum in the body) and delivers it through its queue, and the
  app applies the payment. The script then takes the exact bytes and headers from the sandbox's
  log (\`/tpay-sandbox/__sim/notifications\`) and sends them again and again. Each request is a
  verified duplicate, the common case of Tpay's retries: the signature, its certificate chain
  (the certificates are downloaded once, then cached) and the md5sum are checked, the payment
  is found already applied, and the response is \`TRUE\`;
- \`POST /tpay-sandbox/__sim/notifications/<n>/redeliver\`: the same duplicate, sent by the
  sandbox's control API, which posts it to the app inside the same Worker and logs the attempt;
- \`POST /tpay-sandbox/__sim/transactions/<id>/pay\`: first applications. The payments project
  (scripts/seed-bench.mjs) has ${BENCH_PAYMENT_BILLS} open bills of one task each. The script
  starts a Tpay transaction for each with "Zapłać teraz", then pays each once through the
  sandbox's control API with \`{"deliver":"now"}\`. Each request marks the sandbox's transaction
  paid, signs and stores the notification, delivers it to the app, and returns the app's response.
  The app writes the payment, marks the bill and its task paid, and queues the freelancer's
  notification. The row runs ${BENCH_PAYMENT_BILLS} requests in all, without warm-up, and
  includes the sandbox's work, so compare it with the redeliver row above rather than with the
  direct duplicate.

"D1 queries" counts the statements a single request runs on their own, and "D1 batches" the
\`db.batch()\` calls with the statements inside them. Each query and each batch is one round trip
to D1. The counts come from the \`X-D1-*\` response headers that workers/d1-counter.ts adds when
the Worker runs with \`D1_QUERY_LOG=1\`, and are left out (n/a) for the rows sent through the
sandbox, whose own queries the headers would count as well. "response KiB" is the size of one
response body.

Limits: this is the local development server (workerd under wrangler, D1 as a local SQLite
file), with autocannon on the same machine, so the absolute numbers say little about
production on Cloudflare. Compare runs on the same machine, and read the ratio to \`/hello\` and
the query counts as the useful numbers.

The dashboard rows use a second freelancer, \`${BENCH_DASHBOARD_EMAIL}\` (scripts/seed-bench.mjs).
The account has ${BENCH_DASHBOARD_PROJECTS} projects of ten clients, ${BENCH_DASHBOARD_COMPLETED_PROJECTS} of them completed, with ${BENCH_DASHBOARD_TASKS / BENCH_DASHBOARD_PROJECTS} tasks
each, made over a year. The tasks mix every acceptance, work and payment state. Their paid tasks
have the bills, payments, Tpay transactions and activity rows the app writes, either marked paid
by hand or paid through Tpay in client bills of one to four tasks. Client decisions and payments
write notifications. In the active projects about 40% of the tasks marked done were marked in the
last 16 days, so the 14-day chart has data on every day. A day of a clock change falls into the
chart only when the bench runs within 13 days after the last Sunday of March or October, because
the data is dated back from the moment of seeding. test/dashboard-scale.test.ts covers that day with
a fixed date. Before the rows the script checks the page: the projects card reads "Aktywne:
${BENCH_DASHBOARD_PROJECTS - BENCH_DASHBOARD_COMPLETED_PROJECTS} z ${BENCH_DASHBOARD_PROJECTS}", the chart's table has 14 days, and the first page lists 10 project budgets with a
link to the next page. The autocannon row above loads the page with ${connections} connections. The table
below times ${dashboardRequests} requests one after another, from sending each to reading its whole
body, so no request waits for another. The targets are a median under ${DASHBOARD_MEDIAN_TARGET_MS} ms on
this local server and at most ${DASHBOARD_ROUND_TRIPS_MAX} D1 round trips, and \`npm run bench\` exits
with status 1 when the run misses either.

The PDF report rows time a report of the report project (scripts/seed-bench.mjs), which has
${BENCH_REPORT_TASKS} tasks and the activity rows of their creation, re-pricing (every seventh task
that needs acceptance), acceptance and work. The demo freelancer's logo is switched on, so each report carries it as
well. After the load rows the script logs in as the demo freelancer. It then runs
${reportRuns} reports one after another. Each run POSTs "Zapisz raport" of "Stwórz raport" for the project's
whole life, then reads the report page's loader data (\`/reports/<id>?_data=…\`) every ${REPORT_POLL_MS} ms
until the report is ready. "request to ready" runs from the POST to the first read that finds
the report ready. It covers the queue's delivery, loading the content, rendering the HTML,
printing it to PDF in Chromium through the local Browser Rendering shim, and storing the PDF in
the local R2 bucket. Up to ${REPORT_POLL_MS} ms of it is the polling. The next two columns split the span
by the server's clock, from the report row's timestamps. "in the queue" runs from \`created_at\`
to the consumer's \`claimed_at\`. "claim to ready" runs from \`claimed_at\` to the \`updated_at\` of
marking it ready, which covers the whole render. Size, pages and tasks come from the report's row; the
script downloads each PDF and checks its size, and its page count with \`pdfinfo\` where poppler
is installed. Locally, miniflare starts a new Chromium process for every \`puppeteer.launch\`, and
printPdf launches once per report, so each run includes a browser start.

## Latest run

- Date: ${machine.date}
- Machine: ${machine.cores} CPU cores (\`nproc\`), ${machine.cpu}, ${machine.memoryGb} GB RAM
- Load average (1 min): ${machine.loadAverage} just before the run, ${machine.loadAverageAfter} at its end; other
  processes were not stopped
- Software: Node ${machine.node}, wrangler ${machine.wrangler}, commit ${machine.commit}
- Load: ${connections} connections, ${durationSeconds} s per route after ${warmupSeconds} s of warm-up

All ${pageRows.length} pages of the build (${below.length} under ${RATIO_AIM} of \`/hello\`'s req/s):

${formatPagesTable(pageRows)}

Other rows:

${formatTable(extraRows)}

Dashboard of ${BENCH_DASHBOARD_PROJECTS} projects and ${BENCH_DASHBOARD_TASKS} tasks, ${DASHBOARD_WARMUP_REQUESTS} requests of warm-up, then one request at a time:

${formatDashboardTable(dashboard)}

PDF report of ${BENCH_REPORT_TASKS} tasks, period ${report.period.start} to ${report.period.end}:

${formatReportTable(report)}

${FINDINGS}

${profileSection}

## Short bench in CI

\`.ci/run\` runs \`npm run bench -- --short\` after the end-to-end tests, on the build they used
(\`BENCH_SKIP_BUILD=1\`). It loads every page and the rows of the second table for 1 s each with 2
connections and no warm-up, and leaves out the Tpay rows, the sequential dashboard timing and the
PDF reports. It writes no document and fails only when a GET route has no declared URL or a
response has another status than declared. Its figures are too short to compare.

${budgetsSection}
`;
}


/**
 * Checks one request, then loads the route: warm-up, then the measured run. A route may declare
 * `status` (default 200); "unexpected" counts the responses with another status, errors and
 * timeouts.
 */
async function measure(route) {
  const method = route.method ?? "GET";
  const expectedStatus = route.status ?? 200;
  const first = await probe(route);
  if (first.status !== expectedStatus) {
    throw new Error(`${method} ${route.label} (${route.path}) returned ${first.status}, expected ${expectedStatus}, so nothing was measured`);
  }
  if (route.expectedStatusInBody) {
    const answer = JSON.parse(first.text);
    if (answer.status !== 200 || answer.body?.trim() !== "TRUE") {
      throw new Error(`${method} ${route.label}: the app responded ${answer.status} "${answer.body ?? answer.error}", expected 200 "TRUE", so nothing was measured`);
    }
  }
  if (route.expectedBody !== undefined && first.text.trim() !== route.expectedBody) {
    throw new Error(`${method} ${route.label} returned "${first.text.slice(0, 200)}", expected "${route.expectedBody}", so nothing was measured`);
  }
  process.stdout.write(`[bench] ${route.label} (${route.description}): warm-up ${warmupSeconds} s, then ${durationSeconds} s with ${connections} connections\n`);
  if (warmupSeconds > 0) await load(route, warmupSeconds);
  const result = await load(route, durationSeconds);
  const { text: _text, status: _status, ...counts } = first;
  if (route.withoutD1Counts) Object.assign(counts, { queries: null, batches: null, batched: null, d1Ms: null, totalMs: null });
  const expectedCount = result.statusCodeStats?.[expectedStatus]?.count ?? 0;
  const answered = Object.values(result.statusCodeStats ?? {}).reduce((sum, entry) => sum + entry.count, 0);
  return {
    ...route,
    ...counts,
    requestsPerSecond: round(result.requests.average, 0),
    p50: round(result.latency.p50),
    p99: round(result.latency.p99),
    unexpected: answered - expectedCount + result.errors + result.timeouts,
  };
}

// The findings on where the time goes, from the run recorded in docs/benchmarks.md. Update them by
// hand after a run that changes the picture, because the figures they quote are not regenerated.
const FINDINGS = `## What costs the rest

From the run of 2026-12-05 10:21 UTC above (2 cores, load average 2.5 to 5.1), and two manual
measurements on the same machine that same morning, described where they are used.

- **No data page reaches the aim.** \`/hello\` returns a constant response before Remix runs. Only
  the redirect of \`/logout\` passes 0.5 (0.78). Pages without D1 calls (\`/login\`, \`/register\`,
  \`/forgot-password\`, \`/\`, the 404 page) reach 0.34 to 0.40, so Remix's request handling and
  React's server render of a small page cost about 60% of a request on their own. Rendered pages
  that read D1 reach 0.03 to 0.21, and resource routes and redirects that read D1 0.19 to 0.44.
- **Rendering dominates the large pages.** The large project's page serves 17 req/s, and its loader
  data (\`?_data=\`, the same loader and D1 calls without the render) 99 req/s. The client page
  serves 31 against 110. The render of these pages costs 72 to 83% of each request. Their
  HTML is large: 251 KiB for the freelancer's page, 115 KiB for the client's, and 386 KiB for page
  50 of the 5,000-task list. The dashboard is the opposite case: 50 req/s against 68 for its data,
  so its loader costs the most there.
- **D1 waits grow under load.** Every page stays within 3 round trips. The Server-Timing header of
  one request after each load run shows D1 waits from 3 to 128 ms, and 87 of 126 ms on the large
  project's page. A request alone is much faster: the sequential dashboard requests take a median
  of 25 ms. The local D1 is a SQLite file served by the same workerd process, so these waits
  include queueing behind the other 9 connections. They say little about D1 on Cloudflare.
- **React's development builds.** \`wrangler dev\` bundles React's development builds unless
  \`NODE_ENV=production\`, while \`wrangler deploy --dry-run --env production\` bundles the
  production ones. In a manual A/B of 5 s per route with 4 connections, the large project's page
  served 6 req/s with the development builds and 15 with the production ones, \`/login\` 44
  against 76 and \`/hello\` 166 against 228. The load average differed (about 10 and 5), so the
  ratio is an estimate. scripts/bench.sh now starts the server with \`NODE_ENV=production\`.
- **CPU profile.** A manual 5 s profile of the large project's page with 4 connections was taken
  with React's development builds. It spent its sampled time in React's server renderer
  (\`stringToChunk\` 5.8%, \`writeChunk\` 2.0%, \`renderWithHooks\` 1.4%, \`escapeHtml\`), garbage
  collection (4.5%), Remix's route matching (\`compilePath\`, \`resolvePathname\`, \`computeScore\`,
  3.8% together), drizzle's result mapping (\`is\`, \`d1ToRawMapping\`, 3.3%), Conform's form
  metadata (\`getMetadata\`, 1.8%) and file size formatting (1.0%). 20% was idle. No single
  function of the app's own code stands out, so the cost is spread over rendering many rows.

What would raise the ratios, not tried here: less HTML per page (fewer rows on the first page, or
sections loaded on demand), and fewer client-side form helpers on pages that only list data.`;

/** The aim for every page: at least this share of /hello's requests per second. */
const RATIO_AIM = 0.5;
/** The budget of D1 round trips (queries plus batches) per page, as test/page-budgets.test.ts checks it. */
const ROUND_TRIPS_BUDGET = 3;

const CALLER_HEADERS = { freelancer: (cookie) => ({ cookie }), client: () => ({}), public: () => ({}) };

/** Measures every declared page of the build with the caller its declaration names. */
async function measurePages(pages, cookie) {
  const rows = [];
  for (const page of pages) {
    rows.push(
      await measure({
        label: page.pattern,
        description: page.as,
        routeId: page.id,
        rendersPage: page.rendersPage,
        path: page.path,
        status: page.status,
        headers: CALLER_HEADERS[page.as](cookie),
      }),
    );
  }
  return rows;
}

/**
 * Lists the rows beside the page list: the demo project's pages, page 50 of the 5,000-task list, the
 * `?_data=` requests of the heaviest pages, and the dashboard of the 50-project account.
 */
async function extraRoutes(cookie) {
  const taskListToken = await readShareToken(BENCH_TASK_LIST_PROJECT_ID, cookie);
  const dashboardCookie = await logIn(BENCH_DASHBOARD_EMAIL, BENCH_DASHBOARD_PASSWORD);
  const data = (routeId) => `_data=${encodeURIComponent(routeId)}`;
  return [
    { label: "/projects/<id>", description: "project page (freelancer), demo project", path: `/projects/${demo.sharedProjectId}`, headers: { cookie } },
    { label: "/p/<token>", description: "client page, demo project", path: `/p/${demo.shareToken}`, headers: {} },
    {
      label: "/projects/<id>?_data=",
      description: "project page's loader data (freelancer), 500 messages + 200 files",
      path: `/projects/${demo.benchProjectId}?${data("routes/_app.projects.$projectId")}`,
      headers: { cookie },
    },
    {
      label: "/p/<token>?_data=",
      description: "client page's loader data, 500 messages + 200 files",
      path: `/p/${demo.benchShareToken}?${data("routes/p.$token")}`,
      headers: {},
    },
    // The 5,000-task project's page 50 of 100: a page from the middle of the list.
    {
      label: "/projects/<id>?tasks=50",
      description: `project page (freelancer), ${BENCH_TASK_LIST_TASKS} tasks, page 50`,
      path: `/projects/${BENCH_TASK_LIST_PROJECT_ID}?tasks=50`,
      headers: { cookie },
    },
    { label: "/p/<token>?tasks=50", description: `client page, ${BENCH_TASK_LIST_TASKS} tasks, page 50`, path: `/p/${taskListToken}?tasks=50`, headers: {} },
    {
      label: "/dashboard",
      description: `dashboard, ${BENCH_DASHBOARD_PROJECTS} projects + ${BENCH_DASHBOARD_TASKS} tasks`,
      path: "/dashboard",
      headers: { cookie: dashboardCookie },
      dashboard: true,
    },
    {
      label: "/dashboard?_data=",
      description: `dashboard's loader data, ${BENCH_DASHBOARD_PROJECTS} projects + ${BENCH_DASHBOARD_TASKS} tasks`,
      path: `/dashboard?${data("routes/_app.dashboard")}`,
      headers: { cookie: dashboardCookie },
    },
  ];
}

/** Measures the Tpay notification routes: a verified duplicate, sent directly and by the sandbox, then first applications. */
async function measureNotifications(cookie) {
  // After the pages: paying the bill changes the large project.
  process.stdout.write("[bench] Paying the benchmark's bill through the local Tpay sandbox...\n");
  const notification = await recordPaymentNotification();
  const rows = [];
  rows.push(
    await measure({
      label: "POST /tpay/notifications/<key>",
      description: "Tpay notification, verified duplicate (JWS + md5 checked, payment already applied)",
      path: `${notification.url.pathname}${notification.url.search}`,
      method: "POST",
      headers: notification.headers,
      body: notification.body,
      expectedBody: "TRUE",
    }),
  );
  // The same duplicate sent by the sandbox (identical bytes), to compare with the next row, which
  // goes through the sandbox too.
  rows.push(
    await measure({
      label: "POST /tpay-sandbox/__sim/notifications/<n>/redeliver",
      description: "Tpay notification, verified duplicate (through the sandbox: deliver, response)",
      path: `/tpay-sandbox/__sim/notifications/${notification.id}/redeliver`,
      method: "POST",
      headers: {},
      expectedStatusInBody: true,
      // The X-D1-* headers would count the sandbox's queries with the app's, so they are left out.
      withoutD1Counts: true,
    }),
  );
  rows.push(await measureFirstNotifications(cookie));
  return rows;
}

/** How many functions of the CPU profile the document lists. */
const PROFILE_TOP_FUNCTIONS = 15;
/** Seconds of load under the CPU profiler. */
const PROFILE_SECONDS = 5;

/**
 * Loads the slowest page (fewest req/s among the pages returning 200) once more, for
 * PROFILE_SECONDS, under the Worker's CPU profiler. It runs last, because a failed profile may
 * leave the server stalled. Returns null without an inspector port, and { page, error } when
 * profiling failed, so the run's figures are still written.
 */
async function profileSlowestPage(pageRows, cookie) {
  if (!inspectorPort) return null;
  const slowest = pageRows.filter((row) => (row.status ?? 200) === 200).sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[0];
  process.stdout.write(`[bench] CPU profile of ${slowest.label} (${slowest.path}): ${PROFILE_SECONDS} s with ${connections} connections\n`);
  const route = { ...slowest, headers: CALLER_HEADERS[slowest.description](cookie) };
  try {
    const profile = await profileWorker(inspectorPort, () => load(route, PROFILE_SECONDS));
    return { page: slowest, ...profile };
  } catch (error) {
    process.stderr.write(`[bench] The CPU profile failed: ${error.message}\n`);
    return { page: slowest, error: error.message };
  }
}

function formatProfileTable(profile) {
  const header = ["self ms", "share of sampled time", "function", "bundle line", "module"];
  const lines = [header, header.map(() => "---")];
  for (const entry of profile.functions.slice(0, PROFILE_TOP_FUNCTIONS)) {
    lines.push([String(entry.selfMs), `${round(entry.share * 100, 1)}%`, `\`${entry.name}\``, entry.where, entry.module ? `\`${entry.module}\`` : ""]);
  }
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function machineDescription(loadAverageBefore) {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    loadAverage: round(loadAverageBefore, 2),
    loadAverageAfter: round(os.loadavg()[0], 2),
    node: process.version,
    wrangler: wranglerVersion(),
    commit: gitCommit(),
  };
}

async function main() {
  const loadAverageBefore = os.loadavg()[0];
  const cookie = await logIn();
  // The route list is checked before anything is measured, so an undeclared route fails fast.
  pageList({});
  const ids = await collectPageIds(cookie);
  const { pages, skipped } = pageList(ids);
  const javaScriptBytes = clientJavaScriptBytes();

  const hello = await measure({ label: "/hello", description: "bare Worker route", path: "/hello", headers: {} });
  const pageRows = await measurePages(pages, cookie);
  for (const row of pageRows) row.javaScriptBytes = row.rendersPage ? (javaScriptBytes.get(row.routeId) ?? null) : null;

  const extras = await extraRoutes(cookie);
  const dashboardRoute = extras.find((route) => route.dashboard);
  await checkDashboard(dashboardRoute);
  const extraRows = [hello];
  for (const route of extras) extraRows.push(await measure(route));

  let dashboard = null;
  let report = null;
  if (!shortMode) {
    process.stdout.write(`[bench] /dashboard (${dashboardRoute.description}): ${dashboardRequests} requests one at a time\n`);
    dashboard = await timeDashboard(dashboardRoute);
    extraRows.push(...(await measureNotifications(cookie)));
    report = await measureReports(cookie);
  }
  const baseline = hello.requestsPerSecond;
  for (const row of [...pageRows, ...extraRows]) row.ratio = round(row.requestsPerSecond / baseline, 2);

  const machine = machineDescription(loadAverageBefore);
  const tables = [formatPagesTable(pageRows), formatTable(extraRows)];
  if (dashboard) tables.push(formatDashboardTable(dashboard));
  if (report) tables.push(formatReportTable(report));
  console.log(`\n${tables.join("\n\n")}\n`);
  const below = pageRows.filter((row) => row.ratio < RATIO_AIM);
  console.log(`[bench] ${pageRows.length} pages, ${below.length} below ${RATIO_AIM} of /hello's req/s; ${skipped.length} routes skipped`);
  // The document is written before the CPU profile and again after it, so that a profile that
  // fails or stalls the server loses none of the figures.
  const budgetsSection = outputFile === "-" ? "" : readBudgetsSection(outputFile);
  const writeDocument = (profile) => {
    if (outputFile === "-") return;
    writeFileSync(outputFile, renderDocument({ pageRows, extraRows, skipped, dashboard, report, profile, machine, budgetsSection }));
    console.log(`[bench] Wrote ${path.relative(process.cwd(), outputFile)}`);
  };
  writeDocument(null);
  const profile = shortMode ? null : await profileSlowestPage(pageRows, cookie);
  if (profile) {
    if (profile.functions) console.log(`\n${formatProfileTable(profile)}\n`);
    writeDocument(profile);
  }

  const failed = [...pageRows, ...extraRows].filter((row) => row.unexpected > 0);
  if (failed.length > 0) {
    console.error(`[bench] Some responses had another status than expected: ${failed.map((row) => `${row.label} (${row.path ?? ""}) ${row.unexpected}`).join(", ")}`);
    process.exitCode = 1;
  }
  if (dashboard && !dashboard.medianMet) {
    console.error(`[bench] The dashboard missed its target: median ${dashboard.medianMs} ms, target under ${DASHBOARD_MEDIAN_TARGET_MS} ms`);
    process.exitCode = 1;
  }
  if (dashboard && !dashboard.roundTripsMet) {
    console.error(`[bench] The dashboard missed its target: ${dashboard.roundTrips} D1 round trips, at most ${DASHBOARD_ROUND_TRIPS_MAX} allowed`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`[bench] ${error.message}`);
  process.exit(1);
});
