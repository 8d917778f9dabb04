// Polish sentences for one notification, shared by the feed and the notification e-mails so
// both use the same wording. `data` is JSON written by other features: every value is read
// defensively, and a missing one leaves a shorter sentence instead of an error.
import { notificationsText as t } from "~/i18n/pl";
import { formatMoney } from "./money";

export interface NotificationLines {
  /** Main sentence: what happened. */
  headline: string;
  /** Quoted client text or a failure reason, shown under the headline. */
  details: string[];
}

function text(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "string" ? value.trim() : "";
}

function money(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "number" && Number.isInteger(value) ? formatMoney(value) : "";
}

function whole(data: Record<string, unknown>, key: string): number | null {
  const value = data[key];
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

/** Turns a notification into its headline and detail lines. */
export function describeNotification(type: string, data: Record<string, unknown>): NotificationLines {
  switch (type) {
    case "task_accepted":
    case "task_rejected": {
      const headline =
        type === "task_accepted"
          ? t.taskAccepted(text(data, "taskName"), money(data, "amount"))
          : t.taskRejected(text(data, "taskName"), money(data, "amount"));
      const comment = text(data, "comment");
      return { headline, details: comment ? [t.comment(comment)] : [] };
    }
    case "message": {
      const excerpt = text(data, "excerpt");
      return { headline: t.message, details: excerpt ? [t.excerpt(excerpt)] : [] };
    }
    case "fix_request": {
      const excerpt = text(data, "excerpt");
      return { headline: t.fixRequest(whole(data, "number"), text(data, "title")), details: excerpt ? [t.excerpt(excerpt)] : [] };
    }
    case "file":
      return { headline: t.file(text(data, "fileName")), details: [] };
    case "invitation_delivered":
      return { headline: t.invitationDelivered(text(data, "email")), details: [] };
    case "invitation_failed": {
      const reason = text(data, "reason");
      return { headline: t.invitationFailed(text(data, "email")), details: reason ? [t.failureReason(reason)] : [] };
    }
    default:
      return { headline: t.other, details: [] };
  }
}
