// Helpers for the client, project and task tests: factories through the domain models, D1
// snapshots for "nothing changed" checks, and small readers for responses.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { expect } from "vitest";
import { activity, clients, projects, tasks, taskVersions } from "~/db/schema";
import { createClient, type ClientInput } from "~/models/clients.server";
import { createProject } from "~/models/projects.server";
import { addTask, type TaskInput } from "~/models/tasks.server";
import type { Browser } from "./helpers";
import { db } from "./helpers";

export async function makeClient(userId: string, input: Partial<ClientInput> = {}) {
  return createClient(db, userId, { name: "Łukasz Żółć", email: "lukasz@example.com", ...input });
}

export async function makeProject(userId: string, options: { name?: string; clientId?: string; deadline?: string | null } = {}) {
  const clientId = options.clientId ?? (await makeClient(userId)).id;
  return createProject(db, userId, { name: options.name ?? "Strona internetowa", deadline: options.deadline ?? null, clientId });
}

export async function makeTask(userId: string, projectId: string, input: Partial<TaskInput> = {}) {
  return addTask(db, userId, projectId, { name: "Projekt graficzny", amount: 150_000, requiresAcceptance: false, ...input });
}

/** Reads every row the freelancer owns in the tables these features write, for before/after comparisons. */
export async function snapshotUserRows(userId: string) {
  const projectRows = await db.select().from(projects).where(eq(projects.userId, userId)).orderBy(asc(projects.id));
  const taskRows = await db.select().from(tasks).where(eq(tasks.userId, userId)).orderBy(asc(tasks.id));
  const taskIds = taskRows.map((task) => task.id);
  return {
    clients: await db.select().from(clients).where(eq(clients.userId, userId)).orderBy(asc(clients.id)),
    projects: projectRows,
    tasks: taskRows,
    taskVersions:
      taskIds.length > 0
        ? await db.select().from(taskVersions).where(inArray(taskVersions.taskId, taskIds)).orderBy(asc(taskVersions.id))
        : [],
    activity: await db.select().from(activity).where(eq(activity.userId, userId)).orderBy(asc(activity.id)),
  };
}

/**
 * Lists the freelancer's client, project and task activity actions in insertion order (by rowid,
 * because timestamps can tie within a millisecond). Account rows such as logins are left out.
 */
export async function activityActions(userId: string): Promise<string[]> {
  const rows = await db
    .select()
    .from(activity)
    .where(and(eq(activity.userId, userId), sql`${activity.action} NOT LIKE 'account.%'`))
    .orderBy(sql`rowid`);
  return rows.map((row) => row.action);
}

/** Checks that the response is a redirect and returns its path. */
export function redirectPath(response: Response): string {
  expect(response.status).toBe(302);
  const location = response.headers.get("Location");
  if (!location) throw new Error("Redirect without a Location header");
  return new URL(location, "http://localhost:8787").pathname;
}

/** Follows a redirect and returns the HTML of the page it leads to (with the toast). */
export async function followToPage(browser: Browser, response: Response): Promise<string> {
  redirectPath(response);
  const page = await browser.get(response.headers.get("Location") ?? "");
  expect(page.status).toBe(200);
  return page.text();
}

/** Text content of the HTML with tags removed and entities for quotes decoded, for readable assertions. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&nbsp;|\u00a0/g, " ")
    .replace(/\s+/g, " ");
}
