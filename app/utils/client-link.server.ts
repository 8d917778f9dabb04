import { json } from "@remix-run/cloudflare";
import type { Db } from "~/db/client.server";
import { clientText, CLIENT_LOCALES } from "~/i18n/client";
import * as en from "~/i18n/en";
import * as pl from "~/i18n/pl";
import { getSharedProjectPage } from "~/models/projects.server";
import { hashShareToken, isWellFormedShareToken } from "~/models/share.server";
import { isAccountReadOnly } from "~/models/subscriptions.server";
import { wantsJson } from "./auth.server";
import { errorPageResponse } from "./error-response.server";
import { redirectWithToast } from "./toast.server";

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

/**
 * Rejects a client's change while the freelancer's account is read-only (trial or paid period
 * over): a message, a fix request, an upload or a decision on an amount. Paying a bill is not a
 * change and stays allowed, because it pays for work already done. Call it right after
 * requireSharedProject, before the body is read. The message is in the client's language. A
 * JSON request gets it with 403, and any other request gets a 303 to the client page with it as a toast.
 */
export async function rejectWhileOwnerReadOnly(
  request: Request,
  env: Env,
  page: { project: { clientLocale: string }; owner: { trialEndsAt: string; paidUntil: string | null } },
): Promise<void> {
  if (!isAccountReadOnly(page.owner)) return;
  const locale = page.project.clientLocale;
  const message = (locale === "en" ? en : pl).clientReadOnlyText.refused;
  if (wantsJson(request)) throw json({ error: message }, { status: 403, headers: CLIENT_PAGE_HEADERS });
  // Every client-link path starts with /p/<token>, and the route has already checked the token.
  const clientPage = new URL(request.url).pathname.split("/").slice(0, 3).join("/");
  const redirect = await redirectWithToast(env, clientPage, { type: "error", message }, CLIENT_PAGE_HEADERS);
  throw new Response(null, { status: 303, headers: redirect.headers });
}
