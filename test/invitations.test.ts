import { env, SELF } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, emailOutbox, invitations, messages, notifications, projects, rateLimits } from "~/db/schema";
import { renderEmail } from "~/emails/templates";
import * as en from "~/i18n/en";
import { clientText, CLIENT_LOCALES } from "~/i18n/client";
import { clientShellText } from "~/i18n/client-shell";
import { activityText, clientLocaleText, common, invitationsText, notificationsText } from "~/i18n/pl";
import { CLIENT_MESSAGE_EMAIL_INTERVAL_MS, emailClientRecipients } from "~/models/client-emails.server";
import { markEmailFailed, type EmailJob } from "~/models/email.server";
import { listInvitations, removeInvitation, sendInvitation, unsubscribeToken, unsubscribeUrl } from "~/models/invitations.server";
import { readClientLink } from "~/models/share.server";
import { sha256Hex } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { escapeHtml } from "~/utils/html";
import { httpProvider } from "../workers/mail-providers";
import { Browser, db, linkFrom, loggedInBrowser, ORIGIN, uniqueEmail, waitForMail } from "./helpers";
import { makeClient, makeProject, makeTask, redirectPath, visibleText } from "./project-helpers";

// "Wyślij zaproszenie", the client's e-mails about new messages and tasks, the unsubscribe link
// and the client page's language, through the real Worker, queue consumer and dev mailbox.

const SCRIPT = "<script>alert(1)</script>";
const REDACTED = "[usunięto po wysłaniu]";

interface Setup {
  sharing?: boolean;
  locale?: "pl" | "en";
}

/** Creates a logged-in freelancer with a project for a client that has a unique address. */
async function setup(options: Setup = {}) {
  const { browser, user } = await loggedInBrowser({ name: "Anna Nowak" });
  const clientEmail = uniqueEmail("klient");
  const client = await makeClient(user.id, { name: "Łukasz Żółć", email: clientEmail });
  const project = await makeProject(user.id, { clientId: client.id, name: "Sklep internetowy" });
  if (options.locale) await db.update(projects).set({ clientLocale: options.locale }).where(eq(projects.id, project.id));
  if (options.sharing) expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
  return { browser, user, client, project, clientEmail };
}

function invite(browser: Browser, projectId: string, form: { email: string; name?: string; message?: string }) {
  return browser.post(`/projects/${projectId}/invitations`, { intent: "send", name: "Łukasz Żółć", message: "", ...form });
}

async function projectRow(projectId: string) {
  const row = await db.query.projects.findFirst({ where: eq(projects.id, projectId) });
  if (!row) throw new Error(`project ${projectId} not found`);
  return row;
}

async function invitationRow(projectId: string, email: string) {
  const row = await db.query.invitations.findFirst({ where: and(eq(invitations.projectId, projectId), eq(invitations.email, email)) });
  if (!row) throw new Error(`no invitation for ${email}`);
  return row;
}

async function outboxRow(outboxId: string | null) {
  const row = await db.query.emailOutbox.findFirst({ where: eq(emailOutbox.id, outboxId ?? "") });
  if (!row) throw new Error(`outbox row ${outboxId} not found`);
  return row;
}

async function projectActions(projectId: string): Promise<string[]> {
  const rows = await db.select().from(activity).where(eq(activity.projectId, projectId)).orderBy(activity.createdAt);
  return rows.map((row) => row.action);
}

/** Polls until `check` returns a value, for work the queue consumer does in the background. */
async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Returns a queue that records what it was given, so the real consumer never receives it. */
function recordingQueue() {
  const sent: unknown[] = [];
  const queue = {
    async send(body: unknown) {
      sent.push(body);
    },
    async sendBatch(messages: { body: unknown }[]) {
      for (const message of messages) sent.push(message.body);
    },
  } as unknown as Queue<EmailJob>;
  return { queue, sent };
}

function invitationDeps(queue: Queue<EmailJob>) {
  return {
    queue,
    origin: ORIGIN,
    encryptionKey: requireSecret(env, "ENCRYPTION_KEY"),
    signingSecret: requireSecret(env, "SESSION_SECRET"),
  };
}

async function panelText(browser: Browser, projectId: string): Promise<string> {
  const page = await browser.get(`/projects/${projectId}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const start = html.indexOf('id="invitations"');
  expect(start).toBeGreaterThan(-1);
  return visibleText(html.slice(start, html.indexOf("</section>", start)));
}

describe("sending an invitation", () => {
  it("queues the e-mail with the client link", async () => {
    const { browser, project, clientEmail, user } = await setup({ sharing: true });
    const response = await invite(browser, project.id, { email: clientEmail });
    expect(redirectPath(response)).toBe(`/projects/${project.id}`);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}#invitations`);

    const invitation = await invitationRow(project.id, clientEmail);
    expect(invitation.userId).toBe(user.id);
    expect(invitation.name).toBe("Łukasz Żółć");
    expect(invitation.sendCount).toBe(1);
    const outbox = await outboxRow(invitation.outboxId);
    expect(outbox.template).toBe("invitation");
    expect(outbox.toAddress).toBe(clientEmail);
    expect(outbox.toName).toBe("Łukasz Żółć");
    expect(await projectActions(project.id)).toContain("invitation.sent");

    const mail = await waitForMail(clientEmail);
    expect(mail.subject).toBe("Anna Nowak zaprasza Cię do projektu „Sklep internetowy”");
    expect(mail.text).toMatch(/^Dzień dobry,\n/);
    expect(mail.text).toContain("Zaproszenie dla: Łukasz Żółć");
    expect(mail.html).toContain('<html lang="pl">');
    const path = linkFrom(mail.text, "/p/");
    const clientLink = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, await projectRow(project.id));
    expect(`${ORIGIN}${path}`).toBe(clientLink);
    const page = await new Browser().get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Sklep internetowy");
    expect(linkFrom(mail.text, "/u/")).toMatch(/^\/u\/[0-9a-f-]{36}\.[0-9a-f]{64}$/);
  });

  it("removes the links from the outbox once sent", async () => {
    const { browser, project, clientEmail } = await setup({ sharing: true });
    await invite(browser, project.id, { email: clientEmail });
    const invitation = await invitationRow(project.id, clientEmail);
    await waitForMail(clientEmail);
    const outbox = await eventually(async () => {
      const row = await outboxRow(invitation.outboxId);
      return row.status === "sent" ? row : null;
    });
    const data = JSON.parse(outbox.data);
    expect(data.clientLinkUrl).toBe(REDACTED);
    expect(data.unsubscribeUrl).toBe(REDACTED);
    expect(outbox.data).not.toContain("/p/");
    expect(outbox.data).not.toContain("/u/");
  });

  it("turns sharing on when it is off", async () => {
    const { browser, project, clientEmail } = await setup();
    expect((await projectRow(project.id)).shareTokenHash).toBeNull();

    const response = await invite(browser, project.id, { email: clientEmail });
    expect(response.status).toBe(302);
    const html = await (await browser.get(response.headers.get("Location") ?? "")).text();
    expect(visibleText(html)).toContain(invitationsText.sentAndShared(clientEmail));

    expect((await projectRow(project.id)).shareTokenHash).not.toBeNull();
    expect(await projectActions(project.id)).toEqual(expect.arrayContaining(["share.enabled", "invitation.sent"]));
    const mail = await waitForMail(clientEmail);
    expect((await new Browser().get(linkFrom(mail.text, "/p/"))).status).toBe(200);
  });

  it("quotes the message as escaped text", async () => {
    const { browser, project, clientEmail } = await setup({ sharing: true });
    const message = `${SCRIPT}\nDruga linia & „cudzysłów”`;
    expect((await invite(browser, project.id, { email: clientEmail, message })).status).toBe(302);

    const mail = await waitForMail(clientEmail);
    expect(mail.html).not.toContain(SCRIPT);
    expect(mail.html).toContain(escapeHtml(message));
    expect(mail.text).toContain(`> ${SCRIPT}`);
    expect(mail.text).toContain("> Druga linia & „cudzysłów”");
  });

  it("lower-cases the address and prefills the client", async () => {
    const { browser, project, clientEmail } = await setup({ sharing: true });
    const html = await (await browser.get(`/projects/${project.id}`)).text();
    expect(html).toContain(`value="${clientEmail}"`);
    expect(html).toContain('value="Łukasz Żółć"');

    expect((await invite(browser, project.id, { email: `  ${clientEmail.toUpperCase()} ` })).status).toBe(302);
    expect((await invitationRow(project.id, clientEmail)).email).toBe(clientEmail);
  });
});

describe("resending an invitation", () => {
  it("keeps the client link", async () => {
    const { browser, project, clientEmail } = await setup({ sharing: true });
    await invite(browser, project.id, { email: clientEmail });
    const firstPath = linkFrom((await waitForMail(clientEmail)).text, "/p/");
    const invitation = await invitationRow(project.id, clientEmail);
    const hashBefore = (await projectRow(project.id)).shareTokenHash;

    const response = await browser.post(`/projects/${project.id}/invitations`, { intent: "resend", invitationId: invitation.id });
    expect(response.status).toBe(302);
    const html = await (await browser.get(response.headers.get("Location") ?? "")).text();
    expect(visibleText(html)).toContain(invitationsText.resentSameLink(clientEmail));

    const second = await waitForMail(clientEmail, 2);
    expect(linkFrom(second.text, "/p/")).toBe(firstPath);
    expect((await projectRow(project.id)).shareTokenHash).toBe(hashBefore);
    expect((await new Browser().get(firstPath)).status).toBe(200);

    const resent = await invitationRow(project.id, clientEmail);
    expect(resent.id).toBe(invitation.id);
    expect(resent.sendCount).toBe(2);
    expect(resent.outboxId).not.toBe(invitation.outboxId);
    expect(await projectActions(project.id)).toEqual(expect.arrayContaining(["invitation.sent", "invitation.resent"]));
  });

  it("treats a second sending to one address as a resend", async () => {
    const { browser, project, clientEmail } = await setup({ sharing: true });
    await invite(browser, project.id, { email: clientEmail, name: "Łukasz" });
    await invite(browser, project.id, { email: clientEmail.toUpperCase(), name: "Łukasz Żółć" });

    const rows = await db.select().from(invitations).where(eq(invitations.projectId, project.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].sendCount).toBe(2);
    expect(rows[0].name).toBe("Łukasz Żółć");
    const mail = await waitForMail(clientEmail, 2);
    expect(mail.text).toContain("Zaproszenie dla: Łukasz Żółć");
  });

  it("returns 404 for another project's invitation", async () => {
    const mine = await setup({ sharing: true });
    const other = await makeProject(mine.user.id, { name: "Drugi projekt" });
    const { queue } = recordingQueue();
    const sent = await sendInvitation(db, invitationDeps(queue), { id: mine.user.id, name: "Anna Nowak" }, await projectRow(other.id), {
      email: uniqueEmail("inny"),
      name: "Jan",
      message: null,
    });
    expect(sent.status).toBe("sent");
    const invitationId = sent.status === "sent" ? sent.invitationId : "";

    const response = await mine.browser.post(`/projects/${mine.project.id}/invitations`, { intent: "resend", invitationId });
    expect(response.status).toBe(404);
    expect((await db.select().from(invitations).where(eq(invitations.id, invitationId)))[0].sendCount).toBe(1);
  });
});

describe("delivery state", () => {
  it("shows queued, then failed with the reason", async () => {
    const { browser, project, clientEmail, user } = await setup({ sharing: true });
    const { queue, sent } = recordingQueue();
    const result = await sendInvitation(db, invitationDeps(queue), { id: user.id, name: "Anna Nowak" }, await projectRow(project.id), {
      email: clientEmail,
      name: "Łukasz Żółć",
      message: null,
    });
    expect(result.status).toBe("sent");
    const invitation = await invitationRow(project.id, clientEmail);
    expect(sent).toEqual([{ outboxId: invitation.outboxId }]);

    let text = await panelText(browser, project.id);
    expect(text).toContain(clientEmail);
    expect(text).toContain(invitationsText.delivery.queued);
    expect(text).toContain(invitationsText.sendCount(1, "raz"));

    const notificationQueue = recordingQueue();
    const reason = "Mail API returned HTTP 550: mailbox unavailable";
    expect(await markEmailFailed(db, invitation.outboxId!, reason, true, notificationQueue.queue)).toBe(true);

    text = await panelText(browser, project.id);
    expect(text).toContain(invitationsText.delivery.failed);
    expect(text).toContain(invitationsText.failedReason(reason));

    const [notification] = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, user.id), eq(notifications.type, "invitation_failed")));
    expect(notification.projectId).toBe(project.id);
    expect(JSON.parse(notification.data)).toEqual({ projectName: "Sklep internetowy", email: clientEmail, name: "Łukasz Żółć", reason });
    expect(notificationQueue.sent).toEqual([{ notificationId: notification.id }]);

    // The dead-letter queue marks the row failed again: no second notification.
    expect(await markEmailFailed(db, invitation.outboxId!, null, true, notificationQueue.queue)).toBe(true);
    const failed = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, user.id), eq(notifications.type, "invitation_failed")));
    expect(failed).toHaveLength(1);
  });

  it("shows sent and notifies the freelancer", async () => {
    const { browser, project, clientEmail, user } = await setup({ sharing: true });
    await invite(browser, project.id, { email: clientEmail });
    await waitForMail(clientEmail);
    const notification = await eventually(async () => {
      const [row] = await db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, user.id), eq(notifications.type, "invitation_delivered")));
      return row;
    });
    expect(notification.projectId).toBe(project.id);
    expect(JSON.parse(notification.data)).toEqual({ projectName: "Sklep internetowy", email: clientEmail, name: "Łukasz Żółć" });
    expect(notification.data).not.toContain("/p/");

    const text = await panelText(browser, project.id);
    expect(text).toContain(invitationsText.delivery.sent);
    expect(text).toContain(invitationsText.resend);
  });

  it("notifies nothing for an e-mail that is not an invitation", async () => {
    const { user } = await setup();
    const notificationQueue = recordingQueue();
    const outboxId = crypto.randomUUID();
    const now = new Date().toISOString();
    await db.insert(emailOutbox).values({
      id: outboxId,
      userId: user.id,
      toAddress: uniqueEmail("inny"),
      template: "activation",
      data: JSON.stringify({ activationUrl: `${ORIGIN}/activate/x` }),
      status: "sending",
      createdAt: now,
      updatedAt: now,
    });
    expect(await markEmailFailed(db, outboxId, "HTTP 500", true, notificationQueue.queue)).toBe(true);
    expect(notificationQueue.sent).toEqual([]);
    expect(await db.select().from(notifications).where(eq(notifications.userId, user.id))).toEqual([]);
  });
});

describe("invitation form validation", () => {
  async function expectRejected(form: { email: string; name?: string; message?: string }, message: string, kept: string[]) {
    const { browser, project, user } = await setup({ sharing: true });
    const response = await invite(browser, project.id, form);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(escapeHtml(message));
    for (const value of kept) expect(html).toContain(value);
    expect(await db.select().from(invitations).where(eq(invitations.userId, user.id))).toEqual([]);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id))).toEqual([]);
  }

  it("rejects an invalid address", async () => {
    await expectRejected({ email: "jan@", name: "Jan Kowalski" }, common.invalidEmail, ['value="jan@"', 'value="Jan Kowalski"']);
  });

  it("rejects a missing name", async () => {
    await expectRejected({ email: "jan@example.com", name: "" }, common.required, ['value="jan@example.com"']);
  });

  it("rejects CR-LF in the name", async () => {
    await expectRejected({ email: "jan@example.com", name: "Jan\r\nBcc: x@example.com" }, common.singleLine, ['value="jan@example.com"']);
  });

  it("rejects a message over the limit", async () => {
    const message = "ż".repeat(2001);
    await expectRejected({ email: "jan@example.com", message }, invitationsText.messageTooLong(2000, 2001), [`>${message}</textarea>`]);
  });

  it("accepts a message at the limit", async () => {
    const { browser, project, clientEmail } = await setup({ sharing: true });
    expect((await invite(browser, project.id, { email: clientEmail, message: "ż".repeat(2000) })).status).toBe(302);
  });

  it("rejects an unknown intent", async () => {
    const { browser, project } = await setup();
    expect((await browser.post(`/projects/${project.id}/invitations`, { intent: "drop" })).status).toBe(400);
  });

  it("limits sendings to one address", async () => {
    const { browser, project, clientEmail } = await setup({ sharing: true });
    for (let i = 0; i < 3; i++) expect((await invite(browser, project.id, { email: clientEmail })).status).toBe(302);
    const response = await invite(browser, project.id, { email: clientEmail });
    expect(response.status).toBe(429);
    expect(await response.text()).toContain(escapeHtml(invitationsText.addressRateLimited(clientEmail)));
    expect((await invitationRow(project.id, clientEmail)).sendCount).toBe(3);
  });
});

describe("invitations of another freelancer", () => {
  it("returns 404 for the form and the page", async () => {
    const mine = await setup();
    const theirs = await setup();
    const response = await invite(mine.browser, theirs.project.id, { email: uniqueEmail("x") });
    expect(response.status).toBe(404);
    expect((await mine.browser.get(`/projects/${theirs.project.id}/invitations`)).status).toBe(404);
    expect(await db.select().from(invitations).where(eq(invitations.projectId, theirs.project.id))).toEqual([]);
    expect((await projectRow(theirs.project.id)).shareTokenHash).toBeNull();
  });
});

describe("invitations page", () => {
  it("lists every invitation with pages", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const { queue } = recordingQueue();
    const projectData = await projectRow(project.id);
    for (let i = 0; i < 22; i++) {
      const result = await sendInvitation(db, invitationDeps(queue), { id: user.id, name: "Anna Nowak" }, projectData, {
        email: `klient-${i}@example.com`,
        name: `Klient ${i}`,
        message: null,
      });
      expect(result.status).toBe("sent");
    }
    const panel = await panelText(browser, project.id);
    expect(panel).toContain(invitationsText.showAll(22));

    const first = await (await browser.get(`/projects/${project.id}/invitations`)).text();
    expect(first.match(/data-testid="invitation"/g)).toHaveLength(20);
    const second = await (await browser.get(`/projects/${project.id}/invitations?page=2`)).text();
    expect(second.match(/data-testid="invitation"/g)).toHaveLength(2);
    const list = await listInvitations(db, user.id, project.id, { limit: 5 });
    expect(list.total).toBe(22);
    expect(list.hasMore).toBe(true);
  });
});

/** Invites the addresses through the model, delivering nothing, and returns the invitation ids. */
async function inviteQuietly(user: { id: string }, projectId: string, emails: string[]) {
  const { queue } = recordingQueue();
  const ids: string[] = [];
  for (const email of emails) {
    const result = await sendInvitation(db, invitationDeps(queue), { id: user.id, name: "Anna Nowak" }, await projectRow(projectId), {
      email,
      name: "Łukasz Żółć",
      message: null,
    });
    if (result.status !== "sent") throw new Error(`invitation not sent: ${result.status}`);
    ids.push(result.invitationId);
  }
  return ids;
}

async function outboxTo(address: string, template: string) {
  return db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, address), eq(emailOutbox.template, template)));
}

describe("unsubscribe link", () => {
  it("GET asks, POST unsubscribes", async () => {
    const { browser, project, user, clientEmail } = await setup({ sharing: true });
    const [invitationId] = await inviteQuietly(user, project.id, [clientEmail]);
    const path = `/u/${await unsubscribeToken(requireSecret(env, "SESSION_SECRET"), invitationId)}`;

    const page = await new Browser().get(path);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    expect(page.headers.get("X-Robots-Tag")).toBe("noindex");
    const html = await page.text();
    expect(html).toContain('<html lang="pl"');
    expect(visibleText(html)).toContain(clientText("pl").unsubscribe.prompt(clientEmail, "Sklep internetowy"));
    expect((await invitationRow(project.id, clientEmail)).unsubscribedAt).toBeNull();

    const client = new Browser();
    const response = await client.post(path, {});
    expect(response.status).toBe(302);
    expect((await invitationRow(project.id, clientEmail)).unsubscribedAt).not.toBeNull();
    const done = visibleText(await (await client.get(response.headers.get("Location") ?? "")).text());
    expect(done).toContain(clientText("pl").unsubscribe.done(clientEmail, "Sklep internetowy"));
    expect(done).toContain(clientText("pl").unsubscribe.unsubscribed);

    const actions = await projectActions(project.id);
    expect(actions.filter((action) => action === "invitation.unsubscribed")).toHaveLength(1);
    expect((await client.post(path, {})).status).toBe(302);
    expect((await projectActions(project.id)).filter((action) => action === "invitation.unsubscribed")).toHaveLength(1);

    const panel = await panelText(browser, project.id);
    expect(panel).toContain("Wypisano z e-maili o projekcie");
    expect(panel).not.toContain(invitationsText.resend);
    const timeline = visibleText(await (await browser.get(`/projects/${project.id}`)).text());
    expect(timeline).toContain(activityText.invitationUnsubscribed(clientEmail));

    // Sending to the address again is rejected, with a pointer to the link.
    const again = await invite(browser, project.id, { email: clientEmail });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(escapeHtml(invitationsText.unsubscribed(clientEmail)));
  });

  it("accepts the one-click POST without an Origin", async () => {
    const { project, user, clientEmail } = await setup({ sharing: true });
    const [invitationId] = await inviteQuietly(user, project.id, [clientEmail]);
    const url = await unsubscribeUrl(ORIGIN, requireSecret(env, "SESSION_SECRET"), invitationId);
    const response = await SELF.fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    expect((await invitationRow(project.id, clientEmail)).unsubscribedAt).not.toBeNull();
  });

  it("returns 404 for forged tokens", async () => {
    const { project, user, clientEmail } = await setup({ sharing: true });
    const other = await makeProject(user.id, { name: "Drugi projekt" });
    const [invitationId] = await inviteQuietly(user, project.id, [clientEmail]);
    const [otherId] = await inviteQuietly(user, other.id, [uniqueEmail("drugi")]);
    const secret = requireSecret(env, "SESSION_SECRET");
    const valid = await unsubscribeToken(secret, invitationId);
    const otherSignature = (await unsubscribeToken(secret, otherId)).split(".")[1];
    const candidates = [
      `${invitationId}.${otherSignature}`,
      `${otherId}.${valid.split(".")[1]}`,
      `${invitationId}.${"0".repeat(64)}`,
      `${invitationId}.${valid.split(".")[1].toUpperCase()}`,
      invitationId,
      "abc",
      `${crypto.randomUUID()}.${valid.split(".")[1]}`,
    ];
    for (const token of candidates) {
      expect((await new Browser().get(`/u/${token}`)).status).toBe(404);
      expect((await new Browser().post(`/u/${token}`, {})).status).toBe(404);
    }
    // A valid token made with another secret does not work either.
    const foreign = await unsubscribeToken("another-secret", invitationId);
    expect((await new Browser().post(`/u/${foreign}`, {})).status).toBe(404);

    const rows = await db.select().from(invitations).where(eq(invitations.userId, user.id));
    expect(rows.every((row) => row.unsubscribedAt === null)).toBe(true);
    const page = await (await new Browser().get(`/u/${invitationId}.${otherSignature}`)).text();
    expect(page).toContain(clientShellText.pl.unsubscribeNotFoundText);
    expect(page).toContain(clientShellText.en.unsubscribeNotFoundText);
  });
});

describe("client e-mails", () => {
  it("tell invited addresses about a task to accept", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const [invited, unsubscribed, bystander] = [uniqueEmail("a"), uniqueEmail("b"), uniqueEmail("c")];
    const [, unsubscribedId] = await inviteQuietly(user, project.id, [invited, unsubscribed]);
    const token = await unsubscribeToken(requireSecret(env, "SESSION_SECRET"), unsubscribedId);
    expect((await new Browser().post(`/u/${token}`, {})).status).toBe(302);

    const response = await browser.post(`/projects/${project.id}`, {
      intent: "add-task",
      name: `Logo ${SCRIPT}`,
      amount: "1234,56",
      requiresAcceptance: "on",
    });
    expect(response.status).toBe(302);

    const mail = await waitForMail(invited);
    expect(mail.subject).toBe("Nowe zadanie czeka na Twoją akceptację w projekcie „Sklep internetowy”");
    expect(mail.text).toContain(`„Logo ${SCRIPT}”: 1 234,56\u00a0zł`);
    expect(mail.text).toContain("czeka na Twoją akceptację");
    expect(mail.html).not.toContain(SCRIPT);
    expect(mail.html).toContain(escapeHtml(`Logo ${SCRIPT}`));
    expect((await new Browser().get(linkFrom(mail.text, "/p/"))).status).toBe(200);
    expect(linkFrom(mail.text, "/u/")).toMatch(/^\/u\//);

    expect(await outboxTo(unsubscribed, "client_task")).toEqual([]);
    expect(await outboxTo(bystander, "client_task")).toEqual([]);

    // A task that needs no acceptance sends no e-mail.
    await browser.post(`/projects/${project.id}`, { intent: "add-task", name: "Hosting", amount: "99" });
    expect(await outboxTo(invited, "client_task")).toHaveLength(1);
  });

  it("tell invited addresses about a message, once per interval", async () => {
    const { project, user } = await setup({ sharing: true });
    const [invited, unsubscribed] = [uniqueEmail("a"), uniqueEmail("b")];
    const [, unsubscribedId] = await inviteQuietly(user, project.id, [invited, unsubscribed]);
    await db.update(invitations).set({ unsubscribedAt: new Date().toISOString() }).where(eq(invitations.id, unsubscribedId));

    async function post(author: "freelancer" | "client", body: string, seq: number) {
      const id = crypto.randomUUID();
      await db.insert(messages).values({ id, userId: user.id, projectId: project.id, seq, author, body });
      await emailClientRecipients(env, db, { id: project.id, userId: user.id }, { kind: "message", messageId: id });
      return id;
    }

    await post("freelancer", `Dzień dobry ${SCRIPT}\n${"x".repeat(400)}`, 1);
    const mail = await waitForMail(invited);
    expect(mail.subject).toBe("Nowa wiadomość w projekcie „Sklep internetowy”");
    expect(mail.html).not.toContain(SCRIPT);
    expect(mail.html).toContain(escapeHtml(`Dzień dobry ${SCRIPT}`));
    expect(mail.text).toContain("…");
    expect(mail.text).not.toContain("x".repeat(400));
    expect(await outboxTo(unsubscribed, "client_message")).toEqual([]);

    // A second message within the interval, and the client's own message, send no e-mail.
    await post("freelancer", "Druga wiadomość", 2);
    await post("client", "Odpowiedź klienta", 3);
    expect(await outboxTo(invited, "client_message")).toHaveLength(1);

    // Once the interval has passed, the next message is e-mailed again.
    const earlier = new Date(Date.now() - CLIENT_MESSAGE_EMAIL_INTERVAL_MS - 1000).toISOString();
    await db.update(invitations).set({ messageEmailedAt: earlier }).where(eq(invitations.email, invited));
    await post("freelancer", "Trzecia wiadomość", 4);
    expect(await outboxTo(invited, "client_message")).toHaveLength(2);
  });

  it("send nothing while sharing is off", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const invited = uniqueEmail("a");
    await inviteQuietly(user, project.id, [invited]);
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "disable" })).status).toBe(302);
    await browser.post(`/projects/${project.id}`, { intent: "add-task", name: "Logo", amount: "100", requiresAcceptance: "on" });
    expect(await outboxTo(invited, "client_task")).toEqual([]);
  });
});

describe("client language", () => {
  it("is set on the project form", async () => {
    const { browser, project, client } = await setup();
    const form = await (await browser.get(`/projects/${project.id}`)).text();
    expect(form).toContain(clientLocaleText.label);

    const response = await browser.post(`/projects/${project.id}`, {
      intent: "update-project",
      name: project.name,
      deadline: "",
      client: client.id,
      clientLocale: "en",
    });
    expect(response.status).toBe(302);
    expect((await projectRow(project.id)).clientLocale).toBe("en");
    const timeline = visibleText(await (await browser.get(`/projects/${project.id}`)).text());
    expect(timeline).toContain(activityText.projectClientLocaleChanged("polski", "English"));

    const invalid = await browser.post(`/projects/${project.id}`, {
      intent: "update-project",
      name: project.name,
      deadline: "",
      client: client.id,
      clientLocale: "de",
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain(clientLocaleText.invalid);
    expect((await projectRow(project.id)).clientLocale).toBe("en");
  });

  it("makes the client page English", async () => {
    const { browser, project, clientEmail, user } = await setup({ sharing: true, locale: "en" });
    const task = await makeTask(user.id, project.id, { name: "Logo", amount: 123_456, requiresAcceptance: true });
    const path = new URL((await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, await projectRow(project.id)))!).pathname;

    const html = await (await new Browser().get(path)).text();
    expect(html).toContain('<html lang="en"');
    const text = visibleText(html);
    for (const label of [en.clientPortalText.progressTitle, en.clientPortalText.tasksTitle, en.clientPortalText.accept, en.clientPortalText.summaryTitle]) {
      expect(text).toContain(label);
    }
    expect(text).toContain("1 task is waiting for you to accept the amount.");
    expect(text).not.toContain("Postęp projektu");
    expect(text).not.toContain("Akceptuję");

    // The decision's toast and its close button speak English too.
    const client = new Browser();
    const decided = await client.post(path, { taskId: task.id, version: "1", decision: "accepted", comment: "" });
    expect(decided.status).toBe(302);
    const after = visibleText(await (await client.get(path)).text());
    expect(after).toContain(en.clientPortalText.accepted("Logo"));
    expect(after).toContain(clientShellText.en.close);

    // A too-long comment is rejected in English.
    const other = await makeTask(user.id, project.id, { name: "Banner", amount: 10_000, requiresAcceptance: true });
    const tooLong = await client.post(path, { taskId: other.id, version: "1", decision: "rejected", comment: "x".repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain(en.clientPortalText.commentTooLong(1001, "characters"));

    // The invitation and the unsubscribe page are English as well.
    await invite(browser, project.id, { email: clientEmail, name: "John Smith" });
    const mail = await waitForMail(clientEmail);
    expect(mail.subject).toBe("Anna Nowak invites you to the project “Sklep internetowy”");
    expect(mail.text).toMatch(/^Hello,\n/);
    expect(mail.text).toContain("Invitation for: John Smith");
    expect(mail.html).toContain('<html lang="en">');
    const unsubscribe = await new Browser().get(linkFrom(mail.text, "/u/"));
    const unsubscribeHtml = await unsubscribe.text();
    expect(unsubscribeHtml).toContain('<html lang="en"');
    expect(unsubscribeHtml).toContain(en.clientUnsubscribeText.submit);
  });

  it("keeps the 404 page in both languages", async () => {
    const html = await (await new Browser().get(`/p/${"A".repeat(43)}`)).text();
    for (const locale of CLIENT_LOCALES) expect(html).toContain(clientShellText[locale].notFoundText);
  });

  it("has every client text in both languages", () => {
    function walk(pl: unknown, english: unknown, path: string) {
      if (typeof pl === "function") {
        expect(typeof english, path).toBe("function");
        const args = Array.from({ length: (pl as (...a: unknown[]) => unknown).length }, () => 2);
        const plText = (pl as (...a: unknown[]) => unknown)(...args);
        const enText = (english as (...a: unknown[]) => unknown)(...args);
        expect(typeof enText, path).toBe("string");
        expect((enText as string).trim().length, path).toBeGreaterThan(0);
        expect(typeof plText, path).toBe("string");
        expect((plText as string).trim().length, path).toBeGreaterThan(0);
        return;
      }
      if (typeof pl === "string") {
        expect(typeof english, path).toBe("string");
        expect((english as string).trim().length, path).toBeGreaterThan(0);
        expect(pl.trim().length, path).toBeGreaterThan(0);
        return;
      }
      if (pl && typeof pl === "object") {
        expect(english && typeof english === "object", path).toBe(true);
        expect(Object.keys(english as object).sort(), path).toEqual(Object.keys(pl).sort());
        for (const key of Object.keys(pl)) walk((pl as Record<string, unknown>)[key], (english as Record<string, unknown>)[key], `${path}.${key}`);
      }
    }
    walk(clientText("pl"), { ...clientText("en"), locale: "pl" }, "client");
    expect(clientText("en").locale).toBe("en");
    expect(clientText("xx").locale).toBe("pl");
  });
});

describe("List-Unsubscribe headers", () => {
  it("are set on client e-mails and passed to the mail API", async () => {
    const rendered = renderEmail("client_task", {
      locale: "pl",
      projectName: "Sklep",
      freelancerName: "Anna",
      recipientName: null,
      clientLinkUrl: `${ORIGIN}/p/token`,
      unsubscribeUrl: `${ORIGIN}/u/token`,
      taskName: "Logo",
      amount: 100,
    });
    expect(rendered.headers).toEqual({
      "List-Unsubscribe": `<${ORIGIN}/u/token>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(renderEmail("activation", { activationUrl: `${ORIGIN}/activate/x` }).headers).toBeUndefined();

    const requests: Request[] = [];
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return Response.json({ id: "m-1" });
    }) as typeof fetch;
    const provider = httpProvider({ url: "https://mail.example/send", apiKey: "key" }, fetcher);
    await provider.send({ outboxId: "o-1", from: "a@example.com", to: "b@example.com", toName: null, ...rendered });
    const body = (await requests[0].json()) as { headers?: Record<string, string> };
    expect(body.headers).toEqual(rendered.headers);
  });
});

/** Returns the HTML of the project page's invitations panel. */
async function panelHtml(browser: Browser, projectId: string): Promise<string> {
  const html = await (await browser.get(`/projects/${projectId}`)).text();
  const start = html.indexOf('id="invitations"');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
}

async function currentClientLink(projectId: string): Promise<string> {
  const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, await projectRow(projectId));
  if (!link) throw new Error(`sharing is off for project ${projectId}`);
  return link;
}

async function addTaskToAccept(browser: Browser, projectId: string, name: string) {
  const response = await browser.post(`/projects/${projectId}`, { intent: "add-task", name, amount: "100", requiresAcceptance: "on" });
  expect(response.status).toBe(302);
}

async function postFreelancerMessage(user: { id: string }, projectId: string, seq: number) {
  const id = crypto.randomUUID();
  await db.insert(messages).values({ id, userId: user.id, projectId, seq, author: "freelancer", body: `Wiadomość ${seq}` });
  await emailClientRecipients(env, db, { id: projectId, userId: user.id }, { kind: "message", messageId: id });
}

describe("client link changes", () => {
  it("regeneration stops e-mails until a resend", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const invited = uniqueEmail("a");
    const [invitationId] = await inviteQuietly(user, project.id, [invited]);
    const hashBefore = (await projectRow(project.id)).shareTokenHash;
    expect((await invitationRow(project.id, invited)).sentShareTokenHash).toBe(hashBefore);
    expect(await panelText(browser, project.id)).not.toContain(invitationsText.linkOutdated);

    expect((await browser.post(`/projects/${project.id}/share`, { intent: "regenerate" })).status).toBe(302);
    await addTaskToAccept(browser, project.id, "Logo");
    await postFreelancerMessage(user, project.id, 1);
    expect(await outboxTo(invited, "client_task")).toEqual([]);
    expect(await outboxTo(invited, "client_message")).toEqual([]);
    expect(await panelText(browser, project.id)).toContain(invitationsText.linkOutdated);

    // The resend carries the new link, says so, and lets the address back in.
    const response = await browser.post(`/projects/${project.id}/invitations`, { intent: "resend", invitationId });
    expect(response.status).toBe(302);
    const page = visibleText(await (await browser.get(response.headers.get("Location") ?? "")).text());
    expect(page).toContain(invitationsText.resentNewLink(invited));
    const mail = await waitForMail(invited);
    expect(`${ORIGIN}${linkFrom(mail.text, "/p/")}`).toBe(await currentClientLink(project.id));
    const hashAfter = (await projectRow(project.id)).shareTokenHash;
    expect(hashAfter).not.toBe(hashBefore);
    expect((await invitationRow(project.id, invited)).sentShareTokenHash).toBe(hashAfter);
    expect(await panelText(browser, project.id)).not.toContain(invitationsText.linkOutdated);

    await addTaskToAccept(browser, project.id, "Banner");
    const [taskEmail] = await outboxTo(invited, "client_task");
    expect(taskEmail).toBeDefined();
    expect(JSON.parse(taskEmail.data).taskName).toBe("Banner");
  });

  it("disabling and enabling stops e-mails", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const invited = uniqueEmail("a");
    const [invitationId] = await inviteQuietly(user, project.id, [invited]);

    expect((await browser.post(`/projects/${project.id}/share`, { intent: "disable" })).status).toBe(302);
    expect(await panelText(browser, project.id)).toContain(invitationsText.linkOutdated);
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
    await addTaskToAccept(browser, project.id, "Logo");
    await postFreelancerMessage(user, project.id, 1);
    expect(await outboxTo(invited, "client_task")).toEqual([]);
    expect(await outboxTo(invited, "client_message")).toEqual([]);
    expect(await panelText(browser, project.id)).toContain(invitationsText.linkOutdated);

    // A resend while sharing is off turns it on with a new link, and the toast says both.
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "disable" })).status).toBe(302);
    const response = await browser.post(`/projects/${project.id}/invitations`, { intent: "resend", invitationId });
    expect(response.status).toBe(302);
    const page = visibleText(await (await browser.get(response.headers.get("Location") ?? "")).text());
    expect(page).toContain(invitationsText.resentAndShared(invited));
    expect((await invitationRow(project.id, invited)).sentShareTokenHash).toBe((await projectRow(project.id)).shareTokenHash);
  });

  it("e-mails only addresses with the current link", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const [early, late] = [uniqueEmail("early"), uniqueEmail("late")];
    await inviteQuietly(user, project.id, [early]);
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "regenerate" })).status).toBe(302);
    await inviteQuietly(user, project.id, [late]);

    await addTaskToAccept(browser, project.id, "Logo");
    expect(await outboxTo(early, "client_task")).toEqual([]);
    const [lateEmail] = await outboxTo(late, "client_task");
    expect(JSON.parse(lateEmail.data).clientLinkUrl).toBe(await currentClientLink(project.id));

    const list = await listInvitations(db, user.id, project.id, { limit: 5 });
    expect(Object.fromEntries(list.items.map((item) => [item.email, item.linkOutdated]))).toEqual({ [early]: true, [late]: false });
  });

  it("does not mark an unsubscribed address outdated", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const invited = uniqueEmail("a");
    const [invitationId] = await inviteQuietly(user, project.id, [invited]);
    await db.update(invitations).set({ unsubscribedAt: new Date().toISOString() }).where(eq(invitations.id, invitationId));
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "regenerate" })).status).toBe(302);
    const [item] = (await listInvitations(db, user.id, project.id, { limit: 5 })).items;
    expect(item.linkOutdated).toBe(false);
  });
});

describe("removing an invitation", () => {
  it("deletes it and stops its e-mails", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const [removed, kept] = [uniqueEmail("removed"), uniqueEmail("kept")];
    const [removedId] = await inviteQuietly(user, project.id, [removed, kept]);

    const html = await panelHtml(browser, project.id);
    expect(html).toContain(escapeHtml(invitationsText.removeWarning(removed)));
    expect(html).toContain(invitationsText.removeConfirm);
    expect(html).toContain('<details');

    const response = await browser.post(`/projects/${project.id}/invitations`, { intent: "remove", invitationId: removedId });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}#invitations`);
    const page = visibleText(await (await browser.get(response.headers.get("Location") ?? "")).text());
    expect(page).toContain(invitationsText.removed(removed));
    expect(page).toContain(activityText.invitationRemoved(removed));
    expect(await db.select().from(invitations).where(eq(invitations.id, removedId))).toEqual([]);

    const [row] = await db
      .select()
      .from(activity)
      .where(and(eq(activity.projectId, project.id), eq(activity.action, "invitation.removed")));
    expect(row.userId).toBe(user.id);
    expect(row.subjectId).toBe(removedId);
    expect(JSON.parse(row.data)).toEqual({ email: removed, name: "Łukasz Żółć" });

    await addTaskToAccept(browser, project.id, "Logo");
    await postFreelancerMessage(user, project.id, 1);
    expect(await outboxTo(removed, "client_task")).toEqual([]);
    expect(await outboxTo(removed, "client_message")).toEqual([]);
    expect(await outboxTo(kept, "client_task")).toHaveLength(1);

    // A second removal finds nothing.
    expect((await browser.post(`/projects/${project.id}/invitations`, { intent: "remove", invitationId: removedId })).status).toBe(404);
    expect(await projectActions(project.id)).toEqual(expect.arrayContaining(["invitation.removed"]));
    expect((await projectActions(project.id)).filter((action) => action === "invitation.removed")).toHaveLength(1);
  });

  it("returns 404 for another freelancer's invitation", async () => {
    const mine = await setup({ sharing: true });
    const theirs = await setup({ sharing: true });
    const [theirId] = await inviteQuietly(theirs.user, theirs.project.id, [uniqueEmail("theirs")]);

    for (const projectId of [mine.project.id, theirs.project.id]) {
      const response = await mine.browser.post(`/projects/${projectId}/invitations`, { intent: "remove", invitationId: theirId });
      expect(response.status).toBe(404);
    }
    expect(await db.select().from(invitations).where(eq(invitations.id, theirId))).toHaveLength(1);
    expect(await projectActions(theirs.project.id)).not.toContain("invitation.removed");

    // The model checks the owner too, whatever row it is given.
    const [theirRow] = await db.select().from(invitations).where(eq(invitations.id, theirId));
    expect(await removeInvitation(db, { ...theirRow, userId: mine.user.id })).toBe("not_found");
    expect(await db.select().from(invitations).where(eq(invitations.id, theirId))).toHaveLength(1);
  });

  it("keeps an unsubscribed invitation", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const invited = uniqueEmail("a");
    const [invitationId] = await inviteQuietly(user, project.id, [invited]);
    await db.update(invitations).set({ unsubscribedAt: new Date().toISOString() }).where(eq(invitations.id, invitationId));
    expect(await panelText(browser, project.id)).not.toContain(invitationsText.remove);

    const response = await browser.post(`/projects/${project.id}/invitations`, { intent: "remove", invitationId });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain(escapeHtml(invitationsText.removeUnsubscribed(invited)));
    expect(await db.select().from(invitations).where(eq(invitations.id, invitationId))).toHaveLength(1);
    expect(await projectActions(project.id)).not.toContain("invitation.removed");
  });

  it("rejects a malformed id", async () => {
    const { browser, project } = await setup({ sharing: true });
    const response = await browser.post(`/projects/${project.id}/invitations`, { intent: "remove", invitationId: "abc" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(escapeHtml(invitationsText.invalidIntent));
  });
});

describe("copy link action", () => {
  it("points each row to the share section", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    await inviteQuietly(user, project.id, [uniqueEmail("a"), uniqueEmail("b")]);
    const href = `href="/projects/${project.id}#share-title"`;

    for (const html of [await panelHtml(browser, project.id), await (await browser.get(`/projects/${project.id}/invitations`)).text()]) {
      const copyLinks = html.match(/<a [^>]*data-testid="copy-link"[^>]*>/g) ?? [];
      expect(copyLinks).toHaveLength(2);
      for (const link of copyLinks) expect(link).toContain(href);
      expect(visibleText(html)).toContain(invitationsText.copyLink);
    }

    // With sharing off there is no link to copy.
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "disable" })).status).toBe(302);
    expect(await panelHtml(browser, project.id)).not.toContain('data-testid="copy-link"');
  });
});

describe("invitation text checks", () => {
  const BIDI_CHARACTERS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"];

  it("rejects bidi characters in the message", async () => {
    const { browser, project, user, clientEmail } = await setup({ sharing: true });
    for (const character of BIDI_CHARACTERS) {
      const response = await invite(browser, project.id, { email: clientEmail, message: `Faktura ${character}fdp.exe` });
      expect(response.status, `U+${character.codePointAt(0)?.toString(16)}`).toBe(400);
      expect(await response.text()).toContain(escapeHtml(invitationsText.messageInvalidCharacters));
    }
    expect(await db.select().from(invitations).where(eq(invitations.userId, user.id))).toEqual([]);
  });

  it("rejects bidi characters in the name", async () => {
    const { browser, project, user, clientEmail } = await setup({ sharing: true });
    const response = await invite(browser, project.id, { email: clientEmail, name: "Jan \u202eikswolwoK" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(escapeHtml(invitationsText.nameInvalidCharacters));
    expect(await db.select().from(invitations).where(eq(invitations.userId, user.id))).toEqual([]);
  });

  it("keeps the right-to-left marks", async () => {
    const { browser, project, clientEmail } = await setup({ sharing: true });
    expect((await invite(browser, project.id, { email: clientEmail, message: "שלום\u200f 123" })).status).toBe(302);
  });
});

describe("refused sendings", () => {
  it("do not count toward the address limit", async () => {
    const { browser, project, user } = await setup({ sharing: true });
    const invited = uniqueEmail("a");
    const [invitationId] = await inviteQuietly(user, project.id, [invited]);
    await db.update(invitations).set({ unsubscribedAt: new Date().toISOString() }).where(eq(invitations.id, invitationId));

    for (let i = 0; i < 4; i++) {
      const response = await invite(browser, project.id, { email: invited });
      expect(response.status, `attempt ${i + 1}`).toBe(409);
      expect(await response.text()).toContain(escapeHtml(invitationsText.unsubscribed(invited)));
    }
    const resend = await browser.post(`/projects/${project.id}/invitations`, { intent: "resend", invitationId });
    expect(resend.status).toBe(409);
    const addressKey = `invitation:address:${await sha256Hex(`${project.id}:${invited}`)}`;
    for (const key of [`invitation:account:${user.id}`, addressKey]) {
      expect(await db.select().from(rateLimits).where(eq(rateLimits.key, key)), key).toEqual([]);
    }
  });
});

describe("invitation wording", () => {
  it("greets a company neutrally in both languages", () => {
    const data = {
      projectName: "Sklep",
      freelancerName: "Anna Nowak",
      recipientName: "Kowalski Sp. z o.o.",
      clientLinkUrl: `${ORIGIN}/p/token`,
      unsubscribeUrl: `${ORIGIN}/u/token`,
      message: null,
    };
    const pl = renderEmail("invitation", { ...data, locale: "pl" });
    expect(pl.text).toMatch(/^Dzień dobry,\n\nZaproszenie dla: Kowalski Sp\. z o\.o\.\n/);
    expect(pl.html).toContain("Zaproszenie dla: Kowalski Sp. z o.o.");
    const english = renderEmail("invitation", { ...data, locale: "en" });
    expect(english.text).toMatch(/^Hello,\n\nInvitation for: Kowalski Sp\. z o\.o\.\n/);

    // Without a name the invitation has no recipient line.
    expect(renderEmail("invitation", { ...data, locale: "pl", recipientName: null }).text).not.toContain("Zaproszenie dla:");
  });

  it("names refusals and failures plainly", () => {
    expect(notificationsText.types.invitation_failed).toBe("Nie udało się wysłać zaproszenia");
    expect(activityText.invitationUnsubscribed("jan@example.com")).toBe("Odbiorca jan@example.com wypisał się z e-maili o projekcie");
    expect(invitationsText.unsubscribed("jan@example.com")).toMatch(/^Odbiorca jan@example\.com wypisał się z e-maili o tym projekcie/);
  });
});
