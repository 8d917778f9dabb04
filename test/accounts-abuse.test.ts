import { pbkdf2Sync } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { devMailbox, emailOutbox, users } from "~/db/schema";
import { auth, common } from "~/i18n/pl";
import { isRateLimited, RATE_LIMITS } from "~/models/rate-limit.server";
import { hashPassword, PBKDF2_ITERATIONS, sha256Hex, toBase64Url, verifyPassword } from "~/utils/crypto.server";
import { escapeHtml, hasControlCharacters } from "~/utils/html";
import { activityRows, alerts, followRedirect, postJson } from "./account-helpers";
import { Browser, createActiveUser, db, linkFrom, loggedInBrowser, TEST_PASSWORD, uniqueEmail, waitForMail } from "./helpers";

/** Computes a stored hash in the app's format with node:crypto, which accepts any iteration count. */
function storedHashWithNodeCrypto(password: string, iterations: number): string {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  return `pbkdf2-sha256$${iterations}$${toBase64Url(salt)}$${toBase64Url(new Uint8Array(hash))}`;
}

async function userRow(email: string) {
  return db.query.users.findFirst({ where: eq(users.email, email) });
}

describe("password hashing", () => {
  it("hashes at 100,000 iterations and verifies", async () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    const stored = await hashPassword("poprawne-haslo-123");
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("poprawne-haslo-123", stored)).toBe(true);
    expect(await verifyPassword("poprawne-haslo-124", stored)).toBe(false);
  });

  it("agrees with an independent PBKDF2 at the cap", async () => {
    expect(await verifyPassword("poprawne-haslo-123", storedHashWithNodeCrypto("poprawne-haslo-123", 100_000))).toBe(true);
  });

  it("refuses more than 100,000 iterations", async () => {
    await expect(hashPassword("poprawne-haslo-123", 100_001)).rejects.toThrow(RangeError);
    const stored = storedHashWithNodeCrypto("poprawne-haslo-123", 100_001);
    expect(await verifyPassword("poprawne-haslo-123", stored)).toBe(false);
  });

  it("rejects a login whose stored hash is above the cap", async () => {
    const user = await createActiveUser();
    await db.update(users).set({ passwordHash: storedHashWithNodeCrypto(user.password, 100_001) }).where(eq(users.id, user.id));
    const response = await new Browser().post("/login", { email: user.email, password: user.password });
    expect(response.status).toBe(400);
  });
});

describe("answers that do not reveal accounts", () => {
  it("registration answers the same for taken and free e-mails", async () => {
    const active = await createActiveUser();
    const answers = [];
    for (const email of [active.email, uniqueEmail("free")]) {
      const browser = new Browser();
      const response = await browser.post("/register", { name: "Jan Kowalski", email, password: "inne-haslo-12345" });
      const page = await followRedirect(browser, response);
      answers.push({ status: response.status, location: response.headers.get("Location"), toast: page.html.includes(escapeHtml(auth.registerDone)) });
    }
    expect(answers[0]).toEqual({ status: 302, location: "/login", toast: true });
    expect(answers[1]).toEqual(answers[0]);
    // The taken address keeps its password and gets no e-mail.
    expect((await new Browser().post("/login", { email: active.email, password: active.password })).status).toBe(302);
    expect(await db.select().from(devMailbox).where(eq(devMailbox.toAddress, active.email))).toHaveLength(0);
  });

  it("login failure answers the same for known and unknown e-mails", async () => {
    const user = await createActiveUser();
    const known = await new Browser().post("/login", { email: user.email, password: "zle-haslo-000000" });
    const unknown = await new Browser().post("/login", { email: uniqueEmail("nobody"), password: "zle-haslo-000000" });
    expect(known.status).toBe(400);
    expect(unknown.status).toBe(400);
    const knownAlerts = alerts(await known.text());
    expect(knownAlerts).toEqual([auth.loginInvalid]);
    expect(alerts(await unknown.text())).toEqual(knownAlerts);
  });
});

describe("login rate limits", () => {
  it("locks an account after 10 attempts, whatever the IP", async () => {
    const user = await createActiveUser();
    for (let i = 0; i < 10; i++) {
      expect((await new Browser().post("/login", { email: user.email, password: `zgadywane-${i}-haslo` })).status).toBe(400);
    }
    const limited = await new Browser().post("/login", { email: user.email, password: user.password });
    expect(limited.status).toBe(429);
    expect(alerts(await limited.text())).toEqual([auth.loginRateLimited]);
    // Other accounts are not affected.
    const other = await createActiveUser();
    expect((await new Browser().post("/login", { email: other.email, password: other.password })).status).toBe(302);
  });

  it("locks an IP after 50 attempts, whatever the account", async () => {
    const browser = new Browser();
    for (let i = 0; i < 50; i++) {
      expect((await browser.post("/login", { email: uniqueEmail("spray"), password: "zgadywane-haslo" })).status).toBe(400);
    }
    const user = await createActiveUser();
    const limited = await browser.post("/login", { email: user.email, password: user.password });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain(auth.loginRateLimited);
    expect((await new Browser().post("/login", { email: user.email, password: user.password })).status).toBe(302);
  });

  it("does not count successful logins against the account", async () => {
    const user = await createActiveUser();
    for (let i = 0; i < 12; i++) {
      expect((await new Browser().post("/login", { email: user.email, password: user.password })).status).toBe(302);
    }
    for (let i = 0; i < 10; i++) {
      expect((await new Browser().post("/login", { email: user.email, password: `zgadywane-${i}-haslo` })).status).toBe(400);
    }
    expect((await new Browser().post("/login", { email: user.email, password: user.password })).status).toBe(429);
  });

  it("counts e-mails in any letter case as one account", async () => {
    const user = await createActiveUser();
    for (let i = 0; i < 10; i++) {
      const email = i % 2 === 0 ? user.email.toUpperCase() : ` ${user.email} `;
      await new Browser().post("/login", { email, password: `zgadywane-${i}-haslo` });
    }
    expect((await new Browser().post("/login", { email: user.email, password: user.password })).status).toBe(429);
  });
});

describe("activation", () => {
  async function register(name = "Jan Kowalski", password = "haslo-dlugie-123") {
    const email = uniqueEmail("act");
    const response = await new Browser().post("/register", { name, email, password });
    expect(response.status).toBe(302);
    const mail = await waitForMail(email);
    return { email, password, mail, link: linkFrom(mail.text, "/activate/") };
  }

  it("activates on POST only, and a used link is a 404", async () => {
    const { email, link } = await register();
    const browser = new Browser();

    const page = await browser.get(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(auth.activateSubmit);
    expect((await userRow(email))?.status).toBe("pending");

    const activated = await browser.post(link, { password: "haslo-dlugie-123" });
    expect(activated.status).toBe(302);
    expect(activated.headers.get("Location")).toBe("/login");
    expect((await followRedirect(browser, activated)).html).toContain(escapeHtml(auth.activated));
    const row = await userRow(email);
    expect(row?.status).toBe("active");
    expect(row?.activatedAt).not.toBeNull();

    const again = await browser.post(link, { password: "haslo-dlugie-123" });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain(auth.activationInvalid);
    expect((await browser.get(link)).status).toBe(404);
  });

  it("answers 404 for an unknown token", async () => {
    const browser = new Browser();
    const page = await browser.get("/activate/no-such-token");
    expect(page.status).toBe(404);
    expect(await page.text()).toContain(auth.activationInvalid);
    expect((await browser.post("/activate/no-such-token", {})).status).toBe(404);
  });

  it("binds each activation link to the password of its registration", async () => {
    const first = await register("Jan Kowalski", "pierwsze-haslo-123");
    const browser = new Browser();
    const second = await browser.post("/register", { name: "Obcy Ktoś", email: first.email, password: "drugie-haslo-456" });
    expect(second.status).toBe(302);
    const secondMail = await waitForMail(first.email, 2);
    const secondLink = linkFrom(secondMail.text, "/activate/");
    expect(secondLink).not.toBe(first.link);

    // The mailbox owner opens the second link but knows only their own password.
    const refused = await browser.post(secondLink, { password: "pierwsze-haslo-123" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(escapeHtml(auth.activationWrongPassword));
    expect((await userRow(first.email))?.status).toBe("pending");

    expect((await browser.post(first.link, { password: "pierwsze-haslo-123" })).status).toBe(302);
    expect((await new Browser().post("/login", { email: first.email, password: "drugie-haslo-456" })).status).toBe(400);
    expect((await new Browser().post("/login", { email: first.email, password: "pierwsze-haslo-123" })).status).toBe(302);
    expect((await userRow(first.email))?.name).toBe("Jan Kowalski");
    // Activation ends every other link of the account.
    expect((await browser.get(secondLink)).status).toBe(404);
  });

  it("gives the account the name of the registration that is activated", async () => {
    const first = await register("Jan Kowalski", "pierwsze-haslo-123");
    const browser = new Browser();
    expect((await browser.post("/register", { name: "Janina Nowak", email: first.email, password: "drugie-haslo-456" })).status).toBe(302);
    const secondLink = linkFrom((await waitForMail(first.email, 2)).text, "/activate/");

    expect((await browser.post(secondLink, { password: "drugie-haslo-456" })).status).toBe(302);
    expect((await userRow(first.email))?.name).toBe("Janina Nowak");
  });

  it("locks a link after five wrong passwords", async () => {
    const { email, link } = await register("Jan Kowalski", "haslo-dlugie-123");
    const browser = new Browser();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await browser.post(link, { password: `zle-haslo-${i}-xx` })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    expect((await browser.post(link, { password: "haslo-dlugie-123" })).status).toBe(429);
    expect((await userRow(email))?.status).toBe("pending");
  });

  it("asks for the password before activating", async () => {
    const { email, link } = await register();
    const response = await new Browser().post(link, {});
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(escapeHtml(common.required));
    expect((await userRow(email))?.status).toBe("pending");
  });
});

describe("activation e-mail", () => {
  const PHISHING_NAME = "https://evil.example/zaloguj Klamp: Twoje konto zostanie usunięte";

  it("leaves the registration name out", async () => {
    const email = uniqueEmail("victim");
    expect((await new Browser().post("/register", { name: PHISHING_NAME, email, password: "haslo-dlugie-123" })).status).toBe(302);
    const mail = await waitForMail(email);

    expect(mail.text.startsWith("Dzień dobry,\n")).toBe(true);
    expect(mail.text).toContain("Strona poprosi o hasło podane przy rejestracji.");
    expect(mail.text).toContain("Jeśli to nie Ty zakładasz konto, zignoruj tę wiadomość");
    for (const part of [mail.text, mail.html]) {
      expect(part).not.toContain("evil.example");
      expect(part).not.toContain("Cześć");
    }
    const outbox = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email));
    expect(outbox).toHaveLength(1);
    expect(outbox[0].toName).toBeNull();
    expect(outbox[0].data).not.toContain("evil.example");
  });

  it("sends at most three per address an hour", async () => {
    const email = uniqueEmail("flood");
    const answers = [];
    for (let i = 0; i < 5; i++) {
      // A new browser, so a new IP, each time: only the per-address limit applies.
      const browser = new Browser();
      const response = await browser.post("/register", { name: `Jan ${i}`, email, password: `haslo-dlugie-${i}-123` });
      const page = await followRedirect(browser, response);
      answers.push({ status: response.status, location: response.headers.get("Location"), toast: page.html.includes(escapeHtml(auth.registerDone)) });
    }
    expect(answers).toEqual(Array(5).fill({ status: 302, location: "/login", toast: true }));
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email))).toHaveLength(3);

    const user = await userRow(email);
    const rows = await activityRows(user!.id);
    expect(rows.map((row) => row.action)).toEqual(["account.registered", "account.activation_resent", "account.activation_resent"]);
    for (const row of rows) expect(JSON.parse(row.data)).toEqual({});
  });

  it("does not count registrations of an active address", async () => {
    const active = await createActiveUser();
    for (let i = 0; i < 4; i++) await new Browser().post("/register", { name: "Jan", email: active.email, password: "inne-haslo-12345" });
    const rule = RATE_LIMITS.activationEmailPerAddress;
    const key = `activation_email:address:${await sha256Hex(active.email)}`;
    expect(await isRateLimited(db, key, rule)).toBe(false);
  });
});

describe("activation activity", () => {
  it("writes account.activated once, in the activation batch", async () => {
    const email = uniqueEmail("actlog");
    await new Browser().post("/register", { name: "Jan Kowalski", email, password: "haslo-dlugie-123" });
    const link = linkFrom((await waitForMail(email)).text, "/activate/");
    const results = await Promise.all([
      new Browser().post(link, { password: "haslo-dlugie-123" }),
      new Browser().post(link, { password: "haslo-dlugie-123" }),
    ]);
    expect(results.map((response) => response.status).sort()).toEqual([302, 404]);
    const user = await userRow(email);
    const actions = (await activityRows(user!.id)).map((row) => row.action);
    expect(actions).toEqual(["account.registered", "account.activated"]);
  });
});

describe("redirect after login", () => {
  const rejected = ["https://evil.example", "//evil.example", "/\\evil.example", "/.//evil.example", "/a/..//evil.example", "/\t/evil.example"];

  it.each(rejected)("ignores %j", async (redirectTo) => {
    const user = await createActiveUser();
    const response = await new Browser().post("/login", { email: user.email, password: user.password, redirectTo });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/dashboard");
  });

  it("follows a path inside the app", async () => {
    const user = await createActiveUser();
    const response = await new Browser().post("/login", { email: user.email, password: user.password, redirectTo: "/clients?q=kowalski" });
    expect(response.headers.get("Location")).toBe("/clients?q=kowalski");
  });

  it("ignores an outside target when already logged in", async () => {
    const user = await createActiveUser();
    const browser = new Browser();
    await browser.post("/login", { email: user.email, password: user.password });
    const response = await browser.get(`/login?redirectTo=${encodeURIComponent("/.//evil.example")}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/dashboard");
  });
});

describe("registration input", () => {
  it("rejects a line break in the name", async () => {
    const email = uniqueEmail("crlf");
    for (const name of ["Jan\r\nBcc: ofiara@example.com", "Jan\nKowalski"]) {
      const response = await new Browser().post("/register", { name, email, password: "haslo-dlugie-123" });
      expect(response.status).toBe(400);
      expect(alerts(await response.text())).toContain(common.singleLine);
    }
    expect(await userRow(email)).toBeUndefined();
  });

  it.each([
    ["C1 control", "Jan\u0085Kowalski"],
    ["C1 CSI", "Jan\u009b31m Kowalski"],
    ["right-to-left override", "Jan \u202eikswolwoK"],
    ["left-to-right mark", "Jan\u200e Kowalski"],
    ["isolate", "Jan \u2067Kowalski\u2069"],
  ])("rejects a %s character in the name", async (_kind, name) => {
    const email = uniqueEmail("ctrl");
    const response = await new Browser().post("/register", { name, email, password: "haslo-dlugie-123" });
    expect(response.status).toBe(400);
    expect(alerts(await response.text())).toContain(common.singleLine);
    expect(await userRow(email)).toBeUndefined();
  });

  it("accepts Polish letters and emoji in the name", async () => {
    for (const name of ["Zażółć Gęślą-Jaźń", "Anna 👩‍💻 Nowak", "O'Brien, Zofia"]) {
      expect(hasControlCharacters(name)).toBe(false);
    }
    for (const code of [0x80, 0x85, 0x9f, 0x61c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2066, 0x2069]) {
      expect(hasControlCharacters(`a${String.fromCharCode(code)}b`)).toBe(true);
    }
  });

  it("shows the password rule once when the password is too short", async () => {
    const response = await new Browser().post("/register", { name: "Jan Kowalski", email: uniqueEmail("short"), password: "krotkie" });
    expect(response.status).toBe(400);
    const html = await response.text();
    // Counted outside scripts: the page's data for the browser carries the error as well.
    const markup = html.replace(/<script[\s\S]*?<\/script>/g, "");
    expect(markup.split(escapeHtml(auth.passwordTooShort))).toHaveLength(2);
    expect(alerts(html)).toContain(auth.passwordTooShort);
    const page = await (await new Browser().get("/register")).text();
    expect(page).toContain(escapeHtml(auth.passwordTooShort));
  });

  it("escapes markup in the name in the e-mail and on pages", async () => {
    const name = "<script>alert(1)</script> Jan";
    const email = uniqueEmail("xss");
    const browser = new Browser();
    expect((await browser.post("/register", { name, email, password: "haslo-dlugie-123" })).status).toBe(302);

    const mail = await waitForMail(email);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("alert(1)");
    expect(mail.text).not.toContain(name);

    await browser.post(linkFrom(mail.text, "/activate/"), { password: "haslo-dlugie-123" });
    expect((await browser.post("/login", { email, password: "haslo-dlugie-123" })).status).toBe(302);
    const page = await browser.get("/settings/security");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Jan");
    expect(html).not.toContain("<script>alert(1)");
  });
});

describe("request checks", () => {
  it("rejects a cross-site login POST", async () => {
    const user = await createActiveUser();
    const response = await new Browser().fetch("/login", {
      form: { email: user.email, password: TEST_PASSWORD },
      headers: { Origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="pl">');
    expect(html).toContain(common.originRejectedTitle);
    expect(html).toContain(escapeHtml(common.originRejectedText));
    expect(html).not.toContain("<script");
  });

  it.each(["OPTIONS", "PUT", "DELETE", "PATCH"])("answers %s with 405 and Allow", async (method) => {
    const response = await new Browser().fetch("/login", { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, HEAD, POST");
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain(common.methodNotAllowedTitle);
  });

  it("answers a POST to a page without a form with an unlogged 405", async () => {
    // setup.ts fails the test on any console.error, so this also checks that nothing is logged.
    const response = await new Browser().post("/dev/mailbox", { to: "jan@example.com" });
    expect(response.status).toBe(405);
    expect(await response.text()).toContain('<html lang="pl">');
  });

  it("sends no-store with JSON data, redirects and text", async () => {
    const { browser } = await loggedInBrowser();
    const data = await browser.get("/settings/security?_data=routes%2F_app.settings.security");
    expect(data.status).toBe(200);
    expect(data.headers.get("Content-Type")).toContain("application/json");
    expect(data.headers.get("Cache-Control")).toBe("private, no-store");
    expect(JSON.stringify(await data.json())).toContain('"sessions"');

    const projects = await browser.get("/projects?_data=routes%2F_app.projects._index");
    expect(projects.status).toBe(200);
    expect(projects.headers.get("Cache-Control")).toBe("private, no-store");

    const redirect = await browser.get("/logout");
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("Cache-Control")).toBe("private, no-store");

    const text = await browser.get("/hello");
    expect(text.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("answers a JSON body with 400 on every account form", async () => {
    const pinToken = "x".repeat(43);
    for (const path of ["/register", "/login", "/forgot-password", `/forgot-password/${pinToken}`]) {
      const response = await postJson(new Browser(), path);
      expect(response.status, path).toBe(400);
      const html = await response.text();
      expect(html, path).toContain('<html lang="pl">');
      expect(html, path).toContain(common.badRequestTitle);
    }
    const { browser } = await loggedInBrowser();
    const settings = await postJson(browser, "/settings/security", { currentPassword: "x" });
    expect(settings.status).toBe(400);

    const logout = await postJson(browser, "/logout", { intent: "everywhere" });
    expect(logout.status).toBe(400);
    expect(logout.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const html = await logout.text();
    expect(html).toContain(common.badRequestTitle);
    expect(html).not.toContain("Unexpected Server Error");
    // The session survives a logout request that could not be read.
    expect((await browser.get("/settings/security")).status).toBe(200);
  });

  it("reports health with D1", async () => {
    const response = await new Browser().get("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    expect(await response.json()).toEqual({ ok: true, d1: "ok" });
  });
});
