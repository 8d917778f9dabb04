import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, projects, tasks, taskVersions } from "~/db/schema";
import { activityText, projectsText, tasksText } from "~/i18n/pl";
import { decideTask, deleteTask, moveTask, setTaskStatus, summarizeTasks, updateTask } from "~/models/tasks.server";
import { Browser, db, loggedInBrowser } from "./helpers";
import {
  activityActions,
  followToPage,
  makeProject,
  makeTask,
  redirectPath,
  snapshotUserRows,
  visibleText,
} from "./project-helpers";

async function taskRow(taskId: string) {
  const row = await db.query.tasks.findFirst({ where: eq(tasks.id, taskId) });
  if (!row) throw new Error(`Task ${taskId} not found`);
  return row;
}

async function projectTasks(projectId: string) {
  return db.select().from(tasks).where(eq(tasks.projectId, projectId)).orderBy(asc(tasks.position));
}

describe("task add", () => {
  it.each([
    ["1234,56", 123456],
    ["1 234,56", 123456],
    ["1234.56", 123456],
    ["1234", 123400],
  ])("accepts the amount %j", async (amount, grosze) => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);

    const response = await browser.post(`/projects/${project.id}`, { intent: "add-task", name: "Projekt logo", amount });
    expect(redirectPath(response)).toBe(`/projects/${project.id}`);
    const [task] = await projectTasks(project.id);
    expect(task).toMatchObject({
      name: "Projekt logo",
      amount: grosze,
      acceptance: "not_required",
      workStatus: "todo",
      payment: "unpaid",
    });
  });

  it("stores a first version, logs it and shows a toast", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);

    const response = await browser.post(`/projects/${project.id}`, {
      intent: "add-task",
      name: "Sesja zdjęciowa",
      amount: "2 500,00",
      requiresAcceptance: "on",
    });
    const html = await followToPage(browser, response);
    expect(html).toContain(tasksText.added("Sesja zdjęciowa"));
    expect(html).toContain("2 500,00\u00a0zł");
    expect(visibleText(html)).toContain("Dodano zadanie „Sesja zdjęciowa” za 2 500,00 zł (wymaga akceptacji klienta)");

    const [task] = await projectTasks(project.id);
    expect(task).toMatchObject({ requiresAcceptance: true, acceptance: "pending", version: 1 });
    const versions = await db.select().from(taskVersions).where(eq(taskVersions.taskId, task.id));
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, name: "Sesja zdjęciowa", amount: 250000, decision: "pending" });
    expect(await activityActions(user.id)).toEqual(["client.created", "project.created", "task.created"]);
  });

  it("rejects a malformed amount with a field error", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (const amount of ["12,345", "1.234,56", "abc", "-5", "1e3"]) {
      const response = await browser.post(`/projects/${project.id}`, { intent: "add-task", name: "Zadanie", amount });
      expect(response.status, amount).toBe(400);
      expect(await response.text()).toContain(tasksText.amountInvalid);
    }
    expect(await projectTasks(project.id)).toHaveLength(0);
  });

  it("appends tasks in order", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (const name of ["Pierwsze", "Drugie", "Trzecie"]) {
      expect((await browser.post(`/projects/${project.id}`, { intent: "add-task", name, amount: "10" })).status).toBe(302);
    }
    expect((await projectTasks(project.id)).map((task) => task.name)).toEqual(["Pierwsze", "Drugie", "Trzecie"]);
  });
});

describe("task status", () => {
  it("changes the work status and logs it", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Makieta" });

    const response = await browser.post(`/projects/${project.id}`, {
      intent: "set-status",
      taskId: task.id,
      status: "in_progress",
    });
    const html = await followToPage(browser, response);
    expect(html).toContain(tasksText.statusChanged("Makieta", "W trakcie"));
    expect((await taskRow(task.id)).workStatus).toBe("in_progress");
    expect(visibleText(html)).toContain("Zmieniono status zadania „Makieta”: Do zrobienia → W trakcie");

    await browser.post(`/projects/${project.id}`, { intent: "set-status", taskId: task.id, status: "done" });
    expect((await taskRow(task.id)).workStatus).toBe("done");
    expect(await activityActions(user.id)).toEqual([
      "client.created",
      "project.created",
      "task.created",
      "task.status_changed",
      "task.status_changed",
    ]);
  });

  it("rejects an unknown status", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id);
    const before = await snapshotUserRows(user.id);
    const response = await browser.post(`/projects/${project.id}`, { intent: "set-status", taskId: task.id, status: "finished" });
    expect(response.status).toBe(400);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("renders the status select with a fallback button", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await makeTask(user.id, project.id, { name: "Makieta" });
    const html = await (await browser.get(`/projects/${project.id}`)).text();
    expect(html).toContain(`aria-label="${tasksText.statusLabel("Makieta")}"`);
    expect(html).toContain(tasksText.statusSubmit);
    for (const label of ["Do zrobienia", "W trakcie", "Zrobione", "Nieopłacone", "Nie wymaga akceptacji"])
      expect(html).toContain(label);
  });
});

describe("task reorder", () => {
  it("moves a task up and down", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const a = await makeTask(user.id, project.id, { name: "A" });
    await makeTask(user.id, project.id, { name: "B" });
    const c = await makeTask(user.id, project.id, { name: "C" });

    const up = await browser.post(`/projects/${project.id}`, { intent: "move-task", taskId: c.id, direction: "up" });
    expect(await followToPage(browser, up)).toContain(tasksText.moved);
    expect((await projectTasks(project.id)).map((task) => task.name)).toEqual(["A", "C", "B"]);

    await browser.post(`/projects/${project.id}`, { intent: "move-task", taskId: a.id, direction: "down" });
    expect((await projectTasks(project.id)).map((task) => task.name)).toEqual(["C", "A", "B"]);

    const rows = await db
      .select()
      .from(activity)
      .where(and(eq(activity.userId, user.id), eq(activity.action, "task.reordered")));
    expect(rows).toHaveLength(2);
  });

  it("ignores a repeated move of the same position", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await makeTask(user.id, project.id, { name: "A" });
    await makeTask(user.id, project.id, { name: "B" });
    const c = await makeTask(user.id, project.id, { name: "C" });
    const [before] = (await projectTasks(project.id)).filter((task) => task.id === c.id);
    const form = { intent: "move-task", taskId: c.id, direction: "up", position: String(before.position) };

    expect(await followToPage(browser, await browser.post(`/projects/${project.id}`, form))).toContain(tasksText.moved);
    expect(await followToPage(browser, await browser.post(`/projects/${project.id}`, form))).toContain(tasksText.moveConflict);
    expect((await projectTasks(project.id)).map((task) => task.name)).toEqual(["A", "C", "B"]);
  });

  it("leaves the first task where it is when moved up", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const a = await makeTask(user.id, project.id, { name: "A" });
    await makeTask(user.id, project.id, { name: "B" });
    const before = await snapshotUserRows(user.id);

    const response = await browser.post(`/projects/${project.id}`, { intent: "move-task", taskId: a.id, direction: "up" });
    expect(await followToPage(browser, response)).toContain(tasksText.atEdge);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("disables the outer move buttons", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await makeTask(user.id, project.id, { name: "A" });
    await makeTask(user.id, project.id, { name: "B" });
    const html = await (await browser.get(`/projects/${project.id}`)).text();
    expect(html).toMatch(new RegExp(`disabled=""[^>]*aria-label="${tasksText.moveUp("A")}"`));
    expect(html).toMatch(new RegExp(`disabled=""[^>]*aria-label="${tasksText.moveDown("B")}"`));
  });
});

describe("task edit", () => {
  it("edits a task that needs no acceptance", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Tekst", amount: 10_000 });

    const page = await browser.get(`/projects/${project.id}/tasks/${task.id}/edit`);
    expect(page.status).toBe(200);
    const form = await page.text();
    expect(form).toContain('value="100,00"');
    expect(form).not.toContain(tasksText.acceptedWarning);

    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, {
      name: "Tekst na stronę",
      amount: "120",
    });
    expect(redirectPath(response)).toBe(`/projects/${project.id}`);
    expect(await followToPage(browser, response)).toContain(tasksText.updated);
    expect(await taskRow(task.id)).toMatchObject({
      name: "Tekst na stronę",
      amount: 12_000,
      acceptance: "not_required",
      version: 2,
    });
    expect((await activityActions(user.id)).at(-1)).toBe("task.repriced");
  });

  it("sends an accepted task back for acceptance and keeps the old decision", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Logo", amount: 100_000, requiresAcceptance: true });
    expect(await decideTask(db, { id: project.id, userId: user.id }, task.id, 1, "accepted", "OK")).toBe("decided");

    const form = await (await browser.get(`/projects/${project.id}/tasks/${task.id}/edit`)).text();
    expect(form).toContain(tasksText.acceptedWarning);

    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, {
      name: "Logo",
      amount: "1 500,00",
      requiresAcceptance: "on",
    });
    const html = await followToPage(browser, response);
    expect(html).toContain(tasksText.updatedBackForAcceptance);
    expect(visibleText(html)).toContain("Zmieniono kwotę zadania „Logo”: 1 000,00 zł → 1 500,00 zł");
    expect(visibleText(html)).toContain(activityText.resentAfterAccepted);

    expect(await taskRow(task.id)).toMatchObject({ amount: 150_000, acceptance: "pending", version: 2 });
    const versions = await db
      .select()
      .from(taskVersions)
      .where(eq(taskVersions.taskId, task.id))
      .orderBy(asc(taskVersions.version));
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatchObject({ version: 1, amount: 100_000, decision: "accepted", decidedBy: "client", comment: "OK" });
    expect(versions[1]).toMatchObject({ version: 2, amount: 150_000, decision: "pending", decidedBy: null });

    const history = visibleText(await (await browser.get(`/projects/${project.id}/tasks/${task.id}/edit`)).text());
    expect(history).toContain(tasksText.versionsTitle);
    expect(history).toContain("1 000,00 zł");
    expect(history).toContain("1 500,00 zł");
    expect(history).toContain("Zaakceptowane");
    expect(history).toContain("Oczekuje na akceptację");
    expect(history).toMatch(/Klient, \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/);
    expect(history).toContain("OK");
  });

  it("sends a renamed accepted task back for acceptance", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Baner", amount: 5_000, requiresAcceptance: true });
    await decideTask(db, { id: project.id, userId: user.id }, task.id, 1, "accepted", null);

    await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, {
      name: "Baner animowany",
      amount: "50",
      requiresAcceptance: "on",
    });
    expect(await taskRow(task.id)).toMatchObject({ name: "Baner animowany", acceptance: "pending", version: 2 });
    expect((await activityActions(user.id)).at(-1)).toBe("task.updated");
  });

  it("saves nothing when nothing changed", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Stałe", amount: 10_000 });
    const before = await snapshotUserRows(user.id);
    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, { name: "Stałe", amount: "100,00" });
    expect(await followToPage(browser, response)).toContain(tasksText.unchanged);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("refuses to edit a paid task", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Opłacone" });
    await db.update(tasks).set({ payment: "paid" }).where(eq(tasks.id, task.id));
    const before = await snapshotUserRows(user.id);

    const page = await (await browser.get(`/projects/${project.id}/tasks/${task.id}/edit`)).text();
    expect(page).toContain(tasksText.editLocked);

    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, { name: "Zmienione", amount: "1" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain(tasksText.editLocked);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("rejects a malformed amount on edit", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id);
    const before = await snapshotUserRows(user.id);
    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, { name: "X", amount: "1.234,56" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(tasksText.amountInvalid);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });
});

describe("task delete", () => {
  it("deletes an unpaid task and keeps its name in the history", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Zbędne", amount: 4_200 });

    const response = await browser.post(`/projects/${project.id}`, { intent: "delete-task", taskId: task.id });
    const html = await followToPage(browser, response);
    expect(html).toContain(tasksText.deleted("Zbędne"));
    expect(visibleText(html)).toContain("Usunięto zadanie „Zbędne” (42,00 zł)");
    expect(await db.query.tasks.findFirst({ where: eq(tasks.id, task.id) })).toBeUndefined();
    expect(await db.select().from(taskVersions).where(eq(taskVersions.taskId, task.id))).toHaveLength(0);
    expect((await activityActions(user.id)).at(-1)).toBe("task.deleted");
  });

  it("refuses to delete a paid task", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Zapłacone" });
    await db.update(tasks).set({ payment: "paid" }).where(eq(tasks.id, task.id));
    const before = await snapshotUserRows(user.id);

    const page = await (await browser.get(`/projects/${project.id}`)).text();
    expect(page).not.toContain(`aria-label="${tasksText.deleteLabel("Zapłacone")}"`);
    expect(page).toContain(tasksText.historyLink);

    const response = await browser.post(`/projects/${project.id}`, { intent: "delete-task", taskId: task.id });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain(tasksText.deleteLocked);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("refuses to delete a task with a payment in progress", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id);
    await db.update(tasks).set({ payment: "pending" }).where(eq(tasks.id, task.id));
    const response = await browser.post(`/projects/${project.id}`, { intent: "delete-task", taskId: task.id });
    expect(response.status).toBe(409);
    expect(await db.query.tasks.findFirst({ where: eq(tasks.id, task.id) })).toBeDefined();
  });
});

describe("project summary", () => {
  it("adds up every state to the grosz", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const ref = { id: project.id, userId: user.id };
    // Agreed without acceptance, done and paid: 1 000,01 zł.
    const paid = await makeTask(user.id, project.id, { amount: 100_001 });
    await db.update(tasks).set({ workStatus: "done", payment: "paid" }).where(eq(tasks.id, paid.id));
    // Accepted by the client, done, unpaid: 234,55 zł.
    const accepted = await makeTask(user.id, project.id, { amount: 23_455, requiresAcceptance: true });
    await decideTask(db, ref, accepted.id, 1, "accepted", null);
    await db.update(tasks).set({ workStatus: "done" }).where(eq(tasks.id, accepted.id));
    // Waiting for acceptance: 99,99 zł.
    await makeTask(user.id, project.id, { amount: 9_999, requiresAcceptance: true });
    // Rejected: 0,01 zł.
    const rejected = await makeTask(user.id, project.id, { amount: 1, requiresAcceptance: true });
    await decideTask(db, ref, rejected.id, 1, "rejected", "Za drogo");

    const summary = summarizeTasks(await projectTasks(project.id));
    expect(summary).toEqual({
      accepted: 123_456,
      pending: 9_999,
      rejected: 1,
      done: 123_456,
      paid: 100_001,
      unpaid: 23_455,
      // The rejected task is left out of progress.
      taskCount: 3,
      doneCount: 2,
    });

    const html = await (await browser.get(`/projects/${project.id}`)).text();
    const summaryHtml = html.slice(
      html.indexOf('data-testid="project-summary"'),
      html.indexOf("</dl>", html.indexOf('data-testid="project-summary"')),
    );
    const text = visibleText(summaryHtml);
    expect(text).toContain("Zaakceptowane 1 234,56 zł");
    expect(text).toContain("Oczekuje na akceptację 99,99 zł");
    expect(text).toContain("Odrzucone 0,01 zł");
    expect(text).toContain("Zrobione 1 234,56 zł");
    expect(text).toContain("Opłacone 1 000,01 zł");
    expect(text).toContain("Nieopłacone 234,55 zł");
    expect(visibleText(html)).toContain("Komentarz: „Za drogo”");
  });
});

describe("activity log", () => {
  it("gets one row for every state change made through the pages", async () => {
    const { browser, user } = await loggedInBrowser();
    const post = async (path: string, form: Record<string, string>) => {
      const response = await browser.post(path, form);
      expect(response.status, JSON.stringify(form)).toBe(302);
      return response;
    };

    const created = await post("/clients/new", { name: "Klient" });
    const clientPath = redirectPath(created);
    await post(clientPath, { intent: "save", name: "Klient po zmianie" });
    const projectResponse = await post("/projects/new", { name: "Projekt", client: "nowy@example.com" });
    const projectPath = redirectPath(projectResponse);
    await post(projectPath, { intent: "add-task", name: "A", amount: "1" });
    await post(projectPath, { intent: "add-task", name: "B", amount: "2", requiresAcceptance: "on" });
    const [a, b] = await db.select().from(tasks).where(eq(tasks.userId, user.id)).orderBy(asc(tasks.position));
    await post(projectPath, { intent: "set-status", taskId: a.id, status: "done" });
    await post(projectPath, { intent: "move-task", taskId: b.id, direction: "up" });
    await post(`${projectPath}/tasks/${b.id}/edit`, { name: "B", amount: "3", requiresAcceptance: "on" });
    await post(`${projectPath}/tasks/${b.id}/edit`, { name: "B2", amount: "3", requiresAcceptance: "on" });
    await post(projectPath, { intent: "delete-task", taskId: a.id });
    await post(projectPath, { intent: "update-project", name: "Projekt 2", client: "nowy@example.com" });
    await post(projectPath, { intent: "set-project-status", status: "completed" });
    await post(projectPath, { intent: "set-project-status", status: "active" });
    await post(clientPath, { intent: "delete" });

    expect(await activityActions(user.id)).toEqual([
      "client.created",
      "client.updated",
      "client.created",
      "project.created",
      "task.created",
      "task.created",
      "task.status_changed",
      "task.reordered",
      "task.repriced",
      "task.updated",
      "task.deleted",
      "project.updated",
      "project.completed",
      "project.reopened",
      "client.deleted",
    ]);
  });
});

/** Reads the activity rows of one action about one task, oldest first. */
async function taskActivity(taskId: string, action: string) {
  return db
    .select()
    .from(activity)
    .where(and(eq(activity.subjectId, taskId), eq(activity.action, action)))
    .orderBy(sql`rowid`);
}

/** Opens a second session of the same freelancer, as a second tab or device would. */
async function secondBrowser(email: string, password: string) {
  const browser = new Browser();
  const response = await browser.post("/login", { email, password });
  expect(response.status).toBe(302);
  return browser;
}

describe("acceptance requirement", () => {
  it("stays on after the client rejected the task", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Logo", amount: 100_000, requiresAcceptance: true });
    await decideTask(db, { id: project.id, userId: user.id }, task.id, 1, "rejected", "Za drogo");
    const before = await snapshotUserRows(user.id);

    // The checkbox unticked: the field is missing from the form data.
    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, { name: "Logo", amount: "1000" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(tasksText.requirementLocked);
    expect(await snapshotUserRows(user.id)).toEqual(before);
    expect(await taskRow(task.id)).toMatchObject({ requiresAcceptance: true, acceptance: "rejected" });
  });

  it("stays on while the task is pending", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Logo", amount: 100_000, requiresAcceptance: true });
    const before = await snapshotUserRows(user.id);

    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, { name: "Logo", amount: "900" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(tasksText.requirementLocked);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("stays on when an accepted task is repriced", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Logo", amount: 100_000, requiresAcceptance: true });
    await decideTask(db, { id: project.id, userId: user.id }, task.id, 1, "accepted", null);
    const before = await snapshotUserRows(user.id);

    const refused = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, { name: "Logo", amount: "2000" });
    expect(refused.status).toBe(400);
    expect(await snapshotUserRows(user.id)).toEqual(before);
    expect(await updateTask(db, user.id, task.id, { name: "Logo", amount: 200_000, requiresAcceptance: false })).toBe(
      "requirement_locked",
    );
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("shows a disabled checkbox with the reason on the edit form", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Logo", requiresAcceptance: true });

    const html = await (await browser.get(`/projects/${project.id}/tasks/${task.id}/edit`)).text();
    expect(html).toContain('<input type="hidden" name="requiresAcceptance" value="on"/>');
    const checkbox = /<input type="checkbox"[^>]*>/.exec(html)?.[0] ?? "";
    expect(checkbox).toContain('checked=""');
    expect(checkbox).toContain('disabled=""');
    expect(html).toContain(tasksText.requirementLockedHint);

    const open = await makeTask(user.id, project.id, { name: "Bez akceptacji" });
    const openHtml = await (await browser.get(`/projects/${project.id}/tasks/${open.id}/edit`)).text();
    expect(openHtml).not.toContain(tasksText.requirementLockedHint);
    expect(openHtml).not.toMatch(/<input type="checkbox"[^>]*disabled=""/);
  });

  it("can be turned on and sends the task for acceptance", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Hosting", amount: 30_000 });

    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, {
      name: "Hosting",
      amount: "300",
      requiresAcceptance: "on",
    });
    const html = await followToPage(browser, response);
    expect(html).toContain(tasksText.updatedSentForAcceptance);
    expect(visibleText(html)).toContain(activityText.requirementTurnedOn);
    expect(await taskRow(task.id)).toMatchObject({ requiresAcceptance: true, acceptance: "pending", version: 2 });

    const [row] = await taskActivity(task.id, "task.updated");
    expect(JSON.parse(row.data)).toMatchObject({ requirementTurnedOn: true, previousAcceptance: "not_required", backForAcceptance: false });
    expect(summarizeTasks(await projectTasks(project.id))).toMatchObject({ accepted: 0, pending: 30_000 });
  });

  it("logs a rejected task sent to the client again", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Logo", amount: 100_000, requiresAcceptance: true });
    await decideTask(db, { id: project.id, userId: user.id }, task.id, 1, "rejected", null);

    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, {
      name: "Logo",
      amount: "800",
      requiresAcceptance: "on",
    });
    const html = await followToPage(browser, response);
    expect(html).toContain(tasksText.updatedBackForAcceptance);
    expect(visibleText(html)).toContain(activityText.resentAfterRejected);
    expect(await taskRow(task.id)).toMatchObject({ amount: 80_000, acceptance: "pending", version: 2 });
    const [row] = await taskActivity(task.id, "task.repriced");
    expect(JSON.parse(row.data)).toMatchObject({ backForAcceptance: true, previousAcceptance: "rejected" });
  });
});

describe("zero amounts", () => {
  it("are allowed only without acceptance", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);

    const free = await browser.post(`/projects/${project.id}`, { intent: "add-task", name: "Gratis", amount: "0" });
    expect(free.status).toBe(302);
    const before = await snapshotUserRows(user.id);
    for (const amount of ["0", "0,00"]) {
      const response = await browser.post(`/projects/${project.id}`, {
        intent: "add-task",
        name: "Do akceptacji",
        amount,
        requiresAcceptance: "on",
      });
      expect(response.status, amount).toBe(400);
      expect(await response.text()).toContain(tasksText.amountZeroNeedsNoAcceptance);
    }
    expect(await snapshotUserRows(user.id)).toEqual(before);

    const cent = await browser.post(`/projects/${project.id}`, {
      intent: "add-task",
      name: "Grosz",
      amount: "0,01",
      requiresAcceptance: "on",
    });
    expect(cent.status).toBe(302);
  });

  it("are rejected when an edit asks for acceptance", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { amount: 100, requiresAcceptance: true });
    const before = await snapshotUserRows(user.id);
    const response = await browser.post(`/projects/${project.id}/tasks/${task.id}/edit`, {
      name: "Projekt graficzny",
      amount: "0",
      requiresAcceptance: "on",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(tasksText.amountZeroNeedsNoAcceptance);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });
});

describe("task races", () => {
  it("double delete writes one activity row and no error", async () => {
    const { browser, user } = await loggedInBrowser();
    const other = await secondBrowser(user.email, user.password);
    const project = await makeProject(user.id);

    for (let round = 0; round < 10; round++) {
      const task = await makeTask(user.id, project.id, { name: `Zadanie ${round}` });
      const form = { intent: "delete-task", taskId: task.id };
      const responses = await Promise.all([browser.post(`/projects/${project.id}`, form), other.post(`/projects/${project.id}`, form)]);
      expect(responses.map((response) => response.status), `round ${round}`).toEqual([302, 302]);
      expect(await taskActivity(task.id, "task.deleted"), `round ${round}`).toHaveLength(1);

      const pages = [await followToPage(browser, responses[0]), await followToPage(other, responses[1])];
      const toasts = pages.map((html) => (html.includes(tasksText.alreadyDeleted) ? "already" : "deleted")).sort();
      expect(toasts, `round ${round}`).toEqual(["already", "deleted"]);
    }
  });

  it("answers a delete of a deleted task with a toast", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Zbędne" });
    await browser.post(`/projects/${project.id}`, { intent: "delete-task", taskId: task.id });
    const before = await snapshotUserRows(user.id);

    const again = await browser.post(`/projects/${project.id}`, { intent: "delete-task", taskId: task.id });
    expect(await followToPage(browser, again)).toContain(tasksText.alreadyDeleted);
    expect(await snapshotUserRows(user.id)).toEqual(before);
    expect(await deleteTask(db, user.id, task.id)).toBe("not_found");
  });

  it("parallel up and down moves keep positions distinct", async () => {
    const { user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await makeTask(user.id, project.id, { name: "A" });
    const b = await makeTask(user.id, project.id, { name: "B" });
    await makeTask(user.id, project.id, { name: "C" });

    for (let round = 0; round < 10; round++) {
      const before = await projectTasks(project.id);
      const rowsBefore = (await taskActivity(b.id, "task.reordered")).length;
      const results = await Promise.all([moveTask(db, user.id, b.id, "up"), moveTask(db, user.id, b.id, "down")]);
      const after = await projectTasks(project.id);
      const added = (await taskActivity(b.id, "task.reordered")).length - rowsBefore;

      expect(new Set(after.map((task) => task.position)).size, `round ${round}`).toBe(3);
      expect(added, `round ${round}`).toBe(results.filter((result) => result === "moved").length);
      if (added === 1) expect(after.map((task) => task.name), `round ${round}`).not.toEqual(before.map((task) => task.name));
    }
  });

  it("parallel status changes write one activity row", async () => {
    const { user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (let round = 0; round < 5; round++) {
      const task = await makeTask(user.id, project.id, { name: `Zadanie ${round}` });
      const results = await Promise.all([setTaskStatus(db, user.id, task.id, "done"), setTaskStatus(db, user.id, task.id, "done")]);
      expect(results.sort(), `round ${round}`).toEqual(["unchanged", "updated"]);
      expect(await taskActivity(task.id, "task.status_changed"), `round ${round}`).toHaveLength(1);
    }
  });

  it("parallel identical edits write one version", async () => {
    const { user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const task = await makeTask(user.id, project.id, { name: "Logo", amount: 1_000, requiresAcceptance: true });
    const input = { name: "Logo", amount: 2_000, requiresAcceptance: true };
    const results = await Promise.all([updateTask(db, user.id, task.id, input), updateTask(db, user.id, task.id, input)]);
    expect(results.sort()).toEqual(["conflict", "updated"]);
    expect(await db.select().from(taskVersions).where(eq(taskVersions.taskId, task.id))).toHaveLength(2);
    expect(await taskActivity(task.id, "task.repriced")).toHaveLength(1);
  });
});

describe("completed project", () => {
  async function completedProject() {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const open = await makeTask(user.id, project.id, { name: "Makieta" });
    const second = await makeTask(user.id, project.id, { name: "Wdrożenie" });
    const pending = await makeTask(user.id, project.id, { name: "Dodatkowa strona", amount: 5_000, requiresAcceptance: true });
    const completed = await browser.post(`/projects/${project.id}`, { intent: "set-project-status", status: "completed" });
    expect(completed.status).toBe(302);
    return { browser, user, project, open, second, pending };
  }

  it("refuses every task change with 409", async () => {
    const { browser, user, project, open } = await completedProject();
    const before = await snapshotUserRows(user.id);
    const forms: Record<string, string>[] = [
      { intent: "add-task", name: "Nowe", amount: "100" },
      { intent: "set-status", taskId: open.id, status: "done" },
      { intent: "move-task", taskId: open.id, direction: "down" },
      { intent: "delete-task", taskId: open.id },
    ];
    for (const form of forms) {
      const response = await browser.post(`/projects/${project.id}`, form);
      expect(response.status, form.intent).toBe(409);
      expect(await response.text(), form.intent).toContain(projectsText.completedReadOnly);
    }
    const edit = await browser.post(`/projects/${project.id}/tasks/${open.id}/edit`, { name: "Zmienione", amount: "1" });
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain(projectsText.completedReadOnly);
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("refuses task changes in the models too", async () => {
    const { user, open, second } = await completedProject();
    const before = await snapshotUserRows(user.id);
    expect(await setTaskStatus(db, user.id, open.id, "done")).toBe("project_completed");
    expect(await moveTask(db, user.id, open.id, "down")).toBe("project_completed");
    expect(await deleteTask(db, user.id, second.id)).toBe("project_completed");
    expect(await updateTask(db, user.id, open.id, { name: "X", amount: 1, requiresAcceptance: false })).toBe("project_completed");
    expect(await snapshotUserRows(user.id)).toEqual(before);
  });

  it("hides the task forms and says why", async () => {
    const { browser, project, open } = await completedProject();
    const html = await (await browser.get(`/projects/${project.id}`)).text();
    expect(html).toContain(projectsText.completedReadOnly);
    for (const intent of ["add-task", "set-status", "move-task", "delete-task"]) {
      expect(html, intent).not.toContain(`name="intent" value="${intent}"`);
    }
    expect(html).toContain(`aria-label="${tasksText.historyLabel("Makieta")}"`);
    expect(html).toContain(projectsText.reopen);

    const edit = await (await browser.get(`/projects/${project.id}/tasks/${open.id}/edit`)).text();
    expect(edit).toContain(projectsText.completedReadOnly);
    expect(edit).not.toContain('name="amount"');
  });

  it("still takes the client's decisions", async () => {
    const { user, project, pending } = await completedProject();
    expect(await decideTask(db, { id: project.id, userId: user.id }, pending.id, 1, "accepted", null)).toBe("decided");
    expect((await taskRow(pending.id)).acceptance).toBe("accepted");
  });

  it("takes task changes again once reopened", async () => {
    const { browser, project } = await completedProject();
    await browser.post(`/projects/${project.id}`, { intent: "set-project-status", status: "active" });
    const response = await browser.post(`/projects/${project.id}`, { intent: "add-task", name: "Nowe", amount: "100" });
    expect(response.status).toBe(302);
    expect(await db.query.projects.findFirst({ where: eq(projects.id, project.id) })).toMatchObject({ status: "active" });
  });
});

describe("task links", () => {
  it("name the task in the edit link's accessible name", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await makeTask(user.id, project.id, { name: "Makieta" });
    const html = await (await browser.get(`/projects/${project.id}`)).text();
    expect(html).toContain(`aria-label="${tasksText.editLabel("Makieta")}"`);
  });
});

describe("progress", () => {
  it("leaves rejected tasks out of both counts", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id, { name: "Postęp" });
    const done = await makeTask(user.id, project.id, { name: "Zrobione" });
    const rejected = await makeTask(user.id, project.id, { name: "Odrzucone", requiresAcceptance: true });
    await decideTask(db, { id: project.id, userId: user.id }, rejected.id, 1, "rejected", null);
    await db.update(tasks).set({ workStatus: "done" }).where(inArray(tasks.id, [done.id, rejected.id]));

    expect(summarizeTasks(await projectTasks(project.id))).toMatchObject({ taskCount: 1, doneCount: 1 });
    const text = visibleText(await (await browser.get("/projects")).text());
    expect(text).toContain("1 zadanie, zrobione: 1");
  });
});
