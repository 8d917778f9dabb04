import { and, desc, eq, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";

export type ActivityAction =
  | "account.registered"
  | "account.activated"
  | "account.activation_resent"
  | "account.pin_confirmed"
  | "account.logged_in"
  | "account.password_pin_requested"
  | "account.password_changed"
  | "account.sessions_revoked"
  | "account.notification_prefs_changed"
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
  | "share.disabled"
  | "fix_request.created"
  | "fix_request.in_scope"
  | "fix_request.priced"
  | "fix_request.declined"
  | "fix_request.done"
  | "invitation.sent"
  | "invitation.resent"
  | "invitation.unsubscribed"
  | "invitation.removed"
  | "file.uploaded"
  | "file.deleted"
  | "file.made_private"
  | "file.made_public"
  | "tpay.connected"
  | "tpay.disconnected"
  | "tpay.checked"
  | "tpay.test_mode_seen"
  | "tpay.md5_failed"
  | "bill.created"
  | "bill.sent"
  | "bill.cancelled"
  | "bill.payment_started"
  | "bill.paid"
  | "bill.paid_manually"
  | "bill.refunded"
  | "task.paid_manually"
  | "payment.received"
  | "payment.flagged"
  | "payment.refunded"
  | "subscription.ordered"
  | "subscription.paid"
  | "subscription.cancelled"
  | "tpay.transaction_cancelled"
  | "message.posted"
  | "report.created"
  | "report.ready"
  | "report.failed"
  | "report.retried"
  | "report.deleted"
  | "report.sent"
  | "account.report_logo_uploaded"
  | "account.report_logo_removed"
  | "account.report_logo_shown"
  | "account.report_logo_hidden"
  | "account.profile_updated"
  | "account.email_change_requested"
  | "account.email_changed"
  | "project.budget_baseline_set"
  | "export.requested"
  | "export.ready"
  | "export.failed"
  | "export.expired"
  | "client.anonymized";

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

/**
 * Builds an activity insert that runs only if `condition` holds when the statement executes.
 * Put it in the same batch right after a conditional UPDATE or DELETE, with a condition that is
 * true only when that statement changed the row: a change that lost a race then leaves no row.
 * `id` lets a caller choose the row's id, so that later statements of the batch can check
 * whether this row was written.
 */
export function activityInsertWhen(db: Db, input: ActivityInput, condition: SQL, id: string = randomId()) {
  // INSERT … SELECT through the insert builder, not db.run(sql): drizzle-orm 0.45 cannot put a
  // db.run() with parameters into a D1 batch (it has no prepared statement to bind). The
  // selected values follow the column order of the `activity` table.
  return db.insert(activity).select(sql`
    SELECT ${id}, ${input.userId}, ${input.projectId ?? null}, ${input.actor}, ${input.action},
           ${input.subjectType ?? null}, ${input.subjectId ?? null}, ${JSON.stringify(input.data ?? {})}, ${new Date().toISOString()}
    WHERE ${condition}`);
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
    // rowid breaks ties between rows written in the same millisecond in the order they were written.
    .orderBy(desc(activity.createdAt), desc(sql`rowid`))
    .limit(ACTIVITY_PAGE_SIZE + 1);
  return {
    items: rows.slice(0, ACTIVITY_PAGE_SIZE).map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> })),
    hasMore: rows.length > ACTIVITY_PAGE_SIZE,
  };
}

/**
 * Lists the account's own activity (rows with no project: logins, password, profile and
 * settings changes) for "Historia konta", newest first, paged like listProjectActivity.
 */
export async function listAccountActivity(db: Db, userId: string, before?: string) {
  const rows = await db
    .select()
    .from(activity)
    .where(and(eq(activity.userId, userId), isNull(activity.projectId), before ? lt(activity.createdAt, before) : undefined))
    .orderBy(desc(activity.createdAt), desc(sql`rowid`))
    .limit(ACTIVITY_PAGE_SIZE + 1);
  return {
    items: rows.slice(0, ACTIVITY_PAGE_SIZE).map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> })),
    hasMore: rows.length > ACTIVITY_PAGE_SIZE,
  };
}
