import type { Db } from "./db/client.server";

declare module "@remix-run/cloudflare" {
  interface AppLoadContext {
    cloudflare: { env: Env; ctx: ExecutionContext };
    db: Db;
    /** Per-request nonce for the Content-Security-Policy; set by workers/app.ts. */
    cspNonce: string;
  }
}

export {};
