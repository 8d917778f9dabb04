import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  checkTpayMd5,
  clearTpayCertificateCache,
  isTpayTestNotificationTitle,
  parseTpayNotification,
  tpayNotificationMd5,
  verifyTpayJws,
  type TpayPaymentFields,
} from "~/models/tpay-verify.server";
import { toBase64Url } from "~/utils/crypto.server";
import { createCertificateServer, createTpayTestCertificates, signTpayBody, type TpayTestCertificates } from "./tpay-test-certs";

const PRODUCTION = "https://secure.tpay.com";
const SANDBOX = "https://secure.sandbox.tpay.com";
const LOCAL = "http://localhost:8787/tpay-sandbox";

const encoder = new TextEncoder();
const HOUR_MS = 60 * 60 * 1000;

function leafUrl(base: string) {
  return `${base}/x509/notifications-jws.pem`;
}
function rootUrl(base: string) {
  return `${base}/x509/tpay-jws-root.pem`;
}

const FORM_BODY =
  "id=12345&tr_id=TR-BRA-79FR0X&tr_date=2026-12-04+10%3A15%3A00&tr_crc=b_abcdefghijklmnopqrstuv&tr_amount=10.50" +
  "&tr_paid=10.50&tr_desc=Op%C5%82ata+za+rachunek+nr+3&tr_status=TRUE&tr_error=none&tr_email=jan%40example.com" +
  "&test_mode=0&tr_currency=PLN&md5sum=0123456789abcdef0123456789abcdef";

let certificates: TpayTestCertificates;

beforeAll(async () => {
  certificates = await createTpayTestCertificates();
});

beforeEach(() => {
  clearTpayCertificateCache();
});

/** Creates a certificate server for `base` with the genuine leaf and root, unless `overrides` replaces them. */
function serverFor(base: string, overrides: Record<string, string | (() => Response)> = {}) {
  return createCertificateServer({
    [leafUrl(base)]: certificates.leaf.pem,
    [rootUrl(base)]: certificates.root.pem,
    ...overrides,
  });
}

function expectOnlyTrustedRequests(urls: string[], base: string) {
  for (const url of urls) expect(url.startsWith(`${base}/x509/`)).toBe(true);
}

async function signedByLeaf(body: string | Uint8Array, x5u: string, key = certificates.leaf.keys.privateKey) {
  return signTpayBody(body, key, x5u);
}

describe("verifyTpayJws with a valid signature", () => {
  it.each([PRODUCTION, SANDBOX, LOCAL])("accepts a notification for base %s", async (base) => {
    const server = serverFor(base);
    const header = await signedByLeaf(FORM_BODY, leafUrl(base));

    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: base, rawBody: encoder.encode(FORM_BODY), header });

    expect(result).toEqual({ ok: true });
    expect(server.urls.sort()).toEqual([leafUrl(base), rootUrl(base)].sort());
  });

  it("fetches without following redirects and with a timeout", async () => {
    const server = serverFor(PRODUCTION);
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));

    await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header });

    for (const request of server.requests) {
      expect(request.init?.redirect).toBe("manual");
      expect(request.init?.signal).toBeInstanceOf(AbortSignal);
    }
  });

  it("verifies the raw bytes, including invalid UTF-8", async () => {
    const body = new Uint8Array([0x69, 0x64, 0x3d, 0xff, 0xfe, 0x00, 0x26]);
    const server = serverFor(PRODUCTION);
    const header = await signedByLeaf(body, leafUrl(PRODUCTION));

    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: body, header });

    expect(result).toEqual({ ok: true });
  });

  it("accepts a PEM file with explanatory text before the block", async () => {
    const server = serverFor(PRODUCTION, { [leafUrl(PRODUCTION)]: `Tpay notifications\n${certificates.leaf.pem}\n\n` });
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));

    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header });

    expect(result).toEqual({ ok: true });
  });
});

describe("verifyTpayJws rejects a bad header before any request", () => {
  async function rejectHeader(header: string | null, body: string | Uint8Array = FORM_BODY) {
    const server = serverFor(PRODUCTION);
    const rawBody = typeof body === "string" ? encoder.encode(body) : body;
    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody, header });
    expect(server.urls).toEqual([]);
    return result;
  }

  function segment(json: string) {
    return toBase64Url(encoder.encode(json));
  }

  it("rejects a missing header", async () => {
    expect(await rejectHeader(null)).toEqual({ ok: false, reason: "missing X-JWS-Signature header" });
    expect(await rejectHeader("")).toEqual({ ok: false, reason: "missing X-JWS-Signature header" });
  });

  it("rejects two or four segments", async () => {
    const valid = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const [headerSegment, , signatureSegment] = valid.split(".");

    expect(await rejectHeader(`${headerSegment}.${signatureSegment}`)).toEqual({ ok: false, reason: "malformed JWS" });
    expect(await rejectHeader(`${headerSegment}...${signatureSegment}`)).toEqual({ ok: false, reason: "malformed JWS" });
  });

  it("rejects a non-empty payload segment", async () => {
    const valid = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const [headerSegment, , signatureSegment] = valid.split(".");
    const attached = `${headerSegment}.${toBase64Url(encoder.encode(FORM_BODY))}.${signatureSegment}`;

    expect(await rejectHeader(attached)).toEqual({ ok: false, reason: "JWS payload is not detached" });
  });

  it("rejects a header that is not base64url", async () => {
    const valid = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const signatureSegment = valid.split(".")[2];

    expect(await rejectHeader(`eyJ+YWxnIjo/..${signatureSegment}`)).toEqual({ ok: false, reason: "malformed JWS header" });
    expect(await rejectHeader(`a..${signatureSegment}`)).toEqual({ ok: false, reason: "malformed JWS header" });
  });

  it("rejects a header that is not a JSON object", async () => {
    expect(await rejectHeader(`${segment("{alg: RS256")}..c2ln`)).toEqual({ ok: false, reason: "malformed JWS header" });
    expect(await rejectHeader(`${segment('["RS256"]')}..c2ln`)).toEqual({ ok: false, reason: "malformed JWS header" });
    expect(await rejectHeader(`${segment("null")}..c2ln`)).toEqual({ ok: false, reason: "malformed JWS header" });
  });

  it("rejects alg none with an empty signature", async () => {
    const header = await signTpayBody(FORM_BODY, "", leafUrl(PRODUCTION), "none");
    expect(header.endsWith("..")).toBe(true);

    expect(await rejectHeader(header)).toEqual({ ok: false, reason: "unsupported JWS alg" });
  });

  it("rejects alg HS256 keyed with the certificate", async () => {
    const header = await signTpayBody(FORM_BODY, certificates.leaf.pem, leafUrl(PRODUCTION), "HS256");

    expect(await rejectHeader(header)).toEqual({ ok: false, reason: "unsupported JWS alg" });
  });

  it("rejects a missing or differently spelled alg", async () => {
    const x5u = leafUrl(PRODUCTION);
    expect(await rejectHeader(`${segment(JSON.stringify({ x5u }))}..c2ln`)).toEqual({ ok: false, reason: "unsupported JWS alg" });
    expect(await rejectHeader(`${segment(JSON.stringify({ alg: "rs256", x5u }))}..c2ln`)).toEqual({ ok: false, reason: "unsupported JWS alg" });
    expect(await rejectHeader(`${segment(JSON.stringify({ alg: "PS256", x5u }))}..c2ln`)).toEqual({ ok: false, reason: "unsupported JWS alg" });
  });

  it("rejects a crit header", async () => {
    const header = await signTpayBody(FORM_BODY, certificates.leaf.keys.privateKey, leafUrl(PRODUCTION), "RS256", {
      crit: ["b64"],
      b64: false,
    });

    expect(await rejectHeader(header)).toEqual({ ok: false, reason: "unsupported JWS crit" });
  });

  it("rejects a header without x5u", async () => {
    expect(await rejectHeader(`${segment('{"alg":"RS256"}')}..c2ln`)).toEqual({ ok: false, reason: "missing JWS x5u" });
    expect(await rejectHeader(`${segment('{"alg":"RS256","x5u":42}')}..c2ln`)).toEqual({ ok: false, reason: "missing JWS x5u" });
  });

  it("rejects an empty or non-base64url signature", async () => {
    const headerSegment = segment(JSON.stringify({ alg: "RS256", x5u: leafUrl(PRODUCTION) }));

    expect(await rejectHeader(`${headerSegment}..`)).toEqual({ ok: false, reason: "malformed JWS signature" });
    expect(await rejectHeader(`${headerSegment}..c2ln+/==`)).toEqual({ ok: false, reason: "malformed JWS signature" });
  });

  it("rejects a body over 64 KB", async () => {
    const body = new Uint8Array(64 * 1024 + 1).fill(0x61);
    const header = await signedByLeaf(body, leafUrl(PRODUCTION));

    expect(await rejectHeader(header, body)).toEqual({ ok: false, reason: "body too large" });
  });
});

describe("verifyTpayJws pins x5u to the base origin", () => {
  const untrusted: [string, string, string][] = [
    ["look-alike host", PRODUCTION, "https://secure.tpay.com.evil.test/x509/notifications-jws.pem"],
    ["userinfo trick", PRODUCTION, "https://secure.tpay.com@evil.test/x509/notifications-jws.pem"],
    ["userinfo on the right host", PRODUCTION, "https://user:pass@secure.tpay.com/x509/notifications-jws.pem"],
    ["http instead of https", PRODUCTION, "http://secure.tpay.com/x509/notifications-jws.pem"],
    ["another port", PRODUCTION, "https://secure.tpay.com:8443/x509/notifications-jws.pem"],
    ["explicit default port", PRODUCTION, "https://secure.tpay.com:443/x509/notifications-jws.pem"],
    ["upper-case host", PRODUCTION, "https://SECURE.tpay.com/x509/notifications-jws.pem"],
    ["other path", PRODUCTION, "https://secure.tpay.com/certs/notifications-jws.pem"],
    ["path outside x509", PRODUCTION, "https://secure.tpay.com/x509-evil/notifications-jws.pem"],
    ["not a .pem file", PRODUCTION, "https://secure.tpay.com/x509/notifications-jws.der"],
    ["x509 directory itself", PRODUCTION, "https://secure.tpay.com/x509/"],
    ["dot-dot traversal", PRODUCTION, "https://secure.tpay.com/x509/../uploads/evil.pem"],
    ["encoded traversal", PRODUCTION, "https://secure.tpay.com/x509/%2e%2e/uploads/evil.pem"],
    ["encoded slash", PRODUCTION, "https://secure.tpay.com/x509/a%2Fb.pem"],
    ["backslash", PRODUCTION, "https://secure.tpay.com/x509\\notifications-jws.pem"],
    ["query string", PRODUCTION, "https://secure.tpay.com/x509/notifications-jws.pem?x=1"],
    ["empty query", PRODUCTION, "https://secure.tpay.com/x509/notifications-jws.pem?"],
    ["fragment", PRODUCTION, "https://secure.tpay.com/x509/notifications-jws.pem#x"],
    ["relative URL", PRODUCTION, "/x509/notifications-jws.pem"],
    ["data URL", PRODUCTION, "data:text/plain,-----BEGIN%20CERTIFICATE-----"],
    ["sandbox URL for production", PRODUCTION, "https://secure.sandbox.tpay.com/x509/notifications-jws.pem"],
    ["production URL for sandbox", SANDBOX, "https://secure.tpay.com/x509/notifications-jws.pem"],
    ["production URL for the local sandbox", LOCAL, "https://secure.tpay.com/x509/notifications-jws.pem"],
    ["local sandbox outside its path", LOCAL, "http://localhost:8787/x509/notifications-jws.pem"],
    ["local sandbox look-alike path", LOCAL, "http://localhost:8787/tpay-sandbox-evil/x509/notifications-jws.pem"],
  ];

  it.each(untrusted)("rejects %s without a request", async (_name, base, x5u) => {
    // Serve a valid certificate at the hostile URL too: only the pin may stop it.
    const server = serverFor(base, { [x5u]: certificates.leaf.pem });
    const header = await signedByLeaf(FORM_BODY, x5u);

    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: base, rawBody: encoder.encode(FORM_BODY), header });

    expect(result.ok).toBe(false);
    expect(server.urls).toEqual([]);
  });

  it("names the reason for the main cases", async () => {
    const cases: [string, string][] = [
      ["https://secure.tpay.com.evil.test/x509/notifications-jws.pem", "x5u origin not trusted"],
      ["https://secure.tpay.com@evil.test/x509/notifications-jws.pem", "x5u has userinfo"],
      ["http://secure.tpay.com/x509/notifications-jws.pem", "x5u origin not trusted"],
      ["https://secure.tpay.com/certs/notifications-jws.pem", "x5u path not trusted"],
      ["https://secure.tpay.com/x509/notifications-jws.pem?x=1", "x5u has a query or fragment"],
      ["https://secure.sandbox.tpay.com/x509/notifications-jws.pem", "x5u origin not trusted"],
    ];
    for (const [x5u, reason] of cases) {
      const server = serverFor(PRODUCTION);
      const header = await signedByLeaf(FORM_BODY, x5u);
      const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header });
      expect(result, x5u).toEqual({ ok: false, reason });
    }
  });

  it("accepts another certificate file under x509", async () => {
    const x5u = `${PRODUCTION}/x509/notifications-jws-2027.pem`;
    const server = serverFor(PRODUCTION, { [x5u]: certificates.leaf.pem });
    const header = await signedByLeaf(FORM_BODY, x5u);

    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header });

    expect(result).toEqual({ ok: true });
    expect(server.urls.sort()).toEqual([x5u, rootUrl(PRODUCTION)].sort());
  });
});

describe("verifyTpayJws certificate download", () => {
  async function verifyWith(overrides: Record<string, string | (() => Response)>) {
    const server = serverFor(PRODUCTION, overrides);
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header });
    expectOnlyTrustedRequests(server.urls, PRODUCTION);
    return { result, server };
  }

  it("rejects a redirect from the certificate URL without following it", async () => {
    const redirect = () => new Response(null, { status: 302, headers: { Location: "https://evil.test/leaf.pem" } });

    const { result, server } = await verifyWith({ [leafUrl(PRODUCTION)]: redirect });

    expect(result).toEqual({ ok: false, reason: "certificate download redirected" });
    expect(server.urls).not.toContain("https://evil.test/leaf.pem");
  });

  it("rejects a redirect from the root URL", async () => {
    const redirect = () => new Response(null, { status: 301, headers: { Location: `${PRODUCTION}/x509/other.pem` } });

    const { result } = await verifyWith({ [rootUrl(PRODUCTION)]: redirect });

    expect(result).toEqual({ ok: false, reason: "certificate download redirected" });
  });

  it("rejects a status other than 200", async () => {
    const { result } = await verifyWith({ [leafUrl(PRODUCTION)]: () => new Response(certificates.leaf.pem, { status: 203 }) });

    expect(result).toEqual({ ok: false, reason: "certificate download returned 203" });
  });

  it("rejects a missing certificate", async () => {
    const server = serverFor(PRODUCTION);
    delete server.files[rootUrl(PRODUCTION)];
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));

    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header });

    expect(result).toEqual({ ok: false, reason: "certificate download returned 404" });
    expectOnlyTrustedRequests(server.urls, PRODUCTION);
  });

  it("rejects a network failure", async () => {
    const server = serverFor(PRODUCTION);
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const failing = async () => {
      throw new TypeError("network down");
    };

    const result = await verifyTpayJws({ tpayFetch: failing, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header });

    expect(result).toEqual({ ok: false, reason: "certificate download failed" });
    expect(server.urls).toEqual([]);
  });

  it("rejects a certificate over 64 KB, declared or streamed", async () => {
    const padding = " ".repeat(64 * 1024);
    const declared = () => new Response(certificates.leaf.pem + padding, { status: 200, headers: { "Content-Length": String(70_000) } });
    const streamed = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(encoder.encode(certificates.leaf.pem));
            controller.enqueue(encoder.encode(padding));
            controller.close();
          },
        }),
        { status: 200 },
      );

    expect((await verifyWith({ [leafUrl(PRODUCTION)]: declared })).result).toEqual({ ok: false, reason: "certificate too large" });
    expect((await verifyWith({ [leafUrl(PRODUCTION)]: streamed })).result).toEqual({ ok: false, reason: "certificate too large" });
  });

  it("rejects a body that is not one PEM certificate", async () => {
    const notPem = [
      "<html><body>Maintenance</body></html>",
      certificates.leaf.pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, ""),
      certificates.leaf.pem + certificates.root.pem,
      certificates.leaf.pem + "trailing text\n",
      `-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${certificates.leaf.pem}`,
      certificates.leaf.pem.replace("-----END", "\u00e9-----END"),
    ];
    for (const body of notPem) {
      const { result } = await verifyWith({ [leafUrl(PRODUCTION)]: body });
      expect(result).toEqual({ ok: false, reason: "certificate is not a single PEM certificate" });
    }
  });

  it("rejects DER bytes", async () => {
    const base64 = certificates.leaf.pem.replace(/-----[A-Z ]+-----|\s/g, "");
    const der = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));

    const { result } = await verifyWith({ [leafUrl(PRODUCTION)]: () => new Response(der, { status: 200 }) });

    expect(result).toEqual({ ok: false, reason: "certificate is not a single PEM certificate" });
  });

  it("rejects a PEM block that is not a certificate", async () => {
    const garbage = `-----BEGIN CERTIFICATE-----\n${btoa("not a certificate at all")}\n-----END CERTIFICATE-----\n`;

    const { result } = await verifyWith({ [leafUrl(PRODUCTION)]: garbage });

    expect(result).toEqual({ ok: false, reason: "certificate is not valid X.509" });
  });
});

describe("verifyTpayJws certificate chain", () => {
  async function verifyLeaf(leafPem: string, rootPem = certificates.root.pem, key = certificates.leaf.keys.privateKey) {
    const server = serverFor(PRODUCTION, { [leafUrl(PRODUCTION)]: leafPem, [rootUrl(PRODUCTION)]: rootPem });
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION), key);
    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header });
    expectOnlyTrustedRequests(server.urls, PRODUCTION);
    return result;
  }

  it("rejects a self-signed leaf", async () => {
    expect(await verifyLeaf(certificates.selfSignedLeaf.pem)).toEqual({ ok: false, reason: "certificate not issued by Tpay root" });
  });

  it("rejects a leaf from a foreign root with the same name", async () => {
    expect(await verifyLeaf(certificates.foreignLeaf.pem)).toEqual({ ok: false, reason: "certificate not issued by Tpay root" });
  });

  it("rejects a foreign root served as the root", async () => {
    expect(await verifyLeaf(certificates.leaf.pem, certificates.foreignRoot.pem)).toEqual({
      ok: false,
      reason: "certificate not issued by Tpay root",
    });
  });

  it("rejects an expired leaf", async () => {
    expect(await verifyLeaf(certificates.expiredLeaf.pem)).toEqual({ ok: false, reason: "signing certificate expired or not yet valid" });
  });

  it("rejects certificates not yet valid at now", async () => {
    const server = serverFor(PRODUCTION);
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const past = new Date(Date.now() - 2 * 24 * HOUR_MS);

    const result = await verifyTpayJws({
      tpayFetch: server.tpayFetch,
      secureBase: PRODUCTION,
      rawBody: encoder.encode(FORM_BODY),
      header,
      now: past,
    });

    expect(result).toEqual({ ok: false, reason: "root certificate expired or not yet valid" });
    expectOnlyTrustedRequests(server.urls, PRODUCTION);
  });

  it("rejects a root that is not a CA", async () => {
    expect(await verifyLeaf(certificates.leafUnderRootNotCa.pem, certificates.rootNotCa.pem)).toEqual({
      ok: false,
      reason: "root certificate is not a CA",
    });
  });

  it("rejects a leaf that is a CA", async () => {
    expect(await verifyLeaf(certificates.root.pem, certificates.root.pem, certificates.root.keys.privateKey)).toEqual({
      ok: false,
      reason: "signing certificate is a CA",
    });
  });

  it("rejects a root that is not self-signed", async () => {
    expect(await verifyLeaf(certificates.leaf.pem, certificates.leaf.pem)).toEqual({ ok: false, reason: "root certificate is not self-signed" });
  });
});

describe("verifyTpayJws signature", () => {
  it("rejects a signature over a body with one byte changed", async () => {
    const server = serverFor(PRODUCTION);
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const changed = encoder.encode(FORM_BODY);
    changed[changed.indexOf(0x35)] = 0x36; // merchant id 12345 becomes 12346

    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: changed, header });

    expect(result).toEqual({ ok: false, reason: "invalid JWS signature" });
    expectOnlyTrustedRequests(server.urls, PRODUCTION);
  });

  it("rejects a body re-encoded after parsing", async () => {
    const server = serverFor(PRODUCTION);
    const body = "tr_desc=Op%C5%82ata+za+rachunek&id=1";
    const header = await signedByLeaf(body, leafUrl(PRODUCTION));
    const reencoded = new URLSearchParams(body).toString().replace(/\+/g, "%20");

    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(reencoded), header });

    expect(result).toEqual({ ok: false, reason: "invalid JWS signature" });
    expectOnlyTrustedRequests(server.urls, PRODUCTION);
  });

  it("rejects a signature by a key that is not the leaf's", async () => {
    const server = serverFor(PRODUCTION);
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION), certificates.rotatedLeaf.keys.privateKey);

    const result = await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header });

    expect(result).toEqual({ ok: false, reason: "invalid JWS signature" });
    expectOnlyTrustedRequests(server.urls, PRODUCTION);
  });
});

describe("verifyTpayJws certificate cache", () => {
  it("reuses fetched certificates within an hour", async () => {
    const server = serverFor(PRODUCTION);
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const now = new Date();
    const input = { tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header };

    expect(await verifyTpayJws({ ...input, now })).toEqual({ ok: true });
    expect(await verifyTpayJws({ ...input, now: new Date(now.getTime() + 59 * 60 * 1000) })).toEqual({ ok: true });

    expect(server.urls).toHaveLength(2);
  });

  it("fetches again after an hour", async () => {
    const server = serverFor(PRODUCTION);
    const header = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const now = new Date();
    const input = { tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header };

    await verifyTpayJws({ ...input, now });
    expect(await verifyTpayJws({ ...input, now: new Date(now.getTime() + HOUR_MS + 1) })).toEqual({ ok: true });

    expect(server.urls).toHaveLength(4);
  });

  it("refetches once when a cached certificate was rotated", async () => {
    const server = serverFor(PRODUCTION);
    const now = new Date();
    const oldHeader = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: PRODUCTION, rawBody: encoder.encode(FORM_BODY), header: oldHeader, now });

    server.files[leafUrl(PRODUCTION)] = certificates.rotatedLeaf.pem;
    const newHeader = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION), certificates.rotatedLeaf.keys.privateKey);
    const later = new Date(now.getTime() + 5 * 60 * 1000);
    const result = await verifyTpayJws({
      tpayFetch: server.tpayFetch,
      secureBase: PRODUCTION,
      rawBody: encoder.encode(FORM_BODY),
      header: newHeader,
      now: later,
    });

    expect(result).toEqual({ ok: true });
    expect(server.urls).toHaveLength(4);
  });

  it("rejects after one refetch when the signature stays invalid", async () => {
    const server = serverFor(PRODUCTION);
    const now = new Date();
    const valid = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const input = { tpayFetch: server.tpayFetch, secureBase: PRODUCTION, header: valid };
    await verifyTpayJws({ ...input, rawBody: encoder.encode(FORM_BODY), now });

    const result = await verifyTpayJws({ ...input, rawBody: encoder.encode(`${FORM_BODY}x`), now: new Date(now.getTime() + 5 * 60 * 1000) });

    expect(result).toEqual({ ok: false, reason: "invalid JWS signature" });
    expect(server.urls).toHaveLength(4);
  });

  it("does not refetch certificates fetched under a minute ago", async () => {
    const server = serverFor(PRODUCTION);
    const now = new Date();
    const valid = await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION));
    const input = { tpayFetch: server.tpayFetch, secureBase: PRODUCTION, header: valid };
    await verifyTpayJws({ ...input, rawBody: encoder.encode(FORM_BODY), now });

    for (let i = 0; i < 5; i++) {
      const result = await verifyTpayJws({ ...input, rawBody: encoder.encode(`${FORM_BODY}${i}`), now: new Date(now.getTime() + 30_000) });
      expect(result).toEqual({ ok: false, reason: "invalid JWS signature" });
    }

    expect(server.urls).toHaveLength(2);
  });

  it("keeps caches of different bases apart", async () => {
    const production = serverFor(PRODUCTION);
    const sandbox = serverFor(SANDBOX, { [leafUrl(SANDBOX)]: certificates.foreignLeaf.pem, [rootUrl(SANDBOX)]: certificates.foreignRoot.pem });
    const body = encoder.encode(FORM_BODY);

    expect(
      await verifyTpayJws({ tpayFetch: production.tpayFetch, secureBase: PRODUCTION, rawBody: body, header: await signedByLeaf(FORM_BODY, leafUrl(PRODUCTION)) }),
    ).toEqual({ ok: true });
    expect(
      await verifyTpayJws({ tpayFetch: sandbox.tpayFetch, secureBase: SANDBOX, rawBody: body, header: await signedByLeaf(FORM_BODY, leafUrl(SANDBOX)) }),
    ).toEqual({ ok: true });

    expect(production.urls.sort()).toEqual([leafUrl(PRODUCTION), rootUrl(PRODUCTION)].sort());
    expect(sandbox.urls.sort()).toEqual([leafUrl(SANDBOX), rootUrl(SANDBOX)].sort());
  });
});

describe("tpayNotificationMd5", () => {
  const vector = { id: "12345", tr_id: "TR-1234-89012345678901234567890", tr_amount: "10.50", tr_crc: "order_42" };

  it("matches the reference vector", async () => {
    expect(await tpayNotificationMd5(vector, "MySecurityCode")).toBe("20cb3d3cb387c85d84c82cad3e0240b6");
  });

  it("normalises the amount to two decimals", async () => {
    expect(await tpayNotificationMd5({ ...vector, tr_amount: "10.5" }, "MySecurityCode")).toBe("20cb3d3cb387c85d84c82cad3e0240b6");
  });

  it("throws on an amount that is not a decimal", async () => {
    await expect(tpayNotificationMd5({ ...vector, tr_amount: "10,50" }, "MySecurityCode")).rejects.toThrow(RangeError);
    await expect(tpayNotificationMd5({ ...vector, tr_amount: "-1.00" }, "MySecurityCode")).rejects.toThrow(RangeError);
  });
});

describe("checkTpayMd5", () => {
  const fields: TpayPaymentFields = {
    id: "12345",
    tr_id: "TR-1234-89012345678901234567890",
    tr_date: "2026-12-04 10:15:00",
    tr_crc: "order_42",
    tr_amount: "10.50",
    tr_paid: "10.50",
    tr_desc: "Opłata",
    tr_status: "TRUE",
    tr_error: "none",
    tr_email: "jan@example.com",
    test_mode: "0",
    tr_currency: "PLN",
    md5sum: "20cb3d3cb387c85d84c82cad3e0240b6",
  };

  it("accepts the right security code", async () => {
    expect(await checkTpayMd5(fields, "MySecurityCode")).toBe(true);
    expect(await checkTpayMd5({ ...fields, md5sum: fields.md5sum.toUpperCase() }, "MySecurityCode")).toBe(true);
  });

  it("rejects a wrong code or changed field", async () => {
    expect(await checkTpayMd5(fields, "OtherCode")).toBe(false);
    expect(await checkTpayMd5({ ...fields, tr_amount: "10.51" }, "MySecurityCode")).toBe(false);
    expect(await checkTpayMd5({ ...fields, tr_crc: "order_43" }, "MySecurityCode")).toBe(false);
    expect(await checkTpayMd5({ ...fields, md5sum: "" }, "MySecurityCode")).toBe(false);
  });

  it("rejects an amount that is not a decimal", async () => {
    expect(await checkTpayMd5({ ...fields, tr_amount: "abc" }, "MySecurityCode")).toBe(false);
  });

  it("hashes a non-ASCII security code as UTF-8", async () => {
    const code = "kod<z>ółć";
    const md5sum = await tpayNotificationMd5(fields, code);
    expect(await checkTpayMd5({ ...fields, md5sum }, code)).toBe(true);
  });
});

describe("parseTpayNotification", () => {
  const FORM = "application/x-www-form-urlencoded";

  it("parses a form with Polish characters and plus signs", () => {
    const body = FORM_BODY.replace("tr_desc=Op%C5%82ata+za+rachunek+nr+3", "tr_desc=Za%C5%BC%C3%B3%C5%82%C4%87+g%C4%99%C5%9Bl%C4%85+ja%C5%BA%C5%84+%2B+1");

    const parsed = parseTpayNotification(encoder.encode(body), FORM);

    expect(parsed).toEqual({
      kind: "payment",
      fields: {
        id: "12345",
        tr_id: "TR-BRA-79FR0X",
        tr_date: "2026-12-04 10:15:00",
        tr_crc: "b_abcdefghijklmnopqrstuv",
        tr_amount: "10.50",
        tr_paid: "10.50",
        tr_desc: "Zażółć gęślą jaźń + 1",
        tr_status: "TRUE",
        tr_error: "none",
        tr_email: "jan@example.com",
        test_mode: "0",
        tr_currency: "PLN",
        md5sum: "0123456789abcdef0123456789abcdef",
      },
    });
  });

  it("treats a missing content type as a form", () => {
    expect(parseTpayNotification(encoder.encode(FORM_BODY), null).kind).toBe("payment");
    expect(parseTpayNotification(encoder.encode(FORM_BODY), "application/x-www-form-urlencoded; charset=UTF-8").kind).toBe("payment");
  });

  it("fills in the optional fields", () => {
    const body = FORM_BODY.replace("&test_mode=0", "").replace("&tr_currency=PLN", "");

    const parsed = parseTpayNotification(encoder.encode(body), FORM);

    expect(parsed.kind).toBe("payment");
    if (parsed.kind !== "payment") return;
    expect(parsed.fields.test_mode).toBe("0");
    expect(parsed.fields.tr_currency).toBe(null);
  });

  it("keeps an empty tr_crc", () => {
    const parsed = parseTpayNotification(encoder.encode(FORM_BODY.replace("tr_crc=b_abcdefghijklmnopqrstuv", "tr_crc=")), FORM);

    expect(parsed.kind).toBe("payment");
    if (parsed.kind !== "payment") return;
    expect(parsed.fields.tr_crc).toBe("");
  });

  it("parses a JSON payment notification", () => {
    const json = {
      id: 12345,
      tr_id: "TR-BRA-79FR0X",
      tr_date: "2026-12-04 10:15:00",
      tr_crc: "b_abcdefghijklmnopqrstuv",
      tr_amount: "10.50",
      tr_paid: 10.5,
      tr_desc: "Opłata",
      tr_status: "TRUE",
      tr_error: "none",
      tr_email: "jan@example.com",
      test_mode: "1",
      md5sum: "0123456789abcdef0123456789abcdef",
    };

    const parsed = parseTpayNotification(encoder.encode(JSON.stringify(json)), "application/json; charset=utf-8");

    expect(parsed.kind).toBe("payment");
    if (parsed.kind !== "payment") return;
    expect(parsed.fields.id).toBe("12345");
    expect(parsed.fields.tr_paid).toBe("10.5");
    expect(parsed.fields.tr_desc).toBe("Opłata");
    expect(parsed.fields.test_mode).toBe("1");
    expect(parsed.fields.tr_currency).toBe(null);
  });

  it("returns other for marketplace, tokenization and BLIK alias notifications", () => {
    const marketplace = JSON.stringify({
      type: "marketplace_transaction",
      data: { transactionId: "ta_x", transactionTitle: "TR-BRA-79FR0X", transactionStatus: "correct" },
    });
    expect(parseTpayNotification(encoder.encode(marketplace), "application/json")).toEqual({ kind: "other", type: "marketplace_transaction" });
    expect(parseTpayNotification(encoder.encode("type=tokenization&data%5Btoken%5D=abc"), FORM)).toEqual({ kind: "other", type: "tokenization" });
    expect(parseTpayNotification(encoder.encode("event=ALIAS_REGISTER&msg_value%5Bvalue%5D=x"), FORM)).toEqual({
      kind: "other",
      type: "ALIAS_REGISTER",
    });
  });

  it("rejects a payment notification with a missing field", () => {
    const body = FORM_BODY.replace("&md5sum=0123456789abcdef0123456789abcdef", "");

    expect(parseTpayNotification(encoder.encode(body), FORM)).toEqual({ kind: "invalid", reason: "missing field md5sum" });
  });

  it("rejects an empty tr_amount", () => {
    const body = FORM_BODY.replace("tr_amount=10.50", "tr_amount=");

    expect(parseTpayNotification(encoder.encode(body), FORM)).toEqual({ kind: "invalid", reason: "empty field tr_amount" });
  });

  it("rejects a repeated field", () => {
    expect(parseTpayNotification(encoder.encode(`${FORM_BODY}&tr_paid=99.00`), FORM)).toEqual({ kind: "invalid", reason: "duplicate field tr_paid" });
  });

  it("rejects a body over 64 KB", () => {
    const body = `${FORM_BODY}&padding=${"a".repeat(64 * 1024)}`;

    expect(parseTpayNotification(encoder.encode(body), FORM)).toEqual({ kind: "invalid", reason: "body too large" });
  });

  it("rejects bodies it cannot read", () => {
    expect(parseTpayNotification(encoder.encode("foo=bar"), FORM)).toEqual({ kind: "invalid", reason: "unknown notification type" });
    expect(parseTpayNotification(new Uint8Array(0), FORM)).toEqual({ kind: "invalid", reason: "unknown notification type" });
    expect(parseTpayNotification(new Uint8Array([0x69, 0x64, 0x3d, 0xff]), FORM)).toEqual({ kind: "invalid", reason: "body is not UTF-8" });
    expect(parseTpayNotification(encoder.encode("{"), "application/json")).toEqual({ kind: "invalid", reason: "body is not valid JSON" });
    expect(parseTpayNotification(encoder.encode("[1]"), "application/json")).toEqual({ kind: "invalid", reason: "body is not a JSON object" });
    expect(parseTpayNotification(encoder.encode('{"tr_id":{"a":1}}'), "application/json")).toEqual({
      kind: "invalid",
      reason: "field tr_id is not a string",
    });
  });

  it("parses a form body signed and verified end to end", async () => {
    const server = serverFor(LOCAL);
    const rawBody = encoder.encode(FORM_BODY);
    const header = await signedByLeaf(rawBody, leafUrl(LOCAL));

    expect(await verifyTpayJws({ tpayFetch: server.tpayFetch, secureBase: LOCAL, rawBody, header })).toEqual({ ok: true });
    expect(parseTpayNotification(rawBody, FORM).kind).toBe("payment");
  });
});

describe("isTpayTestNotificationTitle", () => {
  it.each(["TR-ABC-TST123X", "TR-1234-TST1X"])("recognises %s", (title) => {
    expect(isTpayTestNotificationTitle(title)).toBe(true);
  });

  it.each(["TR-BRA-79FR0X", "TR-ABC-TST123", "TR-ABC-TSTX", "tr-abc-tst123x", "TR-ABC-TST123X ", "XTR-ABC-TST123X"])("rejects %j", (title) => {
    expect(isTpayTestNotificationTitle(title)).toBe(false);
  });
});
