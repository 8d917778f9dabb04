import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { NotificationsLink } from "~/components/notifications-link";
import { nav } from "~/i18n/pl/nav";
import { appHeaderData } from "~/utils/app-header.server";
import { requireSession } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireSession(request, context);
  const { user } = session;
  const header = await appHeaderData(context, session);
  return json({ user: { name: user.name, email: user.email }, ...header });
}

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium ${isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;

export default function AppLayout() {
  const { user, badge, banner, unreadNotifications, notificationsLink } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-screen">
      {/* The first Tab stop: keyboard users skip the header and its navigation. Hidden until focused. */}
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-brand-700 focus:shadow"
      >
        {nav.skipToContent}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <a href="/dashboard" className="text-lg font-bold text-brand-700">
            Klamp
          </a>
          <nav aria-label={nav.mainNavigation} className="order-3 flex w-full flex-wrap gap-1 sm:order-none sm:w-auto">
            <NavLink to="/dashboard" className={navLinkClass}>
              {nav.dashboard}
            </NavLink>
            <NavLink to="/projects" className={navLinkClass}>
              {nav.projects}
            </NavLink>
            <NavLink to="/clients" className={navLinkClass}>
              {nav.clients}
            </NavLink>
            <NavLink to="/reports" className={navLinkClass}>
              {nav.reports}
            </NavLink>
            <NavLink to="/wallet" className={navLinkClass}>
              {nav.wallet}
            </NavLink>
            <NavLink to="/settings" className={navLinkClass}>
              {nav.settings}
            </NavLink>
            <NotificationsLink unread={unreadNotifications} text={notificationsLink} className={navLinkClass} />
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            {badge ? (
              <Link
                to="/settings/subscription"
                className={`rounded-full px-2.5 py-1 text-xs font-medium ${badge.readOnly ? "bg-red-50 text-red-800" : "bg-amber-50 text-amber-800"}`}
                data-testid="trial-badge"
              >
                {badge.text}
              </Link>
            ) : null}
            <span className="hidden text-slate-600 md:inline" title={user.email}>
              {user.name}
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="btn-secondary btn-small">
                {nav.logout}
              </button>
            </Form>
          </div>
        </div>
      </header>
      {banner ? (
        <div
          role="status"
          className={`border-b ${banner.readOnly ? "border-red-200 bg-red-50 text-red-900" : "border-amber-200 bg-amber-50 text-amber-900"}`}
          data-testid="subscription-banner"
        >
          <p className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm">
            <span>{banner.text}</span>
            <Link to="/settings/subscription" className="font-medium underline">
              {banner.linkText}
            </Link>
          </p>
        </div>
      ) : null}
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
