import { env, SELF } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { describeActivity } from "~/components/activity-timeline";
import { activity, tpayConnections, tpayTransactions } from "~/db/schema";
import { tpaySettingsText as t } from "~/i18n/pl";
import { loadTpayConnection, sealTpayCredentials } from "~/models/tpay-connections.server";
import { escapeHtml } from "~/utils/html";
import { alerts, followRedirect } from "./account-helpers";
import { Browser, createActiveUser, db, loggedInBrowser, ORIGIN } from "./helpers";

const DEMO = {
  clientId: "12345-0123456789abcdef",
  clientSecret: "dev-only-demo-client-secret",
  securityCode: "dev-only-demo-security-code",
};

const PAGE = "/settings/payments";

interface SandboxMerchant {
  merchantId: string;
  clientId: string;
  clientSecret: string;
  securityCode: string;
}

/** Creates a fresh merchant in the local Tpay sandbox through its control API. */
async function createSandboxMerchant(): Promise<SandboxMerchant> {
  const response = await SELF.fetch(`${ORIGIN}/tpay-sandbox/__sim/merchants`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ label: "tpay-connection test" }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as SandboxMerchant;
}

function saveForm(
  password: string,
  credentials: { clientId: string; clientSecret: string; securityCode: string },
  environment = "sandbox",
): Record<string, string> {
  return { intent: "save", ...credentials, environment, currentPassword: password };
}

/**
 * Makes every request outside the app's own origin fail like an unreachable host, and records
 * the URLs, so a test that picks "Produkcja" never reaches the real Tpay.
 */
function blockOutsideNetwork(): string[] {
  const requested: string[] = [];
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(`${ORIGIN}/`)) return original(input, init);
    requested.push(url);
    return Promise.reject(new TypeError("Network connection lost."));
  });
  return requested;
}

async function connectionRow(userId: string) {
  const [row] = await db.select().from(tpayConnections).where(eq(tpayConnections.userId, userId));
  return row ?? null;
}

async function tpayActivity(userId: string) {
  const rows = await db.select().from(activity).where(eq(activity.userId, userId));
  return rows.filter((row) => row.action.startsWith("tpay.")).map((row) => ({ action: row.action, data: JSON.parse(row.data) }));
}

/** Asserts that no secret value appears in the HTML, raw or HTML-escaped. */
function expectNoSecrets(html: string, ...secrets: string[]) {
  for (const secret of secrets) {
    expect(html).not.toContain(secret);
    expect(html).not.toContain(escapeHtml(secret));
  }
}

describe("payments settings page", () => {
  it("requires a login", async () => {
    const response = await new Browser().get(PAGE);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fsettings%2Fpayments");
  });

  it("explains that payments are off without a connection", async () => {
    const { browser } = await loggedInBrowser();
    const response = await browser.get(PAGE);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(escapeHtml(t.notConnected));
    expect(html).toContain(t.formTitleNew);
    expect(html).toContain('href="/settings/payments"');
    expect(html).toContain('data-testid="tpay-sandbox-hint"');
    expect(html).toContain('href="/tpay-sandbox"');
    expect(html).not.toContain(t.disconnectButton);
  });
});

describe("connecting Tpay", () => {
  it("verifies and stores the demo merchant", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post(PAGE, saveForm(user.password, DEMO));
    expect(response.status).toBe(302);
    const { html } = await followRedirect(browser, response);
    expect(html).toContain(escapeHtml(t.connected));
    expect(html).toContain(t.enabled);
    expect(html).toContain("12345-…cdef");
    expect(html).toContain(t.storedSecret);
    expect(html).toContain(t.environments.sandbox);
    expectNoSecrets(html, DEMO.clientSecret, DEMO.securityCode, DEMO.clientId);

    const row = await connectionRow(user.id);
    expect(row?.status).toBe("verified");
    expect(row?.merchantId).toBe("12345");
    expect(row?.environment).toBe("sandbox");
    expect(row?.clientIdHint).toBe("12345-…cdef");
    expect(row?.lastError).toBeNull();
    expect(row?.notifyKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(html).toContain(`${ORIGIN}/tpay/notifications/${row?.notifyKey}`);
    expect(await tpayActivity(user.id)).toEqual([
      { action: "tpay.connected", data: { environment: "sandbox", merchantId: "12345", replaced: false } },
    ]);
  });

  it("connects a fresh sandbox merchant", async () => {
    const merchant = await createSandboxMerchant();
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post(PAGE, saveForm(user.password, merchant));
    expect(response.status).toBe(302);
    const row = await connectionRow(user.id);
    expect(row?.status).toBe("verified");
    expect(row?.merchantId).toBe(merchant.merchantId);
    const loaded = await loadTpayConnection(db, env, user.id);
    expect(loaded?.account).toEqual({
      environment: "sandbox",
      merchantId: merchant.merchantId,
      credentials: { clientId: merchant.clientId, clientSecret: merchant.clientSecret, securityCode: merchant.securityCode },
    });
  });

  it("saves nothing when Tpay rejects the secret", async () => {
    const { browser, user } = await loggedInBrowser();
    const wrongSecret = "wrong-secret-<&>-1234";
    const response = await browser.post(PAGE, saveForm(user.password, { ...DEMO, clientSecret: wrongSecret }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(alerts(html)).toContain(t.invalidCredentials);
    // The typed Client ID and environment stay; the secrets and the password are not echoed.
    expect(html).toContain(`value="${DEMO.clientId}"`);
    expect(html).toMatch(/value="sandbox"[^>]*checked|checked[^>]*value="sandbox"/);
    expectNoSecrets(html, wrongSecret, DEMO.securityCode, user.password);
    expect(await connectionRow(user.id)).toBeNull();
    expect(await tpayActivity(user.id)).toEqual([]);
  });

  it("saves nothing when Tpay cannot be reached", async () => {
    const requested = blockOutsideNetwork();
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post(PAGE, saveForm(user.password, DEMO, "production"));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(alerts(html)).toContain(t.unreachable);
    expect(html).toMatch(/value="production"[^>]*checked|checked[^>]*value="production"/);
    expectNoSecrets(html, DEMO.clientSecret, DEMO.securityCode, user.password);
    expect(requested).toEqual(["https://api.tpay.com/oauth/auth"]);
    expect(await connectionRow(user.id)).toBeNull();
    expect(await tpayActivity(user.id)).toEqual([]);
  });

  it("rejects a missing or wrong password before asking Tpay", async () => {
    const requested = blockOutsideNetwork();
    const { browser, user } = await loggedInBrowser();

    const missing = await browser.post(PAGE, saveForm("", DEMO, "production"));
    expect(missing.status).toBe(400);
    const missingHtml = await missing.text();
    expect(alerts(missingHtml)).toContain(t.passwordMissing);
    expectNoSecrets(missingHtml, DEMO.clientSecret, DEMO.securityCode);

    const wrong = await browser.post(PAGE, saveForm("nie-to-haslo-000", DEMO, "production"));
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(alerts(wrongHtml)).toContain(t.passwordWrong);
    expectNoSecrets(wrongHtml, DEMO.clientSecret, DEMO.securityCode, "nie-to-haslo-000");

    expect(requested).toEqual([]);
    expect(await connectionRow(user.id)).toBeNull();
  });

  it("validates the shape of each field", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post(PAGE, {
      intent: "save",
      clientId: "not-a-client-id",
      clientSecret: " padded-secret ",
      securityCode: "x".repeat(201),
      environment: "staging",
      currentPassword: user.password,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    const errors = alerts(html);
    expect(errors).toContain(t.clientIdInvalid);
    expect(errors).toContain(t.edgeWhitespace);
    expect(errors.some((error) => error.includes("200"))).toBe(true);
    expect(errors).toContain(t.environmentMissing);
    expect(html).toContain('value="not-a-client-id"');
    expectNoSecrets(html, " padded-secret ", "x".repeat(201));
    expect(await connectionRow(user.id)).toBeNull();
  });

  it("stores the security code verbatim and encrypted", async () => {
    const { browser, user } = await loggedInBrowser();
    const securityCode = `a<b>&c"d'e&amp;`;
    const response = await browser.post(PAGE, saveForm(user.password, { ...DEMO, securityCode }));
    expect(response.status).toBe(302);
    const { html } = await followRedirect(browser, response);
    expectNoSecrets(html, securityCode, DEMO.clientSecret);

    const row = await connectionRow(user.id);
    expect(row?.credentials).not.toContain(DEMO.clientSecret);
    expect(row?.credentials).not.toContain("dev-only");
    expect(row?.credentials).not.toContain(btoa(DEMO.clientSecret).slice(0, 12));
    expect(row?.credentials).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const loaded = await loadTpayConnection(db, env, user.id);
    expect(loaded?.account.credentials.securityCode).toBe(securityCode);
  });

  it("binds the stored credentials to their user", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    const source = await connectionRow(user.id);
    const other = await createActiveUser();
    await db.insert(tpayConnections).values({ ...source!, userId: other.id, notifyKey: "copied-notify-key-0000000000000000" });

    await expect(loadTpayConnection(db, env, other.id)).rejects.toThrow();
    // The owner's copy still decrypts.
    expect((await loadTpayConnection(db, env, user.id))?.account.credentials.clientSecret).toBe(DEMO.clientSecret);
  });

  it("replaces the credentials and keeps the notify key", async () => {
    const merchant = await createSandboxMerchant();
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    const first = await connectionRow(user.id);
    await db.update(tpayConnections).set({ testModeSeenAt: "2026-03-01T10:00:00.000Z" }).where(eq(tpayConnections.userId, user.id));

    const page = await (await browser.get(PAGE)).text();
    expect(page).toContain(t.formTitleReplace);
    expect(page).toContain(escapeHtml(t.replaceIntro));

    const withoutPassword = await browser.post(PAGE, saveForm("", merchant));
    expect(withoutPassword.status).toBe(400);
    expect((await connectionRow(user.id))?.merchantId).toBe("12345");

    const response = await browser.post(PAGE, saveForm(user.password, merchant));
    expect(response.status).toBe(302);
    const { html } = await followRedirect(browser, response);
    expect(html).toContain(escapeHtml(t.replaced));
    expectNoSecrets(html, merchant.clientSecret, merchant.securityCode, DEMO.clientSecret, DEMO.securityCode);

    const second = await connectionRow(user.id);
    expect(second?.notifyKey).toBe(first?.notifyKey);
    expect(second?.merchantId).toBe(merchant.merchantId);
    expect(second?.credentials).not.toBe(first?.credentials);
    // Another merchant account: the old account's test-mode warning does not carry over.
    expect(second?.testModeSeenAt).toBeNull();
    expect((await tpayActivity(user.id)).map((row) => row.data.replaced)).toEqual([false, true]);
  });

  it("shows the test-mode warning and the last notification", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    await db
      .update(tpayConnections)
      .set({ testModeSeenAt: "2026-03-29T01:30:00.000Z", lastNotificationAt: "2026-10-25T01:30:00.000Z" })
      .where(eq(tpayConnections.userId, user.id));
    const html = await (await browser.get(PAGE)).text();
    expect(html).toContain(escapeHtml(t.testModeWarning));
    // 01:30 UTC is 03:30 summer time on 29.03.2026, and 02:30 winter time on 25.10.2026.
    expect(html).toContain("29.03.2026, 03:30");
    expect(html).toContain("25.10.2026, 02:30");
  });

  it("never shows another user's connection", async () => {
    const owner = await loggedInBrowser();
    expect((await owner.browser.post(PAGE, saveForm(owner.user.password, DEMO))).status).toBe(302);
    const ownerRow = await connectionRow(owner.user.id);

    const { browser } = await loggedInBrowser();
    const html = await (await browser.get(PAGE)).text();
    expect(html).toContain(escapeHtml(t.notConnected));
    expect(html).not.toContain("12345-…cdef");
    expect(html).not.toContain(ownerRow!.notifyKey);
    expectNoSecrets(html, DEMO.clientSecret, DEMO.securityCode);
  });
});

describe("checking the connection", () => {
  it("marks refused credentials as failed", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    const stale = await sealTpayCredentials(env, user.id, { ...DEMO, clientSecret: "revoked-secret" });
    await db.update(tpayConnections).set({ credentials: stale }).where(eq(tpayConnections.userId, user.id));

    const response = await browser.post(PAGE, { intent: "check" });
    expect(response.status).toBe(302);
    const { html } = await followRedirect(browser, response);
    expect(html).toContain(escapeHtml(t.checkInvalid));
    expect(html).toContain(escapeHtml(t.disabledAfterFailedCheck));
    expect(html).toContain(t.checkResult.invalid_credentials);
    expectNoSecrets(html, "revoked-secret", DEMO.securityCode);

    const row = await connectionRow(user.id);
    expect(row?.status).toBe("failed");
    expect(row?.lastError).toBe("invalid_credentials");
    expect((await tpayActivity(user.id)).at(-1)).toEqual({
      action: "tpay.checked",
      data: { result: "invalid_credentials", status: "failed" },
    });
  });

  it("marks working credentials as verified again", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    await db
      .update(tpayConnections)
      .set({ status: "failed", lastError: "invalid_credentials", checkedAt: "2026-01-01T00:00:00.000Z" })
      .where(eq(tpayConnections.userId, user.id));

    const response = await browser.post(PAGE, { intent: "check" });
    const { html } = await followRedirect(browser, response);
    expect(html).toContain(escapeHtml(t.checkOk));
    const row = await connectionRow(user.id);
    expect(row?.status).toBe("verified");
    expect(row?.lastError).toBeNull();
    expect(row?.checkedAt > "2026-01-01T00:00:00.000Z").toBe(true);
  });

  it("keeps the status when Tpay cannot be reached", async () => {
    const requested = blockOutsideNetwork();
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    await db.update(tpayConnections).set({ environment: "production" }).where(eq(tpayConnections.userId, user.id));

    const { html } = await followRedirect(browser, await browser.post(PAGE, { intent: "check" }));
    expect(html).toContain(escapeHtml(t.checkUnreachable));
    expect(requested).toEqual(["https://api.tpay.com/oauth/auth"]);
    const row = await connectionRow(user.id);
    expect(row?.status).toBe("verified");
    expect(row?.lastError).toBe("unreachable");
  });

  it("reports a missing connection", async () => {
    const { browser, user } = await loggedInBrowser();
    const { html } = await followRedirect(browser, await browser.post(PAGE, { intent: "check" }));
    expect(html).toContain(escapeHtml(t.notConnectedError));
    expect(await tpayActivity(user.id)).toEqual([]);
  });
});

describe("disconnecting Tpay", () => {
  it("needs the password and keeps pending transactions", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    const now = new Date().toISOString();
    await db.insert(tpayTransactions).values({
      id: crypto.randomUUID(),
      userId: user.id,
      purpose: "bill",
      account: "freelancer",
      environment: "sandbox",
      merchantId: "12345",
      transactionId: `ta_${crypto.randomUUID().slice(0, 16)}`,
      title: `TR-TST-${crypto.randomUUID().slice(0, 7).toUpperCase()}`,
      crc: `b_${crypto.randomUUID()}`,
      amount: 6667,
      paymentUrl: `${ORIGIN}/tpay-sandbox/pay/x`,
      status: "pending",
      updatedAt: now,
    });

    const wrong = await browser.post(PAGE, { intent: "disconnect", currentPassword: "nie-to-haslo-000" });
    expect(wrong.status).toBe(400);
    expect(alerts(await wrong.text())).toContain(t.passwordWrong);
    const missing = await browser.post(PAGE, { intent: "disconnect" });
    expect(missing.status).toBe(400);
    expect(await connectionRow(user.id)).not.toBeNull();

    const response = await browser.post(PAGE, { intent: "disconnect", currentPassword: user.password });
    const { html } = await followRedirect(browser, response);
    expect(html).toContain(escapeHtml(t.disconnected));
    expect(html).toContain(escapeHtml(t.notConnected));
    expect(await connectionRow(user.id)).toBeNull();
    const pending = await db.select().from(tpayTransactions).where(and(eq(tpayTransactions.userId, user.id), eq(tpayTransactions.status, "pending")));
    expect(pending).toHaveLength(1);
    expect((await tpayActivity(user.id)).at(-1)).toEqual({
      action: "tpay.disconnected",
      data: { environment: "sandbox", merchantId: "12345" },
    });
  });
});

describe("tpay rate limit", () => {
  it("stops password guesses after 10 attempts", async () => {
    const { browser, user } = await loggedInBrowser();
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await browser.post(PAGE, saveForm("nie-to-haslo-000", DEMO));
      expect(response.status).toBe(400);
    }
    const limited = await browser.post(PAGE, saveForm(user.password, DEMO));
    expect(limited.status).toBe(429);
    expect(alerts(await limited.text())).toContain(t.tooManyAttempts);
    expect(await connectionRow(user.id)).toBeNull();
  });
});

describe("tpay timeline lines", () => {
  it("describes connect, check and disconnect", () => {
    expect(describeActivity({ action: "tpay.connected", data: { environment: "production", merchantId: "12345", replaced: false } })).toEqual([
      t.activity.connected(t.environments.production, "12345"),
    ]);
    expect(describeActivity({ action: "tpay.connected", data: { environment: "sandbox", merchantId: "777", replaced: true } })).toEqual([
      t.activity.replaced(t.environments.sandbox, "777"),
    ]);
    expect(describeActivity({ action: "tpay.checked", data: { result: "verified" } })).toEqual([t.activity.checked(t.checkResult.verified)]);
    expect(describeActivity({ action: "tpay.checked", data: { result: "unreachable" } })).toEqual([
      t.activity.checked(t.checkResult.unreachable),
    ]);
    expect(describeActivity({ action: "tpay.disconnected", data: { merchantId: "12345" } })).toEqual([t.activity.disconnected("12345")]);
  });
});
