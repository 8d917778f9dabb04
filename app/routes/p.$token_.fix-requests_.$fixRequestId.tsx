import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { ClientFixRequestDetail } from "~/components/client-fix-request";
import { ClientTextProvider } from "~/i18n/client-context";
import { readClientPageText, useClientPageText } from "~/i18n/client-page-text";
import { clientPageText } from "~/i18n/client-page-text.server";
import { clientPageHandle } from "~/i18n/client-shell";
import { clientView, getFixRequestDetail } from "~/models/fix-requests.server";
import { CLIENT_PAGE_HEADERS, notFound, requireSharedProject } from "~/utils/client-link.server";
import { ClientLinkErrorBoundary, ClientShell } from "~/components/client-shell";

// One fix request on its own page, reached with the client link: /p/<token>/fix-requests/<id>.
// The request is looked up within the link's project only, so the id of another project's
// request (of the same freelancer or another) is the client link's one 404. Reading the page
// never writes anything.

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

export const handle = clientPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${readClientPageText(data.text).fixRequests.numbered(data.item.number)}: ${data.projectName} · Klamp` : "Klamp" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const shared = await requireSharedProject(context, params.token);
  const fixRequestId = params.fixRequestId ?? "";
  if (fixRequestId.length === 0 || fixRequestId.length > 64) notFound();

  const detail = await getFixRequestDetail(context.db, { projectId: shared.project.id, userId: shared.project.userId }, fixRequestId, "client");
  if (!detail) notFound();
  const [item] = clientView(detail.panel).items;
  const locale = shared.project.clientLocale;
  return json(
    { locale, text: clientPageText(locale, ["fixRequests"]), projectName: shared.project.name, item },
    { headers: CLIENT_PAGE_HEADERS },
  );
}

export default function ClientFixRequestPage() {
  const { text: pageText, projectName, item } = useLoaderData<typeof loader>();
  const { token = "" } = useParams();
  const text = useClientPageText(pageText);
  return (
    <ClientTextProvider value={text}>
      <ClientShell title={projectName}>
        <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link to={`/p/${encodeURIComponent(token)}`} className="link">
            ← {text.fixRequests.backToProject}
          </Link>
          <Link to={`/p/${encodeURIComponent(token)}/fix-requests`} className="link">
            {text.fixRequests.allLink}
          </Link>
        </div>
        <section className="card space-y-3" aria-labelledby="fix-request-title">
          <h1 id="fix-request-title" className="text-xl font-semibold">
            {text.fixRequests.title}
          </h1>
          <ClientFixRequestDetail item={item} />
        </section>
      </ClientShell>
    </ClientTextProvider>
  );
}

export const ErrorBoundary = ClientLinkErrorBoundary;
