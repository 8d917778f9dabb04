import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity, files, fixRequests, notifications, projects, tasks, taskVersions, type FixRequest, type Task } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";
import { guardedActivity } from "./activity-guard.server";
import { activityInsertWhen } from "./activity.server";
import { dispatchNotifications } from "./notifications.server";
import { mapReadPlan, readPlan, runReadPlan, type ReadPlan } from "~/db/read-plan.server";

// Fix requests ("Poprawki"): the client raises one on the client page, and the freelancer
// answers it once. States:
//
//   open ─┬─ in_scope ─┐
//         ├─ priced ───┴─ done
//         │    └─ declined (only after the client rejected the task, or it was deleted)
//         └─ declined
//
// - in_scope: done within an existing task of the project at no extra cost. Each such answer
//   uses one of the project's free revision rounds (projects.free_revision_rounds); with none
//   left the answer is refused.
// - priced: becomes a new task that needs the client's acceptance, linked by task_id.
// - declined: with a reason the client sees.
// - done: the freelancer marks it. A priced request is NOT done automatically when its task is
//   done: the task is the priced work, while "Zrobione" tells the client the fix itself is
//   delivered, and the task's status can still go back. It can be marked done only once the
//   client has accepted the task's amount (or the task was deleted), so no fix is delivered
//   on an amount the client has not agreed to.
//
// Every transition is a conditional UPDATE guarded by its activity row in one batch, so of two
// answers at the same moment exactly one is stored.

export const FIX_REQUESTS_PAGE_SIZE = 10;
/** Characters of the description that the freelancer's notification shows. */
const NOTIFICATION_EXCERPT_LENGTH = 200;

export type FixRequestStatus = FixRequest["status"];

/** The project a fix request belongs to, as the routes have loaded it (scoped by its owner). */
export interface FixRequestProject {
  id: string;
  userId: string;
  name: string;
}

export interface FixRequestScope {
  projectId: string;
  userId: string;
}

/** SQL counting the project's requests answered within a task: the free revision rounds used. */
export function usedRevisionRoundsSql(projectId: string): SQL {
  return sql`(SELECT COUNT(*) FROM fix_requests used_fr WHERE used_fr.project_id = ${projectId} AND used_fr.resolution = 'in_scope')`;
}

/** Counts the project's requests answered within a task (free revision rounds used). */
export async function countUsedRevisionRounds(db: Db, projectId: string): Promise<number> {
  const [row] = await db
    .select({ used: sql<number>`COUNT(*)` })
    .from(fixRequests)
    .where(and(eq(fixRequests.projectId, projectId), eq(fixRequests.resolution, "in_scope")));
  return row?.used ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Creating

export interface NewFixRequest {
  title: string;
  description: string;
  /** A file of the project already stored for this request; it is linked in the same batch. */
  attachment?: { fileId: string; name: string } | null;
}

export interface CreatedFixRequest {
  id: string;
  number: number;
}

/**
 * Stores the client's fix request with the next number of the project, its activity row and the
 * freelancer's `fix_request` notification in one batch, then queues the notification. The
 * number is MAX + 1 computed by the INSERT itself, and the unique index on (project, number)
 * backs it, so concurrent requests get distinct numbers without gaps.
 *
 * With `project.shareTokenHash` (the client link's hash when the request read the project) the
 * INSERT runs only while the project still has that hash, so a request sent just before the
 * link was disabled or regenerated stores nothing (no activity, notification or attachment link)
 * and this returns null.
 */
export async function createFixRequest(
  db: Db,
  queue: Queue<unknown>,
  project: FixRequestProject & { shareTokenHash: string },
  input: NewFixRequest,
): Promise<CreatedFixRequest | null>;
export async function createFixRequest(db: Db, queue: Queue<unknown>, project: FixRequestProject, input: NewFixRequest): Promise<CreatedFixRequest>;
export async function createFixRequest(
  db: Db,
  queue: Queue<unknown>,
  project: FixRequestProject & { shareTokenHash?: string },
  input: NewFixRequest,
): Promise<CreatedFixRequest | null> {
  const id = randomId();
  const notificationId = randomId();
  const now = new Date().toISOString();
  const excerpt = input.description.slice(0, NOTIFICATION_EXCERPT_LENGTH);
  const attachmentName = input.attachment?.name ?? null;
  const projectGuard = and(
    eq(projects.id, project.id),
    eq(projects.userId, project.userId),
    project.shareTokenHash === undefined ? undefined : eq(projects.shareTokenHash, project.shareTokenHash),
  );
  const written = sql`EXISTS (SELECT 1 FROM fix_requests created WHERE created.id = ${id})`;

  const [createdRows] = await db.batch([
    // INSERT … SELECT with the values in the column order of the `fix_requests` table, so the
    // row is written only while projectGuard holds.
    db
      .insert(fixRequests)
      .select(
        sql`SELECT ${id}, ${project.userId}, ${project.id},
                   (SELECT COALESCE(MAX(numbered.number), 0) + 1 FROM fix_requests numbered WHERE numbered.project_id = ${project.id}),
                   ${input.title}, ${input.description}, 'open', NULL, NULL, NULL, NULL, NULL, ${now}, ${now}
            WHERE EXISTS (SELECT 1 FROM ${projects} WHERE ${projectGuard})`,
      )
      .returning({ number: fixRequests.number }),
    // The number exists only once the INSERT has run, so the activity row and the notification
    // read it from the new row. Both follow the column order of their tables.
    db.insert(activity).select(sql`
      SELECT ${randomId()}, ${project.userId}, ${project.id}, 'client', 'fix_request.created', 'fix_request', ${id},
             json_object('number', created.number, 'title', created.title, 'attachment', ${attachmentName}), ${now}
      FROM fix_requests created WHERE created.id = ${id}`),
    db.insert(notifications).select(sql`
      SELECT ${notificationId}, ${project.userId}, ${project.id}, 'fix_request',
             json_object('projectName', ${project.name}, 'number', created.number, 'title', created.title, 'excerpt', ${excerpt}),
             NULL, 'pending', ${now}
      FROM fix_requests created WHERE created.id = ${id}`),
    ...(input.attachment
      ? [
          db
            .update(files)
            .set({ fixRequestId: id })
            .where(
              and(
                eq(files.id, input.attachment.fileId),
                eq(files.projectId, project.id),
                eq(files.userId, project.userId),
                isNull(files.fixRequestId),
                written,
              ),
            ),
        ]
      : []),
  ]);
  const created = createdRows[0];
  if (!created) {
    if (project.shareTokenHash !== undefined) return null;
    throw new Error(`createFixRequest: project ${project.id} of user ${project.userId} not found`);
  }
  await dispatchNotifications(queue, [notificationId]);
  return { id, number: created.number };
}

// ---------------------------------------------------------------------------------------------
// Answering

/** Looks a fix request up among this freelancer's requests of this project. */
export async function getFixRequest(db: Db, scope: FixRequestScope, fixRequestId: string): Promise<FixRequest | undefined> {
  return db.query.fixRequests.findFirst({
    where: and(eq(fixRequests.id, fixRequestId), eq(fixRequests.projectId, scope.projectId), eq(fixRequests.userId, scope.userId)),
  });
}

/** Looks a task up among this freelancer's tasks of this project. */
export async function getProjectTaskForFix(db: Db, scope: FixRequestScope, taskId: string): Promise<Task | undefined> {
  return db.query.tasks.findFirst({
    where: and(eq(tasks.id, taskId), eq(tasks.projectId, scope.projectId), eq(tasks.userId, scope.userId)),
  });
}

function requestHasStatus(request: FixRequest, status: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM fix_requests guarded WHERE guarded.id = ${request.id} AND guarded.user_id = ${request.userId}
    AND guarded.status ${status})`;
}

function isOpen(request: FixRequest): SQL {
  return requestHasStatus(request, sql`= 'open'`);
}

function activityData(request: FixRequest, extra: Record<string, unknown> = {}) {
  return { number: request.number, title: request.title, ...extra };
}

/** Why an answer wrote nothing: the request is no longer open, or it changed in between. */
export type AnswerFailure = { outcome: "not_open"; status: FixRequestStatus } | { outcome: "not_found" } | { outcome: "conflict" };

async function explainNotOpen(db: Db, request: FixRequest): Promise<AnswerFailure | null> {
  const current = await getFixRequest(db, request, request.id);
  if (!current) return { outcome: "not_found" };
  if (current.status !== "open") return { outcome: "not_open", status: current.status };
  return null;
}

export type InScopeResult =
  | { outcome: "answered" }
  | { outcome: "no_rounds"; used: number; total: number }
  | { outcome: "task_rejected" }
  | AnswerFailure;

/**
 * Answers "w ramach zadania": the fix is done within `task`, an existing task of the same
 * project that the client has not rejected, and uses one free revision round. The UPDATE runs
 * only while the request is open and fewer rounds are used than the project allows, so two
 * answers at once cannot use the last round twice.
 */
export async function answerInScope(db: Db, request: FixRequest, task: Task): Promise<InScopeResult> {
  if (task.projectId !== request.projectId || task.userId !== request.userId) return { outcome: "not_found" };
  const now = new Date().toISOString();
  const logged = guardedActivity(
    db,
    {
      userId: request.userId,
      projectId: request.projectId,
      actor: "freelancer",
      action: "fix_request.in_scope",
      subjectType: "fix_request",
      subjectId: request.id,
      data: activityData(request, { taskId: task.id, taskName: task.name }),
    },
    sql`${isOpen(request)}
      AND EXISTS (SELECT 1 FROM tasks chosen WHERE chosen.id = ${task.id} AND chosen.project_id = ${request.projectId}
                    AND chosen.user_id = ${request.userId} AND chosen.acceptance <> 'rejected')
      AND ${usedRevisionRoundsSql(request.projectId)}
          < (SELECT rounds.free_revision_rounds FROM projects rounds WHERE rounds.id = ${request.projectId} AND rounds.user_id = ${request.userId})`,
  );
  const [, updated] = await db.batch([
    logged.insert,
    db
      .update(fixRequests)
      .set({ status: "in_scope", resolution: "in_scope", taskId: task.id, answeredAt: now, updatedAt: now })
      .where(and(eq(fixRequests.id, request.id), eq(fixRequests.userId, request.userId), logged.written))
      .returning({ id: fixRequests.id }),
  ]);
  if (updated.length > 0) return { outcome: "answered" };

  const notOpen = await explainNotOpen(db, request);
  if (notOpen) return notOpen;
  const current = await getProjectTaskForFix(db, request, task.id);
  if (!current) return { outcome: "not_found" };
  if (current.acceptance === "rejected") return { outcome: "task_rejected" };
  const rounds = await getRevisionRounds(db, request);
  if (rounds && rounds.used >= rounds.total) return { outcome: "no_rounds", ...rounds };
  return { outcome: "conflict" };
}

/** Reads the project's free revision rounds and how many are used. */
export async function getRevisionRounds(db: Db, scope: FixRequestScope): Promise<{ used: number; total: number } | null> {
  const [row] = await db
    .select({ total: projects.freeRevisionRounds, used: sql<number>`${usedRevisionRoundsSql(scope.projectId)}`.as("used_rounds") })
    .from(projects)
    .where(and(eq(projects.id, scope.projectId), eq(projects.userId, scope.userId)));
  return row ? { used: row.used, total: row.total } : null;
}

export type PriceResult = { outcome: "priced"; taskId: string } | { outcome: "project_completed" } | AnswerFailure;

/**
 * Answers "wyceń jako nowe zadanie": adds a task at the end of the project's list that needs
 * the client's acceptance, and links it to the request, in one batch with both activity rows
 * (fix_request.priced, task.created). The task is added only while the request is open and the
 * project is active: a completed project's tasks are read-only. The caller then e-mails the
 * invited clients about the new task.
 */
export async function priceFixRequest(db: Db, request: FixRequest, input: { name: string; amount: number }): Promise<PriceResult> {
  const taskId = randomId();
  const now = new Date().toISOString();
  const { userId, projectId } = request;
  const logged = guardedActivity(
    db,
    {
      userId,
      projectId,
      actor: "freelancer",
      action: "fix_request.priced",
      subjectType: "fix_request",
      subjectId: request.id,
      data: activityData(request, { taskId, taskName: input.name, amount: input.amount }),
    },
    sql`${isOpen(request)}
      AND EXISTS (SELECT 1 FROM projects active WHERE active.id = ${projectId} AND active.user_id = ${userId} AND active.status = 'active')`,
  );
  // The inserts select their values so that they run only when the guard row was written. They
  // name every column of their table in order, as INSERT … SELECT through drizzle requires.
  const [, , , , updated] = await db.batch([
    logged.insert,
    db.insert(tasks).select(sql`
      SELECT ${taskId}, ${projectId}, ${userId}, ${input.name}, ${input.amount}, 1, 'pending', 'todo', 'unpaid', NULL, NULL,
             (SELECT COALESCE(MAX(last.position), 0) + 1 FROM tasks last WHERE last.project_id = ${projectId}),
             1, ${now}, ${now}
      WHERE ${logged.written}`),
    db.insert(taskVersions).select(sql`
      SELECT ${randomId()}, ${taskId}, 1, ${input.name}, ${input.amount}, 1, 'pending', NULL, NULL, NULL, ${now}
      WHERE ${logged.written}`),
    activityInsertWhen(
      db,
      {
        userId,
        projectId,
        actor: "freelancer",
        action: "task.created",
        subjectType: "task",
        subjectId: taskId,
        data: { name: input.name, amount: input.amount, requiresAcceptance: true, fixRequestNumber: request.number },
      },
      logged.written,
    ),
    db
      .update(fixRequests)
      .set({ status: "priced", resolution: "priced", taskId, answeredAt: now, updatedAt: now })
      .where(and(eq(fixRequests.id, request.id), eq(fixRequests.userId, userId), logged.written))
      .returning({ id: fixRequests.id }),
    db.update(projects).set({ updatedAt: now }).where(and(eq(projects.id, projectId), eq(projects.userId, userId), logged.written)),
  ]);
  if (updated.length > 0) return { outcome: "priced", taskId };

  const notOpen = await explainNotOpen(db, request);
  if (notOpen) return notOpen;
  const project = await db.query.projects.findFirst({ where: and(eq(projects.id, projectId), eq(projects.userId, userId)) });
  if (!project) return { outcome: "not_found" };
  if (project.status !== "active") return { outcome: "project_completed" };
  return { outcome: "conflict" };
}

export type DeclineResult =
  | { outcome: "declined" }
  /** Priced, and its task still waits for the client's decision or was accepted: the fix stands. */
  | { outcome: "priced_task_active"; taskName: string; acceptance: Task["acceptance"] }
  | AnswerFailure;

/**
 * SQL true while the request can be declined: it is open, or it is priced and the client
 * rejected its task or the task was deleted. The freelancer then either declines it or changes
 * the task's amount, which sends the task to the client for acceptance again.
 */
function isDeclinable(request: FixRequest): SQL {
  return sql`EXISTS (SELECT 1 FROM fix_requests declinable WHERE declinable.id = ${request.id} AND declinable.user_id = ${request.userId}
    AND (declinable.status = 'open'
      OR (declinable.status = 'priced' AND NOT EXISTS (
            SELECT 1 FROM tasks linked WHERE linked.id = declinable.task_id AND linked.acceptance <> 'rejected'))))`;
}

/**
 * Declines a request with a reason the client sees: an open one, or a priced one whose task the
 * client rejected or the freelancer deleted. A priced request keeps its resolution and task link,
 * so its history still shows the price and the client's decision.
 */
export async function declineFixRequest(db: Db, request: FixRequest, reason: string): Promise<DeclineResult> {
  const now = new Date().toISOString();
  const logged = guardedActivity(
    db,
    {
      userId: request.userId,
      projectId: request.projectId,
      actor: "freelancer",
      action: "fix_request.declined",
      subjectType: "fix_request",
      subjectId: request.id,
      data: activityData(request, { reason }),
    },
    isDeclinable(request),
  );
  const [, updated] = await db.batch([
    logged.insert,
    db
      .update(fixRequests)
      .set({ status: "declined", declineReason: reason, answeredAt: now, updatedAt: now })
      .where(and(eq(fixRequests.id, request.id), eq(fixRequests.userId, request.userId), logged.written))
      .returning({ id: fixRequests.id }),
  ]);
  if (updated.length > 0) return { outcome: "declined" };

  const current = await getFixRequest(db, request, request.id);
  if (!current) return { outcome: "not_found" };
  if (current.status === "priced" && current.taskId) {
    const task = await getProjectTaskForFix(db, current, current.taskId);
    if (task && task.acceptance !== "rejected") return { outcome: "priced_task_active", taskName: task.name, acceptance: task.acceptance };
  }
  if (current.status !== "open" && current.status !== "priced") return { outcome: "not_open", status: current.status };
  return { outcome: "conflict" };
}

export type DoneResult =
  | { outcome: "done" }
  | { outcome: "not_answered" }
  | { outcome: "already_done" }
  | { outcome: "declined" }
  /** Priced, and the client has not accepted the task's amount (yet, or rejected it). */
  | { outcome: "task_not_accepted"; taskName: string; acceptance: Task["acceptance"] }
  | { outcome: "not_found" }
  | { outcome: "conflict" };

/**
 * Marks an answered request done ("Zrobione"). A request done within a task can always be marked.
 * A priced one can be marked once the client has accepted its task's amount, or the task was deleted.
 */
export async function markFixRequestDone(db: Db, request: FixRequest): Promise<DoneResult> {
  const now = new Date().toISOString();
  const logged = guardedActivity(
    db,
    {
      userId: request.userId,
      projectId: request.projectId,
      actor: "freelancer",
      action: "fix_request.done",
      subjectType: "fix_request",
      subjectId: request.id,
      data: activityData(request),
    },
    sql`EXISTS (SELECT 1 FROM fix_requests answered WHERE answered.id = ${request.id} AND answered.user_id = ${request.userId}
      AND (answered.status = 'in_scope'
        OR (answered.status = 'priced' AND (answered.task_id IS NULL OR EXISTS (
              SELECT 1 FROM tasks linked WHERE linked.id = answered.task_id AND linked.acceptance IN ('accepted', 'not_required'))))))`,
  );
  const [, updated] = await db.batch([
    logged.insert,
    db
      .update(fixRequests)
      .set({ status: "done", doneAt: now, updatedAt: now })
      .where(and(eq(fixRequests.id, request.id), eq(fixRequests.userId, request.userId), logged.written))
      .returning({ id: fixRequests.id }),
  ]);
  if (updated.length > 0) return { outcome: "done" };

  const current = await getFixRequest(db, request, request.id);
  if (!current) return { outcome: "not_found" };
  if (current.status === "open") return { outcome: "not_answered" };
  if (current.status === "done") return { outcome: "already_done" };
  if (current.status === "declined") return { outcome: "declined" };
  if (current.status === "priced" && current.taskId) {
    const task = await getProjectTaskForFix(db, current, current.taskId);
    if (task && task.acceptance !== "accepted" && task.acceptance !== "not_required") {
      return { outcome: "task_not_accepted", taskName: task.name, acceptance: task.acceptance };
    }
  }
  return { outcome: "conflict" };
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface FixRequestHistoryEntry {
  id: string;
  actor: "freelancer" | "client" | "system";
  action: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export interface FixRequestAttachment {
  id: string;
  name: string;
  size: number;
  private: boolean;
}

export interface FixRequestItem {
  id: string;
  number: number;
  title: string;
  description: string;
  status: FixRequestStatus;
  resolution: FixRequest["resolution"];
  declineReason: string | null;
  createdAt: string;
  answeredAt: string | null;
  doneAt: string | null;
  /** The linked task (in scope: the existing task; priced: the new one); null when none or deleted. */
  task: { id: string; name: string; amount: number; acceptance: Task["acceptance"]; workStatus: Task["workStatus"] } | null;
  attachments: FixRequestAttachment[];
  /** The request's activity, oldest first, with the client's decisions on a priced task. */
  history: FixRequestHistoryEntry[];
}

export interface FixRequestsPanel {
  items: FixRequestItem[];
  page: number;
  hasMore: boolean;
  total: number;
  open: number;
  roundsUsed: number;
  roundsTotal: number;
}

type Selection = { page: number } | { fixRequestId: string };

/** SQL listing the ids of the requests a panel shows: one page (open first, then newest), or one id. */
function selectedIds(scope: FixRequestScope, selection: Selection): SQL {
  if ("fixRequestId" in selection) {
    return sql`SELECT shown.id FROM fix_requests shown
      WHERE shown.id = ${selection.fixRequestId} AND shown.project_id = ${scope.projectId} AND shown.user_id = ${scope.userId}`;
  }
  return sql`SELECT shown.id FROM fix_requests shown
    WHERE shown.project_id = ${scope.projectId} AND shown.user_id = ${scope.userId}
    ORDER BY shown.status = 'open' DESC, shown.number DESC
    LIMIT ${FIX_REQUESTS_PAGE_SIZE + 1} OFFSET ${(selection.page - 1) * FIX_REQUESTS_PAGE_SIZE}`;
}

/**
 * Reads what the fix-request panel shows, in one D1 batch: the selected requests with their
 * linked tasks, the counts and free revision rounds, the history of each request and its
 * attachments. The client's view leaves out private files.
 */
async function readPanel(db: Db, scope: FixRequestScope, selection: Selection, viewer: "freelancer" | "client") {
  return runReadPlan(db, panelPlan(db, scope, selection, viewer));
}

function panelPlan(db: Db, scope: FixRequestScope, selection: Selection, viewer: "freelancer" | "client"): ReadPlan<FixRequestsPanel | null> {
  const page = "page" in selection ? Math.max(1, selection.page) : 1;
  const ids = selectedIds(scope, "page" in selection ? { page } : selection);
  const owned = and(eq(fixRequests.projectId, scope.projectId), eq(fixRequests.userId, scope.userId));

  // D1 returns batch rows as objects keyed by column name, so every selected column of the join
  // needs its own name.
  const requestsQuery = db
    .select({
      id: fixRequests.id,
      number: fixRequests.number,
      title: fixRequests.title,
      description: fixRequests.description,
      status: fixRequests.status,
      resolution: fixRequests.resolution,
      declineReason: fixRequests.declineReason,
      createdAt: fixRequests.createdAt,
      answeredAt: fixRequests.answeredAt,
      doneAt: fixRequests.doneAt,
      taskId: sql<string | null>`${tasks.id}`.as("linked_task_id"),
      taskName: sql<string | null>`${tasks.name}`.as("linked_task_name"),
      taskAmount: sql<number | null>`${tasks.amount}`.as("linked_task_amount"),
      taskAcceptance: sql<Task["acceptance"] | null>`${tasks.acceptance}`.as("linked_task_acceptance"),
      taskWorkStatus: sql<Task["workStatus"] | null>`${tasks.workStatus}`.as("linked_task_work_status"),
    })
    .from(fixRequests)
    .leftJoin(tasks, and(eq(tasks.id, fixRequests.taskId), eq(tasks.userId, scope.userId)))
    .where("fixRequestId" in selection ? and(owned, eq(fixRequests.id, selection.fixRequestId)) : owned)
    .orderBy(sql`${fixRequests.status} = 'open' DESC`, desc(fixRequests.number))
    .limit(FIX_REQUESTS_PAGE_SIZE + 1)
    .offset("page" in selection ? (page - 1) * FIX_REQUESTS_PAGE_SIZE : 0);

  const countsQuery = db
    .select({
      roundsTotal: projects.freeRevisionRounds,
      total: sql<number>`(SELECT COUNT(*) FROM fix_requests counted WHERE counted.project_id = ${scope.projectId})`.as("total_count"),
      open: sql<number>`(SELECT COUNT(*) FROM fix_requests counted WHERE counted.project_id = ${scope.projectId} AND counted.status = 'open')`.as(
        "open_count",
      ),
      roundsUsed: sql<number>`${usedRevisionRoundsSql(scope.projectId)}`.as("rounds_used"),
    })
    .from(projects)
    .where(and(eq(projects.id, scope.projectId), eq(projects.userId, scope.userId)));

  const historyQuery = db
    .select({
      id: activity.id,
      actor: activity.actor,
      action: activity.action,
      subjectType: activity.subjectType,
      subjectId: activity.subjectId,
      data: activity.data,
      createdAt: activity.createdAt,
    })
    .from(activity)
    .where(
      and(
        eq(activity.userId, scope.userId),
        eq(activity.projectId, scope.projectId),
        or(
          and(eq(activity.subjectType, "fix_request"), sql`${activity.subjectId} IN (${ids})`),
          // The client's decisions on the task a request was priced as.
          and(
            eq(activity.subjectType, "task"),
            inArray(activity.action, ["task.accepted", "task.rejected"]),
            sql`${activity.subjectId} IN (SELECT priced.task_id FROM fix_requests priced
                  WHERE priced.resolution = 'priced' AND priced.id IN (${ids}))`,
          ),
        ),
      ),
    )
    // rowid breaks ties between rows written in the same millisecond in the order they were written.
    .orderBy(asc(activity.createdAt), asc(sql`rowid`));

  const attachmentsQuery = db
    .select({ id: files.id, name: files.name, size: files.size, private: files.private, fixRequestId: files.fixRequestId })
    .from(files)
    .where(
      and(
        eq(files.projectId, scope.projectId),
        eq(files.userId, scope.userId),
        sql`${files.fixRequestId} IN (${ids})`,
        viewer === "client" ? eq(files.private, false) : undefined,
      ),
    )
    .orderBy(asc(files.createdAt));

  return readPlan(
    [requestsQuery, countsQuery, historyQuery, attachmentsQuery],
    ([requestRows, countRows, historyRows, attachmentRows]): FixRequestsPanel | null => {
      const counts = countRows[0];
      if (!counts) return null;

      const rows = requestRows.slice(0, FIX_REQUESTS_PAGE_SIZE);
      const requestIdByTask = new Map(rows.filter((row) => row.resolution === "priced" && row.taskId).map((row) => [row.taskId, row.id]));
      const historyByRequest = new Map<string, FixRequestHistoryEntry[]>();
      for (const entry of historyRows) {
        const requestId = entry.subjectType === "task" ? requestIdByTask.get(entry.subjectId) : entry.subjectId;
        if (!requestId) continue;
        const list = historyByRequest.get(requestId) ?? [];
        list.push({ id: entry.id, actor: entry.actor, action: entry.action, createdAt: entry.createdAt, data: parseData(entry.data) });
        historyByRequest.set(requestId, list);
      }

      const items: FixRequestItem[] = rows.map((row) => ({
        id: row.id,
        number: row.number,
        title: row.title,
        description: row.description,
        status: row.status,
        resolution: row.resolution,
        declineReason: row.declineReason,
        createdAt: row.createdAt,
        answeredAt: row.answeredAt,
        doneAt: row.doneAt,
        task:
          row.taskId && row.taskName !== null && row.taskAmount !== null && row.taskAcceptance && row.taskWorkStatus
            ? { id: row.taskId, name: row.taskName, amount: row.taskAmount, acceptance: row.taskAcceptance, workStatus: row.taskWorkStatus }
            : null,
        attachments: attachmentRows
          .filter((file) => file.fixRequestId === row.id)
          .map((file) => ({ id: file.id, name: file.name, size: file.size, private: file.private })),
        history: historyByRequest.get(row.id) ?? [],
      }));

      return {
        items,
        page,
        hasMore: "page" in selection && requestRows.length > FIX_REQUESTS_PAGE_SIZE,
        total: counts.total,
        open: counts.open,
        roundsUsed: counts.roundsUsed,
        roundsTotal: counts.roundsTotal,
      } satisfies FixRequestsPanel;
    },
  );
}

function parseData(data: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Reads one page of the project's fix requests (open first, then newest) for the panel, in one batch. */
export async function getFixRequestsPanel(
  db: Db,
  scope: FixRequestScope,
  options: { page?: number; viewer: "freelancer" | "client" },
): Promise<FixRequestsPanel | null> {
  return readPanel(db, scope, { page: options.page ?? 1 }, options.viewer);
}

/** Reads one fix request of the project with its history and attachments; null when it is not this project's. */
export async function getFixRequestDetail(
  db: Db,
  scope: FixRequestScope,
  fixRequestId: string,
  viewer: "freelancer" | "client",
): Promise<{ item: FixRequestItem; panel: FixRequestsPanel } | null> {
  const panel = await readPanel(db, scope, { fixRequestId }, viewer);
  const item = panel?.items[0];
  return panel && item ? { item, panel } : null;
}

/** Keys of a history entry's data that the client's page shows. */
const CLIENT_HISTORY_KEYS = ["taskName", "amount", "reason", "name"];

/**
 * Returns the panel as the client may see it: private attachments and the activity data the
 * client's history does not show (ids, comments, versions) left out.
 */
export function clientView(panel: FixRequestsPanel): FixRequestsPanel {
  return {
    ...panel,
    items: panel.items.map((item) => ({
      ...item,
      attachments: item.attachments.filter((file) => !file.private),
      history: item.history.map((entry) => ({
        ...entry,
        data: Object.fromEntries(Object.entries(entry.data).filter(([key]) => CLIENT_HISTORY_KEYS.includes(key))),
      })),
    })),
  };
}

/** Reads the first page of the client page's fix-request panel, as the client may see it, in one batch. */
export async function getClientFixRequestsPanel(db: Db, scope: FixRequestScope): Promise<FixRequestsPanel | null> {
  return runReadPlan(db, clientFixRequestsPanelPlan(db, scope));
}

/** Plans the reads of getClientFixRequestsPanel, so the client page can batch them. */
export function clientFixRequestsPanelPlan(db: Db, scope: FixRequestScope): ReadPlan<FixRequestsPanel | null> {
  const plan = panelPlan(db, scope, { page: 1 }, "client");
  return mapReadPlan(plan, (panel) => (panel ? clientView(panel) : null));
}

/** Plans the reads of getFixRequestsPanel, so the project page can batch them. */
export function fixRequestsPanelPlan(db: Db, scope: FixRequestScope, options: { page?: number; viewer: "freelancer" | "client" }) {
  return panelPlan(db, scope, { page: options.page ?? 1 }, options.viewer);
}
