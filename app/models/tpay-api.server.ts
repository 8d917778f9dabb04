import { sha256Hex } from "~/utils/crypto.server";
import { isProduction } from "~/utils/env.server";
import type { TpayEnvironment } from "~/utils/tpay-environments";

// Client of Tpay's OpenAPI (https://docs-api.tpay.com): an OAuth token per set of credentials,
// creating, reading and cancelling transactions. Every request goes through a `TpayFetch`
// given by the caller. In production that is the global fetch; in development and tests
// workers/tpay-fetch.ts sends the local Tpay sandbox's URLs to the sandbox in the same Worker.

export { TPAY_ENVIRONMENTS, type TpayEnvironment } from "~/utils/tpay-environments";

export type TpayFetch = (input: Request | string, init?: RequestInit) => Promise<Response>;

export interface TpayCredentials {
  clientId: string;
  clientSecret: string;
  securityCode: string;
}

/** A Tpay merchant account we act for: a freelancer's connection or the platform's own. */
export interface TpayAccount {
  environment: TpayEnvironment;
  merchantId: string;
  credentials: TpayCredentials;
}

export interface TpayOrigins {
  /** Base URL of the OpenAPI (no trailing slash). */
  api: string;
  /** Base URL the notification certificates are served from: x5u must be under `${secure}/x509/`. */
  secure: string;
}

const PRODUCTION_ORIGINS: TpayOrigins = { api: "https://api.tpay.com", secure: "https://secure.tpay.com" };
const SANDBOX_ORIGINS: TpayOrigins = { api: "https://openapi.sandbox.tpay.com", secure: "https://secure.sandbox.tpay.com" };

/** Path of the local Tpay sandbox inside this Worker (workers/tpay-sandbox), outside production. */
export const LOCAL_SANDBOX_PATH = "/tpay-sandbox";

/**
 * Base URL of the local Tpay sandbox, or null when it is not served: in production, or when
 * the variable TPAY_SANDBOX is not "local".
 */
export function localSandboxBase(env: Env): string | null {
  if (isProduction(env) || env.TPAY_SANDBOX !== "local") return null;
  return `${env.APP_ORIGIN}${LOCAL_SANDBOX_PATH}`;
}

/**
 * Tpay's base URLs for an environment. Production always uses Tpay's real origins; outside
 * production the sandbox environment is the local sandbox when it is served.
 */
export function tpayOrigins(env: Env, environment: TpayEnvironment): TpayOrigins {
  if (environment === "production") return PRODUCTION_ORIGINS;
  const local = localSandboxBase(env);
  return local ? { api: local, secure: local } : SANDBOX_ORIGINS;
}

/** Returns the merchant id: the part of a Client ID before its first "-" (e.g. 12345-0123abcd…). */
export function merchantIdFromClientId(clientId: string): string | null {
  const match = /^(\d{1,12})-[A-Za-z0-9]{4,64}$/.exec(clientId.trim());
  return match ? match[1] : null;
}

export type TpayErrorKind = "unreachable" | "invalid_credentials" | "rejected" | "unexpected";

/** A failed Tpay call; `kind` selects the message shown to the user. */
export class TpayError extends Error {
  constructor(
    readonly kind: TpayErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "TpayError";
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

async function call(fetchFn: TpayFetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new TpayError("unreachable", `Tpay request failed: ${error instanceof Error ? error.name : "error"}`);
  }
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const body = await response.json();
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new TpayError("unexpected", `Tpay returned HTTP ${response.status} without a JSON object`, response.status);
}

// Tokens per credentials, kept in the isolate until shortly before they expire.
const tokenCache = new Map<string, { token: string; expiresAt: number }>();
const TOKEN_MARGIN_MS = 60_000;

async function tokenCacheKey(api: string, credentials: TpayCredentials): Promise<string> {
  return sha256Hex(`${api}\n${credentials.clientId}\n${credentials.clientSecret}`);
}

/**
 * Asks Tpay for an access token (POST /oauth/auth). Also the check of a connection:
 * wrong credentials throw TpayError("invalid_credentials").
 */
export async function requestTpayToken(
  fetchFn: TpayFetch,
  origins: TpayOrigins,
  credentials: TpayCredentials,
  options: { useCache?: boolean; now?: number } = {},
): Promise<string> {
  const now = options.now ?? Date.now();
  const key = await tokenCacheKey(origins.api, credentials);
  const cached = tokenCache.get(key);
  if (options.useCache !== false && cached && cached.expiresAt > now) return cached.token;

  const response = await call(fetchFn, `${origins.api}/oauth/auth`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: "read" }),
  });
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    throw new TpayError("invalid_credentials", "Tpay rejected the credentials", response.status);
  }
  if (!response.ok) throw new TpayError("unreachable", `Tpay returned HTTP ${response.status} for /oauth/auth`, response.status);
  const body = await readJson(response);
  const token = body.access_token;
  if (typeof token !== "string" || token.length === 0) throw new TpayError("unexpected", "Tpay token response has no access_token");
  const expiresIn = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 3600;
  tokenCache.set(key, { token, expiresAt: now + expiresIn * 1000 - TOKEN_MARGIN_MS });
  return token;
}

/** Forgets cached tokens (for tests, and after Tpay returns 401 for a cached one). */
export function clearTpayTokenCache(): void {
  tokenCache.clear();
}

async function authorizedCall(
  fetchFn: TpayFetch,
  origins: TpayOrigins,
  account: TpayAccount,
  path: string,
  init: { method: "GET" | "POST"; body?: unknown },
): Promise<Response> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await requestTpayToken(fetchFn, origins, account.credentials, { useCache: attempt === 0 });
    const response = await call(fetchFn, `${origins.api}${path}`, {
      method: init.method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
        ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    // A token Tpay no longer accepts: ask for a new one once.
    if (response.status === 401 && attempt === 0) continue;
    return response;
  }
  throw new TpayError("invalid_credentials", "Tpay rejected a fresh token");
}

/** Grosze as Tpay's decimal string with exactly two decimals: 6667 → "66.67". */
export function formatTpayAmount(grosze: number): string {
  if (!Number.isSafeInteger(grosze) || grosze < 0) throw new RangeError("Amount must be non-negative integer grosze");
  return `${Math.floor(grosze / 100)}.${(grosze % 100).toString().padStart(2, "0")}`;
}

/** Converts Tpay's decimal amount ("66.67", "66.7", "66", or a JSON number) to grosze; null if it is not one. */
export function parseTpayAmount(value: unknown): number | null {
  let text = "";
  if (typeof value === "number" && Number.isFinite(value)) text = value.toFixed(2);
  else if (typeof value === "string") text = value.trim();
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

export interface CreateTransactionInput {
  /** Grosze; sent as a JSON number of złoty with at most two decimals. */
  amount: number;
  /** Shown to the payer; at most 128 characters. */
  description: string;
  /** Our reference, returned as tr_crc; [A-Za-z0-9_-] only. */
  hiddenDescription: string;
  payer: { email: string; name: string };
  lang: "pl" | "en";
  notificationUrl: string;
  successUrl: string;
  errorUrl: string;
}

export interface CreatedTransaction {
  transactionId: string;
  title: string;
  paymentUrl: string;
}

/** POST /transactions: starts a payment and returns where to send the payer. */
export async function createTpayTransaction(
  fetchFn: TpayFetch,
  origins: TpayOrigins,
  account: TpayAccount,
  input: CreateTransactionInput,
): Promise<CreatedTransaction> {
  const response = await authorizedCall(fetchFn, origins, account, "/transactions", {
    method: "POST",
    body: {
      amount: input.amount / 100,
      description: [...input.description].slice(0, 128).join(""),
      hiddenDescription: input.hiddenDescription,
      currency: "PLN",
      lang: input.lang,
      payer: { email: input.payer.email, name: [...input.payer.name].slice(0, 255).join("") },
      callbacks: {
        payerUrls: { success: input.successUrl, error: input.errorUrl },
        notification: { url: input.notificationUrl },
      },
    },
  });
  if (response.status >= 500) throw new TpayError("unreachable", `Tpay returned HTTP ${response.status} for POST /transactions`, response.status);
  const body = await readJson(response);
  if (!response.ok || body.result !== "success") {
    throw new TpayError("rejected", `Tpay rejected the transaction (${response.status})`, response.status);
  }
  const { transactionId, title, transactionPaymentUrl } = body;
  if (typeof transactionId !== "string" || typeof title !== "string" || typeof transactionPaymentUrl !== "string") {
    throw new TpayError("unexpected", "Tpay transaction response lacks transactionId, title or transactionPaymentUrl");
  }
  let paymentUrl: URL;
  try {
    paymentUrl = new URL(transactionPaymentUrl);
  } catch {
    throw new TpayError("unexpected", "Tpay transactionPaymentUrl is not a URL");
  }
  if (paymentUrl.protocol !== "https:" && paymentUrl.protocol !== "http:") throw new TpayError("unexpected", "Tpay payment URL is not http(s)");
  return { transactionId, title, paymentUrl: paymentUrl.toString() };
}

export interface TpayTransactionState {
  /** Tpay's status: pending, correct, paid, refund, canceled…; compare lower-cased. */
  status: string;
  title: string;
  /** Grosze ordered. */
  amount: number | null;
  /** Grosze paid so far (payments.amountPaid). */
  amountPaid: number | null;
  currency: string;
}

/** GET /transactions/{id}: the transaction's current state, for reconciliation. */
export async function getTpayTransaction(
  fetchFn: TpayFetch,
  origins: TpayOrigins,
  account: TpayAccount,
  transactionId: string,
): Promise<TpayTransactionState> {
  const response = await authorizedCall(fetchFn, origins, account, `/transactions/${encodeURIComponent(transactionId)}`, { method: "GET" });
  if (response.status >= 500) throw new TpayError("unreachable", `Tpay returned HTTP ${response.status} for GET /transactions`, response.status);
  const body = await readJson(response);
  if (!response.ok) throw new TpayError("rejected", `Tpay returned HTTP ${response.status} for GET /transactions`, response.status);
  const payments = body.payments && typeof body.payments === "object" ? (body.payments as Record<string, unknown>) : {};
  return {
    status: typeof body.status === "string" ? body.status.toLowerCase() : "",
    title: typeof body.title === "string" ? body.title : "",
    amount: parseTpayAmount(body.amount),
    amountPaid: parseTpayAmount(payments.amountPaid),
    currency: typeof body.currency === "string" ? body.currency : "PLN",
  };
}

/** POST /transactions/{id}/cancel: an unpaid transaction can no longer be paid. */
export async function cancelTpayTransaction(
  fetchFn: TpayFetch,
  origins: TpayOrigins,
  account: TpayAccount,
  transactionId: string,
): Promise<void> {
  const response = await authorizedCall(fetchFn, origins, account, `/transactions/${encodeURIComponent(transactionId)}/cancel`, {
    method: "POST",
    body: {},
  });
  if (!response.ok) throw new TpayError(response.status >= 500 ? "unreachable" : "rejected", `Tpay returned HTTP ${response.status} for cancel`, response.status);
}

/** Refund statuses that mean no money went back to the payer; any other status counts. */
const FAILED_REFUND_STATUSES = new Set(["error", "failed", "rejected", "canceled", "cancelled"]);

/**
 * GET /transactions/{id}/refunds: the grosze refunded so far, summed over the transaction's
 * refunds (partial refunds add up). Refunds with a failure status are not counted.
 * NOTE: Tpay documents the endpoint but not its response schema. This reads a `refunds` (or
 * `data`) array of objects with a decimal `amount`, as the local sandbox returns.
 */
export async function listTpayRefunds(
  fetchFn: TpayFetch,
  origins: TpayOrigins,
  account: TpayAccount,
  transactionId: string,
): Promise<number> {
  const response = await authorizedCall(fetchFn, origins, account, `/transactions/${encodeURIComponent(transactionId)}/refunds`, { method: "GET" });
  if (response.status >= 500) throw new TpayError("unreachable", `Tpay returned HTTP ${response.status} for GET /refunds`, response.status);
  const body = await readJson(response);
  if (!response.ok) throw new TpayError("rejected", `Tpay returned HTTP ${response.status} for GET /refunds`, response.status);
  const refunds = Array.isArray(body.refunds) ? body.refunds : Array.isArray(body.data) ? body.data : null;
  if (!refunds) throw new TpayError("unexpected", "Tpay refunds response has no refunds array");

  let total = 0;
  for (const refund of refunds) {
    if (!refund || typeof refund !== "object") throw new TpayError("unexpected", "Tpay refunds response lists a refund that is not an object");
    const { amount, status } = refund as Record<string, unknown>;
    if (typeof status === "string" && FAILED_REFUND_STATUSES.has(status.toLowerCase())) continue;
    const grosze = parseTpayAmount(amount);
    if (grosze === null) throw new TpayError("unexpected", "Tpay refunds response lists a refund without a valid amount");
    total += grosze;
  }
  return total;
}
