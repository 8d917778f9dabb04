// Forms in Chromium with JavaScript on: the server validates, and the page shows its messages
// without a page load (app/components/form-state.ts). The first invalid field takes the focus,
// a field's message hides as soon as the user types into it, and the other messages stay.
// Labels and messages are the Polish UI texts (app/i18n/pl/auth.ts, common.ts, password.ts).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, openPage, waitForHydration, withFailureScreenshot } from "./helpers.mjs";

const REQUIRED_MESSAGE = "To pole jest wymagane.";
const EMAIL_MESSAGE = "Wpisz poprawny adres e-mail, np. jan@example.com.";
const PASSWORD_MESSAGE = "Wpisz hasło.";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Returns the field's aria-invalid and the texts of the elements its aria-describedby names. */
async function describedState(locator) {
  return locator.evaluate((element) => ({
    invalid: element.getAttribute("aria-invalid"),
    focused: document.activeElement === element,
    descriptions: (element.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? `missing #${id}`),
  }));
}

test("login shows the server's messages", { timeout: 60_000 }, async () => {
  const { page, assertNoPageErrors } = await openPage(browser);
  await withFailureScreenshot(page, "forms-login", async () => {
    await page.goto("/login");
    await waitForHydration(page);
    // A marker on window survives only if the response arrives without a page load.
    await page.evaluate(() => {
      window.formsTestMarker = true;
    });

    const email = page.getByLabel("E-mail");
    const password = page.getByLabel("Hasło");
    await page.getByRole("button", { name: "Zaloguj się" }).click();
    await page.getByText(REQUIRED_MESSAGE).waitFor();
    await page.getByText(PASSWORD_MESSAGE).waitFor();
    assert.equal(await page.evaluate(() => window.formsTestMarker), true, "the form answer reloaded the page");

    const emailState = await describedState(email);
    assert.equal(emailState.invalid, "true");
    assert.equal(emailState.focused, true, "the first invalid field does not have the focus");
    assert.ok(emailState.descriptions.includes(REQUIRED_MESSAGE), `the e-mail field is described by ${JSON.stringify(emailState.descriptions)}`);
    const passwordState = await describedState(password);
    assert.equal(passwordState.invalid, "true");
    assert.ok(passwordState.descriptions.includes(PASSWORD_MESSAGE), `the password field is described by ${JSON.stringify(passwordState.descriptions)}`);

    // Typing into the e-mail field hides its message; the password's message stays.
    await email.pressSequentially("jan@");
    await page.getByText(REQUIRED_MESSAGE).waitFor({ state: "detached" });
    assert.notEqual((await describedState(email)).invalid, "true");
    assert.equal(await page.getByText(PASSWORD_MESSAGE).count(), 1);
    assert.equal(await email.inputValue(), "jan@");

    // The next rejection shows the new message, for the value as typed.
    await page.getByRole("button", { name: "Zaloguj się" }).click();
    await page.getByText(EMAIL_MESSAGE).waitFor();
    const retriedState = await describedState(email);
    assert.equal(retriedState.focused, true);
    assert.ok(retriedState.descriptions.includes(EMAIL_MESSAGE), `the e-mail field is described by ${JSON.stringify(retriedState.descriptions)}`);
    assert.equal(await page.getByText(PASSWORD_MESSAGE).count(), 1);
    assert.equal(await email.inputValue(), "jan@", "the rejected value was not kept");
  });
  assertNoPageErrors();
});
