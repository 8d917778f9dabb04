// npm run budgets: checks two size budgets of the last `npm run build` and exits with status 1
// when either is exceeded.
//   1. Client JavaScript on first load, per route, at most 90 KiB gzipped (92,160 bytes). A
//      route's first load is entry.client and its imports, then root and every route module on
//      the route's branch (parents included) and their imports. Each file is counted once and
//      gzipped on its own. CSS is printed beside it with no budget.
//      The browser build runs on preact/compat (decision 0021), so entry.client and root start a
//      page at about 51 KiB. Any route over 90 KiB fails the check.
//   2. The Worker bundle that `wrangler deploy --env production` would upload, at most 1 MiB
//      gzipped (1,048,576 bytes). The script builds it with `wrangler deploy --dry-run --outdir`,
//      which needs no Cloudflare account, and sums the gzipped size of each output module.
// Sizes are gzip at level 9 from node:zlib, the level a static server's precompressed files use.
// Cloudflare may serve another encoding (Brotli), which is usually smaller.
//
// Usage: node scripts/check-budgets.mjs [options]
//   --public DIR         directory served at "/" that contains /build/… (default: public)
//   --server-build FILE  Remix server build that names the client manifest (default: build/index.js)
//   --worker-dir DIR     measure the modules in DIR instead of running the wrangler dry run
//   --skip-worker        check the client budget only
//   --client-budget N    client budget in bytes (default: 92160)
//   --worker-budget N    Worker budget in bytes (default: 1048576)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const CLIENT_BUDGET_BYTES = 90 * 1024;
export const WORKER_BUDGET_BYTES = 1024 * 1024;
export const GZIP_LEVEL = 9;

export class BudgetError extends Error {}

/** Returns the gzipped size of a file in bytes, at level 9. */
export function gzippedSize(file) {
  return gzipSync(readFileSync(file), { level: GZIP_LEVEL }).byteLength;
}

/**
 * Reads the client manifest named by the Remix server build. The build links the manifest file
 * as `/build/manifest-<hash>.js`, which assigns one JSON object to window.__remixManifest.
 */
export function readClientManifest(publicDir, serverBuildFile) {
  if (!existsSync(serverBuildFile)) throw new BudgetError(`Server build ${serverBuildFile} not found: run npm run build first.`);
  const match = /["'](\/[^"']*\/manifest-[A-Za-z0-9]+\.js)["']/.exec(readFileSync(serverBuildFile, "utf8"));
  if (!match) throw new BudgetError(`${serverBuildFile} names no client manifest (/build/manifest-<hash>.js).`);
  const manifestFile = path.join(publicDir, match[1]);
  if (!existsSync(manifestFile)) throw new BudgetError(`Client manifest ${manifestFile} not found: run npm run build first.`);
  const text = readFileSync(manifestFile, "utf8").trim();
  const json = text.replace(/^window\.__remixManifest\s*=\s*/, "").replace(/;$/, "");
  try {
    return { url: match[1], manifest: JSON.parse(json) };
  } catch (error) {
    throw new BudgetError(`Client manifest ${manifestFile} is not window.__remixManifest=<JSON>: ${error.message}`);
  }
}

/** Matches static `import … from "/x.js"` and `import "/x.js"`, but not dynamic `import("/x.js")`. */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["'](\/[^"']+\.js)["']/g;

/**
 * Lists the URLs a browser fetches to run `urls`: the files themselves and, transitively, every
 * file they import statically. The manifest's `imports` lists are the start, and the files' own
 * import statements add what a chunk imports from another chunk.
 */
function withStaticImports(urls, publicDir) {
  const seen = new Set();
  const pending = [...urls];
  while (pending.length > 0) {
    const url = pending.pop();
    if (seen.has(url)) continue;
    seen.add(url);
    const file = path.join(publicDir, url);
    if (!existsSync(file)) throw new BudgetError(`${url} is in the client manifest but ${file} does not exist.`);
    for (const match of readFileSync(file, "utf8").matchAll(STATIC_IMPORT)) pending.push(match[1]);
  }
  return seen;
}

/** Lists the route ids from root down to `routeId`. */
function branchOf(routes, routeId) {
  const branch = [];
  for (let id = routeId; id; id = routes[id]?.parentId) {
    if (!routes[id]) throw new BudgetError(`Route ${id} is named as a parent in the client manifest but has no entry.`);
    branch.unshift(id);
  }
  return branch;
}

/**
 * Measures the client JavaScript of each route's first load. With Remix's lazy route discovery
 * (future.v3_lazyRouteDiscovery) the page inlines the manifest of its own branch, so the
 * manifest file is not fetched and is not counted. The inline scripts are part of the HTML.
 */
export function measureClientRoutes(publicDir, serverBuildFile) {
  const { manifest } = readClientManifest(publicDir, serverBuildFile);
  const sizes = new Map();
  const sizeOf = (url) => {
    if (!sizes.has(url)) sizes.set(url, gzippedSize(path.join(publicDir, url)));
    return sizes.get(url);
  };
  const entryUrls = [manifest.entry.module, ...(manifest.entry.imports ?? [])];
  const rows = [];
  for (const routeId of Object.keys(manifest.routes).sort()) {
    const branchUrls = branchOf(manifest.routes, routeId).flatMap((id) => [manifest.routes[id].module, ...(manifest.routes[id].imports ?? [])]);
    const urls = withStaticImports([...entryUrls, ...branchUrls], publicDir);
    const bytes = [...urls].reduce((sum, url) => sum + sizeOf(url), 0);
    rows.push({ routeId, files: urls.size, bytes });
  }
  return rows;
}

/**
 * Measures the stylesheets the server build links (`/build/…css`), each gzipped once. Every page
 * links the same root stylesheets here, so one total stands for every route.
 */
export function measureCss(publicDir, serverBuildFile) {
  const urls = new Set([...readFileSync(serverBuildFile, "utf8").matchAll(/["'](\/build\/[^"']+\.css)["']/g)].map((match) => match[1]));
  return [...urls].sort().map((url) => ({ url, bytes: gzippedSize(path.join(publicDir, url)) }));
}

/** Lists the files of a directory tree. */
function listFiles(directory) {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    return statSync(file).isDirectory() ? listFiles(file) : [file];
  });
}

/**
 * Measures the modules of a `wrangler deploy --outdir` directory: every file but source maps and
 * the README.md wrangler writes there, each gzipped on its own.
 */
export function measureWorkerModules(directory) {
  const modules = listFiles(directory).filter((file) => !file.endsWith(".map") && path.basename(file) !== "README.md");
  if (modules.length === 0) throw new BudgetError(`No Worker modules found in ${directory}: check the wrangler dry run output.`);
  return modules.map((file) => ({ file: path.relative(directory, file), bytes: gzippedSize(file) }));
}

/**
 * Builds the production Worker into a temporary directory with `wrangler deploy --dry-run`,
 * through scripts/wrangler.sh, which turns wrangler's telemetry and update checks off.
 */
function buildWorkerBundle() {
  const directory = mkdtempSync(path.join(tmpdir(), "klamp-worker-bundle-"));
  const result = spawnSync("bash", ["scripts/wrangler.sh", "deploy", "--dry-run", "--env", "production", "--outdir", directory], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0) {
    rmSync(directory, { recursive: true, force: true });
    throw new BudgetError(`wrangler deploy --dry-run failed with status ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return directory;
}

function formatKiB(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function parseArguments(argv) {
  const options = {
    publicDir: path.join(ROOT, "public"),
    serverBuild: path.join(ROOT, "build/index.js"),
    workerDir: null,
    skipWorker: false,
    clientBudget: CLIENT_BUDGET_BYTES,
    workerBudget: WORKER_BUDGET_BYTES,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const name = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new BudgetError(`${name} needs a value.`);
      return next;
    };
    const bytes = () => {
      const text = value();
      if (!/^\d+$/.test(text)) throw new BudgetError(`${name} must be a whole number of bytes, got "${text}".`);
      return Number(text);
    };
    if (name === "--public") options.publicDir = path.resolve(value());
    else if (name === "--server-build") options.serverBuild = path.resolve(value());
    else if (name === "--worker-dir") options.workerDir = path.resolve(value());
    else if (name === "--skip-worker") options.skipWorker = true;
    else if (name === "--client-budget") options.clientBudget = bytes();
    else if (name === "--worker-budget") options.workerBudget = bytes();
    else throw new BudgetError(`Unknown option ${name}. Options: --public DIR, --server-build FILE, --worker-dir DIR, --skip-worker, --client-budget N, --worker-budget N.`);
  }
  return options;
}

/** Prints the client table and returns the routes over the budget. */
function reportClient(options) {
  const rows = measureClientRoutes(options.publicDir, options.serverBuild);
  const over = rows.filter((row) => row.bytes > options.clientBudget);

  const width = Math.max(...rows.map((row) => row.routeId.length));
  console.log(`Client JavaScript on first load (gzip level ${GZIP_LEVEL}), budget ${formatKiB(options.clientBudget)} per route:`);
  console.log(`  ${"route".padEnd(width)}  files  gzipped`);
  for (const row of rows) {
    const mark = row.bytes > options.clientBudget ? "  OVER BUDGET" : "";
    console.log(`  ${row.routeId.padEnd(width)}  ${String(row.files).padStart(5)}  ${formatKiB(row.bytes).padStart(10)}${mark}`);
  }
  console.log(`  ${rows.length - over.length} of ${rows.length} routes within the ${formatKiB(options.clientBudget)} budget`);
  const largest = rows.reduce((max, row) => (row.bytes > max.bytes ? row : max), rows[0]);
  console.log(`  largest: ${largest.routeId}, ${formatKiB(largest.bytes)} (${largest.bytes} bytes)`);

  const css = measureCss(options.publicDir, options.serverBuild);
  const cssBytes = css.reduce((sum, sheet) => sum + sheet.bytes, 0);
  console.log(`CSS linked by the pages (no budget): ${formatKiB(cssBytes)} gzipped in ${css.length} file(s): ${css.map((sheet) => sheet.url).join(", ")}`);
  return over;
}

/** Prints the Worker's figure and returns whether it is within the budget. */
function reportWorker(options) {
  const directory = options.workerDir ?? buildWorkerBundle();
  try {
    const modules = measureWorkerModules(directory);
    const bytes = modules.reduce((sum, module) => sum + module.bytes, 0);
    const source = options.workerDir ? directory : "wrangler deploy --dry-run --env production";
    console.log(`Worker bundle (${source}, gzip level ${GZIP_LEVEL}): ${formatKiB(bytes)} (${bytes} bytes) in ${modules.length} module(s), budget ${formatKiB(options.workerBudget)} (${options.workerBudget} bytes)`);
    return bytes <= options.workerBudget;
  } finally {
    if (!options.workerDir) rmSync(directory, { recursive: true, force: true });
  }
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const failures = [];
  const overClient = reportClient(options);
  if (overClient.length > 0) {
    failures.push(`client JavaScript over the budget on ${overClient.map((row) => `${row.routeId} (${formatKiB(row.bytes)})`).join(", ")}`);
  }
  if (!options.skipWorker && !reportWorker(options)) failures.push(`Worker bundle over ${formatKiB(options.workerBudget)}`);
  if (failures.length > 0) {
    console.error(`[budgets] FAILED: ${failures.join("; ")}`);
    process.exitCode = 1;
    return;
  }
  console.log("[budgets] All budgets met.");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    if (!(error instanceof BudgetError)) throw error;
    console.error(`[budgets] ${error.message}`);
    process.exitCode = 1;
  }
}
