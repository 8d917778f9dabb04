import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { common } from "~/i18n/pl/common";
import { sharePanelText } from "~/i18n/pl/share-panel";

type ShareIntent = "enable" | "regenerate" | "disable";

/**
 * "Link do projektu dla klienta" on the project page: copy, regenerate or disable the client
 * link, or turn sharing on. The forms post to /projects/:projectId/share, which redirects back
 * to the project page with a toast, so they work without JavaScript too.
 */
export function SharePanel(props: { projectId: string; clientLink: string | null }) {
  const { projectId, clientLink } = props;
  const fetcher = useFetcher<{ error?: string }>();
  const action = `/projects/${encodeURIComponent(projectId)}/share`;
  const busy = fetcher.state !== "idle";
  const error = fetcher.state === "idle" ? fetcher.data?.error : undefined;

  const intentForm = (intent: ShareIntent, label: string, className: string) => (
    <fetcher.Form method="post" action={action}>
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={className} disabled={busy}>
        {label}
      </button>
    </fetcher.Form>
  );

  return (
    <div className="space-y-3" data-testid="share-panel">
      {clientLink ? (
        // Keyed by the link: a new link starts with no "Skopiowano" and closed confirmations.
        <div key={clientLink} className="space-y-3">
          <CopyLinkField link={clientLink} />
          <p className="text-xs text-slate-500">{sharePanelText.linkHelp}</p>
          <div className="flex flex-wrap gap-2">
            <ConfirmAction label={sharePanelText.regenerate} warning={sharePanelText.regenerateWarning} tone="secondary">
              {intentForm("regenerate", sharePanelText.regenerateConfirm, "btn-primary btn-small")}
            </ConfirmAction>
            <ConfirmAction label={sharePanelText.disable} warning={sharePanelText.disableWarning} tone="danger">
              {intentForm("disable", sharePanelText.disableConfirm, "btn-danger btn-small")}
            </ConfirmAction>
          </div>
        </div>
      ) : (
        <>
          <p className="text-sm font-medium text-slate-700">{sharePanelText.linkLabel}</p>
          <p className="text-sm text-slate-600">{sharePanelText.sharingOff}</p>
          {intentForm("enable", sharePanelText.enable, "btn-primary")}
        </>
      )}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type CopyState = "idle" | "copied" | "selected";

function CopyLinkField({ link }: { link: string }) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<CopyState>("idle");

  useEffect(() => {
    if (copyState !== "copied") return;
    const timer = setTimeout(() => setCopyState("idle"), 3000);
    return () => clearTimeout(timer);
  }, [copyState]);

  async function copyLink() {
    try {
      // navigator.clipboard exists only in secure contexts (HTTPS or localhost) and may be denied.
      if (!navigator.clipboard?.writeText) throw new Error("Clipboard API unavailable");
      await navigator.clipboard.writeText(link);
      setCopyState("copied");
    } catch {
      const input = inputRef.current;
      if (!input) return;
      input.focus();
      input.select();
      // Older browsers still copy the selection this way; when they do not, the link stays
      // selected and the hint asks the user to copy it by hand.
      let copied = false;
      try {
        copied = document.execCommand("copy");
      } catch {
        copied = false;
      }
      setCopyState(copied ? "copied" : "selected");
    }
  }

  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {sharePanelText.linkLabel}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
          className="input min-w-0 flex-1 font-mono text-xs"
          spellCheck={false}
        />
        <button type="button" className="btn-secondary shrink-0" onClick={copyLink}>
          {sharePanelText.copy}
        </button>
      </div>
      <p aria-live="polite" className="min-h-5 text-sm">
        {copyState === "copied" ? <span className="font-medium text-emerald-700">{sharePanelText.copied}</span> : null}
        {copyState === "selected" ? <span className="text-slate-700">{sharePanelText.copyManually}</span> : null}
      </p>
    </div>
  );
}

/**
 * Renders a button that opens a warning with the real submit button inside. It is built on
 * <details>, so the confirmation step also works without JavaScript.
 */
function ConfirmAction({ label, warning, tone, children }: { label: string; warning: string; tone: "secondary" | "danger"; children: ReactNode }) {
  const detailsRef = useRef<HTMLDetailsElement>(null);
  return (
    <details ref={detailsRef} className="group open:w-full">
      <summary
        className={`${tone === "danger" ? "btn-danger" : "btn-secondary"} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}
      >
        {label}
      </summary>
      <div role="group" aria-label={label} className="mt-2 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3">
        <p className="text-sm text-amber-900">{warning}</p>
        <div className="flex flex-wrap gap-2">
          {children}
          <button type="button" className="btn-secondary btn-small" onClick={() => detailsRef.current?.removeAttribute("open")}>
            {common.cancel}
          </button>
        </div>
      </div>
    </details>
  );
}
