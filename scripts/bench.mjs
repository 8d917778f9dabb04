// Measures Klamp's pages under load with autocannon and writes docs/benchmarks.md.
// Run it through `npm run bench` (scripts/bench.sh), which starts a seeded server with
// D1_QUERY_LOG=1 and passes:
//   BENCH_BASE_URL       the server, such as http://localhost:8799
//   BENCH_DEMO_SUMMARY   the JSON written by scripts/seed.mjs --summary-file --bench-data
// Optional settings:
//   BENCH_DURATION     seconds of load per route (default 10)
//   BENCH_CONNECTIONS  concurrent connections (default 10)
//   BENCH_WARMUP       seconds of unrecorded load per route before measuring (default 2)
//   BENCH_OUTPUT       the Markdown file to write (default docs/benchmarks.md), or "-" to only print
import autocannon from "autocannon";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
const outputFile = process.env.BENCH_OUTPUT ?? path.join(ROOT, "docs/benchmarks.md");
if (!demo.benchProjectId || !demo.benchShareToken) {
  throw new Error("BENCH_DEMO_SUMMARY has no benchmark project: seed with scripts/seed.mjs --bench-data, as npm run bench does");
}

/** Logs in as the demo freelancer and returns the Cookie header of the session. */
async function logIn() {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ email: demo.email, password: demo.password }),
  });
  const cookies = response.headers.getSetCookie().map((header) => header.split(";")[0]);
  const session = cookies.find((cookie) => cookie.includes("klamp_session="));
  if (response.status !== 302 || !session) {
    throw new Error(`Demo login failed: POST /login returned ${response.status} without a session cookie`);
  }
  return cookies.join("; ");
}

/** Sends one request and reads its status and the X-D1-* headers that D1_QUERY_LOG=1 adds. */
async function probe(route) {
  const response = await fetch(`${baseUrl}${route.path}`, { headers: route.headers, redirect: "manual" });
  const body = await response.arrayBuffer();
  const header = (name) => (response.headers.has(name) ? Number(response.headers.get(name)) : null);
  return {
    status: response.status,
    queries: header("X-D1-Queries"),
    batches: header("X-D1-Batches"),
    batched: header("X-D1-Batched"),
    kilobytes: round(body.byteLength / 1024, 0),
  };
}

function load(route, seconds) {
  return autocannon({
    url: `${baseUrl}${route.path}`,
    headers: route.headers,
    connections,
    duration: seconds,
  });
}

function round(value, digits = 1) {
  return Number(value.toFixed(digits));
}

function formatTable(rows) {
  const header = ["route", "page", "req/s", "p50 ms", "p99 ms", "req/s vs /hello", "D1 queries", "D1 batches (statements)", "HTML KiB", "non-2xx"];
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

function renderDocument(rows, machine) {
  return `# Benchmarks

Requests per second and latency of five pages, measured by \`npm run bench\`
(scripts/bench.sh and scripts/bench.mjs). The script starts its own \`wrangler dev\` on a fresh
local database with the demo data and the benchmark's large project (\`scripts/seed.mjs
--bench-data\`), logs in as the demo freelancer, and runs
[autocannon](https://github.com/mcollina/autocannon) against each page in turn:

- \`/hello\`: a bare route in workers/app.ts that returns before Remix and D1, the baseline;
- \`/projects/<id>\`: the freelancer's page of the demo project (session cookie): six tasks, two
  fix requests, one invitation, eight messages and two files;
- \`/p/<token>\`: the client's page of the same project through the client link;
- \`/projects/<id>\` and \`/p/<token>\` of the large project (scripts/seed-bench.mjs): 20 tasks, a
  500-message thread, 200 files, an activity row for each message, file and task event, and
  a read notification for each message and file from the client. The pages show the newest 30 messages, 20 files and 30 activity
  entries, so these rows test how the queries behind those pages scale. The 200 files are
  \`files\` rows only, with no R2 objects behind them: the pages list files without reading R2.

"D1 queries" counts the statements a single request runs on their own, and "D1 batches" the
\`db.batch()\` calls with the statements inside them. Each query and each batch is one round trip
to D1. The counts come from the \`X-D1-*\` response headers that workers/d1-counter.ts adds when
the Worker runs with \`D1_QUERY_LOG=1\`. "HTML KiB" is the size of one response body.

Limits: this is the local development server (workerd under wrangler, D1 as a local SQLite
file), with autocannon on the same machine, so the absolute numbers say little about
production on Cloudflare. Compare runs on the same machine, and read the ratio to \`/hello\` and
the query counts as the useful numbers.

## Latest run

- Date: ${machine.date}
- Machine: ${machine.cores} CPU cores (\`nproc\`), ${machine.cpu}, ${machine.memoryGb} GB RAM
- Load average (1 min): ${machine.loadAverage} just before the run, ${machine.loadAverageAfter} at its end; other
  processes were not stopped
- Software: Node ${machine.node}, wrangler ${machine.wrangler}, commit ${machine.commit}
- Load: ${connections} connections, ${durationSeconds} s per route after ${warmupSeconds} s of warm-up

${formatTable(rows)}
`;
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
  for (const route of routes) {
    const first = await probe(route);
    if (first.status !== 200) throw new Error(`GET ${route.label} returned ${first.status}, expected 200, so nothing was measured`);
    process.stdout.write(`[bench] ${route.label} (${route.description}): warm-up ${warmupSeconds} s, then ${durationSeconds} s with ${connections} connections\n`);
    await load(route, warmupSeconds);
    const result = await load(route, durationSeconds);
    rows.push({
      ...route,
      ...first,
      requestsPerSecond: round(result.requests.average, 0),
      p50: round(result.latency.p50),
      p99: round(result.latency.p99),
      non2xx: result.non2xx + result.errors + result.timeouts,
    });
  }
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
  console.log(`\n${formatTable(rows)}\n`);
  if (outputFile !== "-") {
    writeFileSync(outputFile, renderDocument(rows, machine));
    console.log(`[bench] Wrote ${path.relative(process.cwd(), outputFile)}`);
  }
  const failed = rows.filter((row) => row.non2xx > 0);
  if (failed.length > 0) {
    console.error(`[bench] Some responses were not 2xx: ${failed.map((row) => `${row.label} ${row.non2xx}`).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`[bench] ${error.message}`);
  process.exit(1);
});
