// The report queue's consumer: real renders through env.BROWSER into R2, at-least-once
// delivery, a failing and a hanging browser binding, the dead-letter queue, stale claims and
// the scheduled re-queueing.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { activity, reports, type Report } from "~/db/schema";
import { reportFailureText } from "~/i18n/pl";
import {
  createReport,
  MAX_REPORT_ATTEMPTS,
  reportObjectKey,
  requeueStaleReports,
  STALE_QUEUED_REPORT_MS,
  STALE_REPORT_CLAIM_MS,
  type ReportJob,
} from "~/models/reports.server";
import { warsawDay } from "~/utils/dates";
import worker from "../workers/app";
import { handleReportBatch, reportRetryDelaySeconds, type ReportBatchDeps } from "../workers/reports";
import { createActiveUser, db } from "./helpers";
import { makeClient, makeProject, makeTask } from "./project-helpers";
import { allowConsoleErrors } from "./setup";

const handler = worker as Required<Pick<ExportedHandler<Env, ReportJob>, "queue">>;

/** Builds a queue that records what is sent, so no consumer receives the message. */
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

/** A browser binding whose every request fails, as when Browser Rendering is down. */
const failingBrowser = {
  fetch: () => Promise.reject(new Error("Browser Rendering unavailable")),
} as unknown as Fetcher;

/** A browser binding whose requests never complete. */
const hangingBrowser = {
  fetch: () => new Promise<Response>(() => undefined),
} as unknown as Fetcher;

/** Creates a queued report of today over a project with two tasks. The project name appears in the PDF. */
async function queuedReport(projectName = "Sklep Źdźbło Łąka") {
  const user = await createActiveUser({ name: "Anna Nowak" });
  const client = await makeClient(user.id, { name: "Łukasz Żółć" });
  const project = await makeProject(user.id, { name: projectName, clientId: client.id });
  await makeTask(user.id, project.id, { name: "Projekt graficzny", amount: 123_456 });
  await makeTask(user.id, project.id, { name: "Wdrożenie", amount: 50_000 });
  const today = warsawDay(new Date());
  const { queue } = recordingQueue();
  const result = await createReport(db, queue, { userId: user.id, projectId: project.id, period: { start: today, end: today }, now: new Date() });
  if (result?.outcome !== "created") throw new Error(`Report not created: ${JSON.stringify(result)}`);
  return { user, project, report: result.report };
}

/**
 * Runs the consumer on one message and returns the queue's result plus the options given to
 * retry(), which getQueueResult does not report.
 */
async function deliver(reportId: string, attempts: number, deps: Partial<ReportBatchDeps> = {}) {
  const batch = createMessageBatch<ReportJob>("klamp-reports", [
    { id: `message-${reportId}-${attempts}`, timestamp: new Date(), attempts, body: { reportId } },
  ]);
  const retry = vi.spyOn(batch.messages[0], "retry");
  const ctx = createExecutionContext();
  await handleReportBatch(batch, { db, bucket: env.FILES, browser: env.BROWSER, ...deps });
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryOptions: retry.mock.calls.map(([options]) => options) };
}

async function reportRow(reportId: string): Promise<Report> {
  const [row] = await db.select().from(reports).where(eq(reports.id, reportId));
  if (!row) throw new Error("Report row missing");
  return row;
}

async function reportActions(reportId: string): Promise<string[]> {
  const rows = await db.select().from(activity).where(eq(activity.subjectId, reportId));
  return rows.map((row) => row.action);
}

async function storedKeys(userId: string): Promise<string[]> {
  const listed = await env.FILES.list({ prefix: `reports/${userId}/` });
  return listed.objects.map((object) => object.key);
}

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const response = await env.PDF_TEXT.fetch("http://pdf/", { method: "POST", body: bytes });
  expect(response.status).toBe(200);
  return response.text();
}

describe("report consumer", () => {
  it("renders a queued report into R2", async () => {
    const { user, report } = await queuedReport();

    const result = await deliver(report.id, 1);

    expect(result.explicitAcks).toEqual([`message-${report.id}-1`]);
    expect(result.retryMessages).toEqual([]);
    const row = await reportRow(report.id);
    expect(row.status).toBe("ready");
    expect(row.attempts).toBe(1);
    expect(row.r2Key).toBe(reportObjectKey(report));
    expect(row.taskCount).toBe(2);
    expect(row.pageCount).toBeGreaterThanOrEqual(1);
    expect(row.generatedAt).not.toBeNull();
    expect(row.failureReason).toBeNull();

    const object = await env.FILES.get(reportObjectKey(report));
    if (!object) throw new Error("PDF not stored");
    expect(object.httpMetadata?.contentType).toBe("application/pdf");
    const bytes = await object.arrayBuffer();
    expect(bytes.byteLength).toBe(row.size);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const text = await pdfText(bytes);
    expect(text).toContain("Sklep Źdźbło Łąka");
    expect(text).toContain("Łukasz Żółć");
    expect(text).toContain("1 234,56 zł");

    expect(await storedKeys(user.id)).toEqual([reportObjectKey(report)]);
    expect(await reportActions(report.id)).toEqual(["report.created", "report.ready"]);
  });

  it("renders a redelivered message once", async () => {
    const { user, report } = await queuedReport();
    await deliver(report.id, 1);
    const first = await env.FILES.head(reportObjectKey(report));

    const again = await deliver(report.id, 2);

    expect(again.explicitAcks).toEqual([`message-${report.id}-2`]);
    expect(again.retryMessages).toEqual([]);
    const row = await reportRow(report.id);
    expect(row.status).toBe("ready");
    expect(row.attempts).toBe(1);
    expect(await storedKeys(user.id)).toEqual([reportObjectKey(report)]);
    expect((await env.FILES.head(reportObjectKey(report)))?.uploaded).toEqual(first?.uploaded);
    expect((await reportActions(report.id)).filter((action) => action === "report.ready")).toHaveLength(1);
  });

  it("fails after three deliveries when the browser fails", async () => {
    allowConsoleErrors();
    const { user, report } = await queuedReport();

    for (let attempt = 1; attempt < MAX_REPORT_ATTEMPTS; attempt += 1) {
      const result = await deliver(report.id, attempt, { browser: failingBrowser });
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages).toEqual([{ msgId: `message-${report.id}-${attempt}` }]);
      expect(result.retryOptions).toEqual([{ delaySeconds: reportRetryDelaySeconds(attempt) }]);
      const row = await reportRow(report.id);
      expect(row.status).toBe("queued");
      expect(row.attempts).toBe(attempt);
      expect(row.claimId).toBeNull();
    }

    const last = await deliver(report.id, MAX_REPORT_ATTEMPTS, { browser: failingBrowser });

    expect(last.explicitAcks).toEqual([`message-${report.id}-${MAX_REPORT_ATTEMPTS}`]);
    expect(last.retryMessages).toEqual([]);
    const row = await reportRow(report.id);
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(MAX_REPORT_ATTEMPTS);
    expect(row.failureReason).toBe(reportFailureText.browser);
    expect(row.r2Key).toBeNull();
    expect(await storedKeys(user.id)).toEqual([]);
    expect(await reportActions(report.id)).toEqual(["report.created", "report.failed"]);

    // A message still in the queue after that finds the report failed and is acknowledged.
    const late = await deliver(report.id, 1, { browser: failingBrowser });
    expect(late.explicitAcks).toHaveLength(1);
    expect((await reportRow(report.id)).attempts).toBe(MAX_REPORT_ATTEMPTS);
  });

  it("fails a hanging render, then renders another", async () => {
    allowConsoleErrors();
    const hanging = await queuedReport();

    for (let attempt = 1; attempt <= MAX_REPORT_ATTEMPTS; attempt += 1) {
      const started = Date.now();
      await deliver(hanging.report.id, attempt, { browser: hangingBrowser, renderTimeoutMs: 200 });
      expect(Date.now() - started).toBeLessThan(5_000);
    }

    const failed = await reportRow(hanging.report.id);
    expect(failed.status).toBe("failed");
    expect(failed.failureReason).toBe(reportFailureText.timeout(1));

    const next = await queuedReport("Drugi projekt");
    const result = await deliver(next.report.id, 1);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await reportRow(next.report.id)).status).toBe("ready");
  });

  it("removes the PDF of a deleted report", async () => {
    const { user, report } = await queuedReport();
    // The freelancer deletes the report while the consumer is storing its PDF.
    const bucket = new Proxy(env.FILES, {
      get(target, property) {
        if (property !== "put") return Reflect.get(target, property).bind(target);
        return async (...args: Parameters<R2Bucket["put"]>) => {
          await db.delete(reports).where(eq(reports.id, report.id));
          return target.put(...args);
        };
      },
    });

    const result = await deliver(report.id, 1, { bucket });

    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    expect(await storedKeys(user.id)).toEqual([]);
    expect(await reportActions(report.id)).toEqual(["report.created"]);
  });

  it("counts attempts across messages", async () => {
    allowConsoleErrors();
    const { report } = await queuedReport();
    await db.update(reports).set({ attempts: MAX_REPORT_ATTEMPTS - 1 }).where(eq(reports.id, report.id));

    // A fresh message (for example one sent by the scheduled job) gets the last attempt only.
    const result = await deliver(report.id, 1, { browser: failingBrowser });

    expect(result.explicitAcks).toHaveLength(1);
    const row = await reportRow(report.id);
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(MAX_REPORT_ATTEMPTS);
  });

  it("skips a fresh claim", async () => {
    const { report } = await queuedReport();
    const claimedAt = new Date().toISOString();
    await db.update(reports).set({ status: "rendering", attempts: 1, claimId: "other", claimedAt }).where(eq(reports.id, report.id));

    const result = await deliver(report.id, 2, { browser: failingBrowser });

    expect(result.explicitAcks).toHaveLength(1);
    const row = await reportRow(report.id);
    expect(row.status).toBe("rendering");
    expect(row.claimId).toBe("other");
    expect(row.attempts).toBe(1);
  });

  it("takes over a stale claim", async () => {
    allowConsoleErrors();
    const { report } = await queuedReport();
    const claimedAt = new Date(Date.now() - STALE_REPORT_CLAIM_MS - 60_000).toISOString();
    await db.update(reports).set({ status: "rendering", attempts: 1, claimId: "dead", claimedAt }).where(eq(reports.id, report.id));

    const result = await deliver(report.id, 1, { browser: failingBrowser });

    // The takeover is attempt 2, and it failed, so the report waits for the next delivery.
    expect(result.retryMessages).toHaveLength(1);
    const row = await reportRow(report.id);
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(2);
  });

  it("fails a stale claim out of attempts", async () => {
    const { report } = await queuedReport();
    const claimedAt = new Date(Date.now() - STALE_REPORT_CLAIM_MS - 60_000).toISOString();
    await db
      .update(reports)
      .set({ status: "rendering", attempts: MAX_REPORT_ATTEMPTS, claimId: "dead", claimedAt })
      .where(eq(reports.id, report.id));

    const result = await deliver(report.id, 1, { browser: failingBrowser });

    expect(result.explicitAcks).toHaveLength(1);
    const row = await reportRow(report.id);
    expect(row.status).toBe("failed");
    expect(row.failureReason).toBe(reportFailureText.abandoned);
    expect(await reportActions(report.id)).toEqual(["report.created", "report.failed"]);
  });

  it("acknowledges unknown and malformed messages", async () => {
    const unknown = await deliver(crypto.randomUUID(), 1);
    expect(unknown.explicitAcks).toHaveLength(1);

    const batch = createMessageBatch<ReportJob>("klamp-reports", [
      { id: "malformed", timestamp: new Date(), attempts: 1, body: { reportId: 42 } as unknown as ReportJob },
    ]);
    const ctx = createExecutionContext();
    await handleReportBatch(batch, { db, bucket: env.FILES, browser: failingBrowser });
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["malformed"]);
  });
});

describe("report dead letters", () => {
  /** Delivers a dead letter through the Worker's queue handler, as the queue does. */
  async function deadLetter(reportId: string) {
    const batch = createMessageBatch<ReportJob>("klamp-reports-dlq", [{ id: `dead-${reportId}`, timestamp: new Date(), attempts: 1, body: { reportId } }]);
    const ctx = createExecutionContext();
    await handler.queue(batch, env, ctx);
    return getQueueResult(batch, ctx);
  }

  it("fails an unfinished report", async () => {
    const { report } = await queuedReport();
    await db.update(reports).set({ status: "rendering", attempts: 3, claimId: "dead", claimedAt: new Date().toISOString() }).where(eq(reports.id, report.id));

    const result = await deadLetter(report.id);

    expect(result.explicitAcks).toEqual([`dead-${report.id}`]);
    expect(result.retryMessages).toEqual([]);
    const row = await reportRow(report.id);
    expect(row.status).toBe("failed");
    expect(row.failureReason).toBe(reportFailureText.abandoned);
    expect(await reportActions(report.id)).toEqual(["report.created", "report.failed"]);
  });

  it("leaves a finished report", async () => {
    const { report } = await queuedReport();
    await db.update(reports).set({ status: "ready", r2Key: reportObjectKey(report) }).where(eq(reports.id, report.id));

    const result = await deadLetter(report.id);

    expect(result.explicitAcks).toHaveLength(1);
    expect((await reportRow(report.id)).status).toBe("ready");
    expect(await reportActions(report.id)).toEqual(["report.created"]);
  });
});

describe("requeueStaleReports", () => {
  it("queues stalled reports and fails exhausted ones", async () => {
    const now = new Date();
    const longAgo = new Date(now.getTime() - STALE_QUEUED_REPORT_MS - 60_000).toISOString();
    const claimedLongAgo = new Date(now.getTime() - STALE_REPORT_CLAIM_MS - 60_000).toISOString();
    const lostMessage = (await queuedReport()).report;
    const waiting = (await queuedReport()).report;
    const stalled = (await queuedReport()).report;
    const exhausted = (await queuedReport()).report;
    const rendering = (await queuedReport()).report;
    await db.update(reports).set({ updatedAt: longAgo }).where(eq(reports.id, lostMessage.id));
    await db
      .update(reports)
      .set({ status: "rendering", attempts: 1, claimId: "dead", claimedAt: claimedLongAgo, updatedAt: claimedLongAgo })
      .where(eq(reports.id, stalled.id));
    await db
      .update(reports)
      .set({ status: "rendering", attempts: MAX_REPORT_ATTEMPTS, claimId: "dead", claimedAt: claimedLongAgo, updatedAt: claimedLongAgo })
      .where(eq(reports.id, exhausted.id));
    await db
      .update(reports)
      .set({ status: "rendering", attempts: 1, claimId: "live", claimedAt: now.toISOString(), updatedAt: now.toISOString() })
      .where(eq(reports.id, rendering.id));
    const { queue, sent } = recordingQueue();

    await requeueStaleReports(db, queue, now, reportFailureText.abandoned);

    const sentIds = sent.map((job) => job.reportId);
    expect(sentIds).toContain(lostMessage.id);
    expect(sentIds).toContain(stalled.id);
    expect(sentIds).not.toContain(waiting.id);
    expect(sentIds).not.toContain(exhausted.id);
    expect(sentIds).not.toContain(rendering.id);
    expect((await reportRow(exhausted.id)).status).toBe("failed");
    expect((await reportRow(exhausted.id)).failureReason).toBe(reportFailureText.abandoned);
    expect((await reportRow(lostMessage.id)).updatedAt).toBe(now.toISOString());

    // The next run, right after, does not send the same reports again.
    const again = recordingQueue();
    await requeueStaleReports(db, again.queue, new Date(now.getTime() + 1000), reportFailureText.abandoned);
    expect(again.sent.map((job) => job.reportId)).not.toContain(lostMessage.id);
    expect(again.sent.map((job) => job.reportId)).not.toContain(stalled.id);
  });

  it("runs in the scheduled maintenance", async () => {
    const { runScheduledMaintenance } = await import("../workers/scheduled");
    const { report } = await queuedReport();
    const longAgo = new Date(Date.now() - STALE_QUEUED_REPORT_MS - 60_000).toISOString();
    await db.update(reports).set({ updatedAt: longAgo }).where(eq(reports.id, report.id));
    const { queue, sent } = recordingQueue();

    await runScheduledMaintenance({ ...env, REPORT_QUEUE: queue } as Env, new Date(), () => Promise.reject(new Error("no Tpay in this test")));

    expect(sent.map((job) => job.reportId)).toContain(report.id);
    const rows = await db.select().from(activity).where(and(eq(activity.subjectId, report.id), eq(activity.action, "report.failed")));
    expect(rows).toEqual([]);
  });
});
