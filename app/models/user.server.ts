import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { authTokens, sessions, users, type User } from "~/db/schema";
import {
  getDummyPasswordHash,
  hashPassword,
  hmacSha256Hex,
  randomId,
  randomPin,
  randomToken,
  sha256Hex,
  timingSafeEqualText,
  verifyPassword,
} from "~/utils/crypto.server";
import { logInfo } from "~/utils/log.server";
import { activityInsert, activityInsertWhen } from "./activity.server";
import { enqueueEmail, type EmailJob } from "./email.server";
import { hitRateLimit, RATE_LIMITS } from "./rate-limit.server";

export const TRIAL_DAYS = 14;
export const ACTIVATION_TTL_HOURS = 72;
export const PIN_TTL_MINUTES = 15;
export const MAX_PIN_ATTEMPTS = 5;

export interface AccountDeps {
  db: Db;
  emailQueue: Queue<EmailJob>;
  /** Origin used in e-mailed links, such as https://app.klamp.pl. */
  origin: string;
  /** Server secret that keys the PIN HMAC, so a leaked table does not give PINs away. */
  pinSecret: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUserById(db: Db, id: string): Promise<User | undefined> {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.query.users.findFirst({ where: eq(users.email, normalizeEmail(email)) });
}

async function activationTokenInsert(db: Db, userId: string, passwordHash: string, registrationName: string) {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + ACTIVATION_TTL_HOURS * 3_600_000).toISOString();
  const insert = db.insert(authTokens).values({
    id: randomId(),
    userId,
    purpose: "activation",
    tokenHash: await sha256Hex(token),
    passwordHash,
    registrationName,
    expiresAt,
  });
  return { token, insert };
}

// The activation e-mail carries no name: registration accepts any name for any address, and
// the address is not yet confirmed, so the name must not appear in a message Klamp sends there.
async function queueActivationEmail(deps: AccountDeps, user: Pick<User, "id" | "email">, token: string) {
  await enqueueEmail(deps.db, deps.emailQueue, {
    userId: user.id,
    to: user.email,
    toName: null,
    template: "activation",
    data: { activationUrl: `${deps.origin}/activate/${token}` },
  });
}

/**
 * Counts one activation e-mail to the address and returns whether it may be sent. Without
 * this limit anyone could make Klamp send activation e-mails to any address without end.
 */
async function countActivationEmail(db: Db, email: string): Promise<boolean> {
  return hitRateLimit(db, `activation_email:address:${await sha256Hex(email)}`, RATE_LIMITS.activationEmailPerAddress);
}

/**
 * Registers an account, or quietly does nothing visible when the e-mail is taken, so the
 * response does not tell whether an address has an account. Registering again with the
 * address of a pending account sends a new link bound to the new password. Earlier links
 * keep their own passwords, and the account keeps its first name. Past the per-address limit
 * of activation e-mails nothing is created or sent, and the response is the same.
 */
export async function registerUser(deps: AccountDeps, input: { name: string; email: string; password: string }) {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const existing = await getUserByEmail(deps.db, email);
  if (existing && existing.status !== "pending") return;
  if (!(await countActivationEmail(deps.db, email))) {
    logInfo("account.activation_email_limited", { userId: existing?.id ?? null });
    return;
  }

  if (existing) {
    const activation = await activationTokenInsert(deps.db, existing.id, passwordHash, input.name);
    await deps.db.batch([
      activation.insert,
      activityInsert(deps.db, { userId: existing.id, actor: "freelancer", action: "account.activation_resent" }),
    ]);
    await queueActivationEmail(deps, existing, activation.token);
    return;
  }

  const id = randomId();
  const now = new Date();
  const trialEndsAt = new Date(now.getTime() + TRIAL_DAYS * 86_400_000).toISOString();
  const inserted = await deps.db
    .insert(users)
    .values({ id, email, name: input.name, passwordHash, status: "pending", trialEndsAt, createdAt: now.toISOString() })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (inserted.length === 0) return;
  const activation = await activationTokenInsert(deps.db, id, passwordHash, input.name);
  await deps.db.batch([activityInsert(deps.db, { userId: id, actor: "freelancer", action: "account.registered" }), activation.insert]);
  await queueActivationEmail(deps, { id, email }, activation.token);
}

async function findLiveToken(db: Db, purpose: "activation" | "password_pin", token: string) {
  const tokenHash = await sha256Hex(token);
  return db.query.authTokens.findFirst({
    where: and(
      eq(authTokens.tokenHash, tokenHash),
      eq(authTokens.purpose, purpose),
      isNull(authTokens.usedAt),
      gt(authTokens.expiresAt, new Date().toISOString()),
    ),
  });
}

/** Reads whether an activation link is still usable; changes nothing (the GET of the link). */
export async function checkActivationToken(db: Db, token: string): Promise<boolean> {
  return !!(await findLiveToken(db, "activation", token));
}

export type ActivationResult = { status: "activated"; user: User } | { status: "wrong_password" | "locked" | "invalid" };

/**
 * Activates the account behind a link token when the password typed at that registration is
 * given again. The account takes that password, and every other activation link of the account
 * stops working. Wrong passwords count against the link's attempts.
 */
export async function activateAccount(db: Db, token: string, password: string): Promise<ActivationResult> {
  const row = await findLiveToken(db, "activation", token);
  if (!row || !row.passwordHash) return { status: "invalid" };
  // The same five attempts as a PIN: counted before the check, so parallel guesses cannot pass the cap.
  if (!(await countPinAttempt(db, row.id))) return { status: "locked" };
  if (!(await verifyPassword(password, row.passwordHash))) {
    return { status: row.attempts + 1 >= MAX_PIN_ATTEMPTS ? "locked" : "wrong_password" };
  }

  const now = new Date().toISOString();
  // One batch runs as one transaction: the account is activated, and the activity row written,
  // only by the request whose UPDATE marked the token used.
  const tokenWon = sql`exists (select 1 from auth_tokens where auth_tokens.id = ${row.id} and auth_tokens.used_at = ${now})`;
  const accountActivated = sql`exists (select 1 from users where users.id = ${row.userId} and users.status = 'active' and users.activated_at = ${now})`;
  const [used, activated] = await db.batch([
    db
      .update(authTokens)
      .set({ usedAt: now })
      .where(and(eq(authTokens.id, row.id), isNull(authTokens.usedAt)))
      .returning({ id: authTokens.id }),
    db
      .update(users)
      .set({ status: "active", activatedAt: now, passwordHash: row.passwordHash, name: row.registrationName ?? sql`${users.name}` })
      .where(and(eq(users.id, row.userId), eq(users.status, "pending"), tokenWon))
      .returning(),
    activityInsertWhen(db, { userId: row.userId, actor: "freelancer", action: "account.activated" }, sql`${tokenWon} and ${accountActivated}`),
    db
      .update(authTokens)
      .set({ usedAt: now })
      .where(and(eq(authTokens.userId, row.userId), eq(authTokens.purpose, "activation"), isNull(authTokens.usedAt), tokenWon)),
  ]);
  if (used.length === 0 || !activated[0]) return { status: "invalid" };
  return { status: "activated", user: activated[0] };
}

export type LoginResult =
  | { ok: true; user: User; pinTokenId: string | null }
  | { ok: false; reason: "invalid" | "inactive" | "pin_locked" };

/**
 * Checks e-mail and password. While a "Przypomnij hasło" PIN is confirmed and unexpired, the
 * PIN also logs in, once. An unknown e-mail costs the same PBKDF2 work as a known one.
 * `pin_locked` is returned only for six digits sent for an account whose live PIN has no
 * attempts left. That reveals to the sender that the address has an account with a PIN
 * requested in the last 15 minutes, which docs/decisions/0005-password-reminder-pin.md accepts.
 */
export async function verifyLogin(deps: AccountDeps, email: string, password: string): Promise<LoginResult> {
  const user = await getUserByEmail(deps.db, email);
  if (!user) {
    await verifyPassword(password, await getDummyPasswordHash());
    return { ok: false, reason: "invalid" };
  }

  if (await verifyPassword(password, user.passwordHash)) {
    return user.status === "active" ? { ok: true, user, pinTokenId: null } : { ok: false, reason: "inactive" };
  }

  if (/^\d{6}$/.test(password) && user.status === "active") {
    const pinLogin = await consumePinForLogin(deps, user.id, password);
    if (pinLogin.status === "logged_in") return { ok: true, user, pinTokenId: pinLogin.tokenId };
    if (pinLogin.status === "locked") return { ok: false, reason: "pin_locked" };
  }
  return { ok: false, reason: "invalid" };
}

async function activePinToken(db: Db, userId: string) {
  return db.query.authTokens.findFirst({
    where: and(
      eq(authTokens.userId, userId),
      eq(authTokens.purpose, "password_pin"),
      isNull(authTokens.usedAt),
      gt(authTokens.expiresAt, new Date().toISOString()),
    ),
    orderBy: (t, { desc }) => [desc(t.createdAt)],
  });
}

/**
 * Counts one PIN attempt against the token before the PIN is compared, so parallel guesses
 * cannot exceed the limit; returns false when none are left. A correct PIN gives its
 * attempt back (see `refundAttempt`), so only wrong PINs use up the limit.
 */
async function countPinAttempt(db: Db, tokenId: string): Promise<boolean> {
  const [row] = await db
    .update(authTokens)
    .set({ attempts: sql`${authTokens.attempts} + 1` })
    .where(and(eq(authTokens.id, tokenId), sql`${authTokens.attempts} < ${MAX_PIN_ATTEMPTS}`))
    .returning({ attempts: authTokens.attempts });
  return !!row;
}

const refundAttempt = () => sql`max(${authTokens.attempts} - 1, 0)`;

async function pinMatches(deps: AccountDeps, stored: string | null, pin: string): Promise<boolean> {
  if (!stored) return false;
  return timingSafeEqualText(stored, await hmacSha256Hex(deps.pinSecret, pin));
}

type PinLogin = { status: "logged_in"; tokenId: string } | { status: "locked" | "rejected" };

/**
 * Spends a confirmed PIN on a login. `locked` means the live PIN had no attempts left before
 * this one, so even the right PIN cannot log in. A wrong guess that uses the last attempt is
 * still `rejected`.
 */
async function consumePinForLogin(deps: AccountDeps, userId: string, pin: string): Promise<PinLogin> {
  const token = await activePinToken(deps.db, userId);
  if (!token || token.loggedInAt) return { status: "rejected" };
  if (token.attempts >= MAX_PIN_ATTEMPTS) return { status: "locked" };
  if (!token.confirmedAt) return { status: "rejected" };
  if (!(await countPinAttempt(deps.db, token.id))) return { status: "locked" };
  if (!(await pinMatches(deps, token.pinHash, pin))) return { status: "rejected" };
  const [marked] = await deps.db
    .update(authTokens)
    .set({ loggedInAt: new Date().toISOString(), attempts: refundAttempt() })
    .where(and(eq(authTokens.id, token.id), isNull(authTokens.loggedInAt), isNull(authTokens.usedAt)))
    .returning({ id: authTokens.id });
  return marked ? { status: "logged_in", tokenId: token.id } : { status: "rejected" };
}

/**
 * "Przypomnij hasło": e-mails a six-digit PIN and a link. Earlier unused PINs stop working.
 * Does nothing visible for an unknown or inactive address.
 */
export async function requestPasswordPin(deps: AccountDeps, email: string): Promise<void> {
  const user = await getUserByEmail(deps.db, email);
  if (!user || user.status !== "active") return;

  const now = new Date();
  const pin = randomPin();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + PIN_TTL_MINUTES * 60_000).toISOString();
  await deps.db.batch([
    deps.db
      .update(authTokens)
      .set({ usedAt: now.toISOString() })
      .where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, "password_pin"), isNull(authTokens.usedAt))),
    deps.db.insert(authTokens).values({
      id: randomId(),
      userId: user.id,
      purpose: "password_pin",
      tokenHash: await sha256Hex(token),
      pinHash: await hmacSha256Hex(deps.pinSecret, pin),
      expiresAt,
      createdAt: now.toISOString(),
    }),
    activityInsert(deps.db, { userId: user.id, actor: "freelancer", action: "account.password_pin_requested" }),
  ]);
  // No name in the e-mail: the account keeps the name of its first registration, and that
  // registration may have been someone else's (see registerUser).
  await enqueueEmail(deps.db, deps.emailQueue, {
    userId: user.id,
    to: user.email,
    toName: null,
    template: "password_pin",
    data: { pin, pinUrl: `${deps.origin}/forgot-password/${token}`, expiresAt },
  });
}

export type PinCheck = "confirmed" | "wrong" | "locked" | "expired";

/** Reads whether a PIN link can still take a PIN; changes nothing (the GET of the link). */
export async function checkPinLink(db: Db, token: string): Promise<"usable" | "locked" | "expired"> {
  const row = await findLiveToken(db, "password_pin", token);
  if (!row) return "expired";
  return row.attempts >= MAX_PIN_ATTEMPTS ? "locked" : "usable";
}

/** Confirms the PIN entered at the e-mailed link; from then on the PIN logs in (once) until it expires. */
export async function confirmPin(deps: AccountDeps, token: string, pin: string): Promise<PinCheck> {
  const row = await findLiveToken(deps.db, "password_pin", token);
  if (!row) return "expired";
  if (!(await countPinAttempt(deps.db, row.id))) return "locked";
  if (!(await pinMatches(deps, row.pinHash, pin))) {
    return row.attempts + 1 >= MAX_PIN_ATTEMPTS ? "locked" : "wrong";
  }
  const now = new Date().toISOString();
  // Entering the PIN again after it was confirmed keeps the first time and writes no second row.
  await deps.db.batch([
    deps.db
      .update(authTokens)
      .set({ confirmedAt: sql`coalesce(${authTokens.confirmedAt}, ${now})`, attempts: refundAttempt() })
      .where(eq(authTokens.id, row.id)),
    activityInsertWhen(
      deps.db,
      { userId: row.userId, actor: "freelancer", action: "account.pin_confirmed" },
      sql`exists (select 1 from auth_tokens where auth_tokens.id = ${row.id} and auth_tokens.confirmed_at = ${now})`,
    ),
  ]);
  return "confirmed";
}

/** Statements shared by both ways of setting a password: every live PIN stops working, other sessions end. */
function passwordChangeStatements(db: Db, userId: string, keepSessionIdHash: string, method: "pin" | "current_password") {
  const now = new Date().toISOString();
  return [
    db
      .update(authTokens)
      .set({ usedAt: now })
      .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, "password_pin"), isNull(authTokens.usedAt))),
    db.update(sessions).set({ pinTokenId: null }).where(eq(sessions.idHash, keepSessionIdHash)),
    db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.idHash, keepSessionIdHash))),
    activityInsert(db, { userId, actor: "freelancer", action: "account.password_changed", data: { method } }),
  ] as const;
}

/**
 * Sets a new password for a session opened with a PIN. The PIN must be given again and is
 * spent on success; the session stops being a PIN session and the user's other sessions end.
 */
export async function setPasswordWithPin(
  deps: AccountDeps,
  input: { userId: string; pinTokenId: string; sessionIdHash: string; pin: string; newPassword: string },
): Promise<PinCheck | "changed"> {
  const row = await deps.db.query.authTokens.findFirst({
    where: and(
      eq(authTokens.id, input.pinTokenId),
      eq(authTokens.userId, input.userId),
      eq(authTokens.purpose, "password_pin"),
      isNull(authTokens.usedAt),
    ),
  });
  if (!row || row.expiresAt <= new Date().toISOString()) return "expired";
  if (!(await countPinAttempt(deps.db, row.id))) return "locked";
  if (!(await pinMatches(deps, row.pinHash, input.pin))) {
    return row.attempts + 1 >= MAX_PIN_ATTEMPTS ? "locked" : "wrong";
  }

  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date().toISOString();
  // One transaction: the password changes only if this request's UPDATE spent the PIN.
  const [spent] = await deps.db.batch([
    deps.db
      .update(authTokens)
      .set({ usedAt: now })
      .where(and(eq(authTokens.id, row.id), isNull(authTokens.usedAt)))
      .returning({ id: authTokens.id }),
    deps.db
      .update(users)
      .set({ passwordHash })
      .where(
        and(
          eq(users.id, input.userId),
          sql`exists (select 1 from auth_tokens where auth_tokens.id = ${row.id} and auth_tokens.used_at = ${now})`,
        ),
      ),
    ...passwordChangeStatements(deps.db, input.userId, input.sessionIdHash, "pin"),
  ]);
  return spent.length > 0 ? "changed" : "expired";
}

/** Changes the password after checking the current one; the user's other sessions end. */
export async function changePassword(
  db: Db,
  input: { userId: string; sessionIdHash: string; currentPassword: string; newPassword: string },
): Promise<boolean> {
  const user = await getUserById(db, input.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) return false;
  const passwordHash = await hashPassword(input.newPassword);
  await db.batch([
    db.update(users).set({ passwordHash }).where(eq(users.id, input.userId)),
    ...passwordChangeStatements(db, input.userId, input.sessionIdHash, "current_password"),
  ]);
  return true;
}
