import { useParams } from "@remix-run/react";
import { ClientPagination } from "~/components/client-pagination";
import { useClientText } from "~/i18n/client-context";
import { formatDateTime } from "~/utils/dates";
import { formatFileSize } from "~/utils/file-size";
import { FILES_PAGE_PARAM, MAX_FILE_BYTES } from "~/utils/files";
import { Cell, DeleteButton, FileTable, NameCell, UploadForm, type FilesPanelList, type UploadRejection } from "./file-parts";

// "Pliki" on the client page and the client's files page, in the project's client language. The
// client can upload files and delete the ones they uploaded.

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
      <ClientPagination page={files.page} hasMore={files.hasMore} text={t} param={FILES_PAGE_PARAM} hash="files" />
    </div>
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
