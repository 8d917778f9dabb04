import { parseWithValibot } from "@conform-to/valibot";
import type { SubmissionResult } from "~/components/form-state";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import type { BudgetGlanceData } from "~/components/budget-glance";
import type { Db } from "~/db/client.server";
import { runReadPlans } from "~/db/read-plan.server";
import { billsText } from "~/i18n/pl/bills";
import { dashboardText } from "~/i18n/pl/dashboard";
import { fixRequestsText } from "~/i18n/pl/fix-requests";
import { projectsText } from "~/i18n/pl/projects";
import { tasksText } from "~/i18n/pl/tasks";
import { toTimelineEntries } from "~/models/activity-lines.server";
import { listProjectActivity } from "~/models/activity.server";
import { withBillRows } from "~/models/bill-rows.server";
import { BILLS_PANEL_SIZE, billsPanelPlan, findTaskBill } from "~/models/bills.server";
import { projectBudgetPlan, setBudgetBaseline } from "~/models/dashboard.server";
import { discussionPagePlan } from "~/models/messages.server";
import { filesPageFrom, freelancerFilesPanelPlan } from "~/models/files.server";
import { clientDisplayName, resolveProjectClient } from "~/models/clients.server";
import { emailClientRecipients } from "~/models/client-emails.server";
import { withInvitationRows } from "~/models/invitation-rows.server";
import { INVITATIONS_PANEL_SIZE, invitationsPlan } from "~/models/invitations.server";
import { withFixRequestRows } from "~/models/fix-request-rows.server";
import { countUsedRevisionRounds, fixRequestsPanelPlan } from "~/models/fix-requests.server";
import { getProject, projectPagePlan, setProjectStatus, updateProject } from "~/models/projects.server";
import { readClientLink } from "~/models/share.server";
import { addTask, deleteTask, findTaskPage, getTask, moveTask, setTaskStatus, taskListPlan, wasTaskDeleted } from "~/models/tasks.server";
import { budgetBaselineSchema } from "~/schemas/budget";
import {
  clientFieldError,
  clientFieldValues,
  moveTaskSchema,
  projectFormSchema,
  projectStatusSchema,
  taskIdSchema,
  taskSchema,
  taskStatusSchema,
} from "~/schemas/projects";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { warsawDay } from "~/utils/dates";
import { requireSecret } from "~/utils/env.server";
import { TASKS_PAGE_PARAM, withTasksPage } from "~/utils/tasks-page";
import { redirectWithToast, type Toast } from "~/utils/toast.server";
import { pageFromSearch } from "~/utils/validation";

// The loader and action of the project page (app/routes/_app.projects.$projectId.tsx). The Remix 2
// browser build turns each .server module that a route imports into an empty chunk of its own, so
// the route imports this one module instead of every model that the loader and action use.

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

// The activity cursor is the createdAt of the last entry shown, an ISO instant.
const ACTIVITY_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const projectId = params.projectId ?? "";
  const env = context.cloudflare.env;
  const url = new URL(request.url);
  const searchParams = url.searchParams;
  const before = searchParams.get("before");
  const owner = { userId: user.id, projectId };
  // The panels are scoped by the owner, so they are read in the project's own D1 batch: a
  // project id of someone else finds nothing in any of them, and the page is a 404 below.
  const [{ page, taskList, files, discussion, invitations, fixRequests, bills, budget }, olderActivity] = await Promise.all([
    runReadPlans(context.db, {
      page: projectPagePlan(context.db, user.id, projectId),
      taskList: taskListPlan(context.db, owner, pageFromSearch(url, TASKS_PAGE_PARAM)),
      files: freelancerFilesPanelPlan(context.db, owner, filesPageFrom(request.url)),
      discussion: discussionPagePlan(context.db, owner, searchParams.get("messagesBefore")),
      invitations: invitationsPlan(context.db, user.id, projectId, { limit: INVITATIONS_PANEL_SIZE }),
      fixRequests: fixRequestsPanelPlan(context.db, owner, { viewer: "freelancer" }),
      bills: billsPanelPlan(context.db, owner, { limit: BILLS_PANEL_SIZE }),
      budget: projectBudgetPlan(context.db, user.id, projectId, user.budgetWarningPercent),
    }),
    before && ACTIVITY_CURSOR.test(before) ? listProjectActivity(context.db, user.id, projectId, before) : null,
  ]);
  if (!page) notFound();
  const clientLink = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), env.APP_ORIGIN, page.project);
  const clients = page.clientOptions;
  const activityPage = olderActivity ?? { items: page.activity, hasMore: page.hasMoreActivity };
  // The client field shows "Name <e-mail>" rather than an id. The list has at most 500 clients,
  // so the project's own client is added when it is not among them.
  const fieldValues = clientFieldValues(clients.some((option) => option.id === page.client.id) ? clients : [...clients, page.client]);
  // The picker leaves anonymised clients out, but the project keeps its own. The field contains its
  // id, and this option names it.
  const anonymized = page.client.anonymizedAt !== null;
  const ownAnonymizedOption = anonymized
    ? [{ id: page.client.id, name: clientDisplayName(page.client.name), email: null, value: page.client.id }]
    : [];

  // Only what the page needs: the project row also contains the share token hash and its encrypted copy.
  return json({
    project: {
      id: page.project.id,
      name: page.project.name,
      deadline: page.project.deadline,
      status: page.project.status,
      freeRevisionRounds: page.project.freeRevisionRounds,
      clientLocale: page.project.clientLocale,
    },
    client: {
      id: page.client.id,
      name: clientDisplayName(page.client.name),
      email: page.client.email,
      anonymized,
      fieldValue: fieldValues.get(page.client.id) ?? page.client.id,
    },
    tasks: taskList.tasks.map((task) => ({
      id: task.id,
      name: task.name,
      amount: task.amount,
      requiresAcceptance: task.requiresAcceptance,
      acceptance: task.acceptance,
      workStatus: task.workStatus,
      payment: task.payment,
      version: task.version,
      position: task.position,
    })),
    summary: taskList.summary,
    taskPage: { page: taskList.page, pageCount: taskList.pageCount, total: taskList.total },
    activity: toTimelineEntries(activityPage.items),
    hasMoreActivity: activityPage.hasMore,
    olderActivity: olderActivity !== null,
    clientLink,
    invitations: withInvitationRows(invitations),
    files,
    discussion,
    fixRequests: fixRequests && withFixRequestRows(fixRequests, { projectActive: page.project.status === "active" }),
    bills: withBillRows(bills),
    budget: budget satisfies BudgetGlanceData | null,
    warningPercent: user.budgetWarningPercent,
    clientOptions: [...clients.map((option) => ({ ...option, value: fieldValues.get(option.id) ?? option.id })), ...ownAnonymizedOption],
    today: warsawDay(),
  });
}

type ActionData = {
  intent: string | null;
  result?: SubmissionResult<string[]>;
  taskId?: string;
  error?: string;
};

/** Looks the task up among the freelancer's tasks of this project; anything else is a 404. */
async function requireProjectTask(db: Db, userId: string, projectId: string, taskId: string) {
  const task = await getTask(db, userId, taskId);
  if (!task || task.projectId !== projectId) notFound();
  return task;
}

// Intents that change the project's tasks: a completed project refuses them until it is reopened.
const TASK_INTENTS = new Set(["add-task", "set-status", "move-task", "delete-task"]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const db = context.db;

  const project = await getProject(db, user.id, params.projectId ?? "");
  if (!project) notFound();

  const formData = await readFormData(request);
  const intent = formData.get("intent");
  // Forms without an action post to the page's own URL, so its `?tasks=N` is the page of tasks
  // the freelancer was on, and the redirect goes back to it (with or without JavaScript).
  const projectPath = `/projects/${project.id}`;
  const tasksPage = pageFromSearch(new URL(request.url), TASKS_PAGE_PARAM);
  const back = (toast: Toast, page = tasksPage) => redirectWithToast(context.cloudflare.env, withTasksPage(projectPath, page), toast);
  const badRequest = (data: ActionData) => json<ActionData>(data, { status: 400 });
  const completedConflict = () =>
    json<ActionData>({ intent: typeof intent === "string" ? intent : null, error: projectsText.completedReadOnly }, { status: 409 });

  if (typeof intent === "string" && TASK_INTENTS.has(intent) && project.status !== "active") return completedConflict();

  switch (intent) {
    case "add-task": {
      const submission = parseWithValibot(formData, { schema: taskSchema });
      if (submission.status !== "success") return badRequest({ intent, result: submission.reply() });

      const task = await addTask(db, user.id, project.id, submission.value);
      if (task.requiresAcceptance) {
        await emailClientRecipients(context.cloudflare.env, db, { id: project.id, userId: user.id }, { kind: "task", taskId: task.id });
      }
      // A new task is last in the list, so the redirect shows the page it landed on.
      const landedOn = (await findTaskPage(db, { userId: user.id, projectId: project.id }, task.id)) ?? tasksPage;
      return back({ type: "success", message: tasksText.added(task.name) }, landedOn);
    }

    case "set-status": {
      const submission = parseWithValibot(formData, { schema: taskStatusSchema });
      if (submission.status !== "success")
        return badRequest({ intent, result: submission.reply(), error: projectsText.unknownIntent });

      const task = await requireProjectTask(db, user.id, project.id, submission.value.taskId);
      const result = await setTaskStatus(db, user.id, task.id, submission.value.status);
      if (result === "not_found") notFound();
      if (result === "project_completed") return completedConflict();
      const label = tasksText.workStatus[submission.value.status];
      return back({ type: result === "updated" ? "success" : "info", message: tasksText.statusChanged(task.name, label) });
    }

    case "move-task": {
      const submission = parseWithValibot(formData, { schema: moveTaskSchema });
      if (submission.status !== "success")
        return badRequest({ intent, result: submission.reply(), error: projectsText.unknownIntent });

      const task = await requireProjectTask(db, user.id, project.id, submission.value.taskId);
      const result = await moveTask(db, user.id, task.id, submission.value.direction, submission.value.position);
      if (result === "not_found") notFound();
      if (result === "project_completed") return completedConflict();
      if (result === "conflict") return back({ type: "info", message: tasksText.moveConflict });
      return back(
        result === "moved" ? { type: "success", message: tasksText.moved } : { type: "info", message: tasksText.atEdge },
      );
    }

    case "delete-task": {
      const submission = parseWithValibot(formData, { schema: taskIdSchema });
      if (submission.status !== "success")
        return badRequest({ intent, result: submission.reply(), error: projectsText.unknownIntent });

      const taskId = submission.value.taskId;
      const task = await getTask(db, user.id, taskId);
      // A second click on "Usuń" (or a second tab) finds the task already deleted, so it gets a
      // toast instead of an error page. Ids never deleted in this project stay a 404.
      if (!task && (await wasTaskDeleted(db, user.id, project.id, taskId))) {
        return back({ type: "info", message: tasksText.alreadyDeleted });
      }
      if (!task || task.projectId !== project.id) notFound();

      const result = await deleteTask(db, user.id, task.id);
      if (result === "deleted") return back({ type: "success", message: tasksText.deleted(task.name) });
      if (result === "project_completed") return completedConflict();
      if (result === "locked" || result === "conflict") {
        // A task on a bill (or paid through one) is locked; the message names the bill.
        const bill = result === "locked" ? await findTaskBill(db, { userId: user.id, projectId: project.id }, task.id) : null;
        let error: string = result === "locked" ? tasksText.deleteLocked : tasksText.deleteConflict;
        if (bill) error = bill.status === "paid" ? billsText.taskLockedPaid(bill.number) : billsText.taskLockedOnBill(bill.number);
        return json<ActionData>({ intent, taskId: task.id, error }, { status: 409 });
      }
      // "already_deleted" or "not_found": another request deleted it after it was read above.
      return back({ type: "info", message: tasksText.alreadyDeleted });
    }

    case "update-project": {
      const submission = parseWithValibot(formData, { schema: projectFormSchema(warsawDay(), project.deadline) });
      if (submission.status !== "success") return badRequest({ intent, result: submission.reply() });

      const resolved = await resolveProjectClient(db, user.id, submission.value.client, project.clientId);
      if (resolved.status === "not_found") notFound();
      if (resolved.status !== "found") {
        const message = clientFieldError(resolved) ?? projectsText.clientInvalid;
        return badRequest({ intent, result: submission.reply({ fieldErrors: { client: [message] } }) });
      }

      const { name, deadline, freeRevisionRounds } = submission.value;
      const result = await updateProject(db, user.id, project.id, {
        name,
        deadline: deadline || null,
        clientId: resolved.client.id,
        freeRevisionRounds,
        clientLocale: submission.value.clientLocale,
      });
      if (result === "not_found") notFound();
      if (result === "rounds_below_used") {
        const used = await countUsedRevisionRounds(db, project.id);
        return badRequest({ intent, result: submission.reply({ fieldErrors: { freeRevisionRounds: [fixRequestsText.roundsBelowUsed(used)] } }) });
      }
      if (result === "conflict") {
        return json<ActionData>({ intent, result: submission.reply({ formErrors: [projectsText.conflict] }) }, { status: 409 });
      }
      const changed = result === "updated";
      return back({ type: changed ? "success" : "info", message: changed ? projectsText.updated : projectsText.unchanged });
    }

    case "set-project-status": {
      const submission = parseWithValibot(formData, { schema: projectStatusSchema });
      if (submission.status !== "success")
        return badRequest({ intent, result: submission.reply(), error: projectsText.unknownIntent });

      const status = submission.value.status;
      const result = await setProjectStatus(db, user.id, project.id, status);
      if (result === "not_found") notFound();
      if (result === "unchanged") return back({ type: "info", message: projectsText.statusUnchanged });
      return back({ type: "success", message: status === "completed" ? projectsText.completed : projectsText.reopened });
    }

    case "set-budget-baseline": {
      const submission = parseWithValibot(formData, { schema: budgetBaselineSchema });
      if (submission.status !== "success") return badRequest({ intent, result: submission.reply() });

      if (!(await setBudgetBaseline(db, user.id, project.id, submission.value.amount))) notFound();
      return back({ type: "success", message: dashboardText.baselineSaved });
    }

    case "clear-budget-baseline": {
      if (!(await setBudgetBaseline(db, user.id, project.id, null))) notFound();
      return back({ type: "success", message: dashboardText.baselineCleared });
    }

    default:
      return badRequest({ intent: null, error: projectsText.unknownIntent });
  }
}
