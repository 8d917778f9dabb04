// Prints a report's HTML to an A4 PDF through the Browser Rendering binding with
// @cloudflare/puppeteer. The page runs without JavaScript and every request other than a
// data: URL is aborted, so a name in the report can neither run code nor fetch anything.

import puppeteer, { type Browser } from "@cloudflare/puppeteer";
import { reportDocumentText } from "~/i18n/pl";
import { REPORT_FONT_FAMILY, REPORT_FONT_REGULAR_WOFF2 } from "~/reports/fonts.generated";
import { logWarn } from "~/utils/log.server";

export interface PrintedPdf {
  bytes: Uint8Array;
  pageCount: number;
}

/**
 * The error of a print that took longer than `timeoutMs`. A started browser session is closed
 * before it is thrown, and a session still starting is closed as soon as it starts.
 */
export class PrintTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`printPdf: timed out after ${timeoutMs} ms`);
    this.name = "PrintTimeoutError";
  }
}

/** The PDF's page size. */
export const A4_PAGE = { width: "210mm", height: "297mm" } as const;

/** Page margins of the PDF. The bottom margin leaves room for the footer with the page numbers. */
export const PDF_MARGIN = { top: "16mm", right: "14mm", bottom: "18mm", left: "14mm" } as const;

/** Prints self-contained HTML; rejects when the binding fails or `timeoutMs` passes, and always closes the browser. */
export async function printPdf(browser: Fetcher, html: string, options: { timeoutMs: number }): Promise<PrintedPdf> {
  const session: { browser: Browser | null } = { browser: null };
  const launching = puppeteer.launch(browser).then((launched) => {
    session.browser = launched;
    return launched;
  });
  const work = launching.then((launched) => renderPdf(launched, html, options.timeoutMs));

  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrintTimeoutError(options.timeoutMs)), options.timeoutMs);
  });

  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    // After a timeout the render runs on until the browser is closed, so its later rejection is expected.
    work.catch(() => undefined);
    if (session.browser) await closeQuietly(session.browser);
    // A launch still pending at the timeout gets its session closed once it starts.
    else void launching.then(closeQuietly, () => undefined);
  }
}

async function renderPdf(browser: Browser, html: string, timeoutMs: number): Promise<PrintedPdf> {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url().startsWith("data:")) void request.continue();
    else void request.abort("blockedbyclient");
  });

  await page.setContent(html, { waitUntil: "load", timeout: timeoutMs });
  const pdf = await page.pdf({
    // A4 in millimetres. Puppeteer's "A4" format is 8.27 × 11.7 inches, so its page is a point too tall.
    width: A4_PAGE.width,
    height: A4_PAGE.height,
    printBackground: true,
    margin: PDF_MARGIN,
    displayHeaderFooter: true,
    headerTemplate: "<span></span>",
    footerTemplate: footerTemplate(),
    timeout: timeoutMs,
  });

  const bytes = new Uint8Array(pdf);
  return { bytes, pageCount: countPdfPages(bytes) };
}

/**
 * Builds Chromium's footer template, in which Chromium fills the elements of class pageNumber
 * and totalPages. The footer is laid out apart from the page, so it embeds the regular font itself.
 */
function footerTemplate(): string {
  const [before, between, after] = reportDocumentText.pageFooter.split(/\{page\}|\{pages\}/);
  const fontFace =
    `@font-face{font-family:"${REPORT_FONT_FAMILY}";font-weight:400;` +
    `src:url(data:font/woff2;base64,${REPORT_FONT_REGULAR_WOFF2}) format("woff2")}`;
  return (
    `<style>${fontFace}</style>` +
    `<div style="box-sizing:border-box;width:100%;padding:0 ${PDF_MARGIN.right} 0 ${PDF_MARGIN.left};font-family:'${REPORT_FONT_FAMILY}',sans-serif;` +
    `font-size:8pt;color:#4b5563;text-align:right">` +
    `${escapeText(before ?? "")}<span class="pageNumber"></span>${escapeText(between ?? "")}` +
    `<span class="totalPages"></span>${escapeText(after ?? "")}</div>`
  );
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Counts the page objects of a PDF, which Chromium writes uncompressed as `/Type /Page`. */
export function countPdfPages(bytes: Uint8Array): number {
  // Scans the bytes in place: a 500-page PDF is several megabytes, too much to copy into a string.
  const type = asciiBytes("/Type");
  const page = asciiBytes("/Page");
  let count = 0;
  for (let offset = bytes.indexOf(SLASH); offset !== -1; offset = bytes.indexOf(SLASH, offset + 1)) {
    if (!matchesAt(bytes, offset, type)) continue;
    let next = offset + type.length;
    while (next < bytes.length && isPdfWhitespace(bytes[next])) next += 1;
    const after = next + page.length;
    // `/Pages` (the page tree) is not a page, so the keyword must end after `/Page`.
    if (matchesAt(bytes, next, page) && (after >= bytes.length || !isAsciiLetter(bytes[after]))) count += 1;
  }
  return count;
}

const SLASH = 0x2f;

function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function matchesAt(bytes: Uint8Array, offset: number, pattern: Uint8Array): boolean {
  if (offset + pattern.length > bytes.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    if (bytes[offset + i] !== pattern[i]) return false;
  }
  return true;
}

function isPdfWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
}

function isAsciiLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/** The max time closing a session may take, so a hung session cannot hold the caller. */
const CLOSE_TIMEOUT_MS = 5_000;

async function closeQuietly(browser: Browser): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
  });
  try {
    await Promise.race([browser.close(), giveUp]);
  } catch (error) {
    // Closing a broken session can fail, and by then the outcome of the print is decided.
    logWarn("report_pdf_close_failed", { error: String(error) });
  } finally {
    clearTimeout(timer);
  }
}
