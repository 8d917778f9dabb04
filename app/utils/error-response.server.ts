import { common } from "~/i18n/pl";
import { escapeHtml } from "./html";

// Inline styles only: the app's CSP (added by applySecurityHeaders) allows inline styles and no
// inline scripts, and these pages need neither the stylesheet nor any script.
const STYLE =
  "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#0f172a;background:#f8fafc}" +
  "main{max-width:32rem;margin:0 auto;padding:4rem 1rem;text-align:center}" +
  ".status{margin:0;font-size:.875rem;font-weight:600;color:#4338ca}" +
  "h1{margin:.5rem 0 0;font-size:1.5rem}" +
  "p.text{margin:.75rem 0 0;color:#475569}" +
  "a{display:inline-block;margin-top:1.5rem;padding:.5rem 1rem;border-radius:.375rem;background:#4338ca;color:#fff;text-decoration:none}";

/**
 * Builds a small Polish HTML error page for responses that no Remix error boundary renders:
 * the Worker's own checks and resource routes. `title` and `text` are escaped. The page's one
 * link goes to the home page unless `link` names another same-app page.
 */
export function errorPageResponse(
  status: number,
  content: { title: string; text: string; link?: { href: string; label: string } },
  headers: HeadersInit = {},
): Response {
  const link = content.link ?? { href: "/", label: common.goHome };
  const html =
    `<!doctype html><html lang="pl"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(content.title)} · Klamp</title><style>${STYLE}</style></head>` +
    `<body><main><p class="status">${status}</p><h1>${escapeHtml(content.title)}</h1>` +
    `<p class="text">${escapeHtml(content.text)}</p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></main></body></html>`;
  const responseHeaders = new Headers(headers);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(html, { status, headers: responseHeaders });
}

export function notFoundPageResponse(): Response {
  return errorPageResponse(404, { title: common.notFoundTitle, text: common.notFoundText });
}

export function badRequestPageResponse(): Response {
  return errorPageResponse(400, { title: common.badRequestTitle, text: common.badRequestText });
}
