import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { findSendingByToken } from "~/models/report-sendings.server";
import { reportFileName } from "~/models/reports.server";
import { CLIENT_PAGE_HEADERS, notFoundPage } from "~/utils/client-link.server";
import { reportPdfResponse } from "~/utils/report-download.server";

// The download link of a report e-mail, /r/<token>: the PDF as an attachment, without a login.
// The token is the only credential, so the response gets the client page's private headers
// (no cache, no Referer to other sites, no indexing). An unknown or malformed token, an expired
// link and a deleted report all get the same 404, in every client language. GET changes nothing.

export async function loader({ params, context }: LoaderFunctionArgs) {
  const sending = await findSendingByToken(context.db, params.token, new Date());
  const response = sending
    ? await reportPdfResponse(context.cloudflare.env.FILES, sending.report, reportFileName(sending.report, sending.projectName), CLIENT_PAGE_HEADERS)
    : null;
  return response ?? notFoundPage();
}
