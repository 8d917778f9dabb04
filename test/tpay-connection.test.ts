import { createExecutionContext, env, SELF } from "cloudflare:test";
import type { AppLoadContext } from "@remix-run/cloudflare";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { describeActivity } from "~/models/activity-lines.server";
import { activity, tpayConnections, tpayTransactions } from "~/db/schema";
import { common, tpaySettingsText as t } from "~/i18n/pl";
import {
  currentTpayConnectionId,
  findTpayConnectionByNotifyKey,
  loadTpayConnection,
  loadTpayConnectionById,
  markTpayTransactionTestMode,
  onlinePaymentsEnabled,
  purgeArchivedTpayConnections,
  saveTpayConnection,
  sealTpayCredentials,
  tpayNotificationUrl,
} from "~/models/tpay-connections.server";
import { action, loader } from "~/routes/_app.settings.payments";
import { escapeHtml } from "~/utils/html";
import { alerts, followRedirect } from "./account-helpers";
import { Browser, createActiveUser, db, loggedInBrowser, ORIGIN } from "./helpers";
import { makeProject } from "./project-helpers";
import {
  activityOf,
  appTpayFetch,
  billRow,
  createAwaitingBill,
  notificationsOf,
  payInSandbox,
  paymentRows,
  postNotification,
  sandboxPost,
  signedNotification,
  paymentFields,
  startTransaction,
  type Freelancer,
} from "./tpay-payment-helpers";

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

/** Reads the user's current connection row, or null. */
async function connectionRow(userId: string) {
  const [row] = await db
    .select()
    .from(tpayConnections)
    .where(and(eq(tpayConnections.userId, userId), isNull(tpayConnections.disconnectedAt)));
  return row ?? null;
}

/** Lists all of the user's connection rows, current and archived, oldest first. */
async function connectionRows(userId: string) {
  return db.select().from(tpayConnections).where(eq(tpayConnections.userId, userId)).orderBy(asc(tpayConnections.createdAt), asc(sql`rowid`));
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

/**
 * Describes the user's current connection as the payment fixtures describe a freelancer, with a new
 * project, so bills and sandbox transactions can be created through it.
 */
async function freelancerOf(user: { id: string; email: string }, merchant: SandboxMerchant): Promise<Freelancer> {
  const loaded = await loadTpayConnection(db, env, user.id);
  if (!loaded) throw new Error("the user has no current connection");
  const project = await makeProject(user.id, { name: "Sklep Łódź" });
  return {
    user,
    merchant,
    connectionId: loaded.connection.id,
    notifyKey: loaded.connection.notifyKey,
    notificationUrl: tpayNotificationUrl(env, loaded.connection.notifyKey),
    account: loaded.account,
    projectId: project.id,
  };
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
    expect(errors).toContain(common.tooLong(200));
    expect(errors).toContain(t.environmentMissing);
    expect(html).toContain('value="not-a-client-id"');
    expectNoSecrets(html, " padded-secret ", "x".repeat(201));
    expect(await connectionRow(user.id)).toBeNull();
  });

  it("shows only the first failed rule per field", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post(PAGE, {
      intent: "save",
      clientId: "   ",
      clientSecret: " ",
      securityCode: "a\u0001 ",
      environment: "sandbox",
      currentPassword: user.password,
    });
    expect(response.status).toBe(400);
    const errors = alerts(await response.text());
    // Blank after trimming: "required" only, not also the Client ID format.
    expect(errors.filter((error) => error === common.required)).toHaveLength(1);
    expect(errors).not.toContain(t.clientIdInvalid);
    // A lone space: the edge-whitespace rule only. A control character and a trailing space: the first rule only.
    expect(errors.filter((error) => error === t.edgeWhitespace)).toHaveLength(1);
    expect(errors.filter((error) => error === t.controlCharacters)).toHaveLength(1);
    expect(errors).toHaveLength(3);
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
    await db.insert(tpayConnections).values({ ...source!, id: "copied0000000000000000000000000a", userId: other.id, notifyKey: "copied-notify-key-0000000000000000" });

    await expect(loadTpayConnection(db, env, other.id)).rejects.toThrow();
    // The owner's copy still decrypts.
    expect((await loadTpayConnection(db, env, user.id))?.account.credentials.clientSecret).toBe(DEMO.clientSecret);
  });

  it("updates the same merchant in place and keeps the notify key", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    const first = await connectionRow(user.id);
    await db
      .update(tpayConnections)
      .set({ testModeSeenAt: "2026-03-01T10:00:00.000Z", lastNotificationAt: "2026-03-01T10:00:00.000Z" })
      .where(eq(tpayConnections.id, first!.id));

    const page = await (await browser.get(PAGE)).text();
    expect(page).toContain(t.formTitleReplace);
    expect(page).toContain(escapeHtml(t.replaceIntro));

    const response = await browser.post(PAGE, saveForm(user.password, { ...DEMO, securityCode: "new-demo-security-code" }));
    expect(response.status).toBe(302);
    const { html } = await followRedirect(browser, response);
    expect(html).toContain(escapeHtml(t.replaced));

    const rows = await connectionRows(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(first?.id);
    expect(rows[0].notifyKey).toBe(first?.notifyKey);
    expect(rows[0].disconnectedAt).toBeNull();
    expect(rows[0].credentials).not.toBe(first?.credentials);
    // The same merchant account: its test-mode warning and last notification stay.
    expect(rows[0].testModeSeenAt).toBe("2026-03-01T10:00:00.000Z");
    expect(rows[0].lastNotificationAt).toBe("2026-03-01T10:00:00.000Z");
    expect((await loadTpayConnection(db, env, user.id))?.account.credentials.securityCode).toBe("new-demo-security-code");
    expect((await tpayActivity(user.id)).map((row) => row.data.replaced)).toEqual([false, true]);
  });

  it("archives the connection when another merchant is saved", async () => {
    const merchant = await createSandboxMerchant();
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    const first = await connectionRow(user.id);
    await db.update(tpayConnections).set({ testModeSeenAt: "2026-03-01T10:00:00.000Z" }).where(eq(tpayConnections.id, first!.id));

    const withoutPassword = await browser.post(PAGE, saveForm("", merchant));
    expect(withoutPassword.status).toBe(400);
    expect(await connectionRows(user.id)).toHaveLength(1);

    const response = await browser.post(PAGE, saveForm(user.password, merchant));
    expect(response.status).toBe(302);
    const { html } = await followRedirect(browser, response);
    expect(html).toContain(escapeHtml(t.replaced));
    expectNoSecrets(html, merchant.clientSecret, merchant.securityCode, DEMO.clientSecret, DEMO.securityCode);

    const [archived, current] = await connectionRows(user.id);
    expect(archived.id).toBe(first?.id);
    expect(archived.disconnectedAt).not.toBeNull();
    expect(archived.notifyKey).toBe(first?.notifyKey);
    expect(archived.credentials).toBe(first?.credentials);
    expect(current.id).not.toBe(first?.id);
    expect(current.disconnectedAt).toBeNull();
    expect(current.notifyKey).not.toBe(first?.notifyKey);
    expect(current.merchantId).toBe(merchant.merchantId);
    // Another merchant account: the old account's test-mode warning does not carry over.
    expect(current.testModeSeenAt).toBeNull();
    expect(html).toContain(`${ORIGIN}/tpay/notifications/${current.notifyKey}`);
    expect(html).not.toContain(first!.notifyKey);

    // The archived row still loads by id and by notify key; only the new one is current.
    expect((await loadTpayConnection(db, env, user.id))?.connection.id).toBe(current.id);
    expect(await currentTpayConnectionId(db, user.id)).toBe(current.id);
    expect((await loadTpayConnectionById(db, env, archived.id))?.account.credentials.clientSecret).toBe(DEMO.clientSecret);
    expect((await findTpayConnectionByNotifyKey(db, env, archived.notifyKey))?.connection.id).toBe(archived.id);
    expect((await tpayActivity(user.id)).map((row) => row.data.replaced)).toEqual([false, true]);
  });

  it("changes the environment as another account", async () => {
    const requested = blockOutsideNetwork();
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    const first = await connectionRow(user.id);

    // Tpay's real API is unreachable here, so the save stops at the check and changes nothing.
    const response = await browser.post(PAGE, saveForm(user.password, DEMO, "production"));
    expect(response.status).toBe(400);
    expect(requested).toEqual(["https://api.tpay.com/oauth/auth"]);
    expect(await connectionRows(user.id)).toEqual([first]);

    // Saved directly, as the route does after Tpay accepts the credentials.
    const saved = await saveTpayConnection(db, env, user.id, { environment: "production", credentials: DEMO });
    expect(saved).toMatchObject({ replaced: true, archivedConnectionId: first?.id });
    const rows = await connectionRows(user.id);
    expect(rows.map((row) => [row.environment, row.disconnectedAt === null])).toEqual([
      ["sandbox", false],
      ["production", true],
    ]);
  });

  it("keeps one current connection under concurrent saves", async () => {
    const merchants = await Promise.all([createSandboxMerchant(), createSandboxMerchant(), createSandboxMerchant()]);
    const user = await createActiveUser();
    const results = await Promise.all(
      merchants.map((merchant) =>
        saveTpayConnection(db, env, user.id, {
          environment: "sandbox",
          credentials: { clientId: merchant.clientId, clientSecret: merchant.clientSecret, securityCode: merchant.securityCode },
        }),
      ),
    );
    const rows = await connectionRows(user.id);
    expect(rows).toHaveLength(3);
    const current = rows.filter((row) => row.disconnectedAt === null);
    expect(current).toHaveLength(1);
    expect(results.map((result) => result.connectionId)).toContain(current[0].id);
    expect((await tpayActivity(user.id)).filter((row) => row.action === "tpay.connected")).toHaveLength(3);
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
    const connection = await connectionRow(user.id);
    const now = new Date().toISOString();
    await db.insert(tpayTransactions).values({
      id: crypto.randomUUID(),
      userId: user.id,
      purpose: "bill",
      account: "freelancer",
      connectionId: connection!.id,
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
    // Archived, not deleted: the notify key and credentials stay for payments already started.
    const [archived] = await connectionRows(user.id);
    expect(archived.id).toBe(connection?.id);
    expect(archived.disconnectedAt).not.toBeNull();
    expect(archived.credentials).toBe(connection?.credentials);
    expect(await loadTpayConnection(db, env, user.id)).toBeNull();
    expect((await loadTpayConnectionById(db, env, archived.id))?.account.merchantId).toBe("12345");
    expect(onlinePaymentsEnabled(archived)).toBe(false);
    const pending = await db.select().from(tpayTransactions).where(and(eq(tpayTransactions.userId, user.id), eq(tpayTransactions.status, "pending")));
    expect(pending).toHaveLength(1);
    expect((await tpayActivity(user.id)).at(-1)).toEqual({
      action: "tpay.disconnected",
      data: { environment: "sandbox", merchantId: "12345" },
    });
  });
});

describe("payments started before a change of account", () => {
  it("applies a payment started before switching merchants at the old key", async () => {
    const oldMerchant = await createSandboxMerchant();
    const newMerchant = await createSandboxMerchant();
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, oldMerchant))).status).toBe(302);
    const freelancer = await freelancerOf(user, oldMerchant);
    const bill = await createAwaitingBill(freelancer, [3_333, 3_334]);
    const transaction = await startTransaction(freelancer, bill);
    expect(transaction.connectionId).toBe(freelancer.connectionId);

    // Before the switch, both the replace and the disconnect sections count the bill.
    const before = await (await browser.get(PAGE)).text();
    const notice = escapeHtml(t.awaitingBills(`1 ${t.awaitingBillForms.one}`));
    expect(before.split(notice)).toHaveLength(3);

    expect((await browser.post(PAGE, saveForm(user.password, newMerchant))).status).toBe(302);
    const current = await connectionRow(user.id);
    expect(current?.merchantId).toBe(newMerchant.merchantId);
    expect(current?.notifyKey).not.toBe(freelancer.notifyKey);
    // The new connection has no bill awaiting payment through it.
    expect(await (await browser.get(PAGE)).text()).not.toContain('data-testid="tpay-awaiting-bills"');

    const paid = await payInSandbox(transaction.transactionId, { scenario: "exact", deliver: "now" });
    expect(paid.body).toBe("TRUE");
    expect((await billRow(bill.billId)).status).toBe("paid");
    const [payment] = await paymentRows(user.id);
    expect(payment).toMatchObject({ status: "applied", amount: 6_667, providerTitle: transaction.title });
    // The notification is recorded on the archived connection it arrived at.
    const archived = (await connectionRows(user.id)).find((row) => row.id === freelancer.connectionId);
    expect(archived?.lastNotificationAt).not.toBeNull();
    expect((await connectionRow(user.id))?.lastNotificationAt).toBeNull();
  });

  it("applies a payment started before disconnecting", async () => {
    const merchant = await createSandboxMerchant();
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, merchant))).status).toBe(302);
    const freelancer = await freelancerOf(user, merchant);
    const bill = await createAwaitingBill(freelancer, [12_000]);
    const transaction = await startTransaction(freelancer, bill);

    const page = await (await browser.get(PAGE)).text();
    expect(page).toContain(escapeHtml(t.awaitingBills(`1 ${t.awaitingBillForms.one}`)));
    const disconnect = await browser.post(PAGE, { intent: "disconnect", currentPassword: user.password });
    expect(disconnect.status).toBe(302);
    expect(await connectionRow(user.id)).toBeNull();

    const paid = await payInSandbox(transaction.transactionId, { scenario: "exact", deliver: "now" });
    expect(paid.body).toBe("TRUE");
    expect((await billRow(bill.billId)).status).toBe("paid");
    expect(await paymentRows(user.id)).toHaveLength(1);
  });

  it("rejects a transaction of another connection at an archived key", async () => {
    const merchant = await createSandboxMerchant();
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, merchant))).status).toBe(302);
    const first = await freelancerOf(user, merchant);
    expect((await browser.post(PAGE, { intent: "disconnect", currentPassword: user.password })).status).toBe(302);
    // Reconnecting the same merchant makes a new connection with a new key.
    expect((await browser.post(PAGE, saveForm(user.password, merchant))).status).toBe(302);
    const second = await freelancerOf(user, merchant);
    expect(second.connectionId).not.toBe(first.connectionId);
    const bill = await createAwaitingBill(second, [5_000]);
    const transaction = await startTransaction(second, bill);

    // Signed and correct for the merchant, but sent to the archived connection's address.
    const notification = await signedNotification(first.notificationUrl, await paymentFields(transaction, merchant));
    expect(await postNotification(first.notificationUrl, notification.body, notification.headers)).toEqual({
      status: 400,
      text: "FALSE - transaction belongs to another connection",
    });
    expect(await postNotification(second.notificationUrl, notification.body, notification.headers)).toEqual({ status: 200, text: "TRUE" });
  });
});

describe("wrong security code", () => {
  it("warns once, shows the warning and clears it after a new save", async () => {
    const merchant = await createSandboxMerchant();
    const { browser, user } = await loggedInBrowser();
    // Tpay's token check does not use the security code, so a wrong one is accepted at save.
    const wrong = { ...merchant, securityCode: "wrong-security-code" };
    expect((await browser.post(PAGE, saveForm(user.password, wrong))).status).toBe(302);
    const freelancer = await freelancerOf(user, merchant);
    const bills = [await createAwaitingBill(freelancer, [1_000]), await createAwaitingBill(freelancer, [2_000])];
    const transactions = [await startTransaction(freelancer, bills[0]), await startTransaction(freelancer, bills[1])];

    const first = await payInSandbox(transactions[0].transactionId, { scenario: "exact", deliver: "now" });
    expect(first.body).toBe("FALSE - invalid md5sum");
    const failedAt = (await connectionRow(user.id))?.md5FailedAt;
    expect(failedAt).not.toBeNull();
    const second = await payInSandbox(transactions[1].transactionId, { scenario: "exact", deliver: "now" });
    expect(second.body).toBe("FALSE - invalid md5sum");
    expect((await connectionRow(user.id))?.md5FailedAt! >= failedAt!).toBe(true);

    const problems = await notificationsOf(user.id, "payment_problem");
    expect(problems).toHaveLength(1);
    expect(JSON.parse(problems[0].data).reason).toBe(t.md5FailedReason);
    expect(await activityOf(user.id, "tpay.md5_failed")).toHaveLength(1);
    expect((await billRow(bills[0].billId)).status).toBe("awaiting_payment");

    const warned = await (await browser.get(PAGE)).text();
    expect(warned).toContain('data-testid="tpay-md5-failed"');
    expect(warned).toContain(escapeHtml(t.md5Warning));

    // The same merchant with the right code: updated in place, warning cleared.
    expect((await browser.post(PAGE, saveForm(user.password, merchant))).status).toBe(302);
    const saved = await connectionRow(user.id);
    expect(saved?.id).toBe(freelancer.connectionId);
    expect(saved?.md5FailedAt).toBeNull();
    expect(await (await browser.get(PAGE)).text()).not.toContain('data-testid="tpay-md5-failed"');

    // Tpay sends the notification again; now it verifies and pays the bill.
    const redelivered = await sandboxPost(`/__sim/notifications/${first.notificationId}/redeliver`, {});
    expect(((await redelivered.json()) as { body: string }).body).toBe("TRUE");
    expect((await billRow(bills[0].billId)).status).toBe("paid");
  });

  it("does not warn for a notification of another merchant", async () => {
    const merchant = await createSandboxMerchant();
    const other = await createSandboxMerchant();
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, merchant))).status).toBe(302);
    const freelancer = await freelancerOf(user, merchant);
    const bill = await createAwaitingBill(freelancer, [1_000]);
    const transaction = await startTransaction(freelancer, bill);

    const notification = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, other));
    expect(await postNotification(freelancer.notificationUrl, notification.body, notification.headers)).toEqual({
      status: 400,
      text: "FALSE - invalid md5sum",
    });
    expect((await connectionRow(user.id))?.md5FailedAt).toBeNull();
    expect(await notificationsOf(user.id, "payment_problem")).toEqual([]);
  });
});

describe("test-mode notification", () => {
  it("marks the transaction so reconciliation skips it", async () => {
    // A sandbox connection accepts test_mode=1; the route rejects it only on production, which
    // test/tpay-notifications.test.ts drives with a stand-in for Tpay's certificate server.
    const merchant = await createSandboxMerchant();
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, merchant))).status).toBe(302);
    const freelancer = await freelancerOf(user, merchant);
    const transaction = await startTransaction(freelancer, await createAwaitingBill(freelancer, [1_000]));

    await markTpayTransactionTestMode(db, transaction.id, new Date("2026-05-01T10:00:00.000Z"));
    await markTpayTransactionTestMode(db, transaction.id, new Date("2026-05-02T10:00:00.000Z"));
    const [row] = await db.select().from(tpayTransactions).where(eq(tpayTransactions.id, transaction.id));
    expect(row.testModeAt).toBe("2026-05-01T10:00:00.000Z");
  });
});

describe("payments settings in production", () => {
  const productionEnv = { ...env, ENVIRONMENT: "production" } as Env;

  function productionContext(): AppLoadContext {
    return { cloudflare: { env: productionEnv, ctx: createExecutionContext() }, db, cspNonce: "test", tpayFetch: appTpayFetch() };
  }

  /** Builds a request with the browser's session under the production cookie name. */
  function productionRequest(browser: Browser, init: RequestInit = {}): Request {
    const cookie = browser.cookieHeader().replace(/(^|; )klamp_session=/, "$1__Host-klamp_session=");
    const headers = new Headers(init.headers);
    headers.set("Cookie", cookie);
    return new Request(`${ORIGIN}${PAGE}`, { ...init, headers });
  }

  it("offers and accepts only the production environment", async () => {
    const requested = blockOutsideNetwork();
    const { browser, user } = await loggedInBrowser();

    const page = await loader({ request: productionRequest(browser), context: productionContext(), params: {} });
    const data = await page.json();
    expect(data.environments).toEqual(["production"]);
    expect(data.defaultEnvironment).toBe("production");
    expect(data.sandboxPath).toBeNull();

    const body = new URLSearchParams(saveForm(user.password, DEMO, "sandbox"));
    const response = await action({
      request: productionRequest(browser, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      context: productionContext(),
      params: {},
    });
    expect((response as Response).status).toBe(400);
    const reply = (await (response as Response).json()) as { result: { error: Record<string, string[]> } };
    expect(reply.result.error.environment).toEqual([t.environmentProductionOnly]);
    expect(requested).toEqual([]);
    expect(await connectionRow(user.id)).toBeNull();

    // Outside production both are offered.
    const development = await loader({
      request: new Request(`${ORIGIN}${PAGE}`, { headers: { Cookie: browser.cookieHeader() } }),
      context: { ...productionContext(), cloudflare: { env, ctx: createExecutionContext() } },
      params: {},
    });
    expect((await development.json()).environments).toEqual(["sandbox", "production"]);
  });
});

describe("merchant connected to another account", () => {
  it("warns both accounts without naming the other", async () => {
    const merchant = await createSandboxMerchant();
    const first = await loggedInBrowser({ name: "Pierwsza Właścicielka" });
    const second = await loggedInBrowser({ name: "Drugi Właściciel" });
    expect((await first.browser.post(PAGE, saveForm(first.user.password, merchant))).status).toBe(302);
    expect(await (await first.browser.get(PAGE)).text()).not.toContain('data-testid="tpay-shared-merchant"');

    const response = await second.browser.post(PAGE, saveForm(second.user.password, merchant));
    expect(response.status).toBe(302);
    const { html } = await followRedirect(second.browser, response);
    expect(html).toContain(escapeHtml(t.connected));
    expect(html).toContain(escapeHtml(t.sharedMerchantWarning));
    expect(html).not.toContain(first.user.email);
    expect(html).not.toContain("Pierwsza Właścicielka");
    expect(await connectionRow(second.user.id)).not.toBeNull();
    expect(await (await first.browser.get(PAGE)).text()).toContain('data-testid="tpay-shared-merchant"');

    // Only current connections count: after the first account disconnects, the warning goes.
    expect((await first.browser.post(PAGE, { intent: "disconnect", currentPassword: first.user.password })).status).toBe(302);
    expect(await (await second.browser.get(PAGE)).text()).not.toContain('data-testid="tpay-shared-merchant"');
  });
});

describe("purging archived connections", () => {
  const DAY_MS = 24 * 3_600_000;

  async function insertConnection(userId: string, disconnectedAt: string | null) {
    const now = new Date().toISOString();
    const [row] = await db
      .insert(tpayConnections)
      .values({
        userId,
        notifyKey: crypto.randomUUID().replaceAll("-", ""),
        environment: "sandbox",
        merchantId: "12345",
        clientIdHint: "12345-…cdef",
        credentials: await sealTpayCredentials(env, userId, DEMO),
        status: "verified",
        checkedAt: now,
        disconnectedAt,
        updatedAt: now,
      })
      .returning();
    return row;
  }

  async function insertTransaction(userId: string, connectionId: string, status: "pending" | "paid") {
    const [row] = await db
      .insert(tpayTransactions)
      .values({
        id: crypto.randomUUID(),
        userId,
        purpose: "bill",
        account: "freelancer",
        connectionId,
        environment: "sandbox",
        merchantId: "12345",
        transactionId: `ta_${crypto.randomUUID().slice(0, 16)}`,
        title: `TR-TST-${crypto.randomUUID().slice(0, 7).toUpperCase()}`,
        crc: `b_${crypto.randomUUID()}`,
        amount: 1_000,
        paymentUrl: `${ORIGIN}/tpay-sandbox/pay/x`,
        status,
        updatedAt: new Date().toISOString(),
      })
      .returning();
    return row;
  }

  it("removes credentials only when old and settled", async () => {
    const user = await createActiveUser();
    const now = new Date();
    const old = new Date(now.getTime() - 31 * DAY_MS).toISOString();
    const settled = await insertConnection(user.id, old);
    await insertTransaction(user.id, settled.id, "paid");
    const stillPending = await insertConnection(user.id, old);
    const pending = await insertTransaction(user.id, stillPending.id, "pending");
    const recent = await insertConnection(user.id, new Date(now.getTime() - 10 * DAY_MS).toISOString());
    const current = await insertConnection(user.id, null);

    await purgeArchivedTpayConnections(db, now);
    const rows = new Map((await connectionRows(user.id)).map((row) => [row.id, row]));
    expect(rows.get(settled.id)?.credentials).toBe("");
    for (const kept of [stillPending, recent, current]) expect(rows.get(kept.id)?.credentials).toBe(kept.credentials);

    // A purged connection no longer loads, so its notifications go to an unknown address.
    expect(await loadTpayConnectionById(db, env, settled.id)).toBeNull();
    expect(await findTpayConnectionByNotifyKey(db, env, settled.notifyKey)).toBeNull();
    const url = tpayNotificationUrl(env, settled.notifyKey);
    const notification = await signedNotification(url, await paymentFields(pending, { merchantId: "12345", securityCode: DEMO.securityCode }));
    expect(await postNotification(url, notification.body, notification.headers)).toEqual({ status: 400, text: "FALSE - unknown notification address" });

    // Once the pending transaction is settled, the next run purges its connection too.
    await db.update(tpayTransactions).set({ status: "cancelled" }).where(eq(tpayTransactions.id, pending.id));
    await purgeArchivedTpayConnections(db, now);
    expect((await connectionRows(user.id)).find((row) => row.id === stillPending.id)?.credentials).toBe("");
    expect((await connectionRows(user.id)).find((row) => row.id === current.id)?.credentials).toBe(current.credentials);
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

  it("keeps disconnecting possible after many checks", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post(PAGE, saveForm(user.password, DEMO))).status).toBe(302);
    for (let attempt = 0; attempt < 10; attempt++) await browser.post(PAGE, { intent: "check" });
    const { html } = await followRedirect(browser, await browser.post(PAGE, { intent: "check" }));
    expect(html).toContain(escapeHtml(t.tooManyAttempts));

    const response = await browser.post(PAGE, { intent: "disconnect", currentPassword: user.password });
    expect(response.status).toBe(302);
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
    expect(describeActivity({ action: "tpay.md5_failed", data: { merchantId: "12345", environment: "sandbox" } })).toEqual([
      t.activity.md5Failed("12345"),
    ]);
  });
});
