import type { Db } from "~/db/client.server";
import { isEmailTemplateName, renderEmail } from "~/emails/templates";
import { claimEmail, markEmailFailed, markEmailSent, type EmailJob } from "~/models/email.server";
import { logError, logInfo, logWarn } from "~/utils/log.server";
import type { MailProvider } from "./mail-providers";

/** Queue deliveries per message before it goes to the dead-letter queue: 1 + max_retries in wrangler.toml. */
export const MAX_EMAIL_DELIVERIES = 6;

export function retryDelaySeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(attempt - 1, 0), 3600);
}

/**
 * Sends each queued e-mail once. Delivery is at least once, so the outbox row is claimed with
 * a conditional update first: a redelivered message for a sent row is acknowledged unsent.
 */
export async function handleEmailBatch(
  batch: MessageBatch<EmailJob>,
  deps: { db: Db; provider: MailProvider; from: string },
): Promise<void> {
  for (const message of batch.messages) {
    const outboxId = message.body?.outboxId;
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
      });
      await markEmailSent(deps.db, row, rendered.subject, providerMessageId);
      logInfo("email.sent", { outboxId, template: row.template, attempts: row.attempts });
      message.ack();
    } catch (error) {
      const final = message.attempts >= MAX_EMAIL_DELIVERIES;
      const reason = error instanceof Error ? error.message : String(error);
      await markEmailFailed(deps.db, outboxId, reason, final);
      logError("email.send_failed", error, { outboxId, attempts: row.attempts, final });
      // On the last delivery the queue moves the message to the dead-letter queue.
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

/** Records messages that exhausted their retries; they are acknowledged, never retried again. */
export async function handleEmailDeadLetters(batch: MessageBatch<EmailJob>, db: Db): Promise<void> {
  for (const message of batch.messages) {
    const outboxId = message.body?.outboxId;
    if (typeof outboxId === "string") {
      // Delivery is at least once, so one copy of a message can reach the dead-letter queue
      // after another copy sent the row. Such a row stays sent.
      if (await markEmailFailed(db, outboxId, null, true)) logWarn("email.dead_letter", { outboxId });
      else logInfo("email.dead_letter_ignored", { outboxId, reason: "sent or missing" });
    }
    message.ack();
  }
}
