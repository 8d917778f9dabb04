import type { ActionFunctionArgs } from "@remix-run/cloudflare";
import { redirect } from "@remix-run/cloudflare";
import { auth } from "~/i18n/pl/auth";
import { revokeAllSessions } from "~/models/session.server";
import { endSession, getCurrentSession, getSessionCookie } from "~/utils/auth.server";
import { badRequestPageResponse } from "~/utils/error-response.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader() {
  return redirect("/");
}

/** POST /logout ends this session; with intent=everywhere it revokes every session of the user. */
export async function action({ request, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  // A resource route has no error boundary, so an unreadable body gets the Polish page here.
  const formData = await readFormData(request).catch(() => null);
  if (!formData) return badRequestPageResponse();

  if (formData.get("intent") === "everywhere") {
    const session = await getCurrentSession(request, context);
    if (session) await revokeAllSessions(context.db, session.user.id);
    const cleared = await getSessionCookie(env).serialize("", { maxAge: 0 });
    return redirectWithToast(env, "/login", { type: "success", message: auth.loggedOutEverywhere }, { "Set-Cookie": cleared });
  }
  const cleared = await endSession(context, request);
  return redirectWithToast(env, "/login", { type: "success", message: auth.loggedOut }, { "Set-Cookie": cleared });
}
