import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity, clients, projects, tasks, type Project } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";
import { guardedActivity } from "./activity-guard.server";
import { clientOptionsQuery } from "./clients.server";
import { ACTIVITY_PAGE_SIZE, activityInsert } from "./activity.server";
import { countUsedRevisionRounds, usedRevisionRoundsSql } from "./fix-requests.server";
import { readPlan } from "~/db/read-plan.server";
import { ownedProjectClientQuery, ownedProjectQuery } from "./owned-project.server";

export const PROJECTS_PAGE_SIZE = 20;
export type ProjectStatus = Project["status"];

export interface ProjectInput {
  name: string;
  deadline: string | null;
  clientId: string;
  /** Fix requests done within existing tasks at no extra cost; left out, the number is kept. */
  freeRevisionRounds?: number;
  /** Language of the client page and the client's e-mails; left out, the language is kept. */
  clientLocale?: Project["clientLocale"];
}

/** Lists projects of one status, newest first, with client name and task totals. */
export async function listProjects(db: Db, userId: string, options: { status: ProjectStatus; page: number }) {
  const rows = await db
    .select({
      id: projects.id,
      name: projects.name,
      deadline: projects.deadline,
      status: projects.status,
      createdAt: projects.createdAt,
      clientName: clients.name,
      // Subqueries use an alias and a qualified outer column, so they do not depend on whether
      // drizzle prints table names (it omits them in one-table selects).
      // Progress leaves rejected tasks out of both counts, as summarizeTasks does.
      taskCount: sql<number>`(SELECT COUNT(*) FROM ${tasks} t WHERE t.project_id = ${projects}.id AND t.acceptance <> 'rejected')`,
      doneCount: sql<number>`(SELECT COUNT(*) FROM ${tasks} t WHERE t.project_id = ${projects}.id AND t.acceptance <> 'rejected' AND t.work_status = 'done')`,
      agreedTotal: sql<number>`(SELECT COALESCE(SUM(t.amount), 0) FROM ${tasks} t WHERE t.project_id = ${projects}.id AND t.acceptance IN ('accepted', 'not_required'))`,
    })
    .from(projects)
    .innerJoin(clients, eq(clients.id, projects.clientId))
    .where(and(eq(projects.userId, userId), eq(projects.status, options.status)))
    .orderBy(desc(projects.createdAt), desc(projects.id))
    .limit(PROJECTS_PAGE_SIZE + 1)
    .offset((options.page - 1) * PROJECTS_PAGE_SIZE);
  return { items: rows.slice(0, PROJECTS_PAGE_SIZE), hasMore: rows.length > PROJECTS_PAGE_SIZE };
}

/** Lists the newest projects of one client (for the client's page), capped at `limit`. */
export async function listClientProjects(db: Db, userId: string, clientId: string, limit = 20) {
  return db
    .select({ id: projects.id, name: projects.name, status: projects.status, deadline: projects.deadline })
    .from(projects)
    .where(and(eq(projects.userId, userId), eq(projects.clientId, clientId)))
    .orderBy(desc(projects.createdAt), desc(projects.id))
    .limit(limit);
}

export async function getProject(db: Db, userId: string, projectId: string): Promise<Project | undefined> {
  return db.query.projects.findFirst({ where: and(eq(projects.id, projectId), eq(projects.userId, userId)) });
}

/**
 * Plans the reads of the project page's own parts, so the page can batch them with its panels'
 * reads: the project with its client, the newest page of activity and the client options of the
 * edit form. The task list is taskListPlan's, batched beside it.
 */
export function projectPagePlan(db: Db, userId: string, projectId: string) {
  // Project and client are read by two single-table selects, not one join: D1 returns batch
  // rows as objects keyed by column name, so the join's two `id` and `name` columns would
  // overwrite each other.
  const queries = [
    ownedProjectQuery(db, userId, projectId),
    ownedProjectClientQuery(db, userId, projectId),
    db
      .select()
      .from(activity)
      .where(and(eq(activity.projectId, projectId), eq(activity.userId, userId)))
      // rowid breaks ties between rows written in the same millisecond in the order they were written.
      .orderBy(desc(activity.createdAt), desc(sql`rowid`))
      .limit(ACTIVITY_PAGE_SIZE + 1),
    // For the project's edit form; read here so the page costs one round trip after the session.
    clientOptionsQuery(db, userId),
  ] as const;
  return readPlan([...queries], ([projectRows, clientRows, activityRows, clientOptions]) => {
    const project = projectRows[0];
    const client = clientRows[0];
    if (!project || !client) return null;
    return {
      project,
      client,
      activity: activityRows.slice(0, ACTIVITY_PAGE_SIZE).map((entry) => ({ ...entry, data: JSON.parse(entry.data) as Record<string, unknown> })),
      hasMoreActivity: activityRows.length > ACTIVITY_PAGE_SIZE,
      clientOptions,
    };
  });
}

/** Creates a project for one of the freelancer's clients (the caller resolved the client). */
export async function createProject(db: Db, userId: string, input: ProjectInput): Promise<Project> {
  const id = randomId();
  const now = new Date().toISOString();
  const [[created]] = await db.batch([
    db
      .insert(projects)
      .values({ id, userId, clientId: input.clientId, name: input.name, deadline: input.deadline, createdAt: now, updatedAt: now })
      .returning(),
    activityInsert(db, {
      userId,
      projectId: id,
      actor: "freelancer",
      action: "project.created",
      subjectType: "project",
      subjectId: id,
      data: { name: input.name, deadline: input.deadline },
    }),
  ]);
  return created;
}

export type UpdateProjectResult = "updated" | "unchanged" | "not_found" | "conflict" | "rounds_below_used";

/**
 * Updates name, deadline, client and free revision rounds, and records the change in the
 * activity log in one batch. The rounds cannot go below the number the client has already used
 * ("rounds_below_used").
 * The client must be one of the freelancer's own. The change is written only if the project
 * still has the values that were read, so the logged "before" values are the real ones. A
 * second identical submission at the same time writes nothing and returns "conflict".
 */
export async function updateProject(db: Db, userId: string, projectId: string, input: ProjectInput): Promise<UpdateProjectResult> {
  const existing = await getProject(db, userId, projectId);
  if (!existing) return "not_found";
  const freeRevisionRounds = input.freeRevisionRounds ?? existing.freeRevisionRounds;
  const clientLocale = input.clientLocale ?? existing.clientLocale;
  if (
    existing.name === input.name &&
    existing.deadline === input.deadline &&
    existing.clientId === input.clientId &&
    existing.freeRevisionRounds === freeRevisionRounds &&
    existing.clientLocale === clientLocale
  ) {
    return "unchanged";
  }
  // Fewer free revision rounds than the client has already used would be a broken promise.
  if (freeRevisionRounds < existing.freeRevisionRounds && (await countUsedRevisionRounds(db, projectId)) > freeRevisionRounds) {
    return "rounds_below_used";
  }

  const now = new Date().toISOString();
  const logged = guardedActivity(
    db,
    {
      userId,
      projectId,
      actor: "freelancer",
      action: "project.updated",
      subjectType: "project",
      subjectId: projectId,
      data: {
        name: input.name,
        previousName: existing.name,
        deadline: input.deadline,
        previousDeadline: existing.deadline,
        clientChanged: existing.clientId !== input.clientId,
        ...(freeRevisionRounds !== existing.freeRevisionRounds
          ? { freeRevisionRounds, previousFreeRevisionRounds: existing.freeRevisionRounds }
          : {}),
        ...(clientLocale !== existing.clientLocale ? { clientLocale, previousClientLocale: existing.clientLocale } : {}),
      },
    },
    sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${projectId} AND ${projects.userId} = ${userId}
          AND ${projects.name} = ${existing.name} AND ${projects.deadline} IS ${existing.deadline}
          AND ${projects.clientId} = ${existing.clientId} AND ${projects.freeRevisionRounds} = ${existing.freeRevisionRounds}
          AND ${projects.clientLocale} = ${existing.clientLocale})
      AND EXISTS (SELECT 1 FROM ${clients} WHERE ${clients.id} = ${input.clientId} AND ${clients.userId} = ${userId})
      AND ${usedRevisionRoundsSql(projectId)} <= ${freeRevisionRounds}`,
  );
  const [, updated] = await db.batch([
    logged.insert,
    db
      .update(projects)
      .set({ name: input.name, deadline: input.deadline, clientId: input.clientId, freeRevisionRounds, clientLocale, updatedAt: now })
      .where(and(eq(projects.id, projectId), eq(projects.userId, userId), logged.written))
      .returning({ id: projects.id }),
  ]);
  if (updated.length > 0) return "updated";
  return (await getProject(db, userId, projectId)) ? "conflict" : "not_found";
}

/** Marks a project completed or active again; the change and its activity row are one batch. */
export async function setProjectStatus(db: Db, userId: string, projectId: string, status: ProjectStatus): Promise<"updated" | "unchanged" | "not_found"> {
  const project = await getProject(db, userId, projectId);
  if (!project) return "not_found";
  if (project.status === status) return "unchanged";
  const now = new Date().toISOString();
  const logged = guardedActivity(
    db,
    {
      userId,
      projectId,
      actor: "freelancer",
      action: status === "completed" ? "project.completed" : "project.reopened",
      subjectType: "project",
      subjectId: projectId,
      data: { name: project.name },
    },
    sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${projectId} AND ${projects.userId} = ${userId} AND ${projects.status} = ${project.status})`,
  );
  const [, updated] = await db.batch([
    logged.insert,
    db
      .update(projects)
      .set({ status, updatedAt: now })
      .where(and(eq(projects.id, projectId), eq(projects.userId, userId), logged.written))
      .returning({ id: projects.id }),
  ]);
  return updated.length > 0 ? "updated" : "unchanged";
}
