import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { readPlan } from "~/db/read-plan.server";
import { activity, clients, projects, type Client } from "~/db/schema";
import { clientsText } from "~/i18n/pl";
import { randomId } from "~/utils/crypto.server";
import { classifyClientField, clientNameKey } from "~/schemas/projects";
import { normalizeNip } from "~/utils/nip";
import { guardedActivity } from "./activity-guard.server";
import { activityInsert } from "./activity.server";

export const CLIENTS_PAGE_SIZE = 20;

/**
 * Returns the name to show for a client: "Klient usunięty" for an anonymised one. Every saved
 * client has a name (the form requires one, and a client made from an e-mail is named after it),
 * so an empty name is only ever an anonymised client's.
 */
export function clientDisplayName(name: string): string {
  return name === "" ? clientsText.anonymizedName : name;
}

export interface ClientInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  nip?: string | null;
  address?: string | null;
  notes?: string | null;
}

type StoredClientFields = ReturnType<typeof normalizeInput>;

function normalizeInput(input: ClientInput) {
  return {
    // NFC, so that text typed with combining accents is stored and searched the same way as
    // text typed with precomposed Polish letters.
    name: input.name.normalize("NFC"),
    email: input.email ? input.email.toLowerCase() : null,
    phone: input.phone || null,
    nip: input.nip ? normalizeNip(input.nip) : null,
    address: input.address ? input.address.normalize("NFC") : null,
    notes: input.notes ? input.notes.normalize("NFC") : null,
  };
}

/** Builds the search column: name, e-mail, phone (as typed and digits only) and the ten NIP digits, lower-cased. */
function searchTextOf(values: StoredClientFields): string {
  const phoneDigits = values.phone ? values.phone.replace(/\D/g, "") : null;
  return [values.name, values.email, values.phone, phoneDigits, values.nip]
    .filter(Boolean)
    .join(" ")
    .toLocaleLowerCase("pl-PL");
}

function sameFields(client: Client, values: StoredClientFields): boolean {
  return (Object.keys(values) as (keyof StoredClientFields)[]).every((key) => client[key] === values[key]);
}

// Searches use instr() rather than LIKE, because D1 rejects LIKE patterns longer than 50 bytes;
// instr() also needs no escaping of % and _.
/** Lower-cases a search query the way the search column is lower-cased. */
function searchKey(query: string): string {
  return query.normalize("NFC").toLocaleLowerCase("pl-PL");
}

/** Lists the freelancer's clients by name, with how many projects each has, optionally filtered. Anonymised clients are left out. */
export async function listClients(db: Db, userId: string, options: { query?: string; page: number }) {
  const trimmed = options.query?.trim();
  // A NIP written with dashes or the PL prefix is searched as its ten stored digits.
  const query = trimmed ? (normalizeNip(trimmed) ?? trimmed) : undefined;
  const rows = await db
    .select({
      id: clients.id,
      name: clients.name,
      email: clients.email,
      phone: clients.phone,
      nip: clients.nip,
      // Written with an alias and a qualified outer column: in a one-table select drizzle prints
      // bare column names, and a bare "id" inside the subquery would mean projects.id.
      projectCount: sql<number>`(SELECT COUNT(*) FROM ${projects} p WHERE p.client_id = ${clients}.id)`,
    })
    .from(clients)
    .where(
      and(
        eq(clients.userId, userId),
        isNull(clients.anonymizedAt),
        query ? sql`instr(${clients.searchText}, ${searchKey(query)}) > 0` : undefined,
      ),
    )
    .orderBy(asc(clients.searchText), asc(clients.id))
    .limit(CLIENTS_PAGE_SIZE + 1)
    .offset((options.page - 1) * CLIENTS_PAGE_SIZE);
  return { items: rows.slice(0, CLIENTS_PAGE_SIZE), hasMore: rows.length > CLIENTS_PAGE_SIZE };
}

/**
 * Builds the query for a client picker (name and e-mail only, at most 500, anonymised clients
 * left out), so a page can put it in its batch.
 */
export function clientOptionsQuery(db: Db, userId: string) {
  return db
    .select({ id: clients.id, name: clients.name, email: clients.email })
    .from(clients)
    .where(and(eq(clients.userId, userId), isNull(clients.anonymizedAt)))
    .orderBy(asc(clients.searchText))
    .limit(500);
}

/** Lists the freelancer's clients for a picker (name and e-mail only), capped at 500. */
export async function listClientOptions(db: Db, userId: string) {
  return clientOptionsQuery(db, userId);
}

export async function getClient(db: Db, userId: string, clientId: string): Promise<Client | undefined> {
  return db.query.clients.findFirst({ where: and(eq(clients.id, clientId), eq(clients.userId, userId)) });
}

/** Projects the client page lists, newest first. */
export const CLIENT_PAGE_PROJECTS = 20;

/**
 * Plans the reads of the client page: the client, its project count and its newest projects,
 * so the page can batch them with the anonymisation preview. Every read is scoped by the user,
 * so another user's client id gives no client and no projects.
 */
export function clientPagePlan(db: Db, userId: string, clientId: string) {
  const ofClient = and(eq(projects.userId, userId), eq(projects.clientId, clientId));
  return readPlan(
    [
      db
        .select()
        .from(clients)
        .where(and(eq(clients.id, clientId), eq(clients.userId, userId)))
        .limit(1),
      db.select({ n: count() }).from(projects).where(ofClient),
      db
        .select({ id: projects.id, name: projects.name, status: projects.status, deadline: projects.deadline })
        .from(projects)
        .where(ofClient)
        .orderBy(desc(projects.createdAt), desc(projects.id))
        .limit(CLIENT_PAGE_PROJECTS),
    ],
    ([clientRows, countRows, projectRows]) => ({
      client: clientRows.at(0),
      projectCount: countRows[0]?.n ?? 0,
      projects: projectRows,
    }),
  );
}

export async function countClientProjects(db: Db, userId: string, clientId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(projects)
    .where(and(eq(projects.userId, userId), eq(projects.clientId, clientId)));
  return row?.n ?? 0;
}

export async function createClient(db: Db, userId: string, input: ClientInput): Promise<Client> {
  const now = new Date().toISOString();
  const fields = normalizeInput(input);
  const values = { id: randomId(), userId, ...fields, searchText: searchTextOf(fields), createdAt: now, updatedAt: now };
  const [[created]] = await db.batch([
    db.insert(clients).values(values).returning(),
    activityInsert(db, {
      userId,
      actor: "freelancer",
      action: "client.created",
      subjectType: "client",
      subjectId: values.id,
      data: { name: values.name },
    }),
  ]);
  return created;
}

export type UpdateClientResult = "updated" | "unchanged" | "not_found" | "conflict";

/**
 * Updates a client and records it in the activity log in one batch. The change is written only
 * if the client's `updated_at` is still the one that was read. Otherwise the result is
 * "conflict", or "unchanged" when the client already has the submitted values.
 */
export async function updateClient(db: Db, userId: string, clientId: string, input: ClientInput): Promise<UpdateClientResult> {
  const existing = await getClient(db, userId, clientId);
  if (!existing) return "not_found";
  const fields = normalizeInput(input);
  if (sameFields(existing, fields)) return "unchanged";

  const now = new Date().toISOString();
  const logged = guardedActivity(
    db,
    {
      userId,
      actor: "freelancer",
      action: "client.updated",
      subjectType: "client",
      subjectId: clientId,
      data: { name: fields.name, previousName: existing.name },
    },
    sql`EXISTS (SELECT 1 FROM ${clients} WHERE ${clients.id} = ${clientId} AND ${clients.userId} = ${userId} AND ${clients.updatedAt} = ${existing.updatedAt})`,
  );
  const [, updated] = await db.batch([
    logged.insert,
    db
      .update(clients)
      .set({ ...fields, searchText: searchTextOf(fields), updatedAt: now })
      .where(and(eq(clients.id, clientId), eq(clients.userId, userId), logged.written))
      .returning({ id: clients.id }),
  ]);
  if (updated.length > 0) return "updated";
  const current = await getClient(db, userId, clientId);
  if (!current) return "not_found";
  return sameFields(current, fields) ? "unchanged" : "conflict";
}

/** True when the freelancer's activity log records that this client was deleted. */
export async function wasClientDeleted(db: Db, userId: string, clientId: string): Promise<boolean> {
  const rows = await db
    .select({ id: activity.id })
    .from(activity)
    .where(and(eq(activity.userId, userId), eq(activity.action, "client.deleted"), eq(activity.subjectId, clientId)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Deletes a client unless a project uses it, with its activity row in the same batch. When two
 * requests delete the same client at once, one deletes it and the other returns
 * "already_deleted" and writes nothing.
 */
export async function deleteClient(
  db: Db,
  userId: string,
  clientId: string,
): Promise<"deleted" | "already_deleted" | "in_use" | "not_found"> {
  const client = await getClient(db, userId, clientId);
  if (!client) return "not_found";
  const logged = guardedActivity(
    db,
    {
      userId,
      actor: "freelancer",
      action: "client.deleted",
      subjectType: "client",
      subjectId: clientId,
    },
    sql`EXISTS (SELECT 1 FROM ${clients} WHERE ${clients.id} = ${clientId} AND ${clients.userId} = ${userId})
      AND NOT EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.clientId} = ${clientId})`,
  );
  const removed = clientsText.removedValue;
  // The client's name leaves the history too, as in anonymizeClient: the rows stay, the name goes.
  // `client.deleted` itself is written without it.
  const [, , deleted] = await db.batch([
    logged.insert,
    db
      .update(activity)
      .set({ data: sql`json_replace(${activity}.data, '$.name', ${removed}, '$.previousName', ${removed})` })
      .where(and(eq(activity.userId, userId), eq(activity.subjectType, "client"), eq(activity.subjectId, clientId), logged.written)),
    db
      .delete(clients)
      .where(and(eq(clients.id, clientId), eq(clients.userId, userId), logged.written))
      .returning({ id: clients.id }),
  ]);
  if (deleted.length > 0) return "deleted";
  return (await getClient(db, userId, clientId)) ? "in_use" : "already_deleted";
}

/**
 * Finds the freelancer's client with this e-mail, or creates one. A new client is named `name`
 * when the form gave one ("Jan Kowalski <jan@example.com>"), otherwise after the address.
 */
export async function findOrCreateClientByEmail(
  db: Db,
  userId: string,
  email: string,
  name: string | null = null,
): Promise<{ client: Client; created: boolean }> {
  const normalized = email.trim().toLowerCase();
  const existing = await db.query.clients.findFirst({
    where: and(eq(clients.userId, userId), eq(clients.email, normalized)),
  });
  if (existing) return { client: existing, created: false };
  return { client: await createClient(db, userId, { name: name || normalized, email: normalized }), created: true };
}

/**
 * Lists the freelancer's clients whose name equals `name`, ignoring letter case and Unicode
 * normalization. The search column starts with the lower-cased name, so SQL narrows the rows by
 * that prefix and the exact comparison happens here (SQLite's lower() is ASCII-only).
 */
export async function findClientsByName(db: Db, userId: string, name: string): Promise<Client[]> {
  const key = clientNameKey(name);
  if (!key) return [];
  const prefix = `${key} `;
  const rows = await db
    .select()
    .from(clients)
    .where(and(eq(clients.userId, userId), sql`(${clients.searchText} = ${key} OR instr(${clients.searchText}, ${prefix}) = 1)`))
    .orderBy(asc(clients.id));
  return rows.filter((client) => clientNameKey(client.name) === key);
}

export type ProjectClientResult =
  | { status: "found"; client: Client; created: boolean }
  | { status: "invalid" }
  | { status: "unknown_name"; name: string }
  | { status: "ambiguous"; name: string }
  | { status: "not_found" };

/**
 * Resolves the project form's client field against the freelancer's clients:
 * - an id that is not one of theirs is "not_found" (the route responds with 404, as for any
 *   foreign id); an anonymised client's id is "invalid", unless it is `currentClientId` (the
 *   project keeps the client it already has);
 * - an e-mail address, alone or as "Name <e-mail>", names an existing client or creates one;
 * - any other text is a client's name: one match is found, none is "unknown_name", and two or
 *   more are "ambiguous" (the form then asks to pick the client with its e-mail).
 */
export async function resolveProjectClient(
  db: Db,
  userId: string,
  value: string,
  currentClientId: string | null = null,
): Promise<ProjectClientResult> {
  const field = classifyClientField(value);
  if (field.kind === "id") {
    const client = await getClient(db, userId, field.id);
    if (!client) return { status: "not_found" };
    if (client.anonymizedAt && client.id !== currentClientId) return { status: "invalid" };
    return { status: "found", client, created: false };
  }
  if (field.kind === "email") {
    const { client, created } = await findOrCreateClientByEmail(db, userId, field.email, field.name);
    return { status: "found", client, created };
  }
  if (field.kind === "name") {
    const matches = await findClientsByName(db, userId, field.name);
    if (matches.length === 1) return { status: "found", client: matches[0], created: false };
    return matches.length === 0 ? { status: "unknown_name", name: field.name } : { status: "ambiguous", name: field.name };
  }
  return { status: "invalid" };
}
