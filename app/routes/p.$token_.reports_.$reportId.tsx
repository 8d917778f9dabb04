import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { getClientReport, reportFileName } from "~/models/reports.server";
import { CLIENT_PAGE_HEADERS, notFound, notFoundPage, requireSharedProject } from "~/utils/client-link.server";
import { reportPdfResponse } from "~/utils/report-download.server";

// Download of one report's PDF by the client: /p/<token>/reports/<reportId>. The token is
// resolved on every request, so a disabled or regenerated link stops downloads at once. A
// report of another project, a report that is not ready and a missing object all get the
// client link's one 404.

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
  const shared = await requireSharedProject(context, params.token);

  const report = await getClientReport(context.db, shared.project.id, params.reportId ?? "");
  if (!report) notFound();

  const response = await reportPdfResponse(context.cloudflare.env.FILES, report, reportFileName(report, shared.project.name), {
    "Referrer-Policy": CLIENT_PAGE_HEADERS["Referrer-Policy"],
    "X-Robots-Tag": CLIENT_PAGE_HEADERS["X-Robots-Tag"],
  });
  if (!response) notFound();
  return response;
}
