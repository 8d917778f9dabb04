import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useMatches, useRouteLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Toaster } from "~/components/toaster";
import type { ClientLocale } from "~/i18n/locale";
import stylesheet from "~/styles/app.css";
import { readToast } from "~/utils/toast.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Klamp" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { toast, setCookie } = await readToast(request, context.cloudflare.env);
  return json({ toast, nonce: context.cspNonce }, { headers: setCookie ? { "Set-Cookie": setCookie } : {} });
}

interface DocumentLangHandle {
  // Not checked with isClientLocale, because importing it would add a module to every page's bundle.
  documentLang?: (data: unknown) => ClientLocale | undefined;
  toastCloseLabel?: (data: unknown) => string;
}

/**
 * Returns the page's language and the toast's close label: Polish, unless a route's
 * `handle.documentLang` reads another language from its loader data (the client's pages, which
 * speak the project's client language, see clientPageHandle in app/i18n/client-shell.ts). A missing
 * label leaves the Toaster's Polish default.
 */
function useDocumentLang(): { lang: ClientLocale; closeLabel?: string } {
  const matches = useMatches();
  for (const match of [...matches].reverse()) {
    const handle = match.handle as DocumentLangHandle | undefined;
    const lang = handle?.documentLang?.(match.data);
    if (lang) return { lang, closeLabel: handle?.toastCloseLabel?.(match.data) };
  }
  return { lang: "pl" };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = data?.nonce;
  const { lang } = useDocumentLang();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { toast } = useLoaderData<typeof loader>();
  const { closeLabel } = useDocumentLang();
  return (
    <>
      <Outlet />
      <Toaster toast={toast} closeLabel={closeLabel} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
