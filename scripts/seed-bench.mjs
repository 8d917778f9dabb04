// The benchmark's extra project, loaded by scripts/seed.mjs --bench-data for scripts/bench.sh.
// It is a second shared project of the demo freelancer, for a third client, with 20 tasks, a
// 500-message discussion thread and 200 files. It also has the activity and notification rows
// that those would have written, and the client's open bill that the notification benchmark
// pays (BENCH_BILL_ID). The file rows have no R2 objects behind them: the pages list files
// without reading R2, and a download of one of them finds no object. Two more projects of the
// same client serve single benchmarks: 80 open bills for first payment notifications
// (BENCH_PAYMENTS_PROJECT_ID), and 500 tasks for a PDF report (BENCH_REPORT_PROJECT_ID).
// A fifth project of the same client has 5,000 tasks for the paged task list
// (BENCH_TASK_LIST_PROJECT_ID). A second freelancer account (BENCH_DASHBOARD_EMAIL) has 50
// projects and 5,000 tasks for the dashboard benchmark.
import { pbkdf2Sync, randomBytes, randomUUID } from "node:crypto";
import {
  activityRow,
  base64Url,
  encryptText,
  HOUR_MS,
  insert,
  manualTaskPaymentRows,
  messageExcerpt,
  newShareToken,
  notificationRow,
  tpayBillPaymentRows,
  warsawDay,
} from "./seed-sql.mjs";

export const BENCH_PROJECT_ID = "de000000-0000-4000-8000-0000000000b1";
const BENCH_CLIENT_ID = "de000000-0000-4000-8000-0000000000c3";
const BENCH_CLIENT_NAME = "Hurtownia Wrzos S.A.";
const BENCH_PROJECT_NAME = "Platforma hurtowa Wrzos (dane do pomiarów)";

export const BENCH_TASKS = 20;
export const BENCH_MESSAGES = 500;
export const BENCH_FILES = 200;

/**
 * The client's open bill for the notification benchmark (scripts/bench.mjs): two accepted,
 * unpaid tasks. The bench starts its Tpay payment with "Zapłać teraz", pays it on the local
 * sandbox, and replays the sandbox's signed notification as a duplicate.
 */
export const BENCH_BILL_ID = "de000000-0000-4000-8000-0000000000b2";
const BENCH_BILL_TASKS = 2;

/**
 * A third shared project for the benchmark of first notifications: BENCH_PAYMENT_BILLS open
 * client bills of one task each, so that each measured request applies a new payment. It is
 * kept apart from the large project, whose pages the bench measures with fixed contents.
 */
export const BENCH_PAYMENTS_PROJECT_ID = "de000000-0000-4000-8000-0000000000b3";
const BENCH_PAYMENTS_PROJECT_NAME = "Płatności online (dane do pomiarów)";
export const BENCH_PAYMENT_BILLS = 80;

/** Id of the payments project's bill no. `number` (1 to BENCH_PAYMENT_BILLS). */
export function benchPaymentBillId(number) {
  return `de000000-0000-4000-8001-${String(number).padStart(12, "0")}`;
}

/**
 * A fourth project for the PDF report benchmark: BENCH_REPORT_TASKS tasks with the activity rows
 * of their creation, re-pricing, acceptance and work. A report of the project's whole life lists
 * every task with its changes and runs over many A4 pages.
 */
export const BENCH_REPORT_PROJECT_ID = "de000000-0000-4000-8000-0000000000b4";
export const BENCH_REPORT_PROJECT_NAME = "Katalog produktów Wrzos (raport 500 zadań)";
export const BENCH_REPORT_TASKS = 500;

/**
 * A fifth project, shared with the client, for the benchmark of the paged task list: the
 * freelancer's project page and the client page of a project with BENCH_TASK_LIST_TASKS tasks.
 */
export const BENCH_TASK_LIST_PROJECT_ID = "de000000-0000-4000-8000-0000000000b5";
export const BENCH_TASK_LIST_TASKS = 5_000;
const BENCH_TASK_LIST_PROJECT_NAME = "Sklep Wrzos: 5000 zadań (dane do pomiarów)";

/**
 * A second freelancer for the dashboard benchmark: BENCH_DASHBOARD_PROJECTS projects of ten
 * clients with BENCH_DASHBOARD_TASKS tasks in all, their bills and payments, and the activity
 * rows of every step. The rows spread over a year, and many of them fall in the chart's last 14
 * days. The password is public, like the demo's, because the account exists only in local databases.
 */
export const BENCH_DASHBOARD_EMAIL = "dashboard-bench@klamp.localhost";
export const BENCH_DASHBOARD_PASSWORD = "klamp-bench-2026";
const BENCH_DASHBOARD_USER_ID = "de000000-0000-4000-8002-000000000001";
export const BENCH_DASHBOARD_PROJECTS = 50;
/** The oldest projects are completed, so the dashboard lists the rest as active. */
export const BENCH_DASHBOARD_COMPLETED_PROJECTS = 10;
export const BENCH_DASHBOARD_TASKS = 5_000;

/** Days before the seed that the project starts. The thread and the files spread over them. */
const PROJECT_AGE_DAYS = 90;

/** Mulberry32: a small seeded generator, so every run writes the same shapes of data. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TASK_NAMES = [
  "Analiza wymagań i makiety",
  "Projekt graficzny panelu klienta",
  "Logowanie i konta firmowe",
  "Katalog produktów z wyszukiwarką",
  "Cenniki indywidualne dla odbiorców",
  "Koszyk i składanie zamówień",
  "Integracja z ERP: stany magazynowe",
  "Integracja z ERP: zamówienia",
  "Faktury i dokumenty do pobrania",
  "Limity kredytowe odbiorców",
  "Powiadomienia e-mail o zamówieniach",
  "Import zdjęć produktów",
  "Raporty sprzedaży dla handlowców",
  "Wersja mobilna panelu",
  "Testy wydajności i optymalizacja",
  "Konfiguracja serwera i kopii zapasowych",
  "Szkolenie pracowników hurtowni",
  "Poprawki po testach akceptacyjnych",
  "Migracja odbiorców ze starego systemu",
  "Wsparcie powdrożeniowe (3 miesiące)",
];

// Acceptance, work and payment states cycled over the tasks, so every combination the task
// list renders appears.
const TASK_STATES = [
  { acceptance: "accepted", work: "done", payment: "paid" },
  { acceptance: "not_required", work: "done", payment: "paid" },
  { acceptance: "accepted", work: "in_progress", payment: "unpaid" },
  { acceptance: "pending", work: "todo", payment: "unpaid" },
  { acceptance: "rejected", work: "todo", payment: "unpaid" },
];

const CLIENT_LINES = [
  "Dzień dobry, czy jest już termin wdrożenia modułu {n}?",
  "Sprawdziliśmy wersję testową i wszystko działa, poza filtrem po producencie.",
  "Przesyłam uwagi działu sprzedaży do zamówienia nr {n}.\nProszę o informację, kiedy będą gotowe.",
  "Czy możemy przesunąć spotkanie na czwartek o 11:00?",
  "Dane do integracji są na serwerze: https://dane.wrzos.example.com/eksport-{n}",
  "Zarząd zaakceptował kosztorys, proszę zaczynać.",
  "Handlowcy pytają, czy raport może pokazywać też marżę. To nie jest pilne, ale bardzo by pomogło przy rozmowach z odbiorcami.",
];

const FREELANCER_LINES = [
  "Dzień dobry, moduł {n} będzie gotowy do testów w przyszłym tygodniu.",
  "Dziękuję za uwagi, poprawki są już na wersji testowej: https://test.wrzos.example.com/wersja-{n}",
  "Potwierdzam termin.\nProszę przygotować dostęp do konta testowego ERP.",
  "Wgrałam nową wersję eksportu, proszę sprawdzić plik w zakładce z plikami.",
  "Filtr po producencie jest poprawiony. Przy okazji przyspieszyłam wyszukiwarkę: wyniki pojawiają się teraz w mniej niż sekundę także przy pełnym katalogu.",
  "Raport z marżą wycenię jako osobne zadanie, dodam je dziś do projektu.",
];

const FILE_KINDS = [
  { pattern: "specyfikacja-modulu-{n}.pdf", contentType: "application/pdf", kind: "pdf" },
  { pattern: "zdjecie-produktu-{n}.jpg", contentType: "image/jpeg", kind: "image" },
  { pattern: "zrzut-ekranu-{n}.png", contentType: "image/png", kind: "image" },
  {
    pattern: "cennik-odbiorcow-{n}.xlsx",
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    kind: "office",
  },
  { pattern: "eksport-zamowien-{n}.zip", contentType: "application/zip", kind: "archive" },
  { pattern: "notatki-ze-spotkania-{n}.txt", contentType: "text/plain; charset=utf-8", kind: "text" },
];

function fill(template, n) {
  return template.replaceAll("{n}", String(n));
}

/**
 * Builds the benchmark project's rows for the freelancer `userId`, with timestamps in the last
 * PROJECT_AGE_DAYS days before `now`. Returns the SQL statements (clients, projects, tasks,
 * messages, files, notifications), the activity rows for the caller to sort in with its own,
 * the bytes the files add to users.storage_bytes, and the client-link token.
 */
export function buildBenchData({ now, encryptionKey, userId }) {
  const at = (hoursAgo) => new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  const random = seededRandom(20_261_204);
  const statements = [];
  const activity = [];
  const projectActivity = (row) => activity.push(activityRow(userId, { projectId: BENCH_PROJECT_ID, ...row }));
  const createdHoursAgo = PROJECT_AGE_DAYS * 24;
  const share = newShareToken(encryptionKey, BENCH_PROJECT_ID);
  const deadline = warsawDay(new Date(now.getTime() + 45 * 24 * HOUR_MS));
  // Accepted, unpaid tasks in list order: the first BENCH_BILL_TASKS go on the bench's bill.
  const billTasks = [];

  statements.push(
    insert("clients", {
      id: BENCH_CLIENT_ID,
      user_id: userId,
      name: BENCH_CLIENT_NAME,
      email: "zakupy@wrzos.example.com",
      phone: null,
      nip: null,
      address: null,
      notes: null,
      search_text: `${BENCH_CLIENT_NAME} zakupy@wrzos.example.com`.toLocaleLowerCase("pl-PL"),
      created_at: at(createdHoursAgo + 1),
      updated_at: at(createdHoursAgo + 1),
    }),
    insert("projects", {
      id: BENCH_PROJECT_ID,
      user_id: userId,
      client_id: BENCH_CLIENT_ID,
      name: BENCH_PROJECT_NAME,
      deadline,
      status: "active",
      free_revision_rounds: 3,
      client_locale: "pl",
      share_token_hash: share.hash,
      share_token_encrypted: share.encrypted,
      created_at: at(createdHoursAgo),
      updated_at: at(1),
    }),
  );
  activity.push(
    activityRow(userId, {
      actor: "freelancer",
      action: "client.created",
      subjectType: "client",
      subjectId: BENCH_CLIENT_ID,
      data: { name: BENCH_CLIENT_NAME },
      at: at(createdHoursAgo + 1),
    }),
  );
  projectActivity({
    actor: "freelancer",
    action: "project.created",
    subjectType: "project",
    subjectId: BENCH_PROJECT_ID,
    data: { name: BENCH_PROJECT_NAME, deadline },
    at: at(createdHoursAgo),
  });
  projectActivity({ actor: "freelancer", action: "share.enabled", subjectType: "project", subjectId: BENCH_PROJECT_ID, at: at(createdHoursAgo - 1) });

  for (let index = 0; index < BENCH_TASKS; index++) {
    const taskId = randomUUID();
    const name = TASK_NAMES[index];
    const state = TASK_STATES[index % TASK_STATES.length];
    const amount = 50_000 + Math.floor(random() * 40) * 25_000;
    const taskCreated = at(createdHoursAgo - 2 - index * 6);
    const requiresAcceptance = state.acceptance !== "not_required";
    const decided = state.acceptance === "accepted" || state.acceptance === "rejected";
    const decidedAt = at(createdHoursAgo - 26 - index * 6);
    if (state.acceptance === "accepted" && state.payment === "unpaid" && billTasks.length < BENCH_BILL_TASKS) {
      billTasks.push({ id: taskId, name, amount });
    }
    statements.push(
      insert("tasks", {
        id: taskId,
        project_id: BENCH_PROJECT_ID,
        user_id: userId,
        name,
        amount,
        requires_acceptance: requiresAcceptance,
        acceptance: state.acceptance,
        work_status: state.work,
        payment: state.payment,
        position: index + 1,
        version: 1,
        created_at: taskCreated,
        updated_at: decided ? decidedAt : taskCreated,
      }),
      insert("task_versions", {
        id: randomUUID(),
        task_id: taskId,
        version: 1,
        name,
        amount,
        requires_acceptance: requiresAcceptance,
        decision: state.acceptance,
        decided_by: decided ? "client" : null,
        decided_at: decided ? decidedAt : null,
        comment: null,
        created_at: taskCreated,
      }),
    );
    projectActivity({
      actor: "freelancer",
      action: "task.created",
      subjectType: "task",
      subjectId: taskId,
      data: { name, amount, requiresAcceptance },
      at: taskCreated,
    });
    if (decided) {
      projectActivity({
        actor: "client",
        action: state.acceptance === "accepted" ? "task.accepted" : "task.rejected",
        subjectType: "task",
        subjectId: taskId,
        data: { name, amount, version: 1, comment: null },
        at: decidedAt,
      });
    }
  }

  // The thread runs from 80 days ago to an hour ago, newest last, as `seq` orders it.
  const threadHours = (PROJECT_AGE_DAYS - 10) * 24;
  for (let seq = 1; seq <= BENCH_MESSAGES; seq++) {
    const id = randomUUID();
    const author = random() < 0.5 ? "client" : "freelancer";
    const lines = author === "client" ? CLIENT_LINES : FREELANCER_LINES;
    const body = fill(lines[Math.floor(random() * lines.length)], seq);
    const createdAt = at(1 + ((BENCH_MESSAGES - seq) * threadHours) / BENCH_MESSAGES);
    const excerpt = messageExcerpt(body);
    statements.push(
      insert("messages", {
        id,
        user_id: userId,
        project_id: BENCH_PROJECT_ID,
        seq,
        author,
        body,
        client_key: randomUUID(),
        created_at: createdAt,
      }),
    );
    projectActivity({ actor: author, action: "message.posted", subjectType: "message", subjectId: id, data: { excerpt }, at: createdAt });
    if (author === "client") {
      statements.push(
        insert(
          "notifications",
          notificationRow(userId, {
            projectId: BENCH_PROJECT_ID,
            type: "message",
            data: { projectName: BENCH_PROJECT_NAME, excerpt },
            readAt: createdAt,
            at: createdAt,
          }),
        ),
      );
    }
  }

  let storageBytes = 0;
  let clientBytes = 0;
  for (let n = 1; n <= BENCH_FILES; n++) {
    const id = randomUUID();
    const type = FILE_KINDS[Math.floor(random() * FILE_KINDS.length)];
    const name = fill(type.pattern, n);
    const size = 12_000 + Math.floor(random() * 3_000_000);
    const uploadedBy = random() < 0.6 ? "freelancer" : "client";
    const isPrivate = uploadedBy === "freelancer" && random() < 0.15;
    const createdAt = at(2 + ((BENCH_FILES - n) * threadHours) / BENCH_FILES);
    storageBytes += size;
    if (uploadedBy === "client") clientBytes += size;
    statements.push(
      insert("files", {
        id,
        user_id: userId,
        project_id: BENCH_PROJECT_ID,
        r2_key: `projects/${BENCH_PROJECT_ID}/${randomUUID()}`,
        name,
        size,
        content_type: type.contentType,
        kind: type.kind,
        uploaded_by: uploadedBy,
        private: isPrivate,
        fix_request_id: null,
        created_at: createdAt,
      }),
    );
    projectActivity({
      actor: uploadedBy,
      action: "file.uploaded",
      subjectType: "file",
      subjectId: id,
      data: { name, size, private: isPrivate },
      at: createdAt,
    });
    if (uploadedBy === "client") {
      statements.push(
        insert(
          "notifications",
          notificationRow(userId, {
            projectId: BENCH_PROJECT_ID,
            type: "file",
            data: { projectName: BENCH_PROJECT_NAME, fileName: name, size },
            readAt: createdAt,
            at: createdAt,
          }),
        ),
      );
    }
  }

  statements.push(`UPDATE projects SET client_storage_bytes = ${clientBytes} WHERE id = '${BENCH_PROJECT_ID}';`);

  // The client's bill no. 1, made from the "Opłać" selection a day ago and not paid yet; the
  // columns and the bill.created activity as createBill in app/models/bills.server.ts writes them.
  const billCreated = at(24);
  const billTotal = billTasks.reduce((sum, task) => sum + task.amount, 0);
  statements.push(
    insert("bills", {
      id: BENCH_BILL_ID,
      user_id: userId,
      project_id: BENCH_PROJECT_ID,
      number: 1,
      created_by: "client",
      status: "open",
      total: billTotal,
      recipient_email: null,
      outbox_id: null,
      paid_via: null,
      paid_payment_id: null,
      sent_at: null,
      paid_at: null,
      cancelled_at: null,
      cancelled_by: null,
      created_at: billCreated,
      updated_at: billCreated,
    }),
    ...billTasks.map((task, index) =>
      insert("bill_items", {
        id: randomUUID(),
        bill_id: BENCH_BILL_ID,
        task_id: task.id,
        name: task.name,
        amount: task.amount,
        task_version: 1,
        position: index + 1,
        active: true,
      }),
    ),
  );
  projectActivity({
    actor: "client",
    action: "bill.created",
    subjectType: "bill",
    subjectId: BENCH_BILL_ID,
    data: { number: 1, total: billTotal, taskCount: billTasks.length },
    at: billCreated,
  });

  addPaymentsProject({ statements, activity, userId, encryptionKey, at, deadline });
  addReportProject({ statements, activity, userId, at, deadline, random });
  addTaskListProject({ statements, activity, userId, encryptionKey, at, deadline });
  addDashboardAccount({ statements, now, encryptionKey });

  return { statements, activity, storageBytes, projectId: BENCH_PROJECT_ID, shareToken: share.token };
}

/**
 * Adds the project of BENCH_PAYMENT_BILLS open client bills (see BENCH_PAYMENTS_PROJECT_ID):
 * each bill has one task that needs no acceptance, is done and is unpaid. The bench reads the
 * project's client link from the freelancer's project page.
 */
function addPaymentsProject({ statements, activity, userId, encryptionKey, at, deadline }) {
  const projectId = BENCH_PAYMENTS_PROJECT_ID;
  const projectActivity = (row) => activity.push(activityRow(userId, { projectId, ...row }));
  const createdHoursAgo = 72;
  const share = newShareToken(encryptionKey, projectId);
  statements.push(
    insert("projects", {
      id: projectId,
      user_id: userId,
      client_id: BENCH_CLIENT_ID,
      name: BENCH_PAYMENTS_PROJECT_NAME,
      deadline,
      status: "active",
      free_revision_rounds: 3,
      client_locale: "pl",
      share_token_hash: share.hash,
      share_token_encrypted: share.encrypted,
      created_at: at(createdHoursAgo),
      updated_at: at(1),
    }),
  );
  projectActivity({
    actor: "freelancer",
    action: "project.created",
    subjectType: "project",
    subjectId: projectId,
    data: { name: BENCH_PAYMENTS_PROJECT_NAME, deadline },
    at: at(createdHoursAgo),
  });
  projectActivity({ actor: "freelancer", action: "share.enabled", subjectType: "project", subjectId: projectId, at: at(createdHoursAgo - 1) });

  for (let index = 0; index < BENCH_PAYMENT_BILLS; index++) {
    const taskId = randomUUID();
    const number = index + 1;
    const billId = benchPaymentBillId(number);
    const name = `Konsultacja nr ${number}`;
    // 100,01 zł, 100,02 zł, …: amounts with grosze, different for every bill.
    const amount = 10_000 + number;
    const taskCreated = at(createdHoursAgo - 2 - index * 0.5);
    const billCreated = at(24 - index * 0.1);
    statements.push(
      insert("tasks", {
        id: taskId,
        project_id: projectId,
        user_id: userId,
        name,
        amount,
        requires_acceptance: false,
        acceptance: "not_required",
        work_status: "done",
        payment: "unpaid",
        position: number,
        version: 1,
        created_at: taskCreated,
        updated_at: taskCreated,
      }),
      insert("task_versions", {
        id: randomUUID(),
        task_id: taskId,
        version: 1,
        name,
        amount,
        requires_acceptance: false,
        decision: "not_required",
        decided_by: null,
        decided_at: null,
        comment: null,
        created_at: taskCreated,
      }),
      insert("bills", {
        id: billId,
        user_id: userId,
        project_id: projectId,
        number,
        created_by: "client",
        status: "open",
        total: amount,
        recipient_email: null,
        outbox_id: null,
        paid_via: null,
        paid_payment_id: null,
        sent_at: null,
        paid_at: null,
        cancelled_at: null,
        cancelled_by: null,
        created_at: billCreated,
        updated_at: billCreated,
      }),
      insert("bill_items", {
        id: randomUUID(),
        bill_id: billId,
        task_id: taskId,
        name,
        amount,
        task_version: 1,
        position: 1,
        active: true,
      }),
    );
    projectActivity({
      actor: "freelancer",
      action: "task.created",
      subjectType: "task",
      subjectId: taskId,
      data: { name, amount, requiresAcceptance: false },
      at: taskCreated,
    });
    projectActivity({ actor: "client", action: "bill.created", subjectType: "bill", subjectId: billId, data: { number, total: amount, taskCount: 1 }, at: billCreated });
  }
}

/** Acceptance and work states that the task-list project's tasks cycle through; all stay unpaid. */
const TASK_LIST_STATES = [
  { acceptance: "accepted", work: "done" },
  { acceptance: "not_required", work: "done" },
  { acceptance: "accepted", work: "in_progress" },
  { acceptance: "not_required", work: "todo" },
  { acceptance: "pending", work: "todo" },
  { acceptance: "rejected", work: "todo" },
];

/**
 * Adds the task-list benchmark's project (see BENCH_TASK_LIST_PROJECT_ID), shared with the
 * client, with BENCH_TASK_LIST_TASKS tasks and a first version of each, as multi-row INSERTs.
 * The tasks stay unpaid, because a paid task needs a bill and a payment. Only the project's own activity rows are
 * written, not one per task: the pages read the newest activity only.
 */
function addTaskListProject({ statements, activity, userId, encryptionKey, at, deadline }) {
  const projectId = BENCH_TASK_LIST_PROJECT_ID;
  const projectActivity = (row) => activity.push(activityRow(userId, { projectId, ...row }));
  const createdHoursAgo = 30 * 24;
  const share = newShareToken(encryptionKey, projectId);
  // Single-row INSERTs, merged into multi-row ones at the end (see mergeInserts).
  const inserts = [];
  inserts.push(
    insert("projects", {
      id: projectId,
      user_id: userId,
      client_id: BENCH_CLIENT_ID,
      name: BENCH_TASK_LIST_PROJECT_NAME,
      deadline,
      status: "active",
      free_revision_rounds: 3,
      client_locale: "pl",
      share_token_hash: share.hash,
      share_token_encrypted: share.encrypted,
      created_at: at(createdHoursAgo),
      updated_at: at(1),
    }),
  );
  projectActivity({
    actor: "freelancer",
    action: "project.created",
    subjectType: "project",
    subjectId: projectId,
    data: { name: BENCH_TASK_LIST_PROJECT_NAME, deadline },
    at: at(createdHoursAgo),
  });
  projectActivity({ actor: "freelancer", action: "share.enabled", subjectType: "project", subjectId: projectId, at: at(createdHoursAgo - 1) });

  // The tasks are created over 25 days, oldest first, in list order.
  const spacingHours = (25 * 24) / BENCH_TASK_LIST_TASKS;
  for (let index = 0; index < BENCH_TASK_LIST_TASKS; index++) {
    const taskId = randomUUID();
    const number = index + 1;
    const state = TASK_LIST_STATES[index % TASK_LIST_STATES.length];
    const name = `${TASK_NAMES[index % TASK_NAMES.length]}, pozycja ${number}`;
    // 150,00 zł to 649,99 zł: whole złoty plus (number % 100) grosze, so most amounts have grosze.
    const amount = 15_000 + (index % 500) * 100 + (number % 100);
    const created = at(createdHoursAgo - 2 - index * spacingHours);
    inserts.push(
      insert("tasks", {
        id: taskId,
        project_id: projectId,
        user_id: userId,
        name,
        amount,
        requires_acceptance: state.acceptance !== "not_required",
        acceptance: state.acceptance,
        work_status: state.work,
        payment: "unpaid",
        position: number,
        version: 1,
        created_at: created,
        updated_at: created,
      }),
      insert("task_versions", {
        id: randomUUID(),
        task_id: taskId,
        version: 1,
        name,
        amount,
        requires_acceptance: state.acceptance !== "not_required",
        decision: state.acceptance,
        decided_by: state.acceptance === "accepted" || state.acceptance === "rejected" ? "client" : null,
        decided_at: state.acceptance === "accepted" || state.acceptance === "rejected" ? created : null,
        comment: null,
        created_at: created,
      }),
    );
  }
  statements.push(...mergeInserts(inserts));
}

/**
 * Adds the report benchmark's project (see BENCH_REPORT_PROJECT_ID), created 60 days before the
 * seed. Its tasks are created over the first 50 days. The activity rows follow what the app
 * writes for each step (app/models/tasks.server.ts): every seventh task, if it needs acceptance,
 * is re-priced once before the client decides, and the states cycle through TASK_STATES. The tasks stay unpaid,
 * because a paid task needs a bill and a payment that the benchmark does not measure.
 */
function addReportProject({ statements, activity, userId, at, deadline, random }) {
  const projectId = BENCH_REPORT_PROJECT_ID;
  const projectActivity = (row) => activity.push(activityRow(userId, { projectId, ...row }));
  const createdHoursAgo = 60 * 24;
  // The tasks are created one after another over 50 days, each later step some hours after it.
  const spacingHours = (50 * 24) / BENCH_REPORT_TASKS;
  statements.push(
    insert("projects", {
      id: projectId,
      user_id: userId,
      client_id: BENCH_CLIENT_ID,
      name: BENCH_REPORT_PROJECT_NAME,
      deadline,
      status: "active",
      free_revision_rounds: 0,
      client_locale: "pl",
      created_at: at(createdHoursAgo),
      updated_at: at(1),
    }),
  );
  projectActivity({
    actor: "freelancer",
    action: "project.created",
    subjectType: "project",
    subjectId: projectId,
    data: { name: BENCH_REPORT_PROJECT_NAME, deadline },
    at: at(createdHoursAgo),
  });

  for (let index = 0; index < BENCH_REPORT_TASKS; index++) {
    const taskId = randomUUID();
    const number = index + 1;
    const name = `${TASK_NAMES[index % TASK_NAMES.length]}, część ${Math.floor(index / TASK_NAMES.length) + 1}`;
    const state = TASK_STATES[index % TASK_STATES.length];
    const requiresAcceptance = state.acceptance !== "not_required";
    const decided = state.acceptance === "accepted" || state.acceptance === "rejected";
    // Whole złoty plus (number % 100) grosze, so most amounts have grosze.
    const firstAmount = 20_000 + Math.floor(random() * 400) * 1_000 + (number % 100);
    const repriced = requiresAcceptance && number % 7 === 0;
    const amount = repriced ? firstAmount + 15_000 : firstAmount;
    const createdHours = createdHoursAgo - 2 - index * spacingHours;
    const repricedHours = createdHours - 2;
    const decidedHours = createdHours - 4;
    const startedHours = createdHours - 6;
    const doneHours = createdHours - 30;
    const version = repriced ? 2 : 1;
    let updatedHours = createdHours;
    // The task row goes first and its versions after it, as the app writes them.
    const versionRows = [];

    projectActivity({
      actor: "freelancer",
      action: "task.created",
      subjectType: "task",
      subjectId: taskId,
      data: { name, amount: firstAmount, requiresAcceptance },
      at: at(createdHours),
    });
    versionRows.push(
      insert("task_versions", {
        id: randomUUID(),
        task_id: taskId,
        version: 1,
        name,
        amount: firstAmount,
        requires_acceptance: requiresAcceptance,
        decision: repriced ? "pending" : state.acceptance,
        decided_by: decided && !repriced ? "client" : null,
        decided_at: decided && !repriced ? at(decidedHours) : null,
        comment: null,
        created_at: at(createdHours),
      }),
    );
    if (repriced) {
      updatedHours = repricedHours;
      // The data of updateTask for a new amount of a task that waits for acceptance.
      projectActivity({
        actor: "freelancer",
        action: "task.repriced",
        subjectType: "task",
        subjectId: taskId,
        data: {
          name,
          previousName: name,
          amount,
          previousAmount: firstAmount,
          requiresAcceptance: true,
          previousAcceptance: "pending",
          requirementTurnedOn: false,
          backForAcceptance: false,
        },
        at: at(repricedHours),
      });
      versionRows.push(
        insert("task_versions", {
          id: randomUUID(),
          task_id: taskId,
          version: 2,
          name,
          amount,
          requires_acceptance: true,
          decision: state.acceptance,
          decided_by: decided ? "client" : null,
          decided_at: decided ? at(decidedHours) : null,
          comment: null,
          created_at: at(repricedHours),
        }),
      );
    }
    if (decided) {
      updatedHours = decidedHours;
      projectActivity({
        actor: "client",
        action: state.acceptance === "accepted" ? "task.accepted" : "task.rejected",
        subjectType: "task",
        subjectId: taskId,
        data: { name, amount, version, comment: state.acceptance === "rejected" ? "Za drogo, zrobimy to sami." : null },
        at: at(decidedHours),
      });
    }
    if (state.work !== "todo") {
      updatedHours = startedHours;
      projectActivity({
        actor: "freelancer",
        action: "task.status_changed",
        subjectType: "task",
        subjectId: taskId,
        data: { name, from: "todo", to: "in_progress" },
        at: at(startedHours),
      });
    }
    if (state.work === "done") {
      updatedHours = doneHours;
      projectActivity({
        actor: "freelancer",
        action: "task.status_changed",
        subjectType: "task",
        subjectId: taskId,
        data: { name, from: "in_progress", to: "done" },
        at: at(doneHours),
      });
    }
    statements.push(
      insert("tasks", {
        id: taskId,
        project_id: projectId,
        user_id: userId,
        name,
        amount,
        requires_acceptance: requiresAcceptance,
        acceptance: state.acceptance,
        work_status: state.work,
        payment: "unpaid",
        position: number,
        version,
        created_at: at(createdHours),
        updated_at: at(updatedHours),
      }),
      ...versionRows,
    );
  }
}

const DASHBOARD_CLIENTS = [
  "Piekarnia Żytnia Sp. z o.o.",
  "Kancelaria Nowicka i Wspólnicy",
  "Studio Jogi Łąka",
  "Gabinet Weterynaryjny Ząbek",
  "Hotel Pod Świerkiem",
  "Szkoła Językowa Słówko",
  "Warsztat Samochodowy Tłok",
  "Księgarnia Źródło",
  "Fundacja Zielony Dąb",
  "Biuro Rachunkowe Saldo",
];

const DASHBOARD_PROJECT_KINDS = [
  "Strona internetowa",
  "Sklep internetowy",
  "Aplikacja rezerwacji",
  "Identyfikacja wizualna",
  "Kampania w mediach społecznościowych",
];

/** Upper bound of a merged INSERT's length in bytes. D1 rejects SQL statements over 100,000 bytes. */
const MERGED_INSERT_BYTES = 50_000;

/**
 * Merges single-row INSERT statements of insert() (scripts/seed-sql.mjs) into multi-row INSERTs
 * of the same table and columns, in their order. `wrangler d1 execute --file` prints a JSON
 * result for every statement. With the 5,000-task account as single rows (about 40,000
 * statements) that output outgrew the 1 MiB that scripts/seed.mjs reads (spawnSync's default
 * maxBuffer), and loading took about twice as long.
 */
function mergeInserts(statements) {
  const groups = new Map();
  for (const statement of statements) {
    // insert() writes `INSERT INTO table (columns) VALUES (values);`, and no column name contains " VALUES (".
    const split = statement.indexOf(" VALUES (");
    const prefix = statement.slice(0, split);
    const tuple = statement.slice(split + " VALUES ".length, -1);
    groups.set(prefix, [...(groups.get(prefix) ?? []), tuple]);
  }
  const merged = [];
  for (const [prefix, tuples] of groups) {
    let chunk = [];
    let bytes = 0;
    for (const tuple of tuples) {
      if (chunk.length > 0 && bytes + tuple.length > MERGED_INSERT_BYTES) {
        merged.push(`${prefix} VALUES ${chunk.join(",\n")};`);
        chunk = [];
        bytes = 0;
      }
      chunk.push(tuple);
      bytes += Buffer.byteLength(tuple) + 2;
    }
    if (chunk.length > 0) merged.push(`${prefix} VALUES ${chunk.join(",\n")};`);
  }
  return merged;
}

/** Returns the value of the first threshold above `roll`, or `otherwise` when there is none. */
function pick(roll, thresholds, otherwise) {
  return thresholds.find(([limit]) => roll < limit)?.[1] ?? otherwise;
}

/** Hashes like hashPassword in app/utils/crypto.server.ts: PBKDF2-SHA-256, 100,000 iterations, 16-byte salt, 32-byte key. */
function hashPassword(password) {
  const iterations = 100_000;
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  return `pbkdf2-sha256$${iterations}$${base64Url(salt)}$${base64Url(hash)}`;
}

/**
 * Adds the dashboard benchmark's freelancer (see BENCH_DASHBOARD_EMAIL), registered 400 days
 * before the seed and on a paid yearly plan. The user row carries the plan and its end, but the
 * account has no subscription order, because the bench opens no subscription page.
 * The account is connected to the local Tpay sandbox's demo merchant, like the demo freelancer.
 * Each project gets 100 tasks with a seeded mix of states (random in the seeded generator).
 * About 30% need no acceptance, 45% are accepted, 15% wait for acceptance and 10% are rejected.
 * Of the agreed tasks of active projects about 60% are done, and about 65% of those are paid. Every agreed
 * task of a completed project is done and paid. Paid tasks are grouped in the order they were
 * paid: a third are marked paid by hand one task at a time, the rest are client bills of one
 * to four tasks paid through Tpay. In active projects about 40% of the tasks marked done were marked
 * within the last 16 days, so the dashboard's chart has data on every day. Client decisions and
 * payments also write notifications, unread when they are younger than two days.
 */
function addDashboardAccount({ statements, now, encryptionKey }) {
  // INSERT statements of this account, merged into multi-row INSERTs at the end.
  const inserts = [];
  const activity = [];
  const userId = BENCH_DASHBOARD_USER_ID;
  const random = seededRandom(5_000_050);
  const nowMs = now.getTime();
  const at = (ms) => new Date(ms).toISOString();
  const dayMs = 24 * HOUR_MS;
  const log = (row) => activity.push(activityRow(userId, row));
  const notify = (row, ms) =>
    inserts.push(
      insert("notifications", notificationRow(userId, { ...row, at: at(ms), readAt: nowMs - ms > 2 * dayMs ? at(ms + HOUR_MS) : null })),
    );
  const registeredMs = nowMs - 400 * dayMs;
  const tasksPerProject = BENCH_DASHBOARD_TASKS / BENCH_DASHBOARD_PROJECTS;

  inserts.push(
    insert("users", {
      id: userId,
      email: BENCH_DASHBOARD_EMAIL,
      name: "Marta Kowalczyk",
      password_hash: hashPassword(BENCH_DASHBOARD_PASSWORD),
      status: "active",
      locale: "pl",
      trial_ends_at: at(registeredMs + 14 * dayMs),
      activated_at: at(registeredMs + 0.1 * HOUR_MS),
      paid_until: at(nowMs + 200 * dayMs),
      plan: "yearly",
      storage_bytes: 0,
      created_at: at(registeredMs),
    }),
  );
  log({ actor: "freelancer", action: "account.registered", at: at(registeredMs) });
  log({ actor: "freelancer", action: "account.activated", at: at(registeredMs + 0.1 * HOUR_MS) });

  // The sandbox's demo merchant (SANDBOX_DEMO_MERCHANT in workers/tpay-sandbox/storage.ts), sealed to this user's id.
  const connection = { id: "de000000000040008002000000000071", environment: "sandbox", merchantId: "12345" };
  const connectedMs = registeredMs + HOUR_MS;
  inserts.push(
    insert("tpay_connections", {
      id: connection.id,
      user_id: userId,
      notify_key: randomBytes(24).toString("base64url"),
      environment: connection.environment,
      merchant_id: connection.merchantId,
      client_id_hint: "12345-…cdef",
      credentials: encryptText(
        encryptionKey,
        JSON.stringify({ clientId: "12345-0123456789abcdef", clientSecret: "dev-only-demo-client-secret", securityCode: "dev-only-demo-security-code" }),
        userId,
      ),
      status: "verified",
      checked_at: at(nowMs),
      created_at: at(connectedMs),
      updated_at: at(nowMs),
    }),
  );
  log({
    actor: "freelancer",
    action: "tpay.connected",
    subjectType: "tpay_connection",
    subjectId: connection.id,
    data: { environment: connection.environment, merchantId: connection.merchantId, replaced: false },
    at: at(connectedMs),
  });

  const clientIds = DASHBOARD_CLIENTS.map((name, index) => {
    const id = randomUUID();
    const email = `biuro${index + 1}@klient.example.com`;
    const createdMs = registeredMs + (index + 1) * dayMs;
    inserts.push(
      insert("clients", {
        id,
        user_id: userId,
        name,
        email,
        phone: null,
        nip: null,
        address: null,
        notes: null,
        search_text: `${name} ${email}`.toLocaleLowerCase("pl-PL"),
        created_at: at(createdMs),
        updated_at: at(createdMs),
      }),
    );
    log({ actor: "freelancer", action: "client.created", subjectType: "client", subjectId: id, data: { name }, at: at(createdMs) });
    return id;
  });

  for (let p = 0; p < BENCH_DASHBOARD_PROJECTS; p++) {
    const projectId = randomUUID();
    const name = `${DASHBOARD_PROJECT_KINDS[p % DASHBOARD_PROJECT_KINDS.length]}: ${DASHBOARD_CLIENTS[p % DASHBOARD_CLIENTS.length]}`;
    // The newest project is 37 days old, so every task is created before the chart's 14 days.
    const createdMs = nowMs - (380 - p * 7) * dayMs;
    const completed = p < BENCH_DASHBOARD_COMPLETED_PROJECTS;
    const endMs = completed ? createdMs + 100 * dayMs : nowMs - 60_000;
    const projectActivity = (row) => log({ projectId, ...row });
    projectActivity({ actor: "freelancer", action: "project.created", subjectType: "project", subjectId: projectId, data: { name, deadline: null }, at: at(createdMs) });

    const records = [];
    for (let i = 0; i < tasksPerProject; i++) {
      const taskId = randomUUID();
      const taskName = `${TASK_NAMES[i % TASK_NAMES.length]}, część ${Math.floor(i / TASK_NAMES.length) + 1}`;
      // Whole złoty plus grosze, 10 zł to 5 010 zł.
      const amount = 1_000 + Math.floor(random() * 500_000);
      const createdTaskMs = createdMs + random() * (endMs - createdMs) * 0.5;
      const acceptanceRoll = random();
      const acceptance = pick(acceptanceRoll, [[0.3, "not_required"], [0.75, "accepted"], [0.9, "pending"]], "rejected");
      const agreed = acceptance === "not_required" || acceptance === "accepted";
      const decided = acceptance === "accepted" || acceptance === "rejected";
      let work = "todo";
      if (acceptance === "pending") work = random() < 0.25 ? "done" : "todo";
      else if (agreed && completed) work = "done";
      else if (agreed) {
        const workRoll = random();
        work = pick(workRoll, [[0.6, "done"], [0.8, "in_progress"]], "todo");
      }

      let doneMs = null;
      if (work === "done") {
        const recentFrom = nowMs - 16 * dayMs;
        doneMs = !completed && random() < 0.4 ? nowMs - 60_000 - random() * 16 * dayMs : createdTaskMs + random() * (Math.min(endMs, recentFrom) - createdTaskMs);
      }
      const workEndMs = doneMs ?? createdTaskMs + random() * (endMs - createdTaskMs) * 0.5;
      const decidedMs = createdTaskMs + (workEndMs - createdTaskMs) * 0.2 * random();
      const startedMs = decidedMs + (workEndMs - decidedMs) * 0.5 * random();
      const paidMs = agreed && doneMs !== null && (completed || random() < 0.65) ? doneMs + random() * (endMs - doneMs) * 0.6 : null;

      projectActivity({
        actor: "freelancer",
        action: "task.created",
        subjectType: "task",
        subjectId: taskId,
        data: { name: taskName, amount, requiresAcceptance: acceptance !== "not_required" },
        at: at(createdTaskMs),
      });
      if (decided) {
        const comment = acceptance === "rejected" ? "Na razie rezygnujemy z tego zadania." : null;
        projectActivity({
          actor: "client",
          action: acceptance === "accepted" ? "task.accepted" : "task.rejected",
          subjectType: "task",
          subjectId: taskId,
          data: { name: taskName, amount, version: 1, comment },
          at: at(decidedMs),
        });
        notify({ projectId, type: acceptance === "accepted" ? "task_accepted" : "task_rejected", data: { taskName, amount, comment } }, decidedMs);
      }
      if (work !== "todo") {
        projectActivity({
          actor: "freelancer",
          action: "task.status_changed",
          subjectType: "task",
          subjectId: taskId,
          data: { name: taskName, from: "todo", to: "in_progress" },
          at: at(startedMs),
        });
      }
      if (doneMs !== null) {
        projectActivity({
          actor: "freelancer",
          action: "task.status_changed",
          subjectType: "task",
          subjectId: taskId,
          data: { name: taskName, from: "in_progress", to: "done" },
          at: at(doneMs),
        });
      }

      const lastEventMs = Math.max(createdTaskMs, decided ? decidedMs : 0, work === "todo" ? 0 : startedMs, doneMs ?? 0);
      records.push({
        doneMs,
        paidMs,
        row: {
          id: taskId,
          project_id: projectId,
          user_id: userId,
          name: taskName,
          amount,
          requires_acceptance: acceptance !== "not_required",
          acceptance,
          work_status: work,
          payment: "unpaid",
          paid_via: null,
          paid_at: null,
          position: i + 1,
          version: 1,
          created_at: at(createdTaskMs),
          updated_at: at(lastEventMs),
        },
        version: {
          id: randomUUID(),
          task_id: taskId,
          version: 1,
          name: taskName,
          amount,
          requires_acceptance: acceptance !== "not_required",
          decision: acceptance,
          decided_by: decided ? "client" : null,
          decided_at: decided ? at(decidedMs) : null,
          comment: null,
          created_at: at(createdTaskMs),
        },
      });
    }

    // Bills are numbered in the order they were paid, as the app numbers them when they are made.
    const paid = records.filter((record) => record.paidMs !== null).sort((a, b) => a.paidMs - b.paidMs);
    let number = 0;
    for (let k = 0; k < paid.length; ) {
      const manual = random() < 0.33;
      const group = paid.slice(k, k + (manual ? 1 : 1 + Math.floor(random() * 4)));
      k += group.length;
      number += 1;
      const paidMs = Math.max(...group.map((record) => record.paidMs));
      const tasks = group.map(({ row }) => ({ id: row.id, name: row.name, amount: row.amount, version: row.version }));
      let paymentRows;
      if (manual) {
        const method = random() < 0.5 ? "cash" : "transfer";
        paymentRows = manualTaskPaymentRows({ userId, projectId, task: tasks[0], number, method, note: null, at: at(paidMs) });
      } else {
        // The client made the bill between the last task's completion and the payment.
        const createdBillMs = Math.max(...group.map((record) => record.doneMs), paidMs - HOUR_MS);
        paymentRows = tpayBillPaymentRows({
          userId,
          project: { id: projectId, name },
          tasks,
          number,
          connection,
          // NOTE: buildBenchData gets no origin, so the payment page URL names the default local
          // origin. The app reads a transaction's URL only while its payment is pending.
          origin: "http://localhost:8787",
          createdAt: at(createdBillMs),
          startedAt: at(createdBillMs + (paidMs - createdBillMs) * 0.5),
          paidAt: at(paidMs),
        });
        const { projectId: notificationProject, type, data } = paymentRows.notification;
        notify({ projectId: notificationProject, type, data }, paidMs);
      }
      inserts.push(...paymentRows.statements);
      activity.push(...paymentRows.activity);
      for (const record of group) Object.assign(record.row, paymentRows.taskColumns);
    }

    inserts.push(
      insert("projects", {
        id: projectId,
        user_id: userId,
        client_id: clientIds[p % clientIds.length],
        name,
        deadline: null,
        status: completed ? "completed" : "active",
        free_revision_rounds: 0,
        client_locale: "pl",
        created_at: at(createdMs),
        updated_at: at(endMs),
      }),
      ...records.flatMap((record) => [insert("tasks", record.row), insert("task_versions", record.version)]),
    );
    if (completed) {
      projectActivity({ actor: "freelancer", action: "project.completed", subjectType: "project", subjectId: projectId, data: { name }, at: at(endMs) });
    }
  }

  // Activity rows go last and in time order, so that their rowids (the timeline's tie-break) follow time.
  activity.sort((a, b) => a.created_at.localeCompare(b.created_at));
  statements.push(...mergeInserts([...inserts, ...activity.map((row) => insert("activity", row))]));
}
