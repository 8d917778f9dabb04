import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authTokens, emailOutbox, sessions } from "~/db/schema";
import { auth, security } from "~/i18n/pl";
import { MAX_PIN_ATTEMPTS } from "~/models/user.server";
import { sha256Hex } from "~/utils/crypto.server";
import { escapeHtml } from "~/utils/html";
import { activityRows, alerts, followRedirect, newestPinToken, requestPin, waitForOutboxStatus } from "./account-helpers";
import { Browser, createActiveUser, db, uniqueEmail } from "./helpers";

const NEW_PASSWORD = "zupelnie-nowe-haslo-456";

function wrongPinFor(pin: string): string {
  return pin === "000000" ? "111111" : "000000";
}

/** Returns the six-digit PIN `offset` (1 to 999,999) places after `pin`, so never `pin` itself. */
function otherPin(pin: string, offset: number): string {
  return String((Number(pin) + offset) % 1_000_000).padStart(6, "0");
}

describe("password reminder request", () => {
  it("answers the same for existing and unknown e-mails", async () => {
    const user = await createActiveUser();
    const answers = [];
    for (const email of [user.email, uniqueEmail("nobody")]) {
      const browser = new Browser();
      const response = await browser.post("/forgot-password", { email });
      const page = await followRedirect(browser, response);
      answers.push({ status: response.status, location: response.headers.get("Location"), toastShown: page.html.includes(escapeHtml(auth.reminderDone)) });
    }
    expect(answers[0]).toEqual({ status: 302, location: "/login", toastShown: true });
    expect(answers[1]).toEqual(answers[0]);
  });

  it("rejects an invalid e-mail with a field error", async () => {
    const response = await new Browser().post("/forgot-password", { email: "not-an-email" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Wpisz poprawny adres e-mail");
  });

  it("limits requests per account, known or not", async () => {
    const user = await createActiveUser();
    for (const email of [user.email, uniqueEmail("nobody")]) {
      const statuses = [];
      // A new browser (so a new IP) for every request: only the per-account limit applies.
      for (let i = 0; i < 4; i++) statuses.push((await new Browser().post("/forgot-password", { email })).status);
      expect(statuses).toEqual([302, 302, 302, 429]);
    }
    const limited = await new Browser().post("/forgot-password", { email: user.email });
    expect(await limited.text()).toContain(auth.reminderRateLimited);
  });

  it("limits requests per IP", async () => {
    const browser = new Browser();
    for (let i = 0; i < 20; i++) {
      expect((await browser.post("/forgot-password", { email: uniqueEmail("ip") })).status).toBe(302);
    }
    const limited = await browser.post("/forgot-password", { email: uniqueEmail("ip") });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain(auth.reminderRateLimited);
  });
});

describe("PIN storage", () => {
  it("keeps only hashes of the PIN and link token", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    const token = await newestPinToken(user.id);
    const linkToken = link.split("/").pop()!;

    expect(JSON.stringify(token)).not.toContain(pin);
    expect(JSON.stringify(token)).not.toContain(linkToken);
    expect(token.tokenHash).toBe(await sha256Hex(linkToken));
    expect(token.pinHash).toMatch(/^[0-9a-f]{64}$/);
    // Keyed with the server secret: a plain SHA-256 of six digits could be reversed by trying all.
    expect(token.pinHash).not.toBe(await sha256Hex(pin));
  });

  it("removes the PIN from the outbox once the e-mail is sent", async () => {
    const user = await createActiveUser();
    const { pin, link } = await requestPin(user.email);
    const row = await waitForOutboxStatus(user.email, "sent");
    expect(row.template).toBe("password_pin");
    expect(row.data).not.toContain(pin);
    expect(row.data).not.toContain(link);
    expect(row.data).not.toContain("Anna Nowak");
    expect(row.toName).toBeNull();
  });

  it("greets without a name and in neutral words", async () => {
    const user = await createActiveUser({ name: "https://evil.example Anna" });
    const { mail } = await requestPin(user.email);
    expect(mail.text.startsWith("Dzień dobry,\n")).toBe(true);
    expect(mail.text).toContain("Jeśli to nie Twoja prośba, zignoruj tę wiadomość.");
    expect(mail.text).not.toContain("evil.example");
    expect(mail.html).not.toContain("evil.example");
    expect(mail.text).not.toContain("prosiłeś");
  });
});

describe("PIN link", () => {
  it("shows the form on GET without changing the token", async () => {
    const user = await createActiveUser();
    const { link } = await requestPin(user.email);
    const before = await newestPinToken(user.id);
    const page = await new Browser().get(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(auth.pinSubmit);
    expect(html).toContain('name="pin"');
    expect(await newestPinToken(user.id)).toEqual(before);
  });

  it("answers 404 for an unknown token", async () => {
    const browser = new Browser();
    const page = await browser.get("/forgot-password/unknown-token");
    expect(page.status).toBe(404);
    expect(await page.text()).toContain(auth.pinExpired);
    const post = await browser.post("/forgot-password/unknown-token", { pin: "123456" });
    expect(post.status).toBe(404);
  });

  it("rejects a wrong PIN with a field error", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    const response = await new Browser().post(link, { pin: wrongPinFor(pin) });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(auth.pinWrong);
    expect((await newestPinToken(user.id)).confirmedAt).toBeNull();
  });

  it("locks the PIN after five wrong attempts", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    const browser = new Browser();
    const statuses = [];
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) statuses.push((await browser.post(link, { pin: wrongPinFor(pin) })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 429]);

    const right = await browser.post(link, { pin });
    expect(right.status).toBe(429);
    expect(await right.text()).toContain(auth.pinLocked);
    const token = await newestPinToken(user.id);
    expect(token.confirmedAt).toBeNull();
    expect(token.attempts).toBe(MAX_PIN_ATTEMPTS);

    const page = await browser.get(link);
    expect(await page.text()).toContain(auth.pinLocked);
    const login = await browser.post("/login", { email: user.email, password: pin });
    expect(login.status).toBe(429);
    expect(alerts(await login.text())).toEqual([auth.loginPinLocked]);
  });

  it("does not spend attempts on correct PINs", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    const browser = new Browser();
    for (let i = 0; i < MAX_PIN_ATTEMPTS - 1; i++) await browser.post(link, { pin: wrongPinFor(pin) });
    expect((await browser.post(link, { pin })).status).toBe(302);
    // Four wrong PINs so far: logging in with the right one still works.
    const login = await browser.post("/login", { email: user.email, password: pin });
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toBe("/settings/security");
  });

  it("writes account.pin_confirmed once", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    const browser = new Browser();
    expect((await browser.post(link, { pin })).status).toBe(302);
    expect((await browser.post(link, { pin })).status).toBe(302);
    expect((await browser.post("/login", { email: user.email, password: pin })).status).toBe(302);

    const rows = await activityRows(user.id);
    expect(rows.map((row) => row.action)).toEqual(["account.password_pin_requested", "account.pin_confirmed", "account.logged_in"]);
    for (const row of rows) expect(row.data).not.toContain(pin);
    expect(JSON.parse(rows[2].data)).toMatchObject({ method: "pin" });
  });

  it("expires 15 minutes after the request", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    const token = await newestPinToken(user.id);
    expect(Date.parse(token.expiresAt) - Date.parse(token.createdAt)).toBe(15 * 60_000);

    await db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(authTokens.id, token.id));
    const browser = new Browser();
    const page = await browser.get(link);
    expect(page.status).toBe(404);
    const post = await browser.post(link, { pin });
    expect(post.status).toBe(404);
    expect(await post.text()).toContain(auth.pinExpired);
  });

  it("stops logging in once a confirmed PIN expires", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    const browser = new Browser();
    expect((await browser.post(link, { pin })).status).toBe(302);
    const token = await newestPinToken(user.id);
    await db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(authTokens.id, token.id));
    const login = await browser.post("/login", { email: user.email, password: pin });
    expect(login.status).toBe(400);
    expect(await login.text()).toContain(auth.loginInvalid);
  });

  it("invalidates the previous PIN when a new one is requested", async () => {
    const user = await createActiveUser();
    const first = await requestPin(user.email);
    const second = await requestPin(user.email, { mailCount: 2 });
    expect(second.link).not.toBe(first.link);
    const browser = new Browser();
    expect((await browser.get(first.link)).status).toBe(404);
    expect((await browser.post(second.link, { pin: second.pin })).status).toBe(302);
  });
});

describe("PIN lock at login", () => {
  it("tells the owner that guesses locked the PIN", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    expect((await new Browser().post(link, { pin })).status).toBe(302);

    // A stranger with only the e-mail address uses up the confirmed PIN's attempts at the login form.
    const attacker = new Browser();
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) {
      const guess = await attacker.post("/login", { email: user.email, password: otherPin(pin, i + 1) });
      expect(guess.status).toBe(400);
      expect(alerts(await guess.text())).toEqual([auth.loginInvalid]);
    }

    const owner = await new Browser().post("/login", { email: user.email, password: pin });
    expect(owner.status).toBe(429);
    expect(alerts(await owner.text())).toEqual([auth.loginPinLocked]);
    // The password still logs in: the lock does not reach it.
    expect((await new Browser().post("/login", { email: user.email, password: user.password })).status).toBe(302);
  });

  it("answers six digits for an unknown address with the generic message", async () => {
    const response = await new Browser().post("/login", { email: uniqueEmail("nobody"), password: "123456" });
    expect(response.status).toBe(400);
    expect(alerts(await response.text())).toEqual([auth.loginInvalid]);
  });

  it("answers a non-PIN password with the generic message while the PIN is locked", async () => {
    const user = await createActiveUser();
    const { link, pin } = await requestPin(user.email);
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await new Browser().post(link, { pin: wrongPinFor(pin) });
    expect((await newestPinToken(user.id)).attempts).toBe(MAX_PIN_ATTEMPTS);

    const response = await new Browser().post("/login", { email: user.email, password: "zle-haslo-000000" });
    expect(response.status).toBe(400);
    expect(alerts(await response.text())).toEqual([auth.loginInvalid]);
  });
});

describe("password reminder flow", () => {
  it("goes from the e-mail to a new password", async () => {
    const user = await createActiveUser();
    const other = new Browser();
    expect((await other.post("/login", { email: user.email, password: user.password })).status).toBe(302);

    // 1. Ask for a PIN; the e-mail carries it and the link.
    const browser = new Browser();
    const { link, pin, mail } = await requestPin(user.email, { browser });
    expect(mail.subject).toBe("PIN do zmiany hasła w Klamp");

    // 2. The PIN does not log in before it is confirmed at the link.
    const early = await browser.post("/login", { email: user.email, password: pin });
    expect(early.status).toBe(400);

    // 3. Confirm the PIN at the link.
    const confirmed = await browser.post(link, { pin });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe("/login");
    const loginPage = await followRedirect(browser, confirmed);
    expect(loginPage.html).toContain(escapeHtml(auth.pinConfirmed));

    // 4. Log in with the PIN in place of the password: straight to "Bezpieczeństwo".
    const login = await browser.post("/login", { email: user.email, password: pin, redirectTo: "/clients" });
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toBe("/settings/security");
    const settings = await browser.get("/settings/security");
    const settingsHtml = await settings.text();
    expect(settingsHtml).toContain(escapeHtml(security.pinSessionNotice));
    expect(settingsHtml).toContain('name="pin"');
    expect(settingsHtml).not.toContain('name="currentPassword"');

    // 5. The PIN logs in only once.
    const again = await new Browser().post("/login", { email: user.email, password: pin });
    expect(again.status).toBe(400);

    // 6. Set the new password with the PIN.
    const wrong = await browser.post("/settings/security", {
      pin: wrongPinFor(pin),
      newPassword: NEW_PASSWORD,
      newPasswordRepeat: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(auth.pinWrong);
    const changed = await browser.post("/settings/security", { pin, newPassword: NEW_PASSWORD, newPasswordRepeat: NEW_PASSWORD });
    expect(changed.status).toBe(302);
    expect(changed.headers.get("Location")).toBe("/settings/security");
    const after = await followRedirect(browser, changed);
    expect(after.html).toContain(escapeHtml(security.passwordChanged));
    expect(after.html).not.toContain(escapeHtml(security.pinSessionNotice));
    expect(after.html).toContain('name="currentPassword"');

    // This session is a normal one now; the other device was logged out.
    const rows = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].pinTokenId).toBeNull();
    expect((await other.get("/settings/security")).status).toBe(302);
    expect((await newestPinToken(user.id)).usedAt).not.toBeNull();

    // 7. Old password and PIN fail, the new password works.
    const oldPassword = await new Browser().post("/login", { email: user.email, password: user.password });
    expect(oldPassword.status).toBe(400);
    const pinAgain = await new Browser().post("/login", { email: user.email, password: pin });
    expect(pinAgain.status).toBe(400);
    const newPassword = await new Browser().post("/login", { email: user.email, password: NEW_PASSWORD });
    expect(newPassword.status).toBe(302);
    expect(newPassword.headers.get("Location")).toBe("/dashboard");
  });

  it("ends a PIN session whose PIN expired", async () => {
    const user = await createActiveUser();
    const browser = new Browser();
    const { link, pin } = await requestPin(user.email, { browser });
    await browser.post(link, { pin });
    expect((await browser.post("/login", { email: user.email, password: pin })).status).toBe(302);
    const token = await newestPinToken(user.id);
    await db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(authTokens.id, token.id));

    const response = await browser.post("/settings/security", { pin, newPassword: NEW_PASSWORD, newPasswordRepeat: NEW_PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/forgot-password");
    const page = await followRedirect(browser, response);
    expect(page.html).toContain(escapeHtml(security.pinSessionEnded));
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const oldPassword = await new Browser().post("/login", { email: user.email, password: user.password });
    expect(oldPassword.status).toBe(302);
  });

  it("keeps the outbox free of the PIN for unknown addresses too", async () => {
    const email = uniqueEmail("nobody");
    await new Browser().post("/forgot-password", { email });
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email));
    expect(rows).toHaveLength(0);
  });
});
