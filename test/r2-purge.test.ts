import { env } from "cloudflare:test";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox, r2Purges } from "~/db/schema";
import { GOODBYE_EMAIL_KEEP_MS, purgeGoodbyeEmails, purgeR2Prefixes, R2_PURGE_SETTLE_MS } from "~/models/account-deletion.server";
import { randomId } from "~/utils/crypto.server";
import { db, uniqueEmail } from "./helpers";

// The scheduled clean-up after deleted accounts, against the real local R2 and D1. Objects under
// each queued prefix are deleted in pages with bounded work per run. A purge row stays until its
// prefix is empty and settled, and goodbye e-mail rows go once sent.

const bucket = env.FILES;

/** Stores `count` small objects under the prefix and returns their keys. */
async function putObjects(prefix: string, count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let index = 0; index < count; index++) {
    const key = `${prefix}${index}`;
    await bucket.put(key, `obiekt ${index}`);
    keys.push(key);
  }
  return keys;
}

async function keysUnder(prefix: string): Promise<string[]> {
  return (await bucket.list({ prefix })).objects.map((object) => object.key);
}

async function purgeRow(prefix: string) {
  return db.query.r2Purges.findFirst({ where: eq(r2Purges.prefix, prefix) });
}

describe("r2 purge", () => {
  it("deletes a prefix in pages", async () => {
    const projectId = randomId();
    const prefix = `projects/${projectId}/`;
    await putObjects(prefix, 5);
    // Keys that only start like the prefix, and another project's key, stay.
    const neighbours = [`projects/${projectId}x/zostaje`, `projects/${randomId()}/zostaje`];
    for (const key of neighbours) await bucket.put(key, "zostaje");
    await db.insert(r2Purges).values({ prefix, createdAt: "2000-01-01T00:00:00.000Z" });

    const first = await purgeR2Prefixes({ db, bucket }, new Date(), { pageSize: 2, maxPages: 2 });
    expect(first).toEqual({ deletedObjects: 4, finishedPrefixes: 0 });
    expect(await keysUnder(prefix)).toHaveLength(1);
    expect(await purgeRow(prefix)).toBeDefined();

    const second = await purgeR2Prefixes({ db, bucket }, new Date(), { pageSize: 2, maxPages: 2 });
    expect(second).toEqual({ deletedObjects: 1, finishedPrefixes: 1 });
    expect(await keysUnder(prefix)).toEqual([]);
    expect(await purgeRow(prefix)).toBeUndefined();
    for (const key of neighbours) expect(await bucket.head(key), key).not.toBeNull();
  });

  it("keeps a new row until settled", async () => {
    const prefix = `reports/${randomId()}/`;
    const queuedAt = new Date();
    await db.insert(r2Purges).values({ prefix, createdAt: queuedAt.toISOString() });
    const minutesAfter = (minutes: number) => new Date(queuedAt.getTime() + minutes * 60_000);

    await purgeR2Prefixes({ db, bucket }, minutesAfter(1));
    expect(await purgeRow(prefix)).toBeDefined();

    // A report render that was running at the deletion stores its PDF afterwards.
    await putObjects(prefix, 1);
    await purgeR2Prefixes({ db, bucket }, minutesAfter(30));
    expect(await keysUnder(prefix)).toEqual([]);
    expect(await purgeRow(prefix)).toBeDefined();

    await purgeR2Prefixes({ db, bucket }, new Date(queuedAt.getTime() + R2_PURGE_SETTLE_MS + 60_000));
    expect(await purgeRow(prefix)).toBeUndefined();
  });

  it("stops at the page budget", async () => {
    const prefixes = [randomId(), randomId(), randomId()].map((id) => `projects/${id}/`);
    for (const [index, prefix] of prefixes.entries()) {
      await putObjects(prefix, 1);
      await db.insert(r2Purges).values({ prefix, createdAt: `1999-01-0${index + 1}T00:00:00.000Z` });
    }

    const outcome = await purgeR2Prefixes({ db, bucket }, new Date(), { maxPages: 2 });
    expect(outcome).toEqual({ deletedObjects: 2, finishedPrefixes: 2 });
    expect(await keysUnder(prefixes[0])).toEqual([]);
    expect(await keysUnder(prefixes[1])).toEqual([]);
    expect(await keysUnder(prefixes[2])).toHaveLength(1);
    const left = await db.select().from(r2Purges).where(inArray(r2Purges.prefix, prefixes));
    expect(left.map((row) => row.prefix)).toEqual([prefixes[2]]);
  });
});

describe("goodbye e-mail clean-up", () => {
  it("removes sent or stale goodbyes", async () => {
    const now = new Date();
    const recent = now.toISOString();
    const old = new Date(now.getTime() - GOODBYE_EMAIL_KEEP_MS - 60_000).toISOString();
    const row = (template: string, status: "queued" | "sent", createdAt: string) => ({
      id: randomId(),
      userId: null,
      toAddress: uniqueEmail("pozegnanie"),
      template,
      data: JSON.stringify({ retainedPayments: 0 }),
      status,
      createdAt,
      updatedAt: createdAt,
    });
    const sent = row("account_deleted", "sent", recent);
    const waiting = row("account_deleted", "queued", recent);
    const stuck = row("account_deleted", "queued", old);
    const otherTemplate = row("activation", "sent", old);
    await db.insert(emailOutbox).values([sent, waiting, stuck, otherTemplate]);

    expect(await purgeGoodbyeEmails(db, now)).toBeGreaterThanOrEqual(2);
    const ids = [sent.id, waiting.id, stuck.id, otherTemplate.id];
    const left = await db.select({ id: emailOutbox.id }).from(emailOutbox).where(inArray(emailOutbox.id, ids));
    expect(left.map((found) => found.id).sort()).toEqual([waiting.id, otherTemplate.id].sort());
  });
});
