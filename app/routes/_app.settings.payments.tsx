import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList, Field } from "~/components/forms";
import { nav } from "~/i18n/pl/nav";
import { tpaySettingsText as t } from "~/i18n/pl/tpay-settings";
import { hitRateLimit, RATE_LIMITS } from "~/models/rate-limit.server";
import { LOCAL_SANDBOX_PATH, localSandboxBase, type TpayErrorKind } from "~/models/tpay-api.server";
import {
  checkTpayCredentials,
  disconnectTpayConnection,
  getTpayConnectionSummary,
  getTpayConnectionWarnings,
  offeredTpayEnvironments,
  onlinePaymentsEnabled,
  recheckTpayConnection,
  saveTpayConnection,
  tpayNotificationUrl,
} from "~/models/tpay-connections.server";
import { TPAY_HIDDEN_FIELDS, TPAY_PARSE_INFO, tpayDisconnectSchema, tpaySaveSchema } from "~/schemas/tpay-connection.server";
import { requireSession } from "~/utils/auth.server";
import { verifyPassword } from "~/utils/crypto.server";
import { formatDateTime } from "~/utils/dates";
import { readFormData } from "~/utils/form.server";
import { countLabel } from "~/utils/plural";
import { redirectWithToast } from "~/utils/toast.server";

// Settings → Płatności: the freelancer's own Tpay account. The Client Secret and the security
// code are stored encrypted and never sent to the browser: the page shows only "zapisany".

export const meta: MetaFunction = () => [{ title: `${t.title} · Klamp` }];

const PAGE = "/settings/payments";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireSession(request, context);
  const env = context.cloudflare.env;
  const row = await getTpayConnectionSummary(context.db, user.id);
  const { awaitingBills, sharedWithOtherAccount } = row
    ? await getTpayConnectionWarnings(context.db, row)
    : { awaitingBills: 0, sharedWithOtherAccount: false };
  const connection = row && {
    environment: row.environment,
    merchantId: row.merchantId,
    clientIdHint: row.clientIdHint,
    status: row.status,
    lastError: row.lastError,
    checkedAt: formatDateTime(row.checkedAt),
    notificationUrl: tpayNotificationUrl(env, row.notifyKey),
    lastNotificationAt: row.lastNotificationAt ? formatDateTime(row.lastNotificationAt) : null,
    testModeSeenAt: row.testModeSeenAt ? formatDateTime(row.testModeSeenAt) : null,
    // Saving credentials clears md5_failed_at, so a value here is newer than the last save.
    md5FailedAt: row.md5FailedAt ? formatDateTime(row.md5FailedAt) : null,
    enabled: onlinePaymentsEnabled(row),
    awaitingBills,
    sharedWithOtherAccount,
  };
  const environments = offeredTpayEnvironments(env);
  return json({
    connection,
    environments,
    defaultEnvironment: row && environments.includes(row.environment) ? row.environment : environments[0],
    sandboxPath: localSandboxBase(env) ? LOCAL_SANDBOX_PATH : null,
  });
}

const FAILURE_MESSAGES: Record<TpayErrorKind, string> = {
  invalid_credentials: t.invalidCredentials,
  unreachable: t.unreachable,
  rejected: t.unexpected,
  unexpected: t.unexpected,
};

const CHECK_FAILURE_MESSAGES: Record<TpayErrorKind, string> = {
  invalid_credentials: t.checkInvalid,
  unreachable: t.checkUnreachable,
  rejected: t.checkUnexpected,
  unexpected: t.checkUnexpected,
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireSession(request, context);
  const env = context.cloudflare.env;
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const rateLimitKey = `tpay_connection:account:${user.id}`;
  // Disconnecting has its own budget, so many checks or failed saves never block switching payments off.
  const disconnectRateLimitKey = `tpay_disconnect:account:${user.id}`;

  if (intent === "check") {
    if (!(await hitRateLimit(context.db, rateLimitKey, RATE_LIMITS.tpayConnectionPerAccount))) {
      return redirectWithToast(env, PAGE, { type: "error", message: t.tooManyAttempts });
    }
    const result = await recheckTpayConnection(context.db, env, context.tpayFetch, user.id);
    if (!result) return redirectWithToast(env, PAGE, { type: "error", message: t.notConnectedError });
    if (result.ok) return redirectWithToast(env, PAGE, { type: "success", message: t.checkOk });
    return redirectWithToast(env, PAGE, { type: "error", message: CHECK_FAILURE_MESSAGES[result.error] });
  }

  if (intent === "disconnect") {
    const submission = parseWithValibot(formData, { schema: tpayDisconnectSchema, info: TPAY_PARSE_INFO });
    const fail = (reply: SubmissionResult<string[]>, status = 400) => json({ form: "disconnect" as const, result: reply }, { status });
    if (submission.status !== "success") return fail(submission.reply({ hideFields: TPAY_HIDDEN_FIELDS }));
    if (!(await hitRateLimit(context.db, disconnectRateLimitKey, RATE_LIMITS.tpayConnectionPerAccount))) {
      return fail(submission.reply({ formErrors: [t.tooManyAttempts], hideFields: TPAY_HIDDEN_FIELDS }), 429);
    }
    if (!(await verifyPassword(submission.value.currentPassword, user.passwordHash))) {
      return fail(submission.reply({ fieldErrors: { currentPassword: [t.passwordWrong] }, hideFields: TPAY_HIDDEN_FIELDS }));
    }
    const disconnected = await disconnectTpayConnection(context.db, user.id);
    if (!disconnected) return redirectWithToast(env, PAGE, { type: "error", message: t.notConnectedError });
    return redirectWithToast(env, PAGE, { type: "success", message: t.disconnected });
  }

  if (intent !== "save") throw json({ error: t.invalidIntent }, { status: 400 });

  const submission = parseWithValibot(formData, { schema: tpaySaveSchema(offeredTpayEnvironments(env)), info: TPAY_PARSE_INFO });
  const fail = (reply: SubmissionResult<string[]>, status = 400) => json({ form: "save" as const, result: reply }, { status });
  if (submission.status !== "success") return fail(submission.reply({ hideFields: TPAY_HIDDEN_FIELDS }));
  if (!(await hitRateLimit(context.db, rateLimitKey, RATE_LIMITS.tpayConnectionPerAccount))) {
    return fail(submission.reply({ formErrors: [t.tooManyAttempts], hideFields: TPAY_HIDDEN_FIELDS }), 429);
  }
  if (!(await verifyPassword(submission.value.currentPassword, user.passwordHash))) {
    return fail(submission.reply({ fieldErrors: { currentPassword: [t.passwordWrong] }, hideFields: TPAY_HIDDEN_FIELDS }));
  }

  const { environment, clientId, clientSecret, securityCode } = submission.value;
  const credentials = { clientId, clientSecret, securityCode };
  const check = await checkTpayCredentials(context.tpayFetch, env, environment, credentials);
  if (!check.ok) return fail(submission.reply({ formErrors: [FAILURE_MESSAGES[check.error]], hideFields: TPAY_HIDDEN_FIELDS }));

  const { replaced } = await saveTpayConnection(context.db, env, user.id, { environment, credentials });
  return redirectWithToast(env, PAGE, { type: "success", message: replaced ? t.replaced : t.connected });
}

export default function PaymentSettingsPage() {
  const { connection, sandboxPath } = useLoaderData<typeof loader>();

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{nav.settings}</p>
        <h1 className="text-2xl font-bold">{t.title}</h1>
        <p className="mt-2 max-w-2xl text-sm text-slate-600">{t.intro}</p>
      </div>

      {connection?.testModeSeenAt ? (
        <div className="max-w-2xl rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="tpay-test-mode">
          <p>{t.testModeWarning}</p>
          <p className="mt-1">{t.testModeSeenAt(connection.testModeSeenAt)}</p>
        </div>
      ) : null}

      {connection?.md5FailedAt ? (
        <div className="max-w-2xl rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900" role="alert" data-testid="tpay-md5-failed">
          <p>{t.md5Warning}</p>
          <p className="mt-1">{t.md5FailedAt(connection.md5FailedAt)}</p>
        </div>
      ) : null}

      {connection?.sharedWithOtherAccount ? (
        <div className="max-w-2xl rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="tpay-shared-merchant">
          <p>{t.sharedMerchantWarning}</p>
        </div>
      ) : null}

      <ConnectionStatus />
      <CredentialsForm />
      {connection ? <DisconnectForm /> : null}

      {sandboxPath ? (
        <p className="max-w-2xl text-sm text-slate-600" data-testid="tpay-sandbox-hint">
          {t.sandboxHint}{" "}
          <a href={sandboxPath} className="link">
            {t.sandboxLink}
          </a>
          .
        </p>
      ) : null}
    </div>
  );
}

function ConnectionStatus() {
  const { connection } = useLoaderData<typeof loader>();
  const navigation = useNavigation();

  if (!connection) {
    return (
      <section className="card max-w-2xl" aria-labelledby="tpay-status-heading">
        <h2 id="tpay-status-heading" className="text-lg font-semibold">
          {t.statusTitle}
        </h2>
        <p className="mt-2 text-sm text-slate-700" data-testid="tpay-status">
          {t.notConnected}
        </p>
      </section>
    );
  }

  const checkResult = connection.lastError
    ? (t.checkResult[connection.lastError as TpayErrorKind] ?? t.checkResult.unexpected)
    : t.checkResult.verified;
  const rows: [string, string][] = [
    [t.environment, t.environments[connection.environment]],
    [t.merchantId, connection.merchantId],
    [t.clientId, connection.clientIdHint],
    [t.clientSecret, t.storedSecret],
    [t.securityCode, t.storedSecret],
    [t.lastCheck, t.checkAt(checkResult, connection.checkedAt)],
    [t.onlinePayments, connection.enabled ? t.onlinePaymentsOn : t.onlinePaymentsOff],
    [t.lastNotification, connection.lastNotificationAt ?? t.noNotificationYet],
  ];

  return (
    <section className="card max-w-2xl space-y-4" aria-labelledby="tpay-status-heading">
      <h2 id="tpay-status-heading" className="text-lg font-semibold">
        {t.statusTitle}
      </h2>
      <p
        className={`rounded-md px-3 py-2 text-sm ${connection.enabled ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-900"}`}
        data-testid="tpay-status"
        data-status={connection.status}
      >
        {connection.enabled ? t.enabled : t.disabledAfterFailedCheck}
      </p>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-600">{label}</dt>
            <dd className="[overflow-wrap:anywhere] text-slate-900 max-sm:mb-1">{value}</dd>
          </div>
        ))}
        <div className="contents">
          <dt className="font-medium text-slate-600">{t.notificationUrl}</dt>
          <dd className="max-sm:mb-1">
            <code className="[overflow-wrap:anywhere] text-xs text-slate-900">{connection.notificationUrl}</code>
            <p className="mt-1 text-xs text-slate-500">{t.notificationUrlHint}</p>
          </dd>
        </div>
      </dl>
      <Form method="post">
        <input type="hidden" name="intent" value="check" />
        <button type="submit" className="btn-secondary" disabled={navigation.state === "submitting"}>
          {t.checkButton}
        </button>
      </Form>
    </section>
  );
}

function PasswordField({ field }: { field: FieldMetadata }) {
  return (
    <Field label={t.currentPassword} id={field.id} errorId={field.errorId} errors={field.errors} hint={t.currentPasswordHint}>
      {(aria) => (
        <input {...getInputProps(field, { type: "password" })} {...aria} autoComplete="current-password" className="input" />
      )}
    </Field>
  );
}

type CredentialsFormFields = {
  clientId: string;
  clientSecret: string;
  securityCode: string;
  environment: string;
  currentPassword: string;
};

function CredentialsForm() {
  const { connection, environments, defaultEnvironment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<CredentialsFormFields>({
    id: "tpay-credentials",
    lastResult: actionData?.form === "save" ? actionData.result : undefined,
    defaultValue: { environment: defaultEnvironment },
  });

  return (
    <section className="card max-w-2xl" aria-labelledby="tpay-form-heading">
      <h2 id="tpay-form-heading" className="text-lg font-semibold">
        {connection ? t.formTitleReplace : t.formTitleNew}
      </h2>
      {connection ? <p className="mt-2 text-sm text-slate-600">{t.replaceIntro}</p> : null}
      {connection ? <AwaitingBillsNotice count={connection.awaitingBills} /> : null}
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field label={t.clientId} id={fields.clientId.id} errorId={fields.clientId.errorId} errors={fields.clientId.errors} hint={t.clientIdHint}>
          {(aria) => (
            <input
              {...getInputProps(fields.clientId, { type: "text" })}
              {...aria}
              autoComplete="off"
              spellCheck={false}
              maxLength={100}
              className="input font-mono"
            />
          )}
        </Field>
        <Field
          label={t.clientSecret}
          id={fields.clientSecret.id}
          errorId={fields.clientSecret.errorId}
          errors={fields.clientSecret.errors}
          hint={t.clientSecretHint}
        >
          {(aria) => (
            <input
              {...getInputProps(fields.clientSecret, { type: "password" })}
              {...aria}
              autoComplete="off"
              spellCheck={false}
              className="input font-mono"
            />
          )}
        </Field>
        <Field
          label={t.securityCode}
          id={fields.securityCode.id}
          errorId={fields.securityCode.errorId}
          errors={fields.securityCode.errors}
          hint={t.securityCodeHint}
        >
          {(aria) => (
            <input
              {...getInputProps(fields.securityCode, { type: "password" })}
              {...aria}
              autoComplete="off"
              spellCheck={false}
              className="input font-mono"
            />
          )}
        </Field>
        <fieldset className="space-y-1" aria-describedby={`${fields.environment.id}-hint`}>
          <legend className="block text-sm font-medium text-slate-700">{t.environment}</legend>
          <div className="flex flex-wrap gap-4">
            {environments.map((environment) => (
              <label key={environment} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  {...getInputProps(fields.environment, { type: "radio", value: environment })}
                  className="h-4 w-4 border-slate-300 text-brand-700"
                />
                {t.environments[environment]}
              </label>
            ))}
          </div>
          <p id={`${fields.environment.id}-hint`} className="text-xs text-slate-500">
            {environments.includes("sandbox") ? t.environmentHint : t.environmentHintProduction}
          </p>
          <ErrorList id={fields.environment.errorId} errors={fields.environment.errors} />
        </fieldset>
        <PasswordField field={fields.currentPassword} />
        <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
          {connection ? t.saveReplace : t.saveNew}
        </button>
      </Form>
    </section>
  );
}

/** Tells how many bills await payment through the current connection, before it is replaced or disconnected. */
function AwaitingBillsNotice({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <p className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="tpay-awaiting-bills">
      {t.awaitingBills(countLabel(count, t.awaitingBillForms))}
    </p>
  );
}

function DisconnectForm() {
  const { connection } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm<{ currentPassword: string }>({
    id: "tpay-disconnect",
    lastResult: actionData?.form === "disconnect" ? actionData.result : undefined,
  });

  return (
    <section className="card max-w-2xl" aria-labelledby="tpay-disconnect-heading">
      <h2 id="tpay-disconnect-heading" className="text-lg font-semibold">
        {t.disconnectTitle}
      </h2>
      <p className="mt-2 text-sm text-slate-600">{t.disconnectHelp}</p>
      {connection ? <AwaitingBillsNotice count={connection.awaitingBills} /> : null}
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="disconnect" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <PasswordField field={fields.currentPassword} />
        <button type="submit" className="btn-danger" disabled={navigation.state === "submitting"}>
          {t.disconnectButton}
        </button>
      </Form>
    </section>
  );
}
