import { createContext, useContext } from "react";
import * as en from "./en";
import * as pl from "./pl";

// The client page and the client's e-mails speak the project's client language (Polish by
// default, English when the freelancer sets it). Everything a client reads comes from this
// bundle; the freelancer's side stays Polish.

export type ClientLocale = "pl" | "en";

export const CLIENT_LOCALES: readonly ClientLocale[] = ["pl", "en"];

export interface ClientText {
  locale: ClientLocale;
  portal: typeof pl.clientPortalText;
  messages: typeof pl.clientMessagesText;
  fixRequests: typeof pl.clientFixRequestsText;
  files: typeof pl.clientFilesText;
  emails: typeof pl.clientEmailsText;
  unsubscribe: typeof pl.clientUnsubscribeText;
  bills: typeof pl.clientBillsText;
  reports: typeof pl.clientReportsText;
}

const BUNDLES: Record<ClientLocale, ClientText> = {
  pl: {
    locale: "pl",
    portal: pl.clientPortalText,
    messages: pl.clientMessagesText,
    fixRequests: pl.clientFixRequestsText,
    files: pl.clientFilesText,
    emails: pl.clientEmailsText,
    unsubscribe: pl.clientUnsubscribeText,
    bills: pl.clientBillsText,
    reports: pl.clientReportsText,
  },
  en: {
    locale: "en",
    portal: en.clientPortalText,
    messages: en.clientMessagesText,
    fixRequests: en.clientFixRequestsText,
    files: en.clientFilesText,
    emails: en.clientEmailsText,
    unsubscribe: en.clientUnsubscribeText,
    bills: en.clientBillsText,
    reports: en.clientReportsText,
  },
};

export function isClientLocale(value: unknown): value is ClientLocale {
  return value === "pl" || value === "en";
}

export function clientText(locale: string | null | undefined): ClientText {
  return BUNDLES[isClientLocale(locale) ? locale : "pl"];
}

const ClientTextContext = createContext<ClientText>(BUNDLES.pl);

/** Provides the project's client language to the components of the client page. */
export const ClientTextProvider = ClientTextContext.Provider;

export function useClientText(): ClientText {
  return useContext(ClientTextContext);
}

/**
 * Route `handle` of the client-link pages: app/root.tsx sets `<html lang>` from the `locale`
 * field of the route's loader data.
 */
export const clientPageHandle = {
  documentLang: (data: unknown): ClientLocale | undefined => (data as { locale?: ClientLocale } | undefined)?.locale,
};
