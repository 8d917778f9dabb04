import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { json, redirect } from "@remix-run/cloudflare";
import * as v from "valibot";
import { shareText } from "~/i18n/pl";
import { getProject } from "~/models/projects.server";
import { disableSharing, issueShareToken } from "~/models/share.server";
import { shareIntentSchema } from "~/schemas/share";
import { requireUser } from "~/utils/auth.server";
import { requireSecret } from "~/utils/env.server";
import { redirectWithToast, type Toast } from "~/utils/toast.server";

// Resource route for the "Udostępnij" forms on the project page (app/components/share-panel.tsx).

function projectPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}`;
}

// The forms only POST here. A GET (a typed URL, a reload) changes nothing and goes back to the project.
export async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(projectPath(params.projectId ?? ""));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);

  const formData = await request.formData();
  const parsed = v.safeParse(shareIntentSchema, { intent: formData.get("intent") });
  if (!parsed.success) {
    return json({ error: shareText.invalidIntent }, { status: 400 });
  }

  const projectId = params.projectId ?? "";
  const project = await getProject(context.db, user.id, projectId);
  if (!project) throw new Response("Not Found", { status: 404 });

  const env = context.cloudflare.env;
  const backToProject = (toast: Toast) => redirectWithToast(env, projectPath(project.id), toast);
  const { intent } = parsed.output;

  if (intent === "disable") {
    const result = await disableSharing(context.db, user.id, project.id);
    if (result === "not_found") throw new Response("Not Found", { status: 404 });
    return backToProject(
      result === "disabled" ? { type: "success", message: shareText.disabled } : { type: "info", message: shareText.alreadyDisabled },
    );
  }

  // "enable" on a project that already has a link keeps that link: a second tab or a double
  // submit must not silently break the link the client already has.
  if (intent === "enable" && project.shareTokenHash) {
    return backToProject({ type: "info", message: shareText.alreadyEnabled });
  }

  const token = await issueShareToken(context.db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id);
  if (!token) throw new Response("Not Found", { status: 404 });
  return backToProject({ type: "success", message: project.shareTokenHash ? shareText.regenerated : shareText.enabled });
}
