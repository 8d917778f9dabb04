import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { ErrorPage } from "~/components/error-page";
import { FreelancerFilesPanel } from "~/components/files-panel";
import { filesText as t } from "~/i18n/pl/files";
import {
  ACCOUNT_STORAGE_BYTES,
  deleteProjectFile,
  filesPageFrom,
  getFreelancerFilesPanel,
  MAX_FILE_BYTES,
  receiveProjectUpload,
  setFilePrivate,
  type UploadErrorCode,
} from "~/models/files.server";
import { dispatchNotifications } from "~/models/notifications.server";
import { getProject } from "~/models/projects.server";
import { fileIntentSchema } from "~/schemas/files";
import { requireUser } from "~/utils/auth.server";
import { formatFileSize } from "~/utils/file-size";
import { readFormData } from "~/utils/form.server";
import { multipartBoundary } from "~/utils/multipart.server";
import { redirectWithToast, type Toast } from "~/utils/toast.server";

// The freelancer's project files. The page /projects/:projectId/files shows the files panel on
// its own (the project page embeds the same panel). Its action takes the panel's forms:
// multipart uploads, and ordinary posts that delete a file or change its visibility. Successful
// actions redirect to the project page (#files) with a toast. A rejected upload is a 400 with the
// message; without JavaScript this page renders it with the form. Files stay open to changes
// on completed projects: only task edits are read-only there.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? t.pageTitle(data.project.name) : t.title} · Klamp` }];

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

function projectFilesPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}#files`;
}

function rejectionMessage(code: UploadErrorCode, usedBytes = 0): string {
  switch (code) {
    case "too_large":
      return t.errors.too_large(formatFileSize(MAX_FILE_BYTES));
    case "quota_exceeded":
    // Only client uploads have a per-project cap, so the freelancer never gets this code.
    case "project_quota_exceeded":
      return t.errors.quota_exceeded(formatFileSize(usedBytes), formatFileSize(ACCOUNT_STORAGE_BYTES));
    default:
      return t.errors[code];
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const project = await getProject(context.db, user.id, params.projectId ?? "");
  if (!project) notFound();
  const files = await getFreelancerFilesPanel(context.db, { userId: user.id, projectId: project.id }, filesPageFrom(request.url));
  return json({ project: { id: project.id, name: project.name }, files });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const project = await getProject(context.db, user.id, params.projectId ?? "");
  if (!project) notFound();

  const env = context.cloudflare.env;
  const scope = { userId: user.id, projectId: project.id };
  const back = (toast: Toast) => redirectWithToast(env, projectFilesPath(project.id), toast);

  if (multipartBoundary(request.headers.get("Content-Type"))) {
    const result = await receiveProjectUpload(context.db, env.FILES, request, { ...scope, uploadedBy: "freelancer", allowPrivate: true });
    // The project was deleted while the file was being uploaded.
    if (result.outcome === "not_found") notFound();
    if (result.outcome === "rejected") {
      return json({ error: rejectionMessage(result.code, result.usedBytes), private: result.fields.get("private") === "1" }, { status: 400 });
    }
    await dispatchNotifications(env.EMAIL_QUEUE, result.notificationId ? [result.notificationId] : []);
    return back({ type: "success", message: t.uploaded(result.file.name) });
  }

  const formData = await readFormData(request);
  const parsed = v.safeParse(fileIntentSchema, { intent: formData.get("intent"), fileId: formData.get("fileId") });
  if (!parsed.success) return json({ error: t.invalidIntent }, { status: 400 });
  const { intent, fileId } = parsed.output;

  if (intent === "delete") {
    const result = await deleteProjectFile(context.db, env.FILES, { ...scope, actor: "freelancer" }, fileId);
    if (result.outcome === "not_found") return json({ error: t.notFound }, { status: 404 });
    return back({ type: "success", message: t.deleted(result.name) });
  }

  const result = await setFilePrivate(context.db, scope, fileId, intent === "private");
  if (result.outcome === "not_found") return json({ error: t.notFound }, { status: 404 });
  if (result.outcome === "unchanged") return back({ type: "info", message: t.unchanged });
  return back({ type: "success", message: intent === "private" ? t.madePrivate(result.name) : t.madePublic(result.name) });
}

export default function ProjectFilesPage() {
  const { project, files } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <Link to={`/projects/${encodeURIComponent(project.id)}`} className="text-sm text-slate-600 underline">
        ← {t.backToProject}
      </Link>
      <section id="files" className="card space-y-3" aria-labelledby="files-title">
        <h1 id="files-title" className="text-xl font-semibold [overflow-wrap:anywhere]">
          {t.pageTitle(project.name)}
        </h1>
        <FreelancerFilesPanel
          projectId={project.id}
          files={files}
          usedBytes={files.usedBytes}
          rejection={actionData ? { error: actionData.error, private: "private" in actionData ? actionData.private === true : undefined } : undefined}
        />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
