import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { devMailboxText } from "~/i18n/pl/dev-mailbox";
import { listMailbox } from "~/models/email.server";
import { formatDateTime } from "~/utils/dates";
import { requireDevMailbox } from "~/utils/dev-mailbox.server";
import { pageFromSearch } from "~/utils/page-number";

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
        <div className="card mt-6 p-0 sm:p-0">
          {/* Below the sm breakpoint each message is a stacked card with the subject (the link
              to the message) first, so a 360 px screen needs no sideways scrolling. */}
          <table className="block w-full text-left text-sm sm:table">
            <thead className="hidden text-slate-500 sm:table-header-group">
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
            <tbody className="block sm:table-row-group">
              {messages.map((message) => (
                <tr
                  key={message.id}
                  className="flex flex-col gap-0.5 border-t border-slate-100 px-4 py-3 first:border-t-0 sm:table-row sm:border-t sm:px-0 sm:py-0"
                >
                  <td className="sm:table-cell sm:px-4 sm:py-2 sm:whitespace-nowrap">
                    <span className="text-slate-500 sm:hidden">{devMailboxText.sentAt}: </span>
                    {message.sentAt}
                  </td>
                  <td className="break-all sm:table-cell sm:px-4 sm:py-2 sm:break-normal">
                    <span className="text-slate-500 sm:hidden">{devMailboxText.from}: </span>
                    {message.fromAddress}
                  </td>
                  <td className="break-all sm:table-cell sm:px-4 sm:py-2 sm:break-normal">
                    <span className="text-slate-500 sm:hidden">{devMailboxText.to}: </span>
                    {message.toAddress}
                  </td>
                  <td className="order-first font-medium sm:order-none sm:table-cell sm:px-4 sm:py-2 sm:font-normal">
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
