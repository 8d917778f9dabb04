/// <reference types="vite/client" />
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authTokens, messages, rateLimits, users } from "~/db/schema";
import { auth, linkLookupLimitText, reportSettingsText } from "~/i18n/pl";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { issueShareToken } from "~/models/share.server";
import { sha256Hex } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { escapeHtml } from "~/utils/html";
import pngUrl from "./fixtures/logo-600x200.png?inline";
import { requestPin } from "./account-helpers";
import { Browser, createActiveUser, db, loggedInBrowser, randomTestIp, uniqueEmail } from "./helpers";
import { makeProject } from "./project-helpers";

// Rate limits through the real Worker that no other test file covers: failed secret-link
// lookups per IP, registrations per IP, PIN entries per IP and report logo uploads per IP.
// docs/rate-limits.md lists every limit and the test that covers it.

const LINK_RULE = RATE_LIMITS.linkLookupPerIp;

/** Returns a well-formed client-link token that no project has. */
function unknownToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function sharedProject() {
  const { browser, user } = await loggedInBrowser();
  const project = await makeProject(user.id, { name: "Sklep" });
  const token = await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id, null);
  if (!token) throw new Error("sharing was not turned on");
  return { browser, user, project, token };
}

async function storedCount(key: string): Promise<number | undefined> {
  const row = await db.query.rateLimits.findFirst({ where: eq(rateLimits.key, key) });
  return row?.count;
}

function linkLookupKey(ip: string): Promise<string> {
  return sha256Hex(ip).then((hash) => `link_lookup:ip:${hash}`);
}

/** Moves the stored window of `key` one window back, as if it had been filled that long ago. */
async function expireWindow(key: string, windowSeconds: number): Promise<void> {
  const row = await db.query.rateLimits.findFirst({ where: eq(rateLimits.key, key) });
  if (!row) throw new Error(`no rate limit row for ${key}`);
  await db.update(rateLimits).set({ windowStart: row.windowStart - windowSeconds }).where(eq(rateLimits.key, key));
}

/** Sends LINK_RULE.limit failed lookups from the browser's IP and expects a 404 for each. */
async function useUpLinkLookups(browser: Browser): Promise<void> {
  for (let i = 0; i < LINK_RULE.limit; i++) {
    expect((await browser.get(`/p/${unknownToken()}`)).status).toBe(404);
  }
}

async function expectLinkLookupLimited(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("Retry-After"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(LINK_RULE.windowSeconds);
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
  const html = await response.text();
  expect(html).toContain(escapeHtml(linkLookupLimitText.title));
  expect(html).toContain("Zbyt wiele prób otwarcia linku, który nie działa.");
}

describe("secret link lookups", () => {
  it("answers 429 after the limit of 404s", async () => {
    const browser = new Browser();
    await useUpLinkLookups(browser);

    await expectLinkLookupLimited(await browser.get(`/p/${unknownToken()}`));
    expect(await storedCount(await linkLookupKey(browser.ip))).toBe(LINK_RULE.limit);
  });

  it("blocks a working link from a blocked IP", async () => {
    const { token } = await sharedProject();
    const attacker = new Browser();
    await useUpLinkLookups(attacker);

    await expectLinkLookupLimited(await attacker.get(`/p/${token}`));
    expect((await new Browser().get(`/p/${token}`)).status).toBe(200);
  });

  it("never counts a working link", async () => {
    const { token } = await sharedProject();
    const client = new Browser();
    for (let i = 0; i < LINK_RULE.limit + 5; i++) {
      expect((await client.get(`/p/${token}`)).status).toBe(200);
    }
    expect(await storedCount(await linkLookupKey(client.ip))).toBeUndefined();
  });

  it("counts every kind of secret link", async () => {
    const { browser, token } = await sharedProject();
    const paths = [
      `/p/${unknownToken()}/files`,
      `/p/${token}/files/${crypto.randomUUID()}`,
      `/r/${unknownToken()}`,
      `/u/${unknownToken()}`,
      `/activate/${unknownToken()}`,
      `/forgot-password/${unknownToken()}`,
      `/settings/email/${unknownToken()}`,
      `/pay/return/${crypto.randomUUID()}`,
    ];
    for (const path of paths) {
      expect((await browser.get(path)).status, path).toBe(404);
    }
    expect(await storedCount(await linkLookupKey(browser.ip))).toBe(paths.length);

    await db
      .update(rateLimits)
      .set({ count: LINK_RULE.limit })
      .where(eq(rateLimits.key, await linkLookupKey(browser.ip)));
    for (const path of paths) {
      expect((await browser.get(path)).status, path).toBe(429);
    }
  });

  it("counts each IP on its own", async () => {
    const blocked = new Browser();
    await useUpLinkLookups(blocked);

    const other = new Browser();
    expect((await other.get(`/p/${unknownToken()}`)).status).toBe(404);
    expect(await storedCount(await linkLookupKey(other.ip))).toBe(1);
  });

  it("leaves other pages open to a blocked IP", async () => {
    const { browser } = await loggedInBrowser();
    await useUpLinkLookups(browser);

    expect((await browser.get("/login")).status).not.toBe(429);
    expect((await browser.get("/projects")).status).toBe(200);
    expect((await browser.get("/p")).status).not.toBe(429);
  });

  it("opens again in the next window", async () => {
    const browser = new Browser();
    await useUpLinkLookups(browser);
    expect((await browser.get(`/p/${unknownToken()}`)).status).toBe(429);

    await expireWindow(await linkLookupKey(browser.ip), LINK_RULE.windowSeconds);

    expect((await browser.get(`/p/${unknownToken()}`)).status).toBe(404);
    expect(await storedCount(await linkLookupKey(browser.ip))).toBe(1);
  });

  it("rejects a blocked client's post unread", async () => {
    const { project, token } = await sharedProject();
    const client = new Browser();
    await useUpLinkLookups(client);

    const response = await client.post(`/p/${token}/messages`, { body: "Dzień dobry" });

    await expectLinkLookupLimited(response);
    expect(await db.select().from(messages).where(eq(messages.projectId, project.id))).toEqual([]);
    expect(await storedCount(await linkLookupKey(client.ip))).toBe(LINK_RULE.limit);
  });
});

describe("registration per IP", () => {
  const rule = RATE_LIMITS.registerPerIp;

  function register(browser: Browser, email: string) {
    return browser.post("/register", { name: "Anna Nowak", email, password: "bardzo-tajne-haslo-123" });
  }

  it("rejects the registration after the limit", async () => {
    const browser = new Browser();
    for (let i = 0; i < rule.limit; i++) {
      expect((await register(browser, uniqueEmail("reg"))).status).toBe(302);
    }
    const email = uniqueEmail("reg");

    const rejected = await register(browser, email);

    expect(rejected.status).toBe(429);
    const html = await rejected.text();
    expect(html).toContain(escapeHtml(auth.registerRateLimited));
    // The form keeps what was typed, except the password.
    expect(html).toContain(escapeHtml(email));
    expect(await db.query.users.findFirst({ where: eq(users.email, email) })).toBeUndefined();
    expect((await register(new Browser(), email)).status).toBe(302);
  });

  it("accepts registrations in the next window", async () => {
    const browser = new Browser();
    for (let i = 0; i < rule.limit; i++) await register(browser, uniqueEmail("reg"));
    expect((await register(browser, uniqueEmail("reg"))).status).toBe(429);

    await expireWindow(`register:ip:${await sha256Hex(browser.ip)}`, rule.windowSeconds);

    expect((await register(browser, uniqueEmail("reg"))).status).toBe(302);
  });
});

describe("PIN entry per IP", () => {
  const rule = RATE_LIMITS.pinPerIp;

  it("rejects even the right PIN after the limit", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    const path = link;
    const guesser = new Browser();
    // Guesses at unknown links count against the IP as much as guesses at this one.
    for (let i = 0; i < rule.limit; i++) {
      expect((await guesser.post(`/forgot-password/${unknownToken()}`, { pin: "123456" })).status).toBe(404);
    }

    const rejected = await guesser.post(path, { pin });

    expect(rejected.status).toBe(429);
    expect(await rejected.text()).toContain(escapeHtml(auth.pinRateLimited));
    const token = await db.query.authTokens.findFirst({ where: and(eq(authTokens.userId, user.id), eq(authTokens.purpose, "password_pin")) });
    expect(token?.confirmedAt).toBeNull();
    expect(token?.attempts).toBe(0);

    expect((await new Browser().post(path, { pin })).status).toBe(302);
  });

  it("accepts PINs in the next window", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    const guesser = new Browser();
    for (let i = 0; i <= rule.limit; i++) await guesser.post(`/forgot-password/${unknownToken()}`, { pin: "123456" });
    expect((await guesser.post(link, { pin })).status).toBe(429);

    await expireWindow(`pin:ip:${await sha256Hex(guesser.ip)}`, rule.windowSeconds);

    expect((await guesser.post(link, { pin })).status).toBe(302);
  });
});

describe("report logo uploads per IP", () => {
  const PNG = Uint8Array.from(atob(pngUrl.slice(pngUrl.indexOf(",") + 1)), (char) => char.charCodeAt(0));

  function uploadLogo(browser: Browser) {
    const form = new FormData();
    form.append("file", new File([PNG], "logo.png", { type: "image/png" }));
    return browser.fetch("/settings/reports", { method: "POST", body: form });
  }

  async function logoKeys(userId: string): Promise<string[]> {
    const listed = await env.FILES.list({ prefix: `report-logos/${userId}/` });
    return listed.objects.map((object) => object.key);
  }

  it("shares the limit of file uploads", async () => {
    const { browser, user } = await loggedInBrowser();
    const rule = RATE_LIMITS.fileUploadPerIp;
    const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
    await db.insert(rateLimits).values({ key: `file_upload:ip:${await sha256Hex(browser.ip)}`, windowStart, count: rule.limit });

    const rejected = await uploadLogo(browser);

    expect(rejected.status).toBe(400);
    expect(await rejected.text()).toContain(escapeHtml(reportSettingsText.errors.rate_limited));
    expect(await logoKeys(user.id)).toEqual([]);
    expect(await storedCount(`report_logo_upload:account:${user.id}`)).toBe(1);
  });

  it("counts the logo against the IP", async () => {
    const { browser, user } = await loggedInBrowser();

    expect((await uploadLogo(browser)).status).toBe(302);

    expect(await logoKeys(user.id)).toHaveLength(1);
    expect(await storedCount(`file_upload:ip:${await sha256Hex(browser.ip)}`)).toBe(1);
  });

  it("leaves another IP of the account open", async () => {
    const { browser, user } = await loggedInBrowser();
    const rule = RATE_LIMITS.fileUploadPerIp;
    const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
    await db.insert(rateLimits).values({ key: `file_upload:ip:${await sha256Hex(browser.ip)}`, windowStart, count: rule.limit });
    expect((await uploadLogo(browser)).status).toBe(400);

    browser.ip = randomTestIp();

    expect((await uploadLogo(browser)).status).toBe(302);
    expect(await logoKeys(user.id)).toHaveLength(1);
  });
});
