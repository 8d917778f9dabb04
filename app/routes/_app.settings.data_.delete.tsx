import { getFormProps, getInputProps, useForm, type SubmissionResult } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { ErrorList, Field } from "~/components/forms";
import { accountDeletionText as t } from "~/i18n/pl/account-deletion";
import { auth } from "~/i18n/pl/auth";
import { common } from "~/i18n/pl/common";
import { nav } from "~/i18n/pl/nav";
import { countSubscriptionPayments, deleteAccount } from "~/models/account-deletion.server";
import { MAX_PASSWORD_LENGTH } from "~/utils/form-limits";
import { getSessionCookie, requireSession } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

// Settings → "Twoje dane" → "Usuń konto": what is deleted, what the law requires to be kept,
// and the confirmation with the current password. A read-only account may post here too
// (READ_ONLY_ALLOWED_PATHS), because deleting the account is the user's right whatever the subscription.

export const meta: MetaFunction = () => [{ title: `${t.title} · Klamp` }];

const deletionSchema = v.object(
  { password: v.pipe(v.string(auth.passwordMissing), v.maxLength(MAX_PASSWORD_LENGTH, auth.passwordTooLong)) },
  common.required,
);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireSession(request, context);
  const subscriptionPayments = await countSubscriptionPayments(context.db, session.user.id);
  return json({ email: session.user.email, pinSession: session.pinTokenId !== null, subscriptionPayments });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireSession(request, context);
  const env = context.cloudflare.env;
  const formData = await readFormData(request);

  const submission = parseWithValibot(formData, { schema: deletionSchema });
  // Like Settings → Bezpieczeństwo, a session opened with a PIN has no password to confirm
  // with until it sets a new one there.
  if (session.pinTokenId) {
    return json({ result: submission.reply({ formErrors: [t.pinSession], hideFields: ["password"] }) }, { status: 403 });
  }
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }

  const outcome = await deleteAccount(
    { db: context.db, emailQueue: env.EMAIL_QUEUE },
    { userId: session.user.id, password: submission.value.password },
  );
  if (outcome.status === "rate_limited") {
    return json({ result: submission.reply({ formErrors: [t.tooManyAttempts], hideFields: ["password"] }) }, { status: 429 });
  }
  if (outcome.status === "payment_in_progress") {
    return json({ result: submission.reply({ formErrors: [t.paymentInProgress], hideFields: ["password"] }) }, { status: 409 });
  }
  if (outcome.status === "password_wrong") {
    return json({ result: submission.reply({ fieldErrors: { password: [t.passwordWrong] }, hideFields: ["password"] }) }, { status: 400 });
  }

  // Deleted by this request or by a concurrent one: either way the session row went with the account.
  const cleared = await getSessionCookie(env).serialize("", { maxAge: 0 });
  return redirectWithToast(env, "/login", { type: "success", message: t.deleted }, { "Set-Cookie": cleared });
}

export default function AccountDeletionPage() {
  const { email, pinSession, subscriptionPayments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{nav.settings}</p>
        <h1 className="text-2xl font-bold">{t.title}</h1>
      </div>

      <p className="max-w-2xl rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">{t.irreversible}</p>

      <section className="card max-w-2xl" aria-labelledby="deleted-heading">
        <h2 id="deleted-heading" className="text-lg font-semibold">
          {t.deletedTitle}
        </h2>
        <p className="mt-2 text-sm">{t.deletedIntro}</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
          {t.deletedItems.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
        <p className="mt-3 text-sm">{t.clientLinks}</p>
        <p className="mt-2 text-sm">{t.accessEnds}</p>
      </section>

      <section className="card max-w-2xl" aria-labelledby="kept-heading">
        <h2 id="kept-heading" className="text-lg font-semibold">
          {t.keptTitle}
        </h2>
        <p className="mt-2 text-sm">{t.keptText}</p>
        <p className="mt-2 text-sm font-medium">{subscriptionPayments > 0 ? t.keptCount(subscriptionPayments) : t.keptNone}</p>
      </section>

      <section className="card max-w-2xl" aria-labelledby="export-heading">
        <h2 id="export-heading" className="text-lg font-semibold">
          {t.exportTitle}
        </h2>
        <p className="mt-2 text-sm">{t.exportText}</p>
        <p className="mt-2 text-sm">
          <Link to="/settings/data" className="link">
            {t.exportLink}
          </Link>
        </p>
      </section>

      <section className="card max-w-2xl" aria-labelledby="confirm-heading">
        <h2 id="confirm-heading" className="text-lg font-semibold">
          {t.confirmTitle}
        </h2>
        {pinSession ? (
          <div className="mt-2 space-y-2 text-sm">
            <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900" role="status">
              {t.pinSession}
            </p>
            <Link to="/settings/security" className="link">
              {t.pinSessionLink}
            </Link>
          </div>
        ) : (
          <DeletionForm email={email} lastResult={actionData?.result} />
        )}
      </section>
    </div>
  );
}

function DeletionForm({ email, lastResult }: { email: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
  });
  return (
    <Form method="post" className="mt-2 space-y-4" {...getFormProps(form)}>
      <p className="text-sm">{t.confirmText(email)}</p>
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field label={t.password} id={fields.password.id} errorId={fields.password.errorId} errors={fields.password.errors}>
        {(aria) => (
          <input {...getInputProps(fields.password, { type: "password" })} {...aria} autoComplete="current-password" className="input" />
        )}
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-danger" disabled={navigation.state === "submitting"}>
          {t.submit}
        </button>
        <Link to="/settings/data" className="btn-secondary">
          {t.cancel}
        </Link>
      </div>
    </Form>
  );
}
