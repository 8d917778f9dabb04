// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect metadata
// polyfill loaded before the library itself.
import "reflect-metadata";
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, X509Certificate } from "@peculiar/x509";
import { flattenedVerify, importX509 } from "jose";
import { formatTpayAmount, parseTpayAmount, type TpayFetch } from "~/models/tpay-api.server";
import { fromBase64Url, timingSafeEqualText, toBase64Url } from "~/utils/crypto.server";
import { logInfo } from "~/utils/log.server";

// Verification of Tpay's notifications: parsing the raw body, the md5sum of a payment
// notification, and the detached JWS in the X-JWS-Signature header, whose certificate must
// come from Tpay's own certificate URL and chain to Tpay's root.
// Why each check exists: docs/decisions/0012-tpay-notification-verification.md.

/** Maximum notification body size in bytes. */
export const MAX_TPAY_NOTIFICATION_BYTES = 64 * 1024;
const MAX_CERTIFICATE_BYTES = 64 * 1024;
const CERTIFICATE_FETCH_TIMEOUT_MS = 10_000;
/** How long a fetched certificate is reused in this isolate. */
const CERTIFICATE_CACHE_TTL_MS = 60 * 60 * 1000;
/**
 * A failed verification refetches cached certificates only when they are older than this, so
 * that a stream of forged notifications cannot make us fetch Tpay's certificates on every request.
 */
const CERTIFICATE_REFETCH_MIN_AGE_MS = 60 * 1000;
const MAX_CACHED_CERTIFICATES = 16;
/** File name of Tpay's root certificate under `${secureBase}/x509/`. */
export const TPAY_ROOT_CERTIFICATE_FILE = "tpay-jws-root.pem";

// ---------------------------------------------------------------------------------------------
// Parsing

/** Fields of a payment (BasicPayment) notification, exactly as Tpay sent them. */
export interface TpayPaymentFields {
  /** Merchant id of the account that received the payment. */
  id: string;
  /** Transaction title (TR-XXX-XXXXXXX), not the OpenAPI transactionId. */
  tr_id: string;
  tr_date: string;
  /** Our hiddenDescription, possibly empty. */
  tr_crc: string;
  /** Ordered amount as a decimal string. */
  tr_amount: string;
  /** Amount paid as a decimal string, which differs from tr_amount on over- or underpayment. */
  tr_paid: string;
  tr_desc: string;
  /** TRUE, PAID (two-step mode), FALSE or CHARGEBACK. */
  tr_status: string;
  /** none, overpay or surcharge. */
  tr_error: string;
  tr_email: string;
  /** "1" in test mode, where no money moves. "0" when Tpay sent "0" or left the optional field out. */
  test_mode: string;
  /** Currency code, or null when Tpay left the optional field out. */
  tr_currency: string | null;
  md5sum: string;
}

export type ParsedTpayNotification =
  | { kind: "payment"; fields: TpayPaymentFields }
  /** Tokenization, marketplace or BLIK alias notification: `type`, or `event` when there is no `type`. */
  | { kind: "other"; type: string }
  | { kind: "invalid"; reason: string };

/** Fields a payment notification must carry. */
const REQUIRED_PAYMENT_FIELDS = [
  "id",
  "tr_id",
  "tr_date",
  "tr_crc",
  "tr_amount",
  "tr_paid",
  "tr_desc",
  "tr_status",
  "tr_error",
  "tr_email",
  "md5sum",
] as const;
/** Required fields that are meaningless when empty. The others (tr_crc, tr_desc, tr_email…) may be "". */
const NON_EMPTY_PAYMENT_FIELDS = new Set(["id", "tr_id", "tr_amount", "tr_paid", "tr_status", "md5sum"]);
const KNOWN_FIELDS = new Set<string>([...REQUIRED_PAYMENT_FIELDS, "test_mode", "tr_currency", "type", "event"]);

type FieldReader = (name: string) => { value: string | null } | { error: string };

/**
 * Parses a notification body. `application/json` is decoded as JSON, and anything else as an
 * application/x-www-form-urlencoded UTF-8 form, where `+` is a space. A body with `tr_id` is a
 * payment notification, and one with `type` or `event` is another kind, returned as "other".
 * Parse only after verifyTpayJws accepted the same bytes.
 */
export function parseTpayNotification(rawBody: Uint8Array, contentType: string | null): ParsedTpayNotification {
  if (rawBody.byteLength > MAX_TPAY_NOTIFICATION_BYTES) return invalid("body too large");

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(rawBody);
  } catch {
    return invalid("body is not UTF-8");
  }

  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  const read = mediaType === "application/json" ? jsonFieldReader(text) : formFieldReader(text);
  if ("error" in read) return invalid(read.error);
  return classifyNotification(read.reader);
}

function invalid(reason: string): ParsedTpayNotification {
  return { kind: "invalid", reason };
}

function jsonFieldReader(text: string): { reader: FieldReader } | { error: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: "body is not valid JSON" };
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return { error: "body is not a JSON object" };

  const record = body as Record<string, unknown>;
  const reader: FieldReader = (name) => {
    if (!Object.hasOwn(record, name)) return { value: null };
    const value = record[name];
    if (value === null) return { value: null };
    if (typeof value === "string") return { value };
    if (typeof value === "number" && Number.isFinite(value)) return { value: String(value) };
    return { error: `field ${name} is not a string` };
  };
  return { reader };
}

function formFieldReader(text: string): { reader: FieldReader } | { error: string } {
  const params = new URLSearchParams(text);
  // A repeated field would let two readers of the same body see different values.
  for (const name of KNOWN_FIELDS) {
    if (params.getAll(name).length > 1) return { error: `duplicate field ${name}` };
  }
  const reader: FieldReader = (name) => ({ value: params.get(name) });
  return { reader };
}

function classifyNotification(read: FieldReader): ParsedTpayNotification {
  const trId = read("tr_id");
  if ("error" in trId) return invalid(trId.error);
  if (trId.value !== null) return readPaymentFields(read);

  for (const name of ["type", "event"]) {
    const kind = read(name);
    if ("error" in kind) return invalid(kind.error);
    if (kind.value) return { kind: "other", type: kind.value };
  }
  return invalid("unknown notification type");
}

function readPaymentFields(read: FieldReader): ParsedTpayNotification {
  const values: Record<string, string> = {};
  for (const name of REQUIRED_PAYMENT_FIELDS) {
    const field = read(name);
    if ("error" in field) return invalid(field.error);
    if (field.value === null) return invalid(`missing field ${name}`);
    if (field.value === "" && NON_EMPTY_PAYMENT_FIELDS.has(name)) return invalid(`empty field ${name}`);
    values[name] = field.value;
  }

  const testMode = read("test_mode");
  if ("error" in testMode) return invalid(testMode.error);
  const currency = read("tr_currency");
  if ("error" in currency) return invalid(currency.error);

  const fields: TpayPaymentFields = {
    id: values.id,
    tr_id: values.tr_id,
    tr_date: values.tr_date,
    tr_crc: values.tr_crc,
    tr_amount: values.tr_amount,
    tr_paid: values.tr_paid,
    tr_desc: values.tr_desc,
    tr_status: values.tr_status,
    tr_error: values.tr_error,
    tr_email: values.tr_email,
    // A notification without test_mode is read as live mode.
    test_mode: testMode.value ?? "0",
    tr_currency: currency.value || null,
    md5sum: values.md5sum,
  };
  return { kind: "payment", fields };
}

/** Checks whether a transaction title is one of Tpay's test notifications (TR-…-TST…X), which change nothing. */
export function isTpayTestNotificationTitle(title: string): boolean {
  return /^TR-[A-Z0-9]+-TST[0-9]+X$/.test(title);
}

// ---------------------------------------------------------------------------------------------
// md5sum

/**
 * Computes md5(id + tr_id + tr_amount + tr_crc + securityCode) as lowercase hex, with no
 * separators. tr_amount is first rewritten with exactly two decimals ("10.5" → "10.50") by
 * string arithmetic, as Tpay does before hashing. Throws a RangeError when tr_amount is not a
 * non-negative decimal with at most two decimals.
 */
export async function tpayNotificationMd5(
  fields: Pick<TpayPaymentFields, "id" | "tr_id" | "tr_amount" | "tr_crc">,
  securityCode: string,
): Promise<string> {
  const grosze = parseTpayAmount(fields.tr_amount);
  if (grosze === null) throw new RangeError("tr_amount is not a decimal amount");
  const input = `${fields.id}${fields.tr_id}${formatTpayAmount(grosze)}${fields.tr_crc}${securityCode}`;
  // Workers' WebCrypto supports MD5 for digest, outside the WebCrypto standard.
  const digest = await crypto.subtle.digest("MD5", new TextEncoder().encode(input));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Checks a payment notification's md5sum against the merchant's security code in constant time. */
export async function checkTpayMd5(fields: TpayPaymentFields, securityCode: string): Promise<boolean> {
  let expected: string;
  try {
    expected = await tpayNotificationMd5(fields, securityCode);
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
  return timingSafeEqualText(expected, fields.md5sum.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// JWS

export type JwsResult = { ok: true } | { ok: false; reason: string };

type Failure = { ok: false; reason: string };

function fail(reason: string): Failure {
  return { ok: false, reason };
}

interface DetachedJws {
  protectedSegment: string;
  signatureSegment: string;
  x5u: string;
}

/** The two certificate URLs a notification is checked with, both under the trusted base. */
interface CertificateUrls {
  leaf: string;
  root: string;
}

/**
 * Verifies the X-JWS-Signature header of a notification over its raw body: a detached
 * compact JWS with alg RS256, whose x5u certificate lies under `${secureBase}/x509/`, is
 * signed by `${secureBase}/x509/tpay-jws-root.pem` and is valid at `now`. Certificates are
 * fetched through `tpayFetch` from secureBase's origin only, and a URL on any other origin is
 * rejected before any request.
 */
export async function verifyTpayJws(input: {
  tpayFetch: TpayFetch;
  secureBase: string;
  rawBody: Uint8Array;
  header: string | null;
  now?: Date;
}): Promise<JwsResult> {
  const now = input.now ?? new Date();
  if (input.rawBody.byteLength > MAX_TPAY_NOTIFICATION_BYTES) return fail("body too large");

  const jws = parseDetachedJws(input.header);
  if (!jws.ok) return jws;
  const urls = trustedCertificateUrls(jws.value.x5u, input.secureBase);
  if (!urls.ok) return urls;

  const first = await verifyWithCertificates(input, jws.value, urls.value, now, true);
  if (first.ok) return { ok: true };
  if (!first.retryWithFreshCertificates) return fail(first.reason);

  // Tpay may have rotated a certificate behind the same URL, so fetch both again once.
  logInfo("tpay.jws_certificates_refetched", { x5u: urls.value.leaf, reason: first.reason });
  certificateCache.delete(urls.value.leaf);
  certificateCache.delete(urls.value.root);
  const second = await verifyWithCertificates(input, jws.value, urls.value, now, false);
  return second.ok ? { ok: true } : fail(second.reason);
}

const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]+$/;

function parseDetachedJws(header: string | null): { ok: true; value: DetachedJws } | Failure {
  if (header === null || header === "") return fail("missing X-JWS-Signature header");

  const segments = header.split(".");
  if (segments.length !== 3) return fail("malformed JWS");
  const [protectedSegment, payloadSegment, signatureSegment] = segments;
  if (payloadSegment !== "") return fail("JWS payload is not detached");
  if (!BASE64URL_SEGMENT.test(protectedSegment)) return fail("malformed JWS header");

  let protectedHeader: unknown;
  try {
    const json = new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(protectedSegment));
    protectedHeader = JSON.parse(json);
  } catch {
    return fail("malformed JWS header");
  }
  if (!protectedHeader || typeof protectedHeader !== "object" || Array.isArray(protectedHeader)) {
    return fail("malformed JWS header");
  }

  const fields = protectedHeader as Record<string, unknown>;
  // Only RS256 is accepted: "none" and HMAC algorithms would let anyone produce a valid header.
  if (fields.alg !== "RS256") return fail("unsupported JWS alg");
  // We implement no JWS extension, so any critical one must be rejected (RFC 7515 §4.1.11).
  if (Object.hasOwn(fields, "crit")) return fail("unsupported JWS crit");
  // Keys embedded in the header (jwk, x5c) and jku are ignored because the key comes only from x5u.
  if (typeof fields.x5u !== "string" || fields.x5u === "") return fail("missing JWS x5u");
  if (!BASE64URL_SEGMENT.test(signatureSegment)) return fail("malformed JWS signature");

  return { ok: true, value: { protectedSegment, signatureSegment, x5u: fields.x5u } };
}

const CERTIFICATE_FILE_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\.pem$/;

/**
 * Accepts x5u only when it is a canonical URL on exactly secureBase's origin (scheme, host and
 * port) under `${secureBase path}/x509/` and ending in `.pem`, with no userinfo, query,
 * fragment or `..`. A string-prefix test would let `https://secure.tpay.com.evil.test/` and
 * `https://secure.tpay.com@evil.test/` through.
 */
function trustedCertificateUrls(x5u: string, secureBase: string): { ok: true; value: CertificateUrls } | Failure {
  let base: URL;
  try {
    base = new URL(secureBase);
  } catch {
    return fail("invalid certificate base URL");
  }
  if ((base.protocol !== "https:" && base.protocol !== "http:") || base.username || base.password || base.search || base.hash) {
    return fail("invalid certificate base URL");
  }
  const prefix = `${base.pathname.replace(/\/+$/, "")}/x509/`;

  let url: URL;
  try {
    url = new URL(x5u);
  } catch {
    return fail("x5u is not a URL");
  }
  if (url.username !== "" || url.password !== "" || x5u.includes("@")) return fail("x5u has userinfo");
  if (url.search !== "" || url.hash !== "" || x5u.includes("?") || x5u.includes("#")) {
    return fail("x5u has a query or fragment");
  }
  if (url.origin !== base.origin) return fail("x5u origin not trusted");
  if (x5u.includes("..") || x5u.includes("\\") || x5u.includes("%")) return fail("x5u path not trusted");
  // The URL parser rewrites dot segments, default ports, case and whitespace. Any rewrite means
  // the header named something other than what we would fetch.
  if (url.href !== x5u) return fail("x5u is not a canonical URL");
  if (!url.pathname.startsWith(prefix) || !CERTIFICATE_FILE_PATH.test(url.pathname.slice(prefix.length))) {
    return fail("x5u path not trusted");
  }

  return { ok: true, value: { leaf: url.href, root: `${base.origin}${prefix}${TPAY_ROOT_CERTIFICATE_FILE}` } };
}

type AttemptResult = { ok: true } | { ok: false; reason: string; retryWithFreshCertificates: boolean };

async function verifyWithCertificates(
  input: { tpayFetch: TpayFetch; rawBody: Uint8Array },
  jws: DetachedJws,
  urls: CertificateUrls,
  now: Date,
  useCache: boolean,
): Promise<AttemptResult> {
  const [leaf, root] = await Promise.all([
    loadCertificate(input.tpayFetch, urls.leaf, now, useCache),
    loadCertificate(input.tpayFetch, urls.root, now, useCache),
  ]);
  if (!leaf.ok) return { ...leaf, retryWithFreshCertificates: false };
  if (!root.ok) return { ...root, retryWithFreshCertificates: false };

  let reason: string | null;
  try {
    reason = (await checkChain(leaf.certificate, root.certificate, now)) ?? (await checkSignature(leaf.pem, jws, input.rawBody));
  } catch {
    // An extension @peculiar/x509 cannot decode throws from getExtension.
    reason = "certificate could not be read";
  }
  if (reason === null) return { ok: true };

  const cachedAges = [leaf, root].filter((entry) => entry.fromCache).map((entry) => now.getTime() - entry.fetchedAt);
  const retryWithFreshCertificates = cachedAges.some((age) => age >= CERTIFICATE_REFETCH_MIN_AGE_MS);
  return { ok: false, reason, retryWithFreshCertificates };
}

/** Checks that root is a valid self-signed CA and that leaf is a valid end-entity certificate it signed. */
async function checkChain(leaf: X509Certificate, root: X509Certificate, now: Date): Promise<string | null> {
  if (root.subject !== root.issuer || !(await isSignedBy(root, root))) return "root certificate is not self-signed";
  if (!isCertificateAuthority(root)) return "root certificate is not a CA";
  if (!hasKeyUsage(root, KeyUsageFlags.keyCertSign)) return "root certificate lacks keyCertSign usage";
  if (!isValidAt(root, now)) return "root certificate expired or not yet valid";

  if (leaf.issuer !== root.subject || !(await isSignedBy(leaf, root))) return "certificate not issued by Tpay root";
  if (isCertificateAuthority(leaf)) return "signing certificate is a CA";
  if (!hasKeyUsage(leaf, KeyUsageFlags.digitalSignature)) return "signing certificate lacks digitalSignature usage";
  // X509Certificate.verify with signatureOnly skips notBefore/notAfter, so they are checked here.
  if (!isValidAt(leaf, now)) return "signing certificate expired or not yet valid";
  return null;
}

async function isSignedBy(certificate: X509Certificate, issuer: X509Certificate): Promise<boolean> {
  try {
    return await certificate.verify({ publicKey: issuer, signatureOnly: true });
  } catch {
    return false;
  }
}

function isCertificateAuthority(certificate: X509Certificate): boolean {
  return certificate.getExtension(BasicConstraintsExtension)?.ca === true;
}

/** Checks that the certificate has no keyUsage extension or that its keyUsage includes `usage`. */
function hasKeyUsage(certificate: X509Certificate, usage: KeyUsageFlags): boolean {
  const extension = certificate.getExtension(KeyUsagesExtension);
  return !extension || (extension.usages & usage) !== 0;
}

/** RFC 5280 §4.1.2.5: the validity period includes both notBefore and notAfter. */
function isValidAt(certificate: X509Certificate, now: Date): boolean {
  const time = now.getTime();
  return certificate.notBefore.getTime() <= time && time <= certificate.notAfter.getTime();
}

async function checkSignature(leafPem: string, jws: DetachedJws, rawBody: Uint8Array): Promise<string | null> {
  let key: CryptoKey;
  try {
    key = await importX509(leafPem, "RS256");
  } catch {
    return "signing certificate has no usable RSA key";
  }
  try {
    // The payload is the raw body exactly as received, because re-encoding parsed fields would change it.
    await flattenedVerify(
      { protected: jws.protectedSegment, payload: toBase64Url(rawBody), signature: jws.signatureSegment },
      key,
      { algorithms: ["RS256"] },
    );
    return null;
  } catch {
    return "invalid JWS signature";
  }
}

// ---------------------------------------------------------------------------------------------
// Certificate download and cache

interface CachedCertificate {
  pem: string;
  fetchedAt: number;
}

// Per isolate, keyed by URL. Only URLs that passed trustedCertificateUrls are ever stored.
const certificateCache = new Map<string, CachedCertificate>();

/** Forgets every cached Tpay certificate (tests, or after a known rotation). */
export function clearTpayCertificateCache(): void {
  certificateCache.clear();
}

type LoadedCertificate =
  | { ok: true; pem: string; certificate: X509Certificate; fromCache: boolean; fetchedAt: number }
  | Failure;

async function loadCertificate(tpayFetch: TpayFetch, url: string, now: Date, useCache: boolean): Promise<LoadedCertificate> {
  const cached = useCache ? certificateCache.get(url) : undefined;
  const age = cached ? now.getTime() - cached.fetchedAt : Number.NaN;
  if (cached && age >= 0 && age <= CERTIFICATE_CACHE_TTL_MS) {
    return { ok: true, pem: cached.pem, certificate: new X509Certificate(cached.pem), fromCache: true, fetchedAt: cached.fetchedAt };
  }

  const fetched = await fetchCertificatePem(tpayFetch, url);
  if (!fetched.ok) return fetched;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(fetched.pem);
  } catch {
    return fail("certificate is not valid X.509");
  }

  certificateCache.delete(url);
  certificateCache.set(url, { pem: fetched.pem, fetchedAt: now.getTime() });
  if (certificateCache.size > MAX_CACHED_CERTIFICATES) {
    const oldest = certificateCache.keys().next().value;
    if (oldest !== undefined) certificateCache.delete(oldest);
  }
  return { ok: true, pem: fetched.pem, certificate, fromCache: false, fetchedAt: now.getTime() };
}

async function fetchCertificatePem(tpayFetch: TpayFetch, url: string): Promise<{ ok: true; pem: string } | Failure> {
  let response: Response;
  try {
    response = await tpayFetch(url, {
      method: "GET",
      headers: { Accept: "application/x-pem-file, text/plain" },
      redirect: "manual",
      signal: AbortSignal.timeout(CERTIFICATE_FETCH_TIMEOUT_MS),
    });
  } catch {
    return fail("certificate download failed");
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    if (response.status >= 300 && response.status < 400) return fail("certificate download redirected");
    return fail(`certificate download returned ${response.status}`);
  }

  let bytes: Uint8Array | null;
  try {
    bytes = await readAtMost(response, MAX_CERTIFICATE_BYTES);
  } catch {
    return fail("certificate download failed");
  }
  if (bytes === null) return fail("certificate too large");

  const pem = singlePemCertificate(bytes);
  if (pem === null) return fail("certificate is not a single PEM certificate");
  return { ok: true, pem };
}

/** Reads the body, or returns null (and stops reading) once it exceeds `limit` bytes. */
async function readAtMost(response: Response, limit: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get("Content-Length") ?? "0");
  if (declared > limit) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return new Uint8Array(0);

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const PEM_BEGIN = "-----BEGIN CERTIFICATE-----";
const PEM_END = "-----END CERTIFICATE-----";

/**
 * Returns the one CERTIFICATE block of a PEM file, re-wrapped at 64 characters, or null. The
 * file must be printable ASCII. Explanatory text may precede the block (RFC 7468 §5.2), only
 * whitespace may follow it, and no other PEM block may appear.
 */
function singlePemCertificate(bytes: Uint8Array): string | null {
  let text = "";
  for (const byte of bytes) {
    if (!(byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte <= 0x7e))) return null;
    text += String.fromCharCode(byte);
  }

  const begin = text.indexOf(PEM_BEGIN);
  const end = text.indexOf(PEM_END);
  if (begin === -1 || end < begin) return null;
  if (text.split("-----BEGIN ").length !== 2 || text.split("-----END ").length !== 2) return null;
  if (text.slice(end + PEM_END.length).trim() !== "") return null;

  const base64 = text.slice(begin + PEM_BEGIN.length, end).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return null;
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `${PEM_BEGIN}\n${lines.join("\n")}\n${PEM_END}\n`;
}
