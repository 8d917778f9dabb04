import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { clients, projects, type Client } from "~/db/schema";
import { randomId } from "~/utils/crypto.server";
import { normalizeNip } from "~/utils/nip";
import { activityInsert } from "./activity.server";

export const CLIENTS_PAGE_SIZE = 20;

export interface ClientInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  nip?: string | null;
  address?: string | null;
  notes?: string | null;
}

function searchTextOf(input: ClientInput): string {
  return [input.name, input.email, input.phone, input.nip].filter(Boolean).join(" ").toLocaleLowerCase("pl-PL");
}

function normalizeInput(input: ClientInput) {
  return {
    name: input.name,
    email: input.email ? input.email.toLowerCase() : null,
    phone: input.phone || null,
    nip: input.nip ? normalizeNip(input.nip) : null,
    address: input.address || null,
    notes: input.notes || null,
  };
}

/** Escapes LIKE wildcards so a search for `50%` matches the text `50%`. */
function likePattern(query: string): string {
  return `%${query.toLocaleLowerCase("pl-PL").replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Lists the freelancer's clients by name, with how many projects each has, optionally filtered. */
export async function listClients(db: Db, userId: string, options: { query?: string; page: number }) {
  const query = options.query?.trim();
  const rows = await db
    .select({
      id: clients.id,
      name: clients.name,
      email: clients.email,
      phone: clients.phone,
      nip: clients.nip,
      projectCount: sql<number>`(SELECT COUNT(*) FROM ${projects} WHERE ${projects.clientId} = ${clients.id})`,
    })
    .from(clients)
    .where(and(eq(clients.userId, userId), query ? sql`${clients.searchText} LIKE ${likePattern(query)} ESCAPE '\\'` : undefined))
    .orderBy(asc(clients.searchText), asc(clients.id))
    .limit(CLIENTS_PAGE_SIZE + 1)
    .offset((options.page - 1) * CLIENTS_PAGE_SIZE);
  return { items: rows.slice(0, CLIENTS_PAGE_SIZE), hasMore: rows.length > CLIENTS_PAGE_SIZE };
}

/** All clients for a picker (name and e-mail only), capped. */
export async function listClientOptions(db: Db, userId: string) {
  return db
    .select({ id: clients.id, name: clients.name, email: clients.email })
    .from(clients)
    .where(eq(clients.userId, userId))
    .orderBy(asc(clients.searchText))
    .limit(500);
}

export async function getClient(db: Db, userId: string, clientId: string): Promise<Client | undefined> {
  return db.query.clients.findFirst({ where: and(eq(clients.id, clientId), eq(clients.userId, userId)) });
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
  const values = { id: randomId(), userId, ...normalizeInput(input), searchText: searchTextOf(input), createdAt: now, updatedAt: now };
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

/** Updates a client; returns null when the id is not one of the freelancer's clients. */
export async function updateClient(db: Db, userId: string, clientId: string, input: ClientInput): Promise<Client | null> {
  const now = new Date().toISOString();
  const [updated] = await db
    .update(clients)
    .set({ ...normalizeInput(input), searchText: searchTextOf(input), updatedAt: now })
    .where(and(eq(clients.id, clientId), eq(clients.userId, userId)))
    .returning();
  if (!updated) return null;
  await activityInsert(db, {
    userId,
    actor: "freelancer",
    action: "client.updated",
    subjectType: "client",
    subjectId: clientId,
    data: { name: updated.name },
  });
  return updated;
}

/** Deletes a client unless a project uses it; the check and the delete are one statement. */
export async function deleteClient(db: Db, userId: string, clientId: string): Promise<"deleted" | "in_use" | "not_found"> {
  const client = await getClient(db, userId, clientId);
  if (!client) return "not_found";
  const deleted = await db
    .delete(clients)
    .where(
      and(
        eq(clients.id, clientId),
        eq(clients.userId, userId),
        sql`NOT EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.clientId} = ${clientId})`,
      ),
    )
    .returning({ id: clients.id });
  if (deleted.length === 0) return "in_use";
  await activityInsert(db, {
    userId,
    actor: "freelancer",
    action: "client.deleted",
    subjectType: "client",
    subjectId: clientId,
    data: { name: client.name },
  });
  return "deleted";
}

/** Finds the freelancer's client with this e-mail, or creates one named after the address. */
export async function findOrCreateClientByEmail(db: Db, userId: string, email: string): Promise<{ client: Client; created: boolean }> {
  const normalized = email.trim().toLowerCase();
  const existing = await db.query.clients.findFirst({
    where: and(eq(clients.userId, userId), eq(clients.email, normalized)),
  });
  if (existing) return { client: existing, created: false };
  return { client: await createClient(db, userId, { name: normalized, email: normalized }), created: true };
}

