import { Link, useFetcher, useLocation, useParams } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useClientText } from "~/i18n/client-context";
import { filesText } from "~/i18n/pl/files";
import { formatDateTime } from "~/utils/dates";
import { formatFileSize } from "~/utils/file-size";
import { ACCOUNT_STORAGE_BYTES, FILES_PAGE_PARAM, MAX_FILE_BYTES } from "~/utils/files";
import { Pagination } from "./pagination";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "./stacked-table";

// "Pliki" on the freelancer's project page and on the client page. The forms post to the files
// routes, which redirect back to the page (#files) with a toast, so they work without
// JavaScript. With JavaScript they go through fetchers, and the page does not reload. File
// names are rendered as React text, never as markup.

export interface FilesPanelItem {
  id: string;
  name: string;
  size: number;
  uploadedBy: "freelancer" | "client";
  private: boolean;
  createdAt: string;
}

export interface FilesPanelList {
  items: FilesPanelItem[];
  page: number;
  hasMore: boolean;
}

/** An upload rejected by the server, and the form values to show again. */
export interface UploadRejection {
  error: string;
  private?: boolean;
}

function useUploadFetcher() {
  return useFetcher<UploadRejection>();
}

export function FreelancerFilesPanel(props: {
  projectId: string;
  files: FilesPanelList;
  usedBytes: number;
  /** The 400 of a form posted without JavaScript. */
  rejection?: UploadRejection;
}) {
  const { projectId, files, usedBytes } = props;
  const t = filesText;
  const base = `/projects/${encodeURIComponent(projectId)}/files`;
  const usedPercent = Math.min(100, Math.round((usedBytes / ACCOUNT_STORAGE_BYTES) * 100));

  return (
    <div className="space-y-4" data-testid="files-panel">
      <p className="text-sm text-slate-600">{t.intro}</p>
      <div className="space-y-1">
        <p className="text-sm text-slate-700" data-testid="files-storage">
          {t.storage(formatFileSize(usedBytes), formatFileSize(ACCOUNT_STORAGE_BYTES))}
        </p>
        <div className="h-2 w-full overflow-hidden rounded bg-slate-100" aria-hidden="true">
          <div className={`h-full ${usedPercent >= 90 ? "bg-red-500" : "bg-emerald-500"}`} style={{ width: `${usedPercent}%` }} />
        </div>
      </div>

      <UploadForm
        action={base}
        texts={{ fileLabel: t.fileLabel, submit: t.submit, uploading: t.uploading, tooLarge: t.errors.too_large(formatFileSize(MAX_FILE_BYTES)) }}
        limits={t.limits(formatFileSize(MAX_FILE_BYTES), formatFileSize(ACCOUNT_STORAGE_BYTES))}
        rejection={props.rejection}
        extraField={(rejection) => (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="private" value="1" defaultChecked={rejection?.private ?? false} />
            {t.privateLabel}
          </label>
        )}
      />

      {files.items.length === 0 ? (
        <p className="text-sm text-slate-500">{t.empty}</p>
      ) : (
        <FileTable
          columns={[t.columns.name, t.columns.size, t.columns.uploadedBy, t.columns.date, t.columns.visibility, ""]}
          items={files.items}
          renderRow={(file) => (
            <>
              <NameCell label={t.columns.name} name={file.name} href={`${base}/${encodeURIComponent(file.id)}`} downloadLabel={t.downloadLabel(file.name)} />
              <Cell label={t.columns.size}>{formatFileSize(file.size)}</Cell>
              <Cell label={t.columns.uploadedBy}>{t.uploadedBy[file.uploadedBy]}</Cell>
              <Cell label={t.columns.date}>
                <time dateTime={file.createdAt}>{formatDateTime(file.createdAt)}</time>
              </Cell>
              <Cell label={t.columns.visibility}>
                {file.private ? (
                  <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800">{t.privateBadge}</span>
                ) : (
                  <span className="text-xs text-slate-500">{t.visibleBadge}</span>
                )}
              </Cell>
              <Cell label="">
                <div className="flex flex-wrap justify-end gap-2">
                  <IntentButton action={base} fileId={file.id} intent={file.private ? "public" : "private"} label={file.private ? t.makePublic : t.makePrivate} />
                  <DeleteButton
                    action={base}
                    fileId={file.id}
                    texts={{ delete: t.delete, label: t.deleteLabel(file.name), confirm: t.deleteConfirm(file.name), confirmButton: t.deleteConfirmButton, cancel: t.cancel }}
                  />
                </div>
              </Cell>
            </>
          )}
        />
      )}
      <Pagination page={files.page} hasMore={files.hasMore} param={FILES_PAGE_PARAM} />
    </div>
  );
}

/** Renders the client's files panel, in the project's client language. */
export function ClientFilesPanel(props: { token: string; files: FilesPanelList; rejection?: UploadRejection }) {
  const { token, files } = props;
  const { files: t, locale } = useClientText();
  const base = `/p/${encodeURIComponent(token)}/files`;

  return (
    <div className="space-y-4" data-testid="files-panel">
      <p className="text-sm text-slate-600">{t.intro}</p>
      <UploadForm
        action={base}
        texts={{ fileLabel: t.fileLabel, submit: t.submit, uploading: t.uploading, tooLarge: t.errors.too_large(formatFileSize(MAX_FILE_BYTES, locale)) }}
        limits={t.limits(formatFileSize(MAX_FILE_BYTES, locale))}
        rejection={props.rejection}
      />
      {files.items.length === 0 ? (
        <p className="text-sm text-slate-500">{t.empty}</p>
      ) : (
        <FileTable
          columns={[t.columns.name, t.columns.size, t.columns.uploadedBy, t.columns.date, ""]}
          items={files.items}
          renderRow={(file) => (
            <>
              <NameCell label={t.columns.name} name={file.name} href={`${base}/${encodeURIComponent(file.id)}`} downloadLabel={t.downloadLabel(file.name)} />
              <Cell label={t.columns.size}>{formatFileSize(file.size, locale)}</Cell>
              <Cell label={t.columns.uploadedBy}>{t.uploadedBy[file.uploadedBy]}</Cell>
              <Cell label={t.columns.date}>
                <time dateTime={file.createdAt}>{formatDateTime(file.createdAt)}</time>
              </Cell>
              <Cell label="">
                {file.uploadedBy === "client" ? (
                  <div className="flex justify-end">
                    <DeleteButton
                      action={base}
                      fileId={file.id}
                      texts={{ delete: t.delete, label: t.deleteLabel(file.name), confirm: t.deleteConfirm(file.name), confirmButton: t.deleteConfirmButton, cancel: t.cancel }}
                    />
                  </div>
                ) : null}
              </Cell>
            </>
          )}
        />
      )}
      <ClientPagination page={files.page} hasMore={files.hasMore} texts={t} />
    </div>
  );
}

/** Renders the freelancer's "Pliki" card of the project page, with the #files anchor the actions redirect to. */
export function FreelancerFilesSection(props: { projectId: string; files: FilesPanelList & { usedBytes: number } }) {
  return (
    <section id="files" className="card min-w-0 space-y-3" aria-labelledby="files-title">
      <h2 id="files-title" className="text-lg font-semibold">
        {filesText.title}
      </h2>
      <FreelancerFilesPanel projectId={props.projectId} files={props.files} usedBytes={props.files.usedBytes} />
    </section>
  );
}

/**
 * Renders the client's "Pliki" card of the client page /p/:token, with the #files anchor the
 * actions redirect to. It reads the token from the route's params.
 */
export function ClientFilesSection(props: { files: FilesPanelList }) {
  const t = useClientText().files;
  const { token = "" } = useParams();
  return (
    <section id="files" className="card min-w-0 space-y-3" aria-labelledby="files-title">
      <h2 id="files-title" className="text-lg font-semibold">
        {t.title}
      </h2>
      <ClientFilesPanel token={token} files={props.files} />
    </section>
  );
}

function FileTable(props: { columns: string[]; items: FilesPanelItem[]; renderRow: (file: FilesPanelItem) => ReactNode }) {
  return (
    <table className="w-full text-left text-sm max-lg:block">
      <thead className="max-lg:sr-only">
        <tr className="text-xs text-slate-500">
          {props.columns.map((column, index) => (
            <th key={index} scope="col" className="py-2 pr-3 font-medium">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="max-lg:block max-lg:space-y-2">
        {props.items.map((file) => (
          <tr key={file.id} className={STACKED_ROW_CLASS} data-testid="file-row">
            {props.renderRow(file)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Cell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <td data-label={label} className={`py-2 pr-3 align-top max-lg:px-3 max-lg:py-1 ${label ? STACKED_CELL_CLASS : ""}`}>
      {children}
    </td>
  );
}

function NameCell({ label, name, href, downloadLabel }: { label: string; name: string; href: string; downloadLabel: string }) {
  return (
    <Cell label={label}>
      {/* reloadDocument is implied: a plain link, so the browser downloads instead of routing. */}
      <a href={href} className="font-medium text-emerald-800 underline [overflow-wrap:anywhere]" aria-label={downloadLabel} data-testid="file-name">
        {name}
      </a>
    </Cell>
  );
}

interface UploadTexts {
  fileLabel: string;
  submit: string;
  uploading: string;
  tooLarge: string;
}

/**
 * Renders the upload form. With JavaScript, it checks the size before sending (the server
 * checks again) and clears the chosen file after a successful upload.
 */
function UploadForm(props: {
  action: string;
  texts: UploadTexts;
  limits: string;
  rejection?: UploadRejection;
  extraField?: (rejection: UploadRejection | undefined) => ReactNode;
}) {
  const { action, texts } = props;
  const fetcher = useUploadFetcher();
  const formRef = useRef<HTMLFormElement>(null);
  const inputId = useId();
  const hintId = useId();
  const [localError, setLocalError] = useState<string | null>(null);
  const busy = fetcher.state !== "idle";
  const rejection = fetcher.state === "idle" && fetcher.data ? fetcher.data : props.rejection;
  const error = localError ?? rejection?.error;

  // A successful upload redirects, so the fetcher ends idle without data: clear the form then.
  const wasBusy = useRef(false);
  useEffect(() => {
    if (busy) wasBusy.current = true;
    else if (wasBusy.current) {
      wasBusy.current = false;
      if (!fetcher.data) formRef.current?.reset();
    }
  }, [busy, fetcher.data]);

  function checkSize(event: FormEvent<HTMLFormElement>) {
    const input = event.currentTarget.elements.namedItem("file");
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    if (file && file.size > MAX_FILE_BYTES) {
      event.preventDefault();
      setLocalError(texts.tooLarge);
    } else {
      setLocalError(null);
    }
  }

  return (
    <fetcher.Form ref={formRef} method="post" action={action} encType="multipart/form-data" onSubmit={checkSize} className="space-y-2">
      <input type="hidden" name="intent" value="upload" />
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {texts.fileLabel}
      </label>
      <input
        id={inputId}
        type="file"
        name="file"
        required
        aria-describedby={hintId}
        aria-invalid={error ? true : undefined}
        className="block w-full text-sm text-slate-700 file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1.5"
        onChange={() => setLocalError(null)}
      />
      <p id={hintId} className="text-xs text-slate-500">
        {props.limits}
      </p>
      {props.extraField?.(rejection)}
      {error ? (
        <p role="alert" className="text-sm text-red-700" data-testid="files-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? texts.uploading : texts.submit}
      </button>
    </fetcher.Form>
  );
}

/** Shows the error a file action's fetcher received (a file deleted meanwhile) under its button. */
function FetcherError({ error }: { error?: string }) {
  return error ? (
    <p role="alert" className="mt-1 text-xs text-red-700">
      {error}
    </p>
  ) : null;
}

function IntentButton({ action, fileId, intent, label }: { action: string; fileId: string; intent: "private" | "public"; label: string }) {
  const fetcher = useFetcher<{ error?: string }>();
  return (
    <fetcher.Form method="post" action={action}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="fileId" value={fileId} />
      <button type="submit" className="btn-secondary btn-small" disabled={fetcher.state !== "idle"}>
        {label}
      </button>
      <FetcherError error={fetcher.state === "idle" ? fetcher.data?.error : undefined} />
    </fetcher.Form>
  );
}

/** Renders a delete button behind a confirmation built on <details>, so it also works without JavaScript. */
function DeleteButton(props: {
  action: string;
  fileId: string;
  texts: { delete: string; label: string; confirm: string; confirmButton: string; cancel: string };
}) {
  const { texts } = props;
  const fetcher = useFetcher<{ error?: string }>();
  const detailsRef = useRef<HTMLDetailsElement>(null);
  return (
    <details ref={detailsRef} className="text-left">
      <summary className="btn-danger btn-small cursor-pointer list-none [&::-webkit-details-marker]:hidden" aria-label={texts.label}>
        {texts.delete}
      </summary>
      <div role="group" aria-label={texts.label} className="mt-2 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
        <p className="text-sm text-amber-900 [overflow-wrap:anywhere]">{texts.confirm}</p>
        <div className="flex flex-wrap gap-2">
          <fetcher.Form method="post" action={props.action}>
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="fileId" value={props.fileId} />
            <button type="submit" className="btn-danger btn-small" disabled={fetcher.state !== "idle"}>
              {texts.confirmButton}
            </button>
            <FetcherError error={fetcher.state === "idle" ? fetcher.data?.error : undefined} />
          </fetcher.Form>
          <button type="button" className="btn-secondary btn-small" onClick={() => detailsRef.current?.removeAttribute("open")}>
            {texts.cancel}
          </button>
        </div>
      </div>
    </details>
  );
}

/** Previous / next links in the client's language (the shared Pagination is Polish only). */
function ClientPagination(props: { page: number; hasMore: boolean; texts: { previousPage: string; nextPage: string; page: (page: number) => string } }) {
  const { page, hasMore, texts } = props;
  const location = useLocation();
  if (page <= 1 && !hasMore) return null;
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    if (target <= 1) params.delete(FILES_PAGE_PARAM);
    else params.set(FILES_PAGE_PARAM, String(target));
    const query = params.toString();
    return `${query ? `?${query}` : location.pathname}#files`;
  };
  return (
    <nav className="flex items-center justify-between text-sm" aria-label={texts.page(page)}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className="btn-secondary btn-small" rel="prev">
          ← {texts.previousPage}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-500">{texts.page(page)}</span>
      {hasMore ? (
        <Link to={hrefFor(page + 1)} className="btn-secondary btn-small" rel="next">
          {texts.nextPage} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
