import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { getMailboxMessage } from "~/models/email.server";
import { MAIL_PREVIEW_CSP, requireDevMailbox } from "~/utils/dev-mailbox.server";
import { notFoundPageResponse } from "~/utils/error-response.server";

// Resource route: the stored HTML of an e-mail as it was sent. Development tool, no login:
// see dev.mailbox._index.tsx. The HTML contains user-entered values (escaped by the templates,
// but still untrusted here), so it is served under a sandbox CSP that blocks scripts and requests.
export async function loader({ params, context }: LoaderFunctionArgs) {
  // A resource route has no error boundary: a missing message gets the Polish 404 page here.
  try {
    requireDevMailbox(context.cloudflare.env);
  } catch (error) {
    if (error instanceof Response) return notFoundPageResponse();
    throw error;
  }

  const message = await getMailboxMessage(context.db, params.id ?? "");
  if (!message) return notFoundPageResponse();
  return new Response(message.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": MAIL_PREVIEW_CSP,
      "Cache-Control": "no-store",
    },
  });
}
