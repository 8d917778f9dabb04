import { NavLink } from "@remix-run/react";
import { notificationsBadgeText as t } from "~/i18n/pl/notifications-badge";
import { UNREAD_COUNT_CAP as UNREAD_CAP } from "~/utils/notification-types";
import { plural } from "~/utils/plural";

// The header's link to the feed, with the number of unread notifications. The count stops at
// UNREAD_COUNT_CAP, so the cap itself reads as "99+".

export function NotificationsLink({ unread, className }: { unread: number; className: (state: { isActive: boolean }) => string }) {
  const label = unread >= UNREAD_CAP ? t.unreadCapped(UNREAD_CAP) : t.unreadCount(unread, plural(unread, t.unreadForms));
  return (
    <NavLink to="/notifications" className={(state) => `${className(state)} inline-flex items-center gap-1.5`}>
      {t.title}
      {unread > 0 ? (
        <span className="rounded-full bg-brand-700 px-1.5 py-0.5 text-xs leading-none font-semibold text-white" data-testid="unread-count">
          <span aria-hidden="true">{unread >= UNREAD_CAP ? "99+" : unread}</span>
          <span className="sr-only">{label}</span>
        </span>
      ) : null}
    </NavLink>
  );
}
