// Opt-in D1 call counter for benchmarks. With the Worker variable D1_QUERY_LOG=1 (for example
// `wrangler dev --var D1_QUERY_LOG:1`), every request gets its own wrapped env.DB and the
// response carries:
//   X-D1-Queries  statements run on their own (prepare().first/all/run/raw, exec): one round trip each
//   X-D1-Batches  db.batch() calls: one round trip each
//   X-D1-Batched  statements sent inside those batches
//   Server-Timing d1;dur=<ms spent waiting for D1>, total;dur=<ms from the request to the response headers>
// Work that runs after the response (ctx.waitUntil, queue consumers) is not counted. The
// variable is ignored when ENVIRONMENT is "production".
// The durations include CPU time only locally: deployed Workers advance performance.now() only
// after I/O (a Spectre mitigation), while wrangler dev's clock runs freely (Cloudflare's Workers
// docs, "Performance and timers"). "d1" adds up each call's own wait, so calls that overlap
// (Promise.all) count more than once.

export interface D1Counts {
  queries: number;
  batches: number;
  batched: number;
  /** Milliseconds spent waiting for D1 calls, summed. They are added up only when the field is set. */
  milliseconds?: number;
}

interface CountableEnv {
  DB: D1Database;
  ENVIRONMENT: string;
  D1_QUERY_LOG?: string;
}

/** Adds the time until `result` settles to counts.milliseconds, unless that field is unset (no timing requested). */
function timed<T>(result: Promise<T>, counts: D1Counts): Promise<T> {
  if (counts.milliseconds === undefined) return result;
  const started = performance.now();
  const addElapsed = () => {
    counts.milliseconds = (counts.milliseconds ?? 0) + (performance.now() - started);
  };
  return result.finally(addElapsed);
}

const COUNTED_STATEMENT_METHODS = new Set<PropertyKey>(["first", "all", "run", "raw"]);
const UNWRAP = Symbol("d1-counter.unwrap");

function countStatement(statement: D1PreparedStatement, counts: D1Counts): D1PreparedStatement {
  return new Proxy(statement, {
    get(target, property) {
      if (property === UNWRAP) return target;
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "bind") {
        return (...values: unknown[]) => countStatement(value.apply(target, values), counts);
      }
      if (COUNTED_STATEMENT_METHODS.has(property)) {
        return (...args: unknown[]) => {
          counts.queries += 1;
          return timed(value.apply(target, args), counts);
        };
      }
      return value.bind(target);
    },
  });
}

/** Returns the real statement behind a counting proxy, because D1's batch() accepts only its own statements. */
function unwrapStatement(statement: D1PreparedStatement): D1PreparedStatement {
  return (statement as D1PreparedStatement & { [UNWRAP]?: D1PreparedStatement })[UNWRAP] ?? statement;
}

/** Wraps a D1 binding so that every statement execution and batch adds to `counts`. */
export function countingD1(db: D1Database, counts: D1Counts): D1Database {
  return new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "prepare") {
        return (query: string) => countStatement(target.prepare(query), counts);
      }
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) => {
          counts.batches += 1;
          counts.batched += statements.length;
          return timed(target.batch(statements.map(unwrapStatement)), counts);
        };
      }
      if (property === "exec") {
        return (query: string) => {
          counts.queries += 1;
          return timed(target.exec(query), counts);
        };
      }
      return value.bind(target);
    },
  });
}

function withCountHeaders(response: Response, counts: D1Counts, totalMilliseconds: number): Response {
  const counted = new Response(response.body, response);
  counted.headers.set("X-D1-Queries", String(counts.queries));
  counted.headers.set("X-D1-Batches", String(counts.batches));
  counted.headers.set("X-D1-Batched", String(counts.batched));
  const d1 = (counts.milliseconds ?? 0).toFixed(1);
  counted.headers.append("Server-Timing", `d1;dur=${d1};desc="D1 wait", total;dur=${totalMilliseconds.toFixed(1)};desc="Worker total"`);
  return counted;
}

interface FetchingHandler<E> {
  // Method syntax on purpose: the handler's own env type (Env) may be wider than CountableEnv.
  fetch(request: Request, env: E, ctx: ExecutionContext): Promise<Response>;
}

/**
 * Returns the handler with its fetch wrapped: when D1_QUERY_LOG is "1" outside production,
 * each request gets a counting env.DB and its response reports the counts in X-D1-* headers and
 * the D1 and total durations in Server-Timing.
 */
export function withD1QueryLog<E extends CountableEnv, H extends FetchingHandler<E>>(handler: H): H {
  const fetch = handler.fetch;
  return {
    ...handler,
    async fetch(request: Request, env: E, ctx: ExecutionContext) {
      if (env.D1_QUERY_LOG !== "1" || env.ENVIRONMENT === "production") return fetch.call(handler, request, env, ctx);
      const started = performance.now();
      const counts: D1Counts = { queries: 0, batches: 0, batched: 0, milliseconds: 0 };
      const countedEnv = { ...env, DB: countingD1(env.DB, counts) };
      const response = await fetch.call(handler, request, countedEnv, ctx);
      return withCountHeaders(response, counts, performance.now() - started);
    },
  };
}
