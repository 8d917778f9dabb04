import { getFormProps, getInputProps, useForm } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json, redirectDocument } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { ErrorList, Field } from "~/components/forms";
import { auth } from "~/i18n/pl/auth";
import { loginSchema } from "~/schemas/auth";
import { getAuthenticator, getCurrentSession, LoginError, safeRedirectPath, startSession } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: `${auth.loginTitle} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentSession(request, context)) {
    throw redirectDocument(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  }
  return json({});
}

const LOGIN_ERRORS: Record<LoginError["reason"], string> = {
  invalid: auth.loginInvalid,
  inactive: auth.loginInactive,
  pin_locked: auth.loginPinLocked,
  rate_limited: auth.loginRateLimited,
};

export async function action({ request, context }: ActionFunctionArgs) {
  // The strategy reads the body again from `request`, so this reads a copy.
  const formData = await readFormData(request.clone() as Request);
  const submission = parseWithValibot(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }

  try {
    const login = await getAuthenticator(context).authenticate("form", request);
    const cookie = await startSession(context, request, login);
    const target = login.pinTokenId ? "/settings/security" : safeRedirectPath(submission.value.redirectTo);
    // A full page load, not a client-side navigation: the target may be a download (an export
    // link from an e-mail), which Remix's client would fetch as page data and show as an empty page.
    return redirectDocument(target, { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (!(error instanceof LoginError)) throw error;
    const status = error.reason === "rate_limited" || error.reason === "pin_locked" ? 429 : 400;
    return json(
      { result: submission.reply({ formErrors: [LOGIN_ERRORS[error.reason]], hideFields: ["password"] }) },
      { status },
    );
  }
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
  });

  return (
    <AuthCard title={auth.loginTitle}>
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field label={auth.email} id={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
          {(aria) => <input {...getInputProps(fields.email, { type: "email" })} {...aria} autoComplete="email" className="input" />}
        </Field>
        <Field label={auth.password} id={fields.password.id} errorId={fields.password.errorId} errors={fields.password.errors}>
          {(aria) => (
            <input {...getInputProps(fields.password, { type: "password" })} {...aria} autoComplete="current-password" className="input" />
          )}
        </Field>
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          {auth.loginSubmit}
        </button>
      </Form>
      <div className="mt-6 flex flex-wrap justify-between gap-2 text-sm">
        <Link to="/forgot-password" className="link">
          {auth.forgotPassword}
        </Link>
        <span>
          {auth.noAccount}{" "}
          <Link to="/register" className="link">
            {auth.registerTitle}
          </Link>
        </span>
      </div>
    </AuthCard>
  );
}
