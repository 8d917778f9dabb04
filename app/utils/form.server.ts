import { json } from "@remix-run/cloudflare";
import { common } from "~/i18n/pl";

/**
 * Largest form body readFormData accepts: 256 KiB. The largest forms are far below it: a 5,000
 * character message, project note or fix-request description is at most 60 KB URL-encoded
 * (4 UTF-8 bytes per character, each written as %XX). File uploads do not come through here:
 * they are streamed by readUploadForm (app/models/files.server.ts) with their own limits.
 */
export const MAX_FORM_BODY_BYTES = 256 * 1024;

/** Builds the 413 response: the error boundary shows its Polish page, and a fetcher gets the JSON. */
function payloadTooLarge(): Response {
  return json({ error: common.payloadTooLargeText }, { status: 413 });
}

/**
 * Reads a form body of at most MAX_FORM_BODY_BYTES. A larger Content-Length is rejected with
 * 413 before anything is read. A body sent without Content-Length is counted while it is read,
 * and reading stops with 413 once it passes the limit. A body that is not form data (a JSON or
 * plain-text POST, a broken multipart body) is a 400, not an unhandled error and a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const announced = Number(request.headers.get("Content-Length") ?? Number.NaN);
  if (announced > MAX_FORM_BODY_BYTES) throw payloadTooLarge();

  // The runtime ends a body at its Content-Length, so only a body without one needs counting.
  let tooLarge = false;
  let source = request;
  if (!Number.isFinite(announced) && request.body) {
    let total = 0;
    const counted = request.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          total += chunk.byteLength;
          if (total <= MAX_FORM_BODY_BYTES) return controller.enqueue(chunk);
          tooLarge = true;
          controller.error(new Error(`Form body over ${MAX_FORM_BODY_BYTES} bytes`));
        },
      }),
    );
    source = new Request(request.url, { method: request.method, headers: request.headers, body: counted });
  }
  try {
    return await source.formData();
  } catch {
    if (tooLarge) throw payloadTooLarge();
    throw new Response("Bad Request", { status: 400 });
  }
}
