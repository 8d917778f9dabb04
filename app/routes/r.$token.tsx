import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { CLIENT_LOCALES, type ClientLocale } from "~/i18n/locale";
import * as en from "~/i18n/en";
import * as pl from "~/i18n/pl/report-email";
import { findSendingByToken, findSendingLocale } from "~/models/report-sendings.server";
import { reportFileName } from "~/models/reports.server";
import { CLIENT_PAGE_HEADERS } from "~/utils/client-link.server";
import { errorPageResponse } from "~/utils/error-response.server";
import { reportPdfResponse } from "~/utils/report-download.server";

// The download link of a report e-mail, /r/<token>: the PDF as an attachment, without a login.
// The token is the only credential, so the response gets the client page's private headers
// (no cache, no Referer to other sites, no indexing). An unknown or malformed token, an expired
// link and a deleted report all get a 404 about report links. It is in the project's client
// language when the token matches a sending, and in Polish and English otherwise. GET changes nothing.

export async function loader({ params, context }: LoaderFunctionArgs) {
  const sending = await findSendingByToken(context.db, params.token, new Date());
  const response = sending
    ? await reportPdfResponse(context.cloudflare.env.FILES, sending.report, reportFileName(sending.report, sending.projectName), CLIENT_PAGE_HEADERS)
    : null;
  return response ?? linkNotFoundPage(await findSendingLocale(context.db, params.token));
}

const LINK_TEXTS: Record<ClientLocale, typeof pl.reportEmailText> = { pl: pl.reportEmailText, en: en.reportEmailText };

/** Builds the 404 page of a report link, in `locale`, or in every client language when it is unknown. */
function linkNotFoundPage(locale: ClientLocale | null): Response {
  const texts = locale ? [LINK_TEXTS[locale]] : CLIENT_LOCALES.map((each) => LINK_TEXTS[each]);
  return errorPageResponse(
    404,
    { title: texts.map((t) => t.linkNotFoundTitle).join(" / "), text: texts.map((t) => t.linkNotFoundText).join(" ") },
    CLIENT_PAGE_HEADERS,
  );
}
