import type { Db } from "~/db/client.server";
import { isEmailTemplateName, renderEmail } from "~/emails/templates";
import { claimEmail, markEmailFailed, markEmailSent, type EmailJob } from "~/models/email.server";
import { processNotificationEmail, type NotificationJob } from "~/models/notifications.server";
import { logError, logInfo, logWarn } from "~/utils/log.server";
import type { MailProvider } from "./mail-providers";

/** Queue deliveries per message before it goes to the dead-letter queue: 1 + max_retries in wrangler.toml. */
export const MAX_EMAIL_DELIVERIES = 6;

export function retryDelaySeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(attempt - 1, 0), 3600);
}

/** A message on the e-mail queue: an outbox row to send, or a notification to handle. */
export type EmailQueueMessage = EmailJob | NotificationJob;

export interface EmailBatchDeps {
  db: Db;
  provider: MailProvider;
  from: string;
  /** Needed for notification messages: the queue for the e-mail they write, and the app's origin for its links. */
  notifications?: { queue: Queue<EmailJob>; origin: string };
}

/**
 * Sends each queued e-mail once. Delivery is at least once, so the outbox row is claimed with
 * a conditional update first: a redelivered message for a sent row is acknowledged unsent.
 * A `{ notificationId }` message is handed to handleNotificationMessage.
 */
export async function handleEmailBatch(batch: MessageBatch<EmailQueueMessage>, deps: EmailBatchDeps): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body as Partial<EmailJob & NotificationJob> | null | undefined;
    if (typeof body?.notificationId === "string") {
      await handleNotificationMessage(message, body.notificationId, deps);
      continue;
    }
    const outboxId = body?.outboxId;
    if (typeof outboxId !== "string") {
      logWarn("email.invalid_message", { messageId: message.id });
      message.ack();
      continue;
    }

    const claim = await claimEmail(deps.db, outboxId);
    if (claim.outcome !== "claimed") {
      if (claim.outcome === "busy") {
        // Another delivery has a fresh claim, so look again after it has had time to finish.
        message.retry({ delaySeconds: 60 });
      } else {
        logInfo("email.skipped", { outboxId, reason: claim.outcome });
        message.ack();
      }
      continue;
    }

    const row = claim.row;
    try {
      if (!isEmailTemplateName(row.template)) throw new Error(`Unknown template ${row.template}`);
      const rendered = renderEmail(row.template, JSON.parse(row.data));
      const providerMessageId = await deps.provider.send({
        outboxId: row.id,
        from: deps.from,
        to: row.toAddress,
        toName: row.toName,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        headers: rendered.headers,
      });
      await markEmailSent(deps.db, row, rendered.subject, providerMessageId, deps.notifications?.queue);
      logInfo("email.sent", { outboxId, template: row.template, attempts: row.attempts });
      message.ack();
    } catch (error) {
      const final = message.attempts >= MAX_EMAIL_DELIVERIES;
      const reason = error instanceof Error ? error.message : String(error);
      await markEmailFailed(deps.db, outboxId, reason, final, deps.notifications?.queue);
      logError("email.send_failed", error, { outboxId, attempts: row.attempts, final });
      // On the last delivery the queue moves the message to the dead-letter queue.
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

/**
 * Decides a notification's e-mail by the owner's preference (see processNotificationEmail) and
 * acknowledges the message. A redelivered message finds the notification handled and sends
 * nothing. On an error the message is retried with a delay.
 */
async function handleNotificationMessage(message: Message<unknown>, notificationId: string, deps: EmailBatchDeps): Promise<void> {
  if (!deps.notifications) {
    logError("notification.consumer_misconfigured", new Error("handleEmailBatch got a notification without its queue and origin"), {
      notificationId,
    });
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    return;
  }
  try {
    const outcome = await processNotificationEmail({ db: deps.db, ...deps.notifications }, notificationId);
    logInfo("notification.email", { notificationId, outcome });
    message.ack();
  } catch (error) {
    logError("notification.email_failed", error, { notificationId, attempts: message.attempts });
    // After the last delivery the message goes to the dead-letter queue, and the scheduled job
    // re-queues the notification while it is still pending and less than a day old.
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

/**
 * Records messages that exhausted their retries; they are acknowledged, never retried again.
 * `notificationQueue` receives the notification of a failed invitation e-mail.
 */
export async function handleEmailDeadLetters(batch: MessageBatch<EmailQueueMessage>, db: Db, notificationQueue?: Queue<unknown>): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body as Partial<EmailJob & NotificationJob> | null | undefined;
    if (typeof body?.notificationId === "string") {
      logWarn("notification.dead_letter", { notificationId: body.notificationId });
    }
    const outboxId = body?.outboxId;
    if (typeof outboxId === "string") {
      // Delivery is at least once, so one copy of a message can reach the dead-letter queue
      // after another copy sent the row. Such a row stays sent.
      if (await markEmailFailed(db, outboxId, null, true, notificationQueue)) logWarn("email.dead_letter", { outboxId });
      else logInfo("email.dead_letter_ignored", { outboxId, reason: "sent or missing" });
    }
    message.ack();
  }
}
