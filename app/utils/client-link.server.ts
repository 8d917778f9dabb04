import type { Db } from "~/db/client.server";
import { clientText, CLIENT_LOCALES } from "~/i18n/client";
import { getSharedProjectPage } from "~/models/projects.server";
import { hashShareToken, isWellFormedShareToken } from "~/models/share.server";
import { errorPageResponse } from "./error-response.server";

// Shared by every route the client reaches with the client link /p/<token>: the page itself and
// the routes its panels post to. The token is the only credential, so it must not leak through
// Referer headers, caches or search engines.
//
// Referrer-Policy same-origin sends no Referer to other sites, so the token stays on this
// origin. It is not no-referrer on purpose: under no-referrer a form post without JavaScript
// carries `Origin: null`, and browsers without Sec-Fetch-Site (Safari before 16.4) then fail
// the cross-site check of app/utils/security.server.ts. Under same-origin they send the real Origin.

export const CLIENT_PAGE_HEADERS = {
  "Cache-Control": "private, no-store",
  "Referrer-Policy": "same-origin",
  "X-Robots-Tag": "noindex",
};

/**
 * Ends the request with the one 404 that every link which does not open a project gets
 * (malformed, unknown, regenerated or disabled), so no response reveals which case it was.
 */
export function notFound(): never {
  throw new Response("Not Found", { status: 404, headers: CLIENT_PAGE_HEADERS });
}

/**
 * Builds the page of notFound() for resource routes, which no error boundary renders. The
 * link's project, and so its language, is unknown, so the page has every client language.
 */
export function notFoundPage(): Response {
  const texts = CLIENT_LOCALES.map((locale) => clientText(locale).portal);
  return errorPageResponse(
    404,
    { title: texts.map((t) => t.notFoundTitle).join(" / "), text: texts.map((t) => t.notFoundText).join(" ") },
    CLIENT_PAGE_HEADERS,
  );
}

/** Loads the client page's data for a token from the URL, or ends the request with notFound(). */
export async function requireSharedProject(db: Db, token: string | undefined) {
  if (!isWellFormedShareToken(token)) notFound();
  const page = await getSharedProjectPage(db, await hashShareToken(token));
  if (!page) notFound();
  return page;
}
