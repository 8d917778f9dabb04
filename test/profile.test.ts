import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authTokens, devMailbox, users } from "~/db/schema";
import { clientSellerText, common, profileText, settingsText } from "~/i18n/pl";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { escapeHtml } from "~/utils/html";
import { formatIban, isValidPolishIban } from "~/utils/iban";
import { activityRows, alerts, followRedirect } from "./account-helpers";
import { billIdFrom, billSetup, createClientBill } from "./bill-helpers";
import { Browser, createActiveUser, db, linkFrom, loggedInBrowser, TEST_PASSWORD, uniqueEmail, waitForMail } from "./helpers";

const VALID_NIP = "526-104-08-28";
const VALID_IBAN = "PL61 1090 1014 0000 0712 1981 2874";

function profileForm(overrides: Record<string, string> = {}) {
  return {
    intent: "profile",
    name: "Anna Nowak",
    company: "Studio Nowak",
    nip: VALID_NIP,
    address: "ul. Długa 1\n00-001 Warszawa",
    bankAccount: VALID_IBAN,
    budgetWarningPercent: "15",
    ...overrides,
  };
}

async function storedUser(id: string) {
  const row = await db.query.users.findFirst({ where: eq(users.id, id) });
  if (!row) throw new Error("user not stored");
  return row;
}

async function requestChange(browser: Browser, newEmail: string, password = TEST_PASSWORD) {
  return browser.post("/settings/profile", { intent: "email", newEmail, password });
}

describe("settings tabs", () => {
  it("opens Profil at /settings", async () => {
    const { browser } = await loggedInBrowser();
    const response = await browser.get("/settings");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/profile");
  });

  it("lists Profil first", async () => {
    const { browser } = await loggedInBrowser();
    const page = await (await browser.get("/settings/profile")).text();
    const html = new RegExp(`<nav aria-label="${settingsText.tabsLabel}"[\\s\\S]*?</nav>`).exec(page)?.[0] ?? "";
    const order = ["/settings/profile", "/settings/notifications", "/settings/security", "/settings/payments", "/settings/subscription", "/settings/reports"];
    const positions = order.map((href) => html.indexOf(`href="${href}"`));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe("iban check", () => {
  it("accepts valid numbers", () => {
    expect(isValidPolishIban(VALID_IBAN)).toBe(true);
    expect(isValidPolishIban("61109010140000071219812874")).toBe(true);
  });

  it("rejects wrong checksum and shape", () => {
    expect(isValidPolishIban("PL61109010140000071219812875")).toBe(false);
    expect(isValidPolishIban("DE89370400440532013000")).toBe(false);
    expect(isValidPolishIban("PL6110901014")).toBe(false);
  });

  it("groups by four", () => {
    expect(formatIban("PL61109010140000071219812874")).toBe("PL61 1090 1014 0000 0712 1981 2874");
  });
});

describe("profile form", () => {
  it("requires a login", async () => {
    const response = await new Browser().get("/settings/profile");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fsettings%2Fprofile");
  });

  it("saves values with activity", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post("/settings/profile", profileForm());
    expect(response.status).toBe(302);
    const page = await followRedirect(browser, response);
    expect(page.html).toContain(profileText.saved);

    const row = await storedUser(user.id);
    expect(row.company).toBe("Studio Nowak");
    expect(row.nip).toBe("5261040828");
    expect(row.address).toBe("ul. Długa 1\n00-001 Warszawa");
    expect(row.bankAccount).toBe("PL61109010140000071219812874");
    expect(row.budgetWarningPercent).toBe(15);
    expect(page.html).toContain(VALID_IBAN);
    const actions = (await activityRows(user.id)).map((a) => a.action);
    expect(actions).toContain("account.profile_updated");
  });

  it("clears optional fields", async () => {
    const { browser, user } = await loggedInBrowser();
    await browser.post("/settings/profile", profileForm());
    const response = await browser.post("/settings/profile", profileForm({ company: "", nip: "", address: "", bankAccount: "" }));
    expect(response.status).toBe(302);
    const row = await storedUser(user.id);
    expect(row.company).toBeNull();
    expect(row.nip).toBeNull();
    expect(row.address).toBeNull();
    expect(row.bankAccount).toBeNull();
  });

  it("rejects bad NIP, IBAN and percent", async () => {
    const { browser, user } = await loggedInBrowser();
    const cases: [Record<string, string>, string][] = [
      [{ nip: "5261040829" }, profileText.nipInvalid],
      [{ bankAccount: "PL61109010140000071219812875" }, profileText.bankAccountInvalid],
      [{ bankAccount: "DE89370400440532013000" }, profileText.bankAccountInvalid],
      [{ budgetWarningPercent: "1001" }, profileText.percentInvalid],
      [{ budgetWarningPercent: "-5" }, profileText.percentInvalid],
      [{ budgetWarningPercent: "2.5" }, profileText.percentInvalid],
      [{ name: "" }, common.required],
    ];
    for (const [overrides, message] of cases) {
      const response = await browser.post("/settings/profile", profileForm(overrides));
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(alerts(html)).toContain(message);
      // What the user typed comes back in the form.
      expect(html).toContain(escapeHtml("Studio Nowak"));
    }
    const row = await storedUser(user.id);
    expect(row.company).toBeNull();
    expect(row.budgetWarningPercent).toBe(10);
  });

  it("accepts percent bounds", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post("/settings/profile", profileForm({ budgetWarningPercent: "0" }))).status).toBe(302);
    expect((await storedUser(user.id)).budgetWarningPercent).toBe(0);
    expect((await browser.post("/settings/profile", profileForm({ budgetWarningPercent: "1000" }))).status).toBe(302);
    expect((await storedUser(user.id)).budgetWarningPercent).toBe(1000);
  });
});

describe("seller on bills", () => {
  it("shows profile on client bill page", async () => {
    const setup = await billSetup();
    await setup.browser.post("/settings/profile", profileForm());
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const html = await (await setup.client.get(`${setup.clientPath}/bills/${billId}`)).text();
    expect(html).toContain(clientSellerText.title);
    expect(html).toContain("Studio Nowak");
    expect(html).toContain(escapeHtml(clientSellerText.nip("5261040828")));
    expect(html).toContain(VALID_IBAN);
  });

  it("hides empty seller details", async () => {
    const setup = await billSetup();
    const billId = billIdFrom(await createClientBill(setup.client, setup.clientPath, [setup.taskA.id]));
    const html = await (await setup.client.get(`${setup.clientPath}/bills/${billId}`)).text();
    expect(html).not.toContain('data-testid="bill-seller"');
  });

  it("puts account in bill e-mail", async () => {
    const setup = await billSetup();
    await setup.browser.post("/settings/profile", profileForm());
    const response = await setup.browser.post(`/projects/${setup.project.id}/bills`, {
      intent: "send",
      taskId: [setup.taskA.id],
      email: setup.clientEmail,
    });
    expect(response.status).toBe(302);
    const mail = await waitForMail(setup.clientEmail);
    expect(mail.text).toContain(clientSellerText.emailBankAccount(VALID_IBAN));
    expect(mail.text).toContain("Studio Nowak");
  });
});

describe("e-mail change", () => {
  it("changes address after confirm", async () => {
    const { browser, user } = await loggedInBrowser();
    const other = await loginAgain(user.email);
    const newEmail = uniqueEmail("nowy");
    const response = await requestChange(browser, newEmail);
    expect(response.status).toBe(302);
    expect((await followRedirect(browser, response)).html).toContain(escapeHtml(profileText.emailChangeSent(newEmail)));

    const notice = await waitForMail(user.email);
    expect(notice.text).toContain(newEmail);
    const mail = await waitForMail(newEmail);
    const link = linkFrom(mail.text, "/settings/email/");

    // GET shows the button and changes nothing.
    const page = await browser.get(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(escapeHtml(profileText.confirmButton));
    expect((await storedUser(user.id)).email).toBe(user.email);

    const confirmed = await browser.post(link, {});
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe("/settings/profile");
    expect((await followRedirect(browser, confirmed)).html).toContain(escapeHtml(profileText.emailChanged(newEmail)));
    expect((await storedUser(user.id)).email).toBe(newEmail);
    const actions = (await activityRows(user.id)).map((a) => a.action);
    expect(actions).toContain("account.email_change_requested");
    expect(actions).toContain("account.email_changed");

    // Other sessions stay valid, and the new address logs in.
    expect((await other.get("/settings/profile")).status).toBe(200);
    expect((await new Browser().post("/login", { email: newEmail, password: TEST_PASSWORD })).status).toBe(302);
  });

  it("rejects a used link", async () => {
    const { browser, user } = await loggedInBrowser();
    const newEmail = uniqueEmail("nowy");
    await requestChange(browser, newEmail);
    const link = linkFrom((await waitForMail(newEmail)).text, "/settings/email/");
    expect((await browser.post(link, {})).status).toBe(302);
    expect((await browser.get(link)).status).toBe(410);
    const again = await browser.post(link, {});
    expect((await followRedirect(browser, again)).html).toContain(escapeHtml(profileText.linkInvalid));
    expect((await activityRows(user.id)).filter((a) => a.action === "account.email_changed")).toHaveLength(1);
  });

  it("rejects an expired link", async () => {
    const { browser, user } = await loggedInBrowser();
    const newEmail = uniqueEmail("nowy");
    await requestChange(browser, newEmail);
    const link = linkFrom((await waitForMail(newEmail)).text, "/settings/email/");
    await db
      .update(authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, "email_change")));
    const page = await browser.get(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain(escapeHtml(profileText.linkInvalid));
    await browser.post(link, {});
    expect((await storedUser(user.id)).email).toBe(user.email);
  });

  it("returns 404 for another user's link", async () => {
    const { browser } = await loggedInBrowser();
    const newEmail = uniqueEmail("nowy");
    await requestChange(browser, newEmail);
    const link = linkFrom((await waitForMail(newEmail)).text, "/settings/email/");
    const { browser: stranger, user: strangerUser } = await loggedInBrowser();
    expect((await stranger.get(link)).status).toBe(404);
    expect((await stranger.post(link, {})).status).toBe(404);
    expect((await storedUser(strangerUser.id)).email).not.toBe(newEmail);
    expect((await browser.get("/settings/email/unknown-token")).status).toBe(404);
  });

  it("refuses a taken address neutrally", async () => {
    const { browser, user } = await loggedInBrowser();
    const taken = await createActiveUser();
    const response = await requestChange(browser, taken.email.toUpperCase());
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(alerts(html)).toContain(profileText.emailUnavailable);
    expect(html).not.toContain(escapeHtml(taken.email));
    const mails = await db.select().from(devMailbox).where(eq(devMailbox.toAddress, taken.email));
    expect(mails).toHaveLength(0);
    expect((await storedUser(user.id)).email).toBe(user.email);
  });

  it("rejects wrong password and bad address", async () => {
    const { browser } = await loggedInBrowser();
    const wrong = await requestChange(browser, uniqueEmail("nowy"), "nie-to-haslo-000");
    expect(wrong.status).toBe(400);
    expect(alerts(await wrong.text())).toContain(profileText.passwordWrong);
    const bad = await requestChange(browser, "nie-adres");
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(alerts(html)).toContain(common.invalidEmail);
    expect(html).toContain('value="nie-adres"');
  });

  it("rejects taken address at confirm", async () => {
    const { browser, user } = await loggedInBrowser();
    const newEmail = uniqueEmail("nowy");
    await requestChange(browser, newEmail);
    const link = linkFrom((await waitForMail(newEmail)).text, "/settings/email/");
    await createActiveUser({ email: newEmail });

    const response = await browser.post(link, {});
    expect(response.status).toBe(302);
    expect((await followRedirect(browser, response)).html).toContain(escapeHtml(profileText.emailUnavailable));
    expect((await storedUser(user.id)).email).toBe(user.email);
    expect((await activityRows(user.id)).map((a) => a.action)).not.toContain("account.email_changed");
  });

  it("limits requests per hour", async () => {
    const { browser } = await loggedInBrowser();
    for (let i = 0; i < RATE_LIMITS.emailChangePerAccount.limit; i++) {
      expect((await requestChange(browser, uniqueEmail("nowy"), "nie-to-haslo-000")).status).toBe(400);
    }
    const limited = await requestChange(browser, uniqueEmail("nowy"));
    expect(limited.status).toBe(429);
    expect(alerts(await limited.text())).toContain(profileText.tooManyAttempts);
  });
});

async function loginAgain(email: string) {
  const browser = new Browser();
  expect((await browser.post("/login", { email, password: TEST_PASSWORD })).status).toBe(302);
  return browser;
}

