// The access matrix's declarations: one row per route of the Remix build that has a loader or an
// action, and one per path the Worker serves outside Remix (workers/app.ts). Each row states the
// outcome every kind of caller gets from a GET of the page, a GET with `?_data=<route id>` and a
// form POST. test/access-matrix.harness.ts enumerates the build, fails on a route without a row or
// a row without a route, and sends every request a row implies. The test files
// test/access-matrix.*.test.ts run it for one group of routes each.

/** Response classes the matrix compares. */
export type Outcome =
  /** 2xx, apart from a Remix data redirect (204 with X-Remix-Redirect). */
  | "ok"
  /** A redirect to /login?redirectTo=<the requested path>. */
  | "login"
  /** Any other redirect (3xx, or Remix's 204 with X-Remix-Redirect for a `?_data=` request). */
  | "redirect"
  /** 400 or 422: the form or query was rejected. */
  | "badRequest"
  | "unauthorized"
  | "forbidden"
  | "notFound"
  | "methodNotAllowed"
  /** 409: a valid request rejected in the object's current state. */
  | "conflict"
  | "gone";

/**
 * The caller's relation to the ids in a request. The test derives it from the actor and the
 * object set whose ids fill the URL, query and form:
 * - nobody: no session and no client link;
 * - owner: a signed-in freelancer with their own ids;
 * - otherFreelancer: a signed-in freelancer with ids they do not own;
 * - ownLink: a working client link with ids of its own project;
 * - otherLink: a working client link with ids of another project, the same freelancer's or another's;
 * - disabledLink: the old token of a project whose sharing was turned off;
 * - unknownSecret: a route whose URL secret is the only credential (`secretInUrl`), given a
 *   well-formed value that matches nothing.
 */
export type Relation = "nobody" | "owner" | "otherFreelancer" | "ownLink" | "otherLink" | "disabledLink" | "unknownSecret";

/** Outcome per relation. A relation that a request has but the row leaves out fails the test. */
export type Expectation = Partial<Record<Relation, Outcome>>;

/** Values of an object set that a URL parameter, a query or a form can name, as `:param` or `{key}`. */
export const OBJECT_KEYS = [
  "userId",
  "clientId",
  "projectId",
  "taskId",
  "messageId",
  "fixRequestId",
  "fileId",
  "billId",
  "reportId",
  "exportId",
  "transactionId",
  "invitationId",
  "notificationId",
  "orderId",
  "sessionPublicId",
  "devMailId",
  "notifyKey",
  "shareToken",
  "reportToken",
  "unsubscribeToken",
  "emailChangeToken",
  "activationToken",
  "pinToken",
] as const;

export type ObjectKey = (typeof OBJECT_KEYS)[number];

/** A probe the row does not send, with the reason. */
export interface Skipped {
  skip: string;
}

export interface GetProbe {
  expect: Expectation;
}

export interface PostProbe {
  /** URL-encoded form fields, where `{key}` is replaced by that value of the object set. */
  form: Record<string, string>;
  expect: Expectation;
  /** Sends the freelancers' POST with a session opened for it, because the action ends the session. */
  freshSession?: boolean;
}

export interface RouteRow {
  /** Route id in the Remix build, or `worker:<path>` for a path the Worker serves outside Remix. */
  id: string;
  /** URL pattern used instead of the one resolved from the build (layouts, the splat, Worker paths). */
  url?: string;
  /** Query string added to both GETs, with `{key}` placeholders. */
  query?: string;
  /** Object key that fills each `:param`, by default the key of the parameter's own name. */
  params?: Record<string, ObjectKey>;
  /**
   * The secret in the URL is the credential (a token or a random id), so a session or its
   * absence changes nothing, and the leak check is off: any holder may see what it opens.
   */
  secretInUrl?: boolean;
  /** Why everyone may see this route's data, which turns the leak check off. */
  openToAnyone?: string;
  /**
   * Why the owner's reply shows none of the seeded names. Otherwise an owner's GET that names
   * objects must show them, which proves the ids reached the objects.
   */
  ownerSeesNoMarker?: string;
  document: GetProbe | Skipped;
  data: GetProbe | Skipped;
  post: PostProbe | Skipped;
  /**
   * Outcome of PUT, PATCH, DELETE and OPTIONS, 405 unless stated. The Worker rejects them before
   * Remix matches a route, so they are sent to the Worker's own paths and to one Remix route.
   */
  otherMethods?: Outcome;
  /** Outcome of `nobody`'s HEAD, by default that of `nobody`'s document GET. */
  head?: Outcome;
}

/** Builds an expectation with the same outcome for every relation. */
export function everyone(outcome: Outcome): Expectation {
  return {
    nobody: outcome,
    owner: outcome,
    otherFreelancer: outcome,
    ownLink: outcome,
    otherLink: outcome,
    disabledLink: outcome,
    unknownSecret: outcome,
  };
}

/**
 * Builds the expectation of a freelancer's route. Without a session (client links carry none
 * here) a caller gets the login page, and ids the freelancer does not own get `foreign`, by
 * default the 404 of an unknown id.
 */
export function freelancerRoute(owner: Outcome, foreign: Outcome = "notFound"): Expectation {
  return { nobody: "login", owner, otherFreelancer: foreign, ownLink: "login", otherLink: "login", disabledLink: "login" };
}

/** Builds the expectation of a client-link route: the link of the ids' project gets `ownLink`, every other caller the one 404. */
export function clientLinkRoute(ownLink: Outcome): Expectation {
  return { nobody: "notFound", owner: "notFound", otherFreelancer: "notFound", ownLink, otherLink: "notFound", disabledLink: "notFound" };
}

/** Builds the expectation of a page for signed-out visitors, which sends a signed-in freelancer on (`signedIn`). */
export function signedOutPage(signedOut: Outcome, signedIn: Outcome): Expectation {
  return { nobody: signedOut, owner: signedIn, ownLink: signedOut, otherLink: signedOut, disabledLink: signedOut };
}

/** Builds the expectation of a route whose URL secret is the credential: any holder gets `holder`, an unknown value `unknown`. */
export function secretHolders(holder: Outcome, unknown: Outcome): Expectation {
  return { ...everyone(holder), unknownSecret: unknown };
}

const NO_ACTION = everyone("methodNotAllowed");

/** Rows whose only probe is `?_data=`: the document and the POST are the child route's, in its own row. */
function layoutRow(id: string, url: string, expectData: Expectation): RouteRow {
  const reason = "a layout: its page and form posts are those of the child route in `url`, which has its own row";
  return { id, url, document: { skip: reason }, data: { expect: expectData }, post: { skip: reason } };
}

const WORKER_PATH = "served by the Worker before Remix, so `?_data=` means nothing there";

export const ROUTE_TABLE: RouteRow[] = [
  // Public pages and the root layout.
  layoutRow("root", "/", everyone("ok")),
  {
    id: "routes/_index",
    document: { expect: signedOutPage("ok", "redirect") },
    data: { expect: signedOutPage("ok", "redirect") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/$",
    url: "/nie-ma-takiej-strony",
    document: { expect: everyone("notFound") },
    data: { expect: everyone("notFound") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/login",
    document: { expect: signedOutPage("ok", "redirect") },
    data: { expect: signedOutPage("ok", "redirect") },
    // An empty form is rejected before any attempt is counted. After a rejected POST, Remix
    // runs the loader, which sends a signed-in freelancer on.
    post: { form: {}, expect: signedOutPage("badRequest", "redirect") },
  },
  {
    id: "routes/register",
    document: { expect: signedOutPage("ok", "redirect") },
    data: { expect: signedOutPage("ok", "redirect") },
    post: { form: {}, expect: signedOutPage("badRequest", "redirect") },
  },
  {
    id: "routes/logout",
    document: { expect: everyone("redirect") },
    data: { expect: everyone("redirect") },
    // Everyone ends up at /login, and a freelancer's session is deleted (a fresh one, see freshSession).
    post: { form: {}, expect: everyone("redirect"), freshSession: true },
  },
  {
    id: "routes/forgot-password._index",
    document: { expect: everyone("ok") },
    // The route has no loader, and Remix returns 400 for `?_data=` of such a route.
    data: { expect: everyone("badRequest") },
    post: { form: {}, expect: everyone("badRequest") },
  },
  {
    id: "routes/forgot-password.$token",
    params: { token: "pinToken" },
    secretInUrl: true,
    document: { expect: secretHolders("ok", "notFound") },
    data: { expect: secretHolders("ok", "notFound") },
    // The form is checked before the link, so an empty form never reveals whether a link exists.
    post: { form: {}, expect: secretHolders("badRequest", "badRequest") },
  },
  {
    id: "routes/activate.$token",
    params: { token: "activationToken" },
    secretInUrl: true,
    document: { expect: secretHolders("ok", "notFound") },
    data: { expect: secretHolders("ok", "notFound") },
    post: { form: {}, expect: secretHolders("badRequest", "notFound") },
  },
  {
    id: "routes/u.$token",
    params: { token: "unsubscribeToken" },
    secretInUrl: true,
    document: { expect: secretHolders("ok", "notFound") },
    data: { expect: secretHolders("ok", "notFound") },
    // The seeded invitation has already unsubscribed, so the POST writes nothing again.
    post: { form: {}, expect: secretHolders("redirect", "notFound") },
  },
  {
    id: "routes/r.$token",
    params: { token: "reportToken" },
    secretInUrl: true,
    document: { expect: secretHolders("ok", "notFound") },
    data: { expect: secretHolders("ok", "notFound") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/pay.return.$transactionId",
    secretInUrl: true,
    document: { expect: secretHolders("ok", "notFound") },
    data: { expect: secretHolders("ok", "notFound") },
    post: { form: {}, expect: NO_ACTION },
  },

  // Development tools: requireDevMailbox serves them only outside production with the "mailbox" provider.
  {
    id: "routes/dev.mailbox._index",
    openToAnyone: "the development inbox needs no login and lists every stored e-mail",
    document: { expect: everyone("ok") },
    data: { expect: everyone("ok") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/dev.mailbox.$id",
    params: { id: "devMailId" },
    secretInUrl: true,
    openToAnyone: "the development inbox needs no login and shows every stored e-mail",
    document: { expect: secretHolders("ok", "notFound") },
    data: { expect: secretHolders("ok", "notFound") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/dev.mailbox.$id_.html",
    params: { id: "devMailId" },
    secretInUrl: true,
    openToAnyone: "the development inbox needs no login and shows every stored e-mail",
    document: { expect: secretHolders("ok", "notFound") },
    data: { expect: secretHolders("ok", "notFound") },
    post: { form: {}, expect: NO_ACTION },
  },

  // The freelancer's area. A POST to a route without an action is a 405 error, and Remix runs the
  // loaders above the error boundary that renders it. Where the route has its own boundary, that
  // includes the layout's loader, which first sends a caller without a session to the login page.
  layoutRow("routes/_app", "/dashboard", freelancerRoute("ok")),
  {
    id: "routes/_app.dashboard",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: { intent: "read", id: "{notificationId}" }, expect: freelancerRoute("redirect") },
  },
  {
    id: "routes/_app.notifications",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: { intent: "read", id: "{notificationId}" }, expect: freelancerRoute("redirect") },
  },
  {
    id: "routes/_app.wallet",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: freelancerRoute("methodNotAllowed") },
  },
  {
    id: "routes/_app.clients._index",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/_app.clients.new",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.clients.$clientId",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The client is looked up before the form is read, so another account's id is a 404 whatever the form contains.
    post: { form: { intent: "save", name: "" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.projects._index",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/_app.projects.new",
    query: "client={clientId}",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The owner's POST creates a project for the preselected client.
    post: { form: { name: "Projekt z testu dostępu", client: "{clientId}" }, expect: freelancerRoute("redirect") },
  },
  {
    id: "routes/_app.projects.$projectId",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: { intent: "set-status", taskId: "{taskId}", status: "nieznany" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.projects.$projectId_.bills",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The seeded bill is cancelled, so the owner's cancel is rejected with 409 and changes nothing.
    post: { form: { intent: "cancel", billId: "{billId}" }, expect: freelancerRoute("conflict") },
  },
  {
    id: "routes/_app.projects.$projectId_.files",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The seeded file is already visible to the client: "unchanged", a redirect that writes nothing.
    post: { form: { intent: "public", fileId: "{fileId}" }, expect: freelancerRoute("redirect") },
  },
  {
    id: "routes/_app.projects.$projectId_.files.$fileId",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/_app.projects.$projectId_.fix-requests",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The seeded fix request is still open, so "Zrobione" is rejected with 409.
    post: { form: { intent: "done", fixRequestId: "{fixRequestId}" }, expect: freelancerRoute("conflict") },
  },
  {
    id: "routes/_app.projects.$projectId_.invitations",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The seeded invitation has unsubscribed, and such an invitation cannot be removed (409).
    post: { form: { intent: "remove", invitationId: "{invitationId}" }, expect: freelancerRoute("conflict") },
  },
  {
    id: "routes/_app.projects.$projectId_.messages",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The owner's POST stores a message.
    post: { form: { body: "Wiadomość z testu dostępu" }, expect: freelancerRoute("redirect") },
  },
  {
    id: "routes/_app.projects.$projectId_.reports.new",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // A period before the project was created is rejected after the project is found.
    post: { form: { start: "2020-01-01", end: "2020-01-02" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.projects.$projectId_.share",
    // The route's loader only sends a GET back to the project page, which checks the session
    // itself. A page request also runs the layout's loader, which sends a caller without a
    // session to the login page.
    document: { expect: freelancerRoute("redirect", "redirect") },
    data: { expect: everyone("redirect") },
    // Sharing is already on, so "enable" keeps the link and writes nothing.
    post: { form: { intent: "enable" }, expect: freelancerRoute("redirect") },
  },
  {
    id: "routes/_app.projects.$projectId_.tasks.$taskId.edit",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: { name: "" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.reports._index",
    query: "project={projectId}",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: freelancerRoute("methodNotAllowed") },
  },
  {
    id: "routes/_app.reports.$reportId",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The seeded report is ready, so "Spróbuj ponownie" only redirects with a notice.
    post: { form: { intent: "retry" }, expect: freelancerRoute("redirect") },
  },
  {
    id: "routes/_app.reports.$reportId_.download",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/_app.export.$exportId",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },

  // Settings.
  {
    id: "routes/_app.settings._index",
    document: { expect: freelancerRoute("redirect") },
    data: { expect: freelancerRoute("redirect") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/_app.settings.profile",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: { intent: "email" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.settings.email.$token",
    params: { token: "emailChangeToken" },
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The owner's POST confirms the change of the account's e-mail address.
    post: { form: {}, expect: freelancerRoute("redirect") },
  },
  {
    id: "routes/_app.settings.notifications",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.settings.security",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    // The owner names the session making the request, which cannot be revoked from here (400).
    post: { form: { intent: "revoke-session", sessionId: "{sessionPublicId}" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.settings.payments",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: { intent: "disconnect" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.settings.subscription",
    query: "order={orderId}",
    ownerSeesNoMarker: "an order has no name; its data is the plan, amounts and dates",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: { plan: "nieznany" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.settings.reports",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: { intent: "nieznany" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.settings.reports_.logo",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/_app.settings.data",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: { intent: "nieznany" }, expect: freelancerRoute("badRequest") },
  },
  {
    id: "routes/_app.settings.data_.delete",
    document: { expect: freelancerRoute("ok") },
    data: { expect: freelancerRoute("ok") },
    post: { form: {}, expect: freelancerRoute("badRequest") },
  },

  // The client's pages, reached with the client link /p/<token>. The token comes from the actor:
  // a client link carries its own, everyone else a well-formed token that opens nothing.
  {
    id: "routes/p.$token",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    // The seeded task needs no acceptance, so a decision on it is rejected with 409.
    post: { form: { taskId: "{taskId}", version: "1", decision: "accepted" }, expect: clientLinkRoute("conflict") },
  },
  {
    id: "routes/p.$token_.bills",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    // The own link's POST creates a bill for the seeded task.
    post: { form: { intent: "create", taskId: "{taskId}" }, expect: clientLinkRoute("redirect") },
  },
  {
    id: "routes/p.$token_.bills_.$billId",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    post: { form: { intent: "cancel" }, expect: clientLinkRoute("conflict") },
  },
  {
    id: "routes/p.$token_.files",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    // The seeded file was uploaded by the client, so the own link's POST deletes it.
    post: { form: { intent: "delete", fileId: "{fileId}" }, expect: clientLinkRoute("redirect") },
  },
  {
    id: "routes/p.$token_.files.$fileId",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/p.$token_.fix-requests",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    post: { form: {}, expect: clientLinkRoute("badRequest") },
  },
  {
    id: "routes/p.$token_.fix-requests_.$fixRequestId",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/p.$token_.messages",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    // The own link's POST stores a message as the client.
    post: { form: { body: "Wiadomość klienta z testu dostępu" }, expect: clientLinkRoute("redirect") },
  },
  {
    id: "routes/p.$token_.reports",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },
  {
    id: "routes/p.$token_.reports_.$reportId",
    document: { expect: clientLinkRoute("ok") },
    data: { expect: clientLinkRoute("ok") },
    post: { form: {}, expect: NO_ACTION },
  },

  // Paths the Worker handles before Remix (workers/app.ts).
  {
    id: "worker:/hello",
    url: "/hello",
    document: { expect: everyone("ok") },
    data: { skip: WORKER_PATH },
    // The Worker handles /hello before it checks the method.
    post: { form: {}, expect: everyone("ok") },
    otherMethods: "ok",
  },
  {
    id: "worker:/healthz",
    url: "/healthz",
    document: { expect: everyone("ok") },
    data: { skip: WORKER_PATH },
    post: { form: {}, expect: everyone("ok") },
    otherMethods: "ok",
  },
  {
    id: "worker:/tpay/notifications/<notifyKey>",
    url: "/tpay/notifications/:notifyKey",
    secretInUrl: true,
    document: { expect: secretHolders("methodNotAllowed", "methodNotAllowed") },
    data: { skip: WORKER_PATH },
    // Without Tpay's signature every notification is rejected, whatever the address.
    post: { form: {}, expect: secretHolders("badRequest", "badRequest") },
  },
  {
    id: "worker:/tpay/notifications/platform",
    url: "/tpay/notifications/platform",
    document: { expect: everyone("methodNotAllowed") },
    data: { skip: WORKER_PATH },
    post: { form: {}, expect: everyone("badRequest") },
  },
  {
    id: "worker:/tpay-sandbox",
    url: "/tpay-sandbox",
    openToAnyone: "the local stand-in for Tpay, served only outside production, lists its test merchants to anyone",
    document: { expect: everyone("ok") },
    data: { skip: WORKER_PATH },
    post: { form: {}, expect: everyone("notFound") },
    // The sandbox routes by method itself: only GET shows the index.
    otherMethods: "notFound",
    head: "notFound",
  },
  {
    id: "worker:/tpay-sandbox/transactions",
    url: "/tpay-sandbox/transactions",
    document: { expect: everyone("unauthorized") },
    data: { skip: WORKER_PATH },
    // Tpay's API wants the bearer token of a merchant, which no session or link carries.
    post: { form: {}, expect: everyone("unauthorized") },
    otherMethods: "unauthorized",
  },
];
