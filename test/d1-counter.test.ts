import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { users } from "~/db/schema";
import { countingD1, withD1QueryLog, type D1Counts } from "../workers/d1-counter";

function emptyCounts(): D1Counts {
  return { queries: 0, batches: 0, batched: 0 };
}

describe("countingD1", () => {
  it("counts each statement execution", async () => {
    const counts = emptyCounts();
    const db = countingD1(env.DB, counts);
    await db.prepare("SELECT 1 AS one").first();
    await db.prepare("SELECT ?1 AS value").bind(2).all();
    await db.prepare("SELECT 3").raw();
    expect(counts).toEqual({ queries: 3, batches: 0, batched: 0 });
  });

  it("counts a batch once with its statements", async () => {
    const counts = emptyCounts();
    const db = countingD1(env.DB, counts);
    const results = await db.batch([db.prepare("SELECT 1 AS one"), db.prepare("SELECT ?1 AS two").bind(2)]);
    expect(results.map((result) => result.results[0])).toEqual([{ one: 1 }, { two: 2 }]);
    expect(counts).toEqual({ queries: 0, batches: 1, batched: 2 });
  });

  it("counts drizzle queries and batches", async () => {
    const counts = emptyCounts();
    const db = getDb(countingD1(env.DB, counts));
    await db.select().from(users).limit(1);
    await db.query.users.findFirst();
    await db.batch([db.select().from(users).limit(1), db.select().from(users).limit(1)]);
    expect(counts).toEqual({ queries: 2, batches: 1, batched: 2 });
  });
});

describe("withD1QueryLog", () => {
  const handler = withD1QueryLog({
    async fetch(_request: Request, handlerEnv: Env & { D1_QUERY_LOG?: string }, _ctx: ExecutionContext) {
      await handlerEnv.DB.prepare("SELECT 1").first();
      await handlerEnv.DB.batch([handlerEnv.DB.prepare("SELECT 1"), handlerEnv.DB.prepare("SELECT 2")]);
      return new Response("ok", { headers: { "X-Existing": "kept" } });
    },
  });
  const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;

  it("reports counts when D1_QUERY_LOG is 1", async () => {
    const response = await handler.fetch(new Request("http://localhost/"), { ...env, D1_QUERY_LOG: "1" }, ctx);
    expect(response.headers.get("X-D1-Queries")).toBe("1");
    expect(response.headers.get("X-D1-Batches")).toBe("1");
    expect(response.headers.get("X-D1-Batched")).toBe("2");
    expect(response.headers.get("X-Existing")).toBe("kept");
    expect(await response.text()).toBe("ok");
  });

  it("reports D1 and total time in Server-Timing", async () => {
    const response = await handler.fetch(new Request("http://localhost/"), { ...env, D1_QUERY_LOG: "1" }, ctx);
    const timing = response.headers.get("Server-Timing") ?? "";
    const d1 = /(?:^|,\s*)d1;dur=(\d+(?:\.\d+)?)/.exec(timing);
    const total = /(?:^|,\s*)total;dur=(\d+(?:\.\d+)?)/.exec(timing);
    expect(d1, `Server-Timing "${timing}" has no d1 entry`).not.toBeNull();
    expect(total, `Server-Timing "${timing}" has no total entry`).not.toBeNull();
    expect(Number(d1![1])).toBeLessThanOrEqual(Number(total![1]));
  });

  it("adds no headers without D1_QUERY_LOG", async () => {
    const response = await handler.fetch(new Request("http://localhost/"), env, ctx);
    expect(response.headers.has("X-D1-Queries")).toBe(false);
    expect(response.headers.has("Server-Timing")).toBe(false);
  });

  it("ignores D1_QUERY_LOG in production", async () => {
    const productionEnv = { ...env, ENVIRONMENT: "production", D1_QUERY_LOG: "1" };
    const response = await handler.fetch(new Request("http://localhost/"), productionEnv, ctx);
    expect(response.headers.has("X-D1-Queries")).toBe(false);
    expect(response.headers.has("Server-Timing")).toBe(false);
  });
});
