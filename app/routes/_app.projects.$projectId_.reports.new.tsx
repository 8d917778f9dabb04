import { getFormProps, getInputProps, useForm, type SubmissionResult } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useHydrated } from "~/components/use-hydrated";
import { ErrorPage } from "~/components/error-page";
import { ErrorList, Field } from "~/components/forms";
import { ReportPeriodSlider } from "~/components/report-period-slider";
import { common } from "~/i18n/pl/common";
import { reportsText } from "~/i18n/pl.server";
import { reportFormText as t } from "~/i18n/pl/report-form";
import { minutesUntilRateLimitReset, retryWaitText } from "~/models/bills.server";
import { getProject } from "~/models/projects.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { createReport } from "~/models/reports.server";
import { reportPeriodSchema } from "~/schemas/reports";
import { requireUser } from "~/utils/auth.server";
import { daysBetween, formatDay, isValidDay, normalizeDay, warsawDay } from "~/utils/dates";
import { readFormData } from "~/utils/form.server";
import { DAY_FORMS, plural, TASK_FORMS } from "~/utils/plural";
import type { ReportPeriod } from "~/utils/report-period";
import { formatPeriodDays } from "~/utils/report-period-text";
import { redirectWithToast } from "~/utils/toast.server";

// "Stwórz raport": the reporting period of a new report, picked with the two-handle slider or
// typed as dates, and "Zapisz raport". The date inputs are the form's fields, so the form works
// without JavaScript. A period without activity in the project is refused with the nearest days
// that had some, each offered as a period to pick. A project with more tasks than a report
// may list (MAX_REPORT_TASKS) is refused, and saving a period whose report is still being made
// leads to that report. The trailing underscore keeps this route out of the project page's layout.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${t.create} · ${data.project.name} · Klamp` : `${t.create} · Klamp` },
];

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

function periodText(period: ReportPeriod): string {
  return formatPeriodDays(period.start, period.end);
}

/**
 * Formats a number of tasks as `12 342 zadania`: digits grouped by three as in amounts
 * (formatMoney), joined by non-breaking spaces so that the number never wraps.
 */
function taskCountText(count: number): string {
  const digits = String(count).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  return `${digits} ${plural(count, TASK_FORMS)}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const project = await getProject(context.db, user.id, params.projectId ?? "");
  if (!project) notFound();

  const firstDay = warsawDay(project.createdAt);
  const today = warsawDay();
  // A suggested period arrives as ?start=…&end=…, and anything else falls back to the project's whole life.
  const url = new URL(request.url);
  const start = normalizeDay(url.searchParams.get("start") ?? "");
  const end = normalizeDay(url.searchParams.get("end") ?? "");
  const suggested = isValidDay(start) && isValidDay(end) && firstDay <= start && start <= end && end <= today;
  return json({
    project: { id: project.id, name: project.name },
    firstDay,
    today,
    defaults: suggested ? { start, end } : { start: firstDay, end: today },
  });
}

interface ActionData {
  result: SubmissionResult<string[]>;
  /** Periods around the refused one that contain activity, offered as links. */
  suggestions?: ReportPeriod[];
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);

  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: reportPeriodSchema() });
  if (submission.status !== "success") return json<ActionData>({ result: submission.reply() }, { status: 400 });

  const period = submission.value;
  const created = await createReport(context.db, context.cloudflare.env.REPORT_QUEUE, {
    userId: user.id,
    projectId: params.projectId ?? "",
    period,
    now: new Date(),
  });
  if (!created) notFound();

  switch (created.outcome) {
    case "invalid_period": {
      const fieldErrors: Record<string, string[]> = {
        invalid: { start: [common.invalidDay] },
        reversed: { end: [reportsText.reversed] },
        future: { end: [reportsText.future(formatDay(created.today))] },
        before_project: { start: [reportsText.beforeProject(formatDay(created.firstDay))] },
      }[created.problem];
      return json<ActionData>({ result: submission.reply({ fieldErrors }) }, { status: 400 });
    }
    case "too_many_tasks": {
      const message = reportsText.tooManyTasks(taskCountText(created.limit), taskCountText(created.taskCount));
      return json<ActionData>({ result: submission.reply({ formErrors: [message] }) }, { status: 400 });
    }
    case "no_activity": {
      const { nearestBefore, nearestAfter } = created;
      const messages = [reportsText.noActivity(periodText(period))];
      if (nearestBefore) messages.push(reportsText.nearestBefore(formatDay(nearestBefore)));
      if (nearestAfter) messages.push(reportsText.nearestAfter(formatDay(nearestAfter)));
      if (!nearestBefore && !nearestAfter) messages.push(reportsText.noActivityAnywhere);
      const suggestions: ReportPeriod[] = [];
      if (nearestBefore) suggestions.push({ start: nearestBefore, end: period.end });
      if (nearestAfter) suggestions.push({ start: period.start, end: nearestAfter });
      return json<ActionData>({ result: submission.reply({ formErrors: messages }), suggestions }, { status: 400 });
    }
    case "rate_limited": {
      const wait = retryWaitText(minutesUntilRateLimitReset(RATE_LIMITS.reportRenderPerAccount));
      return json<ActionData>({ result: submission.reply({ formErrors: [reportsText.createRateLimited(wait)] }) }, { status: 429 });
    }
    case "created":
      return redirectWithToast(context.cloudflare.env, `/reports/${created.report.id}`, {
        type: "success",
        message: reportsText.created(periodText(period)),
      });
    case "existing":
      // A double submit, or the same period saved again while its PDF is being made.
      return redirectWithToast(context.cloudflare.env, `/reports/${created.report.id}`, {
        type: "info",
        message: reportsText.alreadyPending(periodText(period)),
      });
  }
}

export default function NewReportPage() {
  const { project, firstDay, today, defaults } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to={`/projects/${project.id}`} className="link text-sm">
        ← {project.name}
      </Link>
      <section className="card space-y-4" aria-labelledby="new-report-title">
        <h1 id="new-report-title" className="text-2xl font-bold">
          {t.create}
        </h1>
        <p className="text-sm text-slate-600 [overflow-wrap:anywhere]">{t.newIntro(project.name)}</p>
        {/* A suggested period is a new page, so the form starts again from its days. */}
        <PeriodForm key={`${defaults.start}-${defaults.end}`} projectId={project.id} firstDay={firstDay} today={today} defaults={defaults} />
      </section>
      <Link to={`/reports?project=${encodeURIComponent(project.id)}`} className="link text-sm">
        {t.projectFilter(project.name)} →
      </Link>
    </div>
  );
}

function PeriodForm(props: { projectId: string; firstDay: string; today: string; defaults: ReportPeriod }) {
  const { projectId, firstDay, today } = props;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const [form, fields] = useForm({
    id: "new-report",
    lastResult: actionData?.result,
    defaultValue: props.defaults,
  });

  const start = normalizeDay(typeof fields.start.value === "string" ? fields.start.value : "");
  const end = normalizeDay(typeof fields.end.value === "string" ? fields.end.value : "");
  const chosen = isValidDay(start) && isValidDay(end) && firstDay <= start && start <= end && end <= today ? { start, end } : null;
  const dayCount = chosen ? daysBetween(chosen.start, chosen.end) + 1 : 0;
  const suggestions = actionData?.suggestions ?? [];

  // The slider types into the date inputs as a user would: Conform reads the value from the
  // input event, so the field's state, its validation and the slider stay in step.
  const setPeriod = (change: Partial<ReportPeriod>) => {
    if (change.start !== undefined) typeInto(fields.start.id, change.start);
    if (change.end !== undefined) typeInto(fields.end.id, change.end);
  };

  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <fieldset className="space-y-3">
        <legend className="mb-1 text-sm font-semibold text-slate-800">{t.periodLegend}</legend>
        {hydrated ? <ReportPeriodSlider firstDay={firstDay} today={today} start={start} end={end} onChange={setPeriod} /> : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t.start} id={fields.start.id} errorId={fields.start.errorId} errors={fields.start.errors}>
            {(aria) => <input {...getInputProps(fields.start, { type: "date" })} {...aria} min={firstDay} max={today} className="input" />}
          </Field>
          <Field label={t.end} id={fields.end.id} errorId={fields.end.errorId} errors={fields.end.errors}>
            {(aria) => <input {...getInputProps(fields.end, { type: "date" })} {...aria} min={firstDay} max={today} className="input" />}
          </Field>
        </div>
        <p className="text-xs text-slate-500">
          {t.limits(formatDay(firstDay), formatDay(today))} {t.wholeDays}
        </p>
        {hydrated && chosen ? (
          <p aria-live="polite" className="text-sm font-medium" data-testid="report-period-chosen">
            {t.chosen(periodText(chosen), dayCount, plural(dayCount, DAY_FORMS))}
          </p>
        ) : null}
      </fieldset>

      <div className="space-y-2">
        <ErrorList id={form.errorId} errors={form.errors} />
        {suggestions.length > 0 ? (
          <nav aria-label={t.suggestionsLabel}>
            <ul className="flex flex-wrap gap-2">
              {suggestions.map((period) => (
                <li key={`${period.start}-${period.end}`}>
                  <Link
                    to={`/projects/${projectId}/reports/new?start=${period.start}&end=${period.end}`}
                    className="btn-secondary btn-small"
                  >
                    {t.suggestion(periodText(period))}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </div>

      <button type="submit" className="btn-primary" disabled={navigation.state !== "idle"}>
        {t.save}
      </button>
    </Form>
  );
}

/** Sets an uncontrolled input's value and fires the input event that typing would. */
function typeInto(inputId: string, value: string) {
  const input = document.getElementById(inputId);
  if (!(input instanceof HTMLInputElement) || input.value === value) return;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
