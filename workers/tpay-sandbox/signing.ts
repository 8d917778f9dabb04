// Notification encoding and signing as Tpay does them: a form body encoded like
// PHP's http_build_query, an md5sum, and a detached RS256 JWS over the raw body bytes in the
// X-JWS-Signature header.

import { toBase64Url } from "~/utils/crypto.server";
import { certificateChain, FOREIGN_PEM_PATH, LEAF_PEM_PATH } from "./certificates";
import { amountText, groszeFromDecimalText, sandboxBase } from "./util";

const encoder = new TextEncoder();

export const NOTIFICATION_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

/**
 * Percent-encodes like PHP's urlencode (used by http_build_query): UTF-8 bytes, letters, digits
 * and "-_." kept, space as "+", every other byte as %XX in upper case.
 */
export function phpUrlencode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** Encodes the fields, in their given order, as a form body. */
export function buildFormBody(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${phpUrlencode(name)}=${phpUrlencode(value)}`)
    .join("&");
}

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** md5(id + tr_id + tr_amount + tr_crc + securityCode), lowercase hex, no separators. */
export async function notificationMd5(
  fields: { id: string; tr_id: string; tr_amount: string; tr_crc: string },
  securityCode: string,
): Promise<string> {
  const input = `${fields.id}${fields.tr_id}${fields.tr_amount}${fields.tr_crc}${securityCode}`;
  // workerd's WebCrypto has MD5 as a non-standard digest.
  return toHex(await crypto.subtle.digest("MD5", encoder.encode(input)));
}

export interface SignOptions {
  /** Certificate URL in the JWS header; default the sandbox leaf (or the foreign certificate). */
  x5u?: string;
  /** `alg` in the JWS header; "none" leaves the signature empty, any other value is still signed with RS256. */
  alg?: string;
  /** After signing, raises tr_paid by 1.00 (or appends `&tampered=1` without tr_paid): md5sum stays valid. */
  tamperBodyAfterSigning?: boolean;
  /** Signs with a self-signed key that does not chain to the sandbox root. */
  useForeignKey?: boolean;
  /** Sends no X-JWS-Signature header. */
  omitHeader?: boolean;
}

/** Detached compact JWS: base64url(header) + ".." + base64url(RS256 over header "." base64url(body)). */
export async function detachedJws(key: CryptoKey | null, header: Record<string, string>, body: string): Promise<string> {
  const protectedHeader = toBase64Url(encoder.encode(JSON.stringify(header)));
  if (!key) return `${protectedHeader}..`;
  const signingInput = `${protectedHeader}.${toBase64Url(encoder.encode(body))}`;
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, encoder.encode(signingInput));
  return `${protectedHeader}..${toBase64Url(new Uint8Array(signature))}`;
}

function tamperedBody(fields: Record<string, string>): string {
  const paid = groszeFromDecimalText(fields.tr_paid);
  if (paid === null) return `${buildFormBody(fields)}&tampered=1`;
  return buildFormBody({ ...fields, tr_paid: amountText(paid + 100) });
}

/** Builds and signs a notification body; the caller puts md5sum into `fields` if it wants one. */
export async function signNotification(
  env: Env,
  db: D1Database,
  fields: Record<string, string>,
  options: SignOptions = {},
): Promise<{ body: string; headers: Record<string, string> }> {
  const chain = await certificateChain(db, options.useForeignKey ? "foreign" : "sandbox");
  const body = buildFormBody(fields);
  const x5u = options.x5u ?? `${sandboxBase(env)}${options.useForeignKey ? FOREIGN_PEM_PATH : LEAF_PEM_PATH}`;
  const alg = options.alg ?? "RS256";
  const jws = await detachedJws(alg === "none" ? null : chain.leafKey, { alg, x5u }, body);

  const headers: Record<string, string> = { "Content-Type": NOTIFICATION_CONTENT_TYPE };
  if (!options.omitHeader) headers["X-JWS-Signature"] = jws;
  return { body: options.tamperBodyAfterSigning ? tamperedBody(fields) : body, headers };
}
