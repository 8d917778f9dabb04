// The report as a self-contained HTML page: embedded fonts, the logo as a data URL, no scripts
// and no external resources, so the browser fetches nothing. CONTRACT (filled in by the
// report-document owner).

import type { ReportContent, ReportLogo } from "~/reports/report-content";

/** The whole HTML document of a report, ready for page.setContent(). */
export function renderReportHtml(content: ReportContent, logo: ReportLogo | null): string {
  void content, logo;
  throw new Error("renderReportHtml: not implemented");
}
