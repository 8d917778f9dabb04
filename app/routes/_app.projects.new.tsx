import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ProjectForm } from "~/components/project-form";
import { projectsText } from "~/i18n/pl/projects";
import { getClient, listClientOptions, resolveProjectClient } from "~/models/clients.server";
import { createProject } from "~/models/projects.server";
import { clientFieldError, clientFieldValues, projectFormSchema } from "~/schemas/projects";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { warsawDay } from "~/utils/dates";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: `${projectsText.create} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  // ?client=<id> preselects one of the freelancer's clients (the link on a client's page).
  const preselectedId = new URL(request.url).searchParams.get("client");
  const [preselectedClient, clients] = await Promise.all([
    preselectedId === null ? null : getClient(context.db, user.id, preselectedId),
    listClientOptions(context.db, user.id),
  ]);
  // An anonymised client takes no new projects, so its id is not found here.
  if (preselectedId !== null && (!preselectedClient || preselectedClient.anonymizedAt)) throw new Response("Not Found", { status: 404 });

  // The field shows "Name <e-mail>" rather than an id. The list has at most 500 clients, so a
  // preselected client that is not among them is added for the lookup.
  const choices =
    preselectedClient && !clients.some((option) => option.id === preselectedClient.id) ? [...clients, preselectedClient] : clients;
  const fieldValues = clientFieldValues(choices);
  const clientOptions = clients.map((option) => ({ ...option, value: fieldValues.get(option.id) ?? option.id }));
  const preselected = preselectedClient ? fieldValues.get(preselectedClient.id) : undefined;
  return json({ clientOptions, preselected, today: warsawDay() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);

  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: projectFormSchema(warsawDay()) });
  if (submission.status !== "success") {
    return json({ result: submission.reply() }, { status: 400 });
  }

  const resolved = await resolveProjectClient(context.db, user.id, submission.value.client);
  if (resolved.status === "not_found") throw new Response("Not Found", { status: 404 });
  if (resolved.status !== "found") {
    const message = clientFieldError(resolved) ?? projectsText.clientInvalid;
    return json({ result: submission.reply({ fieldErrors: { client: [message] } }) }, { status: 400 });
  }

  const { name, deadline } = submission.value;
  const project = await createProject(context.db, user.id, { name, deadline: deadline || null, clientId: resolved.client.id });
  const message = resolved.created
    ? projectsText.createdWithClient(project.name, resolved.client.email ?? resolved.client.name)
    : projectsText.created(project.name);
  return redirectWithToast(context.cloudflare.env, `/projects/${project.id}`, { type: "success", message });
}

export default function NewProjectPage() {
  const { clientOptions, preselected, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/projects" className="link text-sm">
        ← {projectsText.backToList}
      </Link>
      <div className="card">
        <h1 className="mb-4 text-xl font-bold">{projectsText.create}</h1>
        <ProjectForm
          formId="new-project"
          lastResult={actionData?.result}
          defaultValue={{ client: preselected }}
          clientOptions={clientOptions}
          today={today}
          submitLabel={projectsText.submitCreate}
        />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
