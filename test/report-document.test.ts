import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { reportDocumentText as t } from "~/i18n/pl";
import { summarizeTasks } from "~/models/tasks.server";
import { REPORT_FONT_BOLD_WOFF2, REPORT_FONT_FAMILY, REPORT_FONT_REGULAR_WOFF2 } from "~/reports/fonts.generated";
import { countPdfPages, printPdf, PrintTimeoutError } from "~/reports/print-pdf.server";
import type { ReportContent, ReportLogo, ReportTaskRow } from "~/reports/report-content";
import { describeChange, formatReportPeriod, renderReportHtml } from "~/reports/report-document.server";
import { formatMoney } from "~/utils/money";

// The report document built from ReportContent objects (no database): HTML-level checks, then
// a few real PDFs printed through env.BROWSER and read back with pdftotext (env.PDF_TEXT).

const HOSTILE_CLIENT = '<script>alert("klient")</script> „Źdźbło Łąka” – Привет, мир';
const HOSTILE_TASK = "<script>alert(1)</script> „Łódź” – Жёлтый";
const PRINT_TIMEOUT_MS = 30_000;

function task(overrides: Partial<ReportTaskRow> & Pick<ReportTaskRow, "id" | "name">): ReportTaskRow {
  return {
    amount: 10_000,
    acceptance: "not_required",
    workStatus: "todo",
    payment: "unpaid",
    changes: [],
    ...overrides,
  };
}

function content(overrides: Partial<ReportContent> = {}): ReportContent {
  const tasks = overrides.tasks ?? [
    task({
      id: "t1",
      name: HOSTILE_TASK,
      amount: 123_456,
      acceptance: "accepted",
      workStatus: "done",
      payment: "paid",
      changes: [
        // 23:30 Warsaw time on 28.03.2026 (UTC+1) and 00:30 on 30.03.2026 (UTC+2, after the change).
        { kind: "created", at: "2026-03-28T22:30:00.000Z", amount: 100_000, requiresAcceptance: true },
        { kind: "repriced", at: "2026-03-29T22:30:00.000Z", previousAmount: 100_000, amount: 123_456 },
        { kind: "accepted", at: "2026-03-30T08:00:00.000Z", amount: 123_456 },
        { kind: "status_changed", at: "2026-03-30T09:00:00.000Z", from: "todo", to: "done" },
        { kind: "paid", at: "2026-03-31T10:00:00.000Z", method: "tpay", billNumber: "3" },
      ],
    }),
    task({
      id: "t2",
      name: "Projekt logo",
      amount: 50_001,
      acceptance: "rejected",
      changes: [{ kind: "rejected", at: "2026-03-15T12:00:00.000Z", amount: 50_001, comment: "Za drogo – „serio”" }],
    }),
    task({ id: "t3", name: "Hosting", amount: 9_999, acceptance: "pending", workStatus: "in_progress" }),
  ];
  return {
    reportId: "report-1",
    period: { start: "2026-03-01", end: "2026-03-31" },
    // 00:30 on 01.04.2026 in Warsaw.
    generatedAt: "2026-03-31T22:30:00.000Z",
    freelancer: { name: "Łukasz Żółć", email: "lukasz@example.com" },
    client: { name: HOSTILE_CLIENT, email: "klient@example.com", nip: "5252445767", address: "ul. Długa 5\n00-950 Gdańsk" },
    project: { name: "Sklep „Źdźbło”", deadline: "2026-06-30", createdAt: "2026-02-10T09:00:00.000Z" },
    tasks,
    deletedTasks: [{ name: "Stary baner", amount: 20_000, at: "2026-03-20T10:00:00.000Z" }],
    fixRequests: [
      { number: 4, title: "Popraw stopkę", outcome: "priced", at: "2026-03-21T10:00:00.000Z", taskName: "Nowa stopka", amount: 30_000 },
      { number: 5, title: "Literówka", outcome: "in_scope", at: "2026-03-22T10:00:00.000Z", taskName: "Hosting", amount: null },
      { number: 6, title: "Inny kolor", outcome: "declined", at: "2026-03-23T10:00:00.000Z", taskName: null, amount: null },
    ],
    totals: summarizeTasks(tasks),
    ...overrides,
  };
}

/** Returns the HTML's visible text, without the style sheet and tags and with entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** Reads the text of a PDF, or of one page of it, with pdftotext. Runs of plain or non-breaking spaces become one space. */
async function pdfText(bytes: Uint8Array, page?: number): Promise<string> {
  const query = page === undefined ? "" : `?first=${page}&last=${page}`;
  const response = await env.PDF_TEXT.fetch(`http://pdf/${query}`, { method: "POST", body: bytes.slice().buffer });
  expect(response.status).toBe(200);
  return (await response.text()).replace(/[ \u00a0]+/g, " ");
}

/**
 * Reads the text of every page of a PDF with one pdftotext run, which ends each page with a form
 * feed. Returns one string per page, with spaces collapsed as in pdfText.
 */
async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const pages = (await pdfText(bytes)).split("\f");
  expect(pages.pop()?.trim()).toBe("");
  return pages;
}

async function pdfPages(bytes: Uint8Array): Promise<number> {
  const response = await env.PDF_TEXT.fetch("http://pdf/?info=1", { method: "POST", body: bytes.slice().buffer });
  const info = await response.text();
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** Decodes a PDF one char per byte, so its ASCII keywords can be searched. */
function pdfSource(bytes: Uint8Array): string {
  let text = "";
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return text;
}

/** Lists the fonts a PDF uses, by the names in its /BaseFont entries. */
function pdfFontNames(bytes: Uint8Array): string[] {
  return [...pdfSource(bytes).matchAll(/\/BaseFont\s*\/([^\s/<>\[\]]+)/g)].map((match) => match[1]);
}

/** Lists the fonts of a PDF with pdffonts: each font's name and whether the PDF embeds it. */
async function pdfFonts(bytes: Uint8Array): Promise<{ name: string; embedded: boolean }[]> {
  const response = await env.PDF_TEXT.fetch("http://pdf/?fonts=1", { method: "POST", body: bytes.slice().buffer });
  expect(response.status).toBe(200);
  // Two header lines, then one row per font ending in the columns emb, sub, uni, object and ID.
  const rows = (await response.text()).split("\n").slice(2).filter((line) => line.trim() !== "");
  return rows.map((line) => {
    const columns = line.trim().split(/\s+/);
    return { name: columns[0], embedded: columns[columns.length - 5] === "yes" };
  });
}

/**
 * Builds a plain report of `taskCount` one-line tasks and `fixRequestCount` declined fix requests,
 * whose last page depends only on these two counts.
 */
function sizedContent(taskCount: number, fixRequestCount: number): ReportContent {
  const tasks = Array.from({ length: taskCount }, (_, index) =>
    task({
      id: `task-${index + 1}`,
      name: `Zadanie ${index + 1}`,
      changes: [{ kind: "created", at: "2026-03-02T10:00:00.000Z", amount: 10_000, requiresAcceptance: false }],
    }),
  );
  return content({
    freelancer: { name: "Jan", email: "jan@example.com" },
    client: { name: "Klient", email: null, nip: null, address: null },
    project: { name: "Projekt", deadline: null, createdAt: "2026-02-10T09:00:00.000Z" },
    tasks,
    deletedTasks: [],
    fixRequests: Array.from({ length: fixRequestCount }, (_, index) => ({
      number: index + 1,
      title: `Poprawka ${index + 1}`,
      outcome: "declined" as const,
      at: "2026-03-21T10:00:00.000Z",
      taskName: null,
      amount: null,
    })),
    totals: summarizeTasks(tasks),
  });
}

function pdfImageCount(bytes: Uint8Array): number {
  return pdfSource(bytes).match(/\/Subtype\s*\/Image/g)?.length ?? 0;
}

const oneSpace = (text: string) => text.replace(/\u00a0/g, " ");

describe("renderReportHtml", () => {
  it("escapes hostile names", () => {
    const html = renderReportHtml(content(), null);

    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;");
    expect(visibleText(html)).toContain(HOSTILE_CLIENT);
    expect(visibleText(html)).toContain(HOSTILE_TASK);
  });

  it("references nothing external", () => {
    const html = renderReportHtml(content(), { contentType: "image/png", base64: "iVBORw0KGgo=" });

    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<link|<iframe|<object|<embed|@import/i);
    for (const match of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) expect(match[1]).toMatch(/^data:/);
    for (const match of html.matchAll(/url\(([^)]*)\)/g)) expect(match[1]).toMatch(/^data:/);
  });

  it("embeds both fonts", () => {
    const html = renderReportHtml(content(), null);

    expect(html).toContain(`data:font/woff2;base64,${REPORT_FONT_REGULAR_WOFF2}`);
    expect(html).toContain(`data:font/woff2;base64,${REPORT_FONT_BOLD_WOFF2}`);
    expect(html.match(/@font-face/g)).toHaveLength(2);
    // Characters outside the subset fall back to a generic font instead of the browser's default serif.
    expect(html).toContain(`font-family: "${REPORT_FONT_FAMILY}", sans-serif;`);
  });

  it("embeds the logo", () => {
    const logo: ReportLogo = { contentType: "image/jpeg", base64: "/9j/4AAQSkZJRg==" };

    const withLogo = renderReportHtml(content(), logo);
    const withoutLogo = renderReportHtml(content(), null);

    expect(withLogo).toContain('src="data:image/jpeg;base64,/9j/4AAQSkZJRg=="');
    expect(withLogo).toContain(`alt="${t.logoAlt}"`);
    expect(withoutLogo).not.toContain("<img");
  });

  it("states the period's last day", () => {
    expect(visibleText(renderReportHtml(content(), null))).toContain(t.summaryState("31.03.2026"));
  });

  it("states the time for a period ending today", () => {
    // 14:05 on 31.03.2026 in Warsaw (UTC+2): the period's last day is not over yet.
    const text = visibleText(renderReportHtml(content({ generatedAt: "2026-03-31T12:05:00.000Z" }), null));

    expect(text).toContain(t.summaryStateAt("31.03.2026, 14:05"));
    expect(text).not.toContain(t.summaryState("31.03.2026"));
  });

  it("prints parties and period", () => {
    const text = visibleText(renderReportHtml(content(), null));

    expect(text).toContain(t.heading);
    expect(text).toContain("Łukasz Żółć");
    expect(text).toContain("lukasz@example.com");
    expect(text).toContain("klient@example.com");
    expect(text).toContain(`${t.nip}: 5252445767`);
    expect(text).toContain("ul. Długa 5 00-950 Gdańsk");
    expect(text).toContain("Sklep „Źdźbło”");
    expect(text).toContain(`${t.deadline}: 30.06.2026`);
    expect(text).toContain(`${t.projectCreated}: 10.02.2026`);
    expect(text).toContain(`${t.period} 01.03.2026–31.03.2026`);
    expect(text).toContain(`${t.generatedAt} 01.04.2026, 00:30`);
  });

  it("omits missing client details", () => {
    const report = content();
    const text = visibleText(
      renderReportHtml({ ...report, client: { name: "Jan", email: null, nip: null, address: null }, project: { ...report.project, deadline: null } }, null),
    );

    expect(text).not.toContain(`${t.nip}:`);
    expect(text).not.toContain(`${t.address}:`);
    expect(text).toContain(`${t.deadline}: ${t.noDeadline}`);
  });

  it("prints a one-day period once", () => {
    expect(formatReportPeriod({ period: { start: "2026-10-25", end: "2026-10-25" } })).toBe("25.10.2026");
    expect(formatReportPeriod({ period: { start: "2026-10-01", end: "2026-10-31" } })).toBe("01.10.2026–31.10.2026");
  });

  it("prints totals to the grosz", () => {
    const text = oneSpace(visibleText(renderReportHtml(content(), null)));

    // Only the first task is agreed, so it alone counts as accepted, done and paid.
    expect(text).toContain(`${t.summary.accepted} 1 234,56 zł`);
    expect(text).toContain(`${t.summary.pending} 99,99 zł`);
    expect(text).toContain(`${t.summary.rejected} 500,01 zł`);
    expect(text).toContain(`${t.summary.done} 1 234,56 zł`);
    expect(text).toContain(`${t.summary.paid} 1 234,56 zł`);
    expect(text).toContain(`${t.summary.unpaid} 0,00 zł`);
    expect(text).toContain(t.progress(1, 2, 1));
  });

  it("says rejected tasks are not counted", () => {
    const text = visibleText(renderReportHtml(content(), null));
    const withoutRejected = content().tasks.filter((row) => row.acceptance !== "rejected");
    const plain = visibleText(renderReportHtml(content({ tasks: withoutRejected, totals: summarizeTasks(withoutRejected) }), null));

    // Three tasks in the table, one of them rejected, so the count names it instead of a bare "1 z 2".
    expect(text).toContain("Zrobione zadania: 1 z 2 (nie licząc odrzuconych: 1)");
    expect(plain).toContain("Zrobione zadania: 1 z 2");
    expect(plain).not.toContain("odrzuconych");
  });

  it("prints task states", () => {
    const text = oneSpace(visibleText(renderReportHtml(content(), null)));

    expect(text).toContain(`1 234,56 zł ${t.acceptance.accepted} ${t.workStatus.done} ${t.payment.paid}`);
    expect(text).toContain(`500,01 zł ${t.acceptance.rejected} ${t.workStatus.todo} ${t.payment.unpaid}`);
    expect(text).toContain(`99,99 zł ${t.acceptance.pending} ${t.workStatus.in_progress} ${t.payment.unpaid}`);
  });

  it("dates changes in Warsaw", () => {
    const text = oneSpace(visibleText(renderReportHtml(content(), null)));

    expect(text).toContain(`28.03.2026 ${oneSpace(t.changes.createdForAcceptance(formatMoney(100_000)))}`);
    expect(text).toContain(`30.03.2026 ${oneSpace(t.changes.repriced(formatMoney(100_000), formatMoney(123_456)))}`);
    expect(text).toContain(`30.03.2026 ${oneSpace(t.changes.accepted(formatMoney(123_456)))}`);
    expect(text).toContain(`30.03.2026 ${t.changes.statusChanged(t.workStatus.todo, t.workStatus.done)}`);
    expect(text).toContain(`31.03.2026 ${t.changes.paidOnBill(t.changes.paidVia.tpay, "3")}`);
    expect(text).toContain(`15.03.2026 ${oneSpace(t.changes.rejectedWithComment(formatMoney(50_001), "Za drogo – „serio”"))}`);
  });

  it("describes every change", () => {
    const at = "2026-03-10T10:00:00.000Z";

    expect(describeChange({ kind: "created", at, amount: 100, requiresAcceptance: false })).toBe(t.changes.created(formatMoney(100)));
    expect(describeChange({ kind: "renamed", at, previousName: "A", name: "B" })).toBe("Zmieniono nazwę z „A” na „B”");
    expect(describeChange({ kind: "acceptance_requested", at })).toBe("Wysłano do akceptacji klienta");
    expect(describeChange({ kind: "rejected", at, amount: 100, comment: null })).toBe(t.changes.rejected(formatMoney(100)));
    expect(describeChange({ kind: "paid", at, method: "cash", billNumber: null })).toBe("Opłacono gotówką");
    expect(describeChange({ kind: "paid", at, method: "transfer", billNumber: "7" })).toBe("Opłacono przelewem, rachunek nr 7");
    expect(describeChange({ kind: "refunded", at, billNumber: "7" })).toBe("Zwrócono płatność, rachunek nr 7");
    expect(describeChange({ kind: "refunded", at, billNumber: null })).toBe(t.changes.refunded);
  });

  it("lists deleted tasks and fix requests", () => {
    const text = oneSpace(visibleText(renderReportHtml(content(), null)));

    expect(text).toContain(`${t.deletedTitle}`);
    expect(text).toContain("Stary baner 200,00 zł 20.03.2026");
    expect(text).toContain(`#4 Popraw stopkę ${t.fixRequestOutcome.priced} „Nowa stopka” za 300,00 zł 21.03.2026`);
    expect(text).toContain(`#5 Literówka ${t.fixRequestOutcome.in_scope} „Hosting” 22.03.2026`);
    expect(text).toContain(`#6 Inny kolor ${t.fixRequestOutcome.declined} 23.03.2026`);
  });

  it("handles an empty period", () => {
    const text = visibleText(renderReportHtml(content({ tasks: [], deletedTasks: [], fixRequests: [], totals: summarizeTasks([]) }), null));

    expect(text).toContain(t.tasksEmpty);
    expect(text).toContain(t.fixRequestsEmpty);
    expect(text).not.toContain(t.deletedTitle);
  });

  it("keeps rows whole across pages", () => {
    const html = renderReportHtml(content(), null);

    expect(html).toContain("<thead>");
    expect(html).toMatch(/thead \{ display: table-header-group; \}/);
    expect(html).toMatch(/tr \{ break-inside: avoid;/);
  });
});

describe("printPdf", () => {
  it("prints names literally", async () => {
    const printed = await printPdf(env.BROWSER, renderReportHtml(content(), null), { timeoutMs: PRINT_TIMEOUT_MS });
    const text = await pdfText(printed.bytes);

    expect(new TextDecoder().decode(printed.bytes.subarray(0, 5))).toBe("%PDF-");
    expect(text).toContain('<script>alert("klient")</script>');
    expect(text).toContain("„Źdźbło Łąka” – Привет, мир");
    expect(text).toContain(HOSTILE_TASK);
    expect(text).toContain("Łukasz Żółć");
    expect(text).toContain("1 234,56 zł");
    expect(text).toContain("01.03.2026–31.03.2026");
    expect(text).toContain("01.04.2026, 00:30");
    expect(text).toContain("30.03.2026 Zmieniono kwotę z 1 000,00 zł");
    expect(text).toContain("30.03.2026 Klient zaakceptował kwotę 1 234,56 zł");
    expect(text).toContain("Strona 1 z 2");
    expect(text).toContain("Strona 2 z 2");
    expect(pdfImageCount(printed.bytes)).toBe(0);
  });

  it("prints the logo and embedded fonts", async () => {
    // A 6×2 red PNG.
    const logo: ReportLogo = {
      contentType: "image/png",
      base64: "iVBORw0KGgoAAAANSUhEUgAAAAYAAAACCAIAAAD0PzoJAAAAEElEQVR42mM4ISeHhhgwhQDvrgwxeOf58AAAAABJRU5ErkJggg==",
    };
    const printed = await printPdf(env.BROWSER, renderReportHtml(content(), logo), { timeoutMs: PRINT_TIMEOUT_MS });
    const fonts = pdfFontNames(printed.bytes);

    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+KlampReportSans-(Regular|Bold)$/);
    expect(fonts.some((font) => font.endsWith("-Bold"))).toBe(true);
    expect(pdfImageCount(printed.bytes)).toBe(1);
    expect(printed.pageCount).toBe(await pdfPages(printed.bytes));
  });

  it("prints Greek in embedded fonts", async () => {
    const greek = "Αλέξανδρος Παπαδόπουλος";
    const symbols = "§ ± ° × ÷ • … ≤ ≥ ≈ ≠ ™";
    // "Źdźbło" with the acute accents as combining marks, as some systems type it.
    const decomposed = "Z\u0301dz\u0301bło";
    const report = content();
    const html = renderReportHtml(
      {
        ...report,
        freelancer: { ...report.freelancer, name: decomposed },
        client: { ...report.client, name: greek },
        project: { ...report.project, name: symbols },
      },
      null,
    );
    const printed = await printPdf(env.BROWSER, html, { timeoutMs: PRINT_TIMEOUT_MS });
    const text = (await pdfText(printed.bytes)).normalize("NFC");
    const fonts = await pdfFonts(printed.bytes);

    expect(text).toContain(greek);
    // pdftotext drops the narrow gaps between single symbols, so they are compared without spaces.
    expect(text).toContain(symbols.replace(/ /g, ""));
    expect(text).toContain("Źdźbło");
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+KlampReportSans-(Regular|Bold)$/);
      expect(font.embedded).toBe(true);
    }
  });

  // At these sizes the closing line used to be pushed alone onto the last page: after a
  // fix-request table, and after the note that there were none.
  it.each([
    { tasks: 27, fixRequests: 3 },
    { tasks: 29, fixRequests: 0 },
  ])("keeps closing line with content ($tasks tasks)", async ({ tasks, fixRequests }) => {
    const printed = await printPdf(env.BROWSER, renderReportHtml(sizedContent(tasks, fixRequests), null), { timeoutMs: PRINT_TIMEOUT_MS });
    const lastPage = await pdfText(printed.bytes, printed.pageCount);
    const rest = lastPage.replace(t.closing, "").replace(/Strona \d+ z \d+/, "").trim();

    expect(printed.pageCount).toBeGreaterThan(1);
    expect(lastPage).toContain(t.closing);
    expect(rest).not.toBe("");
  });

  it("repeats headers on 500 tasks", { timeout: 60_000 }, async () => {
    const tasks = Array.from({ length: 500 }, (_, index) => {
      const number = String(index + 1).padStart(3, "0");
      return task({
        id: `task-${number}`,
        name: `Zadanie ${number} Źdźbło`,
        amount: 100_000 + index,
        changes: [
          { kind: "created", at: "2026-03-02T10:00:00.000Z", amount: 100_000 + index, requiresAcceptance: false },
          { kind: "status_changed", at: "2026-03-03T10:00:00.000Z", from: "todo", to: "in_progress" },
          { kind: "status_changed", at: "2026-03-04T10:00:00.000Z", from: "in_progress", to: "done" },
        ],
      });
    });
    const printed = await printPdf(env.BROWSER, renderReportHtml(content({ tasks, totals: summarizeTasks(tasks) }), null), {
      timeoutMs: PRINT_TIMEOUT_MS,
    });

    const pages = await pdfPages(printed.bytes);
    expect(printed.pageCount).toBe(pages);
    expect(pages).toBeGreaterThan(5);

    const pageTexts = await pdfPageTexts(printed.bytes);
    expect(pageTexts).toHaveLength(pages);

    const pageOfTask = new Map<string, number>();
    for (let page = 1; page <= pages; page++) {
      const text = pageTexts[page - 1];
      expect(text).toContain(`Strona ${page} z ${pages}`);
      const names = text.match(/Zadanie \d{3} Źdźbło/g)?.length ?? 0;
      if (names === 0) continue;
      expect(text).toMatch(new RegExp(`${t.columns.number} ${t.columns.name} ${t.columns.amount} ${t.columns.acceptance} ${t.columns.workStatus} ${t.columns.payment}`));
      for (const match of text.matchAll(/Zadanie (\d{3}) Źdźbło/g)) pageOfTask.set(match[1], page);
      // Each task's first change line is on the page of its name.
      for (const match of text.matchAll(/Zadanie (\d{3}) Źdźbło/g)) {
        const amount = formatMoney(100_000 + Number(match[1]) - 1).replace(/\u00a0/g, " ");
        expect(text).toContain(`02.03.2026 Utworzono za ${amount}`);
      }
      // A row is never split: each page has as many last change lines as task names.
      expect(text.match(/04\.03\.2026 Status: W trakcie → Zrobione/g)?.length ?? 0).toBe(names);
    }
    expect(pageOfTask.size).toBe(500);
  });

  it("runs no scripts", async () => {
    const html =
      "<!doctype html><html><body><p>Tekst</p>" +
      "<script>document.body.append('SKRYPT DZIAŁA')</script>" +
      "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" onerror=\"document.body.append('HANDLER DZIAŁA')\"></body></html>";
    const printed = await printPdf(env.BROWSER, html, { timeoutMs: PRINT_TIMEOUT_MS });
    const text = await pdfText(printed.bytes);

    expect(text).toContain("Tekst");
    expect(text).not.toContain("SKRYPT DZIAŁA");
    expect(text).not.toContain("HANDLER DZIAŁA");
    expect(printed.pageCount).toBe(1);
  });

  it("counts pages", () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj <</Type /Pages /Count 2>>\n2 0 obj <</Type /Page>>\n3 0 obj <</Type/Page >>\n");
    expect(countPdfPages(pdf)).toBe(2);
  });

  it("counts pages at the end of the bytes", () => {
    expect(countPdfPages(new TextEncoder().encode("<</Type /Page"))).toBe(1);
    expect(countPdfPages(new TextEncoder().encode("<</Type /Pag"))).toBe(0);
    expect(countPdfPages(new TextEncoder().encode("<</Type\n/Pagesx"))).toBe(0);
  });

  it("rejects a failing binding", async () => {
    const failing = { fetch: () => Promise.reject(new Error("binding down")) } as unknown as Fetcher;

    await expect(printPdf(failing, "<p>x</p>", { timeoutMs: 5_000 })).rejects.toThrow("binding down");
  });

  it("times out a hanging binding", async () => {
    const hanging = { fetch: () => new Promise<Response>(() => undefined) } as unknown as Fetcher;
    const started = Date.now();

    await expect(printPdf(hanging, "<p>x</p>", { timeoutMs: 200 })).rejects.toBeInstanceOf(PrintTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
