import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { activity, projects, tasks, type Task } from "~/db/schema";
import { clientPortalText, tasksText } from "~/i18n/pl";
import { createFixRequest } from "~/models/fix-requests.server";
import { readClientLink } from "~/models/share.server";
import { TASKS_PAGE_SIZE, type ProjectSummary } from "~/models/tasks.server";
import { requireSecret } from "~/utils/env.server";
import worker from "../workers/app";
import { Browser, db, loggedInBrowser, ORIGIN } from "./helpers";
import { makeProject, makeTask, redirectPath, visibleText } from "./project-helpers";

// The task list of the freelancer's project page and of the client page shows 50 tasks a page
// (`?tasks=N`), while the summaries cover every task of the project. The big project has 5,000
// tasks in mixed acceptance, work and payment states. The expected sums are computed here in
// JavaScript from the generated rows and compared with what the pages read through SQL.

const BIG_PROJECT_TASKS = 5_000;
const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;

const ACCEPTANCE_CYCLE: Task["acceptance"][] = ["not_required", "accepted", "pending", "not_required", "rejected", "accepted", "not_required"];
const WORK_CYCLE: Task["workStatus"][] = ["todo", "in_progress", "done"];

type GeneratedTask = Pick<Task, "name" | "amount" | "acceptance" | "workStatus" | "payment">;

/** Builds the i-th generated task (0-based). Task names sort in task order, "Zadanie 0001" first. */
function generatedTask(index: number): GeneratedTask {
  const acceptance = ACCEPTANCE_CYCLE[index % ACCEPTANCE_CYCLE.length];
  const agreed = acceptance === "accepted" || acceptance === "not_required";
  let payment: Task["payment"] = "unpaid";
  if (agreed && index % 4 === 0) payment = "paid";
  else if (agreed && index % 11 === 0) payment = "pending";
  return {
    name: taskName(index + 1),
    amount: 1_000 + ((index * 7_919) % 500_000),
    acceptance,
    workStatus: WORK_CYCLE[index % WORK_CYCLE.length],
    payment,
  };
}

function taskName(position: number): string {
  return `Zadanie ${String(position).padStart(4, "0")}`;
}

/**
 * Inserts `count` generated tasks at positions 1..count. Drizzle binds a value for each of the 15
 * columns of a row (null for paid_via and paid_at), so an INSERT of 6 rows binds 90 values, under
 * D1's limit of 100 per query. The INSERTs go in batches of 100.
 */
async function insertTasks(owner: { userId: string; projectId: string }, count: number): Promise<GeneratedTask[]> {
  const generated = Array.from({ length: count }, (_, index) => generatedTask(index));
  const start = Date.parse("2026-11-02T08:00:00.000Z");
  const rows = generated.map((task, index) => ({
    id: crypto.randomUUID(),
    projectId: owner.projectId,
    userId: owner.userId,
    name: task.name,
    amount: task.amount,
    requiresAcceptance: task.acceptance !== "not_required",
    acceptance: task.acceptance,
    workStatus: task.workStatus,
    payment: task.payment,
    position: index + 1,
    createdAt: new Date(start + index).toISOString(),
    updatedAt: new Date(start + index).toISOString(),
  }));
  const ROWS_PER_INSERT = 6;
  const inserts = [];
  for (let offset = 0; offset < rows.length; offset += ROWS_PER_INSERT) {
    inserts.push(db.insert(tasks).values(rows.slice(offset, offset + ROWS_PER_INSERT)));
  }
  const INSERTS_PER_BATCH = 100;
  for (let offset = 0; offset < inserts.length; offset += INSERTS_PER_BATCH) {
    const chunk = inserts.slice(offset, offset + INSERTS_PER_BATCH);
    await db.batch(chunk as [(typeof chunk)[number], ...(typeof chunk)[number][]]);
  }
  return generated;
}

/** Computes the project summary in JavaScript: rejected tasks count only as rejected. */
function expectedSummary(list: GeneratedTask[]): ProjectSummary & { pendingCount: number } {
  const summary = { accepted: 0, pending: 0, rejected: 0, done: 0, paid: 0, unpaid: 0, taskCount: 0, doneCount: 0, pendingCount: 0 };
  for (const task of list) {
    if (task.acceptance === "rejected") {
      summary.rejected += task.amount;
      continue;
    }
    const agreed = task.acceptance === "accepted" || task.acceptance === "not_required";
    summary.taskCount += 1;
    if (task.acceptance === "pending") {
      summary.pending += task.amount;
      summary.pendingCount += 1;
    }
    if (agreed) summary.accepted += task.amount;
    if (task.workStatus === "done") {
      summary.done += task.amount;
      summary.doneCount += 1;
    }
    if (task.payment === "paid") summary.paid += task.amount;
    else if (agreed) summary.unpaid += task.amount;
  }
  return summary;
}

/** Names of the task rows of the freelancer's page, in the order shown. */
function freelancerTaskNames(html: string): string[] {
  return [...html.matchAll(/data-testid="task-row"[\s\S]*?<span class="\[overflow-wrap:anywhere\]">([^<]*)<\/span>/g)].map((match) => match[1]);
}

/** Names of the task cards of the client page, in the order shown. */
function clientTaskNames(html: string): string[] {
  return [...html.matchAll(/data-testid="client-task"[\s\S]*?<h3[^>]*>([^<]*)<\/h3>/g)].map((match) => match[1]);
}

function expectedNames(firstPosition: number, lastPosition: number): string[] {
  return Array.from({ length: lastPosition - firstPosition + 1 }, (_, index) => taskName(firstPosition + index));
}

async function enableClientLink(browser: Browser, projectId: string): Promise<string> {
  expect((await browser.post(`/projects/${projectId}/share`, { intent: "enable" })).status).toBe(302);
  const stored = await db.query.projects.findFirst({ where: eq(projects.id, projectId) });
  if (!stored) throw new Error("project not stored");
  const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, stored);
  if (!link) throw new Error("sharing is off");
  return new URL(link).pathname;
}

/** Requests a page with the D1 counter on and returns the status and its round trips. */
async function countedGet(path: string, cookie = "") {
  const request = new Request(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} }) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, { ...env, D1_QUERY_LOG: "1" } as Env, ctx);
  await response.arrayBuffer();
  const queries = response.headers.get("X-D1-Queries");
  const batches = response.headers.get("X-D1-Batches");
  // Without the counter's headers every page would pass as 0 round trips.
  if (queries === null || batches === null) throw new Error(`GET ${path} has no X-D1-Queries or X-D1-Batches header`);
  return { status: response.status, roundTrips: Number(queries) + Number(batches) };
}

/** Fetches the project page's loader data through Remix's `?_data=` request. */
async function freelancerData(browser: Browser, projectId: string, query = "") {
  const response = await browser.get(`/projects/${projectId}?${query}${query ? "&" : ""}_data=routes/_app.projects.$projectId`);
  expect(response.status).toBe(200);
  return (await response.json()) as { summary: ProjectSummary; taskPage: { page: number; pageCount: number; total: number } };
}

describe("task list of a 5,000-task project", () => {
  let browser: Browser;
  let projectId: string;
  let clientPath: string;
  let generated: GeneratedTask[];

  beforeAll(async () => {
    const session = await loggedInBrowser();
    browser = session.browser;
    const project = await makeProject(session.user.id, { name: "Duży sklep" });
    projectId = project.id;
    generated = await insertTasks({ userId: session.user.id, projectId }, BIG_PROJECT_TASKS);
    clientPath = await enableClientLink(browser, projectId);
  }, 120_000);

  it("shows the first 50 tasks on page 1", async () => {
    const response = await browser.get(`/projects/${projectId}`);
    expect(response.status).toBe(200);
    const html = await response.text();

    expect(TASKS_PAGE_SIZE).toBe(50);
    expect(freelancerTaskNames(html)).toEqual(expectedNames(1, 50));
    expect(html).toContain(`href="/projects/${projectId}?tasks=2"`);
    expect(visibleText(html)).toContain("Strona 1");
  });

  it("shows tasks 1801 to 1850 on page 37", async () => {
    const html = await (await browser.get(`/projects/${projectId}?tasks=37`)).text();

    expect(freelancerTaskNames(html)).toEqual(expectedNames(1_801, 1_850));
    expect(html).toContain(`href="/projects/${projectId}?tasks=36"`);
    expect(html).toContain(`href="/projects/${projectId}?tasks=38"`);
  });

  it("shows the last page for a page past the end", async () => {
    const html = await (await browser.get(`/projects/${projectId}?tasks=999`)).text();

    expect(freelancerTaskNames(html)).toEqual(expectedNames(4_951, 5_000));
    expect(visibleText(html)).toContain("Strona 100");
    expect(html).not.toContain('rel="next"');
  });

  it("treats an invalid page number as page 1", async () => {
    for (const query of ["tasks=0", "tasks=-3", "tasks=abc", "tasks=1.5"]) {
      const html = await (await browser.get(`/projects/${projectId}?${query}`)).text();
      expect(freelancerTaskNames(html)[0]).toBe(taskName(1));
    }
  });

  it("summarizes all 5,000 tasks on every page", async () => {
    const { pendingCount, ...expected } = expectedSummary(generated);
    expect(pendingCount).toBeGreaterThan(0);

    for (const query of ["", "tasks=37", "tasks=999"]) {
      const data = await freelancerData(browser, projectId, query);
      expect(data.summary).toEqual(expected);
      expect(data.taskPage.total).toBe(BIG_PROJECT_TASKS);
      expect(data.taskPage.pageCount).toBe(100);
    }
  });

  it("summarizes all tasks on the client page", async () => {
    const expected = expectedSummary(generated);
    const response = await new Browser().get(`${clientPath}?tasks=37&_data=routes/p.$token`);
    expect(response.status).toBe(200);
    const data = (await response.json()) as { summary: ProjectSummary; taskPage: { page: number; pendingCount: number } };

    const { pendingCount, ...summary } = expected;
    expect(data.summary).toEqual(summary);
    expect(data.taskPage.page).toBe(37);
    expect(data.taskPage.pendingCount).toBe(pendingCount);
  });

  it("pages the client page's task list", async () => {
    const client = new Browser();
    const first = await (await client.get(clientPath)).text();
    const middle = await (await client.get(`${clientPath}?tasks=37`)).text();
    const past = await (await client.get(`${clientPath}?tasks=999`)).text();

    expect(clientTaskNames(first)).toEqual(expectedNames(1, 50));
    expect(clientTaskNames(middle)).toEqual(expectedNames(1_801, 1_850));
    expect(clientTaskNames(past)).toEqual(expectedNames(4_951, 5_000));
    expect(middle).toContain(`href="${clientPath}?tasks=38"`);
    // The notice counts the pending tasks of the whole project, not of the page.
    const { pendingCount } = expectedSummary(generated);
    expect(visibleText(first)).toContain(`${pendingCount} zadań czeka na Twoją akceptację kwoty.`);
  });

  it("reads each page in at most 3 D1 round trips", async () => {
    for (const query of ["", "?tasks=37", "?tasks=999"]) {
      const freelancer = await countedGet(`/projects/${projectId}${query}`, browser.cookieHeader());
      expect(freelancer.status).toBe(200);
      expect(freelancer.roundTrips).toBeGreaterThan(0);
      expect(freelancer.roundTrips).toBeLessThanOrEqual(3);

      const client = await countedGet(`${clientPath}${query}`);
      expect(client.status).toBe(200);
      expect(client.roundTrips).toBeGreaterThan(0);
      expect(client.roundTrips).toBeLessThanOrEqual(3);
    }
  });

  it("posts forms back to the same page of tasks", async () => {
    const html = await (await browser.get(`/projects/${projectId}?tasks=37`)).text();
    // Without JavaScript the browser posts to the form's action, which keeps `?tasks=37`.
    expect(html).toContain(`action="/projects/${projectId}?tasks=37"`);
    expect(html).not.toContain(`action="/projects/${projectId}"`);
  });

  it("moves a task across a page boundary", async () => {
    const moving = await db.query.tasks.findFirst({ where: and(eq(tasks.projectId, projectId), eq(tasks.position, 51)) });
    if (!moving) throw new Error("task 51 missing");

    const response = await browser.post(`/projects/${projectId}?tasks=2`, {
      intent: "move-task",
      taskId: moving.id,
      position: "51",
      direction: "up",
    });

    expect(redirectPath(response)).toBe(`/projects/${projectId}`);
    expect(response.headers.get("Location")).toBe(`/projects/${projectId}?tasks=2`);
    const pageOne = freelancerTaskNames(await (await browser.get(`/projects/${projectId}`)).text());
    const pageTwo = freelancerTaskNames(await (await browser.get(`/projects/${projectId}?tasks=2`)).text());
    expect(pageOne[49]).toBe(taskName(51));
    expect(pageTwo[0]).toBe(taskName(50));
    const logged = await db.select().from(activity).where(and(eq(activity.subjectId, moving.id), eq(activity.action, "task.reordered")));
    expect(logged).toHaveLength(1);

    // And back down from page 1, which has no `?tasks`.
    const back = await browser.post(`/projects/${projectId}`, { intent: "move-task", taskId: moving.id, position: "50", direction: "down" });
    expect(back.headers.get("Location")).toBe(`/projects/${projectId}`);
    const restored = freelancerTaskNames(await (await browser.get(`/projects/${projectId}?tasks=2`)).text());
    expect(restored[0]).toBe(taskName(51));
  });

  it("disables moves only at the ends of the whole list", async () => {
    const pageTwo = await (await browser.get(`/projects/${projectId}?tasks=2`)).text();
    const lastPage = await (await browser.get(`/projects/${projectId}?tasks=100`)).text();
    const firstPage = await (await browser.get(`/projects/${projectId}`)).text();

    const disabledUp = (html: string, name: string) => new RegExp(`disabled=""[^>]*aria-label="${tasksText.moveUp(name)}"`).test(html);
    const disabledDown = (html: string, name: string) => new RegExp(`disabled=""[^>]*aria-label="${tasksText.moveDown(name)}"`).test(html);
    expect(disabledUp(firstPage, taskName(1))).toBe(true);
    expect(disabledUp(pageTwo, taskName(51))).toBe(false);
    expect(disabledDown(pageTwo, taskName(100))).toBe(false);
    expect(disabledDown(lastPage, taskName(5_000))).toBe(true);
  });
});

describe("task actions on a paged list", () => {
  it("adds a task on the last page and goes there", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await insertTasks({ userId: user.id, projectId: project.id }, TASKS_PAGE_SIZE);

    const response = await browser.post(`/projects/${project.id}`, { intent: "add-task", name: "Nowe zadanie", amount: "100" });

    expect(response.headers.get("Location")).toBe(`/projects/${project.id}?tasks=2`);
    const html = await (await browser.get(`/projects/${project.id}?tasks=2`)).text();
    expect(freelancerTaskNames(html)).toEqual(["Nowe zadanie"]);
    expect(visibleText(html)).toContain(tasksText.added("Nowe zadanie"));
  });

  it("returns to the same page after a status change or a delete", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await insertTasks({ userId: user.id, projectId: project.id }, 60);
    const onPageTwo = await db.query.tasks.findFirst({ where: and(eq(tasks.projectId, project.id), eq(tasks.position, 55)) });
    if (!onPageTwo) throw new Error("task 55 missing");

    const status = await browser.post(`/projects/${project.id}?tasks=2`, { intent: "set-status", taskId: onPageTwo.id, status: "done" });
    expect(status.headers.get("Location")).toBe(`/projects/${project.id}?tasks=2`);

    const deletion = await browser.post(`/projects/${project.id}?tasks=2`, { intent: "delete-task", taskId: onPageTwo.id });
    expect(deletion.headers.get("Location")).toBe(`/projects/${project.id}?tasks=2`);
    expect(await db.query.tasks.findFirst({ where: eq(tasks.id, onPageTwo.id) })).toBeUndefined();
  });

  it("returns from the edit page to the same page of tasks", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await insertTasks({ userId: user.id, projectId: project.id }, 60);
    const task = await makeTask(user.id, project.id, { name: "Logo" });
    const editPath = `/projects/${project.id}/tasks/${task.id}/edit?tasks=2`;

    const listHtml = await (await browser.get(`/projects/${project.id}?tasks=2`)).text();
    expect(listHtml).toContain(`href="${editPath}"`);
    const editHtml = await (await browser.get(editPath)).text();
    expect(editHtml).toContain(`href="/projects/${project.id}?tasks=2"`);

    const response = await browser.post(editPath, { name: "Logo v2", amount: "100" });
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}?tasks=2`);
  });

  it("returns to the same page after a task is marked paid", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await insertTasks({ userId: user.id, projectId: project.id }, 60);
    const task = await makeTask(user.id, project.id, { name: "Hosting" });

    const response = await browser.post(`/projects/${project.id}/bills`, { intent: "task-paid", taskId: task.id, method: "cash", note: "", tasks: "2" });

    expect(response.headers.get("Location")).toBe(`/projects/${project.id}?tasks=2`);
    const stored = await db.query.tasks.findFirst({ where: eq(tasks.id, task.id) });
    expect(stored?.payment).toBe("paid");
  });

  it("returns to the same page after a fix request answer", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await insertTasks({ userId: user.id, projectId: project.id }, 60);
    const created = await createFixRequest(db, env.EMAIL_QUEUE, { id: project.id, userId: user.id, name: project.name }, {
      title: "Popraw logo",
      description: "Logo jest rozmazane.",
    });

    const html = await (await browser.get(`/projects/${project.id}?tasks=2`)).text();
    // The forms that reply to a fix request post the page next to their returnTo field.
    expect(html).toContain(`name="fixRequestId" value="${created.id}"/><input type="hidden" name="returnTo" value="project"/><input type="hidden" name="tasks" value="2"/>`);

    const response = await browser.post(`/projects/${project.id}/fix-requests`, {
      intent: "decline",
      fixRequestId: created.id,
      reason: "Poza zakresem",
      returnTo: "project",
      tasks: "2",
    });

    expect(response.headers.get("Location")).toBe(`/projects/${project.id}?tasks=2#fix-requests`);
  });

  it("returns the client to page 2 after an acceptance", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await insertTasks({ userId: user.id, projectId: project.id }, TASKS_PAGE_SIZE);
    const pending = await makeTask(user.id, project.id, { name: "Dodatkowa podstrona", requiresAcceptance: true });
    const clientPath = await enableClientLink(browser, project.id);
    const client = new Browser();

    const pageTwo = await (await client.get(`${clientPath}?tasks=2`)).text();
    expect(clientTaskNames(pageTwo)).toEqual(["Dodatkowa podstrona"]);
    expect(pageTwo).toContain(`action="${clientPath}?tasks=2"`);

    const response = await client.post(`${clientPath}?tasks=2`, { taskId: pending.id, version: "1", decision: "accepted", comment: "" });

    expect(response.headers.get("Location")).toBe(`${clientPath}?tasks=2`);
    const after = await (await client.get(`${clientPath}?tasks=2`)).text();
    expect(visibleText(after)).toContain(clientPortalText.accepted("Dodatkowa podstrona"));
    const stored = await db.query.tasks.findFirst({ where: eq(tasks.id, pending.id) });
    expect(stored?.acceptance).toBe("accepted");
  });

  it("returns 404 for another freelancer's project with any page", async () => {
    const owner = await loggedInBrowser();
    const project = await makeProject(owner.user.id);
    await insertTasks({ userId: owner.user.id, projectId: project.id }, 60);
    const task = await db.query.tasks.findFirst({ where: eq(tasks.projectId, project.id) });
    if (!task) throw new Error("task missing");
    const other = await loggedInBrowser();

    for (const query of ["", "?tasks=1", "?tasks=2", "?tasks=999", "?tasks=abc"]) {
      expect((await other.browser.get(`/projects/${project.id}${query}`)).status).toBe(404);
      expect((await other.browser.get(`/projects/${project.id}${query}${query ? "&" : "?"}_data=routes/_app.projects.$projectId`)).status).toBe(404);
      const move = await other.browser.post(`/projects/${project.id}${query}`, { intent: "move-task", taskId: task.id, position: "1", direction: "down" });
      expect(move.status).toBe(404);
    }
    const stored = await db.query.tasks.findFirst({ where: eq(tasks.id, task.id) });
    expect(stored?.position).toBe(task.position);
  });
});
