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
  /** File uploads from one IP, both sides and all projects together. */
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
} satisfies Record<string, RateLimitRule>;

/**
 * Counts one attempt for `key` and returns whether it is within the rule. The upsert runs
 * as one statement, so concurrent requests cannot both read a stale count.
 */
export async function hitRateLimit(db: Db, key: string, rule: RateLimitRule, now = Date.now()): Promise<boolean> {
  const windowStart = Math.floor(now / 1000 / rule.windowSeconds) * rule.windowSeconds;
  const [row] = await db
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
  return row.count <= rule.limit;
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
  const windowStart = Math.floor(now / 1000 / rule.windowSeconds) * rule.windowSeconds;
  const row = await db.query.rateLimits.findFirst({ where: (r, { eq }) => eq(r.key, key) });
  return !!row && row.windowStart === windowStart && row.count >= rule.limit;
}

export function clientIp(request: Request): string {
  return request.headers.get("CF-Connecting-IP") ?? "local";
}
