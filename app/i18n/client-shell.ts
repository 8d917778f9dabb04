import { isClientLocale, type ClientLocale } from "./locale";

// Texts of the client-link pages that reach the browser in every client language. The error
// pages need them all, because a link that opens no project has no language. The toast's close
// button is labeled from the route's handle in app/root.tsx. Everything else a client page
// shows comes from its loader in the project's language (./client-page-text.ts).

export interface ClientShellText {
  /** The client link's 404 page. */
  notFoundTitle: string;
  notFoundText: string;
  /** The unsubscribe link's 404 page (app/routes/u.$token.tsx). */
  unsubscribeNotFoundTitle: string;
  unsubscribeNotFoundText: string;
  /** Any other error of a client-link page. */
  errorTitle: string;
  errorText: string;
  /** The toast's close button. */
  close: string;
  /** The link that skips the header and tabs, the first Tab stop of a client page. */
  skipToContent: string;
}

export const clientShellText: Record<ClientLocale, ClientShellText> = {
  pl: {
    notFoundTitle: "Link nie działa",
    notFoundText: "Ten link do projektu jest nieprawidłowy albo nieaktualny. Poproś wykonawcę o aktualny link.",
    unsubscribeNotFoundTitle: "Link nie działa",
    unsubscribeNotFoundText: "Ten link do rezygnacji z e-maili jest nieprawidłowy.",
    errorTitle: "Coś poszło nie tak",
    errorText: "Wystąpił nieoczekiwany błąd. Spróbuj ponownie za chwilę.",
    close: "Zamknij",
    skipToContent: "Przejdź do treści",
  },
  en: {
    notFoundTitle: "This link does not work",
    notFoundText: "This project link is invalid or out of date. Ask the freelancer for the current link.",
    unsubscribeNotFoundTitle: "This link does not work",
    unsubscribeNotFoundText: "This unsubscribe link is invalid.",
    errorTitle: "Something went wrong",
    errorText: "An unexpected error occurred. Please try again in a moment.",
    close: "Close",
    skipToContent: "Skip to content",
  },
};

/**
 * Route `handle` of the client-link pages: app/root.tsx sets `<html lang>` and the toast's close
 * button from the `locale` field of the route's loader data.
 */
export const clientPageHandle = {
  documentLang: (data: unknown): ClientLocale | undefined => (data as { locale?: ClientLocale } | undefined)?.locale,
  toastCloseLabel: (data: unknown): string => {
    const locale = (data as { locale?: unknown } | undefined)?.locale;
    return clientShellText[isClientLocale(locale) ? locale : "pl"].close;
  },
};
