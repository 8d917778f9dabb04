import type { Db } from "./db/client.server";
import type { LinkLookupCheck } from "./utils/link-lookup-limit.server";
import type { TpayFetch } from "./models/tpay-api.server";

declare module "@remix-run/cloudflare" {
  interface AppLoadContext {
    cloudflare: { env: Env; ctx: ExecutionContext };
    db: Db;
    /** Per-request nonce for the Content-Security-Policy; set by workers/app.ts. */
    cspNonce: string;
    /** fetch for Tpay's API and certificates; outside production it also reaches the local sandbox. */
    tpayFetch: TpayFetch;
    /** The secret-link limit's check that the token lookup of this request runs, if any (limitLinkLookups). */
    linkLookup?: LinkLookupCheck | null;
  }
}

export {};
