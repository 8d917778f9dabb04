import { NavLink, Outlet } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { settingsText } from "~/i18n/pl/settings";

// The settings area: a tab bar over the tab's own page. Each tab route authenticates in its
// own loader and action, so this layout has no loader.

const TABS = [
  { to: "/settings/profile", label: settingsText.profile },
  { to: "/settings/notifications", label: settingsText.notifications },
  { to: "/settings/security", label: settingsText.security },
  { to: "/settings/payments", label: settingsText.payments },
  { to: "/settings/subscription", label: settingsText.subscription },
  { to: "/settings/reports", label: settingsText.reports },
  { to: "/settings/data", label: settingsText.data },
];

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
    isActive ? "border-brand-700 text-brand-800" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800"
  }`;

export default function SettingsLayout() {
  return (
    <div className="space-y-6">
      <nav aria-label={settingsText.tabsLabel} className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {TABS.map((tab) => (
          <NavLink key={tab.to} to={tab.to} className={tabClass} prefetch="intent">
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
