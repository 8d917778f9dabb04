import { useFetcher } from "@remix-run/react";
import { filesPanelText } from "~/i18n/pl/files-panel";
import { formatDateTime } from "~/utils/dates";
import { formatFileSize } from "~/utils/file-size";
import { ACCOUNT_STORAGE_BYTES, FILES_PAGE_PARAM, MAX_FILE_BYTES } from "~/utils/files";
import { Cell, DeleteButton, FetcherError, FileTable, NameCell, UploadForm, type FilesPanelList, type UploadRejection } from "./file-parts";
import { Pagination } from "./pagination";

// "Pliki" on the freelancer's project page and files page. The client's panel is in
// ./client-files-panel.tsx, and the pieces both use are in ./file-parts.tsx.

export function FreelancerFilesPanel(props: {
  projectId: string;
  files: FilesPanelList;
  usedBytes: number;
  /** The 400 of a form posted without JavaScript. */
  rejection?: UploadRejection;
}) {
  const { projectId, files, usedBytes } = props;
  const t = filesPanelText;
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
        texts={{ fileLabel: t.fileLabel, submit: t.submit, uploading: t.uploading, tooLarge: t.tooLarge(formatFileSize(MAX_FILE_BYTES)) }}
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

/** Renders the freelancer's "Pliki" card of the project page, with the #files anchor the actions redirect to. */
export function FreelancerFilesSection(props: { projectId: string; files: FilesPanelList & { usedBytes: number } }) {
  return (
    <section id="files" className="card min-w-0 space-y-3" aria-labelledby="files-title">
      <h2 id="files-title" className="text-lg font-semibold">
        {filesPanelText.title}
      </h2>
      <FreelancerFilesPanel projectId={props.projectId} files={props.files} usedBytes={props.files.usedBytes} />
    </section>
  );
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
