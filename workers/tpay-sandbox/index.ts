// Local Tpay sandbox, served by this Worker at `${APP_ORIGIN}/tpay-sandbox` outside production
// (workers/app.ts routes it; both Tpay origins, "api" and "secure", are that base URL). It mirrors
// Tpay's OpenAPI, payer page, signed notifications with retries and JWS certificates, and keeps
// its state in its own D1 database TPAY_SANDBOX_DB. No money moves anywhere.
//
// Exports for other tests:
//   signSandboxNotification(env, fields, options?: { x5u?, alg?, tamperBodyAfterSigning?,
//       useForeignKey?, omitHeader? }): Promise<{ body: string; headers: Record<string, string> }>
//     Form body of `fields` in their order (PHP http_build_query encoding), signed with the
//     sandbox leaf key as a detached RS256 JWS in X-JWS-Signature. It does not add md5sum.
//     useForeignKey signs with a self-signed certificate served at /x509/foreign-self-signed.pem
//     (the default x5u then); alg "none" leaves the signature empty; tamperBodyAfterSigning
//     raises tr_paid by 1.00 after signing (or appends &tampered=1), so md5sum stays valid.
//   sandboxMd5({ id, tr_id, tr_amount, tr_crc }, securityCode): Promise<string>   lowercase hex
//   SANDBOX_DEMO_MERCHANT, SANDBOX_PLATFORM_MERCHANT: { merchantId, clientId, clientSecret, securityCode }
//
// Routes under the base: POST /oauth/auth; POST|GET /transactions; GET /transactions/{id};
// POST /transactions/{id}/cancel; POST|GET /transactions/{id}/refunds; GET|POST /pay/{title};
// GET /x509/notifications-jws.pem, /x509/tpay-jws-root.pem, /x509/foreign-self-signed.pem;
// GET / and POST /merchants (index page); /__sim/… control API (see control.ts).

import { localSandboxBase, LOCAL_SANDBOX_PATH } from "~/models/tpay-api.server";
import { randomToken } from "~/utils/crypto.server";
import { logError } from "~/utils/log.server";
import { applySecurityHeaders } from "~/utils/security.server";
import {
  authenticate,
  handleCancel,
  handleCreateTransaction,
  handleListRefunds,
  handleListTransactions,
  handleOauth,
  handleRefund,
  ownTransaction,
  transactionJson,
  transactionNotFound,
  unauthorized,
  type SandboxContext,
} from "./api";
import { certificateChain, FOREIGN_PEM_PATH, LEAF_PEM_PATH, pemResponse, ROOT_PEM_PATH } from "./certificates";
import { handleControl } from "./control";
import { handleQueueBatch, sweepOverdueNotifications, type DeliverToApp } from "./notifications";
import { htmlPage, renderIndexPage, renderPayPage, submitMerchantForm, submitPayPage } from "./pages";
import { notificationMd5, signNotification, type SignOptions } from "./signing";
import { withSandboxDb } from "./storage";
import { sandboxText } from "./text";
import { apiError, jsonResponse, sandboxBase } from "./util";

export type { DeliverToApp } from "./notifications";
export { SANDBOX_DEMO_MERCHANT, SANDBOX_PLATFORM_MERCHANT } from "./storage";

function notFound(): Response {
  return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Form posts from another site's page are refused; machine clients send no Origin. */
function isForeignOrigin(request: Request, env: Env): boolean {
  const origin = request.headers.get("Origin");
  return origin !== null && origin !== "null" && origin !== new URL(env.APP_ORIGIN).origin;
}

async function route(context: SandboxContext, request: Request, url: URL): Promise<Response> {
  const path = url.pathname.slice(LOCAL_SANDBOX_PATH.length);
  const parts = path.split("/").filter((part) => part !== "").map(safeDecode);
  const method = request.method;
  const [first, second, third] = parts;

  if (method === "POST" && isForeignOrigin(request, context.env)) return htmlPage(sandboxText.refusedTitle, `<p>${sandboxText.forbidden}</p>`, 403);

  if (parts.length === 0 && method === "GET") return renderIndexPage(context, url);
  if (first === "merchants" && parts.length === 1 && method === "POST") return submitMerchantForm(context, request, url);
  if (first === "__sim") return handleControl(context, request, url, parts.slice(1));

  if (first === "x509" && parts.length === 2 && method === "GET") {
    const chainName = `/x509/${second}` === FOREIGN_PEM_PATH ? "foreign" : "sandbox";
    const chain = await certificateChain(context.db, chainName);
    if (`/x509/${second}` === LEAF_PEM_PATH || `/x509/${second}` === FOREIGN_PEM_PATH) return pemResponse(chain.leafPem);
    if (`/x509/${second}` === ROOT_PEM_PATH) return pemResponse(chain.rootPem);
    return notFound();
  }

  if (first === "pay" && parts.length === 2) {
    if (method === "GET") return renderPayPage(context, second);
    if (method === "POST") return submitPayPage(context, second, request);
  }

  if (first === "oauth" && second === "auth" && parts.length === 2) {
    return method === "POST" ? handleOauth(context, request) : apiError(405, "method_not_allowed", "Use POST");
  }

  if (first === "transactions") {
    const merchantId = await authenticate(context, request);
    if (!merchantId) return unauthorized();
    if (parts.length === 1) {
      if (method === "POST") return handleCreateTransaction(context, merchantId, request);
      if (method === "GET") return handleListTransactions(context, merchantId);
      return apiError(405, "method_not_allowed", "Use GET or POST");
    }
    const transaction = await ownTransaction(context, merchantId, second);
    if (!transaction) return transactionNotFound();
    if (parts.length === 2 && method === "GET") return jsonResponse(transactionJson(context, transaction));
    if (parts.length === 3 && third === "cancel" && method === "POST") return handleCancel(context, transaction);
    if (parts.length === 3 && third === "refunds") {
      if (method === "POST") return handleRefund(context, transaction, request);
      if (method === "GET") return handleListRefunds(context, transaction);
    }
    return apiError(404, "not_found", "Unknown endpoint or method");
  }
  return notFound();
}

// The last sweep for overdue notification attempts in this isolate; requests sweep at most every 2 s.
let lastSweepAt = 0;
const SWEEP_INTERVAL_MS = 2_000;

async function sweep(env: Env, database: D1Database, deliver: DeliverToApp): Promise<void> {
  try {
    await withSandboxDb(database, (db) => sweepOverdueNotifications(env, db, deliver));
  } catch (error) {
    logError("tpay_sandbox.sweep_failed", error);
  }
}

/** Serves a request under /tpay-sandbox; 404 when the sandbox is not served or has no database. */
export async function handleTpaySandbox(request: Request, env: Env, ctx: ExecutionContext, deliver: DeliverToApp): Promise<Response> {
  const database = env.TPAY_SANDBOX_DB;
  if (!database || !localSandboxBase(env)) return notFound();
  const url = new URL(request.url);
  let response: Response;
  try {
    response = await withSandboxDb(database, (db) => route({ env, db, deliver, base: sandboxBase(env) }, request, url));
  } catch (error) {
    logError("tpay_sandbox.request_failed", error, { method: request.method, path: url.pathname });
    response = apiError(500, "internal_error", "The sandbox failed; see the Worker log");
  }
  if (Date.now() - lastSweepAt > SWEEP_INTERVAL_MS) {
    lastSweepAt = Date.now();
    ctx.waitUntil(sweep(env, database, deliver));
  }
  return applySecurityHeaders(response, randomToken(16));
}

/** Queue consumer of klamp-tpay-sandbox: notification attempts. */
export async function handleTpaySandboxBatch(batch: MessageBatch<unknown>, env: Env, deliver: DeliverToApp): Promise<void> {
  const database = env.TPAY_SANDBOX_DB;
  if (!database) {
    batch.ackAll();
    return;
  }
  await withSandboxDb(database, (db) => handleQueueBatch(env, db, deliver, batch));
  await sweep(env, database, deliver);
}

/**
 * Builds the form body of `fields` (in their order) and signs it like a Tpay notification,
 * for tests of the app's notification handler. Add md5sum to `fields` yourself (sandboxMd5).
 */
export async function signSandboxNotification(
  env: Env,
  fields: Record<string, string>,
  options?: SignOptions,
): Promise<{ body: string; headers: Record<string, string> }> {
  const database = env.TPAY_SANDBOX_DB;
  if (!database) throw new Error("signSandboxNotification needs the TPAY_SANDBOX_DB binding");
  return withSandboxDb(database, (db) => signNotification(env, db, fields, options));
}

/** md5(id + tr_id + tr_amount + tr_crc + securityCode) as lowercase hex, as Tpay computes md5sum. */
export function sandboxMd5(fields: { id: string; tr_id: string; tr_amount: string; tr_crc: string }, securityCode: string): Promise<string> {
  return notificationMd5(fields, securityCode);
}
