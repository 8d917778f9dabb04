import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json, redirect } from "@remix-run/cloudflare";
import { isRouteErrorResponse } from "@remix-run/react";
import * as v from "valibot";
import { ErrorPage } from "~/components/error-page";
import { common } from "~/i18n/pl/common";
import { shareText } from "~/i18n/pl/share";
import { getProject } from "~/models/projects.server";
import { disableSharing, issueShareToken } from "~/models/share.server";
import { shareIntentSchema } from "~/schemas/share";
import { requireUser } from "~/utils/auth.server";
import { requireSecret } from "~/utils/env.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast, type Toast } from "~/utils/toast.server";

// Target of the "Udostępnij" forms on the project page (app/components/share-panel.tsx). The
// trailing underscore in the file name keeps this route out of the project page's layout (which
// has no <Outlet>), so the route's error page renders inside the app's own layout.

function projectPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}`;
}

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

// The route renders a page only for its errors.
export const meta: MetaFunction = ({ error }) => [
  { title: `${isRouteErrorResponse(error) && error.status === 404 ? common.notFoundTitle : common.errorTitle} · Klamp` },
];

// The forms only POST here. A GET (a typed URL, a reload) changes nothing and goes back to the
// project. Remix also runs this loader after an action that returns data to a request without
// JavaScript, so there the 400 for an unknown intent becomes this redirect. The panel's fetcher
// still receives the JSON error.
export async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(projectPath(params.projectId ?? ""));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);

  const formData = await readFormData(request);
  const parsed = v.safeParse(shareIntentSchema, { intent: formData.get("intent") });
  if (!parsed.success) {
    return json({ error: shareText.invalidIntent }, { status: 400 });
  }

  const projectId = params.projectId ?? "";
  const project = await getProject(context.db, user.id, projectId);
  if (!project) notFound();

  const env = context.cloudflare.env;
  const backToProject = (toast: Toast) => redirectWithToast(env, projectPath(project.id), toast);
  const { intent } = parsed.output;

  if (intent === "disable") {
    const result = await disableSharing(context.db, user.id, project.id);
    if (result === "not_found") notFound();
    return backToProject(
      result === "disabled" ? { type: "success", message: shareText.disabled } : { type: "info", message: shareText.alreadyDisabled },
    );
  }

  // "enable" on a project that already has a link keeps that link: a second tab or a double
  // submit must not silently break the link the client already has.
  if (intent === "enable" && project.shareTokenHash) {
    return backToProject({ type: "info", message: shareText.alreadyEnabled });
  }

  // The token changes only if the link is still in the state this request read. Of parallel
  // requests, one wins and the others leave the link as the winner set it.
  const token = await issueShareToken(context.db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id, project.shareTokenHash);
  if (!token) {
    return backToProject({ type: "info", message: intent === "enable" ? shareText.alreadyEnabled : shareText.changedMeanwhile });
  }
  return backToProject({ type: "success", message: project.shareTokenHash ? shareText.regenerated : shareText.enabled });
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
