import { and, eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { rateLimits } from "~/db/schema";

export interface RateLimitRule {
  /** Allowed attempts per window. */
  limit: number;
  windowSeconds: number;
}

// Attempts counted in D1 per key, in fixed windows. Keys are `<scope>:<kind>:<value>` with
// e-mail addresses and IPs hashed, so the table holds no personal data in clear.
export const RATE_LIMITS = {
  loginPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  loginPerIp: { limit: 50, windowSeconds: 15 * 60 },
  pinPerIp: { limit: 20, windowSeconds: 15 * 60 },
  passwordReminderPerAccount: { limit: 3, windowSeconds: 60 * 60 },
  passwordReminderPerIp: { limit: 20, windowSeconds: 60 * 60 },
  registerPerIp: { limit: 10, windowSeconds: 60 * 60 },
  /** Activation e-mails to one address, however many IPs register it. */
  activationEmailPerAddress: { limit: 3, windowSeconds: 60 * 60 },
  passwordChangePerAccount: { limit: 10, windowSeconds: 15 * 60 },
  /** E-mail change requests in Settings → Profil; each one checks the password and sends two e-mails. */
  emailChangePerAccount: { limit: 5, windowSeconds: 60 * 60 },
  /** Invitation e-mails one freelancer sends, over all projects and addresses. */
  invitationPerAccount: { limit: 30, windowSeconds: 60 * 60 },
  /** Invitation e-mails to one address of one project (first sending and resends). */
  invitationPerAddress: { limit: 3, windowSeconds: 60 * 60 },
  /** File uploads from one IP: both sides, all projects and the report logo together. */
  fileUploadPerIp: { limit: 60, windowSeconds: 60 * 60 },
  /** The freelancer's own file uploads, all projects together. Client uploads do not count here. */
  fileUploadPerAccount: { limit: 200, windowSeconds: 60 * 60 },
  /**
   * Files uploaded through one project's client link, fix-request attachments included. Apart
   * from this, a client may keep at most CLIENT_PROJECT_STORAGE_BYTES (250 MB) per project.
   */
  clientFileUploadPerProject: { limit: 30, windowSeconds: 60 * 60 },
  /** Messages posted through one project's client link. */
  clientMessagePerProject: { limit: 120, windowSeconds: 60 * 60 },
  /** Fix requests raised through one project's client link; each one notifies the freelancer. */
  fixRequestPerProject: { limit: 30, windowSeconds: 60 * 60 },
  /**
   * Saving, checking and removing the freelancer's Tpay connection. Each attempt either checks
   * the account password or requests a token from Tpay, so this caps both password guesses and calls to Tpay.
   */
  tpayConnectionPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  /** Bills the freelancer sends by e-mail ("Wyślij listę do opłacenia"). */
  billEmailPerAccount: { limit: 30, windowSeconds: 60 * 60 },
  /** Bills created from the client's selection through one project's client link. */
  clientBillPerProject: { limit: 30, windowSeconds: 60 * 60 },
  /** Tpay transactions started for one bill ("Zapłać teraz"); reused transactions do not count. */
  payAttemptPerBill: { limit: 30, windowSeconds: 60 * 60 },
  /** Reports queued by one freelancer ("Zapisz raport" and "Spróbuj ponownie"); each one starts a browser. */
  reportRenderPerAccount: { limit: 30, windowSeconds: 60 * 60 },
  /** Report e-mails one freelancer sends ("Wyślij do klienta"). */
  reportEmailPerAccount: { limit: 30, windowSeconds: 60 * 60 },
  /** Logo uploads in Settings → "Raporty". */
  reportLogoUploadPerAccount: { limit: 20, windowSeconds: 60 * 60 },
  /** "Eksportuj dane" requests; each one reads every row and file of the account. */
  dataExportPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  /** Account deletion attempts; each one checks the password. */
  accountDeletionPerAccount: { limit: 5, windowSeconds: 15 * 60 },
  /**
   * Requests for secret links from one IP that returned 404: unknown, malformed, disabled or expired tokens
   * (see app/utils/link-lookup-limit.server.ts for the paths). Links that open do not count.
   */
  linkLookupPerIp: { limit: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

/** Builds the upsert that counts one attempt for `key` and returns the window's new count. */
function countAttempt(db: Db, key: string, rule: RateLimitRule, now: number) {
  const windowStart = Math.floor(now / 1000 / rule.windowSeconds) * rule.windowSeconds;
  return db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${rateLimits.windowStart} = ${windowStart} THEN ${rateLimits.count} + 1 ELSE 1 END`,
        windowStart: sql`${windowStart}`,
      },
    })
    .returning({ count: rateLimits.count });
}

/**
 * Counts one attempt for `key` and returns whether it is within the rule. The upsert runs
 * as one statement, so concurrent requests cannot both read a stale count.
 */
export async function hitRateLimit(db: Db, key: string, rule: RateLimitRule, now = Date.now()): Promise<boolean> {
  const [row] = await countAttempt(db, key, rule, now);
  return row.count <= rule.limit;
}

/**
 * Counts one attempt against each `[key, rule]` in one D1 batch (one round trip) and returns
 * whether every rule still allows it. Every key is counted even when an earlier one is over.
 */
export async function hitRateLimits(
  db: Db,
  hits: [[string, RateLimitRule], ...[string, RateLimitRule][]],
  now = Date.now(),
): Promise<boolean> {
  const [first, ...rest] = hits.map(([key, rule]) => countAttempt(db, key, rule, now));
  const results = await db.batch([first, ...rest]);
  return results.every((rows, index) => rows[0].count <= hits[index][1].limit);
}

/**
 * Takes back one attempt counted by hitRateLimit, for attempts that turned out not to count
 * (a successful login). Does nothing once the window has moved on.
 */
export async function refundRateLimit(db: Db, key: string, rule: RateLimitRule, now = Date.now()): Promise<void> {
  const windowStart = Math.floor(now / 1000 / rule.windowSeconds) * rule.windowSeconds;
  await db
    .update(rateLimits)
    .set({ count: sql`max(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart)));
}

/** Reads whether `key` is already over the rule without counting an attempt. */
export async function isRateLimited(db: Db, key: string, rule: RateLimitRule, now = Date.now()): Promise<boolean> {
  const [row] = await rateLimitRowQuery(db, key);
  return isOverRateLimit(row, rule, now);
}

/**
 * Builds the read of isRateLimited, for a caller that runs it inside a db.batch(). It is a
 * plain select, because drizzle-orm 0.45.4 throws a TypeError when a db.query…findFirst() inside a
 * batch finds no row.
 */
export function rateLimitRowQuery(db: Db, key: string) {
  return db
    .select({ windowStart: rateLimits.windowStart, count: rateLimits.count })
    .from(rateLimits)
    .where(eq(rateLimits.key, key))
    .limit(1);
}

/** Decides isRateLimited from the row that rateLimitRowQuery read (undefined when there was none). */
export function isOverRateLimit(row: { windowStart: number; count: number } | undefined, rule: RateLimitRule, now = Date.now()): boolean {
  const windowStart = Math.floor(now / 1000 / rule.windowSeconds) * rule.windowSeconds;
  return !!row && row.windowStart === windowStart && row.count >= rule.limit;
}

/** Returns the seconds, at least 1, until the fixed window of hitRateLimit that contains `now` ends. */
export function secondsUntilRateLimitReset(rule: RateLimitRule, now = Date.now()): number {
  const windowStart = Math.floor(now / 1000 / rule.windowSeconds) * rule.windowSeconds;
  return Math.max(1, Math.ceil(windowStart + rule.windowSeconds - now / 1000));
}

/**
 * Returns the client's IP address from CF-Connecting-IP, which Cloudflare's edge sets to the
 * address that connected to it ("Cloudflare HTTP headers" in Cloudflare's documentation). Every
 * per-IP limit trusts it. Under `wrangler dev` and in tests nothing sets it, so a missing header
 * becomes "local", and tests send their own address.
 */
export function clientIp(request: Request): string {
  return request.headers.get("CF-Connecting-IP") ?? "local";
}
