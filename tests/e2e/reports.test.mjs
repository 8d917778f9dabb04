// PDF reports end to end, as the demo freelancer on the shared demo project. The project is
// several days old, so "Stwórz raport" shows the two-handle period slider (a project created
// today has one day to pick and no slider). The freelancer uploads a logo in Ustawienia →
// Raporty, picks a period with the slider by mouse and keyboard, saves the report and watches
// its page turn "Gotowy" without a reload, then sends it with "Wyślij do klienta". The e-mail's
// /r/ link in /dev/mailbox and the client's "Raporty" tab both give the same PDF, which must
// contain the project's name and the 600×200 logo (read with poppler's pdftotext and
// pdfimages). Labels are the Polish UI texts of app/i18n/pl.ts (reportsText,
// reportSettingsText, clientReportsText).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { ARTIFACTS_DIR, DEMO_SHARED_PROJECT, launchBrowser, linkFromMailbox, openDemoSharedProject, openPage, saveScreenshot, waitForHydration, withFailureScreenshot } from "./helpers.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const LOGO_FIXTURE = path.join(ROOT, "test/fixtures/logo-600x200.png");

// The e-mail of DEMO_SHARED_PROJECT's client in scripts/seed.mjs, which "Wyślij do klienta" fills in.
const CLIENT_EMAIL = "biuro@zdzblo-laka.example.com";

// The consumer renders a small report in about a second, and a queue delay or a retry adds to that.
const READY_TIMEOUT_MS = 60_000;
// The e-mail queue's consumer sends a message about a second after the request; on a loaded CI
// machine the send and the page's polling took over 30 s once.
const DELIVERY_TIMEOUT_MS = 60_000;

let browser;
// One open page per side for the whole walk, because each step needs the ones before it.
const flow = {
  freelancer: null,
  client: null,
  mailbox: null,
  projectPath: null,
  clientLink: null,
  period: null,
  reportPath: null,
  reportId: null,
  freelancerPdf: null,
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

/** Adds `days` to a YYYY-MM-DD day. */
function shiftDay(day, days) {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Formats a YYYY-MM-DD day as the app shows it, DD.MM.YYYY. */
function polishDay(day) {
  const [year, month, date] = day.split("-");
  return `${date}.${month}.${year}`;
}

/** Reads a DD.MM.YYYY day (a slider's aria-valuetext) as YYYY-MM-DD. */
function isoDay(polish) {
  const [date, month, year] = polish.split(".");
  return `${year}-${month}-${date}`;
}

/** Replaces non-breaking spaces and other runs of white space with one space. */
function plainSpaces(text) {
  return text.replace(/\s+/g, " ").trim();
}

/** Saves a PDF into the artifacts and checks its signature. Returns the file's path. */
function savePdf(bytes, name) {
  assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-", `${name} does not start with %PDF-`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

/**
 * Checks the report's PDF with poppler: its text contains the project's name and the period's
 * days, and its first page contains the logo as a 600×200 px image.
 */
function assertReportPdf(file, period) {
  const text = plainSpaces(execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }));
  assert.ok(text.includes(DEMO_SHARED_PROJECT), `the PDF text does not contain "${DEMO_SHARED_PROJECT}":\n${text.slice(0, 600)}`);
  for (const day of [period.start, period.end]) {
    assert.ok(text.includes(polishDay(day)), `the PDF text does not contain the period's day ${polishDay(day)}`);
  }
  // pdfimages -list: a header of two lines, then one line per image: page, num, type, width, height, …
  const images = execFileSync("pdfimages", ["-list", file], { encoding: "utf8" })
    .split("\n")
    .slice(2)
    .filter((line) => line.trim() !== "")
    .map((line) => line.trim().split(/\s+/));
  assert.ok(
    images.some((columns) => columns[0] === "1" && columns[2] === "image" && columns[3] === "600" && columns[4] === "200"),
    `the first page has no 600×200 image (the logo):\n${images.map((columns) => columns.join(" ")).join("\n")}`,
  );
}

/** Clicks a link or button that downloads a file and returns the file's bytes and suggested name. */
async function download(page, locator) {
  const [started] = await Promise.all([page.waitForEvent("download"), locator.click()]);
  const file = await started.path();
  assert.ok(file, `the download of ${started.suggestedFilename()} failed: ${await started.failure()}`);
  return { bytes: readFileSync(file), name: started.suggestedFilename() };
}

test("demo freelancer logs in and opens the shared project", { timeout: 60_000 }, async () => {
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "reports-login", async () => {
    await openDemoSharedProject(page);
    flow.projectPath = new URL(page.url()).pathname;
    flow.clientLink = new URL(await page.getByLabel("Link do projektu dla klienta").inputValue()).pathname;
    assert.match(flow.clientLink, /^\/p\/[A-Za-z0-9_-]{43}$/);
    assertNoPageErrors();
  });
});

test("freelancer uploads a 600×200 logo", { timeout: 60_000 }, async () => {
  assert.ok(flow.projectPath, "the login step did not open the project");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "reports-logo", async () => {
    await page.getByRole("navigation", { name: "Główna nawigacja" }).getByRole("link", { name: "Ustawienia" }).click();
    await page.getByRole("navigation", { name: "Zakładki ustawień" }).getByRole("link", { name: "Raporty" }).click();
    await page.getByRole("heading", { name: "Ustawienia raportów" }).waitFor();
    await waitForHydration(page);

    // The seed gives the demo freelancer a logo. Removing it first makes this upload a first
    // logo, which switches "pokazuj logo w raporcie" on.
    const remove = page.getByRole("button", { name: "Usuń logo" });
    if ((await remove.count()) > 0) {
      await remove.click();
      await page.getByText("Usunięto logo. Nowe raporty będą bez logo.").waitFor();
    }
    await page.getByText("Nie wgrano jeszcze logo. Raporty są tworzone bez logo.").waitFor();

    await page.getByLabel("Plik z logo").setInputFiles(LOGO_FIXTURE);
    await page.getByRole("button", { name: "Wgraj logo" }).click();
    await page.getByText("Wgrano logo. Nowe raporty będą je pokazywać.").waitFor();

    const preview = page.getByRole("img", { name: "Twoje logo" });
    await preview.waitFor();
    await page.waitForFunction(() => document.querySelector('img[alt="Twoje logo"]')?.complete === true);
    assert.deepEqual(
      await preview.evaluate((image) => [image.naturalWidth, image.naturalHeight]),
      [600, 200],
      "the preview does not show the 600×200 logo",
    );
    assert.ok(await page.getByRole("checkbox", { name: "pokazuj logo w raporcie" }).isChecked(), "showing the first logo is not switched on");
    await saveScreenshot(page, "reports-settings-logo");
    assertNoPageErrors();
  });
});

test("freelancer picks a period with the slider", { timeout: 60_000 }, async () => {
  assert.ok(flow.projectPath, "the login step did not open the project");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "reports-slider", async () => {
    await page.goto(flow.projectPath);
    await page.getByRole("link", { name: "Stwórz raport" }).click();
    await page.getByRole("heading", { name: "Stwórz raport" }).waitFor();
    await waitForHydration(page);

    const startInput = page.getByLabel("Początek okresu");
    const endInput = page.getByLabel("Koniec okresu");
    const startHandle = page.getByRole("slider", { name: "Pierwszy dzień okresu" });
    const endHandle = page.getByRole("slider", { name: "Ostatni dzień okresu" });
    // The date inputs are limited to the project's first day and today, the ends of the slider.
    const firstDay = await startInput.getAttribute("min");
    const today = await endInput.getAttribute("max");
    assert.ok(firstDay, "the start date has no min");
    assert.ok(today, "the end date has no max");
    assert.ok(firstDay < today, `the project's days run from ${firstDay} to ${today}, too few for a slider`);
    assert.equal(await startInput.inputValue(), firstDay);
    assert.equal(await endInput.inputValue(), today);

    // Mouse: drag the end handle from the right end to about 40 % of the track.
    const track = await endHandle.boundingBox();
    assert.ok(track, "the end handle is not visible");
    const thumbRadius = 10;
    const y = track.y + track.height / 2;
    await page.mouse.move(track.x + track.width - thumbRadius, y);
    await page.mouse.down();
    await page.mouse.move(track.x + track.width * 0.4, y, { steps: 10 });
    await page.mouse.up();
    const draggedEnd = isoDay(await endHandle.getAttribute("aria-valuetext"));
    assert.ok(draggedEnd < today, `dragging the end handle left it at ${draggedEnd}`);
    assert.equal(await endInput.inputValue(), draggedEnd, "the end date does not follow the dragged handle");

    // Keyboard: End takes the end handle back to today, ArrowRight moves the start a day later.
    await endHandle.focus();
    await page.keyboard.press("End");
    assert.equal(await endInput.inputValue(), today);
    await startHandle.focus();
    await page.keyboard.press("ArrowRight");
    const start = shiftDay(firstDay, 1);
    assert.equal(await startInput.inputValue(), start);
    assert.equal(await startHandle.getAttribute("aria-valuetext"), polishDay(start));

    // A handle pushed past the other stops at it, also when the period no longer changes: Home
    // and then ArrowLeft on the end handle leave a one-day period with both handles on it.
    await endHandle.focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await endInput.inputValue(), start);
    assert.equal(await endHandle.inputValue(), await startHandle.inputValue(), "the end handle stayed left of the start handle");
    await page.keyboard.press("End");
    assert.equal(await endInput.inputValue(), today);

    flow.period = { start, end: today, text: `${polishDay(start)}–${polishDay(today)}` };
    await page.getByText(`Wybrany okres: ${flow.period.text}`).waitFor();
    await saveScreenshot(page, "reports-new-slider");
    assertNoPageErrors();
  });
});

test("report becomes ready without a reload", { timeout: 90_000 }, async (t) => {
  assert.ok(flow.period, "the slider step did not pick a period");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "reports-ready", async () => {
    await page.getByRole("button", { name: "Zapisz raport" }).click();
    await page.waitForURL(/\/reports\/[^/]+$/);
    await page.getByText(`Zapisano raport za okres ${flow.period.text}. PDF będzie gotowy za chwilę.`).waitFor();
    flow.reportPath = new URL(page.url()).pathname;
    flow.reportId = flow.reportPath.split("/").pop();
    await waitForHydration(page);

    // A full reload would drop this mark, so finding it later shows that the page updated itself.
    await page.evaluate(() => {
      window.e2eSamePage = true;
    });
    const state = page.getByTestId("report-state");
    const firstState = plainSpaces(await state.innerText());
    if (firstState.startsWith("Gotowy:")) t.diagnostic("the report was ready before the page first showed it, so no polling was needed");
    else await saveScreenshot(page, "reports-pending");
    await page.getByRole("status").filter({ hasText: "Gotowy: PDF jest gotowy do pobrania i wysłania klientowi." }).waitFor({ timeout: READY_TIMEOUT_MS });
    assert.equal(await page.evaluate(() => window.e2eSamePage), true, "the report page was reloaded");

    await page.getByText(`Raport: ${DEMO_SHARED_PROJECT}`).waitFor();
    await page.getByText(flow.period.text, { exact: true }).waitFor();
    await saveScreenshot(page, "reports-ready");

    const pdf = await download(page, page.getByRole("link", { name: "Pobierz PDF", exact: true }));
    assert.match(pdf.name, /\.pdf$/);
    flow.freelancerPdf = pdf.bytes;
    assertReportPdf(savePdf(pdf.bytes, "reports-freelancer"), flow.period);
    assertNoPageErrors();
  });
});

test("freelancer sends the report to the client", { timeout: 90_000 }, async () => {
  assert.ok(flow.reportPath, "the report step did not save a report");
  const { page, assertNoPageErrors } = flow.freelancer;
  await withFailureScreenshot(page, "reports-send", async () => {
    const send = page.getByRole("region", { name: "Wyślij do klienta" });
    const recipient = send.getByLabel("E-mail odbiorcy");
    assert.equal(await recipient.inputValue(), CLIENT_EMAIL, "the recipient is not the project's client");
    await send.getByRole("button", { name: "Wyślij do klienta" }).click();
    await page.getByText(`Zlecono wysłanie raportu na adres ${CLIENT_EMAIL}.`).waitFor();

    // The first poll of the page's data never completes, as when a connection drops. The page
    // has to abandon it and request again, or it would show "czeka w kolejce" for good.
    let heldPolls = 0;
    const isReportData = (url) => url.pathname === flow.reportPath && url.searchParams.has("_data");
    await page.route(isReportData, async (route) => {
      if (heldPolls === 0) {
        heldPolls += 1;
        return;
      }
      await route.continue();
    });

    // The report page polls while a sending is still queued, so the delivery state changes
    // without a reload once the e-mail queue has handed the message to the mail provider.
    const sendings = page.getByRole("region", { name: "Wysyłki" });
    const sending = sendings.getByTestId("report-sending").filter({ hasText: CLIENT_EMAIL }).first();
    const started = Date.now();
    for (;;) {
      await sending.waitFor();
      const delivery = plainSpaces(await sending.getByTestId("report-sending-delivery").innerText());
      if (delivery === "wysłano") break;
      assert.notEqual(delivery, "nie wysłano", "the report e-mail failed");
      if (Date.now() - started > DELIVERY_TIMEOUT_MS) throw new Error(`The report e-mail was still "${delivery}" after ${DELIVERY_TIMEOUT_MS} ms`);
      await page.waitForTimeout(500);
    }
    await page.unrouteAll({ behavior: "ignoreErrors" });
    assert.equal(heldPolls, 1, "the page did not poll while the e-mail was queued");
    await saveScreenshot(page, "reports-sent");
    assertNoPageErrors();
  });
});

test("e-mail link downloads the report", { timeout: 60_000 }, async () => {
  assert.ok(flow.freelancerPdf, "the report step did not download the PDF");
  const { page, context, assertNoPageErrors } = flow.mailbox;
  await withFailureScreenshot(page, "reports-mail", async () => {
    // The sending above is delivered, so the newest message to the client is this report's.
    const reportLink = await linkFromMailbox(page, CLIENT_EMAIL, "/r/");
    await page.getByText(`Raport z projektu „${DEMO_SHARED_PROJECT}”`).first().waitFor();
    assert.match(reportLink, /^\/r\/[A-Za-z0-9_-]+$/);
    await saveScreenshot(page, "reports-mail");

    // The link needs no login: this context has no session.
    const response = await context.request.get(reportLink);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()["content-type"], "application/pdf");
    assert.match(response.headers()["content-disposition"] ?? "", /^attachment;/);
    const bytes = await response.body();
    assertReportPdf(savePdf(bytes, "reports-mail-link"), flow.period);
    assert.ok(bytes.equals(flow.freelancerPdf), "the e-mail link gives another PDF than the report page");
    assertNoPageErrors();
  });
});

test("client downloads the report from the client page", { timeout: 60_000 }, async () => {
  assert.ok(flow.reportId, "the report step did not save a report");
  assert.ok(flow.clientLink, "the login step did not read the client link");
  const { page, assertNoPageErrors } = flow.client;
  await withFailureScreenshot(page, "reports-client", async () => {
    await page.goto(flow.clientLink);
    await page.getByRole("heading", { name: DEMO_SHARED_PROJECT }).first().waitFor();
    await page.getByRole("navigation", { name: "Sekcje projektu" }).getByRole("link", { name: "Raporty" }).click();
    await page.waitForURL(`**${flow.clientLink}/reports`);
    await page.getByRole("heading", { name: "Raporty", level: 1 }).waitFor();

    // Earlier runs may have made reports of the same period, so the link is found by its report id.
    const link = page
      .getByRole("link", { name: `Pobierz PDF raportu za okres ${flow.period.text}` })
      .and(page.locator(`[href$="/reports/${flow.reportId}"]`));
    await link.waitFor();
    await saveScreenshot(page, "reports-client");

    const pdf = await download(page, link);
    assertReportPdf(savePdf(pdf.bytes, "reports-client"), flow.period);
    assert.ok(pdf.bytes.equals(flow.freelancerPdf), "the client page gives another PDF than the report page");
    assertNoPageErrors();
  });
});
