import { getFormProps, getInputProps, useForm } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { ErrorList, Field } from "~/components/forms";
import { auth } from "~/i18n/pl/auth";
import { clientIp, hitRateLimits, RATE_LIMITS } from "~/models/rate-limit.server";
import { normalizeEmail, requestPasswordPin } from "~/models/user.server";
import { reminderSchema } from "~/schemas/auth";
import { accountDeps } from "~/utils/auth.server";
import { sha256Hex } from "~/utils/crypto.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: `${auth.reminderTitle} · Klamp` }];

// "Przypomnij hasło", step 1: the e-mail address. The response is the same whether or not an
// account has that address, and both limits count unknown addresses too.
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: reminderSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply() }, { status: 400 });
  }

  const email = normalizeEmail(submission.value.email);
  const allowed = await hitRateLimits(context.db, [
    [`reminder:ip:${await sha256Hex(clientIp(request))}`, RATE_LIMITS.passwordReminderPerIp],
    [`reminder:account:${await sha256Hex(email)}`, RATE_LIMITS.passwordReminderPerAccount],
  ]);
  if (!allowed) {
    return json({ result: submission.reply({ formErrors: [auth.reminderRateLimited] }) }, { status: 429 });
  }

  await requestPasswordPin(accountDeps(context), email);
  return redirectWithToast(context.cloudflare.env, "/login", { type: "success", message: auth.reminderDone });
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
  });

  return (
    <AuthCard title={auth.reminderTitle} intro={auth.reminderIntro}>
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field label={auth.email} id={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
          {(aria) => <input {...getInputProps(fields.email, { type: "email" })} {...aria} autoComplete="email" className="input" />}
        </Field>
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          {auth.reminderSubmit}
        </button>
      </Form>
      <p className="mt-6 text-sm">
        <Link to="/login" className="link">
          {auth.backToLogin}
        </Link>
      </p>
    </AuthCard>
  );
}
