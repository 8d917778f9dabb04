// The reports model. Creating covers period checks, the task cap, one report per pending period,
// activity, rate limit and queueing. Then listing and paging, scoping by owner and by the client
// link's project, deleting with the R2 object, retrying, and the download file name. Also the
// period form's schema and the days each slider move writes.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { periodAfterMove } from "~/components/report-period-slider";
import { activity, projects, rateLimits, reports, reportSendings, tasks, type Report } from "~/db/schema";
import { common, reportFailureText, reportsText } from "~/i18n/pl";
import {
  createReport,
  deleteReport,
  getClientReport,
  getReport,
  listClientReports,
  listReports,
  MAX_REPORT_TASKS,
  reportFileName,
  reportObjectKey,
  REPORTS_PAGE_SIZE,
  retryReport,
  type ReportJob,
} from "~/models/reports.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { reportPeriodSchema } from "~/schemas/reports";
import { createActiveUser, db } from "./helpers";
import { makeClient, makeProject, makeTask } from "./project-helpers";
import { allowConsoleErrors } from "./setup";

/** Builds a queue that records what is sent, so these tests start no renders. */
function recordingQueue() {
  const sent: ReportJob[] = [];
  const queue = {
    async send(body: ReportJob) {
      sent.push(body);
    },
    async sendBatch(messages: { body: ReportJob }[]) {
      for (const message of messages) sent.push(message.body);
    },
  } as unknown as Queue<ReportJob>;
  return { queue, sent };
}

const NOW = new Date("2026-04-15T10:00:00.000Z");

/**
 * Creates a project dated 2026-03-01 whose only activity is its creation (that day) and one
 * task (2026-03-20), both Europe/Warsaw days.
 */
async function projectWithHistory(userId: string) {
  const project = await makeProject(userId, { name: "Strona sklepu" });
  await db.update(projects).set({ createdAt: "2026-03-01T09:00:00.000Z" }).where(eq(projects.id, project.id));
  await db.update(activity).set({ createdAt: "2026-03-01T09:00:00.000Z" }).where(eq(activity.projectId, project.id));
  const task = await makeTask(userId, project.id);
  await db
    .update(activity)
    .set({ createdAt: "2026-03-20T12:00:00.000Z" })
    .where(and(eq(activity.projectId, project.id), eq(activity.subjectId, task.id)));
  return project;
}

let reportSequence = 0;

/** Inserts a report row directly, for list, delete and retry tests that need no render. */
async function insertReport(userId: string, projectId: string, values: Partial<Report> = {}): Promise<Report> {
  reportSequence += 1;
  const createdAt = new Date(Date.UTC(2026, 3, 1, 0, 0, reportSequence)).toISOString();
  const [row] = await db
    .insert(reports)
    .values({
      id: crypto.randomUUID(),
      userId,
      projectId,
      periodStart: "2026-03-01",
      periodEnd: "2026-03-31",
      createdAt,
      updatedAt: createdAt,
      ...values,
    })
    .returning();
  return row;
}

async function reportActivity(reportId: string) {
  return db.select().from(activity).where(eq(activity.subjectId, reportId));
}

/** Reads how many attempts reportRenderPerAccount has counted for the user (0 when none). */
async function renderSlotsUsed(userId: string): Promise<number> {
  const row = await db.query.rateLimits.findFirst({ where: eq(rateLimits.key, `report_render:account:${userId}`) });
  return row?.count ?? 0;
}

/** Inserts `count` task rows in one statement, for the task cap (thousands of rows through addTask would be slow). */
async function insertTasks(userId: string, projectId: string, count: number) {
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?3)
     INSERT INTO tasks (id, project_id, user_id, name, amount, requires_acceptance, acceptance, position, updated_at)
     SELECT lower(hex(randomblob(16))), ?1, ?2, 'Zadanie ' || i, 10000, 0, 'not_required', i, '2026-03-02T00:00:00.000Z' FROM seq`,
  )
    .bind(projectId, userId, count)
    .run();
}

describe("createReport", () => {
  it("queues a report with its activity row", async () => {
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    const { queue, sent } = recordingQueue();

    const result = await createReport(db, queue, { userId: user.id, projectId: project.id, period: { start: "2026-03-01", end: "2026-03-31" }, now: NOW });

    if (result?.outcome !== "created") throw new Error(`Expected created, got ${JSON.stringify(result)}`);
    expect(result.report.status).toBe("queued");
    expect(result.report.attempts).toBe(0);
    expect(result.report.periodStart).toBe("2026-03-01");
    expect(result.report.periodEnd).toBe("2026-03-31");
    expect(sent).toEqual([{ reportId: result.report.id }]);
    const rows = await reportActivity(result.report.id);
    expect(rows.map((row) => row.action)).toEqual(["report.created"]);
    expect(rows[0].projectId).toBe(project.id);
    expect(JSON.parse(rows[0].data)).toEqual({ periodStart: "2026-03-01", periodEnd: "2026-03-31" });
  });

  it("rejects invalid periods", async () => {
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    const { queue, sent } = recordingQueue();
    const cases = [
      { period: { start: "2026-02-30", end: "2026-03-05" }, problem: "invalid" },
      { period: { start: "2026-3-01", end: "2026-03-05" }, problem: "invalid" },
      { period: { start: "2026-03-10", end: "2026-03-05" }, problem: "reversed" },
      { period: { start: "2026-04-10", end: "2026-04-16" }, problem: "future" },
      { period: { start: "2026-02-28", end: "2026-03-05" }, problem: "before_project" },
    ] as const;

    for (const { period, problem } of cases) {
      const result = await createReport(db, queue, { userId: user.id, projectId: project.id, period, now: NOW });
      expect(result, `${period.start}…${period.end}`).toEqual({ outcome: "invalid_period", problem, firstDay: "2026-03-01", today: "2026-04-15" });
    }
    expect(sent).toEqual([]);
    expect(await db.select().from(reports).where(eq(reports.userId, user.id))).toEqual([]);
  });

  it("rejects a period without activity", async () => {
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    // A report's own activity row is not activity of the project.
    await db.insert(activity).values({
      id: crypto.randomUUID(),
      userId: user.id,
      projectId: project.id,
      actor: "freelancer",
      action: "report.created",
      createdAt: "2026-03-07T12:00:00.000Z",
    });
    const { queue, sent } = recordingQueue();

    const result = await createReport(db, queue, { userId: user.id, projectId: project.id, period: { start: "2026-03-05", end: "2026-03-10" }, now: NOW });

    expect(result).toEqual({ outcome: "no_activity", nearestBefore: "2026-03-01", nearestAfter: "2026-03-20" });
    expect(sent).toEqual([]);
    expect(await db.select().from(reports).where(eq(reports.userId, user.id))).toEqual([]);
  });

  it("names no nearest day after the last activity", async () => {
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    const { queue } = recordingQueue();

    const result = await createReport(db, queue, { userId: user.id, projectId: project.id, period: { start: "2026-03-21", end: "2026-04-15" }, now: NOW });

    expect(result).toEqual({ outcome: "no_activity", nearestBefore: "2026-03-20", nearestAfter: null });
  });

  it("returns null for another user's project", async () => {
    const owner = await createActiveUser();
    const other = await createActiveUser();
    const project = await projectWithHistory(owner.id);
    const { queue, sent } = recordingQueue();

    const result = await createReport(db, queue, { userId: other.id, projectId: project.id, period: { start: "2026-03-01", end: "2026-03-31" }, now: NOW });

    expect(result).toBeNull();
    expect(sent).toEqual([]);
  });

  it("stops at the render rate limit", async () => {
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    const rule = RATE_LIMITS.reportRenderPerAccount;
    const windowStart = Math.floor(NOW.getTime() / 1000 / rule.windowSeconds) * rule.windowSeconds;
    await db.insert(rateLimits).values({ key: `report_render:account:${user.id}`, windowStart, count: rule.limit });
    const { queue, sent } = recordingQueue();

    const result = await createReport(db, queue, { userId: user.id, projectId: project.id, period: { start: "2026-03-01", end: "2026-03-31" }, now: NOW });

    expect(result).toEqual({ outcome: "rate_limited" });
    expect(sent).toEqual([]);
    expect(await db.select().from(reports).where(eq(reports.userId, user.id))).toEqual([]);
  });

  it("writes one report for parallel requests", async () => {
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    const { queue, sent } = recordingQueue();
    const input = { userId: user.id, projectId: project.id, period: { start: "2026-03-01", end: "2026-03-31" }, now: NOW };

    const results = await Promise.all([createReport(db, queue, input), createReport(db, queue, input), createReport(db, queue, input)]);

    const rows = await db.select().from(reports).where(eq(reports.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(results.map((result) => result?.outcome).sort()).toEqual(["created", "existing", "existing"]);
    for (const result of results) {
      if (result?.outcome !== "created" && result?.outcome !== "existing") throw new Error(`Unexpected ${JSON.stringify(result)}`);
      expect(result.report.id).toBe(rows[0].id);
    }
    expect(sent).toEqual([{ reportId: rows[0].id }]);
    expect((await reportActivity(rows[0].id)).map((row) => row.action)).toEqual(["report.created"]);
    expect(await renderSlotsUsed(user.id)).toBe(1);
  });

  it("returns a queued or rendering report of the period", async () => {
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    const { queue, sent } = recordingQueue();
    const input = { userId: user.id, projectId: project.id, period: { start: "2026-03-01", end: "2026-03-31" }, now: NOW };

    for (const status of ["queued", "rendering"] as const) {
      const pending = await insertReport(user.id, project.id, { status });
      const result = await createReport(db, queue, input);
      expect(result, status).toEqual({ outcome: "existing", report: pending });
      await db.delete(reports).where(eq(reports.id, pending.id));
    }
    expect(sent).toEqual([]);
    expect(await renderSlotsUsed(user.id)).toBe(0);
  });

  it("creates again after ready or failed", async () => {
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    const { queue } = recordingQueue();
    const period = { start: "2026-03-01", end: "2026-03-31" };
    const ready = await insertReport(user.id, project.id, { status: "ready" });
    const failed = await insertReport(user.id, project.id, { status: "failed" });
    // Another period, or another project's report of this period, does not count either.
    await insertReport(user.id, project.id, { status: "queued", periodEnd: "2026-03-30" });
    const other = await projectWithHistory(user.id);
    await insertReport(user.id, other.id, { status: "queued" });

    const result = await createReport(db, queue, { userId: user.id, projectId: project.id, period, now: NOW });

    if (result?.outcome !== "created") throw new Error(`Expected created, got ${JSON.stringify(result)}`);
    expect([ready.id, failed.id]).not.toContain(result.report.id);
    expect(await renderSlotsUsed(user.id)).toBe(1);
  });

  it("rejects a project over the task cap", async () => {
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    await insertTasks(user.id, project.id, MAX_REPORT_TASKS);
    const { queue, sent } = recordingQueue();
    const input = { userId: user.id, projectId: project.id, period: { start: "2026-03-01", end: "2026-03-31" }, now: NOW };

    // projectWithHistory added one task, so the project has one task over the cap.
    expect(await createReport(db, queue, input)).toEqual({ outcome: "too_many_tasks", taskCount: MAX_REPORT_TASKS + 1, limit: MAX_REPORT_TASKS });
    expect(sent).toEqual([]);
    expect(await db.select().from(reports).where(eq(reports.userId, user.id))).toEqual([]);
    expect(await renderSlotsUsed(user.id)).toBe(0);

    await db.delete(tasks).where(and(eq(tasks.projectId, project.id), eq(tasks.name, "Zadanie 1")));
    expect((await createReport(db, queue, input))?.outcome).toBe("created");
  });

  it("keeps the report when queueing fails", async () => {
    allowConsoleErrors();
    const user = await createActiveUser();
    const project = await projectWithHistory(user.id);
    const queue = {
      async send() {
        throw new Error("Queue unavailable");
      },
    } as unknown as Queue<ReportJob>;

    const result = await createReport(db, queue, { userId: user.id, projectId: project.id, period: { start: "2026-03-01", end: "2026-03-31" }, now: NOW });

    expect(result?.outcome).toBe("created");
    const rows = await db.select().from(reports).where(eq(reports.userId, user.id));
    expect(rows.map((row) => row.status)).toEqual(["queued"]);
  });
});

describe("listReports", () => {
  it("pages newest first", async () => {
    const user = await createActiveUser();
    const client = await makeClient(user.id, { name: "Łukasz Żółć" });
    const project = await makeProject(user.id, { name: "Sklep", clientId: client.id });
    const inserted: Report[] = [];
    for (let i = 0; i < REPORTS_PAGE_SIZE + 3; i += 1) inserted.push(await insertReport(user.id, project.id));
    const newestFirst = inserted.map((row) => row.id).reverse();

    const first = await listReports(db, user.id, { page: 1 });
    expect(first.total).toBe(REPORTS_PAGE_SIZE + 3);
    expect(first.pageCount).toBe(2);
    expect(first.page).toBe(1);
    expect(first.rows.map((row) => row.id)).toEqual(newestFirst.slice(0, REPORTS_PAGE_SIZE));
    expect(first.rows[0]).toMatchObject({ projectId: project.id, projectName: "Sklep", clientName: "Łukasz Żółć", status: "queued", size: null });

    const second = await listReports(db, user.id, { page: 2 });
    expect(second.rows.map((row) => row.id)).toEqual(newestFirst.slice(REPORTS_PAGE_SIZE));

    const beyond = await listReports(db, user.id, { page: 99 });
    expect(beyond.page).toBe(2);
    expect(beyond.rows.map((row) => row.id)).toEqual(newestFirst.slice(REPORTS_PAGE_SIZE));
  });

  it("lists only the user's reports", async () => {
    const owner = await createActiveUser();
    const other = await createActiveUser();
    const first = await makeProject(owner.id, { name: "Pierwszy" });
    const second = await makeProject(owner.id, { name: "Drugi" });
    const foreign = await makeProject(other.id, { name: "Cudzy" });
    const inFirst = await insertReport(owner.id, first.id);
    const inSecond = await insertReport(owner.id, second.id);
    const foreignReport = await insertReport(other.id, foreign.id);

    const all = await listReports(db, owner.id, { page: 1 });
    expect(all.rows.map((row) => row.id)).toEqual([inSecond.id, inFirst.id]);

    const ofSecond = await listReports(db, owner.id, { page: 1, projectId: second.id });
    expect(ofSecond.rows.map((row) => row.id)).toEqual([inSecond.id]);
    expect(ofSecond.total).toBe(1);

    const ofForeign = await listReports(db, owner.id, { page: 1, projectId: foreign.id });
    expect(ofForeign.rows).toEqual([]);
    expect(ofForeign.total).toBe(0);
    expect(ofForeign.pageCount).toBe(1);

    const others = await listReports(db, other.id, { page: 1 });
    expect(others.rows.map((row) => row.id)).toEqual([foreignReport.id]);
  });
});

describe("getReport", () => {
  it("returns the report with project and client", async () => {
    const user = await createActiveUser();
    const client = await makeClient(user.id, { name: "Łukasz Żółć", email: "lukasz@example.com" });
    const project = await makeProject(user.id, { name: "Sklep", clientId: client.id });
    const report = await insertReport(user.id, project.id);

    const detail = await getReport(db, user.id, report.id);

    expect(detail?.report).toEqual(report);
    expect(detail?.project).toEqual({ id: project.id, name: "Sklep", clientLocale: "pl" });
    expect(detail?.client).toEqual({ id: client.id, name: "Łukasz Żółć", email: "lukasz@example.com" });
  });

  it("returns null for another user's report", async () => {
    const owner = await createActiveUser();
    const other = await createActiveUser();
    const project = await makeProject(owner.id);
    const report = await insertReport(owner.id, project.id);

    expect(await getReport(db, other.id, report.id)).toBeNull();
    expect(await getReport(db, owner.id, crypto.randomUUID())).toBeNull();
  });
});

describe("deleteReport", () => {
  it("removes the row, sendings and R2 object", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const report = await insertReport(user.id, project.id, { status: "ready", r2Key: `reports/${user.id}/x.pdf`, size: 4 });
    const key = reportObjectKey(report);
    await env.FILES.put(key, "%PDF");
    await db.insert(reportSendings).values({
      id: crypto.randomUUID(),
      reportId: report.id,
      userId: user.id,
      toAddress: "klient@example.com",
      outboxId: crypto.randomUUID(),
      tokenHash: crypto.randomUUID(),
      expiresAt: "2026-05-01T00:00:00.000Z",
    });

    expect(await deleteReport(db, env.FILES, { userId: user.id, reportId: report.id, now: NOW })).toBe(true);

    expect(await env.FILES.head(key)).toBeNull();
    expect(await db.select().from(reports).where(eq(reports.id, report.id))).toEqual([]);
    expect(await db.select().from(reportSendings).where(eq(reportSendings.reportId, report.id))).toEqual([]);
    const rows = await reportActivity(report.id);
    expect(rows.map((row) => row.action)).toEqual(["report.deleted"]);
    expect(rows[0].projectId).toBe(project.id);
  });

  it("deletes once", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const report = await insertReport(user.id, project.id);

    const outcomes = await Promise.all([
      deleteReport(db, env.FILES, { userId: user.id, reportId: report.id, now: NOW }),
      deleteReport(db, env.FILES, { userId: user.id, reportId: report.id, now: NOW }),
    ]);

    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect((await reportActivity(report.id)).map((row) => row.action)).toEqual(["report.deleted"]);
  });

  it("leaves another user's report", async () => {
    const owner = await createActiveUser();
    const other = await createActiveUser();
    const project = await makeProject(owner.id);
    const report = await insertReport(owner.id, project.id, { status: "ready" });
    const key = reportObjectKey(report);
    await env.FILES.put(key, "%PDF");

    expect(await deleteReport(db, env.FILES, { userId: other.id, reportId: report.id, now: NOW })).toBe(false);

    expect(await env.FILES.head(key)).not.toBeNull();
    expect(await db.select().from(reports).where(eq(reports.id, report.id))).toHaveLength(1);
    expect(await reportActivity(report.id)).toEqual([]);
  });
});

describe("retryReport", () => {
  it("queues a failed report from zero attempts", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const report = await insertReport(user.id, project.id, { status: "failed", attempts: 3, failureReason: "Błąd" });
    const { queue, sent } = recordingQueue();

    expect(await retryReport(db, queue, { userId: user.id, reportId: report.id, now: NOW })).toBe("queued");

    const [row] = await db.select().from(reports).where(eq(reports.id, report.id));
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(0);
    expect(row.failureReason).toBeNull();
    expect(sent).toEqual([{ reportId: report.id }]);
    expect((await reportActivity(report.id)).map((entry) => entry.action)).toEqual(["report.retried"]);
  });

  it("leaves a report that did not fail", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const { queue, sent } = recordingQueue();
    for (const status of ["queued", "rendering", "ready"] as const) {
      const report = await insertReport(user.id, project.id, { status });
      expect(await retryReport(db, queue, { userId: user.id, reportId: report.id, now: NOW }), status).toBe("not_failed");
      const [row] = await db.select().from(reports).where(eq(reports.id, report.id));
      expect(row.status).toBe(status);
    }
    expect(sent).toEqual([]);
  });

  it("returns null for another user's report", async () => {
    const owner = await createActiveUser();
    const other = await createActiveUser();
    const project = await makeProject(owner.id);
    const report = await insertReport(owner.id, project.id, { status: "failed" });
    const { queue, sent } = recordingQueue();

    expect(await retryReport(db, queue, { userId: other.id, reportId: report.id, now: NOW })).toBeNull();
    const [row] = await db.select().from(reports).where(eq(reports.id, report.id));
    expect(row.status).toBe("failed");
    expect(sent).toEqual([]);
  });

  it("stops at the render rate limit", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const report = await insertReport(user.id, project.id, { status: "failed" });
    const rule = RATE_LIMITS.reportRenderPerAccount;
    const windowStart = Math.floor(NOW.getTime() / 1000 / rule.windowSeconds) * rule.windowSeconds;
    await db.insert(rateLimits).values({ key: `report_render:account:${user.id}`, windowStart, count: rule.limit });
    const { queue, sent } = recordingQueue();

    expect(await retryReport(db, queue, { userId: user.id, reportId: report.id, now: NOW })).toBe("rate_limited");
    const [row] = await db.select().from(reports).where(eq(reports.id, report.id));
    expect(row.status).toBe("failed");
    expect(sent).toEqual([]);
  });
});

describe("retryReport in parallel", () => {
  it("counts one render slot", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const report = await insertReport(user.id, project.id, { status: "failed", attempts: 3 });
    const { queue, sent } = recordingQueue();
    const input = { userId: user.id, reportId: report.id, now: NOW };

    const results = await Promise.all([retryReport(db, queue, input), retryReport(db, queue, input), retryReport(db, queue, input)]);

    expect(results.sort()).toEqual(["not_failed", "not_failed", "queued"]);
    expect(sent).toEqual([{ reportId: report.id }]);
    expect((await reportActivity(report.id)).map((entry) => entry.action)).toEqual(["report.retried"]);
    expect(await renderSlotsUsed(user.id)).toBe(1);
  });
});

describe("reportPeriodSchema", () => {
  const limits = { firstDay: "2026-03-01", today: "2026-04-15" };

  /** Returns the messages of each field, for the server's schema and the browser's one with limits. */
  function fieldErrors(input: { start: string; end: string }, withLimits: boolean) {
    const result = v.safeParse(withLimits ? reportPeriodSchema(limits) : reportPeriodSchema(), input);
    const nested = result.issues ? v.flatten(result.issues).nested : undefined;
    return { start: nested?.start ?? [], end: nested?.end ?? [] };
  }

  it("gives an unreadable day one message", () => {
    const cases = [
      { input: { start: "2026-13-01", end: "2026-04-01" }, field: "start" },
      { input: { start: "abc", end: "2026-04-01" }, field: "start" },
      { input: { start: "2026-04-01", end: "abc" }, field: "end" },
      { input: { start: "2026-04-01", end: "2026-02-30" }, field: "end" },
    ] as const;
    for (const { input, field } of cases) {
      for (const withLimits of [false, true]) {
        const errors = fieldErrors(input, withLimits);
        const label = `${input.start}…${input.end}, limits: ${withLimits}`;
        expect(errors[field], label).toEqual([common.invalidDay]);
        expect(errors[field === "start" ? "end" : "start"], label).toEqual([]);
      }
    }
  });

  it("gives a missing day one message", () => {
    for (const withLimits of [false, true]) {
      expect(fieldErrors({ start: "2026-04-01", end: "" }, withLimits)).toEqual({ start: [], end: [common.required] });
    }
  });

  it("still rejects a reversed period", () => {
    expect(fieldErrors({ start: "2026-04-02", end: "2026-04-01" }, false)).toEqual({ start: [], end: [reportsText.reversed] });
    expect(fieldErrors({ start: "2026-04-02", end: "2026-04-01" }, true).end).toContain(reportsText.reversed);
  });
});

describe("periodAfterMove", () => {
  const firstDay = "2026-11-01";
  // Typed start 04.12.2026 (offset 33) and end 01.12.2026 (offset 30): the end handle is drawn at the start.
  const reversed = { startOffset: 33, endOffset: 33, firstDay };

  it("keeps the other day on a key", () => {
    expect(periodAfterMove({ ...reversed, handle: "start", value: 32, anchor: null })).toEqual({ start: "2026-12-03" });
    expect(periodAfterMove({ ...reversed, handle: "end", value: 34, anchor: null })).toEqual({ end: "2026-12-05" });
  });

  it("stops a key move at the other handle", () => {
    const period = { startOffset: 10, endOffset: 20, firstDay };
    expect(periodAfterMove({ ...period, handle: "start", value: 21, anchor: null })).toEqual({ start: "2026-11-21" });
    expect(periodAfterMove({ ...period, handle: "end", value: 9, anchor: null })).toEqual({ end: "2026-11-11" });
  });

  it("spans both days on a drag", () => {
    const period = { startOffset: 10, endOffset: 20, firstDay };
    expect(periodAfterMove({ ...period, handle: "start", value: 25, anchor: 20 })).toEqual({ start: "2026-11-21", end: "2026-11-26" });
  });
});

describe("reportFailureText", () => {
  it("does not advise a shorter period on timeout", () => {
    const text = reportFailureText.timeout(60);
    expect(text).toContain("60 s");
    expect(text).not.toMatch(/krótsz/);
    expect(text).toContain("Spróbuj ponownie");
  });
});

describe("client reports", () => {
  it("lists only ready reports of the project", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const otherProject = await makeProject(user.id);
    const older = await insertReport(user.id, project.id, { status: "ready", size: 1000 });
    await insertReport(user.id, project.id, { status: "queued" });
    await insertReport(user.id, project.id, { status: "failed" });
    const newer = await insertReport(user.id, project.id, { status: "ready", size: 2000 });
    await insertReport(user.id, otherProject.id, { status: "ready" });

    const list = await listClientReports(db, project.id, { page: 1 });

    expect(list.total).toBe(2);
    expect(list.rows).toEqual([
      { id: newer.id, periodStart: "2026-03-01", periodEnd: "2026-03-31", size: 2000, createdAt: newer.createdAt },
      { id: older.id, periodStart: "2026-03-01", periodEnd: "2026-03-31", size: 1000, createdAt: older.createdAt },
    ]);
  });

  it("finds only a ready report of the project", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    const otherProject = await makeProject(user.id);
    const ready = await insertReport(user.id, project.id, { status: "ready" });
    const queued = await insertReport(user.id, project.id, { status: "queued" });
    const elsewhere = await insertReport(user.id, otherProject.id, { status: "ready" });

    expect((await getClientReport(db, project.id, ready.id))?.id).toBe(ready.id);
    expect(await getClientReport(db, project.id, queued.id)).toBeNull();
    expect(await getClientReport(db, project.id, elsewhere.id)).toBeNull();
    expect(await getClientReport(db, project.id, crypto.randomUUID())).toBeNull();
  });
});

describe("reportFileName", () => {
  const period = { periodStart: "2026-11-01", periodEnd: "2026-11-30" };

  it("writes Polish letters as ASCII", () => {
    expect(reportFileName(period, "Strona sklepu – Łódź, Źdźbło")).toBe("raport-strona-sklepu-lodz-zdzblo-2026-11-01-2026-11-30.pdf");
  });

  it("leaves out other scripts and markup", () => {
    expect(reportFileName(period, "Проект")).toBe("raport-2026-11-01-2026-11-30.pdf");
    expect(reportFileName(period, '<script>"a"</script>')).toBe("raport-script-a-script-2026-11-01-2026-11-30.pdf");
  });

  it("shortens a long name", () => {
    const name = reportFileName(period, "a".repeat(300));
    expect(name).toBe(`raport-${"a".repeat(60)}-2026-11-01-2026-11-30.pdf`);
  });
});
