import {
  describeFixRequestActivity,
  readMoney as money,
  readNumber as number,
  readText as text,
} from "~/components/fix-request-activity";
import type { TimelineEntry } from "~/components/activity-timeline";
import type { HistoryEntry } from "~/components/fix-request-parts";
import { activityText as t } from "~/i18n/pl/activity";
import { billsText } from "~/i18n/pl/bills";
import { clientLocaleText } from "~/i18n/pl/client-locale";
import { clientsText } from "~/i18n/pl/clients";
import { paymentsText } from "~/i18n/pl/payments";
import { security } from "~/i18n/pl/security";
import { subscriptionText } from "~/i18n/pl/subscription";
import { tasksText } from "~/i18n/pl/tasks";
import { tpaySettingsText } from "~/i18n/pl/tpay-settings";
import { dataExportText } from "~/i18n/pl/data-export";
import { formatDay } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { countLabel } from "~/utils/plural";
import { formatPeriodDays } from "~/utils/report-period-text";
import { describeUserAgent } from "~/utils/user-agent";
import type { FixRequestItem, FixRequestsPanel } from "./fix-requests.server";

// The sentences of "Historia zmian", "Historia konta" and the history of each fix request on the
// freelancer's pages. They are built here, on the server, and the pages get them as data, so the
// label tables of every section stay out of the browser.

/** An activity row as app/models/activity.server.ts reads it, with `data` parsed. */
export interface ActivityRow {
  id: string;
  actor: string;
  action: string;
  createdAt: string;
  data: Record<string, unknown>;
}

function clientLocaleName(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return value === "pl" || value === "en" ? clientLocaleText.options[value] : "";
}

function day(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value) : t.noDeadline;
}

function workStatus(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "string" && value in tasksText.workStatus
    ? tasksText.workStatus[value as keyof typeof tasksText.workStatus]
    : "";
}

function projectUpdateLines(data: Record<string, unknown>): string[] {
  const details: string[] = [];
  const name = text(data, "name");
  const previousName = text(data, "previousName");
  if (previousName && previousName !== name) details.push(t.projectRenamed(previousName, name));
  if ("previousDeadline" in data && data.previousDeadline !== data.deadline) {
    details.push(t.projectDeadlineChanged(day(data, "previousDeadline"), day(data, "deadline")));
  }
  if (data.clientChanged === true) details.push(t.projectClientChanged);
  if ("previousClientLocale" in data && data.previousClientLocale !== data.clientLocale) {
    details.push(t.projectClientLocaleChanged(clientLocaleName(data, "previousClientLocale"), clientLocaleName(data, "clientLocale")));
  }
  if ("previousFreeRevisionRounds" in data && data.previousFreeRevisionRounds !== data.freeRevisionRounds) {
    details.push(t.projectFreeRevisionRoundsChanged(number(data, "previousFreeRevisionRounds"), number(data, "freeRevisionRounds")));
  }
  return details.length > 0 ? [t.projectUpdated(name), details.join(", ")] : [t.projectUpdated(name)];
}

function taskUpdateLines(action: string, data: Record<string, unknown>): string[] {
  const name = text(data, "name");
  const previousName = text(data, "previousName");
  const lines: string[] = [];
  if (action === "task.repriced") lines.push(t.taskRepriced(name, money(data, "previousAmount"), money(data, "amount")));
  if (previousName && previousName !== name) lines.push(t.taskRenamed(previousName, name));
  if (lines.length === 0) lines.push(t.taskUpdated(name));
  const acceptanceLine = taskAcceptanceLine(data);
  if (acceptanceLine) lines.push(acceptanceLine);
  return lines;
}

/** Says what an edit did to the client's acceptance. Rows written before `previousAcceptance` was logged have only `backForAcceptance`. */
function taskAcceptanceLine(data: Record<string, unknown>): string | null {
  if (data.requirementTurnedOn === true) return t.requirementTurnedOn;
  if (data.backForAcceptance === true) {
    if (data.previousAcceptance === "accepted") return t.resentAfterAccepted;
    if (data.previousAcceptance === "rejected") return t.resentAfterRejected;
    return t.backForAcceptance;
  }
  if (data.requiresAcceptance === true && data.previousAcceptance === "pending") return t.newVersionPending;
  return null;
}

/** Describes a change to the freelancer's Tpay connection (Settings → Płatności) in one line. */
function tpayConnectionLine(action: "tpay.connected" | "tpay.disconnected" | "tpay.checked", data: Record<string, unknown>): string {
  const lines = tpaySettingsText.activity;
  const merchantId = text(data, "merchantId");
  const environment = text(data, "environment");
  const environmentName = environment === "sandbox" || environment === "production" ? tpaySettingsText.environments[environment] : "";
  if (action === "tpay.disconnected") return lines.disconnected(merchantId);
  if (action === "tpay.connected") return data.replaced === true ? lines.replaced(environmentName, merchantId) : lines.connected(environmentName, merchantId);
  const result = text(data, "result");
  const results = tpaySettingsText.checkResult;
  return lines.checked(result in results ? results[result as keyof typeof results] : results.unexpected);
}

/** Lines of a payment learnt from Tpay: received, flagged for the freelancer, or refunded. */
function paymentLines(action: string, data: Record<string, unknown>): string[] {
  const lines = paymentsText.activity;
  const amount = money(data, "amount");
  const title = text(data, "title");
  if (action === "payment.refunded") {
    if (data.partial === true) return [lines.paymentPartlyRefunded(amount, money(data, "paid"), title, money(data, "refunded"))];
    return [lines.paymentRefunded(amount, title)];
  }
  if (action === "payment.flagged") {
    if (data.flag === "overpay_pending") return [lines.overpayPending(amount, title, money(data, "total"))];
    if (data.flag === "underpaid") return [lines.paymentUnderpaid(amount, title, money(data, "total"))];
    if (data.flag === "not_payable") return [lines.paymentNotPayable(amount, title)];
    return [lines.paymentFlagged(amount, title)];
  }
  const received = [lines.paymentReceived(amount, title)];
  const excess = typeof data.amount === "number" && typeof data.total === "number" ? data.amount - data.total : 0;
  return excess > 0 ? [...received, lines.overpaid(formatMoney(excess))] : received;
}

/** Lines of a bill's own changes and of payments marked by hand, with the freelancer's note. */
function billLines(action: string, data: Record<string, unknown>): string[] {
  const lines = billsText.activity;
  const billNumber = number(data, "number");
  const method = data.method === "cash" || data.method === "transfer" ? billsText.methods[data.method] : "";
  const note = text(data, "note").trim();
  const withNote = (line: string) => (note ? [line, lines.note(note)] : [line]);
  switch (action) {
    case "bill.created":
      return [lines.created(billNumber, money(data, "total"))];
    case "bill.sent":
      return [lines.sent(billNumber, money(data, "total"), text(data, "email"))];
    case "bill.cancelled":
      return [lines.cancelled(billNumber)];
    case "bill.payment_started":
      return [lines.paymentStarted(billNumber, money(data, "total"))];
    case "bill.paid_manually":
      return withNote(lines.billPaidManually(billNumber, money(data, "total"), method));
    default:
      return withNote(lines.taskPaidManually(text(data, "name"), money(data, "amount"), method));
  }
}

/** Lines of a logout from Settings → Bezpieczeństwo or the menu. Rows without `scope` come from "Wyloguj ze wszystkich urządzeń". */
function sessionsRevokedLines(data: Record<string, unknown>): string[] {
  if (data.scope === "one") return [t.accountSessionRevoked];
  if (data.scope !== "others") return [t.accountSessionsRevoked];
  const count = data.count;
  return typeof count === "number" && Number.isInteger(count) && count > 0
    ? [t.accountOtherSessionsRevoked, t.sessionsEnded(countLabel(count, security.sessionForms))]
    : [t.accountOtherSessionsRevoked];
}

/** Describes a login: how the user logged in and, when the browser sent a user agent, on which device. */
function loggedInLines(data: Record<string, unknown>): string[] {
  const headline = data.method === "pin" ? t.accountLoggedInWithPin : t.accountLoggedIn;
  const userAgent = text(data, "userAgent");
  if (!userAgent) return [headline];
  const { browser, system } = describeUserAgent(userAgent);
  const device = browser && system ? security.deviceOn(browser, system) : (browser ?? system);
  return device ? [headline, t.loginDevice(device)] : [headline];
}

/** Formats the period of a report row as `01.11.2026–30.11.2026` (one date for one day), or returns null when the row has none. */
function reportPeriod(data: Record<string, unknown>): string | null {
  const start = data.periodStart;
  const end = data.periodEnd;
  const isDay = (value: unknown): value is string => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return isDay(start) && isDay(end) ? formatPeriodDays(start, end) : null;
}

/** Lines of a report's own changes: created, rendered, failed (with the reason), retried, deleted, sent. */
function reportLines(action: string, data: Record<string, unknown>): string[] {
  const period = reportPeriod(data);
  switch (action) {
    case "report.created":
      return [t.reportCreated(period)];
    case "report.ready":
      return [t.reportReady(period)];
    case "report.failed": {
      const reason = text(data, "reason").trim();
      return reason ? [t.reportFailed(period), t.reportFailureReason(reason)] : [t.reportFailed(period)];
    }
    case "report.retried":
      return [t.reportRetried(period)];
    case "report.deleted":
      return [t.reportDeleted(period)];
    default:
      return [t.reportSent(period, text(data, "email"))];
  }
}

/**
 * Turns one activity row into Polish sentences: the first is the headline, the rest are
 * details. Together with describeFixRequestActivity, which it calls for the actions of a fix
 * request's history, this is the only place that maps action names to text.
 */
export function describeActivity(entry: Pick<ActivityRow, "action" | "data">): string[] {
  const { action, data } = entry;
  const name = text(data, "name");
  switch (action) {
    case "account.registered":
      return [t.accountRegistered];
    case "account.activated":
      return [t.accountActivated];
    case "account.logged_in":
      return loggedInLines(data);
    case "account.password_pin_requested":
      return [t.accountPinRequested];
    case "account.password_changed":
      return [t.accountPasswordChanged];
    case "account.sessions_revoked":
      return sessionsRevokedLines(data);
    case "account.profile_updated":
      return [t.accountProfileUpdated];
    case "account.email_change_requested":
      return [t.accountEmailChangeRequested];
    case "account.email_changed":
      return [t.accountEmailChanged];
    case "account.notification_prefs_changed":
      return [t.notificationPrefsChanged];
    case "client.created":
      return [t.clientCreated(name)];
    case "client.updated":
      return [t.clientUpdated(name)];
    case "client.deleted":
      return [t.clientDeleted];
    case "client.anonymized":
      return [clientsText.activityAnonymized];
    case "project.created":
      return [
        typeof data.deadline === "string" ? t.projectCreatedWithDeadline(name, day(data, "deadline")) : t.projectCreated(name),
      ];
    case "project.updated":
      return projectUpdateLines(data);
    case "project.completed":
      return [t.projectCompleted];
    case "project.reopened":
      return [t.projectReopened];
    case "task.created":
      return [
        data.requiresAcceptance === true
          ? t.taskCreatedNeedsAcceptance(name, money(data, "amount"))
          : t.taskCreated(name, money(data, "amount")),
      ];
    case "task.updated":
    case "task.repriced":
      return taskUpdateLines(action, data);
    case "task.status_changed":
      return [t.taskStatusChanged(name, workStatus(data, "from"), workStatus(data, "to"))];
    case "task.deleted":
      return [t.taskDeleted(name, money(data, "amount"))];
    case "task.reordered":
      return [data.direction === "up" ? t.taskMovedUp(name) : t.taskMovedDown(name)];
    case "task.accepted":
    case "task.rejected":
      return describeFixRequestActivity(entry);
    case "share.enabled":
      return [t.shareEnabled];
    case "share.regenerated":
      return [t.shareRegenerated];
    case "share.disabled":
      return [t.shareDisabled];
    case "invitation.sent":
      return [t.invitationSent(text(data, "email"))];
    case "invitation.resent":
      return [t.invitationResent(text(data, "email"))];
    case "invitation.unsubscribed":
      return [t.invitationUnsubscribed(text(data, "email"))];
    case "invitation.removed":
      return [t.invitationRemoved(text(data, "email"))];
    case "fix_request.created":
    case "fix_request.in_scope":
    case "fix_request.priced":
    case "fix_request.declined":
    case "fix_request.done":
      return describeFixRequestActivity(entry);
    case "file.uploaded":
      return [data.private === true ? t.fileUploadedPrivate(name) : t.fileUploaded(name)];
    case "file.deleted":
      return [t.fileDeleted(name)];
    case "file.made_private":
      return [t.fileMadePrivate(name)];
    case "file.made_public":
      return [t.fileMadePublic(name)];
    case "message.posted":
      return [t.messagePosted(text(data, "excerpt"))];
    case "bill.created":
    case "bill.sent":
    case "bill.cancelled":
    case "bill.payment_started":
    case "bill.paid_manually":
    case "task.paid_manually":
      return billLines(action, data);
    case "tpay.connected":
    case "tpay.disconnected":
    case "tpay.checked":
      return [tpayConnectionLine(action, data)];
    case "subscription.ordered": {
      const plan = text(data, "plan");
      const planLabel = plan in subscriptionText.planNames ? subscriptionText.planNames[plan as keyof typeof subscriptionText.planNames] : plan;
      return [subscriptionText.activityOrdered(planLabel, money(data, "amount"))];
    }
    case "payment.received":
    case "payment.flagged":
    case "payment.refunded":
      return paymentLines(action, data);
    case "bill.paid":
      return [paymentsText.activity.billPaid(number(data, "number"), money(data, "total"))];
    case "bill.refunded":
      return [paymentsText.activity.billRefunded(number(data, "number"))];
    case "tpay.test_mode_seen":
      return [paymentsText.activity.testModeSeen];
    case "tpay.md5_failed":
      return [tpaySettingsText.activity.md5Failed(text(data, "merchantId"))];
    case "subscription.paid":
      return [paymentsText.activity.subscriptionPaid(money(data, "amount"), text(data, "title"))];
    case "subscription.cancelled":
      return [paymentsText.activity.subscriptionCancelled(text(data, "title"))];
    case "tpay.transaction_cancelled":
      return [paymentsText.activity.transactionCancelled(text(data, "title"))];
    case "report.created":
    case "report.ready":
    case "report.failed":
    case "report.retried":
    case "report.deleted":
    case "report.sent":
      return reportLines(action, data);
    case "account.report_logo_uploaded":
      return [t.reportLogoUploaded];
    case "account.report_logo_removed":
      return [t.reportLogoRemoved];
    case "account.report_logo_shown":
      return [t.reportLogoShown];
    case "account.report_logo_hidden":
      return [t.reportLogoHidden];
    case "export.requested":
      return [dataExportText.activity.requested];
    case "export.ready":
      return [dataExportText.activity.ready];
    case "export.failed": {
      const reason = text(data, "reason").trim();
      return reason ? [dataExportText.activity.failed, dataExportText.activity.reason(reason)] : [dataExportText.activity.failed];
    }
    case "export.expired":
      return [dataExportText.activity.expired];
    default:
      return [t.other];
  }
}

function timelineActor(actor: string): TimelineEntry["actor"] {
  return actor === "freelancer" || actor === "client" ? actor : "system";
}

/** Maps activity rows to the entries ActivityTimeline renders: who acted, when, and the sentences. */
export function toTimelineEntries(rows: ActivityRow[]): TimelineEntry[] {
  return rows.map((row) => {
    const actor = timelineActor(row.actor);
    return { id: row.id, actor, actorLabel: t.actor[actor], createdAt: row.createdAt, lines: describeActivity(row) };
  });
}

/** The freelancer's fix-request panel, with each request's history as the sentences it shows. */
export type FreelancerFixRequestsPanel = Omit<FixRequestsPanel, "items"> & {
  items: (Omit<FixRequestItem, "history"> & { history: HistoryEntry[] })[];
};

/** Replaces the activity rows in each request's history with who acted and the sentences. */
export function withFixRequestHistoryLines(panel: FixRequestsPanel): FreelancerFixRequestsPanel {
  return {
    ...panel,
    items: panel.items.map((item) => ({
      ...item,
      history: item.history.map((entry) => ({
        id: entry.id,
        actor: t.actor[timelineActor(entry.actor)],
        createdAt: entry.createdAt,
        lines: describeFixRequestActivity(entry),
      })),
    })),
  };
}
