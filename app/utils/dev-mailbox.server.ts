// Guard for the /dev/mailbox pages, which show every e-mail the app sent, with their links and PINs.

/**
 * Throws a 404 unless the development inbox may be shown: never in production, and only
 * while the "mailbox" provider is the one that keeps the messages.
 */
export function requireDevMailbox(env: Env): void {
  if (env.ENVIRONMENT === "production" || env.EMAIL_PROVIDER !== "mailbox") {
    throw new Response("Not Found", { status: 404 });
  }
}

/**
 * CSP for the raw HTML of a stored e-mail: a sandbox (no scripts, no same-origin access),
 * no requests at all, and only inline styles and data: images, as e-mails use them.
 */
export const MAIL_PREVIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
