// A stand-in for wrangler 4.86.0 in tests/deploy/deploy-setup.test.mjs: it keeps a fake
// Cloudflare account in the JSON file FAKE_WRANGLER_STATE and appends every call, with its
// arguments and standard input, to the JSON-lines file FAKE_WRANGLER_LOG. It prints what the
// real commands print in the parts that scripts/deploy-setup.mjs reads, and exits with status 2
// on any command it does not know. Run as `wrangler` (a wrapper on PATH) or as `npm`
// (FAKE_PROGRAM=npm), which only records `npm run build`.
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

const statePath = process.env.FAKE_WRANGLER_STATE;
const logPath = process.env.FAKE_WRANGLER_LOG;
const program = process.env.FAKE_PROGRAM ?? "wrangler";
/** Rows per page of `queues list`, small so that the script must read several pages. */
const QUEUES_PAGE_SIZE = 2;

function readStdin() {
  try {
    return readFileSync(0, "utf8");
  } catch {
    return "";
  }
}

function loadState() {
  const empty = { databases: [], buckets: [], queues: [], secrets: [], workerExists: false, deployments: 0 };
  return existsSync(statePath) ? { ...empty, ...JSON.parse(readFileSync(statePath, "utf8")) } : empty;
}

function fail(message, status = 1) {
  process.stderr.write(`✘ [ERROR] ${message}\n`);
  process.exit(status);
}

/** Returns the value after `--flag`, or undefined. */
function option(args, flag) {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

/** Reads the database_id of the [[env.production.d1_databases]] table of a wrangler.toml. */
function productionDatabaseId(configPath) {
  const text = readFileSync(configPath, "utf8");
  const table = text.split(/^(?=\s*\[)/m).find((part) => part.trim().startsWith("[[env.production.d1_databases]]"));
  return table ? /database_id\s*=\s*"([^"]*)"/.exec(table)?.[1] : undefined;
}

function table(rows, head) {
  const widths = head.map((name, column) => Math.max(name.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => `│ ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(" │ ")} │`;
  const border = (left, middle, right) => `${left}${widths.map((width) => "─".repeat(width + 2)).join(middle)}${right}`;
  if (rows.length === 0) return "┌┐\n└┘";
  return [border("┌", "┬", "┐"), line(head), border("├", "┼", "┤"), ...rows.map(line), border("└", "┴", "┘")].join("\n");
}

const args = process.argv.slice(2);
const stdin = args.includes("bulk") ? readStdin() : "";
appendFileSync(logPath, `${JSON.stringify({ program, args, stdin })}\n`);

if (program === "npm") {
  if (args.join(" ") !== "run build") fail(`fake npm: unexpected arguments ${args.join(" ")}`, 2);
  console.log("> remix build (fake)");
  process.exit(0);
}

const state = loadState();
const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));
// The words before the first flag, such as "d1 migrations apply DB".
const firstFlag = args.findIndex((arg) => arg.startsWith("--"));
const command = (firstFlag < 0 ? args : args.slice(0, firstFlag)).join(" ");

if (args[0] === "--version") {
  console.log("4.86.0");
} else if (command.startsWith("d1 list")) {
  console.log(JSON.stringify(state.databases.map((database) => ({ ...database, created_at: "2026-12-05T06:00:00.000Z", version: "production", num_tables: 0, file_size: 12288 })), null, 2));
} else if (command.startsWith("d1 create")) {
  const name = args[2];
  if (state.databases.some((database) => database.name === name)) fail(`A database with that name already exists [code: 7502]`);
  const uuid = randomUUID();
  state.databases.push({ uuid, name, jurisdiction: option(args, "--jurisdiction") ?? null });
  save();
  console.log(`✅ Successfully created DB '${name}'\n\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "${name}"\ndatabase_id = "${uuid}"`);
} else if (command === "r2 bucket list") {
  console.log("Listing buckets...");
  console.log(state.buckets.map((name) => `name:           ${name}\ncreation_date:  2026-12-05T06:00:00.000Z`).join("\n\n"));
} else if (command.startsWith("r2 bucket create")) {
  const name = args[3];
  if (state.buckets.includes(name)) fail("The bucket you tried to create already exists, and you own it. [code: 10004]");
  state.buckets.push(name);
  save();
  console.log(`Creating bucket '${name}'...\n✅ Created bucket '${name}' with default storage class of Standard.`);
} else if (command === "queues list") {
  const page = Number(option(args, "--page") ?? 1);
  const rows = state.queues
    .slice((page - 1) * QUEUES_PAGE_SIZE, page * QUEUES_PAGE_SIZE)
    .map((name, index) => [`0b1c2d3e4f${page}${index}`, name, "2026-12-05T06:00:00.000Z", "2026-12-05T06:00:00.000Z", "0", "0"]);
  console.log(table(rows, ["id", "name", "created_on", "modified_on", "producers", "consumers"]));
} else if (command.startsWith("queues create")) {
  const name = args[2];
  if (state.queues.includes(name)) fail(`Queue name already taken [code: 11009]`);
  state.queues.push(name);
  save();
  console.log(`🌀 Creating queue '${name}'\n✅ Created queue '${name}'`);
} else if (command === "secret list") {
  if (!state.workerExists) {
    fail(`Worker "klamp" (env: production) not found.\n\nIf this is a new Worker, run \`wrangler deploy\` first to create it.`);
  }
  console.log(JSON.stringify(state.secrets.map((name) => ({ name, type: "secret_text" })), null, "  "));
} else if (command === "secret bulk") {
  const secrets = JSON.parse(stdin);
  for (const name of Object.keys(secrets)) if (!state.secrets.includes(name)) state.secrets.push(name);
  state.workerExists = true;
  save();
  for (const name of Object.keys(secrets)) console.log(`✨ Successfully created secret for key: ${name}`);
} else if (command.startsWith("d1 migrations apply")) {
  const id = productionDatabaseId(option(args, "--config"));
  if (!state.databases.some((database) => database.uuid === id)) fail(`Couldn't find DB with id ${id} [code: 7404]`);
  console.log("🚣 Applied 7 migrations (fake).");
} else if (command === "deploy") {
  const id = productionDatabaseId(option(args, "--config"));
  if (!state.databases.some((database) => database.uuid === id)) fail(`D1 binding DB refers to database ${id}, which does not exist [code: 10021]`);
  state.workerExists = true;
  state.deployments += 1;
  save();
  console.log("Uploaded klamp (fake)\nDeployed klamp triggers (fake)\n  schedule: */10 * * * *");
} else {
  fail(`fake wrangler: unexpected arguments ${args.join(" ")}`, 2);
}
