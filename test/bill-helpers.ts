// Fixtures for the bill tests: a freelancer with a project, tasks and the client link, a Tpay
// connection to a fresh merchant of the local sandbox, and readers for bills and their rows.
import { env, SELF } from "cloudflare:test";
import { and, eq, isNull } from "drizzle-orm";
import { expect } from "vitest";
import { billItems, bills, projects, tasks, tpayConnections, tpayTransactions } from "~/db/schema";
import { readClientLink } from "~/models/share.server";
import { sealTpayCredentials } from "~/models/tpay-connections.server";
import { randomToken } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { Browser, db, loggedInBrowser, ORIGIN, uniqueEmail } from "./helpers";
import { makeClient, makeProject, makeTask } from "./project-helpers";

export interface SandboxMerchant {
  merchantId: string;
  clientId: string;
  clientSecret: string;
  securityCode: string;
}

/** Creates a merchant in the local Tpay sandbox through its control API. */
export async function createSandboxMerchant(): Promise<SandboxMerchant> {
  const response = await SELF.fetch(`${ORIGIN}/tpay-sandbox/__sim/merchants`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ label: "Bills test" }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as SandboxMerchant;
}

/**
 * Stores a verified Tpay connection for the freelancer, archiving the current one as Settings
 * does. With `environment: "production"` the credentials point at Tpay's real API, which the
 * tests never reach (see blockOutboundFetch). Returns the sandbox merchant and the connection id.
 */
export async function connectTpay(userId: string, options: { environment?: "sandbox" | "production"; status?: "verified" | "failed" } = {}) {
  const merchant = await createSandboxMerchant();
  const now = new Date().toISOString();
  await db
    .update(tpayConnections)
    .set({ disconnectedAt: now, updatedAt: now })
    .where(and(eq(tpayConnections.userId, userId), isNull(tpayConnections.disconnectedAt)));
  const [connection] = await db.insert(tpayConnections).values({
    userId,
    notifyKey: randomToken(18),
    environment: options.environment ?? "sandbox",
    merchantId: merchant.merchantId,
    clientIdHint: `${merchant.merchantId}-…`,
    credentials: await sealTpayCredentials(env, userId, {
      clientId: merchant.clientId,
      clientSecret: merchant.clientSecret,
      securityCode: merchant.securityCode,
    }),
    status: options.status ?? "verified",
    checkedAt: now,
    updatedAt: now,
  }).returning({ id: tpayConnections.id });
  return { ...merchant, connectionId: connection.id };
}

export interface BillSetup {
  browser: Browser;
  user: { id: string; email: string };
  project: { id: string; name: string };
  clientEmail: string;
  /** The client page's path, /p/<token>. */
  clientPath: string;
  client: Browser;
  taskA: { id: string; name: string };
  taskB: { id: string; name: string };
}

/**
 * Creates a freelancer with a Tpay connection (unless `connect` is false), a project with sharing on
 * (unless `sharing` is false) and two tasks of 33,33 zł and 33,34 zł that need no acceptance.
 */
export async function billSetup(options: { connect?: boolean; sharing?: boolean; locale?: "pl" | "en" } = {}): Promise<BillSetup> {
  const { browser, user } = await loggedInBrowser({ name: "Anna Nowak" });
  const clientEmail = uniqueEmail("klient");
  const clientRow = await makeClient(user.id, { name: "Łukasz Żółć", email: clientEmail });
  const project = await makeProject(user.id, { clientId: clientRow.id, name: "Sklep internetowy" });
  if (options.locale) await db.update(projects).set({ clientLocale: options.locale }).where(eq(projects.id, project.id));
  const taskA = await makeTask(user.id, project.id, { name: "Projekt logo", amount: 3333 });
  const taskB = await makeTask(user.id, project.id, { name: "Zażółć gęślą jaźń", amount: 3334 });
  if (options.connect !== false) await connectTpay(user.id);
  let clientPath = "";
  if (options.sharing !== false) {
    expect((await browser.post(`/projects/${project.id}/share`, { intent: "enable" })).status).toBe(302);
    clientPath = await clientPathOf(project.id);
  }
  return { browser, user, project, clientEmail, clientPath, client: new Browser(), taskA, taskB };
}

/** Returns the client page's path of a project with sharing on. */
export async function clientPathOf(projectId: string): Promise<string> {
  const stored = await db.query.projects.findFirst({ where: eq(projects.id, projectId) });
  if (!stored) throw new Error("project not stored");
  const link = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), ORIGIN, stored);
  if (!link) throw new Error("sharing is off");
  return new URL(link).pathname;
}

/** Posts the client's "Utwórz rachunek" and returns the response. */
export function createClientBill(client: Browser, clientPath: string, taskIds: string[], extra: Record<string, string> = {}) {
  return client.post(`${clientPath}/bills`, { intent: "create", taskId: taskIds, ...extra });
}

/** Returns the id of the bill that a redirect to its client page names. */
export function billIdFrom(response: Response): string {
  expect(response.status).toBe(302);
  const match = /\/bills\/([0-9a-f-]{36})$/.exec(new URL(response.headers.get("Location") ?? "", ORIGIN).pathname);
  if (!match) throw new Error(`No bill in redirect to ${response.headers.get("Location")}`);
  return match[1];
}

export async function billRow(billId: string) {
  const row = await db.query.bills.findFirst({ where: eq(bills.id, billId) });
  if (!row) throw new Error(`bill ${billId} not found`);
  return row;
}

export async function billItemRows(billId: string) {
  return db.select().from(billItems).where(eq(billItems.billId, billId)).orderBy(billItems.position);
}

export async function taskRow(taskId: string) {
  const row = await db.query.tasks.findFirst({ where: eq(tasks.id, taskId) });
  if (!row) throw new Error(`task ${taskId} not found`);
  return row;
}

export async function transactionRows(billId: string) {
  return db.select().from(tpayTransactions).where(eq(tpayTransactions.billId, billId)).orderBy(tpayTransactions.createdAt);
}

/** Bills of a project that hold the task on a live or paid bill. */
export async function activeBillsOfTask(taskId: string) {
  return db
    .select({ billId: billItems.billId })
    .from(billItems)
    .where(and(eq(billItems.taskId, taskId), eq(billItems.active, true)));
}
