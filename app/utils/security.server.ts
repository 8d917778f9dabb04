// Headers and request checks shared by every response of the Worker.

/** Paths that accept cross-site POSTs because a machine, not a browser form, sends them. */
const ORIGIN_EXEMPT_PATHS: string[] = [];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Rejects state-changing requests that do not come from the app's own pages: the Origin
 * header must equal the app's origin; without Origin, Sec-Fetch-Site must say same-origin.
 */
export function isCrossSiteWrite(request: Request, appOrigin: string): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const url = new URL(request.url);
  if (ORIGIN_EXEMPT_PATHS.includes(url.pathname)) return false;
  const allowed = new Set([appOrigin, url.origin]);
  const origin = request.headers.get("Origin");
  if (origin) return !allowed.has(origin);
  return request.headers.get("Sec-Fetch-Site") !== "same-origin";
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

/** Adds the headers every response gets; HTML gets the CSP and no-store unless it set its own caching. */
export function applySecurityHeaders(response: Response, nonce: string): Response {
  const headers = new Headers(response.headers);
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  const contentType = headers.get("Content-Type") ?? "";
  if (contentType.startsWith("text/html")) {
    headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
    if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-store");
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
