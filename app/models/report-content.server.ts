// Reads what a report shows from the database and rebuilds each task's state at the end of the
// period from the activity log. Every query is scoped by the owner's user id. Loading a report
// takes two D1 round trips, whatever the number of tasks. The first reads the report with its
// project, client and freelancer, and the second is one batch with the tasks, their history, the
// bills' tasks and the fix requests.

import { and, asc, desc, eq, gte, inArray, isNotNull, lt, notLike, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity, billItems, bills, clients, projects, reports, tasks, users, type Task } from "~/db/schema";
import type {
  ReportContent,
  ReportDeletedTask,
  ReportFixRequestRow,
  ReportTaskChange,
  ReportTaskRow,
} from "~/reports/report-content";
import { warsawDay } from "~/utils/dates";
import { periodBounds, type ReportPeriod } from "~/utils/report-period";
import { clientDisplayName } from "./clients.server";
import { summarizeTasks } from "./tasks.server";

/** Actions that do not count as activity of the project when checking a period (the reports' own rows). */
export const NON_PROJECT_ACTIVITY_PREFIXES = ["report."];

/** SQL that is true for the project's own activity rows of this user, without the reports' rows. */
function projectActivity(userId: string, projectId: string): SQL {
  const conditions = [
    eq(activity.userId, userId),
    eq(activity.projectId, projectId),
    ...NON_PROJECT_ACTIVITY_PREFIXES.map((prefix) => notLike(activity.action, `${prefix}%`)),
  ];
  return and(...conditions) as SQL;
}

/**
 * Checks whether the project has activity (an activity row other than the reports' own) in the
 * period. Without any, it also returns the Europe/Warsaw days of the nearest activity before and after it.
 * The three lookups go in one batch and each reads one row through the (project_id, created_at) index.
 */
export async function periodActivity(
  db: Db,
  input: { userId: string; projectId: string; period: ReportPeriod },
): Promise<{ hasActivity: boolean; nearestBefore: string | null; nearestAfter: string | null }> {
  const { from, to } = periodBounds(input.period);
  const own = projectActivity(input.userId, input.projectId);
  const [inside, before, after] = await db.batch([
    db
      .select({ createdAt: activity.createdAt })
      .from(activity)
      .where(and(own, gte(activity.createdAt, from), lt(activity.createdAt, to)))
      .limit(1),
    db
      .select({ createdAt: activity.createdAt })
      .from(activity)
      .where(and(own, lt(activity.createdAt, from)))
      .orderBy(desc(activity.createdAt))
      .limit(1),
    db
      .select({ createdAt: activity.createdAt })
      .from(activity)
      .where(and(own, gte(activity.createdAt, to)))
      .orderBy(asc(activity.createdAt))
      .limit(1),
  ]);
  if (inside.length > 0) return { hasActivity: true, nearestBefore: null, nearestAfter: null };
  return {
    hasActivity: false,
    nearestBefore: before[0] ? warsawDay(before[0].createdAt) : null,
    nearestAfter: after[0] ? warsawDay(after[0].createdAt) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Task history

/** Activity actions that change a task's name, amount, acceptance, work status or payment. */
const TASK_ACTIONS = [
  "task.created",
  "task.updated",
  "task.repriced",
  "task.accepted",
  "task.rejected",
  "task.status_changed",
  "task.deleted",
  "task.paid_manually",
] as const;

/** Activity actions of a bill that change the payment of every task on it (bill_items, active or not). */
const BILL_ACTIONS = ["bill.paid", "bill.paid_manually", "bill.refunded"] as const;

/** Fix request actions that record how the freelancer handled a request, with the report's outcome. */
const FIX_REQUEST_OUTCOMES = {
  "fix_request.in_scope": "in_scope",
  "fix_request.priced": "priced",
  "fix_request.declined": "declined",
  "fix_request.done": "done",
} as const satisfies Record<string, ReportFixRequestRow["outcome"]>;

type Data = Record<string, unknown>;

/** One activity row that changed a task; a bill's row appears once for each of its tasks. */
interface TaskEvent {
  action: string;
  at: string;
  data: Data;
}

/** A task's values as the report shows them at one instant. */
interface TaskState {
  name: string;
  amount: number;
  acceptance: Task["acceptance"];
  workStatus: Task["workStatus"];
  payment: ReportTaskRow["payment"];
}

const WORK_STATUSES: readonly string[] = ["todo", "in_progress", "done"];
const ACCEPTANCES: readonly string[] = ["not_required", "pending", "accepted", "rejected"];

function parseData(json: string): Data {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" ? (value as Data) : {};
  } catch {
    return {};
  }
}

function textOf(data: Data, key: string): string | undefined {
  const value = data[key];
  return typeof value === "string" ? value : undefined;
}

/** Reads an integer (grosze, a number) from the data; any other value counts as missing. */
function numberOf(data: Data, key: string): number | undefined {
  const value = data[key];
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

function workStatusOf(data: Data, key: string): Task["workStatus"] | undefined {
  const value = textOf(data, key);
  return value !== undefined && WORK_STATUSES.includes(value) ? (value as Task["workStatus"]) : undefined;
}

function acceptanceOf(data: Data, key: string): Task["acceptance"] | undefined {
  const value = textOf(data, key);
  return value !== undefined && ACCEPTANCES.includes(value) ? (value as Task["acceptance"]) : undefined;
}

function paymentMethodOf(event: TaskEvent): "tpay" | "cash" | "transfer" {
  if (event.action === "bill.paid") return "tpay";
  return event.data.method === "transfer" ? "transfer" : "cash";
}

/** Returns the bill number as text. A task marked paid by hand has a bill too, made for that payment. */
function billNumberOf(data: Data): string | null {
  const number = numberOf(data, "number");
  return number === undefined ? null : String(number);
}

/** Returns the acceptance a created or edited task gets: pending when it needs the client's acceptance. */
function freshAcceptance(requiresAcceptance: unknown): Task["acceptance"] {
  return requiresAcceptance === true ? "pending" : "not_required";
}

/** Applies one event to the task's state as the model function that wrote the event changed the row. */
function applyEvent(state: TaskState, event: TaskEvent): void {
  const { data } = event;
  switch (event.action) {
    case "task.updated":
    case "task.repriced":
      state.name = textOf(data, "name") ?? state.name;
      state.amount = numberOf(data, "amount") ?? state.amount;
      state.acceptance = freshAcceptance(data.requiresAcceptance);
      break;
    case "task.accepted":
      state.acceptance = "accepted";
      break;
    case "task.rejected":
      state.acceptance = "rejected";
      break;
    case "task.status_changed":
      state.workStatus = workStatusOf(data, "to") ?? state.workStatus;
      break;
    case "task.paid_manually":
    case "bill.paid":
    case "bill.paid_manually":
      state.payment = "paid";
      break;
    case "bill.refunded":
      state.payment = "unpaid";
      break;
  }
}

/**
 * Takes one event back from the task's state, from the previous values the event recorded. Used
 * for tasks with no task.created row, which start from their current row. A value the row did
 * not record (older task.updated rows have no previousAcceptance) stays as it is.
 */
function undoEvent(state: TaskState, event: TaskEvent): void {
  const { data } = event;
  switch (event.action) {
    case "task.updated":
    case "task.repriced":
      state.name = textOf(data, "previousName") ?? state.name;
      state.amount = numberOf(data, "previousAmount") ?? state.amount;
      state.acceptance = acceptanceOf(data, "previousAcceptance") ?? state.acceptance;
      break;
    case "task.accepted":
    case "task.rejected":
      state.acceptance = "pending";
      break;
    case "task.status_changed":
      state.workStatus = workStatusOf(data, "from") ?? state.workStatus;
      break;
    case "task.paid_manually":
    case "bill.paid":
    case "bill.paid_manually":
      state.payment = "unpaid";
      break;
    case "bill.refunded":
      state.payment = "paid";
      break;
  }
}

/** Lists the report's changes for one event of the period. A deletion has none, because deleted tasks are listed apart. */
function changesOf(event: TaskEvent, stateAfter: TaskState | null): ReportTaskChange[] {
  const { data, at } = event;
  switch (event.action) {
    case "task.created":
      return [{ kind: "created", at, amount: numberOf(data, "amount") ?? stateAfter?.amount ?? 0, requiresAcceptance: data.requiresAcceptance === true }];
    case "task.updated":
    case "task.repriced": {
      const changes: ReportTaskChange[] = [];
      const amount = numberOf(data, "amount");
      const previousAmount = numberOf(data, "previousAmount");
      if (amount !== undefined && previousAmount !== undefined && amount !== previousAmount) {
        changes.push({ kind: "repriced", at, previousAmount, amount });
      }
      const name = textOf(data, "name");
      const previousName = textOf(data, "previousName");
      if (name !== undefined && previousName !== undefined && name !== previousName) {
        changes.push({ kind: "renamed", at, previousName, name });
      }
      if (data.requiresAcceptance === true) changes.push({ kind: "acceptance_requested", at });
      return changes;
    }
    case "task.accepted":
      return [{ kind: "accepted", at, amount: numberOf(data, "amount") ?? stateAfter?.amount ?? 0 }];
    case "task.rejected":
      return [{ kind: "rejected", at, amount: numberOf(data, "amount") ?? stateAfter?.amount ?? 0, comment: textOf(data, "comment") ?? null }];
    case "task.status_changed": {
      const from = workStatusOf(data, "from");
      const to = workStatusOf(data, "to");
      return from && to ? [{ kind: "status_changed", at, from, to }] : [];
    }
    case "task.paid_manually":
    case "bill.paid":
    case "bill.paid_manually":
      return [{ kind: "paid", at, method: paymentMethodOf(event), billNumber: billNumberOf(data) }];
    case "bill.refunded":
      return [{ kind: "refunded", at, billNumber: billNumberOf(data) }];
    default:
      return [];
  }
}

type CurrentTask = Pick<Task, "id" | "name" | "amount" | "acceptance" | "workStatus" | "payment" | "createdAt">;

function stateOfRow(row: CurrentTask): TaskState {
  return {
    name: row.name,
    amount: row.amount,
    acceptance: row.acceptance,
    workStatus: row.workStatus,
    // "pending" means a Tpay payment was started and not finished: not paid.
    payment: row.payment === "paid" ? "paid" : "unpaid",
  };
}

/**
 * Rebuilds one task at the end of the period [from, to) from its events (oldest first), and lists
 * its changes within the period. Returns null when the task did not exist at the end: created
 * later, deleted before, or unknown. A task with a task.created row is replayed forward from it.
 * A task without one (rows written before the log recorded it) starts from its current row and
 * has the events from the end of the period on taken back.
 */
function rebuildTask(
  id: string,
  events: TaskEvent[],
  current: CurrentTask | undefined,
  bounds: { from: string; to: string },
): ReportTaskRow | null {
  const created = events.find((event) => event.action === "task.created");
  const changes: ReportTaskChange[] = [];
  let state: TaskState | null = null;

  if (created) {
    for (const event of events) {
      if (event.at >= bounds.to) break;
      if (event.action === "task.created") {
        state = {
          name: textOf(event.data, "name") ?? current?.name ?? "",
          amount: numberOf(event.data, "amount") ?? current?.amount ?? 0,
          acceptance: freshAcceptance(event.data.requiresAcceptance),
          workStatus: "todo",
          payment: "unpaid",
        };
      } else if (event.action === "task.deleted") {
        state = null;
      } else if (state) {
        applyEvent(state, event);
      }
      if (event.at >= bounds.from) changes.push(...changesOf(event, state));
    }
  } else if (current && current.createdAt < bounds.to) {
    state = stateOfRow(current);
    for (const event of [...events].reverse()) {
      if (event.at < bounds.to) break;
      undoEvent(state, event);
    }
    for (const event of events) {
      if (event.at >= bounds.from && event.at < bounds.to) changes.push(...changesOf(event, state));
    }
  }

  if (!state) return null;
  return { id, ...state, changes };
}

// ---------------------------------------------------------------------------------------------
// Loading

/** Loads the content of the user's report for the period in its row; null when the report is not the user's. */
export async function loadReportContent(db: Db, input: { userId: string; reportId: string; now: Date }): Promise<ReportContent | null> {
  const { userId } = input;
  const [header] = await db
    .select({
      periodStart: reports.periodStart,
      periodEnd: reports.periodEnd,
      projectId: projects.id,
      projectName: projects.name,
      deadline: projects.deadline,
      projectCreatedAt: projects.createdAt,
      clientName: clients.name,
      clientEmail: clients.email,
      clientNip: clients.nip,
      clientAddress: clients.address,
      freelancerName: users.name,
      freelancerEmail: users.email,
    })
    .from(reports)
    .innerJoin(projects, and(eq(projects.id, reports.projectId), eq(projects.userId, userId)))
    .innerJoin(clients, and(eq(clients.id, projects.clientId), eq(clients.userId, userId)))
    .innerJoin(users, eq(users.id, reports.userId))
    .where(and(eq(reports.id, input.reportId), eq(reports.userId, userId)))
    .limit(1);
  if (!header) return null;

  const period: ReportPeriod = { start: header.periodStart, end: header.periodEnd };
  const bounds = periodBounds(period);
  const { projectId } = header;

  const [taskRows, historyRows, billTaskRows, fixRequestRows] = await db.batch([
    db
      .select({
        id: tasks.id,
        name: tasks.name,
        amount: tasks.amount,
        acceptance: tasks.acceptance,
        workStatus: tasks.workStatus,
        payment: tasks.payment,
        createdAt: tasks.createdAt,
      })
      .from(tasks)
      .where(and(eq(tasks.projectId, projectId), eq(tasks.userId, userId)))
      .orderBy(asc(tasks.position), asc(tasks.createdAt)),
    // The whole history, also after the period: tasks without a task.created row are rebuilt
    // backwards from their current row.
    db
      .select({ action: activity.action, subjectId: activity.subjectId, data: activity.data, createdAt: activity.createdAt })
      .from(activity)
      .where(
        and(eq(activity.userId, userId), eq(activity.projectId, projectId), inArray(activity.action, [...TASK_ACTIONS, ...BILL_ACTIONS])),
      )
      // rowid keeps the order of rows written in the same millisecond (one batch).
      .orderBy(asc(activity.createdAt), asc(sql`rowid`)),
    db
      .select({ billId: billItems.billId, taskId: billItems.taskId })
      .from(billItems)
      .innerJoin(bills, eq(bills.id, billItems.billId))
      .where(and(eq(bills.projectId, projectId), eq(bills.userId, userId), isNotNull(billItems.taskId))),
    db
      .select({ action: activity.action, subjectId: activity.subjectId, data: activity.data, createdAt: activity.createdAt })
      .from(activity)
      .where(
        and(
          eq(activity.userId, userId),
          eq(activity.projectId, projectId),
          inArray(activity.action, Object.keys(FIX_REQUEST_OUTCOMES)),
          gte(activity.createdAt, bounds.from),
          lt(activity.createdAt, bounds.to),
        ),
      )
      .orderBy(asc(activity.createdAt), asc(sql`rowid`)),
  ]);

  const tasksOfBill = new Map<string, string[]>();
  for (const row of billTaskRows) {
    if (!row.taskId) continue;
    const list = tasksOfBill.get(row.billId) ?? [];
    list.push(row.taskId);
    tasksOfBill.set(row.billId, list);
  }

  const eventsOfTask = new Map<string, TaskEvent[]>();
  const deletedTasks: ReportDeletedTask[] = [];
  for (const row of historyRows) {
    if (!row.subjectId) continue;
    const event: TaskEvent = { action: row.action, at: row.createdAt, data: parseData(row.data) };
    const taskIds = row.action.startsWith("bill.") ? (tasksOfBill.get(row.subjectId) ?? []) : [row.subjectId];
    for (const taskId of taskIds) {
      const list = eventsOfTask.get(taskId) ?? [];
      list.push(event);
      eventsOfTask.set(taskId, list);
    }
    if (row.action === "task.deleted" && row.createdAt >= bounds.from && row.createdAt < bounds.to) {
      deletedTasks.push({ name: textOf(event.data, "name") ?? "", amount: numberOf(event.data, "amount") ?? 0, at: row.createdAt });
    }
  }

  const reportTasks: ReportTaskRow[] = [];
  for (const row of taskRows) {
    const rebuilt = rebuildTask(row.id, eventsOfTask.get(row.id) ?? [], row, bounds);
    if (rebuilt) reportTasks.push(rebuilt);
  }
  // Tasks deleted after the period existed at its end. Their row and position are gone, so they
  // follow the current tasks in the order they were created (their events come oldest first).
  const currentIds = new Set(taskRows.map((row) => row.id));
  for (const [taskId, events] of eventsOfTask) {
    if (currentIds.has(taskId)) continue;
    const rebuilt = rebuildTask(taskId, events, undefined, bounds);
    if (rebuilt) reportTasks.push(rebuilt);
  }

  return {
    reportId: input.reportId,
    period,
    generatedAt: input.now.toISOString(),
    freelancer: { name: header.freelancerName, email: header.freelancerEmail },
    client: { name: clientDisplayName(header.clientName), email: header.clientEmail, nip: header.clientNip, address: header.clientAddress },
    project: { name: header.projectName, deadline: header.deadline, createdAt: header.projectCreatedAt },
    tasks: reportTasks,
    deletedTasks,
    fixRequests: fixRequestRows.map(fixRequestRow),
    totals: summarizeTasks(reportTasks),
  };
}

function fixRequestRow(row: { action: string; data: string; createdAt: string }): ReportFixRequestRow {
  const data = parseData(row.data);
  const outcome = FIX_REQUEST_OUTCOMES[row.action as keyof typeof FIX_REQUEST_OUTCOMES];
  return {
    number: numberOf(data, "number") ?? 0,
    title: textOf(data, "title") ?? "",
    outcome,
    at: row.createdAt,
    // The task the fix was priced as, or the existing task it is done within.
    taskName: outcome === "priced" || outcome === "in_scope" ? (textOf(data, "taskName") ?? null) : null,
    amount: outcome === "priced" ? (numberOf(data, "amount") ?? null) : null,
  };
}
