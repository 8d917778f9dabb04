import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { Db } from "./client.server";

// A page that shows several panels reads them all in one D1 batch, so it costs one round trip
// however many panels it has. Each model builds a ReadPlan (its queries, not yet run, and the
// function that shapes their rows), and the page runs the plans together with runReadPlans.

type Query = BatchItem<"sqlite">;
type Queries = [Query, ...Query[]];

export interface ReadPlan<T> {
  queries: Queries;
  shape: (results: unknown[]) => T;
}

/** Builds a plan from a list of queries and a function of their rows, typed per query. */
export function readPlan<Q extends Queries, T>(queries: Q, shape: (results: BatchResponse<Q>) => T): ReadPlan<T> {
  return { queries, shape: (results) => shape(results as BatchResponse<Q>) };
}

/** Builds a plan with the same queries whose result is passed through `map`. */
export function mapReadPlan<T, U>(plan: ReadPlan<T>, map: (result: T) => U): ReadPlan<U> {
  return { queries: plan.queries, shape: (results) => map(plan.shape(results)) };
}

type PlanResults<P extends Record<string, ReadPlan<unknown>>> = { [K in keyof P]: P[K] extends ReadPlan<infer T> ? T : never };

/** Runs every plan's queries in one D1 batch and returns each plan's shaped result under its key. */
export async function runReadPlans<P extends Record<string, ReadPlan<unknown>>>(db: Db, plans: P): Promise<PlanResults<P>> {
  const entries = Object.entries(plans);
  const queries = entries.flatMap(([, plan]) => plan.queries);
  const results: unknown[] = await db.batch(queries as unknown as Queries);

  const shaped: Record<string, unknown> = {};
  let offset = 0;
  for (const [key, plan] of entries) {
    shaped[key] = plan.shape(results.slice(offset, offset + plan.queries.length));
    offset += plan.queries.length;
  }
  return shaped as PlanResults<P>;
}

/** Runs one plan in its own batch. */
export async function runReadPlan<T>(db: Db, plan: ReadPlan<T>): Promise<T> {
  return (await runReadPlans(db, { plan })).plan;
}
