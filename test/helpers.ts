// Test helpers: requests through the real Worker (SELF) with a cookie jar, and factories that
// create data through the app's own domain functions against the real local D1.
import { env, SELF } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { activity, devMailbox, notifications, users } from "~/db/schema";
import { hashPassword, randomToken } from "~/utils/crypto.server";

export const ORIGIN = "http://localhost:8787";
export const db = getDb(env.DB);

/**
 * A valid production configuration: its own secrets, the HTTP mail provider, the platform's
 * Tpay account and no local Tpay sandbox, so checkEnv accepts it.
 */
export const productionTestEnv: Env = {
  ...env,
  ENVIRONMENT: "production",
  SESSION_SECRET: "x".repeat(40),
  ENCRYPTION_KEY: "cHJvZHVjdGlvbi10ZXN0LWtleS0zMi1ieXRlcy14eHg=",
  EMAIL_PROVIDER: "http",
  EMAIL_API_URL: "http://127.0.0.1:9/",
  EMAIL_API_KEY: "k",
  TPAY_SANDBOX: "",
  TPAY_PLATFORM_ENVIRONMENT: "production",
  TPAY_PLATFORM_CLIENT_ID: "40123-0a1b2c3d4e5f6a7b",
  TPAY_PLATFORM_CLIENT_SECRET: "production-test-platform-secret",
  TPAY_PLATFORM_SECURITY_CODE: "production-test-security-code",
};

/** Returns a random address from the IPv6 documentation range 2001:db8::/32. */
export function randomTestIp(): string {
  const groups = [...crypto.getRandomValues(new Uint16Array(4))].map((group) => group.toString(16));
  return `2001:db8::${groups.join(":")}`;
}

export class Browser {
  cookies = new Map<string, string>();
  /**
   * Address sent as CF-Connecting-IP. Each browser gets its own, so one test's per-IP rate
   * limits do not affect the next. Pass the header explicitly to choose an address.
   */
  ip = randomTestIp();

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(path: string, init: RequestInit & { form?: Record<string, string | string[]> } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("Cookie", this.cookieHeader());
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(init.form)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
      }
      body = params;
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
    const method = init.method ?? (init.form ? "POST" : "GET");
    if (method !== "GET" && method !== "HEAD" && !headers.has("Origin")) headers.set("Origin", ORIGIN);
    headers.set("Host", new URL(ORIGIN).host);
    if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", this.ip);
    const response = await SELF.fetch(new URL(path, ORIGIN), { ...init, method, headers, body, redirect: "manual" });
    this.store(response);
    return response;
  }

  get(path: string) {
    return this.fetch(path);
  }

  post(path: string, form: Record<string, string | string[]>, init: RequestInit = {}) {
    return this.fetch(path, { ...init, method: "POST", form });
  }
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "")}@example.com`;
}

export const TEST_PASSWORD = "bardzo-tajne-haslo-123";

let testPasswordHash: string | undefined;

/**
 * Hashes the password for a fixture account. The hash of TEST_PASSWORD is computed once per test
 * file and shared by the accounts that use it, because each PBKDF2 hash costs tens of milliseconds
 * of CPU. Logins still verify it at the full work factor.
 */
async function fixturePasswordHash(password: string): Promise<string> {
  if (password !== TEST_PASSWORD) return hashPassword(password);
  testPasswordHash ??= await hashPassword(TEST_PASSWORD);
  return testPasswordHash;
}

/** Inserts an active freelancer directly, for tests that are not about registration. */
export async function createActiveUser(overrides: { name?: string; email?: string; password?: string } = {}) {
  const id = crypto.randomUUID();
  const email = overrides.email ?? uniqueEmail();
  await db.insert(users).values({
    id,
    email,
    name: overrides.name ?? "Anna Nowak",
    passwordHash: await fixturePasswordHash(overrides.password ?? TEST_PASSWORD),
    status: "active",
    trialEndsAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    activatedAt: new Date().toISOString(),
  });
  return { id, email, password: overrides.password ?? TEST_PASSWORD };
}

/**
 * Creates an active freelancer and a browser logged in as them. Like createActiveUser, the
 * fixture leaves no account activity rows: the `account.logged_in` row of this login is
 * removed, so tests of other features see only the activity rows they cause.
 */
export async function loggedInBrowser(overrides: { name?: string } = {}) {
  const user = await createActiveUser(overrides);
  const browser = new Browser();
  const response = await browser.post("/login", { email: user.email, password: user.password });
  if (response.status !== 302) throw new Error(`Login failed with ${response.status}`);
  await db.delete(activity).where(and(eq(activity.userId, user.id), eq(activity.action, "account.logged_in")));
  return { browser, user };
}

/** Waits until the queue consumer has delivered a message to the address, and returns the newest. */
export async function waitForMail(to: string, count = 1, timeoutMs = 8000) {
  const started = Date.now();
  for (;;) {
    const rows = await db.select().from(devMailbox).where(eq(devMailbox.toAddress, to));
    if (rows.length >= count) return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt))[rows.length - 1];
    if (Date.now() - started > timeoutMs) throw new Error(`No e-mail for ${to} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until none of the user's notifications has e-mail state `pending`. The e-mail queue's
 * consumer changes that state in the background, so take a snapshot for a "changes nothing"
 * comparison only after this.
 */
export async function waitForNotificationEmails(userId: string, timeoutMs = 8000) {
  const started = Date.now();
  for (;;) {
    const pending = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.emailState, "pending")));
    if (pending.length === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${pending.length} notifications of ${userId} still pending e-mail after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function linkFrom(text: string, pathPrefix: string): string {
  const match = new RegExp(`${ORIGIN.replace(/[.:/]/g, "\\$&")}(${pathPrefix}[^\\s"<]*)`).exec(text);
  if (!match) throw new Error(`No link starting with ${pathPrefix} in e-mail`);
  return match[1];
}
