import { env } from "cloudflare:test";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { activity, bills, projects, reports, tasks } from "~/db/schema";
import { activityInsert } from "~/models/activity.server";
import { createBill, markBillPaidByHand } from "~/models/bills.server";
import {
  answerInScope,
  createFixRequest,
  declineFixRequest,
  getFixRequest,
  markFixRequestDone,
  priceFixRequest,
} from "~/models/fix-requests.server";
import { loadReportContent, periodActivity } from "~/models/report-content.server";
import { decideTask, deleteTask, setTaskStatus, summarizeTasks, updateTask } from "~/models/tasks.server";
import type { ReportContent } from "~/reports/report-content";
import { randomId } from "~/utils/crypto.server";
import type { ReportPeriod } from "~/utils/report-period";
import { countingD1, type D1Counts } from "../workers/d1-counter";
import { createActiveUser, db } from "./helpers";
import { makeClient, makeProject, makeTask } from "./project-helpers";
import {
  appTpayFetch,
  billRow,
  createAwaitingBill,
  createConnectedFreelancer,
  payInSandbox,
  refundInSandbox,
  startTransaction,
  waitUntil,
} from "./tpay-payment-helpers";

// The domain functions stamp their activity rows with the current time. Each step here moves
// the rows it wrote to a chosen instant, so a test can lay out a history across a period.
// In 2026 Warsaw moves to CEST on 29 March and back to CET on 25 October.

const MARCH: ReportPeriod = { start: "2026-03-01", end: "2026-03-31" };

/** Runs a step and moves the activity rows it wrote (after every row of the user so far) to `instant`. */
async function happenedAt<T>(userId: string, instant: string, step: () => Promise<T>): Promise<T> {
  const [{ last }] = await db
    .select({ last: sql<number>`COALESCE(MAX(rowid), 0)` })
    .from(activity)
    .where(eq(activity.userId, userId));
  const result = await step();
  await db
    .update(activity)
    .set({ createdAt: instant })
    .where(and(eq(activity.userId, userId), sql`rowid > ${last}`));
  return result;
}

async function insertReport(userId: string, projectId: string, period: ReportPeriod): Promise<string> {
  const id = randomId();
  await db.insert(reports).values({
    id,
    userId,
    projectId,
    periodStart: period.start,
    periodEnd: period.end,
    updatedAt: new Date().toISOString(),
  });
  return id;
}

async function contentOf(userId: string, projectId: string, period: ReportPeriod): Promise<ReportContent> {
  const reportId = await insertReport(userId, projectId, period);
  const content = await loadReportContent(db, { userId, reportId, now: new Date("2026-11-02T09:15:00.000Z") });
  if (!content) throw new Error("report content not loaded");
  return content;
}

function taskNamed(content: ReportContent, name: string) {
  const task = content.tasks.find((row) => row.name === name);
  if (!task) throw new Error(`task ${name} not in the report`);
  return task;
}

/** Returns the project as decideTask takes it without a client link hash, so the decision skips the link check. */
function decider(project: { id: string; userId: string }) {
  return { id: project.id, userId: project.userId };
}

/** Creates a freelancer with a client and a project, both logged on 1 February 2026. */
async function projectSetup() {
  const user = await createActiveUser({ name: "Anna Nowak" });
  const project = await happenedAt(user.id, "2026-02-01T09:00:00.000Z", async () => {
    const client = await makeClient(user.id, { name: "Źdźbło Łąka sp. z o.o.", email: "biuro@example.com", address: "ul. Polna 1, Łódź" });
    return makeProject(user.id, { clientId: client.id, name: "Sklep „Łąka”" });
  });
  return { user, project };
}

describe("periodActivity", () => {
  it("finds a row in the period", async () => {
    const { user, project } = await projectSetup();

    const result = await periodActivity(db, { userId: user.id, projectId: project.id, period: { start: "2026-02-01", end: "2026-02-01" } });

    expect(result).toEqual({ hasActivity: true, nearestBefore: null, nearestAfter: null });
  });

  it("ignores the reports' own rows", async () => {
    const { user, project } = await projectSetup();
    await happenedAt(user.id, "2026-03-10T10:00:00.000Z", () =>
      db.batch([activityInsert(db, { userId: user.id, projectId: project.id, actor: "freelancer", action: "report.created" })]),
    );

    const result = await periodActivity(db, { userId: user.id, projectId: project.id, period: MARCH });

    expect(result).toEqual({ hasActivity: false, nearestBefore: "2026-02-01", nearestAfter: null });
  });

  it("names the nearest days across DST", async () => {
    const { user, project } = await projectSetup();
    // 29.03 00:30 CET and 25.10 23:30 CET.
    const task = await happenedAt(user.id, "2026-03-28T23:30:00.000Z", () => makeTask(user.id, project.id));
    await happenedAt(user.id, "2026-10-25T22:30:00.000Z", () => setTaskStatus(db, user.id, task.id, "done"));
    const check = (period: ReportPeriod) => periodActivity(db, { userId: user.id, projectId: project.id, period });

    expect(await check({ start: "2026-03-30", end: "2026-10-24" })).toEqual({
      hasActivity: false,
      nearestBefore: "2026-03-29",
      nearestAfter: "2026-10-25",
    });
    expect(await check({ start: "2026-03-02", end: "2026-03-28" })).toEqual({
      hasActivity: false,
      nearestBefore: "2026-02-01",
      nearestAfter: "2026-03-29",
    });
    expect(await check({ start: "2026-10-26", end: "2026-10-31" })).toEqual({
      hasActivity: false,
      nearestBefore: "2026-10-25",
      nearestAfter: null,
    });
    expect((await check({ start: "2026-03-29", end: "2026-03-29" })).hasActivity).toBe(true);
    expect((await check({ start: "2026-10-25", end: "2026-10-25" })).hasActivity).toBe(true);
  });

  it("includes the first instant and excludes the next day's", async () => {
    const { user, project } = await projectSetup();
    // 00:00 CEST on 30.03, the first instant after 29.03.
    await happenedAt(user.id, "2026-03-29T22:00:00.000Z", () => makeTask(user.id, project.id));
    const check = (period: ReportPeriod) => periodActivity(db, { userId: user.id, projectId: project.id, period });

    expect((await check({ start: "2026-03-29", end: "2026-03-29" })).hasActivity).toBe(false);
    expect((await check({ start: "2026-03-30", end: "2026-03-30" })).hasActivity).toBe(true);
  });

  it("scopes by the user", async () => {
    const { project } = await projectSetup();
    const stranger = await createActiveUser();

    const result = await periodActivity(db, { userId: stranger.id, projectId: project.id, period: { start: "2026-02-01", end: "2026-02-28" } });

    expect(result).toEqual({ hasActivity: false, nearestBefore: null, nearestAfter: null });
  });
});

describe("loadReportContent", () => {
  it("returns null for another user's report", async () => {
    const { user, project } = await projectSetup();
    const reportId = await insertReport(user.id, project.id, MARCH);
    const stranger = await createActiveUser();

    expect(await loadReportContent(db, { userId: stranger.id, reportId, now: new Date() })).toBeNull();
    expect(await loadReportContent(db, { userId: user.id, reportId: "missing", now: new Date() })).toBeNull();
  });

  it("fills in the people, project and period", async () => {
    const { user, project } = await projectSetup();
    await db.update(projects).set({ deadline: "2026-12-24" }).where(eq(projects.id, project.id));

    const content = await contentOf(user.id, project.id, MARCH);

    expect(content.period).toEqual(MARCH);
    expect(content.generatedAt).toBe("2026-11-02T09:15:00.000Z");
    expect(content.freelancer).toEqual({ name: "Anna Nowak", email: user.email });
    expect(content.client).toEqual({ name: "Źdźbło Łąka sp. z o.o.", email: "biuro@example.com", nip: null, address: "ul. Polna 1, Łódź" });
    expect(content.project).toEqual({ name: "Sklep „Łąka”", deadline: "2026-12-24", createdAt: project.createdAt });
    expect(content.tasks).toEqual([]);
    expect(content.deletedTasks).toEqual([]);
    expect(content.fixRequests).toEqual([]);
  });

  it("rebuilds tasks at the period end", async () => {
    const { user, project } = await projectSetup();
    const logo = await happenedAt(user.id, "2026-02-20T10:00:00.000Z", () =>
      makeTask(user.id, project.id, { name: "Projekt logo", amount: 123_456, requiresAcceptance: true }),
    );
    await happenedAt(user.id, "2026-03-05T10:00:00.000Z", () => decideTask(db, decider(project), logo.id, 1, "accepted", null));
    await happenedAt(user.id, "2026-03-10T10:00:00.000Z", () => setTaskStatus(db, user.id, logo.id, "done"));
    // Re-priced after the period: the client is asked again, but not within March.
    await happenedAt(user.id, "2026-04-02T10:00:00.000Z", () =>
      updateTask(db, user.id, logo.id, { name: "Projekt logo", amount: 200_000, requiresAcceptance: true }),
    );
    const offer = await happenedAt(user.id, "2026-03-02T10:00:00.000Z", () =>
      makeTask(user.id, project.id, { name: "Oferta", amount: 50_000, requiresAcceptance: true }),
    );
    await happenedAt(user.id, "2026-03-20T10:00:00.000Z", () => decideTask(db, decider(project), offer.id, 1, "rejected", "Za drogo"));

    const content = await contentOf(user.id, project.id, MARCH);

    expect(content.tasks.map((task) => task.name)).toEqual(["Projekt logo", "Oferta"]);
    expect(taskNamed(content, "Projekt logo")).toMatchObject({
      id: logo.id,
      amount: 123_456,
      acceptance: "accepted",
      workStatus: "done",
      payment: "unpaid",
    });
    expect(taskNamed(content, "Oferta")).toMatchObject({ amount: 50_000, acceptance: "rejected", workStatus: "todo", payment: "unpaid" });
    expect(content.totals).toEqual(summarizeTasks(content.tasks));
    expect(content.totals).toMatchObject({ accepted: 123_456, rejected: 50_000, done: 123_456, paid: 0, unpaid: 123_456, pending: 0 });

    const april = await contentOf(user.id, project.id, { start: "2026-04-01", end: "2026-04-30" });
    expect(taskNamed(april, "Projekt logo")).toMatchObject({ amount: 200_000, acceptance: "pending", workStatus: "done" });
    expect(taskNamed(april, "Projekt logo").changes).toEqual([
      { kind: "repriced", at: "2026-04-02T10:00:00.000Z", previousAmount: 123_456, amount: 200_000 },
      { kind: "acceptance_requested", at: "2026-04-02T10:00:00.000Z" },
    ]);
  });

  it("lists the changes in the period", async () => {
    const { user, project } = await projectSetup();
    const task = await happenedAt(user.id, "2026-03-03T08:00:00.000Z", () =>
      makeTask(user.id, project.id, { name: "Źdźbło Łąka", amount: 50_000, requiresAcceptance: true }),
    );
    await happenedAt(user.id, "2026-03-04T08:00:00.000Z", () => decideTask(db, decider(project), task.id, 1, "accepted", "OK"));
    await happenedAt(user.id, "2026-03-06T08:00:00.000Z", () => setTaskStatus(db, user.id, task.id, "in_progress"));
    // 29.03 00:30 CET, the day the clocks go forward.
    await happenedAt(user.id, "2026-03-28T23:30:00.000Z", () =>
      updateTask(db, user.id, task.id, { name: "Źdźbło Łąka – etap 2", amount: 60_000, requiresAcceptance: true }),
    );
    // 31.03 23:30 CEST, the last half hour of the period.
    await happenedAt(user.id, "2026-03-31T21:30:00.000Z", () => decideTask(db, decider(project), task.id, 2, "rejected", "Nie teraz"));
    // 01.04 00:30 CEST, after the period.
    await happenedAt(user.id, "2026-03-31T22:30:00.000Z", () => setTaskStatus(db, user.id, task.id, "done"));

    const content = await contentOf(user.id, project.id, MARCH);

    const row = taskNamed(content, "Źdźbło Łąka – etap 2");
    expect(row).toMatchObject({ amount: 60_000, acceptance: "rejected", workStatus: "in_progress" });
    expect(row.changes).toEqual([
      { kind: "created", at: "2026-03-03T08:00:00.000Z", amount: 50_000, requiresAcceptance: true },
      { kind: "accepted", at: "2026-03-04T08:00:00.000Z", amount: 50_000 },
      { kind: "status_changed", at: "2026-03-06T08:00:00.000Z", from: "todo", to: "in_progress" },
      { kind: "repriced", at: "2026-03-28T23:30:00.000Z", previousAmount: 50_000, amount: 60_000 },
      { kind: "renamed", at: "2026-03-28T23:30:00.000Z", previousName: "Źdźbło Łąka", name: "Źdźbło Łąka – etap 2" },
      { kind: "acceptance_requested", at: "2026-03-28T23:30:00.000Z" },
      { kind: "rejected", at: "2026-03-31T21:30:00.000Z", amount: 60_000, comment: "Nie teraz" },
    ]);
  });

  it("puts 23:30 and 00:30 on the right day", async () => {
    const { user, project } = await projectSetup();
    const task = await happenedAt(user.id, "2026-10-01T10:00:00.000Z", () => makeTask(user.id, project.id));
    // 24.10 23:30 CEST, 25.10 00:30 CEST, 25.10 23:30 CET, 26.10 00:30 CET.
    await happenedAt(user.id, "2026-10-24T21:30:00.000Z", () => setTaskStatus(db, user.id, task.id, "in_progress"));
    await happenedAt(user.id, "2026-10-24T22:30:00.000Z", () => setTaskStatus(db, user.id, task.id, "done"));
    await happenedAt(user.id, "2026-10-25T22:30:00.000Z", () => setTaskStatus(db, user.id, task.id, "in_progress"));
    await happenedAt(user.id, "2026-10-25T23:30:00.000Z", () => setTaskStatus(db, user.id, task.id, "todo"));

    const content = await contentOf(user.id, project.id, { start: "2026-10-25", end: "2026-10-25" });

    const [row] = content.tasks;
    expect(row.workStatus).toBe("in_progress");
    expect(row.changes).toEqual([
      { kind: "status_changed", at: "2026-10-24T22:30:00.000Z", from: "in_progress", to: "done" },
      { kind: "status_changed", at: "2026-10-25T22:30:00.000Z", from: "done", to: "in_progress" },
    ]);
  });

  it("leaves out tasks created after the period", async () => {
    const { user, project } = await projectSetup();
    await happenedAt(user.id, "2026-03-15T10:00:00.000Z", () => makeTask(user.id, project.id, { name: "W marcu" }));
    // 01.04 00:30 CEST.
    await happenedAt(user.id, "2026-03-31T22:30:00.000Z", () => makeTask(user.id, project.id, { name: "W kwietniu" }));

    const content = await contentOf(user.id, project.id, MARCH);

    expect(content.tasks.map((task) => task.name)).toEqual(["W marcu"]);
  });

  it("lists tasks deleted in the period apart", async () => {
    const { user, project } = await projectSetup();
    const early = await happenedAt(user.id, "2026-02-10T10:00:00.000Z", () => makeTask(user.id, project.id, { name: "Usunięte w lutym", amount: 1_000 }));
    const inMarch = await happenedAt(user.id, "2026-02-11T10:00:00.000Z", () => makeTask(user.id, project.id, { name: "Usunięte w marcu", amount: 2_000 }));
    const later = await happenedAt(user.id, "2026-02-12T10:00:00.000Z", () => makeTask(user.id, project.id, { name: "Usunięte w kwietniu", amount: 3_000 }));
    const remaining = await happenedAt(user.id, "2026-02-13T10:00:00.000Z", () => makeTask(user.id, project.id, { name: "Zostaje", amount: 4_000 }));
    await happenedAt(user.id, "2026-02-20T10:00:00.000Z", () => deleteTask(db, user.id, early.id));
    await happenedAt(user.id, "2026-03-15T10:00:00.000Z", () => deleteTask(db, user.id, inMarch.id));
    await happenedAt(user.id, "2026-04-15T10:00:00.000Z", () => deleteTask(db, user.id, later.id));

    const content = await contentOf(user.id, project.id, MARCH);

    expect(content.deletedTasks).toEqual([{ name: "Usunięte w marcu", amount: 2_000, at: "2026-03-15T10:00:00.000Z" }]);
    // The task deleted in April existed at the end of March; its row is gone, so it comes last.
    expect(content.tasks.map((task) => [task.id, task.name, task.amount])).toEqual([
      [remaining.id, "Zostaje", 4_000],
      [later.id, "Usunięte w kwietniu", 3_000],
    ]);
    expect(content.totals.accepted).toBe(7_000);
  });

  it("rebuilds payments by hand", async () => {
    const { user, project } = await projectSetup();
    const owner = { userId: user.id, projectId: project.id };
    const cash = await happenedAt(user.id, "2026-02-10T10:00:00.000Z", () => makeTask(user.id, project.id, { name: "Gotówka", amount: 10_001 }));
    const transfer = await happenedAt(user.id, "2026-02-10T11:00:00.000Z", () => makeTask(user.id, project.id, { name: "Przelew", amount: 20_002 }));
    await happenedAt(user.id, "2026-03-12T10:00:00.000Z", () =>
      createBill(db, { owner, createdBy: "freelancer", taskIds: [cash.id], manual: { method: "cash", note: null } }),
    );
    const created = await happenedAt(user.id, "2026-03-20T10:00:00.000Z", () => createBill(db, { owner, createdBy: "freelancer", taskIds: [transfer.id] }));
    if (created.status !== "created") throw new Error("bill not created");
    await happenedAt(user.id, "2026-04-03T10:00:00.000Z", () =>
      markBillPaidByHand(db, { env, tpayFetch: appTpayFetch() }, owner, created.bill.id, { method: "transfer", note: null }),
    );

    const march = await contentOf(user.id, project.id, MARCH);
    const april = await contentOf(user.id, project.id, { start: "2026-04-01", end: "2026-04-30" });

    expect(taskNamed(march, "Gotówka")).toMatchObject({ payment: "paid" });
    expect(taskNamed(march, "Gotówka").changes).toEqual([{ kind: "paid", at: "2026-03-12T10:00:00.000Z", method: "cash", billNumber: "1" }]);
    expect(taskNamed(march, "Przelew")).toMatchObject({ payment: "unpaid", changes: [] });
    expect(march.totals).toMatchObject({ accepted: 30_003, paid: 10_001, unpaid: 20_002 });
    expect(taskNamed(april, "Przelew")).toMatchObject({ payment: "paid" });
    expect(taskNamed(april, "Przelew").changes).toEqual([{ kind: "paid", at: "2026-04-03T10:00:00.000Z", method: "transfer", billNumber: "2" }]);
    expect(april.totals).toMatchObject({ paid: 30_003, unpaid: 0 });
  });

  it("rebuilds a Tpay payment and its refund", async () => {
    const freelancer = await createConnectedFreelancer();
    const userId = freelancer.user.id;
    await db.update(activity).set({ createdAt: "2026-02-01T09:00:00.000Z" }).where(eq(activity.userId, userId));
    const bill = await happenedAt(userId, "2026-02-15T10:00:00.000Z", () => createAwaitingBill(freelancer, [123_456, 1]));
    const transaction = await startTransaction(freelancer, bill);
    await happenedAt(userId, "2026-03-10T10:00:00.000Z", () => payInSandbox(transaction.transactionId, { scenario: "exact" }));
    await happenedAt(userId, "2026-04-10T10:00:00.000Z", async () => {
      await refundInSandbox(freelancer, transaction.transactionId);
      await waitUntil(() => billRow(bill.billId), (row) => row.status === "refunded");
    });

    const march = await contentOf(userId, freelancer.projectId, MARCH);
    const april = await contentOf(userId, freelancer.projectId, { start: "2026-04-01", end: "2026-04-30" });

    for (const task of march.tasks) {
      expect(task.payment).toBe("paid");
      expect(task.changes).toEqual([{ kind: "paid", at: "2026-03-10T10:00:00.000Z", method: "tpay", billNumber: String(bill.number) }]);
    }
    expect(march.totals).toMatchObject({ paid: 123_457, unpaid: 0 });
    for (const task of april.tasks) {
      expect(task.payment).toBe("unpaid");
      expect(task.changes).toEqual([{ kind: "refunded", at: "2026-04-10T10:00:00.000Z", billNumber: String(bill.number) }]);
    }
    expect(april.totals).toMatchObject({ paid: 0, unpaid: 123_457 });
    // The refund made the bill's items inactive; the March report still reaches the tasks through them.
    expect((await db.select().from(bills).where(eq(bills.id, bill.billId)))[0].status).toBe("refunded");
  });

  it("lists fix requests handled in the period", async () => {
    const { user, project } = await projectSetup();
    await db.update(projects).set({ freeRevisionRounds: 1 }).where(eq(projects.id, project.id));
    const scope = { userId: user.id, projectId: project.id };
    const base = await happenedAt(user.id, "2026-02-05T10:00:00.000Z", () => makeTask(user.id, project.id, { name: "Strona główna" }));
    const raise = (title: string) =>
      createFixRequest(db, env.EMAIL_QUEUE, { id: project.id, userId: user.id, name: project.name }, { title, description: "Opis" });
    const [first, second, third, fourth] = await happenedAt(user.id, "2026-02-06T10:00:00.000Z", async () => [
      await raise("Poprawka przed marcem"),
      await raise("Wycena"),
      await raise("W ramach zadania"),
      await raise("Odrzucona"),
    ]);
    const request = async (id: string) => {
      const row = await getFixRequest(db, scope, id);
      if (!row) throw new Error(`fix request ${id} not found`);
      return row;
    };
    await happenedAt(user.id, "2026-02-20T10:00:00.000Z", async () => declineFixRequest(db, await request(first.id), "Poza zakresem"));
    const priced = await happenedAt(user.id, "2026-03-02T10:00:00.000Z", async () =>
      priceFixRequest(db, await request(second.id), { name: "Nowy baner", amount: 45_000 }),
    );
    if (priced.outcome !== "priced") throw new Error("fix request not priced");
    await happenedAt(user.id, "2026-03-03T10:00:00.000Z", () => decideTask(db, decider(project), priced.taskId, 1, "accepted", null));
    await happenedAt(user.id, "2026-03-04T10:00:00.000Z", async () => answerInScope(db, await request(third.id), base));
    await happenedAt(user.id, "2026-03-05T10:00:00.000Z", async () => declineFixRequest(db, await request(fourth.id), "Nie dotyczy"));
    await happenedAt(user.id, "2026-03-06T10:00:00.000Z", async () => markFixRequestDone(db, await request(second.id)));

    const content = await contentOf(user.id, project.id, MARCH);

    expect(content.fixRequests).toEqual([
      { number: second.number, title: "Wycena", outcome: "priced", at: "2026-03-02T10:00:00.000Z", taskName: "Nowy baner", amount: 45_000 },
      { number: third.number, title: "W ramach zadania", outcome: "in_scope", at: "2026-03-04T10:00:00.000Z", taskName: "Strona główna", amount: null },
      { number: fourth.number, title: "Odrzucona", outcome: "declined", at: "2026-03-05T10:00:00.000Z", taskName: null, amount: null },
      { number: second.number, title: "Wycena", outcome: "done", at: "2026-03-06T10:00:00.000Z", taskName: null, amount: null },
    ]);
    expect(taskNamed(content, "Nowy baner")).toMatchObject({ amount: 45_000, acceptance: "accepted" });
    expect(taskNamed(content, "Nowy baner").changes.map((change) => change.kind)).toEqual(["created", "accepted"]);
  });

  it("falls back to the row without task.created", async () => {
    const { user, project } = await projectSetup();
    const task = await makeTask(user.id, project.id, { name: "Sprzed dziennika", amount: 70_000, requiresAcceptance: true });
    await db.delete(activity).where(and(eq(activity.subjectId, task.id), eq(activity.action, "task.created")));
    await db.update(tasks).set({ createdAt: "2026-02-03T10:00:00.000Z" }).where(eq(tasks.id, task.id));
    const late = await makeTask(user.id, project.id, { name: "Po okresie" });
    await db.delete(activity).where(and(eq(activity.subjectId, late.id), eq(activity.action, "task.created")));
    await db.update(tasks).set({ createdAt: "2026-04-03T10:00:00.000Z" }).where(eq(tasks.id, late.id));
    await happenedAt(user.id, "2026-03-08T10:00:00.000Z", () => decideTask(db, decider(project), task.id, 1, "accepted", null));
    await happenedAt(user.id, "2026-04-01T10:00:00.000Z", () => setTaskStatus(db, user.id, task.id, "done"));
    await happenedAt(user.id, "2026-04-02T10:00:00.000Z", () =>
      updateTask(db, user.id, task.id, { name: "Sprzed dziennika", amount: 80_000, requiresAcceptance: true }),
    );

    const content = await contentOf(user.id, project.id, MARCH);

    expect(content.tasks).toEqual([
      {
        id: task.id,
        name: "Sprzed dziennika",
        amount: 70_000,
        acceptance: "accepted",
        workStatus: "todo",
        payment: "unpaid",
        changes: [{ kind: "accepted", at: "2026-03-08T10:00:00.000Z", amount: 70_000 }],
      },
    ]);
  });

  it("reads in two round trips", async () => {
    const { user, project } = await projectSetup();
    const counted = async () => {
      const counts: D1Counts = { queries: 0, batches: 0, batched: 0 };
      const reportId = await insertReport(user.id, project.id, MARCH);
      await loadReportContent(getDb(countingD1(env.DB, counts)), { userId: user.id, reportId, now: new Date() });
      return counts;
    };
    await happenedAt(user.id, "2026-03-02T10:00:00.000Z", () => makeTask(user.id, project.id));
    const few = await counted();
    await happenedAt(user.id, "2026-03-03T10:00:00.000Z", async () => {
      for (let index = 0; index < 20; index++) await makeTask(user.id, project.id, { name: `Zadanie ${index}` });
    });

    const many = await counted();

    expect(few).toEqual({ queries: 1, batches: 1, batched: 4 });
    expect(many).toEqual(few);
  });
});
