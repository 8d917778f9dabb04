import { env } from "cloudflare:test";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SharePanel } from "~/components/share-panel";
import { activity, projects } from "~/db/schema";
import { shareText } from "~/i18n/pl";
import { createClient } from "~/models/clients.server";
import { createProject } from "~/models/projects.server";
import { readClientLink } from "~/models/share.server";
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

  it("returns 404 for an unknown project", async () => {
    const { browser } = await freelancerWithProject();
    expect((await share(browser, crypto.randomUUID(), "enable")).status).toBe(404);
  });

  it("rejects an unknown intent", async () => {
    const { browser, project } = await freelancerWithProject();
    const response = await share(browser, project.id, "delete");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(shareText.invalidIntent);
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
