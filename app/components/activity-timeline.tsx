import { formatDateTime } from "~/utils/dates";

// The sentences come from the loader (toTimelineEntries in app/models/activity-lines.server.ts),
// so the text sections they are built from are not sent to the browser.

/** One line of the timeline, as the loader sends it. */
export interface TimelineEntry {
  id: string;
  actor: "freelancer" | "client" | "system";
  /** The actor's name as the timeline shows it ("Ty", "Klient", "System"). */
  actorLabel: string;
  createdAt: string;
  /** The headline, then the details. */
  lines: string[];
}

const ACTOR_TONE: Record<TimelineEntry["actor"], string> = {
  freelancer: "bg-slate-100 text-slate-700",
  client: "bg-emerald-50 text-emerald-800",
  system: "bg-amber-50 text-amber-800",
};

/** "Historia zmian": newest first, each entry with who did it and when (Europe/Warsaw). */
export function ActivityTimeline({ entries, emptyText }: { entries: TimelineEntry[]; emptyText: string }) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">{emptyText}</p>;
  return (
    <ol className="space-y-3" data-testid="activity-timeline">
      {entries.map((entry) => {
        const [headline, ...details] = entry.lines;
        return (
          <li key={entry.id} className="border-l-2 border-slate-200 pl-3 text-sm">
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
              <span className={`rounded px-1.5 py-0.5 font-medium ${ACTOR_TONE[entry.actor]}`}>
                {entry.actorLabel}
              </span>
              <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
            </div>
            <p className="mt-1 [overflow-wrap:anywhere] text-slate-800">{headline}</p>
            {details.map((line) => (
              <p key={line} className="[overflow-wrap:anywhere] text-slate-600">
                {line}
              </p>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
