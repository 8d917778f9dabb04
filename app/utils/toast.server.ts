import { createCookie, redirect } from "@remix-run/cloudflare";
import { isProduction, requireSecret } from "./env.server";

export interface Toast {
  type: "success" | "error" | "info";
  message: string;
}

function getToastCookie(env: Env) {
  const production = isProduction(env);
  return createCookie(production ? "__Host-klamp_toast" : "klamp_toast", {
    httpOnly: true,
    sameSite: "lax",
    secure: production,
    path: "/",
    secrets: [requireSecret(env, "SESSION_SECRET")],
    maxAge: 60,
  });
}

/** Redirects and leaves a one-time message that the next page shows as a toast. */
export async function redirectWithToast(env: Env, url: string, toast: Toast, headers: HeadersInit = {}) {
  const responseHeaders = new Headers(headers);
  responseHeaders.append("Set-Cookie", await getToastCookie(env).serialize(toast));
  return redirect(url, { headers: responseHeaders });
}

/** Reads the pending toast, with the header that clears it. */
export async function readToast(request: Request, env: Env): Promise<{ toast: Toast | null; setCookie: string | null }> {
  const cookie = getToastCookie(env);
  const value = (await cookie.parse(request.headers.get("Cookie"))) as Toast | null;
  if (!value || typeof value.message !== "string") return { toast: null, setCookie: null };
  return { toast: value, setCookie: await cookie.serialize("", { maxAge: 0 }) };
}
