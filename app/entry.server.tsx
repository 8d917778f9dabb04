import type { AppLoadContext, EntryContext } from "@remix-run/cloudflare";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { IdScope } from "react";
import { renderToReadableStream } from "react-dom/server";
import { logError } from "~/utils/log.server";

const ABORT_DELAY_MS = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), ABORT_DELAY_MS);
  const nonce = loadContext.cspNonce;

  const body = await renderToReadableStream(
    <IdScope>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
    </IdScope>,
    {
      nonce,
      signal: controller.signal,
      onError(error: unknown) {
        if (!controller.signal.aborted) logError("render.failed", error, { url: new URL(request.url).pathname });
        responseStatusCode = 500;
      },
    },
  );
  body.allReady.then(() => clearTimeout(timeout));

  if (isbot(request.headers.get("user-agent") || "")) await body.allReady;

  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}

/**
 * Logs unexpected errors. A thrown 4xx Response, or the 4xx error response Remix makes for a
 * request it cannot serve (such as a 405 for a POST to a route without an action), is the
 * client's mistake and is not logged.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (error instanceof Response && error.status < 500) return;
  let cause = error;
  if (isRouteErrorResponse(error)) {
    if (error.status < 500) return;
    // Remix keeps the error behind its own 5xx answers in a field its types do not declare.
    cause = (error as { error?: unknown }).error ?? new Error(`${error.status} ${error.statusText}`);
  }
  logError("request.failed", cause, { method: request.method, url: new URL(request.url).pathname });
}
