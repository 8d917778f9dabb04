import { getFormProps, getInputProps, useForm } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json, redirect } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { ErrorList, Field } from "~/components/forms";
import { auth } from "~/i18n/pl/auth";
import { clientIp, hitRateLimit, RATE_LIMITS } from "~/models/rate-limit.server";
import { registerUser } from "~/models/user.server";
import { registerSchema } from "~/schemas/auth";
import { accountDeps, getCurrentSession } from "~/utils/auth.server";
import { sha256Hex } from "~/utils/crypto.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: `${auth.registerTitle} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentSession(request, context)) throw redirect("/dashboard");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: registerSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }

  const ipKey = `register:ip:${await sha256Hex(clientIp(request))}`;
  if (!(await hitRateLimit(context.db, ipKey, RATE_LIMITS.registerPerIp))) {
    return json(
      { result: submission.reply({ formErrors: [auth.registerRateLimited], hideFields: ["password"] }) },
      { status: 429 },
    );
  }

  await registerUser(accountDeps(context), submission.value);
  return redirectWithToast(context.cloudflare.env, "/login", { type: "success", message: auth.registerDone });
}

export default function RegisterPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
  });

  return (
    <AuthCard title={auth.registerTitle} intro={auth.registerIntro}>
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field label={auth.name} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
          {(aria) => <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="name" className="input" />}
        </Field>
        <Field label={auth.email} id={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
          {(aria) => <input {...getInputProps(fields.email, { type: "email" })} {...aria} autoComplete="email" className="input" />}
        </Field>
        <Field
          label={auth.password}
          id={fields.password.id}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
          hint={fields.password.errors ? undefined : auth.passwordTooShort}
        >
          {(aria) => (
            <input {...getInputProps(fields.password, { type: "password" })} {...aria} autoComplete="new-password" className="input" />
          )}
        </Field>
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          {auth.registerSubmit}
        </button>
      </Form>
      <p className="mt-6 text-sm">
        {auth.haveAccount}{" "}
        <Link to="/login" className="link">
          {auth.loginTitle}
        </Link>
      </p>
    </AuthCard>
  );
}
