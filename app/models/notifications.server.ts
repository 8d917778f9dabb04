import { sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { notifications } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";

// Notifications tell the freelancer what the other side did. A feature writes one in the same
// D1 batch as its change (notificationInsert, or notificationInsertWhen after a conditional
// statement), then calls dispatchNotifications with the ids: the e-mail consumer reads the
// freelancer's preferences and sends the e-mail now, keeps it for the daily digest, or drops it.

export const NOTIFICATION_TYPES = [
  "task_accepted",
  "task_rejected",
  "message",
  "fix_request",
  "file",
  "invitation_delivered",
  "invitation_failed",
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationInput {
  userId: string;
  projectId: string | null;
  type: NotificationType;
  /** What the feed and the e-mail show: project name, task name, an excerpt. No secrets. */
  data: Record<string, unknown>;
}

export interface NotificationJob {
  notificationId: string;
}

/** Builds the insert of a notification, for the batch of the change it reports. */
export function notificationInsert(db: Db, input: NotificationInput, id: string = randomId()) {
  return db.insert(notifications).values({
    id,
    userId: input.userId,
    projectId: input.projectId,
    type: input.type,
    data: JSON.stringify(input.data),
    createdAt: new Date().toISOString(),
  });
}

/**
 * Builds a notification insert that runs only if `condition` holds when it executes: put it
 * after a conditional UPDATE, with a condition true only when that UPDATE changed the row.
 * The selected values follow the column order of the `notifications` table.
 */
export function notificationInsertWhen(db: Db, input: NotificationInput, condition: SQL, id: string = randomId()) {
  return db.insert(notifications).select(sql`
    SELECT ${id}, ${input.userId}, ${input.projectId}, ${input.type}, ${JSON.stringify(input.data)},
           NULL, 'pending', ${new Date().toISOString()}
    WHERE ${condition}`);
}

/**
 * Hands written notifications to the e-mail queue. Call it after the batch that wrote them;
 * an id whose row was not written (a lost race) is acknowledged by the consumer unsent.
 * A failed send is not lost: the scheduled job picks up notifications still `pending`.
 */
export async function dispatchNotifications(queue: Queue<unknown>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await queue.sendBatch(ids.map((notificationId) => ({ body: { notificationId } satisfies NotificationJob })));
}
