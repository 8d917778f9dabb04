// Tests of scripts/deploy-setup.mjs against tests/deploy/fake-wrangler.mjs, which replaces
// wrangler and keeps a Cloudflare account in a JSON file, so nothing leaves the machine.
// Each test copies wrangler.toml into a temporary directory, so the project's own stays as it is.
//   node --test tests/deploy/deploy-setup.test.mjs
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  checkProductionConfig,
  parseBucketNames,
  parseQueueNames,
  PRODUCTION_SECRET_NAMES,
  queueNames,
  setProductionDatabaseId,
} from "../../scripts/deploy-setup.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = path.join(ROOT, "scripts/deploy-setup.mjs");
const FAKE = path.join(ROOT, "tests/deploy/fake-wrangler.mjs");

/** Values the tests give for the secrets that cannot be generated; each must never be printed or passed as an argument. */
const GIVEN_SECRETS = {
  EMAIL_API_KEY: "re_test_key_8c1f0d4e7a",
  TPAY_PLATFORM_CLIENT_ID: "40123-0a1b2c3d4e5f6a7b",
  TPAY_PLATFORM_CLIENT_SECRET: "tpay-secret-5b9e2c7d1f",
  TPAY_PLATFORM_SECURITY_CODE: "tpay-code-3a8d6f0b4c",
};

/** The production section of the project's wrangler.toml, read with wrangler's own parser: the test's oracle. */
let production;
let development;
let directories = [];

before(async () => {
  const { unstable_readConfig: readConfig } = await import("wrangler");
  production = readConfig({ config: path.join(ROOT, "wrangler.toml"), env: "production" }, { hideWarnings: true });
  development = readConfig({ config: path.join(ROOT, "wrangler.toml") }, { hideWarnings: true });
});

after(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** Creates a temporary account: a copy of wrangler.toml, fake `wrangler` and `npm` on PATH, empty state and log. */
function createAccount() {
  const directory = mkdtempSync(path.join(tmpdir(), "klamp-deploy-test-"));
  directories.push(directory);
  const bin = path.join(directory, "bin");
  spawnSync("mkdir", [bin]);
  for (const program of ["wrangler", "npm"]) {
    const wrapper = path.join(bin, program);
    writeFileSync(wrapper, `#!/bin/sh\nFAKE_PROGRAM=${program} exec node ${JSON.stringify(FAKE)} "$@"\n`);
    chmodSync(wrapper, 0o755);
  }
  const config = path.join(directory, "wrangler.toml");
  copyFileSync(path.join(ROOT, "wrangler.toml"), config);
  return { directory, bin, config, state: path.join(directory, "state.json"), log: path.join(directory, "calls.jsonl") };
}

/** Runs the script against the account and returns its exit status, output and the recorded calls of this run. */
function runSetup(account, args, secrets = {}) {
  const previous = existsSync(account.log) ? readFileSync(account.log, "utf8").split("\n").filter(Boolean).length : 0;
  const env = { ...process.env, PATH: `${account.bin}${path.delimiter}${process.env.PATH}`, FAKE_WRANGLER_STATE: account.state, FAKE_WRANGLER_LOG: account.log };
  for (const name of PRODUCTION_SECRET_NAMES) delete env[name];
  Object.assign(env, secrets);
  const result = spawnSync(process.execPath, [SCRIPT, "--config", account.config, ...args], { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const calls = existsSync(account.log)
    ? readFileSync(account.log, "utf8").split("\n").filter(Boolean).slice(previous).map((line) => JSON.parse(line))
    : [];
  return { status: result.status, output: result.stdout + result.stderr, calls };
}

function state(account) {
  return JSON.parse(readFileSync(account.state, "utf8"));
}

/** Returns every queue name of the production config: producers, consumers and dead-letter queues. */
function expectedQueueNames() {
  const { producers = [], consumers = [] } = production.queues;
  const names = [...producers.map((producer) => producer.queue), ...consumers.flatMap((consumer) => [consumer.queue, consumer.dead_letter_queue])];
  return [...new Set(names.filter(Boolean))].sort();
}

/** Index of the first recorded wrangler call whose arguments start with `prefix`, or -1. */
function callIndex(calls, ...prefix) {
  return calls.findIndex((call) => prefix.every((arg, index) => call.args[index] === arg));
}

function created(calls, kind) {
  const prefix = kind === "bucket" ? ["r2", "bucket", "create"] : kind === "queue" ? ["queues", "create"] : ["d1", "create"];
  return calls.filter((call) => prefix.every((arg, index) => call.args[index] === arg)).map((call) => call.args[prefix.length]);
}

describe("deploy:setup on an empty account", () => {
  // One account for the whole block: the first run creates everything, the later tests run again on it.
  let account;
  let first;
  let firstConfig;

  before(() => {
    account = createAccount();
    firstConfig = readFileSync(account.config, "utf8");
    first = runSetup(account, ["--yes"], GIVEN_SECRETS);
  });

  it("creates every resource", () => {
    assert.equal(first.status, 0, first.output);
    const database = production.d1_databases.find((entry) => entry.binding === "DB");
    assert.deepEqual(created(first.calls, "database"), [database.database_name]);
    assert.deepEqual(created(first.calls, "bucket"), production.r2_buckets.map((bucket) => bucket.bucket_name));
    const expectedQueues = expectedQueueNames();
    assert.equal(expectedQueues.length, 6, "three queues and their three dead-letter queues");
    assert.deepEqual([...created(first.calls, "queue")].sort(), expectedQueues);
    assert.deepEqual(queueNames(production).sort(), expectedQueues);
    for (const consumer of production.queues.consumers) {
      if (consumer.dead_letter_queue) assert.ok(created(first.calls, "queue").includes(consumer.dead_letter_queue), consumer.dead_letter_queue);
    }
    assert.equal(state(account).databases[0].jurisdiction, "eu");
  });

  it("writes the database id into the production table only", () => {
    const id = state(account).databases[0].uuid;
    const written = readFileSync(account.config, "utf8");
    assert.match(written, new RegExp(`\\[\\[env\\.production\\.d1_databases\\]\\][^[]*database_id = "${id}"`));
    assert.equal(written.split(id).length, 2, "the id appears once");
    assert.equal(written.replace(id, "00000000-0000-0000-0000-000000000000"), firstConfig);
  });

  it("applies the migrations remotely, then deploys last", () => {
    const wrangler = first.calls.filter((call) => call.program === "wrangler");
    const migrations = callIndex(wrangler, "d1", "migrations", "apply");
    assert.deepEqual(wrangler[migrations].args.slice(0, 7), ["d1", "migrations", "apply", "DB", "--remote", "--env", "production"]);
    const deploy = callIndex(wrangler, "deploy");
    assert.equal(deploy, wrangler.length - 1, "deploy is the last wrangler call");
    assert.deepEqual(wrangler[deploy].args.slice(0, 3), ["deploy", "--env", "production"]);
    assert.equal(wrangler[deploy].args[wrangler[deploy].args.indexOf("--domain") + 1], new URL(production.vars.APP_ORIGIN).host);
    assert.ok(migrations < deploy);
    assert.ok(callIndex(wrangler, "secret", "bulk") < deploy, "secrets before deploy");
    const build = first.calls.findIndex((call) => call.program === "npm");
    assert.deepEqual(first.calls[build].args, ["run", "build"]);
    assert.ok(build < first.calls.indexOf(wrangler[deploy]), "build before deploy");
    assert.equal(state(account).deployments, 1);
  });

  it("passes secrets on stdin only", () => {
    const bulk = first.calls.filter((call) => call.args[0] === "secret" && call.args[1] === "bulk");
    assert.equal(bulk.length, 1);
    const uploaded = JSON.parse(bulk[0].stdin);
    assert.deepEqual(Object.keys(uploaded).sort(), [...PRODUCTION_SECRET_NAMES].sort());
    for (const [name, value] of Object.entries(GIVEN_SECRETS)) assert.equal(uploaded[name], value, name);
    assert.ok(uploaded.SESSION_SECRET.length >= 32);
    assert.equal(Buffer.from(uploaded.ENCRYPTION_KEY, "base64").length, 32);
    assert.notEqual(uploaded.SESSION_SECRET, development.vars.SESSION_SECRET);

    for (const [name, value] of Object.entries(uploaded)) {
      assert.ok(!first.output.includes(value), `${name} is printed`);
      for (const call of first.calls) assert.ok(!call.args.some((arg) => arg.includes(value)), `${name} is an argument of ${call.args.join(" ")}`);
    }
    assert.deepEqual(state(account).secrets.sort(), [...PRODUCTION_SECRET_NAMES].sort());
  });

  it("reuses everything on a second run", () => {
    const written = readFileSync(account.config, "utf8");
    // No secrets in the environment: the Worker's stay, and none is generated again.
    const second = runSetup(account, ["--yes"]);
    assert.equal(second.status, 0, second.output);
    assert.deepEqual(created(second.calls, "database"), []);
    assert.deepEqual(created(second.calls, "bucket"), []);
    assert.deepEqual(created(second.calls, "queue"), []);
    assert.equal(callIndex(second.calls, "secret", "bulk"), -1, "no secret is uploaded again");
    assert.equal(readFileSync(account.config, "utf8"), written);
    assert.ok(callIndex(second.calls, "d1", "migrations", "apply") >= 0);
    assert.equal(state(account).deployments, 2);
    assert.equal(state(account).databases.length, 1);
    assert.match(second.output, /reused:\s+queue klamp-exports-dlq/);
  });

  it("replaces a given secret but never ENCRYPTION_KEY", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const run = runSetup(account, ["--yes", "--skip-deploy"], { EMAIL_API_KEY: "re_rotated_key_41", ENCRYPTION_KEY: key });
    assert.equal(run.status, 0, run.output);
    const bulk = run.calls.find((call) => call.args[0] === "secret" && call.args[1] === "bulk");
    assert.deepEqual(JSON.parse(bulk.stdin), { EMAIL_API_KEY: "re_rotated_key_41" });
    assert.match(run.output, /ENCRYPTION_KEY is already set/);
    assert.ok(!run.output.includes(key));
  });

  it("stops after the migrations with --skip-deploy", () => {
    // The run of the previous test used --skip-deploy.
    const calls = readFileSync(account.log, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
    const lastRun = calls.slice(calls.findLastIndex((call) => call.args[0] === "--version"));
    assert.ok(callIndex(lastRun, "d1", "migrations", "apply") >= 0);
    assert.equal(callIndex(lastRun, "deploy"), -1);
    assert.equal(lastRun.filter((call) => call.program === "npm").length, 0);
    assert.equal(state(account).deployments, 2);
  });
});

describe("deploy:setup refusals", () => {
  it("stops before any change when a secret is missing", () => {
    const account = createAccount();
    const { TPAY_PLATFORM_SECURITY_CODE: _omitted, ...withoutOne } = GIVEN_SECRETS;
    const run = runSetup(account, ["--yes"], withoutOne);
    assert.equal(run.status, 1);
    assert.match(run.output, /TPAY_PLATFORM_SECURITY_CODE/);
    assert.deepEqual(
      run.calls.map((call) => call.args.slice(0, 2).join(" ")),
      ["--version", "secret list"],
    );
  });

  it("rejects a development secret value", () => {
    const account = createAccount();
    const run = runSetup(account, ["--yes"], { ...GIVEN_SECRETS, TPAY_PLATFORM_CLIENT_SECRET: development.vars.TPAY_PLATFORM_CLIENT_SECRET });
    assert.equal(run.status, 1);
    assert.match(run.output, /TPAY_PLATFORM_CLIENT_SECRET has the development value/);
    assert.equal(created(run.calls, "database").length, 0);
  });

  it("refuses to run without --yes when it cannot ask", () => {
    const account = createAccount();
    const run = runSetup(account, [], GIVEN_SECRETS);
    assert.equal(run.status, 1);
    assert.match(run.output, /Pass --yes/);
    assert.deepEqual(run.calls, []);
  });

  it("rejects a production config with the mailbox provider", () => {
    const account = createAccount();
    const text = readFileSync(account.config, "utf8");
    const productionStart = text.indexOf("[env.production.vars]");
    assert.ok(text.indexOf('EMAIL_PROVIDER = "http"', productionStart) > 0);
    writeFileSync(account.config, text.slice(0, productionStart) + text.slice(productionStart).replace('EMAIL_PROVIDER = "http"', 'EMAIL_PROVIDER = "mailbox"'));
    const run = runSetup(account, ["--yes"], GIVEN_SECRETS);
    assert.equal(run.status, 1);
    assert.match(run.output, /cannot be deployed:\n\s+vars\.EMAIL_PROVIDER is "mailbox"/);
    assert.deepEqual(run.calls, []);
  });
});

describe("deploy:setup --dry-run", () => {
  it("prints the plan and runs nothing", () => {
    const account = createAccount();
    const original = readFileSync(account.config, "utf8");
    const run = runSetup(account, ["--dry-run", "--yes"], GIVEN_SECRETS);
    assert.equal(run.status, 0, run.output);
    assert.deepEqual(run.calls, [], "no wrangler or npm call");
    assert.equal(readFileSync(account.config, "utf8"), original);

    const commands = run.output.split("\n").filter((line) => line.startsWith("[dry-run] $ ")).map((line) => line.slice("[dry-run] $ ".length));
    const config = ["--config", account.config].join(" ");
    const expected = [
      "wrangler d1 create klamp-db --jurisdiction eu",
      "wrangler r2 bucket create klamp-files",
      ...expectedQueueNames().map((name) => `wrangler queues create ${name}`),
      "wrangler d1 migrations apply DB --remote --env production",
    ];
    for (const command of expected) assert.ok(commands.includes(`${command} ${config}`), `${command} is not printed:\n${commands.join("\n")}`);
    assert.equal(commands.at(-1), `wrangler deploy --env production ${config} --domain ${new URL(production.vars.APP_ORIGIN).host}`);
    const bulk = commands.find((command) => command.startsWith("wrangler secret bulk"));
    assert.ok(bulk, "secret bulk is printed");
    for (const name of PRODUCTION_SECRET_NAMES) assert.ok(bulk.includes(`${name}=***`), name);
    for (const value of Object.values(GIVEN_SECRETS)) assert.ok(!run.output.includes(value));
    assert.ok(commands.indexOf("npm run build") < commands.length - 1);
  });
});

describe("deploy:setup helpers", () => {
  it("mirrors the secrets that checkEnv requires", () => {
    const source = readFileSync(path.join(ROOT, "app/utils/env.server.ts"), "utf8");
    const body = source.slice(source.indexOf("export function checkEnv"), source.indexOf("export function requireSecret"));
    const named = new Set([...body.matchAll(/(?:\benv\.|")([A-Z][A-Z0-9_]+)\b/g)].map((match) => match[1]));
    const setByConfig = new Set([...Object.keys(production.vars), "TPAY_SANDBOX"]);
    const secrets = [...named].filter((name) => !setByConfig.has(name)).sort();
    assert.ok(secrets.length >= 6, `checkEnv names: ${[...named].join(", ")}`);
    assert.deepEqual(secrets, [...PRODUCTION_SECRET_NAMES].sort());
  });

  it("accepts the project's production config", () => {
    assert.deepEqual(checkProductionConfig(production), []);
    assert.ok(checkProductionConfig(development).length > 0);
  });

  it("rejects development parts in a production config", () => {
    const withVars = (vars) => ({ ...production, vars: { ...production.vars, ...vars } });
    assert.deepEqual(checkProductionConfig(withVars({ TPAY_SANDBOX: "local" })), ["vars.TPAY_SANDBOX is set; production never serves the local Tpay sandbox"]);
    assert.deepEqual(checkProductionConfig(withVars({ SESSION_SECRET: "in-plain-text-in-the-config-file" })), ["vars.SESSION_SECRET is set in plain text; it must be a secret"]);
    assert.deepEqual(checkProductionConfig(withVars({ TPAY_PLATFORM_ENVIRONMENT: "sandbox" })), ['vars.TPAY_PLATFORM_ENVIRONMENT is "sandbox", expected "production"']);
    assert.deepEqual(checkProductionConfig(withVars({ APP_ORIGIN: "http://localhost:8787" })), ['vars.APP_ORIGIN "http://localhost:8787" is not an https:// origin without a path']);
    const withSandboxDatabase = { ...production, d1_databases: [...production.d1_databases, development.d1_databases.find((entry) => entry.binding === "TPAY_SANDBOX_DB")] };
    assert.deepEqual(checkProductionConfig(withSandboxDatabase), ["D1 binding TPAY_SANDBOX_DB is not part of production"]);
    assert.deepEqual(checkProductionConfig({ ...production, triggers: { crons: [] } }), ["no cron trigger"]);
  });

  it("parses wrangler's list output", () => {
    const queues = [
      "┌──────┬─────────────┬────────────┐",
      "│ id   │ name        │ created_on │",
      "├──────┼─────────────┼────────────┤",
      "│ 0a1b │ klamp-email │ 2026-12-05 │",
      "│ 2c3d │ other-queue │ 2026-12-05 │",
      "└──────┴─────────────┴────────────┘",
    ].join("\n");
    assert.deepEqual(parseQueueNames(queues), ["klamp-email", "other-queue"]);
    assert.deepEqual(parseQueueNames("┌┐\n└┘"), []);
    const buckets = "Listing buckets...\nname:           klamp-files\ncreation_date:  2026-12-05T06:00:00.000Z\n\nname:           old\ncreation_date:  2025-01-01";
    assert.deepEqual(parseBucketNames(buckets), ["klamp-files", "old"]);
    assert.deepEqual(parseBucketNames("Listing buckets...\n"), []);
  });

  it("changes only the production database id", () => {
    const text = [
      "[[d1_databases]]",
      'binding = "DB"',
      'database_name = "klamp-db"',
      'database_id = "00000000-0000-0000-0000-000000000000"',
      "",
      "[[env.production.d1_databases]]",
      'binding = "DB"',
      'database_name = "klamp-db"',
      'database_id = "00000000-0000-0000-0000-000000000000" # placeholder',
      'migrations_dir = "migrations"',
      "",
    ].join("\n");
    const change = setProductionDatabaseId(text, "klamp-db", "3f6c2b1a-0000-4000-8000-000000000001");
    assert.equal(change.text, text.replace('"00000000-0000-0000-0000-000000000000" # placeholder', '"3f6c2b1a-0000-4000-8000-000000000001" # placeholder'));
    assert.equal(change.before, 'database_id = "00000000-0000-0000-0000-000000000000" # placeholder');

    const withoutId = text.replace('database_id = "00000000-0000-0000-0000-000000000000" # placeholder\n', "");
    const inserted = setProductionDatabaseId(withoutId, "klamp-db", "3f6c2b1a-0000-4000-8000-000000000001");
    assert.match(inserted.text, /database_name = "klamp-db"\ndatabase_id = "3f6c2b1a-0000-4000-8000-000000000001"\nmigrations_dir/);
    assert.throws(() => setProductionDatabaseId(text, "other-db", "x"), /no \[\[env\.production\.d1_databases\]\] table/);
  });
});
