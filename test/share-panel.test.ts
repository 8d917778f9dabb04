import { env } from "cloudflare:test";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SharePanel } from "~/components/share-panel";
import { activity, projects } from "~/db/schema";
import { common, shareText } from "~/i18n/pl";
import { createClient } from "~/models/clients.server";
import { createProject } from "~/models/projects.server";
import { disableSharing, issueShareToken, readClientLink } from "~/models/share.server";
import { sha256Hex } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { escapeHtml } from "~/utils/html";
import { Browser, db, loggedInBrowser, ORIGIN } from "./helpers";

// The freelancer's side of the client link: the "Udostępnij" panel and its share route.

async function freelancerWithProject() {
  const { browser, user } = await loggedInBrowser();
  const client = await createClient(db, user.id, { name: "Łukasz Żółć" });
  const project = await createProject(db, user.id, { name: "Aplikacja mobilna", deadline: null, clientId: client.id });
  return { browser, user, project };
}

async function projectRow(projectId: string) {
  const row = await db.query.projects.findFirst({ where: eq(projects.id, projectId) });
  if (!row) throw new Error(`project ${projectId} not found`);
  return row;
}

async function shareActivity(projectId: string) {
  const rows = await db.select().from(activity).where(eq(activity.projectId, projectId));
  return rows.filter((row) => row.action.startsWith("share.")).map((row) => `${row.actor}:${row.action}`);
}

function share(browser: Browser, projectId: string, intent: string) {
  return browser.post(`/projects/${projectId}/share`, { intent });
}

/** Returns a browser with its own cookie jar that starts with the same session as `browser`. */
function sameSession(browser: Browser): Browser {
  const copy = new Browser();
  copy.cookies = new Map(browser.cookies);
  copy.ip = browser.ip;
  return copy;
}

/**
 * Sends `count` share requests at once, each from its own copy of the session (so each keeps
 * the toast of its own response), and returns the toast each one shows after its redirect.
 */
async function parallelShare(browser: Browser, projectId: string, intent: string, count: number): Promise<string[]> {
  const browsers = Array.from({ length: count }, () => sameSession(browser));
  const responses = await Promise.all(browsers.map((copy) => share(copy, projectId, intent)));
  const toasts: string[] = [];
  for (const [index, response] of responses.entries()) {
    expect(response.status, `request ${index}`).toBe(302);
    const page = await toastAfter(browsers[index], response);
    const toast = [shareText.enabled, shareText.alreadyEnabled, shareText.regenerated, shareText.changedMeanwhile, shareText.disabled, shareText.alreadyDisabled]
      .filter((message) => page.includes(escapeHtml(message)));
    toasts.push(toast.join(" | "));
  }
  return toasts.sort();
}

/** Follows the share route's redirect and returns the page, which shows the toast it left. */
async function toastAfter(browser: Browser, response: Response): Promise<string> {
  const location = response.headers.get("Location");
  if (!location) throw new Error(`expected a redirect, got ${response.status}`);
  return (await browser.get(location)).text();
}

describe("share route", () => {
  it("enables sharing once and records it", async () => {
    const { browser, project } = await freelancerWithProject();
    expect((await projectRow(project.id)).shareTokenHash).toBeNull();

    const response = await share(browser, project.id, "enable");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}`);
    const enabled = await projectRow(project.id);
    expect(enabled.shareTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, enabled)).toMatch(/^http:\/\/localhost:8787\/p\/[A-Za-z0-9_-]{43}$/);
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled"]);

    // A second "enable" (another tab, a double click) keeps the link the client already has.
    const again = await share(browser, project.id, "enable");
    expect(again.status).toBe(302);
    expect(await toastAfter(browser, again)).toContain(shareText.alreadyEnabled);
    expect((await projectRow(project.id)).shareTokenHash).toBe(enabled.shareTokenHash);
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled"]);
  });

  it("regenerates and disables with a toast", async () => {
    const { browser, project } = await freelancerWithProject();
    await share(browser, project.id, "enable");
    const first = await projectRow(project.id);

    const regenerated = await share(browser, project.id, "regenerate");
    expect(regenerated.status).toBe(302);
    expect(await toastAfter(browser, regenerated)).toContain(shareText.regenerated);
    const second = await projectRow(project.id);
    expect(second.shareTokenHash).not.toBe(first.shareTokenHash);
    expect(second.shareTokenEncrypted).not.toBe(first.shareTokenEncrypted);

    const disabled = await share(browser, project.id, "disable");
    expect(disabled.status).toBe(302);
    expect(await toastAfter(browser, disabled)).toContain(shareText.disabled);
    const third = await projectRow(project.id);
    expect(third.shareTokenHash).toBeNull();
    expect(third.shareTokenEncrypted).toBeNull();

    const disabledAgain = await share(browser, project.id, "disable");
    expect(await toastAfter(browser, disabledAgain)).toContain(shareText.alreadyDisabled);
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled", "freelancer:share.regenerated", "freelancer:share.disabled"]);
  });

  it("returns 404 for another freelancer's project", async () => {
    const owner = await freelancerWithProject();
    await share(owner.browser, owner.project.id, "enable");
    const before = await projectRow(owner.project.id);
    const { browser: intruder } = await loggedInBrowser();

    for (const intent of ["enable", "regenerate", "disable"]) {
      expect((await share(intruder, owner.project.id, intent)).status, intent).toBe(404);
    }
    expect(await projectRow(owner.project.id)).toEqual(before);
    expect(await shareActivity(owner.project.id)).toEqual(["freelancer:share.enabled"]);
  });

  it("enables once under parallel requests", async () => {
    const { browser, project } = await freelancerWithProject();
    const toasts = await parallelShare(browser, project.id, "enable", 8);

    expect(toasts).toEqual([shareText.enabled, ...Array(7).fill(shareText.alreadyEnabled)].sort());
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled"]);
    const row = await projectRow(project.id);
    expect(row.shareTokenHash).toMatch(/^[0-9a-f]{64}$/);
    // The encrypted copy belongs to the same token as the hash: the one winner wrote both.
    const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, row);
    expect(await sha256Hex(link!.slice(`${ORIGIN}/p/`.length))).toBe(row.shareTokenHash);
  });

  it("records each parallel regeneration once", async () => {
    const { browser, project } = await freelancerWithProject();
    await share(browser, project.id, "enable");
    const enabled = await projectRow(project.id);

    // A request may read the link after another one already replaced it, and then replaces that
    // newer link in turn. What must hold: each replacement is one success and one activity row,
    // and a request that lost the race changes nothing.
    const toasts = await parallelShare(browser, project.id, "regenerate", 8);
    const wins = toasts.filter((toast) => toast === shareText.regenerated).length;
    expect(wins).toBeGreaterThanOrEqual(1);
    expect(toasts.filter((toast) => toast === shareText.changedMeanwhile)).toHaveLength(8 - wins);
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled", ...Array(wins).fill("freelancer:share.regenerated")]);
    const row = await projectRow(project.id);
    expect(row.shareTokenHash).not.toBe(enabled.shareTokenHash);
    const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, row);
    expect(await sha256Hex(link!.slice(`${ORIGIN}/p/`.length))).toBe(row.shareTokenHash);
  });

  it("disables once under parallel requests", async () => {
    const { browser, project } = await freelancerWithProject();
    await share(browser, project.id, "enable");

    const toasts = await parallelShare(browser, project.id, "disable", 8);
    expect(toasts).toEqual([shareText.disabled, ...Array(7).fill(shareText.alreadyDisabled)].sort());
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled", "freelancer:share.disabled"]);
    const row = await projectRow(project.id);
    expect(row.shareTokenHash).toBeNull();
    expect(row.shareTokenEncrypted).toBeNull();
  });

  it("answers another freelancer with the Polish 404 page", async () => {
    const owner = await freelancerWithProject();
    const { browser: intruder } = await loggedInBrowser();

    const response = await share(intruder, owner.project.id, "enable");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<html lang="pl"');
    expect(html).toContain(common.notFoundTitle);
    expect(html).toContain(escapeHtml(common.notFoundText));
    expect(html).toContain(`<title>${common.notFoundTitle}`);
    expect((await projectRow(owner.project.id)).shareTokenHash).toBeNull();
  });

  it("returns 400 for a body that is not a form", async () => {
    const { browser, project } = await freelancerWithProject();
    const response = await browser.fetch(`/projects/${project.id}/share`, {
      method: "POST",
      body: JSON.stringify({ intent: "enable" }),
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain(common.errorTitle);
    expect(html).not.toContain("Unexpected Server Error");
    expect((await projectRow(project.id)).shareTokenHash).toBeNull();
    expect(await shareActivity(project.id)).toEqual([]);
  });

  it("returns 404 for an unknown project", async () => {
    const { browser } = await freelancerWithProject();
    expect((await share(browser, crypto.randomUUID(), "enable")).status).toBe(404);
  });

  it("rejects an unknown intent", async () => {
    const { browser, project } = await freelancerWithProject();
    const response = await share(browser, project.id, "delete");
    // Without JavaScript Remix runs the route's loader after the action, which leads back to the project.
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}`);

    // The panel's fetcher reads the error from the JSON of a data request.
    const data = await browser.post(`/projects/${project.id}/share?_data=${encodeURIComponent("routes/_app.projects.$projectId_.share")}`, {
      intent: "delete",
    });
    expect(data.status).toBe(400);
    expect(await data.json()).toEqual({ error: shareText.invalidIntent });
    expect((await projectRow(project.id)).shareTokenHash).toBeNull();
    expect(await shareActivity(project.id)).toEqual([]);
  });

  it("changes nothing on GET", async () => {
    const { browser, project } = await freelancerWithProject();
    await share(browser, project.id, "enable");
    const before = await projectRow(project.id);

    const response = await browser.get(`/projects/${project.id}/share?intent=regenerate`);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}`);
    expect(await projectRow(project.id)).toEqual(before);
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled"]);
  });

  it("sends a logged-out POST to the login page", async () => {
    const { project } = await freelancerWithProject();
    const response = await share(new Browser(), project.id, "enable");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect((await projectRow(project.id)).shareTokenHash).toBeNull();
  });

  it("rejects a cross-site POST", async () => {
    const { browser, project } = await freelancerWithProject();
    const response = await browser.fetch(`/projects/${project.id}/share`, {
      method: "POST",
      form: { intent: "enable" },
      headers: { Origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    expect((await projectRow(project.id)).shareTokenHash).toBeNull();
  });
});

// The route tests above cannot make requests interleave on demand. Here every call reads the
// same state before any of them writes, which is the race a double submit or two tabs cause.
describe("share model under races", () => {
  const key = () => requireSecret(env, "ENCRYPTION_KEY");

  it("issues one token from the same off state", async () => {
    const { user, project } = await freelancerWithProject();
    const tokens = await Promise.all(Array.from({ length: 8 }, () => issueShareToken(db, key(), user.id, project.id, null)));

    const issued = tokens.filter((token): token is string => token !== null);
    expect(issued).toHaveLength(1);
    expect((await projectRow(project.id)).shareTokenHash).toBe(await sha256Hex(issued[0]));
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled"]);
  });

  it("replaces a link once from the same hash", async () => {
    const { user, project } = await freelancerWithProject();
    await issueShareToken(db, key(), user.id, project.id, null);
    const currentHash = (await projectRow(project.id)).shareTokenHash;
    const tokens = await Promise.all(Array.from({ length: 8 }, () => issueShareToken(db, key(), user.id, project.id, currentHash)));

    const issued = tokens.filter((token): token is string => token !== null);
    expect(issued).toHaveLength(1);
    expect((await projectRow(project.id)).shareTokenHash).toBe(await sha256Hex(issued[0]));
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled", "freelancer:share.regenerated"]);
  });

  it("disables once", async () => {
    const { user, project } = await freelancerWithProject();
    await issueShareToken(db, key(), user.id, project.id, null);
    const results = await Promise.all(Array.from({ length: 8 }, () => disableSharing(db, user.id, project.id)));

    expect(results.sort()).toEqual(["disabled", ...Array(7).fill("already")].sort());
    expect(await shareActivity(project.id)).toEqual(["freelancer:share.enabled", "freelancer:share.disabled"]);
  });

  it("leaves another freelancer's project alone", async () => {
    const owner = await freelancerWithProject();
    const { user: intruder } = await loggedInBrowser();
    expect(await issueShareToken(db, key(), intruder.id, owner.project.id, null)).toBeNull();
    expect(await disableSharing(db, intruder.id, owner.project.id)).toBe("not_found");
    expect((await projectRow(owner.project.id)).shareTokenHash).toBeNull();
    expect(await shareActivity(owner.project.id)).toEqual([]);
  });
});

/** Server-renders the panel inside a data router, as the project page does. */
async function renderPanel(props: { projectId: string; clientLink: string | null }): Promise<string> {
  const handler = createStaticHandler([{ path: "/projects/:projectId", element: createElement(SharePanel, props) }]);
  const context = await handler.query(new Request(`${ORIGIN}/projects/${props.projectId}`));
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }));
}

describe("SharePanel", () => {
  const projectId = "7d3c7e9e-0000-4000-8000-000000000001";
  const link = `${ORIGIN}/p/${"A".repeat(43)}`;

  it("shows the link and actions when on", async () => {
    const html = await renderPanel({ projectId, clientLink: link });
    expect(html).toContain(shareText.linkLabel);
    expect(html).toMatch(new RegExp(`<input[^>]*readonly=""[^>]*value="${link}"`));
    expect(html).toContain(shareText.copy);
    expect(html).toContain(shareText.regenerate);
    expect(html).toContain(escapeHtml(shareText.regenerateWarning));
    expect(html).toContain(shareText.disable);
    expect(html).not.toContain(shareText.enable);
    expect(html).toContain(`action="/projects/${projectId}/share"`);
    expect(html).toContain('name="intent" value="regenerate"');
    expect(html).toContain('name="intent" value="disable"');
    expect(html).not.toContain('value="enable"');
  });

  it("offers to enable when off", async () => {
    const html = await renderPanel({ projectId, clientLink: null });
    expect(html).toContain(shareText.linkLabel);
    expect(html).toContain(shareText.enable);
    expect(html).toContain('name="intent" value="enable"');
    expect(html).toContain(`action="/projects/${projectId}/share"`);
    expect(html).not.toContain(shareText.copy);
    expect(html).not.toContain(shareText.regenerate);
  });
});
