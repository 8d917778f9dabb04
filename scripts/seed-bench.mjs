// The benchmark's extra project, loaded by scripts/seed.mjs --bench-data for scripts/bench.sh.
// It is a second shared project of the demo freelancer, for a third client, with 20 tasks, a
// 500-message discussion thread and 200 files. It also has the activity and notification rows
// that those would have written, and the client's open bill that the notification benchmark
// pays (BENCH_BILL_ID). The file rows have no R2 objects behind them: the pages list files
// without reading R2, and a download of one of them finds no object. Two more projects of the
// same client serve single benchmarks: 80 open bills for first payment notifications
// (BENCH_PAYMENTS_PROJECT_ID), and 500 tasks for a PDF report (BENCH_REPORT_PROJECT_ID).
import { randomUUID } from "node:crypto";
import { activityRow, HOUR_MS, insert, messageExcerpt, newShareToken, notificationRow, warsawDay } from "./seed-sql.mjs";

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
