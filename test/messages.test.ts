import { env } from "cloudflare:test";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, messages, notifications, projects, rateLimits } from "~/db/schema";
import { clientMessagesText as enMessagesText } from "~/i18n/en";
import { activityText, clientMessagesText, messagesText } from "~/i18n/pl";
import { MESSAGES_PAGE_SIZE, postMessage } from "~/models/messages.server";
import { setProjectStatus } from "~/models/projects.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { readClientLink } from "~/models/share.server";
import { MESSAGE_MAX_LENGTH } from "~/schemas/messages";
import { requireSecret } from "~/utils/env.server";
import { escapeHtml } from "~/utils/html";
import { splitLinks } from "~/utils/linkify";
import { Browser, db, loggedInBrowser, ORIGIN, waitForNotificationEmails } from "./helpers";
import { makeProject } from "./project-helpers";

// The discussion panel through the real Worker: the freelancer posts with a session to
// /projects/:id/messages, the client posts with the client link to /p/<token>/messages, and
// both read the thread on their pages and through the routes' JSON (Remix `?_data=` requests,
// which is what the panel's fetchers send).

const FREELANCER_ROUTE = "routes/_app.projects.$projectId_.messages";
const CLIENT_ROUTE = "routes/p.$token_.messages";

interface ThreadJson {
  cursor: "newest" | "before" | "after";
  messages: { id: string; seq: number; author: "freelancer" | "client"; body: string; createdAt: string }[];
  more: boolean;
}

let keyCounter = 0;
/** Returns a client key in the form's format, unique within the test run. */
function freshKey(): string {
  keyCounter += 1;
  return `test-key-${keyCounter}-${crypto.randomUUID()}`;
}

async function projectRow(projectId: string) {
  const row = await db.query.projects.findFirst({ where: eq(projects.id, projectId) });
  if (!row) throw new Error(`project ${projectId} not found`);
  return row;
}

/** Returns the client link's path, /p/<token>, as the freelancer would copy it. */
async function clientPath(projectId: string): Promise<string> {
  const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, await projectRow(projectId));
  if (!link) throw new Error("sharing is off");
  return new URL(link).pathname;
}

/** Creates a freelancer with a project whose client link is on. */
async function sharedProject(options: { freelancerName?: string; projectName?: string } = {}) {
  const { browser: freelancer, user } = await loggedInBrowser({ name: options.freelancerName ?? "Anna Nowak" });
  const project = await makeProject(user.id, { name: options.projectName ?? "Sklep internetowy" });
  const enabled = await freelancer.post(`/projects/${project.id}/share`, { intent: "enable" });
  expect(enabled.status).toBe(302);
  const path = await clientPath(project.id);
  return { freelancer, user, project, path, client: new Browser() };
}

function freelancerPost(browser: Browser, projectId: string, body: string, extra: Record<string, string> = {}) {
  return browser.post(`/projects/${projectId}/messages`, { body, clientKey: freshKey(), ...extra });
}

function clientPost(browser: Browser, path: string, body: string, extra: Record<string, string> = {}) {
  return browser.post(`${path}/messages`, { body, clientKey: freshKey(), ...extra });
}

/** Posts the way the panel's fetcher does: a `?_data=` request with format=json. */
function fetcherPost(browser: Browser, url: string, routeId: string, form: Record<string, string>) {
  return browser.post(`${url}?_data=${encodeURIComponent(routeId)}`, { format: "json", ...form });
}

async function freelancerThread(browser: Browser, projectId: string, query = ""): Promise<ThreadJson> {
  const response = await browser.get(`/projects/${projectId}/messages?${query}${query ? "&" : ""}_data=${encodeURIComponent(FREELANCER_ROUTE)}`);
  expect(response.status).toBe(200);
  return response.json();
}

async function clientThread(path: string, query = ""): Promise<ThreadJson> {
  const response = await new Browser().get(`${path}/messages?${query}${query ? "&" : ""}_data=${encodeURIComponent(CLIENT_ROUTE)}`);
  expect(response.status).toBe(200);
  return response.json();
}

async function storedMessages(projectId: string) {
  return db.select().from(messages).where(eq(messages.projectId, projectId)).orderBy(asc(messages.seq));
}

async function messageNotifications(userId: string) {
  return db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.type, "message")));
}

async function postedActivity(projectId: string) {
  return db
    .select()
    .from(activity)
    .where(and(eq(activity.projectId, projectId), eq(activity.action, "message.posted")))
    .orderBy(asc(activity.createdAt));
}

/** Returns the HTML from the discussion panel's test id to the end of its section. */
function panelHtml(html: string): string {
  const start = html.indexOf('data-testid="discussion-panel"');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
}

describe("posting messages", () => {
  it("freelancer post goes back to the page", async () => {
    const { freelancer, project, user } = await sharedProject();

    const response = await freelancerPost(freelancer, project.id, "Dzień dobry!\nPierwsza wersja jest gotowa.");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}#discussion`);

    const [stored] = await storedMessages(project.id);
    expect(stored).toMatchObject({ seq: 1, author: "freelancer", userId: user.id, body: "Dzień dobry!\nPierwsza wersja jest gotowa." });

    const html = await (await freelancer.get(`/projects/${project.id}`)).text();
    expect(html).toMatch(/<section id="discussion"[^>]*data-testid="discussion-panel"/);
    const panel = panelHtml(html);
    expect(panel).toContain("Dzień dobry!\nPierwsza wersja jest gotowa.");
    expect(panel).toContain("whitespace-pre-wrap");
    expect(panel).toContain(`>${messagesText.you}<`);
    expect(html).toContain(messagesText.posted);

    const logged = await postedActivity(project.id);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actor: "freelancer", subjectType: "message", subjectId: stored.id });
    expect(JSON.parse(logged[0].data)).toEqual({ excerpt: "Dzień dobry! Pierwsza wersja jest gotowa." });
    expect(html).toContain(escapeHtml(activityText.messagePosted("Dzień dobry! Pierwsza wersja jest gotowa.")));
  });

  it("client post goes back to the client page", async () => {
    const { project, path, client, freelancer } = await sharedProject({ freelancerName: "Anna Nowak" });
    await freelancerPost(freelancer, project.id, "Pytanie od wykonawcy");

    const response = await clientPost(client, path, "Odpowiedź klienta");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${path}#discussion`);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");

    const stored = await storedMessages(project.id);
    expect(stored.map((row) => [row.seq, row.author, row.body])).toEqual([
      [1, "freelancer", "Pytanie od wykonawcy"],
      [2, "client", "Odpowiedź klienta"],
    ]);

    const clientHtml = panelHtml(await (await client.get(path)).text());
    // The client sees the freelancer's name on their messages and "Ty" on their own.
    expect(clientHtml).toContain(">Anna Nowak<");
    expect(clientHtml).toContain(`>${clientMessagesText.you}<`);
    expect(clientHtml.indexOf("Pytanie od wykonawcy")).toBeLessThan(clientHtml.indexOf("Odpowiedź klienta"));

    const freelancerHtml = panelHtml(await (await freelancer.get(`/projects/${project.id}`)).text());
    expect(freelancerHtml).toContain(`>${messagesText.otherAuthor}<`);
    expect(freelancerHtml).toContain("Odpowiedź klienta");

    const logged = await postedActivity(project.id);
    expect(logged.map((row) => row.actor)).toEqual(["freelancer", "client"]);
  });

  it("fetcher post returns the stored message", async () => {
    const { freelancer, project, path } = await sharedProject();

    const own = await fetcherPost(freelancer, `/projects/${project.id}/messages`, FREELANCER_ROUTE, { body: "Z panelu", clientKey: freshKey() });
    expect(own.status).toBe(200);
    const ownData = (await own.json()) as { message: ThreadJson["messages"][number] };
    expect(ownData.message).toMatchObject({ seq: 1, author: "freelancer", body: "Z panelu" });
    expect(ownData.message).not.toHaveProperty("userId");
    expect(ownData.message).not.toHaveProperty("clientKey");

    const theirs = await fetcherPost(new Browser(), `${path}/messages`, CLIENT_ROUTE, { body: "Od klienta", clientKey: freshKey() });
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get("Cache-Control")).toBe("private, no-store");
    expect(((await theirs.json()) as { message: { seq: number } }).message.seq).toBe(2);
  });

  it("keeps the thread open after completion", async () => {
    const { freelancer, project, path, client, user } = await sharedProject();
    expect(await setProjectStatus(db, user.id, project.id, "completed")).toBe("updated");

    expect((await freelancerPost(freelancer, project.id, "Dziękuję za współpracę")).status).toBe(302);
    expect((await clientPost(client, path, "Ja również dziękuję")).status).toBe(302);
    expect((await storedMessages(project.id)).map((row) => row.body)).toEqual(["Dziękuję za współpracę", "Ja również dziękuję"]);
  });

  it("English client page uses English texts", async () => {
    const { project, path, client } = await sharedProject({ freelancerName: "Anna Nowak" });
    await db.update(projects).set({ clientLocale: "en" }).where(eq(projects.id, project.id));

    const html = await (await client.get(path)).text();
    expect(panelHtml(html)).toContain(enMessagesText.title);
    expect(panelHtml(html)).toContain(enMessagesText.bodyLabel);

    const tooLong = await clientPost(client, path, "x".repeat(10_000));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain(escapeHtml(enMessagesText.bodyTooLong(10_000, "characters", MESSAGE_MAX_LENGTH)));
  });
});

describe("reading the thread", () => {
  it("pages 75 messages backwards in three pages", async () => {
    const { freelancer, project, user, path } = await sharedProject();
    for (let index = 1; index <= 75; index++) {
      const author = index % 3 === 0 ? "client" : "freelancer";
      const outcome = await postMessage(env, db, { id: project.id, userId: user.id, name: project.name }, { author, body: `Wiadomość ${index}`, clientKey: freshKey() });
      expect(outcome.status).toBe("posted");
    }

    const seen: number[] = [];
    const newest = await freelancerThread(freelancer, project.id);
    expect(newest.cursor).toBe("newest");
    expect(newest.messages).toHaveLength(MESSAGES_PAGE_SIZE);
    expect(newest.messages[newest.messages.length - 1].body).toBe("Wiadomość 75");
    expect(newest.more).toBe(true);
    seen.unshift(...newest.messages.map((message) => message.seq));

    const second = await freelancerThread(freelancer, project.id, `before=${newest.messages[0].seq}`);
    expect(second.messages).toHaveLength(MESSAGES_PAGE_SIZE);
    expect(second.more).toBe(true);
    seen.unshift(...second.messages.map((message) => message.seq));

    const third = await freelancerThread(freelancer, project.id, `before=${second.messages[0].seq}`);
    expect(third.messages).toHaveLength(15);
    expect(third.more).toBe(false);
    seen.unshift(...third.messages.map((message) => message.seq));

    // None lost or doubled, oldest first.
    expect(seen).toEqual(Array.from({ length: 75 }, (_, index) => index + 1));
    expect(third.messages[0].body).toBe("Wiadomość 1");

    // The client reads the same thread through the link.
    const clientNewest = await clientThread(path);
    expect(clientNewest.messages.map((message) => message.seq)).toEqual(newest.messages.map((message) => message.seq));
    const clientOldest = await clientThread(path, "before=16");
    expect(clientOldest.messages.map((message) => message.seq)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
  });

  it("pages backwards without JavaScript", async () => {
    const { freelancer, project, user, path, client } = await sharedProject();
    for (let index = 1; index <= 35; index++) {
      await postMessage(env, db, { id: project.id, userId: user.id, name: project.name }, { author: "freelancer", body: `Wpis numer ${index}.`, clientKey: freshKey() });
    }

    const newestHtml = panelHtml(await (await freelancer.get(`/projects/${project.id}`)).text());
    expect(newestHtml).toContain("Wpis numer 35.");
    expect(newestHtml).toContain("Wpis numer 6.");
    expect(newestHtml).not.toContain("Wpis numer 5.");
    expect(newestHtml).toContain(`href="/projects/${project.id}?messagesBefore=6#discussion"`);
    expect(newestHtml).toContain(messagesText.older);

    const olderHtml = panelHtml(await (await freelancer.get(`/projects/${project.id}?messagesBefore=6`)).text());
    expect(olderHtml).toContain("Wpis numer 1.");
    expect(olderHtml).toContain("Wpis numer 5.");
    expect(olderHtml).not.toContain("Wpis numer 6.");
    expect(olderHtml).not.toContain(messagesText.older);
    expect(olderHtml).toContain(messagesText.newest);

    const clientOlder = panelHtml(await (await client.get(`${path}?messagesBefore=6`)).text());
    expect(clientOlder).toContain("Wpis numer 5.");
    expect(clientOlder).not.toContain("Wpis numer 6.");
  });

  it("polls for messages after a seq", async () => {
    const { freelancer, project, path, client } = await sharedProject();
    for (const body of ["pierwsza", "druga", "trzecia"]) {
      expect((await freelancerPost(freelancer, project.id, body)).status).toBe(302);
    }

    const empty = await clientThread(path, "after=3");
    expect(empty).toMatchObject({ cursor: "after", messages: [], more: false });

    expect((await clientPost(client, path, "czwarta")).status).toBe(302);
    expect((await freelancerPost(freelancer, project.id, "piąta")).status).toBe(302);

    const fresh = await freelancerThread(freelancer, project.id, "after=3");
    expect(fresh.cursor).toBe("after");
    expect(fresh.messages.map((message) => [message.seq, message.author, message.body])).toEqual([
      [4, "client", "czwarta"],
      [5, "freelancer", "piąta"],
    ]);
    expect(fresh.more).toBe(false);

    const fromStart = await clientThread(path, "after=0");
    expect(fromStart.messages.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("rejects a malformed cursor", async () => {
    const { freelancer, project, path } = await sharedProject();
    for (const query of ["after=-1", "before=abc", "after=1&before=2", "after=1e3"]) {
      const response = await freelancer.get(`/projects/${project.id}/messages?${query}&_data=${encodeURIComponent(FREELANCER_ROUTE)}`);
      expect(response.status, query).toBe(400);
      const shared = await new Browser().get(`${path}/messages?${query}&_data=${encodeURIComponent(CLIENT_ROUTE)}`);
      expect(shared.status, query).toBe(400);
    }
  });

  it("shows the thread on a page of its own", async () => {
    const { freelancer, project, path, client } = await sharedProject();
    await freelancerPost(freelancer, project.id, "Na osobnej stronie");

    const own = await freelancer.get(`/projects/${project.id}/messages`);
    expect(own.status).toBe(200);
    expect(panelHtml(await own.text())).toContain("Na osobnej stronie");

    const shared = await client.get(`${path}/messages`);
    expect(shared.status).toBe(200);
    expect(shared.headers.get("X-Robots-Tag")).toBe("noindex");
    expect(panelHtml(await shared.text())).toContain("Na osobnej stronie");
  });

  it("reading changes nothing", async () => {
    const { freelancer, project, path, client, user } = await sharedProject();
    await clientPost(client, path, "Jedna wiadomość");
    await waitForNotificationEmails(user.id);
    const before = {
      messages: await storedMessages(project.id),
      activity: await db.select().from(activity).where(eq(activity.projectId, project.id)).orderBy(asc(activity.id)),
      notifications: await messageNotifications(user.id),
    };

    await freelancerThread(freelancer, project.id);
    await freelancerThread(freelancer, project.id, "after=0");
    await clientThread(path, "before=5");
    await client.get(path);
    await client.get(`${path}/messages`);
    await freelancer.get(`/projects/${project.id}`);

    expect(await storedMessages(project.id)).toEqual(before.messages);
    expect(await db.select().from(activity).where(eq(activity.projectId, project.id)).orderBy(asc(activity.id))).toEqual(before.activity);
    expect(await messageNotifications(user.id)).toEqual(before.notifications);
  });
});

describe("concurrent and repeated posts", () => {
  it("stores twenty simultaneous posts once each", async () => {
    const { freelancer, project, path } = await sharedProject();
    const bodies = Array.from({ length: 20 }, (_, index) => `Równoległa ${index + 1}`);

    const responses = await Promise.all(
      bodies.map((body, index) =>
        index % 2 === 0
          ? fetcherPost(freelancer, `/projects/${project.id}/messages`, FREELANCER_ROUTE, { body, clientKey: freshKey() })
          : fetcherPost(new Browser(), `${path}/messages`, CLIENT_ROUTE, { body, clientKey: freshKey() }),
      ),
    );
    for (const response of responses) expect(response.status).toBe(200);
    const returned = await Promise.all(responses.map(async (response) => ((await response.json()) as { message: { seq: number; body: string } }).message));

    const stored = await storedMessages(project.id);
    expect(stored).toHaveLength(20);
    expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(new Set(stored.map((row) => row.body))).toEqual(new Set(bodies));
    expect(stored.filter((row) => row.author === "client")).toHaveLength(10);
    // Each post got the position it was stored at.
    for (const message of returned) {
      expect(stored.find((row) => row.seq === message.seq)?.body).toBe(message.body);
    }

    // The thread lists them in the order of their seq.
    const thread = await freelancerThread(freelancer, project.id);
    expect(thread.messages.map((message) => message.seq)).toEqual(stored.map((row) => row.seq));
    expect(thread.messages.map((message) => message.body)).toEqual(stored.map((row) => row.body));
    expect(await postedActivity(project.id)).toHaveLength(20);
  });

  it("retries a post that lost its seq", async () => {
    const { project, user } = await sharedProject();
    const owner = { id: project.id, userId: user.id, name: project.name };
    await postMessage(env, db, owner, { author: "freelancer", body: "Pierwsza", clientKey: freshKey() });

    // The error D1 raises when two posts pick the same seq: provoke it for real, then make the
    // first batch of the next post fail with it, as if a concurrent post had taken seq 2 first.
    let seqConflict: unknown;
    try {
      await db.insert(messages).values({ id: crypto.randomUUID(), userId: user.id, projectId: project.id, seq: 1, author: "client", body: "x" });
    } catch (error) {
      seqConflict = error;
    }
    expect(seqConflict).toBeDefined();

    let failures = 0;
    const racingDb = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== "batch") return Reflect.get(target, property, receiver);
        return (statements: Parameters<typeof db.batch>[0]) => {
          if (failures < 2) {
            failures += 1;
            return Promise.reject(seqConflict);
          }
          return target.batch(statements);
        };
      },
    });
    const outcome = await postMessage(env, racingDb, owner, { author: "client", body: "Druga", clientKey: freshKey() });
    expect(failures).toBe(2);
    expect(outcome).toMatchObject({ status: "posted", message: { seq: 2, body: "Druga" } });
    expect((await storedMessages(project.id)).map((row) => row.seq)).toEqual([1, 2]);
    expect(await messageNotifications(user.id)).toHaveLength(1);

    // Any other error is not retried.
    const broken = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== "batch") return Reflect.get(target, property, receiver);
        return () => Promise.reject(new Error("D1_ERROR: no such table: messages"));
      },
    });
    await expect(postMessage(env, broken, owner, { author: "client", body: "Trzecia", clientKey: freshKey() })).rejects.toThrow("no such table");
  });

  it("stores a double submit once", async () => {
    const { freelancer, project, path, client, user } = await sharedProject();
    const key = freshKey();

    const first = await freelancer.post(`/projects/${project.id}/messages`, { body: "Raz", clientKey: key });
    const second = await freelancer.post(`/projects/${project.id}/messages`, { body: "Raz", clientKey: key });
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);

    const clientKey = freshKey();
    const together = await Promise.all([
      client.post(`${path}/messages`, { body: "Dwa razy kliknięte", clientKey }),
      client.post(`${path}/messages`, { body: "Dwa razy kliknięte", clientKey }),
    ]);
    expect(together.map((response) => response.status)).toEqual([302, 302]);

    const stored = await storedMessages(project.id);
    expect(stored.map((row) => row.body)).toEqual(["Raz", "Dwa razy kliknięte"]);
    expect(await postedActivity(project.id)).toHaveLength(2);
    expect(await messageNotifications(user.id)).toHaveLength(1);

    // The fetcher gets the earlier message back for a repeated key.
    const repeated = await fetcherPost(freelancer, `/projects/${project.id}/messages`, FREELANCER_ROUTE, { body: "Raz", clientKey: key });
    expect(((await repeated.json()) as { message: { seq: number } }).message.seq).toBe(1);
    expect(await storedMessages(project.id)).toHaveLength(2);
  });
});

describe("client post limit", () => {
  it("rejects posts over the hourly limit", async () => {
    const { project, path, client } = await sharedProject();
    const rule = RATE_LIMITS.clientMessagePerProject;
    const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
    await db.insert(rateLimits).values({ key: `message:project:${project.id}`, windowStart, count: rule.limit });

    const response = await clientPost(client, path, "Jeszcze jedna");

    expect(response.status).toBe(429);
    expect(await response.text()).toContain(escapeHtml(clientMessagesText.rateLimited));
    expect(await storedMessages(project.id)).toHaveLength(0);
  });

  it("counts a repeated client key once", async () => {
    const { project, path, client } = await sharedProject();
    const clientKey = freshKey();
    for (let i = 0; i < 20; i++) {
      expect((await client.post(`${path}/messages`, { body: "Powtórzona", clientKey })).status).toBe(302);
    }
    expect(await storedMessages(project.id)).toHaveLength(1);
    const counter = await db.query.rateLimits.findFirst({ where: eq(rateLimits.key, `message:project:${project.id}`) });
    expect(counter?.count).toBe(1);
  });
});

describe("message content", () => {
  const HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(1)> javascript:alert(1) <a href="javascript:alert(1)">klik</a>';

  it("shows HTML and javascript: as text", async () => {
    const { freelancer, project, path, client } = await sharedProject();
    expect((await clientPost(client, path, HOSTILE)).status).toBe(302);
    expect((await freelancerPost(freelancer, project.id, `Odpowiedź: ${HOSTILE}`)).status).toBe(302);
    expect((await storedMessages(project.id)).map((row) => row.body)).toEqual([HOSTILE, `Odpowiedź: ${HOSTILE}`]);

    for (const html of [await (await client.get(path)).text(), await (await freelancer.get(`/projects/${project.id}`)).text()]) {
      expect(html).not.toContain("<script>alert(1)");
      expect(html).not.toContain("<img src=x");
      expect(html).not.toMatch(/href="javascript:/i);
      expect(panelHtml(html)).toContain(escapeHtml("<script>alert(1)</script>"));
      expect(panelHtml(html)).toContain("javascript:alert(1)");
    }
  });

  it("turns http(s) addresses into safe links", async () => {
    const { freelancer, project, path, client } = await sharedProject();
    await freelancerPost(freelancer, project.id, "Projekt: https://example.com/projekt?a=1&b=2. Stara wersja: http://example.org/v1");

    const html = panelHtml(await (await client.get(path)).text());
    expect(html).toContain(
      '<a href="https://example.com/projekt?a=1&amp;b=2" target="_blank" rel="noopener noreferrer nofollow ugc" class="link">https://example.com/projekt?a=1&amp;b=2</a>. Stara wersja: ',
    );
    expect(html).toContain('<a href="http://example.org/v1" target="_blank" rel="noopener noreferrer nofollow ugc"');
    expect(html.match(/<a href="http/g)).toHaveLength(2);
  });

  it("links addresses without hiding their host", () => {
    const links = (text: string) => splitLinks(text).filter((segment) => segment.kind === "link").map((segment) => segment.kind === "link" && segment.href);
    // A non-ASCII host is shown as the browser will resolve it.
    expect(links("Zobacz https://bаnk.pl/logowanie")).toEqual(["https://xn--bnk-6cd.pl/logowanie"]);
    expect(links("https://żółw.pl/ścieżka?a=ą")).toEqual(["https://xn--w-uga1v8h.pl/ścieżka?a=ą"]);
    expect(links("https://%65xample.com/a")).toEqual(["https://example.com/a"]);
    // User information makes the address read as another host, so it is not linked.
    expect(links("https://bank.pl@evil.example/x i https://user:haslo@example.com")).toEqual([]);
    expect(links("https://@example.com")).toEqual([]);
    expect(splitLinks("https://bank.pl@evil.example/x")).toEqual([{ kind: "text", text: "https://bank.pl@evil.example/x" }]);
    // A bracket closing one opened inside the address stays; sentence punctuation goes.
    expect(links("(zobacz https://pl.wikipedia.org/wiki/Kraków_(miasto)).")).toEqual(["https://pl.wikipedia.org/wiki/Kraków_(miasto)"]);
    expect(links("(https://example.com/a)")).toEqual(["https://example.com/a"]);
    expect(links("https://example.com/a_(b)_(c)!")).toEqual(["https://example.com/a_(b)_(c)"]);
    expect(links("Strona: https://example.com/x, potem https://example.org.")).toEqual(["https://example.com/x", "https://example.org"]);
    // The text around the links is kept exactly.
    const text = "(zobacz https://bank.pl@evil.example i https://żółw.pl)";
    const rebuilt = splitLinks(text).map((segment) => (segment.kind === "text" ? segment.text : "<link>"));
    expect(rebuilt).toEqual(["(zobacz https://bank.pl@evil.example i ", "<link>", ")"]);
  });

  it("shows a look-alike host in punycode", async () => {
    const { project, path, client } = await sharedProject();
    expect((await clientPost(client, path, "Logowanie: https://bаnk.pl/login i https://bank.pl@evil.example/")).status).toBe(302);
    const html = panelHtml(await (await new Browser().get(path)).text());
    expect(html).toContain('<a href="https://xn--bnk-6cd.pl/login" target="_blank" rel="noopener noreferrer nofollow ugc" class="link">https://xn--bnk-6cd.pl/login</a>');
    expect(html).not.toContain('href="https://bank.pl@');
    expect((await storedMessages(project.id))[0].body).toContain("https://bаnk.pl/login");
  });

  it("keeps line breaks and tabs", async () => {
    const { project, path, client } = await sharedProject();
    expect((await clientPost(client, path, "\r\n\r\n  Punkt 1\r\n\tPunkt 2\r\n\r\n")).status).toBe(302);
    expect((await storedMessages(project.id))[0].body).toBe("  Punkt 1\n\tPunkt 2");
  });

  it("rejects bidi overrides and control characters", async () => {
    const { freelancer, project, path, client } = await sharedProject();
    const cases = ["faktura\u202Efdp.exe", "izolacja \u2066tekst\u2069", "dzwonek \u0007", "null \u0000", "C1 \u0085"];
    for (const body of cases) {
      const response = await clientPost(client, path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.text()).toContain(escapeHtml(clientMessagesText.bodyControlCharacters));

      const own = await fetcherPost(freelancer, `/projects/${project.id}/messages`, FREELANCER_ROUTE, { body, clientKey: freshKey() });
      expect(own.status).toBe(400);
      expect(JSON.stringify(await own.json())).toContain(messagesText.bodyControlCharacters);
    }
    expect(await storedMessages(project.id)).toHaveLength(0);

    // Right-to-left text with its ordinary marks is fine.
    expect((await clientPost(client, path, "שלום \u200F עולם")).status).toBe(302);
    expect(await storedMessages(project.id)).toHaveLength(1);
  });

  it("rejects 10,000 characters and keeps the text", async () => {
    const { freelancer, project, path, client } = await sharedProject();
    const long = "ą".repeat(10_000);
    const expected = clientMessagesText.bodyTooLong(10_000, "znaków", MESSAGE_MAX_LENGTH);
    expect(expected).toContain("10\u00a0000 znaków");

    // Without JavaScript the route shows the form again with the message and the typed text.
    const response = await clientPost(client, path, long);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(escapeHtml(expected));
    expect(html).toMatch(new RegExp(`<textarea[^>]*>${long}</textarea>`));
    expect(html).toContain('role="alert"');

    const own = await fetcherPost(freelancer, `/projects/${project.id}/messages`, FREELANCER_ROUTE, { body: long, clientKey: freshKey() });
    expect(own.status).toBe(400);
    const result = (await own.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    expect(result.result.error.body).toEqual([messagesText.bodyTooLong(10_000, "znaków", MESSAGE_MAX_LENGTH)]);
    expect(result.result.initialValue.body).toBe(long);
    expect(await storedMessages(project.id)).toHaveLength(0);

    // Exactly the limit is accepted, and an emoji counts as one character.
    expect((await clientPost(client, path, "😀".repeat(MESSAGE_MAX_LENGTH))).status).toBe(302);
    expect((await clientPost(client, path, "😀".repeat(MESSAGE_MAX_LENGTH + 1))).status).toBe(400);
    expect(await storedMessages(project.id)).toHaveLength(1);
  });

  it("rejects an empty message", async () => {
    const { freelancer, project, path, client } = await sharedProject();
    for (const body of ["", "   ", "\r\n\r\n\t "]) {
      const response = await clientPost(client, path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.text()).toContain(escapeHtml(clientMessagesText.bodyMissing));
      expect((await freelancerPost(freelancer, project.id, body)).status).toBe(400);
    }
    const missing = await client.post(`${path}/messages`, { clientKey: freshKey() });
    expect(missing.status).toBe(400);
    expect(await storedMessages(project.id)).toHaveLength(0);
  });

  it("rejects a message of invisible characters", async () => {
    const { freelancer, project, path, client } = await sharedProject();
    for (const body of ["\u200b", "\u200c\u200d \u2060", "\ufeff\u3164", "\u2800\n\u2800", "\u115f\u1160"]) {
      const response = await clientPost(client, path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.text()).toContain(escapeHtml(clientMessagesText.bodyMissing));
      expect((await freelancerPost(freelancer, project.id, body)).status).toBe(400);
    }
    expect(await storedMessages(project.id)).toHaveLength(0);
    // Joiners inside visible text are ordinary text.
    expect((await clientPost(client, path, "👩\u200d💻 gotowe")).status).toBe(302);
  });

  it("rejects a malformed client key", async () => {
    const { project, path, client } = await sharedProject();
    const response = await client.post(`${path}/messages`, { body: "Treść", clientKey: "x".repeat(200) });
    expect(response.status).toBe(400);
    expect(await storedMessages(project.id)).toHaveLength(0);
  });
});

describe("access", () => {
  it("client link of A never reaches B", async () => {
    const { freelancer, user, project: projectA, path: pathA, client } = await sharedProject();
    const projectB = await makeProject(user.id, { name: "Projekt B" });
    expect((await freelancer.post(`/projects/${projectB.id}/share`, { intent: "enable" })).status).toBe(302);
    await freelancerPost(freelancer, projectB.id, "Tajne B");
    const other = await sharedProject({ projectName: "Projekt innego wykonawcy" });
    await freelancerPost(other.freelancer, other.project.id, "Tajne C");

    // A's link reads only A's thread, whatever the query contains.
    const thread = await clientThread(pathA, `after=0&projectId=${projectB.id}`);
    expect(thread.messages).toEqual([]);
    expect(await (await client.get(pathA)).text()).not.toContain("Tajne");

    // A post with A's link lands in A, even with B's id in the form.
    expect((await clientPost(client, pathA, "Do A", { projectId: projectB.id })).status).toBe(302);
    expect((await storedMessages(projectA.id)).map((row) => row.body)).toEqual(["Do A"]);
    expect((await storedMessages(projectB.id)).map((row) => row.body)).toEqual(["Tajne B"]);

    // B's thread routes need the freelancer's session, which a link never gives.
    for (const id of [projectB.id, other.project.id]) {
      const read = await client.get(`/projects/${id}/messages?_data=${encodeURIComponent(FREELANCER_ROUTE)}`);
      expect(read.status).not.toBe(200);
      expect(await read.text()).not.toContain("Tajne");
      const post = await clientPost(client, `/projects/${id}`, "Włamanie");
      expect(post.headers.get("Location") ?? "").toMatch(/^\/login/);
    }
    expect((await storedMessages(projectB.id)).map((row) => row.body)).toEqual(["Tajne B"]);
    expect((await storedMessages(other.project.id)).map((row) => row.body)).toEqual(["Tajne C"]);

    // A made-up or malformed token gets the same 404 as a disabled link.
    for (const token of ["A".repeat(43), "krotki", `${pathA.slice(3)}x`]) {
      const read = await new Browser().get(`/p/${token}/messages?_data=${encodeURIComponent(CLIENT_ROUTE)}`);
      expect(read.status, token).toBe(404);
      expect((await clientPost(new Browser(), `/p/${token}`, "Treść")).status, token).toBe(404);
    }
  });

  it("disabled or regenerated link gets 404", async () => {
    const { freelancer, project, path: oldPath, client, user } = await sharedProject();
    await clientPost(client, oldPath, "Zanim link się zmienił");

    expect((await freelancer.post(`/projects/${project.id}/share`, { intent: "regenerate" })).status).toBe(302);
    const newPath = await clientPath(project.id);
    expect(newPath).not.toBe(oldPath);

    const staleRead = await client.get(`${oldPath}/messages?_data=${encodeURIComponent(CLIENT_ROUTE)}`);
    expect(staleRead.status).toBe(404);
    expect(staleRead.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await client.get(`${oldPath}/messages`)).status).toBe(404);
    expect((await clientPost(client, oldPath, "Starym linkiem")).status).toBe(404);
    expect((await fetcherPost(client, `${oldPath}/messages`, CLIENT_ROUTE, { body: "Starym linkiem", clientKey: freshKey() })).status).toBe(404);

    expect((await clientThread(newPath)).messages.map((message) => message.body)).toEqual(["Zanim link się zmienił"]);

    expect((await freelancer.post(`/projects/${project.id}/share`, { intent: "disable" })).status).toBe(302);
    expect((await client.get(`${newPath}/messages?_data=${encodeURIComponent(CLIENT_ROUTE)}`)).status).toBe(404);
    expect((await clientPost(client, newPath, "Wyłączonym linkiem")).status).toBe(404);

    expect((await storedMessages(project.id)).map((row) => row.body)).toEqual(["Zanim link się zmienił"]);
    expect(await messageNotifications(user.id)).toHaveLength(1);
  });

  it("post after the link changed stores nothing", async () => {
    // The route read the project with the old link, and the link changed before the INSERT ran.
    const { project, user, freelancer } = await sharedProject();
    const oldHash = (await projectRow(project.id)).shareTokenHash!;
    expect((await freelancer.post(`/projects/${project.id}/share`, { intent: "regenerate" })).status).toBe(302);

    const outcome = await postMessage(env, db, { id: project.id, userId: user.id, name: project.name }, {
      author: "client",
      body: "Spóźniona",
      clientKey: freshKey(),
      shareTokenHash: oldHash,
    });
    expect(outcome.status).toBe("not_found");
    expect(await storedMessages(project.id)).toHaveLength(0);
    expect(await postedActivity(project.id)).toHaveLength(0);
    expect(await messageNotifications(user.id)).toHaveLength(0);
  });

  it("another freelancer gets 404", async () => {
    const { freelancer, project } = await sharedProject();
    await freelancerPost(freelancer, project.id, "Tylko dla nas");
    const { browser: intruder } = await loggedInBrowser({ name: "Ewa Obca" });

    const read = await intruder.get(`/projects/${project.id}/messages?_data=${encodeURIComponent(FREELANCER_ROUTE)}`);
    expect(read.status).toBe(404);
    expect(await read.text()).not.toContain("Tylko dla nas");
    expect((await intruder.get(`/projects/${project.id}/messages`)).status).toBe(404);
    expect((await intruder.get(`/projects/${project.id}/messages?after=0&_data=${encodeURIComponent(FREELANCER_ROUTE)}`)).status).toBe(404);

    expect((await freelancerPost(intruder, project.id, "Cudza wiadomość")).status).toBe(404);
    expect((await fetcherPost(intruder, `/projects/${project.id}/messages`, FREELANCER_ROUTE, { body: "Cudza", clientKey: freshKey() })).status).toBe(404);
    expect((await storedMessages(project.id)).map((row) => row.body)).toEqual(["Tylko dla nas"]);
  });

  it("rejects a cross-origin post", async () => {
    const { project, path } = await sharedProject();
    const response = await new Browser().post(`${path}/messages`, { body: "Z obcej strony", clientKey: freshKey() }, { headers: { Origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(await storedMessages(project.id)).toHaveLength(0);
  });
});

describe("notifications", () => {
  it("client message notifies the freelancer", async () => {
    const { project, path, client, user } = await sharedProject({ projectName: "Sklep <b>Ania</b>" });
    const longBody = `Proszę o zmianę koloru przycisku.\n${"Szczegóły ".repeat(40)}`;
    expect((await clientPost(client, path, longBody)).status).toBe(302);

    const rows = await messageNotifications(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].projectId).toBe(project.id);
    const data = JSON.parse(rows[0].data) as { projectName: string; excerpt: string };
    expect(data.projectName).toBe("Sklep <b>Ania</b>");
    expect(data.excerpt.startsWith("Proszę o zmianę koloru przycisku. Szczegóły")).toBe(true);
    expect(Array.from(data.excerpt).length).toBeLessThanOrEqual(200);
    expect(data.excerpt.endsWith("…")).toBe(true);
    expect(rows[0].data).not.toContain(path.slice(3));
  });

  it("freelancer message notifies nobody", async () => {
    const { freelancer, project, user } = await sharedProject();
    expect((await freelancerPost(freelancer, project.id, "Moja wiadomość")).status).toBe(302);
    expect(await messageNotifications(user.id)).toHaveLength(0);
    expect(await db.select().from(notifications).where(eq(notifications.userId, user.id))).toHaveLength(0);
  });
});
