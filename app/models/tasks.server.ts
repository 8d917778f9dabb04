import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity, projects, tasks, taskVersions, type Task } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";
import { activityInsert, activityInsertWhen } from "./activity.server";

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
  taskCount: number;
  doneCount: number;
}

export function isAgreed(task: Pick<Task, "acceptance">): boolean {
  return task.acceptance === "accepted" || task.acceptance === "not_required";
}

/** Totals for "Podsumowanie", in grosze. Rejected tasks count only as rejected. */
export function summarizeTasks(list: Pick<Task, "amount" | "acceptance" | "workStatus" | "payment">[]): ProjectSummary {
  const summary: ProjectSummary = { accepted: 0, pending: 0, rejected: 0, done: 0, paid: 0, unpaid: 0, taskCount: 0, doneCount: 0 };
  for (const task of list) {
    summary.taskCount += 1;
    if (task.acceptance === "rejected") {
      summary.rejected += task.amount;
      continue;
    }
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

export async function listProjectTasks(db: Db, userId: string, projectId: string) {
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.projectId, projectId), eq(tasks.userId, userId)))
    .orderBy(asc(tasks.position), asc(tasks.createdAt));
}

export async function getTask(db: Db, userId: string, taskId: string): Promise<Task | undefined> {
  return db.query.tasks.findFirst({ where: and(eq(tasks.id, taskId), eq(tasks.userId, userId)) });
}

/** Lists every priced version of a task, newest first (for its history). */
export async function listTaskVersions(db: Db, userId: string, taskId: string) {
  return db
    .select({ version: taskVersions })
    .from(taskVersions)
    .innerJoin(tasks, eq(tasks.id, taskVersions.taskId))
    .where(and(eq(taskVersions.taskId, taskId), eq(tasks.userId, userId)))
    .orderBy(desc(taskVersions.version))
    .then((rows) => rows.map((row) => row.version));
}

/** Adds a task at the end of the project's list. The caller has checked that the project is the user's. */
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

export type UpdateTaskResult = "updated" | "unchanged" | "not_found" | "locked" | "conflict";

/**
 * Edits a task's name, amount or acceptance requirement. A change of name or amount of a task
 * that needs acceptance creates a new priced version and sends it back for acceptance; the
 * previous versions keep who decided what and when. Paid or billed tasks cannot be edited.
 */
export async function updateTask(db: Db, userId: string, taskId: string, input: TaskInput): Promise<UpdateTaskResult> {
  const task = await getTask(db, userId, taskId);
  if (!task) return "not_found";
  if (task.payment !== "unpaid") return "locked";

  const priceChanged = task.name !== input.name || task.amount !== input.amount;
  const requirementChanged = task.requiresAcceptance !== input.requiresAcceptance;
  if (!priceChanged && !requirementChanged) return "unchanged";

  // Any change to a task that needs acceptance asks the client again, whatever they decided before.
  const acceptance: Acceptance = input.requiresAcceptance ? "pending" : "not_required";

  const now = new Date().toISOString();
  const version = task.version + 1;
  const results = await db.batch([
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
      .where(and(eq(tasks.id, taskId), eq(tasks.userId, userId), eq(tasks.version, task.version), eq(tasks.payment, "unpaid")))
      .returning({ id: tasks.id }),
    // Inserted only when the update above won, so a lost race leaves no orphan version. The
    // insert builder (not db.run, which drizzle-orm 0.45 cannot batch on D1) needs every column
    // of task_versions in table order: decided_by, decided_at and comment start empty.
    db
      .insert(taskVersions)
      .select(
        sql`SELECT ${randomId()}, ${taskId}, ${version}, ${input.name}, ${input.amount}, ${input.requiresAcceptance ? 1 : 0},
               ${acceptance === "pending" ? "pending" : "not_required"}, NULL, NULL, NULL, ${now}
        WHERE EXISTS (SELECT 1 FROM ${tasks} WHERE ${tasks.id} = ${taskId} AND ${tasks.version} = ${version} AND ${tasks.updatedAt} = ${now})`,
      )
      .onConflictDoNothing(),
    activityInsertWhen(
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
          backForAcceptance: acceptance === "pending" && task.acceptance !== "pending",
        },
      },
      sql`EXISTS (SELECT 1 FROM ${tasks} WHERE ${tasks.id} = ${taskId} AND ${tasks.version} = ${version} AND ${tasks.updatedAt} = ${now})`,
    ),
  ]);
  if (results[0].length === 0) return "conflict";
  return "updated";
}

export async function setTaskStatus(db: Db, userId: string, taskId: string, status: WorkStatus): Promise<"updated" | "unchanged" | "not_found"> {
  const task = await getTask(db, userId, taskId);
  if (!task) return "not_found";
  if (task.workStatus === status) return "unchanged";
  const now = new Date().toISOString();
  const [updated] = await db.batch([
    db
      .update(tasks)
      .set({ workStatus: status, updatedAt: now })
      .where(and(eq(tasks.id, taskId), eq(tasks.userId, userId), eq(tasks.workStatus, task.workStatus)))
      .returning({ id: tasks.id }),
    activityInsertWhen(
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
      sql`EXISTS (SELECT 1 FROM ${tasks} WHERE ${tasks.id} = ${taskId} AND ${tasks.workStatus} = ${status} AND ${tasks.updatedAt} = ${now})`,
    ),
  ]);
  return updated.length > 0 ? "updated" : "unchanged";
}

/** Swaps a task with its neighbour above or below. */
export async function moveTask(db: Db, userId: string, taskId: string, direction: "up" | "down"): Promise<"moved" | "edge" | "not_found"> {
  const task = await getTask(db, userId, taskId);
  if (!task) return "not_found";
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
  await db.batch([
    db.update(tasks).set({ position: neighbour.position, updatedAt: now }).where(and(eq(tasks.id, task.id), eq(tasks.userId, userId))),
    db.update(tasks).set({ position: task.position, updatedAt: now }).where(and(eq(tasks.id, neighbour.id), eq(tasks.userId, userId))),
    activityInsert(db, {
      userId,
      projectId: task.projectId,
      actor: "freelancer",
      action: "task.reordered",
      subjectType: "task",
      subjectId: taskId,
      data: { name: task.name, direction },
    }),
  ]);
  return "moved";
}

/** Deletes an unpaid task (its versions go with it); the activity log keeps its name and amount. */
export async function deleteTask(db: Db, userId: string, taskId: string): Promise<"deleted" | "locked" | "not_found"> {
  const task = await getTask(db, userId, taskId);
  if (!task) return "not_found";
  if (task.payment !== "unpaid") return "locked";
  const [deleted] = await db.batch([
    db
      .delete(tasks)
      .where(and(eq(tasks.id, taskId), eq(tasks.userId, userId), eq(tasks.payment, "unpaid")))
      .returning({ id: tasks.id }),
    activityInsertWhen(
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
      sql`NOT EXISTS (SELECT 1 FROM ${tasks} WHERE ${tasks.id} = ${taskId})`,
    ),
  ]);
  return deleted.length > 0 ? "deleted" : "locked";
}

export type DecisionResult = "decided" | "not_pending" | "stale" | "not_found";

/**
 * Records the client's acceptance or rejection of a task's current priced version. The client
 * decides on the version they saw: if the freelancer re-priced the task in between, nothing
 * changes and the client is shown the new amount.
 */
export async function decideTask(
  db: Db,
  project: { id: string; userId: string },
  taskId: string,
  seenVersion: number,
  decision: "accepted" | "rejected",
  comment: string | null,
): Promise<DecisionResult> {
  const task = await db.query.tasks.findFirst({
    where: and(eq(tasks.id, taskId), eq(tasks.projectId, project.id), eq(tasks.userId, project.userId)),
  });
  if (!task) return "not_found";
  if (task.version !== seenVersion) return "stale";
  if (task.acceptance !== "pending") return "not_pending";

  const now = new Date().toISOString();
  const [updated] = await db.batch([
    db
      .update(tasks)
      .set({ acceptance: decision, updatedAt: now })
      .where(and(eq(tasks.id, taskId), eq(tasks.projectId, project.id), eq(tasks.version, seenVersion), eq(tasks.acceptance, "pending")))
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
    ),
  ]);
  if (updated.length === 0) return "not_pending";
  return "decided";
}

