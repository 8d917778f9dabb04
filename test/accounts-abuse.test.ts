import { pbkdf2Sync } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { devMailbox, users } from "~/db/schema";
import { auth, common } from "~/i18n/pl";
import { hashPassword, PBKDF2_ITERATIONS, toBase64Url, verifyPassword } from "~/utils/crypto.server";
import { escapeHtml } from "~/utils/html";
import { alerts, followRedirect } from "./account-helpers";
import { Browser, createActiveUser, db, linkFrom, TEST_PASSWORD, uniqueEmail, waitForMail } from "./helpers";

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

describe("redirect after login", () => {
  const rejected = ["https://evil.example", "//evil.example", "/\\evil.example", "/.//evil.example", "/a/..//evil.example", "/\t/evil.example"];

  it.each(rejected)("ignores %j", async (redirectTo) => {
    const user = await createActiveUser();
    const response = await new Browser().post("/login", { email: user.email, password: user.password, redirectTo });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/projects");
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
    expect(response.headers.get("Location")).toBe("/projects");
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

  it("escapes markup in the name in the e-mail and on pages", async () => {
    const name = "<script>alert(1)</script> Jan";
    const email = uniqueEmail("xss");
    const browser = new Browser();
    expect((await browser.post("/register", { name, email, password: "haslo-dlugie-123" })).status).toBe(302);

    const mail = await waitForMail(email);
    expect(mail.html).toContain("Cześć &lt;script&gt;alert(1)&lt;/script&gt; Jan,");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain(`Cześć ${name},`);

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
  });

  it("reports health with D1", async () => {
    const response = await new Browser().get("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    expect(await response.json()).toEqual({ ok: true, d1: "ok" });
  });
});
