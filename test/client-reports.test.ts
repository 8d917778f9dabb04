import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { projects, reports, type Report } from "~/db/schema";
import { clientReportsText as en } from "~/i18n/en";
import { clientShellText } from "~/i18n/client-shell";
import { clientReportsText as t } from "~/i18n/pl";
import { reportFileName, REPORTS_PAGE_SIZE } from "~/models/reports.server";
import { disableSharing, issueShareToken } from "~/models/share.server";
import { formatDay } from "~/utils/dates";
import { requireSecret } from "~/utils/env.server";
import { escapeHtml } from "~/utils/html";
import { Browser, db, loggedInBrowser } from "./helpers";
import { makeProject, visibleText } from "./project-helpers";
import { allowConsoleErrors } from "./setup";

// The client's "Raporty" tab through the client link: the list of the project's ready reports
// with paging, and the PDF download from the real local R2 bucket. A report of another project,
// a report that is not ready, and a disabled or unknown link all get the one 404. Report rows
// are written directly here, because rendering them is covered by the report queue's own tests.

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

/** Creates a freelancer with a project whose client link is on. */
async function sharedProject(name = "Strona sklepu Łąka") {
  const { browser, user } = await loggedInBrowser();
  const project = await makeProject(user.id, { name });
  const token = await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id, null);
  if (!token) throw new Error("sharing could not be enabled");
  return { freelancer: browser, user, project, token, client: new Browser() };
}

/** Inserts a report row and, when it is ready, its PDF in R2. */
async function insertReport(
  userId: string,
  projectId: string,
  options: { status?: Report["status"]; periodStart?: string; periodEnd?: string; createdAt?: string; storeObject?: boolean } = {},
): Promise<Report> {
  const id = crypto.randomUUID();
  const status = options.status ?? "ready";
  const ready = status === "ready";
  const r2Key = ready ? `reports/${userId}/${id}.pdf` : null;
  const createdAt = options.createdAt ?? new Date().toISOString();
  const [row] = await db
    .insert(reports)
    .values({
      id,
      userId,
      projectId,
      periodStart: options.periodStart ?? "2026-11-01",
      periodEnd: options.periodEnd ?? "2026-11-30",
      status,
      attempts: 1,
      r2Key,
      size: ready ? PDF.length : null,
      pageCount: ready ? 1 : null,
      taskCount: ready ? 0 : null,
      generatedAt: ready ? createdAt : null,
      failureReason: status === "failed" ? "Usługa tworząca PDF nie odpowiedziała poprawnie." : null,
      createdAt,
      updatedAt: createdAt,
    })
    .returning();
  if (r2Key && options.storeObject !== false) await env.FILES.put(r2Key, PDF, { httpMetadata: { contentType: "application/pdf" } });
  return row;
}

function listPath(token: string, page?: number) {
  return `/p/${token}/reports${page ? `?page=${page}` : ""}`;
}

function downloadPath(token: string, reportId: string) {
  return `/p/${token}/reports/${reportId}`;
}

async function expectNotFound(response: Response) {
  expect(response.status).toBe(404);
  expect(response.headers.get("Content-Type")).not.toBe("application/pdf");
  expect(await response.text()).toContain(escapeHtml(clientShellText.pl.notFoundTitle));
}

describe("client reports list", () => {
  it("lists only ready reports", async () => {
    const { user, project, token, client } = await sharedProject();
    const ready = await insertReport(user.id, project.id, { periodStart: "2026-10-01", periodEnd: "2026-10-31" });
    const queued = await insertReport(user.id, project.id, { status: "queued", periodStart: "2026-09-01", periodEnd: "2026-09-30" });
    const failed = await insertReport(user.id, project.id, { status: "failed", periodStart: "2026-08-01", periodEnd: "2026-08-31" });

    const response = await client.get(listPath(token));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
    const page = await response.text();
    expect(page).toContain(t.period(formatDay("2026-10-01"), formatDay("2026-10-31")));
    expect(page).toContain(`href="${downloadPath(token, ready.id)}"`);
    expect(page).not.toContain(queued.id);
    expect(page).not.toContain(failed.id);
    expect(page).not.toContain(formatDay("2026-09-01"));
    expect(page).toContain(`${t.count(1, "raport")}`);
  });

  it("shows the empty state", async () => {
    const { token, client } = await sharedProject();
    const page = await (await client.get(listPath(token))).text();
    expect(page).toContain(escapeHtml(t.empty));
  });

  it("lists only this project's reports", async () => {
    const { user, project, token, client } = await sharedProject();
    const other = await makeProject(user.id, { name: "Inny projekt" });
    const own = await insertReport(user.id, project.id);
    const foreign = await insertReport(user.id, other.id);
    const page = await (await client.get(listPath(token))).text();
    expect(page).toContain(own.id);
    expect(page).not.toContain(foreign.id);
  });

  it("pages the list", async () => {
    const { user, project, token, client } = await sharedProject();
    const base = Date.parse("2026-11-01T10:00:00Z");
    const rows: Report[] = [];
    for (let i = 0; i <= REPORTS_PAGE_SIZE; i++) {
      rows.push(await insertReport(user.id, project.id, { createdAt: new Date(base + i * 60_000).toISOString(), storeObject: false }));
    }
    const oldest = rows[0];
    const newest = rows[rows.length - 1];

    const first = await (await client.get(listPath(token))).text();
    expect(first.match(/data-testid="client-report"/g)).toHaveLength(REPORTS_PAGE_SIZE);
    expect(first).toContain(newest.id);
    expect(first).not.toContain(oldest.id);
    expect(first).toContain("?page=2");
    expect(first).toContain(escapeHtml(t.nextPage));

    const second = await (await client.get(listPath(token, 2))).text();
    expect(second.match(/data-testid="client-report"/g)).toHaveLength(1);
    expect(second).toContain(oldest.id);
    expect(second).toContain(escapeHtml(t.previousPage));
  });

  it("speaks the project's client language", async () => {
    const { user, project, token, client } = await sharedProject();
    await db.update(projects).set({ clientLocale: "en" }).where(eq(projects.id, project.id));
    await insertReport(user.id, project.id);
    const page = await (await client.get(listPath(token))).text();
    expect(page).toContain('lang="en"');
    expect(visibleText(page)).toContain(en.intro);
    expect(page).toContain(en.download);
    expect(page).not.toContain(t.download);
  });

  it("shows the tabs on the client page", async () => {
    const { token, client } = await sharedProject();
    const main = await (await client.get(`/p/${token}`)).text();
    expect(main).toMatch(new RegExp(`<a[^>]*href="/p/${token}/reports"[^>]*>${t.tab}</a>`));
    expect(main).toMatch(new RegExp(`<a[^>]*aria-current="page"[^>]*href="/p/${token}"[^>]*>${t.projectTab}</a>`));
    const list = await (await client.get(listPath(token))).text();
    expect(list).toMatch(new RegExp(`<a[^>]*aria-current="page"[^>]*href="/p/${token}/reports"[^>]*>${t.tab}</a>`));
  });

  it("returns 404 for a disabled or unknown link", async () => {
    const { user, project, token, client } = await sharedProject();
    await expectNotFound(await client.get(listPath("x".repeat(43))));
    await disableSharing(db, user.id, project.id);
    await expectNotFound(await client.get(listPath(token)));
  });
});

describe("client report download", () => {
  it("downloads a ready report", async () => {
    const { user, project, token, client } = await sharedProject("Strona sklepu Łąka");
    const report = await insertReport(user.id, project.id);
    const response = await client.get(downloadPath(token, report.id));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const fileName = reportFileName(report, "Strona sklepu Łąka");
    expect(fileName).toBe("raport-strona-sklepu-laka-2026-11-01-2026-11-30.pdf");
    expect(response.headers.get("Content-Disposition")).toContain(`attachment; filename="${fileName}"`);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(response.headers.get("X-Robots-Tag")).toBe("noindex");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);
  });

  it("returns 404 for another project's report", async () => {
    const { user, token, client } = await sharedProject();
    const other = await makeProject(user.id, { name: "Inny projekt" });
    const report = await insertReport(user.id, other.id);
    await expectNotFound(await client.get(downloadPath(token, report.id)));
  });

  it("returns 404 for another freelancer's report", async () => {
    const { token, client } = await sharedProject();
    const stranger = await sharedProject();
    const report = await insertReport(stranger.user.id, stranger.project.id);
    await expectNotFound(await client.get(downloadPath(token, report.id)));
  });

  it("returns 404 for a report that is not ready", async () => {
    const { user, project, token, client } = await sharedProject();
    for (const status of ["queued", "rendering", "failed"] as const) {
      const report = await insertReport(user.id, project.id, { status });
      await expectNotFound(await client.get(downloadPath(token, report.id)));
    }
  });

  it("returns 404 for an unknown report id", async () => {
    const { token, client } = await sharedProject();
    await expectNotFound(await client.get(downloadPath(token, crypto.randomUUID())));
    await expectNotFound(await client.get(downloadPath(token, "..%2F..%2Fsecret")));
  });

  it("returns 404 once the link is disabled", async () => {
    const { user, project, token, client } = await sharedProject();
    const report = await insertReport(user.id, project.id);
    expect((await client.get(downloadPath(token, report.id))).status).toBe(200);
    await disableSharing(db, user.id, project.id);
    await expectNotFound(await client.get(downloadPath(token, report.id)));
  });

  it("returns 404 when the PDF object is missing", async () => {
    // The missing object is logged as an error.
    allowConsoleErrors();
    const { user, project, token, client } = await sharedProject();
    const report = await insertReport(user.id, project.id, { storeObject: false });
    await expectNotFound(await client.get(downloadPath(token, report.id)));
  });
});
