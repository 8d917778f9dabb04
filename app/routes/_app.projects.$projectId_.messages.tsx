import { parseWithValibot } from "@conform-to/valibot";
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import type { ClientActionFunctionArgs, ClientLoaderFunctionArgs } from "@remix-run/react";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { PostActionData } from "~/components/discussion-panel";
import { ProjectDiscussion } from "~/components/project-discussion";
import { ErrorPage } from "~/components/error-page";
import { messagesText } from "~/i18n/pl/messages";
import { getFreelancerThread, parseThreadCursor, postMessage } from "~/models/messages.server";
import { getProject } from "~/models/projects.server";
import { messageSchema } from "~/schemas/messages";
import { requireUser } from "~/utils/auth.server";
import { randomId } from "~/utils/crypto.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { orUnavailable } from "~/utils/offline";

// The freelancer's side of a project's discussion thread (app/components/discussion-panel.tsx).
// GET returns a slice of the thread as JSON to the panel's fetchers (`?after=<seq>` for new
// messages, `?before=<seq>` for older ones). Opened in the browser, it shows the thread on a
// page of its own. POST stores a message. The trailing underscore in the file name keeps this
// route out of the project page's layout, which has no <Outlet>.
//
// The thread stays open when the project is completed: a completed project freezes its tasks,
// and the freelancer and the client can still talk about the work.

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

function projectPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}`;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${messagesText.title} · ${data.project.name} · Klamp` : `${messagesText.title} · Klamp` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const cursor = parseThreadCursor(new URL(request.url).searchParams);
  if (!cursor) throw new Response("Bad Request", { status: 400 });

  const thread = await getFreelancerThread(context.db, user.id, params.projectId ?? "", cursor);
  if (!thread) notFound();

  return json({
    project: thread.project,
    cursor: cursor.kind,
    messages: thread.messages,
    more: thread.more,
    clientKey: randomId(),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);

  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: messageSchema(messagesText) });
  if (submission.status !== "success") {
    return json<PostActionData>({ result: submission.reply() }, { status: 400 });
  }

  const project = await getProject(context.db, user.id, params.projectId ?? "");
  if (!project) notFound();

  const env = context.cloudflare.env;
  const outcome = await postMessage(env, context.db, project, {
    author: "freelancer",
    body: submission.value.body,
    clientKey: submission.value.clientKey ?? null,
  });
  if (outcome.status === "not_found") notFound();

  // The panel's fetcher requests JSON and appends the message itself. A form posted without
  // JavaScript goes back to the page, where the new message is at the bottom of the thread.
  if (formData.get("format") === "json") {
    return json<PostActionData>({ result: submission.reply({ resetForm: true }), message: outcome.message });
  }
  return redirectWithToast(env, `${projectPath(project.id)}#discussion`, { type: "success", message: messagesText.posted });
}


// A poll or post that cannot reach the server leaves the page as it is (app/utils/offline.ts).
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  return orUnavailable(() => serverLoader<typeof loader>());
}

export async function clientAction({ serverAction }: ClientActionFunctionArgs): Promise<PostActionData> {
  return orUnavailable(() => serverAction<typeof action>() as Promise<PostActionData>);
}

/** Renders the thread on a page of its own, for a typed URL or an invalid message posted without JavaScript. */
export default function ProjectMessagesPage() {
  const data = useLoaderData<typeof clientLoader>();
  const actionData = useActionData<typeof clientAction>();
  // Only a navigation in the browser without a network gets here, and the error page asks to try again.
  if ("unavailable" in data) throw new Error("The thread could not be loaded: no network");
  const discussion = {
    messages: data.messages,
    hasOlder: data.cursor !== "after" && data.more,
    olderWindow: data.cursor === "before",
    clientKey: data.clientKey,
  };
  return (
    <div className="space-y-6">
      <Link to={projectPath(data.project.id)} className="link text-sm">
        ← {messagesText.backToProject}
      </Link>
      <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{data.project.name}</h1>
      <ProjectDiscussion
        projectId={data.project.id}
        discussion={discussion}
        olderParam="before"
        lastResult={actionData && "result" in actionData ? actionData.result : undefined}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
