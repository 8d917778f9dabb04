import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ClientForm } from "~/components/client-form";
import { ErrorPage } from "~/components/error-page";
import { clientsText, common, projectsText } from "~/i18n/pl";
import { countClientProjects, deleteClient, getClient, updateClient, wasClientDeleted } from "~/models/clients.server";
import { listClientProjects } from "~/models/projects.server";
import { clientSchema } from "~/schemas/clients";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { formatDay } from "~/utils/dates";
import { countLabel, PROJECT_FORMS } from "~/utils/plural";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.client.name} · ${clientsText.title} · Klamp` : `${clientsText.editTitle} · Klamp` },
];

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  const client = await getClient(context.db, user.id, params.clientId ?? "");
  if (!client) notFound();

  const [projectCount, projects] = await Promise.all([
    countClientProjects(context.db, user.id, client.id),
    listClientProjects(context.db, user.id, client.id),
  ]);
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
    projectCount,
    projects,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const env = context.cloudflare.env;
  const clientId = params.clientId ?? "";

  const formData = await readFormData(request);
  const intent = formData.get("intent");

  // The client is looked up before the form is validated, so an id that is not the freelancer's
  // gets a 404 whatever the form holds. A second "Usuń klienta" finds the client already deleted.
  const client = await getClient(context.db, user.id, clientId);
  if (!client) {
    if (intent === "delete" && (await wasClientDeleted(context.db, user.id, clientId))) {
      return redirectWithToast(env, "/clients", { type: "info", message: clientsText.alreadyDeleted });
    }
    notFound();
  }

  if (intent === "delete") {
    const result = await deleteClient(context.db, user.id, client.id);
    if (result === "not_found" || result === "already_deleted") {
      return redirectWithToast(env, "/clients", { type: "info", message: clientsText.alreadyDeleted });
    }
    if (result === "in_use") {
      const count = await countClientProjects(context.db, user.id, client.id);
      return json({ result: null, deleteError: clientsText.inUse(countLabel(count, PROJECT_FORMS)) }, { status: 409 });
    }
    return redirectWithToast(env, "/clients", { type: "success", message: clientsText.deleted(client.name) });
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

export default function ClientPage() {
  const { client, projectCount, projects } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();

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
        {projects.length > 0 ? (
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
        ) : null}
        <Link to={`/projects/new?client=${client.id}`} className="btn-secondary btn-small">
          {clientsText.createProjectForClient}
        </Link>
      </section>

      <section className="card space-y-3" aria-labelledby="client-delete">
        <h2 id="client-delete" className="text-lg font-semibold">
          {clientsText.deleteTitle}
        </h2>
        <p className="text-sm text-slate-600">{clientsText.deleteHelp}</p>
        {actionData?.deleteError ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {actionData.deleteError}
          </p>
        ) : null}
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
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
