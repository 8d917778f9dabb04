// The sandbox's JWS certificates, made on first use and kept in its database: a root CA (like
// Tpay's tpay-jws-root.pem) and a leaf (like notifications-jws.pem) that signs notifications.
// A second, self-signed "foreign" certificate serves the tests that a chain check must catch.
// Keys are RSA 2048, RSASSA-PKCS1-v1_5 with SHA-256 (RS256).

import "reflect-metadata"; // @peculiar/x509 needs the Reflect metadata polyfill before it loads
import * as x509 from "@peculiar/x509";

export const LEAF_PEM_PATH = "/x509/notifications-jws.pem";
export const ROOT_PEM_PATH = "/x509/tpay-jws-root.pem";
export const FOREIGN_PEM_PATH = "/x509/foreign-self-signed.pem";

const RSA_ALGORITHM: RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CertificateChain {
  rootPem: string;
  leafPem: string;
  /** Private key of the leaf, for signing notifications. */
  leafKey: CryptoKey;
}

interface CertificateRow {
  name: string;
  root_pem: string;
  root_key_pkcs8: string;
  leaf_pem: string;
  leaf_key_pkcs8: string;
}

type ChainName = "sandbox" | "foreign";

function toBase64(buffer: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(RSA_ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function exportKey(key: CryptoKey): Promise<string> {
  return toBase64((await crypto.subtle.exportKey("pkcs8", key)) as ArrayBuffer);
}

/** Root CA (CA:TRUE critical, keyCertSign + cRLSign, 10 years) and a leaf it signs (825 days). */
async function generateSandboxChain(): Promise<Omit<CertificateRow, "name">> {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const rootKeys = await generateKeys();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "O=Local Tpay Sandbox, CN=Sandbox JWS Root CA",
    notBefore,
    notAfter: new Date(notBefore.getTime() + 3650 * DAY_MS),
    signingAlgorithm: RSA_ALGORITHM,
    keys: rootKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  const leafKeys = await generateKeys();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: "02",
    subject: "O=Local Tpay Sandbox, CN=notifications-jws",
    issuer: root.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + 825 * DAY_MS),
    signingAlgorithm: RSA_ALGORITHM,
    publicKey: leafKeys.publicKey,
    signingKey: rootKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  return {
    root_pem: root.toString("pem"),
    root_key_pkcs8: await exportKey(rootKeys.privateKey),
    leaf_pem: leaf.toString("pem"),
    leaf_key_pkcs8: await exportKey(leafKeys.privateKey),
  };
}

/** Generates a self-signed certificate that no sandbox root vouches for, so it is its own "root". */
async function generateForeignCertificate(): Promise<Omit<CertificateRow, "name">> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "03",
    name: "O=Not Tpay, CN=notifications-jws",
    notBefore: new Date(Date.now() - 60 * 60 * 1000),
    notAfter: new Date(Date.now() + 825 * DAY_MS),
    signingAlgorithm: RSA_ALGORITHM,
    keys,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pem = certificate.toString("pem");
  const key = await exportKey(keys.privateKey);
  return { root_pem: pem, root_key_pkcs8: key, leaf_pem: pem, leaf_key_pkcs8: key };
}

async function loadOrCreate(db: D1Database, name: ChainName): Promise<CertificateChain> {
  let row = await db.prepare("SELECT * FROM sim_certificates WHERE name = ?").bind(name).first<CertificateRow>();
  if (!row) {
    const generated = name === "sandbox" ? await generateSandboxChain() : await generateForeignCertificate();
    // Two isolates may generate at once: the first insert wins and both use the stored row.
    await db
      .prepare("INSERT OR IGNORE INTO sim_certificates (name, root_pem, root_key_pkcs8, leaf_pem, leaf_key_pkcs8, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(name, generated.root_pem, generated.root_key_pkcs8, generated.leaf_pem, generated.leaf_key_pkcs8, new Date().toISOString())
      .run();
    row = await db.prepare("SELECT * FROM sim_certificates WHERE name = ?").bind(name).first<CertificateRow>();
    if (!row) throw new Error(`Sandbox certificate "${name}" was not stored`);
  }
  const leafKey = await crypto.subtle.importKey("pkcs8", fromBase64(row.leaf_key_pkcs8), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return { rootPem: row.root_pem, leafPem: row.leaf_pem, leafKey };
}

// Per isolate and database binding, so the served PEMs and the signing key always match.
const chains = new WeakMap<D1Database, Map<ChainName, Promise<CertificateChain>>>();

/** Returns the sandbox's chain (or the foreign certificate), generated and stored on first use. */
export function certificateChain(db: D1Database, name: ChainName = "sandbox"): Promise<CertificateChain> {
  let byName = chains.get(db);
  if (!byName) {
    byName = new Map();
    chains.set(db, byName);
  }
  let promise = byName.get(name);
  if (!promise) {
    promise = loadOrCreate(db, name);
    promise.catch(() => byName.delete(name));
    byName.set(name, promise);
  }
  return promise;
}

export function pemResponse(pem: string): Response {
  return new Response(pem, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
