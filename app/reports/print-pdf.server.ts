// Prints a report's HTML to an A4 PDF through the Browser Rendering binding with
// @cloudflare/puppeteer. CONTRACT (filled in by the report-document owner).

export interface PrintedPdf {
  bytes: Uint8Array;
  pageCount: number;
}

/** Prints self-contained HTML; rejects when the binding fails or `timeoutMs` passes, and always closes the browser. */
export async function printPdf(browser: Fetcher, html: string, options: { timeoutMs: number }): Promise<PrintedPdf> {
  void browser, html, options;
  throw new Error("printPdf: not implemented");
}
