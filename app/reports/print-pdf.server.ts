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
    format: "A4",
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
  // One char per byte, so the PDF's ASCII keywords can be matched in its binary content.
  let text = "";
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  const matches = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return matches ? matches.length : 0;
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
