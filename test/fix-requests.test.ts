import { env } from "cloudflare:test";
import { and, asc, eq } from "drizzle-orm";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { activity, files, fixRequests, notifications, projects, rateLimits, tasks } from "~/db/schema";
import { clientFixRequestsText as enText } from "~/i18n/en";
import { activityText, clientFixRequestsText as plText, common, fixRequestsText, tasksText } from "~/i18n/pl";
import { createFixRequest, FIX_REQUESTS_PAGE_SIZE } from "~/models/fix-requests.server";
import { fixRequestSchema } from "~/schemas/client-fix-requests";
import { disableSharing, issueShareToken } from "~/models/share.server";
import { requireSecret } from "~/utils/env.server";
import { formatMoney } from "~/utils/money";
import { CLIENT_PROJECT_STORAGE_BYTES } from "~/models/files.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { formatFileSize } from "~/utils/file-size";
import { Browser, db, loggedInBrowser } from "./helpers";
import { makeProject, makeTask, redirectPath, visibleText } from "./project-helpers";

// Fix requests ("Poprawki") end to end through the real Worker: the client files them with the
// client link, the freelancer answers each one once (within a task, priced as a new task,
// declined) and marks it done, and both pages show the state and the history.

const SCRIPT = "<script>alert(1)</script>";
const RTL_OVERRIDE = "\u202e";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
const HTML_FILE: Uint8Array<ArrayBuffer> = new TextEncoder().encode("<!doctype html><html><body><script>alert(1)</script></body></html>");

/** Returns a request's heading as visibleText() reads it: the number and the title are separate elements. */
function heading(numbered: string, title: string): string {
  return `${numbered} : ${title}`;
}

/** Replaces the non-breaking spaces of formatted amounts, to compare with visibleText(). */
function plain(text: string): string {
  return text.replace(/\u00a0/g, " ");
}

interface SetupOptions {
  rounds?: number;
  locale?: "pl" | "en";
}

/** Creates a freelancer with a one-task project whose client link is on. */
async function setup(options: SetupOptions = {}) {
  const { browser: freelancer, user } = await loggedInBrowser();
  const project = await makeProject(user.id, { name: "Sklep internetowy" });
  const task = await makeTask(user.id, project.id, { name: "Projekt graficzny" });
  await db
    .update(projects)
    .set({ freeRevisionRounds: options.rounds ?? 0, clientLocale: options.locale ?? "pl" })
    .where(eq(projects.id, project.id));
  const token = await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id, null);
  if (!token) throw new Error("sharing could not be enabled");
  return { freelancer, user, project, task, token, client: new Browser() };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Files a fix request the way the panel's form does: multipart, with an optional file. */
function postFix(client: Browser, token: string, fields: Record<string, string>, file?: { bytes: Uint8Array<ArrayBuffer>; name: string }) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append("attachment", file ? new File([file.bytes], file.name, { type: "image/png" }) : new File([], "", { type: "application/octet-stream" }));
  return client.fetch(`/p/${token}/fix-requests`, { method: "POST", body: form });
}

/** Creates an open fix request directly through the model. */
async function makeFix(s: Setup, title = "Popraw logo") {
  const created = await createFixRequest(db, env.EMAIL_QUEUE, { id: s.project.id, userId: s.user.id, name: s.project.name }, {
    title,
    description: "Logo jest rozmazane na telefonie.",
  });
  return created;
}

function answer(browser: Browser, projectId: string, fields: Record<string, string | string[]>) {
  return browser.post(`/projects/${projectId}/fix-requests`, fields);
}

async function fixRow(id: string) {
  const row = await db.query.fixRequests.findFirst({ where: eq(fixRequests.id, id) });
  if (!row) throw new Error(`fix request ${id} not found`);
  return row;
}

async function fixRows(projectId: string) {
  return db.select().from(fixRequests).where(eq(fixRequests.projectId, projectId)).orderBy(asc(fixRequests.number));
}

async function fixActivity(projectId: string) {
  return db
    .select()
    .from(activity)
    .where(and(eq(activity.projectId, projectId), eq(activity.subjectType, "fix_request")))
    .orderBy(asc(activity.createdAt));
}

async function pageText(browser: Browser, path: string): Promise<string> {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  return visibleText(await response.text());
}

describe("filing a fix request", () => {
  it("stores it with activity and a notification", async () => {
    const s = await setup();
    const response = await postFix(s.client, s.token, { title: "Popraw logo", description: "Logo jest rozmazane\nna telefonie." });

    expect(redirectPath(response)).toBe(`/p/${s.token}`);
    expect(response.headers.get("Location")).toContain("#fix-requests");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const [row] = await fixRows(s.project.id);
    expect(row).toMatchObject({ number: 1, title: "Popraw logo", description: "Logo jest rozmazane\nna telefonie.", status: "open", userId: s.user.id });

    const [logged] = await fixActivity(s.project.id);
    expect(logged).toMatchObject({ action: "fix_request.created", actor: "client", subjectId: row.id });
    expect(JSON.parse(logged.data)).toMatchObject({ number: 1, title: "Popraw logo" });

    const notes = await db.select().from(notifications).where(eq(notifications.userId, s.user.id));
    expect(notes).toHaveLength(1);
    expect(notes[0].type).toBe("fix_request");
    expect(JSON.parse(notes[0].data)).toMatchObject({ number: 1, title: "Popraw logo", projectName: "Sklep internetowy" });

    const clientPage = await pageText(s.client, `/p/${s.token}`);
    expect(clientPage).toContain(plText.created(1));
    expect(clientPage).toContain(heading(plText.numbered(1), "Popraw logo"));
    expect(clientPage).toContain(plText.status.open);
    expect(clientPage).toContain(plText.historyCreated);

    const freelancerPage = await pageText(s.freelancer, `/projects/${s.project.id}`);
    expect(freelancerPage).toContain(heading(fixRequestsText.numbered(1), "Popraw logo"));
    expect(freelancerPage).toContain(activityText.fixRequestCreated("1", "Popraw logo"));
  });

  it("numbers concurrent requests without gaps", async () => {
    const s = await setup();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => postFix(new Browser(), s.token, { title: `Poprawka ${i}`, description: "Opis" })),
    );
    for (const response of responses) expect(response.status).toBe(302);
    const rows = await fixRows(s.project.id);
    expect(rows.map((row) => row.number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("keeps the typed text with the messages", async () => {
    const s = await setup();
    const response = await postFix(s.client, s.token, { title: "", description: "Opis, który zostaje" });
    expect(response.status).toBe(400);
    const html = visibleText(await response.text());
    expect(html).toContain(plText.titleRequired);
    expect(html).toContain("Opis, który zostaje");

    const blank = await postFix(s.client, s.token, { title: "Tytuł, który zostaje", description: "   " });
    expect(blank.status).toBe(400);
    const blankHtml = await blank.text();
    expect(blankHtml).toContain(plText.descriptionRequired);
    expect(blankHtml).toContain('value="Tytuł, który zostaje"');
    expect(await fixRows(s.project.id)).toHaveLength(0);
  });

  it("shows HTML as text and rejects bidi overrides", async () => {
    const s = await setup();
    const created = await postFix(s.client, s.token, { title: `Tytuł ${SCRIPT}`, description: `Opis ${SCRIPT}\n<b>pogrubienie</b>` });
    expect(created.status).toBe(302);
    const [row] = await fixRows(s.project.id);
    expect(row.title).toBe(`Tytuł ${SCRIPT}`);

    for (const path of [`/p/${s.token}`, `/projects/${s.project.id}`]) {
      const browser = path.startsWith("/p/") ? s.client : s.freelancer;
      const html = await (await browser.get(path)).text();
      expect(html).not.toContain(SCRIPT);
      expect(html).not.toContain("<b>pogrubienie</b>");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    const rtlTitle = await postFix(s.client, s.token, { title: `abc${RTL_OVERRIDE}gnp.exe`, description: "Opis" });
    expect(rtlTitle.status).toBe(400);
    expect(visibleText(await rtlTitle.text())).toContain(plText.titleSingleLine);
    const rtlDescription = await postFix(s.client, s.token, { title: "Tytuł", description: `abc${RTL_OVERRIDE}cba` });
    expect(rtlDescription.status).toBe(400);
    expect(visibleText(await rtlDescription.text())).toContain(plText.invalidCharacters);
    expect(await fixRows(s.project.id)).toHaveLength(1);
  });

  it("rejects 10,000 characters with the count", async () => {
    const s = await setup();
    const longDescription = await postFix(s.client, s.token, { title: "Tytuł", description: "a".repeat(10_000) });
    expect(longDescription.status).toBe(400);
    expect(visibleText(await longDescription.text())).toContain(plain(plText.descriptionTooLong((10_000).toLocaleString("pl-PL"), "znaków")));

    const longTitle = await postFix(s.client, s.token, { title: "a".repeat(10_000), description: "Opis" });
    expect(longTitle.status).toBe(400);
    expect(visibleText(await longTitle.text())).toContain(plain(plText.titleTooLong((10_000).toLocaleString("pl-PL"), "znaków")));

    const atLimit = await postFix(s.client, s.token, { title: "t".repeat(200), description: "d".repeat(5000) });
    expect(atLimit.status).toBe(302);
    expect(await fixRows(s.project.id)).toHaveLength(1);
  });

  it("speaks the project's client language", async () => {
    const s = await setup({ locale: "en", rounds: 2 });
    const refused = await postFix(s.client, s.token, { title: "", description: "" });
    expect(refused.status).toBe(400);
    const html = visibleText(await refused.text());
    expect(html).toContain(enText.titleRequired);
    expect(html).toContain(enText.descriptionRequired);

    const created = await postFix(s.client, s.token, { title: "Fix the logo", description: "Blurry" });
    const page = await pageText(s.client, `/p/${s.token}`);
    expect(redirectPath(created)).toBe(`/p/${s.token}`);
    expect(page).toContain(enText.freeRounds(0, 2));
    expect(page).toContain(enText.created(1));
    expect(page).toContain(enText.status.open);
  });

  it("limits requests per project and hour", async () => {
    const s = await setup();
    const windowStart = Math.floor(Date.now() / 1000 / 3600) * 3600;
    await db.insert(rateLimits).values({ key: `fix_request:project:${s.project.id}`, windowStart, count: 30 });
    const response = await postFix(s.client, s.token, { title: "Tytuł", description: "Opis" });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(plText.rateLimited);
    expect(await fixRows(s.project.id)).toHaveLength(0);
  });

  it("lists requests a page at a time, open first", async () => {
    const s = await setup({ rounds: 1 });
    const ids: string[] = [];
    for (let i = 1; i <= FIX_REQUESTS_PAGE_SIZE + 2; i++) ids.push((await makeFix(s, `Poprawka numer ${i}`)).id);
    // The first request is answered, so it goes after all open ones.
    expect((await answer(s.freelancer, s.project.id, { intent: "in-scope", fixRequestId: ids[0], taskId: s.task.id })).status).toBe(302);

    const first = await pageText(s.client, `/p/${s.token}/fix-requests`);
    expect(first).toContain(heading(plText.numbered(FIX_REQUESTS_PAGE_SIZE + 2), `Poprawka numer ${FIX_REQUESTS_PAGE_SIZE + 2}`));
    expect(first).not.toContain(`${plText.numbered(1)} :`);
    expect(first).toContain(plText.nextPage);
    const second = await pageText(s.client, `/p/${s.token}/fix-requests?page=2`);
    expect(second).toContain(heading(plText.numbered(2), "Poprawka numer 2"));
    expect(second).toContain(heading(plText.numbered(1), "Poprawka numer 1"));
    expect(second.indexOf(`${plText.numbered(2)} :`)).toBeLessThan(second.indexOf(`${plText.numbered(1)} :`));

    const freelancerSecond = await pageText(s.freelancer, `/projects/${s.project.id}/fix-requests?page=2`);
    expect(freelancerSecond).toContain(heading(fixRequestsText.numbered(1), "Poprawka numer 1"));
    const projectPage = await pageText(s.freelancer, `/projects/${s.project.id}`);
    expect(projectPage).toContain(fixRequestsText.allLink);
    expect(projectPage).toContain(fixRequestsText.openCount(FIX_REQUESTS_PAGE_SIZE + 1, "poprawek czeka"));
  });
});

describe("attachments", () => {
  it("stores the file with the request", async () => {
    const s = await setup();
    const response = await postFix(s.client, s.token, { title: "Zrzut ekranu", description: "Zobacz plik" }, { bytes: PNG, name: "ekran.png" });
    expect(response.status).toBe(302);

    const [row] = await fixRows(s.project.id);
    const stored = await db.select().from(files).where(eq(files.projectId, s.project.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ fixRequestId: row.id, uploadedBy: "client", name: "ekran.png", kind: "image" });

    // One notification: the fix request's, which names the request; no separate `file` one.
    const notes = await db.select().from(notifications).where(eq(notifications.userId, s.user.id));
    expect(notes.map((note) => note.type)).toEqual(["fix_request"]);

    const clientHtml = await (await s.client.get(`/p/${s.token}`)).text();
    expect(clientHtml).toContain(`href="/p/${s.token}/files/${stored[0].id}"`);
    const freelancerHtml = await (await s.freelancer.get(`/projects/${s.project.id}`)).text();
    expect(freelancerHtml).toContain(`href="/projects/${s.project.id}/files/${stored[0].id}"`);
  });

  it("stores nothing when the file is refused", async () => {
    const s = await setup();
    const response = await postFix(s.client, s.token, { title: "Strona", description: "Plik" }, { bytes: HTML_FILE, name: "strona.png" });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(plText.attachmentTypeNotAllowed);
    expect(await fixRows(s.project.id)).toHaveLength(0);
    expect(await db.select().from(files).where(eq(files.projectId, s.project.id))).toHaveLength(0);
    expect(await db.select().from(notifications).where(eq(notifications.userId, s.user.id))).toHaveLength(0);
  });
});

describe("client link checks", () => {
  it("answers 404 to a disabled or regenerated link", async () => {
    const s = await setup();
    const created = await makeFix(s);
    const key = requireSecret(env, "ENCRYPTION_KEY");
    const current = await db.query.projects.findFirst({ where: eq(projects.id, s.project.id) });
    const newToken = await issueShareToken(db, key, s.user.id, s.project.id, current?.shareTokenHash ?? null);
    expect(newToken).toBeTruthy();

    for (const token of [s.token, "malformed", "a".repeat(43)]) {
      expect((await postFix(s.client, token, { title: "Tytuł", description: "Opis" })).status).toBe(404);
      expect((await s.client.get(`/p/${token}/fix-requests`)).status).toBe(404);
      expect((await s.client.get(`/p/${token}/fix-requests/${created.id}`)).status).toBe(404);
    }
    expect((await s.client.get(`/p/${newToken}/fix-requests/${created.id}`)).status).toBe(200);

    await disableSharing(db, s.user.id, s.project.id);
    expect((await postFix(s.client, newToken ?? "", { title: "Tytuł", description: "Opis" })).status).toBe(404);
    expect((await s.client.get(`/p/${newToken}/fix-requests/${created.id}`)).status).toBe(404);
    expect(await fixRows(s.project.id)).toHaveLength(1);
  });

  it("answers 404 to another project's fix request", async () => {
    const a = await setup();
    const sameFreelancerProject = await makeProject(a.user.id, { name: "Drugi projekt" });
    const sameFreelancerFix = await createFixRequest(
      db,
      env.EMAIL_QUEUE,
      { id: sameFreelancerProject.id, userId: a.user.id, name: sameFreelancerProject.name },
      { title: "Cudza poprawka", description: "Opis" },
    );
    const other = await setup();
    const otherFix = await makeFix(other, "Poprawka innego wykonawcy");
    const own = await makeFix(a);

    expect((await a.client.get(`/p/${a.token}/fix-requests/${own.id}`)).status).toBe(200);
    for (const id of [sameFreelancerFix.id, otherFix.id]) {
      const response = await a.client.get(`/p/${a.token}/fix-requests/${id}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("Cudza poprawka");
    }
  });
});

describe("answering within a task", () => {
  it("uses a free round and shows it to both sides", async () => {
    const s = await setup({ rounds: 2 });
    const fix = await makeFix(s);
    const response = await answer(s.freelancer, s.project.id, { intent: "in-scope", fixRequestId: fix.id, taskId: s.task.id });
    expect(response.headers.get("Location")).toBe(`/projects/${s.project.id}#fix-requests`);

    expect(await fixRow(fix.id)).toMatchObject({ status: "in_scope", resolution: "in_scope", taskId: s.task.id });
    expect((await fixActivity(s.project.id)).map((row) => row.action)).toEqual(["fix_request.created", "fix_request.in_scope"]);

    const clientPage = await pageText(s.client, `/p/${s.token}`);
    expect(clientPage).toContain(plText.freeRounds(1, 2));
    expect(clientPage).toContain(plText.answerInScope("Projekt graficzny"));
    expect(clientPage).toContain(plText.historyInScope("Projekt graficzny"));
    const freelancerPage = await pageText(s.freelancer, `/projects/${s.project.id}`);
    expect(freelancerPage).toContain(fixRequestsText.freeRounds(1, 2));
    expect(freelancerPage).toContain(fixRequestsText.answeredInScope(1, "Projekt graficzny"));
  });

  it("refuses a second answer", async () => {
    const s = await setup({ rounds: 5 });
    const fix = await makeFix(s);
    await answer(s.freelancer, s.project.id, { intent: "in-scope", fixRequestId: fix.id, taskId: s.task.id });
    const before = await fixActivity(s.project.id);

    const again = await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason: "Jednak nie" });
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain(fixRequestsText.alreadyAnswered(1, fixRequestsText.status.in_scope));
    expect(await fixActivity(s.project.id)).toEqual(before);
    expect((await fixRow(fix.id)).status).toBe("in_scope");
  });

  it("refuses when no free rounds remain", async () => {
    const s = await setup({ rounds: 0 });
    const fix = await makeFix(s);
    const response = await answer(s.freelancer, s.project.id, { intent: "in-scope", fixRequestId: fix.id, taskId: s.task.id });
    expect(response.status).toBe(409);
    const text = visibleText(await response.text());
    expect(text).toContain(fixRequestsText.noRoundsLeft(0, 0));
    expect(fixRequestsText.noRoundsLeft(0, 0)).toContain("Wyceń");
    expect((await fixRow(fix.id)).status).toBe("open");

    const page = await pageText(s.freelancer, `/projects/${s.project.id}`);
    expect(page).toContain(fixRequestsText.noRoundsLeft(0, 0));
  });

  it("lets one of two answers use the last round", async () => {
    const s = await setup({ rounds: 1 });
    const first = await makeFix(s, "Pierwsza");
    const second = await makeFix(s, "Druga");
    const responses = await Promise.all(
      [first, second].map((fix) => answer(s.freelancer, s.project.id, { intent: "in-scope", fixRequestId: fix.id, taskId: s.task.id })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([302, 409]);
    const statuses = (await fixRows(s.project.id)).map((row) => row.status).sort();
    expect(statuses).toEqual(["in_scope", "open"]);
  });

  it("refuses a task the client rejected", async () => {
    const s = await setup({ rounds: 3 });
    const fix = await makeFix(s);
    await db.update(tasks).set({ acceptance: "rejected", requiresAcceptance: true }).where(eq(tasks.id, s.task.id));
    const response = await answer(s.freelancer, s.project.id, { intent: "in-scope", fixRequestId: fix.id, taskId: s.task.id });
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(fixRequestsText.inScopeTaskRejected);
    expect((await fixRow(fix.id)).status).toBe("open");
  });

  it("answers 404 to a task of another project", async () => {
    const s = await setup({ rounds: 3 });
    const fix = await makeFix(s);
    const otherProject = await makeProject(s.user.id, { name: "Inny projekt" });
    const otherTask = await makeTask(s.user.id, otherProject.id, { name: "Cudze zadanie" });

    const response = await answer(s.freelancer, s.project.id, { intent: "in-scope", fixRequestId: fix.id, taskId: otherTask.id });
    expect(response.status).toBe(404);
    expect((await fixRow(fix.id)).status).toBe("open");
  });
});

describe("pricing as a new task", () => {
  it("adds a task the client accepts", async () => {
    const s = await setup();
    const fix = await makeFix(s, "Nowy baner");
    const response = await answer(s.freelancer, s.project.id, { intent: "price", fixRequestId: fix.id, name: "Baner na stronę główną", amount: "1 234,56" });
    expect(response.status).toBe(302);

    const row = await fixRow(fix.id);
    expect(row).toMatchObject({ status: "priced", resolution: "priced" });
    const task = await db.query.tasks.findFirst({ where: eq(tasks.id, row.taskId ?? "") });
    expect(task).toMatchObject({ name: "Baner na stronę główną", amount: 123_456, requiresAcceptance: true, acceptance: "pending", position: 2 });
    const actions = (await db.select().from(activity).where(eq(activity.projectId, s.project.id))).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["fix_request.priced", "task.created"]));

    // Marking it done waits for the client's acceptance.
    const early = await answer(s.freelancer, s.project.id, { intent: "done", fixRequestId: fix.id });
    expect(early.status).toBe(409);
    expect(visibleText(await early.text())).toContain(fixRequestsText.doneWaitsForAcceptance("Baner na stronę główną"));

    const clientHtml = await (await s.client.get(`/p/${s.token}`)).text();
    expect(clientHtml).toContain(`name="taskId" value="${task?.id}"`);
    const clientPage = visibleText(clientHtml);
    expect(clientPage).toContain(plain(plText.answerPriced("Baner na stronę główną", formatMoney(123_456))));
    expect(clientPage).toContain(plText.answerPricedPending);

    const accepted = await s.client.post(`/p/${s.token}`, { taskId: task?.id ?? "", version: "1", decision: "accepted", comment: "" });
    expect(accepted.status).toBe(302);
    const afterAccept = await pageText(s.client, `/p/${s.token}`);
    expect(afterAccept).toContain(plText.answerPricedAccepted);
    expect(afterAccept).toContain(plain(plText.historyTaskAccepted("Baner na stronę główną", formatMoney(123_456))));

    const done = await answer(s.freelancer, s.project.id, { intent: "done", fixRequestId: fix.id });
    expect(done.status).toBe(302);
    expect((await fixRow(fix.id)).status).toBe("done");
    expect(await pageText(s.client, `/p/${s.token}`)).toContain(plText.historyDone);
  });

  it("applies the task form's amount rules", async () => {
    const s = await setup();
    const fix = await makeFix(s);
    for (const [amount, message] of [
      ["0", tasksText.amountZeroNeedsNoAcceptance],
      ["abc", tasksText.amountInvalid],
      ["", common.required],
    ]) {
      const response = await answer(s.freelancer, s.project.id, { intent: "price", fixRequestId: fix.id, name: "Zadanie", amount });
      expect(response.status).toBe(400);
      expect(visibleText(await response.text())).toContain(message);
    }
    expect((await fixRow(fix.id)).status).toBe("open");
    expect(await db.select().from(tasks).where(eq(tasks.projectId, s.project.id))).toHaveLength(1);
  });

  it("refuses in a completed project", async () => {
    const s = await setup();
    const fix = await makeFix(s);
    await db.update(projects).set({ status: "completed" }).where(eq(projects.id, s.project.id));
    const response = await answer(s.freelancer, s.project.id, { intent: "price", fixRequestId: fix.id, name: "Zadanie", amount: "100" });
    expect(response.status).toBe(409);
    expect(visibleText(await response.text())).toContain(fixRequestsText.priceCompleted);
    expect(await db.select().from(tasks).where(eq(tasks.projectId, s.project.id))).toHaveLength(1);
  });
});

describe("declining and marking done", () => {
  it("requires a reason the client sees", async () => {
    const s = await setup();
    const fix = await makeFix(s);
    for (const reason of ["", "   "]) {
      const refused = await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason });
      expect(refused.status).toBe(400);
      expect(visibleText(await refused.text())).toContain(fixRequestsText.reasonRequired);
    }
    expect((await fixRow(fix.id)).status).toBe("open");

    const declined = await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason: `Poza zakresem ${SCRIPT}` });
    expect(declined.status).toBe(302);
    expect(await fixRow(fix.id)).toMatchObject({ status: "declined", declineReason: `Poza zakresem ${SCRIPT}` });
    const clientHtml = await (await s.client.get(`/p/${s.token}`)).text();
    expect(clientHtml).not.toContain(SCRIPT);
    expect(clientHtml).toContain("Poza zakresem &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(visibleText(clientHtml)).toContain(plText.status.declined);
  });

  it("keeps a refused reason in the form", async () => {
    const s = await setup();
    const fix = await makeFix(s);
    const reason = `Powód ${"x".repeat(1000)}`;
    const response = await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain(plain(fixRequestsText.reasonTooLong((1006).toLocaleString("pl-PL"), "znaków")));
    // The list page renders the decline form open, with the reason as typed.
    expect(html).toMatch(/<details[^>]* open=""/);
    expect(html).toContain(`>${reason}</textarea>`);

    const rtl = await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason: `abc${RTL_OVERRIDE}` });
    expect(rtl.status).toBe(400);
    expect(visibleText(await rtl.text())).toContain(fixRequestsText.invalidCharacters);
    expect((await fixRow(fix.id)).status).toBe("open");
  });

  it("refuses done before an answer and twice", async () => {
    const s = await setup({ rounds: 1 });
    const fix = await makeFix(s);
    const fromOpen = await answer(s.freelancer, s.project.id, { intent: "done", fixRequestId: fix.id });
    expect(fromOpen.status).toBe(409);
    expect(visibleText(await fromOpen.text())).toContain(fixRequestsText.notAnswered(1));

    await answer(s.freelancer, s.project.id, { intent: "in-scope", fixRequestId: fix.id, taskId: s.task.id });
    const done = await answer(s.freelancer, s.project.id, { intent: "done", fixRequestId: fix.id, returnTo: "list" });
    expect(done.headers.get("Location")).toBe(`/projects/${s.project.id}/fix-requests#fix-requests`);
    expect(await fixRow(fix.id)).toMatchObject({ status: "done", resolution: "in_scope" });

    const twice = await answer(s.freelancer, s.project.id, { intent: "done", fixRequestId: fix.id });
    expect(twice.status).toBe(409);
    const twiceText = visibleText(await twice.text());
    expect(twiceText).toContain(fixRequestsText.alreadyDone(1));
    expect(fixRequestsText.alreadyDone(1)).toBe("Poprawka #1 jest już oznaczona jako zrobiona.");
    expect(twiceText).not.toContain(fixRequestsText.alreadyAnswered(1, fixRequestsText.status.done));
    const doneRows = (await fixActivity(s.project.id)).filter((row) => row.action === "fix_request.done");
    expect(doneRows).toHaveLength(1);
  });

  it("refuses done after declining", async () => {
    const s = await setup();
    const fix = await makeFix(s);
    await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason: "Nie" });
    const response = await answer(s.freelancer, s.project.id, { intent: "done", fixRequestId: fix.id });
    expect(response.status).toBe(409);
    expect((await fixRow(fix.id)).status).toBe("declined");
  });
});

describe("declining a priced request", () => {
  /** Prices a new request as a task and returns the request and the task's id. */
  async function priced(s: Setup) {
    const fix = await makeFix(s, "Nowy baner");
    const response = await answer(s.freelancer, s.project.id, { intent: "price", fixRequestId: fix.id, name: "Baner", amount: "500" });
    expect(response.status).toBe(302);
    const taskId = (await fixRow(fix.id)).taskId ?? "";
    expect(taskId).not.toBe("");
    return { fix, taskId };
  }

  function decide(s: Setup, taskId: string, decision: "accepted" | "rejected") {
    return s.client.post(`/p/${s.token}`, { taskId, version: "1", decision, comment: "" });
  }

  it("declines after the client rejects the task", async () => {
    const s = await setup();
    const { fix, taskId } = await priced(s);
    expect((await decide(s, taskId, "rejected")).status).toBe(302);

    // The panel says what can be done: change the task's amount, or decline.
    const html = await (await s.freelancer.get(`/projects/${s.project.id}/fix-requests`)).text();
    expect(html).toContain('data-testid="priced-options"');
    expect(visibleText(html)).toContain(fixRequestsText.pricedTaskRejectedOptions("Baner"));
    expect(html).toContain(`href="/projects/${s.project.id}/tasks/${taskId}/edit"`);
    expect(visibleText(html)).toContain(fixRequestsText.declineSubmit);

    const response = await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason: "Klient nie chce płacić" });
    expect(response.status).toBe(302);
    expect(await fixRow(fix.id)).toMatchObject({ status: "declined", resolution: "priced", taskId, declineReason: "Klient nie chce płacić" });
    const actions = (await fixActivity(s.project.id)).map((row) => row.action);
    expect(actions).toEqual(["fix_request.created", "fix_request.priced", "fix_request.declined"]);

    const clientPage = await pageText(s.client, `/p/${s.token}`);
    expect(clientPage).toContain(plText.status.declined);
    expect(clientPage).toContain("Klient nie chce płacić");
  });

  it("declines after the task is deleted", async () => {
    const s = await setup();
    const { fix, taskId } = await priced(s);
    await db.delete(tasks).where(eq(tasks.id, taskId));
    expect((await fixRow(fix.id)).taskId).toBeNull();

    const page = await pageText(s.freelancer, `/projects/${s.project.id}/fix-requests`);
    expect(page).toContain(fixRequestsText.pricedTaskDeletedOptions);
    const response = await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason: "Nieaktualne" });
    expect(response.status).toBe(302);
    expect((await fixRow(fix.id)).status).toBe("declined");
  });

  it("refuses while the client decides or after acceptance", async () => {
    const s = await setup();
    const { fix, taskId } = await priced(s);
    const waiting = await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason: "Nie" });
    expect(waiting.status).toBe(409);
    expect(visibleText(await waiting.text())).toContain(fixRequestsText.declineWaitsForClient(1, "Baner"));
    expect(await pageText(s.freelancer, `/projects/${s.project.id}/fix-requests`)).not.toContain(fixRequestsText.declineSubmit);

    expect((await decide(s, taskId, "accepted")).status).toBe(302);
    const accepted = await answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason: "Nie" });
    expect(accepted.status).toBe(409);
    expect(visibleText(await accepted.text())).toContain(fixRequestsText.declineTaskAccepted(1, "Baner"));
    expect((await fixRow(fix.id)).status).toBe("priced");
    expect((await fixActivity(s.project.id)).map((row) => row.action)).not.toContain("fix_request.declined");
  });

  it("stores one of two declines at once", async () => {
    const s = await setup();
    const { fix, taskId } = await priced(s);
    expect((await decide(s, taskId, "rejected")).status).toBe(302);
    const responses = await Promise.all(
      ["Pierwszy powód", "Drugi powód"].map((reason) => answer(s.freelancer, s.project.id, { intent: "decline", fixRequestId: fix.id, reason })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([302, 409]);
    expect((await fixActivity(s.project.id)).filter((row) => row.action === "fix_request.declined")).toHaveLength(1);
  });
});

describe("panel markup", () => {
  it("hides the browser's marker of every summary", async () => {
    const s = await setup({ rounds: 1 });
    await makeFix(s);
    const html = await (await s.freelancer.get(`/projects/${s.project.id}/fix-requests`)).text();
    const summaries = html.match(/<summary[^>]*>/g) ?? [];
    expect(summaries.length).toBeGreaterThanOrEqual(3);
    for (const summary of summaries) {
      expect(summary).toMatch(/class="[^"]*\blist-none\b/);
      expect(summary).toContain("[&amp;::-webkit-details-marker]:hidden");
    }
  });
});

describe("freelancer checks", () => {
  it("keeps freelancer B away from A's requests", async () => {
    const a = await setup({ rounds: 3 });
    const fix = await makeFix(a);
    const b = await setup({ rounds: 3 });

    for (const [projectId, taskId] of [
      [a.project.id, a.task.id],
      [b.project.id, b.task.id],
    ]) {
      expect((await answer(b.freelancer, projectId, { intent: "in-scope", fixRequestId: fix.id, taskId })).status).toBe(404);
      expect((await answer(b.freelancer, projectId, { intent: "decline", fixRequestId: fix.id, reason: "Nie" })).status).toBe(404);
    }
    expect((await b.freelancer.get(`/projects/${a.project.id}/fix-requests`)).status).toBe(404);
    expect((await fixRow(fix.id)).status).toBe("open");
  });

  it("answers repeated fields in Polish", async () => {
    // One free round, so the "w ramach zadania" form (and its field's message) is shown.
    const s = await setup({ rounds: 1 });
    const fix = await makeFix(s);
    const cases: Record<string, string | string[]>[] = [
      { intent: ["decline", "decline"], fixRequestId: fix.id, reason: "Nie" },
      { intent: "decline", fixRequestId: [fix.id, fix.id], reason: "Nie" },
      { intent: "decline", fixRequestId: fix.id, reason: ["Nie", "Nie"] },
      { intent: "price", fixRequestId: fix.id, name: ["A", "B"], amount: "100" },
      { intent: "price", fixRequestId: fix.id, name: "A", amount: ["100", "200"] },
      { intent: "in-scope", fixRequestId: fix.id, taskId: [s.task.id, s.task.id] },
    ];
    for (const fields of cases) {
      const response = await answer(s.freelancer, s.project.id, fields);
      expect(response.status).toBe(400);
      const text = visibleText(await response.text());
      expect(text).not.toMatch(/Invalid|Expected/);
      const repeatedVisibleField = ["reason", "name", "amount", "taskId"].some((key) => Array.isArray(fields[key]));
      expect(text).toContain(repeatedVisibleField ? fixRequestsText.repeatedField : fixRequestsText.invalidForm);
    }
    expect((await fixRow(fix.id)).status).toBe("open");
  });

  it("rejects a repeated client field in the client's language", () => {
    // The client's route reads its text fields itself; the schema still refuses an array.
    for (const [texts, locale] of [
      [plText, "pl"],
      [enText, "en"],
    ] as const) {
      const schema = fixRequestSchema(texts, locale);
      for (const input of [
        { title: ["Pierwszy", "Drugi"], description: "Opis" },
        { title: "Tytuł", description: ["Opis", "Opis"] },
      ]) {
        const result = v.safeParse(schema, input);
        expect(result.success).toBe(false);
        expect(result.issues?.map((issue) => issue.message)).toEqual([texts.invalidForm]);
      }
    }
  });

  it("rejects an unknown intent", async () => {
    const s = await setup();
    const fix = await makeFix(s);
    const response = await answer(s.freelancer, s.project.id, { intent: "approve", fixRequestId: fix.id });
    expect(response.status).toBe(400);
    expect((await fixRow(fix.id)).status).toBe("open");
  });
});

describe("free revision rounds on the project form", () => {
  function saveProject(s: Setup, freeRevisionRounds: string) {
    return s.freelancer.post(`/projects/${s.project.id}`, {
      intent: "update-project",
      name: "Sklep internetowy",
      client: s.project.clientId,
      freeRevisionRounds,
    });
  }

  it("saves a whole number from 0 to 100", async () => {
    const s = await setup();
    expect((await saveProject(s, "3")).status).toBe(302);
    const row = await db.query.projects.findFirst({ where: eq(projects.id, s.project.id) });
    expect(row?.freeRevisionRounds).toBe(3);
    const logged = await db
      .select()
      .from(activity)
      .where(and(eq(activity.projectId, s.project.id), eq(activity.action, "project.updated")));
    expect(JSON.parse(logged[0].data)).toMatchObject({ freeRevisionRounds: 3, previousFreeRevisionRounds: 0 });
    expect(await pageText(s.freelancer, `/projects/${s.project.id}`)).toContain(activityText.projectFreeRevisionRoundsChanged("0", "3"));

    for (const value of ["101", "-1", "abc", "1.5"]) {
      const response = await saveProject(s, value);
      expect(response.status).toBe(400);
      expect(visibleText(await response.text())).toContain(fixRequestsText.roundsInvalid);
    }
    expect((await db.query.projects.findFirst({ where: eq(projects.id, s.project.id) }))?.freeRevisionRounds).toBe(3);
  });

  it("cannot go below the rounds used", async () => {
    const s = await setup({ rounds: 2 });
    const first = await makeFix(s, "Pierwsza");
    const second = await makeFix(s, "Druga");
    for (const fix of [first, second]) {
      await answer(s.freelancer, s.project.id, { intent: "in-scope", fixRequestId: fix.id, taskId: s.task.id });
    }
    const response = await saveProject(s, "1");
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(fixRequestsText.roundsBelowUsed(2));
    expect((await saveProject(s, "2")).status).toBe(302);
    expect((await db.query.projects.findFirst({ where: eq(projects.id, s.project.id) }))?.freeRevisionRounds).toBe(2);
  });
});

describe("client limits before the body", () => {
  /** Sets a rate-limit counter of the current window to its limit. */
  async function useUp(key: string, rule: { limit: number; windowSeconds: number }) {
    const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
    await db.insert(rateLimits).values({ key, windowStart, count: rule.limit });
  }

  async function counter(key: string): Promise<number | null> {
    return (await db.query.rateLimits.findFirst({ where: eq(rateLimits.key, key) }))?.count ?? null;
  }

  /**
   * Posts a multipart form that announces `contentLength` bytes and never ends: a route that
   * read the body before responding would hang until the test times out.
   */
  function stalledPost(client: Browser, token: string, contentLength: number) {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls === 1) controller.enqueue(new TextEncoder().encode("--xyz\r\n"));
        return pulls === 1 ? undefined : new Promise<void>(() => {});
      },
    });
    return client.fetch(`/p/${token}/fix-requests`, {
      method: "POST",
      body,
      headers: { "Content-Type": "multipart/form-data; boundary=xyz", "Content-Length": String(contentLength) },
      duplex: "half",
    } as RequestInit);
  }

  it("rejects over the request limit unread", async () => {
    const s = await setup();
    await useUp(`fix_request:project:${s.project.id}`, RATE_LIMITS.fixRequestPerProject);
    const response = await stalledPost(s.client, s.token, 20 * 1024 * 1024);
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(plText.rateLimited);
    expect(await fixRows(s.project.id)).toHaveLength(0);
  });

  it("rejects an attachment over the upload limit unread", async () => {
    const s = await setup();
    await useUp(`file_upload:project:${s.project.id}`, RATE_LIMITS.clientFileUploadPerProject);
    const response = await stalledPost(s.client, s.token, 5 * 1024 * 1024);
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(plText.attachmentRateLimited);

    // A small attachment is refused the same way, and a request without one still goes through.
    const small = await postFix(s.client, s.token, { title: "Zrzut", description: "Opis" }, { bytes: PNG, name: "ekran.png" });
    expect(small.status).toBe(400);
    expect(visibleText(await small.text())).toContain(plText.attachmentRateLimited);
    expect((await postFix(s.client, s.token, { title: "Bez pliku", description: "Opis" })).status).toBe(302);
    expect((await fixRows(s.project.id)).map((row) => row.title)).toEqual(["Bez pliku"]);
    expect(await db.select().from(files).where(eq(files.projectId, s.project.id))).toHaveLength(0);
  });

  it("counts the attachment as a client upload", async () => {
    const s = await setup();
    expect((await postFix(s.client, s.token, { title: "Zrzut", description: "Opis" }, { bytes: PNG, name: "ekran.png" })).status).toBe(302);
    expect(await counter(`file_upload:project:${s.project.id}`)).toBe(1);
    expect(await counter(`file_upload:account:${s.user.id}`)).toBeNull();
    expect((await db.query.projects.findFirst({ where: eq(projects.id, s.project.id) }))?.clientStorageBytes).toBe(PNG.length);
    // Without an attachment nothing is counted as an upload.
    expect((await postFix(s.client, s.token, { title: "Bez pliku", description: "Opis" })).status).toBe(302);
    expect(await counter(`file_upload:project:${s.project.id}`)).toBe(1);
  });

  it("caps attachments by the client's storage", async () => {
    const s = await setup({ locale: "en" });
    const used = CLIENT_PROJECT_STORAGE_BYTES - 5;
    await db.update(projects).set({ clientStorageBytes: used }).where(eq(projects.id, s.project.id));
    const response = await postFix(s.client, s.token, { title: "Screenshot", description: "See the file" }, { bytes: PNG, name: "screen.png" });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(
      plain(enText.attachmentProjectQuotaExceeded(formatFileSize(used, "en"), formatFileSize(CLIENT_PROJECT_STORAGE_BYTES, "en"))),
    );
    expect(await fixRows(s.project.id)).toHaveLength(0);
    expect(await db.select().from(files).where(eq(files.projectId, s.project.id))).toHaveLength(0);
  });

  it("stores nothing for a link changed before the write", async () => {
    const s = await setup();
    const hash = (await db.query.projects.findFirst({ where: eq(projects.id, s.project.id) }))?.shareTokenHash ?? "";
    const fileId = crypto.randomUUID();
    await db.insert(files).values({
      id: fileId,
      userId: s.user.id,
      projectId: s.project.id,
      r2Key: `projects/${s.project.id}/${crypto.randomUUID()}`,
      name: "ekran.png",
      size: PNG.length,
      contentType: "image/png",
      kind: "image",
      uploadedBy: "client",
    });
    await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), s.user.id, s.project.id, hash);

    const project = { id: s.project.id, userId: s.user.id, name: s.project.name, shareTokenHash: hash };
    const created = await createFixRequest(db, env.EMAIL_QUEUE, project, {
      title: "Spóźniona",
      description: "Wysłana przed zmianą linku",
      attachment: { fileId, name: "ekran.png" },
    });
    expect(created).toBeNull();
    expect(await fixRows(s.project.id)).toHaveLength(0);
    expect(await fixActivity(s.project.id)).toHaveLength(0);
    expect(await db.select().from(notifications).where(eq(notifications.userId, s.user.id))).toHaveLength(0);
    expect((await db.query.files.findFirst({ where: eq(files.id, fileId) }))?.fixRequestId).toBeNull();
  });

  it("treats invisible characters as empty", async () => {
    const s = await setup();
    const response = await postFix(s.client, s.token, { title: "\u200b\u3164\u2800", description: "\u200d\ufeff\u115f\u1160\u2060" });
    expect(response.status).toBe(400);
    const html = visibleText(await response.text());
    expect(html).toContain(plText.titleRequired);
    expect(html).toContain(plText.descriptionRequired);
    expect(await fixRows(s.project.id)).toHaveLength(0);
  });
});
