import { json } from "@remix-run/cloudflare";
import { eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { clients, projects, users } from "~/db/schema";
import { clientShellText } from "~/i18n/client-shell";
import { CLIENT_LOCALES } from "~/i18n/locale";
import * as en from "~/i18n/en";
import * as pl from "~/i18n/pl";
import { hashShareToken, isWellFormedShareToken } from "~/models/share.server";
import { isAccountReadOnly } from "~/models/subscriptions.server";
import { wantsJson } from "./auth.server";
import { errorPageResponse } from "./error-response.server";
import { deferredLinkLookupCounterQuery, settleLinkLookupCheck, type LinkLookupCheck } from "./link-lookup-limit.server";
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
  const texts = CLIENT_LOCALES.map((locale) => clientShellText[locale]);
  return errorPageResponse(
    404,
    { title: texts.map((t) => t.notFoundTitle).join(" / "), text: texts.map((t) => t.notFoundText).join(" ") },
    CLIENT_PAGE_HEADERS,
  );
}

/**
 * Loads the project a token from the URL opens, with its client, freelancer and the owner's
 * subscription dates, or ends the request with notFound(). On a client-link page the same D1
 * batch reads the IP's failed-lookup counter (app/utils/link-lookup-limit.server.ts), and a
 * blocked IP ends the request before the lookup's result is used.
 */
export async function requireSharedProject(context: { db: Db; linkLookup?: LinkLookupCheck | null }, token: string | undefined) {
  const { db } = context;
  if (!isWellFormedShareToken(token)) notFound();
  const lookup = sharedProjectQuery(db, await hashShareToken(token));
  const counter = deferredLinkLookupCounterQuery(db, context.linkLookup);
  let row: Awaited<typeof lookup>[number] | undefined;
  if (counter) {
    const [counterRows, rows] = await db.batch([counter, lookup]);
    settleLinkLookupCheck(context.linkLookup, counterRows[0]);
    row = rows[0];
  } else {
    [row] = await lookup;
  }
  if (!row) notFound();
  return {
    project: row.project,
    clientName: row.clientName,
    freelancerName: row.freelancerName,
    freelancerEmail: row.freelancerEmail,
    owner: { trialEndsAt: row.ownerTrialEndsAt, paidUntil: row.ownerPaidUntil },
  };
}

/** Builds the lookup of requireSharedProject: the project with this share token hash, joined to its client and freelancer. */
function sharedProjectQuery(db: Db, shareTokenHash: string) {
  // D1 returns rows as objects keyed by column name, so two joined columns both called `name`
  // would overwrite each other: the client's and freelancer's columns get aliases.
  return db
    .select({
      project: projects,
      clientName: sql<string>`${clients.name}`.as("client_name"),
      freelancerName: sql<string>`${users.name}`.as("freelancer_name"),
      freelancerEmail: sql<string>`${users.email}`.as("freelancer_email"),
      // Whether the freelancer's account is read-only (isAccountReadOnly) decides if the client may post.
      ownerTrialEndsAt: sql<string>`${users.trialEndsAt}`.as("owner_trial_ends_at"),
      ownerPaidUntil: sql<string | null>`${users.paidUntil}`.as("owner_paid_until"),
    })
    .from(projects)
    .innerJoin(clients, eq(clients.id, projects.clientId))
    .innerJoin(users, eq(users.id, projects.userId))
    .where(eq(projects.shareTokenHash, shareTokenHash))
    .limit(1);
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
