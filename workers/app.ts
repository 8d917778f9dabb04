import { createRequestHandler, type ServerBuild } from "@remix-run/cloudflare";
import * as build from "../build/index.js";
import { getDb } from "~/db/client.server";
import { common } from "~/i18n/pl";
import { randomToken } from "~/utils/crypto.server";
import { checkEnv } from "~/utils/env.server";
import { errorPageResponse } from "~/utils/error-response.server";
import { logError } from "~/utils/log.server";
import { limitLinkLookups } from "~/utils/link-lookup-limit.server";
import { applySecurityHeaders, isCrossSiteWrite, withoutRejectedOrigin } from "~/utils/security.server";
import { withD1QueryLog } from "./d1-counter";
import { handleEmailBatch, handleEmailDeadLetters, type EmailQueueMessage } from "./email";
import { getMailProvider } from "./mail-providers";
import { runScheduledMaintenance } from "./scheduled";
import { handleReportBatch, handleReportDeadLetters } from "./reports";
import { handleExportBatch, handleExportDeadLetters } from "./exports";
import { handleTpayNotification, TPAY_NOTIFICATIONS_PATH } from "./tpay-notifications";
import { createDeliverToApp, createTpayFetch, type AppFetch } from "./tpay-fetch";
import { handleTpaySandbox, handleTpaySandboxBatch } from "./tpay-sandbox";
import { LOCAL_SANDBOX_PATH, localSandboxBase } from "~/models/tpay-api.server";
import type { ReportJob } from "~/models/reports.server";
import type { ExportJob } from "~/models/data-exports.server";

const handleRemix = createRequestHandler(build as unknown as ServerBuild);

/** Methods the app's routes handle; Remix would fail any other with an error of its own. */
const ALLOWED_METHODS = ["GET", "HEAD", "POST"];

function plainResponse(status: number, body: string): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

async function healthCheck(env: Env): Promise<Response> {
  let database = false;
  try {
    const row = await env.DB.prepare("SELECT 1 AS ok").first<{ ok: number }>();
    database = row?.ok === 1;
  } catch (error) {
    logError("health.d1_failed", error);
  }
  return Response.json({ ok: database, d1: database ? "ok" : "error" }, { status: database ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

const worker = {
  async fetch(request, env, ctx) {
    const problems = checkEnv(env);
    if (problems.length > 0) {
      logError("config.invalid", new Error("Invalid configuration"), { problems });
      return applySecurityHeaders(plainResponse(500, "Klamp nie jest poprawnie skonfigurowany."), randomToken(16));
    }

    const url = new URL(request.url);
    const nonce = randomToken(16);
    if (url.pathname === "/hello") return applySecurityHeaders(plainResponse(200, "hello"), nonce);
    if (url.pathname === "/healthz") return applySecurityHeaders(await healthCheck(env), nonce);
    // Tpay's server-to-server notifications: signed, so no Origin check; read raw by the handler.
    if (url.pathname.startsWith(TPAY_NOTIFICATIONS_PATH)) {
      const response = await handleTpayNotification(request, env, ctx, { db: getDb(env.DB), tpayFetch: createTpayFetch(env, ctx, appFetch) });
      return applySecurityHeaders(response, nonce);
    }
    if (localSandboxBase(env) && (url.pathname === LOCAL_SANDBOX_PATH || url.pathname.startsWith(`${LOCAL_SANDBOX_PATH}/`))) {
      return handleTpaySandbox(request, env, ctx, createDeliverToApp(env, ctx, appFetch));
    }
    if (!ALLOWED_METHODS.includes(request.method)) {
      const page = errorPageResponse(405, { title: common.methodNotAllowedTitle, text: common.methodNotAllowedText }, {
        Allow: ALLOWED_METHODS.join(", "),
      });
      return applySecurityHeaders(page, nonce);
    }
    if (isCrossSiteWrite(request, env.APP_ORIGIN)) {
      return applySecurityHeaders(errorPageResponse(403, { title: common.originRejectedTitle, text: common.originRejectedText }), nonce);
    }

    const db = getDb(env.DB);
    // Secret links (/p/<token> and the like) return 429 to an IP with too many 404s among them.
    const response = await limitLinkLookups(request, db, (linkLookup) =>
      handleRemix(withoutRejectedOrigin(request), {
        cloudflare: { env, ctx },
        db,
        cspNonce: nonce,
        tpayFetch: createTpayFetch(env, ctx, appFetch),
        linkLookup,
      }),
    );
    return applySecurityHeaders(response, nonce);
  },

  async queue(batch, env, ctx) {
    const db = getDb(env.DB);
    if (batch.queue === "klamp-tpay-sandbox") {
      await handleTpaySandboxBatch(batch, env, createDeliverToApp(env, ctx, appFetch));
      return;
    }
    if (batch.queue === "klamp-reports") {
      await handleReportBatch(batch as MessageBatch<ReportJob>, { db, bucket: env.FILES, browser: env.BROWSER });
      return;
    }
    if (batch.queue === "klamp-reports-dlq") {
      await handleReportDeadLetters(batch as MessageBatch<ReportJob>, db);
      return;
    }
    if (batch.queue === "klamp-exports") {
      await handleExportBatch(batch as MessageBatch<ExportJob>, { db, bucket: env.FILES, emailQueue: env.EMAIL_QUEUE, origin: env.APP_ORIGIN });
      return;
    }
    if (batch.queue === "klamp-exports-dlq") {
      await handleExportDeadLetters(batch as MessageBatch<ExportJob>, db);
      return;
    }
    if (batch.queue.endsWith("-dlq")) {
      await handleEmailDeadLetters(batch as MessageBatch<EmailQueueMessage>, db, env.EMAIL_QUEUE);
      return;
    }
    await handleEmailBatch(batch as MessageBatch<EmailQueueMessage>, {
      db,
      provider: getMailProvider(env, db),
      from: env.EMAIL_FROM,
      notifications: { queue: env.EMAIL_QUEUE, origin: env.APP_ORIGIN },
    });
  },

  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runScheduledMaintenance(env, new Date(), createTpayFetch(env, ctx, appFetch)));
  },
} satisfies ExportedHandler<Env, EmailQueueMessage | ReportJob | ExportJob>;

// The sandbox's notifications come back through the whole handler, like Tpay's would.
const appFetch: AppFetch = (request, env, ctx) => worker.fetch(request as Parameters<typeof worker.fetch>[0], env, ctx);

// Benchmarks only: with the variable D1_QUERY_LOG=1 (never in production) each response reports
// its D1 calls in X-D1-* headers; otherwise the handler runs unchanged. See workers/d1-counter.ts.
export default withD1QueryLog(worker);
