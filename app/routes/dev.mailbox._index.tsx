import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { devMailboxText } from "~/i18n/pl";
import { listMailbox } from "~/models/email.server";
import { formatDateTime } from "~/utils/dates";
import { requireDevMailbox } from "~/utils/dev-mailbox.server";
import { pageFromSearch } from "~/utils/validation";

export const meta: MetaFunction = () => [{ title: `${devMailboxText.title} · Klamp` }];

// Development tool: the inbox of the "mailbox" e-mail provider. It needs no login, because it
// exists only outside production with that provider (requireDevMailbox throws a 404 otherwise).
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDevMailbox(context.cloudflare.env);

  const url = new URL(request.url);
  const page = pageFromSearch(url);
  const to = url.searchParams.get("to")?.trim().slice(0, 254) ?? "";
  const { items, hasMore } = await listMailbox(context.db, { to: to || undefined, page });
  const messages = items.map((item) => ({ ...item, sentAt: formatDateTime(item.createdAt) }));
  return json({ messages, hasMore, page, to });
}

export default function DevMailboxPage() {
  const { messages, hasMore, page, to } = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <h1 className="text-2xl font-bold">{devMailboxText.title}</h1>
      <p className="mt-1 text-sm text-slate-600">{devMailboxText.intro}</p>

      <Form method="get" className="mt-6 flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="mailbox-to" className="block text-sm font-medium text-slate-700">
            {devMailboxText.recipient}
          </label>
          <input id="mailbox-to" name="to" type="search" defaultValue={to} className="input w-72" />
        </div>
        <button type="submit" className="btn-secondary">
          {devMailboxText.filter}
        </button>
        {to ? (
          <Link to="/dev/mailbox" className="link text-sm">
            {devMailboxText.clearFilter}
          </Link>
        ) : null}
      </Form>

      {messages.length === 0 ? (
        <p className="mt-6 text-slate-600">{devMailboxText.empty}</p>
      ) : (
        <div className="card mt-6 overflow-x-auto p-0 sm:p-0">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  {devMailboxText.sentAt}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {devMailboxText.from}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {devMailboxText.to}
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  {devMailboxText.subject}
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <tr key={message.id} className="border-t border-slate-100">
                  <td className="px-4 py-2 whitespace-nowrap">{message.sentAt}</td>
                  <td className="px-4 py-2">{message.fromAddress}</td>
                  <td className="px-4 py-2">{message.toAddress}</td>
                  <td className="px-4 py-2">
                    <Link to={`/dev/mailbox/${message.id}`} className="link">
                      {message.subject}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} hasMore={hasMore} />
    </main>
  );
}
