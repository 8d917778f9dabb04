import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";

export type ActivityAction =
  | "account.registered"
  | "account.activated"
  | "account.password_pin_requested"
  | "account.password_changed"
  | "account.sessions_revoked"
  | "client.created"
  | "client.updated"
  | "client.deleted"
  | "project.created"
  | "project.updated"
  | "project.completed"
  | "project.reopened"
  | "task.created"
  | "task.updated"
  | "task.repriced"
  | "task.status_changed"
  | "task.deleted"
  | "task.reordered"
  | "task.accepted"
  | "task.rejected"
  | "share.enabled"
  | "share.regenerated"
  | "share.disabled";

export interface ActivityInput {
  userId: string;
  projectId?: string | null;
  actor: "freelancer" | "client" | "system";
  action: ActivityAction;
  subjectType?: string;
  subjectId?: string;
  data?: Record<string, unknown>;
}

/** Builds the insert for an activity row, so callers can put it in the same batch as the change. */
export function activityInsert(db: Db, input: ActivityInput) {
  return db.insert(activity).values({
    id: randomId(),
    userId: input.userId,
    projectId: input.projectId ?? null,
    actor: input.actor,
    action: input.action,
    subjectType: input.subjectType ?? null,
    subjectId: input.subjectId ?? null,
    data: JSON.stringify(input.data ?? {}),
    createdAt: new Date().toISOString(),
  });
}

export const ACTIVITY_PAGE_SIZE = 30;

/** Lists a project's activity, newest first, paged by the `createdAt` cursor of the last row seen. */
export async function listProjectActivity(db: Db, userId: string, projectId: string, before?: string) {
  const rows = await db
    .select()
    .from(activity)
    .where(
      and(
        eq(activity.userId, userId),
        eq(activity.projectId, projectId),
        before ? lt(activity.createdAt, before) : undefined,
      ),
    )
    .orderBy(desc(activity.createdAt), desc(activity.id))
    .limit(ACTIVITY_PAGE_SIZE + 1);
  return {
    items: rows.slice(0, ACTIVITY_PAGE_SIZE).map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> })),
    hasMore: rows.length > ACTIVITY_PAGE_SIZE,
  };
}
