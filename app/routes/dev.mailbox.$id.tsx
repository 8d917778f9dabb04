import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { devMailboxText } from "~/i18n/pl/dev-mailbox";
import { getMailboxMessage } from "~/models/email.server";
import { formatDateTime } from "~/utils/dates";
import { requireDevMailbox } from "~/utils/dev-mailbox.server";
import { splitLinks } from "~/utils/linkify";

export const meta: MetaFunction = () => [{ title: `${devMailboxText.title} · Klamp` }];

// Development tool, no login: see dev.mailbox._index.tsx.
export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDevMailbox(context.cloudflare.env);

  const message = await getMailboxMessage(context.db, params.id ?? "");
  if (!message) throw new Response("Not Found", { status: 404 });
  return json({
    id: message.id,
    subject: message.subject,
    fromAddress: message.fromAddress,
    toAddress: message.toAddress,
    sentAt: formatDateTime(message.createdAt),
    text: message.text,
  });
}

/** Renders the plain-text part with http(s) links as anchors. React escapes every text node. */
function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((segment, index) =>
        segment.kind === "link" ? (
          <a key={index} href={segment.href} className="link break-all">
            {segment.href}
          </a>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}

export default function DevMailboxMessagePage() {
  const message = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <Link to="/dev/mailbox" className="link text-sm">
        ← {devMailboxText.backToList}
      </Link>
      <h1 className="mt-4 text-2xl font-bold">{message.subject}</h1>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">{devMailboxText.from}</dt>
        <dd>{message.fromAddress}</dd>
        <dt className="text-slate-500">{devMailboxText.to}</dt>
        <dd>{message.toAddress}</dd>
        <dt className="text-slate-500">{devMailboxText.sentAt}</dt>
        <dd>{message.sentAt}</dd>
      </dl>
      <p className="mt-4">
        <a href={`/dev/mailbox/${message.id}/html`} target="_blank" rel="noopener noreferrer" className="btn-secondary">
          {devMailboxText.htmlVersion}
        </a>
      </p>
      <h2 className="mt-6 text-sm font-semibold text-slate-500">{devMailboxText.textPart}</h2>
      <pre className="card mt-2 font-sans text-sm whitespace-pre-wrap" data-testid="mail-text">
        <LinkedText text={message.text} />
      </pre>
    </main>
  );
}
