import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { MAX_FILE_BYTES } from "~/utils/files";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "./stacked-table";

// The pieces of "Pliki" that the freelancer's panel (./files-panel.tsx) and the client's
// (./client-files-panel.tsx) share: the list, the upload form and the delete button. The forms
// post to the files routes, which redirect back to the page (#files) with a toast, so they work
// without JavaScript. With JavaScript they go through fetchers, and the page does not reload.
// File names are rendered as React text, never as markup.

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

export function FileTable(props: { columns: string[]; items: FilesPanelItem[]; renderRow: (file: FilesPanelItem) => ReactNode }) {
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

export function Cell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <td data-label={label} className={`py-2 pr-3 align-top max-lg:px-3 max-lg:py-1 ${label ? STACKED_CELL_CLASS : ""}`}>
      {children}
    </td>
  );
}

export function NameCell({ label, name, href, downloadLabel }: { label: string; name: string; href: string; downloadLabel: string }) {
  return (
    <Cell label={label}>
      {/* reloadDocument is implied: a plain link, so the browser downloads instead of routing. */}
      <a href={href} className="font-medium text-emerald-800 underline [overflow-wrap:anywhere]" aria-label={downloadLabel} data-testid="file-name">
        {name}
      </a>
    </Cell>
  );
}

export interface UploadTexts {
  fileLabel: string;
  submit: string;
  uploading: string;
  tooLarge: string;
}

/**
 * Renders the upload form. With JavaScript, it checks the size before sending (the server
 * checks again) and clears the chosen file after a successful upload.
 */
export function UploadForm(props: {
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
  // The fetcher's data from before a successful upload, whose rejection no longer applies.
  const [staleData, setStaleData] = useState<unknown>(undefined);
  const busy = fetcher.state !== "idle";
  const rejection = fetcher.state === "idle" && fetcher.data && fetcher.data !== staleData ? fetcher.data : props.rejection;
  const error = localError ?? rejection?.error;

  // A successful upload redirects, and the fetcher then ends idle with the data it had before:
  // none, or the previous upload's rejection. Clear the form and that message then.
  const wasBusy = useRef(false);
  const dataBeforeSubmit = useRef<unknown>(undefined);
  useEffect(() => {
    if (busy) {
      if (!wasBusy.current) dataBeforeSubmit.current = fetcher.data;
      wasBusy.current = true;
    } else if (wasBusy.current) {
      wasBusy.current = false;
      if (!fetcher.data || fetcher.data === dataBeforeSubmit.current) {
        formRef.current?.reset();
        setStaleData(fetcher.data);
      }
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
export function FetcherError({ error }: { error?: string }) {
  return error ? (
    <p role="alert" className="mt-1 text-xs text-red-700">
      {error}
    </p>
  ) : null;
}

/** Renders a delete button behind a confirmation built on <details>, so it also works without JavaScript. */
export function DeleteButton(props: {
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
