import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rateLimits } from "~/db/schema";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { issueShareToken } from "~/models/share.server";
import { sha256Hex } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { Browser, db, loggedInBrowser } from "./helpers";
import { makeProject, makeTask } from "./project-helpers";

// Edge cases found in review: secret links reached through another spelling of the path, and a
// page number past the cap.

const LINK_RULE = RATE_LIMITS.linkLookupPerIp;

function unknownToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function sharedProjectToken(): Promise<string> {
  const { user } = await loggedInBrowser();
  const project = await makeProject(user.id, { name: "Sklep" });
  const token = await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id, null);
  if (!token) throw new Error(`issueShareToken returned no token for project ${project.id}`);
  return token;
}

async function linkLookupCount(ip: string): Promise<number | undefined> {
  const key = `link_lookup:ip:${await sha256Hex(ip)}`;
  const row = await db.query.rateLimits.findFirst({ where: eq(rateLimits.key, key) });
  return row?.count;
}

/** Marks the browser's IP as over the secret-link limit. */
async function blockIp(browser: Browser): Promise<void> {
  const key = `link_lookup:ip:${await sha256Hex(browser.ip)}`;
  const windowStart = Math.floor(Date.now() / 1000 / LINK_RULE.windowSeconds) * LINK_RULE.windowSeconds;
  await db.insert(rateLimits).values({ key, windowStart, count: LINK_RULE.limit });
}

// Remix matches route paths case-insensitively and after percent-decoding, so the secret-link
// limit must see /P/<token> and /%70/<token> as the client link.
describe("secret link limit bypass", () => {
  for (const prefix of ["/P/", "/%70/"]) {
    it(`blocks a working link at ${prefix}<token>`, async () => {
      const token = await sharedProjectToken();
      const attacker = new Browser();
      await blockIp(attacker);

      const response = await attacker.get(`${prefix}${token}`);

      expect(response.status).toBe(429);
    });

    it(`counts a wrong token at ${prefix}<token>`, async () => {
      const attacker = new Browser();

      const response = await attacker.get(`${prefix}${unknownToken()}`);

      expect(response.status).toBe(404);
      expect(await linkLookupCount(attacker.ip)).toBe(1);
    });
  }
});

// pageFromSearch caps a huge page number, and the task list then clamps it to its last page.
describe("task list page past the end", () => {
  it("shows the last page for ?tasks=100001", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (let i = 0; i < 51; i++) await makeTask(user.id, project.id, { name: `Zadanie ${i + 1}` });

    const response = await browser.get(`/projects/${project.id}?tasks=100001&_data=routes/_app.projects.$projectId`);
    expect(response.status).toBe(200);
    const data = (await response.json()) as { taskPage: { page: number; pageCount: number } };

    expect(data.taskPage.pageCount).toBe(2);
    expect(data.taskPage.page).toBe(2);
  });
});
