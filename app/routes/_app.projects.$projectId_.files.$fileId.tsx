import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { getProjectFile } from "~/models/files.server";
import { requireUser } from "~/utils/auth.server";
import { fileDownloadResponse } from "~/utils/file-download.server";

// Download of one project file by the freelancer: a resource route that streams the object
// from R2 (see fileDownloadResponse for the headers). The file is looked up by its id together
// with the project id from the URL and the signed-in user, so an id of another project or
// another account is a 404.

function notFound(): never {
  throw new Response("Not Found", { status: 404, headers: { "Cache-Control": "private, no-store" } });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const file = await getProjectFile(context.db, { userId: user.id, projectId: params.projectId ?? "" }, "freelancer", params.fileId ?? "");
  if (!file) notFound();
  const response = await fileDownloadResponse(context.cloudflare.env.FILES, file);
  if (!response) notFound();
  return response;
}
