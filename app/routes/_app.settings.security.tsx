import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as v from "valibot";
import { ActivityTimeline } from "~/components/activity-timeline";
import { ErrorList, Field } from "~/components/forms";
import { passwordText } from "~/i18n/pl/password";
import { nav } from "~/i18n/pl/nav";
import { security } from "~/i18n/pl/security";
import { toTimelineEntries } from "~/models/activity-lines.server";
import { listAccountActivity } from "~/models/activity.server";
import { hitRateLimit, RATE_LIMITS } from "~/models/rate-limit.server";
import { listUserSessions, revokeOtherSessions, revokeSession } from "~/models/session.server";
import { changePassword, setPasswordWithPin } from "~/models/user.server";
import { passwordWithCurrentSchema, passwordWithPinSchema } from "~/schemas/auth";
import { accountDeps, endSession, requireSession } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { readFormData } from "~/utils/form.server";
import { countLabel } from "~/utils/plural";
import { redirectWithToast } from "~/utils/toast.server";
import { describeUserAgent } from "~/utils/user-agent";

export const meta: MetaFunction = () => [{ title: `${security.title} · Klamp` }];

const PASSWORD_FIELDS = ["pin", "currentPassword", "newPassword", "newPasswordRepeat"];

const REVOKE_SESSION = "revoke-session";
const REVOKE_OTHER_SESSIONS = "revoke-other-sessions";

// A session's public id is a SHA-256 hex digest (sessionPublicId).
const revokeSessionSchema = v.object(
  { sessionId: v.pipe(v.string(security.sessionNotFound), v.regex(/^[0-9a-f]{64}$/, security.sessionNotFound)) },
  security.sessionNotFound,
);

// The history cursor is the createdAt of the last entry shown, an ISO instant.
const HISTORY_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function deviceLabel(userAgent: string | null): string {
  const { browser, system } = describeUserAgent(userAgent);
  if (browser && system) return security.deviceOn(browser, system);
  return browser ?? system ?? security.unknownDevice;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireSession(request, context);
  const before = new URL(request.url).searchParams.get("before");
  const cursor = before && HISTORY_CURSOR.test(before) ? before : undefined;
  const [rows, history] = await Promise.all([
    listUserSessions(context.db, session.user.id),
    listAccountActivity(context.db, session.user.id, cursor),
  ]);
  // Session id hashes stay on the server; the page gets the public id that "Wyloguj" posts back.
  const sessions = rows.map((row) => ({
    id: row.publicId,
    device: deviceLabel(row.userAgent),
    userAgent: row.userAgent ?? "",
    createdAt: formatDateTime(row.createdAt),
    lastUsedAt: formatDateTime(row.lastUsedAt),
    current: row.idHash === session.sessionIdHash,
  }));
  return json({ pinSession: session.pinTokenId !== null, sessions, history: toTimelineEntries(history.items), hasMoreHistory: history.hasMore, olderHistory: cursor !== undefined });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireSession(request, context);
  const env = context.cloudflare.env;
  const formData = await readFormData(request);

  const intent = formData.get("intent");
  if (intent === REVOKE_SESSION) {
    const submission = parseWithValibot(formData, { schema: revokeSessionSchema });
    if (submission.status !== "success") return json({ sessionsError: security.sessionNotFound }, { status: 400 });

    const outcome = await revokeSession(context.db, session.user.id, submission.value.sessionId, session.sessionIdHash);
    if (outcome.status === "not_found") throw new Response("Not Found", { status: 404 });
    if (outcome.status === "current") return json({ sessionsError: security.currentSessionNotRevoked }, { status: 400 });
    return redirectWithToast(env, "/settings/security", { type: "success", message: security.sessionRevoked(deviceLabel(outcome.userAgent)) });
  }
  if (intent === REVOKE_OTHER_SESSIONS) {
    const count = await revokeOtherSessions(context.db, session.user.id, session.sessionIdHash);
    const message = count > 0 ? security.otherSessionsRevoked(countLabel(count, security.sessionForms)) : security.noOtherSessions;
    return redirectWithToast(env, "/settings/security", { type: "success", message });
  }

  // A session opened with a PIN sets the new password with the PIN, because the user does
  // not know the current password.
  if (session.pinTokenId) {
    const submission = parseWithValibot(formData, { schema: passwordWithPinSchema });
    if (submission.status !== "success") {
      return json({ result: submission.reply({ hideFields: PASSWORD_FIELDS }) }, { status: 400 });
    }
    const outcome = await setPasswordWithPin(accountDeps(context), {
      userId: session.user.id,
      pinTokenId: session.pinTokenId,
      sessionIdHash: session.sessionIdHash,
      pin: submission.value.pin,
      newPassword: submission.value.newPassword,
    });
    if (outcome === "changed") {
      return redirectWithToast(env, "/settings/security", { type: "success", message: security.passwordChanged });
    }
    if (outcome === "wrong") {
      return json(
        { result: submission.reply({ fieldErrors: { pin: [passwordText.pinWrong] }, hideFields: PASSWORD_FIELDS }) },
        { status: 400 },
      );
    }
    // The PIN expired or ran out of attempts: this PIN session can never set a password, so
    // it ends and the user starts "Przypomnij hasło" again.
    const cleared = await endSession(context, request);
    return redirectWithToast(env, "/forgot-password", { type: "error", message: security.pinSessionEnded }, { "Set-Cookie": cleared });
  }

  const submission = parseWithValibot(formData, { schema: passwordWithCurrentSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: PASSWORD_FIELDS }) }, { status: 400 });
  }
  const allowed = await hitRateLimit(context.db, `password_change:account:${session.user.id}`, RATE_LIMITS.passwordChangePerAccount);
  if (!allowed) {
    return json({ result: submission.reply({ formErrors: [security.tooManyAttempts], hideFields: PASSWORD_FIELDS }) }, { status: 429 });
  }
  const changed = await changePassword(context.db, {
    userId: session.user.id,
    sessionIdHash: session.sessionIdHash,
    currentPassword: submission.value.currentPassword,
    newPassword: submission.value.newPassword,
  });
  if (!changed) {
    return json(
      { result: submission.reply({ fieldErrors: { currentPassword: [security.currentPasswordWrong] }, hideFields: PASSWORD_FIELDS }) },
      { status: 400 },
    );
  }
  return redirectWithToast(env, "/settings/security", { type: "success", message: security.passwordChanged });
}

export default function SecuritySettingsPage() {
  const { pinSession, sessions, history, hasMoreHistory, olderHistory } = useLoaderData<typeof loader>();
  const lastHistory = history.at(-1);
  const actionData = useActionData<typeof action>();
  const passwordResult = actionData && "result" in actionData ? actionData.result : undefined;
  const sessionsError = actionData && "sessionsError" in actionData ? actionData.sessionsError : null;
  const hasOtherSessions = sessions.some((session) => !session.current);

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{nav.settings}</p>
        <h1 className="text-2xl font-bold">{security.title}</h1>
      </div>

      <section className="card max-w-xl" aria-labelledby="password-heading">
        <h2 id="password-heading" className="text-lg font-semibold">
          {security.passwordTitle}
        </h2>
        {pinSession ? (
          <>
            <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
              {security.pinSessionNotice}
            </p>
            <PinPasswordForm lastResult={passwordResult} />
          </>
        ) : (
          <CurrentPasswordForm lastResult={passwordResult} />
        )}
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          {security.sessionsTitle}
        </h2>
        {sessionsError ? (
          <p className="mt-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900" role="alert">
            {sessionsError}
          </p>
        ) : null}
        {/* Below the sm breakpoint each session is a stacked card with its own labels, so a
            360 px screen shows every column without scrolling sideways. */}
        <table className="mt-4 block w-full text-left text-sm sm:table">
          <thead className="hidden text-slate-500 sm:table-header-group">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                {security.sessionDevice}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {security.sessionCreated}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {security.sessionLastUsed}
              </th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">{security.sessionActions}</span>
              </th>
            </tr>
          </thead>
          <tbody className="block sm:table-row-group">
            {sessions.map((session) => (
              <tr
                key={session.id}
                className="block space-y-0.5 border-t border-slate-100 py-2 sm:table-row sm:space-y-0 sm:py-0"
                data-current={session.current || undefined}
              >
                <td className="block font-medium sm:table-cell sm:py-2 sm:pr-4 sm:font-normal" title={session.userAgent}>
                  {session.device}
                  {session.current ? (
                    <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800">
                      {security.currentSession}
                    </span>
                  ) : null}
                </td>
                <td className="block sm:table-cell sm:py-2 sm:pr-4 sm:whitespace-nowrap">
                  <span className="text-slate-500 sm:hidden">{security.sessionCreated}: </span>
                  {session.createdAt}
                </td>
                <td className="block sm:table-cell sm:py-2 sm:pr-4 sm:whitespace-nowrap">
                  <span className="text-slate-500 sm:hidden">{security.sessionLastUsed}: </span>
                  {session.lastUsedAt}
                </td>
                <td className="block pt-1 sm:table-cell sm:py-2 sm:text-right">
                  {/* The current session ends with the normal logout, so its row has no button. */}
                  {session.current ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value={REVOKE_SESSION} />
                      <input type="hidden" name="sessionId" value={session.id} />
                      <button type="submit" className="btn-secondary btn-small">
                        {security.revokeSession}
                        <span className="sr-only">: {session.device}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {hasOtherSessions ? (
          <Form method="post" className="mt-4 flex flex-wrap items-center gap-3">
            <input type="hidden" name="intent" value={REVOKE_OTHER_SESSIONS} />
            <button type="submit" className="btn-secondary">
              {security.revokeOtherSessions}
            </button>
            <span className="text-sm text-slate-600">{security.revokeOtherSessionsHelp}</span>
          </Form>
        ) : null}
        <Form method="post" action="/logout" className="mt-4 flex flex-wrap items-center gap-3">
          <input type="hidden" name="intent" value="everywhere" />
          <button type="submit" className="btn-danger">
            {nav.logoutEverywhere}
          </button>
          <span className="text-sm text-slate-600">{security.logoutEverywhereHelp}</span>
        </Form>
      </section>

      <section id="history" className="card space-y-3" aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold">
          {security.historyTitle}
        </h2>
        <p className="text-sm text-slate-600">{security.historyHelp}</p>
        <ActivityTimeline entries={history} emptyText={security.historyEmpty} />
        <div className="flex flex-wrap justify-between gap-2 text-sm">
          {olderHistory ? (
            <Link to="/settings/security#history" preventScrollReset className="link">
              {security.historyNewest}
            </Link>
          ) : (
            <span />
          )}
          {hasMoreHistory && lastHistory ? (
            <Link to={`?before=${encodeURIComponent(lastHistory.createdAt)}#history`} preventScrollReset className="link">
              {security.historyOlder} →
            </Link>
          ) : null}
        </div>
      </section>
    </div>
  );
}

type LastResult = SubmissionResult<string[]> | undefined;

type PasswordField = FieldMetadata;

function PasswordInputs({ fields }: { fields: Record<string, PasswordField> }) {
  return (
    <>
      <Field
        label={security.newPassword}
        id={fields.newPassword.id}
        errorId={fields.newPassword.errorId}
        errors={fields.newPassword.errors}
        hint={fields.newPassword.errors ? undefined : passwordText.passwordTooShort}
      >
        {(aria) => (
          <input {...getInputProps(fields.newPassword, { type: "password" })} {...aria} autoComplete="new-password" className="input" />
        )}
      </Field>
      <Field
        label={security.newPasswordRepeat}
        id={fields.newPasswordRepeat.id}
        errorId={fields.newPasswordRepeat.errorId}
        errors={fields.newPasswordRepeat.errors}
      >
        {(aria) => (
          <input
            {...getInputProps(fields.newPasswordRepeat, { type: "password" })}
            {...aria}
            autoComplete="new-password"
            className="input"
          />
        )}
      </Field>
    </>
  );
}

function PinPasswordForm({ lastResult }: { lastResult: LastResult }) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
  });
  return (
    <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field label={passwordText.pin} id={fields.pin.id} errorId={fields.pin.errorId} errors={fields.pin.errors}>
        {(aria) => (
          <input
            {...getInputProps(fields.pin, { type: "text" })}
            {...aria}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            className="input tracking-widest"
          />
        )}
      </Field>
      <PasswordInputs fields={fields} />
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {security.setNewPassword}
      </button>
      <p className="text-sm">
        <Link to="/forgot-password" className="link">
          {passwordText.requestNewPin}
        </Link>
      </p>
    </Form>
  );
}

function CurrentPasswordForm({ lastResult }: { lastResult: LastResult }) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
  });
  return (
    <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field
        label={security.currentPassword}
        id={fields.currentPassword.id}
        errorId={fields.currentPassword.errorId}
        errors={fields.currentPassword.errors}
      >
        {(aria) => (
          <input
            {...getInputProps(fields.currentPassword, { type: "password" })}
            {...aria}
            autoComplete="current-password"
            className="input"
          />
        )}
      </Field>
      <PasswordInputs fields={fields} />
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {security.changePassword}
      </button>
    </Form>
  );
}
