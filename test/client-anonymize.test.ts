// "Usuń klienta" for a client with projects, through the real Worker, D1, R2 and queues. The
// client's personal data is removed from every table and what only the client made is deleted.
// The paid bills stay, with the buyer's details copied onto them.
import { env } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  activity,
  billItems,
  bills,
  clients,
  emailOutbox,
  files,
  invitations,
  messages,
  notifications,
  payments,
  projects,
  reports,
  reportSendings,
  tasks,
  users,
} from "~/db/schema";
import { describeActivity } from "~/models/activity-lines.server";
import { clientsText, readOnlyText } from "~/i18n/pl";
import { updateClient } from "~/models/clients.server";
import { storeProjectFile, type UploadedFile } from "~/models/files.server";
import { dispatchNotifications } from "~/models/notifications.server";
import { randomToken } from "~/utils/crypto.server";
import { clientPathOf, connectTpay, createClientBill } from "./bill-helpers";
import { Browser, db, loggedInBrowser, uniqueEmail, waitForMail } from "./helpers";
import { followToPage, makeClient, makeProject, makeTask, redirectPath, snapshotUserRows, visibleText } from "./project-helpers";
import { insertReadyReport, MINIMAL_PDF } from "./report-helpers";

function pdfUpload(name: string): UploadedFile {
  return { name, bytes: MINIMAL_PDF, size: MINIMAL_PDF.byteLength, kind: "pdf", contentType: "application/pdf" };
}

let keyCounter = 0;
/** Returns a message form's client key, unique within the test run. */
function freshKey(): string {
  keyCounter += 1;
  return `anonymize-key-${keyCounter}-${crypto.randomUUID()}`;
}

/** Waits until the queues have sent every e-mail of the freelancer and handled every notification. */
async function waitForQueues(userId: string, timeoutMs = 10_000) {
  const started = Date.now();
  for (;;) {
    const unsentEmails = await db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, userId), inArray(emailOutbox.status, ["queued", "sending", "retrying"])));
    const pendingNotifications = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.emailState, "pending")));
    if (unsentEmails.length === 0 && pendingNotifications.length === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`Queues still busy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Returns the bill that contains the task. */
async function billOfTask(taskId: string) {
  const [row] = await db
    .select({ id: bills.id, number: bills.number })
    .from(bills)
    .innerJoin(billItems, eq(billItems.billId, bills.id))
    .where(eq(billItems.taskId, taskId));
  if (!row) throw new Error(`no bill contains task ${taskId}`);
  return row;
}

/**
 * Seeds a client with two shared projects and everything the anonymisation touches. The bills are
 * one paid by bank transfer, an open one made by the client, a sent one and a cancelled one. There
 * are invitations to the client and to a colleague, messages of both sides, a file of each side
 * in R2, a ready report in R2 sent to the client, and activity rows with the client's name.
 */
async function seedClient() {
  const { browser, user } = await loggedInBrowser({ name: "Anna Nowak" });
  const token = randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "");
  const personal = {
    name: `Łukasz Żółć ${token}`,
    email: uniqueEmail("klient"),
    phone: "+48 601 234 567",
    nip: "9930560703",
    address: "ul. Długa 1\n00-001 Warszawa",
    colleagueEmail: uniqueEmail("szef"),
    colleagueName: `Zażółć Gęślą ${token}`,
  };
  const client = await makeClient(user.id, {
    name: personal.name,
    email: personal.email,
    phone: personal.phone,
    nip: personal.nip,
    address: personal.address,
    notes: "Woli kontakt mailowy.",
  });
  expect(
    await updateClient(db, user.id, client.id, { ...client, notes: `Dzwonić na ${personal.phone}` }),
  ).toBe("updated");

  const shop = await makeProject(user.id, { clientId: client.id, name: "Sklep internetowy" });
  const app = await makeProject(user.id, { clientId: client.id, name: "Aplikacja mobilna" });
  const paidTask = await makeTask(user.id, shop.id, { name: "Projekt logo", amount: 3333 });
  const openTask = await makeTask(user.id, shop.id, { name: "Strona główna", amount: 5000 });
  const cancelledTask = await makeTask(user.id, app.id, { name: "Ekran logowania", amount: 7000 });
  const sentTask = await makeTask(user.id, app.id, { name: "Powiadomienia", amount: 8000 });
  await connectTpay(user.id);
  for (const project of [shop, app]) {
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
  }
  const shopPath = await clientPathOf(shop.id);
  const appPath = await clientPathOf(app.id);

  // Invitations to the client and a colleague, and the e-mails they make.
  const invite = (projectId: string, email: string, name: string) =>
    browser.post(`/projects/${projectId}/invitations`, { intent: "send", email, name, message: "" });
  expect((await invite(shop.id, personal.email, personal.name)).status).toBe(302);
  expect((await invite(app.id, personal.colleagueEmail, personal.colleagueName)).status).toBe(302);
  await waitForMail(personal.email);
  await waitForMail(personal.colleagueEmail);

  // Bills: paid by hand after sending, open (made by the client), cancelled, and sent.
  const sendBill = (projectId: string, taskId: string) =>
    browser.post(`/projects/${projectId}/bills`, { intent: "send", email: personal.email, taskId: [taskId] });
  expect((await sendBill(shop.id, paidTask.id)).status).toBe(302);
  const paidBill = await billOfTask(paidTask.id);
  expect((await browser.post(`/projects/${shop.id}/bills`, { intent: "mark-paid", billId: paidBill.id, method: "transfer", note: "" })).status).toBe(302);
  const clientBrowser = new Browser();
  expect((await createClientBill(clientBrowser, shopPath, [openTask.id])).status).toBe(302);
  const openBill = await billOfTask(openTask.id);
  expect((await sendBill(app.id, cancelledTask.id)).status).toBe(302);
  const cancelledBill = await billOfTask(cancelledTask.id);
  expect((await browser.post(`/projects/${app.id}/bills`, { intent: "cancel", billId: cancelledBill.id })).status).toBe(302);
  expect((await sendBill(app.id, sentTask.id)).status).toBe(302);
  const sentBill = await billOfTask(sentTask.id);

  // Messages of both sides. The client's message contains the client's name and phone number.
  const clientMessage = await clientBrowser.post(`${shopPath}/messages`, {
    body: `Dzień dobry, tu ${personal.name}, tel. ${personal.phone}`,
    clientKey: freshKey(),
  });
  expect(clientMessage.status).toBeLessThan(400);
  const freelancerMessage = await browser.post(`/projects/${shop.id}/messages`, { body: "Przesyłam projekt strony.", clientKey: freshKey() });
  expect(freelancerMessage.status).toBeLessThan(400);

  // Files of both sides in R2.
  const shopRow = await db.query.projects.findFirst({ where: eq(projects.id, shop.id) });
  const clientUpload = await storeProjectFile(
    db,
    env.FILES,
    { userId: user.id, projectId: shop.id, uploadedBy: "client", shareTokenHash: shopRow?.shareTokenHash ?? "" },
    pdfUpload(`Umowa ${personal.name}.pdf`),
  );
  const freelancerUpload = await storeProjectFile(db, env.FILES, { userId: user.id, projectId: shop.id, uploadedBy: "freelancer" }, pdfUpload("projekt.pdf"));
  if (clientUpload.outcome !== "stored" || freelancerUpload.outcome !== "stored") throw new Error("upload not stored");
  await dispatchNotifications(env.EMAIL_QUEUE, clientUpload.notificationId ? [clientUpload.notificationId] : []);

  // A ready report, sent to the client.
  const report = await insertReadyReport(user.id, app.id);
  expect((await browser.post(`/reports/${report.id}`, { intent: "send", email: personal.email })).status).toBe(302);

  await waitForQueues(user.id);
  return {
    browser,
    user,
    client,
    personal,
    shop,
    app,
    shopPath,
    appPath,
    bills: { paid: paidBill, open: openBill, cancelled: cancelledBill, sent: sentBill },
    clientFile: clientUpload.file,
    freelancerFile: freelancerUpload.file,
    report,
  };
}

/** Lists "table: value" for every value found in any row of any D1 table, leaving out the bills' buyer columns. */
async function findPersonalData(values: string[]): Promise<string[]> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const found: string[] = [];
  for (const { name } of tables.results) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
    for (const row of results) {
      const withoutBuyer = name === "bills" ? { ...row, buyer_name: null, buyer_nip: null, buyer_address: null } : row;
      const text = JSON.stringify(withoutBuyer).toLowerCase();
      for (const value of values) {
        if (text.includes(value.toLowerCase())) found.push(`${name}: ${value}`);
      }
    }
  }
  return [...new Set(found)];
}

function anonymize(browser: Browser, clientId: string) {
  return browser.post(`/clients/${clientId}`, { intent: "anonymize", confirm: "on" });
}

describe("client anonymisation", () => {
  it("keeps the paid bill and removes the rest", async () => {
    const seed = await seedClient();
    const { browser, user, client, personal } = seed;
    const taskCount = (await db.select().from(tasks).where(eq(tasks.userId, user.id))).length;

    const page = await browser.get(`/clients/${client.id}`);
    expect(page.status).toBe(200);
    const preview = visibleText(await page.text());
    expect(preview).toContain(clientsText.removedBills(3));
    expect(preview).toContain(clientsText.keptBills(1).slice(0, 60));
    expect(preview).toContain(clientsText.removedMessages(1));
    expect(preview).toContain(clientsText.removedFiles(1));
    expect(preview).toContain(clientsText.removedReports(1));

    const response = await anonymize(browser, client.id);
    expect(redirectPath(response)).toBe("/clients");
    expect(await followToPage(browser, response)).toContain(clientsText.anonymized);

    const row = await db.query.clients.findFirst({ where: eq(clients.id, client.id) });
    expect(row).toMatchObject({ name: "", email: null, phone: null, nip: null, address: null, notes: null, searchText: "" });
    expect(row?.anonymizedAt).not.toBeNull();

    // The paid bill stays with its items and payment, and names the buyer.
    const paid = await db.query.bills.findFirst({ where: eq(bills.id, seed.bills.paid.id) });
    expect(paid).toMatchObject({
      status: "paid",
      buyerName: personal.name,
      buyerNip: personal.nip,
      buyerAddress: personal.address,
      recipientEmail: null,
    });
    expect(await db.select().from(billItems).where(eq(billItems.billId, seed.bills.paid.id))).toHaveLength(1);
    expect(await db.select().from(payments).where(eq(payments.billId, seed.bills.paid.id))).toHaveLength(1);

    // The open, sent and cancelled bills are gone with their items.
    const removedBillIds = [seed.bills.open.id, seed.bills.sent.id, seed.bills.cancelled.id];
    expect(await db.select().from(bills).where(inArray(bills.id, removedBillIds))).toEqual([]);
    expect(await db.select().from(billItems).where(inArray(billItems.billId, removedBillIds))).toEqual([]);

    // Invitations, the client link, the client's messages, file and report are gone.
    expect(await db.select().from(invitations).where(eq(invitations.userId, user.id))).toEqual([]);
    for (const projectId of [seed.shop.id, seed.app.id]) {
      const project = await db.query.projects.findFirst({ where: eq(projects.id, projectId) });
      expect(project).toMatchObject({ shareTokenHash: null, shareTokenEncrypted: null, clientStorageBytes: 0 });
    }
    expect((await new Browser().get(seed.shopPath)).status).toBe(404);
    expect((await new Browser().get(seed.appPath)).status).toBe(404);
    const remainingMessages = await db.select().from(messages).where(eq(messages.userId, user.id));
    expect(remainingMessages.map((message) => message.author)).toEqual(["freelancer"]);
    expect(await db.query.files.findFirst({ where: eq(files.id, seed.clientFile.id) })).toBeUndefined();
    expect(await env.FILES.get(seed.clientFile.r2Key)).toBeNull();
    expect(await db.query.files.findFirst({ where: eq(files.id, seed.freelancerFile.id) })).toBeDefined();
    expect(await env.FILES.get(seed.freelancerFile.r2Key)).not.toBeNull();
    const owner = await db.query.users.findFirst({ where: eq(users.id, user.id) });
    expect(owner?.storageBytes).toBe(seed.freelancerFile.size);
    expect(await db.query.reports.findFirst({ where: eq(reports.id, seed.report.id) })).toBeUndefined();
    expect(await db.select().from(reportSendings).where(eq(reportSendings.userId, user.id))).toEqual([]);
    expect(await env.FILES.get(seed.report.r2Key ?? "")).toBeNull();

    // Projects and tasks stay; one activity row records the anonymisation, without personal data.
    expect(await db.select().from(projects).where(eq(projects.clientId, client.id))).toHaveLength(2);
    expect(await db.select().from(tasks).where(eq(tasks.userId, user.id))).toHaveLength(taskCount);
    const logged = await db
      .select()
      .from(activity)
      .where(and(eq(activity.userId, user.id), eq(activity.action, "client.anonymized")));
    expect(logged).toHaveLength(1);
    expect(logged[0].data).toBe("{}");
    expect(describeActivity({ action: "client.anonymized", data: {} })).toEqual([clientsText.activityAnonymized]);
  });

  it("leaves no personal data in any table", async () => {
    const seed = await seedClient();
    const { personal } = seed;
    const values = [
      personal.name,
      personal.email,
      personal.phone,
      personal.phone.replace(/\D/g, ""),
      personal.nip,
      personal.colleagueEmail,
      personal.colleagueName,
    ];
    // The scan finds the seeded data before, so it can fail.
    const before = await findPersonalData(values);
    for (const table of ["clients", "activity", "email_outbox", "invitations", "messages", "notifications", "dev_mailbox"]) {
      expect(before.some((hit) => hit.startsWith(`${table}:`)), table).toBe(true);
    }

    expect(redirectPath(await anonymize(seed.browser, seed.client.id))).toBe("/clients");

    expect(await findPersonalData(values)).toEqual([]);
  });

  it("shows the anonymised client nowhere by name", async () => {
    const seed = await seedClient();
    const { browser, client, personal } = seed;
    expect(redirectPath(await anonymize(browser, client.id))).toBe("/clients");

    const list = await browser.get("/clients");
    expect(await list.text()).not.toContain(client.id);
    const picker = await browser.get("/projects/new");
    expect(await picker.text()).not.toContain(client.id);
    expect((await browser.get(`/projects/new?client=${client.id}`)).status).toBe(404);

    const clientPage = await browser.get(`/clients/${client.id}`);
    expect(clientPage.status).toBe(410);
    const clientText = visibleText(await clientPage.text());
    expect(clientText).toContain(clientsText.anonymizedTitle);
    expect(clientText).toContain("Sklep internetowy");

    const projectList = visibleText(await (await browser.get("/projects")).text());
    expect(projectList).toContain(clientsText.anonymizedName);
    const projectPage = await browser.get(`/projects/${seed.shop.id}`);
    expect(projectPage.status).toBe(200);
    const projectText = visibleText(await projectPage.text());
    expect(projectText).toContain(`Klient: ${clientsText.anonymizedName}`);
    // The bills panel on the project page names the buyer of the paid bill, and only there.
    expect(projectText.replace(`${clientsText.buyer}: ${personal.name}`, "")).not.toContain(personal.name);

    // The paid bill is still readable, with its buyer.
    const billsPage = await browser.get(`/projects/${seed.shop.id}/bills`);
    expect(billsPage.status).toBe(200);
    const billsText = visibleText(await billsPage.text());
    expect(billsText).toContain(`${clientsText.buyer}: ${personal.name}`);
    expect(billsText).toContain(clientsText.buyerNip(personal.nip));
  });

  it("keeps the project's own anonymised client", async () => {
    const seed = await seedClient();
    const { browser, client } = seed;
    expect(redirectPath(await anonymize(browser, client.id))).toBe("/clients");

    const renamed = await browser.post(`/projects/${seed.shop.id}`, {
      intent: "update-project",
      name: "Sklep internetowy 2",
      deadline: "",
      client: client.id,
      freeRevisionRounds: "0",
    });
    expect(renamed.status).toBe(302);
    const project = await db.query.projects.findFirst({ where: eq(projects.id, seed.shop.id) });
    expect(project).toMatchObject({ name: "Sklep internetowy 2", clientId: client.id });

    const created = await browser.post("/projects/new", { name: "Nowy projekt", deadline: "", client: client.id });
    expect(created.status).toBe(400);
    expect(await db.select().from(projects).where(eq(projects.clientId, client.id))).toHaveLength(2);
  });

  it("refuses while a Tpay payment is in progress", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { email: uniqueEmail("klient") });
    const project = await makeProject(user.id, { clientId: client.id, name: "Sklep internetowy" });
    const task = await makeTask(user.id, project.id, { amount: 3333 });
    await connectTpay(user.id);
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
    expect((await browser.post(`/projects/${project.id}/bills`, { intent: "send", email: client.email ?? "", taskId: [task.id] })).status).toBe(302);
    const bill = await billOfTask(task.id);
    await db.update(bills).set({ status: "awaiting_payment" }).where(eq(bills.id, bill.id));
    const before = await snapshotUserRows(user.id);
    const billsBefore = await db.select().from(bills).where(eq(bills.userId, user.id));

    const response = await anonymize(browser, client.id);
    expect(response.status).toBe(409);
    const message = clientsText.paymentInProgress(clientsText.paymentInProgressBill(bill.number, "Sklep internetowy"));
    expect(visibleText(await response.text())).toContain(message);
    expect(await snapshotUserRows(user.id)).toEqual(before);
    expect(await db.select().from(bills).where(eq(bills.userId, user.id))).toEqual(billsBefore);

    const page = visibleText(await (await browser.get(`/clients/${client.id}`)).text());
    expect(page).toContain(message);
    expect(page).not.toContain(clientsText.confirmLabel);
  });

  it("requires the confirmation", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    await makeProject(user.id, { clientId: client.id });
    const before = await snapshotUserRows(user.id);

    const response = await browser.post(`/clients/${client.id}`, { intent: "anonymize" });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(clientsText.confirmRequired);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("anonymises once under concurrent deletes", async () => {
    const { browser, user } = await loggedInBrowser();
    const other = new Browser();
    expect((await other.post("/login", { email: user.email, password: user.password })).status).toBe(302);

    for (let round = 0; round < 5; round++) {
      const client = await makeClient(user.id, { name: `Klient ${round}`, email: uniqueEmail("klient") });
      await makeProject(user.id, { clientId: client.id, name: `Projekt ${round}` });
      const responses = await Promise.all([anonymize(browser, client.id), anonymize(other, client.id)]);
      expect(responses.map((response) => redirectPath(response)), `round ${round}`).toEqual(["/clients", "/clients"]);
      const logged = await db
        .select()
        .from(activity)
        .where(and(eq(activity.subjectId, client.id), eq(activity.action, "client.anonymized")));
      expect(logged, `round ${round}`).toHaveLength(1);

      const pages = [await followToPage(browser, responses[0]), await followToPage(other, responses[1])];
      const toasts = pages.map((html) => (html.includes(clientsText.alreadyDeleted) ? "already" : "anonymized")).sort();
      expect(toasts, `round ${round}`).toEqual(["already", "anonymized"]);
    }
  });

  it("answers another user's client with 404", async () => {
    const victim = await loggedInBrowser();
    const client = await makeClient(victim.user.id, { email: uniqueEmail("klient") });
    await makeProject(victim.user.id, { clientId: client.id });
    const before = await snapshotUserRows(victim.user.id);
    const { browser } = await loggedInBrowser();

    expect((await browser.get(`/clients/${client.id}`)).status).toBe(404);
    expect((await anonymize(browser, client.id)).status).toBe(404);
    expect((await browser.post(`/clients/${client.id}`, { intent: "delete" })).status).toBe(404);
    expect(await snapshotUserRows(victim.user.id)).toEqual(before);
  });

  it("refuses a read-only account", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { email: uniqueEmail("klient") });
    await makeProject(user.id, { clientId: client.id });
    await db.update(users).set({ trialEndsAt: new Date(Date.now() - 86_400_000).toISOString() }).where(eq(users.id, user.id));
    const before = await snapshotUserRows(user.id);

    const response = await anonymize(browser, client.id);
    expect(response.status).toBe(303);
    const landing = await browser.get(response.headers.get("Location") ?? "");
    expect(await landing.text()).toContain(readOnlyText.refused);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("still deletes a client without projects", async () => {
    const { browser, user } = await loggedInBrowser();
    const first = await makeClient(user.id, { name: "Bez projektów", email: uniqueEmail("klient") });
    const second = await makeClient(user.id, { name: "Też bez projektów", email: uniqueEmail("klient") });

    // Both the plain delete and a confirmed one delete the row, as nothing is left to keep.
    for (const [client, form] of [
      [first, { intent: "delete" }],
      [second, { intent: "anonymize", confirm: "on" }],
    ] as const) {
      const response = await browser.post(`/clients/${client.id}`, form);
      expect(redirectPath(response)).toBe("/clients");
      expect(await followToPage(browser, response)).toContain(clientsText.deleted(client.name));
      expect(await db.query.clients.findFirst({ where: eq(clients.id, client.id) })).toBeUndefined();
      const logged = await db
        .select()
        .from(activity)
        .where(and(eq(activity.subjectId, client.id), eq(activity.action, "client.deleted")));
      expect(logged).toHaveLength(1);
    }
  });
});

describe("client anonymisation and what the client left before", () => {
  it("scrubs names of deleted client files", async () => {
    const { browser, user } = await loggedInBrowser();
    const tag = crypto.randomUUID().slice(0, 6);
    const client = await makeClient(user.id, { name: `Zenon Kowal ${tag}`, email: uniqueEmail("klient") });
    const project = await makeProject(user.id, { clientId: client.id });
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
    const row = await db.query.projects.findFirst({ where: eq(projects.id, project.id) });
    const clientFile = `Skan dowodu ${tag}.pdf`;
    const stored = await storeProjectFile(
      db,
      env.FILES,
      { userId: user.id, projectId: project.id, uploadedBy: "client", shareTokenHash: row?.shareTokenHash ?? "", notify: false },
      pdfUpload(clientFile),
    );
    if (stored.outcome !== "stored") throw new Error("not stored");
    const ownFile = `Projekt logo ${tag}.pdf`;
    const own = await storeProjectFile(
      db,
      env.FILES,
      { userId: user.id, projectId: project.id, uploadedBy: "freelancer", notify: false },
      pdfUpload(ownFile),
    );
    if (own.outcome !== "stored") throw new Error("not stored");
    expect((await browser.post(`/projects/${project.id}/files`, { intent: "delete", fileId: stored.file.id })).status).toBeLessThan(400);
    expect(await findPersonalData([clientFile])).not.toEqual([]);

    expect(redirectPath(await anonymize(browser, client.id))).toBe("/clients");

    expect(await findPersonalData([clientFile])).toEqual([]);
    // The freelancer's own file keeps its name in the history.
    const ownRows = await db.select().from(activity).where(and(eq(activity.subjectType, "file"), eq(activity.subjectId, own.file.id)));
    expect(ownRows.map((entry) => entry.data)).toEqual([expect.stringContaining(ownFile)]);
  });

  it("scrubs excerpts in notification e-mails", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: `Zenon Kowal ${crypto.randomUUID().slice(0, 6)}`, email: uniqueEmail("klient") });
    const project = await makeProject(user.id, { clientId: client.id });
    const other = await makeProject(user.id, { name: "Inny projekt" });
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
    expect((await browser.post(`/projects/${other.id}/share`, { intent: "enable" })).status).toBe(302);
    const secret = `Moja choroba przewlekla ${crypto.randomUUID().slice(0, 8)}`;
    const kept = `Pytanie o termin ${crypto.randomUUID().slice(0, 8)}`;
    const posted = await new Browser().post(`${await clientPathOf(project.id)}/messages`, { body: secret, clientKey: freshKey() });
    expect(posted.status).toBeLessThan(400);
    const postedOther = await new Browser().post(`${await clientPathOf(other.id)}/messages`, { body: kept, clientKey: freshKey() });
    expect(postedOther.status).toBeLessThan(400);
    await waitForQueues(user.id, 15_000);
    const before = await findPersonalData([secret]);
    expect(before.some((hit) => hit.startsWith("email_outbox:"))).toBe(true);

    expect(redirectPath(await anonymize(browser, client.id))).toBe("/clients");

    expect(await findPersonalData([secret])).toEqual([]);
    // The notification e-mail about the other client's project stays.
    expect((await findPersonalData([kept])).some((hit) => hit.startsWith("email_outbox:"))).toBe(true);
  });
});
