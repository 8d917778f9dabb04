import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import type { DataExport } from "~/db/schema";
import { isExportActive } from "~/exports/status";
import { dataExportText as t } from "~/i18n/pl/data-export";
import { exportFileName, getDataExport, isExportDownloadable } from "~/models/data-exports.server";
import { requireUser } from "~/utils/auth.server";
import { errorPageResponse, notFoundPageResponse } from "~/utils/error-response.server";
import { contentDisposition } from "~/utils/file-name";
import { logError } from "~/utils/log.server";

// Download of an export's ZIP, /export/<id>, the link of the "Eksportuj dane" e-mail: a
// resource route that streams the object from R2. It needs the owner's session (a logged-out
// visitor goes to the login page and comes back here), so the link carries no token. Another
// account's id and an unknown id are a 404. An export that is not ready, failed or expired gets
// a page saying so, with a link to Settings → "Twoje dane". GET changes nothing.

const PRIVATE = { "Cache-Control": "private, no-store" };

function statePage(row: DataExport): Response {
  const link = { href: "/settings/data", label: t.backToData };
  if (isExportActive(row.status)) return errorPageResponse(409, { title: t.notReadyTitle, text: t.notReadyText, link }, PRIVATE);
  if (row.status === "failed") return errorPageResponse(410, { title: t.failedTitle, text: t.failedText, link }, PRIVATE);
  return errorPageResponse(410, { title: t.expiredTitle, text: t.expiredText, link }, PRIVATE);
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const row = await getDataExport(context.db, user.id, params.exportId ?? "");
  if (!row) {
    // A resource route has no error boundary: another account's export gets the Polish 404 page.
    const page = notFoundPageResponse();
    page.headers.set("Cache-Control", PRIVATE["Cache-Control"]);
    return page;
  }
  if (!row.r2Key || !isExportDownloadable(row, new Date())) return statePage(row);

  const object = await context.cloudflare.env.FILES.get(row.r2Key);
  if (!object) {
    logError("export.object_missing", new Error("R2 object missing"), { exportId: row.id });
    return statePage({ ...row, status: "expired" });
  }
  return new Response(object.body, {
    status: 200,
    headers: {
      ...PRIVATE,
      "Content-Type": "application/zip",
      "Content-Length": String(object.size),
      "Content-Disposition": contentDisposition("attachment", exportFileName(row)),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
