// Headers and request checks shared by every response of the Worker.

/** Paths that accept cross-site POSTs because a machine, not a browser form, sends them. */
const ORIGIN_EXEMPT_PATHS: string[] = [];

/**
 * Path prefixes of the same kind. /u/<token> is the unsubscribe link of the client's e-mails:
 * mail providers send its RFC 8058 one-click POST from their servers, without an Origin. The
 * signed token in the path is what authorizes it.
 */
const ORIGIN_EXEMPT_PREFIXES: string[] = ["/u/"];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Rejects state-changing requests that do not come from the app's own pages: the Origin
 * header must equal the app's origin. Without Origin, or with the opaque `Origin: null`,
 * Sec-Fetch-Site must say same-origin. Browsers send `Origin: null` for form posts from a page
 * with `Referrer-Policy: no-referrer`, which a route may still choose.
 */
export function isCrossSiteWrite(request: Request, appOrigin: string): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const url = new URL(request.url);
  if (isOriginExempt(url.pathname)) return false;
  const allowed = new Set([appOrigin, url.origin]);
  const origin = request.headers.get("Origin");
  if (origin && origin !== "null") return !allowed.has(origin);
  return request.headers.get("Sec-Fetch-Site") !== "same-origin";
}

function isOriginExempt(pathname: string): boolean {
  return ORIGIN_EXEMPT_PATHS.includes(pathname) || ORIGIN_EXEMPT_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * Drops an Origin header that Remix would reject from a write that isCrossSiteWrite accepted.
 * Remix checks Origin against Host itself and fails a mismatch with a 500. The first case is the
 * opaque `Origin: null` of a same-origin form post (see isCrossSiteWrite), which would break the
 * client link's forms with JavaScript off. The second is any Origin of a POST to an exempt path,
 * such as the one-click unsubscribe that a mail provider sends from its own site.
 */
export function withoutRejectedOrigin(request: Request): Request {
  const origin = request.headers.get("Origin");
  if (origin === null) return request;
  if (origin !== "null" && !isOriginExempt(new URL(request.url).pathname)) return request;
  const headers = new Headers(request.headers);
  headers.delete("Origin");
  return new Request(request, { headers });
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // The response to the "Zapłać teraz" form redirects to Tpay's payment page, and browsers
    // check form-action on that redirect too.
    "form-action 'self' https://secure.tpay.com https://secure.sandbox.tpay.com",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Adds the headers every response of the Worker gets. HTML gets the app's CSP unless the route
 * set a stricter one of its own (the sandboxed e-mail preview does). Every response without its
 * own Cache-Control gets `private, no-store`: HTML, the `?_data=` JSON of private pages, plain
 * text and redirects alike. Static files never reach the Worker (public/_headers sets theirs).
 */
export function applySecurityHeaders(response: Response, nonce: string): Response {
  const headers = new Headers(response.headers);
  headers.set("X-Content-Type-Options", "nosniff");
  // Routes with a secret in the URL (the client link) set a stricter policy of their own.
  if (!headers.has("Referrer-Policy")) headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  const contentType = headers.get("Content-Type") ?? "";
  if (contentType.startsWith("text/html") && !headers.has("Content-Security-Policy")) {
    headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  }
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-store");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
