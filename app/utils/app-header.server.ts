import type { AppLoadContext } from "@remix-run/cloudflare";
import { nav } from "~/i18n/pl/nav";
import { notificationsBadgeText } from "~/i18n/pl/notifications-badge";
import { readOnlyText } from "~/i18n/pl/read-only";
import { daysLeftLabel, subscriptionState, type SubscriptionState } from "~/models/subscriptions.server";
import { unreadNotificationsForHeader, type CurrentSession } from "~/utils/auth.server";
import { UNREAD_COUNT_CAP } from "~/utils/notification-types";
import { DAY_FORMS, plural } from "~/utils/plural";

// The header and banner of the freelancer's layout (app/routes/_app.tsx), built here as final
// strings so that the layout's client bundle carries neither the read-only texts nor the plural
// rules. Every freelancer page loads that bundle.

/** Banners start this many Europe/Warsaw calendar days before the account would become read-only. */
const BANNER_DAYS = 3;

/** Chooses the header badge: the trial's days left, "Tylko do odczytu", or none while a paid period runs. */
function subscriptionBadge(state: SubscriptionState): { text: string; readOnly: boolean } | null {
  switch (state.kind) {
    case "trial":
      return {
        text: state.daysLeft > 0 ? nav.trialDaysLeft(state.daysLeft, plural(state.daysLeft, DAY_FORMS)) : readOnlyText.badgeTrialLastDay,
        readOnly: false,
      };
    case "paid":
      return null;
    default:
      return { text: readOnlyText.badge, readOnly: true };
  }
}

/** Chooses the banner over every page, shown in the last days before the account becomes read-only and after it. */
function subscriptionBanner(state: SubscriptionState): { text: string; readOnly: boolean } | null {
  switch (state.kind) {
    case "trial":
      return state.daysLeft <= BANNER_DAYS ? { text: readOnlyText.bannerTrialEnding(daysLeftLabel(state.daysLeft)), readOnly: false } : null;
    case "paid":
      return state.daysLeft <= BANNER_DAYS ? { text: readOnlyText.bannerPaidEnding(daysLeftLabel(state.daysLeft)), readOnly: false } : null;
    case "trial_over":
      return { text: readOnlyText.bannerTrialOver, readOnly: true };
    case "expired":
      return { text: readOnlyText.bannerExpired, readOnly: true };
  }
}

/** Returns the screen reader text of the unread count, e.g. "3 nieprzeczytane powiadomienia". */
function unreadLabel(unread: number): string {
  const t = notificationsBadgeText;
  return unread >= UNREAD_COUNT_CAP ? t.unreadCapped(UNREAD_COUNT_CAP) : t.unreadCount(unread, plural(unread, t.unreadForms));
}

/**
 * Builds the layout's header data for the signed-in user: the subscription badge, the banner
 * with its link text, and the unread notifications (the count stops at UNREAD_COUNT_CAP).
 */
export async function appHeaderData(context: AppLoadContext, session: CurrentSession) {
  const subscription = subscriptionState(session.user);
  const banner = subscriptionBanner(subscription);
  // Read in the session's batch, which the page's own loader shares, so it costs no round trip of its own.
  const unreadNotifications = await unreadNotificationsForHeader(context, session);
  return {
    badge: subscriptionBadge(subscription),
    banner: banner ? { ...banner, linkText: readOnlyText.chooseSubscription } : null,
    unreadNotifications,
    notificationsLink: {
      title: notificationsBadgeText.title,
      count: unreadNotifications >= UNREAD_COUNT_CAP ? "99+" : String(unreadNotifications),
      label: unreadLabel(unreadNotifications),
    },
  };
}
