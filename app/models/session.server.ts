import { and, desc, eq, gt, lt, ne } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { sessions, users } from "~/db/schema";
import { randomToken, sha256Hex } from "~/utils/crypto.server";
import { activityInsert } from "./activity.server";

export const SESSION_TTL_DAYS = 30;
/** last_used_at is refreshed at most this often, so most requests do not write. */
const TOUCH_INTERVAL_MS = 10 * 60_000;

/**
 * Creates a session row with its `account.logged_in` activity row and returns the random id
 * for the cookie; D1 stores only its hash.
 */
export async function createSession(
  db: Db,
  userId: string,
  options: { userAgent?: string | null; pinTokenId?: string | null } = {},
): Promise<string> {
  const sessionId = randomToken();
  const now = new Date();
  const userAgent = options.userAgent?.slice(0, 300) ?? null;
  const pinTokenId = options.pinTokenId ?? null;
  await db.batch([
    db.insert(sessions).values({
      idHash: await sha256Hex(sessionId),
      userId,
      userAgent,
      pinTokenId,
      createdAt: now.toISOString(),
      lastUsedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_DAYS * 86_400_000).toISOString(),
    }),
    activityInsert(db, {
      userId,
      actor: "freelancer",
      action: "account.logged_in",
      data: { method: pinTokenId ? "pin" : "password", userAgent },
    }),
  ]);
  return sessionId;
}

/** Loads the session and its user in one query; null for unknown, revoked or expired sessions. */
export async function getSessionWithUser(db: Db, sessionId: string) {
  const idHash = await sha256Hex(sessionId);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, idHash))
    .limit(1);
  if (!row || row.session.expiresAt <= new Date().toISOString() || row.user.status !== "active") return null;
  return row;
}

/** True when last_used_at is old enough to be worth a write. */
export function sessionNeedsTouch(lastUsedAt: string, now = Date.now()): boolean {
  return now - Date.parse(lastUsedAt) > TOUCH_INTERVAL_MS;
}

export async function touchSession(db: Db, idHash: string) {
  await db.update(sessions).set({ lastUsedAt: new Date().toISOString() }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.idHash, await sha256Hex(sessionId)));
}

/** Revokes every session of the user, or every one but `keepIdHash`. */
export async function deleteUserSessions(db: Db, userId: string, keepIdHash?: string) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepIdHash ? ne(sessions.idHash, keepIdHash) : undefined));
}

/** "Wyloguj ze wszystkich urządzeń": ends every session of the user, this one included. */
export async function revokeAllSessions(db: Db, userId: string) {
  await db.batch([
    db.delete(sessions).where(eq(sessions.userId, userId)),
    activityInsert(db, { userId, actor: "freelancer", action: "account.sessions_revoked" }),
  ]);
}

export async function clearSessionPin(db: Db, idHash: string) {
  await db.update(sessions).set({ pinTokenId: null }).where(eq(sessions.idHash, idHash));
}

/** Lists the user's unexpired sessions, most recently used first. */
export async function listUserSessions(db: Db, userId: string) {
  return db
    .select({
      idHash: sessions.idHash,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastUsedAt: sessions.lastUsedAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date().toISOString())))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.createdAt))
    .limit(50);
}

export async function deleteExpiredSessions(db: Db) {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date().toISOString()));
}
