// Production must run with its own secrets; the development defaults in wrangler.toml are public.

const DEVELOPMENT_SECRETS = new Set([
  "dev-only-session-secret-change-me",
  "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=",
  "99999-00000000platform",
  "dev-only-platform-client-secret",
  "dev-only-platform-security-code",
]);

export function isProduction(env: Env): boolean {
  return env.ENVIRONMENT === "production";
}

/** Lists what is wrong with the configuration; empty when the Worker may serve requests. */
export function checkEnv(env: Env): string[] {
  const problems: string[] = [];
  for (const name of ["SESSION_SECRET", "ENCRYPTION_KEY"] as const) {
    const value = env[name];
    if (!value) problems.push(`${name} is not set`);
    else if (isProduction(env) && DEVELOPMENT_SECRETS.has(value)) problems.push(`${name} has the development value`);
  }
  if (isProduction(env) && (env.SESSION_SECRET ?? "").length < 32) problems.push("SESSION_SECRET is shorter than 32 characters");
  if (!["mailbox", "http"].includes(env.EMAIL_PROVIDER)) problems.push(`EMAIL_PROVIDER "${env.EMAIL_PROVIDER}" is not mailbox or http`);
  if (isProduction(env) && env.EMAIL_PROVIDER === "mailbox") problems.push("EMAIL_PROVIDER mailbox is for development only");
  if (env.EMAIL_PROVIDER === "http" && (!env.EMAIL_API_URL || !env.EMAIL_API_KEY)) {
    problems.push("EMAIL_PROVIDER http needs EMAIL_API_URL and EMAIL_API_KEY");
  }
  if (env.TPAY_PLATFORM_ENVIRONMENT !== "sandbox" && env.TPAY_PLATFORM_ENVIRONMENT !== "production") {
    problems.push("TPAY_PLATFORM_ENVIRONMENT is not sandbox or production");
  }
  for (const name of ["TPAY_PLATFORM_CLIENT_ID", "TPAY_PLATFORM_CLIENT_SECRET", "TPAY_PLATFORM_SECURITY_CODE"] as const) {
    const value = env[name];
    if (!value) problems.push(`${name} is not set`);
    else if (isProduction(env) && DEVELOPMENT_SECRETS.has(value)) problems.push(`${name} has the development value`);
  }
  if (isProduction(env) && env.TPAY_SANDBOX === "local") problems.push("TPAY_SANDBOX local is for development only");
  return problems;
}

export function requireSecret(env: Env, name: "SESSION_SECRET" | "ENCRYPTION_KEY"): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
