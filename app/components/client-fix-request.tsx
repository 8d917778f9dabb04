import { useParams } from "@remix-run/react";
import {
  Attachments,
  DeclineReason,
  Description,
  History,
  RequestHeader,
  STATUS_TONE,
  type FixRequestItemData,
} from "~/components/fix-request-parts";
import type { ClientText } from "~/i18n/client";
import { useClientText } from "~/i18n/client-context";
import { formatDateTime } from "~/utils/dates";
import { formatMoney } from "~/utils/money";

// One fix request as the client sees it: in the list of ./client-fix-requests-panel.tsx and on
// its own page. It is apart from the list's "Zgłoś poprawkę" form, so the request's own page,
// which has no form, does not load the form libraries.

/** Renders one fix request on its own page (/p/<token>/fix-requests/<id>), for the client. */
export function ClientFixRequestDetail({ item }: { item: FixRequestItemData }) {
  const text = useClientText();
  const { token = "" } = useParams();
  return (
    <ol id="fix-requests" data-testid="client-fix-request-detail">
      <ClientFixRequest item={item} base={`/p/${encodeURIComponent(token)}`} text={text} />
    </ol>
  );
}

export function ClientFixRequest({ item, base, text }: { item: FixRequestItemData; base: string; text: ClientText }) {
  const ct = text.fixRequests;
  return (
    <li id={`fix-request-${item.id}`} className="min-w-0 space-y-3 rounded-md border border-slate-200 p-3" data-testid="fix-request">
      <RequestHeader
        number={ct.numbered(item.number)}
        numberHref={`${base}/fix-requests/${encodeURIComponent(item.id)}`}
        title={item.title}
        status={ct.status[item.status]}
        tone={STATUS_TONE[item.status]}
      />
      <p className="text-xs text-slate-500">{ct.reportedAt(formatDateTime(item.createdAt))}</p>
      <Description text={item.description} />
      <Attachments
        label={ct.attachment}
        files={item.attachments}
        hrefFor={(fileId) => `${base}/files/${encodeURIComponent(fileId)}`}
        locale={text.locale}
      />
      <ClientAnswer item={item} ct={ct} />
      <History
        title={ct.historyTitle}
        entries={item.history.flatMap((entry) => {
          const line = clientHistoryLine(ct, entry);
          return line ? [{ id: entry.id, actor: ct.actor[entry.actor] ?? ct.actor.system, createdAt: entry.createdAt, lines: [line] }] : [];
        })}
      />
    </li>
  );
}

function ClientAnswer({ item, ct }: { item: FixRequestItemData; ct: ClientText["fixRequests"] }) {
  if (item.status === "declined") return <DeclineReason label={ct.declineReason} reason={item.declineReason ?? ""} />;
  if (!item.resolution) return null;
  if (!item.task) return <p className="text-sm text-slate-700">{ct.answerTaskDeleted}</p>;
  if (item.resolution === "in_scope") return <p className="text-sm text-slate-800 [overflow-wrap:anywhere]">{ct.answerInScope(item.task.name)}</p>;
  const decision =
    item.task.acceptance === "accepted"
      ? ct.answerPricedAccepted
      : item.task.acceptance === "rejected"
        ? ct.answerPricedRejected
        : ct.answerPricedPending;
  return (
    <div className="space-y-1 text-sm">
      <p className="text-slate-800 [overflow-wrap:anywhere]">{ct.answerPriced(item.task.name, formatMoney(item.task.amount))}</p>
      <p className={item.task.acceptance === "pending" ? "font-medium text-amber-900" : "text-slate-700"}>{decision}</p>
    </div>
  );
}

function historyText(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "string" ? value : "";
}

function historyMoney(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? formatMoney(value) : "";
}

/** Returns one line of the client's history of a request, or null for an entry the client does not see. */
function clientHistoryLine(ct: ClientText["fixRequests"], entry: FixRequestItemData["history"][number]): string | null {
  const data = entry.data;
  switch (entry.action) {
    case "fix_request.created":
      return ct.historyCreated;
    case "fix_request.in_scope":
      return ct.historyInScope(historyText(data, "taskName"));
    case "fix_request.priced":
      return ct.historyPriced(historyText(data, "taskName"), historyMoney(data, "amount"));
    case "fix_request.declined":
      return ct.historyDeclined;
    case "fix_request.done":
      return ct.historyDone;
    case "task.accepted":
      return ct.historyTaskAccepted(historyText(data, "name"), historyMoney(data, "amount"));
    case "task.rejected":
      return ct.historyTaskRejected(historyText(data, "name"), historyMoney(data, "amount"));
    default:
      return null;
  }
}
