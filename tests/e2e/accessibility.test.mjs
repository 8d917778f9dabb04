// Accessibility of every page, checked with axe-core in Chromium, and the main forms filled in
// and sent with the keyboard alone.
//
// axe runs with the WCAG 2.0/2.1 A and AA rules at 1280 px and 360 px, and a test fails on any
// violation of impact "serious" or "critical". The page routes come from the Remix build
// (build/index.js), and the last test fails when a page route was never checked, so a new page
// cannot skip the check. The script is evaluated through the DevTools protocol
// (page.evaluate), which the page's Content-Security-Policy does not govern, so the app keeps
// its nonce CSP in force during the test: no bypassCSP, no inline <script>.
//
// The keyboard tests reach each field with Tab or Shift+Tab, type with page.keyboard, and send
// with Enter or Space. Every control that Tab reaches must show an outline or a focus ring with a
// contrast of at least 3:1 against the background.
// Labels are the Polish UI texts of app/i18n/pl.ts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import {
  launchBrowser,
  linkFromMailbox,
  openPage,
  readDemoSummary,
  uniqueEmail,
  waitForHydration,
  withFailureScreenshot,
} from "./helpers.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const FAILING_IMPACTS = new Set(["serious", "critical"]);
const WIDTHS = [1280, 360];

const PASSWORD = "haslo-dostepnosc-e2e-789";
const FREELANCER_NAME = "Żaneta Ćwikła";
const CLIENT_NAME = "Spółdzielnia Źródło";
const PROJECT_NAME = "Strona dostępna dla wszystkich";
const TASK = { name: "Formularz kontaktowy", amount: "1 500" };
const CLIENT_MESSAGE = "Dzień dobry, czy formularz obsłuży załączniki?";
const FIX_REQUEST = { title: "Większa czcionka w stopce", description: "Tekst w stopce jest za mały na telefonie." };

// The demo data of scripts/seed.mjs: a client with a project.
const DEMO_CLIENT_ID = "de000000-0000-4000-8000-0000000000c1";
const DEMO_FIX_REQUEST_ID = "de000000-0000-4000-8000-0000000000f1";
// A well-formed id that no row has, for the 404 pages.
const MISSING_ID = "de000000-0000-4000-8000-00000000dead";

let browser;
// State shared by the steps, which run in order: each needs the ones before it.
const flow = {
  freelancerEmail: uniqueEmail("e2e-a11y-freelancer"),
  clientEmail: uniqueEmail("e2e-a11y-client"),
  freelancer: null,
  mailbox: null,
  projectPath: null,
  clientLink: null,
  unsubscribePath: null,
};
// Route id of the Remix build → the paths where axe checked it.
const checkedRoutes = new Map();

before(async () => {
  browser = await launchBrowser();
  flow.freelancer = await openPage(browser);
  flow.mailbox = await openPage(browser);
});
after(async () => {
  await browser?.close();
});

/**
 * Reads the page routes of the Remix build: the routes whose module has a default export (a
 * component), apart from layouts, which are routes with a child that renders. Resource routes
 * (downloads, redirects) have no default export.
 */
function pageRoutesOfBuild() {
  const source = readFileSync(path.join(ROOT, "build/index.js"), "utf8");
  const start = source.indexOf(", routes = {");
  assert.ok(start >= 0, "build/index.js has no `routes` object; run npm run build");
  const block = source.slice(start, source.indexOf("\n};", start));
  const routePattern = /id: "([^"]+)",\s*parentId: (?:"([^"]+)"|void 0),[\s\S]*?module: (\w+)/g;
  const routes = [];
  for (const match of block.matchAll(routePattern)) {
    const [, id, parentId, moduleName] = match;
    const exportsMatch = source.match(new RegExp(`__export\\(${moduleName}, \\{([^}]*)\\}`));
    assert.ok(exportsMatch, `build/index.js does not list the exports of ${id}`);
    routes.push({ id, parentId, rendersPage: /\bdefault:/.test(exportsMatch[1]) });
  }
  assert.ok(routes.length > 10, `found only ${routes.length} routes in build/index.js`);
  const layouts = new Set(routes.filter((route) => route.rendersPage && route.parentId).map((route) => route.parentId));
  return routes.filter((route) => route.rendersPage && !layouts.has(route.id)).map((route) => route.id);
}

/** Formats one axe violation for the failure message. */
function describeViolation(where, violation) {
  const targets = violation.nodes.map((node) => `      ${node.target.join(" ")}  ${node.html.slice(0, 160)}`).join("\n");
  return `${where}: ${violation.impact} ${violation.id} (${violation.help})\n${targets}`;
}

/**
 * Runs axe on the page as it is, at each width of WIDTHS, and records which route it showed.
 * Returns the serious and critical violations, each described with the page and the width.
 */
async function audit(page, label = null) {
  const where = label ?? new URL(page.url()).pathname;
  // NOTE: a rebuild of public/build/ while the test runs removes the scripts that an open page
  // still requests, so a page that does not hydrate is loaded once more before the test fails.
  const hydrated = await waitForHydration(page).then(() => true, () => false);
  if (!hydrated) {
    await page.reload();
    await waitForHydration(page).catch((error) => {
      throw new Error(`${where} did not hydrate after a reload: ${error.message}`);
    });
  }
  const routeId = await page.evaluate(() => window.__remixRouter.state.matches.at(-1)?.route.id ?? null);
  if (routeId) checkedRoutes.set(routeId, [...(checkedRoutes.get(routeId) ?? []), where]);

  const isLoaded = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!isLoaded) await page.evaluate(AXE_SOURCE);
  const found = [];
  const original = page.viewportSize();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const violations = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }).then((result) => result.violations),
      WCAG_TAGS,
    );
    for (const violation of violations) {
      if (FAILING_IMPACTS.has(violation.impact)) found.push(describeViolation(`${where} at ${width} px`, violation));
    }
  }
  if (original) await page.setViewportSize(original);

  // axe-core 4.14 ships its duplicate-id rule disabled (WCAG 4.1.1 is obsolete), but a label,
  // aria-describedby or a form lookup finds only the first element with an id.
  const repeated = await page.evaluate(() => {
    const counts = new Map();
    for (const element of document.querySelectorAll("[id]")) counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
    return [...counts].filter(([, count]) => count > 1).map(([id, count]) => `#${id} (${count} elements)`);
  });
  if (repeated.length > 0) found.push(`${where}: repeated ids ${repeated.join(", ")}`);
  return found;
}

/** Opens `url`, runs `audit` on it and adds its violations to `problems`. */
async function visitAndAudit(page, url, problems, expectedStatus = 200) {
  const response = await page.goto(url);
  assert.equal(response?.status(), expectedStatus, `GET ${url} returned ${response?.status()}`);
  problems.push(...(await audit(page)));
}

function assertNoViolations(problems) {
  assert.deepEqual(problems, [], `axe found serious or critical violations:\n${problems.join("\n")}`);
}

/**
 * Returns whether the focused element shows its focus. It does when it matches :focus-visible
 * and has an outline or a ring (a box-shadow with a spread and no offset or blur, as Tailwind's
 * ring utilities draw) whose colour has a contrast of at least 3:1 against the background behind
 * the element (WCAG 2.2, 1.4.11 and 2.4.13). Otherwise screenshots of its area are compared with
 * the focus on it and on the previous control, which finds indicators that getComputedStyle
 * cannot read, such as a ring on a range input's thumb.
 */
async function focusIsVisible(page) {
  const state = await page.evaluate(() => {
    const active = document.activeElement;
    // Buttons fade their outline colour in (Tailwind's transition utilities); read the end state.
    for (const animation of active.getAnimations()) animation.finish();
    const style = getComputedStyle(active);
    // A canvas turns any CSS colour (rgb, hex, oklch) into sRGB bytes.
    const context = Object.assign(document.createElement("canvas"), { width: 1, height: 1 }).getContext("2d", { willReadFrequently: true });
    const toRgba = (color) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = "#000";
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
      return { r, g, b, a: a / 255 };
    };
    let background = { r: 255, g: 255, b: 255, a: 1 };
    for (let node = active.parentElement; node; node = node.parentElement) {
      const color = toRgba(getComputedStyle(node).backgroundColor);
      if (color.a === 1) {
        background = color;
        break;
      }
    }
    const luminance = ({ r, g, b }) => {
      const linear = (value) => (value / 255 <= 0.04045 ? value / 255 / 12.92 : ((value / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const contrastWithBackground = (color) => {
      const rgba = toRgba(color);
      const over = (channel) => rgba[channel] * rgba.a + background[channel] * (1 - rgba.a);
      const [lighter, darker] = [luminance({ r: over("r"), g: over("g"), b: over("b") }), luminance(background)].sort((x, y) => y - x);
      return (lighter + 0.05) / (darker + 0.05);
    };
    const MIN_CONTRAST = 3;
    // Chromium's own focus ring (outline-style: auto) draws two colours, one of which contrasts.
    const hasOutline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && toRgba(style.outlineColor).a > 0;
    const outline = hasOutline && (style.outlineStyle === "auto" || contrastWithBackground(style.outlineColor) >= MIN_CONTRAST);
    const ringColors = (style.boxShadow === "none" ? [] : style.boxShadow.split(/,(?![^(]*\))/))
      .map((shadow) => /^(.*?)\s*0px 0px 0px [1-9][\d.]*px/.exec(shadow.trim()))
      .filter((match) => match !== null && toRgba(match[1]).a > 0)
      .map((match) => match[1]);
    const ring = ringColors.some((color) => contrastWithBackground(color) >= MIN_CONTRAST);
    const box = active.getBoundingClientRect();
    return {
      focusVisible: active.matches(":focus-visible"),
      styled: hasOutline || ringColors.length > 0,
      contrasting: outline || ring,
      box: { x: box.x, y: box.y, width: box.width, height: box.height },
    };
  });
  // An outline or ring that is there but too faint to see counts as no focus indicator.
  if (state.focusVisible && state.styled) return state.contrasting;
  // Chromium's own parts of a control, such as the calendar button of a date input, take the
  // focus inside the element's shadow tree and draw their own ring, which no style shows.
  const margin = 6;
  const clip = { x: Math.max(0, state.box.x - margin), y: Math.max(0, state.box.y - margin), width: state.box.width + 2 * margin, height: state.box.height + 2 * margin };
  const focused = await page.screenshot({ clip });
  await page.keyboard.press("Shift+Tab");
  const unfocused = await page.screenshot({ clip });
  await page.keyboard.press("Tab");
  return !focused.equals(unfocused);
}

/**
 * Presses Tab (Shift+Tab with `backwards`) until `target` has the focus. Every control passed on
 * the way must show its focus (see focusIsVisible); the ones that do not go to `problems`.
 */
async function tabTo(page, target, problems, { backwards = false, maxPresses = 120 } = {}) {
  const handle = await target.elementHandle();
  assert.ok(handle, "the control to reach by keyboard is not on the page");
  for (let presses = 0; presses < maxPresses; presses += 1) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    const state = await page.evaluate((wanted) => {
      const active = document.activeElement;
      if (!active || active === document.body) return { onBody: true, reached: false, description: "body" };
      const name = active.getAttribute("aria-label") || active.id || "";
      const description = `<${active.tagName.toLowerCase()}${name ? ` ${name}` : ""}> "${(active.textContent ?? "").trim().slice(0, 40)}"`;
      return { onBody: false, reached: active === wanted, description };
    }, handle);
    if (!state.onBody && !(await focusIsVisible(page))) problems.push(`${new URL(page.url()).pathname}: no visible focus on ${state.description}`);
    if (state.reached) return;
  }
  throw new Error(`Tab did not reach the control after ${maxPresses} presses on ${page.url()}`);
}

/** Reaches `field` by Tab and types `text` into it. */
async function tabAndType(page, field, text, problems, options) {
  await tabTo(page, field, problems, options);
  await page.keyboard.type(text);
}

function assertFocusVisible(problems) {
  const unique = [...new Set(problems)];
  assert.deepEqual(unique, [], `controls reached by keyboard without a visible focus:\n${unique.join("\n")}`);
}

/**
 * Returns the path and query of the first link containing `pathPrefix` in the newest e-mail to
 * `to` that has one. Unlike linkFromMailbox, it waits for that e-mail when an older one to the
 * same address is newest, because the queue consumer sends each message about a second after
 * its request.
 */
async function linkFromNewestMail(page, to, pathPrefix, timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    const rows = page.getByRole("row").filter({ hasText: to });
    if ((await rows.count()) > 0) {
      await rows.first().getByRole("link").first().click();
      await page.waitForURL(/\/dev\/mailbox\/[^/?]+$/);
      const href = await page.locator(`a[href*="${pathPrefix}"]`).first().getAttribute("href", { timeout: 1_000 }).catch(() => null);
      if (href) {
        const url = new URL(href);
        return `${url.pathname}${url.search}`;
      }
    }
    if (Date.now() - started > timeoutMs) throw new Error(`No e-mail to ${to} with a link to ${pathPrefix} after ${timeoutMs} ms`);
    await page.waitForTimeout(500);
  }
}

/** Returns the id of one Tpay transaction of a bill in the local database that the e2e server uses. */
function billTransactionId() {
  const summaryFile = process.env.E2E_DEMO_SUMMARY;
  if (!summaryFile) return null;
  const query = "SELECT id FROM tpay_transactions WHERE purpose = 'bill' ORDER BY created_at LIMIT 1";
  const result = spawnSync(
    "bash",
    [path.join(ROOT, "scripts/wrangler.sh"), "d1", "execute", "DB", "--local", "--persist-to", path.dirname(summaryFile), "--json", "--command", query],
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.equal(result.status, 0, `wrangler d1 execute failed:\n${result.stderr}`);
  return JSON.parse(result.stdout)[0]?.results?.[0]?.id ?? null;
}

test("public pages pass axe", { timeout: 120_000 }, async () => {
  const { page, context, assertNoPageErrors } = await openPage(browser);
  const problems = [];
  await withFailureScreenshot(page, "a11y-public", async () => {
    for (const url of ["/", "/login", "/register", "/forgot-password", "/dev/mailbox"]) {
      await visitAndAudit(page, url, problems);
    }
    await visitAndAudit(page, "/nie-ma-takiej-strony", problems, 404);
    await visitAndAudit(page, `/p/${"x".repeat(43)}`, problems, 404);
    await visitAndAudit(page, `/pay/return/${MISSING_ID}`, problems, 404);

    // Forms after a rejected submit, with their error messages shown.
    await page.goto("/login");
    await page.getByLabel("E-mail").fill("nikt@example.com");
    await page.getByLabel("Hasło").fill("zle-haslo-123456");
    await page.getByRole("button", { name: "Zaloguj się" }).click();
    await page.locator("[aria-invalid=true], [role=alert]").first().waitFor();
    problems.push(...(await audit(page, "/login after a rejected login")));

    await page.goto("/register");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Załóż konto" }).click();
    await page.locator("[aria-invalid=true]").first().waitFor();
    problems.push(...(await audit(page, "/register after an empty submit")));
    assertNoPageErrors();
  });
  await context.close();
  assertNoViolations(problems);
});

test("registration, activation and login by keyboard", { timeout: 120_000 }, async () => {
  const { page, assertNoPageErrors } = flow.freelancer;
  const problems = [];
  const focusProblems = [];
  await withFailureScreenshot(page, "a11y-register", async () => {
    await page.goto("/register");
    await waitForHydration(page);
    await tabAndType(page, page.getByLabel("Imię i nazwisko"), FREELANCER_NAME, focusProblems);
    await tabAndType(page, page.getByLabel("E-mail"), flow.freelancerEmail, focusProblems);
    await tabAndType(page, page.getByLabel("Hasło"), PASSWORD, focusProblems);
    await tabTo(page, page.getByRole("button", { name: "Załóż konto" }), focusProblems);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/login");

    const activationPath = await linkFromMailbox(flow.mailbox.page, flow.freelancerEmail, "/activate/");
    problems.push(...(await audit(flow.mailbox.page, "/dev/mailbox/<activation e-mail>")));
    await visitAndAudit(page, activationPath, problems);
    await tabAndType(page, page.getByLabel("Hasło"), PASSWORD, focusProblems);
    await page.keyboard.press("Enter");
    await page.getByText("Konto jest aktywne. Możesz się zalogować.").waitFor();

    // The activation redirects to the login form; reach it from the top of the page.
    await page.goto("/login");
    await waitForHydration(page);
    await tabAndType(page, page.getByLabel("E-mail"), flow.freelancerEmail, focusProblems);
    await tabAndType(page, page.getByLabel("Hasło"), PASSWORD, focusProblems);
    await tabTo(page, page.getByRole("button", { name: "Zaloguj się" }), focusProblems);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/dashboard");
    assertNoPageErrors();
  });
  assertNoViolations(problems);
  assertFocusVisible(focusProblems);
});

/**
 * Opens `path` and checks that the first Tab stop is the visible skip link and that Enter on it
 * moves the focus into the page's one <main>.
 */
async function checkSkipLink(page, path) {
  await page.goto(path);
  await waitForHydration(page);
  assert.equal(await page.getByRole("main").count(), 1, `${path} has no single main landmark`);
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({ text: document.activeElement?.textContent?.trim(), href: document.activeElement?.getAttribute("href") }));
  assert.equal(first.text, "Przejdź do treści", `the first Tab stop of ${path} is not the skip link: ${JSON.stringify(first)}`);
  assert.ok(await page.evaluate(() => document.activeElement.matches(":focus-visible")), `the skip link of ${path} is not focus-visible`);
  const box = await page.evaluate(() => document.activeElement.getBoundingClientRect().width);
  assert.ok(box > 1, `the focused skip link of ${path} is not shown`);
  await page.keyboard.press("Enter");
  const inMain = await page.evaluate(() => Boolean(document.activeElement?.closest("main")));
  assert.ok(inMain, `Enter on the skip link of ${path} does not move the focus into the main content`);
}

test("keyboard reaches the main content", { timeout: 60_000 }, async () => {
  const { page } = flow.freelancer;
  await withFailureScreenshot(page, "a11y-skip-link", async () => {
    await checkSkipLink(page, "/dashboard");
  });
});

test("keyboard reaches the client page's content", { timeout: 60_000 }, async (t) => {
  const summary = readDemoSummary();
  if (!summary?.clientLink) {
    t.skip("no demo summary: run through scripts/e2e.sh, which seeds the server it starts");
    return;
  }
  const { page, context, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "a11y-client-skip-link", async () => {
    await checkSkipLink(page, new URL(summary.clientLink).pathname);
    assertNoPageErrors();
  });
  await context.close();
});

test("freelancer adds a client, project and task by keyboard", { timeout: 120_000 }, async () => {
  const { page, assertNoPageErrors } = flow.freelancer;
  const focusProblems = [];
  const problems = [];
  await withFailureScreenshot(page, "a11y-freelancer-keyboard", async () => {
    await page.goto("/clients/new");
    await waitForHydration(page);
    await tabAndType(page, page.getByLabel("Imię i nazwisko lub nazwa firmy"), CLIENT_NAME, focusProblems);
    await tabAndType(page, page.getByLabel("E-mail"), flow.clientEmail, focusProblems);
    await tabTo(page, page.getByRole("button", { name: "Dodaj klienta" }), focusProblems);
    await page.keyboard.press("Enter");
    await page.getByText(`Dodano klienta „${CLIENT_NAME}”.`).waitFor();

    await page.goto("/projects/new");
    await waitForHydration(page);
    // Sent empty first, so axe checks the form with its error messages shown.
    await tabTo(page, page.getByRole("button", { name: "Stwórz projekt" }), focusProblems);
    await page.keyboard.press("Enter");
    await page.locator("[aria-invalid=true]").first().waitFor();
    problems.push(...(await audit(page, "/projects/new after an empty submit")));
    const suggestion = await page.locator(`datalist option[value^="${CLIENT_NAME} <"]`).getAttribute("value");
    assert.ok(suggestion, `the client field does not suggest ${CLIENT_NAME}`);
    await tabAndType(page, page.getByLabel("Nazwa projektu"), PROJECT_NAME, focusProblems, { backwards: true });
    await tabAndType(page, page.getByLabel("Klient", { exact: true }), suggestion, focusProblems);
    await tabTo(page, page.getByRole("button", { name: "Stwórz projekt" }), focusProblems);
    await page.keyboard.press("Enter");
    await page.getByText(`Utworzono projekt „${PROJECT_NAME}”.`).waitFor();
    flow.projectPath = new URL(page.url()).pathname;
    assert.match(flow.projectPath, /^\/projects\/[^/]+$/);

    await waitForHydration(page);
    await tabAndType(page, page.getByLabel("Nazwa zadania"), TASK.name, focusProblems);
    await tabAndType(page, page.getByLabel("Kwota"), TASK.amount, focusProblems);
    const needsAcceptance = page.getByRole("checkbox", { name: "Wymaga akceptacji klienta" });
    await tabTo(page, needsAcceptance, focusProblems);
    if (!(await needsAcceptance.isChecked())) await page.keyboard.press("Space");
    assert.ok(await needsAcceptance.isChecked(), "Space did not tick \"Wymaga akceptacji klienta\"");
    await tabTo(page, page.getByRole("button", { name: "Dodaj zadanie" }), focusProblems);
    await page.keyboard.press("Enter");
    await page.getByText(`Dodano zadanie „${TASK.name}”.`).waitFor();
    assertNoPageErrors();
  });
  assertNoViolations(problems);
  assertFocusVisible(focusProblems);
});

test("freelancer saves the profile by keyboard", { timeout: 60_000 }, async () => {
  const { page, assertNoPageErrors } = flow.freelancer;
  const focusProblems = [];
  await withFailureScreenshot(page, "a11y-profile", async () => {
    await page.goto("/settings/profile");
    await waitForHydration(page);
    await tabAndType(page, page.getByLabel("Firma"), "Ćwikła Studio", focusProblems);
    await tabTo(page, page.getByRole("button", { name: "Zapisz profil" }), focusProblems);
    await page.keyboard.press("Enter");
    await page.getByText("Zapisano profil.").waitFor();
    assert.equal(await page.getByLabel("Firma").inputValue(), "Ćwikła Studio");
    assertNoPageErrors();
  });
  assertFocusVisible(focusProblems);
});

test("freelancer's pages of a new project pass axe", { timeout: 180_000 }, async () => {
  assert.ok(flow.projectPath, "the keyboard step did not create a project");
  const { page, assertNoPageErrors } = flow.freelancer;
  const problems = [];
  await withFailureScreenshot(page, "a11y-new-project", async () => {
    // The invitation turns the client link on and sends the client an e-mail with an unsubscribe link.
    await page.goto(flow.projectPath);
    await waitForHydration(page);
    const invitations = page.getByTestId("invitations-panel");
    await invitations.getByLabel("E-mail klienta").fill(flow.clientEmail);
    await invitations.getByRole("button", { name: "Wyślij zaproszenie" }).click();
    await page.getByText(`Włączono link do projektu dla klienta i wysłano zaproszenie na adres ${flow.clientEmail}.`).waitFor();
    flow.clientLink = new URL(await page.getByLabel("Link do projektu dla klienta").inputValue()).pathname;
    problems.push(...(await audit(page, `${flow.projectPath} with the client link on`)));

    // A report of today, the only day of a project created today.
    await page.goto(`${flow.projectPath}/reports/new`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Zapisz raport" }).click();
    await page.waitForURL((url) => /^\/reports\/[^/]+$/.test(url.pathname));
    problems.push(...(await audit(page)));
    await visitAndAudit(page, "/reports", problems);

    // The e-mail change and the password reset, each through its link in /dev/mailbox.
    const newEmail = uniqueEmail("e2e-a11y-new-address");
    await page.goto("/settings/profile");
    await page.getByLabel("Nowy adres e-mail").fill(newEmail);
    await page.getByLabel("Obecne hasło").fill(PASSWORD);
    await page.getByRole("button", { name: "Wyślij link" }).click();
    await page.getByRole("status").or(page.getByRole("alert")).first().waitFor();
    const confirmPath = await linkFromNewestMail(flow.mailbox.page, newEmail, "/settings/email/");
    await visitAndAudit(page, confirmPath, problems);

    flow.unsubscribePath = await linkFromNewestMail(flow.mailbox.page, flow.clientEmail, "/u/");
    assertNoPageErrors();
  });
  assertNoViolations(problems);
});

test("password reset pages pass axe", { timeout: 90_000 }, async () => {
  const { page, context, assertNoPageErrors } = await openPage(browser);
  const problems = [];
  await withFailureScreenshot(page, "a11y-reset", async () => {
    await page.goto("/forgot-password");
    await page.getByLabel("E-mail").fill(flow.freelancerEmail);
    await page.getByRole("button", { name: /Wyślij/ }).click();
    await page.getByRole("status").or(page.getByRole("alert")).first().waitFor();
    problems.push(...(await audit(page, "/forgot-password after a submit")));
    const resetPath = await linkFromNewestMail(flow.mailbox.page, flow.freelancerEmail, "/forgot-password/");
    await visitAndAudit(page, resetPath, problems);
    assertNoPageErrors();
  });
  await context.close();
  assertNoViolations(problems);
});

test("client accepts, writes and asks for a fix by keyboard", { timeout: 150_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not turn the client link on");
  const { page, context, assertNoPageErrors } = await openPage(browser);
  const focusProblems = [];
  const problems = [];
  await withFailureScreenshot(page, "a11y-client-keyboard", async () => {
    await visitAndAudit(page, flow.clientLink, problems);

    await tabTo(page, page.getByRole("button", { name: "Akceptuję" }).first(), focusProblems);
    await page.keyboard.press("Enter");
    await page.getByText(`Zaakceptowano kwotę zadania „${TASK.name}”.`).waitFor();

    await waitForHydration(page);
    await page.keyboard.press("Shift+Tab"); // leave the focus on the page after the reload
    const message = page.getByLabel("Napisz wiadomość");
    await tabAndType(page, message, CLIENT_MESSAGE, focusProblems);
    await tabTo(page, page.getByRole("button", { name: "Wyślij", exact: true }), focusProblems);
    await page.keyboard.press("Enter");
    await page.getByTestId("discussion-message").filter({ hasText: CLIENT_MESSAGE }).waitFor();

    await page.goto(`${flow.clientLink}/fix-requests`);
    await waitForHydration(page);
    await tabAndType(page, page.getByLabel("Tytuł"), FIX_REQUEST.title, focusProblems);
    await tabAndType(page, page.getByLabel("Opis"), FIX_REQUEST.description, focusProblems);
    await tabTo(page, page.getByRole("button", { name: "Zgłoś poprawkę" }), focusProblems);
    await page.keyboard.press("Enter");
    await page.getByText("Zgłoszono poprawkę #1. Wykonawca dostał powiadomienie.").waitFor();
    problems.push(...(await audit(page, `${flow.clientLink}/fix-requests after a fix request`)));

    // The fix request's own page.
    await page.getByTestId("fix-request").filter({ hasText: FIX_REQUEST.title }).getByRole("link").first().click();
    await page.waitForURL(/\/fix-requests\/[^/]+$/);
    problems.push(...(await audit(page)));

    assert.ok(flow.unsubscribePath, "the invitation e-mail has no unsubscribe link");
    await visitAndAudit(page, flow.unsubscribePath, problems);
    assertNoPageErrors();
  });
  await context.close();
  assertNoViolations(problems);
  assertFocusVisible(focusProblems);
});

test("demo freelancer's pages pass axe", { timeout: 300_000 }, async (t) => {
  const summary = readDemoSummary();
  if (!summary) {
    t.skip("no demo summary: run through scripts/e2e.sh, which seeds the server it starts");
    return;
  }
  const { page, context, assertNoPageErrors } = await openPage(browser);
  const problems = [];
  const focusProblems = [];
  await withFailureScreenshot(page, "a11y-demo-freelancer", async () => {
    await page.goto("/login");
    await page.getByLabel("E-mail").fill(summary.email);
    await page.getByLabel("Hasło").fill(summary.password);
    await page.getByRole("button", { name: "Zaloguj się" }).click();
    await page.waitForURL("**/dashboard");

    const project = `/projects/${summary.sharedProjectId}`;
    const pages = [
      "/dashboard",
      "/clients",
      `/clients/${DEMO_CLIENT_ID}`,
      "/clients/new",
      "/projects",
      "/projects/new",
      project,
      `${project}/bills`,
      `${project}/files`,
      `${project}/fix-requests`,
      `${project}/invitations`,
      `${project}/messages`,
      "/reports",
      "/notifications",
      "/wallet",
      "/settings/profile",
      "/settings/security",
      "/settings/notifications",
      "/settings/payments",
      "/settings/reports",
      "/settings/subscription",
      "/settings/data",
      "/settings/data/delete",
    ];
    for (const url of pages) await visitAndAudit(page, url, problems);
    await visitAndAudit(page, `/projects/${MISSING_ID}`, problems, 404);
    await visitAndAudit(page, `/clients/${MISSING_ID}`, problems, 404);

    // A task's edit page, reached from the project's task list.
    await page.goto(project);
    const editLink = page.locator(`a[href^="${project}/tasks/"][href$="/edit"]`).first();
    await page.goto(await editLink.getAttribute("href"));
    problems.push(...(await audit(page)));

    // Open disclosures: "Oznacz jako opłacone" of a task and the share link's menu.
    await page.goto(project);
    await waitForHydration(page);
    const disclosures = page.locator("details:not([open]) > summary");
    const count = await disclosures.count();
    for (let index = 0; index < count; index += 1) {
      const summaryElement = page.locator("details:not([open]) > summary").first();
      if (!(await summaryElement.isVisible())) break;
      await summaryElement.click();
    }
    problems.push(...(await audit(page, `${project} with its disclosures open`)));

    // The report period slider moves by arrow keys.
    await page.goto(`${project}/reports/new`);
    await waitForHydration(page);
    problems.push(...(await audit(page)));
    const startHandle = page.getByRole("slider", { name: "Pierwszy dzień okresu" });
    const endHandle = page.getByRole("slider", { name: "Ostatni dzień okresu" });
    const startInput = page.getByLabel("Początek okresu");
    const endInput = page.getByLabel("Koniec okresu");
    const before = { start: await startInput.inputValue(), end: await endInput.inputValue() };
    await tabTo(page, startHandle, focusProblems);
    await page.keyboard.press("ArrowRight");
    await tabTo(page, endHandle, focusProblems);
    await page.keyboard.press("ArrowLeft");
    const moved = { start: await startInput.inputValue(), end: await endInput.inputValue() };
    assert.ok(moved.start > before.start, `ArrowRight did not move the first day (${before.start} → ${moved.start})`);
    assert.ok(moved.end < before.end, `ArrowLeft did not move the last day (${before.end} → ${moved.end})`);
    assertNoPageErrors();
  });
  await context.close();
  assertNoViolations(problems);
  assertFocusVisible(focusProblems);
});

test("demo client's pages pass axe", { timeout: 180_000 }, async (t) => {
  const summary = readDemoSummary();
  if (!summary?.clientLink) {
    t.skip("no demo summary: run through scripts/e2e.sh, which seeds the server it starts");
    return;
  }
  const clientPath = new URL(summary.clientLink).pathname;
  const { page, context, assertNoPageErrors } = await openPage(browser);
  const problems = [];
  await withFailureScreenshot(page, "a11y-demo-client", async () => {
    for (const tab of ["", "/bills", "/files", "/fix-requests", "/messages", "/reports"]) {
      await visitAndAudit(page, `${clientPath}${tab}`, problems);
    }
    await visitAndAudit(page, `${clientPath}/fix-requests/${DEMO_FIX_REQUEST_ID}`, problems);

    // A paid bill of the demo project.
    await page.goto(`${clientPath}/bills`);
    const billLink = page.locator(`a[href^="${clientPath}/bills/"]`).first();
    await page.goto(await billLink.getAttribute("href"));
    problems.push(...(await audit(page)));

    const transactionId = billTransactionId();
    assert.ok(transactionId, "the demo data has no Tpay transaction of a bill");
    await visitAndAudit(page, `/pay/return/${transactionId}`, problems);
    assertNoPageErrors();
  });
  await context.close();
  assertNoViolations(problems);
});

test("axe checked every page route of the build", () => {
  const missing = pageRoutesOfBuild().filter((routeId) => !checkedRoutes.has(routeId));
  assert.deepEqual(missing, [], `page routes that no test above opened (add them to this file): ${missing.join(", ")}`);
});
