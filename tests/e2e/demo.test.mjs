// The demo account that `npm start` prints works: its login, its client link, and online
// payments through the local Tpay sandbox's demo merchant.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { clientTaskCard, DEMO_SHARED_PROJECT, launchBrowser, logInAsDemo, openDemoSharedProject, openPage, readDemoSummary, waitForHydration, withFailureScreenshot } from "./helpers.mjs";

const COMPLETED_PROJECT = "Logo i identyfikacja wizualna";
// The shared project's only payable task in scripts/seed.mjs: accepted, unpaid, 4 800,00 zł.
// The last test pays it, so tests that run later must not expect it unpaid.
const PAYABLE_TASK = { name: "Wdrożenie koszyka i płatności", formatted: "4 800,00 zł" };
// The sandbox merchant that the seed connects the demo freelancer to.
const DEMO_MERCHANT_ID = "12345";
// The sandbox delivers its notification through its queue within a few seconds and retries a
// failed delivery after 5 s. The return page reloads its data every 3 s.
const PAYMENT_TIMEOUT_MS = 30_000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Replaces non-breaking spaces (formatMoney puts one before "zł") and other runs of white space with one space. */
function plainSpaces(text) {
  return text.replace(/\s+/g, " ").trim();
}

test("demo freelancer logs in and sees the demo projects", { timeout: 60_000 }, async () => {
  const { page, context, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "demo-login", async () => {
    await logInAsDemo(page);
    await page.goto("/projects");
    await page.getByRole("link", { name: DEMO_SHARED_PROJECT }).first().waitFor();
    assertNoPageErrors();
  });
  await context.close();
});

test("demo project shows the printed client link", { timeout: 60_000 }, async (t) => {
  const summary = readDemoSummary();
  if (!summary?.clientLink) {
    t.skip("no demo summary: run through scripts/e2e.sh, which seeds the server it starts");
    return;
  }
  const { page, context, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "demo-project-link", async () => {
    await openDemoSharedProject(page);
    // The seed encrypts the token itself; the app decrypts it here for "Kopiuj link".
    assert.equal(await page.getByLabel("Link do projektu dla klienta").inputValue(), summary.clientLink);
    assertNoPageErrors();
  });
  await context.close();
});

test("demo client link opens the shared project", { timeout: 60_000 }, async (t) => {
  const summary = readDemoSummary();
  if (!summary?.clientLink) {
    t.skip("no demo summary: run through scripts/e2e.sh, which seeds the server it starts");
    return;
  }
  const { page, context, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "demo-client-link", async () => {
    const response = await page.goto(summary.clientLink);
    assert.equal(response.status(), 200);
    await page.getByRole("heading", { name: DEMO_SHARED_PROJECT }).waitFor();
    // The demo project has tasks waiting for the client's decision, and a rejected one.
    assert.ok((await page.getByRole("button", { name: "Akceptuję" }).count()) >= 1);
    await page.getByText("Odrzucone").first().waitFor();
    assert.equal(await page.getByText(COMPLETED_PROJECT).count(), 0, "the client link must show only its own project");
    assertNoPageErrors();
  });
  await context.close();
});

// Last in this file because it marks the demo task paid. It proves that the seed connects the
// demo freelancer to the sandbox's demo merchant with credentials sealed under the app's key,
// because the app must decrypt them to get a token and create the transaction.
test("demo client pays a task through the sandbox", { timeout: 90_000 }, async (t) => {
  const summary = readDemoSummary();
  if (!summary?.clientLink) {
    t.skip("no demo summary: run through scripts/e2e.sh, which seeds the server it starts");
    return;
  }
  const clientPath = new URL(summary.clientLink).pathname;
  const { page, context, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "demo-client-pays", async () => {
    await page.goto(clientPath);
    await page.getByRole("heading", { name: DEMO_SHARED_PROJECT }).waitFor();
    await waitForHydration(page);

    const card = clientTaskCard(page, PAYABLE_TASK.name);
    await card.getByText("Opłać", { exact: true }).click();
    const checkbox = card.getByRole("checkbox", { name: `Opłać zadanie „${PAYABLE_TASK.name}”` });
    assert.equal(await checkbox.isChecked(), true, `"Opłać" did not select the task "${PAYABLE_TASK.name}"`);
    const bills = page.getByRole("region", { name: "Rachunki" });
    await bills.getByText(`Zaznaczono 1 zadanie, razem ${PAYABLE_TASK.formatted}`).waitFor();
    await bills.getByRole("button", { name: "Utwórz rachunek" }).click();

    await page.waitForURL(/\/p\/[A-Za-z0-9_-]{43}\/bills\/[^/]+$/);
    await page.getByRole("heading", { name: /^Rachunek nr \d+$/, level: 1 }).waitFor();
    await page.getByRole("row").filter({ hasText: PAYABLE_TASK.name }).filter({ hasText: PAYABLE_TASK.formatted }).waitFor();
    assert.equal(plainSpaces(await page.getByRole("row", { name: /^Razem/ }).innerText()), `Razem ${PAYABLE_TASK.formatted}`);
    await waitForHydration(page);

    await page.getByRole("button", { name: "Zapłać teraz" }).click();
    await page.waitForURL(/\/tpay-sandbox\/pay\/TR-[A-Z0-9]+-[A-Z0-9]+$/);
    await page.getByRole("heading", { name: "Płatność testowa" }).waitFor();
    const details = plainSpaces(await page.locator("dl").innerText());
    assert.ok(details.includes(`(ID ${DEMO_MERCHANT_ID})`), `the sandbox's payer page does not pay merchant ${DEMO_MERCHANT_ID}:\n${details}`);
    assert.ok(details.includes(`Kwota ${PAYABLE_TASK.formatted}`), `the sandbox's payer page does not ask for ${PAYABLE_TASK.formatted}:\n${details}`);
    await page.getByRole("button", { name: "Zapłać", exact: true }).click();

    await page.waitForURL(/\/pay\/return\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Płatność za rachunek" }).waitFor();
    // Playwright polls the page, which turns from "Płatność w toku" to "Opłacone" once the notification is applied.
    await page.getByTestId("payment-state").filter({ hasText: "Opłacone" }).waitFor({ timeout: PAYMENT_TIMEOUT_MS });

    await page.goto(clientPath);
    await clientTaskCard(page, PAYABLE_TASK.name).filter({ hasText: "Opłacone" }).waitFor();
    assertNoPageErrors();
  });
  await context.close();
});
