// Loads the demo data into the local D1 database: one active freelancer, two clients, three
// projects (one completed, one shared with its client) and a dozen tasks in every state.
//
//   node scripts/seed.mjs                  delete every row, then load the demo data
//   node scripts/seed.mjs --if-empty       load only when the users table is empty
//   options: --persist-to DIR (wrangler's local state dir), --origin URL (for the printed
//            links), --summary-file FILE (writes the ids, login and client link as JSON)
//
// The script writes SQL and runs it with `wrangler d1 execute DB --local --file`. It imports
// no app code, so the formats below must match the app's own:
// - the password hash of hashPassword in app/utils/crypto.server.ts;
// - the client-link token of app/models/share.server.ts: 32 random bytes, stored as SHA-256 hex
//   for lookup and as an AES-256-GCM copy bound to the project id;
// - the columns and enum values of app/db/schema.ts.
import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync, randomBytes, randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const DEMO_EMAIL = "demo@klamp.localhost";
// A fixed, public password: the demo account exists only in local databases.
export const DEMO_PASSWORD = "klamp-demo-2026";

// Fixed ids so that scripts (bench, e2e) and a rerun of `npm start` can find the demo rows.
const ID = {
  user: "de000000-0000-4000-8000-000000000001",
  clientCompany: "de000000-0000-4000-8000-0000000000c1",
  clientPerson: "de000000-0000-4000-8000-0000000000c2",
  projectShop: "de000000-0000-4000-8000-0000000000a1",
  projectSite: "de000000-0000-4000-8000-0000000000a2",
  projectLogo: "de000000-0000-4000-8000-0000000000a3",
};

const PBKDF2_ITERATIONS = 100_000; // the Workers maximum, as in app/utils/crypto.server.ts
const HOUR_MS = 3_600_000;

const CLIENTS = [
  {
    id: ID.clientCompany,
    name: "Źdźbło Łąka Sp. z o.o.",
    email: "biuro@zdzblo-laka.example.com",
    phone: "+48 600 100 200",
    nip: "5252445767",
    address: "ul. Żółkiewskiego 12/4\n00-950 Łódź",
    notes: "Faktury na adres biura, płatność przelewem.",
    hoursAgo: 143,
  },
  {
    id: ID.clientPerson,
    name: "Łukasz Żółć",
    email: "lukasz.zolc@example.com",
    phone: null,
    nip: null,
    address: null,
    notes: null,
    hoursAgo: 142,
  },
];

// Amounts are grosze. `acceptance` also decides requires_acceptance (not_required = no).
const PROJECTS = [
  {
    id: ID.projectLogo,
    clientId: ID.clientCompany,
    name: "Logo i identyfikacja wizualna",
    deadlineInDays: -3,
    hoursAgo: 141,
    completedHoursAgo: 20,
    shared: false,
    tasks: [
      { name: "Projekt logo", amount: 150_000, acceptance: "accepted", work: "done", payment: "paid" },
      { name: "Księga znaku", amount: 120_000, acceptance: "accepted", work: "done", payment: "paid" },
      { name: "Wizytówki", amount: 25_000, acceptance: "not_required", work: "done", payment: "paid" },
    ],
  },
  {
    id: ID.projectShop,
    clientId: ID.clientCompany,
    name: "Sklep internetowy Źdźbło Łąka",
    deadlineInDays: 30,
    hoursAgo: 120,
    completedHoursAgo: null,
    shared: true,
    tasks: [
      { name: "Projekt graficzny strony głównej", amount: 250_000, acceptance: "accepted", work: "done", payment: "paid" },
      { name: "Wdrożenie koszyka i płatności", amount: 480_000, acceptance: "accepted", work: "in_progress", payment: "unpaid" },
      { name: "Integracja z systemem magazynowym", amount: 320_000, acceptance: "pending", work: "todo", payment: "unpaid" },
      {
        name: "Migracja produktów ze starego sklepu",
        amount: 123_456,
        acceptance: "rejected",
        work: "todo",
        payment: "unpaid",
        comment: "Za drogo, produkty przeniesiemy sami.",
      },
      { name: "Konfiguracja domeny i poczty", amount: 35_000, acceptance: "not_required", work: "done", payment: "paid" },
      { name: "Poprawki po testach użytkowników", amount: 90_000, acceptance: "pending", work: "todo", payment: "unpaid" },
    ],
  },
  {
    id: ID.projectSite,
    clientId: ID.clientPerson,
    name: "Strona wizytówka",
    deadlineInDays: 14,
    hoursAgo: 72,
    completedHoursAgo: null,
    shared: false,
    tasks: [
      { name: "Makieta strony", amount: 80_000, acceptance: "not_required", work: "done", payment: "unpaid" },
      { name: "Teksty i zdjęcia", amount: 45_000, acceptance: "accepted", work: "in_progress", payment: "unpaid" },
      { name: "Formularz kontaktowy", amount: 30_000, acceptance: "not_required", work: "todo", payment: "unpaid" },
    ],
  },
];

// Hours after a task's creation at which its later events happen.
const DECIDED_AFTER_HOURS = 24;
const STARTED_AFTER_HOURS = 30;
const DONE_AFTER_HOURS = 60;

function base64Url(buffer) {
  return buffer.toString("base64url");
}

/** Hashes like hashPassword in app/utils/crypto.server.ts: PBKDF2-SHA-256, 16-byte salt, 32-byte key. */
function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, PBKDF2_ITERATIONS, 32, "sha256");
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${base64Url(salt)}$${base64Url(hash)}`;
}

function sha256Hex(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Encrypts like encryptText in app/utils/crypto.server.ts: `<iv>.<ciphertext + tag>`, base64url. */
function encryptText(base64Key, plaintext, associatedData) {
  const key = decodeKey(base64Key);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${base64Url(iv)}.${base64Url(ciphertext)}`;
}

function decryptText(base64Key, sealed, associatedData) {
  const [ivText, dataText] = sealed.split(".");
  const data = Buffer.from(dataText, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", decodeKey(base64Key), Buffer.from(ivText, "base64url"));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
}

function decodeKey(base64Key) {
  // Buffer's base64 decoder accepts both the standard and the URL-safe alphabet.
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes in base64");
  return key;
}

/** Returns the Europe/Warsaw calendar day (YYYY-MM-DD) of an instant. */
function warsawDay(date) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw", year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

/**
 * Reads the Worker variables that `wrangler dev` would use: the top-level [vars] table of
 * wrangler.toml, overridden by .dev.vars. Only simple `KEY = "value"` lines are understood.
 */
export function readLocalVars() {
  const vars = {};
  const toml = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
  let inVars = false;
  for (const line of toml.split("\n")) {
    const section = /^\s*\[+([^\]]+)\]+\s*$/.exec(line);
    if (section) {
      inVars = section[1].trim() === "vars";
      continue;
    }
    const pair = /^\s*([A-Z0-9_]+)\s*=\s*"([^"]*)"/.exec(line);
    if (inVars && pair) vars[pair[1]] = pair[2];
  }

  const devVarsPath = path.join(ROOT, ".dev.vars");
  if (existsSync(devVarsPath)) {
    for (const line of readFileSync(devVarsPath, "utf8").split("\n")) {
      const pair = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (pair) vars[pair[1]] = pair[2].replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
    }
  }
  return vars;
}

function sqlValue(value) {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error(`Only integers are stored, got ${value}`);
    return String(value);
  }
  return `'${String(value).replaceAll("'", "''")}'`;
}

function insert(table, row) {
  const columns = Object.keys(row);
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => sqlValue(row[c])).join(", ")});`;
}

/** Builds the demo rows as SQL statements, with timestamps in the last six days before `now`. */
export function buildDemoData({ now = new Date(), encryptionKey, origin }) {
  const at = (hoursAgo) => new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  const statements = [];
  // Activity rows go last, after the projects they reference.
  const activityStatements = [];
  const activity = (row) =>
    activityStatements.push(
      insert("activity", {
        id: randomUUID(),
        user_id: ID.user,
        project_id: row.projectId ?? null,
        actor: row.actor,
        action: row.action,
        subject_type: row.subjectType ?? null,
        subject_id: row.subjectId ?? null,
        data: JSON.stringify(row.data ?? {}),
        created_at: row.at,
      }),
    );

  const userCreatedHoursAgo = 144;
  statements.push(
    insert("users", {
      id: ID.user,
      email: DEMO_EMAIL,
      name: "Anna Nowak",
      password_hash: hashPassword(DEMO_PASSWORD),
      status: "active",
      locale: "pl",
      trial_ends_at: new Date(now.getTime() + (14 * 24 - userCreatedHoursAgo) * HOUR_MS).toISOString(),
      activated_at: at(userCreatedHoursAgo - 0.1),
      created_at: at(userCreatedHoursAgo),
    }),
  );
  activity({ actor: "freelancer", action: "account.registered", at: at(userCreatedHoursAgo) });
  activity({ actor: "freelancer", action: "account.activated", at: at(userCreatedHoursAgo - 0.1) });

  for (const client of CLIENTS) {
    const searchText = [client.name, client.email, client.phone, client.nip].filter(Boolean).join(" ").toLocaleLowerCase("pl-PL");
    statements.push(
      insert("clients", {
        id: client.id,
        user_id: ID.user,
        name: client.name,
        email: client.email,
        phone: client.phone,
        nip: client.nip,
        address: client.address,
        notes: client.notes,
        search_text: searchText,
        created_at: at(client.hoursAgo),
        updated_at: at(client.hoursAgo),
      }),
    );
    activity({
      actor: "freelancer",
      action: "client.created",
      subjectType: "client",
      subjectId: client.id,
      data: { name: client.name },
      at: at(client.hoursAgo),
    });
  }

  let shareToken = null;
  for (const project of PROJECTS) {
    const deadline = warsawDay(new Date(now.getTime() + project.deadlineInDays * 24 * HOUR_MS));
    const projectEvents = [project.hoursAgo];
    const projectActivity = (row) => activity({ projectId: project.id, ...row });
    let shareTokenHash = null;
    let shareTokenEncrypted = null;
    if (project.shared) {
      shareToken = randomBytes(32).toString("base64url");
      shareTokenHash = sha256Hex(shareToken);
      shareTokenEncrypted = encryptText(encryptionKey, shareToken, project.id);
    }

    const taskStatements = [];
    project.tasks.forEach((task, index) => {
      const taskId = randomUUID();
      const createdHoursAgo = project.hoursAgo - 0.5 - index * 0.25;
      const requiresAcceptance = task.acceptance !== "not_required";
      const decided = task.acceptance === "accepted" || task.acceptance === "rejected";
      const decidedHoursAgo = createdHoursAgo - DECIDED_AFTER_HOURS;
      const taskEvents = [createdHoursAgo];

      projectActivity({
        actor: "freelancer",
        action: "task.created",
        subjectType: "task",
        subjectId: taskId,
        data: { name: task.name, amount: task.amount, requiresAcceptance },
        at: at(createdHoursAgo),
      });
      if (decided) {
        taskEvents.push(decidedHoursAgo);
        projectActivity({
          actor: "client",
          action: task.acceptance === "accepted" ? "task.accepted" : "task.rejected",
          subjectType: "task",
          subjectId: taskId,
          data: { name: task.name, amount: task.amount, version: 1, comment: task.comment ?? null },
          at: at(decidedHoursAgo),
        });
      }
      if (task.work !== "todo") {
        const startedHoursAgo = createdHoursAgo - STARTED_AFTER_HOURS;
        taskEvents.push(startedHoursAgo);
        projectActivity({
          actor: "freelancer",
          action: "task.status_changed",
          subjectType: "task",
          subjectId: taskId,
          data: { name: task.name, from: "todo", to: "in_progress" },
          at: at(startedHoursAgo),
        });
      }
      if (task.work === "done") {
        const doneHoursAgo = createdHoursAgo - DONE_AFTER_HOURS;
        taskEvents.push(doneHoursAgo);
        projectActivity({
          actor: "freelancer",
          action: "task.status_changed",
          subjectType: "task",
          subjectId: taskId,
          data: { name: task.name, from: "in_progress", to: "done" },
          at: at(doneHoursAgo),
        });
      }
      // NOTE: paid tasks get no payment activity row, because the app has no action for a
      // payment yet (payments arrive with bills and Tpay).

      const lastEventHoursAgo = Math.min(...taskEvents);
      projectEvents.push(lastEventHoursAgo);
      taskStatements.push(
        insert("tasks", {
          id: taskId,
          project_id: project.id,
          user_id: ID.user,
          name: task.name,
          amount: task.amount,
          requires_acceptance: requiresAcceptance,
          acceptance: task.acceptance,
          work_status: task.work,
          payment: task.payment,
          position: index + 1,
          version: 1,
          created_at: at(createdHoursAgo),
          updated_at: at(lastEventHoursAgo),
        }),
        insert("task_versions", {
          id: randomUUID(),
          task_id: taskId,
          version: 1,
          name: task.name,
          amount: task.amount,
          requires_acceptance: requiresAcceptance,
          decision: task.acceptance,
          decided_by: decided ? "client" : null,
          decided_at: decided ? at(decidedHoursAgo) : null,
          comment: decided ? (task.comment ?? null) : null,
          created_at: at(createdHoursAgo),
        }),
      );
    });

    projectActivity({
      actor: "freelancer",
      action: "project.created",
      subjectType: "project",
      subjectId: project.id,
      data: { name: project.name, deadline },
      at: at(project.hoursAgo),
    });
    if (project.shared) {
      const sharedHoursAgo = project.hoursAgo - 2;
      projectEvents.push(sharedHoursAgo);
      projectActivity({ actor: "freelancer", action: "share.enabled", subjectType: "project", subjectId: project.id, at: at(sharedHoursAgo) });
    }
    if (project.completedHoursAgo !== null) {
      projectEvents.push(project.completedHoursAgo);
      projectActivity({
        actor: "freelancer",
        action: "project.completed",
        subjectType: "project",
        subjectId: project.id,
        data: { name: project.name },
        at: at(project.completedHoursAgo),
      });
    }

    statements.push(
      insert("projects", {
        id: project.id,
        user_id: ID.user,
        client_id: project.clientId,
        name: project.name,
        deadline,
        status: project.completedHoursAgo === null ? "active" : "completed",
        share_token_hash: shareTokenHash,
        share_token_encrypted: shareTokenEncrypted,
        created_at: at(project.hoursAgo),
        updated_at: at(Math.min(...projectEvents)),
      }),
      ...taskStatements,
    );
  }

  return { statements: [...statements, ...activityStatements], summary: demoSummary(origin, shareToken) };
}

function demoSummary(origin, shareToken) {
  return {
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    userId: ID.user,
    sharedProjectId: ID.projectShop,
    projectIds: PROJECTS.map((project) => project.id),
    shareToken,
    loginUrl: `${origin}/login`,
    clientLink: shareToken ? `${origin}/p/${shareToken}` : null,
  };
}

function runWrangler(args, { captureOutput = false } = {}) {
  const result = spawnSync("bash", [path.join(ROOT, "scripts/wrangler.sh"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", captureOutput ? "pipe" : "inherit", "inherit"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    const detail = captureOutput && result.stdout ? `\n${result.stdout}` : "";
    throw new Error(`wrangler ${args.slice(0, 3).join(" ")} failed with exit code ${result.status}${detail}`);
  }
  return result.stdout;
}

function localDbArgs(persistTo) {
  return ["DB", "--local", ...(persistTo ? ["--persist-to", persistTo] : [])];
}

/** Reads the user count, the app's table names and the demo project's sealed token in one wrangler call. */
function inspectDatabase(persistTo) {
  const query = `SELECT name,
      (SELECT COUNT(*) FROM users) AS users,
      (SELECT share_token_encrypted FROM projects WHERE id = ${sqlValue(ID.projectShop)} AND user_id = ${sqlValue(ID.user)}) AS sealed
    FROM sqlite_master
    WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name <> 'd1_migrations'`;
  const output = runWrangler(["d1", "execute", ...localDbArgs(persistTo), "--json", "--command", query.replace(/\s+/g, " ")], {
    captureOutput: true,
  });
  const rows = JSON.parse(output)[0].results;
  if (rows.length === 0) throw new Error("The local database has no tables: apply the migrations first (npm run db:migrate:local).");
  return { userCount: rows[0].users, tables: rows.map((row) => row.name), sealedToken: rows[0].sealed };
}

function printSummary(summary, heading) {
  const lines = [
    heading,
    `  Log in at   ${summary.loginUrl}`,
    `  E-mail      ${summary.email}`,
    `  Password    ${summary.password}`,
  ];
  if (summary.clientLink) lines.push(`  Client link ${summary.clientLink}`);
  console.log(lines.join("\n"));
}

function main() {
  const { values: options } = parseArgs({
    options: {
      "if-empty": { type: "boolean", default: false },
      "persist-to": { type: "string" },
      origin: { type: "string" },
      "summary-file": { type: "string" },
    },
  });
  const vars = readLocalVars();
  const origin = (options.origin ?? vars.APP_ORIGIN ?? "http://localhost:8787").replace(/\/+$/, "");
  if (!vars.ENCRYPTION_KEY) throw new Error("ENCRYPTION_KEY is not set in wrangler.toml [vars] or .dev.vars");

  const database = inspectDatabase(options["persist-to"]);
  if (options["if-empty"] && database.userCount > 0) {
    if (database.sealedToken) {
      let token = null;
      try {
        token = decryptText(vars.ENCRYPTION_KEY, database.sealedToken, ID.projectShop);
      } catch {
        // Encrypted with another ENCRYPTION_KEY: the link cannot be shown, the login still can.
      }
      const summary = demoSummary(origin, token);
      if (options["summary-file"]) writeFileSync(options["summary-file"], `${JSON.stringify(summary, null, 2)}\n`);
      printSummary(summary, "The local database already has data; demo account (run `npm run seed` to reset):");
    } else {
      console.log("The local database already has data; `npm run seed` replaces it with the demo data.");
    }
    return;
  }

  const { statements, summary } = buildDemoData({ encryptionKey: vars.ENCRYPTION_KEY, origin });
  // Foreign keys are checked when the file's transaction ends, so tables can be emptied in any order.
  const sql = [
    "PRAGMA defer_foreign_keys = on;",
    ...database.tables.map((table) => `DELETE FROM "${table.replaceAll('"', '""')}";`),
    ...statements,
  ].join("\n");

  const directory = mkdtempSync(path.join(tmpdir(), "klamp-seed-"));
  const file = path.join(directory, "seed.sql");
  try {
    writeFileSync(file, sql);
    runWrangler(["d1", "execute", ...localDbArgs(options["persist-to"]), "--file", file], { captureOutput: true });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }

  if (options["summary-file"]) writeFileSync(options["summary-file"], `${JSON.stringify(summary, null, 2)}\n`);
  printSummary(summary, "Demo data loaded. Demo account:");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`[seed] ${error.message}`);
    process.exit(1);
  }
}
