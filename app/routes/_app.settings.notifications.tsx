import { getFormProps, getInputProps, getSelectProps, useForm } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList } from "~/components/forms";
import { STACKED_CELL_CLASS, STACKED_ROW_CLASS } from "~/components/stacked-table";
import { common } from "~/i18n/pl/common";
import { nav } from "~/i18n/pl/nav";
import { notificationsText as t } from "~/i18n/pl/notifications";
import { getNotificationPrefs, saveNotificationPrefs } from "~/models/notifications.server";
import { notificationPrefsSchema } from "~/schemas/notifications";
import { requireUser } from "~/utils/auth.server";
import { readFormData } from "~/utils/form.server";
import { EMAIL_MODES, NOTIFICATION_TYPES } from "~/utils/notification-types";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: `${t.settingsTitle} · Klamp` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const prefs = await getNotificationPrefs(context.db, user.id);
  return json({ prefs });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const formData = await readFormData(request);

  const submission = parseWithValibot(formData, { schema: notificationPrefsSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply() }, { status: 400 });
  }

  await saveNotificationPrefs(context.db, user.id, submission.value);
  return redirectWithToast(context.cloudflare.env, "/settings/notifications", { type: "success", message: t.saved });
}

const cellClass = `px-3 py-1 lg:py-3 ${STACKED_CELL_CLASS}`;

export default function NotificationSettingsPage() {
  const { prefs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: prefs,
  });

  // Errors of a whole row (a type missing from the post) have no field of their own to sit by.
  const rowErrors = NOTIFICATION_TYPES.flatMap((type) => fields[type].errors ?? []);
  const anyFieldErrors = NOTIFICATION_TYPES.some(
    (type) => (fields[type].getFieldset().email.errors?.length ?? 0) > 0 || (fields[type].getFieldset().inFeed.errors?.length ?? 0) > 0,
  );
  const summaryErrors = [...(form.errors ?? []), ...rowErrors, ...(anyFieldErrors ? [common.fixErrors] : [])];

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{nav.settings}</p>
        <h1 className="text-2xl font-bold">{t.settingsTitle}</h1>
        <p className="mt-2 max-w-2xl text-sm text-slate-600">{t.settingsIntro}</p>
      </div>

      <Form method="post" className="card space-y-4 max-lg:px-3" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={[...new Set(summaryErrors)]} />
        <table className="w-full text-sm" data-testid="notification-prefs">
          <thead className="max-lg:sr-only">
            <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="px-3 py-2 font-medium">
                {t.typeColumn}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t.inFeedColumn}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t.emailColumn}
              </th>
            </tr>
          </thead>
          <tbody className="max-lg:space-y-3">
            {NOTIFICATION_TYPES.map((type) => {
              const row = fields[type].getFieldset();
              const label = t.types[type];
              return (
                <tr key={type} className={STACKED_ROW_CLASS} data-type={type}>
                  <th scope="row" className="px-3 py-1 text-left font-medium lg:py-3">
                    {label}
                  </th>
                  <td className={cellClass} data-label={t.inFeedColumn}>
                    <input
                      {...getInputProps(row.inFeed, { type: "checkbox" })}
                      aria-label={t.inFeedLabel(label)}
                      className="h-4 w-4 rounded border-slate-300 text-brand-700"
                    />
                    <ErrorList id={row.inFeed.errorId} errors={row.inFeed.errors} />
                  </td>
                  <td className={cellClass} data-label={t.emailColumn}>
                    <div className="min-w-0">
                      <select
                        {...getSelectProps(row.email)}
                        aria-label={t.emailLabel(label)}
                        className="max-w-full rounded-md border border-slate-300 bg-white py-1.5 pl-2 pr-8 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600 aria-[invalid=true]:border-red-500"
                      >
                        {EMAIL_MODES.map((mode) => (
                          <option key={mode} value={mode}>
                            {t.emailModes[mode]}
                          </option>
                        ))}
                      </select>
                      <ErrorList id={row.email.errorId} errors={row.email.errors} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="text-xs text-slate-500">{t.digestHint}</p>
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          {common.save}
        </button>
      </Form>
    </div>
  );
}
