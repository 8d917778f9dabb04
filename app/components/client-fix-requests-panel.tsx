// "Poprawki" on the client page: the "Zgłoś poprawkę" form and the list of requests with the
// freelancer's answers. The form posts to /p/<token>/fix-requests, which redirects back to
// #fix-requests with a toast; with JavaScript it goes through a fetcher, so the page does not
// reload. Without it, a refused form renders that route's own list page with the messages.
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "~/components/form-state";
import { useFetcher, useParams } from "@remix-run/react";
import { ClientFixRequest } from "~/components/client-fix-request";
import { ListFooter, type FixRequestsPanelData, type Source } from "~/components/fix-request-parts";
import { ErrorList, Field } from "~/components/forms";
import { useClientText } from "~/i18n/client-context";

/** Response data of the client's route when it rejects a new fix request (400). */
export interface FixRequestCreateData {
  result: SubmissionResult<string[]>;
}

/**
 * Renders the client page's "Poprawki": free revision rounds, the "Zgłoś poprawkę" form and the
 * list. Texts come from the project's client language (useClientText), the token from the URL.
 */
export function ClientFixRequestsPanel({
  panel,
  source = "project",
  createResult,
}: {
  panel: FixRequestsPanelData;
  source?: Source;
  createResult?: SubmissionResult<string[]> | null;
}) {
  const text = useClientText();
  const ct = text.fixRequests;
  const { token = "" } = useParams();
  const base = `/p/${encodeURIComponent(token)}`;
  const listPath = `${base}/fix-requests`;

  return (
    <section id="fix-requests" className="card min-w-0 space-y-4" aria-labelledby="fix-requests-title" data-testid="client-fix-requests">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="fix-requests-title" className="text-lg font-semibold">
          {ct.title}
        </h2>
        <p className="text-sm font-medium text-slate-700" data-testid="free-rounds">
          {ct.freeRounds(panel.roundsUsed, panel.roundsTotal)}
        </p>
      </div>
      <p className="text-sm text-slate-600">{ct.intro}</p>
      <p className="text-xs text-slate-500">{ct.freeRoundsHint}</p>

      {/* Keyed by the number of requests, so that the form starts empty after one was sent. */}
      <CreateFixRequestForm key={panel.total} action={listPath} source={source} lastResult={createResult} />

      {panel.items.length === 0 ? (
        <p className="text-sm text-slate-600">{ct.empty}</p>
      ) : (
        <ol className="space-y-4">
          {panel.items.map((item) => (
            <ClientFixRequest key={item.id} item={item} base={base} text={text} />
          ))}
        </ol>
      )}

      <ListFooter
        source={source}
        page={panel.page}
        hasMore={panel.hasMore}
        listPath={listPath}
        allLink={ct.allLink}
        labels={{ previous: ct.previousPage, next: ct.nextPage, page: ct.page }}
      />
    </section>
  );
}

function CreateFixRequestForm({ action, source, lastResult }: { action: string; source: Source; lastResult?: SubmissionResult<string[]> | null }) {
  const text = useClientText();
  const ct = text.fixRequests;
  const fetcher = useFetcher<FixRequestCreateData>();
  const [form, fields] = useForm({
    id: "new-fix-request",
    lastResult: fetcher.data?.result ?? lastResult,
  });
  return (
    <fetcher.Form
      method="post"
      action={action}
      encType="multipart/form-data"
      preventScrollReset
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3"
      {...getFormProps(form)}
    >
      <h3 className="font-semibold">{ct.formTitle}</h3>
      <input type="hidden" name="returnTo" value={source} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field label={ct.titleLabel} id={fields.title.id} errorId={fields.title.errorId} errors={fields.title.errors} hint={ct.titleHint}>
        {(aria) => <input {...getInputProps(fields.title, { type: "text" })} {...aria} autoComplete="off" dir="auto" className="input" />}
      </Field>
      <Field
        label={ct.descriptionLabel}
        id={fields.description.id}
        errorId={fields.description.errorId}
        errors={fields.description.errors}
        hint={ct.descriptionHint}
      >
        {(aria) => <textarea {...getTextareaProps(fields.description)} {...aria} rows={5} dir="auto" className="input" />}
      </Field>
      <Field
        label={ct.attachmentLabel}
        id={fields.attachment.id}
        errorId={fields.attachment.errorId}
        errors={fields.attachment.errors}
        hint={ct.attachmentHint}
      >
        {(aria) => (
          <input
            type="file"
            name={fields.attachment.name}
            {...aria}
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
          />
        )}
      </Field>
      <button type="submit" className="btn-primary" disabled={fetcher.state !== "idle"}>
        {ct.submit}
      </button>
    </fetcher.Form>
  );
}
