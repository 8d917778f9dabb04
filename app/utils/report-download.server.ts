import type { Report } from "~/db/schema";
import { contentDisposition } from "./file-name";
import { logError } from "./log.server";

/**
 * Streams a ready report's PDF from R2 as an attachment named `fileName`, or returns null when
 * the report has no stored object (not ready, or the object is missing). The PDF is private to
 * the freelancer and anyone with a link, so no cache keeps it, and the sandboxing CSP keeps a
 * PDF opened in a tab from running anything.
 */
export async function reportPdfResponse(
  bucket: R2Bucket,
  report: Pick<Report, "id" | "status" | "r2Key">,
  fileName: string,
  extraHeaders: Record<string, string> = {},
): Promise<Response | null> {
  if (report.status !== "ready" || !report.r2Key) return null;
  const object = await bucket.get(report.r2Key);
  if (!object) {
    logError("report.object_missing", new Error("R2 object missing"), { reportId: report.id });
    return null;
  }
  const headers = new Headers({
    ...extraHeaders,
    "Content-Type": "application/pdf",
    "Content-Length": String(object.size),
    "Content-Disposition": contentDisposition("attachment", fileName),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  return new Response(object.body, { status: 200, headers });
}
