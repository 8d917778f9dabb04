// The sandbox's control API for tests and developers (no Tpay counterpart): merchants, paying
// without a browser, the notification log, redelivery, test notifications, reset, and a
// receiver that records each request and responds with the status and body the URL names.

import type { SandboxContext } from "./api";
import {
  createNotification,
  dispatchNotification,
  listNotifications,
  redeliverNotification,
  testNotificationFields,
  type DeliveryMode,
} from "./notifications";
import { acceptOverpayment, payTransaction, SCENARIOS, type Scenario } from "./payments";
import {
  createMerchant,
  DEFAULT_MERCHANT_OPTIONS,
  findMerchant,
  findNotification,
  findTransaction,
  listMerchants,
  resetSandbox,
  updateMerchantOptions,
  type MerchantOptions,
  type MerchantRow,
} from "./storage";
import { amountText, groszeFromDecimalText, jsonResponse, readBodyText, readJsonObject } from "./util";

const badRequest = (message: string) => jsonResponse({ result: "failed", error: message }, 400);
const notFound = (message: string) => jsonResponse({ result: "failed", error: message }, 404);

export function merchantJson(merchant: MerchantRow): Record<string, unknown> {
  return {
    merchantId: merchant.merchantId,
    clientId: merchant.clientId,
    clientSecret: merchant.clientSecret,
    securityCode: merchant.securityCode,
    label: merchant.label,
    options: {
      testMode: merchant.testMode,
      acceptOverpay: merchant.acceptOverpay,
      underpayThreshold: amountText(merchant.underpayThreshold),
      twoStep: merchant.twoStep,
    },
  };
}

/** Merchant options from JSON over `base`; a string names the invalid option. */
export function parseMerchantOptions(value: unknown, base: MerchantOptions): MerchantOptions | string {
  if (value === undefined || value === null) return base;
  if (typeof value !== "object" || Array.isArray(value)) return "options must be an object";
  const input = value as Record<string, unknown>;
  const options = { ...base };
  for (const name of ["testMode", "acceptOverpay", "twoStep"] as const) {
    if (input[name] === undefined) continue;
    if (typeof input[name] !== "boolean") return `options.${name} must be true or false`;
    options[name] = input[name];
  }
  if (input.underpayThreshold !== undefined) {
    const threshold = groszeFromDecimalText(input.underpayThreshold);
    if (threshold === null) return 'options.underpayThreshold must be a decimal string such as "2.00"';
    options.underpayThreshold = threshold;
  }
  return options;
}

/** POST /__sim/merchants {options?, label?}: a new merchant with random credentials. */
async function handleCreateMerchant(context: SandboxContext, request: Request): Promise<Response> {
  const body = await readJsonObject(request);
  if (!body) return badRequest("The body must be a JSON object");
  const options = parseMerchantOptions(body.options, DEFAULT_MERCHANT_OPTIONS);
  if (typeof options === "string") return badRequest(options);
  const label = typeof body.label === "string" && body.label.trim() !== "" ? body.label.trim().slice(0, 100) : "Konto testowe";
  return jsonResponse(merchantJson(await createMerchant(context.db, options, label)), 201);
}

/** POST /__sim/merchants/{id}/options {testMode?, acceptOverpay?, underpayThreshold?, twoStep?}. */
async function handleMerchantOptions(context: SandboxContext, merchantId: string, request: Request): Promise<Response> {
  const merchant = await findMerchant(context.db, merchantId);
  if (!merchant) return notFound("Unknown merchant");
  const options = parseMerchantOptions(await readJsonObject(request), merchant);
  if (typeof options === "string") return badRequest(options);
  await updateMerchantOptions(context.db, merchantId, options);
  return jsonResponse(merchantJson({ ...merchant, ...options }));
}

function deliveryMode(value: unknown, fallback: DeliveryMode): DeliveryMode | null {
  if (value === undefined) return fallback;
  return value === "queue" || value === "now" ? value : null;
}

/**
 * POST /__sim/transactions/{id}/pay {scenario?, paid?, testMode?, twoStep?, deliver?}: pays like
 * the payer page. With deliver "now" the first attempt runs before the response, which
 * includes its result.
 */
async function handlePay(context: SandboxContext, transactionId: string, request: Request): Promise<Response> {
  const body = await readJsonObject(request);
  if (!body) return badRequest("The body must be a JSON object");
  const transaction = await findTransaction(context.db, transactionId);
  if (!transaction) return notFound("Unknown transaction");

  const scenario = body.scenario;
  if (scenario !== undefined && !SCENARIOS.includes(scenario as Scenario)) return badRequest(`scenario must be one of ${SCENARIOS.join(", ")}`);
  let paid: number | undefined;
  if (body.paid !== undefined) {
    const parsed = typeof body.paid === "number" ? groszeFromDecimalText(String(body.paid)) : groszeFromDecimalText(body.paid);
    if (parsed === null) return badRequest('paid must be a decimal amount such as "10.50"');
    paid = parsed;
  }
  const testMode = body.testMode === undefined ? undefined : body.testMode === true || body.testMode === 1 || body.testMode === "1";
  if (body.twoStep !== undefined && typeof body.twoStep !== "boolean") return badRequest("twoStep must be true or false");
  const mode = deliveryMode(body.deliver, "queue");
  if (!mode) return badRequest('deliver must be "queue" or "now"');

  const result = await payTransaction(context.env, context.db, transaction, {
    scenario: scenario as Scenario | undefined,
    paid,
    testMode,
    twoStep: body.twoStep as boolean | undefined,
  });
  if (!result.ok) {
    if (result.reason === "not_payable") return jsonResponse({ result: "failed", error: `The transaction is ${transaction.status}, not pending` }, 409);
    return badRequest(result.reason === "invalid_paid" ? "paid does not fit the scenario or is below 0.01" : "The transaction's merchant is gone");
  }

  const answer: Record<string, unknown> = {
    result: "success",
    transactionId,
    status: result.transaction.status,
    notificationId: result.notificationId,
  };
  if (result.notificationId !== null) {
    const attempt = await dispatchNotification(context.env, context.db, context.deliver, result.notificationId, mode);
    if (attempt) Object.assign(answer, { status: attempt.status, body: attempt.body, error: attempt.error, followUp: attempt.followUp });
    answer.transactionStatus = (await findTransaction(context.db, transactionId))?.status;
  }
  return jsonResponse(answer);
}

/** POST /__sim/transactions/{id}/accept-overpay {deliver?}: the merchant accepts a FALSE/overpay payment. */
async function handleAcceptOverpay(context: SandboxContext, transactionId: string, request: Request): Promise<Response> {
  const body = (await readJsonObject(request)) ?? {};
  const mode = deliveryMode(body.deliver, "queue");
  if (!mode) return badRequest('deliver must be "queue" or "now"');
  const transaction = await findTransaction(context.db, transactionId);
  if (!transaction) return notFound("Unknown transaction");
  const notificationId = await acceptOverpayment(context.env, context.db, transaction);
  if (notificationId === "not_overpaid") return jsonResponse({ result: "failed", error: "The transaction has no overpayment waiting for acceptance" }, 409);
  const attempt = notificationId === null ? null : await dispatchNotification(context.env, context.db, context.deliver, notificationId, mode);
  return jsonResponse({ result: "success", notificationId, ...(attempt ? { status: attempt.status, body: attempt.body } : {}) });
}

/** POST /__sim/notifications/send-test?merchantId=…[&url=…]: a TR-ABC-TST123X notification, delivered now. */
async function handleSendTest(context: SandboxContext, url: URL, request: Request): Promise<Response> {
  const body = (await readJsonObject(request)) ?? {};
  const merchantId = url.searchParams.get("merchantId") ?? (typeof body.merchantId === "string" ? body.merchantId : null);
  if (!merchantId) return badRequest("merchantId is required");
  const merchant = await findMerchant(context.db, merchantId);
  if (!merchant) return notFound("Unknown merchant");
  const mode = deliveryMode(url.searchParams.get("deliver") ?? body.deliver, "now");
  if (!mode) return badRequest('deliver must be "queue" or "now"');

  // Without an explicit URL the test goes where the merchant's latest transaction notifies.
  let target = url.searchParams.get("url") ?? (typeof body.url === "string" ? body.url : null);
  if (!target) {
    const latest = await context.db
      .prepare("SELECT notification_url FROM sim_transactions WHERE merchant_id = ? AND notification_url IS NOT NULL ORDER BY created_ms DESC LIMIT 1")
      .bind(merchantId)
      .first<{ notification_url: string }>();
    target = latest?.notification_url ?? null;
  }
  if (!target || !URL.canParse(target)) return badRequest("url is required: the merchant has no transaction with a notification URL yet");

  const id = await createNotification(context.env, context.db, {
    transactionId: null,
    merchantId,
    url: target,
    fields: await testNotificationFields(merchant),
  });
  const attempt = await dispatchNotification(context.env, context.db, context.deliver, id, mode);
  return jsonResponse({ result: "success", notificationId: id, ...(attempt ? { status: attempt.status, body: attempt.body, error: attempt.error } : {}) });
}

/** POST /__sim/receiver/{name}?status=200&answer=TRUE records the request; GET lists what it got. */
async function handleReceiver(context: SandboxContext, name: string, url: URL, request: Request): Promise<Response> {
  if (request.method === "GET") {
    const { results } = await context.db
      .prepare("SELECT body, headers_json, received_at FROM sim_received WHERE receiver = ? ORDER BY id")
      .bind(name)
      .all<{ body: string; headers_json: string; received_at: string }>();
    return jsonResponse({
      received: results.map((row) => ({ body: row.body, headers: JSON.parse(row.headers_json) as Record<string, string>, receivedAt: row.received_at })),
    });
  }
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  await context.db
    .prepare("INSERT INTO sim_received (receiver, body, headers_json, received_at) VALUES (?, ?, ?, ?)")
    .bind(name, await readBodyText(request), JSON.stringify(headers), new Date().toISOString())
    .run();
  const status = Number(url.searchParams.get("status") ?? "200");
  return new Response(url.searchParams.get("answer") ?? "TRUE", {
    status: Number.isInteger(status) && status >= 200 && status <= 599 ? status : 200,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** Routes /__sim/…; `parts` are the path segments after "__sim". */
export async function handleControl(context: SandboxContext, request: Request, url: URL, parts: string[]): Promise<Response> {
  const method = request.method;
  const [first, second, third] = parts;

  if (first === "merchants" && parts.length === 1) {
    if (method === "POST") return handleCreateMerchant(context, request);
    if (method === "GET") return jsonResponse({ merchants: (await listMerchants(context.db)).map(merchantJson) });
  }
  if (first === "merchants" && third === "options" && parts.length === 3 && method === "POST") {
    return handleMerchantOptions(context, second, request);
  }
  if (first === "transactions" && parts.length === 3 && method === "POST") {
    if (third === "pay") return handlePay(context, second, request);
    if (third === "accept-overpay") return handleAcceptOverpay(context, second, request);
  }
  if (first === "notifications" && parts.length === 1 && method === "GET") {
    const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? "50") || 50, 1), 500);
    const notifications = await listNotifications(context.db, {
      transactionId: url.searchParams.get("transactionId"),
      title: url.searchParams.get("title"),
      limit,
    });
    return jsonResponse({ notifications });
  }
  if (first === "notifications" && second === "send-test" && parts.length === 2 && method === "POST") {
    return handleSendTest(context, url, request);
  }
  if (first === "notifications" && third === "redeliver" && parts.length === 3 && method === "POST") {
    const notification = /^\d{1,12}$/.test(second) ? await findNotification(context.db, Number(second)) : null;
    if (!notification) return notFound("Unknown notification");
    const attempt = await redeliverNotification(context.env, context.db, context.deliver, notification);
    return jsonResponse({ result: "success", notificationId: notification.id, status: attempt.status, body: attempt.body, error: attempt.error, followUp: attempt.followUp });
  }
  if (first === "reset" && parts.length === 1 && method === "POST") {
    await resetSandbox(context.db);
    return jsonResponse({ result: "success" });
  }
  if (first === "receiver" && parts.length === 2 && /^[A-Za-z0-9_-]{1,64}$/.test(second) && (method === "POST" || method === "GET")) {
    return handleReceiver(context, second, url, request);
  }
  return notFound("Unknown sandbox control endpoint");
}
