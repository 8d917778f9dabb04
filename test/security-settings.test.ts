import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { describeActivity } from "~/models/activity-lines.server";
import { activity, sessions } from "~/db/schema";
import { activityText, auth, nav, security } from "~/i18n/pl";
import { sessionPublicId } from "~/models/session.server";
import { escapeHtml } from "~/utils/html";
import { countLabel } from "~/utils/plural";
import { alerts, followRedirect } from "./account-helpers";
import { Browser, createActiveUser, db, loggedInBrowser } from "./helpers";

const NEW_PASSWORD = "inne-dlugie-haslo-789";
const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_ON_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

async function loginAs(user: { email: string; password: string }, userAgent?: string) {
  const browser = new Browser();
  const response = await browser.fetch("/login", {
    form: { email: user.email, password: user.password },
    headers: userAgent ? { "User-Agent": userAgent } : {},
  });
  expect(response.status).toBe(302);
  return browser;
}

describe("security settings page", () => {
  it("requires a login", async () => {
    const response = await new Browser().get("/settings/security");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fsettings%2Fsecurity");
  });

  it("lists active sessions and marks the current one", async () => {
    const user = await createActiveUser();
    await loginAs(user, SAFARI_ON_IPHONE);
    const browser = await loginAs(user, FIREFOX_ON_WINDOWS);

    const page = await browser.get("/settings/security");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(security.sessionsTitle);
    expect(html).toContain("Firefox, Windows");
    expect(html).toContain("Safari, iOS");
    expect(html.match(/data-current="true"/g)).toHaveLength(1);
    const currentRow = /<tr[^>]*data-current="true"[^>]*>([\s\S]*?)<\/tr>/.exec(html)![1];
    expect(currentRow).toContain("Firefox, Windows");
    expect(currentRow).toContain(security.currentSession);
    expect(html).toContain(escapeHtml(nav.logoutEverywhere));
    expect(html).toContain('name="currentPassword"');
    expect(html).not.toContain(escapeHtml(security.pinSessionNotice));
    // Session id hashes never reach the page.
    const [row] = await db.select().from(sessions).where(eq(sessions.userId, user.id)).limit(1);
    expect(html).not.toContain(row.idHash);
  });

  it("does not list another user's sessions", async () => {
    const { browser } = await loggedInBrowser();
    await loginAs(await createActiveUser(), SAFARI_ON_IPHONE);
    const html = await (await browser.get("/settings/security")).text();
    expect(html).not.toContain("Safari, iOS");
  });
});

describe("password change with the current password", () => {
  it("rejects a wrong current password", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post("/settings/security", {
      currentPassword: "nie-to-haslo-000",
      newPassword: NEW_PASSWORD,
      newPasswordRepeat: NEW_PASSWORD,
    });
    expect(response.status).toBe(400);
    expect(alerts(await response.text())).toContain(security.currentPasswordWrong);
    expect((await new Browser().post("/login", { email: user.email, password: user.password })).status).toBe(302);
  });

  it("rejects a repeat that differs and a short password", async () => {
    const { browser, user } = await loggedInBrowser();
    const differs = await browser.post("/settings/security", {
      currentPassword: user.password,
      newPassword: NEW_PASSWORD,
      newPasswordRepeat: `${NEW_PASSWORD}x`,
    });
    expect(differs.status).toBe(400);
    expect(alerts(await differs.text())).toContain(security.passwordsDiffer);

    const short = await browser.post("/settings/security", {
      currentPassword: user.password,
      newPassword: "krotkie",
      newPasswordRepeat: "krotkie",
    });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(alerts(shortHtml)).toContain(auth.passwordTooShort);
    // The rule is the error now, so the hint with the same words is not shown as well.
    const shortMarkup = shortHtml.replace(/<script[\s\S]*?<\/script>/g, "");
    expect(shortMarkup.split(escapeHtml(auth.passwordTooShort))).toHaveLength(2);
  });

  it("changes the password and logs out other devices", async () => {
    const user = await createActiveUser();
    const other = await loginAs(user);
    const browser = await loginAs(user);

    const response = await browser.post("/settings/security", {
      currentPassword: user.password,
      newPassword: NEW_PASSWORD,
      newPasswordRepeat: NEW_PASSWORD,
    });
    expect(response.status).toBe(302);
    const page = await followRedirect(browser, response);
    expect(page.status).toBe(200);
    expect(page.html).toContain(escapeHtml(security.passwordChanged));

    expect((await other.get("/settings/security")).status).toBe(302);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
    expect((await new Browser().post("/login", { email: user.email, password: user.password })).status).toBe(400);
    expect((await new Browser().post("/login", { email: user.email, password: NEW_PASSWORD })).status).toBe(302);

    const actions = (await db.select().from(activity).where(eq(activity.userId, user.id))).map((row) => row.action);
    expect(actions).toContain("account.password_changed");
  });

  it("limits attempts per account", async () => {
    const { browser } = await loggedInBrowser();
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const response = await browser.post("/settings/security", {
        currentPassword: `zgadywane-haslo-${i}`,
        newPassword: NEW_PASSWORD,
        newPasswordRepeat: NEW_PASSWORD,
      });
      statuses.push(response.status);
      if (response.status === 429) expect(alerts(await response.text())).toContain(security.tooManyAttempts);
    }
    expect(statuses).toEqual([...Array(10).fill(400), 429]);
  });
});

describe("logout", () => {
  it("ends the session so the old cookie no longer works", async () => {
    const { browser, user } = await loggedInBrowser();
    const stolen = new Browser();
    stolen.cookies = new Map(browser.cookies);

    const response = await browser.post("/logout", {});
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
    expect(browser.cookies.has("klamp_session")).toBe(false);
    const page = await followRedirect(browser, response);
    expect(page.html).toContain(auth.loggedOut);

    const replay = await stolen.get("/settings/security");
    expect(replay.status).toBe(302);
    expect(replay.headers.get("Location")).toMatch(/^\/login\?/);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
  });

  it("logs out everywhere", async () => {
    const user = await createActiveUser();
    const phone = await loginAs(user, SAFARI_ON_IPHONE);
    const laptop = await loginAs(user, FIREFOX_ON_WINDOWS);
    const laptopCopy = new Browser();
    laptopCopy.cookies = new Map(laptop.cookies);
    const bystander = await loggedInBrowser();

    const response = await laptop.post("/logout", { intent: "everywhere" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
    const page = await followRedirect(laptop, response);
    expect(page.html).toContain(auth.loggedOutEverywhere);

    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await phone.get("/settings/security")).status).toBe(302);
    expect((await laptopCopy.get("/settings/security")).status).toBe(302);
    expect((await bystander.browser.get("/settings/security")).status).toBe(200);
    const actions = (await db.select().from(activity).where(eq(activity.userId, user.id))).map((row) => row.action);
    expect(actions).toContain("account.sessions_revoked");
  });

  it("does not log out on GET", async () => {
    const { browser } = await loggedInBrowser();
    const response = await browser.get("/logout");
    expect(response.status).toBe(302);
    expect((await browser.get("/settings/security")).status).toBe(200);
  });
});

/** Returns the public ids posted by the "Wyloguj" buttons of the page, in page order. */
function revokeIds(html: string): string[] {
  return [...html.matchAll(/name="sessionId" value="([^"]*)"/g)].map((match) => match[1]);
}

async function sessionRows(userId: string) {
  return db.select().from(sessions).where(eq(sessions.userId, userId));
}

async function revocationRows(userId: string) {
  return db
    .select()
    .from(activity)
    .where(and(eq(activity.userId, userId), eq(activity.action, "account.sessions_revoked")));
}

describe("revoking one session", () => {
  it("offers a button for each other session", async () => {
    const user = await createActiveUser();
    await loginAs(user, SAFARI_ON_IPHONE);
    const laptop = await loginAs(user, FIREFOX_ON_WINDOWS);

    const html = await (await laptop.get("/settings/security")).text();
    const ids = revokeIds(html);
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{64}$/);
    const currentRow = /<tr[^>]*data-current="true"[^>]*>([\s\S]*?)<\/tr>/.exec(html)![1];
    expect(currentRow).not.toContain('name="sessionId"');
    expect(html).toContain(escapeHtml(security.revokeOtherSessions));
    // The page gets neither stored hash, only the public id of the other session.
    for (const row of await sessionRows(user.id)) {
      expect(html).not.toContain(row.idHash);
    }
    const phoneRow = (await sessionRows(user.id)).find((row) => row.userAgent === SAFARI_ON_IPHONE)!;
    expect(ids[0]).toBe(await sessionPublicId(phoneRow.idHash));
  });

  it("hides revoke-others with one session", async () => {
    const { browser } = await loggedInBrowser();
    const html = await (await browser.get("/settings/security")).text();
    expect(revokeIds(html)).toEqual([]);
    expect(html).not.toContain(escapeHtml(security.revokeOtherSessions));
  });

  it("ends the other session and logs it", async () => {
    const user = await createActiveUser();
    const phone = await loginAs(user, SAFARI_ON_IPHONE);
    const laptop = await loginAs(user, FIREFOX_ON_WINDOWS);
    const [phoneId] = revokeIds(await (await laptop.get("/settings/security")).text());

    const response = await laptop.post("/settings/security", { intent: "revoke-session", sessionId: phoneId });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/security");
    const page = await followRedirect(laptop, response);
    expect(page.status).toBe(200);
    expect(page.html).toContain(escapeHtml(security.sessionRevoked("Safari, iOS")));
    expect(revokeIds(page.html)).toEqual([]);

    const replay = await phone.get("/settings/security");
    expect(replay.status).toBe(302);
    expect(replay.headers.get("Location")).toMatch(/^\/login\?/);
    expect((await laptop.get("/settings/security")).status).toBe(200);
    const left = await sessionRows(user.id);
    expect(left.map((row) => row.userAgent)).toEqual([FIREFOX_ON_WINDOWS]);

    const logged = await revocationRows(user.id);
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0].data)).toEqual({ scope: "one", count: 1 });
    expect(logged[0].projectId).toBeNull();
    expect(logged[0].actor).toBe("freelancer");
  });

  it("gives 404 for a revoked session", async () => {
    const user = await createActiveUser();
    await loginAs(user, SAFARI_ON_IPHONE);
    const laptop = await loginAs(user, FIREFOX_ON_WINDOWS);
    const [phoneId] = revokeIds(await (await laptop.get("/settings/security")).text());
    expect((await laptop.post("/settings/security", { intent: "revoke-session", sessionId: phoneId })).status).toBe(302);

    const again = await laptop.post("/settings/security", { intent: "revoke-session", sessionId: phoneId });
    expect(again.status).toBe(404);
    expect(await revocationRows(user.id)).toHaveLength(1);
  });

  it("refuses the current session", async () => {
    const { browser, user } = await loggedInBrowser();
    const [current] = await sessionRows(user.id);

    const response = await browser.post("/settings/security", {
      intent: "revoke-session",
      sessionId: await sessionPublicId(current.idHash),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(escapeHtml(security.currentSessionNotRevoked));
    expect(await sessionRows(user.id)).toHaveLength(1);
    expect((await browser.get("/settings/security")).status).toBe(200);
    expect(await revocationRows(user.id)).toEqual([]);
  });

  it("gives 404 for another user's session", async () => {
    const { browser, user } = await loggedInBrowser();
    const other = await createActiveUser();
    const otherBrowser = await loginAs(other, SAFARI_ON_IPHONE);
    const [otherSession] = await sessionRows(other.id);

    const response = await browser.post("/settings/security", {
      intent: "revoke-session",
      sessionId: await sessionPublicId(otherSession.idHash),
    });
    expect(response.status).toBe(404);
    expect(await sessionRows(other.id)).toHaveLength(1);
    expect((await otherBrowser.get("/settings/security")).status).toBe(200);
    expect(await revocationRows(user.id)).toEqual([]);
    expect(await revocationRows(other.id)).toEqual([]);
  });

  it("does not accept the stored hash", async () => {
    const user = await createActiveUser();
    await loginAs(user, SAFARI_ON_IPHONE);
    const laptop = await loginAs(user, FIREFOX_ON_WINDOWS);
    const phoneRow = (await sessionRows(user.id)).find((row) => row.userAgent === SAFARI_ON_IPHONE)!;

    const response = await laptop.post("/settings/security", { intent: "revoke-session", sessionId: phoneRow.idHash });
    expect(response.status).toBe(404);
    expect(await sessionRows(user.id)).toHaveLength(2);
  });

  it("rejects a malformed id", async () => {
    const user = await createActiveUser();
    await loginAs(user, SAFARI_ON_IPHONE);
    const laptop = await loginAs(user, FIREFOX_ON_WINDOWS);

    const forms: Record<string, string>[] = [{ intent: "revoke-session" }, { intent: "revoke-session", sessionId: "abc" }];
    for (const form of forms) {
      const response = await laptop.post("/settings/security", form);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(escapeHtml(security.sessionNotFound));
    }
    expect(await sessionRows(user.id)).toHaveLength(2);
    expect(await revocationRows(user.id)).toEqual([]);
  });

  it("does not revoke on GET", async () => {
    const user = await createActiveUser();
    await loginAs(user, SAFARI_ON_IPHONE);
    const laptop = await loginAs(user, FIREFOX_ON_WINDOWS);
    const [phoneId] = revokeIds(await (await laptop.get("/settings/security")).text());

    const response = await laptop.get(`/settings/security?intent=revoke-session&sessionId=${phoneId}`);
    expect(response.status).toBe(200);
    expect(await sessionRows(user.id)).toHaveLength(2);
  });
});

describe("revoking other sessions", () => {
  it("keeps only the current session", async () => {
    const user = await createActiveUser();
    const phone = await loginAs(user, SAFARI_ON_IPHONE);
    const tablet = await loginAs(user);
    const laptop = await loginAs(user, FIREFOX_ON_WINDOWS);
    const bystander = await loggedInBrowser();

    const response = await laptop.post("/settings/security", { intent: "revoke-other-sessions" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/security");
    const page = await followRedirect(laptop, response);
    expect(page.status).toBe(200);
    expect(page.html).toContain(escapeHtml(security.otherSessionsRevoked(countLabel(2, security.sessionForms))));
    expect(page.html).toContain("Zakończono 2 sesje.");

    expect((await phone.get("/settings/security")).status).toBe(302);
    expect((await tablet.get("/settings/security")).status).toBe(302);
    expect((await laptop.get("/settings/security")).status).toBe(200);
    expect((await bystander.browser.get("/settings/security")).status).toBe(200);
    expect((await sessionRows(user.id)).map((row) => row.userAgent)).toEqual([FIREFOX_ON_WINDOWS]);

    const logged = await revocationRows(user.id);
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0].data)).toEqual({ scope: "others", count: 2 });
    expect(await revocationRows(bystander.user.id)).toEqual([]);
  });

  it("writes nothing without other sessions", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post("/settings/security", { intent: "revoke-other-sessions" });
    expect(response.status).toBe(302);
    const page = await followRedirect(browser, response);
    expect(page.html).toContain(escapeHtml(security.noOtherSessions));
    expect(await sessionRows(user.id)).toHaveLength(1);
    expect(await revocationRows(user.id)).toEqual([]);
  });
});

describe("account activity lines", () => {
  it("labels the profile and e-mail actions", () => {
    expect(describeActivity({ action: "account.profile_updated", data: {} })).toEqual([activityText.accountProfileUpdated]);
    expect(describeActivity({ action: "account.email_change_requested", data: {} })).toEqual([
      activityText.accountEmailChangeRequested,
    ]);
    expect(describeActivity({ action: "account.email_changed", data: {} })).toEqual([activityText.accountEmailChanged]);
  });

  it("labels each revocation scope", () => {
    expect(describeActivity({ action: "account.sessions_revoked", data: { scope: "one", count: 1 } })).toEqual([
      activityText.accountSessionRevoked,
    ]);
    expect(describeActivity({ action: "account.sessions_revoked", data: { scope: "others", count: 5 } })).toEqual([
      activityText.accountOtherSessionsRevoked,
      "Zakończono 5 sesji",
    ]);
    expect(describeActivity({ action: "account.sessions_revoked", data: { scope: "others" } })).toEqual([
      activityText.accountOtherSessionsRevoked,
    ]);
    expect(describeActivity({ action: "account.sessions_revoked", data: {} })).toEqual([activityText.accountSessionsRevoked]);
  });

  it("never falls back for account actions", () => {
    const actions = [
      "account.profile_updated",
      "account.email_change_requested",
      "account.email_changed",
      "account.sessions_revoked",
      "account.password_changed",
    ];
    for (const action of actions) {
      const [headline] = describeActivity({ action, data: {} });
      expect(headline).not.toBe(activityText.other);
      expect(headline).not.toContain(action);
    }
  });
});
