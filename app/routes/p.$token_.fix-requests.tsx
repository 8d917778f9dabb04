import type { SubmissionResult } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ClientFixRequestsPanel, type FixRequestCreateData } from "~/components/client-fix-requests-panel";
import type { ClientLocale, ClientText } from "~/i18n/client";
import { ClientTextProvider } from "~/i18n/client-context";
import { useClientPageText } from "~/i18n/client-page-text";
import { clientPageText, clientText } from "~/i18n/client-page-text.server";
import { clientPageHandle } from "~/i18n/client-shell";
import type { Db } from "~/db/client.server";
import {
  CLIENT_PROJECT_STORAGE_BYTES,
  countUpload,
  deleteProjectFile,
  readUploadForm,
  storeProjectFile,
  uploadAllowance,
  uploadRejection,
  type FileScope,
  type UploadedFile,
  type UploadRejection,
} from "~/models/files.server";
import { clientView, createFixRequest, getFixRequestsPanel } from "~/models/fix-requests.server";
import { hitRateLimit, isRateLimited, RATE_LIMITS } from "~/models/rate-limit.server";
import { fixRequestSchema } from "~/schemas/client-fix-requests";
import { CLIENT_PAGE_HEADERS, notFound, rejectWhileOwnerReadOnly, requireSharedProject } from "~/utils/client-link.server";
import { formatFileSize } from "~/utils/file-size";
import { readFormData } from "~/utils/form.server";
import { logError } from "~/utils/log.server";
import { multipartBoundary } from "~/utils/multipart.server";
import { redirectWithToast } from "~/utils/toast.server";
import { pageFromSearch } from "~/utils/page-number";
import { ClientLinkErrorBoundary, ClientShell } from "~/components/client-shell";

// The client's fix requests, reached with the client link: /p/<token>/fix-requests lists them a
// page at a time, and its action takes the "Zgłoś poprawkę" form (multipart, with an optional
// attachment) of the client page and of this page. A stored request redirects back
// (#fix-requests) with a toast. A rejected one is a 400 with the messages and the typed text,
// and this page shows them when the form was sent without JavaScript. The file name ends in
// `p.$token_` so that this page is not nested in the client page, which has no <Outlet>.
//
// The project is resolved from the token on every request, so a malformed, unknown, disabled
// or regenerated link gets the client link's one 404. A request (and its attachment) still
// under way when the link is disabled or regenerated stores nothing and gets the same 404.
//
// Limits are checked before the body is read: the fix-request limit of the project, and for a
// multipart form the client's upload limits (uploadAllowance), which cap the attachment at the
// space left and at 0 bytes when the upload rate limit is used up. So a refused post never
// streams its 25 MB attachment first. The attachment is then counted and stored like any
// client upload.

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

export const handle = clientPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.text.fixRequests.title}: ${data.projectName} · Klamp` : "Klamp" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shared = await requireSharedProject(context, params.token);
  const panel = await getFixRequestsPanel(
    context.db,
    { projectId: shared.project.id, userId: shared.project.userId },
    { page: pageFromSearch(new URL(request.url)), viewer: "client" },
  );
  if (!panel) throw new Response("Not Found", { status: 404, headers: CLIENT_PAGE_HEADERS });
  return json(
    {
      locale: shared.project.clientLocale,
      text: clientPageText(shared.project.clientLocale, ["fixRequests"]),
      projectName: shared.project.name,
      panel: clientView(panel),
    },
    { headers: CLIENT_PAGE_HEADERS },
  );
}

function uploadErrorMessage(t: ClientText["fixRequests"], locale: ClientLocale, { code, usedBytes = 0 }: UploadRejection): string {
  switch (code) {
    case "too_large":
      return t.attachmentTooLarge;
    case "empty":
      return t.attachmentEmpty;
    case "type_not_allowed":
      return t.attachmentTypeNotAllowed;
    case "quota_exceeded":
      return t.attachmentQuotaExceeded;
    case "project_quota_exceeded":
      return t.attachmentProjectQuotaExceeded(formatFileSize(usedBytes, locale), formatFileSize(CLIENT_PROJECT_STORAGE_BYTES, locale));
    case "rate_limited":
      return t.attachmentRateLimited;
    case "fields_too_large":
      return t.attachmentFieldsTooLarge;
    default:
      return t.invalidForm;
  }
}

interface FixRequestForm {
  fields: FormData;
  file: UploadedFile | null;
  /** Message for a rejected attachment, in the client's language. */
  uploadError: string | null;
}

type ClientUploader = FileScope & { uploadedBy: "client"; shareTokenHash: string };

/**
 * Reads the form: multipart (the page's form, streamed with the attachment capped by
 * uploadAllowance) or URL-encoded (a form without the file input). Text fields of a refused
 * upload are kept when the reader returns them.
 */
async function readFixRequestForm(db: Db, request: Request, uploader: ClientUploader, locale: ClientLocale): Promise<FixRequestForm> {
  const t = clientText(locale).fixRequests;
  if (!multipartBoundary(request.headers.get("Content-Type"))) {
    return { fields: await readFormData(request), file: null, uploadError: null };
  }
  const allowance = await uploadAllowance(db, request, uploader, { count: false });
  const upload = await readUploadForm(request, { maxFileBytes: allowance.maxFileBytes, fileField: "attachment" });
  const fields = new FormData();
  // NOTE: readUploadForm returns no text fields with a rejected upload. Without JavaScript the
  // typed title and description are then lost, so the panel checks size and emptiness in the
  // browser first. The `in` check below uses the fields if the reader starts returning them.
  let received: Map<string, string> | null = null;
  if (upload.ok) received = upload.fields;
  else if ("fields" in upload && upload.fields instanceof Map) received = upload.fields as Map<string, string>;
  for (const [name, value] of received ?? []) fields.append(name, value);
  if (upload.ok) return { fields, file: upload.file, uploadError: null };
  return { fields, file: null, uploadError: uploadErrorMessage(t, locale, uploadRejection(upload.error, allowance)) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const shared = await requireSharedProject(context, token);
  await rejectWhileOwnerReadOnly(request, context.cloudflare.env, shared);
  const db = context.db;
  const env = context.cloudflare.env;
  const locale = shared.project.clientLocale;
  const t = clientText(locale).fixRequests;
  const project = { id: shared.project.id, userId: shared.project.userId, name: shared.project.name };
  const shareTokenHash = shared.project.shareTokenHash ?? "";
  const uploader: ClientUploader = { userId: project.userId, projectId: project.id, uploadedBy: "client", shareTokenHash };
  const refuse = (result: SubmissionResult<string[]>) =>
    json<FixRequestCreateData>({ result }, { status: 400, headers: CLIENT_PAGE_HEADERS });

  // Only read here: the request is counted once it is valid, below.
  const limitKey = `fix_request:project:${project.id}`;
  if (await isRateLimited(db, limitKey, RATE_LIMITS.fixRequestPerProject)) {
    // The body is not read, so there is no typed text to send back. Without `initialValue` the
    // form in the browser keeps what the client typed.
    return refuse({ status: "error", error: { "": [t.rateLimited] } });
  }

  const form = await readFixRequestForm(db, request, uploader, locale);
  const submission = parseWithValibot(form.fields, { schema: fixRequestSchema(t, locale) });
  if (submission.status !== "success" || form.uploadError) {
    return refuse(submission.reply(form.uploadError ? { fieldErrors: { attachment: [form.uploadError] } } : undefined));
  }
  if (!(await hitRateLimit(db, limitKey, RATE_LIMITS.fixRequestPerProject))) {
    return refuse(submission.reply({ formErrors: [t.rateLimited] }));
  }

  let attachment: { fileId: string; name: string } | null = null;
  if (form.file) {
    const attachmentError = (rejection: UploadRejection) =>
      refuse(submission.reply({ fieldErrors: { attachment: [uploadErrorMessage(t, locale, rejection)] } }));
    if (!(await countUpload(db, request, uploader))) return attachmentError({ code: "rate_limited" });
    // The file's own `file` notification is left out: the fix request's notification names it.
    const stored = await storeProjectFile(db, env.FILES, { ...uploader, notify: false }, form.file);
    if (stored.outcome === "not_found") notFound();
    if (stored.outcome !== "stored") return attachmentError({ code: stored.outcome, usedBytes: stored.usedBytes });
    attachment = { fileId: stored.file.id, name: stored.file.name };
  }

  let created: { number: number } | null;
  try {
    created = await createFixRequest(db, env.EMAIL_QUEUE, { ...project, shareTokenHash }, { ...submission.value, attachment });
  } catch (error) {
    await discardAttachment(db, env.FILES, uploader, attachment);
    throw error;
  }
  if (!created) {
    // The link was disabled or regenerated after the request read the project.
    await discardAttachment(db, env.FILES, uploader, attachment);
    notFound();
  }

  const returnTo = form.fields.get("returnTo") === "list" ? `/p/${encodeURIComponent(token)}/fix-requests` : `/p/${encodeURIComponent(token)}`;
  return redirectWithToast(env, `${returnTo}#fix-requests`, { type: "success", message: t.created(created.number) }, CLIENT_PAGE_HEADERS);
}

/** Deletes an attachment stored for a fix request that was not: without it, it would be a stray project file. */
async function discardAttachment(db: Db, bucket: R2Bucket, scope: FileScope, attachment: { fileId: string } | null): Promise<void> {
  if (!attachment) return;
  const { fileId } = attachment;
  await deleteProjectFile(db, bucket, { userId: scope.userId, projectId: scope.projectId, actor: "client" }, fileId).catch(
    (cleanupError: unknown) => logError("fix_request.attachment_cleanup_failed", cleanupError, { projectId: scope.projectId, fileId }),
  );
}

export default function ClientFixRequestsPage() {
  const { text: pageText, projectName, panel } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token = "" } = useParams();
  const text = useClientPageText(pageText);
  return (
    <ClientTextProvider value={text}>
      <ClientShell title={projectName}>
        <Link to={`/p/${encodeURIComponent(token)}`} className="link text-sm">
          ← {text.fixRequests.backToProject}
        </Link>
        <ClientFixRequestsPanel panel={panel} source="list" createResult={actionData?.result} />
      </ClientShell>
    </ClientTextProvider>
  );
}

export const ErrorBoundary = ClientLinkErrorBoundary;
