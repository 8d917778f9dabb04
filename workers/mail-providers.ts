import type { Db } from "~/db/client.server";
import { storeInMailbox } from "~/models/email.server";

export interface OutgoingEmail {
  outboxId: string;
  from: string;
  to: string;
  toName: string | null;
  subject: string;
  html: string;
  text: string;
  /** Extra headers such as List-Unsubscribe; the development mailbox does not keep them. */
  headers?: Record<string, string>;
}

export interface MailProvider {
  /** Sends the e-mail and returns the provider's message id; throws on failure. */
  send(email: OutgoingEmail): Promise<string | null>;
}

/** Formats `"Name" <address>` with the display name quoted; names were checked for CR/LF before. */
export function formatAddress(address: string, name: string | null): string {
  if (!name) return address;
  return `"${name.replace(/["\\]/g, "\\$&")}" <${address}>`;
}

/** Development provider: keeps every message in D1 for the /dev/mailbox page. */
export function mailboxProvider(db: Db): MailProvider {
  return {
    async send(email) {
      await storeInMailbox(db, {
        outboxId: email.outboxId,
        from: email.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
      });
      return `mailbox:${email.outboxId}`;
    },
  };
}

/**
 * Production provider for an HTTP mail API that takes a Resend-compatible request: a JSON body
 * with from, to, subject, html, text and optional custom headers, and a Bearer key. The outbox
 * id goes in the Idempotency-Key header, so the provider does not send a redelivered job twice either.
 */
export function httpProvider(config: { url: string; apiKey: string }, fetcher: typeof fetch = fetch): MailProvider {
  return {
    async send(email) {
      const response = await fetcher(config.url, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${config.apiKey}`,
          "Content-Type": "application/json",
          "Idempotency-Key": email.outboxId,
        },
        body: JSON.stringify({
          from: email.from,
          to: [formatAddress(email.to, email.toName)],
          subject: email.subject,
          html: email.html,
          text: email.text,
          ...(email.headers ? { headers: email.headers } : {}),
        }),
      });
      if (!response.ok) {
        const detail = (await response.text()).slice(0, 200);
        throw new Error(`Mail API returned HTTP ${response.status}: ${detail}`);
      }
      const body = (await response.json().catch(() => ({}))) as { id?: string };
      return body.id ?? null;
    },
  };
}

export function getMailProvider(env: Env, db: Db): MailProvider {
  if (env.EMAIL_PROVIDER === "http") {
    return httpProvider({ url: env.EMAIL_API_URL, apiKey: env.EMAIL_API_KEY ?? "" });
  }
  if (env.EMAIL_PROVIDER === "mailbox") {
    // The queue consumer does not run checkEnv, so production refuses the mailbox here as well.
    if (env.ENVIRONMENT === "production") throw new Error("EMAIL_PROVIDER mailbox is for development only");
    return mailboxProvider(db);
  }
  throw new Error(`Unknown EMAIL_PROVIDER: ${env.EMAIL_PROVIDER}`);
}
