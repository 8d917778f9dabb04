import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { devMailbox, emailOutbox, type EmailOutbox } from "~/db/schema";
import { SECRET_DATA_KEYS, type EmailTemplateName, type EmailTemplates } from "~/emails/templates";
import { randomId } from "~/utils/crypto.server";
import { hasControlCharacters } from "~/utils/html";
import { logError } from "~/utils/log.server";
import { invitationDeliveryNotificationInsert } from "./invitation-delivery.server";
import { dispatchNotifications } from "./notifications.server";

export interface EmailJob {
  outboxId: string;
}

export interface EnqueueEmail<K extends EmailTemplateName> {
  userId?: string | null;
  to: string;
  toName?: string | null;
  template: K;
  data: EmailTemplates[K];
}

const EMAIL_ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** Throws when the address or name, which end up in a header, could break it. */
function checkRecipient(email: { to: string; toName?: string | null }) {
  if (!EMAIL_ADDRESS.test(email.to) || hasControlCharacters(email.to)) {
    throw new Error("Refusing to queue an e-mail to an invalid address");
  }
  if (email.toName && hasControlCharacters(email.toName)) {
    throw new Error("Refusing to queue an e-mail whose recipient name contains control characters");
  }
}

/**
 * Builds the insert of an `email_outbox` row that runs only if `condition` holds when it
 * executes, for the batch of the change the e-mail belongs to. It returns the id when written,
 * and the caller queues that id after the batch. The selected values follow the column order of the
 * `email_outbox` table.
 */
export function emailOutboxInsertWhen<K extends EmailTemplateName>(db: Db, id: string, email: EnqueueEmail<K>, condition: SQL) {
  checkRecipient(email);
  const now = new Date().toISOString();
  return db
    .insert(emailOutbox)
    .select(
      sql`SELECT ${id}, ${email.userId ?? null}, ${email.to}, ${email.toName ?? null}, ${email.template}, ${JSON.stringify(email.data)},
                 NULL, 'queued', 0, NULL, NULL, NULL, NULL, ${now}, ${now}
          WHERE ${condition}`,
    )
    .returning({ id: emailOutbox.id });
}

/**
 * Writes an `email_outbox` row and queues its id. Addresses and names that would end up in
 * a header are checked here again, whatever form they came from.
 */
export async function enqueueEmail<K extends EmailTemplateName>(
  db: Db,
  queue: Queue<EmailJob>,
  email: EnqueueEmail<K>,
): Promise<string> {
  checkRecipient(email);
  const id = randomId();
  const now = new Date().toISOString();
  await db.insert(emailOutbox).values({
    id,
    userId: email.userId ?? null,
    toAddress: email.to,
    toName: email.toName ?? null,
    template: email.template,
    data: JSON.stringify(email.data),
    createdAt: now,
    updatedAt: now,
  });
  await queue.send({ outboxId: id });
  return id;
}

/** A claim older than this is taken to belong to a consumer that died mid-send. */
export const STALE_CLAIM_MS = 5 * 60_000;

/**
 * Claims an outbox row for sending. Returns the row when this consumer won, or why not:
 * `sent` (nothing to do), `busy` (another consumer has a fresh claim), `missing`.
 */
export type EmailClaim = { outcome: "claimed"; row: EmailOutbox } | { outcome: "sent" | "busy" | "missing" };

export async function claimEmail(db: Db, outboxId: string, now = new Date()): Promise<EmailClaim> {
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  const [claimed] = await db
    .update(emailOutbox)
    .set({
      status: "sending",
      attempts: sql`${emailOutbox.attempts} + 1`,
      claimedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .where(
      and(
        eq(emailOutbox.id, outboxId),
        or(
          inArray(emailOutbox.status, ["queued", "retrying", "failed"]),
          and(eq(emailOutbox.status, "sending"), lt(emailOutbox.claimedAt, staleBefore)),
        ),
      ),
    )
    .returning();
  if (claimed) return { outcome: "claimed", row: claimed };
  const existing = await db.query.emailOutbox.findFirst({ where: eq(emailOutbox.id, outboxId) });
  if (!existing) return { outcome: "missing" };
  return { outcome: existing.status === "sent" ? "sent" : "busy" };
}

function redactSecrets(data: string): string {
  const parsed = JSON.parse(data) as Record<string, unknown>;
  for (const key of SECRET_DATA_KEYS) if (key in parsed) parsed[key] = "[usunięto po wysłaniu]";
  return JSON.stringify(parsed);
}

/**
 * Hands the delivery notifications written with an outbox change to the queue. A failure is only
 * logged: the e-mail's own state is already stored, and the scheduled job re-dispatches
 * notifications that stay pending.
 */
async function dispatchDeliveryNotifications(queue: Queue<unknown> | undefined, written: { id: string }[], outboxId: string) {
  if (!queue || written.length === 0) return;
  try {
    await dispatchNotifications(queue, written.map((notification) => notification.id));
  } catch (error) {
    logError("email.delivery_notification_dispatch_failed", error, { outboxId });
  }
}

/**
 * Records a sent e-mail and removes its secrets. An invitation e-mail also notifies the
 * freelancer (`invitation_delivered`, written in the same batch and handed to `notificationQueue`).
 */
export async function markEmailSent(
  db: Db,
  row: { id: string; data: string; template?: string },
  subject: string,
  providerMessageId: string | null,
  notificationQueue?: Queue<unknown>,
) {
  const now = new Date().toISOString();
  const sending = and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, "sending"));
  const update = db
    .update(emailOutbox)
    .set({
      status: "sent",
      subject,
      providerMessageId,
      sentAt: now,
      updatedAt: now,
      lastError: null,
      data: redactSecrets(row.data),
    })
    .where(sending);
  if (row.template !== "invitation") {
    await update;
    return;
  }
  // The notification insert runs first, under the UPDATE's condition, so only the delivery that
  // changes the row notifies.
  const [written] = await db.batch([
    invitationDeliveryNotificationInsert(db, row.id, "invitation_delivered", null, sql`EXISTS (SELECT 1 FROM ${emailOutbox} WHERE ${sending})`),
    update,
  ]);
  await dispatchDeliveryNotifications(notificationQueue, written, row.id);
}

/**
 * Records a failed attempt; a null reason keeps the reason recorded by the last attempt.
 * Returns false when nothing changed because the row is missing or already sent. The final
 * failure of an invitation e-mail also notifies the freelancer (`invitation_failed`, written in
 * the same batch and handed to `notificationQueue`). A row already failed does not notify again.
 */
export async function markEmailFailed(
  db: Db,
  outboxId: string,
  reason: string | null,
  final: boolean,
  notificationQueue?: Queue<unknown>,
): Promise<boolean> {
  const notSent = and(eq(emailOutbox.id, outboxId), sql`${emailOutbox.status} != 'sent'`);
  const update = db
    .update(emailOutbox)
    .set({
      status: final ? "failed" : "retrying",
      ...(reason === null ? {} : { lastError: reason.slice(0, 500) }),
      updatedAt: new Date().toISOString(),
    })
    .where(notSent)
    .returning({ id: emailOutbox.id });
  if (!final) return (await update).length > 0;

  const [written, changed] = await db.batch([
    invitationDeliveryNotificationInsert(
      db,
      outboxId,
      "invitation_failed",
      reason,
      sql`EXISTS (SELECT 1 FROM ${emailOutbox} WHERE ${notSent} AND ${emailOutbox.status} != 'failed')`,
    ),
    update,
  ]);
  await dispatchDeliveryNotifications(notificationQueue, written, outboxId);
  return changed.length > 0;
}

/** Rows still `queued` long after they were written: their queue message was probably lost. */
export async function listStrandedEmails(db: Db, olderThan: Date) {
  return db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, "queued"), eq(emailOutbox.attempts, 0), lt(emailOutbox.createdAt, olderThan.toISOString())))
    .limit(100);
}

export const MAILBOX_PAGE_SIZE = 50;

export async function storeInMailbox(
  db: Db,
  message: { outboxId: string; from: string; to: string; subject: string; html: string; text: string },
) {
  await db
    .insert(devMailbox)
    .values({
      id: randomId(),
      outboxId: message.outboxId,
      fromAddress: message.from,
      toAddress: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      createdAt: new Date().toISOString(),
    })
    .onConflictDoNothing({ target: devMailbox.outboxId });
}

/** Lists the development inbox newest first; `to` keeps the messages to one address (any letter case). */
export async function listMailbox(db: Db, options: { to?: string; page: number }) {
  const rows = await db
    .select({
      id: devMailbox.id,
      fromAddress: devMailbox.fromAddress,
      toAddress: devMailbox.toAddress,
      subject: devMailbox.subject,
      createdAt: devMailbox.createdAt,
    })
    .from(devMailbox)
    .where(options.to ? sql`lower(${devMailbox.toAddress}) = ${options.to.toLowerCase()}` : undefined)
    .orderBy(desc(devMailbox.createdAt), desc(devMailbox.id))
    .limit(MAILBOX_PAGE_SIZE + 1)
    .offset((options.page - 1) * MAILBOX_PAGE_SIZE);
  return { items: rows.slice(0, MAILBOX_PAGE_SIZE), hasMore: rows.length > MAILBOX_PAGE_SIZE };
}

export async function getMailboxMessage(db: Db, id: string) {
  return db.query.devMailbox.findFirst({ where: eq(devMailbox.id, id) });
}
