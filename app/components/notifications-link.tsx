import { NavLink } from "@remix-run/react";

// The header's link to the feed, with the number of unread notifications. The layout's loader
// builds its texts (app/utils/app-header.server.ts), so this bundle has no plural rules.

/** Texts of the link: its name, the visible count ("99+" at the cap) and the count for screen readers. */
export interface NotificationsLinkText {
  title: string;
  count: string;
  label: string;
}

export function NotificationsLink({
  unread,
  text,
  className,
}: {
  unread: number;
  text: NotificationsLinkText;
  className: (state: { isActive: boolean }) => string;
}) {
  return (
    <NavLink to="/notifications" className={(state) => `${className(state)} inline-flex items-center gap-1.5`}>
      {text.title}
      {unread > 0 ? (
        <span className="rounded-full bg-brand-700 px-1.5 py-0.5 text-xs leading-none font-semibold text-white" data-testid="unread-count">
          <span aria-hidden="true">{text.count}</span>
          <span className="sr-only">{text.label}</span>
        </span>
      ) : null}
    </NavLink>
  );
}
