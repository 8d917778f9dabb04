import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ClientForm } from "~/components/client-form";
import { ErrorPage } from "~/components/error-page";
import { clientsText } from "~/i18n/pl/clients";
import { common } from "~/i18n/pl/common";
import { projectsText } from "~/i18n/pl/projects";
import { runReadPlans } from "~/db/read-plan.server";
import { anonymizationPreviewPlan, anonymizeClient, type AnonymizationPreview } from "~/models/client-anonymize.server";
import { clientPagePlan, countClientProjects, deleteClient, getClient, updateClient, wasClientDeleted } from "~/models/clients.server";
import { clientSchema } from "~/schemas/clients";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { formatDate, formatDay } from "~/utils/dates";
import { countLabel, PROJECT_FORMS } from "~/utils/plural";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.client ? `${data.client.name} · ${clientsText.title} · Klamp` : `${clientsText.anonymizedTitle} · Klamp` },
];

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const clientId = params.clientId ?? "";

  // One batch: every read is scoped by the user, so another user's client id finds nothing.
  const { page, anonymization } = await runReadPlans(context.db, {
    page: clientPagePlan(context.db, user.id, clientId),
    anonymization: anonymizationPreviewPlan(context.db, user.id, clientId),
  });
  const { client, projectCount, projects } = page;
  if (!client) notFound();

  // An anonymised client's page shows a notice (410 Gone) and still links to the projects that stay.
  if (client.anonymizedAt) {
    return json({ client: null, anonymizedAt: client.anonymizedAt, projectCount, projects, preview: null }, { status: 410 });
  }
  const preview = projectCount > 0 ? anonymization : null;
  return json({
    client: {
      id: client.id,
      name: client.name,
      email: client.email,
      phone: client.phone,
      nip: client.nip,
      address: client.address,
      notes: client.notes,
    },
    anonymizedAt: null,
    projectCount,
    projects,
    preview,
  });
}

/** Returns a rejected "Usuń klienta" with its Polish message, shown in the delete section. */
function deleteRefused(message: string, status: number) {
  return json({ result: null, deleteError: message }, { status });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const env = context.cloudflare.env;
  const clientId = params.clientId ?? "";

  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const deleting = intent === "delete" || intent === "anonymize";
  const alreadyDeleted = () => redirectWithToast(env, "/clients", { type: "info", message: clientsText.alreadyDeleted });

  // The client is looked up before the form is validated, so an id that is not the freelancer's
  // gets a 404 whatever the form holds. A second "Usuń klienta" finds the client already deleted
  // or anonymised, and an anonymised client cannot be edited.
  const client = await getClient(context.db, user.id, clientId);
  if (!client) {
    if (deleting && (await wasClientDeleted(context.db, user.id, clientId))) return alreadyDeleted();
    notFound();
  }
  if (client.anonymizedAt) {
    if (deleting) return alreadyDeleted();
    notFound();
  }

  if (intent === "delete") {
    const result = await deleteClient(context.db, user.id, client.id);
    if (result === "not_found" || result === "already_deleted") return alreadyDeleted();
    if (result === "in_use") {
      // The page now shows what anonymising the client removes and keeps, with the confirmation.
      const count = await countClientProjects(context.db, user.id, client.id);
      return deleteRefused(clientsText.confirmNeeded(countLabel(count, PROJECT_FORMS)), 409);
    }
    return redirectWithToast(env, "/clients", { type: "success", message: clientsText.deleted(client.name) });
  }

  if (intent === "anonymize") {
    if (formData.get("confirm") !== "on") return deleteRefused(clientsText.confirmRequired, 400);
    const result = await anonymizeClient(context.db, env.FILES, user.id, client.id);
    switch (result.outcome) {
      case "anonymized":
        return redirectWithToast(env, "/clients", { type: "success", message: clientsText.anonymized });
      case "not_found":
      case "already_deleted":
        return alreadyDeleted();
      case "payment_in_progress": {
        const bills = result.bills.map((bill) => clientsText.paymentInProgressBill(bill.number, bill.projectName)).join(", ");
        return deleteRefused(clientsText.paymentInProgress(bills), 409);
      }
      case "conflict":
        return deleteRefused(clientsText.conflict, 409);
      case "no_projects": {
        // The projects moved to other clients meanwhile: nothing is left to keep, so the client is deleted.
        const deleted = await deleteClient(context.db, user.id, client.id);
        if (deleted === "deleted") return redirectWithToast(env, "/clients", { type: "success", message: clientsText.deleted(client.name) });
        if (deleted === "in_use") return deleteRefused(clientsText.conflict, 409);
        return alreadyDeleted();
      }
    }
  }

  if (intent !== "save") {
    return json({ result: null, deleteError: projectsText.unknownIntent }, { status: 400 });
  }

  const submission = parseWithValibot(formData, { schema: clientSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), deleteError: null }, { status: 400 });
  }

  const result = await updateClient(context.db, user.id, client.id, submission.value);
  if (result === "not_found") notFound();
  if (result === "conflict") {
    return json({ result: submission.reply({ formErrors: [clientsText.conflict] }), deleteError: null }, { status: 409 });
  }
  const changed = result === "updated";
  return redirectWithToast(env, `/clients/${client.id}`, {
    type: changed ? "success" : "info",
    message: changed ? clientsText.updated : clientsText.unchanged,
  });
}

type ClientProject = { id: string; name: string; status: "active" | "completed"; deadline: string | null };

export default function ClientPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!data.client) return <AnonymizedClientPage anonymizedAt={data.anonymizedAt} projects={data.projects} />;
  const { client, projectCount, projects, preview } = data;

  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/clients" className="link text-sm">
        ← {clientsText.listTitle}
      </Link>

      <div className="card">
        <h1 className="mb-1 [overflow-wrap:anywhere] text-xl font-bold">{client.name}</h1>
        <p className="mb-4 text-sm text-slate-500">{clientsText.editTitle}</p>
        {/* Keyed by the client so that moving between clients starts from fresh values. */}
        <ClientForm key={client.id} lastResult={actionData?.result} defaultValue={client} submitLabel={common.save} />
      </div>

      <section className="card space-y-3" aria-labelledby="client-projects">
        <h2 id="client-projects" className="text-lg font-semibold">
          {projectsText.title}
        </h2>
        <p className="text-sm text-slate-600">
          {projectCount > 0 ? clientsText.projectsOfClient(countLabel(projectCount, PROJECT_FORMS)) : clientsText.noProjects}
        </p>
        <ProjectList projects={projects} />
        <Link to={`/projects/new?client=${client.id}`} className="btn-secondary btn-small">
          {clientsText.createProjectForClient}
        </Link>
      </section>

      <section className="card space-y-3" aria-labelledby="client-delete">
        <h2 id="client-delete" className="text-lg font-semibold">
          {clientsText.deleteTitle}
        </h2>
        {actionData?.deleteError ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {actionData.deleteError}
          </p>
        ) : null}
        {preview ? (
          <AnonymizeForm preview={preview} />
        ) : (
          <>
            <p className="text-sm text-slate-600">{clientsText.deleteHelp}</p>
            <Form
              method="post"
              onSubmit={(event) => {
                if (!window.confirm(clientsText.deleteConfirm)) event.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="btn-danger">
                {clientsText.deleteTitle}
              </button>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

function ProjectList({ projects }: { projects: ClientProject[] }) {
  if (projects.length === 0) return null;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {projects.map((project) => (
        <li key={project.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
          <Link to={`/projects/${project.id}`} className="link [overflow-wrap:anywhere]">
            {project.name}
          </Link>
          <span className="text-xs text-slate-500">
            {project.status === "completed" ? projectsText.statusCompleted : projectsText.statusActive}
            {project.deadline ? ` · ${formatDay(project.deadline)}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * "Usuń klienta" for a client with projects: what goes and what stays, a checkbox the freelancer
 * must tick, and the button. The server rejects the deletion while a Tpay payment is in progress,
 * so the form is left out then and the message explains what to do.
 */
function AnonymizeForm({ preview }: { preview: AnonymizationPreview }) {
  const inProgress = preview.paymentsInProgress;
  return (
    <div className="space-y-3 text-sm" data-testid="client-anonymize">
      <p className="text-slate-700">{clientsText.anonymizeIntro(countLabel(preview.projectCount, PROJECT_FORMS))}</p>
      <div>
        <h3 className="font-semibold">{clientsText.removedTitle}</h3>
        <ul className="list-disc space-y-1 pl-5 text-slate-700">
          <li>{clientsText.removedClientData}</li>
          <li>{clientsText.removedBills(preview.deletedBills)}</li>
          <li>{clientsText.removedInvitations(preview.invitations)}</li>
          {preview.sharedProjectCount > 0 ? <li>{clientsText.removedClientLink}</li> : null}
          <li>{clientsText.removedMessages(preview.clientMessages)}</li>
          <li>{clientsText.removedFiles(preview.clientFiles)}</li>
          <li>{clientsText.removedReports(preview.reports)}</li>
          <li>{clientsText.removedTraces}</li>
        </ul>
      </div>
      <div>
        <h3 className="font-semibold">{clientsText.keptTitle}</h3>
        <ul className="list-disc space-y-1 pl-5 text-slate-700">
          <li>{clientsText.keptProjects(preview.projectCount)}</li>
          <li>{clientsText.keptOwnContent}</li>
          <li>{clientsText.keptBills(preview.keptBills)}</li>
        </ul>
      </div>
      {inProgress.length > 0 ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
          {clientsText.paymentInProgress(inProgress.map((bill) => clientsText.paymentInProgressBill(bill.number, bill.projectName)).join(", "))}
        </p>
      ) : (
        <Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="anonymize" />
          <label className="flex items-start gap-2">
            <input type="checkbox" name="confirm" required className="mt-1" />
            <span>{clientsText.confirmLabel}</span>
          </label>
          <button type="submit" className="btn-danger">
            {clientsText.deleteTitle}
          </button>
        </Form>
      )}
    </div>
  );
}

function AnonymizedClientPage({ anonymizedAt, projects }: { anonymizedAt: string; projects: ClientProject[] }) {
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/clients" className="link text-sm">
        ← {clientsText.listTitle}
      </Link>
      <div className="card space-y-3" data-testid="client-anonymized">
        <h1 className="text-xl font-bold">{clientsText.anonymizedTitle}</h1>
        <p className="text-sm text-slate-600">{clientsText.anonymizedNotice(formatDate(anonymizedAt))}</p>
        {projects.length > 0 ? (
          <>
            <h2 className="text-lg font-semibold">{clientsText.anonymizedProjects}</h2>
            <ProjectList projects={projects} />
          </>
        ) : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
