/// <reference types="vite/client" />
// Security headers, the cross-site request check and cookie attributes, over every route of the
// access matrix's table (test/access-matrix.table.ts). Each GET of a row that gets 2xx for some
// caller is checked by its class: an app page (nonce-based CSP), `?_data=` JSON, or a resource
// that serves stored content. Every route with an action gets cross-site POSTs as its owner,
// which must be rejected without a change to the database. docs/security.md describes the rules.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "~/db/schema";
import { common } from "~/i18n/pl";
import worker from "../workers/app";
import headersFile from "../public/_headers?raw";
import {
  ACCEPTED,
  BUILD_ROUTES,
  casesFor,
  changedRows,
  freshSession,
  mapWithLimit,
  seedMatrix,
  sendRaw,
  snapshotDatabase,
  type MatrixCase,
  type MatrixRequest,
  type Seed,
} from "./access-matrix.harness";
import { ROUTE_TABLE, type RouteRow } from "./access-matrix.table";
import { Browser, db, ORIGIN, productionTestEnv, randomTestIp, TEST_PASSWORD } from "./helpers";
import { allowConsoleErrors } from "./setup";

const handler = worker as Required<Pick<ExportedHandler<Env>, "fetch">>;

let seed: Seed;

/** Every Set-Cookie header of the responses this file reads, with the request that got it. */
const setCookies: { label: string; header: string }[] = [];

function recordCookies(label: string, response: Response) {
  for (const header of response.headers.getSetCookie()) setCookies.push({ label, header });
}

async function fetchRecorded(label: string, request: MatrixRequest, headerChanges: Record<string, string | null> = {}) {
  const response = await sendRaw(request, headerChanges);
  recordCookies(label, response);
  return response;
}

// Header checks ---------------------------------------------------------------------------------

/** Referrer-Policy values that send no path or query (where a secret link's token sits) to another site. */
const STRICT_REFERRER_POLICIES = ["same-origin", "no-referrer", "strict-origin"];

/** Parses a CSP header into its directives, each with its source list. */
function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** Checks the headers that every response of the Worker carries, whatever its status or type. */
function checkCommonHeaders(label: string, response: Response) {
  const headers = response.headers;
  expect.soft(headers.get("X-Content-Type-Options"), `${label}: X-Content-Type-Options`).toBe("nosniff");
  expect.soft(STRICT_REFERRER_POLICIES, `${label}: Referrer-Policy ${headers.get("Referrer-Policy")}`).toContain(headers.get("Referrer-Policy"));
  expect.soft(headers.get("X-Frame-Options"), `${label}: X-Frame-Options`).toBe("DENY");
  expect.soft(headers.get("Cache-Control") ?? "", `${label}: Cache-Control`).toMatch(/\bno-store\b/);
}

/** Lists the attributes of every <script> tag of an HTML body, and whether it has inline code. */
function scriptTags(html: string): { nonce: string | null; inline: boolean }[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map((match) => ({
    nonce: /\snonce="([^"]*)"/i.exec(match[1])?.[1] ?? null,
    inline: !/\ssrc=/i.test(match[1]) && match[2].trim() !== "",
  }));
}

/**
 * Checks an app page: the app's CSP, whose scripts may run only from the origin or with the
 * response's nonce, which every <script> of the body carries. Returns the nonce.
 */
function checkAppPage(label: string, response: Response, html: string): string | null {
  checkCommonHeaders(label, response);
  const header = response.headers.get("Content-Security-Policy");
  expect.soft(header, `${label}: Content-Security-Policy`).toBeTruthy();
  if (!header) return null;
  const csp = parseCsp(header);
  const scriptSources = csp.get("script-src") ?? [];
  const nonces = scriptSources.filter((source) => source.startsWith("'nonce-"));
  expect.soft(csp.get("frame-ancestors"), `${label}: frame-ancestors`).toEqual(["'none'"]);
  expect.soft(csp.get("default-src"), `${label}: default-src`).toEqual(["'self'"]);
  expect.soft(csp.get("object-src"), `${label}: object-src`).toEqual(["'none'"]);
  expect.soft(csp.get("base-uri"), `${label}: base-uri`).toEqual(["'none'"]);
  expect.soft(scriptSources, `${label}: script-src`).not.toContain("'unsafe-inline'");
  expect.soft(scriptSources, `${label}: script-src`).not.toContain("'unsafe-eval'");
  expect.soft(scriptSources.filter((source) => source !== "'self'" && !source.startsWith("'nonce-")), `${label}: script-src sources`).toEqual([]);
  expect.soft(nonces, `${label}: one nonce in script-src`).toHaveLength(1);
  const nonce = nonces[0]?.slice("'nonce-".length, -1) ?? null;
  // 16 random bytes in base64url are 22 characters.
  expect.soft(nonce ?? "", `${label}: nonce length`).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  for (const [index, script] of scriptTags(html).entries()) {
    expect.soft(script.nonce, `${label}: nonce of <script> ${index}${script.inline ? " (inline)" : ""}`).toBe(nonce);
  }
  return nonce;
}

/**
 * Checks a response that serves stored content (a client's file, a PDF, a ZIP, a logo, an
 * e-mail's HTML). Besides the common headers it needs a CSP that sandboxes it and loads nothing.
 * It also needs a Content-Disposition, except the development inbox's e-mail preview, which the
 * browser is meant to show.
 */
function checkStoredContent(label: string, response: Response, options: { disposition: boolean }) {
  checkCommonHeaders(label, response);
  const csp = parseCsp(response.headers.get("Content-Security-Policy") ?? "");
  expect.soft(csp.has("sandbox"), `${label}: CSP sandbox`).toBe(true);
  expect.soft(csp.get("default-src"), `${label}: CSP default-src`).toEqual(["'none'"]);
  expect.soft(csp.get("script-src"), `${label}: CSP script-src`).toBeUndefined();
  if (options.disposition) expect.soft(response.headers.get("Content-Disposition") ?? "", `${label}: Content-Disposition`).toMatch(/^(inline|attachment);/);
}

/** Checks a `?_data=` reply: Remix's JSON, never cached, never sniffed. */
function checkDataReply(label: string, response: Response) {
  checkCommonHeaders(label, response);
  expect.soft(response.headers.get("Content-Type") ?? "", `${label}: Content-Type`).toMatch(/^application\/json\b/);
}

// Route classes ---------------------------------------------------------------------------------

/** Rows whose 2xx document GET serves stored content, and whether it comes with a Content-Disposition. */
const STORED_CONTENT_ROWS: Record<string, { disposition: boolean }> = {
  "routes/_app.projects.$projectId_.files.$fileId": { disposition: true },
  "routes/p.$token_.files.$fileId": { disposition: true },
  "routes/_app.reports.$reportId_.download": { disposition: true },
  "routes/p.$token_.reports_.$reportId": { disposition: true },
  "routes/r.$token": { disposition: true },
  "routes/_app.export.$exportId": { disposition: true },
  "routes/_app.settings.reports_.logo": { disposition: true },
  "routes/dev.mailbox.$id_.html": { disposition: false },
};

/** Worker paths that serve machines plain text or JSON: only the common headers apply. */
const MACHINE_ROWS = new Set(["worker:/hello", "worker:/healthz"]);

/** Picks the case of a probe that gets 2xx, preferring the owner or the own link: the richest page. */
function okCase(row: RouteRow, probe: "document" | "data"): MatrixCase | undefined {
  const cases = casesFor(row, probe).filter((item) => item.expected === "ok");
  return cases.find((item) => item.relation === "owner" || item.relation === "ownLink") ?? cases[0];
}

/** Picks the case whose POST reaches the action as its rightful caller: the owner, the own link, or the holder of a secret link. */
function ownerPostCase(row: RouteRow): MatrixCase | undefined {
  const cases = casesFor(row, "post");
  return (
    cases.find((item) => item.relation === "owner") ??
    cases.find((item) => item.relation === "ownLink") ??
    cases.find((item) => item.relation === "nobody" && item.set.name === "a")
  );
}

const ACTION_ROUTE_IDS = Object.values(BUILD_ROUTES)
  .filter((route) => route.module.action)
  .map((route) => route.id);

/**
 * Routes whose action accepts a cross-site POST. /u/<token> is the unsubscribe link of the
 * client's e-mails: mail providers send its one-click POST (RFC 8058) from their own servers,
 * and the signed token in the path authorizes it.
 */
const CROSS_SITE_ACTIONS = new Set(["routes/u.$token"]);

/** Header sets of a cross-site POST: a foreign Origin, the opaque Origin of a sandboxed or no-referrer form, and no Origin. */
const CROSS_SITE_VARIANTS: { label: string; headers: Record<string, string | null> }[] = [
  { label: "Origin https://evil.example", headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } },
  { label: "Origin null, cross-site", headers: { Origin: "null", "Sec-Fetch-Site": "cross-site" } },
  { label: "no Origin, cross-site", headers: { Origin: null, "Sec-Fetch-Site": "cross-site" } },
];

/** Header sets of a POST from the app's own pages, which the origin check lets through. */
const SAME_ORIGIN_VARIANTS: { label: string; headers: Record<string, string | null> }[] = [
  { label: "Origin of the app", headers: { Origin: ORIGIN, "Sec-Fetch-Site": "same-origin" } },
  { label: "Origin null, same-origin", headers: { Origin: "null", "Sec-Fetch-Site": "same-origin" } },
  { label: "no Origin, same-origin", headers: { Origin: null, "Sec-Fetch-Site": "same-origin" } },
];

function isOriginRejection(status: number, body: string): boolean {
  return status === 403 && body.includes(common.originRejectedTitle);
}

// Cookies ---------------------------------------------------------------------------------------

/** Every cookie of the app, by its development name: the session and the one-time toast message. */
const KNOWN_COOKIES = ["klamp_session", "klamp_toast"];

interface ParsedCookie {
  name: string;
  attributes: Map<string, string>;
}

function parseSetCookie(header: string): ParsedCookie {
  const [pair, ...parts] = header.split(";");
  const attributes = new Map<string, string>();
  for (const part of parts) {
    const [key, ...value] = part.trim().split("=");
    attributes.set(key.toLowerCase(), value.join("="));
  }
  return { name: pair.slice(0, pair.indexOf("=")).trim(), attributes };
}

/** Checks the attributes every cookie of the app has, and in production the __Host- prefix and its rules. */
function checkCookie(label: string, header: string, production: boolean) {
  const cookie = parseSetCookie(header);
  const where = `${label}: ${cookie.name}`;
  expect.soft(cookie.attributes.has("httponly"), `${where} HttpOnly`).toBe(true);
  expect.soft(cookie.attributes.get("samesite")?.toLowerCase(), `${where} SameSite`).toBe("lax");
  expect.soft(cookie.attributes.get("path"), `${where} Path`).toBe("/");
  expect.soft(cookie.attributes.has("domain"), `${where} Domain`).toBe(false);
  if (production) {
    expect.soft(cookie.name, `${where} prefix`).toMatch(/^__Host-/);
    expect.soft(cookie.attributes.has("secure"), `${where} Secure`).toBe(true);
  } else {
    expect.soft(cookie.name, `${where} prefix`).not.toMatch(/^__Host-/);
  }
}

/** Sends a request to the Worker under the production configuration, with a new IP each time. */
async function productionFetch(path: string, init: { method?: string; cookie?: string; form?: Record<string, string> } = {}) {
  const headers = new Headers({ Host: new URL(ORIGIN).host, "CF-Connecting-IP": randomTestIp() });
  if (init.cookie) headers.set("Cookie", init.cookie);
  let body: URLSearchParams | undefined;
  if (init.form) {
    body = new URLSearchParams(init.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    headers.set("Origin", ORIGIN);
  }
  const ctx = createExecutionContext();
  const request = new Request(new URL(path, ORIGIN), { method: init.method ?? (init.form ? "POST" : "GET"), headers, body, redirect: "manual" });
  const response = await handler.fetch(request as Request<unknown, IncomingRequestCfProperties>, productionTestEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Joins the name=value pairs of Set-Cookie headers into a Cookie header, as a browser would send them. */
function cookieHeaderOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
}

// Static assets ---------------------------------------------------------------------------------

interface HeaderRule {
  pattern: string;
  headers: [string, string][];
}

/** Parses Workers Static Assets' _headers format: an unindented URL pattern, then indented `Name: value` lines. */
function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const index = line.indexOf(":");
    if (index < 0 || rules.length === 0) throw new Error(`Invalid _headers line: ${line}`);
    rules[rules.length - 1].headers.push([line.slice(0, index).trim().toLowerCase(), line.slice(index + 1).trim()]);
  }
  return rules;
}

/** Checks whether a _headers pattern matches a path: `*` matches any run of characters, including slashes. */
function matchesPattern(pattern: string, path: string): boolean {
  const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`).test(path);
}

/** Collects the headers every matching rule of _headers gives a path, as Workers Static Assets merges them. */
function staticHeaders(rules: HeaderRule[], path: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const rule of rules.filter((candidate) => matchesPattern(candidate.pattern, path))) {
    for (const [name, value] of rule.headers) headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return headers;
}

/** URL paths of the files in public/, as Workers Static Assets serves them. */
const PUBLIC_FILES = Object.keys(import.meta.glob("../public/**/*", { query: "?url" }))
  .map((file) => file.slice("../public".length))
  .filter((path) => path !== "/_headers");

// Tests -----------------------------------------------------------------------------------------

const ROW_TIMEOUT_MS = 60_000;

describe("security headers", () => {
  beforeAll(async () => {
    seed = await seedMatrix();
  }, 120_000);

  describe("GET of every route, by class", () => {
    for (const row of ROUTE_TABLE) {
      it(row.id, async () => {
        const document = okCase(row, "document");
        const data = okCase(row, "data");
        const fallback = casesFor(row, "document")[0] ?? casesFor(row, "data")[0];

        if (document) {
          const label = `${row.id} document as ${document.relation}`;
          const response = await fetchRecorded(label, document.request);
          const body = await response.text();
          expect(response.status, label).toBeLessThan(300);
          const type = response.headers.get("Content-Type") ?? "";
          if (STORED_CONTENT_ROWS[row.id]) {
            checkStoredContent(label, response, STORED_CONTENT_ROWS[row.id]);
          } else if (MACHINE_ROWS.has(row.id)) {
            checkCommonHeaders(label, response);
            expect.soft(type, `${label}: Content-Type`).not.toMatch(/^text\/html/);
          } else {
            expect.soft(type, `${label}: Content-Type`).toMatch(/^text\/html/);
            const nonce = checkAppPage(label, response, body);
            // The nonce is new in each response: a second GET of the same page gets another.
            const again = await fetchRecorded(label, document.request);
            const secondNonce = checkAppPage(`${label} (again)`, again, await again.text());
            expect.soft(secondNonce, `${label}: nonce of a second response`).not.toBe(nonce);
          }
        }
        if (data) {
          const label = `${row.id} ?_data= as ${data.relation}`;
          const response = await fetchRecorded(label, data.request);
          await response.body?.cancel();
          expect(response.status, label).toBeLessThan(300);
          // Remix returns the resource itself for `?_data=` of a resource route.
          if (STORED_CONTENT_ROWS[row.id]) checkStoredContent(label, response, STORED_CONTENT_ROWS[row.id]);
          else if (!MACHINE_ROWS.has(row.id)) checkDataReply(label, response);
        }
        if (!document && !data && fallback) {
          // No caller gets 2xx (a redirect, a 404 or a 405 for everyone): its first reply still
          // carries the common headers.
          const label = `${row.id} ${fallback.request.method} as ${fallback.relation}`;
          const response = await fetchRecorded(label, fallback.request);
          await response.body?.cancel();
          checkCommonHeaders(label, response);
        }
      }, ROW_TIMEOUT_MS);
    }
  });

  it("sends every route with a loader a 2xx GET or a reason", () => {
    // Rows without a 2xx GET for anyone: only their redirect or error reply is checked above.
    const expectedWithout = [
      "routes/$",
      "routes/logout",
      "routes/_app.settings._index",
      "routes/_app.projects.$projectId_.share",
      "worker:/tpay/notifications/<notifyKey>",
      "worker:/tpay/notifications/platform",
      "worker:/tpay-sandbox/transactions",
    ];
    const without = ROUTE_TABLE.filter((row) => !okCase(row, "document") && !okCase(row, "data")).map((row) => row.id);
    expect(without.sort()).toEqual(expectedWithout.sort());
  });

  describe("error pages", () => {
    const pageCases: { label: string; request: () => MatrixRequest; headers?: Record<string, string | null>; status: number }[] = [
      { label: "unknown path", request: () => ({ method: "GET", path: "/nie-ma-takiej-strony", actor: "nobody" }), status: 404 },
      { label: "unknown path, signed in", request: () => ({ method: "GET", path: "/nie-ma-takiej-strony", actor: "freelancerA" }), status: 404 },
      { label: "another account's project", request: () => ({ method: "GET", path: `/projects/${seed.sets.b.values.projectId}`, actor: "freelancerA" }), status: 404 },
      { label: "unknown client link", request: () => ({ method: "GET", path: `/p/${seed.sets.unknown.values.shareToken}`, actor: "nobody" }), status: 404 },
      { label: "unknown file download", request: () => ({ method: "GET", path: `/projects/${seed.sets.a.values.projectId}/files/${seed.sets.unknown.values.fileId}`, actor: "freelancerA" }), status: 404 },
      { label: "cross-site POST", request: () => ({ method: "POST", path: "/clients/new", actor: "freelancerA", form: { name: "x" } }), headers: { Origin: "https://evil.example" }, status: 403 },
      { label: "PUT", request: () => ({ method: "PUT", path: "/dashboard", actor: "freelancerA" }), status: 405 },
      { label: "POST to a route without an action", request: () => ({ method: "POST", path: "/clients", actor: "freelancerA", form: {} }), status: 405 },
    ];
    for (const item of pageCases) {
      it(`${item.status}: ${item.label}`, async () => {
        const response = await fetchRecorded(item.label, item.request(), item.headers);
        const body = await response.text();
        expect(response.status).toBe(item.status);
        expect(response.headers.get("Content-Type") ?? "").toMatch(/^text\/html/);
        checkAppPage(item.label, response, body);
      });
    }

    it("429: too many failed link lookups", async () => {
      const ip = randomTestIp();
      let response: Response | undefined;
      for (let attempt = 0; attempt < 40; attempt++) {
        response = await sendRaw({ method: "GET", path: `/p/${seed.sets.unknown.values.shareToken}`, actor: "nobody" }, { "CF-Connecting-IP": ip });
        if (response.status === 429) break;
        await response.body?.cancel();
      }
      expect(response?.status).toBe(429);
      if (!response) return;
      checkAppPage("429", response, await response.text());
    });

    it("500: invalid configuration", async () => {
      allowConsoleErrors();
      const broken = { ...env, SESSION_SECRET: "" } as Env;
      const ctx = createExecutionContext();
      const request = new Request(new URL("/login", ORIGIN)) as Request<unknown, IncomingRequestCfProperties>;
      const response = await handler.fetch(request, broken, ctx);
      await waitOnExecutionContext(ctx);
      await response.body?.cancel();
      expect(response.status).toBe(500);
      checkCommonHeaders("500", response);
    });
  });

  describe("Worker paths", () => {
    it("Tpay notification replies carry the headers", async () => {
      for (const path of [`/tpay/notifications/${seed.sets.a.values.notifyKey}`, "/tpay/notifications/platform"]) {
        const post = await sendRaw({ method: "POST", path, actor: "nobody", form: {} }, { Origin: null });
        await post.body?.cancel();
        expect(post.status, path).toBe(400);
        checkCommonHeaders(`POST ${path}`, post);
        const get = await sendRaw({ method: "GET", path, actor: "nobody" });
        await get.body?.cancel();
        expect(get.status, path).toBe(405);
        checkCommonHeaders(`GET ${path}`, get);
      }
    });

    it("/hello and /healthz carry the headers", async () => {
      for (const path of ["/hello", "/healthz"]) {
        const response = await sendRaw({ method: "GET", path, actor: "nobody" });
        await response.body?.cancel();
        expect(response.status, path).toBe(200);
        checkCommonHeaders(path, response);
      }
    });
  });

  describe("cross-site POST", () => {
    it("covers every route with an action", () => {
      const withoutCase = ACTION_ROUTE_IDS.filter((id) => {
        const row = ROUTE_TABLE.find((candidate) => candidate.id === id);
        return !row || !ownerPostCase(row);
      });
      expect(withoutCase, "action routes without a POST case in the table").toEqual([]);
    });

    for (const id of ACTION_ROUTE_IDS.filter((candidate) => !CROSS_SITE_ACTIONS.has(candidate))) {
      it(`${id} is rejected`, async () => {
        const row = ROUTE_TABLE.find((candidate) => candidate.id === id);
        const item = row && ownerPostCase(row);
        if (!row || !item) throw new Error(`${id}: no POST case`);
        const cookie = "form" in row.post && row.post.freshSession ? await freshSession(item.actor.name) : undefined;
        const before = await snapshotDatabase();
        const replies = await mapWithLimit(CROSS_SITE_VARIANTS, 3, async (variant) => {
          const response = await fetchRecorded(`${id} ${variant.label}`, { ...item.request, cookie }, variant.headers);
          return { variant, response, body: await response.text() };
        });
        const after = await snapshotDatabase();
        for (const { variant, response, body } of replies) {
          expect.soft(response.status, `${id}: ${variant.label}`).toBe(403);
          expect.soft(body, `${id}: ${variant.label}`).toContain(common.originRejectedTitle);
          checkAppPage(`${id}: ${variant.label}`, response, body);
        }
        expect(changedRows(before, after), `${id}: rows changed by a cross-site POST`).toEqual([]);
      }, ROW_TIMEOUT_MS);
    }

    it("accepts the one-click unsubscribe from a mail provider", async () => {
      const row = ROUTE_TABLE.find((candidate) => candidate.id === "routes/u.$token");
      const item = row && ownerPostCase(row);
      if (!item) throw new Error("routes/u.$token: no POST case");
      for (const variant of CROSS_SITE_VARIANTS) {
        const response = await fetchRecorded(`unsubscribe ${variant.label}`, item.request, variant.headers);
        await response.body?.cancel();
        expect.soft(response.status, variant.label).toBe(302);
        expect.soft(response.headers.get("Location") ?? "", variant.label).toMatch(/^\/u\//);
      }
    });

    it("lets Tpay's notifications reach their signature check", async () => {
      for (const variant of CROSS_SITE_VARIANTS) {
        const response = await sendRaw({ method: "POST", path: "/tpay/notifications/platform", actor: "nobody", form: {} }, variant.headers);
        const body = await response.text();
        // 400 is the signature check's reply: the notification got past the origin check.
        expect.soft(response.status, variant.label).toBe(400);
        expect.soft(isOriginRejection(response.status, body), variant.label).toBe(false);
      }
    });
  });

  describe("cookies", () => {
    it("session and toast cookies in development", async () => {
      const [account] = await db.select({ email: users.email }).from(users).where(eq(users.id, seed.sets.a.values.userId));
      const browser = new Browser();
      const login = await browser.post("/login", { email: account.email, password: TEST_PASSWORD });
      expect(login.status).toBe(302);
      recordCookies("login", login);
      expect(login.headers.getSetCookie().map((header) => parseSetCookie(header).name)).toContain("klamp_session");

      const logout = await browser.post("/logout", {});
      recordCookies("logout", logout);
      expect(logout.headers.getSetCookie().map((header) => parseSetCookie(header).name)).toContain("klamp_toast");

      // The next page shows the toast and clears its cookie.
      const next = await browser.fetch("/login");
      await next.body?.cancel();
      recordCookies("page after logout", next);
      expect(next.headers.getSetCookie().map((header) => parseSetCookie(header).name)).toContain("klamp_toast");

      for (const response of [login, logout, next]) {
        for (const header of response.headers.getSetCookie()) checkCookie("development", header, false);
      }
    });

    it("__Host- cookies in production", async () => {
      const [account] = await db.select({ email: users.email }).from(users).where(eq(users.id, seed.sets.b.values.userId));
      const login = await productionFetch("/login", { form: { email: account.email, password: TEST_PASSWORD } });
      expect(login.status).toBe(302);
      expect(login.headers.getSetCookie().map((header) => parseSetCookie(header).name)).toContain("__Host-klamp_session");

      const logout = await productionFetch("/logout", { form: {}, cookie: cookieHeaderOf(login) });
      const names = logout.headers.getSetCookie().map((header) => parseSetCookie(header).name);
      expect(names).toContain("__Host-klamp_toast");
      expect(names).toContain("__Host-klamp_session");

      const next = await productionFetch("/login", { cookie: cookieHeaderOf(logout) });
      await next.body?.cancel();
      expect(next.headers.getSetCookie().map((header) => parseSetCookie(header).name)).toContain("__Host-klamp_toast");

      for (const [label, response] of [["login", login], ["logout", logout], ["page after logout", next]] as const) {
        for (const header of response.headers.getSetCookie()) checkCookie(`production ${label}`, header, true);
      }
    });

    // Runs after the tests above have read hundreds of responses of every route.
    it("every cookie the routes sent is HttpOnly and SameSite=Lax", () => {
      expect(setCookies.length).toBeGreaterThan(0);
      for (const { label, header } of setCookies) checkCookie(label, header, false);
      // The client link and the forms need no cookie of their own: a new one must be added here and to docs/security.md.
      const names = new Set(setCookies.map(({ header }) => parseSetCookie(header).name));
      expect([...names].filter((name) => !KNOWN_COOKIES.includes(name))).toEqual([]);
    });
  });

  describe("static assets", () => {
    const rules = parseHeadersFile(headersFile);

    it("finds the files of public/", () => {
      expect(PUBLIC_FILES).toContain("/favicon.svg");
      expect(PUBLIC_FILES.some((path) => path.startsWith("/build/"))).toBe(true);
    });

    it("_headers sets nosniff on every file", () => {
      for (const path of PUBLIC_FILES) {
        const headers = staticHeaders(rules, path);
        expect.soft(headers.get("x-content-type-options"), path).toEqual(["nosniff"]);
        expect.soft(headers.get("x-frame-options"), path).toEqual(["DENY"]);
        expect.soft(STRICT_REFERRER_POLICIES, `${path}: Referrer-Policy`).toContain(headers.get("referrer-policy")?.[0]);
      }
    });

    it("_headers caches only hashed build files for long", () => {
      for (const path of PUBLIC_FILES) {
        const cacheControl = (staticHeaders(rules, path).get("cache-control") ?? []).join(", ");
        if (path.startsWith("/build/")) {
          expect.soft(cacheControl, path).toMatch(/\bimmutable\b/);
          expect.soft(cacheControl, path).toMatch(/\bmax-age=31536000\b/);
        } else {
          expect.soft(cacheControl, path).not.toMatch(/\bimmutable\b/);
        }
      }
    });
  });

  // Runs last: a POST from the app's own pages reaches the action, which may change the data.
  describe("same-origin POST passes the origin check", () => {
    for (const id of ACTION_ROUTE_IDS) {
      it(id, async () => {
        const row = ROUTE_TABLE.find((candidate) => candidate.id === id);
        const item = row && ownerPostCase(row);
        if (!row || !item) throw new Error(`${id}: no POST case`);
        for (const variant of SAME_ORIGIN_VARIANTS) {
          const cookie = "form" in row.post && row.post.freshSession ? await freshSession(item.actor.name) : undefined;
          const response = await fetchRecorded(`${id} ${variant.label}`, { ...item.request, cookie }, variant.headers);
          const body = await response.text();
          expect.soft(isOriginRejection(response.status, body), `${id}: ${variant.label} got ${response.status}`).toBe(false);
          if (ACCEPTED.includes(item.expected)) continue;
          // A rejected POST ends in the action's own check, which the table declares.
          expect.soft(response.status, `${id}: ${variant.label}`).not.toBe(403);
        }
      }, ROW_TIMEOUT_MS);
    }
  });
});
