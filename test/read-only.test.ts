import { env, SELF } from "cloudflare:test";
import { and, asc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authTokens, files, fixRequests, messages, notifications, projects, tasks, tpayConnections, users } from "~/db/schema";
import { clientReadOnlyText as enClientReadOnlyText } from "~/i18n/en";
import { clientReadOnlyText, profileText, readOnlyText, subscriptionText } from "~/i18n/pl";
import { DEFAULT_NOTIFICATION_PREFS, getNotificationPrefs, NOTIFICATION_TYPES } from "~/models/notifications.server";
import { issueShareToken } from "~/models/share.server";
import { isAccountReadOnly } from "~/models/subscriptions.server";
import { SANDBOX_DEMO_MERCHANT } from "../workers/tpay-sandbox";
import { requireSecret } from "~/utils/env.server";
import { Browser, db, linkFrom, loggedInBrowser, ORIGIN, TEST_PASSWORD, uniqueEmail, waitForMail } from "./helpers";
import { billRow, billSetup, connectTpay, createClientBill, taskRow, transactionRows } from "./bill-helpers";
import { makeClient, makeProject, makeTask, snapshotUserRows, visibleText } from "./project-helpers";

// The account after its trial or paid period: every change by the freelancer is rejected in
// requireSession, except logging out, paying the subscription, the profile and the e-mail
// change, the password and sessions, marking notifications read, the notification settings and
// disconnecting Tpay. Viewing and
// downloading keep working. The client of such a
// freelancer can open the project but not change anything.

const DAY_MS = 86_400_000;
const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");

async function setAccess(userId: string, access: { trialEndsAt: Date; paidUntil?: Date | null }) {
  await db
    .update(users)
    .set({ trialEndsAt: access.trialEndsAt.toISOString(), paidUntil: access.paidUntil ? access.paidUntil.toISOString() : null })
    .where(eq(users.id, userId));
}

async function endTrial(userId: string) {
  await setAccess(userId, { trialEndsAt: new Date(Date.now() - DAY_MS) });
}

/** Follows a redirect with the browser and returns the visible text of the page it lands on. */
async function landingText(browser: Browser, response: Response): Promise<string> {
  const location = response.headers.get("Location");
  if (!location) throw new Error(`Expected a redirect, got ${response.status}`);
  const page = await browser.get(location);
  expect(page.status).toBe(200);
  return visibleText(await page.text());
}

function expectRejectedWithToast(response: Response) {
  expect(response.status).toBe(303);
  expect(response.headers.get("Location")).not.toBeNull();
}

async function messageRows(projectId: string) {
  return db.select().from(messages).where(eq(messages.projectId, projectId)).orderBy(asc(messages.seq));
}

function uploadForm(name: string): FormData {
  const form = new FormData();
  form.append("intent", "upload");
  form.append("file", new File([PDF], name, { type: "application/pdf" }));
  return form;
}

describe("isAccountReadOnly", () => {
  const now = Date.parse("2026-12-04T12:00:00.000Z");
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();

  it("is writable during the trial", () => {
    expect(isAccountReadOnly({ trialEndsAt: at(DAY_MS), paidUntil: null }, now)).toBe(false);
  });

  it("is read-only from the trial end", () => {
    expect(isAccountReadOnly({ trialEndsAt: at(0), paidUntil: null }, now)).toBe(true);
    expect(isAccountReadOnly({ trialEndsAt: at(-1), paidUntil: null }, now)).toBe(true);
  });

  it("is writable during a paid period", () => {
    expect(isAccountReadOnly({ trialEndsAt: at(-30 * DAY_MS), paidUntil: at(DAY_MS) }, now)).toBe(false);
  });

  it("uses the later of trial end and paid end", () => {
    expect(isAccountReadOnly({ trialEndsAt: at(DAY_MS), paidUntil: at(-DAY_MS) }, now)).toBe(false);
    expect(isAccountReadOnly({ trialEndsAt: at(-DAY_MS), paidUntil: at(-1) }, now)).toBe(true);
  });
});

describe("read-only freelancer", () => {
  it("cannot create a client", async () => {
    const { browser, user } = await loggedInBrowser();
    await endTrial(user.id);
    const before = await snapshotUserRows(user.id);

    const response = await browser.post("/clients/new", { name: "Nowy klient", email: "nowy@example.com" });
    expectRejectedWithToast(response);
    expect(response.headers.get("Location")).toBe("/clients/new");
    expect(await landingText(browser, response)).toContain(readOnlyText.refused);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("cannot create a project", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    await endTrial(user.id);
    const before = await snapshotUserRows(user.id);

    const response = await browser.post("/projects/new", { name: "Sklep", client: client.id });
    expectRejectedWithToast(response);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("cannot add or change a task", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id);
    await endTrial(user.id);
    const before = await snapshotUserRows(user.id);

    const added = await browser.post(`/projects/${project.id}`, { intent: "add-task", name: "Nowe zadanie", amount: "100" });
    expectRejectedWithToast(added);
    const status = await browser.post(`/projects/${project.id}`, { intent: "set-status", taskId: task.id, status: "done" });
    expectRejectedWithToast(status);
    const edited = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, { name: "Zmienione", amount: "1" });
    expectRejectedWithToast(edited);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("cannot post a message", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await endTrial(user.id);

    const response = await browser.post(`/projects/${project.id}/messages`, { body: "Dzień dobry", clientKey: crypto.randomUUID() });
    expectRejectedWithToast(response);
    expect(await messageRows(project.id)).toEqual([]);
  });

  it("goes back to the page in the Referer", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await endTrial(user.id);

    const response = await browser.fetch(`/projects/${project.id}`, {
      form: { intent: "add-task", name: "Zadanie", amount: "10" },
      headers: { Referer: `${ORIGIN}/projects/${project.id}?tab=tasks` },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}?tab=tasks`);
  });

  it("ignores a Referer from another site", async () => {
    const { browser, user } = await loggedInBrowser();
    await endTrial(user.id);
    const response = await browser.fetch("/clients/new", {
      form: { name: "Klient" },
      headers: { Referer: "https://evil.example/clients" },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/clients/new");
  });

  it("rejects a fetcher post with a Remix redirect", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await endTrial(user.id);

    const route = encodeURIComponent("routes/_app.projects.$projectId_.messages");
    const response = await browser.post(`/projects/${project.id}/messages?_data=${route}`, {
      body: "Wiadomość",
      clientKey: crypto.randomUUID(),
      format: "json",
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("X-Remix-Redirect")).toBe(`/projects/${project.id}/messages`);
    expect(await messageRows(project.id)).toEqual([]);
  });

  it("rejects a JSON request with 403 and the message", async () => {
    const { browser, user } = await loggedInBrowser();
    await endTrial(user.id);
    const before = await snapshotUserRows(user.id);

    const route = encodeURIComponent("routes/_app.clients.new");
    const response = await browser.fetch(`/clients/new?_data=${route}`, {
      form: { name: "Klient" },
      headers: { Accept: "application/json" },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: readOnlyText.refused });
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("names an expired subscription in the message", async () => {
    const { browser, user } = await loggedInBrowser();
    await setAccess(user.id, { trialEndsAt: new Date(Date.now() - 60 * DAY_MS), paidUntil: new Date(Date.now() - DAY_MS) });

    const response = await browser.post("/clients/new", { name: "Klient" });
    expectRejectedWithToast(response);
    expect(await landingText(browser, response)).toContain(readOnlyText.refusedExpired);
  });

  it("can view pages", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    const project = await makeProject(user.id, { clientId: client.id });
    await makeTask(user.id, project.id, { name: "Projekt logo", amount: 3333 });
    await connectTpay(user.id);
    await endTrial(user.id);

    const pages = [
      "/projects",
      `/projects/${project.id}`,
      "/clients",
      `/clients/${client.id}`,
      "/notifications",
      "/settings/security",
      "/wallet",
      "/settings/payments",
    ];
    for (const path of pages) {
      const page = await browser.get(path);
      expect(page.status, path).toBe(200);
      const html = await page.text();
      // The project page shows its bills panel.
      if (path === `/projects/${project.id}`) expect(html).toContain('id="bills"');
    }
  });

  it("can download a file", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const upload = await browser.fetch(`/projects/${project.id}/files`, { method: "POST", body: uploadForm("umowa.pdf") });
    expect(upload.status).toBe(302);
    const [file] = await db.select().from(files).where(eq(files.projectId, project.id));
    await endTrial(user.id);

    const download = await browser.get(`/projects/${project.id}/files/${file.id}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);

    const refused = await browser.fetch(`/projects/${project.id}/files`, { method: "POST", body: uploadForm("druga.pdf") });
    expect(refused.status).toBe(303);
    expect(await db.select().from(files).where(eq(files.projectId, project.id))).toHaveLength(1);
  });

  it("can log out", async () => {
    const { browser, user } = await loggedInBrowser();
    await endTrial(user.id);
    const response = await browser.post("/logout", {});
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
    expect((await browser.get("/projects")).headers.get("Location")).toMatch(/^\/login/);
  });

  it("can change the password", async () => {
    const { browser, user } = await loggedInBrowser();
    await endTrial(user.id);
    const newPassword = "inne-dlugie-haslo-789";

    const response = await browser.post("/settings/security", {
      currentPassword: TEST_PASSWORD,
      newPassword,
      newPasswordRepeat: newPassword,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/security");
    const login = await new Browser().post("/login", { email: user.email, password: newPassword });
    expect(login.status).toBe(302);
  });

  it("can save the profile", async () => {
    const { browser, user } = await loggedInBrowser();
    await endTrial(user.id);

    const response = await browser.post("/settings/profile", {
      intent: "profile",
      name: "Anna Kowalska",
      company: "Studio Kowalska",
      nip: "526-104-08-28",
      address: "ul. Krótka 2\n00-002 Warszawa",
      bankAccount: "PL61 1090 1014 0000 0712 1981 2874",
      budgetWarningPercent: "20",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/profile");
    expect(await landingText(browser, response)).toContain(profileText.saved);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.name).toBe("Anna Kowalska");
    expect(row.company).toBe("Studio Kowalska");
    expect(row.nip).toBe("5261040828");
    expect(row.bankAccount).toBe("PL61109010140000071219812874");
    expect(row.budgetWarningPercent).toBe(20);
  });

  it("can change the e-mail address", async () => {
    const { browser, user } = await loggedInBrowser();
    await endTrial(user.id);
    const newEmail = uniqueEmail("nowy");

    const response = await browser.post("/settings/profile", { intent: "email", newEmail, password: TEST_PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/profile");
    const tokens = await db
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, "email_change")));
    expect(tokens).toHaveLength(1);

    const link = linkFrom((await waitForMail(newEmail)).text, "/settings/email/");
    const confirmed = await browser.post(link, {});
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe("/settings/profile");
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.email).toBe(newEmail);
  });

  it("can revoke other sessions", async () => {
    const { browser, user } = await loggedInBrowser();
    const other = new Browser();
    expect((await other.post("/login", { email: user.email, password: TEST_PASSWORD })).status).toBe(302);
    await endTrial(user.id);

    const response = await browser.post("/settings/security", { intent: "revoke-other-sessions" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/security");
    expect((await other.get("/projects")).headers.get("Location")).toMatch(/^\/login/);
  });

  it("can mark a notification read on the dashboard", async () => {
    const { browser, user } = await loggedInBrowser();
    const id = crypto.randomUUID();
    await db.insert(notifications).values({
      id,
      userId: user.id,
      projectId: null,
      type: "message",
      data: JSON.stringify({ excerpt: "Dzień dobry" }),
      createdAt: new Date().toISOString(),
      emailState: "none",
    });
    await endTrial(user.id);

    const response = await browser.post("/dashboard", { intent: "read", id });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
    expect(row.readAt).not.toBeNull();
  });

  it("can mark notifications read", async () => {
    const { browser, user } = await loggedInBrowser();
    const id = crypto.randomUUID();
    await db.insert(notifications).values({
      id,
      userId: user.id,
      projectId: null,
      type: "message",
      data: JSON.stringify({ excerpt: "Dzień dobry" }),
      createdAt: new Date().toISOString(),
      emailState: "none",
    });
    await endTrial(user.id);

    const response = await browser.post("/notifications", { intent: "read-all" });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
    expect(row.readAt).not.toBeNull();
  });

  it("can change notification settings", async () => {
    const { browser, user } = await loggedInBrowser();
    await endTrial(user.id);
    const form: Record<string, string> = {};
    for (const type of NOTIFICATION_TYPES) {
      if (DEFAULT_NOTIFICATION_PREFS[type].inFeed) form[`${type}.inFeed`] = "on";
      form[`${type}.email`] = DEFAULT_NOTIFICATION_PREFS[type].email;
    }
    form["message.email"] = "off";

    const response = await browser.post("/settings/notifications", form);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/notifications");
    expect((await getNotificationPrefs(db, user.id)).message.email).toBe("off");
  });

  it("can disconnect Tpay but not change it", async () => {
    const { browser, user } = await loggedInBrowser();
    const { merchantId, ...credentials } = SANDBOX_DEMO_MERCHANT;
    const saved = await browser.post("/settings/payments", { intent: "save", environment: "sandbox", ...credentials, currentPassword: user.password });
    expect(saved.status).toBe(302);
    // Disconnecting keeps the row as a record and sets disconnectedAt.
    const connection = async () =>
      (await db.select().from(tpayConnections).where(and(eq(tpayConnections.userId, user.id), isNull(tpayConnections.disconnectedAt))))[0] ?? null;
    const before = await connection();
    expect(before?.merchantId).toBe(merchantId);
    await endTrial(user.id);

    const resaved = await browser.post("/settings/payments", { intent: "save", environment: "sandbox", ...credentials, currentPassword: user.password });
    expectRejectedWithToast(resaved);
    expect(await landingText(browser, resaved)).toContain(readOnlyText.refused);
    const checked = await browser.post("/settings/payments", { intent: "check" });
    expectRejectedWithToast(checked);
    // The intent rule is for that exact path; an intent sent to another path changes nothing.
    const elsewhere = await browser.post("/clients/new", { intent: "disconnect", name: "Klient" });
    expectRejectedWithToast(elsewhere);
    expect(await connection()).toEqual(before);

    const disconnected = await browser.post("/settings/payments", { intent: "disconnect", currentPassword: user.password });
    expect(disconnected.status).toBe(302);
    expect(disconnected.headers.get("Location")).toBe("/settings/payments");
    expect(await connection()).toBeNull();
  });

  it("can open the subscription page", async () => {
    const { browser, user } = await loggedInBrowser();
    await endTrial(user.id);
    const page = await browser.get("/settings/subscription");
    expect(page.status).toBe(200);
    expect(visibleText(await page.text())).toContain(subscriptionText.trialOver);
  });
});

describe("subscription banner", () => {
  async function layoutText(access: { trialEndsAt: Date; paidUntil?: Date | null }) {
    const { browser, user } = await loggedInBrowser();
    await setAccess(user.id, access);
    const page = await browser.get("/projects");
    expect(page.status).toBe(200);
    const html = await page.text();
    return { html, text: visibleText(html) };
  }

  it("is absent early in the trial", async () => {
    const { html } = await layoutText({ trialEndsAt: new Date(Date.now() + 10 * DAY_MS) });
    expect(html).not.toContain('data-testid="subscription-banner"');
    expect(html).toContain('data-testid="trial-badge"');
  });

  it("counts the last days of the trial", async () => {
    const { html, text } = await layoutText({ trialEndsAt: new Date(Date.now() + 2 * DAY_MS) });
    expect(html).toContain('data-testid="subscription-banner"');
    expect(text).toContain(readOnlyText.bannerTrialEnding("zostały 2 dni"));
    expect(html).toContain('href="/settings/subscription"');
  });

  it("says when the account is read-only", async () => {
    const { text } = await layoutText({ trialEndsAt: new Date(Date.now() - DAY_MS) });
    expect(text).toContain(readOnlyText.bannerTrialOver);
    expect(text).toContain(readOnlyText.badge);
  });

  it("is absent during a paid period", async () => {
    const { html } = await layoutText({ trialEndsAt: new Date(Date.now() - DAY_MS), paidUntil: new Date(Date.now() + 20 * DAY_MS) });
    expect(html).not.toContain('data-testid="subscription-banner"');
    expect(html).not.toContain('data-testid="trial-badge"');
  });
});

describe("client of a read-only freelancer", () => {
  async function sharedReadOnlyProject(clientLocale: "pl" | "en" = "pl") {
    const { user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await db.update(projects).set({ clientLocale }).where(eq(projects.id, project.id));
    const task = await makeTask(user.id, project.id, { requiresAcceptance: true });
    const token = await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id, null);
    if (!token) throw new Error("sharing could not be enabled");
    await endTrial(user.id);
    return { user, project, task, path: `/p/${token}`, client: new Browser() };
  }

  it("can open the project page", async () => {
    const { path, client } = await sharedReadOnlyProject();
    const page = await client.get(path);
    expect(page.status).toBe(200);
    await page.text();
  });

  it("cannot post a message", async () => {
    const { project, path, client } = await sharedReadOnlyProject();
    const response = await client.post(`${path}/messages`, { body: "Dzień dobry", clientKey: crypto.randomUUID() });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(path);
    expect(await landingText(client, response)).toContain(clientReadOnlyText.refused);
    expect(await messageRows(project.id)).toEqual([]);
  });

  it("gets 403 JSON for a JSON request", async () => {
    const { project, path, client } = await sharedReadOnlyProject();
    const route = encodeURIComponent("routes/p.$token_.messages");
    const response = await client.fetch(`${path}/messages?_data=${route}`, {
      form: { body: "Dzień dobry", clientKey: crypto.randomUUID(), format: "json" },
      headers: { Accept: "application/json" },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: clientReadOnlyText.refused });
    expect(await messageRows(project.id)).toEqual([]);
  });

  it("gets the message in English", async () => {
    const { project, path, client } = await sharedReadOnlyProject("en");
    const response = await client.post(`${path}/messages`, { body: "Hello", clientKey: crypto.randomUUID() });
    expect(response.status).toBe(303);
    expect(await landingText(client, response)).toContain(enClientReadOnlyText.refused);
    expect(await messageRows(project.id)).toEqual([]);
  });

  it("cannot decide on a task amount", async () => {
    const { task, path, client } = await sharedReadOnlyProject();
    const response = await client.post(path, { taskId: task.id, version: "1", decision: "accepted" });
    expect(response.status).toBe(303);
    const [row] = await db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row.acceptance).toBe("pending");
  });

  it("client can still pay a bill", async () => {
    const setup = await billSetup();
    await endTrial(setup.user.id);

    const created = await createClientBill(setup.client, setup.clientPath, [setup.taskA.id, setup.taskB.id]);
    expect([302, 303]).toContain(created.status);
    const billId = /\/bills\/([0-9a-f-]{36})$/.exec(new URL(created.headers.get("Location") ?? "", ORIGIN).pathname)?.[1] ?? "";
    expect((await billRow(billId)).status).toBe("open");

    const pay = await setup.client.post(`${setup.clientPath}/bills/${billId}`, { intent: "pay" });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("Location")).toMatch(/^http:\/\/localhost:8787\/tpay-sandbox\/pay\//);
    const [transaction] = await transactionRows(billId);
    expect(transaction.status).toBe("pending");

    const paid = await SELF.fetch(`${ORIGIN}/tpay-sandbox/__sim/transactions/${encodeURIComponent(transaction.transactionId)}/pay`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scenario: "exact", deliver: "now" }),
    });
    expect(paid.status, await paid.text()).toBe(200);

    expect((await billRow(billId)).status).toBe("paid");
    expect((await transactionRows(billId))[0].status).toBe("paid");
    expect((await taskRow(setup.taskA.id)).payment).toBe("paid");
    expect((await taskRow(setup.taskB.id)).payment).toBe("paid");
  });

  it("cannot request a fix or upload a file", async () => {
    const { project, path, client } = await sharedReadOnlyProject();
    const fix = await client.post(`${path}/fix-requests`, { title: "Popraw logo", description: "Kolor jest zły." });
    expect(fix.status).toBe(303);
    expect(await db.select().from(fixRequests).where(eq(fixRequests.projectId, project.id))).toEqual([]);

    const upload = await client.fetch(`${path}/files`, { method: "POST", body: uploadForm("brief.pdf") });
    expect(upload.status).toBe(303);
    expect(await db.select().from(files).where(eq(files.projectId, project.id))).toEqual([]);
  });
});
