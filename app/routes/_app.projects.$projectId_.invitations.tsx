import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { InvitationsPanel, type InvitationActionData } from "~/components/invitations-panel";
import { invitationsText } from "~/i18n/pl/invitations";
import {
  findInvitationByEmail,
  getInvitation,
  INVITATIONS_PAGE_SIZE,
  invitationsPlan,
  removeInvitation,
  sendInvitation,
  type InvitationInput,
  type SendInvitationResult,
} from "~/models/invitations.server";
import { runReadPlans } from "~/db/read-plan.server";
import { withInvitationRows } from "~/models/invitation-rows.server";
import { ownedProjectClientPlan, ownedProjectPlan } from "~/models/owned-project.server";
import { getProject } from "~/models/projects.server";
import { hitRateLimit, RATE_LIMITS } from "~/models/rate-limit.server";
import { readClientLink } from "~/models/share.server";
import { invitationIdSchema, invitationSchema } from "~/schemas/invitations";
import { requireUser } from "~/utils/auth.server";
import { sha256Hex } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { pageFromSearch } from "~/utils/page-number";

// "Wyślij zaproszenie", "Wyślij ponownie" and "Usuń zaproszenie" post here from the project
// page's panel (app/components/invitations-panel.tsx). The page itself lists every invitation of the project
// with pages, and shows a form posted without JavaScript again with its errors. The trailing
// underscore keeps this route out of the project page's layout.

function projectPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}`;
}

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${invitationsText.pageTitle} · ${data.project.name} · Klamp` : `${invitationsText.pageTitle} · Klamp` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const projectId = params.projectId ?? "";
  const page = pageFromSearch(new URL(request.url));

  // One batch: every read is scoped by the user, so another user's project id finds nothing.
  const { project, client, invitations } = await runReadPlans(context.db, {
    project: ownedProjectPlan(context.db, user.id, projectId),
    client: ownedProjectClientPlan(context.db, user.id, projectId),
    invitations: invitationsPlan(context.db, user.id, projectId, { limit: INVITATIONS_PAGE_SIZE, offset: (page - 1) * INVITATIONS_PAGE_SIZE }),
  });
  if (!project) notFound();

  const env = context.cloudflare.env;
  const clientLink = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), env.APP_ORIGIN, project);
  return json({
    project: { id: project.id, name: project.name },
    clientLink,
    defaults: { email: client?.email ?? "", name: client?.name ?? "" },
    invitations: withInvitationRows(invitations),
    page,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const db = context.db;
  const env = context.cloudflare.env;

  const project = await getProject(db, user.id, params.projectId ?? "");
  if (!project) notFound();

  const formData = await readFormData(request);
  const intent = formData.get("intent");
  let input: InvitationInput;
  let unsubscribed: boolean;
  // Errors of the send form go to its fields; errors of a resend or removal go next to that invitation.
  let reject: (status: number, message: string) => TypedResponse<InvitationActionData>;

  if (intent === "send") {
    const submission = parseWithValibot(formData, { schema: invitationSchema });
    if (submission.status !== "success") {
      return json<InvitationActionData>({ intent, result: submission.reply() }, { status: 400 });
    }
    input = { email: submission.value.email, name: submission.value.name, message: submission.value.message || null };
    unsubscribed = Boolean((await findInvitationByEmail(db, user.id, project.id, input.email))?.unsubscribedAt);
    reject = (status, message) => json<InvitationActionData>({ intent, result: submission.reply({ formErrors: [message] }) }, { status });
  } else if (intent === "resend" || intent === "remove") {
    const submission = parseWithValibot(formData, { schema: invitationIdSchema });
    if (submission.status !== "success") {
      return json<InvitationActionData>({ intent, error: invitationsText.invalidIntent }, { status: 400 });
    }
    const invitation = await getInvitation(db, user.id, project.id, submission.value.invitationId);
    if (!invitation) notFound();
    reject = (status, message) => json<InvitationActionData>({ intent, invitationId: invitation.id, error: message }, { status });

    if (intent === "remove") {
      const removed = await removeInvitation(db, invitation);
      if (removed === "not_found") notFound();
      if (removed === "unsubscribed") return reject(409, invitationsText.removeUnsubscribed(invitation.email));
      return redirectWithToast(env, `${projectPath(project.id)}#invitations`, {
        type: "success",
        message: invitationsText.removed(invitation.email),
      });
    }
    input = { email: invitation.email, name: invitation.name, message: invitation.message };
    unsubscribed = invitation.unsubscribedAt !== null;
  } else {
    return json<InvitationActionData>({ intent: null, error: invitationsText.invalidIntent }, { status: 400 });
  }

  // The refusal comes before the rate limits, so rejected attempts do not use them up.
  if (unsubscribed) return reject(409, invitationsText.unsubscribed(input.email));

  if (!(await hitRateLimit(db, `invitation:account:${user.id}`, RATE_LIMITS.invitationPerAccount))) {
    return reject(429, invitationsText.rateLimited);
  }
  const addressKey = await sha256Hex(`${project.id}:${input.email}`);
  if (!(await hitRateLimit(db, `invitation:address:${addressKey}`, RATE_LIMITS.invitationPerAddress))) {
    return reject(429, invitationsText.addressRateLimited(input.email));
  }

  const result = await sendInvitation(
    db,
    {
      queue: env.EMAIL_QUEUE,
      origin: env.APP_ORIGIN,
      encryptionKey: requireSecret(env, "ENCRYPTION_KEY"),
      signingSecret: requireSecret(env, "SESSION_SECRET"),
    },
    user,
    project,
    input,
  );

  switch (result.status) {
    case "sent":
    case "resent":
      return redirectWithToast(env, `${projectPath(project.id)}#invitations`, { type: "success", message: sentMessage(result, input.email) });
    case "unsubscribed":
      return reject(409, invitationsText.unsubscribed(input.email));
    case "link_unavailable":
      return reject(409, invitationsText.linkUnavailable);
    case "link_changed":
      return reject(409, invitationsText.linkChanged);
  }
}

function sentMessage(result: Extract<SendInvitationResult, { status: "sent" | "resent" }>, email: string): string {
  if (result.status === "sent") return result.sharingEnabled ? invitationsText.sentAndShared(email) : invitationsText.sent(email);
  if (result.sharingEnabled) return invitationsText.resentAndShared(email);
  return result.linkChanged ? invitationsText.resentNewLink(email) : invitationsText.resentSameLink(email);
}

export default function InvitationsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link to={projectPath(data.project.id)} className="link text-sm">
        ← {invitationsText.backToProject}: {data.project.name}
      </Link>
      <InvitationsPanel
        projectId={data.project.id}
        clientLink={data.clientLink}
        defaults={data.defaults}
        invitations={data.invitations}
        page={data.page}
        actionData={actionData}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
