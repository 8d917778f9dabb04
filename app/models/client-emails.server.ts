import { and, eq, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "~/db/client.server";
import { emailOutbox, invitations, messages, projects, tasks, users } from "~/db/schema";
import type { EmailTemplateName, EmailTemplates } from "~/emails/templates";
import { randomId } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { logError, logInfo } from "~/utils/log.server";
import { emailOutboxInsertWhen } from "./email.server";
import { unsubscribeUrl } from "./invitations.server";
import { readClientLink } from "./share.server";

// E-mails to the client about a project: sent to every address the freelancer invited to the
// project and that has not unsubscribed, in the project's client language, each with the
// client link and an unsubscribe link for that project.
//
// Rules:
// - Nothing is sent while sharing is off: the e-mail's link would not open the project.
// - Only invitations whose latest e-mail carried the current link get e-mails. Regenerating or
//   disabling the link cuts off everyone invited before, and a resend of the invitation lets
//   an address back in. So an address invited by mistake never receives a new link unasked.
// - Only the freelancer's own messages are e-mailed, and only tasks still awaiting acceptance.
// - Messages: at most one e-mail per address and project in CLIENT_MESSAGE_EMAIL_INTERVAL_MS.
//   The first message of a burst is e-mailed, and later ones are not (the e-mail points to the
//   whole conversation on the project page). Each new task that needs acceptance is e-mailed.

export type ClientUpdate = { kind: "message"; messageId: string } | { kind: "task"; taskId: string };

export interface ClientUpdateProject {
  id: string;
  userId: string;
}

export const CLIENT_MESSAGE_EMAIL_INTERVAL_MS = 10 * 60_000;
/** Characters of the message quoted in the e-mail. */
export const CLIENT_MESSAGE_EXCERPT_LENGTH = 300;

/** Cuts text to `max` characters (code points, so no emoji is split), marking the cut with "…". */
function excerpt(text: string, max: number): string {
  const characters = Array.from(text.trim());
  return characters.length > max ? `${characters.slice(0, max).join("").trimEnd()}…` : characters.join("");
}

/**
 * Queues the e-mails telling invited clients about a freelancer's new message or a new task
 * that awaits their acceptance. Call it after the change is stored. It never throws: the change
 * is already saved, so a failure here is logged and the freelancer's request still succeeds.
 */
export async function emailClientRecipients(env: Env, db: Db, project: ClientUpdateProject, update: ClientUpdate): Promise<void> {
  try {
    const queued = await queueClientEmails(env, db, project, update);
    if (queued > 0) logInfo("client_emails.queued", { projectId: project.id, kind: update.kind, count: queued });
  } catch (error) {
    logError("client_emails.failed", error, { projectId: project.id, kind: update.kind });
  }
}

async function queueClientEmails(env: Env, db: Db, project: ClientUpdateProject, update: ClientUpdate): Promise<number> {
  const [projectRows, recipients, messageRows, taskRows] = await db.batch([
    db
      .select({
        id: projects.id,
        name: projects.name,
        clientLocale: projects.clientLocale,
        shareTokenHash: projects.shareTokenHash,
        shareTokenEncrypted: projects.shareTokenEncrypted,
        freelancerName: sql<string>`${users.name}`.as("freelancer_name"),
      })
      .from(projects)
      .innerJoin(users, eq(users.id, projects.userId))
      .where(and(eq(projects.id, project.id), eq(projects.userId, project.userId)))
      .limit(1),
    db
      .select({ id: invitations.id, email: invitations.email, name: invitations.name })
      .from(invitations)
      .where(
        and(
          eq(invitations.projectId, project.id),
          eq(invitations.userId, project.userId),
          isNull(invitations.unsubscribedAt),
          sql`${invitations.sentShareTokenHash} = (SELECT ${projects.shareTokenHash} FROM ${projects}
                WHERE ${projects.id} = ${project.id} AND ${projects.userId} = ${project.userId})`,
        ),
      ),
    db
      .select({ body: messages.body, author: messages.author })
      .from(messages)
      .where(
        and(
          eq(messages.id, update.kind === "message" ? update.messageId : ""),
          eq(messages.projectId, project.id),
          eq(messages.userId, project.userId),
        ),
      )
      .limit(1),
    db
      .select({ name: tasks.name, amount: tasks.amount, acceptance: tasks.acceptance })
      .from(tasks)
      .where(and(eq(tasks.id, update.kind === "task" ? update.taskId : ""), eq(tasks.projectId, project.id), eq(tasks.userId, project.userId)))
      .limit(1),
  ]);
  const row = projectRows[0];
  if (!row?.shareTokenHash || recipients.length === 0) return 0;
  const currentHash = row.shareTokenHash;

  let content: Pick<EmailTemplates["client_message"], "excerpt"> | Pick<EmailTemplates["client_task"], "taskName" | "amount">;
  let template: Extract<EmailTemplateName, "client_message" | "client_task">;
  if (update.kind === "message") {
    const message = messageRows[0];
    if (!message || message.author !== "freelancer") return 0;
    template = "client_message";
    content = { excerpt: excerpt(message.body, CLIENT_MESSAGE_EXCERPT_LENGTH) };
  } else {
    const task = taskRows[0];
    if (!task || task.acceptance !== "pending") return 0;
    template = "client_task";
    content = { taskName: task.name, amount: task.amount };
  }

  const clientLink = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), env.APP_ORIGIN, { id: row.id, shareTokenEncrypted: row.shareTokenEncrypted });
  if (!clientLink) return 0;

  const now = new Date();
  const cutoff = new Date(now.getTime() - CLIENT_MESSAGE_EMAIL_INTERVAL_MS).toISOString();
  const statements: BatchItem<"sqlite">[] = [];
  const outboxInsertIndexes: number[] = [];
  for (const recipient of recipients) {
    const outboxId = randomId();
    // The link read above must still be the project's link and the one this invitation's latest
    // e-mail carried. So a regeneration or a removal after the read leaves the address out.
    const subscribed = and(
      eq(invitations.id, recipient.id),
      isNull(invitations.unsubscribedAt),
      eq(invitations.sentShareTokenHash, currentHash),
      sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${project.id} AND ${projects.shareTokenHash} = ${currentHash})`,
    );
    // For messages the insert also checks the interval, and the UPDATE after it records the
    // e-mail. Both are in one transaction, so of two messages at once only one is e-mailed.
    const condition =
      template === "client_message"
        ? sql`EXISTS (SELECT 1 FROM ${invitations} WHERE ${subscribed}
                AND (${invitations.messageEmailedAt} IS NULL OR ${invitations.messageEmailedAt} <= ${cutoff}))`
        : sql`EXISTS (SELECT 1 FROM ${invitations} WHERE ${subscribed})`;
    outboxInsertIndexes.push(statements.length);
    statements.push(
      emailOutboxInsertWhen(
        db,
        outboxId,
        {
          userId: project.userId,
          to: recipient.email,
          toName: recipient.name,
          template,
          data: {
            locale: row.clientLocale,
            projectName: row.name,
            freelancerName: row.freelancerName,
            recipientName: recipient.name,
            clientLinkUrl: clientLink,
            unsubscribeUrl: await unsubscribeUrl(env.APP_ORIGIN, requireSecret(env, "SESSION_SECRET"), recipient.id),
            ...content,
          } as EmailTemplates[typeof template],
        },
        condition,
      ),
    );
    if (template === "client_message") {
      statements.push(
        db
          .update(invitations)
          .set({ messageEmailedAt: now.toISOString() })
          .where(and(eq(invitations.id, recipient.id), sql`EXISTS (SELECT 1 FROM ${emailOutbox} WHERE ${emailOutbox.id} = ${outboxId})`)),
      );
    }
  }

  const results: unknown[] = await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  const outboxIds = outboxInsertIndexes.flatMap((index) => (results[index] as { id: string }[]).map((written) => written.id));
  if (outboxIds.length > 0) {
    // A lost queue message leaves its row `queued`, and the scheduled job re-queues it.
    await env.EMAIL_QUEUE.sendBatch(outboxIds.map((outboxId) => ({ body: { outboxId } })));
  }
  return outboxIds.length;
}
