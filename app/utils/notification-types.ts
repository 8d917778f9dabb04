// Notification types, e-mail modes and default preferences. Plain constants without server
// code, so the settings form and its valibot schema can use them in the browser too.

export const NOTIFICATION_TYPES = [
  "task_accepted",
  "task_rejected",
  "message",
  "fix_request",
  "file",
  "invitation_delivered",
  "invitation_failed",
  "payment_received",
  "payment_problem",
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export function isNotificationType(value: string): value is NotificationType {
  return (NOTIFICATION_TYPES as readonly string[]).includes(value);
}

export const EMAIL_MODES = ["off", "immediate", "digest"] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

export function isEmailMode(value: string | null | undefined): value is EmailMode {
  return (EMAIL_MODES as readonly (string | null | undefined)[]).includes(value);
}

export interface NotificationPref {
  inFeed: boolean;
  email: EmailMode;
}

export type NotificationPrefs = Record<NotificationType, NotificationPref>;

/**
 * Preferences of a type the freelancer has not saved. Every type shows in the feed. Types that
 * need an answer or report a problem are e-mailed at once: task decisions, messages, fix
 * requests and failed invitations. New files and delivered invitations wait for the digest.
 */
export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = {
  task_accepted: { inFeed: true, email: "immediate" },
  task_rejected: { inFeed: true, email: "immediate" },
  message: { inFeed: true, email: "immediate" },
  fix_request: { inFeed: true, email: "immediate" },
  file: { inFeed: true, email: "digest" },
  invitation_delivered: { inFeed: true, email: "digest" },
  invitation_failed: { inFeed: true, email: "immediate" },
  payment_received: { inFeed: true, email: "immediate" },
  payment_problem: { inFeed: true, email: "immediate" },
};

/** The header shows at most this many unread notifications ("99+" from here), so counting stops there. */
export const UNREAD_COUNT_CAP = 100;
