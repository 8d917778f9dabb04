import { env, SELF } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, projects, tasks, taskVersions } from "~/db/schema";
import { clientShellText } from "~/i18n/client-shell";
import { clientPortalText, common, shareText } from "~/i18n/pl";
import { createClient } from "~/models/clients.server";
import { createProject } from "~/models/projects.server";
import { issueShareToken, readClientLink } from "~/models/share.server";
import { addTask, decideTask, setTaskStatus, updateTask } from "~/models/tasks.server";
import { requireSecret } from "~/utils/env.server";
import { escapeHtml } from "~/utils/html";
import { formatMoney } from "~/utils/money";
import { sha256Hex } from "~/utils/crypto.server";
import { Browser, db, loggedInBrowser, ORIGIN } from "./helpers";
import { visibleText } from "./project-helpers";
import { allowConsoleErrors } from "./setup";

// The client link end to end through the real Worker: the freelancer turns sharing on with the
// share route, and an anonymous browser opens /p/<token> and decides on task amounts.

const SCRIPT = "<script>alert(1)</script>";

interface Setup {
  projectName?: string;
  clientName?: string;
  freelancerName?: string;
  taskNames?: [string, string, string];
}

/** Creates a freelancer with a three-task project (two tasks need acceptance) and sharing on. */
async function sharedProject(setup: Setup = {}) {
  const { browser: freelancer, user } = await loggedInBrowser({ name: setup.freelancerName ?? "Anna Nowak" });
  const client = await createClient(db, user.id, { name: setup.clientName ?? "Źdźbło Łąka Sp. z o.o." });
  const project = await createProject(db, user.id, {
    name: setup.projectName ?? "Sklep internetowy",
    deadline: "2026-12-04",
    clientId: client.id,
  });
  const [designName, codeName, hostingName] = setup.taskNames ?? ["Projekt graficzny", "Wdrożenie", "Hosting"];
  const design = await addTask(db, user.id, project.id, { name: designName, amount: 123_456, requiresAcceptance: true });
  const code = await addTask(db, user.id, project.id, { name: codeName, amount: 250_000, requiresAcceptance: false });
  const hosting = await addTask(db, user.id, project.id, { name: hostingName, amount: 9_900, requiresAcceptance: true });
  await setTaskStatus(db, user.id, code.id, "done");
  await setTaskStatus(db, user.id, design.id, "in_progress");

  const enabled = await freelancer.post(`/projects/${project.id}/share`, { intent: "enable" });
  expect(enabled.status).toBe(302);
  const link = await currentLink(project.id);
  return { freelancer, user, client, project, design, code, hosting, link, path: new URL(link).pathname };
}

async function projectRow(projectId: string) {
  const row = await db.query.projects.findFirst({ where: eq(projects.id, projectId) });
  if (!row) throw new Error(`project ${projectId} not found`);
  return row;
}

async function currentLink(projectId: string): Promise<string> {
  const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, await projectRow(projectId));
  if (!link) throw new Error("sharing is off");
  return link;
}

/** Reads every row a decision could change, to compare before and after a request. */
async function snapshot(projectIds: string[]) {
  const taskRows = await db.select().from(tasks).where(inArray(tasks.projectId, projectIds)).orderBy(tasks.id);
  const versionRows = taskRows.length
    ? await db.select().from(taskVersions).where(inArray(taskVersions.taskId, taskRows.map((row) => row.id))).orderBy(taskVersions.id)
    : [];
  const activityRows = await db.select().from(activity).where(inArray(activity.projectId, projectIds)).orderBy(activity.id);
  const projectRows = await db.select().from(projects).where(inArray(projects.id, projectIds)).orderBy(projects.id);
  return { taskRows, versionRows, activityRows, projectRows };
}

async function taskRow(taskId: string) {
  const row = await db.query.tasks.findFirst({ where: eq(tasks.id, taskId) });
  if (!row) throw new Error(`task ${taskId} not found`);
  return row;
}

/** Returns the page body without the per-request CSP nonce, so two responses can be compared. */
async function normalizedBody(response: Response): Promise<string> {
  return (await response.text()).replace(/nonce="[^"]*"/g, 'nonce=""').replace(/"nonce":"[^"]*"/g, '"nonce":""');
}

function decide(browser: Browser, path: string, form: { taskId: string; version: number | string; decision: string; comment?: string }) {
  return browser.post(path, { ...form, version: String(form.version), comment: form.comment ?? "" });
}

describe("enabling the client link", () => {
  it("stores only a hash and a bound copy", async () => {
    allowConsoleErrors(); // readClientLink logs the failed decryption of the moved copy
    const { project, link, user, client } = await sharedProject();

    expect(link.startsWith(`${ORIGIN}/p/`)).toBe(true);
    const token = link.slice(`${ORIGIN}/p/`.length);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const decoded = atob(token.replace(/-/g, "+").replace(/_/g, "/") + "=");
    expect(decoded.length * 8).toBeGreaterThanOrEqual(256);

    const row = await projectRow(project.id);
    expect(row.shareTokenHash).toBe(await sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.shareTokenEncrypted).toBeTruthy();

    // The encrypted copy decrypts only for the row it was made for.
    const other = await createProject(db, user.id, { name: "Inny projekt", deadline: null, clientId: client.id });
    expect(await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, { id: other.id, shareTokenEncrypted: row.shareTokenEncrypted })).toBeNull();
    await db.update(projects).set({ shareTokenEncrypted: row.shareTokenEncrypted }).where(eq(projects.id, other.id));
    expect(await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, await projectRow(other.id))).toBeNull();
  });
});

describe("client page", () => {
  it("shows project, tasks and totals", async () => {
    const { path } = await sharedProject();
    const response = await new Browser().get(path);
    expect(response.status).toBe(200);
    const html = await response.text();

    for (const text of ["Sklep internetowy", "Anna Nowak", "Źdźbło Łąka Sp. z o.o.", "04.12.2026", "Projekt graficzny", "Wdrożenie", "Hosting"]) {
      expect(html).toContain(text);
    }
    expect(html).toContain("1 234,56\u00a0zł");
    expect(html).toContain("2 500,00\u00a0zł");
    expect(html).toContain("99,00\u00a0zł");
    for (const label of ["Do zrobienia", "W trakcie", "Zrobione", "Oczekuje na akceptację", "Nie wymaga akceptacji", "Nieopłacone"]) {
      expect(html).toContain(label);
    }
    expect(html).toContain(clientPortalText.summaryTitle);
    // Agreed 2 500,00 (no acceptance needed); pending 1 234,56 + 99,00 = 1 333,56; done 2 500,00.
    expect(html).toContain("1 333,56\u00a0zł");
    expect(html).toContain("3 zadania w projekcie");
    expect(html).toContain("2 zadania czekają na Twoją akceptację kwoty.");
    expect(html).toMatch(/role="progressbar"[^>]*aria-valuenow="33"/);
    expect(html).toContain('aria-valuetext="Zrobione: 1 z 3"');
    // Counted in the visible text: the loader data in the page carries the button's text too.
    expect(visibleText(html).match(new RegExp(clientPortalText.accept, "g"))?.length).toBe(2);
    expect(html).toContain('<meta name="robots" content="noindex"/>');
  });

  // same-origin, not no-referrer: the token never goes to another site in a Referer, and a
  // form post without JavaScript still carries the page's real Origin.
  it("sends no-store, same-origin referrer and noindex headers", async () => {
    const { path } = await sharedProject();
    const response = await new Browser().get(path);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(response.headers.get("X-Robots-Tag")).toBe("noindex");
    const html = await response.text();
    expect(html).toContain('<meta name="referrer" content="same-origin"/>');
    expect(html).not.toContain("no-referrer");
  });

  it("sends the owner's id and token hash nowhere", async () => {
    const { path, user, project } = await sharedProject();
    const html = await (await new Browser().get(path)).text();
    const row = await projectRow(project.id);
    expect(html).not.toContain(user.id);
    expect(html).not.toContain(row.shareTokenHash!);
    expect(html).not.toContain(row.shareTokenEncrypted!);
  });

  it("changes nothing when opened", async () => {
    const { path, project } = await sharedProject();
    const before = await snapshot([project.id]);
    const browser = new Browser();
    expect((await browser.get(path)).status).toBe(200);
    expect((await browser.get(path)).status).toBe(200);
    expect((await browser.fetch(path, { method: "HEAD" })).status).toBe(200);
    expect(await snapshot([project.id])).toEqual(before);
  });

  it("escapes script tags in every name", async () => {
    const { path } = await sharedProject({
      projectName: `Projekt ${SCRIPT}`,
      clientName: `Klient ${SCRIPT}`,
      freelancerName: `Anna ${SCRIPT}`,
      taskNames: [`Zadanie ${SCRIPT}`, "Wdrożenie", "Hosting"],
    });
    const html = await (await new Browser().get(path)).text();
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain(`Projekt ${escapeHtml(SCRIPT)}`);
    expect(html).toContain(`Klient ${escapeHtml(SCRIPT)}`);
    expect(html).toContain(`Anna ${escapeHtml(SCRIPT)}`);
    expect(html).toContain(`Zadanie ${escapeHtml(SCRIPT)}`);
  });
});

describe("client decisions", () => {
  it("accepts with a comment and records who decided", async () => {
    const { path, design, project, freelancer } = await sharedProject();
    const client = new Browser();
    const response = await decide(client, path, { taskId: design.id, version: 1, decision: "accepted", comment: "  Zgoda, działamy.  " });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(path);

    expect((await taskRow(design.id)).acceptance).toBe("accepted");
    const [version] = await db.select().from(taskVersions).where(eq(taskVersions.taskId, design.id));
    expect(version.decision).toBe("accepted");
    expect(version.decidedBy).toBe("client");
    expect(version.decidedAt).toBeTruthy();
    expect(version.comment).toBe("Zgoda, działamy.");

    const rows = await db
      .select()
      .from(activity)
      .where(and(eq(activity.projectId, project.id), eq(activity.action, "task.accepted")));
    expect(rows).toHaveLength(1);
    expect(rows[0].actor).toBe("client");
    expect(rows[0].subjectId).toBe(design.id);
    expect(JSON.parse(rows[0].data)).toMatchObject({ comment: "Zgoda, działamy.", amount: 123_456, version: 1 });

    const page = await client.get(path);
    const html = await page.text();
    expect(html).toContain(clientPortalText.accepted("Projekt graficzny"));
    expect(html).toContain("Zaakceptowane");
    // Agreed now 2 500,00 + 1 234,56.
    expect(html).toContain("3 734,56\u00a0zł");

    await expectFreelancerSees(freelancer, project.id, ["Zaakceptowane", "Zgoda, działamy."]);
  });

  it("rejects without a comment", async () => {
    const { path, hosting, project, freelancer } = await sharedProject();
    const response = await decide(new Browser(), path, { taskId: hosting.id, version: 1, decision: "rejected" });
    expect(response.status).toBe(302);

    expect((await taskRow(hosting.id)).acceptance).toBe("rejected");
    const [version] = await db.select().from(taskVersions).where(eq(taskVersions.taskId, hosting.id));
    expect(version.decision).toBe("rejected");
    expect(version.decidedAt).toBeTruthy();
    expect(version.comment).toBeNull();
    const rows = await db
      .select()
      .from(activity)
      .where(and(eq(activity.projectId, project.id), eq(activity.action, "task.rejected")));
    expect(rows).toHaveLength(1);
    expect(rows[0].actor).toBe("client");
    expect(JSON.parse(rows[0].data).comment).toBeNull();

    await expectFreelancerSees(freelancer, project.id, ["Odrzucone"]);
  });

  it("rejects a second decision", async () => {
    const { path, design, project } = await sharedProject();
    const client = new Browser();
    expect((await decide(client, path, { taskId: design.id, version: 1, decision: "accepted" })).status).toBe(302);
    const before = await snapshot([project.id]);

    const second = await decide(client, path, { taskId: design.id, version: 1, decision: "rejected", comment: "Jednak nie" });
    expect(second.status).toBe(409);
    expect(await second.text()).toContain(clientPortalText.alreadyDecided);
    expect(await snapshot([project.id])).toEqual(before);
  });

  it("rejects a task without acceptance", async () => {
    const { path, code, project } = await sharedProject();
    const before = await snapshot([project.id]);
    const response = await decide(new Browser(), path, { taskId: code.id, version: 1, decision: "accepted" });
    expect(response.status).toBe(409);
    expect(await snapshot([project.id])).toEqual(before);
  });

  it("rejects a stale version with the new amount", async () => {
    const { path, design, project, user } = await sharedProject();
    expect(await updateTask(db, user.id, design.id, { name: "Projekt graficzny", amount: 150_000, requiresAcceptance: true })).toBe("updated");
    const versions = await db.select().from(taskVersions).where(eq(taskVersions.taskId, design.id)).orderBy(taskVersions.version);
    expect(versions.map((row) => [row.version, row.amount, row.decision])).toEqual([
      [1, 123_456, "pending"],
      [2, 150_000, "pending"],
    ]);
    const before = await snapshot([project.id]);

    const response = await decide(new Browser(), path, { taskId: design.id, version: 1, decision: "accepted", comment: "Zgoda" });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain(escapeHtml(clientPortalText.staleWithAmount(formatMoney(150_000))));
    expect(html).toContain("1 500,00\u00a0zł");
    expect(html).toContain(">Zgoda</textarea>");
    expect(html).toContain('name="version" value="2"');
    expect(await snapshot([project.id])).toEqual(before);
  });

  it("returns 404 for a sibling project's task", async () => {
    const { path, project, user, client } = await sharedProject();
    const other = await createProject(db, user.id, { name: "Drugi projekt", deadline: null, clientId: client.id });
    const foreign = await addTask(db, user.id, other.id, { name: "Cudze zadanie", amount: 10_000, requiresAcceptance: true });
    const before = await snapshot([project.id, other.id]);

    const response = await decide(new Browser(), path, { taskId: foreign.id, version: 1, decision: "accepted" });
    expect(response.status).toBe(404);
    expect(await snapshot([project.id, other.id])).toEqual(before);
  });

  it("returns 404 for another freelancer's task", async () => {
    const mine = await sharedProject();
    const theirs = await sharedProject();
    const before = await snapshot([mine.project.id, theirs.project.id]);

    const response = await decide(new Browser(), mine.path, { taskId: theirs.design.id, version: 1, decision: "rejected" });
    expect(response.status).toBe(404);
    expect(await snapshot([mine.project.id, theirs.project.id])).toEqual(before);
  });

  it("rejects a comment over 1000 characters and keeps it", async () => {
    const { path, design, project } = await sharedProject();
    const before = await snapshot([project.id]);
    const comment = `${SCRIPT}${"x".repeat(1000)}`;

    const response = await decide(new Browser(), path, { taskId: design.id, version: 1, decision: "rejected", comment });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(clientPortalText.commentTooLong(comment.length, "znaków"));
    expect(html).toContain(`>${escapeHtml(comment)}</textarea>`);
    expect(html).not.toContain(SCRIPT);
    expect(await snapshot([project.id])).toEqual(before);
  });

  it("accepts a comment of exactly 1000 characters", async () => {
    const { path, design } = await sharedProject();
    const comment = "ż".repeat(1000);
    const response = await decide(new Browser(), path, { taskId: design.id, version: 1, decision: "accepted", comment });
    expect(response.status).toBe(302);
    const [version] = await db.select().from(taskVersions).where(eq(taskVersions.taskId, design.id));
    expect(version.comment).toBe(comment);
  });

  it("rejects control and bidi characters in the comment", async () => {
    const { path, design, project } = await sharedProject();
    const before = await snapshot([project.id]);
    for (const comment of ["null \u0000", "dzwonek \u0007", "faktura\u202Efdp.exe", "izolacja \u2066x\u2069", "C1 \u0085"]) {
      const response = await decide(new Browser(), path, { taskId: design.id, version: 1, decision: "rejected", comment });
      expect(response.status, JSON.stringify(comment)).toBe(400);
      expect(await response.text()).toContain(escapeHtml(clientPortalText.commentInvalidCharacters));
    }
    expect(await snapshot([project.id])).toEqual(before);

    // Line breaks as a browser sends them, tabs and right-to-left marks are fine.
    const multiline = await decide(new Browser(), path, { taskId: design.id, version: 1, decision: "rejected", comment: "Za drogo:\r\n\t- logo\r\nשלום \u200F" });
    expect(multiline.status).toBe(302);
  });

  it("decides nothing once the link has changed", async () => {
    const { user, design, project } = await sharedProject();
    const oldHash = (await projectRow(project.id)).shareTokenHash;
    await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id, oldHash);
    const before = await snapshot([project.id]);

    const outcome = await decideTask(db, { id: project.id, userId: user.id, shareTokenHash: oldHash }, design.id, 1, "accepted", null);
    expect(outcome).toBe("not_found");
    expect(await snapshot([project.id])).toEqual(before);
    expect((await taskRow(design.id)).acceptance).toBe("pending");

    // Through the current link the same decision is recorded.
    const current = (await projectRow(project.id)).shareTokenHash;
    expect(await decideTask(db, { id: project.id, userId: user.id, shareTokenHash: current }, design.id, 1, "accepted", null)).toBe("decided");
  });

  it("returns 400 for an invalid version or decision", async () => {
    const { path, design, project } = await sharedProject();
    const before = await snapshot([project.id]);
    const client = new Browser();
    expect((await client.post(path, { taskId: design.id, decision: "accepted" })).status).toBe(400);
    expect((await client.post(path, { taskId: design.id, version: "1", decision: "maybe" })).status).toBe(400);
    expect((await client.post(path, { taskId: design.id, version: "x", decision: "accepted" })).status).toBe(400);
    expect(await snapshot([project.id])).toEqual(before);
  });

  it("returns 400 for a body that is not a form", async () => {
    const { path, design, project } = await sharedProject();
    const before = await snapshot([project.id]);
    const json = JSON.stringify({ taskId: design.id, version: 1, decision: "accepted" });
    const headers = { Origin: ORIGIN, "Content-Type": "application/json" };

    const response = await new Browser().fetch(path, { method: "POST", body: json, headers });
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(await response.text()).toContain(common.errorTitle);
    const multipart = await new Browser().fetch(path, {
      method: "POST",
      body: "--x\r\nbroken",
      headers: { Origin: ORIGIN, "Content-Type": "multipart/form-data; boundary=x" },
    });
    expect(multipart.status).toBe(400);
    expect(await snapshot([project.id])).toEqual(before);
  });

  it("explains an oversized task id in Polish", async () => {
    const { path, project } = await sharedProject();
    const before = await snapshot([project.id]);
    const response = await decide(new Browser(), path, { taskId: "x".repeat(10_000), version: 1, decision: "accepted" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(clientPortalText.invalidDecision);
    // Valibot's English messages; the words inside the texts' key names (invalidDecision) do not count.
    expect(html).not.toMatch(/\bInvalid\b|\bExpected\b/);
    expect(await snapshot([project.id])).toEqual(before);
  });

  it("escapes the comment on the freelancer's page", async () => {
    const { path, design, project, freelancer } = await sharedProject();
    expect((await decide(new Browser(), path, { taskId: design.id, version: 1, decision: "rejected", comment: SCRIPT })).status).toBe(302);
    const [version] = await db.select().from(taskVersions).where(eq(taskVersions.taskId, design.id));
    expect(version.comment).toBe(SCRIPT);
    await expectFreelancerSees(freelancer, project.id, [escapeHtml(SCRIPT)], [SCRIPT]);
  });

  it("rejects a POST without the app's Origin", async () => {
    const { path, design, project } = await sharedProject();
    const before = await snapshot([project.id]);
    const body = new URLSearchParams({ taskId: design.id, version: "1", decision: "accepted", comment: "" });
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };

    const noOrigin = await SELF.fetch(new URL(path, ORIGIN), { method: "POST", body, headers, redirect: "manual" });
    expect(noOrigin.status).toBe(403);
    const foreign = await new Browser().fetch(path, { method: "POST", body, headers: { ...headers, Origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const crossSite = await SELF.fetch(new URL(path, ORIGIN), {
      method: "POST",
      body,
      headers: { ...headers, "Sec-Fetch-Site": "cross-site" },
      redirect: "manual",
    });
    expect(crossSite.status).toBe(403);
    expect(await snapshot([project.id])).toEqual(before);
  });

  // What a browser without Sec-Fetch-Site (Safari before 16.4) sends for a form post with
  // JavaScript off, now that the page's Referrer-Policy lets it send the real Origin.
  it("accepts a form post without Sec-Fetch-Site", async () => {
    const { path, design } = await sharedProject();
    const response = await new Browser().fetch(path, {
      method: "POST",
      form: { taskId: design.id, version: "1", decision: "rejected", comment: "" },
      headers: { Origin: ORIGIN },
    });
    expect(response.status).toBe(302);
    expect((await taskRow(design.id)).acceptance).toBe("rejected");
  });

  // Some privacy settings still make browsers send `Origin: null` for a plain form post
  // (JavaScript off); Sec-Fetch-Site then decides.
  it("accepts a same-origin form post with Origin null", async () => {
    const { path, design } = await sharedProject();
    const response = await new Browser().fetch(path, {
      method: "POST",
      form: { taskId: design.id, version: "1", decision: "accepted", comment: "" },
      headers: { Origin: "null", "Sec-Fetch-Site": "same-origin" },
    });
    expect(response.status).toBe(302);
    expect((await taskRow(design.id)).acceptance).toBe("accepted");
  });

  it("rejects Origin null from another site or without Sec-Fetch-Site", async () => {
    const { path, design, project } = await sharedProject();
    const before = await snapshot([project.id]);
    const form = { taskId: design.id, version: "1", decision: "accepted", comment: "" };
    const crossSite = await new Browser().fetch(path, { method: "POST", form, headers: { Origin: "null", "Sec-Fetch-Site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const unknownSite = await new Browser().fetch(path, { method: "POST", form, headers: { Origin: "null" } });
    expect(unknownSite.status).toBe(403);
    expect(await snapshot([project.id])).toEqual(before);
  });
});

describe("client link lifecycle", () => {
  it("regenerating stops the old link at once", async () => {
    const { path, project, freelancer } = await sharedProject();
    const disabledBody = await disabledLinkBody();
    expect((await freelancer.post(`/projects/${project.id}/share`, { intent: "regenerate" })).status).toBe(302);
    const newPath = new URL(await currentLink(project.id)).pathname;
    expect(newPath).not.toBe(path);

    const old = await new Browser().get(path);
    expect(old.status).toBe(404);
    expect(await normalizedBody(old)).toBe(disabledBody);
    expect((await new Browser().get(newPath)).status).toBe(200);
  });

  it("disabling stops the link, also for decisions", async () => {
    const { path, project, freelancer, design } = await sharedProject();
    expect((await freelancer.post(`/projects/${project.id}/share`, { intent: "disable" })).status).toBe(302);
    expect((await projectRow(project.id)).shareTokenHash).toBeNull();

    const page = await new Browser().get(path);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain(clientShellText.pl.notFoundText);
    const before = await snapshot([project.id]);
    const decision = await decide(new Browser(), path, { taskId: design.id, version: 1, decision: "accepted" });
    expect(decision.status).toBe(404);
    expect(await snapshot([project.id])).toEqual(before);
  });

  it("returns the same 404 for bad tokens", async () => {
    const disabledBody = await disabledLinkBody();
    const candidates = [
      "/p/abc",
      `/p/${"+".repeat(43)}`,
      `/p/${"~".repeat(43)}`,
      `/p/${"A".repeat(44)}`,
      `/p/${"A".repeat(43)}`,
      `/p/${crypto.randomUUID().replace(/-/g, "")}${"Q".repeat(11)}`,
    ];
    for (const path of candidates) {
      const response = await new Browser().get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("Cache-Control"), path).toBe("private, no-store");
      expect(response.headers.get("Referrer-Policy"), path).toBe("same-origin");
      expect(await normalizedBody(response), path).toBe(disabledBody);
    }
  });
});

/** The 404 body for a link whose sharing was turned off. */
async function disabledLinkBody(): Promise<string> {
  const { path, project, freelancer } = await sharedProject();
  expect((await freelancer.post(`/projects/${project.id}/share`, { intent: "disable" })).status).toBe(302);
  const response = await new Browser().get(path);
  expect(response.status).toBe(404);
  return normalizedBody(response);
}

/** Checks that the freelancer's project page shows `texts` and none of `absent`. */
async function expectFreelancerSees(freelancer: Browser, projectId: string, texts: string[], absent: string[] = []) {
  const response = await freelancer.get(`/projects/${projectId}`);
  expect(response.status).toBe(200);
  const html = await response.text();
  for (const text of texts) expect(html).toContain(text);
  for (const text of absent) expect(html).not.toContain(text);
  expect(html).not.toContain(common.errorTitle);
  expect(html).toContain(shareText.sectionTitle);
}
