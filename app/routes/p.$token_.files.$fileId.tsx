import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { getProjectFile } from "~/models/files.server";
import { CLIENT_PAGE_HEADERS, notFound, notFoundPage, requireSharedProject } from "~/utils/client-link.server";
import { fileDownloadResponse } from "~/utils/file-download.server";

// Download of one project file by the client: /p/<token>/files/<fileId>. The token is resolved
// on every request, so a disabled or regenerated link stops downloads at once, also of URLs the
// client opened before. A file of another project, a private file and a missing object all get
// the client link's one 404.

export async function loader(args: LoaderFunctionArgs) {
  try {
    return await download(args);
  } catch (error) {
    // A resource route has no error boundary, so the 404 gets its page here.
    if (error instanceof Response && error.status === 404) return notFoundPage();
    throw error;
  }
}

async function download({ params, context }: LoaderFunctionArgs) {
  const page = await requireSharedProject(context, params.token);
  const file = await getProjectFile(context.db, { userId: page.project.userId, projectId: page.project.id }, "client", params.fileId ?? "");
  if (!file) notFound();
  const response = await fileDownloadResponse(context.cloudflare.env.FILES, file, {
    "Referrer-Policy": CLIENT_PAGE_HEADERS["Referrer-Policy"],
    "X-Robots-Tag": CLIENT_PAGE_HEADERS["X-Robots-Tag"],
  });
  if (!response) notFound();
  return response;
}
