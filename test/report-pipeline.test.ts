/// <reference types="vite/client" />
// The report pipeline as a whole, with real renders through env.BROWSER. The consumer prints the
// logo only while it is shown. Printing fetches nothing, pages are A4, and the browser session is
// closed after every outcome. One message of a batch does not stop the others, and two parallel
// deliveries make one PDF. The queue's retry bound in wrangler.toml matches MAX_REPORT_ATTEMPTS.
// Hostile names typed into the forms come out literally, and the autumn DST day keeps its changes.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import puppeteer from "@cloudflare/puppeteer";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, clients, projects, reports, tasks, type Report } from "~/db/schema";
import { reportDocumentText, reportFailureText } from "~/i18n/pl";
import { setReportLogoShown, storeReportLogo } from "~/models/report-settings.server";
import { createReport, MAX_REPORT_ATTEMPTS, reportObjectKey, type ReportJob } from "~/models/reports.server";
import { setTaskStatus } from "~/models/tasks.server";
import { printPdf, PrintTimeoutError } from "~/reports/print-pdf.server";
import { formatDay, warsawDay } from "~/utils/dates";
import { addDays } from "~/utils/report-period";
import wranglerToml from "../wrangler.toml?raw";
import { handleReportBatch, handleReportDeadLetters, type ReportBatchDeps } from "../workers/reports";
import pngUrl from "./fixtures/logo-600x200.png?inline";
import { createActiveUser, db, loggedInBrowser } from "./helpers";
import { makeClient, makeProject, makeTask, redirectPath } from "./project-helpers";
import { allowConsoleErrors } from "./setup";

const DAY_MS = 86_400_000;

const LOGO_PNG = Uint8Array.from(atob(pngUrl.slice(pngUrl.indexOf(",") + 1)), (char) => char.charCodeAt(0));

/** A queue that drops what is sent, so only the test delivers the report's message. */
const silentQueue = { send: async () => undefined, sendBatch: async () => undefined } as unknown as Queue<ReportJob>;

/** Creates a one-task project and a queued report of today, for a new freelancer unless `userId` is given. */
async function queuedReport(userId?: string) {
  const ownerId = userId ?? (await createActiveUser({ name: "Anna Nowak" })).id;
  const client = await makeClient(ownerId, { name: "Łukasz Żółć" });
  const project = await makeProject(ownerId, { name: "Sklep Źdźbło Łąka", clientId: client.id });
  await makeTask(ownerId, project.id, { name: "Projekt graficzny", amount: 123_456 });
  return { userId: ownerId, project, report: await createdReport(ownerId, project.id, warsawDay(), warsawDay()) };
}

async function createdReport(userId: string, projectId: string, start: string, end: string): Promise<Report> {
  const result = await createReport(db, silentQueue, { userId, projectId, period: { start, end }, now: new Date() });
  if (result?.outcome !== "created") throw new Error(`Report not created: ${JSON.stringify(result)}`);
  return result.report;
}

/** A report message, or a malformed one whose id is not a string. */
type MessageBody = ReportJob | { reportId: number };

/** What getQueueResult reports of a batch: the messages acknowledged and those to deliver again. */
interface QueueOutcome {
  explicitAcks: string[];
  retryMessages: { msgId: string }[];
}

/** Runs the consumer on one batch of messages, as the queue delivers it, and returns the queue's result. */
async function deliverBatch(
  messages: { id: string; body: MessageBody; attempts?: number }[],
  deps: Partial<ReportBatchDeps> = {},
): Promise<QueueOutcome> {
  const batch = createMessageBatch<ReportJob>(
    "klamp-reports",
    messages.map((message) => ({ id: message.id, timestamp: new Date(), attempts: message.attempts ?? 1, body: message.body as ReportJob })),
  );
  const ctx = createExecutionContext();
  await handleReportBatch(batch, { db, bucket: env.FILES, browser: env.BROWSER, ...deps });
  return getQueueResult(batch, ctx);
}

function deliver(reportId: string, deps: Partial<ReportBatchDeps> = {}): Promise<QueueOutcome> {
  return deliverBatch([{ id: `message-${crypto.randomUUID()}`, body: { reportId } }], deps);
}

async function reportRow(reportId: string): Promise<Report> {
  const [row] = await db.select().from(reports).where(eq(reports.id, reportId));
  if (!row) throw new Error("Report row missing");
  return row;
}

async function storedPdf(report: Pick<Report, "userId" | "id">): Promise<Uint8Array> {
  const object = await env.FILES.get(reportObjectKey(report));
  if (!object) throw new Error("PDF not stored");
  return new Uint8Array(await object.arrayBuffer());
}

async function pdfTool(bytes: Uint8Array, query = ""): Promise<string> {
  const response = await env.PDF_TEXT.fetch(`http://pdf/${query}`, { method: "POST", body: new Uint8Array(bytes) });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return text;
}

/**
 * Reads the PDF's text in drawing order (pdftotext -raw), so a name wrapped inside its column
 * stays in one piece, and makes every run of white space (line breaks, NBSP) one space.
 */
async function flatText(bytes: Uint8Array): Promise<string> {
  return (await pdfTool(bytes, "?raw=1")).replace(/\s+/g, " ");
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let offset = 0; offset < bytes.length; offset += 0x8000) text += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return text;
}

/**
 * Counts the images drawn in a PDF: image XObjects (Chromium writes their dictionaries
 * uncompressed) less the soft masks that carry another image's alpha channel.
 */
function imageCount(bytes: Uint8Array): number {
  const text = latin1(bytes);
  const images = text.match(/\/Subtype\s*\/Image(?![a-zA-Z])/g)?.length ?? 0;
  const masks = text.match(/\/SMask\s+\d+\s+\d+\s+R/g)?.length ?? 0;
  return images - masks;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` returns a value. */
async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await sleep(100);
  }
}

function closeSocket(socket: WebSocket, event?: CloseEvent) {
  if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) return;
  const code = event?.code;
  if (!code || code === 1005 || code === 1006) socket.close();
  else socket.close(code, event.reason);
}

/**
 * Wraps env.BROWSER and records what passes through it: the session ids it acquires and the
 * DevTools methods the client sends. `printToPdf` makes Page.printToPDF fail or never respond, and
 * `acquireDelayMs` delays the session's acquisition.
 */
function recordingBrowser(plan: { printToPdf?: "fail" | "hang"; acquireDelayMs?: number } = {}) {
  const sessionIds: string[] = [];
  const methods: string[] = [];
  const fetcher = {
    async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (request.method === "POST" && url.pathname === "/v1/devtools/browser") {
        if (plan.acquireDelayMs) await sleep(plan.acquireDelayMs);
        const response = await env.BROWSER.fetch(request);
        const body = await response.text();
        if (response.ok) sessionIds.push((JSON.parse(body) as { sessionId: string }).sessionId);
        return new Response(body, { status: response.status, headers: response.headers });
      }
      const response = await env.BROWSER.fetch(request);
      const upstream = response.webSocket;
      if (!upstream) return response;

      upstream.accept();
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      upstream.addEventListener("message", (event) => server.send(event.data));
      server.addEventListener("message", (event) => {
        const raw = typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data);
        const message = JSON.parse(raw) as { id: number; method: string; sessionId?: string };
        methods.push(message.method);
        if (message.method === "Page.printToPDF" && plan.printToPdf === "fail") {
          server.send(JSON.stringify({ id: message.id, sessionId: message.sessionId, error: { code: -32000, message: "Printing failed" } }));
          return;
        }
        if (message.method === "Page.printToPDF" && plan.printToPdf === "hang") return;
        upstream.send(event.data);
      });
      upstream.addEventListener("close", (event) => closeSocket(server, event));
      server.addEventListener("close", (event) => closeSocket(upstream, event));
      return new Response(null, { status: 101, webSocket: client, headers: response.headers });
    },
  } as unknown as Fetcher;
  return { fetcher, sessionIds, methods };
}

/** Waits until the local binding no longer lists the session as active. */
async function expectSessionClosed(sessionId: string) {
  await eventually(async () => !(await puppeteer.sessions(env.BROWSER)).some((session) => session.sessionId === sessionId), 10_000);
}

const SIMPLE_HTML = "<!doctype html><html><head><meta charset=utf-8></head><body><p>Raport</p></body></html>";

describe("report logo in the PDF", () => {
  it("prints the logo only while shown", async () => {
    const user = await createActiveUser({ name: "Anna Nowak" });
    await storeReportLogo(db, env.FILES, { userId: user.id, bytes: LOGO_PNG, contentType: "image/png" });

    const shown = await queuedReport(user.id);
    expect((await deliver(shown.report.id)).explicitAcks).toHaveLength(1);
    expect((await reportRow(shown.report.id)).status).toBe("ready");
    expect(imageCount(await storedPdf(shown.report))).toBe(1);

    expect(await setReportLogoShown(db, user.id, false)).toBe("changed");
    const hidden = await createdReport(user.id, shown.project.id, warsawDay(), warsawDay());
    expect((await deliver(hidden.id)).explicitAcks).toHaveLength(1);
    expect((await reportRow(hidden.id)).status).toBe("ready");
    expect(imageCount(await storedPdf(hidden))).toBe(0);
  });
});

describe("printPdf", () => {
  it("fetches nothing", async () => {
    const base = await (await env.FETCH_PROBE.fetch("http://probe/url")).text();
    const prefix = `/${crypto.randomUUID()}`;
    const html =
      `<!doctype html><html><head><meta charset=utf-8>` +
      `<link rel=stylesheet href=${base}${prefix}/z.css>` +
      `<style>body { background: url(${base}${prefix}/y.png) } @font-face { font-family: Probe; src: url(${base}${prefix}/f.woff2) } p { font-family: Probe }</style>` +
      `</head><body><p>Raport</p><img src=${base}${prefix}/x.png width=10 height=10></body></html>`;

    const pdf = await printPdf(env.BROWSER, html, { timeoutMs: 20_000 });

    expect(latin1(pdf.bytes.subarray(0, 5))).toBe("%PDF-");
    const hits = await (await env.FETCH_PROBE.fetch(`http://probe/count?prefix=${encodeURIComponent(prefix)}`)).text();
    expect(hits).toBe("0");
  });

  it("prints A4 pages", async () => {
    const pdf = await printPdf(env.BROWSER, SIMPLE_HTML, { timeoutMs: 20_000 });

    const info = await pdfTool(pdf.bytes, "?info=1");
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)$/m.exec(info);
    if (!size) throw new Error(`not an A4 page: ${info}`);
    // A4 is 595.276 × 841.89 pt. Debian's Chromium 156 prints 595.92 × 841.92 pt for 210 × 297 mm.
    expect(Math.abs(Number(size[1]) - 595.276)).toBeLessThan(0.75);
    expect(Math.abs(Number(size[2]) - 841.89)).toBeLessThan(0.75);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(pdf.pageCount).toBe(1);
  });

  it("closes the session after a print", async () => {
    const browser = recordingBrowser();

    await printPdf(browser.fetcher, SIMPLE_HTML, { timeoutMs: 20_000 });

    expect(browser.sessionIds).toHaveLength(1);
    expect(browser.methods).toContain("Page.printToPDF");
    expect(browser.methods).toContain("Browser.close");
    await expectSessionClosed(browser.sessionIds[0]);
  });

  it("closes the session after a failed print", async () => {
    allowConsoleErrors();
    const browser = recordingBrowser({ printToPdf: "fail" });

    await expect(printPdf(browser.fetcher, SIMPLE_HTML, { timeoutMs: 20_000 })).rejects.toThrow(/Printing failed/);

    expect(browser.methods).toContain("Browser.close");
    await expectSessionClosed(browser.sessionIds[0]);
  });

  it("closes the session after a timeout", async () => {
    allowConsoleErrors();
    const browser = recordingBrowser({ printToPdf: "hang" });

    await expect(printPdf(browser.fetcher, SIMPLE_HTML, { timeoutMs: 3_000 })).rejects.toBeInstanceOf(PrintTimeoutError);

    expect(browser.methods).toContain("Page.printToPDF");
    expect(browser.methods).toContain("Browser.close");
    await expectSessionClosed(browser.sessionIds[0]);
  });

  it("closes a session that starts after the timeout", async () => {
    allowConsoleErrors();
    const browser = recordingBrowser({ acquireDelayMs: 500 });

    await expect(printPdf(browser.fetcher, SIMPLE_HTML, { timeoutMs: 100 })).rejects.toBeInstanceOf(PrintTimeoutError);

    await eventually(async () => browser.methods.includes("Browser.close"), 10_000);
    expect(browser.methods).not.toContain("Page.printToPDF");
    await expectSessionClosed(browser.sessionIds[0]);
  });
});

describe("report batches", () => {
  it("handles each message of a batch on its own", async () => {
    allowConsoleErrors();
    const failing = await queuedReport();
    const good = await queuedReport();
    // Browser Rendering rejects the first session, which is the failing report's last attempt.
    let launches = 0;
    const browser = {
      fetch(input: RequestInfo | URL, init?: RequestInit) {
        const request = new Request(input, init);
        if (request.method === "POST" && (launches += 1) === 1) return Promise.reject(new Error("Browser Rendering unavailable"));
        return env.BROWSER.fetch(request);
      },
    } as unknown as Fetcher;
    await db.update(reports).set({ attempts: MAX_REPORT_ATTEMPTS - 1 }).where(eq(reports.id, failing.report.id));

    const result = await deliverBatch(
      [
        { id: "malformed", body: { reportId: 42 } },
        { id: "failing", body: { reportId: failing.report.id }, attempts: MAX_REPORT_ATTEMPTS },
        { id: "good", body: { reportId: good.report.id } },
      ],
      { browser },
    );

    expect(result.explicitAcks).toEqual(["malformed", "failing", "good"]);
    expect(result.retryMessages).toEqual([]);
    const failed = await reportRow(failing.report.id);
    expect(failed.status).toBe("failed");
    expect(failed.failureReason).toBe(reportFailureText.browser);
    expect((await reportRow(good.report.id)).status).toBe("ready");
    expect(await env.FILES.head(reportObjectKey(good.report))).not.toBeNull();
  });

  it("fails every report of a dead-letter batch", async () => {
    const queued = await Promise.all([queuedReport(), queuedReport(), queuedReport()]);
    const batch = createMessageBatch<ReportJob>(
      "klamp-reports-dlq",
      queued.map(({ report }) => ({ id: `dead-${report.id}`, timestamp: new Date(), attempts: 1, body: { reportId: report.id } })),
    );
    const ctx = createExecutionContext();

    await handleReportDeadLetters(batch, db);

    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(queued.map(({ report }) => `dead-${report.id}`));
    expect(result.retryMessages).toEqual([]);
    for (const { report } of queued) {
      const row = await reportRow(report.id);
      expect(row.status).toBe("failed");
      expect(row.failureReason).toBe(reportFailureText.abandoned);
    }
  });

  it("renders once when delivered twice at the same time", async () => {
    const { userId, report } = await queuedReport();

    const results = await Promise.all([deliver(report.id), deliver(report.id)]);

    expect(results.flatMap((result) => result.explicitAcks)).toHaveLength(2);
    expect(results.flatMap((result) => result.retryMessages)).toEqual([]);
    const row = await reportRow(report.id);
    expect(row.status).toBe("ready");
    expect(row.attempts).toBe(1);
    const ready = await db
      .select()
      .from(activity)
      .where(and(eq(activity.subjectId, report.id), eq(activity.action, "report.ready")));
    expect(ready).toHaveLength(1);
    const listed = await env.FILES.list({ prefix: `reports/${userId}/` });
    expect(listed.objects.map((object) => object.key)).toEqual([reportObjectKey(report)]);
  });
});

/** Reads the `[[queues.consumers]]` tables of wrangler.toml, the top-level ones or those of [env.production]. */
function queueConsumers(toml: string, prefix: "" | "env.production.") {
  const consumers: Record<string, string | number>[] = [];
  let current: Record<string, string | number> | null = null;
  for (const line of toml.split("\n").map((text) => text.replace(/#.*$/, "").trim())) {
    if (line.startsWith("[")) {
      current = line === `[[${prefix}queues.consumers]]` ? {} : null;
      if (current) consumers.push(current);
      continue;
    }
    const pair = /^([a-z_]+)\s*=\s*(.+)$/.exec(line);
    if (current && pair) current[pair[1]] = pair[2].startsWith('"') ? JSON.parse(pair[2]) : Number(pair[2]);
  }
  return consumers;
}

describe("report queue configuration", () => {
  it.each([
    ["default", ""],
    ["production", "env.production."],
  ] as const)("bounds the retries in %s", (_name, prefix) => {
    const consumers = queueConsumers(wranglerToml, prefix);
    const reportConsumer = consumers.find((consumer) => consumer.queue === "klamp-reports");
    const deadLetterConsumer = consumers.find((consumer) => consumer.queue === "klamp-reports-dlq");
    expect(reportConsumer?.max_retries).toBe(MAX_REPORT_ATTEMPTS - 1);
    expect(reportConsumer?.dead_letter_queue).toBe("klamp-reports-dlq");
    expect(reportConsumer?.max_batch_size).toBe(1);
    expect(deadLetterConsumer?.max_retries).toBe(0);
  });
});

describe("report through the forms", () => {
  it("prints hostile names literally", async () => {
    const clientName = "<script>alert(1)</script> „Źdźbło Łąka” – Привет";
    const taskName = "Жёлтый – „Łódź”";
    const { browser, user } = await loggedInBrowser({ name: "Anna Nowak" });
    redirectPath(await browser.post("/clients/new", { name: clientName, email: "" }));
    const [client] = await db.select().from(clients).where(eq(clients.userId, user.id));
    expect(client.name).toBe(clientName);
    redirectPath(await browser.post("/projects/new", { name: "Sklep", client: client.id }));
    const [project] = await db.select().from(projects).where(eq(projects.userId, user.id));
    redirectPath(await browser.post(`/projects/${project.id}`, { intent: "add-task", name: taskName, amount: "1 234,56" }));
    const [task] = await db.select().from(tasks).where(eq(tasks.projectId, project.id));
    expect(task).toMatchObject({ name: taskName, amount: 123_456 });
    // The project started two days ago, so the period has two different dates.
    const start = addDays(warsawDay(), -2);
    const twoDaysAgo = new Date(Date.now() - 2 * DAY_MS).toISOString();
    await db.update(projects).set({ createdAt: twoDaysAgo }).where(eq(projects.id, project.id));
    await db.update(activity).set({ createdAt: twoDaysAgo }).where(eq(activity.projectId, project.id));

    const created = await browser.post(`/projects/${project.id}/reports/new`, { start, end: warsawDay() });

    const [report] = await db.select().from(reports).where(eq(reports.userId, user.id));
    expect(redirectPath(created)).toBe(`/reports/${report.id}`);
    // The real queue delivers the message to the Worker's consumer.
    const ready = await eventually(async () => {
      const row = await reportRow(report.id);
      return row.status === "ready" || row.status === "failed" ? row : null;
    }, 30_000);
    expect(ready.status).toBe("ready");
    const text = await flatText(await storedPdf(report));
    expect(text).toContain(clientName);
    expect(text).toContain(taskName);
    expect(text).toContain("1 234,56 zł");
    expect(text).toContain(formatDay(start));
    expect(text).toContain(formatDay(warsawDay()));
  });
});

describe("report across DST", () => {
  it("dates the changes of 25.10.2026", async () => {
    const user = await createActiveUser({ name: "Anna Nowak" });
    const client = await makeClient(user.id, { name: "Łukasz Żółć" });
    const project = await makeProject(user.id, { name: "Sklep", clientId: client.id });
    const task = await makeTask(user.id, project.id, { name: "Projekt graficzny", amount: 123_456 });
    const october = "2026-10-01T09:00:00.000Z";
    await db.update(projects).set({ createdAt: october }).where(eq(projects.id, project.id));
    await db.update(tasks).set({ createdAt: october }).where(eq(tasks.id, task.id));
    await db.update(activity).set({ createdAt: october }).where(eq(activity.userId, user.id));
    // 00:30 CEST, before the clocks go back, and 23:30 CET, the day's last half hour.
    await changedAt(user.id, "2026-10-24T22:30:00.000Z", () => setTaskStatus(db, user.id, task.id, "in_progress"));
    await changedAt(user.id, "2026-10-25T22:30:00.000Z", () => setTaskStatus(db, user.id, task.id, "done"));
    const report = await createdReport(user.id, project.id, "2026-10-25", "2026-10-25");

    await deliver(report.id);

    expect((await reportRow(report.id)).status).toBe("ready");
    const text = await flatText(await storedPdf(report));
    const t = reportDocumentText;
    expect(text).toContain(`25.10.2026 ${t.changes.statusChanged(t.workStatus.todo, t.workStatus.in_progress)}`);
    expect(text).toContain(`25.10.2026 ${t.changes.statusChanged(t.workStatus.in_progress, t.workStatus.done)}`);
  });
});

/** Runs a step and moves the activity rows it wrote to `instant`. */
async function changedAt<T>(userId: string, instant: string, step: () => Promise<T>): Promise<T> {
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
