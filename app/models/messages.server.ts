import { and, asc, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { messages, projects, users, type Message } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";
import { logError } from "~/utils/log.server";
import { activityInsertWhen } from "./activity.server";
import { emailClientRecipients } from "./client-emails.server";
import { dispatchNotifications, notificationInsertWhen } from "./notifications.server";
import { readPlan, runReadPlan, type ReadPlan } from "~/db/read-plan.server";

// The discussion thread of a project: one list of plain-text messages from the freelancer and
// the client, ordered by `seq`. Every query is scoped by the project AND its owner's user id.
// The thread stays open after a project is completed: the completed state only freezes tasks.

/** Messages on one page of the thread, and the most one "after" poll returns. */
export const MESSAGES_PAGE_SIZE = 30;
export const MESSAGES_AFTER_LIMIT = 100;

/** Characters of a message kept in its activity row and notification. */
export const MESSAGE_EXCERPT_LENGTH = 160;

/** Attempts of one post when a concurrent post took the same `seq` (see postMessage). */
const POST_ATTEMPTS = 4;

export type MessageAuthor = Message["author"];

export interface ThreadOwner {
  userId: string;
  projectId: string;
}

/** The fields of a message that both sides receive. The owner's id and the client key stay on the server. */
export type MessageView = Pick<Message, "id" | "seq" | "author" | "body" | "createdAt">;

/**
 * Part of the thread to read: the newest page, the page before a `seq` (paging backwards), or
 * the messages after a `seq` (the panel's poll for new messages).
 */
export type MessageCursor = { kind: "newest" } | { kind: "before"; seq: number } | { kind: "after"; seq: number };

export interface MessageSlice {
  /** Oldest first, so the newest message is at the bottom. */
  messages: MessageView[];
  /** newest/before: older messages exist. after: more new messages than one poll returns. */
  more: boolean;
}

const messageView = {
  id: messages.id,
  seq: messages.seq,
  author: messages.author,
  body: messages.body,
  createdAt: messages.createdAt,
};

function cursorCondition(cursor: MessageCursor): SQL | undefined {
  if (cursor.kind === "before") return lt(messages.seq, cursor.seq);
  if (cursor.kind === "after") return gt(messages.seq, cursor.seq);
  return undefined;
}

function cursorLimit(cursor: MessageCursor): number {
  return cursor.kind === "after" ? MESSAGES_AFTER_LIMIT : MESSAGES_PAGE_SIZE;
}

/** Builds the select of one slice. It reads one row more than the slice has, to tell whether there is more. */
function sliceQuery(db: Db, scope: SQL | undefined, cursor: MessageCursor) {
  return db
    .select(messageView)
    .from(messages)
    .where(and(scope, cursorCondition(cursor)))
    .orderBy(cursor.kind === "after" ? asc(messages.seq) : desc(messages.seq))
    .limit(cursorLimit(cursor) + 1);
}

/** Same as sliceQuery, for the project whose client link has the token hash `shareTokenHash`. */
function sharedSliceQuery(db: Db, shareTokenHash: string, cursor: MessageCursor) {
  return db
    .select(messageView)
    .from(messages)
    .innerJoin(projects, and(eq(projects.id, messages.projectId), eq(projects.userId, messages.userId)))
    .where(and(eq(projects.shareTokenHash, shareTokenHash), cursorCondition(cursor)))
    .orderBy(cursor.kind === "after" ? asc(messages.seq) : desc(messages.seq))
    .limit(cursorLimit(cursor) + 1);
}

function toSlice(rows: MessageView[], cursor: MessageCursor): MessageSlice {
  const limit = cursorLimit(cursor);
  const page = rows.slice(0, limit);
  return { messages: cursor.kind === "after" ? page : page.reverse(), more: rows.length > limit };
}

function ownerScope(owner: ThreadOwner): SQL | undefined {
  return and(eq(messages.projectId, owner.projectId), eq(messages.userId, owner.userId));
}

/** Reads one slice of a project's thread with one query. */
export async function listMessages(db: Db, owner: ThreadOwner, cursor: MessageCursor): Promise<MessageSlice> {
  return toSlice(await sliceQuery(db, ownerScope(owner), cursor), cursor);
}

/** Parses a `seq` (a whole number, 0 or more) from a query parameter, or returns null for anything else. */
export function parseSeq(value: string | null): number | null {
  if (value === null || !/^(?:0|[1-9]\d{0,9})$/.test(value)) return null;
  return Number(value);
}

/**
 * Reads the thread routes' `?after=<seq>` or `?before=<seq>` (neither: the newest page).
 * Returns null for a malformed value or for both at once.
 */
export function parseThreadCursor(searchParams: URLSearchParams): MessageCursor | null {
  const after = searchParams.get("after");
  const before = searchParams.get("before");
  if (after !== null && before !== null) return null;
  if (after === null && before === null) return { kind: "newest" };
  const seq = parseSeq(after ?? before);
  if (seq === null) return null;
  return after !== null ? { kind: "after", seq } : { kind: "before", seq };
}

/** Data a page needs to show the discussion panel. */
export interface DiscussionPage {
  messages: MessageView[];
  hasOlder: boolean;
  /** The page shows an older page of the thread (`?messagesBefore=`), not the newest messages. */
  olderWindow: boolean;
  /** Fresh key for the form's hidden `clientKey` field. */
  clientKey: string;
}

/**
 * Reads the newest page of the thread for a project page, or the page before `before` (the
 * `messagesBefore` parameter of the page's "Wcześniejsze wiadomości" link without JavaScript).
 * One query. A `before` that is not a whole number shows the newest page.
 */
export async function getDiscussionPage(db: Db, owner: ThreadOwner, before: string | null): Promise<DiscussionPage> {
  return runReadPlan(db, discussionPagePlan(db, owner, before));
}

/** Plans the reads of getDiscussionPage, so a page can batch them with its other panels. */
export function discussionPagePlan(db: Db, owner: ThreadOwner, before: string | null): ReadPlan<DiscussionPage> {
  const seq = parseSeq(before);
  const cursor: MessageCursor = seq === null ? { kind: "newest" } : { kind: "before", seq };
  return readPlan([sliceQuery(db, ownerScope(owner), cursor)], ([rows]) => {
    const slice = toSlice(rows, cursor);
    return { messages: slice.messages, hasOlder: slice.more, olderWindow: seq !== null, clientKey: randomId() };
  });
}

/** Reads the freelancer's thread in one D1 batch: the project (owned by `userId`) and one slice. */
export async function getFreelancerThread(db: Db, userId: string, projectId: string, cursor: MessageCursor) {
  const [projectRows, rows] = await db.batch([
    db
      .select({ id: projects.id, name: projects.name })
      .from(projects)
      .where(and(eq(projects.id, projectId), eq(projects.userId, userId)))
      .limit(1),
    sliceQuery(db, ownerScope({ userId, projectId }), cursor),
  ]);
  const project = projectRows[0];
  if (!project) return null;
  return { project, ...toSlice(rows, cursor) };
}

/**
 * Reads the client's thread for a client-link token hash in one D1 batch: the project's name
 * and client language, the freelancer's name, and one slice. Returns null when no project has
 * this hash (unknown, regenerated or disabled link).
 */
export async function getSharedThread(db: Db, shareTokenHash: string, cursor: MessageCursor) {
  const [projectRows, rows] = await db.batch([
    // D1 returns batch rows keyed by column name, so the freelancer's `name` gets an alias.
    db
      .select({
        id: projects.id,
        name: projects.name,
        clientLocale: projects.clientLocale,
        freelancerName: sql<string>`${users.name}`.as("freelancer_name"),
      })
      .from(projects)
      .innerJoin(users, eq(users.id, projects.userId))
      .where(eq(projects.shareTokenHash, shareTokenHash))
      .limit(1),
    sharedSliceQuery(db, shareTokenHash, cursor),
  ]);
  const project = projectRows[0];
  if (!project) return null;
  return { project, ...toSlice(rows, cursor) };
}

/** Shortens a message to one line of at most MESSAGE_EXCERPT_LENGTH characters. */
export function messageExcerpt(body: string): string {
  const line = body.replace(/\s+/g, " ").trim();
  const characters = Array.from(line);
  if (characters.length <= MESSAGE_EXCERPT_LENGTH) return line;
  return `${characters.slice(0, MESSAGE_EXCERPT_LENGTH - 1).join("").trimEnd()}…`;
}

export interface ThreadProject {
  id: string;
  userId: string;
  name: string;
}

export interface PostMessageInput {
  author: MessageAuthor;
  /** Already validated and normalized by messageSchema. */
  body: string;
  /** The form's random key, or null when the form sent none, so the post is never deduplicated. */
  clientKey: string | null;
  /**
   * For the client's posts: the token hash the client's link had when the request read the
   * project. The message is stored only while the project still has it, so a link disabled or
   * regenerated in the meantime stores nothing.
   */
  shareTokenHash?: string;
}

export type PostMessageResult = { status: "posted" | "duplicate"; message: MessageView } | { status: "not_found" };

function isSeqConflict(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (/UNIQUE constraint failed: messages\.project_id, messages\.seq/.test(current.message)) return true;
  }
  return false;
}

/**
 * Stores a message at the end of the project's thread, with its activity row and, for a
 * client's message, the freelancer's `message` notification, all in one D1 batch. Then it hands
 * the notification to the e-mail queue (client's message) or e-mails the invited clients
 * (freelancer's message).
 *
 * The INSERT picks `seq` as MAX + 1 itself, so concurrent posts get distinct positions. Should
 * two posts still pick the same `seq`, the unique (project_id, seq) index rejects one of them
 * and that post is tried again. A post whose client key the project already has stores nothing
 * and returns that earlier message as "duplicate" (a double submit).
 */
export async function postMessage(env: Env, db: Db, project: ThreadProject, input: PostMessageInput): Promise<PostMessageResult> {
  const id = randomId();
  const notificationId = randomId();
  const clientKey = input.clientKey ?? randomId();
  const excerpt = messageExcerpt(input.body);
  const projectGuard = and(
    eq(projects.id, project.id),
    eq(projects.userId, project.userId),
    input.shareTokenHash === undefined ? undefined : eq(projects.shareTokenHash, input.shareTokenHash),
  );
  const written = sql`EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.id} = ${id})`;

  const statements = () => {
    const now = new Date().toISOString();
    // INSERT … SELECT through the insert builder, with the selected values in the column order
    // of the `messages` table. SQLite needs the WHERE for ON CONFLICT after a SELECT to parse.
    const insert = db
      .insert(messages)
      .select(
        sql`SELECT ${id}, ${project.userId}, ${project.id},
                   COALESCE((SELECT MAX(m.seq) FROM ${messages} m WHERE m.project_id = ${project.id}), 0) + 1,
                   ${input.author}, ${input.body}, ${clientKey}, ${now}
            WHERE EXISTS (SELECT 1 FROM ${projects} WHERE ${projectGuard})`,
      )
      .onConflictDoNothing({ target: [messages.projectId, messages.clientKey] });
    const logged = activityInsertWhen(
      db,
      {
        userId: project.userId,
        projectId: project.id,
        actor: input.author,
        action: "message.posted",
        subjectType: "message",
        subjectId: id,
        data: { excerpt },
      },
      written,
    );
    const stored = db
      .select(messageView)
      .from(messages)
      .where(and(eq(messages.projectId, project.id), eq(messages.userId, project.userId), eq(messages.clientKey, clientKey)))
      .limit(1);
    if (input.author !== "client") return [insert, logged, stored] as const;
    // Only the client's messages notify the freelancer: their own are never news to them.
    const notified = notificationInsertWhen(
      db,
      { userId: project.userId, projectId: project.id, type: "message", data: { projectName: project.name, excerpt } },
      written,
      notificationId,
    );
    return [insert, logged, notified, stored] as const;
  };

  let storedRows: MessageView[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const results = await db.batch(statements());
      storedRows = results[results.length - 1] as MessageView[];
      break;
    } catch (error) {
      // D1 runs a batch as one transaction, so a failed attempt left nothing behind.
      if (!isSeqConflict(error) || attempt >= POST_ATTEMPTS) throw error;
    }
  }

  const message = storedRows[0];
  if (!message) return { status: "not_found" };
  if (message.id !== id) return { status: "duplicate", message };

  // The message is stored, so a failure to hand on the news must not fail the post: a retry
  // would be deduplicated anyway. A notification left `pending` is picked up by the scheduled job.
  try {
    if (input.author === "client") await dispatchNotifications(env.EMAIL_QUEUE, [notificationId]);
    else await emailClientRecipients(env, db, { id: project.id, userId: project.userId }, { kind: "message", messageId: id });
  } catch (error) {
    logError("message.notify_failed", error, { projectId: project.id, messageId: id, author: input.author });
  }
  return { status: "posted", message };
}
