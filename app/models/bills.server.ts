import { and, asc, desc, eq, gt, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "~/db/client.server";
import { mapReadPlan, readPlan, runReadPlan, type ReadPlan } from "~/db/read-plan.server";
import { billItems, bills, emailOutbox, invitations, payments, projects, tasks, tpayConnections, tpayTransactions, type Bill } from "~/db/schema";
import type { EmailTemplates } from "~/emails/templates";
import { billsText } from "~/i18n/pl/bills";
import { isPayableTask } from "~/utils/bills";
import { plural } from "~/utils/plural";
import { randomId } from "~/utils/crypto.server";
import { logWarn } from "~/utils/log.server";
import { guardedActivity } from "./activity-guard.server";
import { activityInsertWhen, type ActivityInput } from "./activity.server";
import { emailOutboxInsertWhen } from "./email.server";
import type { DeliveryState } from "./invitations.server";
import type { RateLimitRule } from "./rate-limit.server";
import { cancelTpayTransaction, tpayOrigins, type TpayAccount, type TpayEnvironment, type TpayFetch } from "./tpay-api.server";
import { loadTpayConnectionById } from "./tpay-connections.server";

// Bills ("Rachunek"): a list of a project's tasks to pay, made from the client's "Opłać"
// selection or sent by the freelancer ("Wyślij listę do opłacenia"), or recorded as paid by
// hand (cash, bank transfer). A bill snapshots its tasks' names and amounts. The partial unique
// index on bill_items(task_id) WHERE active = 1 keeps a task on at most one bill that is open,
// sent, awaiting payment or paid: a batch that would put it on a second one fails whole.
// Every query is scoped by the project AND its owner's user id. Starting a Tpay payment for a
// bill is in app/models/bill-payment.server.ts.

export type BillStatus = Bill["status"];
export type ManualPaymentMethod = "cash" | "transfer";

export interface BillOwner {
  userId: string;
  projectId: string;
}

/** Most tasks one bill may have; the selection travels to D1 as one JSON parameter. */
export const BILL_MAX_TASKS = 100;
export const BILLS_PANEL_SIZE = 5;
export const BILLS_PAGE_SIZE = 20;
/** Payable tasks a bills page lists at once; PAYABLE_TASKS_PARAM pages through the rest. */
export const PAYABLE_TASKS_PAGE_SIZE = 50;

/** Statuses from which a bill can still be paid, cancelled or marked paid by hand. */
export const UNPAID_BILL_STATUSES: BillStatus[] = ["open", "sent", "awaiting_payment"];

const BILL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a string shaped like a bill id; anything else is not looked up. */
export function isBillId(value: string | undefined): value is string {
  return !!value && BILL_ID.test(value);
}

/** Walks an error and its causes (drizzle wraps D1's error) for a message matching `pattern`. */
function hasErrorMessage(error: unknown, pattern: RegExp): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (pattern.test(current.message)) return true;
  }
  return false;
}

const ACTIVE_TASK_CONFLICT = /UNIQUE constraint failed: bill_items\.task_id/;

// ---------------------------------------------------------------------------------------------
// Reading

/** One row of a project's bill list. */
export interface BillListItem {
  id: string;
  number: number;
  createdBy: Bill["createdBy"];
  status: BillStatus;
  total: number;
  itemCount: number;
  recipientEmail: string | null;
  createdAt: string;
  sentAt: string | null;
  paidAt: string | null;
  paidVia: Bill["paidVia"];
  cancelledAt: string | null;
  /** State of the e-mail that carried a sent bill; null for bills never e-mailed. */
  delivery: DeliveryState | null;
  deliveryError: string | null;
  /** Money received through Tpay that did not pay the bill, and was not refunded yet. */
  flaggedPayments: FlaggedBillPayment[];
  /** The buyer copied onto the bill when its client was anonymised; null while the client row contains the details. */
  buyer: { name: string; nip: string | null; address: string | null } | null;
}

/**
 * A Tpay payment received for a bill without paying it: `refund_due` when the bill was already
 * cancelled or paid (the freelancer returns it), `underpaid` when less than the total arrived
 * while the bill still awaits payment.
 */
export interface FlaggedBillPayment {
  kind: "refund_due" | "underpaid";
  /** Grosze received and not refunded yet. */
  amount: number;
  /** Grosze the transaction asked for. */
  expectedAmount: number;
  /** Tpay's transaction title (TR-…). */
  title: string | null;
}

/** The bill a task is on (open, sent, awaiting payment or paid). */
export interface TaskBill {
  billId: string;
  number: number;
  status: BillStatus;
}

export interface BillsPanel {
  items: BillListItem[];
  total: number;
  hasMore: boolean;
  /** Task id → the live or paid bill it is on. */
  taskBills: Record<string, TaskBill>;
  /** The freelancer's Tpay connection works: "Opłać" and "Zapłać teraz" may appear. */
  onlinePayments: boolean;
  /** Whether the freelancer has a Tpay connection at all (verified or not). */
  hasConnection: boolean;
}

function deliveryState(status: string | null): DeliveryState | null {
  if (status === null) return null;
  if (status === "queued" || status === "sending") return "queued";
  if (status === "retrying" || status === "sent" || status === "failed") return status;
  return "unknown";
}

/**
 * Plans the reads of a project's bills panel: one page of bills (newest first) with the
 * delivery state of their e-mails, the bill each task is on, and whether online payments work.
 */
export function billsPanelPlan(db: Db, owner: BillOwner, page: { limit: number; offset?: number }) {
  const list = db
    .select({
      id: bills.id,
      number: bills.number,
      createdBy: bills.createdBy,
      status: bills.status,
      total: bills.total,
      recipientEmail: bills.recipientEmail,
      createdAt: bills.createdAt,
      sentAt: bills.sentAt,
      paidAt: bills.paidAt,
      paidVia: bills.paidVia,
      cancelledAt: bills.cancelledAt,
      buyerName: bills.buyerName,
      buyerNip: bills.buyerNip,
      buyerAddress: bills.buyerAddress,
      itemCount: sql<number>`(SELECT COUNT(*) FROM ${billItems} bi WHERE bi.bill_id = ${bills.id})`.as("item_count"),
      // D1 returns batch rows keyed by column name, so the joined e-mail's columns get aliases.
      outboxStatus: sql<string | null>`${emailOutbox.status}`.as("outbox_status"),
      outboxError: sql<string | null>`${emailOutbox.lastError}`.as("outbox_error"),
      totalCount: sql<number>`COUNT(*) OVER ()`.as("total_count"),
    })
    .from(bills)
    .leftJoin(emailOutbox, eq(emailOutbox.id, bills.outboxId))
    .where(and(eq(bills.userId, owner.userId), eq(bills.projectId, owner.projectId)))
    .orderBy(desc(bills.number))
    .limit(page.limit + 1)
    .offset(page.offset ?? 0);
  const billed = db
    .select({ taskId: billItems.taskId, billId: billItems.billId, number: bills.number, billStatus: sql<BillStatus>`${bills.status}`.as("bill_status") })
    .from(billItems)
    .innerJoin(bills, eq(bills.id, billItems.billId))
    .where(and(eq(bills.userId, owner.userId), eq(bills.projectId, owner.projectId), eq(billItems.active, true)));
  // Only the connection without disconnected_at is current; replaced ones stay as records.
  const connection = db
    .select({ status: tpayConnections.status })
    .from(tpayConnections)
    .where(and(eq(tpayConnections.userId, owner.userId), isNull(tpayConnections.disconnectedAt)))
    .limit(1);
  const flagged = db
    .select({
      billId: payments.billId,
      amount: payments.amount,
      refundedAmount: payments.refundedAmount,
      expectedAmount: payments.expectedAmount,
      flag: payments.flag,
      title: payments.providerTitle,
      billStatus: sql<BillStatus>`${bills.status}`.as("flagged_bill_status"),
    })
    .from(payments)
    .innerJoin(bills, eq(bills.id, payments.billId))
    .where(
      and(
        eq(payments.userId, owner.userId),
        eq(bills.userId, owner.userId),
        eq(bills.projectId, owner.projectId),
        eq(payments.purpose, "bill"),
        eq(payments.status, "flagged"),
        inArray(payments.flag, ["underpaid", "not_payable"]),
      ),
    )
    .orderBy(asc(payments.paidAt));

  return readPlan([list, billed, connection, flagged], ([rows, billedRows, connectionRows, flaggedRows]): BillsPanel => {
    const flaggedByBill = new Map<string, FlaggedBillPayment[]>();
    for (const row of flaggedRows) {
      const amount = row.amount - row.refundedAmount;
      if (!row.billId || amount <= 0) continue;
      // Less than the total is a shortfall only while the bill can still be paid. On a
      // cancelled or paid bill every flagged payment is returned.
      const kind = row.flag === "underpaid" && UNPAID_BILL_STATUSES.includes(row.billStatus) ? "underpaid" : "refund_due";
      const entries = flaggedByBill.get(row.billId) ?? [];
      entries.push({ kind, amount, expectedAmount: row.expectedAmount, title: row.title });
      flaggedByBill.set(row.billId, entries);
    }
    const items: BillListItem[] = rows.slice(0, page.limit).map((row) => ({
      id: row.id,
      number: row.number,
      createdBy: row.createdBy,
      status: row.status,
      total: row.total,
      itemCount: row.itemCount,
      recipientEmail: row.recipientEmail,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
      paidAt: row.paidAt,
      paidVia: row.paidVia,
      cancelledAt: row.cancelledAt,
      delivery: deliveryState(row.outboxStatus),
      deliveryError: row.outboxStatus === "failed" || row.outboxStatus === "retrying" ? row.outboxError : null,
      flaggedPayments: flaggedByBill.get(row.id) ?? [],
      buyer: row.buyerName === null ? null : { name: row.buyerName, nip: row.buyerNip, address: row.buyerAddress },
    }));
    const taskBills: Record<string, TaskBill> = {};
    for (const row of billedRows) {
      if (row.taskId) taskBills[row.taskId] = { billId: row.billId, number: row.number, status: row.billStatus };
    }
    const status = connectionRows[0]?.status;
    return {
      items,
      // COUNT(*) OVER () is computed before OFFSET, so a page past the end has no row to read it from.
      total: rows[0]?.totalCount ?? 0,
      hasMore: rows.length > page.limit,
      taskBills,
      onlinePayments: status === "verified",
      hasConnection: status !== undefined,
    };
  });
}

/** A bill as the client sees it: no recipient address, e-mail delivery details, flagged payments or buyer snapshot. */
export type ClientBillListItem = Omit<BillListItem, "recipientEmail" | "delivery" | "deliveryError" | "flaggedPayments" | "buyer">;

export type ClientBillsPanel = Omit<BillsPanel, "items" | "hasConnection"> & { items: ClientBillListItem[] };

/** Plans the client page's view of billsPanelPlan. */
export function clientBillsPanelPlan(db: Db, owner: BillOwner, page: { limit: number; offset?: number }) {
  return mapReadPlan(billsPanelPlan(db, owner, page), (panel): ClientBillsPanel => ({
    items: panel.items.map(({ recipientEmail: _recipient, delivery: _delivery, deliveryError: _error, flaggedPayments: _flagged, buyer: _buyer, ...item }) => item),
    total: panel.total,
    hasMore: panel.hasMore,
    taskBills: panel.taskBills,
    onlinePayments: panel.onlinePayments,
  }));
}

export interface BillDetail {
  bill: Bill;
  items: { id: string; taskId: string | null; name: string; amount: number; position: number }[];
  /** Sum of the items, computed from the rows; equals bill.total. */
  itemsTotal: number;
  /** The newest Tpay transaction of the bill, if one was started. */
  transaction: { id: string; status: string; createdAt: string } | null;
}

/** Reads one bill of the project with its items and newest Tpay transaction, or null. */
export async function getBillDetail(db: Db, owner: BillOwner, billId: string): Promise<BillDetail | null> {
  if (!isBillId(billId)) return null;
  return runReadPlan(db, billDetailPlan(db, owner, billId));
}

/** Plans the reads of getBillDetail, so a page can batch them with its other reads. */
export function billDetailPlan(db: Db, owner: BillOwner, billId: string): ReadPlan<BillDetail | null> {
  const scope = and(eq(bills.id, billId), eq(bills.userId, owner.userId), eq(bills.projectId, owner.projectId));
  const queries = [
    db.select().from(bills).where(scope).limit(1),
    db
      .select({ id: billItems.id, taskId: billItems.taskId, name: billItems.name, amount: billItems.amount, position: billItems.position })
      .from(billItems)
      .where(and(eq(billItems.billId, billId), sql`EXISTS (SELECT 1 FROM ${bills} WHERE ${scope})`))
      .orderBy(asc(billItems.position)),
    db
      .select({ id: tpayTransactions.id, status: tpayTransactions.status, createdAt: tpayTransactions.createdAt })
      .from(tpayTransactions)
      .where(and(eq(tpayTransactions.billId, billId), eq(tpayTransactions.userId, owner.userId)))
      .orderBy(desc(tpayTransactions.createdAt))
      .limit(1),
  ] as const;
  return readPlan([...queries], ([billRows, itemRows, transactionRows]) => {
    const bill = billRows[0];
    if (!bill) return null;
    return {
      bill,
      items: itemRows,
      itemsTotal: itemRows.reduce((sum, item) => sum + item.amount, 0),
      transaction: transactionRows[0] ?? null,
    };
  });
}

/**
 * Reads one page (PAYABLE_TASKS_PAGE_SIZE, pages start at 1) of the project's payable tasks in
 * task order: accepted or not needing acceptance, unpaid, with an amount, and on no live bill
 * (isPayableTask, in SQL so that pages hold only payable tasks).
 */
export function payableTasksPlan(db: Db, owner: BillOwner, page = 1) {
  const query = db
    .select({ id: tasks.id, name: tasks.name, amount: tasks.amount, acceptance: tasks.acceptance, payment: tasks.payment, version: tasks.version })
    .from(tasks)
    .where(
      and(
        eq(tasks.projectId, owner.projectId),
        eq(tasks.userId, owner.userId),
        inArray(tasks.acceptance, ["accepted", "not_required"]),
        eq(tasks.payment, "unpaid"),
        gt(tasks.amount, 0),
        sql`NOT EXISTS (SELECT 1 FROM ${billItems} bi WHERE bi.task_id = ${tasks.id} AND bi.active = 1)`,
      ),
    )
    .orderBy(asc(tasks.position), asc(tasks.createdAt), asc(tasks.id))
    .limit(PAYABLE_TASKS_PAGE_SIZE + 1)
    .offset((page - 1) * PAYABLE_TASKS_PAGE_SIZE);
  return readPlan([query], ([rows]) => ({
    tasks: rows.slice(0, PAYABLE_TASKS_PAGE_SIZE).filter((task) => isPayableTask(task, false)),
    page,
    hasMore: rows.length > PAYABLE_TASKS_PAGE_SIZE,
  }));
}

/** Finds the live or paid bill a task is on, for messages that name it; null when it is on none. */
export async function findTaskBill(db: Db, owner: BillOwner, taskId: string): Promise<TaskBill | null> {
  const [row] = await db
    .select({ billId: bills.id, number: bills.number, status: bills.status })
    .from(billItems)
    .innerJoin(bills, eq(bills.id, billItems.billId))
    .where(and(eq(billItems.taskId, taskId), eq(billItems.active, true), eq(bills.userId, owner.userId), eq(bills.projectId, owner.projectId)))
    .limit(1);
  return row ? { billId: row.billId, number: row.number, status: row.status } : null;
}

/**
 * Returns the message that rejects a change to a locked task and names the bill it is on (or
 * was paid with), or null when the task is on no bill.
 */
export async function taskBillLockMessage(db: Db, owner: BillOwner, taskId: string): Promise<string | null> {
  const bill = await findTaskBill(db, owner, taskId);
  if (!bill) return null;
  return bill.status === "paid" ? billsText.taskLockedPaid(bill.number) : billsText.taskLockedOnBill(bill.number);
}

// ---------------------------------------------------------------------------------------------
// Creating

/** Reason a selection did not become a bill. `not_found` means an id is not a task of this project. */
export type BillRefusal =
  | { code: "empty" }
  | { code: "too_many"; max: number }
  | { code: "not_found" }
  | { code: "paid"; taskName: string }
  | { code: "payment_pending"; taskName: string }
  | { code: "on_bill"; taskName: string; number: number }
  | { code: "not_agreed"; taskName: string }
  | { code: "zero_amount"; taskName: string }
  | { code: "zero_total" }
  | { code: "changed" }
  | { code: "link_changed" };

export interface BillEmail {
  to: string;
  toName: string | null;
  /** The e-mail's data; it gets the new bill's id and number. */
  data: (bill: { id: string; number: number; items: { name: string; amount: number }[]; total: number }) => EmailTemplates["bill"];
}

export interface NewBill {
  owner: BillOwner;
  createdBy: "client" | "freelancer";
  taskIds: string[];
  /**
   * The client link's token hash when the request read the project. The bill is written only
   * while the project still has it, so a link disabled or regenerated meanwhile writes nothing.
   * Required for the client's bills and for bills sent by e-mail (their link opens the bill).
   */
  shareTokenHash?: string;
  /** "Wyślij listę do opłacenia": the bill is `sent` and this e-mail is queued with it. */
  email?: BillEmail;
  /** Paid by hand: the bill is `paid` at once, with a payments row of this method. */
  manual?: { method: ManualPaymentMethod; note: string | null };
}

export type CreateBillResult =
  | { status: "created"; bill: { id: string; number: number; total: number; status: BillStatus }; outboxId: string | null }
  | { status: "refused"; refusal: BillRefusal };

interface SelectedTask {
  id: string;
  name: string;
  amount: number;
  version: number;
  position: number;
  payment: string;
  acceptance: string;
}

/** Drops blanks and duplicates from the posted ids, keeping the first occurrence. */
export function normalizeTaskIds(values: unknown[]): string[] {
  const ids: string[] = [];
  for (const value of values) {
    if (typeof value !== "string") continue;
    const id = value.trim();
    if (id.length > 0 && id.length <= 64 && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Reads the selected tasks of the project, the bills they are on, and the project's next bill number. */
async function readSelection(db: Db, owner: BillOwner, taskIds: string[]) {
  const idsJson = JSON.stringify(taskIds);
  const [taskRows, billedRows, numberRows] = await db.batch([
    db
      .select({
        id: tasks.id,
        name: tasks.name,
        amount: tasks.amount,
        version: tasks.version,
        position: tasks.position,
        payment: tasks.payment,
        acceptance: tasks.acceptance,
      })
      .from(tasks)
      .where(and(eq(tasks.projectId, owner.projectId), eq(tasks.userId, owner.userId), sql`${tasks.id} IN (SELECT value FROM json_each(${idsJson}))`))
      .orderBy(asc(tasks.position), asc(tasks.createdAt)),
    db
      .select({ taskId: billItems.taskId, number: bills.number })
      .from(billItems)
      .innerJoin(bills, eq(bills.id, billItems.billId))
      .where(
        and(
          eq(billItems.active, true),
          eq(bills.projectId, owner.projectId),
          eq(bills.userId, owner.userId),
          sql`${billItems.taskId} IN (SELECT value FROM json_each(${idsJson}))`,
        ),
      ),
    db
      .select({ next: sql<number>`COALESCE(MAX(${bills.number}), 0) + 1`.as("next_number") })
      .from(bills)
      .where(eq(bills.projectId, owner.projectId)),
  ]);
  const billNumbers = new Map<string, number>();
  for (const row of billedRows) if (row.taskId) billNumbers.set(row.taskId, row.number);
  return { tasks: taskRows as SelectedTask[], billNumbers, nextNumber: numberRows[0]?.next ?? 1 };
}

/**
 * Checks a selection read by readSelection; the first task that cannot go on a bill names the
 * refusal. A bill to be paid takes only tasks that cost something, as isPayableTask decides for
 * the toggles. Paying by hand (`manual`) also takes a task of 0,00 zł.
 */
function checkSelection(taskIds: string[], selection: Awaited<ReturnType<typeof readSelection>>, manual: boolean): BillRefusal | null {
  if (selection.tasks.length !== taskIds.length) return { code: "not_found" };
  for (const task of selection.tasks) {
    if (task.payment === "paid") return { code: "paid", taskName: task.name };
    const number = selection.billNumbers.get(task.id);
    if (number !== undefined) return { code: "on_bill", taskName: task.name, number };
    if (task.payment !== "unpaid") return { code: "payment_pending", taskName: task.name };
    if (task.acceptance !== "accepted" && task.acceptance !== "not_required") return { code: "not_agreed", taskName: task.name };
    if (!manual && task.amount <= 0) return { code: "zero_amount", taskName: task.name };
  }
  const total = selection.tasks.reduce((sum, task) => sum + task.amount, 0);
  if (total <= 0 && !manual) return { code: "zero_total" };
  return null;
}

/** Attempts of one bill when another bill of the project took the number it read. */
const CREATE_ATTEMPTS = 3;

/**
 * Creates a bill from tasks of one project, in one D1 batch with its items, its activity row
 * and, depending on `input`, the e-mail that carries it or the payment recorded by hand.
 *
 * The ids are looked up within the project only, so an id of any other project refuses the
 * whole selection (`not_found`). Totals and names come from the task rows and are snapshotted.
 * The batch writes the bill only if every task still has the version that was read, is unpaid
 * and agreed, and the project's next number is still the one read. The number is computed
 * inside the INSERT and the unique index on bill_items stops a task from going on two live
 * bills, so of two concurrent bills for one task exactly one is written.
 */
export async function createBill(db: Db, input: NewBill): Promise<CreateBillResult> {
  const taskIds = input.taskIds;
  if (taskIds.length === 0) return { status: "refused", refusal: { code: "empty" } };
  if (taskIds.length > BILL_MAX_TASKS) return { status: "refused", refusal: { code: "too_many", max: BILL_MAX_TASKS } };

  for (let attempt = 1; ; attempt++) {
    const selection = await readSelection(db, input.owner, taskIds);
    const refusal = checkSelection(taskIds, selection, input.manual !== undefined);
    if (refusal) return { status: "refused", refusal };

    let result: CreateBillResult | null;
    try {
      result = await writeBill(db, input, selection.tasks, selection.nextNumber);
    } catch (error) {
      if (!hasErrorMessage(error, ACTIVE_TASK_CONFLICT)) throw error;
      // Another bill took one of the tasks between the read and the batch; the rollback left
      // nothing behind. Reading again names the task and its bill.
      const again = await readSelection(db, input.owner, taskIds);
      return { status: "refused", refusal: checkSelection(taskIds, again, input.manual !== undefined) ?? { code: "changed" } };
    }
    if (result) return result;

    // Nothing was written: the link changed, a task changed, or another bill took the number.
    if (input.shareTokenHash !== undefined && !(await projectHasLink(db, input.owner, input.shareTokenHash))) {
      return { status: "refused", refusal: { code: "link_changed" } };
    }
    if (attempt >= CREATE_ATTEMPTS) return { status: "refused", refusal: { code: "changed" } };
  }
}

async function projectHasLink(db: Db, owner: BillOwner, shareTokenHash: string): Promise<boolean> {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, owner.projectId), eq(projects.userId, owner.userId), eq(projects.shareTokenHash, shareTokenHash)))
    .limit(1);
  return row !== undefined;
}

/** Runs the batch of createBill; returns null when its guard held back the bill. */
async function writeBill(db: Db, input: NewBill, selected: SelectedTask[], number: number): Promise<CreateBillResult | null> {
  const { owner } = input;
  const billId = randomId();
  const paymentId = input.manual ? randomId() : null;
  const outboxId = input.email ? randomId() : null;
  const now = new Date().toISOString();
  const total = selected.reduce((sum, task) => sum + task.amount, 0);
  let status: BillStatus = "open";
  if (input.manual) status = "paid";
  else if (input.email) status = "sent";

  // One JSON parameter carries the whole selection (D1 binds at most 100 parameters per
  // statement): the item ids and positions, and the task versions the guard compares.
  const snapshot = JSON.stringify(selected.map((task, index) => ({ itemId: randomId(), taskId: task.id, version: task.version, position: index + 1 })));
  const tasksUnchanged = sql`(SELECT COUNT(*) FROM ${tasks} t JOIN json_each(${snapshot}) j ON t.id = json_extract(j.value, '$.taskId')
      WHERE t.project_id = ${owner.projectId} AND t.user_id = ${owner.userId} AND t.version = json_extract(j.value, '$.version')
        AND t.payment = 'unpaid' AND t.acceptance IN ('accepted', 'not_required') AND (${input.manual ? 1 : 0} = 1 OR t.amount > 0)) = ${selected.length}`;
  const numberUnchanged = sql`(SELECT COALESCE(MAX(b.number), 0) + 1 FROM ${bills} b WHERE b.project_id = ${owner.projectId}) = ${number}`;
  const projectGuard = and(
    eq(projects.id, owner.projectId),
    eq(projects.userId, owner.userId),
    input.shareTokenHash === undefined ? undefined : eq(projects.shareTokenHash, input.shareTokenHash),
  );
  const billWritten = sql`EXISTS (SELECT 1 FROM ${bills} WHERE ${bills.id} = ${billId})`;

  // The selected values follow the column order of `bills` in app/db/schema.ts, which is the
  // order drizzle names the columns in. The total is summed from the task rows themselves.
  const billInsert = db
    .insert(bills)
    .select(
      sql`SELECT ${billId}, ${owner.userId}, ${owner.projectId}, ${number}, ${input.createdBy}, ${status},
                 (SELECT SUM(t.amount) FROM ${tasks} t JOIN json_each(${snapshot}) j ON t.id = json_extract(j.value, '$.taskId')),
                 ${input.email?.to ?? null}, ${outboxId}, ${input.manual?.method ?? null}, ${paymentId},
                 ${input.email ? now : null}, ${input.manual ? now : null}, NULL, NULL, ${now}, ${now}, NULL, NULL, NULL, NULL, NULL
          WHERE ${tasksUnchanged} AND ${numberUnchanged} AND EXISTS (SELECT 1 FROM ${projects} WHERE ${projectGuard})`,
    )
    .returning({ id: bills.id, number: bills.number, total: bills.total, status: bills.status });
  // bill_items columns: id, bill_id, task_id, name, amount, task_version, position, active.
  const itemsInsert = db.insert(billItems).select(
    sql`SELECT json_extract(j.value, '$.itemId'), ${billId}, t.id, t.name, t.amount, t.version, json_extract(j.value, '$.position'), 1
        FROM json_each(${snapshot}) j JOIN ${tasks} t ON t.id = json_extract(j.value, '$.taskId')
        WHERE ${billWritten}`,
  );

  const activityBase = { userId: owner.userId, projectId: owner.projectId, subjectType: "bill", subjectId: billId };
  const statements: BatchItem<"sqlite">[] = [billInsert, itemsInsert];

  if (input.manual && paymentId) {
    const method = input.manual.method;
    const note = input.manual.note;
    statements.push(...manualPaymentStatements(db, { owner, billId, paymentId, amount: total, method, note, now, condition: billWritten }));
    for (const task of selected) {
      const data = { name: task.name, amount: task.amount, method, note, number };
      statements.push(
        activityInsertWhen(db, { ...activityBase, actor: "freelancer", action: "task.paid_manually", subjectType: "task", subjectId: task.id, data }, billWritten),
      );
    }
  } else if (input.email && outboxId) {
    const items = selected.map((task) => ({ name: task.name, amount: task.amount }));
    const email = { userId: owner.userId, to: input.email.to, toName: input.email.toName, template: "bill" as const };
    statements.push(
      emailOutboxInsertWhen(db, outboxId, { ...email, data: input.email.data({ id: billId, number, items, total }) }, billWritten),
      activityInsertWhen(
        db,
        { ...activityBase, actor: "freelancer", action: "bill.sent", data: { number, total, taskCount: selected.length, email: input.email.to } },
        billWritten,
      ),
    );
  } else {
    statements.push(
      activityInsertWhen(
        db,
        { ...activityBase, actor: input.createdBy, action: "bill.created", data: { number, total, taskCount: selected.length } },
        billWritten,
      ),
    );
  }

  const results: unknown[] = await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  const [written] = results[0] as { id: string; number: number; total: number; status: BillStatus }[];
  if (!written) return null;
  return { status: "created", bill: written, outboxId };
}

/**
 * Statements that record a payment by hand of a bill in a batch, each run only under
 * `condition`: the payments row, the bill marked paid (when it was not written paid) and its
 * tasks marked paid.
 */
function manualPaymentStatements(
  db: Db,
  input: {
    owner: BillOwner;
    billId: string;
    paymentId: string;
    amount: number;
    method: ManualPaymentMethod;
    note: string | null;
    now: string;
    condition: SQL;
  },
): BatchItem<"sqlite">[] {
  const { owner, billId, now, condition } = input;
  // payments columns: id, user_id, purpose, project_id, bill_id, subscription_order_id, method,
  // tpay_transaction_id, environment, provider_title, amount, expected_amount, status, flag,
  // note, paid_at, refunded_amount, refunded_at, created_at. No Tpay title, so the unique index
  // never applies.
  const paymentInsert = db.insert(payments).select(
    sql`SELECT ${input.paymentId}, ${owner.userId}, 'bill', ${owner.projectId}, ${billId}, NULL, ${input.method},
               NULL, NULL, NULL, ${input.amount}, ${input.amount}, 'applied', NULL, ${input.note}, ${now}, 0, NULL, ${now}
        WHERE ${condition}`,
  );
  const tasksPaid = db
    .update(tasks)
    .set({ payment: "paid", paidVia: input.method, paidAt: now, updatedAt: now })
    .where(
      and(
        eq(tasks.userId, owner.userId),
        eq(tasks.projectId, owner.projectId),
        inArray(tasks.payment, ["unpaid", "pending"]),
        sql`${tasks.id} IN (SELECT bi.task_id FROM ${billItems} bi WHERE bi.bill_id = ${billId} AND bi.active = 1)`,
        condition,
      ),
    );
  return [paymentInsert, tasksPaid];
}

// ---------------------------------------------------------------------------------------------
// Changing

/** Dependencies a bill change needs to cancel the bill's Tpay transactions after its batch. */
export interface TpayDeps {
  env: Env;
  tpayFetch: TpayFetch;
}

export type BillChangeResult = "done" | "not_found" | "not_unpaid" | "link_changed";

/** The connection a bill's Tpay transaction was created with, and that connection's merchant. */
export interface TransactionAccountRef {
  connectionId: string | null;
  environment: TpayEnvironment;
  merchantId: string;
}

/**
 * Loads the Tpay account a transaction was created with, with its credentials decrypted: its
 * connection by id, current or archived (a replaced or disconnected connection keeps its row).
 * Returns null when that connection is unknown, belongs to another user, had its credentials
 * purged, or does not name the transaction's merchant.
 */
export async function loadTransactionAccount(db: Db, env: Env, userId: string, ref: TransactionAccountRef): Promise<TpayAccount | null> {
  if (!ref.connectionId) return null;
  const loaded = await loadTpayConnectionById(db, env, ref.connectionId);
  if (!loaded || loaded.connection.userId !== userId) return null;
  const { account } = loaded;
  return account.environment === ref.environment && account.merchantId === ref.merchantId ? account : null;
}

/** Cancels at Tpay, best effort, the transactions a batch marked cancelled, each through its own connection. */
async function cancelAtTpay(db: Db, deps: TpayDeps, userId: string, rows: (TransactionAccountRef & { transactionId: string })[]) {
  for (const row of rows) {
    try {
      const account = await loadTransactionAccount(db, deps.env, userId, row);
      if (!account) {
        logWarn("bill.tpay_cancel_skipped", { userId, transactionId: row.transactionId, reason: "connection_missing" });
        continue;
      }
      await cancelTpayTransaction(deps.tpayFetch, tpayOrigins(deps.env, account.environment), account, row.transactionId);
    } catch (error) {
      logWarn("bill.tpay_cancel_failed", { userId, transactionId: row.transactionId, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

const CANCELLED_TRANSACTION_COLUMNS = {
  transactionId: tpayTransactions.transactionId,
  connectionId: tpayTransactions.connectionId,
  environment: tpayTransactions.environment,
  merchantId: tpayTransactions.merchantId,
};

/**
 * Cancels an unpaid bill: its items become inactive, its tasks payable again (a started
 * payment's `pending` goes back to `unpaid`), its pending Tpay transactions are marked cancelled
 * and then cancelled at Tpay, best effort. The client may cancel only the bills they created,
 * and only while the client link they used still opens the project (`shareTokenHash`).
 */
export async function cancelBill(
  db: Db,
  deps: TpayDeps,
  owner: BillOwner,
  billId: string,
  actor: "client" | "freelancer",
  shareTokenHash?: string,
): Promise<BillChangeResult> {
  const detail = await getBillDetail(db, owner, billId);
  if (!detail || (actor === "client" && detail.bill.createdBy !== "client")) return "not_found";
  if (!UNPAID_BILL_STATUSES.includes(detail.bill.status)) return "not_unpaid";

  const now = new Date().toISOString();
  const cancellable = and(
    eq(bills.id, billId),
    eq(bills.userId, owner.userId),
    eq(bills.projectId, owner.projectId),
    inArray(bills.status, UNPAID_BILL_STATUSES),
  );
  const linkGuard =
    shareTokenHash === undefined
      ? sql`1`
      : sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${owner.projectId} AND ${projects.shareTokenHash} = ${shareTokenHash})`;
  const logged = guardedActivity(
    db,
    {
      userId: owner.userId,
      projectId: owner.projectId,
      actor,
      action: "bill.cancelled",
      subjectType: "bill",
      subjectId: billId,
      data: { number: detail.bill.number, total: detail.bill.total },
    },
    sql`EXISTS (SELECT 1 FROM ${bills} WHERE ${cancellable}) AND ${linkGuard}`,
  );
  const [, , , cancelled, transactions] = await db.batch([
    logged.insert,
    db
      .update(tasks)
      .set({ payment: "unpaid", updatedAt: now })
      .where(
        and(
          eq(tasks.userId, owner.userId),
          eq(tasks.payment, "pending"),
          sql`${tasks.id} IN (SELECT bi.task_id FROM ${billItems} bi WHERE bi.bill_id = ${billId} AND bi.active = 1)`,
          logged.written,
        ),
      ),
    db.update(billItems).set({ active: false }).where(and(eq(billItems.billId, billId), logged.written)),
    db
      .update(bills)
      .set({ status: "cancelled", cancelledAt: now, cancelledBy: actor, paymentClaimId: null, paymentClaimedAt: null, updatedAt: now })
      .where(and(cancellable, logged.written))
      .returning({ id: bills.id }),
    db
      .update(tpayTransactions)
      .set({ status: "cancelled", updatedAt: now })
      .where(and(eq(tpayTransactions.billId, billId), eq(tpayTransactions.status, "pending"), logged.written))
      .returning(CANCELLED_TRANSACTION_COLUMNS),
  ]);
  if (cancelled.length === 0) {
    if (shareTokenHash !== undefined && !(await projectHasLink(db, owner, shareTokenHash))) return "link_changed";
    return "not_unpaid";
  }
  await cancelAtTpay(db, deps, owner.userId, transactions);
  return "done";
}

/**
 * Marks an unpaid bill paid by hand (cash or bank transfer) in one batch. The batch writes a
 * payments row of that method for the bill's total, marks the bill and its tasks paid, and
 * marks its pending Tpay transactions cancelled, which are then cancelled at Tpay (best effort).
 */
export async function markBillPaidByHand(
  db: Db,
  deps: TpayDeps,
  owner: BillOwner,
  billId: string,
  payment: { method: ManualPaymentMethod; note: string | null },
): Promise<BillChangeResult> {
  const detail = await getBillDetail(db, owner, billId);
  if (!detail) return "not_found";
  if (!UNPAID_BILL_STATUSES.includes(detail.bill.status)) return "not_unpaid";

  const now = new Date().toISOString();
  const paymentId = randomId();
  const unpaid = and(eq(bills.id, billId), eq(bills.userId, owner.userId), eq(bills.projectId, owner.projectId), inArray(bills.status, UNPAID_BILL_STATUSES));
  const activity: ActivityInput = {
    userId: owner.userId,
    projectId: owner.projectId,
    actor: "freelancer",
    action: "bill.paid_manually",
    subjectType: "bill",
    subjectId: billId,
    data: { number: detail.bill.number, total: detail.bill.total, method: payment.method, note: payment.note },
  };
  const logged = guardedActivity(db, activity, sql`EXISTS (SELECT 1 FROM ${bills} WHERE ${unpaid})`);
  const results: unknown[] = await db.batch([
    logged.insert,
    ...manualPaymentStatements(db, { owner, billId, paymentId, amount: detail.bill.total, method: payment.method, note: payment.note, now, condition: logged.written }),
    db
      .update(bills)
      .set({ status: "paid", paidVia: payment.method, paidPaymentId: paymentId, paidAt: now, paymentClaimId: null, paymentClaimedAt: null, updatedAt: now })
      .where(and(unpaid, logged.written))
      .returning({ id: bills.id }),
    db
      .update(tpayTransactions)
      .set({ status: "cancelled", updatedAt: now })
      .where(and(eq(tpayTransactions.billId, billId), eq(tpayTransactions.status, "pending"), logged.written))
      .returning(CANCELLED_TRANSACTION_COLUMNS),
  ]);
  const updated = results[3] as { id: string }[];
  if (updated.length === 0) return "not_unpaid";
  await cancelAtTpay(db, deps, owner.userId, results[4] as (TransactionAccountRef & { transactionId: string })[]);
  return "done";
}

// ---------------------------------------------------------------------------------------------
// E-mail

/** True when the address unsubscribed from this project's e-mails (through an invitation e-mail). */
export async function isUnsubscribedAddress(db: Db, owner: BillOwner, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.projectId, owner.projectId),
        eq(invitations.userId, owner.userId),
        eq(invitations.email, email.toLowerCase()),
        sql`${invitations.unsubscribedAt} IS NOT NULL`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Rate limits

/**
 * Returns the minutes, rounded up, until the fixed window of hitRateLimit
 * (app/models/rate-limit.server.ts) that contains `now` ends: how long a refused request waits.
 */
export function minutesUntilRateLimitReset(rule: RateLimitRule, now = Date.now()): number {
  const windowStart = Math.floor(now / 1000 / rule.windowSeconds) * rule.windowSeconds;
  const secondsLeft = windowStart + rule.windowSeconds - now / 1000;
  return Math.max(1, Math.ceil(secondsLeft / 60));
}

/** Returns how long a rate-limited freelancer waits: "za godzinę" or "za 12 minut". */
export function retryWaitText(minutes: number): string {
  return minutes >= 60 ? billsText.retryInHour : billsText.retryInMinutes(minutes, plural(minutes, billsText.minuteForms));
}
