// Measures Klamp's pages and the Tpay notification route under load with autocannon. It also
// times the dashboard of a 5,000-task account request by request against its target, and the
// rendering of a 500-task PDF report through the report queue. It writes docs/benchmarks.md.
// Run it through `npm run bench` (scripts/bench.sh), which starts a seeded server with
// D1_QUERY_LOG=1 and passes:
//   BENCH_BASE_URL       the server, such as http://localhost:8799
//   BENCH_DEMO_SUMMARY   the JSON written by scripts/seed.mjs --summary-file --bench-data
//   BENCH_PERSIST_DIR    the server's local state directory (--persist-to), where the report
//                        rows' timestamps are read; without it those columns show n/a
// Optional settings:
//   BENCH_DURATION     seconds of load per route (default 10); the row of first Tpay notifications
//                      sends BENCH_PAYMENT_BILLS (scripts/seed-bench.mjs) requests instead
//   BENCH_CONNECTIONS  concurrent connections (default 10)
//   BENCH_WARMUP       seconds of unrecorded load per route before measuring (default 2)
//   BENCH_REPORT_RUNS  reports of the 500-task project rendered one after another (default 3)
//   BENCH_DASHBOARD_REQUESTS  sequential GET /dashboard requests timed for the median and p95
//                      (default 50, after 5 unrecorded ones)
//   BENCH_OUTPUT       the Markdown file to write (default docs/benchmarks.md), or "-" to only print
import autocannon from "autocannon";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
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
  benchPaymentBillId,
} from "./seed-bench.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the benchmark with npm run bench`);
  return value;
}

function positiveNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

const baseUrl = requiredEnv("BENCH_BASE_URL").replace(/\/+$/, "");
const demo = JSON.parse(readFileSync(requiredEnv("BENCH_DEMO_SUMMARY"), "utf8"));
const durationSeconds = positiveNumber("BENCH_DURATION", 10);
const connections = positiveNumber("BENCH_CONNECTIONS", 10);
const warmupSeconds = positiveNumber("BENCH_WARMUP", 2);
const reportRuns = positiveNumber("BENCH_REPORT_RUNS", 3);
const dashboardRequests = positiveNumber("BENCH_DASHBOARD_REQUESTS", 50);
const persistDir = process.env.BENCH_PERSIST_DIR || null;
const outputFile = process.env.BENCH_OUTPUT ?? path.join(ROOT, "docs/benchmarks.md");
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
    kilobytes: round(body.byteLength / 1024, 0),
  };
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
    non2xx: result.non2xx + result.errors + result.timeouts,
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
 * Renders one report of the 500-task project (BENCH_REPORT_PROJECT_ID in scripts/seed-bench.mjs)
 * for the project's whole life, as the freelancer does: POSTs "Zapisz raport" of "Stwórz raport",
 * then reads the report page's loader data every REPORT_POLL_MS until it is ready. Returns the
 * report's id, the time from the request to the first ready read, and the PDF's size, pages and
 * tasks from the row. The PDF is downloaded once to check that it is a PDF of that size and
 * page count.
 */
async function renderReport(cookie, period) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/projects/${BENCH_REPORT_PROJECT_ID}/reports/new`, {
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
  const list = ids.map((id) => `'${id.replaceAll("'", "''")}'`).join(", ");
  const result = spawnSync(
    "bash",
    [
      path.join(ROOT, "scripts/wrangler.sh"),
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      persistDir,
      "--json",
      "--command",
      `SELECT id, created_at, claimed_at, updated_at FROM reports WHERE id IN (${list})`,
    ],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (result.status !== 0) throw new Error(`Reading the reports' timestamps with wrangler d1 execute failed: ${result.stderr.trim()}`);
  const seconds = (from, to) => round((Date.parse(to) - Date.parse(from)) / 1000, 2);
  return new Map(
    JSON.parse(result.stdout)[0].results.map((row) => [
      row.id,
      { queueSeconds: seconds(row.created_at, row.claimed_at), renderSeconds: seconds(row.claimed_at, row.updated_at) },
    ]),
  );
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

function formatTable(rows) {
  const header = ["route", "page", "req/s", "p50 ms", "p99 ms", "req/s vs /hello", "D1 queries", "D1 batches (statements)", "response KiB", "non-2xx"];
  const lines = [header, header.map(() => "---")];
  for (const row of rows) {
    lines.push([
      `\`${row.label}\``,
      row.description,
      String(row.requestsPerSecond),
      String(row.p50),
      String(row.p99),
      row.ratio === 1 ? "1 (baseline)" : String(row.ratio),
      row.queries ?? "n/a",
      row.batches === null ? "n/a" : `${row.batches} (${row.batched})`,
      String(row.kilobytes),
      String(row.non2xx),
    ]);
  }
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
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

function renderDocument(rows, dashboard, report, machine) {
  return `# Benchmarks

Requests per second and latency of six pages and of the Tpay notification route, the latency of
the dashboard of a ${BENCH_DASHBOARD_TASKS}-task account against its target, and the time to render a
${BENCH_REPORT_TASKS}-task PDF report, measured by \`npm run bench\` (scripts/bench.sh and
scripts/bench.mjs). The script starts its own \`wrangler dev\` on a fresh local database with the
demo data and the benchmark's data (\`scripts/seed.mjs --bench-data\`), logs in as the demo
freelancer, and runs [autocannon](https://github.com/mcollina/autocannon) against each route in turn:

- \`/hello\`: a bare route in workers/app.ts that returns before Remix and D1, the baseline;
- \`/projects/<id>\`: the freelancer's page of the demo project (session cookie): six tasks, two
  fix requests, one invitation, eight messages and two files;
- \`/p/<token>\`: the client's page of the same project through the client link;
- \`/projects/<id>\` and \`/p/<token>\` of the large project (scripts/seed-bench.mjs): 20 tasks, a
  500-message thread, 200 files, an activity row for each message, file and task event, and
  a read notification for each message and file from the client. The pages show the newest 30 messages, 20 files and 30 activity
  entries, so these rows test how the queries behind those pages scale. The 200 files are
  \`files\` rows only, with no R2 objects behind them: the pages list files without reading R2.
  The project also has the client's open bill of two tasks, which the notification rows pay;
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

${formatTable(rows)}

Dashboard of ${BENCH_DASHBOARD_PROJECTS} projects and ${BENCH_DASHBOARD_TASKS} tasks, ${DASHBOARD_WARMUP_REQUESTS} requests of warm-up, then one request at a time:

${formatDashboardTable(dashboard)}

PDF report of ${BENCH_REPORT_TASKS} tasks, period ${report.period.start} to ${report.period.end}:

${formatReportTable(report)}
`;
}

/** Checks one request, then loads the route: warm-up, then the measured run. */
async function measure(route) {
  const method = route.method ?? "GET";
  const first = await probe(route);
  if (first.status !== 200) throw new Error(`${method} ${route.label} returned ${first.status}, expected 200, so nothing was measured`);
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
  await load(route, warmupSeconds);
  const result = await load(route, durationSeconds);
  const { text: _text, ...counts } = first;
  if (route.withoutD1Counts) Object.assign(counts, { queries: null, batches: null, batched: null });
  return {
    ...route,
    ...counts,
    requestsPerSecond: round(result.requests.average, 0),
    p50: round(result.latency.p50),
    p99: round(result.latency.p99),
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

async function main() {
  const loadAverageBefore = os.loadavg()[0];
  const cookie = await logIn();
  const routes = [
    { label: "/hello", description: "bare Worker route", path: "/hello", headers: {} },
    { label: "/projects/<id>", description: "project page (freelancer)", path: `/projects/${demo.sharedProjectId}`, headers: { cookie } },
    { label: "/p/<token>", description: "client page (client link)", path: `/p/${demo.shareToken}`, headers: {} },
    {
      label: "/projects/<id>",
      description: "project page (freelancer), 500 messages + 200 files",
      path: `/projects/${demo.benchProjectId}`,
      headers: { cookie },
    },
    { label: "/p/<token>", description: "client page, 500 messages + 200 files", path: `/p/${demo.benchShareToken}`, headers: {} },
  ];

  const rows = [];
  for (const route of routes) rows.push(await measure(route));

  const dashboardRoute = {
    label: "/dashboard",
    description: `dashboard, ${BENCH_DASHBOARD_PROJECTS} projects + ${BENCH_DASHBOARD_TASKS} tasks`,
    path: "/dashboard",
    headers: { cookie: await logIn(BENCH_DASHBOARD_EMAIL, BENCH_DASHBOARD_PASSWORD) },
  };
  await checkDashboard(dashboardRoute);
  rows.push(await measure(dashboardRoute));
  process.stdout.write(`[bench] /dashboard (${dashboardRoute.description}): ${dashboardRequests} requests one at a time\n`);
  const dashboard = await timeDashboard(dashboardRoute);

  // The notification route, after the pages: paying the bill changes the large project.
  process.stdout.write("[bench] Paying the benchmark's bill through the local Tpay sandbox...\n");
  const notification = await recordPaymentNotification();
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
  const report = await measureReports(cookie);

  const baseline = rows[0].requestsPerSecond;
  for (const row of rows) row.ratio = round(row.requestsPerSecond / baseline, 2);

  const machine = {
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
  console.log(`\n${formatTable(rows)}\n\n${formatDashboardTable(dashboard)}\n\n${formatReportTable(report)}\n`);
  if (outputFile !== "-") {
    writeFileSync(outputFile, renderDocument(rows, dashboard, report, machine));
    console.log(`[bench] Wrote ${path.relative(process.cwd(), outputFile)}`);
  }
  const failed = rows.filter((row) => row.non2xx > 0);
  if (failed.length > 0) {
    console.error(`[bench] Some responses were not 2xx: ${failed.map((row) => `${row.label} ${row.non2xx}`).join(", ")}`);
    process.exitCode = 1;
  }
  if (!dashboard.medianMet) {
    console.error(`[bench] The dashboard missed its target: median ${dashboard.medianMs} ms, target under ${DASHBOARD_MEDIAN_TARGET_MS} ms`);
    process.exitCode = 1;
  }
  if (!dashboard.roundTripsMet) {
    console.error(`[bench] The dashboard missed its target: ${dashboard.roundTrips} D1 round trips, at most ${DASHBOARD_ROUND_TRIPS_MAX} allowed`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`[bench] ${error.message}`);
  process.exit(1);
});
