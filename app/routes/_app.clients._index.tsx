import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { clientsText } from "~/i18n/pl/clients";
import { common } from "~/i18n/pl/common";
import { listClients } from "~/models/clients.server";
import { requireUser } from "~/utils/auth.server";
import { countLabel, PROJECT_FORMS } from "~/utils/plural";
import { pageFromSearch } from "~/utils/page-number";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "~/components/stacked-table";

export const meta: MetaFunction = () => [{ title: `${clientsText.title} · Klamp` }];

const MAX_QUERY_LENGTH = 200;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH);
  const page = pageFromSearch(url);

  const { items, hasMore } = await listClients(context.db, user.id, { query, page });
  return json({ query, page, items, hasMore });
}

// Below the lg breakpoint each row is a card and every cell shows its column name itself.
const cellClass =
  `px-3 py-1 lg:py-2 ${STACKED_CELL_CLASS}`;

export default function ClientsPage() {
  const { query, page, items, hasMore } = useLoaderData<typeof loader>();

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{clientsText.listTitle}</h1>
        <Link to="/clients/new" className="btn-primary">
          {clientsText.add}
        </Link>
      </div>

      <Form method="get" role="search" className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="client-search" className="sr-only">
          {clientsText.searchLabel}
        </label>
        <input
          id="client-search"
          type="search"
          name="q"
          defaultValue={query}
          maxLength={MAX_QUERY_LENGTH}
          placeholder={clientsText.searchPlaceholder}
          className="input sm:max-w-md"
        />
        <div className="flex gap-2">
          <button type="submit" className="btn-secondary">
            {common.search}
          </button>
          {query ? (
            <Link to="/clients" className="btn-secondary">
              {clientsText.clearSearch}
            </Link>
          ) : null}
        </div>
      </Form>

      {items.length === 0 ? (
        <p className="card text-slate-600">{query ? clientsText.noResults(query) : clientsText.empty}</p>
      ) : (
        <div className="lg:overflow-hidden lg:rounded-lg lg:border lg:border-slate-200 lg:bg-white lg:shadow-sm">
          <table className="w-full text-sm" data-testid="clients-table">
            <thead className="max-lg:sr-only">
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th scope="col" className="px-3 py-2 font-medium">
                  {clientsText.name}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {clientsText.email}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {clientsText.phone}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {clientsText.nip}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {clientsText.projects}
                </th>
              </tr>
            </thead>
            <tbody className="max-lg:space-y-3 max-lg:block">
              {items.map((client) => (
                <tr
                  key={client.id}
                  className={STACKED_ROW_CLASS}
                >
                  <th scope="row" className="px-3 py-1 text-left font-medium lg:py-2 max-lg:block">
                    <Link to={`/clients/${client.id}`} className="link [overflow-wrap:anywhere]">
                      {client.name}
                    </Link>
                  </th>
                  <td data-label={clientsText.email} className={cellClass}>
                    <span className="min-w-0 [overflow-wrap:anywhere] text-right lg:text-left">{client.email ?? "—"}</span>
                  </td>
                  <td data-label={clientsText.phone} className={cellClass}>
                    <span className="whitespace-nowrap">{client.phone ?? "—"}</span>
                  </td>
                  <td data-label={clientsText.nip} className={cellClass}>
                    {client.nip ? <span className="font-mono text-xs">{client.nip}</span> : "—"}
                  </td>
                  <td data-label={clientsText.projects} className={cellClass}>
                    <span className="whitespace-nowrap">
                      {client.projectCount > 0 ? countLabel(client.projectCount, PROJECT_FORMS) : clientsText.noProjects}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Pagination page={page} hasMore={hasMore} />
    </div>
  );
}
