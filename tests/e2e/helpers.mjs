// Shared setup for the end-to-end tests: Debian's Chromium driven by playwright-core against
// a running Klamp (scripts/e2e.sh starts one and sets E2E_BASE_URL).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../../scripts/seed.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS_DIR = path.join(HERE, "artifacts");

export const BASE_URL = (process.env.E2E_BASE_URL ?? "http://localhost:8787").replace(/\/+$/, "");

/** The demo project of scripts/seed.mjs whose client link is on. */
export const DEMO_SHARED_PROJECT = "Sklep internetowy Źdźbło Łąka";

// Flags that keep Chromium from calling Google services; --no-sandbox because CI runs as root.
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_FLAGS,
  });
}

/**
 * Opens a page in a fresh context (own cookies) and records uncaught page errors and console
 * errors; call `assertNoPageErrors()` at the end of a test.
 */
export async function openPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: "pl-PL", timezoneId: "Europe/Warsaw", ...contextOptions });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // A 4xx response to a form submission is expected, and Chromium logs it as a failed resource.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(`console.error: ${message.text()}`);
    }
  });
  return {
    context,
    page,
    assertNoPageErrors() {
      assert.deepEqual(errors, [], `the page reported errors:\n${errors.join("\n")}`);
    },
  };
}

/** Waits until React has hydrated the page, so client-side handlers (copy buttons) work. */
export async function waitForHydration(page) {
  await page.waitForFunction(() => Boolean(window.__remixRouter));
}

export async function saveScreenshot(page, name) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs a test body and saves a screenshot of the page when it fails. */
export async function withFailureScreenshot(page, name, body) {
  try {
    await body();
  } catch (error) {
    const file = await saveScreenshot(page, `failed-${name}`).catch(() => null);
    if (file) error.message += `\n(screenshot: ${file})`;
    throw error;
  }
}

/** Returns a unique address per run, so tests can run again against the same database. */
export function uniqueEmail(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/**
 * Opens the newest message to `to` in the development mailbox (/dev/mailbox) and returns the
 * path of its first link that contains `pathPrefix`. The queue consumer delivers e-mails
 * about a second after the request, so the list is reloaded until the message is there.
 */
export async function linkFromMailbox(page, to, pathPrefix, timeoutMs = 15_000) {
  const started = Date.now();
  for (;;) {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    const row = page.getByRole("row").filter({ hasText: to }).first();
    if ((await row.count()) > 0) {
      await row.getByRole("link").first().click();
      break;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`No e-mail to ${to} in /dev/mailbox after ${timeoutMs} ms`);
    await page.waitForTimeout(300);
  }
  const link = page.locator(`a[href*="${pathPrefix}"]`).first();
  const href = await link.getAttribute("href");
  assert.ok(href, `the e-mail to ${to} has no link containing ${pathPrefix}`);
  const url = new URL(href, BASE_URL);
  return `${url.pathname}${url.search}`;
}

/**
 * Registers a freelancer, activates the account through the link in /dev/mailbox (opened in
 * `mailboxPage`), logs in on `page`, then adds a client and a project for that client.
 * Returns the project page's path.
 */
export async function registerFreelancerWithProject(page, mailboxPage, account, client, projectName) {
  await page.goto("/register");
  await page.getByLabel("Imię i nazwisko").fill(account.name);
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Hasło").fill(account.password);
  await page.getByRole("button", { name: "Załóż konto" }).click();
  await page.waitForURL("**/login");

  const activationPath = await linkFromMailbox(mailboxPage, account.email, "/activate/");
  await page.goto(activationPath);
  await page.getByLabel("Hasło").fill(account.password);
  await page.getByRole("button", { name: "Aktywuj konto" }).click();
  await page.getByText("Konto jest aktywne. Możesz się zalogować.").waitFor();
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Hasło").fill(account.password);
  await page.getByRole("button", { name: "Zaloguj się" }).click();
  await page.waitForURL("**/dashboard");

  await page.goto("/clients/new");
  await page.getByLabel("Imię i nazwisko lub nazwa firmy").fill(client.name);
  await page.getByLabel("E-mail").fill(client.email);
  await page.getByRole("button", { name: "Dodaj klienta" }).click();
  await page.getByText(`Dodano klienta „${client.name}”.`).waitFor();

  await page.goto("/projects/new");
  await page.getByLabel("Nazwa projektu").fill(projectName);
  const suggestion = await page.locator(`datalist option[value^="${client.name} <"]`).getAttribute("value");
  assert.ok(suggestion, `the client field does not suggest ${client.name}`);
  await page.getByLabel("Klient", { exact: true }).fill(suggestion);
  await page.getByRole("button", { name: "Stwórz projekt" }).click();
  await page.getByText(`Utworzono projekt „${projectName}”.`).waitFor();
  const projectPath = new URL(page.url()).pathname;
  assert.match(projectPath, /^\/projects\/[^/]+$/);
  return projectPath;
}

/** Logs in through the login form as the demo freelancer of scripts/seed.mjs and waits for the dashboard. */
export async function logInAsDemo(page) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(DEMO_EMAIL);
  await page.getByLabel("Hasło").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Zaloguj się" }).click();
  await page.waitForURL("**/dashboard");
}

/** Logs in as the demo freelancer and opens DEMO_SHARED_PROJECT from the project list. */
export async function openDemoSharedProject(page) {
  await logInAsDemo(page);
  await page.goto("/projects");
  await page.getByRole("link", { name: DEMO_SHARED_PROJECT }).first().click();
  await page.getByRole("heading", { name: DEMO_SHARED_PROJECT }).waitFor();
}

/**
 * Adds a task that requires the client's acceptance through the open project page's form, waits
 * for its row, and returns the project's client link (a full URL) shown on the page.
 */
export async function addTaskToAccept(page, name, amount) {
  // By role: the demo's fix request also has a "Nazwa zadania" field, in its collapsed price form.
  await page.getByRole("textbox", { name: "Nazwa zadania" }).fill(name);
  await page.getByRole("textbox", { name: "Kwota" }).fill(amount);
  await page.getByLabel("Wymaga akceptacji klienta").setChecked(true);
  await page.getByRole("button", { name: "Dodaj zadanie" }).click();
  await page.getByRole("row").filter({ hasText: name }).waitFor();

  const clientLink = await page.getByLabel("Link do projektu dla klienta").inputValue();
  assert.match(clientLink, /\/p\/[A-Za-z0-9_-]{43}$/);
  return clientLink;
}

/** Finds a task's card on the client page: a list item headed by the task's name. */
export function clientTaskCard(page, name) {
  return page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });
}

/** Reads the demo data summary that scripts/seed.mjs wrote, when scripts/e2e.sh seeded the server. */
export function readDemoSummary() {
  const file = process.env.E2E_DEMO_SUMMARY;
  if (!file) return null;
  return JSON.parse(readFileSync(file, "utf8"));
}
