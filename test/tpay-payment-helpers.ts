// Fixtures for the Tpay notification and reconciliation tests: a freelancer connected to a
// merchant of the local sandbox, bills whose Tpay transactions are created through the
// sandbox's real API, signed notifications, and snapshots of every row a payment can change.
import { createExecutionContext, env, SELF } from "cloudflare:test";
import { asc, eq, inArray } from "drizzle-orm";
import { expect } from "vitest";
import {
  activity,
  billItems,
  bills,
  notifications,
  payments,
  subscriptionOrders,
  tasks,
  tpayConnections,
  tpayTransactions,
  users,
  type TpayTransaction,
} from "~/db/schema";
import { createTpayTransaction, formatTpayAmount, requestTpayToken, tpayOrigins, type TpayAccount, type TpayEnvironment, type TpayFetch } from "~/models/tpay-api.server";
import { sealTpayCredentials, tpayNotificationUrl } from "~/models/tpay-connections.server";
import { randomId, randomToken } from "~/utils/crypto.server";
import { createTpayFetch } from "../workers/tpay-fetch";
import { sandboxMd5, signSandboxNotification } from "../workers/tpay-sandbox";
import { createActiveUser, db, ORIGIN } from "./helpers";
import { makeProject, makeTask } from "./project-helpers";

export const SANDBOX_BASE = `${ORIGIN}/tpay-sandbox`;

/** Builds the Worker's Tpay fetch as the app does, so sandbox URLs are served in-process. */
export function appTpayFetch(): TpayFetch {
  return createTpayFetch(env, createExecutionContext(), (request) => SELF.fetch(request));
}

export interface SandboxMerchant {
  merchantId: string;
  clientId: string;
  clientSecret: string;
  securityCode: string;
}

export interface MerchantOptions {
  testMode?: boolean;
  acceptOverpay?: boolean;
  underpayThreshold?: string;
  twoStep?: boolean;
}

export async function sandboxPost(path: string, body: unknown): Promise<Response> {
  return SELF.fetch(`${SANDBOX_BASE}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

/** Creates a merchant in the sandbox, so each test has its own account and options. */
export async function createSandboxMerchant(options: MerchantOptions = {}): Promise<SandboxMerchant> {
  const response = await sandboxPost("/__sim/merchants", { options, label: "Test" });
  expect(response.status).toBe(201);
  return response.json();
}

export interface Freelancer {
  user: { id: string; email: string };
  merchant: SandboxMerchant;
  /** The tpay_connections row; transactions started by the fixtures name it. */
  connectionId: string;
  notifyKey: string;
  notificationUrl: string;
  account: TpayAccount;
  projectId: string;
}

/** Creates a freelancer with a verified Tpay connection to `merchant`, and a project. */
export async function createConnectedFreelancer(
  options: { merchant?: SandboxMerchant; environment?: TpayEnvironment; merchantOptions?: MerchantOptions } = {},
): Promise<Freelancer> {
  const user = await createActiveUser();
  const merchant = options.merchant ?? (await createSandboxMerchant(options.merchantOptions));
  const environment = options.environment ?? "sandbox";
  const notifyKey = randomToken(24);
  const credentials = { clientId: merchant.clientId, clientSecret: merchant.clientSecret, securityCode: merchant.securityCode };
  const now = new Date().toISOString();
  const [connection] = await db
    .insert(tpayConnections)
    .values({
      userId: user.id,
      notifyKey,
      environment,
      merchantId: merchant.merchantId,
      clientIdHint: `${merchant.merchantId}-…`,
      credentials: await sealTpayCredentials(env, user.id, credentials),
      status: "verified",
      checkedAt: now,
      updatedAt: now,
    })
    .returning({ id: tpayConnections.id });
  const project = await makeProject(user.id, { name: "Sklep Łódź" });
  return {
    user,
    merchant,
    connectionId: connection.id,
    notifyKey,
    notificationUrl: tpayNotificationUrl(env, notifyKey),
    account: { environment, merchantId: merchant.merchantId, credentials },
    projectId: project.id,
  };
}

export interface BillFixture {
  billId: string;
  number: number;
  taskIds: string[];
  total: number;
}

/** Creates a client bill awaiting payment for new tasks of the given amounts (grosze), as "Zapłać teraz" leaves it. */
export async function createAwaitingBill(freelancer: Freelancer, amounts: number[]): Promise<BillFixture> {
  const taskIds: string[] = [];
  for (const [index, amount] of amounts.entries()) {
    const task = await makeTask(freelancer.user.id, freelancer.projectId, { name: `Zadanie ${index + 1}`, amount });
    taskIds.push(task.id);
  }
  const existing = await db.select({ id: bills.id }).from(bills).where(eq(bills.projectId, freelancer.projectId));
  const billId = randomId();
  const number = existing.length + 1;
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  const now = new Date().toISOString();
  await db.insert(bills).values({
    id: billId,
    userId: freelancer.user.id,
    projectId: freelancer.projectId,
    number,
    createdBy: "client",
    status: "awaiting_payment",
    total,
    updatedAt: now,
  });
  for (const [position, taskId] of taskIds.entries()) {
    await db.insert(billItems).values({
      id: randomId(),
      billId,
      taskId,
      name: `Zadanie ${position + 1}`,
      amount: amounts[position],
      taskVersion: 1,
      position,
    });
    await db.update(tasks).set({ payment: "pending" }).where(eq(tasks.id, taskId));
  }
  return { billId, number, taskIds, total };
}

/**
 * Starts a Tpay transaction for the bill through the sandbox's API and stores our row, like
 * "Zapłać teraz". `notificationUrl` defaults to the freelancer's notification address.
 */
export async function startTransaction(
  freelancer: Freelancer,
  bill: BillFixture,
  options: { notificationUrl?: string } = {},
): Promise<TpayTransaction> {
  const crc = `b_${randomToken(16)}`;
  const id = randomId();
  const created = await createTpayTransaction(appTpayFetch(), tpayOrigins(env, freelancer.account.environment), freelancer.account, {
    amount: bill.total,
    description: `Rachunek nr ${bill.number}`,
    hiddenDescription: crc,
    payer: { email: "klient@example.com", name: "Zofia Klientka" },
    lang: "pl",
    notificationUrl: options.notificationUrl ?? freelancer.notificationUrl,
    successUrl: `${ORIGIN}/pay/return/${id}`,
    errorUrl: `${ORIGIN}/pay/return/${id}?error=1`,
  });
  const [row] = await db
    .insert(tpayTransactions)
    .values({
      id,
      userId: freelancer.user.id,
      purpose: "bill",
      billId: bill.billId,
      account: "freelancer",
      connectionId: freelancer.connectionId,
      environment: freelancer.account.environment,
      merchantId: freelancer.account.merchantId,
      transactionId: created.transactionId,
      title: created.title,
      crc,
      amount: bill.total,
      paymentUrl: created.paymentUrl,
      status: "pending",
      updatedAt: new Date().toISOString(),
    })
    .returning();
  return row;
}

/** Inserts a transaction row that exists only in our database (no Tpay behind it), e.g. for a production connection. */
export async function insertTransactionRow(freelancer: Freelancer, bill: BillFixture): Promise<TpayTransaction> {
  const [row] = await db
    .insert(tpayTransactions)
    .values({
      id: randomId(),
      userId: freelancer.user.id,
      purpose: "bill",
      billId: bill.billId,
      account: "freelancer",
      connectionId: freelancer.connectionId,
      environment: freelancer.account.environment,
      merchantId: freelancer.account.merchantId,
      transactionId: `ta_${randomToken(12)}`,
      title: `TR-PRD-${crypto.randomUUID().replace(/-/g, "").slice(0, 7).toUpperCase()}`,
      crc: `b_${randomToken(16)}`,
      amount: bill.total,
      paymentUrl: "https://secure.tpay.com/?title=test",
      status: "pending",
      updatedAt: new Date().toISOString(),
    })
    .returning();
  return row;
}

/** Fields of a payment notification for our transaction, with md5sum computed after the overrides. */
export async function paymentFields(
  transaction: Pick<TpayTransaction, "title" | "crc" | "amount">,
  merchant: Pick<SandboxMerchant, "merchantId" | "securityCode">,
  overrides: Record<string, string> = {},
): Promise<Record<string, string>> {
  const fields: Record<string, string> = {
    id: merchant.merchantId,
    tr_id: transaction.title,
    tr_date: "2026-12-05 10:15:00",
    tr_crc: transaction.crc,
    tr_amount: formatTpayAmount(transaction.amount),
    tr_paid: formatTpayAmount(transaction.amount),
    tr_desc: "Rachunek nr 1",
    tr_status: "TRUE",
    tr_error: "none",
    tr_email: "klient@example.com",
    test_mode: "0",
    tr_currency: "PLN",
    ...overrides,
  };
  const { md5sum, ...rest } = fields;
  return { ...rest, md5sum: md5sum ?? (await sandboxMd5(rest as { id: string; tr_id: string; tr_amount: string; tr_crc: string }, merchant.securityCode)) };
}

export type SignOptions = Parameters<typeof signSandboxNotification>[2];

/** A notification signed by the sandbox's certificate chain, as a Request to `url`. */
export async function signedNotification(url: string, fields: Record<string, string>, options?: SignOptions): Promise<{ body: string; headers: Record<string, string>; request: () => Request }> {
  const { body, headers } = await signSandboxNotification(env, fields, options);
  return { body, headers, request: () => new Request(url, { method: "POST", headers, body }) };
}

/** Posts a notification through the whole Worker and returns its status and body. */
export async function postNotification(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await SELF.fetch(url, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}

/** Pays a sandbox transaction through the control API; "now" delivers the notification before answering. */
export async function payInSandbox(transactionId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await sandboxPost(`/__sim/transactions/${encodeURIComponent(transactionId)}/pay`, { deliver: "now", ...body });
  const json = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

/** Refunds the whole payment in the sandbox, which then sends CHARGEBACK through its queue. */
export async function refundInSandbox(freelancer: Freelancer, transactionId: string): Promise<void> {
  const origins = tpayOrigins(env, freelancer.account.environment);
  const token = await requestTpayToken(appTpayFetch(), origins, freelancer.account.credentials, { useCache: false });
  const response = await SELF.fetch(`${origins.api}/transactions/${encodeURIComponent(transactionId)}/refunds`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: "{}",
  });
  expect(response.status).toBe(200);
}

/** Every row of the freelancer that a payment may change, for "nothing changed" checks. */
export async function paymentState(userId: string) {
  return {
    bills: await db.select().from(bills).where(eq(bills.userId, userId)).orderBy(asc(bills.id)),
    billItems: await db
      .select({ id: billItems.id, active: billItems.active })
      .from(billItems)
      .innerJoin(bills, eq(bills.id, billItems.billId))
      .where(eq(bills.userId, userId))
      .orderBy(asc(billItems.id)),
    tasks: await db.select().from(tasks).where(eq(tasks.userId, userId)).orderBy(asc(tasks.id)),
    transactions: await db.select().from(tpayTransactions).where(eq(tpayTransactions.userId, userId)).orderBy(asc(tpayTransactions.id)),
    payments: await db.select().from(payments).where(eq(payments.userId, userId)).orderBy(asc(payments.id)),
    activity: await db.select().from(activity).where(eq(activity.userId, userId)).orderBy(asc(activity.id)),
    notifications: await db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.id)),
    orders: await db.select().from(subscriptionOrders).where(eq(subscriptionOrders.userId, userId)).orderBy(asc(subscriptionOrders.id)),
    user: await db.select({ paidUntil: users.paidUntil, plan: users.plan }).from(users).where(eq(users.id, userId)),
  };
}

export async function billRow(billId: string) {
  const [row] = await db.select().from(bills).where(eq(bills.id, billId));
  return row;
}

export async function paymentRows(userId: string) {
  return db.select().from(payments).where(eq(payments.userId, userId)).orderBy(asc(payments.createdAt));
}

export async function taskRows(taskIds: string[]) {
  return db.select().from(tasks).where(inArray(tasks.id, taskIds)).orderBy(asc(tasks.position));
}

export async function activityOf(userId: string, action: string) {
  return db
    .select()
    .from(activity)
    .where(eq(activity.userId, userId))
    .then((rows) => rows.filter((row) => row.action === action));
}

export async function notificationsOf(userId: string, type?: string) {
  const rows = await db.select().from(notifications).where(eq(notifications.userId, userId));
  return type ? rows.filter((row) => row.type === type) : rows;
}

/** Polls `read` until `done` holds, for changes made by queue consumers. */
export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Condition not met after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
