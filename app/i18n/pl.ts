// Polish texts shown to users, one place per feature so that tests import them instead of
// retyping them. Button and tab names follow the product's help pages word for word.
//
// Each section is its own module under ./pl/ because esbuild splits the client bundle by file, so
// a page's JavaScript carries only the sections it imports. Client code (routes, components and
// the modules they import) imports a section from its module, e.g. `~/i18n/pl/projects`, because
// importing this file would put every section that some page uses into that page's bundle. This
// file re-exports every section for server code, workers and tests. A new section goes into a new
// module under ./pl/ with an export line here.

export * from "./pl/common";
export * from "./pl/root";
export * from "./pl/nav";
export * from "./pl/auth";
export * from "./pl/password";
export * from "./pl/security";
export * from "./pl/dev-mailbox";
export * from "./pl/clients";
export * from "./pl/projects";
export * from "./pl/tasks";
export * from "./pl/share";
export * from "./pl/client-portal";
export * from "./pl/client-messages";
export * from "./pl/messages";
export * from "./pl/client-fix-requests";
export * from "./pl/fix-requests";
export * from "./pl/fix-requests-page";
export * from "./pl/client-files";
export * from "./pl/client-emails";
export * from "./pl/client-unsubscribe";
export * from "./pl/activity";
export * from "./pl/invitations";
export * from "./pl/client-locale";
export * from "./pl/settings";
export * from "./pl/notifications";
export * from "./pl/notifications-badge";
export * from "./pl/files";
export * from "./pl/payments";
export * from "./pl/subscription";
export * from "./pl/read-only";
export * from "./pl/client-read-only";
export * from "./pl/tpay-settings";
export * from "./pl/wallet";
export * from "./pl/bills";
export * from "./pl/bills-page";
export * from "./pl/client-bills";
export * from "./pl/reports";
export * from "./pl/report-email";
export * from "./pl/report-failure";
export * from "./pl/report-settings";
export * from "./pl/report-document";
export * from "./pl/client-reports";
export * from "./pl/dashboard";
export * from "./pl/profile";
export * from "./pl/client-seller";
export * from "./pl/data-settings";
export * from "./pl/data-export";
export * from "./pl/account-deletion";
export * from "./pl/link-lookup-limit";
