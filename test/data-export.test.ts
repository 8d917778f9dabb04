// "Eksportuj dane" through the real Worker. The request makes one job however many arrive at
// once, with the rate limit and a read-only account. Settings → "Twoje dane" shows the
// progress, the download and the list. The download route serves the owner and no one else,
// and the last test takes the whole path through the real export and e-mail queues.
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { activity, dataExports, rateLimits, users } from "~/db/schema";
import { dataExportText as t, readOnlyText } from "~/i18n/pl";
import { EXPORTS_PAGE_SIZE, requestDataExport, runExportMaintenance, type ExportJob } from "~/models/data-exports.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { formatDateTime } from "~/utils/dates";
import { exportActions, exportRow, exportRows, insertExport, insertReadyExport, recordingQueue } from "./data-export-helpers";
import { Browser, createActiveUser, db, linkFrom, loggedInBrowser, waitForMail } from "./helpers";
import { followToPage, redirectPath, visibleText } from "./project-helpers";
import { allowConsoleErrors } from "./setup";

const ZIP_BYTES = new TextEncoder().encode("PK\u0005\u0006 not a real archive, only bytes to stream");

async function pageText(browser: Browser, path: string): Promise<{ html: string; text: string }> {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  const html = await response.text();
  return { html, text: visibleText(html) };
}

/** Polls until `check` returns a value, for work the queue consumers do in the background. */
async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function fillRateLimit(userId: string) {
  const rule = RATE_LIMITS.dataExportPerAccount;
  const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
  await db.insert(rateLimits).values({ key: `data_export:account:${userId}`, windowStart, count: rule.limit });
}

describe("export request", () => {
  it("queues one job with its activity row", async () => {
    const user = await createActiveUser();
    const { queue, sent } = recordingQueue<ExportJob>();

    const result = await requestDataExport(db, queue, { userId: user.id, now: new Date() });

    expect(result.outcome).toBe("created");
    if (result.outcome !== "created") return;
    expect(result.export).toMatchObject({ userId: user.id, status: "queued", attempts: 0, progressDone: 0 });
    expect(sent).toEqual([{ exportId: result.export.id }]);
    expect(await exportActions(result.export.id)).toEqual(["export.requested"]);
    const [row] = await db.select().from(activity).where(eq(activity.subjectId, result.export.id));
    expect(row).toMatchObject({ userId: user.id, projectId: null, actor: "freelancer", subjectType: "data_export" });
  });

  it("makes one job of concurrent requests", async () => {
    const user = await createActiveUser();
    const { queue, sent } = recordingQueue<ExportJob>();

    const results = await Promise.all([1, 2, 3, 4].map(() => requestDataExport(db, queue, { userId: user.id, now: new Date() })));

    const rows = await exportRows(user.id);
    expect(rows).toHaveLength(1);
    expect(sent).toEqual([{ exportId: rows[0].id }]);
    expect(results.filter((result) => result.outcome === "created")).toHaveLength(1);
    for (const result of results) {
      expect(result.outcome === "created" || result.outcome === "existing").toBe(true);
      if (result.outcome !== "rate_limited") expect(result.export.id).toBe(rows[0].id);
    }
    expect(await exportActions(rows[0].id)).toEqual(["export.requested"]);
  });

  it("returns the running export to a second request", async () => {
    const user = await createActiveUser();
    const running = await insertExport(user.id, { status: "running", attempts: 1, claimId: "c" });
    const { queue, sent } = recordingQueue<ExportJob>();

    const result = await requestDataExport(db, queue, { userId: user.id, now: new Date() });

    expect(result).toEqual({ outcome: "existing", export: expect.objectContaining({ id: running.id }) });
    expect(sent).toEqual([]);
    expect(await exportRows(user.id)).toHaveLength(1);
  });

  it("starts a new export after a finished one", async () => {
    const user = await createActiveUser();
    await insertReadyExport(user.id, ZIP_BYTES);
    await insertExport(user.id, { status: "failed", failureReason: "x" });
    const { queue, sent } = recordingQueue<ExportJob>();

    const result = await requestDataExport(db, queue, { userId: user.id, now: new Date() });

    expect(result.outcome).toBe("created");
    expect(sent).toHaveLength(1);
    expect(await exportRows(user.id)).toHaveLength(3);
  });

  it("stops at the rate limit", async () => {
    const user = await createActiveUser();
    await fillRateLimit(user.id);
    const { queue, sent } = recordingQueue<ExportJob>();

    const result = await requestDataExport(db, queue, { userId: user.id, now: new Date() });

    expect(result.outcome).toBe("rate_limited");
    expect(sent).toEqual([]);
    expect(await exportRows(user.id)).toEqual([]);
  });
});

describe("export settings page", () => {
  it("queues an export from the button", async () => {
    const { browser, user } = await loggedInBrowser();

    const response = await browser.post("/settings/data", { intent: "export" });

    expect(redirectPath(response)).toBe("/settings/data");
    const rows = await exportRows(user.id);
    expect(rows).toHaveLength(1);
    expect(await exportActions(rows[0].id)).toEqual(expect.arrayContaining(["export.requested"]));
    expect(visibleText(await followToPage(browser, response))).toContain(t.queued);
  });

  it("answers concurrent posts with one export", async () => {
    const { browser, user } = await loggedInBrowser();

    const responses = await Promise.all([1, 2, 3].map(() => browser.post("/settings/data", { intent: "export" })));

    for (const response of responses) expect(redirectPath(response)).toBe("/settings/data");
    const rows = await exportRows(user.id);
    expect(rows).toHaveLength(1);
    expect((await exportActions(rows[0].id)).filter((action) => action === "export.requested")).toHaveLength(1);
  });

  it("names the running export on a second click", async () => {
    const { browser, user } = await loggedInBrowser();
    const running = await insertExport(user.id, { status: "running", attempts: 1, claimId: "c", claimedAt: new Date().toISOString() });

    const response = await browser.post("/settings/data", { intent: "export" });

    expect(visibleText(await followToPage(browser, response))).toContain(t.alreadyRunning(formatDateTime(running.createdAt)));
    expect(await exportRows(user.id)).toHaveLength(1);
  });

  it("explains the rate limit in Polish", async () => {
    const { browser, user } = await loggedInBrowser();
    await fillRateLimit(user.id);

    const response = await browser.post("/settings/data", { intent: "export" });

    expect(response.status).toBe(429);
    const text = visibleText(await response.text());
    expect(text).toContain("Zlecono zbyt wiele eksportów w ciągu ostatniej godziny. Spróbuj ponownie za");
    expect(await exportRows(user.id)).toEqual([]);
  });

  it("rejects an unknown intent", async () => {
    const { browser, user } = await loggedInBrowser();

    const response = await browser.post("/settings/data", { intent: "delete-everything" });

    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain(t.invalidIntent);
    expect(await exportRows(user.id)).toEqual([]);
  });

  it("lets a read-only account export", async () => {
    const { browser, user } = await loggedInBrowser();
    await db.update(users).set({ trialEndsAt: new Date(Date.now() - 86_400_000).toISOString() }).where(eq(users.id, user.id));

    const response = await browser.post("/settings/data", { intent: "export" });

    expect(redirectPath(response)).toBe("/settings/data");
    const text = visibleText(await followToPage(browser, response));
    expect(text).toContain(t.queued);
    expect(text).not.toContain(readOnlyText.refused);
    expect(await exportRows(user.id)).toHaveLength(1);
  });

  it("sends logged-out visitors to the login", async () => {
    const browser = new Browser();

    const page = await browser.get("/settings/data");
    const post = await browser.post("/settings/data", { intent: "export" });

    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/login?redirectTo=%2Fsettings%2Fdata");
    expect(post.status).toBe(302);
    expect(post.headers.get("Location")).toContain("/login");
  });

  it("shows the progress while running", async () => {
    const { browser, user } = await loggedInBrowser();
    await insertExport(user.id, { status: "running", attempts: 1, claimId: "c", progressDone: 3, progressTotal: 12 });

    const { html, text } = await pageText(browser, "/settings/data");

    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="3"');
    expect(html).toContain('aria-valuemax="12"');
    expect(html).toContain(`aria-valuetext="${t.progress(3, 12, "kroków")}"`);
    expect(text).toContain("W toku: 3 z 12 kroków");
    // Without JavaScript the page asks for a reload, with a link to itself.
    expect(text).toContain(`${t.noScriptRefresh} ${t.refresh}`);
    expect(html).not.toContain('name="intent" value="export"');
  });

  it("shows a queued export waiting", async () => {
    const { browser, user } = await loggedInBrowser();
    await insertExport(user.id);

    const { html, text } = await pageText(browser, "/settings/data");

    expect(text).toContain(`W kolejce: ${t.waiting}`);
    expect(html).not.toContain("aria-valuenow");
  });

  it("links the ready ZIP with size and expiry", async () => {
    const { browser, user } = await loggedInBrowser();
    const ready = await insertReadyExport(user.id, ZIP_BYTES);

    const { html, text } = await pageText(browser, "/settings/data");

    expect(html).toContain(`href="/export/${ready.id}"`);
    expect(text).toContain(t.download);
    expect(text).toContain(t.readyInfo(`${ZIP_BYTES.byteLength} B`, formatDateTime(ready.expiresAt ?? "")));
    expect(html).toContain('name="intent" value="export"');
  });

  it("shows the failure reason and retry", async () => {
    const { browser, user } = await loggedInBrowser();
    await insertExport(user.id, { status: "failed", attempts: 3, failureReason: t.failure.abandoned });

    const { html, text } = await pageText(browser, "/settings/data");

    expect(text).toContain(t.failedInfo);
    expect(text).toContain(t.failureReason(t.failure.abandoned));
    expect(text).toContain(t.retry);
    expect(html).toContain('name="intent" value="export"');
  });

  it("says an expired ZIP is gone", async () => {
    const { browser, user } = await loggedInBrowser();
    await insertExport(user.id, { status: "expired" });

    const { html, text } = await pageText(browser, "/settings/data");

    expect(text).toContain(t.expiredInfo);
    expect(html).not.toContain('href="/export/');
  });

  it("pages the list of exports", async () => {
    const { browser, user } = await loggedInBrowser();
    const other = await createActiveUser();
    await insertExport(other.id, { status: "failed" });
    for (let index = 0; index < EXPORTS_PAGE_SIZE + 2; index++) {
      const createdAt = new Date(Date.now() - (index + 1) * 60_000).toISOString();
      await insertExport(user.id, { status: "expired", createdAt, updatedAt: createdAt });
    }

    const first = await pageText(browser, "/settings/data");
    const second = await pageText(browser, "/settings/data?page=2");

    expect(first.html.match(/data-testid="data-export-row"/g)).toHaveLength(EXPORTS_PAGE_SIZE);
    expect(first.html).toContain('href="/settings/data?page=2"');
    expect(second.html.match(/data-testid="data-export-row"/g)).toHaveLength(2);
  });

  it("shows export rows in the account history", async () => {
    const { browser, user } = await loggedInBrowser();
    const { queue } = recordingQueue<ExportJob>();
    await requestDataExport(db, queue, { userId: user.id, now: new Date() });

    const { text } = await pageText(browser, "/settings/security");

    expect(text).toContain(t.activity.requested);
  });
});

describe("export download", () => {
  it("streams the ZIP to its owner", async () => {
    const { browser, user } = await loggedInBrowser();
    const ready = await insertReadyExport(user.id, ZIP_BYTES, 86_400_000, { readyAt: "2026-12-04T23:30:00.000Z" });

    const response = await browser.get(`/export/${ready.id}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="klamp-eksport-2026-12-05.zip"; filename*=UTF-8''klamp-eksport-2026-12-05.zip`);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Content-Length")).toBe(String(ZIP_BYTES.byteLength));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(ZIP_BYTES);
  });

  it("hides another account's export", async () => {
    const owner = await createActiveUser();
    const ready = await insertReadyExport(owner.id, ZIP_BYTES);
    const { browser } = await loggedInBrowser();

    const response = await browser.get(`/export/${ready.id}`);

    expect(response.status).toBe(404);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const body = await response.text();
    expect(body).toContain("Nie znaleziono strony");
    expect(body).not.toContain("not a real archive");
  });

  it("answers 404 for an unknown id", async () => {
    const { browser } = await loggedInBrowser();

    const response = await browser.get(`/export/${crypto.randomUUID()}`);

    expect(response.status).toBe(404);
  });

  it("sends a logged-out visitor to the login and back", async () => {
    const owner = await createActiveUser();
    const ready = await insertReadyExport(owner.id, ZIP_BYTES);

    const response = await new Browser().get(`/export/${ready.id}`);

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/export/${ready.id}`)}`);
  });

  it.each([
    ["queued", 409, t.notReadyTitle],
    ["running", 409, t.notReadyTitle],
    ["failed", 410, t.failedTitle],
    ["expired", 410, t.expiredTitle],
  ] as const)("explains a %s export", async (status, code, title) => {
    const { browser, user } = await loggedInBrowser();
    const row = await insertExport(user.id, { status });

    const response = await browser.get(`/export/${row.id}`);

    expect(response.status).toBe(code);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const html = await response.text();
    expect(html).toContain(title);
    expect(html).toContain(`href="/settings/data"`);
    expect(html).toContain(t.backToData);
  });

  it("stops the download after expiry", async () => {
    const { browser, user } = await loggedInBrowser();
    const ready = await insertReadyExport(user.id, ZIP_BYTES, -60_000);

    const before = await browser.get(`/export/${ready.id}`);
    await runExportMaintenance({ db, bucket: env.FILES, queue: recordingQueue<ExportJob>().queue }, new Date());
    const after = await browser.get(`/export/${ready.id}`);

    expect(before.status).toBe(410);
    expect(after.status).toBe(410);
    expect(await after.text()).toContain(t.expiredTitle);
    expect((await exportRow(ready.id)).status).toBe("expired");
    expect(await env.FILES.head(ready.r2Key ?? "")).toBeNull();
  });

  it("explains a ready export whose object is gone", async () => {
    allowConsoleErrors();
    const { browser, user } = await loggedInBrowser();
    const ready = await insertReadyExport(user.id, ZIP_BYTES);
    await env.FILES.delete(ready.r2Key ?? "");

    const response = await browser.get(`/export/${ready.id}`);

    expect(response.status).toBe(410);
    expect(await response.text()).toContain(t.expiredTitle);
  });
});

describe("export end to end", () => {
  it("e-mails a link that downloads the ZIP", async () => {
    const { browser, user } = await loggedInBrowser({ name: "Łukasz Żółć" });

    const response = await browser.post("/settings/data", { intent: "export" });
    expect(redirectPath(response)).toBe("/settings/data");
    const [requested] = await exportRows(user.id);

    const ready = await eventually(async () => {
      const row = await exportRow(requested.id);
      return row.status === "ready" ? row : null;
    });
    const mail = await waitForMail(user.email, 1, 15_000);
    const link = linkFrom(mail.text, "/export/");
    expect(link).toBe(`/export/${requested.id}`);
    expect(mail.subject).toBe(t.emailSubject);

    const download = await browser.get(link);
    expect(download.status).toBe(200);
    const entries = unzipSync(new Uint8Array(await download.arrayBuffer()));
    expect(new TextDecoder().decode(entries["README.txt"])).toContain(`Konto: Łukasz Żółć <${user.email}>`);
    expect(ready.progressDone).toBe(ready.progressTotal);

    const page = await pageText(browser, "/settings/data");
    expect(page.html).toContain(`href="/export/${requested.id}"`);
    const rows = await db.select().from(dataExports).where(and(eq(dataExports.userId, user.id), eq(dataExports.status, "ready")));
    expect(rows).toHaveLength(1);
  });
});
