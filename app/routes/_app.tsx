import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { NotificationsLink } from "~/components/notifications-link";
import { nav } from "~/i18n/pl";
import { countUnreadNotifications } from "~/models/notifications.server";
import { requireSession } from "~/utils/auth.server";
import { DAY_FORMS, plural } from "~/utils/plural";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const msLeft = Date.parse(user.trialEndsAt) - Date.now();
  const trialDaysLeft = Math.max(0, Math.ceil(msLeft / 86_400_000));
  // One D1 query on the partial index of unread rows. It runs in parallel with the page's own loader.
  const unreadNotifications = await countUnreadNotifications(context.db, user.id);
  return json({ user: { name: user.name, email: user.email }, trialDaysLeft, unreadNotifications });
}

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium ${isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;

export default function AppLayout() {
  const { user, trialDaysLeft, unreadNotifications } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <a href="/projects" className="text-lg font-bold text-brand-700">
            Klamp
          </a>
          <nav aria-label={nav.mainNavigation} className="order-3 flex w-full flex-wrap gap-1 sm:order-none sm:w-auto">
            <NavLink to="/projects" className={navLinkClass}>
              {nav.projects}
            </NavLink>
            <NavLink to="/clients" className={navLinkClass}>
              {nav.clients}
            </NavLink>
            <NavLink to="/settings" className={navLinkClass}>
              {nav.settings}
            </NavLink>
            <NotificationsLink unread={unreadNotifications} className={navLinkClass} />
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span
              className={`rounded-full px-2.5 py-1 text-xs font-medium ${trialDaysLeft > 0 ? "bg-amber-50 text-amber-800" : "bg-red-50 text-red-800"}`}
              data-testid="trial-badge"
            >
              {trialDaysLeft > 0 ? nav.trialDaysLeft(trialDaysLeft, plural(trialDaysLeft, DAY_FORMS)) : nav.trialEnded}
            </span>
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
      <main className="mx-auto max-w-6xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
