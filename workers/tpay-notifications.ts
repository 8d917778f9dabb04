import type { Db } from "~/db/client.server";
import type { TpayFetch } from "~/models/tpay-api.server";

// POST /tpay/notifications/<notifyKey> and /tpay/notifications/platform. Placeholder.

export const TPAY_NOTIFICATIONS_PATH = "/tpay/notifications/";

export async function handleTpayNotification(
  _request: Request,
  _env: Env,
  _ctx: ExecutionContext,
  _deps: { db: Db; tpayFetch: TpayFetch },
): Promise<Response> {
  return new Response("FALSE - not implemented", { status: 400 });
}
