// The report queue's consumer: renders each queued report to PDF and stores it in R2.
// CONTRACT (filled in by the reports-model owner).

import type { Db } from "~/db/client.server";
import type { ReportJob } from "~/models/reports.server";

export interface ReportBatchDeps {
  db: Db;
  bucket: R2Bucket;
  browser: Fetcher;
  /** Per render attempt; tests shorten it. */
  renderTimeoutMs?: number;
}

export async function handleReportBatch(batch: MessageBatch<ReportJob>, deps: ReportBatchDeps): Promise<void> {
  void batch, deps;
  throw new Error("handleReportBatch: not implemented");
}

/** Messages that exhausted their deliveries: the report is marked failed, the message acknowledged. */
export async function handleReportDeadLetters(batch: MessageBatch<ReportJob>, db: Db): Promise<void> {
  void batch, db;
  throw new Error("handleReportDeadLetters: not implemented");
}
