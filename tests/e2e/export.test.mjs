// "Eksportuj dane" end to end, with the download of the ZIP. The demo freelancer requests an
// export in Ustawienia → Twoje dane, waits until "Pobierz ZIP" appears and downloads the file,
// which is opened with fflate and compared with the demo data the app shows. The e-mail with
// the link reaches /dev/mailbox, and its link gives the same ZIP to the logged-in owner and
// sends a logged-out visitor to the login page. A second freelancer gets a 404 for the first
// one's export, and a double click on "Eksportuj dane" makes one export. Labels are the Polish
// UI texts of app/i18n/pl.ts (dataExportText, dataSettingsText).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { strFromU8, unzipSync } from "fflate";
import { DEMO_EMAIL, DEMO_PASSWORD, demoFiles } from "../../scripts/seed.mjs";
import {
  ARTIFACTS_DIR,
  launchBrowser,
  openPage,
  readDemoSummary,
  registerFreelancerWithProject,
  uniqueEmail,
  waitForHydration,
  withFailureScreenshot,
} from "./helpers.mjs";

// The shared demo project of scripts/seed.mjs, which has the demo's files and messages.
const SHARED_PROJECT = "Sklep internetowy Źdźbło Łąka";

const MAIL_SUBJECT = "Eksport danych z Klamp jest gotowy";
const QUEUED_TOAST = "Zaczęliśmy przygotowywać eksport danych. Gdy będzie gotowy, wyślemy e-mail z linkiem do pobrania.";

// The export queue delivers a message within a second (max_batch_timeout = 1 in wrangler.toml),
// and the demo account's ZIP takes under a second more. A retry after a failed attempt waits 30 s.
const READY_TIMEOUT_MS = 60_000;
// The e-mail queue's consumer sends a message about a second after the export is ready.
const DELIVERY_TIMEOUT_MS = 30_000;
// Rows per page of "Ostatnie eksporty" (EXPORTS_PAGE_SIZE in app/models/data-exports.server.ts).
const EXPORTS_PAGE_SIZE = 10;

// Entries every export contains, with the account's data, by their path in the ZIP.
const JSON_ENTRIES = ["clients", "projects", "tasks", "bills", "payments", "messages", "activity"].map((name) => `json/${name}.json`);
const CSV_ENTRIES = ["klienci", "projekty", "zadania", "rachunki", "platnosci", "wiadomosci", "historia-zmian"].map((name) => `csv/${name}.csv`);

let browser;
// State passed from one test to the next, because each step needs the first test's export.
const flow = {
  owner: null,
  exportId: null,
  zip: null,
  fileName: null,
  mailPath: null,
};

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// ---------------------------------------------------------------------------------------------
// Formats, written out here so the test does not share the app's formatters.

/** Replaces non-breaking spaces and other runs of white space with one space. */
function plainSpaces(text) {
  return text.replace(/\s+/g, " ").trim();
}

/** Formats grosze as `1 234,56 zł`. */
function money(grosze) {
  const zloty = String(Math.floor(Math.abs(grosze) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${grosze < 0 ? "-" : ""}${zloty},${String(Math.abs(grosze) % 100).padStart(2, "0")} zł`;
}

const warsawDayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw", year: "numeric", month: "2-digit", day: "2-digit" });

/** Europe/Warsaw calendar day (YYYY-MM-DD) of an instant. */
function warsawDay(instant) {
  return warsawDayFormat.format(new Date(instant));
}

// ---------------------------------------------------------------------------------------------
// Steps shared by the tests.

async function logIn(page, email, password) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Hasło").fill(password);
  await page.getByRole("button", { name: "Zaloguj się" }).click();
}

/** Opens Ustawienia → Twoje dane through the navigation and waits until the page is hydrated. */
async function openDataSettings(page) {
  await page.getByRole("navigation", { name: "Główna nawigacja" }).getByRole("link", { name: "Ustawienia" }).click();
  await page.getByRole("navigation", { name: "Zakładki ustawień" }).getByRole("link", { name: "Twoje dane" }).click();
  await page.getByRole("heading", { name: "Twoje dane", level: 1 }).waitFor();
  await waitForHydration(page);
}

function latestExport(page) {
  return page.getByTestId("data-export-latest");
}

function exportRows(page) {
  return page.getByTestId("data-export-row");
}

/** Waits for the latest export's "Pobierz ZIP" link, which replaces the progress bar once the ZIP is ready. */
async function waitForDownloadLink(page) {
  const link = latestExport(page).getByRole("link", { name: "Pobierz ZIP", exact: true });
  await link.waitFor({ timeout: READY_TIMEOUT_MS });
  return link;
}

/** Clicks a link that downloads a file and returns the file's bytes and suggested name. */
async function download(page, click) {
  const [started] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = await started.path();
  assert.ok(file, `the download of ${started.suggestedFilename()} failed: ${await started.failure()}`);
  return { bytes: readFileSync(file), name: started.suggestedFilename() };
}

/**
 * Finds the "Eksport danych z Klamp jest gotowy" e-mail to `to` in /dev/mailbox whose link
 * points to the export `exportId` and returns that link as the e-mail gives it. The newest
 * message with the subject is opened until it is the one, so an export e-mail of an earlier run
 * is skipped.
 */
async function exportMailLink(page, to, exportId) {
  const started = Date.now();
  for (;;) {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    const subject = page.getByRole("link", { name: MAIL_SUBJECT, exact: true }).first();
    if ((await subject.count()) > 0) {
      await subject.click();
      await page.getByRole("heading", { name: MAIL_SUBJECT }).waitFor();
      const link = page.getByTestId("mail-text").locator(`a[href*="/export/${exportId}"]`);
      if ((await link.count()) > 0) return link.first().getAttribute("href");
    }
    if (Date.now() - started > DELIVERY_TIMEOUT_MS) throw new Error(`No "${MAIL_SUBJECT}" e-mail to ${to} with /export/${exportId} after ${DELIVERY_TIMEOUT_MS} ms`);
    await page.waitForTimeout(500);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the ZIP.

function unzip(bytes) {
  const entries = unzipSync(new Uint8Array(bytes));
  assert.ok(Object.keys(entries).length > 0, "the ZIP has no entries");
  return entries;
}

function entryText(entries, name) {
  assert.ok(entries[name], `the ZIP has no ${name}; it has:\n${Object.keys(entries).join("\n")}`);
  return strFromU8(entries[name]);
}

/** Parses a JSON entry, which is an array of rows, and checks that it has rows. */
function jsonRows(entries, name) {
  const rows = JSON.parse(entryText(entries, name));
  assert.ok(Array.isArray(rows), `${name} is not a JSON array`);
  assert.ok(rows.length > 0, `${name} has no rows`);
  return rows;
}

/** Returns a CSV entry's lines, after checking it has the byte order mark, a header and rows. */
function csvLines(entries, name) {
  // strFromU8 drops the byte order mark, so it is checked on the bytes.
  const text = entryText(entries, name);
  assert.deepEqual([...entries[name].subarray(0, 3)], [0xef, 0xbb, 0xbf], `${name} does not start with the UTF-8 byte order mark`);
  const lines = text.split(/\r?\n/).filter((line) => line !== "");
  assert.ok(lines.length >= 2, `${name} has no rows below its header:\n${text.slice(0, 300)}`);
  assert.ok(lines[0].includes(";"), `${name}'s header is not separated by semicolons: ${lines[0]}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------

test("demo freelancer downloads the export ZIP", { timeout: 120_000 }, async (t) => {
  flow.owner = await openPage(browser);
  const { page, assertNoPageErrors } = flow.owner;
  await withFailureScreenshot(page, "export-download", async () => {
    await page.goto("/login");
    await logIn(page, DEMO_EMAIL, DEMO_PASSWORD);
    await page.waitForURL("**/dashboard");

    // The shared project's id, from its page, to find it in the ZIP.
    await page.goto("/projects");
    await page.getByRole("link", { name: SHARED_PROJECT }).first().click();
    await page.getByRole("heading", { name: SHARED_PROJECT }).waitFor();
    const sharedProjectId = new URL(page.url()).pathname.split("/").pop();

    await openDataSettings(page);
    const rowsBefore = await exportRows(page).count();
    const dayBefore = warsawDay(Date.now());

    await latestExport(page).getByRole("button", { name: "Eksportuj dane" }).click();
    await page.getByRole("status").filter({ hasText: QUEUED_TOAST }).waitFor();

    // NOTE: the local queue starts the job at once, and the demo account's ZIP is usually ready
    // before the page after the click has loaded. So the page shows either the progress bar of a
    // queued or running export, which turns into "Pobierz ZIP" through polling without a reload,
    // or "Pobierz ZIP" straight away. Only the first case checks the progress bar, and the test
    // reports which case it saw as a diagnostic.
    const progress = page.getByRole("progressbar", { name: "Postęp eksportu danych" });
    const readyLink = latestExport(page).getByRole("link", { name: "Pobierz ZIP", exact: true });
    await progress.or(readyLink).first().waitFor({ timeout: READY_TIMEOUT_MS });
    // The bar can go away between the two calls, when the next poll finds the ZIP ready.
    const valueText = (await progress.isVisible()) ? await progress.getAttribute("aria-valuetext", { timeout: 1000 }).catch(() => null) : null;
    if (valueText !== null) {
      assert.match(valueText, /^(Eksport czeka w kolejce na rozpoczęcie\.|\d+ z \d+ krok(u|ów))$/);
      t.diagnostic(`the progress bar was shown: ${valueText}`);
    } else {
      t.diagnostic("no progress bar was seen: the export was ready when the page loaded");
    }

    const link = await waitForDownloadLink(page);
    assert.equal(await progress.count(), 0, "the progress bar stays after the ZIP is ready");
    const href = await link.getAttribute("href");
    assert.match(href ?? "", /^\/export\/[^/]+$/);
    flow.exportId = decodeURIComponent(href.split("/").pop());
    assert.equal(await exportRows(page).count(), Math.min(rowsBefore + 1, EXPORTS_PAGE_SIZE), "the list did not get one more export");
    await exportRows(page).first().getByText("Gotowy").waitFor();

    const { bytes, name } = await download(page, () => link.click());
    const dayAfter = warsawDay(Date.now());
    assert.ok(
      [`klamp-eksport-${dayBefore}.zip`, `klamp-eksport-${dayAfter}.zip`].includes(name),
      `the suggested file name is ${name}, expected klamp-eksport-${dayAfter}.zip`,
    );
    flow.zip = bytes;
    flow.fileName = name;
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(path.join(ARTIFACTS_DIR, "export-demo.zip"), bytes);

    const entries = unzip(bytes);
    const readme = entryText(entries, "README.txt");
    assert.ok(readme.includes(`Numer eksportu: ${flow.exportId}`), `README.txt does not name the export ${flow.exportId}:\n${readme.slice(0, 400)}`);
    assert.ok(readme.includes(`<${DEMO_EMAIL}>`), "README.txt does not name the account's e-mail address");
    for (const name of JSON_ENTRIES) jsonRows(entries, name);
    for (const name of CSV_ENTRIES) csvLines(entries, name);

    // The shared project, as the app shows it, is in both formats.
    const projects = jsonRows(entries, "json/projects.json");
    const shared = projects.find((project) => project.id === sharedProjectId);
    assert.ok(shared, `json/projects.json has no project ${sharedProjectId}`);
    assert.equal(shared.name, SHARED_PROJECT);
    assert.ok(
      csvLines(entries, "csv/projekty.csv").some((line) => line.includes(SHARED_PROJECT)),
      `csv/projekty.csv has no line with ${SHARED_PROJECT}`,
    );

    // Every task of the shared project is on its page with the same name and amount.
    const tasks = jsonRows(entries, "json/tasks.json").filter((task) => task.projectId === sharedProjectId);
    assert.ok(tasks.length > 0, `json/tasks.json has no task of ${SHARED_PROJECT}`);
    await page.goto(`/projects/${sharedProjectId}`);
    for (const task of tasks) {
      assert.ok(Number.isInteger(task.amount), `the amount of task ${task.name} is not whole grosze: ${task.amount}`);
      const row = page.getByRole("row").filter({ hasText: task.name }).first();
      await row.waitFor();
      assert.ok(plainSpaces(await row.innerText()).includes(money(task.amount)), `the page shows ${task.name} without ${money(task.amount)}`);
    }

    const bills = jsonRows(entries, "json/bills.json");
    assert.ok(
      bills.every((bill) => Array.isArray(bill.items) && bill.items.length > 0),
      "a bill in json/bills.json has no items",
    );
    assert.ok(
      jsonRows(entries, "json/messages.json").some((message) => message.projectId === sharedProjectId),
      `json/messages.json has no message of ${SHARED_PROJECT}`,
    );
    assert.ok(
      jsonRows(entries, "json/activity.json").some((row) => row.action === "export.requested" && row.subjectId === flow.exportId),
      "json/activity.json has no export.requested row of this export",
    );

    // The demo project's files are in the ZIP byte for byte, at the path json/files.json gives.
    const files = jsonRows(entries, "json/files.json");
    let demoFilesFound = 0;
    for (const demoFile of demoFiles()) {
      const row = files.find((file) => file.id === demoFile.id);
      if (!row) continue;
      assert.ok(row.zipPath, `json/files.json gives no zipPath for ${demoFile.name}`);
      assert.ok(entries[row.zipPath], `the ZIP has no ${row.zipPath}`);
      assert.ok(Buffer.from(entries[row.zipPath]).equals(demoFile.bytes), `${row.zipPath} differs from the demo's ${demoFile.name}`);
      demoFilesFound += 1;
    }
    assert.ok(demoFilesFound > 0, "none of the demo's files is in json/files.json");

    // The export leaves out the client link's token and the password.
    const summary = readDemoSummary();
    for (const [entryName, content] of Object.entries(entries)) {
      const text = Buffer.from(content).toString("latin1");
      if (summary?.shareToken) assert.ok(!text.includes(summary.shareToken), `${entryName} contains the client link's token`);
      assert.ok(!text.includes(DEMO_PASSWORD), `${entryName} contains the password`);
    }

    assertNoPageErrors();
  });
});

test("export e-mail link downloads the same ZIP", { timeout: 90_000 }, async () => {
  assert.ok(flow.zip, "the first test did not download the export");
  const { page, assertNoPageErrors } = flow.owner;
  await withFailureScreenshot(page, "export-mail", async () => {
    const href = await exportMailLink(page, DEMO_EMAIL, flow.exportId);
    const url = new URL(href);
    assert.equal(url.pathname, `/export/${flow.exportId}`);

    // The owner is logged in in this browser: the e-mail's link downloads at once.
    const mailLink = page.getByTestId("mail-text").locator(`a[href="${href}"]`);
    const fromMail = await download(page, () => mailLink.click());
    assert.equal(fromMail.name, flow.fileName);
    assert.ok(fromMail.bytes.equals(flow.zip), "the e-mail's link gives a different ZIP");
    flow.mailPath = url.pathname;
    assertNoPageErrors();
  });

  // A visitor who is not logged in is sent to the login page, with the link as redirectTo.
  const visitor = await openPage(browser);
  await withFailureScreenshot(visitor.page, "export-mail-visitor", async () => {
    await visitor.page.goto(flow.mailPath);
    await visitor.page.waitForURL((current) => current.pathname === "/login" && current.searchParams.get("redirectTo") === flow.mailPath);
    await visitor.page.getByRole("button", { name: "Zaloguj się" }).waitFor();
    visitor.assertNoPageErrors();
  });
  await visitor.context.close();
});

test(
  "logged-out owner downloads after login",
  { timeout: 60_000 },
  async () => {
    assert.ok(flow.mailPath, "the e-mail test did not find the link");
    const loggedOut = await openPage(browser);
    const { page } = loggedOut;
    try {
      await withFailureScreenshot(page, "export-mail-login", async () => {
        await page.goto(flow.mailPath);
        await page.waitForURL((current) => current.pathname === "/login");
        await waitForHydration(page);
        const afterLogin = await download(page, () => logIn(page, DEMO_EMAIL, DEMO_PASSWORD));
        assert.equal(afterLogin.name, flow.fileName);
        assert.ok(afterLogin.bytes.equals(flow.zip), "the e-mail's link gives a different ZIP after logging in");
        loggedOut.assertNoPageErrors();
      });
    } finally {
      await loggedOut.context.close();
    }
  },
);

// The second freelancer's steps share one page, so they are one test.
test("second freelancer gets 404 and one export", { timeout: 180_000 }, async () => {
  assert.ok(flow.exportId, "the first test did not create an export");
  const stranger = await openPage(browser);
  const mailbox = await openPage(browser);
  const { page } = stranger;
  await withFailureScreenshot(page, "export-stranger", async () => {
    const account = { name: "Ewa Źródłowska", email: uniqueEmail("export-stranger"), password: "eksport-test-2026" };
    await registerFreelancerWithProject(
      page,
      mailbox.page,
      account,
      { name: "Klient eksportu", email: uniqueEmail("export-client") },
      "Projekt do eksportu",
    );

    // Another account's export is not found, and the response carries no file.
    const response = await page.goto(`/export/${encodeURIComponent(flow.exportId)}`);
    assert.equal(response?.status(), 404);
    assert.equal(response.headers()["content-disposition"], undefined, "the 404 response offers a file");
    await page.getByRole("heading", { name: "Nie znaleziono strony" }).waitFor();

    // "Eksportuj dane" clicked twice quickly makes one export.
    await page.goto("/dashboard");
    await openDataSettings(page);
    await page.getByText("Nie ma jeszcze żadnego eksportu.").waitFor();
    await latestExport(page).getByRole("button", { name: "Eksportuj dane" }).dblclick();
    await page.getByRole("progressbar", { name: "Postęp eksportu danych" }).or(latestExport(page).getByRole("link", { name: "Pobierz ZIP" })).first().waitFor();
    assert.equal(await exportRows(page).count(), 1, "a double click made more than one export");
    await waitForDownloadLink(page);
    await page.reload();
    assert.equal(await exportRows(page).count(), 1, "a double click made more than one export");

    // Two submissions at the same moment (two tabs of the account) are checked in
    // test/data-export.test.ts, against the model and the route. Here they raced the queue: an
    // almost empty account's export can finish before the second request arrives, and a request
    // after the export ended rightly starts a new one.

    stranger.assertNoPageErrors();
    mailbox.assertNoPageErrors();
  });
  await stranger.context.close();
  await mailbox.context.close();
});

test("owner's pages report no errors", async () => {
  assert.ok(flow.owner, "the first test did not open the owner's page");
  flow.owner.assertNoPageErrors();
  await flow.owner.context.close();
});
