import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity, billItems, projects, tasks, taskVersions, type Task } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";
import { guardedActivity } from "./activity-guard.server";
import { activityInsert, activityInsertWhen } from "./activity.server";
import { notificationInsertWhen } from "./notifications.server";
import { readPlan } from "~/db/read-plan.server";

export type WorkStatus = Task["workStatus"];
export type Acceptance = Task["acceptance"];

export const WORK_STATUSES: WorkStatus[] = ["todo", "in_progress", "done"];

export interface TaskInput {
  name: string;
  amount: number;
  requiresAcceptance: boolean;
}

export interface ProjectSummary {
  /** Agreed amounts: accepted by the client, or not needing acceptance. */
  accepted: number;
  pending: number;
  rejected: number;
  done: number;
  paid: number;
  /** Agreed amounts not yet paid. */
  unpaid: number;
  /** Tasks that count towards progress: every task except rejected ones. */
  taskCount: number;
  /** Done tasks among those counted in `taskCount`. */
  doneCount: number;
}

export function isAgreed(task: Pick<Task, "acceptance">): boolean {
  return task.acceptance === "accepted" || task.acceptance === "not_required";
}

/**
 * Totals for "Podsumowanie", in grosze, and the progress counts. Rejected tasks count only as
 * rejected: they are left out of progress too, as listProjects does in SQL.
 */
export function summarizeTasks(list: Pick<Task, "amount" | "acceptance" | "workStatus" | "payment">[]): ProjectSummary {
  const summary: ProjectSummary = { accepted: 0, pending: 0, rejected: 0, done: 0, paid: 0, unpaid: 0, taskCount: 0, doneCount: 0 };
  for (const task of list) {
    if (task.acceptance === "rejected") {
      summary.rejected += task.amount;
      continue;
    }
    summary.taskCount += 1;
    if (task.acceptance === "pending") summary.pending += task.amount;
    if (isAgreed(task)) summary.accepted += task.amount;
    if (task.workStatus === "done") {
      summary.done += task.amount;
      summary.doneCount += 1;
    }
    if (task.payment === "paid") summary.paid += task.amount;
    else if (isAgreed(task)) summary.unpaid += task.amount;
  }
  return summary;
}

/** Tasks per page of a project's task list, on the freelancer's project page and the client page. */
export const TASKS_PAGE_SIZE = 50;

/** The project whose tasks are read; both ids must match, so another freelancer's project reads as empty. */
export interface TaskOwner {
  userId: string;
  projectId: string;
}

/** Returns the number of pages of a list of `total` tasks; an empty list still has page 1. */
export function taskPageCount(total: number): number {
  return Math.max(1, Math.ceil(total / TASKS_PAGE_SIZE));
}

/**
 * Plans the reads of one page of a project's task list, in task order (position, then creation
 * time), with the summary of all the project's tasks computed in SQL. A requested page past the
 * last one reads the last page: both queries run in one D1 batch, so the count that clamps the
 * page and the rows of the page come from the same state of the database.
 */
export function taskListPlan(db: Db, owner: TaskOwner, requestedPage: number) {
  const { userId, projectId } = owner;
  const ownTasks = and(eq(tasks.projectId, projectId), eq(tasks.userId, userId));
  const agreed = sql`${tasks.acceptance} IN ('accepted', 'not_required')`;
  const counted = sql`${tasks.acceptance} <> 'rejected'`;
  const sumWhen = (condition: ReturnType<typeof sql>, alias: string) =>
    sql<number>`COALESCE(SUM(CASE WHEN ${condition} THEN ${tasks.amount} END), 0)`.as(alias);
  const countWhen = (condition: ReturnType<typeof sql>, alias: string) =>
    sql<number>`COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`.as(alias);

  // The same rules as summarizeTasks: a rejected task counts only as rejected.
  const summaryQuery = db
    .select({
      total: sql<number>`COUNT(*)`.as("task_total"),
      accepted: sumWhen(agreed, "sum_accepted"),
      pending: sumWhen(sql`${tasks.acceptance} = 'pending'`, "sum_pending"),
      rejected: sumWhen(sql`${tasks.acceptance} = 'rejected'`, "sum_rejected"),
      done: sumWhen(sql`${counted} AND ${tasks.workStatus} = 'done'`, "sum_done"),
      paid: sumWhen(sql`${counted} AND ${tasks.payment} = 'paid'`, "sum_paid"),
      unpaid: sumWhen(sql`${agreed} AND ${tasks.payment} <> 'paid'`, "sum_unpaid"),
      taskCount: countWhen(counted, "count_counted"),
      doneCount: countWhen(sql`${counted} AND ${tasks.workStatus} = 'done'`, "count_done"),
      pendingCount: countWhen(sql`${tasks.acceptance} = 'pending'`, "count_pending"),
    })
    .from(tasks)
    .where(ownTasks);

  // The offset is computed in SQL from the task count, so that a page past the end reads the
  // last page in this same batch. The subquery uses its own alias, because drizzle prints the
  // outer columns without the table name.
  // D1 binds JavaScript numbers as REAL, which would turn the division below into a fractional
  // one, so the page size is written into the SQL as an integer literal (it is a constant) and
  // the requested page is cast.
  const pageSize = sql.raw(String(TASKS_PAGE_SIZE));
  const lastPage = sql`MAX(1, ((SELECT COUNT(*) FROM ${tasks} c WHERE c.project_id = ${projectId} AND c.user_id = ${userId}) + ${pageSize} - 1) / ${pageSize})`;
  const offset = sql`(MIN(CAST(${requestedPage} AS INTEGER), ${lastPage}) - 1) * ${pageSize}`;
  const pageQuery = db
    .select()
    .from(tasks)
    .where(
      and(
        ownTasks,
        sql`${tasks.id} IN (SELECT p.id FROM ${tasks} p WHERE p.project_id = ${projectId} AND p.user_id = ${userId}
          ORDER BY p.position, p.created_at LIMIT ${pageSize} OFFSET ${offset})`,
      ),
    )
    .orderBy(asc(tasks.position), asc(tasks.createdAt));

  return readPlan([summaryQuery, pageQuery], ([summaryRows, pageRows]) => {
    const row = summaryRows[0];
    const total = row?.total ?? 0;
    const pageCount = taskPageCount(total);
    const summary: ProjectSummary = {
      accepted: row?.accepted ?? 0,
      pending: row?.pending ?? 0,
      rejected: row?.rejected ?? 0,
      done: row?.done ?? 0,
      paid: row?.paid ?? 0,
      unpaid: row?.unpaid ?? 0,
      taskCount: row?.taskCount ?? 0,
      doneCount: row?.doneCount ?? 0,
    };
    return {
      tasks: pageRows,
      summary,
      /** The page shown: the requested one, or the last one when the request was past it. */
      page: Math.min(requestedPage, pageCount),
      pageCount,
      /** Every task of the project, rejected ones included. */
      total,
      pendingCount: row?.pendingCount ?? 0,
    };
  });
}

/** Finds one task of the project; null when the id is not a task of that project and freelancer. */
export async function findProjectTask(db: Db, owner: TaskOwner, taskId: string): Promise<Task | null> {
  const task = await db.query.tasks.findFirst({
    where: and(eq(tasks.id, taskId), eq(tasks.projectId, owner.projectId), eq(tasks.userId, owner.userId)),
  });
  return task ?? null;
}

/** Returns the page of the task list that shows the task, or null when it is not a task of the project. */
export async function findTaskPage(db: Db, owner: TaskOwner, taskId: string): Promise<number | null> {
  const [row] = await db
    .select({
      // Tasks before this one in the order of taskListPlan's pages. The outer columns are
      // qualified by hand, because drizzle prints them bare and they would name the inner alias.
      before: sql<number>`(SELECT COUNT(*) FROM ${tasks} b WHERE b.project_id = ${owner.projectId} AND b.user_id = ${owner.userId}
        AND (b.position < ${tasks}.position OR (b.position = ${tasks}.position AND b.created_at < ${tasks}.created_at)))`.as("tasks_before"),
    })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), eq(tasks.projectId, owner.projectId), eq(tasks.userId, owner.userId)));
  return row ? Math.floor(row.before / TASKS_PAGE_SIZE) + 1 : null;
}

/** Plans the list of every task of the user's project, in the project's order. */
export function projectTasksPlan(db: Db, userId: string, projectId: string) {
  const query = db
    .select()
    .from(tasks)
    .where(and(eq(tasks.projectId, projectId), eq(tasks.userId, userId)))
    .orderBy(asc(tasks.position), asc(tasks.createdAt));
  return readPlan([query], ([rows]) => rows);
}

export async function getTask(db: Db, userId: string, taskId: string): Promise<Task | undefined> {
  return db.query.tasks.findFirst({ where: and(eq(tasks.id, taskId), eq(tasks.userId, userId)) });
}

/** Plans the read of one task of the user's project; undefined when it is not a task of that project. */
export function projectTaskPlan(db: Db, userId: string, projectId: string, taskId: string) {
  const query = db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), eq(tasks.projectId, projectId), eq(tasks.userId, userId)))
    .limit(1);
  return readPlan([query], ([rows]) => rows.at(0));
}

/** Plans the list of every priced version of a task, newest first (for its history). */
export function taskVersionsPlan(db: Db, userId: string, taskId: string) {
  // Only task_versions columns are selected, so the batch's rows keyed by column name do not collide.
  const query = db
    .select({ version: taskVersions })
    .from(taskVersions)
    .innerJoin(tasks, eq(tasks.id, taskVersions.taskId))
    .where(and(eq(taskVersions.taskId, taskId), eq(tasks.userId, userId)))
    .orderBy(desc(taskVersions.version));
  return readPlan([query], ([rows]) => rows.map((row) => row.version));
}

/**
 * Adds a task at the end of the project's list. The caller has checked that the project is the
 * user's and is active.
 * NOTE: unlike the other task changes, the insert does not re-check the project's status inside
 * its batch, so a project completed at the same moment can still get this task.
 */
export async function addTask(db: Db, userId: string, projectId: string, input: TaskInput): Promise<Task> {
  const id = randomId();
  const now = new Date().toISOString();
  const acceptance: Acceptance = input.requiresAcceptance ? "pending" : "not_required";
  const [[created]] = await db.batch([
    db
      .insert(tasks)
      .values({
        id,
        projectId,
        userId,
        name: input.name,
        amount: input.amount,
        requiresAcceptance: input.requiresAcceptance,
        acceptance,
        position: sql`(SELECT COALESCE(MAX(${tasks.position}), 0) + 1 FROM ${tasks} WHERE ${tasks.projectId} = ${projectId})`,
        createdAt: now,
        updatedAt: now,
      })
      .returning(),
    db.insert(taskVersions).values({
      id: randomId(),
      taskId: id,
      version: 1,
      name: input.name,
      amount: input.amount,
      requiresAcceptance: input.requiresAcceptance,
      decision: acceptance,
      createdAt: now,
    }),
    activityInsert(db, {
      userId,
      projectId,
      actor: "freelancer",
      action: "task.created",
      subjectType: "task",
      subjectId: id,
      data: { name: input.name, amount: input.amount, requiresAcceptance: input.requiresAcceptance },
    }),
    db.update(projects).set({ updatedAt: now }).where(eq(projects.id, projectId)),
  ]);
  return created;
}

/** Reason a freelancer's task change wrote nothing, shared by the task change functions. */
type TaskWriteFailure = "not_found" | "locked" | "project_completed" | "conflict";

/** SQL that is true while the task's project is active: a completed project's tasks are read-only. */
function projectIsActive(projectId: string) {
  return sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${projectId} AND ${projects.status} = 'active')`;
}

/** SQL that is true while the task is on a bill that is open, sent, awaiting payment or paid. */
function taskOnActiveBill(taskId: string) {
  return sql`EXISTS (SELECT 1 FROM ${billItems} WHERE ${billItems.taskId} = ${taskId} AND ${billItems.active} = 1)`;
}

/**
 * SQL that is true while the task is still the unpaid version that was read, on no live bill
 * (a bill keeps its tasks' names and amounts), in an active project.
 */
function taskUnchanged(task: Task) {
  return sql`EXISTS (SELECT 1 FROM ${tasks} WHERE ${tasks.id} = ${task.id} AND ${tasks.userId} = ${task.userId}
      AND ${tasks.version} = ${task.version} AND ${tasks.payment} = 'unpaid')
    AND NOT ${taskOnActiveBill(task.id)}
    AND ${projectIsActive(task.projectId)}`;
}

/** Finds out why a guarded change of `task` wrote nothing, by reading the task and its project again. */
async function explainSkippedWrite(db: Db, task: Task): Promise<TaskWriteFailure> {
  const [current, project, billed] = await Promise.all([
    getTask(db, task.userId, task.id),
    db.query.projects.findFirst({ where: and(eq(projects.id, task.projectId), eq(projects.userId, task.userId)) }),
    db.select({ id: billItems.id }).from(billItems).where(and(eq(billItems.taskId, task.id), eq(billItems.active, true))).limit(1),
  ]);
  if (!current) return "not_found";
  if (project?.status !== "active") return "project_completed";
  // "locked": paid, payment pending, or on a bill (the caller names the bill: findTaskBill).
  if (current.payment !== "unpaid" || billed.length > 0) return "locked";
  return "conflict";
}

export type UpdateTaskResult = "updated" | "unchanged" | "requirement_locked" | TaskWriteFailure;

/**
 * Edits a task's name, amount or acceptance requirement. A change of name or amount of a task
 * that needs acceptance creates a new priced version and sends it to the client again, whatever
 * they decided before. The previous versions keep who decided what and when. Once a task needs
 * acceptance it keeps needing it ("requirement_locked"): otherwise dropping the requirement would
 * turn a pending or rejected price into an agreed one without the client. Paid or billed tasks
 * and the tasks of a completed project cannot be edited.
 */
export async function updateTask(db: Db, userId: string, taskId: string, input: TaskInput): Promise<UpdateTaskResult> {
  const task = await getTask(db, userId, taskId);
  if (!task) return "not_found";
  if (task.payment !== "unpaid") return "locked";
  if (task.requiresAcceptance && !input.requiresAcceptance) return "requirement_locked";

  const priceChanged = task.name !== input.name || task.amount !== input.amount;
  const requirementTurnedOn = !task.requiresAcceptance && input.requiresAcceptance;
  if (!priceChanged && !requirementTurnedOn) return "unchanged";

  const acceptance: Acceptance = input.requiresAcceptance ? "pending" : "not_required";
  const now = new Date().toISOString();
  const version = task.version + 1;
  const logged = guardedActivity(
    db,
    {
      userId,
      projectId: task.projectId,
      actor: "freelancer",
      action: task.amount !== input.amount ? "task.repriced" : "task.updated",
      subjectType: "task",
      subjectId: taskId,
      data: {
        name: input.name,
        previousName: task.name,
        amount: input.amount,
        previousAmount: task.amount,
        requiresAcceptance: input.requiresAcceptance,
        previousAcceptance: task.acceptance,
        requirementTurnedOn,
        // The client had decided on the previous version and is asked again.
        backForAcceptance: task.acceptance === "accepted" || task.acceptance === "rejected",
      },
    },
    taskUnchanged(task),
  );
  const results = await db.batch([
    logged.insert,
    db
      .update(tasks)
      .set({
        name: input.name,
        amount: input.amount,
        requiresAcceptance: input.requiresAcceptance,
        acceptance,
        version,
        updatedAt: now,
      })
      .where(and(eq(tasks.id, taskId), eq(tasks.userId, userId), eq(tasks.version, task.version), logged.written))
      .returning({ id: tasks.id }),
    // The insert builder (not db.run, which drizzle-orm 0.45 cannot batch on D1) needs every
    // column of task_versions in table order: decided_by, decided_at and comment start empty.
    db
      .insert(taskVersions)
      .select(
        sql`SELECT ${randomId()}, ${taskId}, ${version}, ${input.name}, ${input.amount}, ${input.requiresAcceptance ? 1 : 0},
               ${acceptance}, NULL, NULL, NULL, ${now}
        WHERE ${logged.written}`,
      )
      .onConflictDoNothing(),
  ]);
  if (results[1].length === 0) return explainSkippedWrite(db, task);
  return "updated";
}

export async function setTaskStatus(
  db: Db,
  userId: string,
  taskId: string,
  status: WorkStatus,
): Promise<"updated" | "unchanged" | "not_found" | "project_completed"> {
  const task = await getTask(db, userId, taskId);
  if (!task) return "not_found";
  if (task.workStatus === status) return "unchanged";
  const now = new Date().toISOString();
  const logged = guardedActivity(
    db,
    {
      userId,
      projectId: task.projectId,
      actor: "freelancer",
      action: "task.status_changed",
      subjectType: "task",
      subjectId: taskId,
      data: { name: task.name, from: task.workStatus, to: status },
    },
    sql`EXISTS (SELECT 1 FROM ${tasks} WHERE ${tasks.id} = ${taskId} AND ${tasks.userId} = ${userId} AND ${tasks.workStatus} = ${task.workStatus})
      AND ${projectIsActive(task.projectId)}`,
  );
  const [, updated] = await db.batch([
    logged.insert,
    db
      .update(tasks)
      .set({ workStatus: status, updatedAt: now })
      .where(and(eq(tasks.id, taskId), eq(tasks.userId, userId), logged.written))
      .returning({ id: tasks.id }),
  ]);
  if (updated.length > 0) return "updated";
  const reason = await explainSkippedWrite(db, task);
  return reason === "not_found" || reason === "project_completed" ? reason : "unchanged";
}

/**
 * Swaps a task with its neighbour above or below. The swap happens only if both tasks are still
 * where they were read, so two moves of the same task at once cannot leave two tasks at one
 * position: the second finds the positions changed and returns "conflict".
 */
export async function moveTask(
  db: Db,
  userId: string,
  taskId: string,
  direction: "up" | "down",
  /** The position the freelancer's page showed; a double click sends it twice, and the second is a conflict. */
  expectedPosition?: number,
): Promise<"moved" | "edge" | "not_found" | "conflict" | "project_completed"> {
  const task = await getTask(db, userId, taskId);
  if (!task) return "not_found";
  if (expectedPosition !== undefined && task.position !== expectedPosition) return "conflict";
  const neighbour = await db.query.tasks.findFirst({
    where: and(
      eq(tasks.projectId, task.projectId),
      eq(tasks.userId, userId),
      direction === "up" ? lt(tasks.position, task.position) : gt(tasks.position, task.position),
    ),
    orderBy: direction === "up" ? [desc(tasks.position)] : [asc(tasks.position)],
  });
  if (!neighbour) return "edge";
  const now = new Date().toISOString();
  const logged = guardedActivity(
    db,
    {
      userId,
      projectId: task.projectId,
      actor: "freelancer",
      action: "task.reordered",
      subjectType: "task",
      subjectId: taskId,
      data: { name: task.name, direction },
    },
    sql`(SELECT COUNT(*) FROM ${tasks} WHERE ${tasks.userId} = ${userId} AND (
          (${tasks.id} = ${task.id} AND ${tasks.position} = ${task.position})
          OR (${tasks.id} = ${neighbour.id} AND ${tasks.position} = ${neighbour.position}))) = 2
      AND ${projectIsActive(task.projectId)}`,
  );
  const [, moved] = await db.batch([
    logged.insert,
    db
      .update(tasks)
      .set({ position: neighbour.position, updatedAt: now })
      .where(and(eq(tasks.id, task.id), eq(tasks.userId, userId), logged.written))
      .returning({ id: tasks.id }),
    db
      .update(tasks)
      .set({ position: task.position, updatedAt: now })
      .where(and(eq(tasks.id, neighbour.id), eq(tasks.userId, userId), logged.written)),
  ]);
  if (moved.length > 0) return "moved";
  const reason = await explainSkippedWrite(db, task);
  return reason === "not_found" || reason === "project_completed" ? reason : "conflict";
}

/** True when this freelancer's project's activity log records that the task was deleted. */
export async function wasTaskDeleted(db: Db, userId: string, projectId: string, taskId: string): Promise<boolean> {
  const rows = await db
    .select({ id: activity.id })
    .from(activity)
    .where(
      and(
        eq(activity.userId, userId),
        eq(activity.projectId, projectId),
        eq(activity.action, "task.deleted"),
        eq(activity.subjectId, taskId),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export type DeleteTaskResult = "deleted" | "already_deleted" | TaskWriteFailure;

/**
 * Deletes an unpaid task that is on no bill (its versions go with it); the activity log keeps
 * its name and amount.
 * When two requests delete the same task at once, one deletes it and writes the activity row,
 * and the other returns "already_deleted" and writes nothing.
 */
export async function deleteTask(db: Db, userId: string, taskId: string): Promise<DeleteTaskResult> {
  const task = await getTask(db, userId, taskId);
  if (!task) return "not_found";
  if (task.payment !== "unpaid") return "locked";
  const logged = guardedActivity(
    db,
    {
      userId,
      projectId: task.projectId,
      actor: "freelancer",
      action: "task.deleted",
      subjectType: "task",
      subjectId: taskId,
      data: { name: task.name, amount: task.amount },
    },
    taskUnchanged(task),
  );
  const [, deleted] = await db.batch([
    logged.insert,
    db
      .delete(tasks)
      .where(and(eq(tasks.id, taskId), eq(tasks.userId, userId), logged.written))
      .returning({ id: tasks.id }),
  ]);
  if (deleted.length > 0) return "deleted";
  const reason = await explainSkippedWrite(db, task);
  return reason === "not_found" ? "already_deleted" : reason;
}

export type DecisionResult = "decided" | "not_pending" | "stale" | "not_found";

/**
 * Records the client's acceptance or rejection of a task's current priced version. The client
 * decides on the version they saw: if the freelancer re-priced the task in between, nothing
 * changes and the client is shown the new amount. A recorded decision also writes the
 * freelancer's task_accepted / task_rejected notification with the id `notificationId`: after
 * "decided", pass that id to dispatchNotifications. With `project.shareTokenHash` (the client
 * link's hash when the request read the project) nothing is recorded, and the result is
 * "not_found", once the project no longer has that hash.
 */
export async function decideTask(
  db: Db,
  project: { id: string; userId: string; shareTokenHash?: string | null },
  taskId: string,
  seenVersion: number,
  decision: "accepted" | "rejected",
  comment: string | null,
  notificationId: string = randomId(),
): Promise<DecisionResult> {
  const task = await db.query.tasks.findFirst({
    where: and(eq(tasks.id, taskId), eq(tasks.projectId, project.id), eq(tasks.userId, project.userId)),
  });
  if (!task) return "not_found";
  if (task.version !== seenVersion) return "stale";
  if (task.acceptance !== "pending") return "not_pending";

  const now = new Date().toISOString();
  const activityId = randomId();
  // A decision sent through the client link is stored only while the project still has that
  // link, so one under way when the link was disabled or regenerated changes nothing.
  const linkStillOpen =
    project.shareTokenHash === undefined
      ? undefined
      : sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${project.id} AND ${projects.shareTokenHash} = ${project.shareTokenHash ?? ""})`;
  const [updated] = await db.batch([
    db
      .update(tasks)
      .set({ acceptance: decision, updatedAt: now })
      .where(
        and(
          eq(tasks.id, taskId),
          eq(tasks.projectId, project.id),
          eq(tasks.version, seenVersion),
          eq(tasks.acceptance, "pending"),
          linkStillOpen,
        ),
      )
      .returning({ id: tasks.id }),
    db
      .update(taskVersions)
      .set({ decision, decidedBy: "client", decidedAt: now, comment })
      .where(
        and(
          eq(taskVersions.taskId, taskId),
          eq(taskVersions.version, seenVersion),
          eq(taskVersions.decision, "pending"),
          sql`EXISTS (SELECT 1 FROM ${tasks} WHERE ${tasks.id} = ${taskId} AND ${tasks.acceptance} = ${decision} AND ${tasks.version} = ${seenVersion})`,
        ),
      ),
    // The activity row is part of the same batch so a decision is never recorded without it.
    // It is inserted only if this batch recorded the decision: a version is decided once, so
    // an existing task.accepted/task.rejected row for it means another request won.
    activityInsertWhen(
      db,
      {
        userId: project.userId,
        projectId: project.id,
        actor: "client",
        action: decision === "accepted" ? "task.accepted" : "task.rejected",
        subjectType: "task",
        subjectId: taskId,
        data: { name: task.name, amount: task.amount, version: seenVersion, comment },
      },
      sql`EXISTS (SELECT 1 FROM ${tasks} WHERE ${tasks.id} = ${taskId} AND ${tasks.version} = ${seenVersion}
                    AND ${tasks.acceptance} = ${decision} AND ${tasks.updatedAt} = ${now})
          AND NOT EXISTS (SELECT 1 FROM ${activity} WHERE ${activity.subjectId} = ${taskId}
                    AND ${activity.action} IN ('task.accepted', 'task.rejected')
                    AND json_extract(${activity.data}, '$.version') = ${seenVersion})`,
      activityId,
    ),
    // Written exactly when the activity row above was, so a lost race writes no notification.
    notificationInsertWhen(
      db,
      {
        userId: project.userId,
        projectId: project.id,
        type: decision === "accepted" ? "task_accepted" : "task_rejected",
        data: { taskName: task.name, amount: task.amount, comment },
      },
      sql`EXISTS (SELECT 1 FROM ${activity} WHERE ${activity.id} = ${activityId})`,
      notificationId,
    ),
    // Budget rule: a project's baseline (the first agreed total) is fixed once, by the first client
    // acceptance recorded here: it becomes the agreed total (accepted and not-required tasks)
    // including this task. A baseline already set, by hand or earlier, is never changed here.
    ...(decision === "accepted"
      ? [
          db
            .update(projects)
            .set({
              budgetBaseline: sql`(SELECT coalesce(sum(${tasks.amount}), 0) FROM ${tasks}
                WHERE ${tasks.projectId} = ${project.id} AND ${tasks.userId} = ${project.userId}
                  AND ${tasks.acceptance} IN ('accepted', 'not_required'))`,
            })
            .where(
              and(
                eq(projects.id, project.id),
                eq(projects.userId, project.userId),
                sql`${projects.budgetBaseline} IS NULL`,
                sql`EXISTS (SELECT 1 FROM ${activity} WHERE ${activity.id} = ${activityId})`,
              ),
            ),
        ]
      : []),
  ]);
  if (updated.length > 0) return "decided";
  if (project.shareTokenHash !== undefined) {
    const [open] = await db.select({ id: projects.id }).from(projects).where(and(eq(projects.id, project.id), linkStillOpen));
    if (!open) return "not_found";
  }
  return "not_pending";
}

