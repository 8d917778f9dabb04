import { and, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { projects, type Project } from "~/db/schema";
import { decryptText, encryptText, randomToken, sha256Hex } from "~/utils/crypto.server";
import { logError } from "~/utils/log.server";
import { activityInsert } from "./activity.server";

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
 * Turns sharing on with a fresh token, or replaces the token (the old link stops at once).
 * Returns the new token, or null when the project is not the freelancer's.
 */
export async function issueShareToken(db: Db, encryptionKey: string, userId: string, projectId: string): Promise<string | null> {
  const project = await db.query.projects.findFirst({ where: and(eq(projects.id, projectId), eq(projects.userId, userId)) });
  if (!project) return null;
  const token = randomToken(32);
  const [updated] = await db.batch([
    db
      .update(projects)
      .set({
        shareTokenHash: await hashShareToken(token),
        shareTokenEncrypted: await encryptText(encryptionKey, token, projectId),
        updatedAt: new Date().toISOString(),
      })
      .where(and(eq(projects.id, projectId), eq(projects.userId, userId)))
      .returning({ id: projects.id }),
    activityInsert(db, {
      userId,
      projectId,
      actor: "freelancer",
      action: project.shareTokenHash ? "share.regenerated" : "share.enabled",
      subjectType: "project",
      subjectId: projectId,
    }),
  ]);
  return updated.length > 0 ? token : null;
}

/** Turns sharing off; the current link stops at once. */
export async function disableSharing(db: Db, userId: string, projectId: string): Promise<"disabled" | "already" | "not_found"> {
  const project = await db.query.projects.findFirst({ where: and(eq(projects.id, projectId), eq(projects.userId, userId)) });
  if (!project) return "not_found";
  if (!project.shareTokenHash) return "already";
  await db.batch([
    db
      .update(projects)
      .set({ shareTokenHash: null, shareTokenEncrypted: null, updatedAt: new Date().toISOString() })
      .where(and(eq(projects.id, projectId), eq(projects.userId, userId))),
    activityInsert(db, { userId, projectId, actor: "freelancer", action: "share.disabled", subjectType: "project", subjectId: projectId }),
  ]);
  return "disabled";
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
