import { localSandboxBase, type TpayFetch } from "~/models/tpay-api.server";
import { handleTpaySandbox, type DeliverToApp } from "./tpay-sandbox";

/** This Worker's own fetch handler, for requests the sandbox makes to the app. */
export type AppFetch = (request: Request, env: Env, ctx: ExecutionContext) => Promise<Response>;

/**
 * The fetch used for Tpay. Outside production, the sandbox in this Worker handles requests for the
 * local sandbox's URLs without the network, because the tests have no listening server. Every
 * other URL goes out through the global fetch.
 */
export function createTpayFetch(env: Env, ctx: ExecutionContext, appFetch: AppFetch): TpayFetch {
  const sandboxBase = localSandboxBase(env);
  return (input, init) => {
    const request = new Request(input, init);
    if (sandboxBase && request.url.startsWith(`${sandboxBase}/`)) {
      return handleTpaySandbox(request, env, ctx, createDeliverToApp(env, ctx, appFetch));
    }
    return fetch(request);
  };
}

/** Lets the sandbox post its notifications to this Worker's own URL without the network. */
export function createDeliverToApp(env: Env, ctx: ExecutionContext, appFetch: AppFetch): DeliverToApp {
  return (request) => {
    if (new URL(request.url).origin === new URL(env.APP_ORIGIN).origin) return appFetch(request, env, ctx);
    return fetch(request);
  };
}
