import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Link, useActionData } from "@remix-run/react";
import { ClientForm } from "~/components/client-form";
import { clientsText } from "~/i18n/pl/clients";
import { createClient } from "~/models/clients.server";
import { clientSchema } from "~/schemas/clients";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: `${clientsText.add} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);

  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: clientSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply() }, { status: 400 });
  }

  const client = await createClient(context.db, user.id, submission.value);
  return redirectWithToast(context.cloudflare.env, `/clients/${client.id}`, {
    type: "success",
    message: clientsText.created(client.name),
  });
}

export default function NewClientPage() {
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to="/clients" className="link text-sm">
        ← {clientsText.listTitle}
      </Link>
      <div className="card">
        <h1 className="mb-4 text-xl font-bold">{clientsText.add}</h1>
        <ClientForm lastResult={actionData?.result} submitLabel={clientsText.submitCreate} />
      </div>
    </div>
  );
}
