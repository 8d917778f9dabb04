import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { emailOutbox, invitations, projects, type Invitation, type Project, type User } from "~/db/schema";
import { hmacSha256Hex, randomId, timingSafeEqualText } from "~/utils/crypto.server";
import { logError } from "~/utils/log.server";
import { activityInsertWhen } from "./activity.server";
import { emailOutboxInsertWhen, type EmailJob } from "./email.server";
import { clientLinkUrl, hashShareToken, issueShareToken, readClientLink } from "./share.server";
import { readPlan, runReadPlan } from "~/db/read-plan.server";

// "Wyślij zaproszenie": the freelancer e-mails the client link to a client. There is one
// invitation per project and address, and sending to the same address again is a resend. A
// resend reuses the client link and never issues a new one, so the client's link keeps working.
// Each invitation records the link its latest e-mail carried (sent_share_token_hash). After the
// link is regenerated or disabled, the address gets no client e-mails until it is resent.

/** Invitations shown on the project page; the invitations page lists all of them. */
export const INVITATIONS_PANEL_SIZE = 5;
export const INVITATIONS_PAGE_SIZE = 20;

export interface InvitationInput {
  /** Lower-cased address. */
  email: string;
  name: string;
  message: string | null;
}

export interface InvitationDeps {
  queue: Queue<EmailJob>;
  origin: string;
  encryptionKey: string;
  /** Signs the unsubscribe links (SESSION_SECRET). */
  signingSecret: string;
}

export type SendInvitationResult =
  | { status: "sent"; invitationId: string; sharingEnabled: boolean }
  /** `linkChanged`: the e-mail carries another link than the invitation's previous e-mail. */
  | { status: "resent"; invitationId: string; sharingEnabled: boolean; linkChanged: boolean }
  | { status: "unsubscribed" | "link_unavailable" | "link_changed" };

export type DeliveryState = "queued" | "retrying" | "sent" | "failed" | "unknown";

/** One row of the invitations list, with the delivery state of its latest e-mail. */
export interface InvitationListItem {
  id: string;
  email: string;
  name: string;
  sendCount: number;
  /** When the latest e-mail was queued: the invitation's last sending. */
  lastSentAt: string;
  delivery: DeliveryState;
  /** Reason the latest e-mail failed, or failed its last attempt while retrying. */
  deliveryError: string | null;
  deliveredAt: string | null;
  unsubscribedAt: string | null;
  /**
   * True when the latest e-mail carried a link that no longer opens the project (regenerated or
   * disabled since). Such an address gets no client e-mails until the invitation is resent.
   * Always false for an unsubscribed address.
   */
  linkOutdated: boolean;
}

function deliveryState(status: string | null): DeliveryState {
  if (status === "queued" || status === "sending") return "queued";
  if (status === "retrying" || status === "sent" || status === "failed") return status;
  return "unknown";
}

/**
 * Lists a project's invitations, most recently sent first, with the total count, in one query.
 * Reads `limit` rows from `offset`, and `hasMore` is true when more follow.
 */
export async function listInvitations(db: Db, userId: string, projectId: string, options: { limit: number; offset?: number }) {
  return runReadPlan(db, invitationsPlan(db, userId, projectId, options));
}

/** Plans the query of listInvitations, so a page can batch it with its other panels. */
export function invitationsPlan(db: Db, userId: string, projectId: string, options: { limit: number; offset?: number }) {
  const query = db
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      sendCount: invitations.sendCount,
      lastSentAt: sql<string>`COALESCE(${emailOutbox.createdAt}, ${invitations.updatedAt})`,
      unsubscribedAt: invitations.unsubscribedAt,
      outboxStatus: emailOutbox.status,
      outboxError: emailOutbox.lastError,
      outboxSentAt: emailOutbox.sentAt,
      // IS NOT compares NULLs as values: sharing off (NULL) differs from any recorded link.
      linkOutdated: sql<number>`${invitations.sentShareTokenHash} IS NOT ${projects.shareTokenHash}`,
      total: sql<number>`COUNT(*) OVER ()`,
    })
    .from(invitations)
    .innerJoin(projects, and(eq(projects.id, invitations.projectId), eq(projects.userId, invitations.userId)))
    .leftJoin(emailOutbox, eq(emailOutbox.id, invitations.outboxId))
    .where(and(eq(invitations.userId, userId), eq(invitations.projectId, projectId)))
    .orderBy(desc(invitations.updatedAt), desc(invitations.id))
    .limit(options.limit + 1)
    .offset(options.offset ?? 0);
  return readPlan([query], ([rows]) => {
  const items: InvitationListItem[] = rows.slice(0, options.limit).map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    sendCount: row.sendCount,
    lastSentAt: row.lastSentAt,
    delivery: deliveryState(row.outboxStatus),
    deliveryError: row.outboxStatus === "failed" || row.outboxStatus === "retrying" ? row.outboxError : null,
    deliveredAt: row.outboxStatus === "sent" ? row.outboxSentAt : null,
    unsubscribedAt: row.unsubscribedAt,
    linkOutdated: row.unsubscribedAt === null && Boolean(row.linkOutdated),
  }));
  // COUNT(*) OVER () is computed before OFFSET, so a page past the end has no row to read it from.
  return { items, total: rows[0]?.total ?? 0, hasMore: rows.length > options.limit };
  });
}

export async function getInvitation(db: Db, userId: string, projectId: string, invitationId: string): Promise<Invitation | undefined> {
  return db.query.invitations.findFirst({
    where: and(eq(invitations.id, invitationId), eq(invitations.userId, userId), eq(invitations.projectId, projectId)),
  });
}

/** Reads the project's invitation for a lower-cased address, if the address was invited. */
export async function findInvitationByEmail(db: Db, userId: string, projectId: string, email: string): Promise<Invitation | undefined> {
  return db.query.invitations.findFirst({
    where: and(eq(invitations.email, email), eq(invitations.userId, userId), eq(invitations.projectId, projectId)),
  });
}

/**
 * Resolves the client link the e-mail carries. With sharing off it turns sharing on; with sharing
 * on it decrypts the stored copy, so the link the client may already have stays the same.
 */
async function resolveClientLink(db: Db, deps: InvitationDeps, project: Project) {
  let current = project;
  if (!current.shareTokenHash) {
    const token = await issueShareToken(db, deps.encryptionKey, project.userId, project.id, null);
    if (token) return { url: clientLinkUrl(deps.origin, token), tokenHash: await hashShareToken(token), sharingEnabled: true };
    // A parallel request turned sharing on first: use its link.
    const reread = await db.query.projects.findFirst({ where: and(eq(projects.id, project.id), eq(projects.userId, project.userId)) });
    if (!reread?.shareTokenHash) return null;
    current = reread;
  }
  const url = await readClientLink(deps.encryptionKey, deps.origin, current);
  if (!url || !current.shareTokenHash) return null;
  return { url, tokenHash: current.shareTokenHash, sharingEnabled: false };
}

/**
 * Sends (or resends, for an address already invited to the project) the invitation e-mail with
 * the current client link, and records that link's hash on the invitation, so the address gets
 * client e-mails again. The outbox row, the invitation row and the activity row are one batch, which
 * writes nothing if the link changed meanwhile (regenerated or disabled in another tab) or the
 * address unsubscribed. The e-mail is queued after the batch; a lost queue message is re-queued
 * by the scheduled job, because the row stays `queued`.
 */
export async function sendInvitation(
  db: Db,
  deps: InvitationDeps,
  sender: Pick<User, "id" | "name">,
  project: Project,
  input: InvitationInput,
  retryOnConflict = true,
): Promise<SendInvitationResult> {
  const existing = await db.query.invitations.findFirst({
    where: and(eq(invitations.projectId, project.id), eq(invitations.userId, sender.id), eq(invitations.email, input.email)),
  });
  if (existing?.unsubscribedAt) return { status: "unsubscribed" };

  const link = await resolveClientLink(db, deps, project);
  if (!link) return { status: project.shareTokenHash ? "link_unavailable" : "link_changed" };

  const invitationId = existing?.id ?? randomId();
  const outboxId = randomId();
  const now = new Date().toISOString();
  const outboxWritten = sql`EXISTS (SELECT 1 FROM ${emailOutbox} WHERE ${emailOutbox.id} = ${outboxId})`;
  const outboxInsert = emailOutboxInsertWhen(
    db,
    outboxId,
    {
      userId: sender.id,
      to: input.email,
      toName: input.name,
      template: "invitation",
      data: {
        locale: project.clientLocale,
        projectName: project.name,
        freelancerName: sender.name,
        recipientName: input.name,
        message: input.message,
        clientLinkUrl: link.url,
        unsubscribeUrl: await unsubscribeUrl(deps.origin, deps.signingSecret, invitationId),
      },
    },
    sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${project.id} AND ${projects.userId} = ${sender.id}
                  AND ${projects.shareTokenHash} = ${link.tokenHash})
        AND NOT EXISTS (SELECT 1 FROM ${invitations} WHERE ${invitations.projectId} = ${project.id}
                  AND ${invitations.email} = ${input.email} AND ${invitations.unsubscribedAt} IS NOT NULL)`,
  );
  const invitationWrite = existing
    ? db
        .update(invitations)
        .set({
          name: input.name,
          message: input.message,
          outboxId,
          sentShareTokenHash: link.tokenHash,
          sendCount: sql`${invitations.sendCount} + 1`,
          updatedAt: now,
        })
        .where(and(eq(invitations.id, existing.id), isNull(invitations.unsubscribedAt), outboxWritten))
    : // The selected values follow the column order of `invitations` in app/db/schema.ts: drizzle
      // names the columns in that order, which differs from the table's (ALTER TABLE appends).
      db.insert(invitations).select(sql`
        SELECT ${invitationId}, ${sender.id}, ${project.id}, ${input.email}, ${input.name}, ${input.message},
               ${outboxId}, ${link.tokenHash}, 1, NULL, NULL, ${now}, ${now}
        WHERE ${outboxWritten}`);
  const activityRow = activityInsertWhen(
    db,
    {
      userId: sender.id,
      projectId: project.id,
      actor: "freelancer",
      action: existing ? "invitation.resent" : "invitation.sent",
      subjectType: "invitation",
      subjectId: invitationId,
      data: { email: input.email, name: input.name },
    },
    outboxWritten,
  );

  let written: { id: string }[];
  try {
    [written] = await db.batch([outboxInsert, invitationWrite, activityRow]);
  } catch (error) {
    // Two first sendings to one address at once: the loser's insert breaks the unique index and
    // its whole batch rolls back, so it runs again as a resend of the winner's invitation.
    if (retryOnConflict && !existing && String(error).includes("UNIQUE constraint failed")) {
      return sendInvitation(db, deps, sender, project, input, false);
    }
    throw error;
  }
  if (written.length === 0) {
    const unsubscribed = await db.query.invitations.findFirst({
      where: and(eq(invitations.projectId, project.id), eq(invitations.email, input.email), isNotNull(invitations.unsubscribedAt)),
    });
    return { status: unsubscribed ? "unsubscribed" : "link_changed" };
  }

  try {
    await deps.queue.send({ outboxId });
  } catch (error) {
    // The row stays `queued`; the scheduled job re-queues such rows after 10 minutes.
    logError("invitation.queue_failed", error, { outboxId, invitationId });
  }
  if (!existing) return { status: "sent", invitationId, sharingEnabled: link.sharingEnabled };
  return { status: "resent", invitationId, sharingEnabled: link.sharingEnabled, linkChanged: existing.sentShareTokenHash !== link.tokenHash };
}

export type RemoveInvitationResult = "removed" | "not_found" | "unsubscribed";

/**
 * Deletes an invitation and records `invitation.removed`, in one batch, so the address gets no
 * more client e-mails (they go only to invitation rows). An unsubscribed invitation is kept: its
 * row is the record of the unsubscribe, which stops a new invitation to the address. An e-mail
 * already queued when the invitation is removed is still delivered.
 */
export async function removeInvitation(
  db: Db,
  invitation: Pick<Invitation, "id" | "userId" | "projectId" | "email" | "name">,
): Promise<RemoveInvitationResult> {
  const removable = and(
    eq(invitations.id, invitation.id),
    eq(invitations.userId, invitation.userId),
    eq(invitations.projectId, invitation.projectId),
    isNull(invitations.unsubscribedAt),
  );
  const [, deleted] = await db.batch([
    activityInsertWhen(
      db,
      {
        userId: invitation.userId,
        projectId: invitation.projectId,
        actor: "freelancer",
        action: "invitation.removed",
        subjectType: "invitation",
        subjectId: invitation.id,
        data: { email: invitation.email, name: invitation.name },
      },
      sql`EXISTS (SELECT 1 FROM ${invitations} WHERE ${removable})`,
    ),
    db.delete(invitations).where(removable).returning({ id: invitations.id }),
  ]);
  if (deleted.length > 0) return "removed";

  const remaining = await getInvitation(db, invitation.userId, invitation.projectId, invitation.id);
  return remaining?.unsubscribedAt ? "unsubscribed" : "not_found";
}

// Unsubscribe links are /u/<invitation id>.<HMAC-SHA-256 of the id>: the server recomputes the
// signature, so a link works only for the invitation it was made for, and nothing is stored.
const UNSUBSCRIBE_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([0-9a-f]{64})$/;

function unsubscribeSignature(secret: string, invitationId: string): Promise<string> {
  // The prefix keeps these signatures apart from any other HMAC made with the same secret.
  return hmacSha256Hex(secret, `klamp-unsubscribe:v1:${invitationId}`);
}

export async function unsubscribeToken(secret: string, invitationId: string): Promise<string> {
  return `${invitationId}.${await unsubscribeSignature(secret, invitationId)}`;
}

export async function unsubscribeUrl(origin: string, secret: string, invitationId: string): Promise<string> {
  return `${origin}/u/${await unsubscribeToken(secret, invitationId)}`;
}

/**
 * Reads an unsubscribe link's invitation with its project's name and client language, or null
 * for a malformed token, a wrong signature or an invitation that no longer exists.
 */
export async function findInvitationByUnsubscribeToken(db: Db, secret: string, token: string | undefined) {
  const match = token ? UNSUBSCRIBE_TOKEN.exec(token) : null;
  if (!match) return null;
  const [, invitationId, signature] = match;
  if (!timingSafeEqualText(signature, await unsubscribeSignature(secret, invitationId))) return null;
  const [row] = await db
    .select({
      id: invitations.id,
      userId: invitations.userId,
      projectId: invitations.projectId,
      email: invitations.email,
      unsubscribedAt: invitations.unsubscribedAt,
      projectName: projects.name,
      clientLocale: projects.clientLocale,
    })
    .from(invitations)
    .innerJoin(projects, and(eq(projects.id, invitations.projectId), eq(projects.userId, invitations.userId)))
    .where(eq(invitations.id, invitationId))
    .limit(1);
  return row ?? null;
}

/**
 * Stops the project's e-mails to the invitation's address and records it, in one batch. Returns
 * false when the address had already unsubscribed (nothing is written again).
 */
export async function unsubscribeInvitation(db: Db, invitation: { id: string; userId: string; projectId: string; email: string }) {
  const stillSubscribed = and(eq(invitations.id, invitation.id), isNull(invitations.unsubscribedAt));
  const now = new Date().toISOString();
  const [, updated] = await db.batch([
    activityInsertWhen(
      db,
      {
        userId: invitation.userId,
        projectId: invitation.projectId,
        actor: "client",
        action: "invitation.unsubscribed",
        subjectType: "invitation",
        subjectId: invitation.id,
        data: { email: invitation.email },
      },
      sql`EXISTS (SELECT 1 FROM ${invitations} WHERE ${stillSubscribed})`,
    ),
    db.update(invitations).set({ unsubscribedAt: now, updatedAt: now }).where(stillSubscribed).returning({ id: invitations.id }),
  ]);
  return updated.length > 0;
}
