// The client page with a task name that has no space to wrap at (a URL, a file name): it must
// fit a 360 px phone with every button on screen, and its forms must work without JavaScript.
// The demo freelancer adds the task to the demo project that has a client link.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { addTaskToAccept, BASE_URL, clientTaskCard, launchBrowser, openDemoSharedProject, openPage, saveScreenshot, withFailureScreenshot } from "./helpers.mjs";

// A 200-character URL. The run id keeps the name unique when the tests run again on the same data.
const LONG_TASK_NAME = `https://example.com/pliki/${Date.now().toString(36)}_projekt_graficzny_wersja_ostateczna_${"v2_poprawki_klienta_".repeat(8)}`.slice(0, 200);

let browser;
const shared = { clientLink: null };

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("freelancer adds a task with a long URL as its name", { timeout: 60_000 }, async () => {
  const { page, context, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "narrow-add-task", async () => {
    await openDemoSharedProject(page);
    shared.clientLink = await addTaskToAccept(page, LONG_TASK_NAME, "99");
    assertNoPageErrors();
  });
  await context.close();
});

test("client page with a long task name fits 360 px", { timeout: 60_000 }, async () => {
  assert.ok(shared.clientLink, "the previous step did not add the task");
  const { page, context, assertNoPageErrors } = await openPage(browser, {
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await withFailureScreenshot(page, "narrow-client-360", async () => {
    await page.goto(shared.clientLink);
    const card = clientTaskCard(page, LONG_TASK_NAME);
    await card.waitFor();
    await saveScreenshot(page, "client-page-360-long-name");

    const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(scrollWidth <= 360, `the client page scrolls sideways: scrollWidth ${scrollWidth} > 360`);
    const onScreen = {
      "task name": card.getByRole("heading", { name: LONG_TASK_NAME }),
      "Akceptuję": card.getByRole("button", { name: "Akceptuję" }),
      "Odrzucam": card.getByRole("button", { name: "Odrzucam" }),
      "comment box": card.getByLabel("Komentarz (opcjonalnie)"),
      "Podsumowanie": page.getByRole("heading", { name: "Podsumowanie" }),
      "summary amount": page.locator("#summary-heading ~ dl dd").first(),
    };
    for (const [label, locator] of Object.entries(onScreen)) {
      const box = await locator.boundingBox();
      assert.ok(box, `${label} is not rendered`);
      assert.ok(box.x >= 0, `${label} starts left of the screen: x ${box.x}`);
      assert.ok(box.x + box.width <= 360, `${label} ends right of the 360 px screen: x ${box.x}, width ${box.width}`);
    }
    assertNoPageErrors();
  });
  await context.close();
});

// Browsers without Sec-Fetch-Site (Safari before 16.4) pass the server's cross-site check on the
// Origin header alone, so a form post without JavaScript must carry the app's Origin, not "null".
test("client decides without JavaScript", { timeout: 60_000 }, async () => {
  assert.ok(shared.clientLink, "the first step did not add the task");
  const { page, context, assertNoPageErrors } = await openPage(browser, { javaScriptEnabled: false });
  await withFailureScreenshot(page, "narrow-client-no-js", async () => {
    const origins = [];
    page.on("request", async (request) => {
      if (request.method() === "POST") origins.push(await request.headerValue("origin"));
    });
    await page.goto(shared.clientLink);
    await clientTaskCard(page, LONG_TASK_NAME).getByRole("button", { name: "Odrzucam" }).click();
    await page.getByText(`Odrzucono kwotę zadania „${LONG_TASK_NAME}”.`).waitFor();
    await clientTaskCard(page, LONG_TASK_NAME).filter({ hasText: "Odrzucone" }).waitFor();
    assert.deepEqual(origins, [new URL(BASE_URL).origin]);
    assertNoPageErrors();
  });
  await context.close();
});
