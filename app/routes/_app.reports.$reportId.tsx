import { getFormProps, getInputProps, useForm, type SubmissionResult } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useRevalidator } from "@remix-run/react";
import { useHydrated } from "~/components/use-hydrated";
import { ErrorPage } from "~/components/error-page";
import { ErrorList, Field } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { DeleteReportForm, isReportPending, ReportStatusBadge, type ReportStatus } from "~/components/report-status";
import { usePolling } from "~/components/use-polling";
import { reportsText as t } from "~/i18n/pl/reports";
import type { DeliveryState } from "~/models/invitations.server";
import { listSendings, sendReport, SENDINGS_PAGE_SIZE, type ReportSendingItem } from "~/models/report-sendings.server";
import { deleteReport, getReport, MAX_REPORT_ATTEMPTS, retryReport } from "~/models/reports.server";
import { minutesUntilRateLimitReset, retryWaitText } from "~/models/bills.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { reportSendSchema } from "~/schemas/report-send";
import { requireUser, safeRedirectPath } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { reportFacts, reportPeriod, sendingFacts } from "~/utils/report-page.server";
import { redirectWithToast, type Toast } from "~/utils/toast.server";
import { pageFromSearch } from "~/utils/page-number";

// One report. The page shows the job's progress (queued, rendering, ready, or failed with the
// reason and "Spróbuj ponownie") and polls while the job runs. It has the PDF's download,
// "Wyślij do klienta" with the project's client's e-mail filled in, and the report's sendings
// with the delivery state of each e-mail, polled for a few minutes while an e-mail waits to
// leave. Deleting from the "Raporty" tab posts here too.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${t.title(data.project.name)} · Klamp` : `${t.tab} · Klamp` }];

const POLL_INTERVAL_MS = 2000;
const SENDING_POLL_INTERVAL_MS = 5000;
/**
 * How long after "Wyślij do klienta" the page keeps polling a sending whose e-mail has not left.
 * The e-mail queue usually sends within seconds. Later attempts wait minutes (30 s, doubling),
 * and a lost queue message waits for the scheduled re-queue, so the page then offers a reload.
 */
const SENDING_POLL_WINDOW_MS = 5 * 60_000;

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

function reportPath(reportId: string): string {
  return `/reports/${encodeURIComponent(reportId)}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  let sendingsPage = pageFromSearch(new URL(request.url), "sendings");
  const detail = await getReport(context.db, user.id, params.reportId ?? "");
  if (!detail) notFound();

  const { report, project, client } = detail;
  const sendingsAt = (page: number) =>
    listSendings(context.db, user.id, report.id, { limit: SENDINGS_PAGE_SIZE, offset: (page - 1) * SENDINGS_PAGE_SIZE });
  let sendings = await sendingsAt(sendingsPage);
  // A page past the last shows the last page, as the "Raporty" tab does. An empty page carries
  // no total, so the first page is read for it.
  if (sendings.items.length === 0 && sendingsPage > 1) {
    const { total } = await listSendings(context.db, user.id, report.id, { limit: 1 });
    sendingsPage = Math.max(1, Math.ceil(total / SENDINGS_PAGE_SIZE));
    sendings = await sendingsAt(sendingsPage);
  }
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  // Only what the page shows, with dates and sizes formatted: the row also contains the claim and the R2 key.
  return json({
    report: {
      id: report.id,
      status: report.status,
      attempts: report.attempts,
      failureReason: report.failureReason,
      // Raw figures beside the formatted facts, for scripts that read the page's data (npm run bench).
      size: report.size,
      pageCount: report.pageCount,
      taskCount: report.taskCount,
    },
    period: reportPeriod(report),
    facts: reportFacts(report, client.name),
    project: { id: project.id, name: project.name },
    client: { email: client.email },
    sendings: {
      items: sendings.items.map(
        (sending): SendingView => ({
          id: sending.id,
          email: sending.email,
          delivery: sending.delivery,
          deliveryError: sending.deliveryError,
          facts: sendingFacts(sending, sending.expiresAt <= nowIso),
        }),
      ),
      hasMore: sendings.hasMore,
      // Decided here, on the server's clock, so a wrong clock in the browser cannot stop or prolong it.
      polling: sendings.items.some(
        (sending) => isDeliveryPending(sending.delivery) && now - Date.parse(sending.requestedAt) < SENDING_POLL_WINDOW_MS,
      ),
    },
    sendingsPage,
    maxAttempts: MAX_REPORT_ATTEMPTS,
  });
}

/** A sending as the page shows it, with `facts` as the formatted line under the address. */
type SendingView = Pick<ReportSendingItem, "id" | "email" | "delivery" | "deliveryError"> & { facts: string };

/** Checks whether a sending's e-mail has yet to leave (waiting in the queue or between attempts). */
function isDeliveryPending(delivery: DeliveryState): boolean {
  return delivery === "queued" || delivery === "retrying";
}

interface ActionData {
  intent: "send" | null;
  result?: SubmissionResult<string[]>;
  error?: string;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const db = context.db;
  const env = context.cloudflare.env;
  const reportId = params.reportId ?? "";
  const now = new Date();

  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const back = (toast: Toast, path = reportPath(reportId)) => redirectWithToast(env, path, toast);

  if (intent === "send") {
    const submission = parseWithValibot(formData, { schema: reportSendSchema });
    if (submission.status !== "success") return json<ActionData>({ intent, result: submission.reply() }, { status: 400 });

    const email = submission.value.email;
    const rejectSend = (status: number, message: string) => json<ActionData>({ intent, result: submission.reply({ formErrors: [message] }) }, { status });
    const sent = await sendReport(db, { queue: env.EMAIL_QUEUE, origin: env.APP_ORIGIN }, user, { reportId, email, now });
    if (sent.status === "not_found") notFound();
    switch (sent.status) {
      case "not_ready":
        return rejectSend(409, t.sendNotReady);
      case "unsubscribed":
        return rejectSend(409, t.sendUnsubscribed(email));
      case "rate_limited":
        return rejectSend(429, t.sendRateLimited(retryWaitText(sent.retryInMinutes)));
      case "sent":
        return back({ type: "success", message: t.sent(email) }, `${reportPath(reportId)}#sendings`);
    }
  }

  if (intent !== "delete" && intent !== "retry") return json<ActionData>({ intent: null, error: t.invalidIntent }, { status: 400 });

  const detail = await getReport(db, user.id, reportId);
  if (!detail) notFound();
  const period = reportPeriod(detail.report);

  if (intent === "delete") {
    // The tab's rows send the page they are on, and anything that is not a /reports page goes to the tab.
    const target = safeRedirectPath(formData.get("returnTo"), "/reports");
    const returnTo = target === "/reports" || target.startsWith("/reports?") ? target : "/reports";
    const deleted = await deleteReport(db, env.FILES, { userId: user.id, reportId: detail.report.id, now });
    // A second click, or another tab, deleted it between the read above and now.
    if (!deleted) return back({ type: "info", message: t.alreadyDeleted }, returnTo);
    return back({ type: "success", message: t.deleted(period) }, returnTo);
  }

  const retried = await retryReport(db, env.REPORT_QUEUE, { userId: user.id, reportId: detail.report.id, now });
  if (retried === null) notFound();
  if (retried === "not_failed") return back({ type: "info", message: t.notFailed });
  if (retried === "rate_limited") {
    return back({ type: "error", message: t.createRateLimited(retryWaitText(minutesUntilRateLimitReset(RATE_LIMITS.reportRenderPerAccount))) });
  }
  return back({ type: "success", message: t.retried });
}

const STEPS = ["queued", "rendering", "ready"] as const;

/** Shows the job's steps with the current one marked. A failed report marks the step it failed in. */
function ProgressSteps({ status }: { status: ReportStatus }) {
  const current = status === "failed" ? 1 : STEPS.indexOf(status);
  return (
    <ol aria-label={t.progressLabel} className="grid grid-cols-3 gap-2 text-xs">
      {STEPS.map((step, index) => {
        const done = index < current || status === "ready";
        const active = index === current;
        const failed = active && status === "failed";
        let tone = "bg-slate-200";
        if (done) tone = "bg-emerald-500";
        if (active && !done) tone = failed ? "bg-red-500" : "animate-pulse bg-brand-600";
        return (
          <li key={step} aria-current={active ? "step" : undefined} className="space-y-1">
            <span aria-hidden="true" className={`block h-1.5 rounded-full ${tone}`} />
            <span className={active ? "font-semibold text-slate-800" : "text-slate-500"}>{t.steps[step]}</span>
          </li>
        );
      })}
    </ol>
  );
}

export default function ReportPage() {
  const { report, period, facts, project, client, sendings, sendingsPage, maxAttempts } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const hydrated = useHydrated();
  const pending = isReportPending(report.status);

  // The report's job is polled fast, and a sending's e-mail slower and only for a few minutes, as the loader decides.
  let pollInterval: number | null = null;
  if (pending) pollInterval = POLL_INTERVAL_MS;
  else if (sendings.polling) pollInterval = SENDING_POLL_INTERVAL_MS;
  usePolling(pollInterval);

  // While queued again after a failed attempt, the next attempt is attempts + 1.
  const attempt = report.status === "queued" ? report.attempts + 1 : report.attempts;

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/reports" className="link text-sm">
        ← {t.backToList}
      </Link>

      <section className="card space-y-4" aria-labelledby="report-title">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0 space-y-1">
            <h1 id="report-title" className="text-2xl font-bold [overflow-wrap:anywhere]">
              {t.title(project.name)}
            </h1>
            <p className="text-lg tabular-nums">{period}</p>
          </div>
          <ReportStatusBadge status={report.status} />
        </div>

        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          <div className="min-w-0">
            <dt className="inline text-slate-500">{t.project}: </dt>
            <dd className="inline [overflow-wrap:anywhere]">
              <Link to={`/projects/${project.id}`} className="link">
                {project.name}
              </Link>
            </dd>
          </div>
          {facts.map((fact) => (
            <div key={fact.label} className="min-w-0">
              <dt className="inline text-slate-500">{fact.label}: </dt>
              <dd className="inline [overflow-wrap:anywhere]">{fact.value}</dd>
            </div>
          ))}
        </dl>

        <div className="space-y-3 border-t border-slate-200 pt-4">
          <ProgressSteps status={report.status} />
          <div role="status" aria-live="polite" className="space-y-1 text-sm" data-testid="report-state">
            <p className="font-medium">
              {t.status[report.status]}: {t.stateHelp[report.status]}
            </p>
            {pending && attempt > 1 ? <p className="text-slate-600">{t.attempt(attempt, maxAttempts)}</p> : null}
            {report.status === "failed" && report.failureReason ? (
              <p className="text-red-800 [overflow-wrap:anywhere]" data-testid="report-failure-reason">
                {t.failureReason(report.failureReason)}
              </p>
            ) : null}
            {pending ? (
              hydrated ? (
                <p className="text-slate-600">{t.autoRefresh}</p>
              ) : (
                <p className="text-slate-600">
                  {t.noScriptRefresh}{" "}
                  <a href={reportPath(report.id)} className="link">
                    {t.refresh}
                  </a>
                </p>
              )
            ) : null}
          </div>
        </div>

        <div className="flex flex-wrap items-start gap-2 border-t border-slate-200 pt-4">
          {report.status === "ready" ? (
            <a href={`${reportPath(report.id)}/download`} className="btn-primary" download>
              {t.download}
            </a>
          ) : null}
          {report.status === "failed" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="retry" />
              <button type="submit" className="btn-primary">
                {t.retry}
              </button>
            </Form>
          ) : null}
          <DeleteReportForm reportId={report.id} period={period} returnTo="/reports" />
        </div>
      </section>

      <SendSection ready={report.status === "ready"} recipientDefault={client.email ?? ""} />

      <section id="sendings" className="card space-y-3" aria-labelledby="sendings-title">
        <h2 id="sendings-title" className="text-lg font-semibold">
          {t.sendingsTitle}
        </h2>
        {sendings.items.length === 0 ? (
          <p className="text-sm text-slate-500">{t.sendingsEmpty}</p>
        ) : (
          <>
            <ul className="divide-y divide-slate-100 text-sm">
              {sendings.items.map((sending) => (
                <SendingRow key={sending.id} sending={sending} />
              ))}
            </ul>
            {sendings.items.some((sending) => isDeliveryPending(sending.delivery)) ? (
              <SendingsRefresh polling={sendings.polling} hydrated={hydrated} onRefresh={() => revalidator.revalidate()} />
            ) : null}
            <p className="text-xs text-slate-500">{t.deliveryHelp}</p>
          </>
        )}
        <Pagination page={sendingsPage} hasMore={sendings.hasMore} param="sendings" />
      </section>
    </div>
  );
}

function SendSection({ ready, recipientDefault }: { ready: boolean; recipientDefault: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const sendData = actionData?.intent === "send" ? actionData : undefined;
  const [form, fields] = useForm({
    id: "report-send",
    lastResult: sendData?.result,
    defaultValue: { email: recipientDefault },
  });
  const pageError = actionData && actionData.intent === null ? actionData.error : undefined;

  return (
    <section id="send" className="card space-y-3" aria-labelledby="send-title">
      <h2 id="send-title" className="text-lg font-semibold">
        {t.sendToClient}
      </h2>
      {pageError ? (
        <p role="alert" className="text-sm text-red-700">
          {pageError}
        </p>
      ) : null}
      {ready ? (
        <Form method="post" className="space-y-3" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="send" />
          <p className="text-sm text-slate-600">{t.sendIntro}</p>
          <ErrorList id={form.errorId} errors={form.errors} />
          <Field label={t.recipient} hint={t.recipientHint} id={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
            {(aria) => <input {...getInputProps(fields.email, { type: "email" })} {...aria} autoComplete="off" spellCheck={false} className="input" />}
          </Field>
          <button type="submit" className="btn-primary" disabled={navigation.state !== "idle"}>
            {t.sendToClient}
          </button>
        </Form>
      ) : (
        <p className="text-sm text-slate-600">{t.sendNotReady}</p>
      )}
    </section>
  );
}

const DELIVERY_TONE: Record<DeliveryState, string> = {
  queued: "bg-slate-100 text-slate-700",
  retrying: "bg-amber-100 text-amber-900",
  sent: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  unknown: "bg-slate-100 text-slate-600",
};

/** Shows how the delivery states get updated while an e-mail has not left yet: by polling, or by a reload. */
function SendingsRefresh({ polling, hydrated, onRefresh }: { polling: boolean; hydrated: boolean; onRefresh: () => void }) {
  const location = useLocation();
  if (polling && hydrated) return <p className="text-xs text-slate-600">{t.deliveryAutoRefresh}</p>;
  return (
    <p className="text-xs text-slate-600">
      {t.deliveryRefresh}{" "}
      {hydrated ? (
        <button type="button" className="link" onClick={onRefresh}>
          {t.refresh}
        </button>
      ) : (
        <a href={`${location.pathname}${location.search}`} className="link">
          {t.refresh}
        </a>
      )}
    </p>
  );
}

function SendingRow({ sending }: { sending: SendingView }) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-2" data-testid="report-sending">
      <div className="min-w-0">
        <p className="font-medium [overflow-wrap:anywhere]">{sending.email}</p>
        <p className="text-xs text-slate-500">{sending.facts}</p>
        {sending.deliveryError ? <p className="text-xs text-red-800 [overflow-wrap:anywhere]">{t.deliveryFailed(sending.deliveryError)}</p> : null}
      </div>
      <p className="text-xs">
        <span className="sr-only">{t.deliveryLabel}: </span>
        <span className={`rounded-full px-2.5 py-1 font-medium ${DELIVERY_TONE[sending.delivery]}`} data-testid="report-sending-delivery">
          {t.delivery[sending.delivery]}
        </span>
      </p>
    </li>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
