// The tables of an account written into the export ZIP: JSON with the rows as stored (English
// keys, money in grosze, UTC timestamps) and, for the main tables, CSV for spreadsheets. Every
// query is scoped by the account's user id and reads EXPORT_PAGE_ROWS rows at a time in rowid
// order, so a big account is never loaded at once. Columns holding secrets (password, token and
// PIN hashes, share tokens, Tpay credentials, session ids) are never selected.

import { and, eq, getTableColumns, gt, lte, sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describeActivity } from "~/models/activity-lines.server";
import type { Db } from "~/db/client.server";
import {
  activity,
  billItems,
  bills,
  clients,
  fixRequests,
  invitations,
  messages,
  payments,
  projects,
  reportSettings,
  reports,
  subscriptionOrders,
  tasks,
  taskVersions,
  users,
} from "~/db/schema";
import { billsText, clientLocaleText, dataExportText, tasksText } from "~/i18n/pl";
import { CSV_BOM, csvAmount, csvDateTime, csvDay, csvLine, type CsvCell } from "./csv";
import type { R2ZipWriter } from "./zip-to-r2.server";

/** Rows read per query. */
export const EXPORT_PAGE_ROWS = 500;

export interface DatasetContext {
  db: Db;
  userId: string;
  writer: R2ZipWriter;
  /** Modification time of the entries written from the database. */
  modifiedAt: Date;
}

/** One step of the export: it writes the entries of one table (or of a table and its children). */
export interface Dataset {
  name: string;
  write(context: DatasetContext): Promise<void>;
}

const csvText = dataExportText.csv;
const encoder = new TextEncoder();

/** Builds the expression of a table's rowid, which orders and pages every query here. */
export function rowidOf(table: SQLiteTable): SQL<number> {
  return sql<number>`${table}.rowid`.mapWith(Number);
}

/** Yields pages of rows read by `read` after the rowid given, until a page comes back short. */
export async function* keysetPages<T extends { rowid: number }>(read: (afterRowid: number) => Promise<T[]>): AsyncGenerator<T[]> {
  let after = 0;
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    if (rows.length < EXPORT_PAGE_ROWS) return;
    after = rows[rows.length - 1].rowid;
  }
}

/** Encodes pages of rows as one JSON array, a row per line. */
async function* jsonArray<T>(pages: AsyncIterable<T[]>, toJson: (row: T) => unknown): AsyncGenerator<Uint8Array> {
  let first = true;
  yield encoder.encode("[");
  for await (const page of pages) {
    const lines = page.map((row) => JSON.stringify(toJson(row)));
    yield encoder.encode(`${first ? "\n" : ",\n"}${lines.join(",\n")}`);
    first = false;
  }
  yield encoder.encode("\n]\n");
}

/** Encodes pages of rows as CSV with the byte order mark and a header line. */
async function* csvTable<T>(headers: readonly string[], pages: AsyncIterable<T[]>, cells: (row: T) => CsvCell[]): AsyncGenerator<Uint8Array> {
  yield encoder.encode(CSV_BOM + csvLine(headers));
  for await (const page of pages) yield encoder.encode(page.map((row) => csvLine(cells(row))).join(""));
}

export function writeJson<T>(context: DatasetContext, path: string, pages: AsyncIterable<T[]>, toJson: (row: T) => unknown) {
  return context.writer.addEntry(path, jsonArray(pages, toJson), { compress: true, modifiedAt: context.modifiedAt });
}

function writeCsv<T>(context: DatasetContext, path: string, headers: readonly string[], pages: AsyncIterable<T[]>, cells: (row: T) => CsvCell[]) {
  return context.writer.addEntry(path, csvTable(headers, pages, cells), { compress: true, modifiedAt: context.modifiedAt });
}

function yesNo(value: boolean): string {
  return value ? csvText.yes : csvText.no;
}

/** Looks up a label for a stored enum value, or returns the value itself when the map has none. */
function label<K extends string>(labels: Record<K, string>, value: string | null): string {
  if (value === null) return "";
  return Object.hasOwn(labels, value) ? labels[value as K] : value;
}

// Column sets without the secrets and without internal bookkeeping that means nothing outside
// Klamp (search text, claims).
const { searchText: _searchText, ...clientColumns } = getTableColumns(clients);
const { shareTokenHash: _shareTokenHash, shareTokenEncrypted: _shareTokenEncrypted, ...projectColumns } = getTableColumns(projects);
const { paymentClaimId: _paymentClaimId, paymentClaimedAt: _paymentClaimedAt, ...billColumns } = getTableColumns(bills);
const { sentShareTokenHash: _sentShareTokenHash, ...invitationColumns } = getTableColumns(invitations);
const { claimId: _claimId, claimedAt: _claimedAt, ...reportColumns } = getTableColumns(reports);
const { passwordHash: _passwordHash, ...userColumns } = getTableColumns(users);
const { logoKey: _logoKey, userId: _settingsUserId, ...reportSettingsColumns } = getTableColumns(reportSettings);

const account: Dataset = {
  name: "account",
  async write(context) {
    const [user] = await context.db.select(userColumns).from(users).where(eq(users.id, context.userId));
    const [settings] = await context.db.select(reportSettingsColumns).from(reportSettings).where(eq(reportSettings.userId, context.userId));
    const body = JSON.stringify({ user: user ?? null, reportSettings: settings ?? null }, null, 2);
    await context.writer.addEntry("json/account.json", [encoder.encode(`${body}\n`)], { compress: true, modifiedAt: context.modifiedAt });
  },
};

const clientsDataset: Dataset = {
  name: "clients",
  async write(context) {
    const read = (after: number) =>
      context.db
        .select({ rowid: rowidOf(clients), row: clientColumns })
        .from(clients)
        .where(and(eq(clients.userId, context.userId), gt(rowidOf(clients), after)))
        .orderBy(rowidOf(clients))
        .limit(EXPORT_PAGE_ROWS);
    await writeJson(context, "json/clients.json", keysetPages(read), ({ row }) => row);
    await writeCsv(context, "csv/klienci.csv", csvText.headers.clients, keysetPages(read), ({ row }) => [
      row.name,
      row.email,
      row.phone,
      row.nip,
      row.address,
      row.notes,
      csvDateTime(row.anonymizedAt),
      csvDateTime(row.createdAt),
      csvDateTime(row.updatedAt),
    ]);
  },
};

const projectsDataset: Dataset = {
  name: "projects",
  async write(context) {
    const read = (after: number) =>
      context.db
        .select({
          rowid: rowidOf(projects),
          row: projectColumns,
          clientName: clients.name,
          clientLinkEnabled: sql<number>`${projects.shareTokenHash} IS NOT NULL`.mapWith(Boolean),
        })
        .from(projects)
        .leftJoin(clients, eq(clients.id, projects.clientId))
        .where(and(eq(projects.userId, context.userId), gt(rowidOf(projects), after)))
        .orderBy(rowidOf(projects))
        .limit(EXPORT_PAGE_ROWS);
    await writeJson(context, "json/projects.json", keysetPages(read), ({ row, clientLinkEnabled }) => ({ ...row, clientLinkEnabled }));
    await writeCsv(context, "csv/projekty.csv", csvText.headers.projects, keysetPages(read), ({ row, clientName, clientLinkEnabled }) => [
      row.name,
      clientName,
      csvDay(row.deadline),
      label(csvText.projectStatus, row.status),
      label(clientLocaleText.options, row.clientLocale),
      row.freeRevisionRounds,
      csvAmount(row.budgetBaseline),
      yesNo(clientLinkEnabled),
      csvDateTime(row.createdAt),
      csvDateTime(row.updatedAt),
    ]);
  },
};

const tasksDataset: Dataset = {
  name: "tasks",
  async write(context) {
    const read = (after: number) =>
      context.db
        .select({ rowid: rowidOf(tasks), row: getTableColumns(tasks), projectName: projects.name })
        .from(tasks)
        .leftJoin(projects, eq(projects.id, tasks.projectId))
        .where(and(eq(tasks.userId, context.userId), gt(rowidOf(tasks), after)))
        .orderBy(rowidOf(tasks))
        .limit(EXPORT_PAGE_ROWS);
    await writeJson(context, "json/tasks.json", keysetPages(read), ({ row }) => row);
    await writeCsv(context, "csv/zadania.csv", csvText.headers.tasks, keysetPages(read), ({ row, projectName }) => [
      projectName,
      row.position,
      row.name,
      csvAmount(row.amount),
      yesNo(row.requiresAcceptance),
      label(tasksText.acceptance, row.acceptance),
      label(tasksText.workStatus, row.workStatus),
      label(tasksText.payment, row.payment),
      csvDateTime(row.paidAt),
      label(csvText.paymentMethod, row.paidVia),
      row.version,
      csvDateTime(row.createdAt),
      csvDateTime(row.updatedAt),
    ]);
  },
};

const taskVersionsDataset: Dataset = {
  name: "task_versions",
  async write(context) {
    const read = (after: number) =>
      context.db
        .select({ rowid: rowidOf(taskVersions), row: getTableColumns(taskVersions) })
        .from(taskVersions)
        .innerJoin(tasks, eq(tasks.id, taskVersions.taskId))
        .where(and(eq(tasks.userId, context.userId), gt(rowidOf(taskVersions), after)))
        .orderBy(rowidOf(taskVersions))
        .limit(EXPORT_PAGE_ROWS);
    await writeJson(context, "json/task_versions.json", keysetPages(read), ({ row }) => row);
  },
};

const billsDataset: Dataset = {
  name: "bills",
  async write(context) {
    const { db, userId } = context;
    const read = (after: number) =>
      db
        .select({
          rowid: rowidOf(bills),
          row: billColumns,
          projectName: projects.name,
          itemCount: sql<number>`(SELECT count(*) FROM ${billItems} WHERE ${billItems.billId} = ${bills.id})`.mapWith(Number),
        })
        .from(bills)
        .leftJoin(projects, eq(projects.id, bills.projectId))
        .where(and(eq(bills.userId, userId), gt(rowidOf(bills), after)))
        .orderBy(rowidOf(bills))
        .limit(EXPORT_PAGE_ROWS);

    // Each page of bills gets its items with one more query over the same rowid range.
    async function* withItems() {
      for await (const page of keysetPages(read)) {
        const items = await db
          .select(getTableColumns(billItems))
          .from(billItems)
          .innerJoin(bills, eq(bills.id, billItems.billId))
          .where(and(eq(bills.userId, userId), gt(rowidOf(bills), page[0].rowid - 1), lte(rowidOf(bills), page[page.length - 1].rowid)))
          .orderBy(billItems.billId, billItems.position);
        const byBill = new Map<string, (typeof items)[number][]>();
        for (const item of items) {
          const list = byBill.get(item.billId);
          if (list) list.push(item);
          else byBill.set(item.billId, [item]);
        }
        yield page.map((bill) => ({ ...bill.row, items: byBill.get(bill.row.id) ?? [] }));
      }
    }
    await writeJson(context, "json/bills.json", withItems(), (bill) => bill);
    await writeCsv(context, "csv/rachunki.csv", csvText.headers.bills, keysetPages(read), ({ row, projectName, itemCount }) => [
      projectName,
      row.number,
      label(billsText.status, row.status),
      csvAmount(row.total),
      itemCount,
      label(csvText.actor, row.createdBy),
      row.recipientEmail,
      csvDateTime(row.sentAt),
      csvDateTime(row.paidAt),
      label(csvText.paymentMethod, row.paidVia),
      csvDateTime(row.cancelledAt),
      row.buyerName,
      row.buyerNip,
      row.buyerAddress,
      csvDateTime(row.createdAt),
    ]);
  },
};

const billItemsDataset: Dataset = {
  name: "bill_items",
  async write(context) {
    const read = (after: number) =>
      context.db
        .select({ rowid: rowidOf(billItems), row: getTableColumns(billItems), billNumber: bills.number, projectName: projects.name })
        .from(billItems)
        .innerJoin(bills, eq(bills.id, billItems.billId))
        .leftJoin(projects, eq(projects.id, bills.projectId))
        .where(and(eq(bills.userId, context.userId), gt(rowidOf(billItems), after)))
        .orderBy(rowidOf(billItems))
        .limit(EXPORT_PAGE_ROWS);
    await writeCsv(context, "csv/pozycje-rachunkow.csv", csvText.headers.billItems, keysetPages(read), ({ row, billNumber, projectName }) => [
      projectName,
      billNumber,
      row.position,
      row.name,
      csvAmount(row.amount),
      row.taskVersion,
      yesNo(row.active),
    ]);
  },
};

const paymentsDataset: Dataset = {
  name: "payments",
  async write(context) {
    const read = (after: number) =>
      context.db
        .select({ rowid: rowidOf(payments), row: getTableColumns(payments), projectName: projects.name, billNumber: bills.number })
        .from(payments)
        .leftJoin(projects, eq(projects.id, payments.projectId))
        .leftJoin(bills, eq(bills.id, payments.billId))
        .where(and(eq(payments.userId, context.userId), gt(rowidOf(payments), after)))
        .orderBy(rowidOf(payments))
        .limit(EXPORT_PAGE_ROWS);
    await writeJson(context, "json/payments.json", keysetPages(read), ({ row }) => row);
    await writeCsv(context, "csv/platnosci.csv", csvText.headers.payments, keysetPages(read), ({ row, projectName, billNumber }) => [
      csvDateTime(row.paidAt),
      projectName,
      billNumber,
      label(csvText.paymentPurpose, row.purpose),
      label(csvText.paymentMethod, row.method),
      csvAmount(row.amount),
      csvAmount(row.expectedAmount),
      label(csvText.paymentStatus, row.status),
      label(csvText.flag, row.flag),
      row.providerTitle,
      row.note,
      csvAmount(row.refundedAmount),
      csvDateTime(row.refundedAt),
    ]);
  },
};

const messagesDataset: Dataset = {
  name: "messages",
  async write(context) {
    const read = (after: number) =>
      context.db
        .select({ rowid: rowidOf(messages), row: getTableColumns(messages), projectName: projects.name })
        .from(messages)
        .leftJoin(projects, eq(projects.id, messages.projectId))
        .where(and(eq(messages.userId, context.userId), gt(rowidOf(messages), after)))
        .orderBy(rowidOf(messages))
        .limit(EXPORT_PAGE_ROWS);
    await writeJson(context, "json/messages.json", keysetPages(read), ({ row }) => row);
    await writeCsv(context, "csv/wiadomosci.csv", csvText.headers.messages, keysetPages(read), ({ row, projectName }) => [
      projectName,
      row.seq,
      label(csvText.actor, row.author),
      row.body,
      csvDateTime(row.createdAt),
    ]);
  },
};

/** A table written only as JSON, with the rows `read` returns page by page. */
function jsonOnlyDataset(name: string, read: (db: Db, userId: string, afterRowid: number) => Promise<{ rowid: number; row: unknown }[]>): Dataset {
  return {
    name,
    async write(context) {
      const pages = keysetPages((after) => read(context.db, context.userId, after));
      await writeJson(context, `json/${name}.json`, pages, ({ row }) => row);
    },
  };
}

const fixRequestsDataset = jsonOnlyDataset("fix_requests", (db, userId, after) =>
  db
    .select({ rowid: rowidOf(fixRequests), row: getTableColumns(fixRequests) })
    .from(fixRequests)
    .where(and(eq(fixRequests.userId, userId), gt(rowidOf(fixRequests), after)))
    .orderBy(rowidOf(fixRequests))
    .limit(EXPORT_PAGE_ROWS),
);

const invitationsDataset = jsonOnlyDataset("invitations", (db, userId, after) =>
  db
    .select({ rowid: rowidOf(invitations), row: invitationColumns })
    .from(invitations)
    .where(and(eq(invitations.userId, userId), gt(rowidOf(invitations), after)))
    .orderBy(rowidOf(invitations))
    .limit(EXPORT_PAGE_ROWS),
);

const reportsDataset = jsonOnlyDataset("reports", (db, userId, after) =>
  db
    .select({ rowid: rowidOf(reports), row: reportColumns })
    .from(reports)
    .where(and(eq(reports.userId, userId), gt(rowidOf(reports), after)))
    .orderBy(rowidOf(reports))
    .limit(EXPORT_PAGE_ROWS),
);

const subscriptionOrdersDataset = jsonOnlyDataset("subscription_orders", (db, userId, after) =>
  db
    .select({ rowid: rowidOf(subscriptionOrders), row: getTableColumns(subscriptionOrders) })
    .from(subscriptionOrders)
    .where(and(eq(subscriptionOrders.userId, userId), gt(rowidOf(subscriptionOrders), after)))
    .orderBy(rowidOf(subscriptionOrders))
    .limit(EXPORT_PAGE_ROWS),
);

const activityDataset: Dataset = {
  name: "activity",
  async write(context) {
    const read = (after: number) =>
      context.db
        .select({ rowid: rowidOf(activity), row: getTableColumns(activity), projectName: projects.name })
        .from(activity)
        .leftJoin(projects, eq(projects.id, activity.projectId))
        .where(and(eq(activity.userId, context.userId), gt(rowidOf(activity), after)))
        .orderBy(rowidOf(activity))
        .limit(EXPORT_PAGE_ROWS);
    await writeJson(context, "json/activity.json", keysetPages(read), ({ row }) => ({ ...row, data: parseActivityData(row.data) }));
    await writeCsv(context, "csv/historia-zmian.csv", csvText.headers.activity, keysetPages(read), ({ row, projectName }) => [
      csvDateTime(row.createdAt),
      projectName,
      label(csvText.actor, row.actor),
      describeActivity({ action: row.action, data: parseActivityData(row.data) }).join(" "),
      row.action,
      row.data,
    ]);
  },
};

/** Parses an activity row's JSON data. Data that is not a JSON object is kept under `value` or `text`. */
function parseActivityData(data: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    return { text: data };
  }
}

/**
 * The table steps, in the order they are written. The files' own metadata (json/files.json) is
 * written after the files, because it lists where each one went in the ZIP.
 */
export const DATASETS: readonly Dataset[] = [
  account,
  clientsDataset,
  projectsDataset,
  tasksDataset,
  taskVersionsDataset,
  billsDataset,
  billItemsDataset,
  paymentsDataset,
  messagesDataset,
  fixRequestsDataset,
  invitationsDataset,
  reportsDataset,
  subscriptionOrdersDataset,
  activityDataset,
];
