import type { Db } from "./db/client.server";
import type { TpayFetch } from "./models/tpay-api.server";

declare module "@remix-run/cloudflare" {
  interface AppLoadContext {
    cloudflare: { env: Env; ctx: ExecutionContext };
    db: Db;
    /** Per-request nonce for the Content-Security-Policy; set by workers/app.ts. */
    cspNonce: string;
    /** fetch for Tpay's API and certificates; outside production it also reaches the local sandbox. */
    tpayFetch: TpayFetch;
  }
}

export {};
