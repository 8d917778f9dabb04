// The client page with JavaScript off: Chromium with `javaScriptEnabled: false` opens the demo
// project's client link and does what a client does there. Each step must reach the server and
// show its result in the page the server sends back. The demo freelancer first adds a task that
// needs the client's acceptance, so there is a price to accept.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { addTaskToAccept, BASE_URL, clientTaskCard, DEMO_SHARED_PROJECT, launchBrowser, openDemoSharedProject, openPage, withFailureScreenshot } from "./helpers.mjs";

// The run id keeps names unique when the tests run again on the same data.
const RUN = Date.now().toString(36);
const TASK_NAME = `Baner bez JavaScriptu ${RUN}`;

let browser;
const shared = { clientLink: null };

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("freelancer adds a task to accept", { timeout: 60_000 }, async () => {
  const { page, context } = await openPage(browser);
  await withFailureScreenshot(page, "no-js-add-task", async () => {
    await openDemoSharedProject(page);
    shared.clientLink = await addTaskToAccept(page, TASK_NAME, "120");
  });
  await context.close();
});

test("client page works without JavaScript", { timeout: 120_000 }, async () => {
  assert.ok(shared.clientLink, "the previous step did not add the task");
  const clientPath = new URL(shared.clientLink).pathname;
  const { page, context } = await openPage(browser, { javaScriptEnabled: false });
  await withFailureScreenshot(page, "no-js-client", async () => {
    // The tasks, as the server renders them.
    await page.goto(clientPath);
    await page.getByRole("heading", { name: DEMO_SHARED_PROJECT }).waitFor();
    assert.equal(await page.evaluate(() => typeof window.__remixRouter), "undefined", "JavaScript ran although it is off");
    const card = clientTaskCard(page, TASK_NAME);
    await card.waitFor();

    // Accept the task's price: a plain form POST, then the page the server redirects to.
    await card.getByRole("button", { name: "Akceptuję" }).click();
    await page.waitForLoadState("load");
    assert.equal(await clientTaskCard(page, TASK_NAME).getByRole("button", { name: "Akceptuję" }).count(), 0, "the task still asks for acceptance");

    // Post a message.
    const message = `Wiadomość bez JavaScriptu ${RUN}`;
    await page.getByLabel("Napisz wiadomość").fill(message);
    await page.getByRole("button", { name: "Wyślij", exact: true }).click();
    await page.waitForLoadState("load");
    await page.getByText(message).first().waitFor();

    // Ask for a fix.
    const fixTitle = `Poprawka bez JavaScriptu ${RUN}`;
    await page.goto(clientPath);
    await page.getByLabel("Tytuł").fill(fixTitle);
    await page.getByLabel("Opis").fill("Proszę poprawić kolor przycisku.");
    await page.getByRole("button", { name: "Zgłoś poprawkę" }).click();
    await page.waitForLoadState("load");
    await page.getByText(fixTitle).first().waitFor();

    // Download a file of the project: a plain link to the file's route.
    await page.goto(clientPath);
    const download = page.getByRole("link", { name: /^Pobierz plik / }).first();
    const href = await download.getAttribute("href");
    assert.ok(href, "the client page links no file to download");
    const fileResponse = await page.request.get(new URL(href, BASE_URL).toString());
    assert.equal(fileResponse.status(), 200);
    assert.ok((await fileResponse.body()).byteLength > 0, "the downloaded file is empty");

    // The reports tab and back to the project tab.
    await page.getByRole("link", { name: "Raporty", exact: true }).click();
    await page.waitForURL(`**${clientPath}/reports`);
    await page.getByRole("link", { name: "Projekt", exact: true }).click();
    await page.waitForURL(`**${clientPath}`);

    // The bills page: tick "Opłać" at the accepted task, create the bill, then reach "Zapłać teraz".
    await page.goto(`${clientPath}/bills`);
    const row = page.locator("li, tr").filter({ hasText: TASK_NAME }).last();
    await row.getByText("Opłać", { exact: true }).click();
    await page.getByRole("button", { name: "Utwórz rachunek" }).click();
    await page.waitForLoadState("load");
    await page.getByText(TASK_NAME).first().waitFor();
    await page.getByRole("button", { name: "Zapłać teraz" }).waitFor();
  });
  await context.close();
});
