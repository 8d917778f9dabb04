// "Eksportuj dane": the data_exports rows, their claim by the export queue's consumer, and the
// download. See workers/exports.ts for the job itself.

/** The message the export queue carries. */
export interface ExportJob {
  exportId: string;
}
