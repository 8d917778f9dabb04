// Online payments end to end, through the local Tpay sandbox that the Worker serves at
// /tpay-sandbox (it signs its notifications and delivers them through its queue, as Tpay would).
// A new freelancer adds a test merchant on the sandbox's page and connects it in Ustawienia →
// Płatności. The client selects two tasks with "Opłać", creates a bill for 66,67 zł, pays it on the
// sandbox's payer page and waits on the return page until it shows "Opłacone". The freelancer sees
// both tasks paid and the "Portfel" sum up by exactly 66,67 zł. Then the freelancer sends a bill
// for a third task by e-mail, and the client pays it from the link in /dev/mailbox on a 360 px
// phone. Labels are the Polish UI texts of app/i18n/pl.ts, which follow the product's help pages.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BASE_URL, launchBrowser, openPage, registerFreelancerWithProject, saveScreenshot, uniqueEmail, waitForHydration, withFailureScreenshot } from "./helpers.mjs";

const PASSWORD = "haslo-testowe-e2e-789";
const FREELANCER_NAME = "Jadwiga Żółkiewska";
const CLIENT_NAME = "Pracownia Ślimak i Jeż";
const PROJECT_NAME = "Sklep z ceramiką: płatności online";
// The two tasks the client pays together: 33,33 zł + 33,34 zł = 66,67 zł, a total that a
// float sum of 33.33 and 33.34 would get wrong (66.66999…).
const CLIENT_TASKS = [
  { name: "Projekt etykiety", amount: "33,33", formatted: "33,33 zł" },
  { name: "Zdjęcia produktów", amount: "33,34", formatted: "33,34 zł" },
];
const CLIENT_TOTAL = { formatted: "66,67 zł", grosze: 6667 };
// The task the freelancer bills by e-mail.
const BILLED_TASK = { name: "Opis kolekcji jesiennej", amount: "12,50", formatted: "12,50 zł", grosze: 1250 };

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
// The sandbox delivers a notification through its queue within a few seconds, and the return
// page reloads its data every 3 s. Failed deliveries are retried after 5 s, so 30 s covers a retry too.
const PAYMENT_TIMEOUT_MS = 30_000;

let browser;
// One open page per side for the whole walk; each step needs the ones before it.
const flow = {
  freelancerEmail: uniqueEmail("e2e-pay-freelancer"),
  clientEmail: uniqueEmail("e2e-pay-client"),
  merchantLabel: `Konto e2e ${Date.now().toString(36)}`,
  freelancer: null,
  client: null,
  mailbox: null,
  projectPath: null,
  clientLink: null,
  walletBefore: null,
  walletAfterFirst: null,
  billPath: null,
};

before(async () => {
  browser = await launchBrowser();
  flow.freelancer = await openPage(browser);
  flow.client = await openPage(browser);
  flow.mailbox = await openPage(browser);
});
after(async () => {
  await browser?.close();
});

/** Replaces non-breaking spaces (formatMoney puts one before "zł") and other runs of white space with one space. */
function plainSpaces(text) {
  return text.replace(/\s+/g, " ").trim();
}

/** Reads an amount such as "1 066,67 zł" as grosze. */
function grosze(text) {
  const match = /^(\d+),(\d{2})zł$/.exec(text.replace(/\s+/g, ""));
  assert.ok(match, `"${text}" is not an amount in złoty`);
  return Number(match[1]) * 100 + Number(match[2]);
}

/** Calls `check` every 300 ms until it returns true, and fails after `timeoutMs`. */
async function pollUntil(description, check, timeoutMs = 15_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Finds a task's row in the task table of the freelancer's project page. */
function taskRow(page, name) {
  return page.getByRole("row").filter({ hasText: name });
}

/** Finds a task's card on the client page: a list item headed by the task's name. */
function clientTaskCard(page, name) {
  return page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });
}

/**
 * Presses a bill toggle ("Opłać", "Nieopłacone") by its visible text and checks that the
 * checkbox behind it, named `accessibleName` for screen readers, is now selected.
 */
async function toggle(container, text, accessibleName) {
  await container.getByText(text, { exact: true }).click();
  const checkbox = container.getByRole("checkbox", { name: accessibleName });
  assert.equal(await checkbox.isChecked(), true, `"${text}" did not select the checkbox "${accessibleName}"`);
}

/** Finds a bill in the "Rachunki" panel of the freelancer's project page by its number. */
function freelancerBill(page, number) {
  return page.getByTestId("bill").filter({ hasText: `Rachunek nr ${number}:` });
}

/** Opens "Portfel" from the main navigation and returns the sum received this month, in grosze. */
async function readWallet(page) {
  await page.goto("/projects");
  await page.getByRole("navigation", { name: "Główna nawigacja" }).getByRole("link", { name: "Portfel", exact: true }).click();
  await page.waitForURL("**/wallet");
  const summary = page.getByRole("region", { name: /^Otrzymano przez Tpay: / });
  return grosze(await summary.getByTestId("wallet-received").innerText());
}

/**
 * Opens the e-mail to `to` with the subject `subject` in /dev/mailbox and returns its text part.
 * The queue consumer delivers e-mails about a second after the request, so the list is loaded
 * again until the message is there.
 */
async function openMail(page, to, subject) {
  const subjectLink = page.getByRole("link", { name: subject, exact: true });
  await pollUntil(`the e-mail "${subject}" to ${to}`, async () => {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    return (await subjectLink.count()) > 0;
  });
  await subjectLink.first().click();
  const text = page.getByTestId("mail-text");
  await text.waitFor();
  return text;
}

/** Returns the cells of a table row keyed by the table's column headers. */
async function rowByHeaders(table, row) {
  const headers = await table.getByRole("columnheader").allInnerTexts();
  const cells = await row.getByRole("cell").allInnerTexts();
  return Object.fromEntries(headers.map((header, index) => [header.trim(), (cells[index] ?? "").trim()]));
}

/**
 * Presses "Zapłać teraz" on the client's bill page, then "Zapłać" on the sandbox's payer page,
 * and follows the client to the return page until it shows "Opłacone". When the return page's
 * first response still showed "Płatność w toku" (the usual case: the sandbox's queue delivers the
 * notification a second or more later), the test also checks that the page showed that state
 * and turned to "Opłacone" by itself, without a reload.
 */
async function payOnSandbox(page, expectedTotal) {
  await page.getByRole("button", { name: "Zapłać teraz" }).click();
  await page.waitForURL(/\/tpay-sandbox\/pay\/TR-[A-Z0-9]+-[A-Z0-9]+$/);
  await page.getByRole("heading", { name: "Płatność testowa" }).waitFor();
  // The amount Tpay was asked for: the server's sum of the bill's items.
  const details = plainSpaces(await page.locator("dl").innerText());
  assert.ok(details.includes(`Kwota ${expectedTotal}`), `the sandbox's payer page does not ask for ${expectedTotal}:\n${details}`);

  const returnDocument = page.waitForResponse(
    (response) => /\/pay\/return\/[0-9a-f-]{36}$/.test(new URL(response.url()).pathname) && response.request().resourceType() === "document",
  );
  await page.getByRole("button", { name: "Zapłać", exact: true }).click();
  const firstHtml = await (await returnDocument).text();
  await page.waitForURL(/\/pay\/return\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { name: "Płatność za rachunek" }).waitFor();
  const amount = plainSpaces(await page.getByTestId("payment-return").locator("dl").innerText());
  assert.ok(amount.includes(`Kwota ${expectedTotal}`), `the return page does not show ${expectedTotal}:\n${amount}`);

  const state = page.getByTestId("payment-state");
  let sawPending = false;
  if (firstHtml.includes("Płatność w toku")) {
    sawPending = true;
    await state.filter({ hasText: "Płatność w toku" }).waitFor();
    await waitForHydration(page);
    await page.evaluate(() => {
      window.__paymentsTestMarker = true;
    });
  } else {
    assert.ok(firstHtml.includes("Opłacone"), "the return page showed neither \"Płatność w toku\" nor \"Opłacone\"");
  }
  await state.filter({ hasText: "Opłacone" }).waitFor({ timeout: PAYMENT_TIMEOUT_MS });
  if (sawPending) {
    assert.equal(await page.evaluate(() => window.__paymentsTestMarker), true, "the return page reloaded instead of updating itself");
  }
  assert.equal(await page.getByRole("status").filter({ hasText: "Płatność w toku" }).count(), 0, "the return page still says \"Płatność w toku\"");
  return { sawPending };
}

test("freelancer registers and creates a project with two tasks", { timeout: 90_000 }, async () => {
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "payments-setup", async () => {
    flow.projectPath = await registerFreelancerWithProject(
      page,
      flow.mailbox.page,
      { name: FREELANCER_NAME, email: flow.freelancerEmail, password: PASSWORD },
      { name: CLIENT_NAME, email: flow.clientEmail },
      PROJECT_NAME,
    );

    for (const task of CLIENT_TASKS) {
      await page.getByRole("textbox", { name: "Nazwa zadania" }).fill(task.name);
      await page.getByRole("textbox", { name: "Kwota" }).fill(task.amount);
      await page.getByLabel("Wymaga akceptacji klienta").setChecked(false);
      await page.getByRole("button", { name: "Dodaj zadanie" }).click();
      await page.getByText(`Dodano zadanie „${task.name}”.`).waitFor();
      await taskRow(page, task.name).filter({ hasText: task.formatted }).waitFor();
    }
    assertNoPageErrors();
  });
});

test("freelancer connects a sandbox merchant in Płatności", { timeout: 60_000 }, async () => {
  assert.ok(flow.projectPath, "the setup step did not create a project");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "payments-connect", async () => {
    // Without a Tpay connection the project page explains why there are no online payments.
    await page.goto(flow.projectPath);
    await page.getByText("Płatności online są wyłączone: połącz konto Tpay w Ustawienia → Płatności").waitFor();
    flow.walletBefore = await readWallet(page);

    // A fresh merchant on the sandbox's own page, so the test does not depend on the demo data.
    await page.goto("/tpay-sandbox/");
    await page.getByRole("heading", { name: "Lokalny sandbox Tpay", level: 1 }).waitFor();
    await page.getByLabel("Nazwa konta").fill(flow.merchantLabel);
    await page.getByRole("button", { name: "Dodaj konto testowe" }).click();
    const notice = await page.getByRole("status").filter({ hasText: "Dodano konto testowe" }).innerText();
    const merchantId = /Dodano konto testowe (\d+)\./.exec(notice)?.[1];
    assert.ok(merchantId, `the sandbox did not name the new merchant: ${notice}`);
    const merchants = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Client Secret" }) });
    const row = merchants.getByRole("row").filter({ has: page.getByRole("cell", { name: merchantId, exact: true }) });
    const merchant = await rowByHeaders(merchants, row);
    assert.equal(merchant.Konto, flow.merchantLabel);
    assert.match(merchant["Client ID"], new RegExp(`^${merchantId}-`));

    await page.goto("/settings");
    await page.getByRole("link", { name: "Płatności", exact: true }).click();
    await page.waitForURL("**/settings/payments");
    await page.getByRole("heading", { name: "Płatności", level: 1 }).waitFor();
    await waitForHydration(page);
    await page.getByLabel("Client ID").fill(merchant["Client ID"]);
    await page.getByLabel("Client Secret").fill(merchant["Client Secret"]);
    await page.getByLabel("Kod bezpieczeństwa").fill(merchant["Kod bezpieczeństwa"]);
    await page.getByRole("radio", { name: "Sandbox" }).check();
    await page.getByLabel("Aktualne hasło").fill(PASSWORD);
    await page.getByRole("button", { name: "Połącz z Tpay" }).click();
    await page.getByText("Połączono z Tpay. Płatności online są włączone.").waitFor();
    await page.getByText("Płatności online są włączone.", { exact: true }).waitFor();
    const status = plainSpaces(await page.getByRole("region", { name: "Połączenie z Tpay" }).innerText());
    assert.ok(status.includes(`ID sprzedawcy ${merchantId}`), `the connection does not name merchant ${merchantId}:\n${status}`);
    // The Client Secret and the security code are never sent back, not even in the loader data.
    const html = await page.content();
    assert.ok(!html.includes(merchant["Client Secret"]), "the page contains the Client Secret");
    assert.ok(!html.includes(merchant["Kod bezpieczeństwa"]), "the page contains the security code");
    assertNoPageErrors();
  });
});

test("freelancer turns on the client link", { timeout: 60_000 }, async () => {
  assert.ok(flow.projectPath, "the setup step did not create a project");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "payments-share", async () => {
    await page.goto(flow.projectPath);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Włącz link dla klienta" }).click();
    const linkField = page.getByLabel("Link do projektu dla klienta");
    await linkField.waitFor();
    const link = await linkField.inputValue();
    assert.match(link, new RegExp(`^${BASE_URL.replace(/[.:/]/g, "\\$&")}/p/[A-Za-z0-9_-]{43}$`));
    flow.clientLink = new URL(link).pathname;
    assertNoPageErrors();
  });
});

test("client pays two tasks, 66,67 zł", { timeout: 90_000 }, async (t) => {
  assert.ok(flow.clientLink, "the share step did not produce a client link");
  const { page, assertNoPageErrors } = flow.client;
  await withFailureScreenshot(page, "payments-client-pays", async () => {
    await page.goto(flow.clientLink);
    await page.getByRole("heading", { name: PROJECT_NAME }).waitFor();
    await waitForHydration(page);
    const bills = page.getByRole("region", { name: "Rachunki" });
    // A bill of no tasks is refused, and the message goes once the client picks a task.
    await bills.getByRole("button", { name: "Utwórz rachunek" }).click();
    const refusal = bills.getByText("Nie zaznaczono żadnego zadania. Kliknij „Opłać” przy zadaniach, które chcesz opłacić.");
    await refusal.waitFor();
    for (const task of CLIENT_TASKS) {
      await toggle(clientTaskCard(page, task.name), "Opłać", `Opłać zadanie „${task.name}”`);
    }
    await refusal.waitFor({ state: "detached" });
    await bills.getByText(`Zaznaczono 2 zadania, razem ${CLIENT_TOTAL.formatted}`).waitFor();
    await bills.getByRole("button", { name: "Utwórz rachunek" }).click();

    await page.waitForURL(/\/p\/[A-Za-z0-9_-]{43}\/bills\/[^/]+$/);
    await page.getByText("Utworzono rachunek nr 1. Sprawdź go i kliknij „Zapłać teraz”.").waitFor();
    await page.getByRole("heading", { name: "Rachunek nr 1", level: 1 }).waitFor();
    for (const task of CLIENT_TASKS) {
      await page.getByRole("row").filter({ hasText: task.name }).filter({ hasText: task.formatted }).waitFor();
    }
    assert.equal(plainSpaces(await page.getByRole("row", { name: /^Razem/ }).innerText()), `Razem ${CLIENT_TOTAL.formatted}`);

    const { sawPending } = await payOnSandbox(page, CLIENT_TOTAL.formatted);
    if (!sawPending) t.diagnostic("the notification arrived before the return page loaded, so \"Płatność w toku\" was not shown");
    // The bill page set the way back before leaving for the sandbox.
    assert.equal(await page.getByRole("link", { name: "Wróć do projektu" }).getAttribute("href"), flow.clientLink);
    await page.getByRole("link", { name: "Wróć do projektu" }).click();
    await page.waitForURL(`**${flow.clientLink}`);
    for (const task of CLIENT_TASKS) {
      await clientTaskCard(page, task.name).filter({ hasText: "Opłacone" }).waitFor();
    }
    assertNoPageErrors();
  });
});

test("freelancer sees the tasks paid and Portfel up by 66,67 zł", { timeout: 60_000 }, async () => {
  assert.ok(flow.walletBefore !== null, "the connect step did not read the wallet");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "payments-freelancer-paid", async () => {
    await page.goto(flow.projectPath);
    for (const task of CLIENT_TASKS) {
      await taskRow(page, task.name).filter({ hasText: "Opłacone" }).waitFor();
    }
    const bill = freelancerBill(page, 1);
    await bill.getByTestId("bill-status").filter({ hasText: "Opłacony" }).waitFor();
    assert.ok(plainSpaces(await bill.innerText()).includes(`Rachunek nr 1: ${CLIENT_TOTAL.formatted}`));

    flow.walletAfterFirst = await readWallet(page);
    assert.equal(flow.walletAfterFirst - flow.walletBefore, CLIENT_TOTAL.grosze, "Portfel did not grow by exactly 66,67 zł");
    const payment = page.getByTestId("wallet-table").getByRole("row").filter({ hasText: CLIENT_TASKS[0].name });
    const text = plainSpaces(await payment.innerText());
    assert.ok(text.includes(CLIENT_TASKS[1].name), `the wallet's payment does not list both tasks:\n${text}`);
    assert.ok(text.includes(PROJECT_NAME), `the wallet's payment does not name the project:\n${text}`);
    assert.ok(text.includes(CLIENT_TOTAL.formatted), `the wallet's payment is not ${CLIENT_TOTAL.formatted}:\n${text}`);
    assert.match(text, /TR-[A-Z0-9]+-[A-Z0-9]+/, "the wallet's payment has no Tpay title");
    assertNoPageErrors();
  });
});

test("freelancer sends a bill by e-mail", { timeout: 60_000 }, async () => {
  assert.ok(flow.walletAfterFirst !== null, "the first payment did not arrive");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "payments-send-bill", async () => {
    await page.goto(flow.projectPath);
    await page.getByRole("textbox", { name: "Nazwa zadania" }).fill(BILLED_TASK.name);
    await page.getByRole("textbox", { name: "Kwota" }).fill(BILLED_TASK.amount);
    await page.getByLabel("Wymaga akceptacji klienta").setChecked(false);
    await page.getByRole("button", { name: "Dodaj zadanie" }).click();
    await page.getByText(`Dodano zadanie „${BILLED_TASK.name}”.`).waitFor();
    await waitForHydration(page);

    // "Nieopłacone" next to the task selects it for the bill.
    await toggle(taskRow(page, BILLED_TASK.name), "Nieopłacone", `Dodaj zadanie „${BILLED_TASK.name}” do listy do opłacenia`);
    const bills = page.getByRole("region", { name: "Rachunki" });
    await bills.getByText(`Zaznaczono 1 zadanie, razem ${BILLED_TASK.formatted}`).waitFor();
    assert.equal(await bills.getByLabel("E-mail klienta").inputValue(), flow.clientEmail, "the recipient is not prefilled with the client's e-mail");
    await bills.getByRole("button", { name: "Wyślij listę do opłacenia" }).click();
    await page.getByText(`Wysłano rachunek nr 2 na adres ${flow.clientEmail}.`).waitFor();
    await freelancerBill(page, 2).getByTestId("bill-status").filter({ hasText: "Wysłany" }).waitFor();
    assertNoPageErrors();
  });
});

test("client pays the e-mailed bill on a phone", { timeout: 90_000 }, async (t) => {
  assert.ok(flow.walletAfterFirst !== null, "the first payment did not arrive");
  const mailbox = flow.mailbox.page;
  await withFailureScreenshot(mailbox, "payments-bill-mail", async () => {
    const mail = await openMail(mailbox, flow.clientEmail, `Rachunek nr 2 do opłacenia w projekcie „${PROJECT_NAME}”`);
    const text = plainSpaces(await mail.innerText());
    assert.ok(text.includes(`„${BILLED_TASK.name}”: ${BILLED_TASK.formatted}`), `the e-mail does not list the task:\n${text}`);
    assert.ok(text.includes(`Razem do zapłaty: ${BILLED_TASK.formatted}`), `the e-mail does not give the total:\n${text}`);
    const href = await mail.locator('a[href*="/bills/"]').first().getAttribute("href");
    assert.ok(href, "the e-mail has no link to the bill");
    flow.billPath = new URL(href, BASE_URL).pathname;
    assert.ok(flow.billPath.startsWith(`${flow.clientLink}/bills/`), `the e-mail links to ${flow.billPath}, not to a bill of the client page`);
  });

  const phone = await openPage(browser, PHONE);
  await withFailureScreenshot(phone.page, "payments-bill-360", async () => {
    const { page } = phone;
    await page.goto(flow.billPath);
    await page.getByRole("heading", { name: "Rachunek nr 2", level: 1 }).waitFor();
    assert.equal(plainSpaces(await page.getByRole("row", { name: /^Razem/ }).innerText()), `Razem ${BILLED_TASK.formatted}`);
    await page.getByTestId("bill-status").filter({ hasText: "Wysłany" }).waitFor();
    await saveScreenshot(page, "payments-bill-360");

    const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(scrollWidth <= 360, `the bill page scrolls sideways: scrollWidth ${scrollWidth} > 360`);
    const onScreen = {
      heading: page.getByRole("heading", { name: "Rachunek nr 2", level: 1 }),
      item: page.getByRole("row").filter({ hasText: BILLED_TASK.name }),
      total: page.getByRole("row", { name: /^Razem/ }),
      "Zapłać teraz": page.getByRole("button", { name: "Zapłać teraz" }),
    };
    for (const [label, locator] of Object.entries(onScreen)) {
      const box = await locator.boundingBox();
      assert.ok(box, `${label} is not rendered`);
      assert.ok(box.x >= 0, `${label} starts left of the screen: x ${box.x}`);
      assert.ok(box.x + box.width <= 360, `${label} ends right of the 360 px screen: x ${box.x}, width ${box.width}`);
    }

    await waitForHydration(page);
    const { sawPending } = await payOnSandbox(page, BILLED_TASK.formatted);
    if (!sawPending) t.diagnostic("the notification arrived before the return page loaded, so \"Płatność w toku\" was not shown");
    phone.assertNoPageErrors();
  });
  await phone.context.close();
});

test("e-mailed bill is paid on both sides", { timeout: 60_000 }, async () => {
  assert.ok(flow.billPath, "the client did not open the e-mailed bill");
  const client = flow.client;
  await withFailureScreenshot(client.page, "payments-bill-paid-client", async () => {
    await client.page.goto(flow.billPath);
    await client.page.getByTestId("bill-status").filter({ hasText: "Opłacony" }).waitFor();
    await client.page.getByText("Ten rachunek jest opłacony. Dziękujemy!").waitFor();
    assert.equal(await client.page.getByRole("button", { name: "Zapłać teraz" }).count(), 0, "a paid bill still offers \"Zapłać teraz\"");
    await client.page.goto(flow.clientLink);
    await clientTaskCard(client.page, BILLED_TASK.name).filter({ hasText: "Opłacone" }).waitFor();
    client.assertNoPageErrors();
  });

  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "payments-bill-paid-freelancer", async () => {
    await page.goto(flow.projectPath);
    await freelancerBill(page, 2).getByTestId("bill-status").filter({ hasText: "Opłacony" }).waitFor();
    await taskRow(page, BILLED_TASK.name).filter({ hasText: "Opłacone" }).waitFor();
    const wallet = await readWallet(page);
    assert.equal(wallet - flow.walletAfterFirst, BILLED_TASK.grosze, "Portfel did not grow by exactly the e-mailed bill's 12,50 zł");
    assertNoPageErrors();
  });
});
