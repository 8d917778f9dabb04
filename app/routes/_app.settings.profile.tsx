import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList, Field } from "~/components/forms";
import { nav } from "~/i18n/pl/nav";
import { profileText } from "~/i18n/pl/profile";
import { getProfile, requestEmailChange, updateProfile } from "~/models/profile.server";
import { emailChangeSchema, profileSchema } from "~/schemas/profile";
import { accountDeps, requireUser } from "~/utils/auth.server";
import { formatIban } from "~/utils/iban";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

// Settings → Profil: the freelancer's details shown on bills, the budget warning percentage,
// and the e-mail change, which a link sent to the new address confirms.

export const meta: MetaFunction = () => [{ title: `${profileText.title} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const profile = await getProfile(context.db, user.id);
  if (!profile) throw new Response(null, { status: 404 });
  return json({ profile: { ...profile, bankAccount: profile.bankAccount ? formatIban(profile.bankAccount) : null } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const env = context.cloudflare.env;
  const formData = await readFormData(request);

  if (formData.get("intent") === "email") {
    const submission = parseWithValibot(formData, { schema: emailChangeSchema });
    if (submission.status !== "success") {
      return json({ intent: "email" as const, result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
    }
    const outcome = await requestEmailChange(accountDeps(context), { userId: user.id, ...submission.value });
    if (outcome === "sent") {
      return redirectWithToast(env, "/settings/profile", { type: "success", message: profileText.emailChangeSent(submission.value.newEmail) });
    }
    const reply = (options: { fieldErrors?: Record<string, string[]>; formErrors?: string[] }) =>
      ({ intent: "email" as const, result: submission.reply({ ...options, hideFields: ["password"] }) });
    if (outcome === "rate_limited") return json(reply({ formErrors: [profileText.tooManyAttempts] }), { status: 429 });
    if (outcome === "password_wrong") return json(reply({ fieldErrors: { password: [profileText.passwordWrong] } }), { status: 400 });
    const message = outcome === "same_address" ? profileText.emailSameAsCurrent : profileText.emailUnavailable;
    return json(reply({ fieldErrors: { newEmail: [message] } }), { status: 400 });
  }

  const submission = parseWithValibot(formData, { schema: profileSchema });
  if (submission.status !== "success") {
    return json({ intent: "profile" as const, result: submission.reply() }, { status: 400 });
  }
  await updateProfile(context.db, user.id, submission.value);
  return redirectWithToast(env, "/settings/profile", { type: "success", message: profileText.saved });
}

type LastResult = SubmissionResult<string[]> | undefined;

export default function ProfileSettingsPage() {
  const { profile } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{nav.settings}</p>
        <h1 className="text-2xl font-bold">{profileText.title}</h1>
      </div>
      <ProfileForm profile={profile} lastResult={actionData?.intent === "profile" ? actionData.result : undefined} />
      <EmailChangeForm email={profile.email} lastResult={actionData?.intent === "email" ? actionData.result : undefined} />
    </div>
  );
}

interface ProfileFormProps {
  profile: {
    name: string;
    company: string | null;
    nip: string | null;
    address: string | null;
    bankAccount: string | null;
    budgetWarningPercent: number;
  };
  lastResult: LastResult;
}

function ProfileForm({ profile, lastResult }: ProfileFormProps) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: {
      name: profile.name,
      company: profile.company ?? "",
      nip: profile.nip ?? "",
      address: profile.address ?? "",
      bankAccount: profile.bankAccount ?? "",
      budgetWarningPercent: String(profile.budgetWarningPercent),
    },
  });
  return (
    <section className="card max-w-xl" aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="text-lg font-semibold">
        {profileText.detailsTitle}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{profileText.detailsHelp}</p>
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="profile" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field label={profileText.name} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
          {(aria) => <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="name" className="input" />}
        </Field>
        <Field label={profileText.company} id={fields.company.id} errorId={fields.company.errorId} errors={fields.company.errors}>
          {(aria) => <input {...getInputProps(fields.company, { type: "text" })} {...aria} autoComplete="organization" className="input" />}
        </Field>
        <Field label={profileText.nip} id={fields.nip.id} errorId={fields.nip.errorId} errors={fields.nip.errors}>
          {(aria) => <input {...getInputProps(fields.nip, { type: "text" })} {...aria} inputMode="numeric" className="input" />}
        </Field>
        <Field label={profileText.address} id={fields.address.id} errorId={fields.address.errorId} errors={fields.address.errors}>
          {(aria) => <textarea {...getTextareaProps(fields.address)} {...aria} rows={3} autoComplete="street-address" className="input" />}
        </Field>
        <Field
          label={profileText.bankAccount}
          id={fields.bankAccount.id}
          errorId={fields.bankAccount.errorId}
          errors={fields.bankAccount.errors}
          hint={fields.bankAccount.errors ? undefined : profileText.bankAccountHint}
        >
          {(aria) => <input {...getInputProps(fields.bankAccount, { type: "text" })} {...aria} className="input tabular-nums" />}
        </Field>
        <Field
          label={profileText.budgetWarningPercent}
          id={fields.budgetWarningPercent.id}
          errorId={fields.budgetWarningPercent.errorId}
          errors={fields.budgetWarningPercent.errors}
          hint={fields.budgetWarningPercent.errors ? undefined : profileText.budgetWarningHint}
        >
          {(aria) => (
            <input {...getInputProps(fields.budgetWarningPercent, { type: "text" })} {...aria} inputMode="numeric" className="input w-32" />
          )}
        </Field>
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          {profileText.save}
        </button>
      </Form>
    </section>
  );
}

function EmailChangeForm({ email, lastResult }: { email: string; lastResult: LastResult }) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
  });
  return (
    <section className="card max-w-xl" aria-labelledby="email-heading">
      <h2 id="email-heading" className="text-lg font-semibold">
        {profileText.emailTitle}
      </h2>
      <p className="mt-1 text-sm">
        {profileText.currentEmail}: <strong className="[overflow-wrap:anywhere]">{email}</strong>
      </p>
      <p className="mt-1 text-sm text-slate-600">{profileText.emailHelp}</p>
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="email" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field label={profileText.newEmail} id={fields.newEmail.id} errorId={fields.newEmail.errorId} errors={fields.newEmail.errors}>
          {(aria) => <input {...getInputProps(fields.newEmail, { type: "email" })} {...aria} autoComplete="email" className="input" />}
        </Field>
        <Field label={profileText.password} id={fields.password.id} errorId={fields.password.errorId} errors={fields.password.errors}>
          {(aria) => (
            <input {...getInputProps(fields.password, { type: "password" })} {...aria} autoComplete="current-password" className="input" />
          )}
        </Field>
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          {profileText.requestEmailChange}
        </button>
      </Form>
    </section>
  );
}
