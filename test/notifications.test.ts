import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, devMailbox, emailOutbox, notificationDigests, notificationPrefs, notifications } from "~/db/schema";
import { renderEmail, type NotificationDigestEmailData } from "~/emails/templates";
import { notificationsText, settingsText } from "~/i18n/pl";
import { createClient } from "~/models/clients.server";
import type { EmailJob } from "~/models/email.server";
import {
  countUnreadNotifications,
  DEFAULT_NOTIFICATION_PREFS,
  dispatchNotifications,
  getNotificationPrefs,
  NOTIFICATION_TYPES,
  NOTIFICATIONS_PAGE_SIZE,
  notificationOutboxId,
  redispatchStrandedNotifications,
  sendDueDigests,
  unreadCountQuery,
  warsawClock,
  type NotificationJob,
  type NotificationType,
} from "~/models/notifications.server";
import { createProject } from "~/models/projects.server";
import { readClientLink } from "~/models/share.server";
import { addTask } from "~/models/tasks.server";
import { requireSecret } from "~/utils/env.server";
import { formatMoney } from "~/utils/money";
import { handleEmailBatch, type EmailQueueMessage } from "../workers/email";
import { mailboxProvider } from "../workers/mail-providers";
import { runScheduledMaintenance } from "../workers/scheduled";
import { Browser, createActiveUser, db, loggedInBrowser, ORIGIN, waitForMail } from "./helpers";
import { makeProject, visibleText } from "./project-helpers";

// The freelancer's notifications: preferences, the feed and its unread count, the e-mail
// consumer, the 8:00 digest and the notification written when the client decides on a task.

const t = notificationsText;

/** Returns a queue that records what was sent, so the real consumer never receives it. */
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

interface NotificationFixture {
  type?: NotificationType;
  data?: Record<string, unknown>;
  createdAt?: string;
  emailState?: "pending" | "none" | "sent" | "digest" | "digested";
  readAt?: string | null;
}

/** Writes a notification row directly, with the chosen state and time. */
async function addNotification(userId: string, projectId: string | null, fixture: NotificationFixture = {}) {
  const id = crypto.randomUUID();
  await db.insert(notifications).values({
    id,
    userId,
    projectId,
    type: fixture.type ?? "message",
    data: JSON.stringify(fixture.data ?? { excerpt: "Dzień dobry, mam pytanie." }),
    createdAt: fixture.createdAt ?? new Date().toISOString(),
    emailState: fixture.emailState ?? "pending",
    readAt: fixture.readAt ?? null,
  });
  return id;
}

async function notificationRow(id: string) {
  const row = await db.query.notifications.findFirst({ where: eq(notifications.id, id) });
  if (!row) throw new Error(`notification ${id} not found`);
  return row;
}

async function setPref(userId: string, type: NotificationType, inFeed: boolean, email: "off" | "immediate" | "digest") {
  await db
    .insert(notificationPrefs)
    .values({ userId, type, inFeed, email, updatedAt: new Date().toISOString() })
    .onConflictDoUpdate({ target: [notificationPrefs.userId, notificationPrefs.type], set: { inFeed, email } });
}

/** Builds the settings form as the page posts it with the default values; `null` leaves a field out. */
function prefsForm(overrides: Record<string, string | null> = {}): Record<string, string> {
  const form: Record<string, string | null> = {};
  for (const type of NOTIFICATION_TYPES) {
    if (DEFAULT_NOTIFICATION_PREFS[type].inFeed) form[`${type}.inFeed`] = "on";
    form[`${type}.email`] = DEFAULT_NOTIFICATION_PREFS[type].email;
  }
  Object.assign(form, overrides);
  return Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== null));
}

function consumerBatch(bodies: EmailQueueMessage[], attempts = 1) {
  return createMessageBatch<EmailQueueMessage>(
    "klamp-email",
    bodies.map((body, index) => ({ id: `message-${index}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body })),
  );
}

/** Runs the e-mail consumer on notification messages, with a recording queue for the e-mails they write. */
async function consume(notificationIds: string[], attempts = 1) {
  const { queue, sent } = recordingQueue();
  const batch = consumerBatch(
    notificationIds.map((notificationId) => ({ notificationId }) satisfies NotificationJob),
    attempts,
  );
  const ctx = createExecutionContext();
  await handleEmailBatch(batch, { db, provider: mailboxProvider(db), from: env.EMAIL_FROM, notifications: { queue, origin: ORIGIN } });
  const result = await getQueueResult(batch, ctx);
  return { result, sent: sent as EmailJob[] };
}

/** Replaces non-breaking spaces (as in amounts) with plain ones, as visibleText does. */
function spaced(text: string): string {
  return text.replace(/\u00a0/g, " ");
}

/** Creates a logged-in freelancer with a project whose client link is on; `path` is the client page. */
async function sharedProjectForMessages() {
  const { browser, user } = await loggedInBrowser();
  const project = await makeProject(user.id, { name: "Sklep internetowy" });
  expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
  const row = await db.query.projects.findFirst({ where: (projects, { eq }) => eq(projects.id, project.id) });
  const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, row!);
  return { browser, user, project, path: new URL(link!).pathname };
}

function unreadBadge(html: string): string | null {
  const match = /data-testid="unread-count"><span aria-hidden="true">([^<]*)<\/span>/.exec(html);
  return match ? match[1] : null;
}

describe("notification preferences", () => {
  it("uses the defaults when nothing is saved", async () => {
    const user = await createActiveUser();
    const prefs = await getNotificationPrefs(db, user.id);
    expect(prefs).toEqual(DEFAULT_NOTIFICATION_PREFS);
    expect(prefs.task_accepted).toEqual({ inFeed: true, email: "immediate" });
    expect(prefs.task_rejected).toEqual({ inFeed: true, email: "immediate" });
    expect(prefs.message).toEqual({ inFeed: true, email: "immediate" });
    expect(prefs.fix_request).toEqual({ inFeed: true, email: "immediate" });
    expect(prefs.invitation_failed).toEqual({ inFeed: true, email: "immediate" });
    expect(prefs.file).toEqual({ inFeed: true, email: "digest" });
    expect(prefs.invitation_delivered).toEqual({ inFeed: true, email: "digest" });
  });

  it("shows the defaults on the settings tab", async () => {
    const { browser } = await loggedInBrowser();
    const response = await browser.get("/settings/notifications");
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain(t.settingsTitle);
    for (const type of NOTIFICATION_TYPES) expect(text).toContain(t.types[type]);
    expect(text).toContain(t.emailModes.digest);
    // Every "in the feed" box is checked, and each select shows its default mode.
    expect(html.match(/type="checkbox"[^>]*checked=""/g)).toHaveLength(NOTIFICATION_TYPES.length);
    expect(html).toMatch(/name="file\.email"[^>]*>.*?<option value="digest" selected="">/s);
    expect(html).toMatch(/name="message\.email"[^>]*>.*?<option value="immediate" selected="">/s);
    // The tab bar of the settings area.
    expect(text).toContain(settingsText.security);
    expect(html).toContain('href="/settings/security"');
  });

  it("saves all types in one batch with an activity row", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post(
      "/settings/notifications",
      prefsForm({ "message.inFeed": null, "message.email": "digest", "file.email": "off" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/notifications");

    const prefs = await getNotificationPrefs(db, user.id);
    expect(prefs.message).toEqual({ inFeed: false, email: "digest" });
    expect(prefs.file).toEqual({ inFeed: true, email: "off" });
    expect(prefs.task_accepted).toEqual({ inFeed: true, email: "immediate" });
    const rows = await db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, user.id));
    expect(rows).toHaveLength(NOTIFICATION_TYPES.length);

    const logged = await db
      .select()
      .from(activity)
      .where(and(eq(activity.userId, user.id), eq(activity.action, "account.notification_prefs_changed")));
    expect(logged).toHaveLength(1);
    expect(logged[0].actor).toBe("freelancer");
    const changes = (JSON.parse(logged[0].data) as { changes: { type: string }[] }).changes.map((change) => change.type);
    expect(changes).toEqual(["message", "file"]);

    const page = await (await browser.get("/settings/notifications")).text();
    expect(page).toContain(t.saved);
    expect(page).toMatch(/name="message\.email"[^>]*>.*?<option value="digest" selected="">/s);
  });

  it("writes nothing when nothing changed", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await browser.post("/settings/notifications", prefsForm())).status).toBe(302);
    expect(await db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, user.id))).toHaveLength(0);
    expect(await db.select().from(activity).where(eq(activity.userId, user.id))).toHaveLength(0);
  });

  it("rejects an unknown e-mail mode in Polish", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post("/settings/notifications", prefsForm({ "message.email": "weekly" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(t.invalidEmailMode);
    expect(await db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, user.id))).toHaveLength(0);
  });

  it("rejects a checkbox value other than on", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post("/settings/notifications", prefsForm({ "file.inFeed": "yes" }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(t.invalidInFeed);
    expect(await db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, user.id))).toHaveLength(0);
  });

  it("rejects a post without a type's row", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post("/settings/notifications", prefsForm({ "fix_request.inFeed": null, "fix_request.email": null }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(t.invalidForm);
    expect(await db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, user.id))).toHaveLength(0);
  });

  it("sends a visitor without a session to the login page", async () => {
    const anonymous = new Browser();
    const page = await anonymous.get("/settings/notifications");
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/login?redirectTo=%2Fsettings%2Fnotifications");
    const post = await anonymous.post("/settings/notifications", prefsForm({ "message.email": "off" }));
    expect(post.status).toBe(302);
    expect(post.headers.get("Location")).toContain("/login");
  });
});

describe("settings area", () => {
  it("keeps the security tab at its address", async () => {
    const { browser } = await loggedInBrowser();
    const response = await browser.get("/settings/security");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('href="/settings/notifications"');
    expect(visibleText(html)).toContain(settingsText.notifications);
  });

  it("opens the first tab at /settings", async () => {
    const { browser } = await loggedInBrowser();
    const response = await browser.get("/settings");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/profile");
  });
});

describe("notification feed", () => {
  it("shows Polish lines that link to the project section", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "Sklep internetowy" });
    await addNotification(user.id, project.id, {
      type: "task_rejected",
      data: { taskName: "Projekt graficzny", amount: 123_456, comment: "Za drogo" },
      createdAt: "2026-01-15T13:05:00.000Z",
    });
    await addNotification(user.id, project.id, { type: "message", data: { excerpt: "Czy możemy przesunąć termin?" } });
    await addNotification(user.id, project.id, { type: "fix_request", data: { number: 3, title: "Literówka w stopce" } });
    await addNotification(user.id, project.id, { type: "file", data: { fileName: "logo.png" } });

    const html = await (await browser.get("/notifications")).text();
    const text = visibleText(html);
    expect(text).toContain(spaced(t.taskRejected("Projekt graficzny", formatMoney(123_456))));
    expect(text).toContain(t.comment("Za drogo"));
    expect(text).toContain(t.message);
    expect(text).toContain("Czy możemy przesunąć termin?");
    expect(text).toContain(t.fixRequest(3, "Literówka w stopce"));
    expect(text).toContain(t.file("logo.png"));
    expect(text).toContain(t.inProject("Sklep internetowy"));
    // 13:05 UTC in January is 14:05 in Warsaw.
    expect(text).toContain("15.01.2026, 14:05");
    expect(html).toContain(`href="/projects/${project.id}#tasks-title"`);
    expect(html).toContain(`href="/projects/${project.id}#discussion"`);
    expect(html).toContain(`href="/projects/${project.id}#fix-requests"`);
    expect(html).toContain(`href="/projects/${project.id}#files"`);
  });

  it("lists newest first with unread styling", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await addNotification(user.id, project.id, { data: { excerpt: "starsza" }, createdAt: "2026-01-01T10:00:00.000Z", readAt: "2026-01-01T11:00:00.000Z" });
    await addNotification(user.id, project.id, { data: { excerpt: "nowsza" }, createdAt: "2026-01-02T10:00:00.000Z" });
    const html = await (await browser.get("/notifications")).text();
    expect(html.indexOf("nowsza")).toBeLessThan(html.indexOf("starsza"));
    expect(html.match(/data-unread="true"/g)).toHaveLength(1);
  });

  it("hides types turned off for the feed", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await addNotification(user.id, project.id, { type: "message", data: { excerpt: "widoczna wiadomość" } });
    await addNotification(user.id, project.id, { type: "file", data: { fileName: "ukryty.pdf" } });
    await setPref(user.id, "file", false, "digest");

    const html = await (await browser.get("/notifications")).text();
    expect(html).toContain("widoczna wiadomość");
    expect(html).not.toContain("ukryty.pdf");
    expect(await countUnreadNotifications(db, user.id)).toBe(1);
  });

  it("pages thirty at a time", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (let index = 0; index < NOTIFICATIONS_PAGE_SIZE + 1; index += 1) {
      const minute = String(index).padStart(2, "0");
      await addNotification(user.id, project.id, { data: { excerpt: `wiadomość nr ${minute}` }, createdAt: `2026-02-01T10:${minute}:00.000Z` });
    }
    const first = await (await browser.get("/notifications")).text();
    expect(first.match(/data-testid="notification"/g)).toHaveLength(NOTIFICATIONS_PAGE_SIZE);
    expect(first).toContain("wiadomość nr 30");
    expect(first).not.toContain("wiadomość nr 00");
    expect(first).toContain('href="/notifications?page=2"');

    const second = await (await browser.get("/notifications?page=2")).text();
    expect(second.match(/data-testid="notification"/g)).toHaveLength(1);
    expect(second).toContain("wiadomość nr 00");
  });

  it("escapes client text", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "<b>Projekt</b>" });
    await addNotification(user.id, project.id, { type: "file", data: { fileName: "<script>alert(1)</script>.png" } });
    const html = await (await browser.get("/notifications")).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;.png");
    expect(html).not.toContain("<b>Projekt</b>");
  });

  it("separates the unread badge from the headline", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await addNotification(user.id, project.id, { type: "message" });
    const html = await (await browser.get("/notifications")).text();
    const heading = /<h2[^>]*>([\s\S]*?)<\/h2>/.exec(html);
    expect(heading).not.toBeNull();
    // Text content as a screen reader gets it: tags removed, nothing added between them.
    const spoken = heading![1].replace(/<[^>]+>/g, "");
    expect(spoken).toBe(`${t.unread}: ${t.message}`);
    expect(spoken).not.toContain(`${t.unread}${t.message}`);
  });

  it("gives each item a focusable heading", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const id = await addNotification(user.id, project.id);
    const html = await (await browser.get("/notifications")).text();
    // The anchor of the redirect after marking read, and the target of focus with JavaScript.
    expect(html).toMatch(new RegExp(`<h2 id="notification-${id}" tabindex="-1"`));
  });

  it("words invitation_delivered as a delivery status", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await addNotification(user.id, project.id, { type: "invitation_delivered", data: { email: "klient@example.com" } });
    const text = visibleText(await (await browser.get("/notifications")).text());
    expect(t.invitationDelivered("klient@example.com")).toBe(
      "E-mail z zaproszeniem na adres klient@example.com został przyjęty przez serwer poczty",
    );
    expect(text).toContain(t.invitationDelivered("klient@example.com"));
    expect(text).not.toContain("Wysłano zaproszenie");
  });

  it("shows only the freelancer's own notifications", async () => {
    const { browser } = await loggedInBrowser();
    const other = await createActiveUser();
    const otherProject = await makeProject(other.id);
    await addNotification(other.id, otherProject.id, { data: { excerpt: "cudza wiadomość" } });
    const html = await (await browser.get("/notifications")).text();
    expect(html).not.toContain("cudza wiadomość");
    expect(visibleText(html)).toContain(t.empty);
  });
});

describe("marking notifications read", () => {
  it("marks one read", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const id = await addNotification(user.id, project.id);
    const other = await addNotification(user.id, project.id);

    const response = await browser.post("/notifications", { intent: "read", id, page: "2" });
    expect(response.status).toBe(302);
    // Without JavaScript the reloaded page scrolls back to the item's heading.
    expect(response.headers.get("Location")).toBe(`/notifications?page=2#notification-${id}`);
    expect((await notificationRow(id)).readAt).not.toBeNull();
    expect((await notificationRow(other)).readAt).toBeNull();

    // Marking it again is not an error and keeps the first time.
    const readAt = (await notificationRow(id)).readAt;
    expect((await browser.post("/notifications", { intent: "read", id })).status).toBe(302);
    expect((await notificationRow(id)).readAt).toBe(readAt);
  });

  it("returns 404 for another freelancer's notification", async () => {
    const { browser } = await loggedInBrowser();
    const other = await createActiveUser();
    const otherProject = await makeProject(other.id);
    const id = await addNotification(other.id, otherProject.id);

    const response = await browser.post("/notifications", { intent: "read", id });
    expect(response.status).toBe(404);
    expect((await notificationRow(id)).readAt).toBeNull();
    expect((await browser.post("/notifications", { intent: "read", id: crypto.randomUUID() })).status).toBe(404);
  });

  it("marks all read for this freelancer only", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const mine = [await addNotification(user.id, project.id), await addNotification(user.id, project.id)];
    const other = await createActiveUser();
    const theirs = await addNotification(other.id, (await makeProject(other.id)).id);

    const response = await browser.post("/notifications", { intent: "read-all" });
    expect(response.status).toBe(302);
    for (const id of mine) expect((await notificationRow(id)).readAt).not.toBeNull();
    expect((await notificationRow(theirs)).readAt).toBeNull();
  });

  it("leaves notifications newer than the page unread", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const shown = await addNotification(user.id, project.id, { createdAt: "2026-03-01T10:00:00.000Z" });
    const later = await addNotification(user.id, project.id, { createdAt: "2026-03-01T10:05:00.000Z" });

    // Written with an offset: the action compares it in UTC like the stored timestamps.
    const response = await browser.post("/notifications", { intent: "read-all", upTo: "2026-03-01T11:01:00+01:00" });
    expect(response.status).toBe(302);
    expect((await notificationRow(shown)).readAt).not.toBeNull();
    expect((await notificationRow(later)).readAt).toBeNull();
  });

  it("rejects malformed requests with 400", async () => {
    const { browser, user } = await loggedInBrowser();
    const id = await addNotification(user.id, (await makeProject(user.id)).id);
    expect((await browser.post("/notifications", { intent: "delete", id })).status).toBe(400);
    expect((await browser.post("/notifications", { intent: "read" })).status).toBe(400);
    expect((await browser.post("/notifications", { intent: "read", id: "x".repeat(65) })).status).toBe(400);
    expect((await browser.post("/notifications", { intent: "read-all", upTo: "wczoraj" })).status).toBe(400);
    expect((await notificationRow(id)).readAt).toBeNull();
  });

  it("changes nothing on GET", async () => {
    const { browser, user } = await loggedInBrowser();
    const id = await addNotification(user.id, (await makeProject(user.id)).id);
    expect((await browser.get("/notifications?intent=read-all")).status).toBe(200);
    expect((await notificationRow(id)).readAt).toBeNull();
  });
});

describe("unread count in the header", () => {
  it("shows the count and drops it once all are read", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    expect(unreadBadge(await (await browser.get("/projects")).text())).toBeNull();

    await addNotification(user.id, project.id);
    await addNotification(user.id, project.id);
    await addNotification(user.id, project.id, { readAt: new Date().toISOString() });
    const html = await (await browser.get("/projects")).text();
    expect(unreadBadge(html)).toBe("2");
    expect(html).toContain(t.unreadCount(2, "nieprzeczytane powiadomienia"));

    await browser.post("/notifications", { intent: "read-all" });
    expect(unreadBadge(await (await browser.get("/projects")).text())).toBeNull();
  });

  it("stops counting at 99+", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const statements = Array.from({ length: 101 }, () =>
      db.insert(notifications).values({
        id: crypto.randomUUID(),
        userId: user.id,
        projectId: project.id,
        type: "message",
        data: "{}",
        createdAt: new Date().toISOString(),
      }),
    );
    await db.batch([statements[0], ...statements.slice(1)]);
    expect(await countUnreadNotifications(db, user.id)).toBe(100);
    expect(unreadBadge(await (await browser.get("/projects")).text())).toBe("99+");
  });

  it("reads the partial index of unread rows", async () => {
    const user = await createActiveUser();
    const query = unreadCountQuery(db, user.id).toSQL();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .bind(...query.params)
      .all<{ detail: string }>();
    const details = plan.results.map((row) => row.detail).join("\n");
    expect(details).toContain("notifications_user_unread_idx");
    expect(details).not.toMatch(/SCAN notifications\b(?! USING)/);
  });
});

describe("notification e-mails", () => {
  it("e-mails a freelancer who is not logged in", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id, { name: "Sklep internetowy" });
    const id = await addNotification(user.id, project.id, { type: "message", data: { excerpt: "Proszę o telefon." } });
    await dispatchNotifications(env.EMAIL_QUEUE, [id]);

    const mail = await waitForMail(user.email);
    expect(mail.subject).toContain(t.message);
    expect(mail.subject).toContain("Sklep internetowy");
    expect(mail.text).toContain("Proszę o telefon.");
    expect(mail.text).toContain(`${ORIGIN}/projects/${project.id}#discussion`);
    expect(mail.text).toContain(`${ORIGIN}/settings/notifications`);
    expect(mail.html).toContain(`href="${ORIGIN}/projects/${project.id}#discussion"`);
    expect((await notificationRow(id)).emailState).toBe("sent");
  });

  it("sends once when the message is redelivered", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const id = await addNotification(user.id, project.id, { type: "task_accepted", data: { taskName: "Logo", amount: 50_000 } });

    const first = await consume([id]);
    expect(first.result.explicitAcks).toHaveLength(1);
    expect(first.sent).toEqual([{ outboxId: notificationOutboxId(id) }]);
    const second = await consume([id, id], 2);
    expect(second.result.explicitAcks).toHaveLength(2);
    expect(second.sent).toEqual([]);

    const outbox = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id));
    expect(outbox).toHaveLength(1);
    expect(outbox[0].template).toBe("notification");
    expect(outbox[0].toAddress).toBe(user.email);
    expect((await notificationRow(id)).emailState).toBe("sent");
  });

  it("sends once when two deliveries run at the same time", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const id = await addNotification(user.id, project.id, { type: "fix_request", data: { number: 1, title: "Stopka" } });

    const runs = await Promise.all([consume([id]), consume([id]), consume([id])]);
    expect(runs.flatMap((run) => run.sent)).toEqual([{ outboxId: notificationOutboxId(id) }]);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id))).toHaveLength(1);
  });

  it("sends nothing for a type set to off", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    await setPref(user.id, "message", true, "off");
    const id = await addNotification(user.id, project.id, { type: "message" });

    const { result, sent } = await consume([id]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(sent).toEqual([]);
    expect((await notificationRow(id)).emailState).toBe("none");
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id))).toHaveLength(0);
  });

  it("keeps a digest type for the digest", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const id = await addNotification(user.id, project.id, { type: "file", data: { fileName: "umowa.pdf" } });
    const { sent } = await consume([id]);
    expect(sent).toEqual([]);
    expect((await notificationRow(id)).emailState).toBe("digest");
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id))).toHaveLength(0);
  });

  it("acknowledges an unknown notification id", async () => {
    const { result, sent } = await consume([crypto.randomUUID()]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("puts no secrets in the e-mail", async () => {
    const user = await createActiveUser();
    const client = await createClient(db, user.id, { name: "Łukasz Żółć" });
    const project = await createProject(db, user.id, { name: "Strona", deadline: null, clientId: client.id });
    const id = await addNotification(user.id, project.id, { type: "invitation_failed", data: { email: "klient@example.com", reason: "550 mailbox unavailable" } });
    const { sent } = await consume([id]);
    expect(sent).toHaveLength(1);
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, notificationOutboxId(id)));
    const rendered = renderEmail("notification", JSON.parse(row.data));
    expect(rendered.subject).toContain(t.invitationFailed("klient@example.com"));
    expect(rendered.text).toContain(t.failureReason("550 mailbox unavailable"));
    expect(rendered.text).not.toMatch(/\/p\//);
  });
});

describe("coalesced notification e-mails", () => {
  /** Minutes after a fixed instant, in the stored timestamp form. */
  function at(minutes: number): string {
    return new Date(Date.parse("2026-06-01T10:00:00.000Z") + minutes * 60_000).toISOString();
  }

  async function outboxOf(userId: string) {
    return db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId));
  }

  it("e-mails one of 150 messages under concurrent consumers", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const ids: string[] = [];
    for (let index = 0; index < 150; index += 1) {
      ids.push(await addNotification(user.id, project.id, { data: { excerpt: `wiadomość ${index}` }, createdAt: at(index / 30) }));
    }

    // Five consumers at once, each with a slice of the burst in a different order.
    const slices = Array.from({ length: 5 }, (_, slice) => ids.filter((_, index) => index % 5 === slice));
    const runs = await Promise.all(slices.map((slice, index) => consume(index % 2 === 0 ? slice : [...slice].reverse())));

    expect(runs.flatMap((run) => run.sent)).toHaveLength(1);
    expect(runs.flatMap((run) => run.result.retryMessages)).toEqual([]);
    expect(await outboxOf(user.id)).toHaveLength(1);
    const states = await db.select({ state: notifications.emailState }).from(notifications).where(eq(notifications.userId, user.id));
    expect(states.filter((row) => row.state === "sent")).toHaveLength(1);
    expect(states.filter((row) => row.state === "none")).toHaveLength(149);
  });

  it("keeps projects and types apart", async () => {
    const user = await createActiveUser();
    const first = await makeProject(user.id, { name: "Pierwszy" });
    const second = await makeProject(user.id, { name: "Drugi" });
    await setPref(user.id, "file", true, "immediate");
    const ids = [
      await addNotification(user.id, first.id, { type: "message", createdAt: at(0) }),
      await addNotification(user.id, second.id, { type: "message", createdAt: at(1) }),
      await addNotification(user.id, first.id, { type: "fix_request", data: { number: 1, title: "Stopka" }, createdAt: at(2) }),
      await addNotification(user.id, first.id, { type: "file", data: { fileName: "logo.png" }, createdAt: at(3) }),
    ];
    await consume(ids);
    for (const id of ids) expect((await notificationRow(id)).emailState).toBe("sent");
    expect(await outboxOf(user.id)).toHaveLength(4);
  });

  it("coalesces fix requests and files too", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    await setPref(user.id, "file", true, "immediate");
    const fixes = [
      await addNotification(user.id, project.id, { type: "fix_request", data: { number: 1, title: "Stopka" }, createdAt: at(0) }),
      await addNotification(user.id, project.id, { type: "fix_request", data: { number: 2, title: "Logo" }, createdAt: at(1) }),
    ];
    const uploads = [
      await addNotification(user.id, project.id, { type: "file", data: { fileName: "a.png" }, createdAt: at(0) }),
      await addNotification(user.id, project.id, { type: "file", data: { fileName: "b.png" }, createdAt: at(2) }),
    ];
    await consume([...fixes, ...uploads]);
    expect((await notificationRow(fixes[0])).emailState).toBe("sent");
    expect((await notificationRow(fixes[1])).emailState).toBe("none");
    expect((await notificationRow(uploads[0])).emailState).toBe("sent");
    expect((await notificationRow(uploads[1])).emailState).toBe("none");
  });

  it("never coalesces task decisions", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const ids = [
      await addNotification(user.id, project.id, { type: "task_rejected", data: { taskName: "A" }, createdAt: at(0) }),
      await addNotification(user.id, project.id, { type: "task_rejected", data: { taskName: "B" }, createdAt: at(1) }),
    ];
    await consume(ids);
    for (const id of ids) expect((await notificationRow(id)).emailState).toBe("sent");
  });

  it("e-mails again after ten minutes with the count", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id, { name: "Sklep internetowy" });
    const first = await addNotification(user.id, project.id, { data: { excerpt: "Pierwsza" }, createdAt: at(0) });
    const read = await addNotification(user.id, project.id, { data: { excerpt: "Przeczytana" }, createdAt: at(2) });
    const second = await addNotification(user.id, project.id, { data: { excerpt: "Druga" }, createdAt: at(5) });
    const third = await addNotification(user.id, project.id, { data: { excerpt: "Trzecia" }, createdAt: at(9.99) });
    const later = await addNotification(user.id, project.id, { data: { excerpt: "Po przerwie" }, createdAt: at(10) });

    await consume([first, read, second, third]);
    expect((await notificationRow(first)).emailState).toBe("sent");
    for (const id of [read, second, third]) expect((await notificationRow(id)).emailState).toBe("none");
    await db.update(notifications).set({ readAt: at(3) }).where(eq(notifications.id, read));

    // Exactly ten minutes after the first e-mailed one: a new e-mail for the three unread since.
    const { sent } = await consume([later]);
    expect(sent).toEqual([{ outboxId: notificationOutboxId(later) }]);
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, notificationOutboxId(later)));
    const rendered = renderEmail("notification", JSON.parse(row.data));
    const headline = t.messages(3, "nowe wiadomości");
    expect(headline).toBe("3 nowe wiadomości od klienta w panelu dyskusyjnym");
    expect(rendered.subject).toBe(`${headline} · Sklep internetowy`);
    expect(rendered.text).toContain(t.newestMessage("Po przerwie"));
    expect(rendered.html).toContain(`href="${ORIGIN}/projects/${project.id}#discussion"`);

    // The first e-mail of the burst names one message, as before.
    const [firstRow] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, notificationOutboxId(first)));
    expect(renderEmail("notification", JSON.parse(firstRow.data)).subject).toContain(t.message);
  });

  it("coalesces an older notification handled after a newer one", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const older = await addNotification(user.id, project.id, { createdAt: at(0) });
    const newer = await addNotification(user.id, project.id, { createdAt: at(4) });
    await consume([newer]);
    const { sent } = await consume([older]);
    expect(sent).toEqual([]);
    expect((await notificationRow(newer)).emailState).toBe("sent");
    expect((await notificationRow(older)).emailState).toBe("none");
  });

  it("sends one e-mail for a burst of client messages", async () => {
    const { browser, user, path } = await sharedProjectForMessages();
    const client = new Browser();
    for (let index = 0; index < 6; index += 1) {
      const response = await client.post(`${path}/messages`, { body: `Wiadomość numer ${index}`, clientKey: crypto.randomUUID() });
      expect(response.status).toBe(302);
    }
    await waitForMail(user.email);
    // Wait until the consumer has handled every notification, then count the e-mails.
    for (let tries = 0; tries < 80; tries += 1) {
      const pending = await db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.userId, user.id), eq(notifications.emailState, "pending")));
      if (pending.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rows = await db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(rows).toHaveLength(6);
    expect(rows.filter((row) => row.emailState === "sent")).toHaveLength(1);
    expect(rows.filter((row) => row.emailState === "none")).toHaveLength(5);
    expect(await db.select().from(devMailbox).where(eq(devMailbox.toAddress, user.email))).toHaveLength(1);

    // Every message stays in the feed.
    const feed = await (await browser.get("/notifications")).text();
    expect(feed.match(/data-testid="notification"/g)).toHaveLength(6);
  });
});

describe("notification e-mail layout", () => {
  it("keeps line breaks of a fix request's description", async () => {
    const rendered = renderEmail("notification", {
      type: "fix_request",
      data: { number: 2, title: "Stopka", excerpt: "Linia pierwsza\nLinia druga" },
      projectName: "Sklep",
      projectUrl: `${ORIGIN}/projects/p1#fix-requests`,
      settingsUrl: `${ORIGIN}/settings/notifications`,
    });
    expect(rendered.html).toMatch(/<p style="[^"]*white-space:pre-wrap[^"]*">„Linia pierwsza\nLinia druga”<\/p>/);
    expect(rendered.text).toContain("„Linia pierwsza\nLinia druga”");
  });

  it("escapes client text in the kept lines", async () => {
    const rendered = renderEmail("notification", {
      type: "message",
      data: { excerpt: "<b>pogrubienie</b>\ndruga" },
      projectName: null,
      projectUrl: null,
      settingsUrl: `${ORIGIN}/settings/notifications`,
    });
    expect(rendered.html).not.toContain("<b>pogrubienie</b>");
    expect(rendered.html).toContain("&lt;b&gt;pogrubienie&lt;/b&gt;\ndruga");
  });
});

describe("daily digest", () => {
  const DAYS = [
    { name: "winter", day: "2026-01-15", before: "2026-01-15T06:59:00.000Z", at: "2026-01-15T07:00:00.000Z" },
    { name: "summer", day: "2026-07-15", before: "2026-07-15T05:59:00.000Z", at: "2026-07-15T06:00:00.000Z" },
    // The clocks go forward at 2:00 that night, so 8:00 is already summer time (UTC+2).
    { name: "spring change 2026-03-29", day: "2026-03-29", before: "2026-03-29T05:59:00.000Z", at: "2026-03-29T06:00:00.000Z" },
    // The clocks go back at 3:00 that night, so 8:00 is winter time (UTC+1).
    { name: "autumn change 2026-10-25", day: "2026-10-25", before: "2026-10-25T06:59:00.000Z", at: "2026-10-25T07:00:00.000Z" },
  ];

  for (const { name, day, before, at } of DAYS) {
    it(`sends one digest at 8:00 Warsaw time (${name})`, async () => {
      expect(warsawClock(new Date(before))).toEqual({ day, minutes: 7 * 60 + 59 });
      expect(warsawClock(new Date(at))).toEqual({ day, minutes: 8 * 60 });

      const user = await createActiveUser();
      const project = await makeProject(user.id, { name: "Sklep internetowy" });
      const ids = [
        await addNotification(user.id, project.id, { type: "file", data: { fileName: "logo.png" }, emailState: "digest" }),
        await addNotification(user.id, project.id, { type: "invitation_delivered", data: { email: "klient@example.com" }, emailState: "digest" }),
        await addNotification(user.id, project.id, { type: "message", data: { excerpt: "Dzień dobry" }, emailState: "digest" }),
      ];
      const { queue, sent } = recordingQueue();
      const deps = { db, queue, origin: ORIGIN };

      await sendDueDigests(deps, new Date(before));
      expect(await db.select().from(notificationDigests).where(eq(notificationDigests.userId, user.id))).toHaveLength(0);
      expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id))).toHaveLength(0);

      await sendDueDigests(deps, new Date(at));
      const digests = await db.select().from(notificationDigests).where(eq(notificationDigests.userId, user.id));
      expect(digests).toHaveLength(1);
      expect(digests[0].day).toBe(day);
      const outbox = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id));
      expect(outbox).toHaveLength(1);
      expect(outbox[0].template).toBe("notification_digest");
      expect(outbox[0].id).toBe(digests[0].outboxId);
      expect(sent).toContainEqual({ outboxId: outbox[0].id });
      for (const id of ids) expect((await notificationRow(id)).emailState).toBe("digested");

      const data = JSON.parse(outbox[0].data) as NotificationDigestEmailData;
      expect(data.items).toHaveLength(3);
      const rendered = renderEmail("notification_digest", data);
      expect(rendered.subject).toBe(t.digestSubject(3, "powiadomienia"));
      expect(rendered.text).toContain(t.file("logo.png"));
      expect(rendered.text).toContain(t.invitationDelivered("klient@example.com"));
      expect(rendered.text).toContain("Dzień dobry");
      expect(rendered.text).toContain(t.inProject("Sklep internetowy"));
      expect(rendered.text).toContain(`${ORIGIN}/notifications`);

      // Ten minutes later the cron runs again: nothing new goes out.
      await sendDueDigests(deps, new Date(Date.parse(at) + 10 * 60_000));
      expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id))).toHaveLength(1);
    });
  }

  it("keeps a notification that arrives after the digest for the next day", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    await addNotification(user.id, project.id, { type: "file", emailState: "digest" });
    const { queue } = recordingQueue();
    const deps = { db, queue, origin: ORIGIN };
    await sendDueDigests(deps, new Date("2026-02-10T07:00:00.000Z"));

    const late = await addNotification(user.id, project.id, { type: "file", emailState: "digest" });
    await sendDueDigests(deps, new Date("2026-02-10T15:00:00.000Z"));
    expect((await notificationRow(late)).emailState).toBe("digest");
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id))).toHaveLength(1);

    await sendDueDigests(deps, new Date("2026-02-11T07:00:00.000Z"));
    expect((await notificationRow(late)).emailState).toBe("digested");
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id))).toHaveLength(2);
  });

  it("sends one digest when two runs race", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    for (let index = 0; index < 3; index += 1) await addNotification(user.id, project.id, { type: "file", emailState: "digest" });
    const { queue } = recordingQueue();
    const deps = { db, queue, origin: ORIGIN };
    const now = new Date("2026-04-20T06:00:00.000Z");
    await Promise.all([sendDueDigests(deps, now), sendDueDigests(deps, now), sendDueDigests(deps, now)]);
    expect(await db.select().from(notificationDigests).where(eq(notificationDigests.userId, user.id))).toHaveLength(1);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, user.id))).toHaveLength(1);
  });

  it("delivers the digest through the cron job and the queue", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id, { name: "Sklep internetowy" });
    await addNotification(user.id, project.id, { type: "file", data: { fileName: "faktura.pdf" }, emailState: "digest" });
    await runScheduledMaintenance(env, new Date("2026-05-05T06:00:00.000Z"));
    const mail = await waitForMail(user.email);
    expect(mail.subject).toBe(t.digestSubject(1, "powiadomienie"));
    expect(mail.text).toContain(t.file("faktura.pdf"));
  });
});

describe("lost queue messages", () => {
  it("re-queues notifications pending for over five minutes", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const now = new Date();
    const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
    const stranded = await addNotification(user.id, project.id, { createdAt: minutesAgo(6) });
    const fresh = await addNotification(user.id, project.id, { createdAt: minutesAgo(2) });
    const old = await addNotification(user.id, project.id, { createdAt: minutesAgo(2 * 24 * 60) });
    const handled = await addNotification(user.id, project.id, { createdAt: minutesAgo(6), emailState: "sent" });

    const { queue, sent } = recordingQueue();
    await redispatchStrandedNotifications(db, queue, now);
    expect(sent).toContainEqual({ notificationId: stranded });
    expect(sent).not.toContainEqual({ notificationId: fresh });
    expect(sent).not.toContainEqual({ notificationId: old });
    expect(sent).not.toContainEqual({ notificationId: handled });
  });
});

describe("client decisions notify the freelancer", () => {
  async function sharedProject() {
    const { browser, user } = await loggedInBrowser({ name: "Anna Nowak" });
    const client = await createClient(db, user.id, { name: "Źdźbło Łąka Sp. z o.o." });
    const project = await createProject(db, user.id, { name: "Sklep internetowy", deadline: null, clientId: client.id });
    const task = await addTask(db, user.id, project.id, { name: "Projekt graficzny", amount: 123_456, requiresAcceptance: true });
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
    const row = await db.query.projects.findFirst({ where: (projects, { eq }) => eq(projects.id, project.id) });
    const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, row!);
    return { browser, user, project, task, path: new URL(link!).pathname };
  }

  it("writes and e-mails task_accepted", async () => {
    const { browser, user, project, task, path } = await sharedProject();
    const client = new Browser();
    const response = await client.post(path, { taskId: task.id, version: "1", decision: "accepted", comment: "Zgoda" });
    expect(response.status).toBe(302);

    const rows = await db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].type).toBe("task_accepted");
    expect(rows[0].projectId).toBe(project.id);
    expect(JSON.parse(rows[0].data)).toEqual({ taskName: "Projekt graficzny", amount: 123_456, comment: "Zgoda" });

    const mail = await waitForMail(user.email);
    expect(mail.subject).toContain(t.taskAccepted("Projekt graficzny", formatMoney(123_456)));
    expect(mail.text).toContain(`${ORIGIN}/projects/${project.id}#tasks-title`);

    const feed = visibleText(await (await browser.get("/notifications")).text());
    expect(feed).toContain(spaced(t.taskAccepted("Projekt graficzny", formatMoney(123_456))));
    expect(feed).toContain(t.comment("Zgoda"));
  });

  it("writes task_rejected once, not for a repeated decision", async () => {
    const { user, task, path } = await sharedProject();
    const client = new Browser();
    expect((await client.post(path, { taskId: task.id, version: "1", decision: "rejected", comment: "" })).status).toBe(302);
    expect((await client.post(path, { taskId: task.id, version: "1", decision: "accepted", comment: "" })).status).toBe(409);

    const rows = await db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].type).toBe("task_rejected");
    await waitForMail(user.email);
    expect(await db.select().from(devMailbox).where(eq(devMailbox.toAddress, user.email))).toHaveLength(1);
  });
});
