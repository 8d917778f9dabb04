import { and, eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { readPlan, type ReadPlan } from "~/db/read-plan.server";
import { clients, projects, type Client, type Project } from "~/db/schema";

// Read plans of the project and its client, scoped by the owner, for the pages under
// /projects/<id> that batch them with their other reads (app/db/read-plan.server.ts). A loader
// ends with a 404 when the project is undefined, before it returns anything else of the batch.
// Its other reads must be scoped by the same user id, so that another user's project id finds nothing.

/** Builds the select of one of the user's projects: no row when the id is not a project of the user. */
export function ownedProjectQuery(db: Db, userId: string, projectId: string) {
  return db
    .select()
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.userId, userId)))
    .limit(1);
}

/** Plans the read of one of the user's projects; undefined when the id is not a project of the user. */
export function ownedProjectPlan(db: Db, userId: string, projectId: string): ReadPlan<Project | undefined> {
  return readPlan([ownedProjectQuery(db, userId, projectId)], ([rows]) => rows.at(0));
}

/**
 * Plans the read of the client of one of the user's projects; undefined when the id is not a
 * project of the user. A separate select from ownedProjectPlan's, not a join, because D1 returns
 * batch rows as objects keyed by column name and the two tables share column names.
 */
export function ownedProjectClientPlan(db: Db, userId: string, projectId: string): ReadPlan<Client | undefined> {
  return readPlan([ownedProjectClientQuery(db, userId, projectId)], ([rows]) => rows.at(0));
}

/** Builds the select of the client of one of the user's projects: no row when the id is not a project of the user. */
export function ownedProjectClientQuery(db: Db, userId: string, projectId: string) {
  return db
    .select()
    .from(clients)
    .where(
      and(
        eq(clients.userId, userId),
        sql`${clients.id} = (SELECT ${projects.clientId} FROM ${projects} WHERE ${projects.id} = ${projectId} AND ${projects.userId} = ${userId})`,
      ),
    )
    .limit(1);
}
