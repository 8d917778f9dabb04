// Headers of the static files that Workers Static Assets serves from public/ before the Worker
// runs (public/_headers sets them), checked against a running `wrangler dev`. The files are a
// hashed JS chunk and the stylesheet of the build, and favicon.svg. A missing file falls through
// to the Worker's 404 page, which has the headers of every HTML response. No browser is needed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BASE_URL } from "./helpers.mjs";

/** Remix's build names its files with a content hash, e.g. /build/root-3VFGBUU2.js or /build/_assets/app-K7LJ4ZQX.css. */
const HASHED_NAME = /-[A-Z0-9]{8}\.(?:js|css)$/;

async function get(path) {
  const response = await fetch(new URL(path, BASE_URL), { redirect: "manual" });
  const body = await response.text();
  return { response, body };
}

/** Lists the same-origin script and stylesheet URLs of an HTML page. */
function assetPaths(html) {
  const paths = [...html.matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="(\/build\/[^"]+)"/g)].map((match) => match[1]);
  return [...new Set(paths)];
}

function assertStaticHeaders(response, path) {
  assert.equal(response.status, 200, `${path}: status`);
  assert.equal(response.headers.get("x-content-type-options"), "nosniff", `${path}: X-Content-Type-Options`);
  assert.equal(response.headers.get("x-frame-options"), "DENY", `${path}: X-Frame-Options`);
  assert.equal(response.headers.get("referrer-policy"), "same-origin", `${path}: Referrer-Policy`);
}

function assertLongCache(response, path) {
  const cacheControl = response.headers.get("cache-control") ?? "";
  assert.match(cacheControl, /\bimmutable\b/, `${path}: Cache-Control ${cacheControl}`);
  assert.match(cacheControl, /\bmax-age=31536000\b/, `${path}: Cache-Control ${cacheControl}`);
}

/** Finds the build's files that the login page loads: its JS chunks and its stylesheet. */
async function loginPageAssets() {
  const { response, body } = await get("/login");
  assert.equal(response.status, 200, "/login: status");
  const paths = assetPaths(body);
  const scripts = paths.filter((path) => path.endsWith(".js") && HASHED_NAME.test(path));
  const styles = paths.filter((path) => path.endsWith(".css"));
  assert.ok(scripts.length > 0, `no hashed JS chunk among ${paths.join(", ")}`);
  assert.ok(styles.length > 0, `no stylesheet among ${paths.join(", ")}`);
  return { scripts, styles };
}

test("hashed JS chunk: nosniff, cached for a year", async () => {
  const { scripts } = await loginPageAssets();
  for (const path of scripts) {
    const { response } = await get(path);
    assertStaticHeaders(response, path);
    assert.match(response.headers.get("content-type") ?? "", /javascript/, `${path}: Content-Type`);
    assertLongCache(response, path);
  }
});

test("stylesheet: nosniff, cached for a year", async () => {
  const { styles } = await loginPageAssets();
  for (const path of styles) {
    const { response } = await get(path);
    assertStaticHeaders(response, path);
    assert.match(response.headers.get("content-type") ?? "", /^text\/css/, `${path}: Content-Type`);
    assert.match(path, HASHED_NAME, `${path}: hashed name`);
    assertLongCache(response, path);
  }
});

test("favicon.svg: nosniff, not immutable", async () => {
  const { response } = await get("/favicon.svg");
  assertStaticHeaders(response, "/favicon.svg");
  assert.match(response.headers.get("content-type") ?? "", /^image\/svg\+xml/);
  // The name has no hash, so a new icon must reach browsers without a year's wait.
  assert.doesNotMatch(response.headers.get("cache-control") ?? "", /\bimmutable\b/);
});

test("missing file: the Worker's 404 page with HTML headers", async () => {
  for (const path of ["/build/missing-AAAAAAAA.js", "/favicon-missing.svg"]) {
    const { response, body } = await get(path);
    assert.equal(response.status, 404, `${path}: status`);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/, `${path}: Content-Type`);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", `${path}: X-Content-Type-Options`);
    assert.equal(response.headers.get("referrer-policy"), "same-origin", `${path}: Referrer-Policy`);
    assert.match(response.headers.get("cache-control") ?? "", /\bno-store\b/, `${path}: Cache-Control`);
    assert.doesNotMatch(response.headers.get("cache-control") ?? "", /\bimmutable\b/, `${path}: Cache-Control`);

    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/, `${path}: CSP ${csp}`);
    const scriptSrc = csp.split(";").map((part) => part.trim()).find((part) => part.startsWith("script-src ")) ?? "";
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    assert.ok(nonce, `${path}: no nonce in CSP ${csp}`);
    assert.doesNotMatch(scriptSrc, /'unsafe-inline'/, `${path}: script-src ${scriptSrc}`);
    for (const match of body.matchAll(/<script\b([^>]*)>/g)) {
      assert.equal(/\snonce="([^"]*)"/.exec(match[1])?.[1], nonce, `${path}: <script${match[1]}>`);
    }
  }
});
