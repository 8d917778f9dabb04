import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { getReport, reportFileName } from "~/models/reports.server";
import { requireUser } from "~/utils/auth.server";
import { notFoundPageResponse } from "~/utils/error-response.server";
import { reportPdfResponse } from "~/utils/report-download.server";

// Download of a report's PDF by the freelancer: a resource route that streams the object from
// R2. The report is looked up by its id together with the signed-in user, so another account's
// id, like a report that is not ready yet, is a 404.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const detail = await getReport(context.db, user.id, params.reportId ?? "");
  const response = detail
    ? await reportPdfResponse(context.cloudflare.env.FILES, detail.report, reportFileName(detail.report, detail.project.name))
    : null;
  if (!response) {
    // A resource route has no error boundary: an old or foreign URL gets the Polish 404 page.
    const page = notFoundPageResponse();
    page.headers.set("Cache-Control", "private, no-store");
    return page;
  }
  return response;
}
