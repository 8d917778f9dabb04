// Fixtures for tests that need reports without rendering them: a ready report with its PDF in
// R2, and a sending of it with its outbox row.
import { env } from "cloudflare:test";
import { emailOutbox, reports, reportSendings, type EmailOutbox, type Report } from "~/db/schema";
import { REPORT_LINK_TTL_MS } from "~/models/report-sendings.server";
import { reportObjectKey } from "~/models/reports.server";
import { randomToken, sha256Hex } from "~/utils/crypto.server";
import { warsawDay } from "~/utils/dates";
import { db } from "./helpers";

/** Bytes that start with the PDF header and end with its %%EOF marker, but no document a PDF reader can open. */
export const MINIMAL_PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");

/**
 * Inserts a ready report of today with `pdf` stored under its R2 key, as the report consumer
 * leaves it. `values` overrides any column, e.g. the times that order a list.
 */
export async function insertReadyReport(
  userId: string,
  projectId: string,
  options: { pdf?: Uint8Array; values?: Partial<typeof reports.$inferInsert> } = {},
): Promise<Report> {
  const id = crypto.randomUUID();
  const r2Key = reportObjectKey({ userId, id });
  const pdf = options.pdf ?? MINIMAL_PDF;
  const now = new Date().toISOString();
  await env.FILES.put(r2Key, pdf, { httpMetadata: { contentType: "application/pdf" } });
  const [row] = await db
    .insert(reports)
    .values({
      id,
      userId,
      projectId,
      periodStart: warsawDay(),
      periodEnd: warsawDay(),
      status: "ready",
      attempts: 1,
      r2Key,
      size: pdf.byteLength,
      pageCount: 1,
      taskCount: 1,
      generatedAt: now,
      updatedAt: now,
      ...options.values,
    })
    .returning();
  return row;
}

/**
 * Inserts a sending of a report to `email` with its outbox row, as "Wyślij do klienta" leaves
 * them, and returns the /r/ link token. The link expires REPORT_LINK_TTL_MS after `createdAt`
 * (default now). An outbox row in the state "sent" was sent at `createdAt`.
 */
export async function insertReportSending(
  userId: string,
  reportId: string,
  values: { email: string; outboxStatus?: EmailOutbox["status"]; lastError?: string; createdAt?: string },
): Promise<string> {
  const token = randomToken(32);
  const outboxId = crypto.randomUUID();
  const status = values.outboxStatus ?? "sent";
  const createdAt = values.createdAt ?? new Date().toISOString();
  await db.insert(emailOutbox).values({
    id: outboxId,
    userId,
    toAddress: values.email,
    template: "report",
    data: "{}",
    status,
    lastError: values.lastError ?? null,
    sentAt: status === "sent" ? createdAt : null,
    createdAt,
    updatedAt: createdAt,
  });
  await db.insert(reportSendings).values({
    id: crypto.randomUUID(),
    reportId,
    userId,
    toAddress: values.email,
    outboxId,
    tokenHash: await sha256Hex(token),
    expiresAt: new Date(Date.parse(createdAt) + REPORT_LINK_TTL_MS).toISOString(),
    createdAt,
  });
  return token;
}
