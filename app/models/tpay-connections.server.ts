import { and, eq, getTableColumns, isNotNull, isNull, lte, ne, sql, type Column, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { readPlan, runReadPlan, type ReadPlan } from "~/db/read-plan.server";
import { activity, bills, tpayConnections, tpayTransactions, type TpayConnection } from "~/db/schema";
import { tpaySettingsText } from "~/i18n/pl";
import { decryptText, encryptText, randomId, randomToken } from "~/utils/crypto.server";
import { isProduction, requireSecret } from "~/utils/env.server";
import { logInfo, logWarn } from "~/utils/log.server";
import { guardedActivity } from "./activity-guard.server";
import { activityInsertWhen } from "./activity.server";
import { dispatchNotifications, notificationInsertWhen } from "./notifications.server";
import {
  merchantIdFromClientId,
  requestTpayToken,
  TPAY_ENVIRONMENTS,
  TpayError,
  tpayOrigins,
  type TpayAccount,
  type TpayCredentials,
  type TpayEnvironment,
  type TpayErrorKind,
  type TpayFetch,
} from "./tpay-api.server";

// A freelancer's Tpay connections (Settings → Płatności) and the platform's own account.
// Credentials are stored encrypted with the user id as additional data, so a value copied
// to another user's row does not decrypt.
//
// A user has at most one current connection (disconnected_at IS NULL, a partial unique index).
// Disconnecting, or saving another merchant or environment, archives the current row instead of
// deleting it: transactions name the connection they were created with (connection_id), and their
// notifications arrive at that row's notify key and are verified with that row's credentials.
// purgeArchivedTpayConnections removes the credentials once nothing can need them any more.

/** Path of the notification route; the last segment is a connection's notifyKey or "platform". */
export const TPAY_NOTIFICATION_ROUTE = "/tpay/notifications";
export const PLATFORM_NOTIFY_KEY = "platform";

/** `credentials` of an archived connection after purgeArchivedTpayConnections removed them. */
const PURGED_CREDENTIALS = "";

export function tpayNotificationUrl(env: Env, notifyKey: string): string {
  return `${env.APP_ORIGIN}${TPAY_NOTIFICATION_ROUTE}/${encodeURIComponent(notifyKey)}`;
}

/** Connection columns the freelancer's pages may read: all but the credentials. */
export type TpayConnectionSummary = Omit<TpayConnection, "credentials">;

/**
 * Online payment buttons appear only with a current connection whose last check succeeded.
 * An archived connection (disconnectedAt set) never enables them.
 */
export function onlinePaymentsEnabled(
  connection: (Pick<TpayConnection, "status"> & Partial<Pick<TpayConnection, "disconnectedAt">>) | null | undefined,
): boolean {
  return connection?.status === "verified" && !connection.disconnectedAt;
}

/** Lists the Tpay environments Settings → Płatności offers and accepts: only production in production. */
export function offeredTpayEnvironments(env: Env): readonly TpayEnvironment[] {
  return isProduction(env) ? ["production"] : TPAY_ENVIRONMENTS;
}

const isCurrent = isNull(tpayConnections.disconnectedAt);

/** Reads the user's current connection without its credentials; null when there is none. */
export async function getTpayConnectionSummary(db: Db, userId: string): Promise<TpayConnectionSummary | null> {
  return runReadPlan(db, tpayConnectionSummaryPlan(db, userId));
}

/** Plans the read of getTpayConnectionSummary, so a page can batch it with its other reads. */
export function tpayConnectionSummaryPlan(db: Db, userId: string): ReadPlan<TpayConnectionSummary | null> {
  const { credentials: _omitted, ...columns } = getTableColumns(tpayConnections);
  const query = db
    .select(columns)
    .from(tpayConnections)
    .where(and(eq(tpayConnections.userId, userId), isCurrent))
    .limit(1);
  return readPlan([query], ([rows]) => rows[0] ?? null);
}

/** Reads the id of the user's current connection, for a new transaction's connection_id; null when there is none. */
export async function currentTpayConnectionId(db: Db, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: tpayConnections.id })
    .from(tpayConnections)
    .where(and(eq(tpayConnections.userId, userId), isCurrent))
    .limit(1);
  return row?.id ?? null;
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

/** Decrypts a row's credentials; null for an archived row whose credentials were purged. */
async function withAccount(env: Env, connection: TpayConnection | undefined): Promise<LoadedTpayConnection | null> {
  if (!connection || connection.credentials === PURGED_CREDENTIALS) return null;
  const credentials = await unsealTpayCredentials(env, connection.userId, connection.credentials);
  return { connection, account: { environment: connection.environment, merchantId: connection.merchantId, credentials } };
}

/**
 * Loads the freelancer's current connection with its credentials decrypted; null when there is none.
 * Callers that start payments also check onlinePaymentsEnabled(connection) and store
 * connection.id as the transaction's connection_id.
 */
export async function loadTpayConnection(db: Db, env: Env, userId: string): Promise<LoadedTpayConnection | null> {
  const [connection] = await db
    .select()
    .from(tpayConnections)
    .where(and(eq(tpayConnections.userId, userId), isCurrent))
    .limit(1);
  return withAccount(env, connection);
}

/**
 * Loads any connection by id, archived ones included, with its credentials, for verifying and
 * reconciling a transaction through the connection it was created with. Null when the id is
 * unknown or the archived connection's credentials were purged.
 */
export async function loadTpayConnectionById(db: Db, env: Env, connectionId: string): Promise<LoadedTpayConnection | null> {
  const [connection] = await db.select().from(tpayConnections).where(eq(tpayConnections.id, connectionId)).limit(1);
  return withAccount(env, connection);
}

/**
 * Finds the connection a notification URL names, archived ones included, with its credentials. Null for
 * an unknown key or an archived connection whose credentials were purged.
 */
export async function findTpayConnectionByNotifyKey(db: Db, env: Env, notifyKey: string): Promise<LoadedTpayConnection | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(notifyKey)) return null;
  const [connection] = await db.select().from(tpayConnections).where(eq(tpayConnections.notifyKey, notifyKey)).limit(1);
  return withAccount(env, connection);
}

/** Returns the platform's own Tpay account, which receives subscription payments (checkEnv requires it). */
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

/** Result of saveTpayConnection. */
export interface TpaySaveResult {
  /** The user's current connection after the save. */
  connectionId: string;
  /** Whether the user had a current connection before the save. */
  replaced: boolean;
  /** The connection archived because the merchant or environment changed; null when none was. */
  archivedConnectionId: string | null;
}

/** A concurrent save or disconnect can make one attempt write nothing; the next one reads the new state. */
const SAVE_ATTEMPTS = 3;

/**
 * Stores credentials that Tpay has just accepted and clears the wrong-security-code warning.
 * With the same merchant id and environment as the current connection, the current row is
 * updated in place and keeps its notify key. Otherwise the current row (if any) is archived,
 * with its notify key and credentials, and a new current row with a new notify key is inserted,
 * so the notification URLs of transactions already started keep working with the old account.
 */
export async function saveTpayConnection(db: Db, env: Env, userId: string, input: TpayConnectionInput): Promise<TpaySaveResult> {
  const merchantId = merchantIdFromClientId(input.credentials.clientId);
  if (!merchantId) throw new Error("saveTpayConnection needs a Client ID with a merchant id");
  const fields: SavedFields = {
    environment: input.environment,
    merchantId,
    clientIdHint: tpayClientIdHint(input.credentials.clientId),
    credentials: await sealTpayCredentials(env, userId, input.credentials),
  };

  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const current = await getTpayConnectionSummary(db, userId);
    const sameAccount = current !== null && current.merchantId === merchantId && current.environment === input.environment;
    const saved = sameAccount ? await updateCurrentConnection(db, userId, current, fields) : await replaceCurrentConnection(db, userId, current, fields);
    if (saved) return saved;
  }
  throw new Error("saveTpayConnection: every attempt lost a race with another save or disconnect");
}

interface SavedFields {
  environment: TpayEnvironment;
  merchantId: string;
  clientIdHint: string;
  credentials: string;
}

/** Updates the credentials of the current row in place; null when the row stopped being current. */
async function updateCurrentConnection(db: Db, userId: string, current: TpayConnectionSummary, fields: SavedFields): Promise<TpaySaveResult | null> {
  const now = new Date().toISOString();
  const guard = guardedActivity(
    db,
    {
      userId,
      actor: "freelancer",
      action: "tpay.connected",
      subjectType: "tpay_connection",
      subjectId: current.id,
      data: { environment: fields.environment, merchantId: fields.merchantId, replaced: true },
    },
    sql`EXISTS (SELECT 1 FROM ${tpayConnections} WHERE ${tpayConnections.id} = ${current.id} AND ${tpayConnections.disconnectedAt} IS NULL)`,
  );
  const [written] = await db.batch([
    guard.insert.returning({ id: activity.id }),
    db
      .update(tpayConnections)
      .set({
        clientIdHint: fields.clientIdHint,
        credentials: fields.credentials,
        status: "verified",
        lastError: null,
        checkedAt: now,
        md5FailedAt: null,
        updatedAt: now,
      })
      .where(and(eq(tpayConnections.id, current.id), guard.written)),
  ]);
  if (written.length === 0) return null;
  return { connectionId: current.id, replaced: true, archivedConnectionId: null };
}

/**
 * Archives the current row (if any) and inserts a new current row. Null when another row became
 * current meanwhile: the partial unique index then makes the insert do nothing.
 */
async function replaceCurrentConnection(
  db: Db,
  userId: string,
  current: TpayConnectionSummary | null,
  fields: SavedFields,
): Promise<TpaySaveResult | null> {
  const now = new Date().toISOString();
  const id = newConnectionId();
  const insert = db
    .insert(tpayConnections)
    .values({ id, userId, notifyKey: randomToken(24), ...fields, status: "verified", lastError: null, checkedAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ id: tpayConnections.id });
  const logged = activityInsertWhen(
    db,
    {
      userId,
      actor: "freelancer",
      action: "tpay.connected",
      subjectType: "tpay_connection",
      subjectId: id,
      data: { environment: fields.environment, merchantId: fields.merchantId, replaced: current !== null },
    },
    sql`EXISTS (SELECT 1 FROM ${tpayConnections} WHERE ${tpayConnections.id} = ${id})`,
  );

  let inserted: { id: string }[];
  if (current) {
    const archive = db
      .update(tpayConnections)
      .set({ disconnectedAt: now, updatedAt: now })
      .where(and(eq(tpayConnections.id, current.id), isCurrent));
    [, inserted] = await db.batch([archive, insert, logged]);
  } else {
    [inserted] = await db.batch([insert, logged]);
  }
  if (inserted.length === 0) return null;
  return { connectionId: id, replaced: current !== null, archivedConnectionId: current?.id ?? null };
}

/** Generates a connection id in the format of the column's SQL default: 32 lowercase hex digits. */
function newConnectionId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Re-checks the stored credentials with Tpay ("Sprawdź połączenie") and records the result.
 * Only a definite result changes `status`: accepted → verified, rejected → failed. When Tpay
 * cannot be reached or returns an unexpected response, the status stays and only last_error
 * and checked_at change, so a Tpay outage does not switch the freelancer's online payments off.
 * The update applies only while the checked row is current and still has the checked
 * credentials, so a replacement saved meanwhile is not overwritten. Returns null when there is
 * no connection.
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

  const guard = guardedActivity(
    db,
    {
      userId,
      actor: "freelancer",
      action: "tpay.checked",
      subjectType: "tpay_connection",
      subjectId: connection.id,
      data: { result: result.ok ? "verified" : result.error, status },
    },
    sql`EXISTS (SELECT 1 FROM ${tpayConnections} WHERE ${tpayConnections.id} = ${connection.id}
        AND ${tpayConnections.disconnectedAt} IS NULL AND ${tpayConnections.credentials} = ${connection.credentials})`,
  );
  await db.batch([
    guard.insert,
    db
      .update(tpayConnections)
      .set({ status, lastError: result.ok ? null : result.error, checkedAt: now, updatedAt: now })
      .where(and(eq(tpayConnections.id, connection.id), guard.written)),
  ]);
  return result;
}

/**
 * Archives the freelancer's current connection ("Odłącz Tpay"), which switches online payments
 * off. The row keeps its notify key and credentials, so payments started through it are still
 * verified and reconciled, until purgeArchivedTpayConnections removes the credentials. Bills,
 * transactions and payments stay. Returns false when there was no current connection.
 */
export async function disconnectTpayConnection(db: Db, userId: string): Promise<boolean> {
  const summary = await getTpayConnectionSummary(db, userId);
  if (!summary) return false;
  const now = new Date().toISOString();
  const guard = guardedActivity(
    db,
    {
      userId,
      actor: "freelancer",
      action: "tpay.disconnected",
      subjectType: "tpay_connection",
      subjectId: summary.id,
      data: { environment: summary.environment, merchantId: summary.merchantId },
    },
    sql`EXISTS (SELECT 1 FROM ${tpayConnections} WHERE ${tpayConnections.id} = ${summary.id} AND ${tpayConnections.disconnectedAt} IS NULL)`,
  );
  const [written] = await db.batch([
    guard.insert.returning({ id: activity.id }),
    db
      .update(tpayConnections)
      .set({ disconnectedAt: now, updatedAt: now })
      .where(and(eq(tpayConnections.id, summary.id), guard.written)),
  ]);
  return written.length > 0;
}

/** A connection's identifying values, or the columns of tpay_connections in a correlated subquery. */
type ConnectionKeys = Record<"id" | "userId" | "merchantId" | "environment", string | Column>;

/**
 * Transactions created through the connection. Rows without connection_id (written before the
 * column existed) count when they were created for the same user, merchant and environment.
 */
function createdThrough(connection: ConnectionKeys): SQL {
  return sql`(${tpayTransactions.connectionId} = ${connection.id} OR (${tpayTransactions.connectionId} IS NULL
    AND ${tpayTransactions.account} = 'freelancer' AND ${tpayTransactions.userId} = ${connection.userId}
    AND ${tpayTransactions.merchantId} = ${connection.merchantId} AND ${tpayTransactions.environment} = ${connection.environment}))`;
}

/**
 * Reads, in one D1 batch, what Settings → Płatności warns about for the user's connection.
 * `awaitingBills` counts the user's bills awaiting payment whose Tpay transaction was started
 * through the connection. `sharedWithOtherAccount` is true when the merchant account is the
 * current connection of another user, and the warning does not say whose.
 */
export async function getTpayConnectionWarnings(
  db: Db,
  connection: Pick<TpayConnection, "id" | "userId" | "merchantId" | "environment">,
): Promise<{ awaitingBills: number; sharedWithOtherAccount: boolean }> {
  const [awaitingRows, elsewhereRows] = await db.batch([
    db
      .select({ count: sql<number>`COUNT(DISTINCT ${bills.id})` })
      .from(bills)
      .innerJoin(tpayTransactions, eq(tpayTransactions.billId, bills.id))
      .where(
        and(
          eq(bills.userId, connection.userId),
          eq(bills.status, "awaiting_payment"),
          eq(tpayTransactions.userId, connection.userId),
          eq(tpayTransactions.status, "pending"),
          createdThrough(connection),
        ),
      ),
    db
      .select({ id: tpayConnections.id })
      .from(tpayConnections)
      .where(
        and(
          eq(tpayConnections.merchantId, connection.merchantId),
          eq(tpayConnections.environment, connection.environment),
          isCurrent,
          ne(tpayConnections.userId, connection.userId),
        ),
      )
      .limit(1),
  ]);
  return { awaitingBills: awaitingRows[0]?.count ?? 0, sharedWithOtherAccount: elsewhereRows.length > 0 };
}

// ---------------------------------------------------------------------------------------------
// What the notification route records about a connection and its transactions.

/** Records that a verified notification reached the connection (shown in Settings → Płatności). */
export async function recordTpayConnectionNotificationSeen(db: Db, connectionId: string, now = new Date()): Promise<void> {
  await db.update(tpayConnections).set({ lastNotificationAt: now.toISOString() }).where(eq(tpayConnections.id, connectionId));
}

/** A wrong security code produces at most one payment_problem notification per user in this period. */
export const TPAY_MD5_NOTICE_INTERVAL_MS = 24 * 3_600_000;

/**
 * Records a notification with a valid signature whose md5sum does not match the connection's
 * security code: the code saved in Settings is probably wrong. Sets md5_failed_at while the row
 * still has the credentials the notification was checked with (a save meanwhile clears the
 * warning, and a late failure must not bring it back). For the current connection, the first
 * failure in TPAY_MD5_NOTICE_INTERVAL_MS also writes the activity row and a payment_problem
 * notification. Returns whether it notified.
 */
export async function recordTpayMd5Failure(
  deps: { db: Db; queue: Queue<unknown> },
  connection: Pick<TpayConnection, "id" | "userId" | "merchantId" | "environment" | "credentials">,
  now = new Date(),
): Promise<boolean> {
  const { db } = deps;
  const stamp = now.toISOString();
  const noticeAfter = new Date(now.getTime() - TPAY_MD5_NOTICE_INTERVAL_MS).toISOString();
  const sameCredentials = and(eq(tpayConnections.id, connection.id), eq(tpayConnections.credentials, connection.credentials));
  const guard = guardedActivity(
    db,
    {
      userId: connection.userId,
      actor: "system",
      action: "tpay.md5_failed",
      subjectType: "tpay_connection",
      subjectId: connection.id,
      data: { environment: connection.environment, merchantId: connection.merchantId },
    },
    sql`EXISTS (SELECT 1 FROM ${tpayConnections} WHERE ${sameCredentials} AND ${tpayConnections.disconnectedAt} IS NULL)
        AND NOT EXISTS (SELECT 1 FROM ${activity} WHERE ${activity.userId} = ${connection.userId}
          AND ${activity.action} = 'tpay.md5_failed' AND ${activity.createdAt} > ${noticeAfter})`,
  );
  const notificationId = randomId();
  const [written] = await db.batch([
    guard.insert.returning({ id: activity.id }),
    db.update(tpayConnections).set({ md5FailedAt: stamp }).where(sameCredentials),
    notificationInsertWhen(
      db,
      {
        userId: connection.userId,
        projectId: null,
        type: "payment_problem",
        data: { projectName: null, number: null, reason: tpaySettingsText.md5FailedReason },
      },
      guard.written,
      notificationId,
    ),
  ]);
  if (written.length === 0) return false;
  await dispatchNotifications(deps.queue, [notificationId]);
  return true;
}

/**
 * Marks the transaction as named by a rejected test_mode=1 notification on a production account:
 * no money moved, so reconciliation must not apply it. The first such notification's time stays.
 */
export async function markTpayTransactionTestMode(db: Db, transactionId: string, now = new Date()): Promise<void> {
  const stamp = now.toISOString();
  await db
    .update(tpayTransactions)
    .set({ testModeAt: stamp, updatedAt: stamp })
    .where(and(eq(tpayTransactions.id, transactionId), isNull(tpayTransactions.testModeAt)));
}

// ---------------------------------------------------------------------------------------------
// Removing the credentials of archived connections.

/** An archived connection keeps its credentials at least this long after it was disconnected or replaced. */
export const TPAY_ARCHIVE_RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * Removes the credentials of archived connections disconnected more than 30 days before `now`
 * that have no pending transaction left. Their notifications are then rejected as coming to an
 * unknown address, and reconciliation finds no account for them. The rows stay, so the
 * transactions that name them keep their connection_id. Returns how many rows were purged.
 * Called by the scheduled job.
 * NOTE: a transaction left pending forever (reconciliation stops querying after 7 days) keeps
 * its connection's credentials stored until something settles or cancels it.
 */
export async function purgeArchivedTpayConnections(db: Db, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - TPAY_ARCHIVE_RETENTION_MS).toISOString();
  const purged = await db
    .update(tpayConnections)
    .set({ credentials: PURGED_CREDENTIALS, updatedAt: now.toISOString() })
    .where(
      and(
        isNotNull(tpayConnections.disconnectedAt),
        lte(tpayConnections.disconnectedAt, cutoff),
        ne(tpayConnections.credentials, PURGED_CREDENTIALS),
        sql`NOT EXISTS (SELECT 1 FROM ${tpayTransactions} WHERE ${tpayTransactions.status} = 'pending' AND ${createdThrough(tpayConnections)})`,
      ),
    )
    .returning({ id: tpayConnections.id });
  if (purged.length > 0) logInfo("tpay.archived_credentials_purged", { count: purged.length });
  return purged.length;
}
