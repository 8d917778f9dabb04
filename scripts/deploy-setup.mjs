// npm run deploy:setup: sets up Klamp's production on a Cloudflare account and deploys it.
// It reads [env.production] of wrangler.toml and, through wrangler, creates or reuses the D1
// database (and writes its id into that section), the R2 bucket, every queue and dead-letter
// queue, and the Worker's secrets. It then builds the app, applies the D1 migrations remotely
// and runs `wrangler deploy --env production`, which also sets the cron trigger from the config.
// Running it again creates nothing that exists and keeps the secrets that are set.
//
//   npm run deploy:setup                     ask before writing wrangler.toml, prompt for secrets
//   npm run deploy:setup -- --dry-run        print every command, run none (no login needed)
//   npm run deploy:setup -- --yes            no questions: secrets come from the environment
//   npm run deploy:setup -- --skip-deploy    stop after the migrations (no build, no deploy)
//   options: --config FILE (default wrangler.toml), --no-domain (deploy without attaching the
//            custom domain of APP_ORIGIN), --help
//
// Secrets are read from environment variables of the same name (SESSION_SECRET, ENCRYPTION_KEY,
// EMAIL_API_KEY, TPAY_PLATFORM_CLIENT_ID, TPAY_PLATFORM_CLIENT_SECRET,
// TPAY_PLATFORM_SECURITY_CODE) or prompted for without echo. SESSION_SECRET and ENCRYPTION_KEY
// are generated when they are neither set on the Worker nor given. Values go to wrangler on
// stdin only: never on a command line, in the output or in a file.
//
// wrangler is the first `wrangler` on PATH (npm run puts the project's own first), or the
// project's node_modules/.bin/wrangler. Log in first with `bash scripts/wrangler.sh login`, or
// set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID. See docs/deploy.md.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENVIRONMENT = "production";

/**
 * The secrets that checkEnv in app/utils/env.server.ts requires in production and that
 * wrangler.toml does not set as [env.production.vars]. tests/deploy checks this list against
 * that file. `generate` makes a value when the Worker has none and none is given.
 */
export const PRODUCTION_SECRETS = [
  {
    name: "SESSION_SECRET",
    description: "signs session cookies and keys the PIN hashes",
    generate: () => randomBytes(48).toString("base64"),
    validate: (value) => (value.length >= 32 ? null : "must be at least 32 characters long"),
  },
  {
    name: "ENCRYPTION_KEY",
    description: "AES-256-GCM key of stored secrets such as the freelancers' Tpay credentials",
    generate: () => randomBytes(32).toString("base64"),
    validate: (value) =>
      /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === 32 ? null : "must be 32 bytes in base64",
  },
  {
    name: "EMAIL_API_KEY",
    description: "Bearer key of the HTTP mail API at EMAIL_API_URL",
  },
  {
    name: "TPAY_PLATFORM_CLIENT_ID",
    description: "Client ID of the platform's own Tpay account, such as 12345-0a1b2c3d",
    // The same format as merchantIdFromClientId in app/models/tpay-api.server.ts accepts.
    validate: (value) => (/^\d{1,12}-[A-Za-z0-9]{4,64}$/.test(value) ? null : "must look like 12345-0a1b2c3d (merchant id, dash, key)"),
  },
  {
    name: "TPAY_PLATFORM_CLIENT_SECRET",
    description: "Client Secret of the platform's own Tpay account",
  },
  {
    name: "TPAY_PLATFORM_SECURITY_CODE",
    description: "security code (Kod bezpieczeństwa) of the platform's own Tpay account",
  },
];

export const PRODUCTION_SECRET_NAMES = PRODUCTION_SECRETS.map((secret) => secret.name);

/**
 * Secrets that the script never replaces once the Worker has them: a new ENCRYPTION_KEY makes
 * every stored Tpay connection and client-link copy impossible to decrypt.
 */
const NEVER_REPLACED = new Set(["ENCRYPTION_KEY"]);

/** Primary location of a new D1 database: the EU jurisdiction keeps it inside the European Union. */
const D1_JURISDICTION = "eu";

/** Database id of the placeholders in wrangler.toml, which `d1 create` replaces. */
const PLACEHOLDER_DATABASE_ID = /^0{8}-0{4}-0{4}-0{4}-0{11}[0-9]$/;

const USAGE = `Usage: npm run deploy:setup -- [options]

Creates or reuses the D1 database, R2 bucket, queues and secrets of [env.production] in
wrangler.toml on your Cloudflare account, applies the D1 migrations remotely and deploys.

Options:
  --dry-run      print every command it would run, with secrets masked, and run none
  --yes          ask nothing: write the database id into wrangler.toml, take secrets from
                 environment variables of the same name (see docs/deploy.md)
  --skip-deploy  stop after the remote migrations: no build and no wrangler deploy
  --no-domain    deploy without attaching APP_ORIGIN's host name as a custom domain
  --config FILE  wrangler configuration file (default: wrangler.toml)
  --help         print this help
`;

class SetupError extends Error {}

// ---------------------------------------------------------------------------------------------
// Reading and checking the production configuration

/**
 * Reads [env.production] and the development [vars] of the configuration with wrangler's own
 * parser, so the script reads exactly what `wrangler deploy --env production` will use.
 * NOTE: unstable_readConfig is exported by wrangler but not a stable API. It works with the
 * wrangler 4.86.0 that package.json pins.
 */
async function readConfigs(configPath) {
  const { unstable_readConfig: readConfig } = await import("wrangler");
  const production = readConfig({ config: configPath, env: ENVIRONMENT }, { hideWarnings: true });
  const development = readConfig({ config: configPath }, { hideWarnings: true });
  return { production, development };
}

/** Returns the queue names of a configuration: each queue, then its dead-letter queue. */
export function queueNames(config) {
  const names = [];
  const add = (name) => {
    if (name && !names.includes(name)) names.push(name);
  };
  for (const producer of config.queues?.producers ?? []) add(producer.queue);
  for (const consumer of config.queues?.consumers ?? []) {
    add(consumer.queue);
    add(consumer.dead_letter_queue);
  }
  return names;
}

/**
 * Lists what makes a production configuration unsafe or incomplete; empty when it may be
 * deployed. It mirrors the rules of checkEnv that the configuration itself can break.
 */
export function checkProductionConfig(config) {
  const problems = [];
  const vars = config.vars ?? {};
  if (vars.ENVIRONMENT !== "production") problems.push(`vars.ENVIRONMENT is "${vars.ENVIRONMENT ?? ""}", expected "production"`);
  if (!/^https:\/\/[^/]+$/.test(vars.APP_ORIGIN ?? "")) problems.push(`vars.APP_ORIGIN "${vars.APP_ORIGIN ?? ""}" is not an https:// origin without a path`);
  if (vars.EMAIL_PROVIDER !== "http") problems.push(`vars.EMAIL_PROVIDER is "${vars.EMAIL_PROVIDER ?? ""}", expected "http" (mailbox is for development only)`);
  if (!/^https:\/\//.test(vars.EMAIL_API_URL ?? "")) problems.push(`vars.EMAIL_API_URL "${vars.EMAIL_API_URL ?? ""}" is not an https:// URL`);
  if (vars.TPAY_PLATFORM_ENVIRONMENT !== "production") problems.push(`vars.TPAY_PLATFORM_ENVIRONMENT is "${vars.TPAY_PLATFORM_ENVIRONMENT ?? ""}", expected "production"`);
  if ("TPAY_SANDBOX" in vars) problems.push("vars.TPAY_SANDBOX is set; production never serves the local Tpay sandbox");
  for (const name of PRODUCTION_SECRET_NAMES) {
    if (name in vars) problems.push(`vars.${name} is set in plain text; it must be a secret`);
  }

  const databases = config.d1_databases ?? [];
  const main = databases.find((database) => database.binding === "DB");
  if (!main) problems.push("no D1 database with the binding DB");
  else if (!main.database_name) problems.push("the D1 database DB has no database_name");
  else if (!main.migrations_dir) problems.push("the D1 database DB has no migrations_dir");
  for (const database of databases) {
    if (database.binding !== "DB") problems.push(`D1 binding ${database.binding} is not part of production`);
  }
  if ((config.r2_buckets ?? []).length === 0) problems.push("no R2 bucket");
  for (const producer of config.queues?.producers ?? []) {
    if (producer.binding === "TPAY_SANDBOX_QUEUE") problems.push("the queue binding TPAY_SANDBOX_QUEUE is not part of production");
  }
  if (queueNames(config).length === 0) problems.push("no queues");
  if ((config.triggers?.crons ?? []).length === 0) problems.push("no cron trigger");
  if (!config.name) problems.push("the Worker has no name");
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Parsing wrangler's output (wrangler 4.86.0)

function stripAnsi(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

/** Parses the JSON that a `--json` command prints, ignoring any line that wrangler printed before it. */
export function parseJsonOutput(stdout) {
  const text = stripAnsi(stdout).trim();
  try {
    return JSON.parse(text);
  } catch {
    const start = text.search(/^[[{]/m);
    if (start < 0) throw new SetupError(`Expected JSON from wrangler, got: ${text.slice(0, 200)}`);
    return JSON.parse(text.slice(start));
  }
}

/** Returns the bucket names of `wrangler r2 bucket list`, which prints "name:" and "creation_date:" lines. */
export function parseBucketNames(stdout) {
  const names = [];
  for (const line of stripAnsi(stdout).split("\n")) {
    const match = /^name:\s+(\S+)\s*$/.exec(line.trim());
    if (match) names.push(match[1]);
  }
  return names;
}

/**
 * Returns the queue names of one page of `wrangler queues list`. The command prints a table with
 * the columns id, name, created_on, modified_on, producers and consumers, and no rows after the last page.
 */
export function parseQueueNames(stdout) {
  const rows = stripAnsi(stdout)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("│") || line.startsWith("|"))
    .map((line) =>
      line
        .split(/[│|]/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  if (rows.length === 0) return [];
  const nameColumn = rows[0].indexOf("name");
  if (nameColumn < 0) throw new SetupError(`Unexpected output of wrangler queues list: ${stdout.slice(0, 200)}`);
  return rows.slice(1).map((row) => row[nameColumn]).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Writing the database id into wrangler.toml

/**
 * Sets the database_id of the [[env.production.d1_databases]] table whose database_name is
 * `databaseName`, and returns the new text with the line before and after the change. Only that
 * table changes, so the development table of the same name keeps its placeholder.
 */
export function setProductionDatabaseId(text, databaseName, databaseId) {
  const lines = text.split("\n");
  const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;
  let inProductionD1 = false;
  let tableStart = -1;
  const tables = [];
  lines.forEach((line, index) => {
    const match = header.exec(line);
    if (match) {
      if (inProductionD1) tables.push({ start: tableStart, end: index });
      inProductionD1 = match[1] === `env.${ENVIRONMENT}.d1_databases` && line.trim().startsWith("[[");
      tableStart = index;
    }
  });
  if (inProductionD1) tables.push({ start: tableStart, end: lines.length });

  const quoted = (key) => new RegExp(`^(\\s*${key}\\s*=\\s*)"([^"]*)"(.*)$`);
  for (const table of tables) {
    const body = lines.slice(table.start + 1, table.end);
    const nameIndex = body.findIndex((line) => quoted("database_name").exec(line)?.[2] === databaseName);
    if (nameIndex < 0) continue;
    const idIndex = body.findIndex((line) => quoted("database_id").test(line));
    const newLine = `database_id = "${databaseId}"`;
    if (idIndex < 0) {
      lines.splice(table.start + 2 + nameIndex, 0, newLine);
      return { text: lines.join("\n"), before: null, after: newLine };
    }
    const lineIndex = table.start + 1 + idIndex;
    const before = lines[lineIndex];
    const [, prefix, , suffix] = quoted("database_id").exec(before);
    lines[lineIndex] = `${prefix}"${databaseId}"${suffix}`;
    return { text: lines.join("\n"), before, after: lines[lineIndex] };
  }
  throw new SetupError(`wrangler.toml has no [[env.${ENVIRONMENT}.d1_databases]] table with database_name = "${databaseName}"`);
}

// ---------------------------------------------------------------------------------------------
// Running wrangler

/** Finds the wrangler to run: the first one on PATH, else the project's own. */
function findWrangler() {
  for (const directory of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!directory) continue;
    const candidate = path.join(directory, "wrangler");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return path.join(ROOT, "node_modules/.bin/wrangler");
}

/**
 * Returns the environment of wrangler and npm: the caller's, without the secrets, and with
 * telemetry, update checks and Request.cf downloads off and the caches inside the project, as
 * scripts/env.sh sets them for every other script.
 */
function childEnvironment() {
  const env = { ...process.env };
  for (const name of PRODUCTION_SECRET_NAMES) delete env[name];
  Object.assign(env, {
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    WRANGLER_HIDE_BANNER: "true",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
  });
  env.XDG_CONFIG_HOME ??= path.join(ROOT, ".cache/config");
  env.XDG_CACHE_HOME ??= path.join(ROOT, ".cache/cache");
  env.XDG_DATA_HOME ??= path.join(ROOT, ".cache/data");
  return env;
}

class Runner {
  constructor({ dryRun, wrangler }) {
    this.dryRun = dryRun;
    this.wrangler = wrangler;
    this.env = childEnvironment();
  }

  /**
   * Prints and runs one command. `stdinNote` describes the standard input in the printed line
   * with the secret names, never their values. With `capture` the output is returned instead of
   * shown, and with `allowFailure` a non-zero exit returns the result instead of throwing.
   * In a dry run nothing runs and the result is null.
   */
  run(program, args, { input, stdinNote, capture = false, allowFailure = false } = {}) {
    const commandLine = [path.basename(program), ...args].join(" ") + (stdinNote ? ` < ${stdinNote}` : "");
    console.log(`${this.dryRun ? "[dry-run] " : ""}$ ${commandLine}`);
    if (this.dryRun) return null;

    const result = spawnSync(program, args, {
      cwd: ROOT,
      env: this.env,
      input,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      stdio: [input === undefined ? "ignore" : "pipe", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"],
    });
    if (result.error) throw new SetupError(`Could not run ${commandLine}: ${result.error.message}`);
    if (result.status !== 0 && !allowFailure) {
      if (capture) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
      throw new SetupError(`${commandLine} failed with exit status ${result.status}`);
    }
    return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  }

  wranglerCommand(args, options) {
    return this.run(this.wrangler, args, options);
  }
}

// ---------------------------------------------------------------------------------------------
// Questions on the terminal

async function confirm(question) {
  const readline = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await readline.question(`${question} [y/N] `)).trim());
  } finally {
    readline.close();
  }
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question) {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let value = "";
    const finish = (error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      process.stdout.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk) => {
      for (const character of chunk) {
        if (character === "\r" || character === "\n") return finish();
        if (character === "\u0003") return finish(new SetupError("Cancelled with Ctrl+C"));
        if (character === "\u007f" || character === "\b") value = value.slice(0, -1);
        else value += character;
      }
    };
    stdin.on("data", onData);
  });
}

// ---------------------------------------------------------------------------------------------
// The steps

function configArgs(context) {
  return ["--config", context.configArgument];
}

/**
 * Decides each secret: keep the Worker's, take the environment's, generate one or prompt.
 * Returns the values to upload. Runs before anything is created, so a missing secret stops
 * the script while the account is still untouched.
 */
async function planSecrets(context) {
  const { runner, options, development } = context;
  let existing = new Set();
  const listed = runner.wranglerCommand(["secret", "list", "--env", ENVIRONMENT, ...configArgs(context)], { capture: true, allowFailure: true });
  if (listed && listed.status === 0) {
    existing = new Set(parseJsonOutput(listed.stdout).map((secret) => secret.name));
  } else if (listed && !/not found/i.test(listed.stdout + listed.stderr)) {
    process.stderr.write(listed.stdout + listed.stderr);
    throw new SetupError("wrangler secret list failed; check the login (bash scripts/wrangler.sh whoami)");
  }

  const upload = {};
  const report = [];
  const missing = [];
  for (const secret of PRODUCTION_SECRETS) {
    const fromEnvironment = process.env[secret.name];
    if (existing.has(secret.name)) {
      if (fromEnvironment && NEVER_REPLACED.has(secret.name)) {
        console.warn(`[deploy] ${secret.name} is already set, and the script never replaces it (see docs/deploy.md), so the value from the environment is ignored.`);
      }
      if (!fromEnvironment || NEVER_REPLACED.has(secret.name)) {
        report.push(`${secret.name}: kept (already set)`);
        continue;
      }
    }
    if (fromEnvironment) {
      upload[secret.name] = fromEnvironment;
      report.push(`${secret.name}: ${existing.has(secret.name) ? "replaced" : "set"} from the environment`);
    } else if (secret.generate) {
      upload[secret.name] = runner.dryRun ? "***" : secret.generate();
      report.push(`${secret.name}: generated`);
    } else if (runner.dryRun) {
      upload[secret.name] = "***";
      report.push(`${secret.name}: ${options.yes ? "missing (set the environment variable)" : "prompted for"}`);
    } else if (options.yes) {
      missing.push(secret);
    } else {
      upload[secret.name] = (await promptHidden(`${secret.name} (${secret.description}): `)).trim();
      report.push(`${secret.name}: entered`);
    }
  }
  if (missing.length > 0) {
    const list = missing.map((secret) => `  ${secret.name}: ${secret.description}`).join("\n");
    throw new SetupError(`These secrets are not set on the Worker and not in the environment:\n${list}\nSet the environment variables, or run without --yes to be prompted.`);
  }

  const problems = [];
  for (const secret of PRODUCTION_SECRETS) {
    const value = upload[secret.name];
    if (value === undefined || runner.dryRun) continue;
    if (value === "") problems.push(`${secret.name} is empty`);
    else if (value === development.vars?.[secret.name]) problems.push(`${secret.name} has the development value from [vars] of wrangler.toml`);
    else {
      const problem = secret.validate?.(value);
      if (problem) problems.push(`${secret.name} ${problem}`);
    }
  }
  if (problems.length > 0) throw new SetupError(`Invalid secrets:\n  ${problems.join("\n  ")}`);
  return { upload, report };
}

/** Finds the D1 database of the binding DB by name, or creates it; returns its id (null in a dry run). */
function ensureDatabase(context) {
  const { runner, production } = context;
  const database = production.d1_databases.find((entry) => entry.binding === "DB");
  const lookUpId = () => {
    const listed = runner.wranglerCommand(["d1", "list", "--json", ...configArgs(context)], { capture: true });
    return listed ? findDatabaseId(listed.stdout, database.database_name) : null;
  };

  let id = lookUpId();
  if (id) {
    context.reused.push(`D1 database ${database.database_name} (${id})`);
    return { database, id };
  }
  runner.wranglerCommand(["d1", "create", database.database_name, "--jurisdiction", D1_JURISDICTION, ...configArgs(context)], { capture: true });
  context.created.push(`D1 database ${database.database_name}${runner.dryRun ? " (if missing)" : ""}`);
  // `d1 create` prints the id inside a configuration snippet; the list is the stable source.
  id = lookUpId();
  if (!runner.dryRun && !id) throw new SetupError(`wrangler d1 create ${database.database_name} succeeded, but d1 list does not show it`);
  return { database, id };
}

function findDatabaseId(stdout, name) {
  const databases = parseJsonOutput(stdout);
  if (!Array.isArray(databases)) throw new SetupError("wrangler d1 list --json did not return a list");
  return databases.find((entry) => entry.name === name)?.uuid ?? null;
}

async function writeDatabaseId(context, database, id) {
  const { runner, options } = context;
  if (runner.dryRun) {
    console.log(`[dry-run] would write the id of ${database.database_name} into [[env.${ENVIRONMENT}.d1_databases]] of ${context.configArgument}`);
    return;
  }
  if (database.database_id === id) return;

  const original = readFileSync(context.configPath, "utf8");
  const change = setProductionDatabaseId(original, database.database_name, id);
  console.log(`\n${context.configArgument}, [[env.${ENVIRONMENT}.d1_databases]] ${database.database_name}:`);
  if (change.before !== null) console.log(`- ${change.before.trim()}`);
  console.log(`+ ${change.after.trim()}\n`);
  if (!database.database_id || !PLACEHOLDER_DATABASE_ID.test(database.database_id)) {
    console.warn(`[deploy] The current database_id is not the placeholder: the configuration pointed at another database.`);
  }
  if (!options.yes && !(await confirm(`Write this change to ${context.configArgument}?`))) {
    throw new SetupError(`Not written. wrangler deploy needs the id of ${database.database_name}; write it by hand or run again.`);
  }
  writeFileSync(context.configPath, change.text);
  console.log(`[deploy] Wrote the database id into ${context.configArgument}. Commit this change.`);
}

function ensureBuckets(context) {
  const { runner, production } = context;
  const listed = runner.wranglerCommand(["r2", "bucket", "list", ...configArgs(context)], { capture: true });
  const existing = listed ? parseBucketNames(listed.stdout) : [];
  for (const bucket of production.r2_buckets) {
    if (existing.includes(bucket.bucket_name)) {
      context.reused.push(`R2 bucket ${bucket.bucket_name}`);
      continue;
    }
    runner.wranglerCommand(["r2", "bucket", "create", bucket.bucket_name, ...configArgs(context)]);
    context.created.push(`R2 bucket ${bucket.bucket_name}${runner.dryRun ? " (if missing)" : ""}`);
  }
}

/** Reads every page of `wrangler queues list`; it stops at an empty page or one with no new name. */
function listQueues(context) {
  const { runner } = context;
  const names = new Set();
  for (let page = 1; page <= 100; page++) {
    const listed = runner.wranglerCommand(["queues", "list", "--page", String(page), ...configArgs(context)], { capture: true });
    if (!listed) return names;
    const pageNames = parseQueueNames(listed.stdout);
    const before = names.size;
    for (const name of pageNames) names.add(name);
    if (pageNames.length === 0 || names.size === before) return names;
  }
  throw new SetupError("wrangler queues list returned more than 100 pages");
}

function ensureQueues(context) {
  const { runner, production } = context;
  const existing = listQueues(context);
  for (const name of queueNames(production)) {
    if (existing.has(name)) {
      context.reused.push(`queue ${name}`);
      continue;
    }
    runner.wranglerCommand(["queues", "create", name, ...configArgs(context)]);
    context.created.push(`queue ${name}${runner.dryRun ? " (if missing)" : ""}`);
  }
}

function uploadSecrets(context, upload) {
  const names = Object.keys(upload);
  if (names.length === 0) return;
  const stdinNote = `JSON on stdin: ${names.map((name) => `${name}=***`).join(", ")}`;
  context.runner.wranglerCommand(["secret", "bulk", "--env", ENVIRONMENT, ...configArgs(context)], {
    input: context.runner.dryRun ? undefined : JSON.stringify(upload),
    stdinNote,
  });
}

function applyMigrations(context, database) {
  // Standard input is not a terminal, so wrangler applies without asking (it still takes a backup).
  context.runner.wranglerCommand(["d1", "migrations", "apply", database.binding, "--remote", "--env", ENVIRONMENT, ...configArgs(context)]);
}

function deploy(context) {
  const { runner, production, options } = context;
  const args = ["deploy", "--env", ENVIRONMENT, ...configArgs(context)];
  if (options.domain) args.push("--domain", new URL(production.vars.APP_ORIGIN).host);
  runner.wranglerCommand(args);
}

function checkWranglerVersion(context) {
  const { runner } = context;
  const pinned = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies.wrangler;
  const result = runner.wranglerCommand(["--version"], { capture: true });
  if (!result) return;
  const version = result.stdout.trim().split(/\s+/).pop();
  if (version !== pinned) {
    throw new SetupError(`${runner.wrangler} is wrangler ${version}, but the project pins ${pinned}. Run the script with npm run deploy:setup.`);
  }
}

// ---------------------------------------------------------------------------------------------

/** Parses the command-line options; an unknown option raises SetupError with the usage text. */
function parseOptions(argv) {
  const optionTypes = {
    "dry-run": { type: "boolean", default: false },
    yes: { type: "boolean", default: false },
    "skip-deploy": { type: "boolean", default: false },
    "no-domain": { type: "boolean", default: false },
    config: { type: "string", default: "wrangler.toml" },
    help: { type: "boolean", default: false },
  };
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: optionTypes, strict: true }));
  } catch (error) {
    throw new SetupError(`${error.message}\n\n${USAGE}`);
  }
  return {
    dryRun: values["dry-run"],
    yes: values.yes,
    skipDeploy: values["skip-deploy"],
    domain: !values["no-domain"],
    config: values.config,
    help: values.help,
  };
}

export async function main(argv = process.argv.slice(2)) {
  const options = parseOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (!options.dryRun && !options.yes && !process.stdin.isTTY) {
    throw new SetupError("Standard input is not a terminal, so the script cannot ask. Pass --yes and give the secrets as environment variables.");
  }

  const configPath = path.resolve(ROOT, options.config);
  const relativeConfig = path.relative(ROOT, configPath);
  const configArgument = relativeConfig.startsWith("..") || path.isAbsolute(relativeConfig) ? configPath : relativeConfig;
  const { production, development } = await readConfigs(configPath);
  const problems = checkProductionConfig(production);
  if (problems.length > 0) {
    throw new SetupError(`[env.${ENVIRONMENT}] of ${configArgument} cannot be deployed:\n  ${problems.join("\n  ")}`);
  }

  const runner = new Runner({ dryRun: options.dryRun, wrangler: findWrangler() });
  const context = { runner, options, production, development, configPath, configArgument, created: [], reused: [] };
  if (options.dryRun) console.log("[deploy] Dry run: every command is printed and none runs. Each resource is shown as created, because nothing is listed.");
  console.log(`[deploy] Worker "${production.name}" (${ENVIRONMENT}) from ${configArgument}`);

  checkWranglerVersion(context);
  const secrets = await planSecrets(context);
  const { database, id } = ensureDatabase(context);
  await writeDatabaseId(context, database, id);
  ensureBuckets(context);
  ensureQueues(context);
  uploadSecrets(context, secrets.upload);
  if (!options.skipDeploy) runner.run("npm", ["run", "build"]);
  applyMigrations(context, database);
  if (!options.skipDeploy) deploy(context);

  console.log(options.dryRun ? "\n[deploy] Summary of the dry run (nothing ran)" : "\n[deploy] Summary");
  for (const line of context.created) console.log(`  created: ${line}`);
  for (const line of context.reused) console.log(`  reused:  ${line}`);
  for (const line of secrets.report) console.log(`  secret:  ${line}`);
  console.log(`  migrations: ${options.dryRun ? "would be applied" : "applied"} to ${database.database_name} (remote)`);
  if (options.skipDeploy) console.log("  deploy: skipped (--skip-deploy)");
  else console.log(`  deploy: done. Check ${production.vars.APP_ORIGIN}/healthz (see docs/deploy.md).`);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().catch((error) => {
    console.error(`[deploy] ${error instanceof SetupError ? error.message : error.stack ?? error}`);
    process.exit(1);
  });
}
