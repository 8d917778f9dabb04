// The access matrix's harness: every route of the Remix build, and every path the Worker serves
// outside Remix, requested by six actors (nobody, freelancer A, freelancer B, the client link of
// A's project, the client link of B's project, and the old link of A's other project whose
// sharing was turned off) with the ids of A's project, A's other project and B's project, and on
// routes whose URL secret is the credential with values that match nothing (setsFor lists the
// combinations). test/access-matrix.table.ts declares the outcome of each request. Besides the
// outcome, every response is searched for data the actor may not see, and the database is
// compared before and after the GETs and the rejected POSTs.
//
// The routes are split into groups (ROUTE_GROUPS), one test file each, because every request of
// a file is slower than the one before it (see ROW_TIMEOUT_MS). Each file seeds its own data and
// calls describeAccessMatrix with its group.
import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as build from "../build/index.js";
import {
  authTokens,
  billItems,
  bills,
  devMailbox,
  files,
  fixRequests,
  invitations,
  messages,
  notifications,
  projects,
  reportSettings,
  sessions,
  subscriptionOrders,
  tpayConnections,
  tpayTransactions,
  users,
} from "~/db/schema";
import { unsubscribeToken } from "~/models/invitations.server";
import { sessionPublicId } from "~/models/session.server";
import { disableSharing, issueShareToken } from "~/models/share.server";
import { sealTpayCredentials } from "~/models/tpay-connections.server";
import { randomToken, sha256Hex } from "~/utils/crypto.server";
import { requireSecret } from "~/utils/env.server";
import {
  OBJECT_KEYS,
  ROUTE_TABLE,
  type Expectation,
  type ObjectKey,
  type Outcome,
  type Relation,
  type RouteRow,
} from "./access-matrix.table";
import { insertReadyExport } from "./data-export-helpers";
import { Browser, db, loggedInBrowser, ORIGIN, randomTestIp, TEST_PASSWORD } from "./helpers";
import { makeClient, makeProject, makeTask } from "./project-helpers";
import { insertReadyReport, insertReportSending } from "./report-helpers";

export type ActorName = "nobody" | "freelancerA" | "freelancerB" | "linkA" | "linkB" | "linkOff";
export type SetName = "a" | "aOff" | "b" | "unknown";
export type Probe = "document" | "data" | "post";

export interface Actor {
  name: ActorName;
  kind: "nobody" | "freelancer" | "link";
  /** The set whose ids the actor uses when a request names no object, and a link's own project. */
  home: SetName;
  /** Sets whose data the actor may see. Any other set's marker or ids in a response is a leak. */
  entitled: SetName[];
}

export const ACTORS: Actor[] = [
  { name: "nobody", kind: "nobody", home: "a", entitled: [] },
  { name: "freelancerA", kind: "freelancer", home: "a", entitled: ["a", "aOff"] },
  { name: "freelancerB", kind: "freelancer", home: "b", entitled: ["b"] },
  { name: "linkA", kind: "link", home: "a", entitled: ["a"] },
  { name: "linkB", kind: "link", home: "b", entitled: ["b"] },
  { name: "linkOff", kind: "link", home: "aOff", entitled: [] },
];

/**
 * Lists the object sets an actor sends a probe with (none leaves the actor out). A probe that
 * names no object goes with the actor's home set. Otherwise freelancer A tries its own ids and
 * B's, and B tries A's, because an unknown id takes the same path as another account's. A client
 * link tries another project only where the URL carries its token: the link of A's project tries
 * A's other project, and the link of B's project tries A's. Without its token in the URL a link
 * sends no credential at all, so it sends `nobody`'s request. Where the URL secret is the
 * credential, `nobody` tries A's values and unknown ones, and B tries A's, because a session must
 * change nothing there. On client pages and secret URLs one freelancer is enough, because the
 * session plays no part.
 */
function setsFor(actor: Actor, row: RouteRow, probe: Probe): SetName[] {
  const actorToken = takesActorToken(row);
  if (actor.name === "freelancerB" && actorToken) return [];
  if (actor.name === "freelancerA" && row.secretInUrl) return [];
  if (!namesObjects(row, probe)) return [actor.kind === "link" && !actorToken ? "a" : actor.home];
  switch (actor.name) {
    case "nobody":
      return row.secretInUrl ? ["a", "unknown"] : ["a"];
    case "freelancerA":
      return actorToken ? ["a"] : ["a", "b"];
    case "freelancerB":
      return ["a"];
    case "linkA":
      return actorToken ? ["a", "aOff"] : ["a"];
    case "linkB":
      return ["a"];
    case "linkOff":
      return actorToken ? ["aOff"] : ["a"];
  }
}

/** Ids, tokens and names of one set of seeded objects. The `unknown` set has well-formed values that match nothing. */
export interface ObjectSet {
  name: SetName;
  owner: ActorName | null;
  /** Random text inside every name and file of the set, so a leak of any of them is found by one search. */
  marker: string | null;
  values: Record<ObjectKey, string>;
  email: string | null;
}

export interface Seed {
  sets: Record<SetName, ObjectSet>;
  cookies: Partial<Record<ActorName, string>>;
}

let seed: Seed;

/** Seeds the matrix's data into the test file's database and keeps it for the requests of this module. */
export async function seedMatrix(): Promise<Seed> {
  seed = await seedAll();
  return seed;
}

// Seeding ---------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const PDF_PREFIX = "%PDF-1.7\n1 0 obj << >> endobj\n";
const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

function newMarker(): string {
  return `zn${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
}

function hex64(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

/** Inserts an auth_tokens row for a link token and returns the token. */
async function insertAuthToken(userId: string, purpose: "activation" | "password_pin" | "email_change", values: Partial<typeof authTokens.$inferInsert> = {}) {
  const token = randomToken(32);
  await db.insert(authTokens).values({
    id: crypto.randomUUID(),
    userId,
    purpose,
    tokenHash: await sha256Hex(token),
    expiresAt: inDays(1),
    ...values,
  });
  return token;
}

/** Inserts a Tpay connection of the freelancer with credentials that reach no merchant. */
async function insertTpayConnection(userId: string) {
  const notifyKey = randomToken(18);
  const merchantId = String(10_000 + Math.floor(Math.random() * 80_000));
  const now = new Date().toISOString();
  const [row] = await db
    .insert(tpayConnections)
    .values({
      userId,
      notifyKey,
      environment: "sandbox",
      merchantId,
      clientIdHint: `${merchantId}-…`,
      credentials: await sealTpayCredentials(env, userId, { clientId: `${merchantId}-test`, clientSecret: "secret", securityCode: "code" }),
      status: "verified",
      checkedAt: now,
      updatedAt: now,
    })
    .returning({ id: tpayConnections.id });
  return { connectionId: row.id, notifyKey };
}

/**
 * Seeds one project with sharing on, and everything the routes name by id under it. These are a
 * task, a client message, an open fix request, a client-uploaded file in R2, and a cancelled
 * client bill with a cancelled Tpay transaction. Then come a ready report with its PDF in R2, a
 * sending of it, and an invitation whose address has unsubscribed. With `disableLink` the link
 * is turned off at the end, and the old token is returned all the same.
 */
async function seedProject(userId: string, marker: string, connectionId: string, options: { disableLink?: boolean } = {}) {
  const now = new Date().toISOString();
  const clientEmail = `klient-${marker}@example.com`;
  const client = await makeClient(userId, { name: `Klient ${marker}`, email: clientEmail });
  const project = await makeProject(userId, { clientId: client.id, name: `Projekt ${marker}` });
  const task = await makeTask(userId, project.id, { name: `Zadanie ${marker}`, amount: 12_300 });
  const shareToken = await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), userId, project.id, null);
  if (!shareToken) throw new Error("Sharing could not be turned on");
  const shareTokenHash = await sha256Hex(shareToken);

  const messageId = crypto.randomUUID();
  await db.insert(messages).values({ id: messageId, userId, projectId: project.id, seq: 1, author: "client", body: `Wiadomość ${marker}` });

  const fixRequestId = crypto.randomUUID();
  await db.insert(fixRequests).values({
    id: fixRequestId,
    userId,
    projectId: project.id,
    number: 1,
    title: `Poprawka ${marker}`,
    description: `Opis poprawki ${marker}`,
    updatedAt: now,
  });

  const fileId = crypto.randomUUID();
  const fileBytes = encoder.encode(`Plik ${marker}\n`);
  const fileKey = `projects/${project.id}/${crypto.randomUUID()}`;
  await env.FILES.put(fileKey, fileBytes);
  await db.insert(files).values({
    id: fileId,
    userId,
    projectId: project.id,
    r2Key: fileKey,
    name: `plik-${marker}.txt`,
    size: fileBytes.byteLength,
    contentType: "text/plain",
    kind: "text",
    uploadedBy: "client",
  });
  await db.update(projects).set({ clientStorageBytes: fileBytes.byteLength }).where(eq(projects.id, project.id));

  const billId = crypto.randomUUID();
  await db.insert(bills).values({
    id: billId,
    userId,
    projectId: project.id,
    number: 1,
    createdBy: "client",
    status: "cancelled",
    total: 12_300,
    cancelledAt: now,
    cancelledBy: "client",
    updatedAt: now,
  });
  await db.insert(billItems).values({
    id: crypto.randomUUID(),
    billId,
    taskId: task.id,
    name: `Zadanie ${marker}`,
    amount: 12_300,
    taskVersion: 1,
    position: 0,
    active: false,
  });
  const transactionId = crypto.randomUUID();
  await db.insert(tpayTransactions).values({
    id: transactionId,
    userId,
    purpose: "bill",
    billId,
    account: "freelancer",
    connectionId,
    environment: "sandbox",
    merchantId: "10000",
    transactionId: `ta_${randomToken(12)}`,
    title: `TR-${randomToken(6)}`,
    crc: `b_${randomToken(16)}`,
    amount: 12_300,
    paymentUrl: `${ORIGIN}/tpay-sandbox/pay/none`,
    status: "cancelled",
    updatedAt: now,
  });

  const pdf = encoder.encode(`${PDF_PREFIX}% Raport ${marker}\n%%EOF\n`);
  const { id: reportId } = await insertReadyReport(userId, project.id, { pdf });
  const reportToken = await insertReportSending(userId, reportId, { email: clientEmail });

  const invitationId = crypto.randomUUID();
  await db.insert(invitations).values({
    id: invitationId,
    userId,
    projectId: project.id,
    email: clientEmail,
    name: `Klient ${marker}`,
    sentShareTokenHash: shareTokenHash,
    unsubscribedAt: now,
    updatedAt: now,
  });

  if (options.disableLink && (await disableSharing(db, userId, project.id)) !== "disabled") throw new Error("Sharing could not be turned off");
  return {
    clientId: client.id,
    projectId: project.id,
    taskId: task.id,
    messageId,
    fixRequestId,
    fileId,
    billId,
    reportId,
    transactionId,
    invitationId,
    shareToken,
    reportToken,
    unsubscribeToken: await unsubscribeToken(requireSecret(env, "SESSION_SECRET"), invitationId),
  };
}

/**
 * Seeds what belongs to the account rather than to a project. These are a notification, a ready
 * export with its ZIP in R2, a pending subscription order, and e-mail change, activation and PIN
 * links. Then come a development-inbox e-mail, a report logo, and the public id of the session.
 */
async function seedAccount(userId: string, email: string, marker: string, projectId: string) {
  const now = new Date().toISOString();
  const notificationId = crypto.randomUUID();
  await db.insert(notifications).values({
    id: notificationId,
    userId,
    projectId,
    type: "message",
    data: JSON.stringify({ excerpt: `Wiadomość ${marker}` }),
    emailState: "none",
  });
  const exportRow = await insertReadyExport(userId, encoder.encode(`Eksport ${marker}`));
  const orderId = crypto.randomUUID();
  await db.insert(subscriptionOrders).values({ id: orderId, userId, plan: "monthly", months: 1, amount: 2_900, status: "pending", updatedAt: now });

  const [account] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  const emailChangeToken = await insertAuthToken(userId, "email_change", { newEmail: `nowy-${marker}@example.com` });
  const activationToken = await insertAuthToken(userId, "activation", { passwordHash: account.passwordHash, registrationName: `Anna ${marker}` });
  const pinToken = await insertAuthToken(userId, "password_pin", { pinHash: hex64() });

  const devMailId = crypto.randomUUID();
  await db.insert(devMailbox).values({
    id: devMailId,
    outboxId: crypto.randomUUID(),
    fromAddress: "Klamp <no-reply@klamp.localhost>",
    toAddress: email,
    subject: `Temat ${marker}`,
    html: `<p>Treść ${marker}</p>`,
    text: `Treść ${marker}`,
  });

  const logoKey = `report-logos/${userId}/${crypto.randomUUID()}`;
  await env.FILES.put(logoKey, PNG_SIGNATURE, { httpMetadata: { contentType: "image/png" } });
  await db.insert(reportSettings).values({ userId, logoKey, logoContentType: "image/png", logoSize: PNG_SIGNATURE.byteLength, showLogo: true, updatedAt: now });

  const [session] = await db.select({ idHash: sessions.idHash }).from(sessions).where(eq(sessions.userId, userId));
  return {
    notificationId,
    exportId: exportRow.id,
    orderId,
    emailChangeToken,
    activationToken,
    pinToken,
    devMailId,
    sessionPublicId: await sessionPublicId(session.idHash),
  };
}

/**
 * Seeds a freelancer's Tpay connection, one shared project (seedProject) and the account's own
 * objects (seedAccount), with `marker` in every name. Returns the connection's id and the value
 * of every object key. The page budgets test requests each route with these values too.
 */
export async function seedFreelancerObjects(user: { id: string; email: string }, marker: string) {
  const { connectionId, notifyKey } = await insertTpayConnection(user.id);
  const project = await seedProject(user.id, marker, connectionId);
  const account = await seedAccount(user.id, user.email, marker, project.projectId);
  const values: Record<ObjectKey, string> = { userId: user.id, notifyKey, ...project, ...account };
  return { connectionId, values };
}

/** Values of the `unknown` set: well-formed like the real ones, matching nothing. */
function unknownValues(): Record<ObjectKey, string> {
  const uuid = () => crypto.randomUUID();
  return {
    userId: uuid(),
    clientId: uuid(),
    projectId: uuid(),
    taskId: uuid(),
    messageId: uuid(),
    fixRequestId: uuid(),
    fileId: uuid(),
    billId: uuid(),
    reportId: uuid(),
    exportId: uuid(),
    transactionId: uuid(),
    invitationId: uuid(),
    notificationId: uuid(),
    orderId: uuid(),
    sessionPublicId: hex64(),
    devMailId: uuid(),
    notifyKey: randomToken(18),
    shareToken: randomToken(32),
    reportToken: randomToken(32),
    unsubscribeToken: `${uuid()}.${hex64()}`,
    emailChangeToken: randomToken(32),
    activationToken: randomToken(32),
    pinToken: randomToken(32),
  };
}

async function seedAll(): Promise<Seed> {
  const markers = { a: newMarker(), aOff: newMarker(), b: newMarker() };
  const annaLogin = await loggedInBrowser({ name: `Anna ${markers.a}` });
  const bartekLogin = await loggedInBrowser({ name: `Bartek ${markers.b}` });

  const anna = await seedFreelancerObjects(annaLogin.user, markers.a);
  const bartek = await seedFreelancerObjects(bartekLogin.user, markers.b);
  // A's other project, whose link is off: the account's own values are A's.
  const annaOff = await seedProject(annaLogin.user.id, markers.aOff, anna.connectionId, { disableLink: true });

  const sets: Record<SetName, ObjectSet> = {
    a: { name: "a", owner: "freelancerA", marker: markers.a, values: anna.values, email: annaLogin.user.email },
    aOff: { name: "aOff", owner: "freelancerA", marker: markers.aOff, values: { ...anna.values, ...annaOff }, email: annaLogin.user.email },
    b: { name: "b", owner: "freelancerB", marker: markers.b, values: bartek.values, email: bartekLogin.user.email },
    unknown: { name: "unknown", owner: null, marker: null, values: unknownValues(), email: null },
  };
  return {
    sets,
    cookies: { freelancerA: annaLogin.browser.cookieHeader(), freelancerB: bartekLogin.browser.cookieHeader() },
  };
}

// Routes and cases ------------------------------------------------------------------------------

interface BuildRoute {
  id: string;
  parentId?: string;
  path?: string;
  module: { loader?: unknown; action?: unknown };
}

export const BUILD_ROUTES = build.routes as unknown as Record<string, BuildRoute>;

/** Joins the paths of a route and its parents into the URL pattern, e.g. /projects/:projectId/files. */
function buildPattern(routeId: string): string {
  const segments: string[] = [];
  for (let route: BuildRoute | undefined = BUILD_ROUTES[routeId]; route; route = route.parentId ? BUILD_ROUTES[route.parentId] : undefined) {
    if (route.path) segments.unshift(route.path);
  }
  return `/${segments.join("/")}`;
}

export function rowPattern(row: RouteRow): string {
  if (row.url) return row.url;
  if (!BUILD_ROUTES[row.id]) throw new Error(`Route ${row.id} not found in the build: remove its row, or give it a url`);
  return buildPattern(row.id);
}

function patternParams(pattern: string): string[] {
  return [...pattern.matchAll(/:(\w+)/g)].map((match) => match[1]);
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
}

function isObjectKey(key: string): key is ObjectKey {
  return (OBJECT_KEYS as readonly string[]).includes(key);
}

/** Returns the object key of a URL parameter: the row's choice, else the parameter's name. A client page's `:token` is its link. */
export function paramKey(row: RouteRow, param: string): ObjectKey {
  const key = row.params?.[param] ?? (param === "token" ? "shareToken" : param);
  if (!isObjectKey(key)) throw new Error(`${row.id}: parameter :${param} names no object key; add it to params`);
  return key;
}

/** Checks whether the row's `:token` is a client link that the actor brings, rather than a value of the object set. */
function takesActorToken(row: RouteRow): boolean {
  return !row.secretInUrl && patternParams(rowPattern(row)).some((param) => paramKey(row, param) === "shareToken");
}

/** Checks whether a probe's URL, query or form names objects, so that it is sent with several object sets. */
function namesObjects(row: RouteRow, probe: Probe): boolean {
  const actorToken = takesActorToken(row);
  const fromPath = patternParams(rowPattern(row)).some((param) => !(actorToken && paramKey(row, param) === "shareToken"));
  const fromQuery = probe !== "post" && placeholders(row.query ?? "").length > 0;
  const fromForm = probe === "post" && "form" in row.post && Object.values(row.post.form).some((value) => placeholders(value).length > 0);
  return fromPath || fromQuery || fromForm;
}

function relationOf(actor: Actor, set: ObjectSet, row: RouteRow): Relation {
  if (set.name === "unknown" && row.secretInUrl) return "unknownSecret";
  switch (actor.kind) {
    case "nobody":
      return "nobody";
    case "freelancer":
      return set.owner === actor.name ? "owner" : "otherFreelancer";
    case "link":
      if (actor.name === "linkOff") return "disabledLink";
      return set.name === actor.home ? "ownLink" : "otherLink";
  }
}

export interface MatrixRequest {
  method: string;
  path: string;
  actor: ActorName;
  form?: Record<string, string>;
  /** Session cookie to send instead of the actor's own. */
  cookie?: string;
}

export interface MatrixCase {
  row: RouteRow;
  probe: Probe;
  actor: Actor;
  set: ObjectSet;
  relation: Relation;
  expected: Outcome | undefined;
  request: MatrixRequest;
}

export function expectationOf(row: RouteRow, probe: Probe): Expectation | null {
  const declared = row[probe];
  return "skip" in declared ? null : declared.expect;
}

function fill(template: string, set: ObjectSet): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!isObjectKey(key)) throw new Error(`{${key}} names no object key`);
    return set.values[key];
  });
}

/** Builds the request of one actor with one object set: the path, the query of a GET and the form of a POST. */
export function requestFor(row: RouteRow, probe: Probe, actor: Actor, set: ObjectSet): MatrixRequest {
  const actorToken = takesActorToken(row);
  const path = rowPattern(row).replace(/:(\w+)/g, (_, param: string) => {
    const key = paramKey(row, param);
    if (actorToken && key === "shareToken") {
      // A client link brings its own token. Everyone else brings a well-formed token that opens nothing.
      const tokenSet = actor.kind === "link" ? seed.sets[actor.home] : seed.sets.unknown;
      return tokenSet.values.shareToken;
    }
    return encodeURIComponent(set.values[key]);
  });
  if (probe === "post") {
    const post = row.post;
    if ("skip" in post) throw new Error(`${row.id}: POST is skipped`);
    const form = Object.fromEntries(Object.entries(post.form).map(([name, value]) => [name, fill(value, set)]));
    return { method: "POST", path, actor: actor.name, form };
  }
  const search = new URLSearchParams(row.query ? fill(row.query, set) : "");
  if (probe === "data") search.set("_data", row.id);
  const query = search.toString();
  return { method: "GET", path: query ? `${path}?${query}` : path, actor: actor.name };
}

/** Lists the requests a probe of a row implies, each with its relation and declared outcome. */
export function casesFor(row: RouteRow, probe: Probe): MatrixCase[] {
  const expectation = expectationOf(row, probe);
  if (!expectation) return [];
  const cases: MatrixCase[] = [];
  for (const actor of ACTORS) {
    for (const setName of setsFor(actor, row, probe)) {
      const set = seed.sets[setName];
      const relation = relationOf(actor, set, row);
      cases.push({ row, probe, actor, set, relation, expected: expectation[relation], request: requestFor(row, probe, actor, set) });
    }
  }
  return cases;
}

// Requests and checks ---------------------------------------------------------------------------

export interface Reply {
  status: number;
  /** Location of a redirect, or the X-Remix-Redirect of a `?_data=` redirect. */
  redirect: string | null;
  body: string;
}

/**
 * Sends a request as its actor, from an address of its own, without following redirects.
 * `headerChanges` sets headers over the defaults, and a null value removes one (such as Origin).
 */
export async function sendRaw(request: MatrixRequest, headerChanges: Record<string, string | null> = {}): Promise<Response> {
  // Each request comes from an address of its own, so that the per-IP limits (failed secret-link
  // lookups, logins) never return 429 to the matrix's hundreds of requests.
  const headers = new Headers({ Host: new URL(ORIGIN).host, "CF-Connecting-IP": randomTestIp() });
  const cookie = request.cookie ?? seed.cookies[request.actor];
  if (cookie) headers.set("Cookie", cookie);
  let body: URLSearchParams | undefined;
  if (request.method !== "GET" && request.method !== "HEAD") headers.set("Origin", ORIGIN);
  if (request.form) {
    body = new URLSearchParams(request.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  for (const [name, value] of Object.entries(headerChanges)) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return SELF.fetch(new URL(request.path, ORIGIN), { method: request.method, headers, body, redirect: "manual" });
}

export async function send(request: MatrixRequest): Promise<Reply> {
  const response = await sendRaw(request);
  const redirect = response.headers.get("X-Remix-Redirect") ?? (response.status >= 300 && response.status < 400 ? response.headers.get("Location") : null);
  // A HEAD reply has no body, but reading it ends the response's stream all the same.
  return { status: response.status, redirect, body: await response.text() };
}

/**
 * Requests that change nothing (GETs, HEADs, rejected POSTs) are sent once and their reply shared,
 * because a client link without its token in the URL sends exactly `nobody`'s request.
 */
const replyCache = new Map<string, Promise<Reply>>();

export function sendCached(request: MatrixRequest): Promise<Reply> {
  const key = JSON.stringify([request.method, request.path, request.form ?? null, request.cookie ?? seed.cookies[request.actor] ?? null]);
  let reply = replyCache.get(key);
  if (!reply) {
    reply = send(request);
    replyCache.set(key, reply);
  }
  return reply;
}

/** Runs `work` on every item with at most `limit` running at once, keeping the order of the results. */
export async function mapWithLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const STATUS_OUTCOMES: Record<number, Outcome> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  405: "methodNotAllowed",
  409: "conflict",
  410: "gone",
  422: "badRequest",
};

/** Classifies a reply. A login redirect that would not bring the user back to the requested path reads as "login to <target>". */
export function outcomeOf(request: MatrixRequest, reply: Reply): string {
  if (reply.redirect !== null) {
    if (!reply.redirect.startsWith("/login?redirectTo=")) return "redirect";
    const target = new URLSearchParams(reply.redirect.slice("/login?".length)).get("redirectTo") ?? "";
    const requested = new URL(request.path, ORIGIN).pathname;
    return new URL(target, ORIGIN).pathname === requested ? "login" : `login to ${target}`;
  }
  if (reply.status >= 200 && reply.status < 300) return "ok";
  return STATUS_OUTCOMES[reply.status] ?? `status ${reply.status}`;
}

/**
 * Lists what the reply reveals of object sets the actor may not see: their marker (part of every
 * seeded name, file and e-mail), their ids and tokens, and their owner's e-mail address. A value
 * the request itself carries does not count, and neither does one the actor may see anyway.
 */
function leaksOf(item: MatrixCase, reply: Reply): string[] {
  if (item.row.secretInUrl || item.row.openToAnyone) return [];
  const entitled = item.actor.entitled.map((name) => seed.sets[name]);
  const allowed = new Set(entitled.flatMap((set) => [...Object.values(set.values), set.email, set.marker]));
  const requestText = `${item.request.path} ${JSON.stringify(item.request.form ?? {})}`;
  const text = `${reply.redirect ?? ""} ${reply.body}`;
  const found: string[] = [];
  for (const set of [seed.sets.a, seed.sets.aOff, seed.sets.b]) {
    if (item.actor.entitled.includes(set.name)) continue;
    const values: [string, string | null][] = [["marker", set.marker], ["email", set.email], ...Object.entries(set.values)];
    for (const [label, value] of values) {
      if (!value || allowed.has(value) || requestText.includes(value)) continue;
      if (text.includes(value)) found.push(`${set.name}.${label}`);
    }
  }
  return found;
}

function describeCase(item: MatrixCase): string {
  const form = item.request.form ? ` ${new URLSearchParams(item.request.form)}` : "";
  return `${item.row.id} [${item.probe}] ${item.actor.name} with ids of ${item.set.name} (${item.relation}): ${item.request.method} ${item.request.path}${form}`;
}

/**
 * Checks whether the reply must show the set's marker: a page or data the owner opened by naming
 * the set's objects. The marker proves that the ids reached the objects, and that the leak check
 * searches for text the routes really print.
 */
function mustShowMarker(item: MatrixCase, reply: Reply): boolean {
  const own = item.relation === "owner" || item.relation === "ownLink";
  const row = item.row;
  if (!own || item.probe === "post" || reply.status !== 200 || !item.set.marker) return false;
  return namesObjects(row, item.probe) && !row.secretInUrl && !row.openToAnyone && !row.ownerSeesNoMarker;
}

function checkReply(item: MatrixCase, reply: Reply) {
  const label = describeCase(item);
  expect.soft(item.expected, `${label}: no outcome declared for ${item.relation}`).toBeDefined();
  expect.soft(outcomeOf(item.request, reply), label).toBe(item.expected);
  expect.soft(leaksOf(item, reply), `${label}: reveals data of another set`).toEqual([]);
  if (mustShowMarker(item, reply)) expect.soft(reply.body.includes(item.set.marker ?? ""), `${label}: shows the set's names`).toBe(true);
}

// Database snapshots ----------------------------------------------------------------------------

type Snapshot = Map<string, string[]>;

const LINK_LOOKUP_COUNTER = /^rate_limits: [+-]\{"key":"link_lookup:/;

/**
 * Reads every row of every table of the app's database. sessions.last_used_at is left out:
 * a request refreshes it in the background when the session was last used over 10 minutes ago.
 * The Tpay sandbox keeps its state in a database of its own, which is not read.
 */
export async function snapshotDatabase(options: { skipTables?: string[] } = {}): Promise<Snapshot> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  const names = results.map((row) => row.name).filter((name) => !options.skipTables?.includes(name));
  const tables = await env.DB.batch<Record<string, unknown>>(names.map((name) => env.DB.prepare(`SELECT * FROM "${name}" ORDER BY rowid`)));
  const snapshot: Snapshot = new Map();
  names.forEach((name, index) => {
    const rows = tables[index].results.map((row) => {
      if (name !== "sessions") return JSON.stringify(row);
      const { last_used_at: _lastUsedAt, ...rest } = row;
      return JSON.stringify(rest);
    });
    snapshot.set(name, rows);
  });
  return snapshot;
}

/**
 * Lists the rows that differ between two snapshots, as `table: +row` and `table: -row`. The
 * counters of failed secret-link lookups are left out: the Worker counts every 404 of a path
 * such as /p/<token> per IP, GETs included, which the matrix provokes on purpose.
 */
export function changedRows(before: Snapshot, after: Snapshot): string[] {
  const changes: string[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const old = new Set(before.get(name) ?? []);
    const now = new Set(after.get(name) ?? []);
    for (const row of now) if (!old.has(row)) changes.push(`${name}: +${row}`);
    for (const row of old) if (!now.has(row)) changes.push(`${name}: -${row}`);
  }
  return changes.filter((change) => !LINK_LOOKUP_COUNTER.test(change));
}

/**
 * rate_limits is left out of the comparison around rejected POSTs, because actions count an
 * attempt before they check the request, so that parallel requests cannot pass a limit. Here the
 * client's "Opłać" (/p/<token>/bills) with another project's task counts the attempt, then gives
 * it back, which leaves a row with count 0.
 */
const REJECTED_POST_SKIPPED_TABLES = ["rate_limits"];

/** Outcomes after which a POST may have changed data. Every other outcome is a rejection. */
export const ACCEPTED: (Outcome | undefined)[] = ["ok", "redirect"];

/** Opens a new session of the freelancer, for a POST that ends the session it is sent with. */
export async function freshSession(actor: ActorName): Promise<string | undefined> {
  if (actor !== "freelancerA" && actor !== "freelancerB") return undefined;
  const set = actor === "freelancerA" ? seed.sets.a : seed.sets.b;
  const [account] = await db.select({ email: users.email }).from(users).where(eq(users.id, set.values.userId));
  const browser = new Browser();
  const response = await browser.post("/login", { email: account.email, password: TEST_PASSWORD });
  if (response.status !== 302) throw new Error(`Login of ${actor} failed with ${response.status}`);
  return browser.cookieHeader();
}

const OTHER_METHODS = ["PUT", "PATCH", "DELETE", "OPTIONS"];
const OTHER_METHODS_REMIX_ROW = "routes/_app.dashboard";

// Tests -----------------------------------------------------------------------------------------

/**
 * Time limit of one row's test. A row sends up to about 25 requests, and a test that overran its
 * limit would keep sending while the next test runs.
 * NOTE: with @cloudflare/vitest-pool-workers 0.15.1 every SELF.fetch of a file is slower than the
 * one before it. Measured here, GET /hello took 2 ms at first and about 100 ms after 600
 * requests, so a test file's run time grows with the square of its request count. That is why
 * the routes are split into groups, one test file each.
 */
const ROW_TIMEOUT_MS = 120_000;

/** Requests of one test in flight at once. Only GETs, HEADs and rejected POSTs run in parallel. */
const CONCURRENCY = 4;

// Groups ----------------------------------------------------------------------------------------

export type RouteGroup = "freelancer" | "clientAndPublic" | "worker";

/**
 * The groups of routes, one test file each. A group is a rule on the route id rather than a
 * list, so that a new route of the build falls into a group and fails that file's check until
 * the table declares it. Every route of the build and every row must match exactly one rule.
 */
export const ROUTE_GROUPS: Record<RouteGroup, (id: string) => boolean> = {
  /** The freelancer's area: the _app layout and every page under it. */
  freelancer: (id) => id === "routes/_app" || id.startsWith("routes/_app."),
  /** The root layout, the client link's pages and every other page outside the freelancer's area. */
  clientAndPublic: (id) => id === "root" || (id.startsWith("routes/") && !ROUTE_GROUPS.freelancer(id)),
  /** Paths the Worker serves before Remix. */
  worker: (id) => id.startsWith("worker:"),
};

const GROUP_NAMES = Object.keys(ROUTE_GROUPS) as RouteGroup[];

function groupsOf(id: string): RouteGroup[] {
  return GROUP_NAMES.filter((group) => ROUTE_GROUPS[group](id));
}

// Tests -----------------------------------------------------------------------------------------

/**
 * Registers the access matrix of one group of routes: the declaration checks of its rows, the
 * GETs, the rejected POSTs, HEAD, and last the accepted POSTs. The Worker's paths also get the
 * methods other than GET, HEAD and POST, sent to them and to one Remix route.
 */
export function describeAccessMatrix(group: RouteGroup) {
  const rows = ROUTE_TABLE.filter((row) => ROUTE_GROUPS[group](row.id));

  describe(`access matrix: ${group}`, () => {
    beforeAll(async () => {
      await seedMatrix();
    }, 120_000);

    it("puts every route in exactly one group", () => {
      const ids = new Set([...Object.keys(BUILD_ROUTES), ...ROUTE_TABLE.map((row) => row.id)]);
      const misplaced = [...ids].filter((id) => groupsOf(id).length !== 1).map((id) => `${id}: ${groupsOf(id).join(", ") || "no group"}`);
      expect(misplaced, "routes in no group or in several").toEqual([]);
    });

    it("declares every route of the group", () => {
      const routed = Object.values(BUILD_ROUTES).filter((route) => ROUTE_GROUPS[group](route.id) && (route.module.loader || route.module.action));
      const declared = new Set(rows.map((row) => row.id));
      const missing = routed.map((route) => route.id).filter((id) => !declared.has(id));
      const stale = rows.map((row) => row.id).filter((id) => !id.startsWith("worker:") && !BUILD_ROUTES[id]);
      const repeated = ROUTE_TABLE.map((row) => row.id).filter((id, index, ids) => ids.indexOf(id) !== index);
      expect(missing, "routes of the build without a row").toEqual([]);
      expect(stale, "rows naming no route of the build").toEqual([]);
      expect(repeated, "routes with more than one row").toEqual([]);
    });

    it("declares a URL and the known parameters of every row", () => {
      for (const row of rows) {
        expect(() => rowPattern(row), row.id).not.toThrow();
        expect(() => patternParams(rowPattern(row)).forEach((param) => paramKey(row, param)), row.id).not.toThrow();
        if (row.id.startsWith("worker:")) expect(row.url, `${row.id} needs a url`).toBeDefined();
      }
    });

    it("keeps the access rules in every declaration", () => {
      // A route is protected when `nobody`'s GET of it redirects to the login page or finds
      // nothing. There `nobody` and every caller without a right to the ids is never let in,
      // whatever a row declares, and a POST from them never reaches the action's own checks (400,
      // 409) or its success. Tpay's notification address is not protected this way, because its
      // credential is the signature in the body, which the POST checks.
      const problems: string[] = [];
      const rejected: (Outcome | undefined)[] = ["login", "notFound", "unauthorized", "forbidden"];
      const rejectedPost = [...rejected, "methodNotAllowed"];
      for (const row of rows) {
        const get = expectationOf(row, "document") ?? expectationOf(row, "data");
        const isProtected = !row.secretInUrl && !row.openToAnyone && rejected.includes(get?.nobody);
        for (const probe of ["document", "data", "post"] as Probe[]) {
          const expectation = expectationOf(row, probe);
          if (!expectation) continue;
          const where = `${row.id} [${probe}]`;
          const outsiders: Relation[] = ["nobody", "otherFreelancer", "otherLink", "disabledLink"];
          for (const relation of isProtected ? outsiders : []) {
            const outcome = expectation[relation];
            const allowed = probe === "post" ? rejectedPost.includes(outcome) : outcome !== "ok";
            if (!allowed) problems.push(`${where}: ${relation} gets ${outcome}`);
          }
          const disabled = expectation.disabledLink;
          if (takesActorToken(row) && disabled !== "notFound" && !(probe === "post" && disabled === "methodNotAllowed")) {
            problems.push(`${where}: a disabled link gets ${disabled}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it("finds a changed row, skips last use and lookup counts", async () => {
      const before = await snapshotDatabase();
      const projectRows = before.get("projects") ?? [];
      expect(projectRows.filter((row) => row.includes(seed.sets.a.values.projectId))).toHaveLength(1);
      expect(projectRows.filter((row) => row.includes(seed.sets.b.values.projectId))).toHaveLength(1);

      const probeId = crypto.randomUUID();
      await db.update(sessions).set({ lastUsedAt: new Date().toISOString() }).where(eq(sessions.userId, seed.sets.a.values.userId));
      await db.insert(devMailbox).values({ id: probeId, outboxId: probeId, fromAddress: "a@example.com", toAddress: "b@example.com", subject: "-", html: "-", text: "-" });
      await env.DB.prepare("INSERT INTO rate_limits (key, window_start, count) VALUES (?, 0, 1)").bind(`link_lookup:ip:${probeId}`).run();
      const changes = changedRows(before, await snapshotDatabase());
      await db.delete(devMailbox).where(eq(devMailbox.id, probeId));
      expect(changes).toHaveLength(1);
      expect(changes[0]).toContain(`dev_mailbox: +{"id":"${probeId}"`);
    });

    describe("GET matches the table, writes nothing", () => {
      for (const row of rows) {
        it(row.id, async () => {
          const cases = [...casesFor(row, "document"), ...casesFor(row, "data")];
          const before = await snapshotDatabase();
          const replies = await mapWithLimit(cases, CONCURRENCY, (item) => sendCached(item.request));
          const after = await snapshotDatabase();
          cases.forEach((item, index) => checkReply(item, replies[index]));
          expect(changedRows(before, after), `${row.id}: rows changed by GET`).toEqual([]);
        }, ROW_TIMEOUT_MS);
      }
    });

    describe("rejected POST matches the table, writes nothing", () => {
      for (const row of rows) {
        it(row.id, async () => {
          const cases = casesFor(row, "post").filter((item) => !ACCEPTED.includes(item.expected));
          const before = await snapshotDatabase({ skipTables: REJECTED_POST_SKIPPED_TABLES });
          const replies = await mapWithLimit(cases, CONCURRENCY, (item) => sendCached(item.request));
          const after = await snapshotDatabase({ skipTables: REJECTED_POST_SKIPPED_TABLES });
          cases.forEach((item, index) => checkReply(item, replies[index]));
          expect(changedRows(before, after), `${row.id}: rows changed by a rejected POST`).toEqual([]);
        }, ROW_TIMEOUT_MS);
      }
    });

    it(group === "worker" ? "rejects other methods, runs HEAD like GET" : "runs HEAD like GET", async () => {
      const nobody = ACTORS[0];
      const set = seed.sets[nobody.home];
      const checks: { label: string; request: MatrixRequest; expected: Outcome }[] = [];
      for (const row of ROUTE_TABLE) {
        const path = requestFor(row, "document", nobody, set).path;
        // The Worker rejects other methods before Remix matches a route, so one Remix route is
        // enough, and the Worker's group sends them. Every other row is a path with a handler of
        // its own.
        if (group === "worker" && (row.id === OTHER_METHODS_REMIX_ROW || !BUILD_ROUTES[row.id])) {
          for (const method of OTHER_METHODS) {
            checks.push({ label: `${row.id}: ${method} ${path}`, request: { method, path, actor: nobody.name }, expected: row.otherMethods ?? "methodNotAllowed" });
          }
        }
        if (!rows.includes(row)) continue;
        // HEAD runs the route's loaders like GET, so it must not skip their checks.
        const expected = row.head ?? expectationOf(row, "document")?.[relationOf(nobody, set, row)];
        if (expected) checks.push({ label: `${row.id}: HEAD ${path}`, request: { method: "HEAD", path, actor: nobody.name }, expected });
      }
      const replies = await mapWithLimit(checks, CONCURRENCY, (check) => send(check.request));
      checks.forEach((check, index) => expect.soft(outcomeOf(check.request, replies[index]), check.label).toBe(check.expected));
    }, ROW_TIMEOUT_MS);

    // Runs last: these POSTs may change the seeded data, e.g. delete the client's file or end a session.
    describe("accepted POST matches the table", () => {
      for (const row of rows) {
        it(row.id, async () => {
          const post = row.post;
          const cases = casesFor(row, "post").filter((item) => ACCEPTED.includes(item.expected));
          for (const item of cases) {
            const cookie = "form" in post && post.freshSession ? await freshSession(item.actor.name) : undefined;
            checkReply(item, await send({ ...item.request, cookie }));
          }
        }, ROW_TIMEOUT_MS);
      }
    });
  });
}
