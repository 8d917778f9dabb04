import { createCookie, json, redirect, type AppLoadContext } from "@remix-run/cloudflare";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import type { User } from "~/db/schema";
import { readOnlyText } from "~/i18n/pl";
import { countUnreadNotifications } from "~/models/notifications.server";
import { clientIp, hitRateLimits, RATE_LIMITS, refundRateLimit } from "~/models/rate-limit.server";
import {
  createSession,
  deleteSession,
  getSessionWithUser,
  sessionNeedsTouch,
  touchSession,
} from "~/models/session.server";
import { isAccountReadOnly } from "~/models/subscriptions.server";
import { normalizeEmail, verifyLogin, type AccountDeps } from "~/models/user.server";
import { sha256Hex } from "./crypto.server";
import { isProduction, requireSecret } from "./env.server";
import { readFormData } from "./form.server";
import { redirectWithToast } from "./toast.server";

export function getSessionCookie(env: Env) {
  const production = isProduction(env);
  return createCookie(production ? "__Host-klamp_session" : "klamp_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: production,
    path: "/",
    secrets: [requireSecret(env, "SESSION_SECRET")],
    maxAge: 30 * 86_400,
  });
}

export function accountDeps(context: AppLoadContext): AccountDeps {
  const env = context.cloudflare.env;
  return {
    db: context.db,
    emailQueue: env.EMAIL_QUEUE,
    origin: env.APP_ORIGIN,
    pinSecret: requireSecret(env, "SESSION_SECRET"),
  };
}

export class LoginError extends Error {
  constructor(public readonly reason: "invalid" | "inactive" | "pin_locked" | "rate_limited") {
    super(reason);
  }
}

export interface AuthenticatedLogin {
  user: User;
  pinTokenId: string | null;
}

/**
 * Builds a remix-auth authenticator with the form strategy. Every attempt is counted against
 * the IP and the account before the password is checked, so parallel guesses cannot pass a
 * limit. A successful login then gives its attempt back to the account, so that only failed
 * attempts can lock an account. The IP keeps the count of every attempt.
 */
export function getAuthenticator(context: AppLoadContext) {
  const authenticator = new Authenticator<AuthenticatedLogin>();
  authenticator.use(
    new FormStrategy(async ({ form, request }) => {
      const email = normalizeEmail(String(form.get("email") ?? ""));
      const password = String(form.get("password") ?? "");
      const now = Date.now();
      const accountKey = `login:account:${await sha256Hex(email)}`;
      const allowed = await hitRateLimits(
        context.db,
        [
          [`login:ip:${await sha256Hex(clientIp(request))}`, RATE_LIMITS.loginPerIp],
          [accountKey, RATE_LIMITS.loginPerAccount],
        ],
        now,
      );
      if (!allowed) throw new LoginError("rate_limited");

      const result = await verifyLogin(accountDeps(context), email, password);
      if (!result.ok) throw new LoginError(result.reason);
      await refundRateLimit(context.db, accountKey, RATE_LIMITS.loginPerAccount, now);
      return { user: result.user, pinTokenId: result.pinTokenId };
    }),
    "form",
  );
  return authenticator;
}

async function readSessionId(request: Request, env: Env): Promise<string | null> {
  const value = await getSessionCookie(env).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export interface CurrentSession {
  user: User;
  sessionIdHash: string;
  pinTokenId: string | null;
  /** Unread notifications in the feed when the session was read, up to UNREAD_COUNT_CAP. */
  unreadNotifications: number;
}

// Remix runs the action and the loaders of one request with the same context object, so the
// session is read from D1 once per request, however many loaders ask for it.
const sessionsByContext = new WeakMap<AppLoadContext, Promise<CurrentSession | null>>();

// Contexts in which a change request (an action) asked for the session. A form post without
// JavaScript runs the action and then the page's loaders in one request, and the action may
// have changed the unread count that was read with the session.
const contextsWithChange = new WeakSet<AppLoadContext>();

/** Returns the logged-in freelancer, or null. Refreshes last_used_at in the background now and then. */
export function getCurrentSession(request: Request, context: AppLoadContext): Promise<CurrentSession | null> {
  if (isChangeRequest(request)) contextsWithChange.add(context);
  let pending = sessionsByContext.get(context);
  if (!pending) {
    pending = loadCurrentSession(request, context);
    sessionsByContext.set(context, pending);
  }
  return pending;
}

async function loadCurrentSession(request: Request, context: AppLoadContext): Promise<CurrentSession | null> {
  const sessionId = await readSessionId(request, context.cloudflare.env);
  if (!sessionId) return null;
  const row = await getSessionWithUser(context.db, sessionId);
  if (!row) return null;
  if (sessionNeedsTouch(row.session.lastUsedAt)) {
    context.cloudflare.ctx.waitUntil(touchSession(context.db, row.session.idHash));
  }
  return {
    user: row.user,
    sessionIdHash: row.session.idHash,
    pinTokenId: row.session.pinTokenId,
    unreadNotifications: row.unreadNotifications,
  };
}

/**
 * Returns the header's unread notification count: the one read with the session, or a fresh
 * count when an action ran earlier in this request and may have marked notifications read.
 */
export async function unreadNotificationsForHeader(context: AppLoadContext, session: CurrentSession): Promise<number> {
  if (!contextsWithChange.has(context)) return session.unreadNotifications;
  return countUnreadNotifications(context.db, session.user.id);
}

/** Only same-app paths are allowed as a target after login; anything else becomes the default. */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/dashboard"): string {
  if (typeof target !== "string" || !isSameAppPath(target)) return fallback;
  try {
    const url = new URL(target, "http://klamp.invalid");
    if (url.origin !== "http://klamp.invalid") return fallback;
    const path = url.pathname + url.search + url.hash;
    // Normalizing can itself produce a protocol-relative path: "/.//evil.example" becomes
    // "//evil.example", which a browser reads as another host.
    return isSameAppPath(path) ? path : fallback;
  } catch {
    return fallback;
  }
}

function isSameAppPath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
}

/**
 * Returns the logged-in freelancer or redirects to the login page, coming back here afterwards.
 * A change (any method but GET and HEAD) by a read-only account is rejected here, unless its
 * path is in READ_ONLY_ALLOWED_PATHS, or its path and form intent are in READ_ONLY_ALLOWED_INTENTS.
 */
export async function requireSession(request: Request, context: AppLoadContext): Promise<CurrentSession> {
  const session = await getCurrentSession(request, context);
  if (!session) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
    throw redirect(`/login?${params}`);
  }
  if (isChangeRequest(request) && isAccountReadOnly(session.user) && !(await isAllowedWhileReadOnly(request))) {
    throw await readOnlyRejection(request, context.cloudflare.env, session.user);
  }
  return session;
}

/**
 * Paths a read-only account may still post to, each with everything below it: logging out,
 * paying the subscription, the profile with the e-mail change request (Profil) and its
 * confirmation link, the password and sessions (Bezpieczeństwo), marking notifications read,
 * the notification settings, and "Twoje dane" (exporting the data and deleting the account:
 * both are the user's rights whatever the subscription).
 */
export const READ_ONLY_ALLOWED_PATHS: readonly string[] = [
  "/logout",
  "/settings/subscription",
  "/settings/profile",
  "/settings/email",
  "/settings/security",
  "/settings/notifications",
  "/notifications",
  "/settings/data",
];

/**
 * Exact paths a read-only account may post to only with one of the listed `intent` form
 * values: disconnecting Tpay in Settings → Płatności, while saving or checking credentials
 * stays refused, and marking a notification read on the dashboard.
 */
export const READ_ONLY_ALLOWED_INTENTS: Readonly<Record<string, readonly string[]>> = {
  "/settings/payments": ["disconnect"],
  "/dashboard": ["read"],
};

async function isAllowedWhileReadOnly(request: Request): Promise<boolean> {
  const { pathname } = new URL(request.url);
  if (READ_ONLY_ALLOWED_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`))) return true;
  const intents = Object.hasOwn(READ_ONLY_ALLOWED_INTENTS, pathname) ? READ_ONLY_ALLOWED_INTENTS[pathname] : null;
  if (!intents) return false;
  const intent = await readFormIntent(request);
  return intent !== null && intents.includes(intent);
}

/**
 * Returns the `intent` field of a form post, read from a clone so that the route's action can
 * still read the body. The route reads the same body, so it sees the same first `intent`. A
 * body that is not a form or is too large gives null, so the change is refused.
 */
async function readFormIntent(request: Request): Promise<string | null> {
  try {
    const intent = (await readFormData(request.clone() as Request)).get("intent");
    return typeof intent === "string" ? intent : null;
  } catch {
    return null;
  }
}

export function isChangeRequest(request: Request): boolean {
  return request.method !== "GET" && request.method !== "HEAD";
}

/**
 * True for a request that wants JSON rather than a page: a JSON body, or an Accept header that
 * names JSON and not HTML. Remix's own form and fetcher requests (`?_data=`) accept any type,
 * so they get the redirect, which Remix follows in the browser.
 */
export function wantsJson(request: Request): boolean {
  const accept = request.headers.get("Accept") ?? "";
  const contentType = request.headers.get("Content-Type") ?? "";
  return contentType.startsWith("application/json") || (accept.includes("application/json") && !accept.includes("text/html"));
}

/**
 * Builds the rejection of a change by a read-only account: 403 with the message as JSON for a
 * JSON request, otherwise a 303 back to the page the request came from, with the message as a
 * toast.
 * NOTE: Remix renders a thrown 403 on a page route as its error page when the request has no
 * `?_data=`, so there a JSON client gets the status without the JSON body.
 */
async function readOnlyRejection(request: Request, env: Env, user: Pick<User, "paidUntil">): Promise<Response> {
  const message = user.paidUntil ? readOnlyText.refusedExpired : readOnlyText.refused;
  if (wantsJson(request)) return json({ error: message }, { status: 403 });
  const response = await redirectWithToast(env, pathToGoBack(request), { type: "error", message });
  return new Response(null, { status: 303, headers: response.headers });
}

/** Returns the same-origin page in the Referer header, or else the request's own path without Remix's `_data` parameter. */
function pathToGoBack(request: Request): string {
  const url = new URL(request.url);
  const referer = request.headers.get("Referer");
  if (referer) {
    try {
      const from = new URL(referer);
      if (from.origin === url.origin) return safeRedirectPath(from.pathname + from.search, "/dashboard");
    } catch {
      // An unreadable Referer falls through to the request's own path.
    }
  }
  url.searchParams.delete("_data");
  return safeRedirectPath(url.pathname + url.search, "/dashboard");
}

export async function requireUser(request: Request, context: AppLoadContext): Promise<User> {
  return (await requireSession(request, context)).user;
}

export async function startSession(
  context: AppLoadContext,
  request: Request,
  login: AuthenticatedLogin,
): Promise<string> {
  const sessionId = await createSession(context.db, login.user.id, {
    userAgent: request.headers.get("User-Agent"),
    pinTokenId: login.pinTokenId,
  });
  return getSessionCookie(context.cloudflare.env).serialize(sessionId);
}

export async function endSession(context: AppLoadContext, request: Request): Promise<string> {
  const env = context.cloudflare.env;
  const sessionId = await readSessionId(request, env);
  if (sessionId) await deleteSession(context.db, sessionId);
  return getSessionCookie(env).serialize("", { maxAge: 0 });
}
