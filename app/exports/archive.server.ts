// Builds an account's export ZIP in R2: the tables (app/exports/datasets.server.ts), then the
// stored files (project files, ready report PDFs, the report logo), then json/files.json and
// README.txt. Every table and every file is one progress step.

import { and, count, eq, getTableColumns, gt, isNotNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { files, projects, reports, reportSettings } from "~/db/schema";
import { logWarn } from "~/utils/log.server";
import { DATASETS, EXPORT_PAGE_ROWS, keysetPages, rowidOf, writeJson, type DatasetContext } from "./datasets.server";
import { buildReadme } from "./readme";
import { safeZipSegment, ZipNameRegistry } from "./zip-names";
import { R2ZipWriter, zipModifiedTime } from "./zip-to-r2.server";

export interface ArchiveInput {
  exportId: string;
  userId: string;
  /** R2 key the ZIP is stored under. */
  key: string;
  account: { name: string; email: string };
  now: Date;
  /**
   * Called after each step with the steps done and the steps in all. It throws to stop the
   * export (the claim on the export was lost), and the upload is then aborted.
   */
  onProgress: (done: number, total: number) => Promise<void>;
}

export interface ArchiveResult {
  size: number;
  /** Stored files included: project files, report PDFs and the logo. */
  fileCount: number;
  /** ZIP paths of the files whose R2 object was missing. */
  missing: string[];
}

/** Steps after the tables: json/files.json. README.txt and the upload's completion are not counted. */
const STEPS_AFTER_FILES = 1;

const FILE_FOLDER = "pliki";
const REPORT_FOLDER = "raporty";

/** Counts the export's steps: one per table, per project file, per ready report, the logo, and json/files.json. */
export async function countExportSteps(db: Db, userId: string): Promise<number> {
  const [[fileRows], [reportRows], [logoRows]] = await db.batch([
    db.select({ total: count() }).from(files).where(eq(files.userId, userId)),
    db
      .select({ total: count() })
      .from(reports)
      .where(and(eq(reports.userId, userId), eq(reports.status, "ready"), isNotNull(reports.r2Key))),
    db
      .select({ total: count() })
      .from(reportSettings)
      .where(and(eq(reportSettings.userId, userId), isNotNull(reportSettings.logoKey))),
  ]);
  return DATASETS.length + fileRows.total + reportRows.total + logoRows.total + STEPS_AFTER_FILES;
}

/** Reads an R2 object's body chunk by chunk. A consumer that stops early cancels the rest. */
async function* bodyChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Gives every project of the account its folder name, unique among them, for pliki/ and raporty/ alike. */
async function projectFolders(db: Db, userId: string): Promise<Map<string, string>> {
  const registry = new ZipNameRegistry();
  const folders = new Map<string, string>();
  const pages = keysetPages((after) =>
    db
      .select({ rowid: rowidOf(projects), id: projects.id, name: projects.name })
      .from(projects)
      .where(and(eq(projects.userId, userId), gt(rowidOf(projects), after)))
      .orderBy(rowidOf(projects))
      .limit(EXPORT_PAGE_ROWS),
  );
  for await (const page of pages) {
    for (const row of page) folders.set(row.id, registry.claimFolder("projects", safeZipSegment(row.name, "projekt", "folder")));
  }
  return folders;
}

/** Tracks the steps done and reports each one through onProgress. */
class Steps {
  done = 0;

  constructor(
    readonly total: number,
    private readonly onProgress: ArchiveInput["onProgress"],
  ) {}

  async finishOne(): Promise<void> {
    this.done += 1;
    // Files uploaded while the export runs are included too, so the count can grow past the first total.
    await this.onProgress(this.done, Math.max(this.total, this.done));
  }
}

/** One stored object to copy into the ZIP. */
interface StoredObject {
  r2Key: string;
  path: string;
  createdAt: string;
}

/**
 * Writes the account's export to `input.key` as a multipart upload and returns its size, the
 * number of stored files included and the paths of those missing from R2. On any error the
 * upload is aborted and the error rethrown.
 */
export async function writeExportArchive(deps: { db: Db; bucket: R2Bucket }, input: ArchiveInput): Promise<ArchiveResult> {
  const { db, bucket } = deps;
  const steps = new Steps(await countExportSteps(db, input.userId), input.onProgress);
  await input.onProgress(0, steps.total);

  const writer = await R2ZipWriter.start(bucket, input.key, { customMetadata: { exportId: input.exportId } });
  try {
    const context: DatasetContext = { db, userId: input.userId, writer, modifiedAt: zipModifiedTime(input.now) };
    for (const dataset of DATASETS) {
      await dataset.write(context);
      await steps.finishOne();
    }

    const copied = await copyStoredFiles(deps, input, writer, steps);
    await writeFilesJson(context, copied.filePaths);
    await steps.finishOne();

    const readme = buildReadme({ exportId: input.exportId, account: input.account, madeAt: input.now, missing: copied.missing });
    await writer.addEntry("README.txt", [new TextEncoder().encode(readme)], { compress: true, modifiedAt: context.modifiedAt });

    const { size } = await writer.finish();
    return { size, fileCount: copied.fileCount, missing: copied.missing };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/**
 * Copies the project files, the ready reports and the logo into the ZIP, each as it is stored
 * (no compression). An object missing from R2 is skipped and listed. Returns the ZIP path of
 * each project file by id (null when missing).
 *
 * NOTE: one delivery reads every object (one R2 call each) and pages every table (one D1 call
 * each). Cloudflare's Workers limits page caps subrequests per invocation (10 000 on the paid
 * plan when this was written). Whether binding calls count against that cap was not checked,
 * and no account with thousands of files was exported in a test.
 */
async function copyStoredFiles(deps: { db: Db; bucket: R2Bucket }, input: ArchiveInput, writer: R2ZipWriter, steps: Steps) {
  const { db, bucket } = deps;
  const folders = await projectFolders(db, input.userId);
  const names = new ZipNameRegistry();
  const missing: string[] = [];
  const filePaths = new Map<string, string | null>();
  let fileCount = 0;

  const copy = async (object: StoredObject): Promise<boolean> => {
    const stored = await bucket.get(object.r2Key);
    if (!stored) {
      logWarn("export.object_missing", { exportId: input.exportId, r2Key: object.r2Key });
      missing.push(object.path);
    } else {
      await writer.addEntry(object.path, bodyChunks(stored.body), { compress: false, modifiedAt: zipModifiedTime(object.createdAt) });
      fileCount += 1;
    }
    await steps.finishOne();
    return stored !== null;
  };

  const filePages = keysetPages((after) =>
    db
      .select({ rowid: rowidOf(files), id: files.id, projectId: files.projectId, name: files.name, r2Key: files.r2Key, createdAt: files.createdAt })
      .from(files)
      .where(and(eq(files.userId, input.userId), gt(rowidOf(files), after)))
      .orderBy(rowidOf(files))
      .limit(EXPORT_PAGE_ROWS),
  );
  for await (const page of filePages) {
    for (const file of page) {
      const folder = `${FILE_FOLDER}/${folders.get(file.projectId) ?? "projekt"}`;
      const path = names.claimFile(folder, safeZipSegment(file.name, "plik"));
      filePaths.set(file.id, (await copy({ r2Key: file.r2Key, path, createdAt: file.createdAt })) ? path : null);
    }
  }

  const reportPages = keysetPages((after) =>
    db
      .select({
        rowid: rowidOf(reports),
        projectId: reports.projectId,
        r2Key: reports.r2Key,
        periodStart: reports.periodStart,
        periodEnd: reports.periodEnd,
        createdAt: reports.createdAt,
      })
      .from(reports)
      .where(and(eq(reports.userId, input.userId), eq(reports.status, "ready"), isNotNull(reports.r2Key), gt(rowidOf(reports), after)))
      .orderBy(rowidOf(reports))
      .limit(EXPORT_PAGE_ROWS),
  );
  for await (const page of reportPages) {
    for (const report of page) {
      if (!report.r2Key) continue;
      const folder = `${REPORT_FOLDER}/${folders.get(report.projectId) ?? "projekt"}`;
      const path = names.claimFile(folder, safeZipSegment(`raport-${report.periodStart}-${report.periodEnd}.pdf`, "raport.pdf"));
      await copy({ r2Key: report.r2Key, path, createdAt: report.createdAt });
    }
  }

  const [logo] = await db
    .select({ key: reportSettings.logoKey, contentType: reportSettings.logoContentType, updatedAt: reportSettings.updatedAt })
    .from(reportSettings)
    .where(and(eq(reportSettings.userId, input.userId), isNotNull(reportSettings.logoKey)));
  if (logo?.key) {
    const extension = logo.contentType === "image/jpeg" ? "jpg" : "png";
    await copy({ r2Key: logo.key, path: `logo/logo-raportow.${extension}`, createdAt: logo.updatedAt });
  }

  return { fileCount, missing, filePaths };
}

/** Writes json/files.json: every project file's stored metadata with `zipPath`, its path in this ZIP (null when it was missing). */
function writeFilesJson(context: DatasetContext, filePaths: Map<string, string | null>): Promise<void> {
  const { r2Key: _r2Key, ...columns } = getTableColumns(files);
  const pages = keysetPages((after) =>
    context.db
      .select({ rowid: rowidOf(files), row: columns })
      .from(files)
      .where(and(eq(files.userId, context.userId), gt(rowidOf(files), after)))
      .orderBy(rowidOf(files))
      .limit(EXPORT_PAGE_ROWS),
  );
  return writeJson(context, "json/files.json", pages, ({ row }) => ({ ...row, zipPath: filePaths.get(row.id) ?? null }));
}
