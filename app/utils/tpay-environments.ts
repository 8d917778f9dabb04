// Tpay's two environments. A plain module (not .server) because the Settings → Płatności
// form lists them in the browser too.

export const TPAY_ENVIRONMENTS = ["sandbox", "production"] as const;
export type TpayEnvironment = (typeof TPAY_ENVIRONMENTS)[number];
