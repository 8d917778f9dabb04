import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ClientFilesPanel } from "~/components/client-files-panel";
import type { ClientLocale, ClientText } from "~/i18n/client";
import { ClientTextProvider } from "~/i18n/client-context";
import { useClientPageText } from "~/i18n/client-page-text";
import { clientPageText, clientText } from "~/i18n/client-page-text.server";
import { clientPageHandle } from "~/i18n/client-shell";
import {
  CLIENT_PROJECT_STORAGE_BYTES,
  deleteProjectFile,
  filesPageFrom,
  listProjectFiles,
  MAX_FILE_BYTES,
  receiveProjectUpload,
  type UploadRejection,
} from "~/models/files.server";
import { dispatchNotifications } from "~/models/notifications.server";
import { CLIENT_PAGE_HEADERS, notFound, rejectWhileOwnerReadOnly, requireSharedProject } from "~/utils/client-link.server";
import { formatFileSize } from "~/utils/file-size";
import { readFileIntent } from "~/utils/file-intent.server";
import { readFormData } from "~/utils/form.server";
import { multipartBoundary } from "~/utils/multipart.server";
import { redirectWithToast, type Toast } from "~/utils/toast.server";
import { ClientLinkErrorBoundary, ClientShell } from "~/components/client-shell";

// The client's project files, reached with the client link: /p/<token>/files. The action takes
// the client panel's forms (uploads, and deleting a file the client uploaded) and redirects to
// the client page (#files) with a toast. A rejected upload is a 400 with the message, which this
// route's own page shows when the form was sent without JavaScript. The file name ends in
// `p.$token_` so that page is not nested in the client page, which has no <Outlet>.
//
// The project is resolved from the token on every request, so a disabled or regenerated link
// fails each action with the client link's one 404. An upload still under way when that happens
// stores nothing and gets the same 404.

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

export const handle = clientPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.text.files.title}: ${data.projectName} · Klamp` : "Klamp" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

function rejectionMessage(t: ClientText["files"], locale: ClientLocale, { code, usedBytes = 0 }: UploadRejection): string {
  if (code === "too_large") return t.errors.too_large(formatFileSize(MAX_FILE_BYTES, locale));
  if (code === "project_quota_exceeded") {
    return t.errors.project_quota_exceeded(formatFileSize(usedBytes, locale), formatFileSize(CLIENT_PROJECT_STORAGE_BYTES, locale));
  }
  return t.errors[code];
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = await requireSharedProject(context, params.token);
  const files = await listProjectFiles(
    context.db,
    { userId: page.project.userId, projectId: page.project.id },
    { viewer: "client", page: filesPageFrom(request.url) },
  );
  const locale = page.project.clientLocale;
  return json(
    { locale, text: clientPageText(locale, ["files"]), projectName: page.project.name, files },
    { headers: CLIENT_PAGE_HEADERS },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const page = await requireSharedProject(context, token);
  await rejectWhileOwnerReadOnly(request, context.cloudflare.env, page);
  const locale = page.project.clientLocale;
  const t = clientText(locale).files;
  const env = context.cloudflare.env;
  const scope = { userId: page.project.userId, projectId: page.project.id };
  const back = (toast: Toast) => redirectWithToast(env, `/p/${encodeURIComponent(token)}#files`, toast, CLIENT_PAGE_HEADERS);

  if (multipartBoundary(request.headers.get("Content-Type"))) {
    const result = await receiveProjectUpload(context.db, env.FILES, request, {
      ...scope,
      uploadedBy: "client",
      shareTokenHash: page.project.shareTokenHash ?? "",
      allowPrivate: false,
    });
    if (result.outcome === "not_found") notFound();
    if (result.outcome === "rejected") {
      return json({ error: rejectionMessage(t, locale, result) }, { status: 400, headers: CLIENT_PAGE_HEADERS });
    }
    await dispatchNotifications(env.EMAIL_QUEUE, result.notificationId ? [result.notificationId] : []);
    return back({ type: "success", message: t.uploaded(result.file.name) });
  }

  const formData = await readFormData(request);
  const intent = readFileIntent(formData);
  if (!intent || intent.intent !== "delete") {
    return json({ error: t.invalidIntent }, { status: 400, headers: CLIENT_PAGE_HEADERS });
  }
  const result = await deleteProjectFile(context.db, env.FILES, { ...scope, actor: "client" }, intent.fileId);
  if (result.outcome === "not_found") return json({ error: t.notFound }, { status: 404, headers: CLIENT_PAGE_HEADERS });
  return back({ type: "success", message: t.deleted(result.name) });
}

export default function ClientFilesPage() {
  const { text: pageText, projectName, files } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token = "" } = useParams();
  const text = useClientPageText(pageText);
  return (
    <ClientTextProvider value={text}>
      <ClientShell title={projectName}>
        <Link to={`/p/${encodeURIComponent(token)}`} className="text-sm text-slate-600 underline">
          ← {text.files.backToProject}
        </Link>
        <section id="files" className="card space-y-3" aria-labelledby="files-title">
          <h1 id="files-title" className="text-xl font-semibold">
            {text.files.title}
          </h1>
          <ClientFilesPanel token={token} files={files} rejection={actionData} />
        </section>
      </ClientShell>
    </ClientTextProvider>
  );
}

export const ErrorBoundary = ClientLinkErrorBoundary;
