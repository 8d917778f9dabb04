import { activityText as t } from "~/i18n/pl/activity";
import { formatMoney } from "~/utils/money";

// The lines of a fix request's history: the request's own changes and the client's decision on
// the task it was priced as. app/models/activity-lines.server.ts builds them on the server, for
// the project timeline and for each request's history in the freelancer's fix-request panel.

// `data` is JSON written by the models. Read it defensively, so an old or unexpected row shows
// a plain sentence instead of breaking the page.

/** Returns `data[key]` when it is a string, otherwise "". */
export function readText(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "string" ? value : "";
}

/** Returns `data[key]` (grosze) formatted as money, or "" when it is not a finite number. */
export function readMoney(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? formatMoney(value) : "";
}

/** Returns `data[key]` as a decimal string, or "" when it is not a finite number. */
export function readNumber(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? String(value) : "";
}

function withComment(sentence: string, data: Record<string, unknown>): string[] {
  const comment = readText(data, "comment").trim();
  return comment ? [sentence, t.comment(comment)] : [sentence];
}

/**
 * Turns one row of a fix request's history into Polish sentences: the first is the headline,
 * the rest are details. Any other action gets the generic "other" line.
 */
export function describeFixRequestActivity(entry: { action: string; data: Record<string, unknown> }): string[] {
  const { action, data } = entry;
  switch (action) {
    case "fix_request.created":
      return [t.fixRequestCreated(readNumber(data, "number"), readText(data, "title"))];
    case "fix_request.in_scope":
      return [t.fixRequestInScope(readNumber(data, "number"), readText(data, "taskName"))];
    case "fix_request.priced":
      return [t.fixRequestPriced(readNumber(data, "number"), readText(data, "taskName"), readMoney(data, "amount"))];
    case "fix_request.declined": {
      const number = readNumber(data, "number");
      const reason = readText(data, "reason").trim();
      return reason ? [t.fixRequestDeclined(number), t.declineReason(reason)] : [t.fixRequestDeclined(number)];
    }
    case "fix_request.done":
      return [t.fixRequestDone(readNumber(data, "number"))];
    case "task.accepted":
      return withComment(t.taskAccepted(readText(data, "name"), readMoney(data, "amount")), data);
    case "task.rejected":
      return withComment(t.taskRejected(readText(data, "name"), readMoney(data, "amount")), data);
    default:
      return [t.other];
  }
}
