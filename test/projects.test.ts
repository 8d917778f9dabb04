import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, clients, projects, tasks } from "~/db/schema";
import { common, projectsText, shareText } from "~/i18n/pl";
import { PROJECTS_PAGE_SIZE } from "~/models/projects.server";
import { warsawDay } from "~/utils/dates";
import { db, loggedInBrowser } from "./helpers";
import {
  activityActions,
  followToPage,
  makeClient,
  makeProject,
  makeTask,
  redirectPath,
  snapshotUserRows,
  visibleText,
} from "./project-helpers";

/** Returns the `YYYY-MM-DD` day `offset` days from today in Europe/Warsaw. */
function dayFromToday(offset: number): string {
  const [year, month, day] = warsawDay().split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + offset)).toISOString().slice(0, 10);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function displayDay(day: string): string {
  const [year, month, date] = day.split("-");
  return `${date}.${month}.${year}`;
}

describe("new project form", () => {
  it("lists the clients in a datalist as name <email>", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Łukasz Żółć", email: "lukasz@example.com" });

    const response = await browser.get("/projects/new");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<title>${projectsText.create} · Klamp</title>`);
    expect(html).toContain('<option value="Łukasz Żółć &lt;lukasz@example.com&gt;"></option>');
    expect(html).not.toContain(`value="${client.id}"`);
    expect(html).toContain('type="date"');
    expect(html).toContain(`min="${warsawDay()}"`);
  });

  it("preselects a client from ?client=", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Wybrany Klient", email: "wybrany@example.com" });
    const html = await (await browser.get(`/projects/new?client=${client.id}`)).text();
    expect(html).toContain('class="input" value="Wybrany Klient &lt;wybrany@example.com&gt;"');
    expect(html).not.toContain(`value="${client.id}"`);
    expect(html).toContain(
      projectsText.clientChosen("Wybrany Klient <wybrany@example.com>").replace("<", "&lt;").replace(">", "&gt;"),
    );
  });

  it("answers 404 for an unknown ?client=", async () => {
    const { browser } = await loggedInBrowser();
    expect((await browser.get(`/projects/new?client=${crypto.randomUUID()}`)).status).toBe(404);
  });
});

describe("project create", () => {
  it("creates a project for an existing client chosen by id", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    const deadline = dayFromToday(30);

    const response = await browser.post("/projects/new", { name: "Sklep internetowy", deadline, client: client.id });
    const path = redirectPath(response);
    const [project] = await db.select().from(projects).where(eq(projects.userId, user.id));
    expect(path).toBe(`/projects/${project.id}`);
    expect(project).toMatchObject({ name: "Sklep internetowy", deadline, clientId: client.id, status: "active" });
    expect(await db.select().from(clients).where(eq(clients.userId, user.id))).toHaveLength(1);
    expect(await activityActions(user.id)).toEqual(["client.created", "project.created"]);

    const html = await followToPage(browser, response);
    expect(html).toContain(projectsText.created("Sklep internetowy"));
    expect(html).toContain(displayDay(deadline));
  });

  it("uses an existing client when its e-mail is typed", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { email: "znany@example.com" });

    const response = await browser.post("/projects/new", { name: "Logo", client: "ZNANY@example.com" });
    expect(response.status).toBe(302);
    const [project] = await db.select().from(projects).where(eq(projects.userId, user.id));
    expect(project.clientId).toBe(client.id);
    expect(project.deadline).toBeNull();
    expect(await db.select().from(clients).where(eq(clients.userId, user.id))).toHaveLength(1);
  });

  it("creates a new client from a new e-mail address", async () => {
    const { browser, user } = await loggedInBrowser();

    const response = await browser.post("/projects/new", {
      name: "Aplikacja",
      deadline: dayFromToday(0),
      client: "nowy.klient@example.com",
    });
    expect(response.status).toBe(302);

    const [client] = await db.select().from(clients).where(eq(clients.userId, user.id));
    expect(client).toMatchObject({ name: "nowy.klient@example.com", email: "nowy.klient@example.com" });
    const [project] = await db.select().from(projects).where(eq(projects.userId, user.id));
    expect(project.clientId).toBe(client.id);

    const rows = await db.select().from(activity).where(eq(activity.userId, user.id));
    expect(await activityActions(user.id)).toEqual(["client.created", "project.created"]);
    const projectRow = rows.find((row) => row.action === "project.created");
    expect(projectRow?.projectId).toBe(project.id);

    const html = await followToPage(browser, response);
    expect(html).toContain(projectsText.createdWithClient("Aplikacja", "nowy.klient@example.com"));
  });

  it("rejects an unknown client name and a malformed e-mail", async () => {
    const { browser, user } = await loggedInBrowser();
    await makeClient(user.id, { name: "Jan Kowalski" });
    const before = await snapshotUserRows(user.id);

    for (const value of ["Janina Kowalska", "jan@", "Jan <jan@>"]) {
      const response = await browser.post("/projects/new", { name: "Projekt", client: value });
      expect(response.status, value).toBe(400);
      expect(await response.text(), value).toContain(escapeHtml(projectsText.clientUnknown(value)));
    }
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("finds a client by name regardless of case and Unicode form", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Łukasz Żółć", email: "lukasz@example.com" });
    await makeClient(user.id, { name: "Łukasz Żółć-Nowak", email: "nowak@example.com" });

    for (const value of ["łukasz żółć", "  ŁUKASZ ŻÓŁĆ ", "Łukasz Żółć".normalize("NFD")]) {
      const response = await browser.post("/projects/new", { name: `Projekt ${value}`, client: value });
      expect(response.status, value).toBe(302);
    }
    const rows = await db.select().from(projects).where(eq(projects.userId, user.id));
    expect(rows.map((row) => row.clientId)).toEqual([client.id, client.id, client.id]);
    expect(await db.select().from(clients).where(eq(clients.userId, user.id))).toHaveLength(2);
  });

  it("finds a client by a name longer than 50 bytes", async () => {
    const { browser, user } = await loggedInBrowser();
    const longName = `${"Ż".repeat(40)} Sp. z o.o.`;
    const client = await makeClient(user.id, { name: longName, email: "dlugi@example.com" });

    const response = await browser.post("/projects/new", { name: "Projekt z długą nazwą klienta", client: longName });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(projects).where(eq(projects.userId, user.id));
    expect(row.clientId).toBe(client.id);
  });

  it("takes the client from a Name <e-mail> suggestion", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Łukasz Żółć", email: "lukasz@example.com" });

    const response = await browser.post("/projects/new", { name: "Logo", client: "Łukasz Żółć <lukasz@example.com>" });
    expect(response.status).toBe(302);
    const [project] = await db.select().from(projects).where(eq(projects.userId, user.id));
    expect(project.clientId).toBe(client.id);
  });

  it("asks to pick by e-mail when two clients share a name", async () => {
    const { browser, user } = await loggedInBrowser();
    await makeClient(user.id, { name: "Jan Kowalski", email: "jan1@example.com" });
    const second = await makeClient(user.id, { name: "Jan Kowalski", email: "jan2@example.com" });
    const before = await snapshotUserRows(user.id);

    const ambiguous = await browser.post("/projects/new", { name: "Projekt", client: "jan kowalski" });
    expect(ambiguous.status).toBe(400);
    expect(visibleText(await ambiguous.text())).toContain(projectsText.clientAmbiguous("jan kowalski"));
    expect(await snapshotUserRows(user.id)).toEqual(before);

    const chosen = await browser.post("/projects/new", { name: "Projekt", client: "Jan Kowalski <jan2@example.com>" });
    expect(chosen.status).toBe(302);
    const [project] = await db.select().from(projects).where(eq(projects.userId, user.id));
    expect(project.clientId).toBe(second.id);
  });

  it("suggests the id of a client without e-mail whose name is shared", async () => {
    const { browser, user } = await loggedInBrowser();
    const first = await makeClient(user.id, { name: "Anna Nowak", email: null });
    const second = await makeClient(user.id, { name: "Anna Nowak", email: null });
    const single = await makeClient(user.id, { name: "Jedyna Firma", email: null });

    const html = await (await browser.get("/projects/new")).text();
    expect(html).toContain(`<option value="${first.id}">Anna Nowak</option>`);
    expect(html).toContain(`<option value="${second.id}">Anna Nowak</option>`);
    expect(html).toContain('<option value="Jedyna Firma"></option>');

    const byId = await browser.post("/projects/new", { name: "Projekt A", client: second.id });
    expect(byId.status).toBe(302);
    const byName = await browser.post("/projects/new", { name: "Projekt B", client: "Jedyna Firma" });
    expect(byName.status).toBe(302);
    const rows = await db.select().from(projects).where(eq(projects.userId, user.id));
    expect(rows.map((row) => row.clientId).sort()).toEqual([second.id, single.id].sort());
  });

  it("creates a named client from Name <new e-mail>", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post("/projects/new", { name: "Sklep", client: "Zofia Wąs <Zofia@Example.com>" });
    expect(response.status).toBe(302);
    const [client] = await db.select().from(clients).where(eq(clients.userId, user.id));
    expect(client).toMatchObject({ name: "Zofia Wąs", email: "zofia@example.com" });
    const html = await followToPage(browser, response);
    expect(html).toContain(projectsText.createdWithClient("Sklep", "zofia@example.com"));
  });

  it("rejects a deadline in the past and accepts today", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);

    const past = await browser.post("/projects/new", { name: "Projekt", deadline: dayFromToday(-1), client: client.id });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain(projectsText.deadlineInPast);
    expect(await db.select().from(projects).where(eq(projects.userId, user.id))).toHaveLength(0);

    const today = await browser.post("/projects/new", { name: "Projekt", deadline: dayFromToday(0), client: client.id });
    expect(today.status).toBe(302);
  });

  it("rejects a day that does not exist", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    for (const deadline of ["2030-02-30", "04.12.2030", "jutro"]) {
      const response = await browser.post("/projects/new", { name: "Projekt", deadline, client: client.id });
      expect(response.status, deadline).toBe(400);
      expect(await response.text()).toContain(common.invalidDay);
    }
  });
});

describe("project list", () => {
  it("shows client, deadline, progress and agreed total", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Źdźbło Łąka Sp. z o.o." });
    const project = await makeProject(user.id, { name: "Kampania", clientId: client.id, deadline: "2030-12-04" });
    const first = await makeTask(user.id, project.id, { amount: 100_000 });
    await makeTask(user.id, project.id, { amount: 23_456 });
    await makeTask(user.id, project.id, { amount: 50_000, requiresAcceptance: true });
    await makeTask(user.id, project.id, { amount: 1 });
    const fifth = await makeTask(user.id, project.id, { amount: 2 });
    await db.update(tasks).set({ workStatus: "done" }).where(eq(tasks.id, first.id));
    await db.update(tasks).set({ workStatus: "done" }).where(eq(tasks.id, fifth.id));

    const response = await browser.get("/projects");
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    expect(html).toContain(`<title>${projectsText.title} · Klamp</title>`);
    expect(html).toContain(`href="/projects/${project.id}"`);
    expect(text).toContain("Źdźbło Łąka Sp. z o.o.");
    expect(text).toContain("04.12.2030");
    expect(text).toContain("5 zadań, zrobione: 2");
    // 1000,00 + 234,56 + 0,01 + 0,02; the pending 500,00 is not agreed yet.
    expect(html).toContain("1 234,59\u00a0zł");
    expect(html).toContain(projectsText.create);
  });

  it("uses singular and few forms for the task count", async () => {
    const { browser, user } = await loggedInBrowser();
    const one = await makeProject(user.id, { name: "Jeden" });
    await makeTask(user.id, one.id);
    const two = await makeProject(user.id, { name: "Dwa" });
    await makeTask(user.id, two.id);
    await makeTask(user.id, two.id);
    const text = visibleText(await (await browser.get("/projects")).text());
    expect(text).toContain("1 zadanie, zrobione: 0");
    expect(text).toContain("2 zadania, zrobione: 0");
  });

  it("separates active and completed projects in tabs", async () => {
    const { browser, user } = await loggedInBrowser();
    await makeProject(user.id, { name: "Trwający projekt" });
    const done = await makeProject(user.id, { name: "Skończony projekt" });
    await db.update(projects).set({ status: "completed" }).where(eq(projects.id, done.id));

    const active = await (await browser.get("/projects")).text();
    expect(active).toContain("Trwający projekt");
    expect(active).not.toContain("Skończony projekt");
    expect(active).toMatch(/aria-current="page"[^>]*>Aktywne</);

    const completed = await (await browser.get("/projects?status=completed")).text();
    expect(completed).toContain("Skończony projekt");
    expect(completed).not.toContain("Trwający projekt");
    expect(completed).toMatch(/aria-current="page"[^>]*>Zakończone</);
  });

  it("pages 25 projects into two pages", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id);
    for (let i = 0; i < 25; i++) await makeProject(user.id, { name: `Projekt nr ${i}`, clientId: client.id });

    const first = await (await browser.get("/projects")).text();
    expect(first.match(/data-label="Klient"/g)).toHaveLength(PROJECTS_PAGE_SIZE);
    expect(first).toContain('href="/projects?page=2"');
    const second = await (await browser.get("/projects?page=2")).text();
    expect(second.match(/data-label="Klient"/g)).toHaveLength(5);
  });

  it("shows an empty state", async () => {
    const { browser } = await loggedInBrowser();
    expect(await (await browser.get("/projects")).text()).toContain(projectsText.emptyActive);
    expect(await (await browser.get("/projects?status=completed")).text()).toContain(projectsText.emptyCompleted);
  });
});

describe("project page", () => {
  it("shows project details, summary, share panel and history", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Łukasz Żółć", email: "lukasz@example.com" });
    const project = await makeProject(user.id, { name: "Portal", clientId: client.id, deadline: "2030-12-04" });
    await makeTask(user.id, project.id, { name: "Makieta", amount: 123_456 });

    const response = await browser.get(`/projects/${project.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    expect(html).toContain(`<title>Portal · ${projectsText.title} · Klamp</title>`);
    expect(text).toContain("Łukasz Żółć");
    expect(text).toContain("04.12.2030");
    expect(text).toContain(projectsText.statusActive);
    expect(text).toContain(projectsText.summaryTitle);
    for (const label of ["Zaakceptowane", "Oczekuje na akceptację", "Odrzucone", "Zrobione", "Opłacone", "Nieopłacone"]) {
      expect(text).toContain(label);
    }
    expect(html).toContain("1 234,56\u00a0zł");
    expect(text).toContain(projectsText.shareTitle);
    expect(text).toContain(shareText.enable);
    expect(text).toContain(projectsText.historyTitle);
    expect(text).toContain("Utworzono projekt „Portal” z terminem realizacji 04.12.2030");
    expect(text).toContain("Dodano zadanie „Makieta” za 1 234,56 zł");
    expect(text).toContain("Ty");
    expect(html).not.toContain("share_token");
  });

  it("answers 404 for an unknown project", async () => {
    const { browser } = await loggedInBrowser();
    expect((await browser.get(`/projects/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await browser.get("/projects/xyz")).status).toBe(404);
  });

  it("shows the client link once sharing is on", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const enabled = await browser.post(`/projects/${project.id}/share`, { intent: "enable" });
    expect(enabled.status).toBe(302);
    const html = await (await browser.get(`/projects/${project.id}`)).text();
    expect(html).toMatch(/value="http:\/\/localhost:8787\/p\/[A-Za-z0-9_-]{43}"/);
  });
});

describe("project edit", () => {
  it("shows the current client as Name <e-mail>", async () => {
    const { browser, user } = await loggedInBrowser();
    const client = await makeClient(user.id, { name: "Łukasz Żółć", email: "lukasz@example.com" });
    const project = await makeProject(user.id, { clientId: client.id });
    const html = await (await browser.get(`/projects/${project.id}`)).text();
    expect(html).toContain('name="client" form="edit-project" type="text"');
    expect(html).toContain('class="input" value="Łukasz Żółć &lt;lukasz@example.com&gt;"');
    expect(html).not.toContain(`value="${client.id}"`);

    const response = await browser.post(`/projects/${project.id}`, {
      intent: "update-project",
      name: project.name,
      client: "Łukasz Żółć <lukasz@example.com>",
    });
    expect(await followToPage(browser, response)).toContain(projectsText.unchanged);
  });

  it("changes name, deadline and client and logs it", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "Stara nazwa" });
    const other = await makeClient(user.id, { name: "Drugi klient", email: "drugi@example.com" });
    const deadline = dayFromToday(10);

    const response = await browser.post(`/projects/${project.id}`, {
      intent: "update-project",
      name: "Nowa nazwa",
      deadline,
      client: other.id,
    });
    expect(redirectPath(response)).toBe(`/projects/${project.id}`);
    const row = await db.query.projects.findFirst({ where: eq(projects.id, project.id) });
    expect(row).toMatchObject({ name: "Nowa nazwa", deadline, clientId: other.id });

    const html = await followToPage(browser, response);
    expect(html).toContain(projectsText.updated);
    const text = visibleText(html);
    expect(text).toContain("Zmieniono projekt „Nowa nazwa”");
    expect(text).toContain("nazwa: „Stara nazwa” → „Nowa nazwa”");
    expect(text).toContain(`termin realizacji: bez terminu → ${displayDay(deadline)}`);
  });

  it("moves the project to a new client typed as an e-mail", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const response = await browser.post(`/projects/${project.id}`, {
      intent: "update-project",
      name: project.name,
      client: "inny@example.com",
    });
    expect(response.status).toBe(302);
    const created = await db.query.clients.findFirst({
      where: and(eq(clients.userId, user.id), eq(clients.email, "inny@example.com")),
    });
    expect(created).toBeDefined();
    const row = await db.query.projects.findFirst({ where: eq(projects.id, project.id) });
    expect(row?.clientId).toBe(created?.id);
  });

  it("keeps a deadline that has passed but rejects a new past one", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { deadline: "2020-01-15" });

    const kept = await browser.post(`/projects/${project.id}`, {
      intent: "update-project",
      name: "Nowa nazwa",
      deadline: "2020-01-15",
      client: project.clientId,
    });
    expect(kept.status).toBe(302);

    const moved = await browser.post(`/projects/${project.id}`, {
      intent: "update-project",
      name: "Nowa nazwa",
      deadline: "2020-01-16",
      client: project.clientId,
    });
    expect(moved.status).toBe(400);
    expect(await moved.text()).toContain(projectsText.deadlineInPast);
  });

  it("writes no activity when nothing changed", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "Bez zmian" });
    const before = await snapshotUserRows(user.id);
    const response = await browser.post(`/projects/${project.id}`, {
      intent: "update-project",
      name: "Bez zmian",
      client: project.clientId,
    });
    expect(await followToPage(browser, response)).toContain(projectsText.unchanged);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("marks the project completed and reopens it", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "Do zamknięcia" });

    const completed = await browser.post(`/projects/${project.id}`, { intent: "set-project-status", status: "completed" });
    expect(await followToPage(browser, completed)).toContain(projectsText.completed);
    expect((await db.query.projects.findFirst({ where: eq(projects.id, project.id) }))?.status).toBe("completed");
    expect(await (await browser.get("/projects?status=completed")).text()).toContain("Do zamknięcia");

    const again = await browser.post(`/projects/${project.id}`, { intent: "set-project-status", status: "completed" });
    expect(await followToPage(browser, again)).toContain(projectsText.statusUnchanged);

    const reopened = await browser.post(`/projects/${project.id}`, { intent: "set-project-status", status: "active" });
    const html = await followToPage(browser, reopened);
    expect(html).toContain(projectsText.reopened);
    expect(visibleText(html)).toContain("Przywrócono projekt do aktywnych");
    expect(await activityActions(user.id)).toEqual([
      "client.created",
      "project.created",
      "project.completed",
      "project.reopened",
    ]);
  });

  it("rejects an unknown intent", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const before = await snapshotUserRows(user.id);
    const response = await browser.post(`/projects/${project.id}`, { intent: "drop-everything" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(projectsText.unknownIntent);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });
});
