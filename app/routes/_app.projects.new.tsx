import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ProjectForm } from "~/components/project-form";
import { projectsText } from "~/i18n/pl";
import { getClient, listClientOptions, resolveProjectClient } from "~/models/clients.server";
import { createProject } from "~/models/projects.server";
import { projectFormSchema } from "~/schemas/projects";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { warsawDay } from "~/utils/dates";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: `${projectsText.create} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);

  // ?client=<id> preselects one of the freelancer's clients (the link on a client's page).
  const preselectedId = new URL(request.url).searchParams.get("client");
  let preselected: string | undefined;
  if (preselectedId !== null) {
    const client = await getClient(context.db, user.id, preselectedId);
    if (!client) throw new Response("Not Found", { status: 404 });
    preselected = client.id;
  }

  const clientOptions = await listClientOptions(context.db, user.id);
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
  if (resolved.status === "invalid") {
    return json({ result: submission.reply({ fieldErrors: { client: [projectsText.clientInvalid] } }) }, { status: 400 });
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
