import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ClientPagination } from "~/components/client-pagination";
import { ClientLinkErrorBoundary, ClientShell } from "~/components/client-shell";
import { ClientBillsSection, ClientTaskBill, clientBillPath, clientRetryWait, type ClientBillActionData } from "~/components/client-bills";
import { runReadPlan, runReadPlans } from "~/db/read-plan.server";
import type { ClientText } from "~/i18n/client";
import { ClientTextProvider, useClientText } from "~/i18n/client-context";
import { useClientPageText } from "~/i18n/client-page-text";
import { clientPageText, clientText } from "~/i18n/client-page-text.server";
import { clientPageHandle } from "~/i18n/client-shell";
import { BILLS_PAGE_SIZE, clientBillsPanelPlan, createBill, minutesUntilRateLimitReset, normalizeTaskIds, payableTasksPlan, type BillRefusal } from "~/models/bills.server";
import { hitRateLimit, RATE_LIMITS, refundRateLimit } from "~/models/rate-limit.server";
import { CLIENT_PAGE_HEADERS, notFound, requireSharedProject } from "~/utils/client-link.server";
import { readFormData } from "~/utils/form.server";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";
import { redirectWithToast } from "~/utils/toast.server";
import { PAYABLE_TASKS_PARAM } from "~/utils/bills";
import { pageFromSearch } from "~/utils/page-number";

// The client's bills, reached with the client link: /p/<token>/bills lists them a page at a
// time, and its action turns the "Opłać" selection of the client page into a bill and
// redirects to the bill's page, where "Zapłać teraz" is. The selected ids are looked up within
// the link's project only, and the total comes from the task rows, never from the form. The
// page also lists the payable tasks with their toggles, so a selection refused without
// JavaScript can be corrected here. The file name ends in `p.$token_` so that this page is not
// nested in the client page, which has no <Outlet>.

export const headers: HeadersFunction = () => CLIENT_PAGE_HEADERS;

export const handle = clientPageHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.text.bills.title}: ${data.projectName} · Klamp` : "Klamp" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shared = await requireSharedProject(context, params.token);
  const url = new URL(request.url);
  const page = pageFromSearch(url);
  const owner = { userId: shared.project.userId, projectId: shared.project.id };
  const { panel, payable } = await runReadPlans(context.db, {
    panel: clientBillsPanelPlan(context.db, owner, { limit: BILLS_PAGE_SIZE, offset: (page - 1) * BILLS_PAGE_SIZE }),
    payable: payableTasksPlan(context.db, owner, pageFromSearch(url, PAYABLE_TASKS_PARAM)),
  });
  return json(
    {
      locale: shared.project.clientLocale,
      text: clientPageText(shared.project.clientLocale, ["bills"]),
      projectName: shared.project.name,
      panel,
      tasks: payable.tasks.map((task) => ({ id: task.id, name: task.name, amount: task.amount, acceptance: task.acceptance, payment: task.payment })),
      tasksPage: { page: payable.page, hasMore: payable.hasMore },
      page,
    },
    { headers: CLIENT_PAGE_HEADERS },
  );
}

function refusalMessage(t: ClientText["bills"], refusal: Exclude<BillRefusal, { code: "not_found" | "link_changed" }>): string {
  switch (refusal.code) {
    case "empty":
      return t.selectionEmpty;
    case "too_many":
      return t.tooMany(refusal.max, plural(refusal.max, t.taskForms));
    case "paid":
      return t.taskPaid(refusal.taskName);
    case "payment_pending":
      return t.taskPaymentPending(refusal.taskName);
    case "on_bill":
      return t.taskOnBill(refusal.taskName, refusal.number);
    case "not_agreed":
      return t.taskNotAgreed(refusal.taskName);
    case "zero_amount":
      return t.taskZeroAmount(refusal.taskName);
    case "zero_total":
      return t.zeroTotal;
    case "changed":
      return t.changed;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const shared = await requireSharedProject(context, token);
  const db = context.db;
  const env = context.cloudflare.env;
  const t = clientText(shared.project.clientLocale).bills;
  const owner = { userId: shared.project.userId, projectId: shared.project.id };

  const formData = await readFormData(request);
  const selected = normalizeTaskIds(formData.getAll("taskId"));
  const refuse = (status: number, error: string) => json<ClientBillActionData>({ error, selected }, { status, headers: CLIENT_PAGE_HEADERS });
  if (formData.get("intent") !== "create") return refuse(400, t.invalidForm);
  if (selected.length === 0) return refuse(400, t.selectionEmpty);

  // "Opłać" appears only while the freelancer's Tpay connection works: a client's bill exists
  // to be paid online.
  const panel = await runReadPlan(db, clientBillsPanelPlan(db, owner, { limit: 1 }));
  if (!panel.onlinePayments) return refuse(409, t.onlineDisabled);
  // Only bills actually created fill the window: a refused attempt is taken back.
  const limitKey = `client_bill:project:${owner.projectId}`;
  if (!(await hitRateLimit(db, limitKey, RATE_LIMITS.clientBillPerProject))) {
    await refundRateLimit(db, limitKey, RATE_LIMITS.clientBillPerProject);
    return refuse(429, t.rateLimited(clientRetryWait(t, minutesUntilRateLimitReset(RATE_LIMITS.clientBillPerProject))));
  }

  const created = await createBill(db, { owner, createdBy: "client", taskIds: selected, shareTokenHash: shared.project.shareTokenHash ?? "" });
  if (created.status === "refused") {
    await refundRateLimit(db, limitKey, RATE_LIMITS.clientBillPerProject);
    // An id of another project, or a link disabled or regenerated meanwhile: the one 404.
    if (created.refusal.code === "not_found" || created.refusal.code === "link_changed") notFound();
    return refuse(409, refusalMessage(t, created.refusal));
  }
  return redirectWithToast(env, clientBillPath(token, created.bill.id), { type: "success", message: t.created(created.bill.number) }, CLIENT_PAGE_HEADERS);
}

export default function ClientBillsPage() {
  const { text, projectName } = useLoaderData<typeof loader>();
  return (
    <ClientTextProvider value={useClientPageText(text)}>
      <ClientShell title={projectName}>
        <ClientBillsContent />
      </ClientShell>
    </ClientTextProvider>
  );
}

function ClientBillsContent() {
  const { panel, tasks, tasksPage, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token = "" } = useParams();
  const t = useClientText().bills;
  const selected = actionData?.selected ?? [];
  const payable = panel.onlinePayments ? tasks : [];
  return (
    <>
      <Link to={`/p/${encodeURIComponent(token)}`} className="link text-sm">
        ← {t.backToProject}
      </Link>
      {payable.length > 0 ? (
        <ul className="card divide-y divide-slate-100 text-sm" aria-label={t.selectionTitle}>
          {payable.map((task) => (
            <li key={task.id} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0 [overflow-wrap:anywhere]">{task.name}</span>
              <span className="flex shrink-0 items-center gap-3">
                <span className="tabular-nums">{formatMoney(task.amount)}</span>
                <ClientTaskBill task={task} panel={panel} defaultChecked={selected.includes(task.id)} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {panel.onlinePayments ? <ClientPagination page={tasksPage.page} hasMore={tasksPage.hasMore} text={t} param={PAYABLE_TASKS_PARAM} /> : null}
      <ClientBillsSection panel={panel} payableCount={payable.length} page={page} actionData={actionData} />
    </>
  );
}

export const ErrorBoundary = ClientLinkErrorBoundary;
