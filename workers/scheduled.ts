import { getDb } from "~/db/client.server";
import { listStrandedEmails } from "~/models/email.server";
import { deleteExpiredSessions } from "~/models/session.server";
import { logError, logInfo } from "~/utils/log.server";

/** Cron work: re-queue e-mails whose queue message was lost, and drop expired sessions. */
export async function runScheduledMaintenance(env: Env): Promise<void> {
  const db = getDb(env.DB);
  try {
    const stranded = await listStrandedEmails(db, new Date(Date.now() - 10 * 60_000));
    if (stranded.length > 0) {
      await env.EMAIL_QUEUE.sendBatch(stranded.map((row) => ({ body: { outboxId: row.id } })));
      logInfo("email.requeued", { count: stranded.length });
    }
    await deleteExpiredSessions(db);
  } catch (error) {
    logError("scheduled.failed", error);
    throw error;
  }
}
