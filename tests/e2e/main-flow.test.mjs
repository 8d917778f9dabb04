// The main job of Klamp in one walk: a freelancer registers, activates the account from the
// e-mail, adds a client and a priced project, shares the client link; the client accepts a
// task's amount and the freelancer sees the decision. Labels are the Polish UI texts of
// app/i18n/pl.ts, which follow the product's help pages word for word.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  BASE_URL,
  launchBrowser,
  linkFromMailbox,
  openPage,
  saveScreenshot,
  uniqueEmail,
  waitForHydration,
  withFailureScreenshot,
} from "./helpers.mjs";

const PASSWORD = "haslo-testowe-e2e-123";
const CLIENT_NAME = "Źdźbło Łąka Sp. z o.o.";
const PROJECT_NAME = "Sklep internetowy: etap 1";
const TASKS = [
  { name: "Projekt graficzny", amount: "1 500", requiresAcceptance: false },
  { name: "Wdrożenie koszyka", amount: "1234,56", requiresAcceptance: true },
  { name: "Konfiguracja domeny", amount: "350", requiresAcceptance: false },
];
const TASK_TO_ACCEPT = TASKS[1].name;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Finds a task's row in the task table of the freelancer's project page. */
function taskRow(page, name) {
  return page.getByRole("row").filter({ hasText: name });
}

/** Finds a task's card on the client page: a list item headed by the task's name. */
function taskCard(page, name) {
  return page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });
}

/** Returns a day two weeks from now as YYYY-MM-DD in Europe/Warsaw. */
function deadlineInTwoWeeks() {
  const day = new Date(Date.now() + 14 * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw", year: "numeric", month: "2-digit", day: "2-digit" }).format(day);
}

// State shared by the steps below; each step needs the ones before it.
const flow = { email: uniqueEmail("e2e-freelancer"), storageState: null, projectPath: null, clientLink: null };

test("freelancer registers, activates and logs in", { timeout: 60_000 }, async () => {
  const { page, context, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "register", async () => {
    await page.goto("/register");
    await page.getByLabel("Imię i nazwisko").fill("Łukasz Żółć");
    await page.getByLabel("E-mail").fill(flow.email);
    await page.getByLabel("Hasło").fill(PASSWORD);
    await page.getByRole("button", { name: "Załóż konto" }).click();
    await page.waitForURL("**/login");

    const activationPath = await linkFromMailbox(page, flow.email, "/activate/");
    await page.goto(activationPath);
    await page.getByLabel("Hasło").fill(PASSWORD);
    await page.getByRole("button", { name: "Aktywuj konto" }).click();
    await page.waitForURL("**/login");
    await page.getByText("Konto jest aktywne. Możesz się zalogować.").waitFor();

    await page.getByLabel("E-mail").fill(flow.email);
    await page.getByLabel("Hasło").fill(PASSWORD);
    await page.getByRole("button", { name: "Zaloguj się" }).click();
    await page.waitForURL("**/dashboard");
    flow.storageState = await context.storageState();
    assertNoPageErrors();
  });
  await context.close();
});

test("freelancer adds a client and a project with three tasks", { timeout: 60_000 }, async () => {
  assert.ok(flow.storageState, "the registration step did not log in");
  const { page, context, assertNoPageErrors } = await openPage(browser, { storageState: flow.storageState });
  await withFailureScreenshot(page, "project", async () => {
    await page.goto("/clients");
    await page.getByRole("link", { name: "Dodaj nowego klienta" }).click();
    await page.waitForURL("**/clients/new");
    await page.getByLabel("Imię i nazwisko lub nazwa firmy").fill(CLIENT_NAME);
    await page.getByLabel("E-mail").fill(uniqueEmail("e2e-client"));
    await page.getByLabel("NIP").fill("525-244-57-67");
    await page.getByRole("button", { name: "Dodaj klienta" }).click();
    await page.getByText(`Dodano klienta „${CLIENT_NAME}”.`).waitFor();

    await page.goto("/projects");
    await page.getByRole("link", { name: "Stwórz nowy projekt" }).click();
    await page.waitForURL("**/projects/new");
    await page.getByLabel("Nazwa projektu").fill(PROJECT_NAME);
    await page.getByLabel("Termin realizacji").fill(deadlineInTwoWeeks());
    // The client field suggests the freelancer's clients in a <datalist> as "Name <e-mail>".
    // Choosing a suggestion puts that value into the field, which is what this does.
    const clientOption = page.locator(`datalist option[value^="${CLIENT_NAME} <"]`);
    const suggestion = await clientOption.getAttribute("value");
    assert.ok(suggestion, `the client field does not suggest ${CLIENT_NAME}`);
    await page.getByLabel("Klient", { exact: true }).fill(suggestion);
    await page.getByText(`Wybrany klient: ${CLIENT_NAME}`).waitFor();
    await page.getByRole("button", { name: "Stwórz projekt" }).click();
    await page.getByText(`Utworzono projekt „${PROJECT_NAME}”.`).waitFor();
    flow.projectPath = new URL(page.url()).pathname;
    assert.match(flow.projectPath, /^\/projects\/[^/]+$/);
    await page.getByRole("heading", { name: PROJECT_NAME }).waitFor();

    for (const task of TASKS) {
      await page.getByLabel("Nazwa zadania").fill(task.name);
      await page.getByLabel("Kwota").fill(task.amount);
      await page.getByLabel("Wymaga akceptacji klienta").setChecked(task.requiresAcceptance);
      await page.getByRole("button", { name: "Dodaj zadanie" }).click();
      await page.getByText(`Dodano zadanie „${task.name}”.`).waitFor();
      await taskRow(page, task.name).waitFor();
    }
    await taskRow(page, TASK_TO_ACCEPT).filter({ hasText: "Oczekuje na akceptację" }).waitFor();
    assertNoPageErrors();
  });
  await context.close();
});

test("freelancer copies the client link", { timeout: 60_000 }, async () => {
  assert.ok(flow.projectPath, "the project step did not create a project");
  const { page, context, assertNoPageErrors } = await openPage(browser, {
    storageState: flow.storageState,
    permissions: ["clipboard-read", "clipboard-write"],
  });
  await withFailureScreenshot(page, "share", async () => {
    await page.goto(flow.projectPath);
    await waitForHydration(page);
    // The help pages put the link under the "Udostępnij" tab; open it when the page has tabs.
    const shareTab = page.getByRole("tab", { name: "Udostępnij" }).or(page.getByRole("link", { name: "Udostępnij", exact: true }));
    if ((await shareTab.count()) > 0) await shareTab.first().click();
    await page.getByRole("button", { name: "Włącz link dla klienta" }).click();

    const linkField = page.getByLabel("Link do projektu dla klienta");
    await linkField.waitFor();
    const clientLink = await linkField.inputValue();
    assert.match(clientLink, new RegExp(`^${BASE_URL.replace(/[.:/]/g, "\\$&")}/p/[A-Za-z0-9_-]{43}$`));

    await page.getByRole("button", { name: "Kopiuj link" }).click();
    await page.getByText("Skopiowano").waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), clientLink);
    flow.clientLink = clientLink;
    assertNoPageErrors();
  });
  await context.close();
});

test("client accepts a task and the freelancer sees it", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the share step did not produce a client link");
  // A fresh context: the client has no session cookie, only the link.
  const client = await openPage(browser);
  await withFailureScreenshot(client.page, "client-accept", async () => {
    await client.page.goto(flow.clientLink);
    await client.page.getByRole("heading", { name: PROJECT_NAME }).waitFor();
    await taskCard(client.page, TASK_TO_ACCEPT).getByRole("button", { name: "Akceptuję" }).click();
    await client.page.getByText(`Zaakceptowano kwotę zadania „${TASK_TO_ACCEPT}”.`).waitFor();
    await taskCard(client.page, TASK_TO_ACCEPT).filter({ hasText: "Zaakceptowane" }).waitFor();
    assert.equal(await client.page.getByRole("button", { name: "Akceptuję" }).count(), 0, "no task should wait for a decision");
    client.assertNoPageErrors();
  });
  await client.context.close();

  const freelancer = await openPage(browser, { storageState: flow.storageState });
  await withFailureScreenshot(freelancer.page, "freelancer-sees-acceptance", async () => {
    await freelancer.page.goto(flow.projectPath);
    await taskRow(freelancer.page, TASK_TO_ACCEPT).filter({ hasText: "Zaakceptowane" }).waitFor();
    freelancer.assertNoPageErrors();
  });
  await freelancer.context.close();
});

test("client page fits a 360 px wide phone", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the share step did not produce a client link");
  const { page, context, assertNoPageErrors } = await openPage(browser, {
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await withFailureScreenshot(page, "client-360", async () => {
    await page.goto(flow.clientLink);
    await page.getByRole("heading", { name: PROJECT_NAME }).waitFor();
    const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
    await saveScreenshot(page, "client-page-360");
    assert.ok(scrollWidth <= 360, `the client page scrolls sideways: scrollWidth ${scrollWidth} > 360`);
    assertNoPageErrors();
  });
  await context.close();
});
