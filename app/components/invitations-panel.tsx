import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "~/components/form-state";
import { Link, useFetcher, useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { ErrorList, Field } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { common } from "~/i18n/pl/common";
import { invitationsPanelText as t } from "~/i18n/pl/invitations-panel";
import type { InvitationRow as InvitationRowData, InvitationRows } from "~/models/invitation-rows.server";
import type { DeliveryState } from "~/models/invitations.server";
import { INVITATION_MESSAGE_MAX_LENGTH } from "~/utils/form-limits";

/** Data the invitations route's action returns when it does not redirect. */
export interface InvitationActionData {
  intent: "send" | "resend" | "remove" | null;
  result?: SubmissionResult<string[]>;
  invitationId?: string;
  error?: string;
}

export interface InvitationsPanelProps {
  projectId: string;
  /** The current client link, or null while sharing is off. */
  clientLink: string | null;
  /** Prefill of the form: the project's client. */
  defaults: { email: string; name: string };
  /** The list as the loaders send it (withInvitationRows): each row's read-only lines come as text. */
  invitations: InvitationRows;
  /** Set on the invitations page, which lists every invitation with pages; the project page shows the newest few. */
  page?: number;
  /** The action's data for a form posted without JavaScript (the invitations page renders it). */
  actionData?: InvitationActionData;
}

function invitationsPath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}/invitations`;
}

/** The project page's "Udostępnij" section, with the client link and its copy field. */
function sharePath(projectId: string): string {
  return `/projects/${encodeURIComponent(projectId)}#share-title`;
}

/**
 * "Wyślij zaproszenie": the form that e-mails the client link, and the invitations sent so far
 * with the delivery state of each one's latest e-mail. The forms post to the invitations route,
 * which redirects back with a toast, so they work without JavaScript; with it they use fetchers.
 */
export function InvitationsPanel(props: InvitationsPanelProps) {
  const { projectId, invitations, page } = props;
  // A new invitation changes the newest row, which remounts the form with the prefill again.
  const formKey = invitations.items[0] ? `${invitations.items[0].id}-${invitations.items[0].lastSentAt}` : "empty";

  return (
    <section id="invitations" className="card min-w-0 space-y-4" aria-labelledby="invitations-title" data-testid="invitations-panel">
      <h2 id="invitations-title" className="text-lg font-semibold">
        {t.title}
      </h2>
      <p className="text-sm text-slate-600">{t.intro}</p>
      {props.clientLink ? null : (
        <p role="note" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
          {t.sharingOff}
        </p>
      )}
      <InvitationForm
        key={formKey}
        projectId={projectId}
        defaults={props.defaults}
        actionData={props.actionData?.intent === "send" ? props.actionData : undefined}
      />

      <div className="space-y-3 border-t border-slate-200 pt-4">
        <h3 className="font-semibold">{t.listTitle}</h3>
        {invitations.items.length === 0 ? (
          <p className="text-sm text-slate-500">{t.empty}</p>
        ) : (
          <ul className="space-y-3">
            {invitations.items.map((invitation) => (
              <InvitationRow
                key={invitation.id}
                projectId={projectId}
                clientLink={props.clientLink}
                invitation={invitation}
                actionData={props.actionData?.invitationId === invitation.id ? props.actionData : undefined}
              />
            ))}
          </ul>
        )}
        {page === undefined ? (
          invitations.hasMore ? (
            <Link to={invitationsPath(projectId)} className="link text-sm">
              {t.showAll(invitations.total)} →
            </Link>
          ) : null
        ) : (
          <Pagination page={page} hasMore={invitations.hasMore} />
        )}
        <p className="text-xs text-slate-500">
          {t.copyInstead}{" "}
          <Link to={sharePath(projectId)} className="link">
            {t.goToShare}
          </Link>
        </p>
      </div>
    </section>
  );
}

function InvitationForm(props: { projectId: string; defaults: { email: string; name: string }; actionData?: InvitationActionData }) {
  const fetcher = useFetcher<InvitationActionData>();
  const fetcherResult = fetcher.state === "idle" && fetcher.data?.intent === "send" ? fetcher.data.result : undefined;
  const [form, fields] = useForm({
    id: "invitation",
    lastResult: fetcherResult ?? props.actionData?.result,
    defaultValue: { email: props.defaults.email, name: props.defaults.name, message: "" },
  });

  return (
    <fetcher.Form method="post" action={invitationsPath(props.projectId)} className="space-y-4" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="send" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field label={t.email} id={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
        {(aria) => <input {...getInputProps(fields.email, { type: "email" })} {...aria} autoComplete="off" spellCheck={false} className="input" />}
      </Field>
      <Field label={t.name} hint={t.nameHint} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
        {(aria) => <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="off" className="input" />}
      </Field>
      <Field
        label={t.message}
        hint={t.messageHint(INVITATION_MESSAGE_MAX_LENGTH)}
        id={fields.message.id}
        errorId={fields.message.errorId}
        errors={fields.message.errors}
      >
        {(aria) => <textarea {...getTextareaProps(fields.message)} {...aria} rows={4} className="input" />}
      </Field>
      <button type="submit" className="btn-primary" disabled={fetcher.state !== "idle"}>
        {t.submit}
      </button>
    </fetcher.Form>
  );
}

const DELIVERY_TONE: Record<DeliveryState, string> = {
  queued: "bg-slate-100 text-slate-700",
  retrying: "bg-amber-100 text-amber-900",
  sent: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  unknown: "bg-slate-100 text-slate-600",
};

function InvitationRow(props: { projectId: string; clientLink: string | null; invitation: InvitationRowData; actionData?: InvitationActionData }) {
  const { invitation } = props;
  const fetcher = useFetcher<InvitationActionData>();
  const error = (fetcher.state === "idle" ? fetcher.data?.error : undefined) ?? props.actionData?.error;

  return (
    <li className="rounded-md border border-slate-200 p-3 text-sm" data-testid="invitation">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 space-y-1">
          <p className="font-medium [overflow-wrap:anywhere]">{invitation.email}</p>
          <p className="text-slate-600 [overflow-wrap:anywhere]">{invitation.name}</p>
          <p className="text-xs text-slate-500">
            {invitation.text.sendCount}, {invitation.text.lastSent}
          </p>
        </div>
        <p className="shrink-0 text-xs">
          <span className="sr-only">{t.deliveryLabel}: </span>
          <span className={`rounded-full px-2.5 py-1 font-medium ${DELIVERY_TONE[invitation.delivery]}`} data-testid="delivery-state">
            {invitation.text.delivery}
            {invitation.text.deliveredAt}
          </span>
        </p>
      </div>
      {invitation.text.deliveryError ? (
        <p className="mt-2 text-xs text-red-800 [overflow-wrap:anywhere]">{invitation.text.deliveryError}</p>
      ) : null}
      {invitation.text.linkOutdated ? (
        <p className="mt-2 text-xs font-medium text-amber-900" data-testid="link-outdated">
          {invitation.text.linkOutdated}
        </p>
      ) : null}
      {invitation.text.unsubscribed ? (
        <p className="mt-2 text-xs font-medium text-amber-900" data-testid="unsubscribed">
          {invitation.text.unsubscribed}
        </p>
      ) : null}
      <div className="mt-2 flex flex-wrap items-start gap-2">
        {invitation.unsubscribedAt ? null : (
          <fetcher.Form method="post" action={invitationsPath(props.projectId)}>
            <input type="hidden" name="intent" value="resend" />
            <input type="hidden" name="invitationId" value={invitation.id} />
            <button type="submit" className="btn-secondary btn-small" aria-label={t.resendLabel(invitation.email)} disabled={fetcher.state !== "idle"}>
              {t.resend}
            </button>
          </fetcher.Form>
        )}
        {props.clientLink ? <CopyLinkAction projectId={props.projectId} link={props.clientLink} email={invitation.email} /> : null}
        {invitation.unsubscribedAt ? null : <RemoveAction projectId={props.projectId} invitation={invitation} />}
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/**
 * "Kopiuj link": copies the current client link with the Clipboard API. Without JavaScript, or
 * where the Clipboard API is missing or denied (it needs HTTPS or localhost), it opens the share
 * section instead, whose field selects the link for copying by hand.
 */
function CopyLinkAction(props: { projectId: string; link: string; email: string }) {
  const navigate = useNavigate();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 3000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copyLink(event: MouseEvent<HTMLAnchorElement>) {
    if (!navigator.clipboard?.writeText) return;
    event.preventDefault();
    try {
      await navigator.clipboard.writeText(props.link);
      setCopied(true);
    } catch {
      navigate(sharePath(props.projectId));
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Link
        to={sharePath(props.projectId)}
        onClick={copyLink}
        className="btn-secondary btn-small"
        aria-label={t.copyLinkLabel(props.email)}
        data-testid="copy-link"
      >
        {t.copyLink}
      </Link>
      <span aria-live="polite" className="text-xs font-medium text-emerald-700">
        {copied ? t.copied : null}
      </span>
    </span>
  );
}

/** "Usuń zaproszenie" behind a confirmation built on <details>, so it also works without JavaScript. */
function RemoveAction(props: { projectId: string; invitation: InvitationRowData }) {
  const { invitation } = props;
  const fetcher = useFetcher<InvitationActionData>();
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const error = fetcher.state === "idle" ? fetcher.data?.error : undefined;

  return (
    <details ref={detailsRef} className="text-left open:w-full">
      <summary className="btn-danger btn-small cursor-pointer list-none [&::-webkit-details-marker]:hidden" aria-label={t.removeLabel(invitation.email)}>
        {t.remove}
      </summary>
      <div role="group" aria-label={t.removeLabel(invitation.email)} className="mt-2 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
        <p className="text-sm text-amber-900 [overflow-wrap:anywhere]">{t.removeWarning(invitation.email)}</p>
        <div className="flex flex-wrap gap-2">
          <fetcher.Form method="post" action={invitationsPath(props.projectId)}>
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="invitationId" value={invitation.id} />
            <button type="submit" className="btn-danger btn-small" disabled={fetcher.state !== "idle"}>
              {t.removeConfirm}
            </button>
          </fetcher.Form>
          <button type="button" className="btn-secondary btn-small" onClick={() => detailsRef.current?.removeAttribute("open")}>
            {common.cancel}
          </button>
        </div>
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    </details>
  );
}
