import { env } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  billItems,
  bills,
  dataExports,
  emailOutbox,
  notificationDigests,
  notificationPrefs,
  notifications,
  payments,
  r2Purges,
  rateLimits,
  reports,
  retainedRecords,
  subscriptionOrders,
  tasks,
  tpayConnections,
  tpayTransactions,
  users,
} from "~/db/schema";
import { accountDeletionText as t, auth } from "~/i18n/pl";
import { accountObjectPrefixes, deleteAccount, purgeExpiredRetainedRecords } from "~/models/account-deletion.server";
import { createFixRequest } from "~/models/fix-requests.server";
import { updateProfile } from "~/models/profile.server";
import { storeReportLogo } from "~/models/report-settings.server";
import { issueShareToken } from "~/models/share.server";
import { sealTpayCredentials } from "~/models/tpay-connections.server";
import { randomId, randomToken, sha256Hex } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { escapeHtml } from "~/utils/html";
import { runScheduledMaintenance } from "../workers/scheduled";
import { alerts, requestPin } from "./account-helpers";
import { Browser, db, linkFrom, loggedInBrowser, uniqueEmail } from "./helpers";
import { makeClient, makeProject, makeTask, visibleText } from "./project-helpers";
import { appTpayFetch, waitUntil } from "./tpay-payment-helpers";

// "Usuń konto" through the real Worker, D1, R2 and queues. A full account is seeded, deleted with
// its password and checked table by table. The scheduled job then removes its R2 objects, the
// goodbye e-mail's outbox row and, once their day has passed, the retained payment records.

const DELETE_PATH = "/settings/data/delete";
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PDF_BYTES = new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
/** Returns the instant `hours` from now; two hours is past R2_PURGE_SETTLE_MS, so emptied purge rows can go. */
const hoursLater = (hours: number) => new Date(Date.now() + hours * 3_600_000);

interface Account {
  browser: Browser;
  user: { id: string; email: string; password: string; name: string; company: string };
  projectIds: string[];
  shareToken: string;
  /** The R2 keys of the account's objects: project files, a report PDF, the logo, an export ZIP. */
  objectKeys: string[];
  /** Ids of the account's clients, projects, tasks and bills, which rows without a user_id column reference. */
  ownedIds: string[];
}

/** Returns a name and a company no other test uses, so a scan for them finds only this account's rows. */
function uniqueIdentity(label: string) {
  const tag = randomToken(6).replace(/[^A-Za-z0-9]/g, "x");
  return { name: `Zażółć ${label} ${tag}`, company: `Źdźbło ${label} ${tag} Sp. z o.o.` };
}

function uploadForm(text: string, name: string): FormData {
  const form = new FormData();
  form.append("intent", "upload");
  form.append("file", new File([text], name, { type: "text/plain" }));
  return form;
}

/** Lists the keys under a prefix of the files bucket. */
async function keysUnder(prefix: string): Promise<string[]> {
  return (await env.FILES.list({ prefix })).objects.map((object) => object.key);
}

/**
 * Inserts a paid subscription order, its platform Tpay transaction and the payment, as a paid
 * subscription leaves them. `paidAt` is a UTC ISO instant.
 */
async function insertSubscriptionPayment(userId: string, paidAt: string, plan = "yearly") {
  const orderId = randomId();
  const transactionRowId = randomId();
  const title = `TR-${randomToken(8)}`;
  await db.insert(subscriptionOrders).values({
    id: orderId,
    userId,
    plan,
    months: 12,
    amount: 49_900,
    status: "paid",
    periodStart: paidAt,
    periodEnd: new Date(Date.parse(paidAt) + 365 * 86_400_000).toISOString(),
    paidAt,
    createdAt: paidAt,
    updatedAt: paidAt,
  });
  await db.insert(tpayTransactions).values({
    id: transactionRowId,
    userId,
    purpose: "subscription",
    subscriptionOrderId: orderId,
    account: "platform",
    environment: "sandbox",
    merchantId: "01234",
    transactionId: `01K${randomToken(8)}`,
    title,
    crc: `s_${randomToken(12)}`,
    amount: 49_900,
    paymentUrl: "https://secure.sandbox.tpay.com/?title=x",
    status: "paid",
    updatedAt: paidAt,
  });
  const paymentId = randomId();
  await db.insert(payments).values({
    id: paymentId,
    userId,
    purpose: "subscription",
    subscriptionOrderId: orderId,
    method: "tpay",
    tpayTransactionId: transactionRowId,
    environment: "sandbox",
    providerTitle: title,
    amount: 49_900,
    expectedAmount: 49_900,
    status: "applied",
    paidAt,
  });
  return { orderId, paymentId, title };
}

/** Seeds a logged-in freelancer with a project, a task, one uploaded file and one subscription payment. */
async function seedSmallAccount(label: string): Promise<Account> {
  const identity = uniqueIdentity(label);
  const { browser, user } = await loggedInBrowser({ name: identity.name });
  const project = await makeProject(user.id);
  await makeTask(user.id, project.id);
  const shareToken = await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id, null);
  if (!shareToken) throw new Error("sharing could not be enabled");
  const upload = await browser.fetch(`/projects/${project.id}/files`, { method: "POST", body: uploadForm("Notatki Łąka", "notatki.txt") });
  expect(upload.status).toBe(302);
  await insertSubscriptionPayment(user.id, "2026-03-15T10:00:00.000Z");
  return {
    browser,
    user: { ...user, ...identity },
    projectIds: [project.id],
    shareToken,
    objectKeys: await keysUnder(`projects/${project.id}/`),
    ownedIds: await ownedIds(user.id),
  };
}

/**
 * Seeds an account with a row in every table a freelancer can fill. It has a profile, clients,
 * projects, tasks, the client link, an invitation, messages, a fix request and files of both
 * sides. It also has a report PDF, the logo, a Tpay connection with a client's paid bill, two
 * subscription payments, notifications with their settings and digest, and an export ZIP. A
 * second session, a PIN and an e-mail change request add their e-mails and rate-limit counters.
 */
async function seedFullAccount(label: string): Promise<Account> {
  const account = await seedSmallAccount(label);
  const { browser, user } = account;
  const [firstProjectId] = account.projectIds;
  const clientEmail = uniqueEmail("klient");

  await updateProfile(db, user.id, {
    name: user.name,
    company: user.company,
    nip: "5252445767",
    address: "ul. Łąkowa 1, 00-001 Łódź",
    bankAccount: "",
    budgetWarningPercent: 10,
  });
  const client = await makeClient(user.id, { name: "Łukasz Żółć", email: clientEmail });
  const secondProject = await makeProject(user.id, { clientId: client.id, name: "Aplikacja mobilna" });
  const task = await makeTask(user.id, secondProject.id, { name: "Ekran logowania", amount: 80_000 });

  const invited = await browser.post(`/projects/${firstProjectId}/invitations`, { intent: "send", email: clientEmail, name: "Łukasz Żółć", message: "" });
  expect(invited.status).toBe(302);
  expect((await browser.post(`/projects/${firstProjectId}/messages`, { body: "Dzień dobry, wysyłam projekt." })).status).toBe(302);
  const clientBrowser = new Browser();
  expect((await clientBrowser.post(`/p/${account.shareToken}/messages`, { body: "Dziękuję, sprawdzę." })).status).toBe(302);
  const clientUpload = await clientBrowser.fetch(`/p/${account.shareToken}/files`, { method: "POST", body: uploadForm("Uwagi klienta", "uwagi.txt") });
  expect(clientUpload.status).toBe(302);
  await createFixRequest(db, env.EMAIL_QUEUE, { id: firstProjectId, userId: user.id, name: "Strona internetowa" }, {
    title: "Popraw logo",
    description: "Logo jest rozmazane.",
  });

  const reportId = randomId();
  const reportKey = `reports/${user.id}/${reportId}.pdf`;
  await env.FILES.put(reportKey, PDF_BYTES);
  const now = new Date().toISOString();
  await db.insert(reports).values({
    id: reportId,
    userId: user.id,
    projectId: firstProjectId,
    periodStart: "2026-11-01",
    periodEnd: "2026-11-30",
    status: "ready",
    attempts: 1,
    r2Key: reportKey,
    size: PDF_BYTES.length,
    pageCount: 1,
    taskCount: 1,
    generatedAt: now,
    updatedAt: now,
  });
  await storeReportLogo(db, env.FILES, { userId: user.id, bytes: PNG_BYTES, contentType: "image/png" });

  const [connection] = await db
    .insert(tpayConnections)
    .values({
      userId: user.id,
      notifyKey: randomToken(24),
      environment: "sandbox",
      merchantId: "01234",
      clientIdHint: "01234-…",
      credentials: await sealTpayCredentials(env, user.id, { clientId: "01234-abc", clientSecret: "sekret", securityCode: "kod" }),
      status: "verified",
      checkedAt: now,
      updatedAt: now,
    })
    .returning({ id: tpayConnections.id });
  const billId = randomId();
  const paymentId = randomId();
  await db.insert(bills).values({
    id: billId,
    userId: user.id,
    projectId: secondProject.id,
    number: 1,
    createdBy: "client",
    status: "paid",
    total: 80_000,
    recipientEmail: clientEmail,
    paidVia: "tpay",
    paidPaymentId: paymentId,
    paidAt: now,
    updatedAt: now,
  });
  await db.insert(billItems).values({ id: randomId(), billId, taskId: task.id, name: "Ekran logowania", amount: 80_000, taskVersion: 1, position: 0 });
  const billTransactionId = randomId();
  await db.insert(tpayTransactions).values({
    id: billTransactionId,
    userId: user.id,
    purpose: "bill",
    billId,
    account: "freelancer",
    connectionId: connection.id,
    environment: "sandbox",
    merchantId: "01234",
    transactionId: `01K${randomToken(8)}`,
    title: `TR-${randomToken(8)}`,
    crc: `b_${randomToken(12)}`,
    amount: 80_000,
    paymentUrl: "https://secure.sandbox.tpay.com/?title=y",
    status: "paid",
    updatedAt: now,
  });
  await db.insert(payments).values({
    id: paymentId,
    userId: user.id,
    purpose: "bill",
    projectId: secondProject.id,
    billId,
    method: "tpay",
    tpayTransactionId: billTransactionId,
    environment: "sandbox",
    providerTitle: `TR-${randomToken(8)}`,
    amount: 80_000,
    expectedAmount: 80_000,
    status: "applied",
    paidAt: now,
  });
  await db.update(tasks).set({ payment: "paid", paidVia: "tpay", paidAt: now }).where(eq(tasks.id, task.id));
  // The second payment is at 00:30 on 1 January 2027 in Warsaw, so its record counts from 2027.
  await insertSubscriptionPayment(user.id, "2026-12-31T23:30:00.000Z", "monthly");

  await db.insert(notifications).values({ id: randomId(), userId: user.id, projectId: firstProjectId, type: "message", data: "{}", emailState: "none", createdAt: now });
  await db.insert(notificationPrefs).values({ userId: user.id, type: "file", inFeed: true, email: "digest", updatedAt: now });
  await db.insert(notificationDigests).values({ userId: user.id, day: "2026-11-30", outboxId: null });

  const exportId = randomId();
  const exportKey = `exports/${user.id}/${exportId}.zip`;
  await env.FILES.put(exportKey, new Uint8Array([0x50, 0x4b, 0x05, 0x06]));
  await db.insert(dataExports).values({ id: exportId, userId: user.id, status: "ready", r2Key: exportKey, size: 4, fileCount: 0, readyAt: now, updatedAt: now });

  const secondSession = new Browser();
  expect((await secondSession.post("/login", { email: user.email, password: user.password })).status).toBe(302);
  expect((await new Browser().post("/forgot-password", { email: user.email })).status).toBe(302);
  const emailChange = await browser.post("/settings/profile", { intent: "email", newEmail: uniqueEmail("nowy"), password: user.password });
  expect(emailChange.status).toBe(302);

  await settleEmails(user.id);
  return {
    ...account,
    projectIds: [firstProjectId, secondProject.id],
    ownedIds: await ownedIds(user.id),
    objectKeys: [
      ...(await keysUnder(`projects/${firstProjectId}/`)),
      ...(await keysUnder(`projects/${secondProject.id}/`)),
      ...(await keysUnder(`reports/${user.id}/`)),
      ...(await keysUnder(`report-logos/${user.id}/`)),
      ...(await keysUnder(`exports/${user.id}/`)),
    ],
  };
}

/** Reads the ids of the account's clients, projects, tasks and bills. */
async function ownedIds(userId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const table of ["clients", "projects", "tasks", "bills"]) {
    const { results } = await env.DB.prepare(`SELECT id FROM "${table}" WHERE user_id = ?`).bind(userId).all<{ id: string }>();
    ids.push(...results.map((row) => row.id));
  }
  return ids;
}

/**
 * Waits until the queue consumers have handled every e-mail and notification of the account, so
 * that no delivery still in flight writes a row after the deletion.
 */
async function settleEmails(userId: string) {
  await waitUntil(
    async () => ({
      outbox: await db.select({ status: emailOutbox.status }).from(emailOutbox).where(eq(emailOutbox.userId, userId)),
      pending: await db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.emailState, "pending"))),
    }),
    ({ outbox, pending }) => outbox.every((row) => row.status === "sent") && pending.length === 0,
    // A generous timeout: the queue consumers run alongside the other test workers.
    30_000,
  );
}

/** Names of the app's tables in D1, without SQLite's, D1's and the migration tables. */
async function appTables(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  return results.map((row) => row.name);
}

/** Returns, per table, every row that has one of the needles in any column, as JSON text. */
async function rowsMentioning(needles: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const table of await appTables()) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${table}"`).all<Record<string, unknown>>();
    const matches = results
      .filter((row) => Object.values(row).some((value) => value !== null && needles.some((needle) => String(value).includes(needle))))
      .map((row) => JSON.stringify(row))
      .sort();
    if (matches.length > 0) found[table] = matches;
  }
  return found;
}

function identityNeedles(user: Account["user"]): string[] {
  return [user.id, user.email, user.name, user.company];
}

function postDeletion(browser: Browser, password: string) {
  return browser.post(DELETE_PATH, { password });
}

async function userExists(userId: string): Promise<boolean> {
  return (await db.select({ id: users.id }).from(users).where(eq(users.id, userId))).length > 0;
}

async function goodbyeOutbox(email: string) {
  return db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.template, "account_deleted")));
}

describe("deleting a full account with its password", () => {
  let account: Account;
  let other: Account;
  let before: Record<string, string[]>;
  let ownedBefore: Record<string, string[]>;
  let otherBefore: Record<string, string[]>;
  let response: Response;

  // The tests below read the state this deletion left and run in file order: the scheduled job
  // runs in the last ones, and the address is registered again at the end.
  beforeAll(async () => {
    account = await seedFullAccount("Usuwana");
    other = await seedSmallAccount("Zostaje");
    before = await rowsMentioning(identityNeedles(account.user));
    ownedBefore = await rowsMentioning(account.ownedIds);
    otherBefore = await rowsMentioning(identityNeedles(other.user));
    response = await postDeletion(account.browser, account.user.password);
  }, 60_000);

  it("seed fills every account table", () => {
    for (const table of [
      "users", "sessions", "auth_tokens", "clients", "projects", "tasks", "activity", "email_outbox",
      "dev_mailbox", "invitations", "messages", "fix_requests", "files", "notifications", "notification_prefs",
      "notification_digests", "tpay_connections", "bills", "subscription_orders", "tpay_transactions", "payments",
      "reports", "report_settings", "data_exports", "rate_limits",
    ]) {
      expect(Object.keys(before), table).toContain(table);
    }
    // Rows without a user_id column, found by the ids of the account's projects, tasks and bills.
    for (const table of ["task_versions", "bill_items", "rate_limits"]) expect(Object.keys(ownedBefore), table).toContain(table);
    const objectPrefixes = [`projects/${account.projectIds[0]}/`, ...accountObjectPrefixes(account.user.id)];
    for (const prefix of objectPrefixes) expect(account.objectKeys.some((key) => key.startsWith(prefix)), prefix).toBe(true);
  });

  it("redirects to login, clears cookie", async () => {
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith("klamp_session=;") && /max-age=0/i.test(cookie))).toBe(true);
    const login = await account.browser.get("/login");
    expect(login.status).toBe(200);
    expect(visibleText(await login.text())).toContain(t.deleted);
  });

  it("leaves only retained and queued rows", async () => {
    const owned = await rowsMentioning(account.ownedIds);
    expect(Object.keys(owned)).toEqual(["r2_purges"]);
    const left = await rowsMentioning(identityNeedles(account.user));
    expect(Object.keys(left).sort()).toEqual(expect.arrayContaining(["r2_purges", "retained_records"]));
    for (const table of Object.keys(left)) expect(["dev_mailbox", "email_outbox", "r2_purges", "retained_records"], table).toContain(table);
    for (const row of left.email_outbox ?? []) expect(JSON.parse(row)).toMatchObject({ template: "account_deleted", user_id: null });
    for (const row of left.dev_mailbox ?? []) expect(JSON.parse(row)).toMatchObject({ subject: t.emailSubject });
  });

  it("queues every owned R2 prefix", async () => {
    const rows = await db.select().from(r2Purges);
    const prefixes = rows.map((row) => row.prefix);
    for (const projectId of account.projectIds) expect(prefixes).toContain(`projects/${projectId}/`);
    for (const prefix of accountObjectPrefixes(account.user.id)) expect(prefixes).toContain(prefix);
    expect(prefixes).not.toContain(`projects/${other.projectIds[0]}/`);
  });

  it("retains each subscription payment", async () => {
    const records = await db.select().from(retainedRecords).where(eq(retainedRecords.formerUserId, account.user.id));
    expect(records).toHaveLength(2);
    const byPlan = new Map(records.map((record) => [JSON.parse(record.data).order.plan as string, record]));
    expect(byPlan.get("yearly")?.retainUntil).toBe("2031-12-31");
    // Paid at 00:30 on 1 January 2027 in Warsaw (23:30 UTC the day before).
    expect(byPlan.get("monthly")?.retainUntil).toBe("2032-12-31");
    const data = JSON.parse(byPlan.get("yearly")?.data ?? "{}");
    expect(data).toMatchObject({
      paidAt: "2026-03-15T10:00:00.000Z",
      amount: 49_900,
      currency: "PLN",
      method: "tpay",
      status: "applied",
      order: { plan: "yearly", months: 12, amount: 49_900, status: "paid" },
      buyer: { name: account.user.name, email: account.user.email, company: account.user.company, nip: "5252445767", address: "ul. Łąkowa 1, 00-001 Łódź" },
    });
    expect(data.tpay.title).toMatch(/^TR-/);
    for (const record of records) expect(record.kind).toBe("subscription_payment");
  });

  it("ends every session of the account", async () => {
    for (const browser of [account.browser, new Browser()]) {
      const dashboard = await browser.get("/dashboard");
      expect(dashboard.status).toBe(302);
      expect(dashboard.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
    const sessions = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").bind(account.user.id).first<{ n: number }>();
    expect(sessions?.n).toBe(0);
  });

  it("stops the client link", async () => {
    const page = await new Browser().get(`/p/${account.shareToken}`);
    expect(page.status).toBe(404);
    const otherPage = await new Browser().get(`/p/${other.shareToken}`);
    expect(otherPage.status).toBe(200);
  });

  it("e-mails goodbye to old address", async () => {
    const [row] = await goodbyeOutbox(account.user.email);
    expect(row).toMatchObject({ userId: null, toName: null });
    expect(JSON.parse(row.data)).toEqual({ retainedPayments: 2 });
    const mail = await waitUntil(
      () => env.DB.prepare("SELECT subject, text FROM dev_mailbox WHERE to_address = ? AND subject = ?").bind(account.user.email, t.emailSubject).first<{ subject: string; text: string }>(),
      (found) => found !== null,
      15_000,
    );
    expect(mail?.text).toContain(t.emailIntro);
    expect(mail?.text).toContain(t.emailRetained("2 płatności"));
    expect(mail?.text).not.toContain(account.user.name);
  });

  it("login with deleted e-mail fails", async () => {
    const login = await new Browser().post("/login", { email: account.user.email, password: account.user.password });
    expect(login.status).toBe(400);
    expect(alerts(await login.text())).toEqual([auth.loginInvalid]);
  });

  it("leaves other account untouched", async () => {
    expect(await rowsMentioning(identityNeedles(other.user))).toEqual(otherBefore);
    for (const key of other.objectKeys) expect(await env.FILES.head(key), key).not.toBeNull();
  });

  it("scheduled job purges objects and goodbye", async () => {
    await waitUntil(() => goodbyeOutbox(account.user.email), (rows) => rows.every((row) => row.status === "sent"), 15_000);
    const ownPrefixes = [...account.projectIds.map((id) => `projects/${id}/`), ...accountObjectPrefixes(account.user.id)];
    // Each run lists at most R2_PURGE_PAGES_PER_RUN pages, shared with rows other tests left.
    for (let run = 0; run < 5; run++) {
      await runScheduledMaintenance(env, hoursLater(2), appTpayFetch());
      const rows = await db.select().from(r2Purges).where(inArray(r2Purges.prefix, ownPrefixes));
      if (rows.length === 0) break;
    }

    expect(await db.select().from(r2Purges).where(inArray(r2Purges.prefix, ownPrefixes))).toEqual([]);
    for (const key of account.objectKeys) expect(await env.FILES.head(key), key).toBeNull();
    for (const prefix of ownPrefixes) expect(await keysUnder(prefix), prefix).toEqual([]);
    for (const key of other.objectKeys) expect(await env.FILES.head(key), key).not.toBeNull();
    expect(await goodbyeOutbox(account.user.email)).toEqual([]);

    expect(await rowsMentioning(account.ownedIds)).toEqual({});
    const left = await rowsMentioning(identityNeedles(account.user));
    expect(Object.keys(left).sort()).toEqual(["dev_mailbox", "retained_records"]);
    expect(left.dev_mailbox.map((row) => JSON.parse(row).subject)).toEqual([t.emailSubject]);
  });

  it("address registers again as new account", async () => {
    const browser = new Browser();
    const registered = await browser.post("/register", { name: "Nowa Osoba", email: account.user.email, password: "nowe-haslo-1234567" });
    expect(registered.status).toBe(302);
    const [row] = await db.select().from(users).where(eq(users.email, account.user.email));
    expect(row.id).not.toBe(account.user.id);
    expect(row.status).toBe("pending");

    const mail = await waitUntil(
      () => env.DB.prepare("SELECT text FROM dev_mailbox WHERE to_address = ? AND subject = 'Aktywuj konto w Klamp'").bind(account.user.email).first<{ text: string }>(),
      (found) => found !== null,
      15_000,
    );
    const activated = await browser.post(linkFrom(mail?.text ?? "", "/activate/"), { password: "nowe-haslo-1234567" });
    expect(activated.status).toBe(302);
    const login = await browser.post("/login", { email: account.user.email, password: "nowe-haslo-1234567" });
    expect(login.status).toBe(302);
    const dashboard = await browser.get("/dashboard");
    expect(dashboard.status).toBe(200);
  });
});

describe("account deletion rejected", () => {
  it("deletes nothing for a wrong password", async () => {
    const account = await seedSmallAccount("Błędne");
    const rateKey = `account_deletion:account:${account.user.id}`;
    const withoutRateLimits = (rows: Record<string, string[]>) => ({ ...rows, rate_limits: undefined });
    const before = await rowsMentioning(identityNeedles(account.user));

    const response = await postDeletion(account.browser, "to-nie-jest-haslo");
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(t.passwordWrong);

    expect(withoutRateLimits(await rowsMentioning(identityNeedles(account.user)))).toEqual(withoutRateLimits(before));
    const [counter] = await db.select().from(rateLimits).where(eq(rateLimits.key, rateKey));
    expect(counter.count).toBe(1);
    for (const key of account.objectKeys) expect(await env.FILES.head(key)).not.toBeNull();
    expect((await account.browser.get("/dashboard")).status).toBe(200);
  });

  it("rate limits password attempts per account", async () => {
    const account = await seedSmallAccount("Limit");
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await postDeletion(account.browser, `zle-haslo-${attempt}`)).status).toBe(400);
    }
    const limited = await postDeletion(account.browser, account.user.password);
    expect(limited.status).toBe(429);
    expect(visibleText(await limited.text())).toContain(t.tooManyAttempts);
    expect(await userExists(account.user.id)).toBe(true);
  });

  it("rejects a missing password", async () => {
    const account = await seedSmallAccount("Puste");
    const response = await postDeletion(account.browser, "");
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(auth.passwordMissing);
    expect(await userExists(account.user.id)).toBe(true);
  });

  it("sends visitor without session to login", async () => {
    const account = await seedSmallAccount("Gość");
    const response = await new Browser().post(DELETE_PATH, { password: account.user.password });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(DELETE_PATH)}`);
    expect(await userExists(account.user.id)).toBe(true);
  });

  it("rejects a PIN session", async () => {
    const account = await seedSmallAccount("PIN");
    const { link, pin } = await requestPin(account.user.email);
    const browser = new Browser();
    expect((await browser.post(link, { pin })).status).toBe(302);
    expect((await browser.post("/login", { email: account.user.email, password: pin })).status).toBe(302);

    const page = await browser.get(DELETE_PATH);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(visibleText(html)).toContain(t.pinSession);
    expect(html).not.toContain(escapeHtml(t.submit));

    const response = await postDeletion(browser, account.user.password);
    expect(response.status).toBe(403);
    expect(visibleText(await response.text())).toContain(t.pinSession);
    expect(await userExists(account.user.id)).toBe(true);
  });
});

describe("account deletion page", () => {
  it("lists deletions, GET changes nothing", async () => {
    const account = await seedSmallAccount("Strona");
    const before = await rowsMentioning(identityNeedles(account.user));

    const page = await account.browser.get(DELETE_PATH);
    expect(page.status).toBe(200);
    const text = visibleText(await page.text());
    expect(text).toContain(t.irreversible);
    for (const item of t.deletedItems) expect(text).toContain(item);
    expect(text).toContain(t.clientLinks);
    expect(text).toContain(t.keptText);
    expect(text).toContain(t.keptCount(1));
    expect(text).toContain(t.exportLink);
    expect(text).toContain(t.confirmText(account.user.email));
    expect(text).toContain(t.submit);

    expect(await rowsMentioning(identityNeedles(account.user))).toEqual(before);
  });

  it("keeps nothing without subscription payments", async () => {
    const { browser } = await loggedInBrowser();
    const text = visibleText(await (await browser.get(DELETE_PATH)).text());
    expect(text).toContain(t.keptNone);
  });
});

describe("account deletion edge cases", () => {
  it("lets a read-only account delete itself", async () => {
    const account = await seedSmallAccount("Odczyt");
    await db.update(users).set({ trialEndsAt: new Date(Date.now() - 86_400_000).toISOString() }).where(eq(users.id, account.user.id));
    const response = await postDeletion(account.browser, account.user.password);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
    expect(await userExists(account.user.id)).toBe(false);
  });

  it("concurrent double submit deletes once", async () => {
    const account = await seedSmallAccount("Dwa");
    const responses = await Promise.all([postDeletion(account.browser, account.user.password), postDeletion(account.browser, account.user.password)]);
    for (const response of responses) {
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login/);
    }
    expect(await userExists(account.user.id)).toBe(false);
    expect(await db.select().from(retainedRecords).where(eq(retainedRecords.formerUserId, account.user.id))).toHaveLength(1);
    expect(await goodbyeOutbox(account.user.email)).toHaveLength(1);
  });

  it("D1 enforces foreign keys", async () => {
    const { user } = await loggedInBrowser();
    const now = new Date().toISOString();
    const orphan = db.insert(tasks).values({
      id: randomId(),
      projectId: randomId(),
      userId: user.id,
      name: "Bez projektu",
      amount: 100,
      requiresAcceptance: false,
      acceptance: "not_required",
      position: 0,
      updatedAt: now,
    });
    const error = await orphan.then(
      () => null,
      (failure: unknown) => failure,
    );
    // drizzle wraps D1's error; D1's own message is the cause.
    expect(String(error instanceof Error ? error.cause : error)).toMatch(/FOREIGN KEY constraint failed/);
  });
});

describe("retained records clean-up", () => {
  it("removes record after Warsaw retain_until day", async () => {
    const id = randomId();
    await db.insert(retainedRecords).values({ id, kind: "subscription_payment", formerUserId: randomId(), data: "{}", retainUntil: "2031-12-31" });

    // 23:30 on 31 December 2031 in Warsaw: the last day of the record.
    expect(await purgeExpiredRetainedRecords(db, new Date("2031-12-31T22:30:00.000Z"))).toBe(0);
    expect(await db.select().from(retainedRecords).where(eq(retainedRecords.id, id))).toHaveLength(1);

    // 00:30 on 1 January 2032 in Warsaw, still 31 December in UTC.
    await runScheduledMaintenance(env, new Date("2031-12-31T23:30:00.000Z"), appTpayFetch());
    expect(await db.select().from(retainedRecords).where(eq(retainedRecords.id, id))).toEqual([]);
  });
});

/** Inserts a pending Tpay transaction of a subscription order for the account. */
async function insertPendingSubscriptionPayment(userId: string): Promise<void> {
  const now = new Date().toISOString();
  const orderId = randomId();
  await db.insert(subscriptionOrders).values({
    id: orderId,
    userId,
    plan: "monthly",
    months: 1,
    amount: 4_900,
    status: "pending",
    updatedAt: now,
  });
  await db.insert(tpayTransactions).values({
    id: randomId(),
    userId,
    purpose: "subscription",
    subscriptionOrderId: orderId,
    account: "platform",
    environment: "sandbox",
    merchantId: "01234",
    transactionId: `01K${randomToken(8)}`,
    title: `TR-${randomToken(8)}`,
    crc: `s_${randomToken(12)}`,
    amount: 4_900,
    paymentUrl: "https://secure.sandbox.tpay.com/?title=x",
    status: "pending",
    updatedAt: now,
  });
}

describe("account deletion with a subscription payment open at Tpay", () => {
  it("rejects and deletes nothing", async () => {
    const account = await seedSmallAccount("Płatność");
    const started = await account.browser.post("/settings/subscription", { plan: "monthly" });
    expect(started.status).toBe(303);
    const [open] = await db
      .select()
      .from(tpayTransactions)
      .where(and(eq(tpayTransactions.userId, account.user.id), eq(tpayTransactions.status, "pending")));
    expect(open?.purpose).toBe("subscription");
    const before = await rowsMentioning(identityNeedles(account.user));

    const response = await postDeletion(account.browser, account.user.password);
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(t.paymentInProgress);

    const withoutRateLimits = (rows: Record<string, string[]>) => ({ ...rows, rate_limits: undefined });
    expect(withoutRateLimits(await rowsMentioning(identityNeedles(account.user)))).toEqual(withoutRateLimits(before));
    for (const key of account.objectKeys) expect(await env.FILES.head(key)).not.toBeNull();
    expect((await account.browser.get("/dashboard")).status).toBe(200);

    // Once the payment is settled, the deletion goes through.
    await db.update(tpayTransactions).set({ status: "cancelled" }).where(eq(tpayTransactions.id, open.id));
    expect((await postDeletion(account.browser, account.user.password)).status).toBe(302);
    expect(await userExists(account.user.id)).toBe(false);
  });

  it("batch rejects a late payment", async () => {
    const account = await seedSmallAccount("Wyścig");
    // The payment opens between deleteAccount's check and its batch: the batch itself must refuse.
    const racing = new Proxy(db, {
      get(target, property) {
        if (property === "batch") {
          return async (statements: Parameters<typeof db.batch>[0]) => {
            await insertPendingSubscriptionPayment(account.user.id);
            return target.batch(statements);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const outcome = await deleteAccount({ db: racing, emailQueue: env.EMAIL_QUEUE }, { userId: account.user.id, password: account.user.password });
    expect(outcome.status).toBe("payment_in_progress");
    expect(await userExists(account.user.id)).toBe(true);
    const purges = await db.select().from(r2Purges).where(inArray(r2Purges.prefix, accountObjectPrefixes(account.user.id)));
    expect(purges).toEqual([]);
    expect(await db.select().from(retainedRecords).where(eq(retainedRecords.formerUserId, account.user.id))).toEqual([]);
    expect(await goodbyeOutbox(account.user.email)).toEqual([]);
    for (const key of account.objectKeys) expect(await env.FILES.head(key)).not.toBeNull();
  });
});

describe("account deletion and e-mail rate limits", () => {
  it("removes e-mail hash counters", async () => {
    const account = await seedSmallAccount("Liczniki");
    expect((await new Browser().post("/forgot-password", { email: account.user.email })).status).toBe(302);
    expect((await new Browser().post("/login", { email: account.user.email, password: "zle-haslo-xyz" })).status).toBe(400);
    const hash = await sha256Hex(account.user.email.trim().toLowerCase());
    const keys = [`login:account:${hash}`, `reminder:account:${hash}`, `activation_email:address:${hash}`];
    // The activation counter is written at registration; a test account made directly has none.
    await db.insert(rateLimits).values({ key: keys[2], count: 1, windowStart: Date.now() }).onConflictDoNothing();
    const other = await seedSmallAccount("Liczniki inne");
    const otherKey = `login:account:${await sha256Hex(other.user.email.trim().toLowerCase())}`;
    expect((await new Browser().post("/login", { email: other.user.email, password: "zle-haslo-xyz" })).status).toBe(400);
    expect((await db.select().from(rateLimits).where(inArray(rateLimits.key, keys))).map((row) => row.key).sort()).toEqual([...keys].sort());

    expect((await postDeletion(account.browser, account.user.password)).status).toBe(302);

    expect(await db.select().from(rateLimits).where(inArray(rateLimits.key, keys))).toEqual([]);
    expect(await db.select().from(rateLimits).where(eq(rateLimits.key, otherKey))).toHaveLength(1);
  });
});
