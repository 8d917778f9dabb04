// Polish sentences for one notification, shared by the feed and the notification e-mails so
// both use the same wording. `data` is JSON written by other features: every value is read
// defensively, and a missing one leaves a shorter sentence instead of an error.
import { notificationsText as t } from "~/i18n/pl/notifications";
import { formatMoney } from "./money";
import { plural } from "./plural";

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

/**
 * Turns a notification into its headline and detail lines. `count` above 1 (an e-mail that
 * covers several messages, files or fix requests of one project) names how many there are,
 * and the details show the newest one.
 */
export function describeNotification(type: string, data: Record<string, unknown>, count = 1): NotificationLines {
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
      if (count > 1) {
        return { headline: t.messages(count, plural(count, t.newMessageForms)), details: excerpt ? [t.newestMessage(excerpt)] : [] };
      }
      return { headline: t.message, details: excerpt ? [t.excerpt(excerpt)] : [] };
    }
    case "fix_request": {
      const excerpt = text(data, "excerpt");
      const details = excerpt ? [t.excerpt(excerpt)] : [];
      const number = whole(data, "number");
      const title = text(data, "title");
      if (count > 1) {
        return { headline: t.fixRequests(count, plural(count, t.fixRequestForms)), details: [t.newestFixRequest(number, title), ...details] };
      }
      return { headline: t.fixRequest(number, title), details };
    }
    case "file":
      if (count > 1) return { headline: t.files(count, plural(count, t.fileForms)), details: [t.newestFile(text(data, "fileName"))] };
      return { headline: t.file(text(data, "fileName")), details: [] };
    case "invitation_delivered":
      return { headline: t.invitationDelivered(text(data, "email")), details: [] };
    case "invitation_failed": {
      const reason = text(data, "reason");
      return { headline: t.invitationFailed(text(data, "email")), details: reason ? [t.failureReason(reason)] : [] };
    }
    case "payment_received": {
      // An overpaid bill: the reason gives the excess to return to the client.
      const reason = text(data, "reason");
      return { headline: t.paymentReceived(whole(data, "number"), money(data, "amount")), details: reason ? [reason] : [] };
    }
    case "payment_problem": {
      const reason = text(data, "reason");
      return { headline: t.paymentProblem(whole(data, "number")), details: reason ? [reason] : [] };
    }
    default:
      return { headline: t.other, details: [] };
  }
}
