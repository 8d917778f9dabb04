import { getDb } from "~/db/client.server";
import { reportFailureText } from "~/i18n/pl";
import { purgeExpiredRetainedRecords, purgeGoodbyeEmails, purgeR2Prefixes } from "~/models/account-deletion.server";
import { runExportMaintenance } from "~/models/data-exports.server";
import { listStrandedEmails } from "~/models/email.server";
import { redispatchStrandedNotifications, sendDueDigests } from "~/models/notifications.server";
import { requeueStaleReports } from "~/models/reports.server";
import { deleteExpiredSessions } from "~/models/session.server";
import type { TpayFetch } from "~/models/tpay-api.server";
import { purgeArchivedTpayConnections } from "~/models/tpay-connections.server";
import { reconcilePendingTpayTransactions } from "~/models/tpay-reconciliation.server";
import { logError, logInfo } from "~/utils/log.server";

/**
 * Cron work, every ten minutes: re-queue e-mails and notifications whose queue message was
 * lost, re-queue reports whose message was lost or whose render stalled (failing those out of
 * attempts), send the daily notification digests due at 8:00 Europe/Warsaw, drop expired sessions,
 * remove the credentials of Tpay connections archived more than 30 days ago with nothing pending,
 * and ask Tpay about transactions still pending after 15 minutes. It also cleans up after deleted
 * accounts (cleanUpDeletedAccounts) and maintains data exports (maintainExports). `now` is a
 * parameter so tests can run the job at fixed instants, and `tpayFetch` is the Worker's Tpay
 * fetch (workers/tpay-fetch.ts).
 */
export async function runScheduledMaintenance(env: Env, now = new Date(), tpayFetch: TpayFetch = (input, init) => fetch(input, init)): Promise<void> {
  const db = getDb(env.DB);
  // Reconciliation runs even when the maintenance below fails, and logs its own errors.
  const reconciliation = reconcileTpay(env, now, tpayFetch);
  try {
    const stranded = await listStrandedEmails(db, new Date(now.getTime() - 10 * 60_000));
    if (stranded.length > 0) {
      await env.EMAIL_QUEUE.sendBatch(stranded.map((row) => ({ body: { outboxId: row.id } })));
      logInfo("email.requeued", { count: stranded.length });
    }
    await requeueReports(env, now);
    const notifications = await redispatchStrandedNotifications(db, env.EMAIL_QUEUE, now);
    if (notifications > 0) logInfo("notification.requeued", { count: notifications });
    const digests = await sendDueDigests({ db, queue: env.EMAIL_QUEUE, origin: env.APP_ORIGIN }, now);
    if (digests > 0) logInfo("notification.digests_sent", { count: digests });
    await deleteExpiredSessions(db);
    await purgeArchivedTpayConnections(db, now);
    await cleanUpDeletedAccounts(env, now);
    await maintainExports(env, now);
  } catch (error) {
    logError("scheduled.failed", error);
    throw error;
  } finally {
    await reconciliation;
  }
}

async function reconcileTpay(env: Env, now: Date, tpayFetch: TpayFetch): Promise<void> {
  try {
    await reconcilePendingTpayTransactions({ db: getDb(env.DB), env, tpayFetch }, now);
  } catch (error) {
    logError("scheduled.tpay_reconciliation_failed", error);
  }
}

/** Re-queues stalled reports and logs a failure, so that the rest of the maintenance still runs. */
async function requeueReports(env: Env, now: Date): Promise<void> {
  try {
    const reports = await requeueStaleReports(getDb(env.DB), env.REPORT_QUEUE, now, reportFailureText.abandoned);
    if (reports.requeued > 0 || reports.failed > 0) logInfo("report.requeued", reports);
  } catch (error) {
    logError("scheduled.report_requeue_failed", error);
  }
}

/**
 * Deletes a bounded share of the R2 objects queued in r2_purges (deleted accounts, anonymised
 * clients' files), the retained records whose retain_until day has passed, and the outbox rows
 * of sent goodbye e-mails. A failure is logged, so that the rest of the maintenance still runs.
 */
async function cleanUpDeletedAccounts(env: Env, now: Date): Promise<void> {
  const db = getDb(env.DB);
  try {
    await purgeR2Prefixes({ db, bucket: env.FILES }, now);
    await purgeExpiredRetainedRecords(db, now);
    await purgeGoodbyeEmails(db, now);
  } catch (error) {
    logError("scheduled.account_clean_up_failed", error);
  }
}

/**
 * Re-queues stalled "Eksportuj dane" jobs and removes expired export ZIPs. A failure is logged,
 * so that the rest of the maintenance still runs.
 */
async function maintainExports(env: Env, now: Date): Promise<void> {
  try {
    await runExportMaintenance({ db: getDb(env.DB), bucket: env.FILES, queue: env.EXPORT_QUEUE }, now);
  } catch (error) {
    logError("scheduled.export_maintenance_failed", error);
  }
}
