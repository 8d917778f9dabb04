import * as en from "./en";
import { isClientLocale, type ClientLocale } from "./locale";
import { clientBillsText } from "./pl/client-bills";
import { clientEmailsText } from "./pl/client-emails";
import { clientFilesText } from "./pl/client-files";
import { clientFixRequestsText } from "./pl/client-fix-requests";
import { clientMessagesText } from "./pl/client-messages";
import { clientPortalText } from "./pl/client-portal";
import { clientReportsText } from "./pl/client-reports";
import { clientUnsubscribeText } from "./pl/client-unsubscribe";

export { ClientTextProvider, useClientText } from "./client-context";
export { CLIENT_LOCALES, isClientLocale, type ClientLocale } from "./locale";

// The client page and the client's e-mails speak the project's client language (Polish by
// default, English when the freelancer sets it). Everything a client reads comes from this
// bundle; the freelancer's side stays Polish.

export interface ClientText {
  locale: ClientLocale;
  portal: typeof clientPortalText;
  messages: typeof clientMessagesText;
  fixRequests: typeof clientFixRequestsText;
  files: typeof clientFilesText;
  emails: typeof clientEmailsText;
  unsubscribe: typeof clientUnsubscribeText;
  bills: typeof clientBillsText;
  reports: typeof clientReportsText;
}

const BUNDLES: Record<ClientLocale, ClientText> = {
  pl: {
    locale: "pl",
    portal: clientPortalText,
    messages: clientMessagesText,
    fixRequests: clientFixRequestsText,
    files: clientFilesText,
    emails: clientEmailsText,
    unsubscribe: clientUnsubscribeText,
    bills: clientBillsText,
    reports: clientReportsText,
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

export function clientText(locale: string | null | undefined): ClientText {
  return BUNDLES[isClientLocale(locale) ? locale : "pl"];
}


/**
 * Route `handle` of the client-link pages: app/root.tsx sets `<html lang>` and the toast's close
 * button from the `locale` field of the route's loader data. The label comes from here so that
 * root's bundle carries neither language's client texts.
 */
export const clientPageHandle = {
  documentLang: (data: unknown): ClientLocale | undefined => (data as { locale?: ClientLocale } | undefined)?.locale,
  toastCloseLabel: (data: unknown): string => clientText((data as { locale?: ClientLocale } | undefined)?.locale).portal.close,
};
