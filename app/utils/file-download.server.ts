import type { ProjectFile } from "~/models/files.server";
import { contentDisposition, withAllowedExtension } from "./file-name";
import { allowedExtensions, INLINE_IMAGE_TYPES } from "./file-type.server";
import { logError } from "./log.server";

/**
 * Streams a stored file from R2, or returns null when the object is missing. Only raster images
 * checked by their first bytes (INLINE_IMAGE_TYPES) are sent inline; everything else is an
 * attachment. The type is the one detected at upload, `nosniff` stops the browser from guessing
 * another, and the sandboxing CSP keeps a file opened in a tab from running anything. The name
 * sent gets the detected type's extension when it lacks one (names stored before uploads were
 * renamed so), so a saved file never opens from disk as something else, such as a page.
 */
export async function fileDownloadResponse(bucket: R2Bucket, file: ProjectFile, extraHeaders: Record<string, string> = {}): Promise<Response | null> {
  const object = await bucket.get(file.r2Key);
  if (!object) {
    logError("files.object_missing", new Error("R2 object missing"), { fileId: file.id, projectId: file.projectId });
    return null;
  }
  const inline = INLINE_IMAGE_TYPES.has(file.contentType);
  const headers = new Headers({
    ...extraHeaders,
    "Content-Type": file.contentType || "application/octet-stream",
    "Content-Length": String(object.size),
    "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", withAllowedExtension(file.name, allowedExtensions(file.contentType))),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  return new Response(object.body, { status: 200, headers });
}
