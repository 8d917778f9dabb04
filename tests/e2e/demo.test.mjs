// The demo account that `npm start` prints works: its login and its client link.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../../scripts/seed.mjs";
import { launchBrowser, openPage, readDemoSummary, withFailureScreenshot } from "./helpers.mjs";

const SHARED_PROJECT = "Sklep internetowy Źdźbło Łąka";
const COMPLETED_PROJECT = "Logo i identyfikacja wizualna";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function logInAsDemo(page) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(DEMO_EMAIL);
  await page.getByLabel("Hasło").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Zaloguj się" }).click();
  await page.waitForURL("**/projects");
}

test("demo freelancer logs in and sees the demo projects", { timeout: 60_000 }, async () => {
  const { page, context, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "demo-login", async () => {
    await logInAsDemo(page);
    await page.getByRole("link", { name: SHARED_PROJECT }).first().waitFor();
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
    await logInAsDemo(page);
    await page.getByRole("link", { name: SHARED_PROJECT }).first().click();
    await page.getByRole("heading", { name: SHARED_PROJECT }).waitFor();
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
    await page.getByRole("heading", { name: SHARED_PROJECT }).waitFor();
    // The demo project has tasks waiting for the client's decision, and a rejected one.
    assert.ok((await page.getByRole("button", { name: "Akceptuję" }).count()) >= 1);
    await page.getByText("Odrzucone").first().waitFor();
    assert.equal(await page.getByText(COMPLETED_PROJECT).count(), 0, "the client link must show only its own project");
    assertNoPageErrors();
  });
  await context.close();
});
