import * as v from "valibot";
import { notificationsText as t } from "~/i18n/pl/notifications";
import { EMAIL_MODES, NOTIFICATION_TYPES, type NotificationType } from "~/utils/notification-types";

// Settings → Powiadomienia posts one row per type: `<type>.inFeed` (a checkbox, absent when
// unchecked) and `<type>.email` (off, immediate or digest).

const notificationPrefSchema = v.object(
  {
    inFeed: v.optional(v.boolean(t.invalidInFeed), false),
    email: v.picklist(EMAIL_MODES, t.invalidEmailMode),
  },
  t.invalidForm,
);

const entries = Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, notificationPrefSchema])) as Record<
  NotificationType,
  typeof notificationPrefSchema
>;

export const notificationPrefsSchema = v.object(entries, t.invalidForm);

/**
 * "Oznacz wszystkie jako przeczytane": `upTo` is the instant the page was shown, rewritten in
 * the Date.toISOString() form that the stored timestamps have.
 */
export const markAllReadSchema = v.object(
  {
    upTo: v.optional(
      v.pipe(
        v.string(t.invalidRequest),
        v.isoTimestamp(t.invalidRequest),
        v.transform((value) => new Date(value)),
        v.check((instant) => !Number.isNaN(instant.getTime()), t.invalidRequest),
        v.transform((instant) => instant.toISOString()),
      ),
    ),
  },
  t.invalidRequest,
);

export const markReadSchema = v.object(
  {
    id: v.pipe(v.string(t.invalidRequest), v.nonEmpty(t.invalidRequest), v.maxLength(64, t.invalidRequest)),
  },
  t.invalidRequest,
);
