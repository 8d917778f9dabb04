// Pieces that the freelancer's "Poprawki" panel (fix-requests-panel.tsx) and the client's
// (client-fix-requests-panel.tsx) both render. Each panel has its own module, so a freelancer page
// does not load the client's panel and its texts, and a client page does not load the freelancer's.
import type { SerializeFrom } from "@remix-run/cloudflare";
import { Link } from "@remix-run/react";
import type { FixRequestsPanel as PanelModel } from "~/models/fix-requests.server";
import { formatDateTime } from "~/utils/dates";
import { formatFileSize } from "~/utils/file-size";

/** The panel as the model reads it, with the raw activity data in each request's history. */
export type FixRequestsPanelData = SerializeFrom<PanelModel>;
export type FixRequestItemData = FixRequestsPanelData["items"][number];

/** Page the panel is on. The forms send it, so that the redirect comes back there. */
export type Source = "project" | "list";

export const STATUS_TONE: Record<FixRequestItemData["status"], string> = {
  open: "bg-amber-100 text-amber-900",
  in_scope: "bg-sky-100 text-sky-900",
  priced: "bg-violet-100 text-violet-900",
  done: "bg-emerald-100 text-emerald-900",
  declined: "bg-slate-200 text-slate-700",
};

export function RequestHeader({
  number,
  numberHref,
  title,
  status,
  tone,
}: {
  number: string;
  /** The request's own page, linked from its number. */
  numberHref?: string;
  title: string;
  status: string;
  tone: string;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1">
      <h3 className="min-w-0 font-medium [overflow-wrap:anywhere]">
        {numberHref ? (
          <Link to={numberHref} className="link text-slate-600">
            {number}
          </Link>
        ) : (
          <span className="text-slate-500">{number}</span>
        )}
        <span className="text-slate-500">: </span>
        <bdi>{title}</bdi>
      </h3>
      <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tone}`} data-testid="fix-request-status">
        {status}
      </span>
    </div>
  );
}

/** Renders the client's text as typed: line breaks kept, nothing turned into markup. */
export function Description({ text }: { text: string }) {
  return (
    <p dir="auto" className="whitespace-pre-wrap text-sm text-slate-800 [overflow-wrap:anywhere]">
      {text}
    </p>
  );
}

export function DeclineReason({ label, reason }: { label: string; reason: string }) {
  return (
    <div className="text-sm">
      <p className="font-medium text-slate-700">{label}</p>
      <p dir="auto" className="whitespace-pre-wrap text-slate-800 [overflow-wrap:anywhere]">
        {reason}
      </p>
    </div>
  );
}

export function Attachments({
  label,
  files,
  hrefFor,
  locale,
}: {
  label: string;
  files: FixRequestItemData["attachments"];
  hrefFor: (fileId: string) => string;
  locale: "pl" | "en";
}) {
  if (files.length === 0) return null;
  return (
    <div className="text-sm">
      <p className="font-medium text-slate-700">{label}</p>
      <ul className="space-y-0.5">
        {files.map((file) => (
          <li key={file.id} className="[overflow-wrap:anywhere]">
            {/* A download through the files route; `download` keeps the browser on this page. */}
            <a href={hrefFor(file.id)} className="link" download>
              <bdi>{file.name}</bdi>
            </a>{" "}
            <span className="text-slate-500">({formatFileSize(file.size, locale)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One entry of a request's history: who acted (as a label), when, and the headline with its details. */
export interface HistoryEntry {
  id: string;
  actor: string;
  createdAt: string;
  lines: string[];
}

/** Renders who did what and when, oldest first. */
export function History({ title, entries }: { title: string; entries: HistoryEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <div className="text-sm">
      <p className="font-medium text-slate-700">{title}</p>
      <ol className="mt-1 space-y-1 border-l-2 border-slate-200 pl-3" data-testid="fix-request-history">
        {entries.map((entry) => {
          const [headline, ...details] = entry.lines;
          return (
            <li key={entry.id}>
              <span className="text-xs text-slate-500">
                {entry.actor} · <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
              </span>
              <p className="text-slate-800 [overflow-wrap:anywhere]">{headline}</p>
              {details.map((line) => (
                <p key={line} className="text-slate-600 [overflow-wrap:anywhere]">
                  {line}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * Renders what follows a list of fix requests: on the project page a link to the full list when
 * more requests exist, on the list page its previous and next links.
 */
export function ListFooter({
  source,
  page,
  hasMore,
  listPath,
  allLink,
  labels,
}: {
  source: Source;
  page: number;
  hasMore: boolean;
  listPath: string;
  allLink: string;
  labels: { previous: string; next: string; page: (page: number) => string };
}) {
  if (source === "project") {
    return hasMore ? (
      <Link to={`${listPath}?page=2`} className="link text-sm">
        {allLink} →
      </Link>
    ) : null;
  }
  return <Pager page={page} hasMore={hasMore} hrefFor={(target) => (target > 1 ? `${listPath}?page=${target}` : listPath)} labels={labels} />;
}

function Pager({
  page,
  hasMore,
  hrefFor,
  labels,
}: {
  page: number;
  hasMore: boolean;
  hrefFor: (page: number) => string;
  labels: { previous: string; next: string; page: (page: number) => string };
}) {
  if (page <= 1 && !hasMore) return null;
  return (
    <nav className="flex items-center justify-between text-sm" aria-label={labels.page(page)}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className="btn-secondary btn-small" rel="prev">
          ← {labels.previous}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-500">{labels.page(page)}</span>
      {hasMore ? (
        <Link to={hrefFor(page + 1)} className="btn-secondary btn-small" rel="next">
          {labels.next} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
