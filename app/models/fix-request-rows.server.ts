import { fixRequestsText } from "~/i18n/pl/fix-requests";
import { taskListText } from "~/i18n/pl/task-list";
import { formatDateTime } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";
import { withFixRequestHistoryLines, type FreelancerFixRequestsPanel } from "./activity-lines.server";
import type { FixRequestItem, FixRequestsPanel } from "./fix-requests.server";

// The freelancer's "Poprawki" panel (app/components/fix-requests-panel.tsx) as the loaders send
// it: each request's history and read-only lines come as finished Polish text, so the browser
// does not load the label tables behind them. The project page and the fix requests page both
// send the panel this way.

/** The read-only lines of one request, as the panel shows them. */
export interface FixRequestRowText {
  /** "Poprawka #3". */
  number: string;
  status: string;
  /** "Klient zgłosił 04.12.2026, 14:05". */
  reportedAt: string;
  /** The freelancer's answer with the linked task as it is now, or null before an answer and for a declined request. */
  answer: string | null;
  /** The note of a priced request whose task waits for the client's acceptance. */
  waitsForAcceptance: string | null;
  /** The note of a priced request whose task the client rejected: what the freelancer can do next. */
  taskRejected: string | null;
}

/** The read-only lines about the whole panel: the free revision rounds and the open requests. */
export interface FixRequestsPanelText {
  /** "Darmowe poprawki: wykorzystano 1 z 2". */
  freeRounds: string;
  /** "2 poprawki czekają na odpowiedź", or null when no request is open. */
  openCount: string | null;
  /** The note that replaces the "W ramach zadania" form once the free rounds are used up, or null while some are left. */
  noRoundsLeft: string | null;
}

export type FreelancerFixRequestsPanelRows = Omit<FreelancerFixRequestsPanel, "items"> & {
  items: (FreelancerFixRequestsPanel["items"][number] & { text: FixRequestRowText })[];
  text: FixRequestsPanelText;
};

function answerLine(item: FixRequestItem): string | null {
  if (item.status === "declined" || !item.resolution) return null;
  if (!item.task) return fixRequestsText.linkedTaskDeleted;
  if (item.resolution === "in_scope") return fixRequestsText.linkedInScope(item.task.name);
  return fixRequestsText.linkedPriced(item.task.name, formatMoney(item.task.amount), taskListText.acceptance[item.task.acceptance]);
}

function rowText(item: FixRequestItem, projectActive: boolean): FixRequestRowText {
  const acceptance = item.resolution === "priced" ? item.task?.acceptance : undefined;
  const taskName = item.task?.name ?? "";
  let taskRejected: string | null = null;
  if (item.task && acceptance === "rejected") {
    taskRejected = projectActive ? fixRequestsText.pricedTaskRejectedOptions(taskName) : fixRequestsText.pricedTaskRejectedCompleted(taskName);
  }
  return {
    number: fixRequestsText.numbered(item.number),
    status: fixRequestsText.status[item.status],
    reportedAt: fixRequestsText.reportedAt(formatDateTime(item.createdAt)),
    answer: answerLine(item),
    waitsForAcceptance: item.task && acceptance === "pending" ? fixRequestsText.doneWaitsForAcceptance(taskName) : null,
    taskRejected,
  };
}

/**
 * Replaces each request's activity rows with the history sentences, and adds the text of the
 * read-only lines of each request and of the whole panel. `projectActive` must match the panel's `projectActive` prop, because the note
 * of a rejected priced task depends on it.
 */
export function withFixRequestRows(panel: FixRequestsPanel, options: { projectActive: boolean }): FreelancerFixRequestsPanelRows {
  const withHistory = withFixRequestHistoryLines(panel);
  const { roundsUsed: used, roundsTotal: total, open } = panel;
  return {
    ...withHistory,
    items: withHistory.items.map((item, index) => ({ ...item, text: rowText(panel.items[index], options.projectActive) })),
    text: {
      freeRounds: fixRequestsText.freeRounds(used, total),
      openCount: open > 0 ? fixRequestsText.openCount(open, plural(open, fixRequestsText.openForms)) : null,
      noRoundsLeft: total - used <= 0 ? fixRequestsText.noRoundsLeft(used, total) : null,
    },
  };
}
