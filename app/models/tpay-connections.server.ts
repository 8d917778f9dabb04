import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { tpayConnections, type TpayConnection } from "~/db/schema";
import { decryptText, encryptText, randomToken } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { logWarn } from "~/utils/log.server";
import { activityInsert, activityInsertWhen } from "./activity.server";
import {
  merchantIdFromClientId,
  requestTpayToken,
  TpayError,
  tpayOrigins,
  type TpayAccount,
  type TpayCredentials,
  type TpayEnvironment,
  type TpayErrorKind,
  type TpayFetch,
} from "./tpay-api.server";

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
  const { credentials: _omitted, ...columns } = getTableColumns(tpayConnections);
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

// ---------------------------------------------------------------------------------------------
// Settings → Płatności: connecting, checking and disconnecting the freelancer's Tpay account.

/** Longest Client ID, Client Secret and security code the form accepts, in characters. */
export const TPAY_CLIENT_ID_MAX_LENGTH = 100;
export const TPAY_SECRET_MAX_LENGTH = 200;

/** Validated form input of Settings → Płatności (the security code is kept verbatim). */
export interface TpayConnectionInput {
  environment: TpayEnvironment;
  credentials: TpayCredentials;
}

/** Shortens a Client ID for display: "12345-…cdef" (the merchant id and the key's last 4 characters). */
export function tpayClientIdHint(clientId: string): string {
  const trimmed = clientId.trim();
  const dash = trimmed.indexOf("-");
  const key = dash >= 0 ? trimmed.slice(dash + 1) : trimmed;
  const merchant = dash >= 0 ? trimmed.slice(0, dash) : "";
  return `${merchant}-…${key.slice(-4)}`;
}

export type TpayCheckResult = { ok: true } | { ok: false; error: TpayErrorKind };

/**
 * Requests a new token from Tpay with the credentials, bypassing the token cache, so the result
 * reflects what Tpay accepts now. Only a TpayError becomes a failed result. Other errors propagate.
 */
export async function checkTpayCredentials(
  tpayFetch: TpayFetch,
  env: Env,
  environment: TpayEnvironment,
  credentials: TpayCredentials,
): Promise<TpayCheckResult> {
  try {
    await requestTpayToken(tpayFetch, tpayOrigins(env, environment), credentials, { useCache: false });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof TpayError)) throw error;
    logWarn("tpay.check_failed", { environment, kind: error.kind, status: error.status ?? null });
    return { ok: false, error: error.kind };
  }
}

/**
 * Stores credentials that Tpay has just accepted: inserts the connection, or replaces the
 * existing one's credentials. A replacement keeps the notify key, so notification URLs of
 * transactions already started stay valid. The test-mode warning and the last notification
 * time belong to a merchant account, so they are cleared when the merchant id or the
 * environment changes. Returns whether an existing connection was replaced.
 */
export async function saveTpayConnection(db: Db, env: Env, userId: string, input: TpayConnectionInput): Promise<{ replaced: boolean }> {
  const merchantId = merchantIdFromClientId(input.credentials.clientId);
  if (!merchantId) throw new Error("saveTpayConnection needs a Client ID with a merchant id");
  const sealed = await sealTpayCredentials(env, userId, input.credentials);
  const now = new Date().toISOString();
  const [existing] = await db
    .select({ userId: tpayConnections.userId })
    .from(tpayConnections)
    .where(eq(tpayConnections.userId, userId))
    .limit(1);
  const sameAccount = sql`${tpayConnections.merchantId} = excluded.merchant_id AND ${tpayConnections.environment} = excluded.environment`;

  await db.batch([
    db
      .insert(tpayConnections)
      .values({
        userId,
        notifyKey: randomToken(24),
        environment: input.environment,
        merchantId,
        clientIdHint: tpayClientIdHint(input.credentials.clientId),
        credentials: sealed,
        status: "verified",
        lastError: null,
        checkedAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: tpayConnections.userId,
        set: {
          testModeSeenAt: sql`CASE WHEN ${sameAccount} THEN ${tpayConnections.testModeSeenAt} ELSE NULL END`,
          lastNotificationAt: sql`CASE WHEN ${sameAccount} THEN ${tpayConnections.lastNotificationAt} ELSE NULL END`,
          environment: sql`excluded.environment`,
          merchantId: sql`excluded.merchant_id`,
          clientIdHint: sql`excluded.client_id_hint`,
          credentials: sql`excluded.credentials`,
          status: "verified",
          lastError: null,
          checkedAt: now,
          updatedAt: now,
        },
      }),
    activityInsert(db, {
      userId,
      actor: "freelancer",
      action: "tpay.connected",
      subjectType: "tpay_connection",
      subjectId: userId,
      data: { environment: input.environment, merchantId, replaced: !!existing },
    }),
  ]);
  return { replaced: !!existing };
}

/**
 * Re-checks the stored credentials with Tpay ("Sprawdź połączenie") and records the result.
 * Only a definite result changes `status`: accepted → verified, rejected → failed. When Tpay
 * cannot be reached or returns an unexpected response, the status stays and only last_error
 * and checked_at change, so a Tpay outage does not switch the freelancer's online payments off.
 * The update applies only while the checked credentials are still the stored ones, so a
 * replacement saved meanwhile is not overwritten. Returns null when there is no connection.
 */
export async function recheckTpayConnection(
  db: Db,
  env: Env,
  tpayFetch: TpayFetch,
  userId: string,
): Promise<TpayCheckResult | null> {
  const loaded = await loadTpayConnection(db, env, userId);
  if (!loaded) return null;
  const { connection, account } = loaded;
  const result = await checkTpayCredentials(tpayFetch, env, account.environment, account.credentials);
  const now = new Date().toISOString();
  let status = connection.status;
  if (result.ok) status = "verified";
  else if (result.error === "invalid_credentials") status = "failed";
  const matches = and(eq(tpayConnections.userId, userId), eq(tpayConnections.credentials, connection.credentials));

  await db.batch([
    db
      .update(tpayConnections)
      .set({ status, lastError: result.ok ? null : result.error, checkedAt: now, updatedAt: now })
      .where(matches),
    activityInsertWhen(
      db,
      {
        userId,
        actor: "freelancer",
        action: "tpay.checked",
        subjectType: "tpay_connection",
        subjectId: userId,
        data: { result: result.ok ? "verified" : result.error, status },
      },
      sql`EXISTS (SELECT 1 FROM ${tpayConnections} WHERE ${tpayConnections.userId} = ${userId} AND ${tpayConnections.checkedAt} = ${now})`,
    ),
  ]);
  return result;
}

/**
 * Deletes the freelancer's connection ("Odłącz Tpay"). Bills, transactions and payments stay.
 * Returns false when there was no connection to delete.
 */
export async function deleteTpayConnection(db: Db, userId: string): Promise<boolean> {
  const summary = await getTpayConnectionSummary(db, userId);
  if (!summary) return false;
  await db.batch([
    db.delete(tpayConnections).where(and(eq(tpayConnections.userId, userId), eq(tpayConnections.notifyKey, summary.notifyKey))),
    activityInsertWhen(
      db,
      {
        userId,
        actor: "freelancer",
        action: "tpay.disconnected",
        subjectType: "tpay_connection",
        subjectId: userId,
        data: { environment: summary.environment, merchantId: summary.merchantId },
      },
      sql`NOT EXISTS (SELECT 1 FROM ${tpayConnections} WHERE ${tpayConnections.notifyKey} = ${summary.notifyKey})`,
    ),
  ]);
  return true;
}
