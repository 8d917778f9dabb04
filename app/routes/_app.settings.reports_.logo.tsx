import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { getReportLogoObject } from "~/models/report-settings.server";
import { requireUser } from "~/utils/auth.server";

// The logo of Settings → "Raporty" as an image, for the preview on that page:
// /settings/reports/logo. Only the logged-in freelancer's own logo is ever served. The type is
// the one checked from the image's header at upload, `nosniff` stops the browser from guessing
// another, and the sandboxing CSP keeps the image opened in a tab from running anything.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const logo = await getReportLogoObject(context.db, context.cloudflare.env.FILES, user.id);
  if (!logo) throw new Response("Not Found", { status: 404 });

  const extension = logo.contentType === "image/png" ? "png" : "jpg";
  return new Response(logo.body, {
    headers: {
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.size),
      "Content-Disposition": `inline; filename="logo.${extension}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
