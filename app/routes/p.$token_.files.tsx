import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { isRouteErrorResponse, Link, useActionData, useLoaderData, useParams, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import * as v from "valibot";
import { ClientFilesPanel } from "~/components/files-panel";
import { CLIENT_LOCALES, clientText, ClientTextProvider, type ClientLocale, type ClientText } from "~/i18n/client";
import { common } from "~/i18n/pl";
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
import { fileIntentSchema } from "~/schemas/files";
import { CLIENT_PAGE_HEADERS, notFound, requireSharedProject } from "~/utils/client-link.server";
import { formatFileSize } from "~/utils/file-size";
import { readFormData } from "~/utils/form.server";
import { multipartBoundary } from "~/utils/multipart.server";
import { redirectWithToast, type Toast } from "~/utils/toast.server";

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

export const handle = {
  documentLang: (data: unknown): ClientLocale | undefined => (data as { locale?: ClientLocale } | undefined)?.locale,
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${clientText(data.locale).files.title}: ${data.projectName} · Klamp` : "Klamp" },
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
  const page = await requireSharedProject(context.db, params.token);
  const files = await listProjectFiles(
    context.db,
    { userId: page.project.userId, projectId: page.project.id },
    { viewer: "client", page: filesPageFrom(request.url) },
  );
  return json({ locale: page.project.clientLocale, projectName: page.project.name, files }, { headers: CLIENT_PAGE_HEADERS });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const page = await requireSharedProject(context.db, token);
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
  const parsed = v.safeParse(fileIntentSchema, { intent: formData.get("intent"), fileId: formData.get("fileId") });
  if (!parsed.success || parsed.output.intent !== "delete") {
    return json({ error: t.invalidIntent }, { status: 400, headers: CLIENT_PAGE_HEADERS });
  }
  const result = await deleteProjectFile(context.db, env.FILES, { ...scope, actor: "client" }, parsed.output.fileId);
  if (result.outcome === "not_found") return json({ error: t.notFound }, { status: 404, headers: CLIENT_PAGE_HEADERS });
  return back({ type: "success", message: t.deleted(result.name) });
}

export default function ClientFilesPage() {
  const { locale, projectName, files } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token = "" } = useParams();
  const text = clientText(locale);
  return (
    <ClientTextProvider value={text}>
      <Shell title={projectName}>
        <Link to={`/p/${encodeURIComponent(token)}`} className="text-sm text-slate-600 underline">
          ← {text.files.backToProject}
        </Link>
        <section id="files" className="card space-y-3" aria-labelledby="files-title">
          <h1 id="files-title" className="text-xl font-semibold">
            {text.files.title}
          </h1>
          <ClientFilesPanel token={token} files={files} rejection={actionData} />
        </section>
      </Shell>
    </ClientTextProvider>
  );
}

function Shell({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <span className="min-w-0 truncate font-semibold text-slate-800">{title}</span>
          <span className="shrink-0 text-lg font-bold text-brand-700">{common.appName}</span>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-4 px-4 py-6">{children}</main>
    </div>
  );
}

// The same 404 as the client page for every link that does not open a project, in every
// client language, because the link's project (and its language) is unknown.
export function ErrorBoundary() {
  const error = useRouteError();
  const notFoundError = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Shell>
      {CLIENT_LOCALES.map((locale) => {
        const t = clientText(locale).portal;
        return (
          <div key={locale} lang={locale} className="mx-auto max-w-lg py-6 text-center">
            <h1 className="text-2xl font-bold">{notFoundError ? t.notFoundTitle : t.errorTitle}</h1>
            <p className="mt-3 text-slate-600">{notFoundError ? t.notFoundText : t.errorText}</p>
          </div>
        );
      })}
    </Shell>
  );
}
