import { getFormProps, getInputProps, useForm } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useId, useState, type FormEvent } from "react";
import { ErrorList } from "~/components/forms";
import { nav } from "~/i18n/pl/nav";
import { reportSettingsText as t } from "~/i18n/pl/report-settings";
import { getReportSettings, receiveReportLogo, removeReportLogo, setReportLogoShown, type LogoRejection } from "~/models/report-settings.server";
import { reportSettingsIntentSchema } from "~/schemas/report-settings";
import { requireUser } from "~/utils/auth.server";
import { formatFileSize } from "~/utils/file-size";
import { readFormData } from "~/utils/form.server";
import { multipartBoundary } from "~/utils/multipart.server";
import { LOGO_HEIGHT, LOGO_WIDTH, MAX_LOGO_BYTES } from "~/utils/report-logo";
import { redirectWithToast } from "~/utils/toast.server";

// Settings → "Raporty": the logo printed in the header of the PDF reports and the switch
// "pokazuj logo w raporcie". The action takes the multipart logo upload and two ordinary forms
// ("Usuń logo" and the switch), each redirecting back here with a toast. A rejected upload is a
// 400 with the message, rendered next to the upload form.

export const meta: MetaFunction = () => [{ title: `${t.pageTitle} · Klamp` }];

const PAGE = "/settings/reports";
const PREVIEW_PATH = "/settings/reports/logo";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const settings = await getReportSettings(context.db, user.id);
  return json({ settings });
}

function rejectionMessage(rejection: LogoRejection): string {
  switch (rejection.code) {
    case "too_large":
      return t.errors.too_large(formatFileSize(rejection.maxBytes));
    case "wrong_size":
      return t.errors.wrong_size(LOGO_WIDTH, LOGO_HEIGHT, rejection.width, rejection.height);
    case "rotated":
      return t.errors.rotated(rejection.width, rejection.height);
    default:
      return t.errors[rejection.code];
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const env = context.cloudflare.env;

  if (multipartBoundary(request.headers.get("Content-Type"))) {
    const result = await receiveReportLogo(context.db, env.FILES, request, user.id);
    if (result.outcome === "rejected") return json({ form: "upload" as const, error: rejectionMessage(result) }, { status: 400 });
    return redirectWithToast(env, PAGE, { type: "success", message: result.replaced ? t.replaced : t.uploaded });
  }

  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: reportSettingsIntentSchema });
  if (submission.status !== "success") {
    return json({ form: "settings" as const, result: submission.reply() }, { status: 400 });
  }

  const intent = submission.value;
  if (intent.intent === "remove") {
    const outcome = await removeReportLogo(context.db, env.FILES, user.id);
    if (outcome === "no_logo") return redirectWithToast(env, PAGE, { type: "info", message: t.noLogoToRemove });
    return redirectWithToast(env, PAGE, { type: "success", message: t.removed });
  }

  const outcome = await setReportLogoShown(context.db, user.id, intent.show);
  if (outcome === "no_logo") {
    return json({ form: "settings" as const, result: submission.reply({ formErrors: [t.showNeedsLogo] }) }, { status: 409 });
  }
  if (outcome === "unchanged") return redirectWithToast(env, PAGE, { type: "info", message: t.unchanged });
  return redirectWithToast(env, PAGE, { type: "success", message: intent.show ? t.shown : t.hidden });
}

export default function ReportSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const { logo } = settings;

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{nav.settings}</p>
        <h1 className="text-2xl font-bold">{t.pageTitle}</h1>
        <p className="mt-2 max-w-2xl text-sm text-slate-600">{t.intro}</p>
      </div>

      <section className="card space-y-4" aria-labelledby="logo-title">
        <h2 id="logo-title" className="text-lg font-semibold">
          {t.logoTitle}
        </h2>
        {logo ? (
          <figure className="space-y-2">
            {/* The box has the logo's 3:1 shape, as the report's header gives it. */}
            <div className="max-w-xl rounded-md border border-slate-200 bg-white p-3" role="group" aria-label={t.previewLabel}>
              <img
                src={`${PREVIEW_PATH}?v=${encodeURIComponent(logo.updatedAt)}`}
                width={LOGO_WIDTH}
                height={LOGO_HEIGHT}
                alt={t.previewAlt}
                className="h-auto w-full"
                data-testid="report-logo-preview"
              />
            </div>
            <figcaption className="text-sm text-slate-600">
              {t.logoInfo(t.typeNames[logo.contentType], formatFileSize(logo.size), LOGO_WIDTH, LOGO_HEIGHT)}
            </figcaption>
          </figure>
        ) : (
          <p className="text-sm text-slate-600">{t.noLogo}</p>
        )}
        {/* Keyed by the stored logo, so a successful upload clears the chosen file. */}
        <LogoUploadForm key={logo?.updatedAt ?? "none"} hasLogo={logo !== null} />
        {logo ? (
          <Form method="post" className="border-t border-slate-200 pt-4">
            <input type="hidden" name="intent" value="remove" />
            <button type="submit" className="btn-danger btn-small">
              {t.remove}
            </button>
          </Form>
        ) : null}
      </section>

      {/* Keyed by the saved state, so the checkbox starts from it again after each save. */}
      <LogoVisibilityForm key={String(settings.showLogo)} hasLogo={logo !== null} showLogo={settings.showLogo} />
    </div>
  );
}

/**
 * Renders the logo upload form. With JavaScript it checks the file size before sending. The
 * server checks the size again, and reads the type, dimensions and EXIF orientation from the
 * image's own bytes, and inflates a PNG's pixel data.
 */
function LogoUploadForm({ hasLogo }: { hasLogo: boolean }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [localError, setLocalError] = useState<string | null>(null);
  const serverError = actionData?.form === "upload" ? actionData.error : null;
  const error = localError ?? serverError;
  const uploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  let submitLabel = hasLogo ? t.replace : t.upload;
  if (uploading) submitLabel = t.uploading;

  function checkSize(event: FormEvent<HTMLFormElement>) {
    const input = event.currentTarget.elements.namedItem("file");
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    if (file && file.size > MAX_LOGO_BYTES) {
      event.preventDefault();
      setLocalError(t.errors.too_large(formatFileSize(MAX_LOGO_BYTES)));
    } else {
      setLocalError(null);
    }
  }

  return (
    <Form method="post" encType="multipart/form-data" onSubmit={checkSize} className="space-y-2">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {t.fileLabel}
      </label>
      <input
        id={inputId}
        type="file"
        name="file"
        accept="image/png,image/jpeg"
        required
        aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(" ")}
        aria-invalid={error ? true : undefined}
        className="block w-full text-sm text-slate-700 file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1.5"
        onChange={() => setLocalError(null)}
      />
      <p id={hintId} className="text-xs text-slate-500">
        {t.requirements(LOGO_WIDTH, LOGO_HEIGHT, formatFileSize(MAX_LOGO_BYTES))}
      </p>
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700" data-testid="report-logo-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn-primary" disabled={uploading}>
        {submitLabel}
      </button>
    </Form>
  );
}

function LogoVisibilityForm({ hasLogo, showLogo }: { hasLogo: boolean; showLogo: boolean }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "report-logo-visibility",
    lastResult: actionData?.form === "settings" ? actionData.result : undefined,
    defaultValue: { intent: "visibility", show: showLogo ? "on" : undefined },
  });
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "visibility";
  const hintId = `${form.id}-hint`;

  return (
    <section className="card space-y-3" aria-labelledby="logo-visibility-title">
      <h2 id="logo-visibility-title" className="text-lg font-semibold">
        {t.showTitle}
      </h2>
      <Form method="post" className="space-y-3" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="visibility" />
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            {...getInputProps(fields.show, { type: "checkbox" })}
            disabled={!hasLogo}
            aria-describedby={hintId}
            className="h-4 w-4 rounded border-slate-300 text-brand-700"
          />
          {t.showLogo}
        </label>
        <p id={hintId} className="text-xs text-slate-500">
          {hasLogo ? t.showHint : t.showNeedsLogo}
        </p>
        <button type="submit" className="btn-secondary" disabled={!hasLogo || saving}>
          {t.save}
        </button>
      </Form>
    </section>
  );
}
