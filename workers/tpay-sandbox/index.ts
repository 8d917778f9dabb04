// Local Tpay sandbox (integrations/tpay.md §5.2). Placeholder until the sandbox lands.

/** Sends a request to the app itself (a notification), without the network. */
export type DeliverToApp = (request: Request) => Promise<Response>;

export async function handleTpaySandbox(_request: Request, _env: Env, _ctx: ExecutionContext, _deliver: DeliverToApp): Promise<Response> {
  return new Response("Not Found", { status: 404 });
}

export async function handleTpaySandboxBatch(batch: MessageBatch<unknown>, _env: Env, _deliver: DeliverToApp): Promise<void> {
  batch.ackAll();
}
