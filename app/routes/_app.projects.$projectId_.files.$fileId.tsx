import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { getProjectFile } from "~/models/files.server";
import { requireUser } from "~/utils/auth.server";
import { notFoundPageResponse } from "~/utils/error-response.server";
import { fileDownloadResponse } from "~/utils/file-download.server";

// Download of one project file by the freelancer: a resource route that streams the object
// from R2 (see fileDownloadResponse for the headers). The file is looked up by its id together
// with the project id from the URL and the signed-in user, so an id of another project or
// another account is a 404.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const file = await getProjectFile(context.db, { userId: user.id, projectId: params.projectId ?? "" }, "freelancer", params.fileId ?? "");
  const response = file ? await fileDownloadResponse(context.cloudflare.env.FILES, file) : null;
  if (!response) {
    // A resource route has no error boundary: a deleted file's old URL gets the Polish 404 page.
    const page = notFoundPageResponse();
    page.headers.set("Cache-Control", "private, no-store");
    return page;
  }
  return response;
}
