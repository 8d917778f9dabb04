import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { tasks } from "~/db/schema";
import { projectsText } from "~/i18n/pl";
import { deleteClient } from "~/models/clients.server";
import { deleteTask } from "~/models/tasks.server";
import { db, loggedInBrowser } from "./helpers";
import { makeClient, makeProject, makeTask, snapshotUserRows } from "./project-helpers";

/** Two freelancers: the browser belongs to Anna, the data under attack to Bartek. */
async function setup() {
  const anna = await loggedInBrowser({ name: "Anna" });
  const bartek = await loggedInBrowser({ name: "Bartek" });
  const bartekClient = await makeClient(bartek.user.id, { name: "Klient Bartka", email: "klient.bartka@example.com" });
  const bartekProject = await makeProject(bartek.user.id, { name: "Projekt Bartka", clientId: bartekClient.id });
  const bartekTask = await makeTask(bartek.user.id, bartekProject.id, { name: "Zadanie Bartka" });
  const annaProject = await makeProject(anna.user.id, { name: "Projekt Anny" });
  const annaTask = await makeTask(anna.user.id, annaProject.id, { name: "Zadanie Anny" });
  return {
    browser: anna.browser,
    anna: anna.user,
    bartek: bartek.user,
    bartekClient,
    bartekProject,
    bartekTask,
    annaProject,
    annaTask,
  };
}

/** Runs the requests and checks that both freelancers' rows are exactly as before. */
async function expectNothingChanged(userIds: string[], requests: () => Promise<void>) {
  const before = await Promise.all(userIds.map((id) => snapshotUserRows(id)));
  await requests();
  const after = await Promise.all(userIds.map((id) => snapshotUserRows(id)));
  expect(after).toEqual(before);
}

describe("another freelancer's client", () => {
  it("answers 404 to the page, the edit and the delete", async () => {
    const s = await setup();
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      expect((await s.browser.get(`/clients/${s.bartekClient.id}`)).status).toBe(404);
      const save = await s.browser.post(`/clients/${s.bartekClient.id}`, {
        intent: "save",
        name: "Przejęty",
        email: "x@example.com",
      });
      expect(save.status).toBe(404);
      const remove = await s.browser.post(`/clients/${s.bartekClient.id}`, { intent: "delete" });
      expect(remove.status).toBe(404);
    });
  });

  it("answers 404 before looking at the form", async () => {
    const s = await setup();
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      const forms: Record<string, string>[] = [
        { intent: "save", name: "" },
        { intent: "save", name: "Ok", email: "nie-email", nip: "123" },
        { intent: "unknown" },
        {},
      ];
      for (const form of forms) {
        const response = await s.browser.post(`/clients/${s.bartekClient.id}`, form);
        expect(response.status, JSON.stringify(form)).toBe(404);
      }
      const edit = await s.browser.post(`/projects/${s.bartekProject.id}/tasks/${s.bartekTask.id}/edit`, { name: "", amount: "abc" });
      expect(edit.status).toBe(404);
      const project = await s.browser.post(`/projects/${s.bartekProject.id}`, { intent: "add-task", name: "", amount: "abc" });
      expect(project.status).toBe(404);
    });
  });

  it("is not found by its name or its deleted id", async () => {
    const s = await setup();
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      const response = await s.browser.post("/projects/new", { name: "Cudzy klient", client: "Klient Bartka" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(projectsText.clientUnknown("Klient Bartka"));
    });
  });

  it("answers 404 to deleting a client and a task it already deleted", async () => {
    const s = await setup();
    const spare = await makeClient(s.bartek.id, { name: "Zbędny klient Bartka", email: null });
    expect(await deleteClient(db, s.bartek.id, spare.id)).toBe("deleted");
    expect(await deleteTask(db, s.bartek.id, s.bartekTask.id)).toBe("deleted");

    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      expect((await s.browser.post(`/clients/${spare.id}`, { intent: "delete" })).status).toBe(404);
      const paths = [`/projects/${s.annaProject.id}`, `/projects/${s.bartekProject.id}`];
      for (const path of paths) {
        const response = await s.browser.post(path, { intent: "delete-task", taskId: s.bartekTask.id });
        expect(response.status, path).toBe(404);
      }
    });
  });

  it("answers 404 when used in the new project form or its preselect", async () => {
    const s = await setup();
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      expect((await s.browser.get(`/projects/new?client=${s.bartekClient.id}`)).status).toBe(404);
      const response = await s.browser.post("/projects/new", { name: "Cudzy klient", client: s.bartekClient.id });
      expect(response.status).toBe(404);
    });
  });

  it("answers 404 when set as the client of an own project", async () => {
    const s = await setup();
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      const response = await s.browser.post(`/projects/${s.annaProject.id}`, {
        intent: "update-project",
        name: "Projekt Anny",
        client: s.bartekClient.id,
      });
      expect(response.status).toBe(404);
    });
  });

  it("creates an own client for another freelancer's client e-mail", async () => {
    const s = await setup();
    const response = await s.browser.post("/projects/new", { name: "Nowy", client: "Klient Bartka <klient.bartka@example.com>" });
    expect(response.status).toBe(302);
    const annaRows = await snapshotUserRows(s.anna.id);
    const created = annaRows.clients.find((client) => client.email === "klient.bartka@example.com");
    expect(created).toBeDefined();
    expect(created?.id).not.toBe(s.bartekClient.id);
    const project = annaRows.projects.find((row) => row.name === "Nowy");
    expect(project?.clientId).toBe(created?.id);
  });

  it("never appears in lists or search", async () => {
    const s = await setup();
    const list = await (await s.browser.get("/clients")).text();
    expect(list).not.toContain("Klient Bartka");
    const search = await (await s.browser.get("/clients?q=bartka")).text();
    expect(search).not.toContain("Klient Bartka");
    const form = await (await s.browser.get("/projects/new")).text();
    expect(form).not.toContain(s.bartekClient.id);
    const projects = await (await s.browser.get("/projects")).text();
    expect(projects).not.toContain("Projekt Bartka");
  });
});

describe("another freelancer's project", () => {
  it("answers 404 to the page and to every intent", async () => {
    const s = await setup();
    const path = `/projects/${s.bartekProject.id}`;
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      expect((await s.browser.get(path)).status).toBe(404);
      const forms: Record<string, string>[] = [
        { intent: "add-task", name: "Wstrzyknięte", amount: "100" },
        { intent: "set-status", taskId: s.bartekTask.id, status: "done" },
        { intent: "move-task", taskId: s.bartekTask.id, direction: "up" },
        { intent: "delete-task", taskId: s.bartekTask.id },
        { intent: "update-project", name: "Przejęty", client: "anna.nowa@example.com" },
        { intent: "set-project-status", status: "completed" },
      ];
      for (const form of forms) {
        const response = await s.browser.post(path, form);
        expect(response.status, form.intent).toBe(404);
      }
    });
  });

  it("answers 404 to its task edit page", async () => {
    const s = await setup();
    const path = `/projects/${s.bartekProject.id}/tasks/${s.bartekTask.id}/edit`;
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      expect((await s.browser.get(path)).status).toBe(404);
      expect((await s.browser.post(path, { name: "Przejęte", amount: "1" })).status).toBe(404);
    });
  });

  it("answers 404 to its share route", async () => {
    const s = await setup();
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      const response = await s.browser.post(`/projects/${s.bartekProject.id}/share`, { intent: "enable" });
      expect(response.status).toBe(404);
    });
  });
});

describe("another freelancer's task", () => {
  it("answers 404 when its id is posted to an own project", async () => {
    const s = await setup();
    const path = `/projects/${s.annaProject.id}`;
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      const forms: Record<string, string>[] = [
        { intent: "set-status", taskId: s.bartekTask.id, status: "done" },
        { intent: "move-task", taskId: s.bartekTask.id, direction: "down" },
        { intent: "delete-task", taskId: s.bartekTask.id },
      ];
      for (const form of forms) {
        const response = await s.browser.post(path, form);
        expect(response.status, form.intent).toBe(404);
      }
    });
  });

  it("answers 404 to its edit page under an own project", async () => {
    const s = await setup();
    const path = `/projects/${s.annaProject.id}/tasks/${s.bartekTask.id}/edit`;
    await expectNothingChanged([s.anna.id, s.bartek.id], async () => {
      expect((await s.browser.get(path)).status).toBe(404);
      expect((await s.browser.post(path, { name: "Przejęte", amount: "1" })).status).toBe(404);
    });
  });

  it("answers 404 for an own task posted under another own project", async () => {
    const s = await setup();
    const otherProject = await makeProject(s.anna.id, { name: "Drugi projekt Anny" });
    await expectNothingChanged([s.anna.id], async () => {
      const response = await s.browser.post(`/projects/${otherProject.id}`, { intent: "delete-task", taskId: s.annaTask.id });
      expect(response.status).toBe(404);
      const edit = await s.browser.get(`/projects/${otherProject.id}/tasks/${s.annaTask.id}/edit`);
      expect(edit.status).toBe(404);
    });
    expect(await db.query.tasks.findFirst({ where: eq(tasks.id, s.annaTask.id) })).toBeDefined();
  });
});
