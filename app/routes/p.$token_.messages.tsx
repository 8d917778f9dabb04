import { parseWithValibot } from "@conform-to/valibot";
import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import type { ClientActionFunctionArgs, ClientLoaderFunctionArgs } from "@remix-run/react";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ClientDiscussion, type PostActionData } from "~/components/discussion-panel";
import { ClientTextProvider } from "~/i18n/client-context";
import { readClientPageText } from "~/i18n/client-page-text";
import { clientPageText, clientText } from "~/i18n/client-page-text.server";
import { clientPageHandle } from "~/i18n/client-shell";
import { getSharedThread, parseThreadCursor, postMessage } from "~/models/messages.server";
import { hitRateLimit, RATE_LIMITS, refundRateLimit } from "~/models/rate-limit.server";
import { hashShareToken, isWellFormedShareToken } from "~/models/share.server";
import { messageSchema } from "~/schemas/messages";
import { CLIENT_PAGE_HEADERS, notFound, rejectWhileOwnerReadOnly, requireSharedProject } from "~/utils/client-link.server";
import { randomId } from "~/utils/crypto.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";
import { ClientLinkErrorBoundary } from "~/components/client-shell";
import { orUnavailable } from "~/utils/offline";

// The client's side of a project's discussion thread, reached with the client link
// (/p/<token>/messages). GET returns a slice of the thread as JSON to the panel's fetchers
// (`?after=<seq>`, `?before=<seq>`). Opened in the browser, it shows the thread on a page of its
// own. POST stores a message as the client. The token is resolved exactly as the client page
// does, so a malformed, unknown, regenerated or disabled link gets the same 404 here, and every
// response carries the client page's private, no-referrer, noindex headers. The trailing
// underscore in the file name keeps this route out of the client page's layout.

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

// The root layout sets <html lang> from this (see useDocumentLang in app/root.tsx).
export const handle = clientPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.text ? `${data.text.messages.title} · ${data.project.name} · Klamp` : "Klamp" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token;
  if (!isWellFormedShareToken(token)) notFound();

  const cursor = parseThreadCursor(new URL(request.url).searchParams);
  if (!cursor) throw new Response("Bad Request", { status: 400, headers: CLIENT_PAGE_HEADERS });

  const thread = await getSharedThread(context.db, await hashShareToken(token), cursor);
  if (!thread) notFound();

  // Only what the client may see: no owner id, project id or token hash. The panel's poll for
  // new messages (`?after=`) reads only the messages, so it gets no texts.
  return json(
    {
      locale: thread.project.clientLocale,
      text: cursor.kind === "after" ? null : clientPageText(thread.project.clientLocale, ["messages"]),
      project: { name: thread.project.name },
      freelancerName: thread.project.freelancerName,
      cursor: cursor.kind,
      messages: thread.messages,
      more: thread.more,
      clientKey: randomId(),
    },
    { headers: CLIENT_PAGE_HEADERS },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token;
  const page = await requireSharedProject(context, token);
  await rejectWhileOwnerReadOnly(request, context.cloudflare.env, page);
  const text = clientText(page.project.clientLocale).messages;

  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: messageSchema(text) });
  if (submission.status !== "success") {
    return json<PostActionData>({ result: submission.reply() }, { status: 400, headers: CLIENT_PAGE_HEADERS });
  }

  const limitKey = `message:project:${page.project.id}`;
  if (!(await hitRateLimit(context.db, limitKey, RATE_LIMITS.clientMessagePerProject))) {
    return json<PostActionData>({ result: submission.reply({ formErrors: [text.rateLimited] }) }, { status: 429, headers: CLIENT_PAGE_HEADERS });
  }

  const env = context.cloudflare.env;
  const outcome = await postMessage(env, context.db, page.project, {
    author: "client",
    body: submission.value.body,
    clientKey: submission.value.clientKey ?? null,
    // Stored only while the link still works: a link disabled after the lookup above stores nothing.
    shareTokenHash: page.project.shareTokenHash ?? "",
  });
  // Only new messages count against the limit: a repeated post of a stored form (the same
  // clientKey) stores nothing, so its attempt is taken back.
  if (outcome.status !== "posted") await refundRateLimit(context.db, limitKey, RATE_LIMITS.clientMessagePerProject);
  if (outcome.status === "not_found") notFound();

  // The panel's fetcher requests JSON and appends the message itself. A form posted without
  // JavaScript goes back to the client page, where the new message is at the bottom of the thread.
  if (formData.get("format") === "json") {
    return json<PostActionData>({ result: submission.reply({ resetForm: true }), message: outcome.message }, { headers: CLIENT_PAGE_HEADERS });
  }
  return redirectWithToast(env, `/p/${token}#discussion`, { type: "success", message: text.posted }, CLIENT_PAGE_HEADERS);
}


// A poll or post that cannot reach the server leaves the page as it is (app/utils/offline.ts).
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  return orUnavailable(() => serverLoader<typeof loader>());
}

export async function clientAction({ serverAction }: ClientActionFunctionArgs): Promise<PostActionData> {
  return orUnavailable(() => serverAction<typeof action>() as Promise<PostActionData>);
}

/** Renders the thread on a page of its own, for a typed URL or an invalid message posted without JavaScript. */
export default function ClientMessagesPage() {
  const data = useLoaderData<typeof clientLoader>();
  const actionData = useActionData<typeof clientAction>();
  const { token = "" } = useParams();
  // Only a navigation in the browser without a network gets here, and the error page asks to try again.
  if ("unavailable" in data) throw new Error("The thread could not be loaded: no network");
  // NOTE: a poll's URL (`?after=`) opened as a page has no texts, and it shows the error page.
  if (!data.text) throw new Error("The thread's texts were not loaded: the page was opened with ?after=");

  const text = readClientPageText(data.text);
  const discussion = {
    messages: data.messages,
    hasOlder: data.cursor !== "after" && data.more,
    olderWindow: data.cursor === "before",
    clientKey: data.clientKey,
  };
  return (
    <ClientTextProvider value={text}>
      <main className="mx-auto max-w-3xl space-y-6 px-4 py-6">
        <Link to={`/p/${token}`} className="link text-sm">
          ← {text.messages.backToProject}
        </Link>
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{data.project.name}</h1>
        <ClientDiscussion
          discussion={discussion}
          freelancerName={data.freelancerName}
          olderParam="before"
          lastResult={actionData && "result" in actionData ? actionData.result : undefined}
        />
      </main>
    </ClientTextProvider>
  );
}

export const ErrorBoundary = ClientLinkErrorBoundary;
