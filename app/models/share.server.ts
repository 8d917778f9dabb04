import { and, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { projects, type Project } from "~/db/schema";
import { decryptText, encryptText, randomToken, sha256Hex } from "~/utils/crypto.server";
import { logError } from "~/utils/log.server";
import { activityInsertWhen } from "./activity.server";

// Client links are /p/<token> with 256 random bits. D1 keeps the SHA-256 of the token for
// lookup and an AES-GCM copy (bound to the project id) so the freelancer can copy the link again.

export function clientLinkUrl(origin: string, token: string): string {
  return `${origin}/p/${token}`;
}

export async function hashShareToken(token: string): Promise<string> {
  return sha256Hex(token);
}

/** Tokens have a fixed shape; anything else is rejected before hashing or querying. */
export function isWellFormedShareToken(token: string | undefined): token is string {
  return !!token && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Sets the project's share columns only while `guard` holds, and records `action` in the same
 * batch. The activity insert runs first, with the same condition as the UPDATE. A D1 batch is one
 * transaction, so both statements see the same row state. Of several parallel requests, only the
 * one whose UPDATE changes the row writes an activity row. Returns whether this request won.
 */
async function changeShareColumns(
  db: Db,
  userId: string,
  projectId: string,
  guard: SQL,
  values: Pick<Project, "shareTokenHash" | "shareTokenEncrypted">,
  action: "share.enabled" | "share.regenerated" | "share.disabled",
): Promise<boolean> {
  const condition = and(eq(projects.id, projectId), eq(projects.userId, userId), guard);
  const [, updated] = await db.batch([
    activityInsertWhen(
      db,
      { userId, projectId, actor: "freelancer", action, subjectType: "project", subjectId: projectId },
      sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${condition})`,
    ),
    db
      .update(projects)
      .set({ ...values, updatedAt: new Date().toISOString() })
      .where(condition)
      .returning({ id: projects.id }),
  ]);
  return updated.length > 0;
}

/**
 * Issues a fresh token. With `currentHash` null it turns sharing on, and only while sharing is
 * still off. Otherwise it replaces the token whose hash is `currentHash`, and the old link stops
 * at once. Returns the new token, or null when the project is not the freelancer's or its link
 * is no longer in the expected state (a parallel request changed it first).
 */
export async function issueShareToken(
  db: Db,
  encryptionKey: string,
  userId: string,
  projectId: string,
  currentHash: string | null,
): Promise<string | null> {
  const token = randomToken(32);
  const issued = await changeShareColumns(
    db,
    userId,
    projectId,
    currentHash === null ? isNull(projects.shareTokenHash) : eq(projects.shareTokenHash, currentHash),
    { shareTokenHash: await hashShareToken(token), shareTokenEncrypted: await encryptText(encryptionKey, token, projectId) },
    currentHash === null ? "share.enabled" : "share.regenerated",
  );
  return issued ? token : null;
}

/** Turns sharing off; the current link stops at once. */
export async function disableSharing(db: Db, userId: string, projectId: string): Promise<"disabled" | "already" | "not_found"> {
  const project = await db.query.projects.findFirst({ where: and(eq(projects.id, projectId), eq(projects.userId, userId)) });
  if (!project) return "not_found";
  if (!project.shareTokenHash) return "already";
  // A parallel "disable" that got there first leaves this one with nothing to change.
  const disabled = await changeShareColumns(
    db,
    userId,
    projectId,
    isNotNull(projects.shareTokenHash),
    { shareTokenHash: null, shareTokenEncrypted: null },
    "share.disabled",
  );
  return disabled ? "disabled" : "already";
}

/** Decrypts the current link for the freelancer's "copy" button; null when sharing is off. */
export async function readClientLink(encryptionKey: string, origin: string, project: Pick<Project, "id" | "shareTokenEncrypted">) {
  if (!project.shareTokenEncrypted) return null;
  try {
    return clientLinkUrl(origin, await decryptText(encryptionKey, project.shareTokenEncrypted, project.id));
  } catch (error) {
    logError("share.decrypt_failed", error, { projectId: project.id });
    return null;
  }
}
