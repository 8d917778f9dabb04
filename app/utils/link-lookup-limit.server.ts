import type { Db } from "~/db/client.server";
import { linkLookupLimitText } from "~/i18n/pl";
import {
  clientIp,
  hitRateLimit,
  isOverRateLimit,
  isRateLimited,
  rateLimitRowQuery,
  RATE_LIMITS,
  secondsUntilRateLimitReset,
  type RateLimitRule,
} from "~/models/rate-limit.server";
import { isChangeRequest } from "./auth.server";
import { CLIENT_PAGE_HEADERS } from "./client-link.server";
import { sha256Hex } from "./crypto.server";
import { errorPageResponse } from "./error-response.server";
import { plural } from "./plural";

// Paths whose first segment after the prefix is a secret: the client link /p/<token> with all
// its sub-pages, the report link /r/<token>, the unsubscribe link /u/<token>, the activation
// link, the PIN link, the e-mail change link and Tpay's return address /pay/return/<id>.
// A 404 from any of them means the token did not open anything.
// Remix matches routes case-insensitively and after percent-decoding, so the paths are compared
// the same way: /P/<token> and /%70/<token> open the client link too.
const SECRET_LINK_PATH = /^\/(?:p|r|u|activate|forgot-password|settings\/email|pay\/return)\/[^/]+/i;

/** Decodes each segment of a URL path as the router does; a segment that does not decode stays as it is. */
function routerPath(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}

export function isSecretLinkPath(pathname: string): boolean {
  return SECRET_LINK_PATH.test(routerPath(pathname));
}

// Client-link pages (GET and HEAD under /p/<token>) read the IP's counter in the same D1 batch
// as the token lookup (requireSharedProject), which saves each page a round trip. Changes
// (POST) read it before the route runs, so a blocked IP's post never reaches the action.
const DEFERRED_CHECK_PATH = /^\/p\/[^/]+/i;

/** An IP check that limitLinkLookups leaves to the token lookup of a client-link page. */
export interface LinkLookupCheck {
  key: string;
  rule: RateLimitRule;
  now: number;
  state: "pending" | "allowed" | "blocked";
}

/**
 * Runs `handle` for a request, limiting failed secret-link lookups per IP with
 * RATE_LIMITS.linkLookupPerIp. Only responses with status 404 are counted, so a client who
 * refreshes a working link never adds to the count. Once the IP is over the limit, every
 * secret-link request from it gets a 429 page and no result of a token lookup, so a blocked IP
 * cannot tell a working token from a wrong one. Other paths pass through without touching D1.
 *
 * The counter is read before `handle` runs, except on client-link pages: there
 * requireSharedProject reads it in the token lookup's batch and stops the route when the IP is
 * blocked. A client-link page that never looks a token up (a malformed token, another route's
 * `?_data=`) gets the read after `handle`, and its response is replaced by the 429 page when
 * the IP is blocked.
 *
 * NOTE: the read and the count are two statements, so parallel failed lookups that all pass
 * the read all reach the route. The count still records each of them and blocks the next one.
 */
export async function limitLinkLookups(
  request: Request,
  db: Db,
  handle: (check: LinkLookupCheck | null) => Promise<Response>,
  now = Date.now(),
): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (!isSecretLinkPath(pathname)) return handle(null);

  const rule = RATE_LIMITS.linkLookupPerIp;
  const key = `link_lookup:ip:${await sha256Hex(clientIp(request))}`;
  const blockedPage = () => linkLookupLimitPage(secondsUntilRateLimitReset(rule, now));

  let response: Response;
  if (DEFERRED_CHECK_PATH.test(routerPath(pathname)) && !isChangeRequest(request)) {
    // Handed to the route through the load context (context.linkLookup).
    const check: LinkLookupCheck = { key, rule, now, state: "pending" };
    response = await handle(check);
    if (check.state === "pending" && (await isRateLimited(db, key, rule, now))) check.state = "blocked";
    if (check.state === "blocked") return blockedPage();
  } else {
    if (await isRateLimited(db, key, rule, now)) return blockedPage();
    response = await handle(null);
  }

  if (response.status === 404) await hitRateLimit(db, key, rule, now);
  return response;
}

/**
 * Builds the read of the IP's failed-lookup counter when limitLinkLookups left its check to the
 * token lookup of this request, or returns null. Run it in the lookup's db.batch() and pass its
 * row to settleLinkLookupCheck before using the lookup's result.
 */
export function deferredLinkLookupCounterQuery(db: Db, check: LinkLookupCheck | null | undefined) {
  return check ? rateLimitRowQuery(db, check.key) : null;
}

/**
 * Settles the check of deferredLinkLookupCounterQuery with the counter row it read. When the IP
 * is over the limit, ends the route with a 429 response, which limitLinkLookups replaces with
 * its page.
 */
export function settleLinkLookupCheck(check: LinkLookupCheck | null | undefined, row: { windowStart: number; count: number } | undefined): void {
  if (!check) return;
  if (check.state === "blocked" || isOverRateLimit(row, check.rule, check.now)) {
    check.state = "blocked";
    throw new Response(null, { status: 429, headers: CLIENT_PAGE_HEADERS });
  }
  check.state = "allowed";
}

function linkLookupLimitPage(retryAfterSeconds: number): Response {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const t = linkLookupLimitText;
  return errorPageResponse(
    429,
    { title: t.title, text: t.text(minutes, plural(minutes, t.minuteForms)) },
    { ...CLIENT_PAGE_HEADERS, "Retry-After": String(retryAfterSeconds) },
  );
}
