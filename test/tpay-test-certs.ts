// Test certificate chains, signed notifications and a fake certificate server standing in for
// Tpay's. Everything is generated with WebCrypto and @peculiar/x509, and nothing is fetched.
import "reflect-metadata";
import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from "@peculiar/x509";
import type { TpayFetch } from "~/models/tpay-api.server";
import { toBase64Url } from "~/utils/crypto.server";

const RSA_KEY: RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const DAY_MS = 24 * 60 * 60 * 1000;

export const TEST_ROOT_NAME = "O=Test Tpay, CN=Test Tpay JWS Root CA";

export interface TestCertificate {
  pem: string;
  keys: CryptoKeyPair;
}

export interface TpayTestCertificates {
  /** Self-signed CA, served as tpay-jws-root.pem. */
  root: TestCertificate;
  /** End-entity certificate signed by root, like the one Tpay signs notifications with. */
  leaf: TestCertificate;
  /** Another self-signed CA with the same subject name as root. */
  foreignRoot: TestCertificate;
  /** leaf's key and subject, certified by foreignRoot instead of root. */
  foreignLeaf: TestCertificate;
  /** leaf's key, signed by root, valid only until 30 days ago. */
  expiredLeaf: TestCertificate;
  /** leaf's key in a certificate signed by itself. */
  selfSignedLeaf: TestCertificate;
  /** A second leaf signed by root with its own key (a rotated certificate). */
  rotatedLeaf: TestCertificate;
  /** Self-signed with the root's name but basicConstraints CA:FALSE. */
  rootNotCa: TestCertificate;
  /** A leaf signed by rootNotCa. */
  leafUnderRootNotCa: TestCertificate;
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(RSA_KEY, true, ["sign", "verify"])) as CryptoKeyPair;
}

function caExtensions(ca: boolean) {
  return ca
    ? [new BasicConstraintsExtension(true, undefined, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)]
    : [new BasicConstraintsExtension(false, undefined, true), new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true)];
}

async function selfSigned(name: string, keys: CryptoKeyPair, ca: boolean, now: number): Promise<TestCertificate> {
  const certificate = await X509CertificateGenerator.createSelfSigned({
    name,
    keys,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 3650 * DAY_MS),
    signingAlgorithm: RSA_KEY,
    extensions: [...caExtensions(ca), await SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
  return { pem: certificate.toString("pem"), keys };
}

async function issued(
  subject: string,
  keys: CryptoKeyPair,
  issuerName: string,
  issuerKeys: CryptoKeyPair,
  validity: { notBefore: Date; notAfter: Date },
): Promise<TestCertificate> {
  const certificate = await X509CertificateGenerator.create({
    subject,
    issuer: issuerName,
    publicKey: keys.publicKey,
    signingKey: issuerKeys.privateKey,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    signingAlgorithm: RSA_KEY,
    extensions: caExtensions(false),
  });
  return { pem: certificate.toString("pem"), keys };
}

/** Generates every chain the tests need, valid around the real current time. */
export async function createTpayTestCertificates(): Promise<TpayTestCertificates> {
  const now = Date.now();
  const [rootKeys, leafKeys, foreignRootKeys, rotatedKeys, notCaKeys] = await Promise.all([
    generateKeys(),
    generateKeys(),
    generateKeys(),
    generateKeys(),
    generateKeys(),
  ]);
  const current = { notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 825 * DAY_MS) };
  const leafName = "O=Test Tpay, CN=notifications-jws";

  const root = await selfSigned(TEST_ROOT_NAME, rootKeys, true, now);
  const foreignRoot = await selfSigned(TEST_ROOT_NAME, foreignRootKeys, true, now);
  const rootNotCa = await selfSigned(TEST_ROOT_NAME, notCaKeys, false, now);

  return {
    root,
    leaf: await issued(leafName, leafKeys, TEST_ROOT_NAME, rootKeys, current),
    foreignRoot,
    foreignLeaf: await issued(leafName, leafKeys, TEST_ROOT_NAME, foreignRootKeys, current),
    expiredLeaf: await issued(leafName, leafKeys, TEST_ROOT_NAME, rootKeys, {
      notBefore: new Date(now - 60 * DAY_MS),
      notAfter: new Date(now - 30 * DAY_MS),
    }),
    selfSignedLeaf: await selfSigned(leafName, leafKeys, false, now),
    rotatedLeaf: await issued(leafName, rotatedKeys, TEST_ROOT_NAME, rootKeys, current),
    rootNotCa,
    leafUnderRootNotCa: await issued(leafName, leafKeys, TEST_ROOT_NAME, notCaKeys, current),
  };
}

/**
 * Builds an X-JWS-Signature value for `body` the way Tpay does: a detached compact JWS
 * `header..signature`. With alg RS256, `key` is the RSA private key. With HS256, `key` is the
 * HMAC secret, such as the certificate PEM in an algorithm-confusion attack. With "none" the
 * signature is empty.
 */
export async function signTpayBody(
  body: Uint8Array | string,
  key: CryptoKey | string,
  x5u: string,
  alg = "RS256",
  extraHeader: Record<string, unknown> = {},
): Promise<string> {
  const encoder = new TextEncoder();
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const headerSegment = toBase64Url(encoder.encode(JSON.stringify({ alg, x5u, ...extraHeader })));
  const signingInput = encoder.encode(`${headerSegment}.${toBase64Url(bytes)}`);

  let signature: ArrayBuffer;
  if (alg === "none") {
    signature = new ArrayBuffer(0);
  } else if (typeof key === "string") {
    const hmacKey = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    signature = await crypto.subtle.sign("HMAC", hmacKey, signingInput);
  } else {
    signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, signingInput);
  }
  return `${headerSegment}..${toBase64Url(new Uint8Array(signature))}`;
}

export type CertificateFileResponse = string | (() => Response);

/**
 * Creates a fake TpayFetch standing in for Tpay's certificate server. `files` maps full URLs to
 * a PEM text, served with status 200, or to a Response factory. Any other URL gets 404. Every
 * requested URL and its init are recorded, including requests that would leave the trusted origin.
 */
export function createCertificateServer(files: Record<string, CertificateFileResponse>) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const tpayFetch: TpayFetch = async (input, init) => {
    const url = typeof input === "string" ? input : input.url;
    requests.push({ url, init });
    const file = files[url];
    if (file === undefined) return new Response("Not found", { status: 404 });
    if (typeof file === "function") return file();
    return new Response(file, { status: 200, headers: { "Content-Type": "application/x-pem-file" } });
  };
  return {
    tpayFetch,
    files,
    requests,
    get urls() {
      return requests.map((request) => request.url);
    },
  };
}
