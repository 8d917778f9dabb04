import { and, asc, desc, eq, gt, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { emailOutbox, notificationDigests, notificationPrefs, notifications, projects, users } from "~/db/schema";
import type { NotificationDigestEmailData, NotificationEmailData } from "~/emails/templates";
import { randomId } from "~/utils/crypto.server";
import { logError, logInfo } from "~/utils/log.server";
import {
  DEFAULT_NOTIFICATION_PREFS,
  isEmailMode,
  isNotificationType,
  NOTIFICATION_TYPES,
  type EmailMode,
  type NotificationPrefs,
  type NotificationType,
  UNREAD_COUNT_CAP,
} from "~/utils/notification-types";
import { activityInsert } from "./activity.server";
import type { EmailJob } from "./email.server";

// Notifications tell the freelancer what the other side did. A feature writes one in the same
// D1 batch as its change (notificationInsert, or notificationInsertWhen after a conditional
// statement), then calls dispatchNotifications with the ids. The e-mail consumer then reads the
// freelancer's preferences and sends the e-mail now, keeps it for the daily digest, or drops it.

export { isNotificationType, NOTIFICATION_TYPES, type NotificationType } from "~/utils/notification-types";

/**
 * Keys of `data` that the feed and the e-mails read; a notification sets the ones of its type.
 * Every type may set `projectName` (shown when the project row cannot be read).
 * - task_accepted, task_rejected: taskName, amount (grosze), comment (the client's, or null)
 * - message: excerpt (at most 200 characters of the message)
 * - fix_request: number (as in "Poprawka #3"), title, excerpt (the start of the description)
 * - file: fileName
 * - invitation_delivered, invitation_failed: email, name (the invited client), reason (failed only)
 * - payment_received: number (the bill's), amount (grosze received), overpaid (grosze above the
 *   bill's total, when any) and reason (a Polish sentence naming the excess to refund)
 * - payment_problem: number (the bill's, when there is one), reason (a Polish sentence saying
 *   what happened and what to do: overpayment to refund, underpayment, test mode)
 */
export interface NotificationData {
  projectName?: string;
  taskName?: string;
  amount?: number;
  comment?: string | null;
  excerpt?: string;
  number?: number;
  title?: string;
  fileName?: string;
  email?: string;
  name?: string;
  reason?: string;
}

export interface NotificationInput {
  userId: string;
  projectId: string | null;
  type: NotificationType;
  /** Values the feed and the e-mail show (see NotificationData), never secrets or link tokens. */
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
 * A failed send is logged and not thrown, because the change it reports is already stored:
 * the scheduled job re-queues notifications still `pending` after five minutes.
 */
export async function dispatchNotifications(queue: Queue<unknown>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  try {
    await queue.sendBatch(ids.map((notificationId) => ({ body: { notificationId } satisfies NotificationJob })));
  } catch (error) {
    logError("notification.dispatch_failed", error, { notificationIds: ids });
  }
}

// ---------------------------------------------------------------------------------------------
// Preferences

export {
  DEFAULT_NOTIFICATION_PREFS,
  EMAIL_MODES,
  type EmailMode,
  type NotificationPref,
  type NotificationPrefs,
} from "~/utils/notification-types";

/** Returns the e-mail mode of a type, from the saved row when there is one. Unknown types get no e-mail. */
function emailModeFor(type: string, saved: string | null): EmailMode {
  if (isEmailMode(saved)) return saved;
  return isNotificationType(type) ? DEFAULT_NOTIFICATION_PREFS[type].email : "off";
}

/** Returns the freelancer's preference for every type: the saved row, or the default. */
export async function getNotificationPrefs(db: Db, userId: string): Promise<NotificationPrefs> {
  const rows = await db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, userId));
  const prefs = structuredClone(DEFAULT_NOTIFICATION_PREFS);
  for (const row of rows) {
    if (isNotificationType(row.type) && isEmailMode(row.email)) prefs[row.type] = { inFeed: row.inFeed, email: row.email };
  }
  return prefs;
}

/**
 * Stores every type's preference in one batch with an `account.notification_prefs_changed`
 * activity row listing what changed. Returns the changed types; when none changed, nothing
 * is written.
 */
export async function saveNotificationPrefs(db: Db, userId: string, next: NotificationPrefs): Promise<NotificationType[]> {
  const current = await getNotificationPrefs(db, userId);
  const changed = NOTIFICATION_TYPES.filter(
    (type) => current[type].inFeed !== next[type].inFeed || current[type].email !== next[type].email,
  );
  if (changed.length === 0) return [];

  const now = new Date().toISOString();
  const upserts = NOTIFICATION_TYPES.map((type) =>
    db
      .insert(notificationPrefs)
      .values({ userId, type, inFeed: next[type].inFeed, email: next[type].email, updatedAt: now })
      .onConflictDoUpdate({
        target: [notificationPrefs.userId, notificationPrefs.type],
        set: { inFeed: next[type].inFeed, email: next[type].email, updatedAt: now },
      }),
  );
  const changes = changed.map((type) => ({ type, from: current[type], to: next[type] }));
  await db.batch([
    activityInsert(db, { userId, actor: "freelancer", action: "account.notification_prefs_changed", data: { changes } }),
    ...upserts,
  ]);
  return changed;
}

// ---------------------------------------------------------------------------------------------
// Feed

export const NOTIFICATIONS_PAGE_SIZE = 30;


/**
 * True for a `notifications` row whose type the owner shows in the feed: the saved
 * preference, or the type's default (unknown types are shown). Column names are written out
 * with their table, because drizzle prints bare names in a one-table query.
 */
function inFeedCondition(): SQL {
  const defaults = sql.join(
    NOTIFICATION_TYPES.map((type) => sql`WHEN ${type} THEN ${DEFAULT_NOTIFICATION_PREFS[type].inFeed ? 1 : 0}`),
    sql` `,
  );
  return sql`COALESCE(
    (SELECT np.in_feed FROM notification_prefs np WHERE np.user_id = "notifications"."user_id" AND np.type = "notifications"."type"),
    CASE "notifications"."type" ${defaults} ELSE 1 END) = 1`;
}

function parseData(data: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Picks the project's current name, or the one stored with the notification when the row is gone. */
function projectNameOf(liveName: string | null, data: Record<string, unknown>): string | null {
  if (liveName) return liveName;
  return typeof data.projectName === "string" && data.projectName ? data.projectName : null;
}

export interface FeedItem {
  id: string;
  type: string;
  projectId: string | null;
  projectName: string | null;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: string;
}

/** Lists the freelancer's notifications of the types shown in the feed, newest first. */
export async function listNotifications(db: Db, userId: string, page: number): Promise<{ items: FeedItem[]; hasMore: boolean }> {
  return toFeedPage(await notificationsPageQuery(db, userId, page));
}

/** Builds the query of listNotifications, so a page can put it in its D1 batch; read its rows with toFeedPage. */
export function notificationsPageQuery(db: Db, userId: string, page: number) {
  return db
    .select({
      id: notifications.id,
      type: notifications.type,
      projectId: notifications.projectId,
      data: notifications.data,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      projectName: projects.name,
    })
    .from(notifications)
    .leftJoin(projects, and(eq(projects.id, notifications.projectId), eq(projects.userId, userId)))
    .where(and(eq(notifications.userId, userId), inFeedCondition()))
    // rowid orders notifications written in the same millisecond by insertion.
    .orderBy(desc(notifications.createdAt), desc(sql`"notifications"."rowid"`))
    .limit(NOTIFICATIONS_PAGE_SIZE + 1)
    .offset((page - 1) * NOTIFICATIONS_PAGE_SIZE);
}

/** Converts the rows of notificationsPageQuery to one page of the feed. */
export function toFeedPage(rows: Awaited<ReturnType<typeof notificationsPageQuery>>): { items: FeedItem[]; hasMore: boolean } {
  const items = rows.slice(0, NOTIFICATIONS_PAGE_SIZE).map((row) => {
    const data = parseData(row.data);
    return {
      id: row.id,
      type: row.type,
      projectId: row.projectName ? row.projectId : null,
      projectName: projectNameOf(row.projectName, data),
      data,
      read: row.readAt !== null,
      createdAt: row.createdAt,
    };
  });
  return { items, hasMore: rows.length > NOTIFICATIONS_PAGE_SIZE };
}

/**
 * Counts unread notifications shown in the feed, up to UNREAD_COUNT_CAP. One query that reads
 * only the partial index notifications_user_unread_idx (unread rows of the user) and, per
 * row, one primary-key lookup in notification_prefs.
 */
export async function countUnreadNotifications(db: Db, userId: string): Promise<number> {
  const [row] = await unreadCountQuery(db, userId);
  return row?.count ?? 0;
}

/**
 * Builds the query of countUnreadNotifications, exported so a test can check its query plan. The
 * user id may be an SQL expression, so the session read can batch the count before the user is read.
 */
export function unreadCountQuery(db: Db, userId: string | SQL) {
  const unread = db
    .select({ one: sql`1` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), inFeedCondition()))
    .limit(UNREAD_COUNT_CAP)
    .as("unread");
  return db.select({ count: sql<number>`count(*)` }).from(unread);
}

/** Marks one of the freelancer's notifications read; another user's id is `not_found`. */
export async function markNotificationRead(
  db: Db,
  userId: string,
  id: string,
  now = new Date(),
): Promise<"read" | "already_read" | "not_found"> {
  const [updated, existing] = await db.batch([
    db
      .update(notifications)
      .set({ readAt: now.toISOString() })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id }),
    db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
      .limit(1),
  ]);
  if (updated.length > 0) return "read";
  return existing.length > 0 ? "already_read" : "not_found";
}

/**
 * Marks the freelancer's unread feed notifications read, only those created at or before
 * `upTo` when given (the time the page was shown), so one that arrived later stays unread.
 * `upTo` is in the form of Date.toISOString(), because it is compared as text. Returns how
 * many changed.
 */
export async function markAllNotificationsRead(db: Db, userId: string, upTo: string | null, now = new Date()): Promise<number> {
  const changed = await db
    .update(notifications)
    .set({ readAt: now.toISOString() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        upTo ? lte(notifications.createdAt, upTo) : undefined,
        inFeedCondition(),
      ),
    )
    .returning({ id: notifications.id });
  return changed.length;
}

// ---------------------------------------------------------------------------------------------
// E-mails

export interface NotificationEmailDeps {
  db: Db;
  queue: Queue<EmailJob>;
  /** The app's origin for links in e-mails, such as https://app.klamp.pl. */
  origin: string;
}

/** `coalesced`: an immediate e-mail of the same kind went out shortly before or after, so this one sends none. */
export type NotificationEmailOutcome = "missing" | "handled" | "none" | "digest" | "sent" | "coalesced";

/**
 * Types whose immediate e-mails are coalesced: of the notifications of one of these types in one
 * project, created less than NOTIFICATION_EMAIL_INTERVAL_MS apart, at most one is e-mailed. The
 * others stay in the feed with email_state `none`, and the next e-mail (after the interval)
 * counts every unread one since the previous e-mail. Task decisions and failed invitations are
 * rare and each needs a response, so each is e-mailed.
 */
export const COALESCED_EMAIL_TYPES: readonly string[] = ["message", "file", "fix_request"];

/** Minimum time between the creation of two e-mailed notifications of one coalesced type and project. */
export const NOTIFICATION_EMAIL_INTERVAL_MS = 10 * 60_000;

/** How far back the e-mail looks for unread notifications to count, so the count query stays small. */
const COALESCED_COUNT_LOOKBACK_MS = 24 * 3_600_000;

/** Scope of one coalesced kind of e-mail: the owner, the project and the type. */
interface CoalesceScope {
  userId: string;
  projectId: string | null;
  type: string;
  createdAt: string;
}

/** Shifts an ISO timestamp by `ms`, keeping the Date.toISOString() form the stored ones have. */
function shiftedIso(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/**
 * SQL true when no notification of the scope within NOTIFICATION_EMAIL_INTERVAL_MS of its
 * creation (before or after it) is `sent`. The range on created_at reads the index
 * notifications_user_created_idx.
 */
function noEmailNearby(scope: CoalesceScope, notificationId: string): SQL {
  const from = shiftedIso(scope.createdAt, -NOTIFICATION_EMAIL_INTERVAL_MS);
  const to = shiftedIso(scope.createdAt, NOTIFICATION_EMAIL_INTERVAL_MS);
  return sql`NOT EXISTS (SELECT 1 FROM notifications nearby
    WHERE nearby.user_id = ${scope.userId} AND nearby.created_at > ${from} AND nearby.created_at < ${to}
      AND nearby.project_id IS ${scope.projectId} AND nearby.type = ${scope.type}
      AND nearby.email_state = 'sent' AND nearby.id <> ${notificationId})`;
}

/**
 * Counts the unread notifications of the scope that no e-mail has covered yet: created after the
 * latest `sent` one, up to and including this one, within the last COALESCED_COUNT_LOOKBACK_MS.
 * At least 1, for the notification being e-mailed.
 */
async function countUnmailed(db: Db, scope: CoalesceScope): Promise<number> {
  const since = shiftedIso(scope.createdAt, -COALESCED_COUNT_LOOKBACK_MS);
  const [row] = await db.all<{ count: number }>(sql`
    SELECT COUNT(*) AS count FROM notifications unmailed
    WHERE unmailed.user_id = ${scope.userId} AND unmailed.created_at > ${since} AND unmailed.created_at <= ${scope.createdAt}
      AND unmailed.project_id IS ${scope.projectId} AND unmailed.type = ${scope.type}
      AND unmailed.read_at IS NULL AND unmailed.email_state IN ('pending', 'none')
      AND unmailed.created_at > COALESCE((
        SELECT MAX(previous.created_at) FROM notifications previous
        WHERE previous.user_id = ${scope.userId} AND previous.created_at > ${since} AND previous.created_at < ${scope.createdAt}
          AND previous.project_id IS ${scope.projectId} AND previous.type = ${scope.type} AND previous.email_state = 'sent'), '')`);
  return Math.max(1, Number(row?.count ?? 0));
}

/** Outbox id of a notification's immediate e-mail: fixed, so a redelivered message cannot add a second one. */
export function notificationOutboxId(notificationId: string): string {
  return `notification-${notificationId}`;
}

function projectUrl(origin: string, projectId: string | null, type: string): string | null {
  if (!projectId) return null;
  return `${origin}/projects/${encodeURIComponent(projectId)}#${NOTIFICATION_SECTIONS[type] ?? ""}`;
}

/**
 * Sections of the freelancer's project page that each type links to: the `id` attributes of
 * its panels. The task list's section has no id of its own, so task decisions go to its heading.
 */
export const NOTIFICATION_SECTIONS: Record<string, string> = {
  task_accepted: "tasks-title",
  task_rejected: "tasks-title",
  message: "discussion",
  fix_request: "fix-requests",
  file: "files",
  invitation_delivered: "invitations",
  invitation_failed: "invitations",
  payment_received: "bills",
  payment_problem: "bills",
};

/** Path of the project section a notification is about, for the feed. */
export function notificationPath(projectId: string, type: string): string {
  const section = NOTIFICATION_SECTIONS[type];
  return `/projects/${encodeURIComponent(projectId)}${section ? `#${section}` : ""}`;
}

/**
 * Handles one notification for e-mail, by the owner's preference: `off` sets email_state
 * `none`, `digest` sets `digest`, `immediate` writes the outbox row and sets `sent` in one
 * batch and then queues the e-mail. Each step is conditional on email_state = 'pending', so a
 * redelivered queue message changes nothing (`handled`). The e-mail goes to the account's
 * address whether or not the freelancer is logged in.
 *
 * For COALESCED_EMAIL_TYPES the claiming UPDATE also requires that no notification of the same
 * type and project created within NOTIFICATION_EMAIL_INTERVAL_MS is `sent`. D1 runs statements
 * one at a time, so of concurrent consumers exactly one claims; the rest set `none` (`coalesced`).
 */
export async function processNotificationEmail(deps: NotificationEmailDeps, notificationId: string, now = new Date()): Promise<NotificationEmailOutcome> {
  const { db } = deps;
  const [row] = await db
    .select({
      id: notifications.id,
      userId: notifications.userId,
      projectId: notifications.projectId,
      type: notifications.type,
      data: notifications.data,
      emailState: notifications.emailState,
      createdAt: notifications.createdAt,
      toAddress: users.email,
      toName: users.name,
      savedEmailMode: notificationPrefs.email,
      projectName: projects.name,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(notificationPrefs, and(eq(notificationPrefs.userId, notifications.userId), eq(notificationPrefs.type, notifications.type)))
    .leftJoin(projects, and(eq(projects.id, notifications.projectId), eq(projects.userId, notifications.userId)))
    .where(eq(notifications.id, notificationId))
    .limit(1);
  if (!row) return "missing";
  if (row.emailState !== "pending") return "handled";

  const mode = emailModeFor(row.type, row.savedEmailMode);
  if (mode !== "immediate") {
    const state = mode === "digest" ? "digest" : "none";
    const changed = await db
      .update(notifications)
      .set({ emailState: state })
      .where(and(eq(notifications.id, notificationId), eq(notifications.emailState, "pending")))
      .returning({ id: notifications.id });
    return changed.length > 0 ? state : "handled";
  }

  const scope: CoalesceScope = { userId: row.userId, projectId: row.projectId, type: row.type, createdAt: row.createdAt };
  const coalesced = COALESCED_EMAIL_TYPES.includes(row.type);
  const data = parseData(row.data);
  const emailData: NotificationEmailData = {
    type: row.type,
    data,
    projectName: projectNameOf(row.projectName, data),
    projectUrl: row.projectName ? projectUrl(deps.origin, row.projectId, row.type) : null,
    settingsUrl: `${deps.origin}/settings/notifications`,
    count: coalesced ? await countUnmailed(db, scope) : 1,
  };
  const outboxId = notificationOutboxId(notificationId);
  const stamp = now.toISOString();
  const pending = and(eq(notifications.id, notificationId), eq(notifications.emailState, "pending"));
  const [claimed, , skipped] = await db.batch([
    db
      .update(notifications)
      .set({ emailState: "sent" })
      .where(coalesced ? and(pending, noEmailNearby(scope, notificationId)) : pending)
      .returning({ id: notifications.id }),
    // INSERT … SELECT in the column order of `email_outbox`, written only when this notification
    // is now `sent`. With the fixed outbox id a second writer's row is ignored.
    db
      .insert(emailOutbox)
      .select(
        sql`SELECT ${outboxId}, ${row.userId}, ${row.toAddress}, ${row.toName}, 'notification', ${JSON.stringify(emailData)},
                   NULL, 'queued', 0, NULL, NULL, NULL, NULL, ${stamp}, ${stamp}
            WHERE EXISTS (SELECT 1 FROM notifications WHERE id = ${notificationId} AND email_state = 'sent')`,
      )
      .onConflictDoNothing(),
    // Still pending after the claim: a nearby notification was e-mailed, so this one sends none.
    db.update(notifications).set({ emailState: "none" }).where(pending).returning({ id: notifications.id }),
  ]);
  if (skipped.length > 0) return "coalesced";
  if (claimed.length === 0) return "handled";
  // If this send fails, the outbox row stays `queued` and the scheduled job re-queues it.
  await deps.queue.send({ outboxId });
  return "sent";
}

// ---------------------------------------------------------------------------------------------
// Daily digest and the sweep of lost queue messages

/** Local Europe/Warsaw hour from which the day's digest goes out. */
export const DIGEST_HOUR = 8;

/** A digest lists at most this many notifications; the rest wait for the next day's digest. */
export const DIGEST_MAX_ITEMS = 100;

/** Users handled per scheduled run; the next run, ten minutes later, takes the rest. */
export const DIGEST_USERS_PER_RUN = 100;

const warsawClockFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Warsaw",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Returns the Europe/Warsaw calendar day (YYYY-MM-DD) and minutes since local midnight of an instant. */
export function warsawClock(instant: Date): { day: string; minutes: number } {
  const parts = Object.fromEntries(warsawClockFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/**
 * Sends the day's digest to every user whose notifications wait in email_state `digest` and
 * who has no digest for today's Europe/Warsaw day yet, once the local time is DIGEST_HOUR:00
 * or later. Returns the number of digests sent. Safe to run any number of times: the
 * `notification_digests` primary key (user, day) lets one run per user and day win.
 */
export async function sendDueDigests(deps: NotificationEmailDeps, now = new Date()): Promise<number> {
  const { day, minutes } = warsawClock(now);
  if (minutes < DIGEST_HOUR * 60) return 0;

  const due = await deps.db
    .selectDistinct({ userId: notifications.userId })
    .from(notifications)
    .where(
      and(
        eq(notifications.emailState, "digest"),
        sql`NOT EXISTS (SELECT 1 FROM notification_digests d WHERE d.user_id = "notifications"."user_id" AND d.day = ${day})`,
      ),
    )
    .limit(DIGEST_USERS_PER_RUN);

  let sent = 0;
  for (const { userId } of due) {
    try {
      if (await sendDigest(deps, userId, day, now)) sent += 1;
    } catch (error) {
      // One user's failure must not hold back the others; the next run retries this user.
      logError("notification.digest_failed", error, { userId, day });
    }
  }
  return sent;
}

async function sendDigest(deps: NotificationEmailDeps, userId: string, day: string, now: Date): Promise<boolean> {
  const { db } = deps;
  const [userRows, items] = await db.batch([
    db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).limit(1),
    db
      .select({
        id: notifications.id,
        projectId: notifications.projectId,
        type: notifications.type,
        data: notifications.data,
        createdAt: notifications.createdAt,
        // An alias, because D1 batch rows are keyed by column name.
        projectName: sql<string | null>`${projects.name}`.as("project_name"),
      })
      .from(notifications)
      .leftJoin(projects, and(eq(projects.id, notifications.projectId), eq(projects.userId, userId)))
      .where(and(eq(notifications.userId, userId), eq(notifications.emailState, "digest")))
      .orderBy(asc(notifications.createdAt))
      .limit(DIGEST_MAX_ITEMS),
  ]);
  const user = userRows[0];
  if (!user || items.length === 0) return false;

  const emailData: NotificationDigestEmailData = {
    day,
    items: items.map((item) => {
      const data = parseData(item.data);
      return {
        type: item.type,
        data,
        projectName: projectNameOf(item.projectName, data),
        createdAt: item.createdAt,
      };
    }),
    notificationsUrl: `${deps.origin}/notifications`,
    settingsUrl: `${deps.origin}/settings/notifications`,
  };

  // Each run uses its own outbox id. The statements after the digest row check that this run's
  // id is the one stored, so a run that lost the race for (user, day) writes no e-mail and marks
  // none of the notifications it read as digested.
  const outboxId = randomId();
  const stamp = now.toISOString();
  const thisRunWon = sql`EXISTS (SELECT 1 FROM notification_digests WHERE user_id = ${userId} AND day = ${day} AND outbox_id = ${outboxId})`;
  const [inserted] = await db.batch([
    db
      .insert(notificationDigests)
      .values({ userId, day, outboxId, createdAt: stamp })
      .onConflictDoNothing()
      .returning({ day: notificationDigests.day }),
    db.insert(emailOutbox).select(
      sql`SELECT ${outboxId}, ${userId}, ${user.email}, ${user.name}, 'notification_digest', ${JSON.stringify(emailData)},
                 NULL, 'queued', 0, NULL, NULL, NULL, NULL, ${stamp}, ${stamp}
          WHERE ${thisRunWon}`,
    ),
    db
      .update(notifications)
      .set({ emailState: "digested" })
      .where(
        and(
          eq(notifications.userId, userId),
          eq(notifications.emailState, "digest"),
          // One JSON parameter instead of one per id: D1 binds at most 100 parameters per statement.
          sql`${notifications.id} IN (SELECT value FROM json_each(${JSON.stringify(items.map((item) => item.id))}))`,
          thisRunWon,
        ),
      ),
  ]);
  if (inserted.length === 0) return false;
  // If this send fails, the outbox row stays `queued` and the scheduled job re-queues it.
  await deps.queue.send({ outboxId });
  logInfo("notification.digest_queued", { userId, day, count: items.length });
  return true;
}

/** A notification still `pending` this long after it was written has probably lost its queue message. */
export const NOTIFICATION_STRANDED_AFTER_MS = 5 * 60_000;

/** Older pending notifications are left alone, so one that always fails is not re-queued forever. */
export const NOTIFICATION_REDISPATCH_WINDOW_MS = 24 * 3_600_000;

/** Puts notifications still `pending` after five minutes (up to a day old) back on the queue. Returns how many. */
export async function redispatchStrandedNotifications(db: Db, queue: Queue<unknown>, now = new Date()): Promise<number> {
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.emailState, "pending"),
        lt(notifications.createdAt, new Date(now.getTime() - NOTIFICATION_STRANDED_AFTER_MS).toISOString()),
        gt(notifications.createdAt, new Date(now.getTime() - NOTIFICATION_REDISPATCH_WINDOW_MS).toISOString()),
      ),
    )
    .limit(100);
  await dispatchNotifications(
    queue,
    rows.map((row) => row.id),
  );
  return rows.length;
}
