import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { devMailbox, emailOutbox } from "~/db/schema";
import { enqueueEmail, type EmailJob } from "~/models/email.server";
import worker from "../workers/app";
import { handleEmailBatch, MAX_EMAIL_DELIVERIES } from "../workers/email";
import { httpProvider, mailboxProvider, type MailProvider, type OutgoingEmail } from "../workers/mail-providers";
import { db, uniqueEmail } from "./helpers";
import { allowConsoleErrors } from "./setup";

const handler = worker as Required<Pick<ExportedHandler<Env, EmailJob>, "fetch" | "queue">>;

/** Returns a queue that records what was sent, so the real consumer never receives the message. */
function recordingQueue() {
  const sent: EmailJob[] = [];
  const queue = {
    async send(body: EmailJob) {
      sent.push(body);
    },
  } as unknown as Queue<EmailJob>;
  return { queue, sent };
}

async function queuedActivationEmail(to = uniqueEmail("mail")) {
  const { queue, sent } = recordingQueue();
  const outboxId = await enqueueEmail(db, queue, {
    to,
    toName: "Anna Nowak",
    template: "activation",
    data: { activationUrl: "http://localhost:8787/activate/secret-token" },
  });
  expect(sent).toEqual([{ outboxId }]);
  return { outboxId, to };
}

function batchFor(queueName: string, outboxId: string, attempts: number) {
  return createMessageBatch<EmailJob>(queueName, [
    { id: `message-${outboxId}`, timestamp: new Date(), attempts, body: { outboxId } },
  ]);
}

async function outboxRow(outboxId: string) {
  const row = await db.query.emailOutbox.findFirst({ where: eq(emailOutbox.id, outboxId) });
  if (!row) throw new Error("Outbox row missing");
  return row;
}

const failingProvider: MailProvider = {
  async send() {
    throw new Error("Mail API returned HTTP 503: service unavailable");
  },
};

/**
 * Runs the consumer on one message and returns the queue's result plus the options given to
 * retry(), which getQueueResult does not report.
 */
async function deliverWith(provider: MailProvider, outboxId: string, attempts: number) {
  const batch = batchFor("klamp-email", outboxId, attempts);
  const retry = vi.spyOn(batch.messages[0], "retry");
  const ctx = createExecutionContext();
  await handleEmailBatch(batch, { db, provider, from: env.EMAIL_FROM });
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryOptions: retry.mock.calls.map(([options]) => options) };
}

describe("e-mail queue consumer", () => {
  it("sends a queued e-mail once, even when the message is redelivered", async () => {
    const { outboxId, to } = await queuedActivationEmail();

    const first = batchFor("klamp-email", outboxId, 1);
    const firstCtx = createExecutionContext();
    await handler.queue(first, env, firstCtx);
    const firstResult = await getQueueResult(first, firstCtx);
    expect(firstResult.explicitAcks).toEqual([`message-${outboxId}`]);
    expect(firstResult.retryMessages).toEqual([]);

    const sent = await outboxRow(outboxId);
    expect(sent.status).toBe("sent");
    expect(sent.attempts).toBe(1);
    expect(sent.subject).toBe("Aktywuj konto w Klamp");
    expect(sent.data).not.toContain("secret-token");

    const again = batchFor("klamp-email", outboxId, 2);
    const againCtx = createExecutionContext();
    await handler.queue(again, env, againCtx);
    const againResult = await getQueueResult(again, againCtx);
    expect(againResult.explicitAcks).toEqual([`message-${outboxId}`]);
    expect(againResult.retryMessages).toEqual([]);

    const mailbox = await db.select().from(devMailbox).where(eq(devMailbox.outboxId, outboxId));
    expect(mailbox).toHaveLength(1);
    expect(mailbox[0].toAddress).toBe(to);
    expect((await outboxRow(outboxId)).attempts).toBe(1);
  });

  it("acknowledges a message whose outbox row does not exist", async () => {
    const result = await deliverWith(mailboxProvider(db), crypto.randomUUID(), 1);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
  });

  it("marks a failed send as retrying and retries with a delay", async () => {
    allowConsoleErrors();
    const { outboxId } = await queuedActivationEmail();

    const first = await deliverWith(failingProvider, outboxId, 1);
    expect(first.explicitAcks).toEqual([]);
    expect(first.retryMessages).toEqual([{ msgId: `message-${outboxId}` }]);
    expect(first.retryOptions).toEqual([{ delaySeconds: 30 }]);
    let row = await outboxRow(outboxId);
    expect(row.status).toBe("retrying");
    expect(row.lastError).toBe("Mail API returned HTTP 503: service unavailable");
    expect(row.attempts).toBe(1);

    const second = await deliverWith(failingProvider, outboxId, 2);
    expect(second.retryOptions).toEqual([{ delaySeconds: 60 }]);
    row = await outboxRow(outboxId);
    expect(row.status).toBe("retrying");
    expect(row.attempts).toBe(2);
    expect(await db.select().from(devMailbox).where(eq(devMailbox.outboxId, outboxId))).toHaveLength(0);
  });

  it("marks the row failed after the last delivery", async () => {
    allowConsoleErrors();
    const { outboxId } = await queuedActivationEmail();

    await deliverWith(failingProvider, outboxId, MAX_EMAIL_DELIVERIES - 1);
    expect((await outboxRow(outboxId)).status).toBe("retrying");

    const last = await deliverWith(failingProvider, outboxId, MAX_EMAIL_DELIVERIES);
    // The queue moves a message retried on its last delivery to the dead-letter queue.
    expect(last.retryMessages).toHaveLength(1);
    const row = await outboxRow(outboxId);
    expect(row.status).toBe("failed");
    expect(row.lastError).toBe("Mail API returned HTTP 503: service unavailable");
  });

  it("sends a retrying row when the provider recovers", async () => {
    allowConsoleErrors();
    const { outboxId } = await queuedActivationEmail();
    await deliverWith(failingProvider, outboxId, 1);
    const result = await deliverWith(mailboxProvider(db), outboxId, 2);
    expect(result.explicitAcks).toHaveLength(1);
    const row = await outboxRow(outboxId);
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(2);
    expect(row.lastError).toBeNull();
  });
});

describe("e-mail dead-letter queue", () => {
  it("marks the row failed and keeps the reason", async () => {
    allowConsoleErrors();
    const { outboxId } = await queuedActivationEmail();
    await deliverWith(failingProvider, outboxId, 1);

    const batch = batchFor("klamp-email-dlq", outboxId, 1);
    const ctx = createExecutionContext();
    await handler.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([`message-${outboxId}`]);
    expect(result.retryMessages).toEqual([]);

    const row = await outboxRow(outboxId);
    expect(row.status).toBe("failed");
    expect(row.lastError).toBe("Mail API returned HTTP 503: service unavailable");
  });

  it("leaves a sent row as sent", async () => {
    const { outboxId } = await queuedActivationEmail();
    await deliverWith(mailboxProvider(db), outboxId, 1);
    const batch = batchFor("klamp-email-dlq", outboxId, 1);
    const ctx = createExecutionContext();
    await handler.queue(batch, env, ctx);
    await getQueueResult(batch, ctx);
    expect((await outboxRow(outboxId)).status).toBe("sent");
  });
});

describe("HTTP mail provider", () => {
  const email: OutgoingEmail = {
    outboxId: "4f1c2b8e-0000-4000-8000-000000000001",
    from: "Klamp <no-reply@klamp.pl>",
    to: "jan@example.com",
    toName: 'Jan "Janek" Kowalski',
    subject: "Aktywuj konto w Klamp",
    html: "<p>Cześć</p>",
    text: "Cześć",
  };

  function recordingFetch(response: Response) {
    const requests: Request[] = [];
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return response;
    }) as typeof fetch;
    return { fetcher, requests };
  }

  it("posts the e-mail as JSON with the key and an idempotency key", async () => {
    const { fetcher, requests } = recordingFetch(Response.json({ id: "provider-42" }));
    const provider = httpProvider({ url: "https://mail.example.test/emails", apiKey: "test-key" }, fetcher);

    expect(await provider.send(email)).toBe("provider-42");
    expect(requests).toHaveLength(1);
    const request = requests[0];
    expect(request.method).toBe("POST");
    expect(request.url).toBe("https://mail.example.test/emails");
    expect(request.headers.get("Authorization")).toBe("Bearer test-key");
    expect(request.headers.get("Content-Type")).toBe("application/json");
    expect(request.headers.get("Idempotency-Key")).toBe(email.outboxId);
    expect(await request.json()).toEqual({
      from: "Klamp <no-reply@klamp.pl>",
      to: ['"Jan \\"Janek\\" Kowalski" <jan@example.com>'],
      subject: "Aktywuj konto w Klamp",
      html: "<p>Cześć</p>",
      text: "Cześć",
    });
  });

  it("sends a bare address when there is no name", async () => {
    const { fetcher, requests } = recordingFetch(Response.json({}));
    const provider = httpProvider({ url: "https://mail.example.test/emails", apiKey: "test-key" }, fetcher);
    expect(await provider.send({ ...email, toName: null })).toBeNull();
    expect(((await requests[0].json()) as { to: string[] }).to).toEqual(["jan@example.com"]);
  });

  it("throws on a non-2xx answer with the status", async () => {
    const { fetcher } = recordingFetch(new Response('{"message":"invalid from"}', { status: 422 }));
    const provider = httpProvider({ url: "https://mail.example.test/emails", apiKey: "test-key" }, fetcher);
    await expect(provider.send(email)).rejects.toThrow('Mail API returned HTTP 422: {"message":"invalid from"}');
  });

  it("fails a queued row through the consumer when the API answers 500", async () => {
    allowConsoleErrors();
    const { outboxId } = await queuedActivationEmail();
    const { fetcher, requests } = recordingFetch(new Response("upstream down", { status: 500 }));
    const provider = httpProvider({ url: "https://mail.example.test/emails", apiKey: "test-key" }, fetcher);
    const result = await deliverWith(provider, outboxId, 1);
    expect(requests).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(1);
    const row = await outboxRow(outboxId);
    expect(row.status).toBe("retrying");
    expect(row.lastError).toBe("Mail API returned HTTP 500: upstream down");
  });
});

describe("e-mail outbox", () => {
  it("refuses a recipient name with a line break", async () => {
    const { queue, sent } = recordingQueue();
    await expect(
      enqueueEmail(db, queue, {
        to: "jan@example.com",
        toName: "Jan\r\nBcc: victim@example.com",
        template: "activation",
        data: { activationUrl: "http://localhost:8787/activate/x" },
      }),
    ).rejects.toThrow("control characters");
    expect(sent).toEqual([]);
  });

  it.each([["C1 next line", "Jan\u0085Bcc: victim@example.com"], ["bidi override", "Jan \u202eKowalski"]])(
    "refuses a recipient name with a %s",
    async (_kind, toName) => {
      const { queue, sent } = recordingQueue();
      await expect(
        enqueueEmail(db, queue, { to: "jan@example.com", toName, template: "activation", data: { activationUrl: "http://localhost:8787/activate/x" } }),
      ).rejects.toThrow("control characters");
      expect(sent).toEqual([]);
    },
  );
});
