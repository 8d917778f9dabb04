import type { SubmissionResult } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { isRouteErrorResponse, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { ErrorPage } from "~/components/error-page";
import { FixRequestsPanel, type FixRequestAnswerData } from "~/components/fix-requests-panel";
import { common } from "~/i18n/pl/common";
import { fixRequestsText as t } from "~/i18n/pl.server";
import { fixRequestsPageText } from "~/i18n/pl/fix-requests-page";
import { withFixRequestRows } from "~/models/fix-request-rows.server";
import { emailClientRecipients } from "~/models/client-emails.server";
import {
  answerInScope,
  declineFixRequest,
  fixRequestsPanelPlan,
  getFixRequest,
  getProjectTaskForFix,
  markFixRequestDone,
  priceFixRequest,
  type AnswerFailure,
} from "~/models/fix-requests.server";
import type { FixRequest } from "~/db/schema";
import { runReadPlans } from "~/db/read-plan.server";
import { ownedProjectPlan } from "~/models/owned-project.server";
import { getProject } from "~/models/projects.server";
import { projectTasksPlan } from "~/models/tasks.server";
import {
  ANSWER_HIDDEN_FIELDS,
  declineSchema,
  doneSchema,
  fixRequestIntentSchema,
  inScopeSchema,
  priceSchema,
  type FixRequestIntent,
} from "~/schemas/fix-requests";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { pageFromSearch, pageFromValue } from "~/utils/page-number";
import { redirectWithToast } from "~/utils/toast.server";

// The freelancer's fix requests of one project: /projects/:projectId/fix-requests lists them a
// page at a time (open first, then newest), and its action takes the answers of the panel on
// the project page and on this page: "w ramach zadania", "wyceń jako nowe zadanie", "Odrzuć"
// and "Zrobione". A stored answer redirects back (#fix-requests) with a toast. A refused one is
// a 400 or 409 with the messages, which this page shows when the form was sent without
// JavaScript. The trailing underscore of `$projectId_` keeps this page out of the project
// page's layout, which has no <Outlet>.

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  {
    title: data
      ? `${fixRequestsPageText.listTitle(data.project.name)} · Klamp`
      : `${isRouteErrorResponse(error) && error.status === 404 ? common.notFoundTitle : common.errorTitle} · Klamp`,
  },
];

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const projectId = params.projectId ?? "";

  // One batch: every read is scoped by the user, so another user's project id finds nothing.
  const scope = { projectId, userId: user.id };
  const { project, panel, tasks } = await runReadPlans(context.db, {
    project: ownedProjectPlan(context.db, user.id, projectId),
    panel: fixRequestsPanelPlan(context.db, scope, { page: pageFromSearch(new URL(request.url)), viewer: "freelancer" }),
    tasks: projectTasksPlan(context.db, user.id, projectId),
  });
  if (!project || !panel) notFound();

  return json({
    project: { id: project.id, name: project.name, status: project.status },
    panel: withFixRequestRows(panel, { projectActive: project.status === "active" }),
    tasks: tasks.map((task) => ({ id: task.id, name: task.name, acceptance: task.acceptance })),
  });
}

/** Where a stored answer goes back to: the project page, or the list page it was sent from. */
function returnPath(projectId: string, returnTo: "project" | "list", request: Request, tasksPage: number): string {
  const project = `/projects/${encodeURIComponent(projectId)}`;
  // The project page's task list keeps its page (`?tasks=N`), which the reply forms post.
  if (returnTo === "project") return `${project}${tasksPage > 1 ? `?tasks=${tasksPage}` : ""}#fix-requests`;
  const page = pageFromSearch(new URL(request.url));
  return `${project}/fix-requests${page > 1 ? `?page=${page}` : ""}#fix-requests`;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const db = context.db;
  const env = context.cloudflare.env;

  const formData = await readFormData(request);
  const postedId = typeof formData.get("fixRequestId") === "string" ? String(formData.get("fixRequestId")) : null;
  // A repeated intent is passed on as an array, which the schema rejects.
  const intents = formData.getAll("intent");
  const parsedIntent = v.safeParse(fixRequestIntentSchema, { intent: intents.length === 1 ? intents[0] : intents });
  if (!parsedIntent.success) {
    return json<FixRequestAnswerData>({ intent: null, fixRequestId: postedId, error: t.invalidForm }, { status: 400 });
  }
  const intent: FixRequestIntent = parsedIntent.output.intent;
  /** Responds to an invalid answer. The forms show no field for a hidden input, so its error is the form's. */
  const invalid = (submission: { error?: Record<string, string[] | null> | null; reply: Submission["reply"] }) => {
    const hiddenFieldFailed = ANSWER_HIDDEN_FIELDS.some((name) => submission.error?.[name]);
    const result = submission.reply(hiddenFieldFailed ? { formErrors: [t.invalidForm] } : undefined);
    return json<FixRequestAnswerData>({ intent, fixRequestId: postedId, result }, { status: 400 });
  };

  /** Loads the project and the fix request, both this freelancer's, or ends with a 404. */
  const load = async (fixRequestId: string) => {
    const project = await getProject(db, user.id, params.projectId ?? "");
    if (!project) notFound();
    const scope = { projectId: project.id, userId: user.id };
    const fixRequest = await getFixRequest(db, scope, fixRequestId);
    if (!fixRequest) notFound();
    return { project, scope, fixRequest };
  };

  /** Responds to an answer that was valid but is refused in the request's current state. */
  const refuse = (reply: Submission["reply"], fixRequestId: string, message: string) =>
    json<FixRequestAnswerData>({ intent, fixRequestId, result: reply({ formErrors: [message] }) }, { status: 409 });

  const back = (projectId: string, returnTo: "project" | "list", message: string) =>
    redirectWithToast(env, returnPath(projectId, returnTo, request, pageFromValue(formData.get("tasks"))), { type: "success", message });

  /** Refusals every answer shares: the request is gone, already answered, or changed meanwhile. */
  const failed = (reply: Submission["reply"], fixRequest: FixRequest, result: AnswerFailure) => {
    if (result.outcome === "not_found") notFound();
    if (result.outcome === "not_open") {
      const message = result.status === "done" ? t.alreadyDone(fixRequest.number) : t.alreadyAnswered(fixRequest.number, t.status[result.status]);
      return refuse(reply, fixRequest.id, message);
    }
    return refuse(reply, fixRequest.id, t.conflict);
  };

  switch (intent) {
    case "in-scope": {
      const submission = parseWithValibot(formData, { schema: inScopeSchema });
      if (submission.status !== "success") return invalid(submission);
      const { project, scope, fixRequest } = await load(submission.value.fixRequestId);
      const task = await getProjectTaskForFix(db, scope, submission.value.taskId);
      if (!task) notFound();

      const result = await answerInScope(db, fixRequest, task);
      if (result.outcome === "answered") return back(project.id, submission.value.returnTo, t.answeredInScope(fixRequest.number, task.name));
      if (result.outcome === "no_rounds") return refuse(submission.reply, fixRequest.id, t.noRoundsLeft(result.used, result.total));
      if (result.outcome === "task_rejected") return refuse(submission.reply, fixRequest.id, t.inScopeTaskRejected);
      return failed(submission.reply, fixRequest, result);
    }

    case "price": {
      const submission = parseWithValibot(formData, { schema: priceSchema });
      if (submission.status !== "success") return invalid(submission);
      const { project, fixRequest } = await load(submission.value.fixRequestId);
      // A completed project's tasks are read-only, so a fix cannot become a new task there.
      if (project.status !== "active") return refuse(submission.reply, fixRequest.id, t.priceCompleted);

      const { name, amount } = submission.value;
      const result = await priceFixRequest(db, fixRequest, { name, amount });
      if (result.outcome === "project_completed") return refuse(submission.reply, fixRequest.id, t.priceCompleted);
      if (result.outcome !== "priced") return failed(submission.reply, fixRequest, result);
      await emailClientRecipients(env, db, { id: project.id, userId: user.id }, { kind: "task", taskId: result.taskId });
      return back(project.id, submission.value.returnTo, t.answeredPriced(fixRequest.number, name));
    }

    case "decline": {
      const submission = parseWithValibot(formData, { schema: declineSchema });
      if (submission.status !== "success") return invalid(submission);
      const { project, fixRequest } = await load(submission.value.fixRequestId);

      const result = await declineFixRequest(db, fixRequest, submission.value.reason);
      if (result.outcome === "declined") return back(project.id, submission.value.returnTo, t.answeredDeclined(fixRequest.number));
      if (result.outcome === "priced_task_active") {
        const message =
          result.acceptance === "pending"
            ? t.declineWaitsForClient(fixRequest.number, result.taskName)
            : t.declineTaskAccepted(fixRequest.number, result.taskName);
        return refuse(submission.reply, fixRequest.id, message);
      }
      return failed(submission.reply, fixRequest, result);
    }

    case "done": {
      const submission = parseWithValibot(formData, { schema: doneSchema });
      if (submission.status !== "success") return invalid(submission);
      const { project, fixRequest } = await load(submission.value.fixRequestId);
      const number = fixRequest.number;
      const reply = submission.reply;

      const result = await markFixRequestDone(db, fixRequest);
      if (result.outcome === "done") return back(project.id, submission.value.returnTo, t.answeredDone(number));
      if (result.outcome === "not_found") notFound();
      if (result.outcome === "not_answered") return refuse(reply, fixRequest.id, t.notAnswered(number));
      if (result.outcome === "already_done") return refuse(reply, fixRequest.id, t.alreadyDone(number));
      if (result.outcome === "declined") return refuse(reply, fixRequest.id, t.cannotBeDone(number, t.status.declined));
      if (result.outcome === "task_not_accepted") {
        const message = result.acceptance === "rejected" ? t.doneTaskRejected(result.taskName) : t.doneWaitsForAcceptance(result.taskName);
        return refuse(reply, fixRequest.id, message);
      }
      return refuse(reply, fixRequest.id, t.conflict);
    }
  }
}

/** The `reply` of a successful answer submission, to return it with a refusal message. */
type Submission = { reply: (options?: { formErrors?: string[] }) => SubmissionResult<string[]> };

export default function FixRequestsPage() {
  const { project, panel, tasks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <Link to={`/projects/${encodeURIComponent(project.id)}`} className="link text-sm">
        ← {fixRequestsPageText.backToProject}
      </Link>
      <h1 className="[overflow-wrap:anywhere] text-2xl font-bold">{fixRequestsPageText.listTitle(project.name)}</h1>
      <FixRequestsPanel
        projectId={project.id}
        panel={panel}
        tasks={tasks}
        projectActive={project.status === "active"}
        source="list"
        actionData={actionData}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
