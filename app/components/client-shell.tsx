import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useClientText, useOptionalClientText } from "~/i18n/client-context";
import { clientShellText } from "~/i18n/client-shell";
import { CLIENT_LOCALES } from "~/i18n/locale";
import { common } from "~/i18n/pl/common";

// The frame of every page the client reaches through the client link: the project's name on
// the left, the app's name on the right, optional tabs (the project and its reports) and an
// optional footer line.

/** The tabs of the client link. `current` is the page being shown. */
export interface ClientTabs {
  token: string;
  current: "project" | "reports";
}

export function ClientShell({ title, footer, tabs, children }: { title?: string; footer?: string; tabs?: ClientTabs; children: ReactNode }) {
  // An error page has no project, so it has no language and no tabs to skip.
  const locale = useOptionalClientText()?.locale;
  return (
    <div className="min-h-screen">
      {locale ? (
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-brand-700 focus:shadow"
        >
          {clientShellText[locale].skipToContent}
        </a>
      ) : null}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <span className="min-w-0 truncate font-semibold text-slate-800">{title}</span>
          <span className="shrink-0 text-lg font-bold text-brand-700">{common.appName}</span>
        </div>
        {tabs ? <ClientTabBar tabs={tabs} /> : null}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl space-y-6 px-4 py-6 focus:outline-none">
        {children}
      </main>
      {footer ? <footer className="mx-auto max-w-5xl px-4 pb-8 text-xs text-slate-500">{footer}</footer> : null}
    </div>
  );
}

/** Renders the tab bar in the client's language, so it must be inside a ClientTextProvider. */
function ClientTabBar({ tabs }: { tabs: ClientTabs }) {
  const t = useClientText().reports;
  const base = `/p/${encodeURIComponent(tabs.token)}`;
  const items = [
    { key: "project", to: base, label: t.projectTab },
    { key: "reports", to: `${base}/reports`, label: t.tab },
  ] as const;
  return (
    <nav aria-label={t.tabsLabel} className="mx-auto flex max-w-5xl gap-1 overflow-x-auto px-4">
      {items.map((item) => {
        const current = item.key === tabs.current;
        return (
          <Link
            key={item.key}
            to={item.to}
            aria-current={current ? "page" : undefined}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
              current ? "border-brand-700 text-brand-800" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
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
        const t = clientShellText[locale];
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
