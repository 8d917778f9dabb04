import { Link } from "@remix-run/react";
import { budgetText as t } from "~/i18n/pl/budget";
import type { ProjectBudget } from "~/models/dashboard.server";
import { formatMoney } from "~/utils/money";
import { countLabel, TASK_FORMS } from "~/utils/plural";

export type BudgetGlanceData = ProjectBudget;

/** Whole percent of the baseline that the extras are, rounded down. */
function extrasPercent(budget: BudgetGlanceData): number {
  return budget.baseline ? Math.floor((budget.extras * 100) / budget.baseline) : 0;
}

/** "Budżet" of one project: five sums, the first agreed total and the warnings. */
export function BudgetGlance({
  budget,
  warningPercent,
  linkToProject = false,
}: {
  budget: BudgetGlanceData;
  warningPercent: number;
  linkToProject?: boolean;
}) {
  const sums: [string, number][] = [
    [t.budgetAccepted, budget.accepted],
    [t.budgetPending, budget.pending],
    [t.budgetDone, budget.done],
    [t.budgetPaid, budget.paid],
    [t.budgetUnpaid, budget.unpaid],
  ];
  return (
    <div className="card space-y-2" data-testid="budget-glance" data-project-id={budget.projectId}>
      {linkToProject ? (
        <h3 className="font-semibold [overflow-wrap:anywhere]">
          <Link to={`/projects/${budget.projectId}`} className="link">
            {budget.name}
          </Link>
        </h3>
      ) : null}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
        {sums.map(([label, amount]) => (
          <div key={label}>
            <dt className="text-slate-600">{label}</dt>
            <dd className="font-medium">{formatMoney(amount)}</dd>
          </div>
        ))}
        <div>
          <dt className="text-slate-600">{t.budgetBaseline}</dt>
          <dd className="font-medium">{budget.baseline === null ? t.budgetBaselineMissing : formatMoney(budget.baseline)}</dd>
        </div>
      </dl>
      {budget.doneNotAcceptedCount > 0 ? (
        <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t.warningDoneNotAccepted(countLabel(budget.doneNotAcceptedCount, TASK_FORMS), formatMoney(budget.doneNotAcceptedAmount))}
        </p>
      ) : null}
      {budget.extrasWarning ? (
        <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t.warningExtras(formatMoney(budget.extras), extrasPercent(budget), warningPercent)}
        </p>
      ) : null}
    </div>
  );
}
