import * as en from "./en";
import { isClientLocale, type ClientLocale } from "./locale";
import { clientBillsText } from "./pl/client-bills";
import { clientEmailsText } from "./pl/client-emails";
import { clientFilesText } from "./pl/client-files";
import { clientFixRequestsText } from "./pl/client-fix-requests";
import { clientMessagesText } from "./pl/client-messages";
import { clientPortalText } from "./pl/client-portal";
import { clientReportsText } from "./pl/client-reports";
import { clientSellerText } from "./pl/client-seller";
import { clientUnsubscribeText } from "./pl/client-unsubscribe";

export { ClientTextProvider, useClientText } from "./client-context";
export { CLIENT_LOCALES, isClientLocale, type ClientLocale } from "./locale";

// The client page and the client's e-mails speak the project's client language (Polish by
// default, English when the freelancer sets it). Everything a client reads comes from this
// bundle, except the error pages and the toast's close button (./client-shell.ts); the
// freelancer's side stays Polish. Server code reads it directly. The client-link pages get the
// sections they show from their loaders (./client-page-text.server.ts), so this module and both
// languages' texts stay out of the browser.

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
  seller: typeof clientSellerText;
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
    seller: clientSellerText,
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
    seller: en.clientSellerText,
  },
};

export function clientText(locale: string | null | undefined): ClientText {
  return BUNDLES[isClientLocale(locale) ? locale : "pl"];
}
