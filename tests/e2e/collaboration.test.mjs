// Freelancer and client work together on one project, each in their own browser context. The
// freelancer invites the client by e-mail, and the client opens the link from /dev/mailbox,
// writes in the discussion panel and files a fix request with a PDF. The freelancer prices the
// fix as a new task and the client accepts it. The freelancer's feed and mailbox show each
// step. Labels are the Polish UI texts of app/i18n/pl.ts.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  ARTIFACTS_DIR,
  launchBrowser,
  openPage,
  registerFreelancerWithProject,
  uniqueEmail,
  waitForHydration,
  withFailureScreenshot,
} from "./helpers.mjs";

// Directory of the layout screenshots (1280 and 360 px). E2E_SCREENSHOT_DIR puts them elsewhere.
const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR || ARTIFACTS_DIR;

const PASSWORD = "haslo-testowe-e2e-456";
const FREELANCER_NAME = "Grażyna Źrebięta";
const CLIENT_NAME = "Pracownia Ćma i Żuraw";
const PROJECT_NAME = "Strona wizytówka: współpraca";
const FIRST_TASK = { name: "Makieta strony głównej", amount: "2 000" };
const INVITATION_MESSAGE = "Dzień dobry,\nzapraszam do projektu. Tutaj zobaczy Pan postęp prac.";
const CLIENT_MESSAGE = "Dzień dobry! Makieta wygląda dobrze.\nPrzykład koloru: https://example.com/kolory";
const FIX_REQUEST = { title: "Przycisk kontaktu w kolorze logo", description: "Przycisk „Napisz do nas” powinien mieć kolor logo.\nZałączam zrzut." };
const PRICED_TASK = { name: "Zmiana koloru przycisku kontaktu", amount: "1 234,56", formatted: "1 234,56 zł" };

// A small PDF: the server decides the type from the first bytes (%PDF-), and serves every type
// except raster images as an attachment. The Polish letters exercise the encoded file name.
const ATTACHMENT = {
  name: "zrzut-ekranu-łąka.pdf",
  mimeType: "application/pdf",
  buffer: Buffer.from(
    "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
  ),
};

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

let browser;
// One open page per side for the whole walk. The freelancer's page stays open while the client
// writes, so it can show the client's message without a reload.
const flow = {
  freelancerEmail: uniqueEmail("e2e-collab-freelancer"),
  clientEmail: uniqueEmail("e2e-collab-client"),
  freelancer: null,
  client: null,
  mailbox: null,
  projectPath: null,
  clientLink: null,
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

/** Returns a section of the page by its heading, such as "Panel dyskusyjny". */
function section(page, heading) {
  return page.locator("section").filter({ has: page.getByRole("heading", { name: heading, exact: true, level: 2 }) });
}

/** Returns a fix request's card by its title. */
function fixRequestCard(page, title) {
  return page.getByTestId("fix-request").filter({ hasText: title });
}

/** Returns a task's card on the client page: a list item headed by the task's name. */
function clientTaskCard(page, name) {
  return page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });
}

/** Replaces non-breaking spaces (formatMoney puts one before "zł") and other runs of white space with one space. */
function plainSpaces(text) {
  return text.replace(/\s+/g, " ");
}

/** Waits until a form field is empty, as a form is after a successful post. */
async function waitUntilEmpty(page, field) {
  await page.waitForFunction((element) => element.value === "", await field.elementHandle());
}

/** Calls `check` every 300 ms until it returns true, and fails after `timeoutMs`. */
async function pollUntil(description, check, timeoutMs = 15_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
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

/** Returns the subjects of every e-mail to `to` in /dev/mailbox (its first page). */
async function mailSubjects(page, to) {
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
  return page.locator("tbody tr td:last-child a").allInnerTexts();
}

/** Returns the path and query of the e-mail's first link to a client page (/p/…). */
async function clientLinkIn(mailText) {
  const href = await mailText.locator('a[href*="/p/"]').first().getAttribute("href");
  assert.ok(href, "the e-mail has no link to the client page");
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}

async function saveLayoutScreenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

test("freelancer registers and creates a project", { timeout: 60_000 }, async () => {
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "collab-setup", async () => {
    flow.projectPath = await registerFreelancerWithProject(
      page,
      flow.mailbox.page,
      { name: FREELANCER_NAME, email: flow.freelancerEmail, password: PASSWORD },
      { name: CLIENT_NAME, email: flow.clientEmail },
      PROJECT_NAME,
    );

    await page.getByLabel("Nazwa zadania").fill(FIRST_TASK.name);
    await page.getByLabel("Kwota").fill(FIRST_TASK.amount);
    await page.getByRole("button", { name: "Dodaj zadanie" }).click();
    await page.getByText(`Dodano zadanie „${FIRST_TASK.name}”.`).waitFor();
    assertNoPageErrors();
  });
});

test("freelancer sends the invitation", { timeout: 60_000 }, async () => {
  assert.ok(flow.projectPath, "the setup step did not create a project");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "collab-invite", async () => {
    await waitForHydration(page);
    const invitations = page.getByTestId("invitations-panel");
    // The form is prefilled with the project's client; the test types the values anyway.
    await invitations.getByLabel("E-mail klienta").fill(flow.clientEmail);
    await invitations.getByLabel("Imię klienta lub nazwa firmy").fill(CLIENT_NAME);
    await invitations.getByLabel("Treść zaproszenia (opcjonalnie)").fill(INVITATION_MESSAGE);
    await invitations.getByRole("button", { name: "Wyślij zaproszenie" }).click();
    // Sharing was off, so the invitation also turns the client link on.
    await page.getByText(`Włączono link do projektu dla klienta i wysłano zaproszenie na adres ${flow.clientEmail}.`).waitFor();

    // The row's delivery state changes when the queue consumer has sent the e-mail.
    const row = invitations.getByTestId("invitation").filter({ hasText: flow.clientEmail });
    await pollUntil("the invitation to show the delivery state \"wysłano\"", async () => {
      await page.reload();
      const state = await row.getByTestId("delivery-state").textContent();
      return state?.startsWith("wysłano") ?? false;
    });
    assertNoPageErrors();
  });
});

test("client opens the invitation link", { timeout: 60_000 }, async () => {
  assert.ok(flow.projectPath, "the setup step did not create a project");
  const mailbox = flow.mailbox.page;
  const { page, assertNoPageErrors } = flow.client;
  await withFailureScreenshot(mailbox, "collab-invitation-mail", async () => {
    const mail = await openMail(mailbox, flow.clientEmail, `${FREELANCER_NAME} zaprasza Cię do projektu „${PROJECT_NAME}”`);
    const text = await mail.innerText();
    assert.ok(text.includes(`Zaproszenie dla: ${CLIENT_NAME}`), `the invitation does not name the client:\n${text}`);
    // The text part quotes the message line by line ("> ").
    for (const line of INVITATION_MESSAGE.split("\n")) {
      assert.ok(text.includes(`> ${line}`), `the invitation does not quote the line "${line}":\n${text}`);
    }
    flow.clientLink = await clientLinkIn(mail);
    assert.match(flow.clientLink, /^\/p\/[A-Za-z0-9_-]{43}$/);
  });
  await withFailureScreenshot(page, "collab-client-opens", async () => {
    await page.goto(flow.clientLink);
    await page.getByRole("heading", { name: PROJECT_NAME, level: 1 }).waitFor();
    await clientTaskCard(page, FIRST_TASK.name).waitFor();
    assertNoPageErrors();
  });
});

test("client message reaches the open project page", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not produce a client link");
  const freelancer = flow.freelancer.page;
  const client = flow.client.page;
  await withFailureScreenshot(client, "collab-message", async () => {
    await waitForHydration(freelancer);
    await waitForHydration(client);
    // A full reload would drop this property, so its presence afterwards proves there was none.
    await freelancer.evaluate(() => {
      window.__collaborationTestMarker = true;
    });

    const clientPanel = section(client, "Panel dyskusyjny");
    await clientPanel.getByLabel("Napisz wiadomość").fill(CLIENT_MESSAGE);
    await clientPanel.getByRole("button", { name: "Wyślij", exact: true }).click();
    const ownMessage = clientPanel.getByTestId("discussion-message").filter({ hasText: "Makieta wygląda dobrze." });
    await ownMessage.waitFor();
    assert.equal(await ownMessage.getByText("Ty", { exact: true }).count(), 1, "the client's own message is not signed \"Ty\"");
    await waitUntilEmpty(client, clientPanel.getByLabel("Napisz wiadomość"));

    // The freelancer's panel requests new messages every 5 s.
    const freelancerPanel = section(freelancer, "Panel dyskusyjny");
    const received = freelancerPanel.getByTestId("discussion-message").filter({ hasText: "Makieta wygląda dobrze." });
    await received.waitFor({ timeout: 15_000 });
    assert.equal(await freelancer.evaluate(() => window.__collaborationTestMarker), true, "the project page reloaded to show the message");
    assert.equal(await received.getByText("Klient", { exact: true }).count(), 1, "the client's message is not signed \"Klient\"");
    const link = received.getByRole("link", { name: "https://example.com/kolory" });
    assert.equal(await link.getAttribute("href"), "https://example.com/kolory");
    assert.equal(await received.locator("p[dir=auto]").innerText(), CLIENT_MESSAGE, "the line break or text of the message changed");
    flow.freelancer.assertNoPageErrors();
    flow.client.assertNoPageErrors();
  });
});

test("client files a fix request with a PDF", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not produce a client link");
  const { page, assertNoPageErrors } = flow.client;
  await withFailureScreenshot(page, "collab-fix-request", async () => {
    const panel = section(page, "Poprawki");
    await panel.getByLabel("Tytuł").fill(FIX_REQUEST.title);
    await panel.getByLabel("Opis").fill(FIX_REQUEST.description);
    await panel.getByLabel("Załącznik (opcjonalnie)").setInputFiles(ATTACHMENT);
    await panel.getByRole("button", { name: "Zgłoś poprawkę" }).click();
    await page.getByText("Zgłoszono poprawkę #1. Wykonawca dostał powiadomienie.").waitFor();

    const card = fixRequestCard(page, FIX_REQUEST.title);
    await card.getByTestId("fix-request-status").filter({ hasText: "Czeka na odpowiedź" }).waitFor();
    await card.getByRole("link", { name: ATTACHMENT.name }).waitFor();
    // The form starts empty again after a request was filed.
    await waitUntilEmpty(page, panel.getByLabel("Tytuł"));
    assertNoPageErrors();
  });
});

test("freelancer prices the fix request", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not produce a client link");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "collab-price", async () => {
    await page.reload();
    await waitForHydration(page);
    const card = fixRequestCard(page, FIX_REQUEST.title);
    await card.getByTestId("fix-request-status").filter({ hasText: "Nowa" }).waitFor();
    await card.getByText(FIX_REQUEST.description.split("\n")[0]).waitFor();
    await card.getByRole("link", { name: ATTACHMENT.name }).waitFor();

    await card.locator("summary").filter({ hasText: "Wyceń jako nowe zadanie" }).click();
    const priceForm = card.locator("form").filter({ has: page.getByRole("button", { name: "Wyceń jako nowe zadanie" }) });
    assert.equal(await priceForm.getByLabel("Nazwa zadania").inputValue(), FIX_REQUEST.title, "the task name is not prefilled with the fix request's title");
    await priceForm.getByLabel("Nazwa zadania").fill(PRICED_TASK.name);
    await priceForm.getByLabel("Kwota").fill(PRICED_TASK.amount);
    await priceForm.getByRole("button", { name: "Wyceń jako nowe zadanie" }).click();
    await page.getByText(`Poprawka #1: dodano zadanie „${PRICED_TASK.name}”. Czeka na akceptację klienta.`).waitFor();

    await card.getByTestId("fix-request-status").filter({ hasText: "Wyceniona" }).waitFor();
    const taskRow = page.getByRole("row").filter({ hasText: PRICED_TASK.name });
    await taskRow.filter({ hasText: "Oczekuje na akceptację" }).filter({ hasText: PRICED_TASK.formatted }).waitFor();
    assertNoPageErrors();
  });
});

test("client accepts the priced task", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not produce a client link");
  const mailbox = flow.mailbox.page;
  const { page, assertNoPageErrors } = flow.client;
  let taskLink;
  await withFailureScreenshot(mailbox, "collab-task-mail", async () => {
    const mail = await openMail(mailbox, flow.clientEmail, `Nowe zadanie czeka na Twoją akceptację w projekcie „${PROJECT_NAME}”`);
    const text = plainSpaces(await mail.innerText());
    assert.ok(text.includes(`„${PRICED_TASK.name}”: ${PRICED_TASK.formatted}`), `the e-mail does not name the task and its amount:\n${text}`);
    taskLink = await clientLinkIn(mail);
    assert.equal(taskLink, flow.clientLink, "the task e-mail links to another client page than the invitation");
  });
  await withFailureScreenshot(page, "collab-accept", async () => {
    await page.goto(taskLink);
    const card = clientTaskCard(page, PRICED_TASK.name);
    await card.filter({ hasText: "Oczekuje na akceptację" }).filter({ hasText: PRICED_TASK.formatted }).waitFor();
    const request = fixRequestCard(page, FIX_REQUEST.title);
    await request.getByText(`Wykonawca wycenił tę poprawkę jako nowe zadanie „${PRICED_TASK.name}” za ${PRICED_TASK.formatted}.`).waitFor();
    await request.getByTestId("fix-request-status").filter({ hasText: "Wyceniona jako nowe zadanie" }).waitFor();

    await card.getByRole("button", { name: "Akceptuję" }).click();
    await page.getByText(`Zaakceptowano kwotę zadania „${PRICED_TASK.name}”.`).waitFor();
    await clientTaskCard(page, PRICED_TASK.name).filter({ hasText: "Zaakceptowane" }).waitFor();
    await request.getByText("Kwota tego zadania jest zaakceptowana.").waitFor();
    assertNoPageErrors();
  });
});

test("feed lists each step, then all read", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not produce a client link");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "collab-feed", async () => {
    await page.reload();
    const navigation = page.getByRole("navigation", { name: "Główna nawigacja" });
    const feedLink = navigation.getByRole("link", { name: "Powiadomienia 4 nieprzeczytane powiadomienia", exact: true });
    await feedLink.waitFor();
    assert.equal(await navigation.getByTestId("unread-count").locator("[aria-hidden=true]").innerText(), "4");
    await feedLink.click();
    await page.waitForURL("**/notifications");
    await page.getByRole("heading", { name: "Powiadomienia", level: 1 }).waitFor();

    // Newest first.
    const expected = [
      `Klient zaakceptował zadanie „${PRICED_TASK.name}” za ${PRICED_TASK.formatted}`,
      `Klient zgłosił poprawkę #1: „${FIX_REQUEST.title}”`,
      "Nowa wiadomość od klienta w panelu dyskusyjnym",
      `E-mail z zaproszeniem na adres ${flow.clientEmail} został przyjęty przez serwer poczty`,
    ];
    const items = page.getByTestId("notification");
    assert.equal(await items.count(), expected.length, `the feed has ${await items.count()} notifications:\n${(await items.allInnerTexts()).join("\n---\n")}`);
    for (const [index, headline] of expected.entries()) {
      const item = items.nth(index);
      const text = plainSpaces(await item.innerText());
      assert.ok(text.includes(headline), `notification ${index + 1} should read "${headline}", got:\n${text}`);
      assert.equal(await item.getAttribute("data-unread"), "true", `notification "${headline}" is not unread`);
      assert.ok(text.includes(`Projekt: ${PROJECT_NAME}`), `notification "${headline}" does not name the project`);
    }
    assert.ok((await items.nth(2).innerText()).includes("„Dzień dobry! Makieta wygląda dobrze."), "the message notification has no excerpt");

    await page.getByRole("button", { name: "Oznacz wszystkie jako przeczytane" }).click();
    await page.getByText("Oznaczono jako przeczytane: 4 powiadomienia.").waitFor();
    await page.getByRole("button", { name: "Oznacz wszystkie jako przeczytane" }).waitFor({ state: "detached" });
    assert.equal(await page.locator("[data-testid=notification][data-unread]").count(), 0, "a notification is still unread");
    assert.equal(await page.getByTestId("unread-count").count(), 0, "the header still shows an unread count");
    await navigation.getByRole("link", { name: "Powiadomienia", exact: true }).waitFor();
    assertNoPageErrors();
  });
});

test("freelancer gets the notification e-mails", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not produce a client link");
  const mailbox = flow.mailbox.page;
  await withFailureScreenshot(mailbox, "collab-notification-mail", async () => {
    // Messages, fix requests and task decisions are e-mailed at once by default.
    const immediate = [
      `Nowa wiadomość od klienta w panelu dyskusyjnym · ${PROJECT_NAME}`,
      `Klient zgłosił poprawkę #1: „${FIX_REQUEST.title}” · ${PROJECT_NAME}`,
      `Klient zaakceptował zadanie „${PRICED_TASK.name}” za ${PRICED_TASK.formatted} · ${PROJECT_NAME}`,
    ];
    for (const subject of immediate) {
      const mail = await openMail(mailbox, flow.freelancerEmail, subject);
      assert.ok((await mail.innerText()).includes(`Projekt: „${PROJECT_NAME}”.`), `the e-mail "${subject}" does not name the project`);
    }
    // A delivered invitation waits for the daily digest by default.
    const subjects = await mailSubjects(mailbox, flow.freelancerEmail);
    assert.ok(!subjects.some((subject) => subject.startsWith("Wysłano zaproszenie")), `an invitation notification was e-mailed at once:\n${subjects.join("\n")}`);
  });
});

test("client downloads the attachment", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not produce a client link");
  const { page, context, assertNoPageErrors } = flow.client;
  await withFailureScreenshot(page, "collab-download", async () => {
    await page.goto(flow.clientLink);
    const attachmentHref = await fixRequestCard(page, FIX_REQUEST.title).getByRole("link", { name: ATTACHMENT.name }).getAttribute("href");
    assert.ok(attachmentHref, "the fix request's attachment has no link");

    // The same file is in the "Pliki" list, marked as the client's own.
    const fileRow = section(page, "Pliki").getByTestId("file-row").filter({ hasText: ATTACHMENT.name });
    await fileRow.filter({ hasText: "Ty" }).waitFor();
    const fileLink = fileRow.getByRole("link", { name: `Pobierz plik ${ATTACHMENT.name}` });
    assert.equal(await fileLink.getAttribute("href"), attachmentHref, "the files list and the fix request link to different downloads");

    const [download] = await Promise.all([page.waitForEvent("download"), fileLink.click()]);
    assert.equal(download.suggestedFilename(), ATTACHMENT.name);
    const saved = await download.path();
    assert.ok(saved, "the download was not saved");
    assert.deepEqual(await readFile(saved), ATTACHMENT.buffer, "the downloaded bytes differ from the uploaded ones");

    const response = await context.request.get(attachmentHref);
    assert.equal(response.status(), 200);
    const headers = response.headers();
    assert.equal(headers["content-disposition"], `attachment; filename="zrzut-ekranu-laka.pdf"; filename*=UTF-8''zrzut-ekranu-%C5%82%C4%85ka.pdf`);
    assert.equal(headers["content-type"], "application/pdf");
    assert.equal(headers["x-content-type-options"], "nosniff");
    assertNoPageErrors();
  });
});

test("freelancer uploads after a rejected file", { timeout: 60_000 }, async () => {
  assert.ok(flow.projectPath, "the first step did not create a project");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "collab-upload-after-rejection", async () => {
    await page.goto(flow.projectPath);
    await waitForHydration(page);
    const panel = section(page, "Pliki");
    const rejected = panel.getByText("Tego typu pliku nie można dodać.", { exact: false });

    await panel.getByLabel("Plik", { exact: true }).setInputFiles({ name: "rysunek.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    await panel.getByLabel("Prywatny (klient go nie zobaczy)").check();
    await panel.getByRole("button", { name: "Dodaj plik" }).click();
    await rejected.waitFor();

    // The next, valid file is added, and the form drops the earlier message and starts empty.
    await panel.getByLabel("Plik", { exact: true }).setInputFiles({ name: "notatki.txt", mimeType: "text/plain", buffer: Buffer.from("Notatki do projektu") });
    await panel.getByRole("button", { name: "Dodaj plik" }).click();
    await panel.getByTestId("file-row").filter({ hasText: "notatki.txt" }).waitFor();
    await rejected.waitFor({ state: "detached" });
    assert.equal(await panel.getByLabel("Prywatny (klient go nie zobaczy)").isChecked(), false, "the form kept the rejected file's choices");
    assert.equal(await panel.getByLabel("Plik", { exact: true }).inputValue(), "", "the form kept the uploaded file");
    assertNoPageErrors();
  });
});

test("client page panels fit 360 px", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not produce a client link");
  const phone = await openPage(browser, PHONE);
  await withFailureScreenshot(phone.page, "collab-client-360", async () => {
    await phone.page.goto(flow.clientLink);
    await fixRequestCard(phone.page, FIX_REQUEST.title).waitFor();
    await saveLayoutScreenshot(phone.page, "collaboration-client-360");

    const scrollWidth = await phone.page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(scrollWidth <= 360, `the client page scrolls sideways: scrollWidth ${scrollWidth} > 360`);
    const discussion = section(phone.page, "Panel dyskusyjny");
    const fixRequests = section(phone.page, "Poprawki");
    const onScreen = {
      "message box": discussion.getByLabel("Napisz wiadomość"),
      "Wyślij": discussion.getByRole("button", { name: "Wyślij", exact: true }),
      "client's message": discussion.getByTestId("discussion-message").first(),
      "fix request title field": fixRequests.getByLabel("Tytuł"),
      "attachment field": fixRequests.getByLabel("Załącznik (opcjonalnie)"),
      "Zgłoś poprawkę": fixRequests.getByRole("button", { name: "Zgłoś poprawkę" }),
      "fix request": fixRequestCard(phone.page, FIX_REQUEST.title),
      "file row": section(phone.page, "Pliki").getByTestId("file-row").first(),
      "Wyślij plik": section(phone.page, "Pliki").getByRole("button", { name: "Wyślij plik" }),
    };
    for (const [label, locator] of Object.entries(onScreen)) {
      const box = await locator.boundingBox();
      assert.ok(box, `${label} is not rendered`);
      assert.ok(box.x >= 0, `${label} starts left of the screen: x ${box.x}`);
      assert.ok(box.x + box.width <= 360, `${label} ends right of the 360 px screen: x ${box.x}, width ${box.width}`);
    }
    phone.assertNoPageErrors();
  });
  await phone.context.close();
});

test("layout screenshots of both pages", { timeout: 60_000 }, async () => {
  assert.ok(flow.clientLink, "the invitation step did not produce a client link");
  // The 360 px client page was saved by the test before this one.
  const client = await openPage(browser, DESKTOP);
  await withFailureScreenshot(client.page, "collab-client-1280", async () => {
    await client.page.goto(flow.clientLink);
    await fixRequestCard(client.page, FIX_REQUEST.title).waitFor();
    await saveLayoutScreenshot(client.page, "collaboration-client-1280");
    client.assertNoPageErrors();
  });
  await client.context.close();

  const storageState = await flow.freelancer.context.storageState();
  for (const [width, options] of [
    [1280, DESKTOP],
    [360, PHONE],
  ]) {
    const freelancer = await openPage(browser, { ...options, storageState });
    await withFailureScreenshot(freelancer.page, `collab-project-${width}`, async () => {
      await freelancer.page.goto(flow.projectPath);
      await fixRequestCard(freelancer.page, FIX_REQUEST.title).waitFor();
      await saveLayoutScreenshot(freelancer.page, `collaboration-project-${width}`);
      freelancer.assertNoPageErrors();
    });
    await freelancer.context.close();
  }
});
