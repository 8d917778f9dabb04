import { useHydrated, type Selection } from "~/components/bill-selection";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";

// The freelancer's bills panel and the client's bills page both render this summary. It has its
// own module so the client pages do not load the freelancer's panel and its text sections.

/**
 * Renders the live count and total of the toggled tasks (from useBillSelection), or before
 * hydration a note that the server adds them up.
 */
export function SelectionSummary({
  selection,
  none,
  summary,
  forms,
  noScript,
}: {
  selection: Selection | null;
  none: string;
  summary: (count: number, label: string, total: string) => string;
  forms: { one: string; few: string; many: string; other: string };
  noScript: string;
}) {
  const hydrated = useHydrated();
  let text = noScript;
  if (hydrated && selection) text = selection.count === 0 ? none : summary(selection.count, plural(selection.count, forms), formatMoney(selection.total));
  return (
    <p aria-live="polite" className="text-sm font-medium" data-testid="bill-selection-summary">
      {text}
    </p>
  );
}
