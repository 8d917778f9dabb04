// "Usuń konto" deletes an account with everything it owns, except the records of its
// subscription payments, which Polish accounting law requires to be kept. The scheduled clean-up
// here then removes the account's R2 objects and, once their time is up, those records.

import { and, asc, count, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { devMailbox, emailOutbox, payments, r2Purges, rateLimits, retainedRecords, tpayTransactions, users } from "~/db/schema";
import { randomId, sha256Hex, verifyPassword } from "~/utils/crypto.server";
import { warsawDay } from "~/utils/dates";
import { logError, logInfo } from "~/utils/log.server";
import { emailOutboxInsertWhen, type EmailJob } from "./email.server";
import { hitRateLimit, RATE_LIMITS } from "./rate-limit.server";
import { normalizeEmail } from "./user.server";

/**
 * Years a subscription payment's record is kept, counted from the end of the Europe/Warsaw year
 * of the payment (ustawa o rachunkowości, art. 74; Ordynacja podatkowa, art. 86).
 */
export const RETENTION_YEARS = 5;

/** Largest page of R2 keys one list call returns and one delete call accepts. */
export const R2_PURGE_PAGE_SIZE = 1000;
/** Maximum R2 list calls of one scheduled run. Each is followed by at most one delete call. */
export const R2_PURGE_PAGES_PER_RUN = 10;
/**
 * Minimum age of a purge row before it is removed, even when its prefix lists empty. A report
 * render, an export or an upload that was running when the account was deleted can still write
 * an object under the prefix, and a later run removes that object too.
 */
export const R2_PURGE_SETTLE_MS = 60 * 60_000;
/** Expired retained records removed per scheduled run. */
export const RETAINED_RECORDS_PURGE_BATCH = 500;
/** Age after which a goodbye e-mail's outbox row is removed whatever its state; a sent one goes sooner. */
export const GOODBYE_EMAIL_KEEP_MS = 7 * 86_400_000;

/** R2 prefixes of the objects an account owns outside its projects: report PDFs, the report logo, export ZIPs. */
export function accountObjectPrefixes(userId: string): string[] {
  return [`reports/${userId}/`, `report-logos/${userId}/`, `exports/${userId}/`];
}

/** Counts the account's subscription payments, whose records are kept after the account is deleted. */
export async function countSubscriptionPayments(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(payments)
    .where(and(eq(payments.userId, userId), eq(payments.purpose, "subscription")));
  return row?.total ?? 0;
}

/**
 * Builds the condition that a subscription payment of the account is open at Tpay: its
 * transaction is pending, so money may still arrive for an order of the account.
 */
function subscriptionPaymentOpen(userId: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${tpayTransactions} tt
    WHERE tt.user_id = ${userId} AND tt.purpose = 'subscription' AND tt.status = 'pending')`;
}

/** Returns whether the account has a subscription payment open at Tpay, which blocks the deletion. */
export async function hasOpenSubscriptionPayment(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ id: tpayTransactions.id }).from(tpayTransactions).where(subscriptionPaymentOpen(userId)).limit(1);
  return row !== undefined;
}

export interface AccountDeletionDeps {
  db: Db;
  emailQueue: Queue<EmailJob>;
}

/**
 * `gone`: the account no longer exists, because a concurrent request deleted it first. The
 * caller treats it like `deleted`: the session is gone either way.
 * `payment_in_progress`: a subscription payment is open at Tpay, and nothing was deleted.
 */
export type AccountDeletionResult =
  | { status: "deleted"; email: string }
  | { status: "password_wrong" | "rate_limited" | "gone" | "payment_in_progress" };

/**
 * Deletes the account after checking its password. Every attempt counts against
 * RATE_LIMITS.accountDeletionPerAccount before the password is checked, so parallel guesses
 * cannot pass the limit. The deletion itself is one D1 batch (see deletionStatements). The
 * goodbye e-mail is queued after it, and the scheduled job re-queues it if that send fails.
 */
export async function deleteAccount(deps: AccountDeletionDeps, input: { userId: string; password: string }): Promise<AccountDeletionResult> {
  const { db } = deps;
  const user = await db.query.users.findFirst({ where: eq(users.id, input.userId) });
  if (!user) return { status: "gone" };
  if (!(await hitRateLimit(db, `account_deletion:account:${user.id}`, RATE_LIMITS.accountDeletionPerAccount))) {
    return { status: "rate_limited" };
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) return { status: "password_wrong" };
  // Money may still arrive for an open subscription payment, and its record must then be kept.
  // The batch checks this again, so a payment started after this read also stops the deletion.
  if (await hasOpenSubscriptionPayment(db, user.id)) return { status: "payment_in_progress" };

  // NOTE: counted before the batch, for the e-mail's wording only. A subscription payment applied
  // between this count and the batch is still retained, but the e-mail does not count it.
  const retainedPayments = await countSubscriptionPayments(db, user.id);
  const outboxId = randomId();
  const emailHash = await sha256Hex(normalizeEmail(user.email));
  const results = await db.batch(deletionStatements(db, { userId: user.id, email: user.email, emailHash, outboxId, retainedPayments }));
  const deleted = results[results.length - 1] as { id: string }[];
  if (deleted.length === 0) {
    const stillThere = await db.query.users.findFirst({ where: eq(users.id, user.id), columns: { id: true } });
    return { status: stillThere ? "payment_in_progress" : "gone" };
  }

  // The account's activity rows went with it (ON DELETE CASCADE), so this log line is the only
  // trace of the deletion apart from the retained records.
  logInfo("account.deleted", { userId: user.id, retainedPayments });
  try {
    await deps.emailQueue.send({ outboxId });
  } catch (error) {
    // The outbox row is written, and listStrandedEmails finds it on the next scheduled run.
    logError("account.goodbye_email_queue_failed", error, { outboxId });
  }
  return { status: "deleted", email: user.email };
}

/**
 * Builds the deletion's statements, to run as one batch (one transaction). Every statement runs
 * only while the user row exists and no subscription payment of the account is open at Tpay
 * (`allowed`), so a second batch for the same account, run after the first, writes nothing and
 * deletes nothing, and a payment started after deleteAccount's check stops the whole batch. The last statement deletes the user
 * row and returns its id only to the batch that deleted it. D1 enforces foreign keys, so that
 * DELETE removes, through ON DELETE CASCADE, every row that references the user or one of its
 * projects.
 */
function deletionStatements(
  db: Db,
  input: { userId: string; email: string; emailHash: string; outboxId: string; retainedPayments: number },
) {
  const { userId } = input;
  const allowed = sql`(EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId}) AND NOT ${subscriptionPaymentOpen(userId)})`;
  const accountOutbox = db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.userId, userId));
  return [
    retainSubscriptionPayments(db, userId, allowed),
    queueProjectObjectPurges(db, userId, allowed),
    queueAccountObjectPurges(db, userId, allowed),
    // The development mailbox's copies of the account's e-mails. Production never writes that table.
    db.delete(devMailbox).where(and(inArray(devMailbox.outboxId, accountOutbox), allowed)),
    // Rows with user_id would only lose it (ON DELETE SET NULL) and keep the addresses and names.
    db.delete(emailOutbox).where(and(eq(emailOutbox.userId, userId), allowed)),
    deleteAccountRateLimits(db, userId, input.emailHash, allowed),
    // The goodbye e-mail has no user_id, so it outlives the user row. The scheduled clean-up
    // removes it once sent.
    emailOutboxInsertWhen(
      db,
      input.outboxId,
      { userId: null, to: input.email, toName: null, template: "account_deleted", data: { retainedPayments: input.retainedPayments } },
      allowed,
    ),
    db.delete(users).where(and(eq(users.id, userId), allowed)).returning({ id: users.id }),
  ] as const;
}

/**
 * Builds the insert of one retained record per subscription payment, with the order it paid
 * and the buyer's details from the account as they are at deletion. The account keeps no
 * history of those details, so a change made after a payment shows in its record. Amounts are
 * grosze. retain_until is 31 December of the payment's Europe/Warsaw year plus RETENTION_YEARS.
 * Warsaw is UTC+1 on every New Year's Eve (winter time), so the UTC instant plus one hour falls
 * in the right year.
 */
function retainSubscriptionPayments(db: Db, userId: string, allowed: SQL) {
  const now = new Date().toISOString();
  return db.insert(retainedRecords).select(sql`
    SELECT lower(hex(randomblob(16))), 'subscription_payment', u.id,
           json_object(
             'paymentId', p.id,
             'paidAt', p.paid_at,
             'amount', p.amount,
             'expectedAmount', p.expected_amount,
             'currency', coalesce(t.currency, 'PLN'),
             'method', p.method,
             'status', p.status,
             'flag', p.flag,
             'refundedAmount', p.refunded_amount,
             'refundedAt', p.refunded_at,
             'tpay', json_object('environment', p.environment, 'title', p.provider_title, 'transactionId', t.transaction_id),
             'order', json_object(
               'id', o.id, 'plan', o.plan, 'months', o.months, 'amount', o.amount, 'status', o.status,
               'periodStart', o.period_start, 'periodEnd', o.period_end, 'orderedAt', o.created_at
             ),
             'buyer', json_object('name', u.name, 'email', u.email, 'company', u.company, 'nip', u.nip, 'address', u.address)
           ),
           printf('%04d-12-31', CAST(strftime('%Y', p.paid_at, '+1 hour') AS INTEGER) + ${RETENTION_YEARS}),
           ${now}
    FROM payments p
    JOIN users u ON u.id = p.user_id
    LEFT JOIN subscription_orders o ON o.id = p.subscription_order_id
    LEFT JOIN tpay_transactions t ON t.id = p.tpay_transaction_id
    WHERE p.user_id = ${userId} AND p.purpose = 'subscription' AND ${allowed}`);
}

/**
 * Builds the delete of the rate-limit counters keyed by the account's id, or by the id of one of
 * its projects or bills, and of those keyed by the hash of the account's e-mail address (login,
 * password reminder, activation e-mail; `emailHash` is sha256Hex of the normalised address, as
 * those keys are built). Keys are `<scope>:<kind>:<value>` and ids contain no colon, so the value
 * is what follows the last colon: rtrim() strips every character but ':' from the end of the key.
 * Keys with hashed IPs cannot be matched, so they stay, holding only a hash and a count.
 */
function deleteAccountRateLimits(db: Db, userId: string, emailHash: string, allowed: SQL) {
  const keyValue = sql`substr(${rateLimits.key}, length(rtrim(${rateLimits.key}, replace(${rateLimits.key}, ':', ''))) + 1)`;
  const emailKeys = [`login:account:${emailHash}`, `reminder:account:${emailHash}`, `activation_email:address:${emailHash}`];
  return db.delete(rateLimits).where(
    and(
      or(
        sql`${keyValue} IN (
          SELECT ${userId}
          UNION ALL SELECT id FROM projects WHERE user_id = ${userId}
          UNION ALL SELECT id FROM bills WHERE user_id = ${userId})`,
        inArray(rateLimits.key, emailKeys),
      ),
      allowed,
    ),
  );
}

/**
 * Builds the insert of one purge row per project of the account: its files live under
 * `projects/<projectId>/`. Both purge inserts end their SELECT with a WHERE clause, so that
 * SQLite does not read ON CONFLICT as the ON of a join.
 */
function queueProjectObjectPurges(db: Db, userId: string, allowed: SQL) {
  const now = new Date().toISOString();
  return db
    .insert(r2Purges)
    .select(sql`SELECT 'projects/' || id || '/', ${now} FROM projects WHERE user_id = ${userId} AND ${allowed}`)
    .onConflictDoNothing();
}

/** Builds the insert of the purge rows of accountObjectPrefixes, written only while the deletion is `allowed`. */
function queueAccountObjectPurges(db: Db, userId: string, allowed: SQL) {
  const now = new Date().toISOString();
  const prefixes = accountObjectPrefixes(userId).map((prefix) => sql`SELECT ${prefix} AS prefix`);
  return db
    .insert(r2Purges)
    .select(sql`SELECT prefix, ${now} FROM (${sql.join(prefixes, sql` UNION ALL `)}) WHERE ${allowed}`)
    .onConflictDoNothing();
}

export interface R2PurgeDeps {
  db: Db;
  bucket: R2Bucket;
}

export interface R2PurgeOptions {
  /** R2 list calls this run may make (R2_PURGE_PAGES_PER_RUN). */
  maxPages?: number;
  /** Keys per list and delete call, at most R2_PURGE_PAGE_SIZE. */
  pageSize?: number;
}

/**
 * Deletes the R2 objects under the prefixes in r2_purges, oldest row first, in pages of up to
 * `pageSize` keys, with at most `maxPages` list calls per run. A row is removed once its prefix
 * lists empty and the row is older than R2_PURGE_SETTLE_MS. A failure on one prefix is logged and
 * uses up one page. The run goes on with the next prefix, and the row stays for the next run.
 */
export async function purgeR2Prefixes(deps: R2PurgeDeps, now: Date, options: R2PurgeOptions = {}): Promise<{ deletedObjects: number; finishedPrefixes: number }> {
  const maxPages = options.maxPages ?? R2_PURGE_PAGES_PER_RUN;
  const pageSize = Math.min(options.pageSize ?? R2_PURGE_PAGE_SIZE, R2_PURGE_PAGE_SIZE);
  const settledBefore = new Date(now.getTime() - R2_PURGE_SETTLE_MS).toISOString();
  // Each row needs at least one list call, so no more rows than pages are read.
  const rows = await deps.db.select().from(r2Purges).orderBy(asc(r2Purges.createdAt), asc(r2Purges.prefix)).limit(maxPages);

  let pagesLeft = maxPages;
  let deletedObjects = 0;
  let finishedPrefixes = 0;
  for (const row of rows) {
    if (pagesLeft === 0) break;
    try {
      const outcome = await purgePrefix(deps.bucket, row.prefix, pageSize, pagesLeft);
      pagesLeft -= outcome.pages;
      deletedObjects += outcome.deleted;
      if (outcome.empty && row.createdAt <= settledBefore) {
        await deps.db.delete(r2Purges).where(eq(r2Purges.prefix, row.prefix));
        finishedPrefixes++;
      }
    } catch (error) {
      pagesLeft = Math.max(pagesLeft - 1, 0);
      logError("r2_purge.failed", error, { prefix: row.prefix });
    }
  }
  if (deletedObjects > 0 || finishedPrefixes > 0) logInfo("r2_purge.progress", { deletedObjects, finishedPrefixes });
  return { deletedObjects, finishedPrefixes };
}

/**
 * Lists and deletes pages under one prefix until it lists empty or `maxPages` list calls are
 * used. Deleted keys no longer list, so every page is listed from the start of the prefix.
 */
async function purgePrefix(bucket: R2Bucket, prefix: string, pageSize: number, maxPages: number) {
  let pages = 0;
  let deleted = 0;
  while (pages < maxPages) {
    const listed = await bucket.list({ prefix, limit: pageSize });
    pages++;
    const keys = listed.objects.map((object) => object.key);
    if (keys.length > 0) {
      await bucket.delete(keys);
      deleted += keys.length;
    }
    // A page that was not truncated held the last keys, and they are deleted now.
    if (!listed.truncated) return { pages, deleted, empty: true };
  }
  return { pages, deleted, empty: false };
}

/**
 * Removes up to RETAINED_RECORDS_PURGE_BATCH retained records whose retain_until day has passed
 * in Europe/Warsaw (a record is kept through its retain_until day), and returns how many it removed.
 */
export async function purgeExpiredRetainedRecords(db: Db, now: Date): Promise<number> {
  const today = warsawDay(now);
  const expired = db
    .select({ id: retainedRecords.id })
    .from(retainedRecords)
    .where(lt(retainedRecords.retainUntil, today))
    .orderBy(asc(retainedRecords.retainUntil))
    .limit(RETAINED_RECORDS_PURGE_BATCH);
  const removed = await db.delete(retainedRecords).where(inArray(retainedRecords.id, expired)).returning({ id: retainedRecords.id });
  if (removed.length > 0) logInfo("retained_records.purged", { count: removed.length });
  return removed.length;
}

/**
 * Removes the outbox rows of goodbye e-mails that were sent, or that are older than
 * GOODBYE_EMAIL_KEEP_MS whatever their state, so the deleted account's address does not stay in
 * D1. Returns how many it removed.
 */
export async function purgeGoodbyeEmails(db: Db, now: Date): Promise<number> {
  const keepAfter = new Date(now.getTime() - GOODBYE_EMAIL_KEEP_MS).toISOString();
  const removed = await db
    .delete(emailOutbox)
    .where(
      and(
        eq(emailOutbox.template, "account_deleted"),
        or(eq(emailOutbox.status, "sent"), lt(emailOutbox.createdAt, keepAfter)),
      ),
    )
    .returning({ id: emailOutbox.id });
  return removed.length;
}
