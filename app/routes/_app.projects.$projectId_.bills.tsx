import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SelectionToggle } from "~/components/bill-selection";
import { BILL_SEND_FORM_ID, BillsPanel, type BillActionData } from "~/components/bills-panel";
import { ErrorPage } from "~/components/error-page";
import { billsText } from "~/i18n/pl.server";
import { billsPageText } from "~/i18n/pl/bills-page";
import { billsPanelText } from "~/i18n/pl/bills-panel";
import { withBillRows } from "~/models/bill-rows.server";
import {
  BILLS_PAGE_SIZE,
  cancelBill,
  createBill,
  billsPanelPlan,
  getBillDetail,
  isUnsubscribedAddress,
  payableTasksPlan,
  markBillPaidByHand,
  minutesUntilRateLimitReset,
  normalizeTaskIds,
  retryWaitText,
  type BillChangeResult,
  type BillRefusal,
} from "~/models/bills.server";
import { getClient } from "~/models/clients.server";
import { runReadPlans } from "~/db/read-plan.server";
import { ownedProjectClientPlan, ownedProjectPlan } from "~/models/owned-project.server";
import { getProject } from "~/models/projects.server";
import { hitRateLimit, RATE_LIMITS, refundRateLimit } from "~/models/rate-limit.server";
import { readClientLink } from "~/models/share.server";
import { getTpayConnectionSummary, onlinePaymentsEnabled } from "~/models/tpay-connections.server";
import { billIdSchema, billPaidSchema, billSendSchema, taskPaidSchema } from "~/schemas/bills";
import { requireUser } from "~/utils/auth.server";
import { requireSecret } from "~/utils/env.server";
import { readFormData } from "~/utils/form.server";
import { logError } from "~/utils/log.server";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";
import { sellerDetails } from "~/models/profile.server";
import { redirectWithToast } from "~/utils/toast.server";
import { PAYABLE_TASKS_PARAM } from "~/utils/bills";
import { pageFromSearch } from "~/utils/page-number";
import { Pagination } from "~/components/pagination";
import { TASKS_PAGE_PARAM, withTasksPage } from "~/utils/tasks-page";

// The freelancer's bills of one project. The project page's "Rachunki" panel and the
// "Nieopłacone" toggles and "Oznacz jako opłacone" forms of its task table post here; a change
// redirects back with a toast. The page itself lists every bill with pages and the payable
// tasks with their toggles, and shows a form refused without JavaScript again with its
// messages and selection. The trailing underscore keeps this route out of the project page's
// layout.

function projectPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}`;
}

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${billsPageText.pageTitle} · ${data.project.name} · Klamp` : `${billsPageText.pageTitle} · Klamp` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const projectId = params.projectId ?? "";
  const owner = { userId: user.id, projectId };
  const url = new URL(request.url);
  const page = pageFromSearch(url);

  // One batch: every read is scoped by the user, so another user's project id finds nothing.
  const { project, client, panel, payable } = await runReadPlans(context.db, {
    project: ownedProjectPlan(context.db, user.id, projectId),
    client: ownedProjectClientPlan(context.db, user.id, projectId),
    panel: billsPanelPlan(context.db, owner, { limit: BILLS_PAGE_SIZE, offset: (page - 1) * BILLS_PAGE_SIZE }),
    payable: payableTasksPlan(context.db, owner, pageFromSearch(url, PAYABLE_TASKS_PARAM)),
  });
  if (!project) notFound();
  return json({
    project: { id: project.id, name: project.name },
    recipientDefault: client?.email ?? "",
    panel: withBillRows(panel),
    payable: { ...payable, tasks: payable.tasks.map((task) => ({ id: task.id, name: task.name, amount: task.amount })) },
    page,
  });
}

/** Polish message for a selection that did not become a bill; `not_found` is a 404 instead. */
function refusalMessage(refusal: Exclude<BillRefusal, { code: "not_found" }>): string {
  switch (refusal.code) {
    case "empty":
      return billsText.selectionEmpty;
    case "too_many":
      return billsText.tooMany(refusal.max, plural(refusal.max, billsText.taskForms));
    case "paid":
      return billsText.taskPaid(refusal.taskName);
    case "payment_pending":
      return billsText.taskPaymentPending(refusal.taskName);
    case "on_bill":
      return billsText.taskOnBill(refusal.taskName, refusal.number);
    case "not_agreed":
      return billsText.taskNotAgreed(refusal.taskName);
    case "zero_amount":
      return billsText.taskZeroAmount(refusal.taskName);
    case "zero_total":
      return billsText.zeroTotal;
    case "changed":
      return billsText.changed;
    case "link_changed":
      return billsText.sharingOff;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const db = context.db;
  const env = context.cloudflare.env;
  const project = await getProject(db, user.id, params.projectId ?? "");
  if (!project) notFound();

  const owner = { userId: user.id, projectId: project.id };
  const deps = { env, tpayFetch: context.tpayFetch };
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  // The project page's forms send the page of its task list they were on, to return to it.
  const tasksPage = Number(formData.get(TASKS_PAGE_PARAM));
  const projectReturn = withTasksPage(projectPath(project.id), Number.isSafeInteger(tasksPage) ? tasksPage : 1);
  const returnTo = formData.get("returnTo") === "list" ? billsPath(project.id) : `${projectReturn}#bills`;
  const back = (message: string) => redirectWithToast(env, returnTo, { type: "success", message });

  if (intent === "send") {
    const selected = normalizeTaskIds(formData.getAll("taskId"));
    const submission = parseWithValibot(formData, { schema: billSendSchema });
    const refuse = (status: number, message: string) =>
      json<BillActionData>({ intent, result: submission.reply({ formErrors: [message] }), selected }, { status });
    if (submission.status !== "success") return json<BillActionData>({ intent, result: submission.reply(), selected }, { status: 400 });
    if (selected.length === 0) return refuse(400, billsText.selectionEmpty);

    const email = submission.value.email;
    // The bill opens through the client link, so it is sent only while sharing is on.
    if (!project.shareTokenHash) return refuse(409, billsText.sharingOff);
    const clientLink = await readClientLink(requireSecret(env, "ENCRYPTION_KEY"), env.APP_ORIGIN, project);
    if (!clientLink) return refuse(409, billsText.linkUnavailable);
    if (await isUnsubscribedAddress(db, owner, email)) return refuse(409, billsText.unsubscribed(email));
    // Only bills actually sent fill the window: a refused attempt is taken back.
    const limitKey = `bill_email:account:${user.id}`;
    if (!(await hitRateLimit(db, limitKey, RATE_LIMITS.billEmailPerAccount))) {
      await refundRateLimit(db, limitKey, RATE_LIMITS.billEmailPerAccount);
      return refuse(429, billsText.rateLimited(retryWaitText(minutesUntilRateLimitReset(RATE_LIMITS.billEmailPerAccount))));
    }

    const [client, connection] = await Promise.all([getClient(db, user.id, project.clientId), getTpayConnectionSummary(db, user.id)]);
    const created = await createBill(db, {
      owner,
      createdBy: "freelancer",
      taskIds: selected,
      shareTokenHash: project.shareTokenHash,
      email: {
        to: email,
        toName: client?.email?.toLowerCase() === email ? client.name : null,
        data: (bill) => ({
          locale: project.clientLocale,
          projectName: project.name,
          freelancerName: user.name,
          number: bill.number,
          items: bill.items,
          total: bill.total,
          billUrl: `${clientLink}/bills/${bill.id}`,
          onlinePayments: onlinePaymentsEnabled(connection),
          seller: sellerDetails(user),
        }),
      },
    });
    if (created.status === "refused") {
      await refundRateLimit(db, limitKey, RATE_LIMITS.billEmailPerAccount);
      if (created.refusal.code === "not_found") notFound();
      return refuse(409, refusalMessage(created.refusal));
    }
    if (created.outboxId) {
      try {
        await env.EMAIL_QUEUE.send({ outboxId: created.outboxId });
      } catch (error) {
        // The row stays `queued`; the scheduled job re-queues such rows after 10 minutes.
        logError("bill.queue_failed", error, { outboxId: created.outboxId, billId: created.bill.id });
      }
    }
    return back(billsText.sent(created.bill.number, email));
  }

  if (intent === "cancel" || intent === "mark-paid") {
    const submission = parseWithValibot(formData, { schema: intent === "cancel" ? billIdSchema : billPaidSchema });
    if (submission.status !== "success") {
      // The posted bill id lets the bills page show the messages at that bill's form.
      const postedBillId = formData.get("billId");
      return json<BillActionData>(
        {
          intent,
          billId: typeof postedBillId === "string" ? postedBillId : undefined,
          result: submission.reply(),
          error: intent === "cancel" ? billsText.invalidIntent : undefined,
        },
        { status: 400 },
      );
    }
    const billId = submission.value.billId;
    const detail = await getBillDetail(db, owner, billId);
    if (!detail) notFound();

    let result: BillChangeResult;
    if (intent === "cancel") {
      result = await cancelBill(db, deps, owner, billId, "freelancer");
    } else {
      const { method, note } = submission.value as { method: "cash" | "transfer"; note?: string };
      result = await markBillPaidByHand(db, deps, owner, billId, { method, note: note || null });
    }
    if (result === "not_found") notFound();
    if (result !== "done") {
      return json<BillActionData>(
        { intent, billId, error: billsText.billNotUnpaid, result: submission.reply({ formErrors: [billsText.billNotUnpaid] }) },
        { status: 409 },
      );
    }
    if (intent === "cancel") return back(billsText.cancelled(detail.bill.number));
    const method = (submission.value as { method: "cash" | "transfer" }).method;
    return back(billsText.markedPaid(detail.bill.number, billsText.methods[method]));
  }

  if (intent === "task-paid") {
    const submission = parseWithValibot(formData, { schema: taskPaidSchema });
    if (submission.status !== "success") {
      // The task table is not on the bills page, so the first message is shown at its top.
      return json<BillActionData>({ intent, result: submission.reply(), error: firstErrorMessage(submission.error) }, { status: 400 });
    }
    const { taskId, method, note } = submission.value;
    const created = await createBill(db, { owner, createdBy: "freelancer", taskIds: [taskId], manual: { method, note: note || null } });
    if (created.status === "refused") {
      if (created.refusal.code === "not_found") notFound();
      const message = refusalMessage(created.refusal);
      return json<BillActionData>({ intent, taskId, error: message, result: submission.reply({ formErrors: [message] }) }, { status: 409 });
    }
    const detail = await getBillDetail(db, owner, created.bill.id);
    const name = detail?.items[0]?.name ?? "";
    return redirectWithToast(env, projectReturn, { type: "success", message: billsText.taskMarkedPaid(name, billsText.methods[method]) });
  }

  return json<BillActionData>({ intent: null, error: billsText.invalidIntent }, { status: 400 });
}

/** Returns the first message of a rejected submission, for a page that cannot show it at its field. */
function firstErrorMessage(errors: Record<string, string[] | null> | null | undefined): string {
  for (const messages of Object.values(errors ?? {})) if (messages?.[0]) return messages[0];
  return billsText.invalidIntent;
}

function billsPath(projectId: string): string {
  return `${projectPath(projectId)}/bills`;
}

export default function BillsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link to={projectPath(data.project.id)} className="link text-sm">
        ← {billsPageText.backToProject}: {data.project.name}
      </Link>
      <BillsPanel
        projectId={data.project.id}
        panel={data.panel}
        recipientDefault={data.recipientDefault}
        page={data.page}
        actionData={actionData}
        selection={<PayableTasks payable={data.payable} selected={actionData?.intent === "send" ? (actionData.selected ?? []) : []} />}
      />
    </div>
  );
}

/**
 * Lists one page of the payable tasks with their "Nieopłacone" toggles, which join the panel's
 * send form, so a bill takes tasks from the page shown. A form refused without JavaScript shows
 * its tasks selected again.
 */
function PayableTasks({
  payable: { tasks, page, hasMore },
  selected,
}: {
  payable: { tasks: { id: string; name: string; amount: number }[]; page: number; hasMore: boolean };
  selected: string[];
}) {
  if (tasks.length === 0 && page <= 1) return <p className="text-sm text-slate-600">{billsPageText.noPayableTasks}</p>;
  return (
    <>
      <ul className="divide-y divide-slate-100 text-sm" aria-label={billsPanelText.selectionTitle}>
        {tasks.map((task) => (
          <li key={task.id} className="flex items-center justify-between gap-3 py-2">
            <span className="min-w-0 [overflow-wrap:anywhere]">{task.name}</span>
            <span className="flex shrink-0 items-center gap-3">
              <span className="tabular-nums">{formatMoney(task.amount)}</span>
              <SelectionToggle
                formId={BILL_SEND_FORM_ID}
                taskId={task.id}
                amount={task.amount}
                label={billsPanelText.toggle}
                accessibleLabel={billsPanelText.toggleLabel(task.name)}
                defaultChecked={selected.includes(task.id)}
              />
            </span>
          </li>
        ))}
      </ul>
      <Pagination page={page} hasMore={hasMore} param={PAYABLE_TASKS_PARAM} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
