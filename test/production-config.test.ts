/// <reference types="vite/client" />
// The Worker under the production configuration of wrangler.toml: the [env.production.vars],
// the bindings of [env.production] and the secrets that scripts/deploy-setup.mjs sets. Without a
// secret, or with a development value, every request gets 500. With valid settings the
// development mailbox and the local Tpay sandbox are not served, and the mailbox provider is refused.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { devMailbox } from "~/db/schema";
import { common } from "~/i18n/pl";
import { checkEnv } from "~/utils/env.server";
import wranglerToml from "../wrangler.toml?raw";
import worker from "../workers/app";
import { getMailProvider, type OutgoingEmail } from "../workers/mail-providers";
import { db } from "./helpers";
import { allowConsoleErrors } from "./setup";

const handler = worker as Required<Pick<ExportedHandler<Env>, "fetch">>;

const NOT_CONFIGURED = "Klamp nie jest poprawnie skonfigurowany.";

/** The secrets of production; none is a development value and each passes checkEnv. */
const SECRETS = {
  SESSION_SECRET: "cHJvZHVjdGlvbi1zZXNzaW9uLXNlY3JldC1mb3ItdGVzdHMtb25seS0wMDAx",
  ENCRYPTION_KEY: "cHJvZHVjdGlvbi10ZXN0LWtleS0zMi1ieXRlcy14eHg=",
  EMAIL_API_KEY: "re_production_config_test",
  TPAY_PLATFORM_CLIENT_ID: "40123-0a1b2c3d4e5f6a7b",
  TPAY_PLATFORM_CLIENT_SECRET: "production-config-test-secret",
  TPAY_PLATFORM_SECURITY_CODE: "production-config-test-code",
} as const;

type SecretName = keyof typeof SECRETS;

interface TomlSection {
  /** The table's name, such as `env.production.vars`, `[[...]]` brackets removed. */
  name: string;
  values: Record<string, string>;
}

/** Splits wrangler.toml into its tables and reads their `key = "string"` lines; enough for the checks below. */
function readTomlSections(text: string): TomlSection[] {
  const sections: TomlSection[] = [{ name: "", values: {} }];
  for (const line of text.split("\n")) {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*$/.exec(line);
    if (header) {
      sections.push({ name: header[1], values: {} });
      continue;
    }
    const pair = /^\s*([A-Za-z0-9_]+)\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(line);
    if (pair) sections[sections.length - 1].values[pair[1]] = pair[2];
  }
  return sections;
}

const sections = readTomlSections(wranglerToml);
const section = (name: string) => sections.find((entry) => entry.name === name)?.values ?? {};
const bindings = (name: string) => sections.filter((entry) => entry.name === name).map((entry) => entry.values.binding);

const developmentVars = section("vars");
const productionVars = section("env.production.vars");
/** Bindings of the development Worker that [env.production] does not declare, so production has none of them. */
const developmentOnlyBindings = [
  ...bindings("d1_databases").filter((binding) => !bindings("env.production.d1_databases").includes(binding)),
  ...bindings("queues.producers").filter((binding) => !bindings("env.production.queues.producers").includes(binding)),
  ...bindings("r2_buckets").filter((binding) => !bindings("env.production.r2_buckets").includes(binding)),
];

/**
 * Builds the Env of the production Worker: the test Worker's bindings without the development-only ones,
 * no development variable, the production variables and the given secrets. The mail API points
 * at a closed loopback port, so nothing can reach the real provider.
 */
function productionEnv(secrets: Partial<Record<SecretName, string>> = SECRETS, overrides: Partial<Env> = {}): Env {
  const result: Record<string, unknown> = { ...env };
  for (const name of Object.keys(developmentVars)) delete result[name];
  for (const binding of developmentOnlyBindings) delete result[binding];
  Object.assign(result, productionVars, { EMAIL_API_URL: "http://127.0.0.1:9/" }, secrets, overrides);
  return result as unknown as Env;
}

async function fetchWith(workerEnv: Env, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(new URL(path, "https://app.klamp.pl"), init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await handler.fetch(request, workerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function insertMailboxMessage(): Promise<{ id: string; outboxId: string; subject: string }> {
  const row = {
    id: crypto.randomUUID(),
    outboxId: crypto.randomUUID(),
    fromAddress: "Klamp <no-reply@klamp.localhost>",
    toAddress: `production-${crypto.randomUUID()}@example.com`,
    subject: `Wiadomość produkcyjna ${crypto.randomUUID()}`,
    html: "<p>Treść</p>",
    text: "Treść",
    createdAt: new Date().toISOString(),
  };
  await db.insert(devMailbox).values(row);
  return row;
}

function outgoingEmail(): OutgoingEmail {
  return {
    outboxId: crypto.randomUUID(),
    from: "Klamp <no-reply@klamp.pl>",
    to: "jan@example.com",
    toName: "Jan Kowalski",
    subject: "Test",
    html: "<p>Test</p>",
    text: "Test",
  };
}

describe("production section of wrangler.toml", () => {
  it("sets production variables without secrets", () => {
    expect(productionVars.ENVIRONMENT).toBe("production");
    expect(productionVars.EMAIL_PROVIDER).toBe("http");
    expect(productionVars.TPAY_PLATFORM_ENVIRONMENT).toBe("production");
    expect(productionVars.APP_ORIGIN).toMatch(/^https:\/\//);
    expect(productionVars).not.toHaveProperty("TPAY_SANDBOX");
    for (const name of Object.keys(SECRETS)) expect(productionVars, name).not.toHaveProperty(name);
  });

  it("leaves out the Tpay sandbox bindings", () => {
    expect(bindings("env.production.d1_databases")).toEqual(["DB"]);
    expect(developmentOnlyBindings).toContain("TPAY_SANDBOX_DB");
    expect(developmentOnlyBindings).toContain("TPAY_SANDBOX_QUEUE");
    expect(productionEnv()).not.toHaveProperty("TPAY_SANDBOX_DB");
    expect(productionEnv()).not.toHaveProperty("TPAY_SANDBOX");
  });
});

describe("production Worker", () => {
  it("serves with its own secrets", async () => {
    expect(checkEnv(productionEnv())).toEqual([]);
    const health = await fetchWith(productionEnv(), "/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, d1: "ok" });
    expect((await fetchWith(productionEnv(), "/login")).status).toBe(200);
  });

  it("answers 500 without each secret", async () => {
    allowConsoleErrors();
    for (const name of Object.keys(SECRETS) as SecretName[]) {
      const { [name]: _missing, ...others } = SECRETS;
      const workerEnv = productionEnv(others);
      expect(checkEnv(workerEnv).join("; "), name).toContain(name);
      for (const path of ["/login", "/healthz"]) {
        const response = await fetchWith(workerEnv, path);
        expect(response.status, `${name} ${path}`).toBe(500);
        expect(await response.text()).toBe(NOT_CONFIGURED);
      }
    }
  });

  it("answers 500 with a development secret", async () => {
    allowConsoleErrors();
    const withDevelopmentValues = (Object.keys(SECRETS) as SecretName[]).filter((name) => developmentVars[name]);
    expect(withDevelopmentValues).toEqual(["SESSION_SECRET", "ENCRYPTION_KEY", "TPAY_PLATFORM_CLIENT_ID", "TPAY_PLATFORM_CLIENT_SECRET", "TPAY_PLATFORM_SECURITY_CODE"]);
    for (const name of withDevelopmentValues) {
      const workerEnv = productionEnv({ ...SECRETS, [name]: developmentVars[name] });
      expect(checkEnv(workerEnv), name).toContain(`${name} has the development value`);
      const response = await fetchWith(workerEnv, "/login");
      expect(response.status, name).toBe(500);
      expect(await response.text()).toBe(NOT_CONFIGURED);
    }
  });

  it("answers 500 with a short session secret", async () => {
    allowConsoleErrors();
    const workerEnv = productionEnv({ ...SECRETS, SESSION_SECRET: "x".repeat(31) });
    expect(checkEnv(workerEnv)).toEqual(["SESSION_SECRET is shorter than 32 characters"]);
    expect((await fetchWith(workerEnv, "/login")).status).toBe(500);
  });

  it("answers 500 with the local Tpay sandbox", async () => {
    allowConsoleErrors();
    const workerEnv = productionEnv(SECRETS, { TPAY_SANDBOX: "local" });
    expect(checkEnv(workerEnv)).toEqual(["TPAY_SANDBOX local is for development only"]);
    expect((await fetchWith(workerEnv, "/tpay-sandbox/")).status).toBe(500);
  });

  it("hides the development mailbox", async () => {
    const message = await insertMailboxMessage();
    const paths = ["/dev/mailbox", `/dev/mailbox/${message.id}`, `/dev/mailbox/${message.id}/html`];
    for (const path of paths) {
      // The same paths serve the message in development, so the 404 below comes from production.
      expect((await fetchWith(env, path)).status, `development ${path}`).toBe(200);
      const response = await fetchWith(productionEnv(), path);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(html).not.toContain(message.subject);
      expect(html).toContain(common.notFoundTitle);
    }
  });

  it("does not serve the Tpay sandbox", async () => {
    expect((await fetchWith(env, "/tpay-sandbox/")).status).toBe(200);
    for (const path of ["/tpay-sandbox", "/tpay-sandbox/", "/tpay-sandbox/x509/tpay-jws-root.pem", "/tpay-sandbox/pay/TR-ABC-1234567", "/tpay-sandbox/__sim/notifications"]) {
      const response = await fetchWith(productionEnv(), path);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(html).toContain(common.notFoundTitle);
      expect(html).not.toContain("sandbox");
    }
  });

  it("answers sandbox form posts like any unknown path", async () => {
    // A browser sends Host and Origin with a form post; Remix compares them before any action.
    const headers = { Origin: productionVars.APP_ORIGIN, Host: new URL(productionVars.APP_ORIGIN).host };
    const post = (path: string) => fetchWith(productionEnv(), path, { method: "POST", headers, body: new URLSearchParams({ client_id: "x", client_secret: "y" }) });
    // The page differs only in the request's path and the CSP nonce.
    const normalized = async (response: Response, path: string) =>
      (await response.text()).replaceAll(path, "<path>").replace(/(nonce="|"nonce":")[^"]+"/g, "$1<nonce>\"");
    const unknownPath = `/no-such-page-${crypto.randomUUID()}`;
    const unknown = await post(unknownPath);
    expect(unknown.status).toBe(405);
    const unknownHtml = await normalized(unknown, unknownPath);
    for (const path of ["/tpay-sandbox/oauth/auth", "/tpay-sandbox/merchants", "/tpay-sandbox/__sim/notifications/1/redeliver"]) {
      const response = await post(path);
      expect(response.status, path).toBe(unknown.status);
      expect(await normalized(response, path), path).toBe(unknownHtml);
    }
  });

  it("refuses the mailbox e-mail provider", async () => {
    allowConsoleErrors();
    const withMailbox = productionEnv(SECRETS, { EMAIL_PROVIDER: "mailbox" });
    expect(checkEnv(withMailbox)).toEqual(["EMAIL_PROVIDER mailbox is for development only"]);
    expect((await fetchWith(withMailbox, "/login")).status).toBe(500);
    // The queue consumer picks the provider without checkEnv.
    expect(() => getMailProvider(withMailbox, db)).toThrow("EMAIL_PROVIDER mailbox is for development only");
  });

  it("sends e-mail through the HTTP provider", async () => {
    const probe = await (await env.FETCH_PROBE.fetch("http://probe/url")).text();
    const prefix = `/mail-api-${crypto.randomUUID()}`;
    const email = outgoingEmail();
    const provider = getMailProvider(productionEnv(SECRETS, { EMAIL_API_URL: `${probe}${prefix}` }), db);
    await provider.send(email);

    const hits = await (await env.FETCH_PROBE.fetch(`http://probe/count?prefix=${encodeURIComponent(prefix)}`)).text();
    expect(hits).toBe("1");
    const stored = await db.select().from(devMailbox).where(eq(devMailbox.outboxId, email.outboxId));
    expect(stored).toEqual([]);
  });
});
