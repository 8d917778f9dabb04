import { createExecutionContext, env } from "cloudflare:test";
import type { AppLoadContext } from "@remix-run/cloudflare";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, projects, rateLimits } from "~/db/schema";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { readClientLink } from "~/models/share.server";
import { requireSession, unreadNotificationsForHeader } from "~/utils/auth.server";
import { sha256Hex } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import worker from "../workers/app";
import { db, loggedInBrowser, ORIGIN, randomTestIp, type Browser } from "./helpers";
import { makeProject } from "./project-helpers";

// The project page reads the project and all its panels (tasks, history, fix requests, thread,
// files, invitations) in one D1 batch after the session's batch. The client page needs the
// project its link resolves to first, then reads the panels in a second batch. The counts come
// from the X-D1-* headers of workers/d1-counter.ts, so a panel read on its own would fail these tests.

const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;

async function countedGet(path: string, cookie = "", ip = randomTestIp()) {
  const headers = new Headers({ "CF-Connecting-IP": ip });
  if (cookie) headers.set("Cookie", cookie);
  // The Worker's fetch is typed for incoming requests, which carry Cloudflare's `cf` fields.
  const request = new Request(`${ORIGIN}${path}`, { headers }) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, { ...env, D1_QUERY_LOG: "1" } as Env, ctx);
  return {
    status: response.status,
    body: await response.text(),
    queries: Number(response.headers.get("X-D1-Queries")),
    batches: Number(response.headers.get("X-D1-Batches")),
  };
}

/** Turns sharing on for a new project of the user and returns its client-link path. */
async function sharedLinkPath(userId: string, name: string, browser: Browser) {
  const project = await makeProject(userId, { name });
  expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
  const stored = await db.query.projects.findFirst({ where: eq(projects.id, project.id) });
  if (!stored) throw new Error("project not stored");
  const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, stored);
  if (!link) throw new Error("sharing is off");
  return new URL(link).pathname;
}

/** Puts the IP over the limit of failed secret-link lookups in the current window. */
async function blockLinkLookups(ip: string) {
  const rule = RATE_LIMITS.linkLookupPerIp;
  const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
  await db.insert(rateLimits).values({ key: `link_lookup:ip:${await sha256Hex(ip)}`, windowStart, count: rule.limit });
}

async function addUnreadNotification(userId: string) {
  await db.insert(notifications).values({ id: crypto.randomUUID(), userId, projectId: null, type: "message", data: JSON.stringify({ excerpt: "Pytanie" }), emailState: "none" });
}

function loadContext(): AppLoadContext {
  return { cloudflare: { env, ctx: createExecutionContext() }, db, cspNonce: "test" } as unknown as AppLoadContext;
}

describe("page round trips", () => {
  it("project page reads its panels in one batch", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "Sklep" });

    const counts = await countedGet(`/projects/${project.id}`, browser.cookieHeader());

    expect(counts.status).toBe(200);
    // The session with the header's unread count in one batch, then one batch for the whole page.
    expect(counts.queries).toBe(0);
    expect(counts.batches).toBe(2);
  });

  it("client page reads its panels in one batch", async () => {
    const { browser, user } = await loggedInBrowser();
    const path = await sharedLinkPath(user.id, "Sklep", browser);

    const counts = await countedGet(path);

    expect(counts.status).toBe(200);
    // The IP's count of failed secret-link lookups (app/utils/link-lookup-limit.server.ts) with
    // the link's project in one batch, then the task list and the panels of the project it resolved to.
    expect(counts.queries).toBe(0);
    expect(counts.batches).toBe(2);
  });
});

describe("session read", () => {
  it("returns the unread count in its batch", async () => {
    const { browser, user } = await loggedInBrowser();
    await addUnreadNotification(user.id);
    await addUnreadNotification(user.id);

    const counts = await countedGet("/dashboard?_data=routes%2F_app", browser.cookieHeader());

    expect(counts.status).toBe(200);
    expect(JSON.parse(counts.body).unreadNotifications).toBe(2);
    expect(counts.queries).toBe(0);
    expect(counts.batches).toBe(1);
  });

  it("gives no count without a session", async () => {
    const counts = await countedGet("/dashboard?_data=routes%2F_app", "klamp_session=unknown");

    expect(counts.status).toBe(204);
    expect(counts.body).not.toContain("unreadNotifications");
  });

  it("keeps the count of a GET request", async () => {
    const { browser, user } = await loggedInBrowser();
    const context = loadContext();
    const request = new Request(`${ORIGIN}/dashboard`, { headers: { Cookie: browser.cookieHeader() } });
    const session = await requireSession(request, context);

    await addUnreadNotification(user.id);

    expect(session.unreadNotifications).toBe(0);
    expect(await unreadNotificationsForHeader(context, session)).toBe(0);
  });

  it("recounts after an action in the request", async () => {
    // A form post without JavaScript runs the action and then the loaders with one context.
    const { browser, user } = await loggedInBrowser();
    const context = loadContext();
    const post = new Request(`${ORIGIN}/notifications`, { method: "POST", headers: { Cookie: browser.cookieHeader() } });
    const session = await requireSession(post, context);

    await addUnreadNotification(user.id);

    expect(session.unreadNotifications).toBe(0);
    expect(await unreadNotificationsForHeader(context, session)).toBe(1);
  });
});

describe("secret-link counter in the lookup batch", () => {
  it("blocks a working link in one batch", async () => {
    const { browser, user } = await loggedInBrowser();
    const path = await sharedLinkPath(user.id, "Sklep Zablokowany", browser);
    const ip = randomTestIp();
    await blockLinkLookups(ip);

    const counts = await countedGet(path, "", ip);

    expect(counts.status).toBe(429);
    expect(counts.body).not.toContain("Sklep Zablokowany");
    // The counter and the lookup in one batch, and nothing after it.
    expect(counts.queries).toBe(0);
    expect(counts.batches).toBe(1);
  });

  it("blocks a malformed token after the route", async () => {
    const ip = randomTestIp();
    await blockLinkLookups(ip);

    const counts = await countedGet("/p/not-a-token", "", ip);

    expect(counts.status).toBe(429);
  });

  it("counts a malformed token once", async () => {
    const ip = randomTestIp();

    const counts = await countedGet("/p/not-a-token", "", ip);

    expect(counts.status).toBe(404);
    const row = await db.query.rateLimits.findFirst({ where: eq(rateLimits.key, `link_lookup:ip:${await sha256Hex(ip)}`) });
    expect(row?.count).toBe(1);
  });
});
