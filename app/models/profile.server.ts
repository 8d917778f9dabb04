import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { readPlan, type ReadPlan } from "~/db/read-plan.server";
import { authTokens, users } from "~/db/schema";
import type { ProfileValues } from "~/schemas/profile";
import { randomId, randomToken, sha256Hex, verifyPassword } from "~/utils/crypto.server";
import { normalizePolishIban } from "~/utils/iban";
import { normalizeNip } from "~/utils/nip";
import { activityInsert, activityInsertWhen } from "./activity.server";
import { enqueueEmail } from "./email.server";
import { hitRateLimit, RATE_LIMITS } from "./rate-limit.server";
import { getUserById, normalizeEmail, type AccountDeps } from "./user.server";

export const EMAIL_CHANGE_TTL_HOURS = 24;

export interface Profile {
  name: string;
  email: string;
  company: string | null;
  nip: string | null;
  address: string | null;
  bankAccount: string | null;
  budgetWarningPercent: number;
}

export async function getProfile(db: Db, userId: string): Promise<Profile | null> {
  const [row] = await db
    .select({
      name: users.name,
      email: users.email,
      company: users.company,
      nip: users.nip,
      address: users.address,
      bankAccount: users.bankAccount,
      budgetWarningPercent: users.budgetWarningPercent,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

/** Saves Settings → Profil with its activity row. NIP and IBAN are stored without spaces or dashes. */
export async function updateProfile(db: Db, userId: string, values: ProfileValues): Promise<void> {
  const changes = {
    name: values.name,
    company: values.company || null,
    nip: values.nip ? normalizeNip(values.nip) : null,
    address: values.address || null,
    bankAccount: values.bankAccount ? normalizePolishIban(values.bankAccount) : null,
    budgetWarningPercent: values.budgetWarningPercent,
  };
  await db.batch([
    db.update(users).set(changes).where(eq(users.id, userId)),
    activityInsert(db, { userId, actor: "freelancer", action: "account.profile_updated" }),
  ]);
}

export type EmailChangeRequest = "sent" | "password_wrong" | "same_address" | "unavailable" | "rate_limited";

/**
 * Starts an e-mail change: checks the password, stores a 24-hour token with the new address and
 * e-mails a confirmation link to the new address and a notice to the current one. An address
 * of another account, active or pending, gets `unavailable`, which the page shows without
 * saying whose it is. Earlier unconfirmed change links stop working.
 */
export async function requestEmailChange(
  deps: AccountDeps,
  input: { userId: string; newEmail: string; password: string },
): Promise<EmailChangeRequest> {
  const { db } = deps;
  const user = await getUserById(db, input.userId);
  if (!user) return "password_wrong";
  if (!(await hitRateLimit(db, `email_change:account:${user.id}`, RATE_LIMITS.emailChangePerAccount))) return "rate_limited";
  if (!(await verifyPassword(input.password, user.passwordHash))) return "password_wrong";

  const newEmail = normalizeEmail(input.newEmail);
  if (newEmail === user.email) return "same_address";
  const existingAccount = await db.query.users.findFirst({ columns: { id: true }, where: eq(users.email, newEmail) });
  if (existingAccount) return "unavailable";

  const token = randomToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_TTL_HOURS * 3_600_000).toISOString();
  await db.batch([
    db
      .update(authTokens)
      .set({ usedAt: now.toISOString() })
      .where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, "email_change"), isNull(authTokens.usedAt))),
    db.insert(authTokens).values({
      id: randomId(),
      userId: user.id,
      purpose: "email_change",
      newEmail,
      tokenHash: await sha256Hex(token),
      expiresAt,
      createdAt: now.toISOString(),
    }),
    activityInsert(db, { userId: user.id, actor: "freelancer", action: "account.email_change_requested" }),
  ]);
  await enqueueEmail(db, deps.emailQueue, {
    userId: user.id,
    to: newEmail,
    toName: null,
    template: "email_change_confirm",
    data: { confirmUrl: `${deps.origin}/settings/email/${token}`, expiresAt },
  });
  await enqueueEmail(db, deps.emailQueue, {
    userId: user.id,
    to: user.email,
    toName: null,
    template: "email_change_notice",
    data: { newEmail },
  });
  return "sent";
}

export type EmailChangeToken = { status: "live"; newEmail: string } | { status: "expired" } | null;

/**
 * Finds the user's e-mail change token behind a link. Returns null when the token is unknown or
 * belongs to another account, so the route returns 404. Changes nothing (the GET of the link).
 */
export async function getEmailChangeToken(db: Db, userId: string, token: string): Promise<EmailChangeToken> {
  const row = await db.query.authTokens.findFirst({
    where: and(eq(authTokens.tokenHash, await sha256Hex(token)), eq(authTokens.purpose, "email_change"), eq(authTokens.userId, userId)),
  });
  if (!row) return null;
  if (row.usedAt || row.expiresAt <= new Date().toISOString() || !row.newEmail) return { status: "expired" };
  return { status: "live", newEmail: row.newEmail };
}

export type EmailChangeResult = { status: "changed"; newEmail: string } | { status: "expired" | "unavailable" | "not_found" };

/**
 * Confirms an e-mail change. One batch spends the token and changes users.email only when no
 * other account took the address since the request. The unique index on users.email catches
 * an account that takes the address between the check and the batch. Other sessions stay valid.
 */
export async function confirmEmailChange(db: Db, userId: string, token: string): Promise<EmailChangeResult> {
  const found = await getEmailChangeToken(db, userId, token);
  if (!found) return { status: "not_found" };
  if (found.status === "expired") return { status: "expired" };
  const { newEmail } = found;

  const tokenHash = await sha256Hex(token);
  const now = new Date().toISOString();
  const addressFree = sql`not exists (select 1 from users where users.email = ${newEmail} and users.id <> ${userId})`;
  const tokenWon = sql`exists (select 1 from auth_tokens where auth_tokens.token_hash = ${tokenHash} and auth_tokens.used_at = ${now})`;
  try {
    const [spent, changed] = await db.batch([
      db
        .update(authTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(authTokens.tokenHash, tokenHash),
            eq(authTokens.userId, userId),
            isNull(authTokens.usedAt),
            gt(authTokens.expiresAt, now),
            addressFree,
          ),
        )
        .returning({ id: authTokens.id }),
      db
        .update(users)
        .set({ email: newEmail })
        .where(and(eq(users.id, userId), ne(users.email, newEmail), tokenWon))
        .returning({ id: users.id }),
      activityInsertWhen(db, { userId, actor: "freelancer", action: "account.email_changed" }, tokenWon),
    ]);
    if (spent.length > 0 && changed.length > 0) return { status: "changed", newEmail };
  } catch (error) {
    if (!isUniqueEmailViolation(error)) throw error;
    return { status: "unavailable" };
  }
  // The token was live a moment ago, so either the address was taken or a parallel request spent it.
  const otherAccount = await db.query.users.findFirst({ columns: { id: true }, where: and(eq(users.email, newEmail), ne(users.id, userId)) });
  return { status: otherAccount ? "unavailable" : "expired" };
}

function isUniqueEmailViolation(error: unknown): boolean {
  const text = String(error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : error);
  return /UNIQUE constraint failed: users\.email/.test(text);
}

export interface SellerDetails {
  name: string;
  company: string | null;
  nip: string | null;
  address: string | null;
  /** IBAN without spaces. */
  bankAccount: string | null;
}

/** Picks the details a client sees on the freelancer's bills from a user row. */
export function sellerDetails(user: SellerDetails): SellerDetails {
  return { name: user.name, company: user.company, nip: user.nip, address: user.address, bankAccount: user.bankAccount };
}

/** Plans the read of the details of Settings → Profil that the client sees on a bill. */
export function sellerDetailsPlan(db: Db, userId: string): ReadPlan<SellerDetails | null> {
  const query = db
    .select({ name: users.name, company: users.company, nip: users.nip, address: users.address, bankAccount: users.bankAccount })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return readPlan([query], ([rows]) => rows[0] ?? null);
}
