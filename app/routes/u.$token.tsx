import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, isRouteErrorResponse, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { clientText } from "~/i18n/client-page-text.server";
import { clientPageHandle, clientShellText } from "~/i18n/client-shell";
import { CLIENT_LOCALES } from "~/i18n/locale";
import { common } from "~/i18n/pl/common";
import { findInvitationByUnsubscribeToken, unsubscribeInvitation } from "~/models/invitations.server";
import { CLIENT_PAGE_HEADERS } from "~/utils/client-link.server";
import { requireSecret } from "~/utils/env.server";
import { redirectWithToast } from "~/utils/toast.server";

// The unsubscribe link of the client's e-mails, /u/<invitation id>.<signature>. GET shows a
// confirmation in the project's client language and changes nothing (mail scanners open links).
// POST unsubscribes: the page's button, or the RFC 8058 one-click POST that mail clients send
// from the List-Unsubscribe-Post header (app/utils/security.server.ts lets it through without an
// Origin). The token works like the client link, so the page gets the same private headers.

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

// The root layout sets <html lang> from this (see useDocumentLang in app/root.tsx).
export const handle = clientPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.text.title} · Klamp`
      : `${CLIENT_LOCALES.map((locale) => clientShellText[locale].unsubscribeNotFoundTitle).join(" / ")} · Klamp`,
  },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

function notFound(): never {
  throw new Response("Not Found", { status: 404, headers: CLIENT_PAGE_HEADERS });
}

async function requireInvitation(context: LoaderFunctionArgs["context"], token: string | undefined) {
  const secret = requireSecret(context.cloudflare.env, "SESSION_SECRET");
  const invitation = await findInvitationByUnsubscribeToken(context.db, secret, token);
  if (!invitation) notFound();
  return invitation;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const invitation = await requireInvitation(context, params.token);
  const unsubscribed = invitation.unsubscribedAt !== null;
  // The page's few texts, finished here in the project's client language.
  const t = clientText(invitation.clientLocale).unsubscribe;
  return json(
    {
      locale: invitation.clientLocale,
      unsubscribed,
      text: {
        title: t.title,
        status: unsubscribed ? t.done(invitation.email, invitation.projectName) : t.prompt(invitation.email, invitation.projectName),
        linkStillWorks: t.linkStillWorks,
        submit: t.submit,
      },
    },
    { headers: CLIENT_PAGE_HEADERS },
  );
}

export async function action({ params, context }: ActionFunctionArgs) {
  const invitation = await requireInvitation(context, params.token);
  // A second POST (a double click, or the mail client's one-click POST after the button) writes
  // nothing and gets the same redirect.
  await unsubscribeInvitation(context.db, invitation);
  const t = clientText(invitation.clientLocale).unsubscribe;
  return redirectWithToast(
    context.cloudflare.env,
    `/u/${params.token}`,
    { type: "success", message: t.unsubscribed },
    CLIENT_PAGE_HEADERS,
  );
}

function Shell({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-2xl items-center justify-end px-4 py-3">
          <span className="text-lg font-bold text-brand-700">{common.appName}</span>
        </div>
      </header>
      <main className="mx-auto max-w-2xl px-4 py-10">{children}</main>
    </div>
  );
}

export default function UnsubscribePage() {
  const { unsubscribed, text: t } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <Shell>
      <div className="card space-y-4">
        <h1 className="text-xl font-bold">{t.title}</h1>
        {unsubscribed ? (
          <p className="[overflow-wrap:anywhere]" data-testid="unsubscribe-done">
            {t.status}
          </p>
        ) : (
          <>
            <p className="[overflow-wrap:anywhere]">{t.status}</p>
            <p className="text-sm text-slate-600">{t.linkStillWorks}</p>
            <Form method="post">
              <button type="submit" className="btn-primary" disabled={navigation.state !== "idle"}>
                {t.submit}
              </button>
            </Form>
          </>
        )}
      </div>
    </Shell>
  );
}

// Which invitation (and language) a bad token was meant for is unknown, so the 404 shows it in
// every client language.
export function ErrorBoundary() {
  const error = useRouteError();
  const notFoundError = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Shell>
      {CLIENT_LOCALES.map((locale) => {
        const t = clientShellText[locale];
        return (
          <div key={locale} lang={locale} className="py-4 text-center">
            <h1 className="text-2xl font-bold">{notFoundError ? t.unsubscribeNotFoundTitle : t.errorTitle}</h1>
            <p className="mt-3 text-slate-600">{notFoundError ? t.unsubscribeNotFoundText : t.errorText}</p>
          </div>
        );
      })}
    </Shell>
  );
}
