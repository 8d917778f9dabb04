import { and, desc, eq, gt, lt, ne, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { activity, sessions, users } from "~/db/schema";
import { randomId, randomToken, sha256Hex } from "~/utils/crypto.server";
import { activityInsert } from "./activity.server";
import { unreadCountQuery } from "./notifications.server";

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

/**
 * Loads the session, its user and the user's unread notification count (for the header) in one
 * D1 batch, so every page starts with one round trip. Returns null for unknown, revoked or
 * expired sessions and for inactive users.
 */
export async function getSessionWithUser(db: Db, sessionId: string) {
  const idHash = await sha256Hex(sessionId);
  // The user and the count find the user id in the same session row, and are used only when that
  // row passes the checks below. The session and the user are two selects, not one join, because
  // D1 returns batch rows as objects keyed by column name and both tables have `created_at`.
  const sessionUserId = sql`(SELECT ${sessions.userId} FROM ${sessions} WHERE ${sessions.idHash} = ${idHash})`;
  const [[session], [user], [unread]] = await db.batch([
    db.select().from(sessions).where(eq(sessions.idHash, idHash)).limit(1),
    db.select().from(users).where(eq(users.id, sessionUserId)).limit(1),
    unreadCountQuery(db, sessionUserId),
  ]);
  if (!session || !user || session.expiresAt <= new Date().toISOString() || user.status !== "active") return null;
  return { session, user, unreadNotifications: unread?.count ?? 0 };
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

/**
 * Returns the id under which a page may refer to a session: the SHA-256 of its stored id hash.
 * The stored hash never leaves the server, and neither it nor the cookie value can be derived
 * from this id.
 */
export async function sessionPublicId(idHash: string): Promise<string> {
  return sha256Hex(`session-public-id:${idHash}`);
}

/** Lists the user's unexpired sessions, most recently used first, each with its public id. */
export async function listUserSessions(db: Db, userId: string) {
  const rows = await db
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
  return Promise.all(rows.map(async (row) => ({ ...row, publicId: await sessionPublicId(row.idHash) })));
}

/**
 * Builds the `account.sessions_revoked` row for a batch whose previous statement deleted
 * sessions. SQLite's changes() still returns that DELETE's row count while this INSERT runs, so
 * the row stores the exact count, and a DELETE that lost a race to another revoke writes no row.
 */
function sessionsRevokedActivity(db: Db, userId: string, scope: "one" | "others") {
  // The selected values follow the column order of the `activity` table, as in activityInsertWhen.
  return db.insert(activity).select(sql`
    SELECT ${randomId()}, ${userId}, NULL, 'freelancer', 'account.sessions_revoked', NULL, NULL,
           json_object('scope', ${scope}, 'count', changes()), ${new Date().toISOString()}
    WHERE changes() > 0`);
}

export type RevokeSessionResult =
  | { status: "revoked"; userAgent: string | null }
  | { status: "current" }
  | { status: "not_found" };

/**
 * Ends one of the user's other sessions, found by its public id ("Wyloguj" in Settings →
 * Bezpieczeństwo). The current session is rejected, because the normal logout ends it. An id of
 * another user's session, an expired one or an unknown one gives not_found.
 */
export async function revokeSession(db: Db, userId: string, publicId: string, currentIdHash: string): Promise<RevokeSessionResult> {
  const rows = await db
    .select({ idHash: sessions.idHash, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date().toISOString())));
  let target: (typeof rows)[number] | undefined;
  for (const row of rows) {
    if ((await sessionPublicId(row.idHash)) === publicId) {
      target = row;
      break;
    }
  }
  if (!target) return { status: "not_found" };
  if (target.idHash === currentIdHash) return { status: "current" };

  const [deleted] = await db.batch([
    db
      .delete(sessions)
      .where(and(eq(sessions.idHash, target.idHash), eq(sessions.userId, userId)))
      .returning({ idHash: sessions.idHash }),
    sessionsRevokedActivity(db, userId, "one"),
  ]);
  return deleted.length > 0 ? { status: "revoked", userAgent: target.userAgent } : { status: "not_found" };
}

/**
 * "Wyloguj z pozostałych urządzeń": ends every unexpired session of the user except the current
 * one and returns how many it ended. Expired rows are left to deleteExpiredSessions, so the count
 * matches the list the user saw.
 */
export async function revokeOtherSessions(db: Db, userId: string, currentIdHash: string): Promise<number> {
  const [deleted] = await db.batch([
    db
      .delete(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          ne(sessions.idHash, currentIdHash),
          gt(sessions.expiresAt, new Date().toISOString()),
        ),
      )
      .returning({ idHash: sessions.idHash }),
    sessionsRevokedActivity(db, userId, "others"),
  ]);
  return deleted.length;
}

export async function deleteExpiredSessions(db: Db) {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date().toISOString()));
}
