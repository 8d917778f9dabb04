import { getFormProps, getInputProps, useForm } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { ErrorList, Field } from "~/components/forms";
import { auth } from "~/i18n/pl/auth";
import { activateAccount, checkActivationToken } from "~/models/user.server";
import { activationSchema } from "~/schemas/auth";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: `${auth.activateTitle} · Klamp` }];

// Opening the link only shows a form: mail scanners that prefetch links must not activate.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const valid = await checkActivationToken(context.db, params.token ?? "");
  return json({ valid }, { status: valid ? 200 : 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!(await checkActivationToken(context.db, params.token ?? ""))) return json({ valid: false, result: null }, { status: 404 });
  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: activationSchema });
  if (submission.status !== "success") {
    return json({ valid: true, result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }

  const outcome = await activateAccount(context.db, params.token ?? "", submission.value.password);
  if (outcome.status === "invalid") return json({ valid: false, result: null }, { status: 404 });
  if (outcome.status !== "activated") {
    const message = outcome.status === "locked" ? auth.activationLocked : auth.activationWrongPassword;
    return json(
      { valid: outcome.status !== "locked", result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      { status: outcome.status === "locked" ? 429 : 400 },
    );
  }
  return redirectWithToast(context.cloudflare.env, "/login", { type: "success", message: auth.activated });
}

export default function ActivatePage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const valid = actionData ? actionData.valid : loaderData.valid;
  const [form, fields] = useForm({
    lastResult: actionData?.result,
  });

  return (
    <AuthCard title={auth.activateTitle}>
      {valid ? (
        <Form method="post" className="space-y-4" {...getFormProps(form)}>
          <p className="text-sm text-slate-700">{auth.activateText}</p>
          <ErrorList id={form.errorId} errors={form.errors} />
          <Field label={auth.password} id={fields.password.id} errorId={fields.password.errorId} errors={fields.password.errors}>
            {(aria) => (
              <input {...getInputProps(fields.password, { type: "password" })} {...aria} autoComplete="current-password" className="input" />
            )}
          </Field>
          <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
            {auth.activateSubmit}
          </button>
        </Form>
      ) : (
        <div className="space-y-4">
          <ErrorList errors={actionData?.result?.error?.[""] ?? null} />
          <p className="text-sm text-red-700">{auth.activationInvalid}</p>
          <Link to="/register" className="btn-secondary">
            {auth.registerTitle}
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
