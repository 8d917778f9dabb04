import { sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { emailOutbox, invitations, notifications, projects } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";

// Kept apart from invitations.server.ts because the e-mail model uses it, and the invitations
// model uses the e-mail model.

/**
 * Builds the insert of an `invitation_delivered` or `invitation_failed` notification for the
 * freelancer whose invitation's latest e-mail is `outboxId`. It writes nothing when the e-mail
 * is not an invitation's latest (an older sending, or any other e-mail) or when `condition`
 * does not hold. `reason` null takes the reason the outbox row recorded. Returns the id when written.
 * The selected values follow the column order of the `notifications` table.
 */
export function invitationDeliveryNotificationInsert(
  db: Db,
  outboxId: string,
  type: "invitation_delivered" | "invitation_failed",
  reason: string | null,
  condition: SQL,
) {
  const reasonValue =
    type === "invitation_failed"
      ? sql`, 'reason', COALESCE(${reason === null ? null : reason.slice(0, 500)}, (SELECT o.last_error FROM ${emailOutbox} o WHERE o.id = ${outboxId}), '')`
      : sql``;
  return db
    .insert(notifications)
    .select(
      sql`SELECT ${randomId()}, i.user_id, i.project_id, ${type},
                 json_object('projectName', p.name, 'email', i.email, 'name', i.name${reasonValue}),
                 NULL, 'pending', ${new Date().toISOString()}
          FROM ${invitations} i JOIN ${projects} p ON p.id = i.project_id
          WHERE i.outbox_id = ${outboxId} AND ${condition}`,
    )
    .returning({ id: notifications.id });
}
