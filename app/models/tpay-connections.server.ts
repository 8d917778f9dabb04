import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { tpayConnections, type TpayConnection } from "~/db/schema";
import { decryptText, encryptText } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { merchantIdFromClientId, type TpayAccount, type TpayCredentials, type TpayEnvironment } from "./tpay-api.server";

// A freelancer's Tpay connection (Settings → Płatności) and the platform's own account.
// Credentials are stored encrypted with the user id as additional data, so a value copied
// to another user's row does not decrypt.

/** Path of the notification route; the last segment is a connection's notifyKey or "platform". */
export const TPAY_NOTIFICATION_ROUTE = "/tpay/notifications";
export const PLATFORM_NOTIFY_KEY = "platform";

export function tpayNotificationUrl(env: Env, notifyKey: string): string {
  return `${env.APP_ORIGIN}${TPAY_NOTIFICATION_ROUTE}/${encodeURIComponent(notifyKey)}`;
}

/** What the freelancer's pages may know about the connection: never the credentials. */
export type TpayConnectionSummary = Omit<TpayConnection, "credentials">;

/** Online payment buttons appear only with a connection whose last check succeeded. */
export function onlinePaymentsEnabled(connection: Pick<TpayConnection, "status"> | null | undefined): boolean {
  return connection?.status === "verified";
}

export async function getTpayConnectionSummary(db: Db, userId: string): Promise<TpayConnectionSummary | null> {
  const { credentials: _omitted, ...columns } = tpayConnections._.columns;
  const [row] = await db.select(columns).from(tpayConnections).where(eq(tpayConnections.userId, userId)).limit(1);
  return row ?? null;
}

export async function sealTpayCredentials(env: Env, userId: string, credentials: TpayCredentials): Promise<string> {
  return encryptText(requireSecret(env, "ENCRYPTION_KEY"), JSON.stringify(credentials), userId);
}

export async function unsealTpayCredentials(env: Env, userId: string, sealed: string): Promise<TpayCredentials> {
  const parsed = JSON.parse(await decryptText(requireSecret(env, "ENCRYPTION_KEY"), sealed, userId)) as Partial<TpayCredentials>;
  if (typeof parsed.clientId !== "string" || typeof parsed.clientSecret !== "string" || typeof parsed.securityCode !== "string") {
    throw new Error("Stored Tpay credentials are incomplete");
  }
  return { clientId: parsed.clientId, clientSecret: parsed.clientSecret, securityCode: parsed.securityCode };
}

export interface LoadedTpayConnection {
  connection: TpayConnection;
  account: TpayAccount;
}

function toAccount(connection: TpayConnection, credentials: TpayCredentials): TpayAccount {
  return { environment: connection.environment, merchantId: connection.merchantId, credentials };
}

/**
 * The freelancer's connection with its credentials decrypted, or null when there is none.
 * Callers that start payments also check onlinePaymentsEnabled(connection).
 */
export async function loadTpayConnection(db: Db, env: Env, userId: string): Promise<LoadedTpayConnection | null> {
  const [connection] = await db.select().from(tpayConnections).where(eq(tpayConnections.userId, userId)).limit(1);
  if (!connection) return null;
  return { connection, account: toAccount(connection, await unsealTpayCredentials(env, connection.userId, connection.credentials)) };
}

/** The connection a notification URL names, with its credentials, or null for an unknown key. */
export async function findTpayConnectionByNotifyKey(db: Db, env: Env, notifyKey: string): Promise<LoadedTpayConnection | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(notifyKey)) return null;
  const [connection] = await db.select().from(tpayConnections).where(eq(tpayConnections.notifyKey, notifyKey)).limit(1);
  if (!connection) return null;
  return { connection, account: toAccount(connection, await unsealTpayCredentials(env, connection.userId, connection.credentials)) };
}

/** The platform's own Tpay account, which receives subscription payments (checkEnv requires it). */
export function platformTpayAccount(env: Env): TpayAccount {
  const environment: TpayEnvironment = env.TPAY_PLATFORM_ENVIRONMENT === "production" ? "production" : "sandbox";
  const clientId = env.TPAY_PLATFORM_CLIENT_ID ?? "";
  const merchantId = merchantIdFromClientId(clientId);
  if (!merchantId || !env.TPAY_PLATFORM_CLIENT_SECRET || !env.TPAY_PLATFORM_SECURITY_CODE) {
    throw new Error("The platform's Tpay account is not configured");
  }
  return {
    environment,
    merchantId,
    credentials: { clientId, clientSecret: env.TPAY_PLATFORM_CLIENT_SECRET, securityCode: env.TPAY_PLATFORM_SECURITY_CODE },
  };
}
