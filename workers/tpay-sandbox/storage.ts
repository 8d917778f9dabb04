// Storage of the local Tpay sandbox: its own D1 database (binding TPAY_SANDBOX_DB), never the
// app's. Tables are created on first use with CREATE TABLE IF NOT EXISTS. Amounts are grosze.

import { randomAlphanumeric, randomHex } from "./util";

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS sim_merchants (
    merchant_id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL UNIQUE,
    client_secret TEXT NOT NULL,
    security_code TEXT NOT NULL,
    label TEXT NOT NULL,
    test_mode INTEGER NOT NULL DEFAULT 0,
    accept_overpay INTEGER NOT NULL DEFAULT 1,
    underpay_threshold INTEGER NOT NULL DEFAULT 0,
    two_step INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS sim_tokens (
    access_token TEXT PRIMARY KEY,
    merchant_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS sim_transactions (
    transaction_id TEXT PRIMARY KEY,
    title TEXT NOT NULL UNIQUE,
    merchant_id TEXT NOT NULL,
    pos_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    description TEXT NOT NULL,
    hidden_description TEXT NOT NULL,
    lang TEXT,
    payer_json TEXT NOT NULL,
    notification_url TEXT,
    notification_email TEXT,
    success_url TEXT,
    error_url TEXT,
    status TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    amount_paid INTEGER NOT NULL DEFAULT 0,
    amount_refunded INTEGER NOT NULL DEFAULT 0,
    test_mode INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    realized_at TEXT,
    created_ms INTEGER NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS sim_transactions_merchant ON sim_transactions (merchant_id, created_ms)`,
  `CREATE TABLE IF NOT EXISTS sim_refunds (
    refund_id TEXT PRIMARY KEY,
    transaction_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    full_refund INTEGER NOT NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS sim_notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transaction_id TEXT,
    merchant_id TEXT NOT NULL,
    title TEXT NOT NULL,
    tr_status TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    headers_json TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    next_attempt_at TEXT,
    follow_up_id INTEGER,
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS sim_notification_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_id INTEGER NOT NULL,
    trigger TEXT NOT NULL,
    started_at TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    error TEXT,
    delivered INTEGER NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS sim_notification_attempts_notification ON sim_notification_attempts (notification_id)`,
  `CREATE TABLE IF NOT EXISTS sim_certificates (
    name TEXT PRIMARY KEY,
    root_pem TEXT NOT NULL,
    root_key_pkcs8 TEXT NOT NULL,
    leaf_pem TEXT NOT NULL,
    leaf_key_pkcs8 TEXT NOT NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS sim_received (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    receiver TEXT NOT NULL,
    body TEXT NOT NULL,
    headers_json TEXT NOT NULL,
    received_at TEXT NOT NULL
  )`,
];

export interface SandboxMerchant {
  merchantId: string;
  clientId: string;
  clientSecret: string;
  securityCode: string;
}

/** The demo freelancer's merchant account; `npm start` connects the demo freelancer to it. */
export const SANDBOX_DEMO_MERCHANT: SandboxMerchant = {
  merchantId: "12345",
  clientId: "12345-0123456789abcdef",
  clientSecret: "dev-only-demo-client-secret",
  securityCode: "dev-only-demo-security-code",
};

/** The platform's own account (subscriptions); matches TPAY_PLATFORM_* in wrangler.toml. */
export const SANDBOX_PLATFORM_MERCHANT: SandboxMerchant = {
  merchantId: "99999",
  clientId: "99999-00000000platform",
  clientSecret: "dev-only-platform-client-secret",
  securityCode: "dev-only-platform-security-code",
};

export interface MerchantOptions {
  testMode: boolean;
  acceptOverpay: boolean;
  /** Grosze a payer may pay too little and still get TRUE/surcharge. */
  underpayThreshold: number;
  twoStep: boolean;
}

export const DEFAULT_MERCHANT_OPTIONS: MerchantOptions = { testMode: false, acceptOverpay: true, underpayThreshold: 0, twoStep: false };

export interface MerchantRow extends SandboxMerchant, MerchantOptions {
  label: string;
  createdAt: string;
}

export type TransactionStatus = "pending" | "correct" | "paid" | "error" | "canceled" | "refund";

export interface TransactionRow {
  transaction_id: string;
  title: string;
  merchant_id: string;
  pos_id: string;
  amount: number;
  currency: string;
  description: string;
  hidden_description: string;
  lang: string | null;
  payer_json: string;
  notification_url: string | null;
  notification_email: string | null;
  success_url: string | null;
  error_url: string | null;
  status: TransactionStatus;
  payment_status: string;
  amount_paid: number;
  amount_refunded: number;
  test_mode: number;
  created_at: string;
  realized_at: string | null;
  created_ms: number;
}

export interface NotificationRow {
  id: number;
  transaction_id: string | null;
  merchant_id: string;
  title: string;
  tr_status: string;
  url: string;
  body: string;
  headers_json: string;
  /** pending (waiting for an attempt), sending, delivered, failed (attempts used up). */
  status: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string | null;
  follow_up_id: number | null;
  created_at: string;
}

export interface AttemptRow {
  id: number;
  notification_id: number;
  trigger: string;
  started_at: string;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  delivered: number;
}

// Schema creation per database binding, once per isolate. A "no such table" error (storage
// reset under a running isolate, as between test files) clears the memo and creates it again.
const ready = new WeakMap<D1Database, Promise<void>>();

async function createSchema(db: D1Database): Promise<void> {
  await db.batch(SCHEMA.map((statement) => db.prepare(statement)));
  const now = new Date().toISOString();
  const insert = `INSERT OR IGNORE INTO sim_merchants (merchant_id, client_id, client_secret, security_code, label, created_at)
    VALUES (?, ?, ?, ?, ?, ?)`;
  await db.batch([
    db.prepare(insert).bind(SANDBOX_DEMO_MERCHANT.merchantId, SANDBOX_DEMO_MERCHANT.clientId, SANDBOX_DEMO_MERCHANT.clientSecret,
      SANDBOX_DEMO_MERCHANT.securityCode, "Konto demo (freelancer)", now),
    db.prepare(insert).bind(SANDBOX_PLATFORM_MERCHANT.merchantId, SANDBOX_PLATFORM_MERCHANT.clientId,
      SANDBOX_PLATFORM_MERCHANT.clientSecret, SANDBOX_PLATFORM_MERCHANT.securityCode, "Konto platformy (abonamenty)", now),
  ]);
}

function ensureSchema(db: D1Database): Promise<void> {
  let promise = ready.get(db);
  if (!promise) {
    promise = createSchema(db);
    promise.catch(() => ready.delete(db));
    ready.set(db, promise);
  }
  return promise;
}

/** Runs `work` on the sandbox database once its tables exist. */
export async function withSandboxDb<T>(db: D1Database, work: (db: D1Database) => Promise<T>): Promise<T> {
  await ensureSchema(db);
  try {
    return await work(db);
  } catch (error) {
    if (!(error instanceof Error) || !/no such table/i.test(error.message)) throw error;
    ready.delete(db);
    await ensureSchema(db);
    return work(db);
  }
}

interface MerchantDbRow {
  merchant_id: string;
  client_id: string;
  client_secret: string;
  security_code: string;
  label: string;
  test_mode: number;
  accept_overpay: number;
  underpay_threshold: number;
  two_step: number;
  created_at: string;
}

function toMerchant(row: MerchantDbRow): MerchantRow {
  return {
    merchantId: row.merchant_id,
    clientId: row.client_id,
    clientSecret: row.client_secret,
    securityCode: row.security_code,
    label: row.label,
    testMode: row.test_mode === 1,
    acceptOverpay: row.accept_overpay === 1,
    underpayThreshold: row.underpay_threshold,
    twoStep: row.two_step === 1,
    createdAt: row.created_at,
  };
}

export async function listMerchants(db: D1Database): Promise<MerchantRow[]> {
  const { results } = await db.prepare("SELECT * FROM sim_merchants ORDER BY created_at, merchant_id").all<MerchantDbRow>();
  return results.map(toMerchant);
}

export async function findMerchant(db: D1Database, merchantId: string): Promise<MerchantRow | null> {
  const row = await db.prepare("SELECT * FROM sim_merchants WHERE merchant_id = ?").bind(merchantId).first<MerchantDbRow>();
  return row ? toMerchant(row) : null;
}

export async function findMerchantByClientId(db: D1Database, clientId: string): Promise<MerchantRow | null> {
  const row = await db.prepare("SELECT * FROM sim_merchants WHERE client_id = ?").bind(clientId).first<MerchantDbRow>();
  return row ? toMerchant(row) : null;
}

/** Creates a merchant with random credentials and a free id from 20000 to 89999. */
export async function createMerchant(db: D1Database, options: MerchantOptions, label: string): Promise<MerchantRow> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const [value] = crypto.getRandomValues(new Uint32Array(1));
    const merchantId = String(20000 + (value % 70000));
    const merchant: MerchantRow = {
      merchantId,
      clientId: `${merchantId}-${randomHex(16)}`,
      clientSecret: randomAlphanumeric(32),
      securityCode: randomAlphanumeric(24),
      label,
      createdAt: new Date().toISOString(),
      ...options,
    };
    const result = await db
      .prepare(
        `INSERT OR IGNORE INTO sim_merchants
          (merchant_id, client_id, client_secret, security_code, label, test_mode, accept_overpay, underpay_threshold, two_step, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(merchant.merchantId, merchant.clientId, merchant.clientSecret, merchant.securityCode, label, Number(options.testMode),
        Number(options.acceptOverpay), options.underpayThreshold, Number(options.twoStep), merchant.createdAt)
      .run();
    if (result.meta.changes === 1) return merchant;
  }
  throw new Error("No free sandbox merchant id found");
}

export async function updateMerchantOptions(db: D1Database, merchantId: string, options: MerchantOptions): Promise<void> {
  await db
    .prepare("UPDATE sim_merchants SET test_mode = ?, accept_overpay = ?, underpay_threshold = ?, two_step = ? WHERE merchant_id = ?")
    .bind(Number(options.testMode), Number(options.acceptOverpay), options.underpayThreshold, Number(options.twoStep), merchantId)
    .run();
}

export async function findTransaction(db: D1Database, transactionId: string): Promise<TransactionRow | null> {
  return db.prepare("SELECT * FROM sim_transactions WHERE transaction_id = ?").bind(transactionId).first<TransactionRow>();
}

export async function findTransactionByTitle(db: D1Database, title: string): Promise<TransactionRow | null> {
  return db.prepare("SELECT * FROM sim_transactions WHERE title = ?").bind(title).first<TransactionRow>();
}

export async function findNotification(db: D1Database, id: number): Promise<NotificationRow | null> {
  return db.prepare("SELECT * FROM sim_notifications WHERE id = ?").bind(id).first<NotificationRow>();
}

/**
 * Deletes transactions, refunds, notifications, tokens and received test requests of the
 * sandbox database (never the app's). Merchants and certificates stay, because the app may be
 * connected to a merchant and may have cached the certificates.
 */
export async function resetSandbox(db: D1Database): Promise<void> {
  await db.batch(
    ["sim_tokens", "sim_transactions", "sim_refunds", "sim_notifications", "sim_notification_attempts", "sim_received"].map((table) =>
      db.prepare(`DELETE FROM ${table}`),
    ),
  );
}
