import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AccountDeletionSection } from "~/components/account-deletion-section";
import { useHydrated } from "~/components/bill-selection";
import { ErrorPage } from "~/components/error-page";
import { Pagination } from "~/components/pagination";
import { usePolling } from "~/components/use-polling";
import type { DataExport } from "~/db/schema";
import { billsText } from "~/i18n/pl/bills";
import { dataExportText as t } from "~/i18n/pl/data-export";
import { dataSettingsText } from "~/i18n/pl/data-settings";
import { nav } from "~/i18n/pl/nav";
import { exportDownloadPath, isExportActive, type ExportStatus } from "~/exports/status";
import { findLatestExport, isExportDownloadable, listDataExports, requestDataExport } from "~/models/data-exports.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { formatFileSize } from "~/utils/file-size";
import { readFormData } from "~/utils/form.server";
import { plural } from "~/utils/plural";
import { redirectWithToast } from "~/utils/toast.server";
import { pageFromSearch } from "~/utils/page-number";

// Settings → "Twoje dane": "Eksportuj dane" with the progress of the running export, polled
// while it runs and shown on reload without JavaScript. The page also has the download of the
// latest ZIP, the reason of a failed one with "Spróbuj ponownie", the recent exports page by
// page, and the "Usuń konto" section. It is allowed while the account is read-only
// (READ_ONLY_ALLOWED_PATHS).

export const meta: MetaFunction = () => [{ title: `${dataSettingsText.title} · Klamp` }];

const PAGE = "/settings/data";
const POLL_INTERVAL_MS = 2000;

/** The part of an export the page shows. The row also contains the claim and the R2 key. */
interface ExportView {
  id: string;
  status: ExportStatus;
  progressDone: number;
  progressTotal: number;
  size: number | null;
  failureReason: string | null;
  createdAt: string;
  expiresAt: string | null;
  downloadable: boolean;
}

function toView(row: DataExport, now: Date): ExportView {
  return {
    id: row.id,
    status: row.status,
    progressDone: row.progressDone,
    progressTotal: row.progressTotal,
    size: row.size,
    failureReason: row.failureReason,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    downloadable: isExportDownloadable(row, now),
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const page = pageFromSearch(new URL(request.url));
  const [latest, list] = await Promise.all([findLatestExport(context.db, user.id), listDataExports(context.db, user.id, page)]);
  const now = new Date();
  return json({
    email: user.email,
    latest: latest ? toView(latest, now) : null,
    exports: { items: list.rows.map((row) => toView(row, now)), hasMore: list.hasMore, page },
  });
}

function retryWait(minutes: number): string {
  return minutes >= 60 ? billsText.retryInHour : billsText.retryInMinutes(minutes, plural(minutes, billsText.minuteForms));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const env = context.cloudflare.env;

  const formData = await readFormData(request);
  if (formData.get("intent") !== "export") return json({ error: t.invalidIntent }, { status: 400 });

  const result = await requestDataExport(context.db, env.EXPORT_QUEUE, { userId: user.id, now: new Date() });
  switch (result.outcome) {
    case "created":
      return redirectWithToast(env, PAGE, { type: "success", message: t.queued });
    case "existing":
      // A second click or another tab gets the running export, not an error.
      return redirectWithToast(env, PAGE, { type: "info", message: t.alreadyRunning(formatDateTime(result.export.createdAt)) });
    case "rate_limited":
      return json({ error: t.rateLimited(retryWait(result.retryInMinutes)) }, { status: 429 });
  }
}

export default function DataSettingsPage() {
  const { email, latest, exports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const hydrated = useHydrated();
  const active = latest !== null && isExportActive(latest.status);

  usePolling(active ? POLL_INTERVAL_MS : null);

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{nav.settings}</p>
        <h1 className="text-2xl font-bold">{dataSettingsText.title}</h1>
        <p className="mt-2 max-w-2xl text-sm text-slate-600">{dataSettingsText.intro}</p>
      </div>

      <section className="card max-w-2xl space-y-4" aria-labelledby="data-export-title">
        <h2 id="data-export-title" className="text-lg font-semibold">
          {t.title}
        </h2>
        <p className="text-sm text-slate-700">{t.intro(email)}</p>
        <div className="space-y-1 text-sm text-slate-700">
          <h3 className="font-medium">{t.contentsTitle}</h3>
          <ul className="list-disc space-y-1 pl-5">
            {t.contents.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
        <p className="text-sm text-slate-600">{t.notIncluded}</p>
        <p className="text-sm text-slate-600">{t.linkValidity}</p>

        {actionData?.error ? (
          <p role="alert" className="text-sm text-red-700" data-testid="data-export-error">
            {actionData.error}
          </p>
        ) : null}

        <div className="border-t border-slate-200 pt-4" data-testid="data-export-latest">
          {latest && active ? <ExportProgress latest={latest} hydrated={hydrated} /> : <ExportRequest latest={latest} />}
        </div>
      </section>

      <section className="card max-w-2xl space-y-3" aria-labelledby="data-export-list-title">
        <h2 id="data-export-list-title" className="text-lg font-semibold">
          {t.listTitle}
        </h2>
        {exports.items.length === 0 ? <p className="text-sm text-slate-500">{t.listEmpty}</p> : <ExportList items={exports.items} />}
        <Pagination page={exports.page} hasMore={exports.hasMore} />
      </section>

      <AccountDeletionSection />
    </div>
  );
}

/** Shows the progress bar of a queued or running export, with its text in a live region for screen readers. */
function ExportProgress({ latest, hydrated }: { latest: ExportView; hydrated: boolean }) {
  const { progressDone: done, progressTotal: total } = latest;
  const started = latest.status === "running" && total > 0;
  const percent = started ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const progressText = t.progress(done, total, plural(total, t.stepForms));
  return (
    <div className="space-y-2">
      <div
        role="progressbar"
        aria-label={t.progressLabel}
        aria-valuemin={0}
        aria-valuemax={started ? total : undefined}
        aria-valuenow={started ? done : undefined}
        aria-valuetext={started ? progressText : t.waiting}
        className="h-2 overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full bg-brand-600 ${started ? "" : "animate-pulse"}`} style={{ width: started ? `${percent}%` : "100%" }} />
      </div>
      <div role="status" aria-live="polite" className="space-y-1 text-sm" data-testid="data-export-state">
        <p className="font-medium">
          {t.status[latest.status]}: {started ? progressText : t.waiting}
        </p>
        {started ? <p className="text-slate-600">{t.running}</p> : null}
        {hydrated ? (
          <p className="text-slate-600">{t.autoRefresh}</p>
        ) : (
          <p className="text-slate-600">
            {t.noScriptRefresh}{" "}
            <a href={PAGE} className="link">
              {t.refresh}
            </a>
          </p>
        )}
      </div>
    </div>
  );
}

/** Shows the latest finished export's outcome (download, failure reason, expiry) and the button for a new one. */
function ExportRequest({ latest }: { latest: ExportView | null }) {
  const navigation = useNavigation();
  const failed = latest?.status === "failed";
  return (
    <div className="space-y-3" data-testid="data-export-state">
      {latest?.downloadable && latest.size !== null && latest.expiresAt ? (
        <div className="flex flex-wrap items-center gap-3">
          <a href={exportDownloadPath(latest.id)} className="btn-primary" download>
            {t.download}
          </a>
          <p className="text-sm text-slate-700">{t.readyInfo(formatFileSize(latest.size), formatDateTime(latest.expiresAt))}</p>
        </div>
      ) : null}
      {failed ? (
        <div className="space-y-1 text-sm">
          <p className="font-medium text-red-800">{t.failedInfo}</p>
          {latest.failureReason ? <p className="text-red-800 [overflow-wrap:anywhere]">{t.failureReason(latest.failureReason)}</p> : null}
        </div>
      ) : null}
      {latest?.status === "expired" || (latest?.status === "ready" && !latest.downloadable) ? <p className="text-sm text-slate-600">{t.expiredInfo}</p> : null}
      <Form method="post">
        <input type="hidden" name="intent" value="export" />
        <button type="submit" className={latest?.downloadable ? "btn-secondary" : "btn-primary"} disabled={navigation.state !== "idle"}>
          {failed ? t.retry : t.button}
        </button>
      </Form>
    </div>
  );
}

const STATUS_TONE: Record<ExportStatus, string> = {
  queued: "bg-slate-100 text-slate-700",
  running: "bg-sky-100 text-sky-900",
  ready: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  expired: "bg-slate-100 text-slate-600",
};

function ExportList({ items }: { items: ExportView[] }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500">
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">
            {t.columnRequested}
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            {t.columnStatus}
          </th>
          <th scope="col" className="py-2 font-medium">
            {t.columnFile}
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((item) => (
          <tr key={item.id} data-testid="data-export-row">
            <td className="py-2 pr-3 tabular-nums">{formatDateTime(item.createdAt)}</td>
            <td className="py-2 pr-3">
              <span className={`whitespace-nowrap rounded-full px-2.5 py-1 text-xs font-medium ${STATUS_TONE[item.status]}`}>{t.status[item.status]}</span>
            </td>
            <td className="py-2">
              {item.downloadable && item.size !== null && item.expiresAt ? (
                <a href={exportDownloadPath(item.id)} className="link" aria-label={t.downloadLabel(formatDateTime(item.createdAt))} download>
                  {t.download}
                </a>
              ) : (
                <span className="text-slate-400">{t.noFile}</span>
              )}
              {item.downloadable && item.size !== null && item.expiresAt ? (
                <span className="ml-2 text-xs text-slate-500">{t.fileAvailable(formatFileSize(item.size), formatDateTime(item.expiresAt))}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
