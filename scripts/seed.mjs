// Loads the demo data into the local D1 database: one active freelancer, two clients, three
// projects (one completed, one shared with its client) and a dozen tasks in every state. The
// shared project also shows the collaboration panels in use: an invitation with its sent
// e-mail, a discussion thread, two fix requests, two files (stored in the local R2 bucket) and
// the freelancer's notifications. The paid tasks have their bills and payments: the completed
// project's were marked paid by hand, and the shared project's client paid a bill through the
// Tpay sandbox. The freelancer has a report logo (Settings → Raporty) in the local R2 bucket,
// shown in new reports.
//
//   node scripts/seed.mjs                  delete every row, then load the demo data
//   node scripts/seed.mjs --if-empty       load only when the users table is empty
//   options: --persist-to DIR (wrangler's local state dir), --origin URL (for the printed
//            links), --summary-file FILE (writes the ids, login and client link as JSON),
//            --bench-data (also loads the benchmark's large project, see scripts/seed-bench.mjs)
//
// The script writes SQL and runs it with `wrangler d1 execute DB --local --file`, and stores the
// demo files and the logo with `wrangler r2 bulk put --local`. It imports no app code, so the formats
// below and in scripts/seed-sql.mjs must match the app's own:
// - the password hash of hashPassword in app/utils/crypto.server.ts;
// - the client-link token of app/models/share.server.ts (see newShareToken);
// - the columns and enum values of app/db/schema.ts, and the activity and notification data
//   keys that app/components/activity-timeline.tsx and app/utils/notification-text.ts read.
import { pbkdf2Sync, randomBytes, randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildBenchData } from "./seed-bench.mjs";
import { cartScreenshotPng, simplePdf } from "./seed-files.mjs";
import {
  activityRow,
  base64Url,
  decryptText,
  encryptText,
  HOUR_MS,
  insert,
  manualTaskPaymentRows,
  messageExcerpt,
  newShareToken,
  notificationRow,
  sqlValue,
  tpayBillPaymentRows,
  warsawDay,
} from "./seed-sql.mjs";

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
  invitation: "de000000-0000-4000-8000-0000000000e1",
  invitationEmail: "de000000-0000-4000-8000-0000000000e2",
  fixRequestPriced: "de000000-0000-4000-8000-0000000000f1",
  fixRequestOpen: "de000000-0000-4000-8000-0000000000f2",
  // The files' R2 keys are made from these ids, so a reseed overwrites the same two objects.
  fileMockup: "de000000-0000-4000-8000-0000000000d1",
  fileScreenshot: "de000000-0000-4000-8000-0000000000d2",
};

const FREELANCER_NAME = "Anna Nowak";

const PBKDF2_ITERATIONS = 100_000; // the Workers maximum, as in app/utils/crypto.server.ts

// The local Tpay sandbox's demo merchant (SANDBOX_DEMO_MERCHANT in workers/tpay-sandbox/storage.ts).
// The demo freelancer is connected to it, so a demo task can be paid locally end to end.
const SANDBOX_DEMO_MERCHANT = {
  merchantId: "12345",
  clientId: "12345-0123456789abcdef",
  clientSecret: "dev-only-demo-client-secret",
  securityCode: "dev-only-demo-security-code",
};

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
// PAYMENTS: each entry of a project's `payments` is one paid bill of the named `tasks`, numbered
// from 1 in the list's order. Together they must name exactly the tasks with payment "paid".
// `kind` "manual" is one task marked paid by hand (`method` cash or transfer, `note`), and
// "tpay" a bill the client made and paid online. `hoursAgo` is when the bill was made. A Tpay
// payment is started and paid seconds later (TPAY_STARTED_AFTER_HOURS, TPAY_PAID_AFTER_HOURS).
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
    // The project has no client link, so the freelancer marked each task paid by hand, which
    // makes a paid bill of that one task (see PAYMENTS).
    payments: [
      { kind: "manual", tasks: ["Projekt logo"], method: "transfer", note: null, hoursAgo: 44 },
      { kind: "manual", tasks: ["Księga znaku"], method: "transfer", note: null, hoursAgo: 43.9 },
      { kind: "manual", tasks: ["Wizytówki"], method: "cash", note: "Zapłacone przy odbiorze wizytówek.", hoursAgo: 22 },
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
    // Free revision rounds, set by a project.updated entry at `hoursAgo`. The demo's fix requests use none.
    freeRevisionRounds: { rounds: 2, hoursAgo: 101 },
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
      // Made when the freelancer priced the client's fix request #1 (see COLLABORATION) as a new task.
      {
        name: "Poprawki po testach użytkowników",
        amount: 90_000,
        acceptance: "pending",
        work: "todo",
        payment: "unpaid",
        createdHoursAgo: 46,
        fixRequestNumber: 1,
      },
    ],
    // The client selected both done tasks with "Opłać" and paid the bill through Tpay (the local
    // sandbox's demo merchant), so the payment shows in "Portfel".
    payments: [{ kind: "tpay", tasks: ["Projekt graficzny strony głównej", "Konfiguracja domeny i poczty"], hoursAgo: 54 }],
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
    payments: [],
  },
];

// Hours after a task's creation at which its later events happen.
const DECIDED_AFTER_HOURS = 24;
const STARTED_AFTER_HOURS = 30;
const DONE_AFTER_HOURS = 60;
// Hours after a client's bill was made at which its Tpay payment was started and then paid.
const TPAY_STARTED_AFTER_HOURS = 0.002;
const TPAY_PAID_AFTER_HOURS = 0.012;

/** R2 bucket of the FILES binding (bucket_name in wrangler.toml). */
const FILES_BUCKET = "klamp-files";

// Events of the shared project's collaboration, in hours before the seed. The client is the
// company's contact person, invited at the company's address.
const COLLABORATION = {
  invitation: {
    hoursAgo: 100,
    email: "biuro@zdzblo-laka.example.com",
    name: "Marta Wiśniewska",
    message: "Dzień dobry, pod tym linkiem są zadania sklepu z kwotami do akceptacji. Tu też możemy pisać do siebie i zgłaszać poprawki.",
  },
  messages: [
    { hoursAgo: 96, author: "client", body: "Dzień dobry, dziękujemy za zaproszenie. Czy możemy w tym tygodniu krótko porozmawiać o koszyku?" },
    {
      hoursAgo: 95.5,
      author: "freelancer",
      body: "Dzień dobry! Pasuje mi czwartek o 10:00.\nWcześniej proszę zajrzeć do makiety koszyka, jest w plikach projektu.",
    },
    { hoursAgo: 72, author: "client", body: "Czwartek pasuje. Makieta wygląda dobrze, tylko przycisk „Do kasy” mógłby być bardziej widoczny." },
    {
      hoursAgo: 70,
      author: "freelancer",
      body: "Zmieniłam kolor przycisku na zielony z Państwa palety. Podgląd wersji testowej:\nhttps://sklep-test.zdzblo-laka.example.com/koszyk",
    },
    { hoursAgo: 49.9, author: "client", body: "Po testach z pracownikami mamy kilka uwag, zgłosiłam je jako poprawkę." },
    {
      hoursAgo: 45.9,
      author: "freelancer",
      body: "Dziękuję! Te poprawki wykraczają poza zakres, więc wyceniłam je jako osobne zadanie: 900,00 zł. Czekam na akceptację.",
    },
    { hoursAgo: 26, author: "client", body: "Przekażę wycenę zarządowi, odpowiemy do piątku." },
    { hoursAgo: 3.4, author: "client", body: "Dodałam zrzut ekranu błędu w koszyku do nowej poprawki." },
  ],
  fixRequests: [
    {
      id: ID.fixRequestPriced,
      number: 1,
      hoursAgo: 50,
      title: "Uwagi po testach z pracownikami",
      description:
        "1. Filtry kategorii znikają po powrocie z karty produktu.\n" +
        "2. Na telefonie przycisk „Dodaj do koszyka” zasłania cenę.\n" +
        "3. W podsumowaniu zamówienia brakuje czasu dostawy.",
      // Priced as the task of the same name in PROJECTS, 2 seconds before that task was created.
      pricedHoursAgo: 46.0005,
      pricedAs: "Poprawki po testach użytkowników",
    },
    {
      id: ID.fixRequestOpen,
      number: 2,
      // A moment after its attachment was stored, as the client page's form does it.
      hoursAgo: 3.4995,
      title: "Suma w koszyku nie odświeża się",
      description:
        "Po zmianie ilości produktu na 2 suma w koszyku zostaje stara, dopiero po przeładowaniu strony jest dobra.\n" +
        "Zrzut ekranu w załączniku. Telefon: iPhone, Safari.",
      attachment: ID.fileScreenshot,
    },
  ],
  // Client notifications newer than this stay unread.
  unreadWithinHours: 30,
};

/**
 * Builds the demo project's two files with their bytes: the freelancer's PDF mock-up and the
 * screenshot the client attached to fix request #2.
 */
export function demoFiles() {
  return [
    {
      id: ID.fileMockup,
      name: "Makieta koszyka v2.pdf",
      bytes: simplePdf([
        "Sklep internetowy Zdzblo Laka",
        "Makieta koszyka, wersja 2",
        "",
        "1. Lista produktow: miniatura, ilosc, cena",
        "2. Podsumowanie: dostawa, rabat, suma",
        "3. Przycisk Do kasy w kolorze marki",
      ]),
      contentType: "application/pdf",
      kind: "pdf",
      uploadedBy: "freelancer",
      hoursAgo: 95.6,
      fixRequestId: null,
    },
    {
      id: ID.fileScreenshot,
      name: "koszyk-suma.png",
      bytes: cartScreenshotPng(),
      contentType: "image/png",
      kind: "image",
      uploadedBy: "client",
      hoursAgo: 3.5,
      fixRequestId: ID.fixRequestOpen,
    },
  ].map((file) => ({ ...file, r2Key: `projects/${ID.projectShop}/${file.id}`, size: file.bytes.length }));
}

/**
 * Builds the demo freelancer's report logo: the 600×200 PNG of the logo tests
 * (test/fixtures/logo-600x200.png), under a fixed R2 key in the app's `report-logos/<userId>/`
 * folder, so a reseed overwrites the same object.
 */
export function demoLogo() {
  const bytes = readFileSync(path.join(ROOT, "test/fixtures/logo-600x200.png"));
  return { r2Key: `report-logos/${ID.user}/demo-logo`, bytes, contentType: "image/png", size: bytes.length, width: 600, height: 200 };
}

/** Hashes like hashPassword in app/utils/crypto.server.ts: PBKDF2-SHA-256, 16-byte salt, 32-byte key. */
function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, PBKDF2_ITERATIONS, 32, "sha256");
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${base64Url(salt)}$${base64Url(hash)}`;
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

/**
 * Builds the demo rows as SQL statements, with timestamps in the last six days before `now`.
 * `files` are the demo files already stored in R2 (see demoFiles); an empty list leaves the
 * files out. `logo` is the report logo already stored in R2 (see demoLogo), and null leaves the
 * report settings out. With `bench` the benchmark's projects (scripts/seed-bench.mjs) are added.
 */
export function buildDemoData({ now = new Date(), encryptionKey, origin, files = [], logo = null, bench = false }) {
  const at = (hoursAgo) => new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  const statements = [];
  // Activity rows go last, in time order, so that their rowids (the timeline's tie-break) follow time.
  const activityRows = [];
  const activity = (row) => activityRows.push(activityRow(ID.user, row));
  // Notifications of what the client did, read unless they are recent.
  const notify = (row) =>
    statements.push(
      insert(
        "notifications",
        notificationRow(ID.user, {
          ...row,
          at: at(row.hoursAgo),
          readAt: row.hoursAgo > COLLABORATION.unreadWithinHours ? at(row.hoursAgo - 1) : null,
        }),
      ),
    );
  const benchData = bench
    ? buildBenchData({ now, encryptionKey, userId: ID.user })
    : null;
  // All demo files belong to the shared project.
  const clientFileBytes = files.filter((file) => file.uploadedBy === "client").reduce((sum, file) => sum + file.size, 0);
  const storageBytes = files.reduce((sum, file) => sum + file.size, 0) + (benchData?.storageBytes ?? 0);

  const userCreatedHoursAgo = 144;
  statements.push(
    insert("users", {
      id: ID.user,
      email: DEMO_EMAIL,
      name: FREELANCER_NAME,
      password_hash: hashPassword(DEMO_PASSWORD),
      status: "active",
      locale: "pl",
      trial_ends_at: new Date(now.getTime() + (14 * 24 - userCreatedHoursAgo) * HOUR_MS).toISOString(),
      activated_at: at(userCreatedHoursAgo - 0.1),
      storage_bytes: storageBytes,
      created_at: at(userCreatedHoursAgo),
    }),
  );
  activity({ actor: "freelancer", action: "account.registered", at: at(userCreatedHoursAgo) });
  activity({ actor: "freelancer", action: "account.activated", at: at(userCreatedHoursAgo - 0.1) });

  // Settings → Płatności: the sandbox's demo merchant, already checked, as saveTpayConnection in
  // app/models/tpay-connections.server.ts stores it (credentials sealed to the user id). It is
  // the user's current connection (no disconnected_at); the id has the column's 32-hex format.
  const tpayConnectedAt = at(userCreatedHoursAgo - 0.2);
  const tpayConnectionId = "de000000000040008000000000000071";
  statements.push(
    insert("tpay_connections", {
      id: tpayConnectionId,
      user_id: ID.user,
      notify_key: randomBytes(24).toString("base64url"),
      environment: "sandbox",
      merchant_id: SANDBOX_DEMO_MERCHANT.merchantId,
      client_id_hint: "12345-…cdef",
      credentials: encryptText(
        encryptionKey,
        JSON.stringify({
          clientId: SANDBOX_DEMO_MERCHANT.clientId,
          clientSecret: SANDBOX_DEMO_MERCHANT.clientSecret,
          securityCode: SANDBOX_DEMO_MERCHANT.securityCode,
        }),
        ID.user,
      ),
      status: "verified",
      checked_at: now.toISOString(),
      created_at: tpayConnectedAt,
      updated_at: now.toISOString(),
    }),
  );
  const tpayConnection = { id: tpayConnectionId, environment: "sandbox", merchantId: SANDBOX_DEMO_MERCHANT.merchantId };
  activity({
    actor: "freelancer",
    action: "tpay.connected",
    subjectType: "tpay_connection",
    subjectId: tpayConnectionId,
    data: { environment: "sandbox", merchantId: SANDBOX_DEMO_MERCHANT.merchantId, replaced: false },
    at: tpayConnectedAt,
  });

  if (logo) {
    // Settings → Raporty: the row and activity rows of storeReportLogo in
    // app/models/report-settings.server.ts for a first logo, which switches showing it on.
    const logoUploadedAt = at(userCreatedHoursAgo - 0.3);
    statements.push(
      insert("report_settings", {
        user_id: ID.user,
        logo_key: logo.r2Key,
        logo_content_type: logo.contentType,
        logo_size: logo.size,
        show_logo: true,
        updated_at: logoUploadedAt,
      }),
    );
    activity({
      actor: "freelancer",
      action: "account.report_logo_uploaded",
      data: { contentType: logo.contentType, size: logo.size, width: logo.width, height: logo.height },
      at: logoUploadedAt,
    });
    activity({ actor: "freelancer", action: "account.report_logo_shown", at: logoUploadedAt });
  }

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
  let shopShareTokenHash = null;
  // Ids of the shared project's tasks by name, for the fix request priced as one of them.
  const shopTaskIds = new Map();
  for (const project of PROJECTS) {
    const deadline = warsawDay(new Date(now.getTime() + project.deadlineInDays * 24 * HOUR_MS));
    const projectEvents = [project.hoursAgo];
    const projectActivity = (row) => activity({ projectId: project.id, ...row });
    let shareTokenHash = null;
    let shareTokenEncrypted = null;
    if (project.shared) {
      const share = newShareToken(encryptionKey, project.id);
      shareToken = share.token;
      shareTokenHash = share.hash;
      shareTokenEncrypted = share.encrypted;
      if (project.id === ID.projectShop) shopShareTokenHash = share.hash;
    }

    // The task rows are written once the project's payments have set their payment columns.
    const taskRecords = [];
    project.tasks.forEach((task, index) => {
      const taskId = randomUUID();
      if (project.id === ID.projectShop) shopTaskIds.set(task.name, taskId);
      const createdHoursAgo = task.createdHoursAgo ?? project.hoursAgo - 0.5 - index * 0.25;
      const requiresAcceptance = task.acceptance !== "not_required";
      const decided = task.acceptance === "accepted" || task.acceptance === "rejected";
      const decidedHoursAgo = createdHoursAgo - DECIDED_AFTER_HOURS;
      const taskEvents = [createdHoursAgo];

      projectActivity({
        actor: "freelancer",
        action: "task.created",
        subjectType: "task",
        subjectId: taskId,
        data: {
          name: task.name,
          amount: task.amount,
          requiresAcceptance,
          ...(task.fixRequestNumber ? { fixRequestNumber: task.fixRequestNumber } : {}),
        },
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
        notify({
          projectId: project.id,
          type: task.acceptance === "accepted" ? "task_accepted" : "task_rejected",
          data: { taskName: task.name, amount: task.amount, comment: task.comment ?? null },
          hoursAgo: decidedHoursAgo,
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

      const lastEventHoursAgo = Math.min(...taskEvents);
      projectEvents.push(lastEventHoursAgo);
      taskRecords.push({
        task,
        // Paid tasks get their payment columns from buildProjectPayments.
        row: {
          id: taskId,
          project_id: project.id,
          user_id: ID.user,
          name: task.name,
          amount: task.amount,
          requires_acceptance: requiresAcceptance,
          acceptance: task.acceptance,
          work_status: task.work,
          payment: "unpaid",
          paid_via: null,
          paid_at: null,
          position: index + 1,
          version: 1,
          created_at: at(createdHoursAgo),
          updated_at: at(lastEventHoursAgo),
        },
        version: {
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
        },
      });
    });

    const paid = buildProjectPayments({ at, origin, project, taskRecords, tpayConnection });
    activityRows.push(...paid.activity);
    for (const row of paid.notifications) notify(row);

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
    if (project.freeRevisionRounds) {
      const { rounds, hoursAgo } = project.freeRevisionRounds;
      projectEvents.push(hoursAgo);
      // The data of updateProject in app/models/projects.server.ts when only the rounds change.
      projectActivity({
        actor: "freelancer",
        action: "project.updated",
        subjectType: "project",
        subjectId: project.id,
        data: {
          name: project.name,
          previousName: project.name,
          deadline,
          previousDeadline: deadline,
          clientChanged: false,
          freeRevisionRounds: rounds,
          previousFreeRevisionRounds: 0,
        },
        at: at(hoursAgo),
      });
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
        free_revision_rounds: project.freeRevisionRounds?.rounds ?? 0,
        client_storage_bytes: project.id === ID.projectShop ? clientFileBytes : 0,
        share_token_hash: shareTokenHash,
        share_token_encrypted: shareTokenEncrypted,
        created_at: at(project.hoursAgo),
        updated_at: at(Math.min(...projectEvents)),
      }),
      ...taskRecords.flatMap((record) => [insert("tasks", record.row), insert("task_versions", record.version)]),
      ...paid.statements,
    );
  }

  const shop = PROJECTS.find((project) => project.id === ID.projectShop);
  const collaboration = buildCollaboration({
    at,
    project: shop,
    taskIds: shopTaskIds,
    files,
    sentShareTokenHash: shopShareTokenHash,
  });
  statements.push(...collaboration.statements);
  activityRows.push(...collaboration.activity);
  for (const row of collaboration.notifications) notify(row);

  if (benchData) {
    statements.push(...benchData.statements);
    activityRows.push(...benchData.activity);
  }

  // Array.prototype.sort is stable, so rows of the same instant keep the order they were built in.
  activityRows.sort(byCreatedAt);
  return {
    statements: [...statements, ...activityRows.map((row) => insert("activity", row))],
    summary: demoSummary(origin, shareToken, benchData),
  };
}

/**
 * Builds the bills, payments and their activity rows of one project's `payments` (see PAYMENTS),
 * and sets the payment columns of the paid tasks' rows in `taskRecords`. Throws when the
 * payments do not cover exactly the tasks with payment "paid", or when a payment comes before
 * its task was agreed or after the project was completed, because the app would refuse it.
 */
function buildProjectPayments({ at, origin, project, taskRecords, tpayConnection }) {
  const statements = [];
  const activity = [];
  const notifications = [];
  const recordsByName = new Map(taskRecords.map((record) => [record.task.name, record]));
  const paidNames = new Set();

  project.payments.forEach((payment, index) => {
    const number = index + 1;
    const records = payment.tasks.map((name) => {
      const record = recordsByName.get(name);
      if (!record || record.task.payment !== "paid") throw new Error(`Payment ${number} of "${project.name}" names "${name}", which is not a paid task`);
      if (paidNames.has(name)) throw new Error(`The task "${name}" of "${project.name}" is paid twice`);
      paidNames.add(name);
      return record;
    });
    const paidHoursAgo = payment.kind === "tpay" ? payment.hoursAgo - TPAY_PAID_AFTER_HOURS : payment.hoursAgo;
    for (const { task, row } of records) {
      if (task.acceptance !== "accepted" && task.acceptance !== "not_required") throw new Error(`The paid task "${task.name}" has no agreed amount`);
      if (row.updated_at > at(payment.hoursAgo)) throw new Error(`The task "${task.name}" is paid before its last change`);
    }
    if (project.completedHoursAgo !== null && paidHoursAgo < project.completedHoursAgo) {
      throw new Error(`Payment ${number} of "${project.name}" comes after the project was completed`);
    }

    const tasks = records.map(({ row }) => ({ id: row.id, name: row.name, amount: row.amount, version: row.version }));
    let rows;
    if (payment.kind === "manual") {
      if (tasks.length !== 1) throw new Error(`Payment ${number} of "${project.name}" marks more than one task paid by hand`);
      rows = manualTaskPaymentRows({
        userId: ID.user,
        projectId: project.id,
        task: tasks[0],
        number,
        method: payment.method,
        note: payment.note,
        at: at(paidHoursAgo),
      });
    } else {
      rows = tpayBillPaymentRows({
        userId: ID.user,
        project,
        tasks,
        number,
        connection: tpayConnection,
        origin,
        createdAt: at(payment.hoursAgo),
        startedAt: at(payment.hoursAgo - TPAY_STARTED_AFTER_HOURS),
        paidAt: at(paidHoursAgo),
      });
      notifications.push({ ...rows.notification, hoursAgo: paidHoursAgo });
    }
    statements.push(...rows.statements);
    activity.push(...rows.activity);
    for (const { row } of records) Object.assign(row, rows.taskColumns);
  });

  for (const { task } of taskRecords) {
    if (task.payment === "paid" && !paidNames.has(task.name)) throw new Error(`The paid task "${task.name}" of "${project.name}" has no payment`);
  }
  return { statements, activity, notifications };
}

/** Orders rows by their ISO `created_at`, which sorts as text. */
function byCreatedAt(a, b) {
  if (a.created_at < b.created_at) return -1;
  if (a.created_at > b.created_at) return 1;
  return 0;
}

/** Value that markEmailSent in app/models/email.server.ts puts in place of a sent e-mail's link tokens. */
const REDACTED = "[usunięto po wysłaniu]";

/**
 * Builds the shared project's collaboration rows from COLLABORATION: the invitation and its
 * sent e-mail, the thread, the fix requests, the files, their activity rows, and the
 * notifications (returned for the caller to write with its read/unread rule).
 */
function buildCollaboration({ at, project, taskIds, files, sentShareTokenHash }) {
  const statements = [];
  const activity = [];
  const notifications = [];
  const projectActivity = (row) => activity.push(activityRow(ID.user, { projectId: project.id, ...row }));
  const { invitation } = COLLABORATION;

  // The invitation, its e-mail as the queue consumer leaves it once sent (no copy in
  // /dev/mailbox: the seed does not render templates), and the delivery notification.
  const sentHoursAgo = invitation.hoursAgo - 0.0003;
  statements.push(
    insert("email_outbox", {
      id: ID.invitationEmail,
      user_id: ID.user,
      to_address: invitation.email,
      to_name: invitation.name,
      template: "invitation",
      // The keys of sendInvitation in app/models/invitations.server.ts, with the link tokens redacted.
      data: JSON.stringify({
        locale: "pl",
        projectName: project.name,
        freelancerName: FREELANCER_NAME,
        recipientName: invitation.name,
        message: invitation.message,
        clientLinkUrl: REDACTED,
        unsubscribeUrl: REDACTED,
      }),
      subject: `${FREELANCER_NAME} zaprasza Cię do projektu „${project.name}”`,
      status: "sent",
      attempts: 1,
      last_error: null,
      provider_message_id: null,
      claimed_at: at(sentHoursAgo),
      sent_at: at(sentHoursAgo),
      created_at: at(invitation.hoursAgo),
      updated_at: at(sentHoursAgo),
    }),
    insert("invitations", {
      id: ID.invitation,
      user_id: ID.user,
      project_id: project.id,
      email: invitation.email,
      name: invitation.name,
      message: invitation.message,
      outbox_id: ID.invitationEmail,
      // The client link the e-mail carried: client e-mails go only to an invitation with the current link's hash.
      sent_share_token_hash: sentShareTokenHash,
      send_count: 1,
      unsubscribed_at: null,
      message_emailed_at: null,
      created_at: at(invitation.hoursAgo),
      updated_at: at(invitation.hoursAgo),
    }),
  );
  projectActivity({
    actor: "freelancer",
    action: "invitation.sent",
    subjectType: "invitation",
    subjectId: ID.invitation,
    data: { email: invitation.email, name: invitation.name },
    at: at(invitation.hoursAgo),
  });
  notifications.push({
    projectId: project.id,
    type: "invitation_delivered",
    data: { projectName: project.name, email: invitation.email, name: invitation.name },
    hoursAgo: sentHoursAgo,
  });

  COLLABORATION.messages.forEach((message, index) => {
    const id = randomUUID();
    const excerpt = messageExcerpt(message.body);
    statements.push(
      insert("messages", {
        id,
        user_id: ID.user,
        project_id: project.id,
        seq: index + 1,
        author: message.author,
        body: message.body,
        client_key: randomUUID(),
        created_at: at(message.hoursAgo),
      }),
    );
    projectActivity({ actor: message.author, action: "message.posted", subjectType: "message", subjectId: id, data: { excerpt }, at: at(message.hoursAgo) });
    // Only the client's messages notify the freelancer.
    if (message.author === "client") {
      notifications.push({ projectId: project.id, type: "message", data: { projectName: project.name, excerpt }, hoursAgo: message.hoursAgo });
    }
  });

  const filesById = new Map(files.map((file) => [file.id, file]));
  for (const file of files) {
    statements.push(
      insert("files", {
        id: file.id,
        user_id: ID.user,
        project_id: project.id,
        r2_key: file.r2Key,
        name: file.name,
        size: file.size,
        content_type: file.contentType,
        kind: file.kind,
        uploaded_by: file.uploadedBy,
        private: false,
        fix_request_id: file.fixRequestId,
        created_at: at(file.hoursAgo),
      }),
    );
    // A client's attachment to a fix request writes no `file` notification: the request's own covers it.
    projectActivity({
      actor: file.uploadedBy,
      action: "file.uploaded",
      subjectType: "file",
      subjectId: file.id,
      data: { name: file.name, size: file.size, private: false },
      at: at(file.hoursAgo),
    });
  }

  for (const request of COLLABORATION.fixRequests) {
    const pricedTaskId = request.pricedAs ? taskIds.get(request.pricedAs) : null;
    if (request.pricedAs && !pricedTaskId) throw new Error(`No task "${request.pricedAs}" in the shared demo project`);
    const attachment = request.attachment ? (filesById.get(request.attachment) ?? null) : null;
    const answeredAt = request.pricedHoursAgo === undefined ? null : at(request.pricedHoursAgo);
    statements.push(
      insert("fix_requests", {
        id: request.id,
        user_id: ID.user,
        project_id: project.id,
        number: request.number,
        title: request.title,
        description: request.description,
        status: pricedTaskId ? "priced" : "open",
        task_id: pricedTaskId,
        resolution: pricedTaskId ? "priced" : null,
        decline_reason: null,
        answered_at: answeredAt,
        done_at: null,
        created_at: at(request.hoursAgo),
        updated_at: answeredAt ?? at(request.hoursAgo),
      }),
    );
    projectActivity({
      actor: "client",
      action: "fix_request.created",
      subjectType: "fix_request",
      subjectId: request.id,
      data: { number: request.number, title: request.title, attachment: attachment?.name ?? null },
      at: at(request.hoursAgo),
    });
    notifications.push({
      projectId: project.id,
      type: "fix_request",
      data: { projectName: project.name, number: request.number, title: request.title, excerpt: request.description.slice(0, 200) },
      hoursAgo: request.hoursAgo,
    });
    if (pricedTaskId) {
      const task = project.tasks.find((candidate) => candidate.name === request.pricedAs);
      projectActivity({
        actor: "freelancer",
        action: "fix_request.priced",
        subjectType: "fix_request",
        subjectId: request.id,
        data: { number: request.number, title: request.title, taskId: pricedTaskId, taskName: task.name, amount: task.amount },
        at: answeredAt,
      });
    }
  }

  return { statements, activity, notifications };
}

function demoSummary(origin, shareToken, bench = null) {
  return {
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    userId: ID.user,
    sharedProjectId: ID.projectShop,
    projectIds: PROJECTS.map((project) => project.id),
    shareToken,
    loginUrl: `${origin}/login`,
    clientLink: shareToken ? `${origin}/p/${shareToken}` : null,
    tpaySandboxUrl: `${origin}/tpay-sandbox/`,
    ...(bench ? { benchProjectId: bench.projectId, benchShareToken: bench.shareToken } : {}),
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

/**
 * Puts the demo files and the report logo into the local R2 bucket with one wrangler call and
 * returns them as { files, logo }. When wrangler fails, it warns and returns no files and no
 * logo, so the demo data still loads without them.
 * `r2 bulk put` sets one content type for every object, so it sets none: the app serves a
 * file with the type in its `files` row, not the object's metadata.
 * NOTE: a reset deletes the rows but no R2 objects, so files, logos and report PDFs stored before
 * it stay in the local bucket without a row. The demo's own keys are fixed and overwritten.
 */
function storeDemoObjects(persistTo) {
  const files = demoFiles();
  const logo = demoLogo();
  const directory = mkdtempSync(path.join(tmpdir(), "klamp-seed-files-"));
  try {
    const pairs = files.map((file) => {
      const source = path.join(directory, file.id);
      writeFileSync(source, file.bytes);
      return { key: file.r2Key, file: source };
    });
    const logoSource = path.join(directory, "logo.png");
    writeFileSync(logoSource, logo.bytes);
    pairs.push({ key: logo.r2Key, file: logoSource });
    const list = path.join(directory, "objects.json");
    writeFileSync(list, JSON.stringify(pairs));
    runWrangler(["r2", "bulk", "put", FILES_BUCKET, "--local", ...(persistTo ? ["--persist-to", persistTo] : []), "--filename", list], {
      captureOutput: true,
    });
    return { files, logo };
  } catch (error) {
    console.warn(`[seed] Storing the demo files in the local R2 bucket failed, so the demo has no files and no report logo: ${error.message}`);
    return { files: [], logo: null };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function printSummary(summary, heading) {
  const lines = [
    heading,
    `  Log in at   ${summary.loginUrl}`,
    `  E-mail      ${summary.email}`,
    `  Password    ${summary.password}`,
  ];
  if (summary.clientLink) lines.push(`  Client link ${summary.clientLink}`);
  if (summary.tpaySandboxUrl) lines.push(`  Tpay sandbox ${summary.tpaySandboxUrl} (local test payments, no real money)`);
  console.log(lines.join("\n"));
}

function main() {
  const { values: options } = parseArgs({
    options: {
      "if-empty": { type: "boolean", default: false },
      "persist-to": { type: "string" },
      origin: { type: "string" },
      "summary-file": { type: "string" },
      "bench-data": { type: "boolean", default: false },
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

  const { files, logo } = storeDemoObjects(options["persist-to"]);
  const { statements, summary } = buildDemoData({
    encryptionKey: vars.ENCRYPTION_KEY,
    origin,
    files,
    logo,
    bench: options["bench-data"],
  });
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
