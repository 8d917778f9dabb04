// Export facts that both the server and the browser need (the settings page polls while an
// export is active and links to its download), kept out of the .server modules the browser
// bundle leaves out.

import type { DataExport } from "~/db/schema";

export type ExportStatus = DataExport["status"];

/** States the consumer still works on: the settings page polls until they end. */
export function isExportActive(status: ExportStatus): boolean {
  return status === "queued" || status === "running";
}

/** Builds the download path. It works only in the owner's session, so it carries no token. */
export function exportDownloadPath(exportId: string): string {
  return `/export/${encodeURIComponent(exportId)}`;
}
