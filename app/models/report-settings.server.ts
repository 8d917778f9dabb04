// Settings → "Raporty": the freelancer's logo (PNG or JPEG, exactly 600×200 px) in R2 and
// whether reports show it. CONTRACT (filled in by the logo-settings owner).

import type { Db } from "~/db/client.server";
import type { ReportLogo } from "~/reports/report-content";

/** The logo to print in the user's reports: null when none is uploaded or "pokazuj logo w raporcie" is off. */
export async function loadReportLogo(db: Db, bucket: R2Bucket, userId: string): Promise<ReportLogo | null> {
  void db, bucket, userId;
  throw new Error("loadReportLogo: not implemented");
}
