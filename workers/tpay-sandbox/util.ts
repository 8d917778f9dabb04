// Small helpers of the local Tpay sandbox: random identifiers, amounts, dates and responses.

import { formatTpayAmount, LOCAL_SANDBOX_PATH } from "~/models/tpay-api.server";

const UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

/** Draws `length` characters from `alphabet` without modulo bias (alphabet of at most 256). */
export function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let result = "";
  while (result.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && result.length < length) result += alphabet[byte % alphabet.length];
    }
  }
  return result;
}

export const randomHex = (length: number) => randomString(HEX, length);
export const randomAlphanumeric = (length: number) => randomString(ALPHANUMERIC, length);

/** Returns a random transaction title like Tpay's: `TR-` + 3 + `-` + 7 characters of [A-Z0-9]. */
export function randomTitle(): string {
  return `TR-${randomString(UPPER_ALPHANUMERIC, 3)}-${randomString(UPPER_ALPHANUMERIC, 7)}`;
}

export const TITLE_PATTERN = /^TR-[A-Z0-9]{2,6}-[A-Z0-9]{5,30}$/;

/** Grosze as the decimal string Tpay sends: exactly two decimals, e.g. "10.50". */
export const amountText = formatTpayAmount;

/**
 * Grosze from a JSON number of złoty with at most two decimals (19.99 → 1999), or null.
 * The number's shortest text form is checked, so 0.1 + 0.2 or 1e-7 are refused.
 */
export function groszeFromJsonNumber(value: unknown): number | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

/** Grosze from a decimal string "10.50", "10.5" or "10" (the sandbox's option values), or null. */
export function groszeFromDecimalText(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

const warsawFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Warsaw",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** Formats an instant as Tpay writes dates: `YYYY-MM-DD HH:MM:SS` in Europe/Warsaw. */
export function warsawDateTime(instant: Date = new Date()): string {
  const parts = Object.fromEntries(warsawFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Base URL of the sandbox for this Worker: both Tpay's "api" and "secure" origins. */
export function sandboxBase(env: Env): string {
  return `${env.APP_ORIGIN}${LOCAL_SANDBOX_PATH}`;
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** Tpay-like error body; the real schema is not documented, so this shape is the sandbox's own. */
export function apiError(status: number, errorCode: string, errorMessage: string, fieldName?: string): Response {
  const error: Record<string, string> = { errorCode, errorMessage };
  if (fieldName) error.fieldName = fieldName;
  return jsonResponse({ result: "failed", requestId: randomHex(20), errors: [error] }, status);
}

/**
 * Reads the body as UTF-8 text. Reading bytes avoids workerd's warning about .text() on bodies whose
 * Content-Type is not textual (forms, PEM files).
 */
export async function readBodyText(message: Request | Response): Promise<string> {
  return new TextDecoder().decode(await message.arrayBuffer());
}

/** Reads a JSON object body; null when the body is not a JSON object. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const text = await readBodyText(request);
    if (text.trim() === "") return {};
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
