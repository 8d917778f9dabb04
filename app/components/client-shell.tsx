import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { clientText, CLIENT_LOCALES } from "~/i18n/client";
import { common } from "~/i18n/pl";

// The frame of every page the client reaches through the client link: the project's name on
// the left, the app's name on the right, and an optional footer line.

export function ClientShell({ title, footer, children }: { title?: string; footer?: string; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <span className="min-w-0 truncate font-semibold text-slate-800">{title}</span>
          <span className="shrink-0 text-lg font-bold text-brand-700">{common.appName}</span>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-6 px-4 py-6">{children}</main>
      {footer ? <footer className="mx-auto max-w-5xl px-4 pb-8 text-xs text-slate-500">{footer}</footer> : null}
    </div>
  );
}

/**
 * Error boundary of the client-link routes. Every link that does not open a project gets the
 * same 404 page, in every client language, because the link's project (and so its language)
 * is unknown.
 */
export function ClientLinkErrorBoundary() {
  const error = useRouteError();
  const notFoundError = isRouteErrorResponse(error) && error.status === 404;
  return (
    <ClientShell>
      {CLIENT_LOCALES.map((locale) => {
        const t = clientText(locale).portal;
        return (
          <div key={locale} lang={locale} className="mx-auto max-w-lg py-6 text-center">
            <h1 className="text-2xl font-bold">{notFoundError ? t.notFoundTitle : t.errorTitle}</h1>
            <p className="mt-3 text-slate-600">{notFoundError ? t.notFoundText : t.errorText}</p>
          </div>
        );
      })}
    </ClientShell>
  );
}
