import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { files, projects, users } from "~/db/schema";
import { randomId, sha256Hex } from "~/utils/crypto.server";
import { cleanFileName } from "~/utils/file-name";
import { allowedExtensions, detectFileType, type FileKind } from "~/utils/file-type.server";
import { ACCOUNT_STORAGE_BYTES, CLIENT_PROJECT_STORAGE_BYTES, MAX_FILE_BYTES } from "~/utils/files";
import { logError } from "~/utils/log.server";
import { multipartBoundary, readMultipart } from "~/utils/multipart.server";
import { activityInsertWhen } from "./activity.server";
import { notificationInsertWhen } from "./notifications.server";
import { clientIp, hitRateLimits, isRateLimited, RATE_LIMITS, type RateLimitRule } from "./rate-limit.server";
import { readPlan, runReadPlan } from "~/db/read-plan.server";

// Project files: uploaded by the freelancer or the client, stored in R2 under keys made here
// (never from the file name), typed by their first bytes, and counted against the freelancer's
// storage quota in users.storage_bytes. Client uploads also count against the project's
// projects.client_storage_bytes (at most CLIENT_PROJECT_STORAGE_BYTES) and their own rate limit
// per project, so a client link cannot fill the account or use up the freelancer's upload limit.

export type { FileKind } from "~/utils/file-type.server";
export type ProjectFile = typeof files.$inferSelect;

export { ACCOUNT_STORAGE_BYTES, CLIENT_PROJECT_STORAGE_BYTES, filesPageFrom, MAX_FILE_BYTES } from "~/utils/files";
export const FILES_PAGE_SIZE = 20;

/** Text fields sent with a file (a fix request's title and description fit): 64 KiB in all. */
const MAX_FIELDS_TOTAL_BYTES = 64 * 1024;
const MAX_PARTS = 20;
/** Headers of one part; a 10,000-character name in 4-byte UTF-8 characters fits. */
const MAX_PART_HEADER_BYTES = 48 * 1024;
/**
 * Bytes a multipart body may carry beyond the file: the text fields plus part headers and
 * boundaries. A Content-Length above maxFileBytes plus this is rejected before reading.
 */
export const MULTIPART_OVERHEAD_BYTES = MAX_FIELDS_TOTAL_BYTES + 64 * 1024;

export interface UploadedFile {
  /** Cleaned name (no path, no control or bidi characters, at most 200 characters). */
  name: string;
  bytes: Uint8Array;
  size: number;
  kind: FileKind;
  /** Decided from the first bytes; the browser's type is ignored. */
  contentType: string;
}

export type UploadError =
  /** The file, or the body as announced by Content-Length, is over `maxBytes`. */
  | { code: "too_large"; maxBytes: number }
  | { code: "empty" }
  /** The first bytes match no allowed type, or the file is markup (HTML, SVG, XML). */
  | { code: "type_not_allowed" }
  /** Too many or too long text fields. */
  | { code: "fields_too_large" }
  /** Not multipart/form-data, or a broken body. */
  | { code: "malformed" };

/**
 * Every reason an upload is rejected, for the routes to map to a message.
 * `project_quota_exceeded`: the client's files in the project would pass CLIENT_PROJECT_STORAGE_BYTES.
 */
export type UploadErrorCode = UploadError["code"] | "quota_exceeded" | "project_quota_exceeded" | "missing" | "rate_limited";

export type UploadFormResult = { ok: true; fields: Map<string, string>; file: UploadedFile | null } | { ok: false; error: UploadError };

/**
 * Reads a multipart/form-data upload without holding more than the limit in memory. A
 * Content-Length over `maxFileBytes` plus MULTIPART_OVERHEAD_BYTES is rejected before any of the
 * body is read. Otherwise the body is streamed, and reading stops as soon as the file passes
 * `maxFileBytes`. Only one file part is accepted, named `fileField` (default "file"), and a file
 * input left empty gives `file: null`. The returned file has its type checked against the
 * allowlist and its name cleaned.
 */
export async function readUploadForm(request: Request, opts: { maxFileBytes: number; fileField?: string }): Promise<UploadFormResult> {
  const boundary = multipartBoundary(request.headers.get("Content-Type"));
  if (!boundary || !request.body) return { ok: false, error: { code: "malformed" } };

  const announced = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(announced) && announced > opts.maxFileBytes + MULTIPART_OVERHEAD_BYTES) {
    return { ok: false, error: { code: "too_large", maxBytes: opts.maxFileBytes } };
  }

  const parsed = await readMultipart(request.body, boundary, {
    fileField: opts.fileField ?? "file",
    maxFileBytes: opts.maxFileBytes,
    maxFieldBytes: MAX_FIELDS_TOTAL_BYTES,
    maxFieldsTotalBytes: MAX_FIELDS_TOTAL_BYTES,
    maxParts: MAX_PARTS,
    maxHeaderBytes: MAX_PART_HEADER_BYTES,
  });
  if (!parsed.ok) {
    if (parsed.error === "too_large") return { ok: false, error: { code: "too_large", maxBytes: opts.maxFileBytes } };
    return { ok: false, error: { code: parsed.error } };
  }
  if (!parsed.file) return { ok: true, fields: parsed.fields, file: null };

  const { bytes, rawName } = parsed.file;
  if (bytes.length === 0) return { ok: false, error: { code: "empty" } };
  const type = detectFileType(bytes);
  if (!type) return { ok: false, error: { code: "type_not_allowed" } };
  return {
    ok: true,
    fields: parsed.fields,
    file: {
      name: cleanFileName(rawName, allowedExtensions(type.contentType)),
      bytes,
      size: bytes.length,
      kind: type.kind,
      contentType: type.contentType,
    },
  };
}

export interface FileScope {
  /** The freelancer who owns the project. */
  userId: string;
  projectId: string;
}

/**
 * The side that uploads a file. A client upload carries the token hash of the client link the
 * request came through. It is stored only while the project still has that hash, so an upload
 * that was under way when the link was disabled or regenerated stores nothing.
 */
export type Uploader = { uploadedBy: "freelancer" } | { uploadedBy: "client"; shareTokenHash: string };

export type StoreScope = FileScope &
  Uploader & {
    private?: boolean;
    fixRequestId?: string | null;
    /**
     * Whether a client upload writes a `file` notification (default true). Pass false when the
     * caller notifies of the upload itself, as a fix request with an attachment does.
     */
    notify?: boolean;
  };

export type StoreResult =
  /** `notificationId`: pass it to dispatchNotifications after this returns (null when none was written). */
  | { outcome: "stored"; file: ProjectFile; notificationId: string | null }
  /** `usedBytes`: the account's storage. */
  | { outcome: "quota_exceeded"; usedBytes: number }
  /** `usedBytes`: the client's files in the project. */
  | { outcome: "project_quota_exceeded"; usedBytes: number }
  /**
   * Nothing stored: the project was deleted or, for a client upload, its client link was
   * disabled or regenerated before the file was stored.
   */
  | { outcome: "not_found" };

/** Makes a new R2 key. It contains ids only, never any part of the file name. */
function newObjectKey(projectId: string): string {
  return `projects/${projectId}/${randomId()}`;
}

/** Builds the condition that the project is the user's and, for a client upload, still has the client's link. */
function projectStillOpen(scope: FileScope & Uploader): SQL {
  const guard = and(
    eq(projects.id, scope.projectId),
    eq(projects.userId, scope.userId),
    scope.uploadedBy === "client" ? eq(projects.shareTokenHash, scope.shareTokenHash) : undefined,
  );
  return sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${guard})`;
}

/**
 * Stores an uploaded file of a project. It first reserves the size with conditional UPDATEs:
 * for a client upload on projects.client_storage_bytes (while the link is unchanged), then on
 * users.storage_bytes. Each UPDATE is one statement, so parallel uploads cannot pass
 * CLIENT_PROJECT_STORAGE_BYTES or ACCOUNT_STORAGE_BYTES together. Then it puts the object in R2
 * and writes the `files` row, the activity row and (for a client upload) the notification in one
 * batch. The `files` INSERT runs only while the projectStillOpen condition is true.
 *
 * If the R2 put or the batch fails, it deletes the object, releases the reservations and
 * rethrows. If the INSERT wrote nothing, it cleans up the same way and returns not_found, as it
 * does when the client's link is gone before the reservation. The caller dispatches the
 * returned notification id. A freelancer upload to a project that is not the user's throws,
 * because callers load the project, scoped by its owner, before they read the upload.
 */
export async function storeProjectFile(db: Db, bucket: R2Bucket, scope: StoreScope, file: UploadedFile): Promise<StoreResult> {
  const { userId, projectId } = scope;

  if (scope.uploadedBy === "client") {
    const [reservedForClient] = await db
      .update(projects)
      .set({ clientStorageBytes: sql`${projects.clientStorageBytes} + ${file.size}` })
      .where(
        and(
          eq(projects.id, projectId),
          eq(projects.userId, userId),
          eq(projects.shareTokenHash, scope.shareTokenHash),
          sql`${projects.clientStorageBytes} + ${file.size} <= ${CLIENT_PROJECT_STORAGE_BYTES}`,
        ),
      )
      .returning({ id: projects.id });
    if (!reservedForClient) {
      const [project] = await db
        .select({ clientStorageBytes: projects.clientStorageBytes })
        .from(projects)
        .where(and(eq(projects.id, projectId), eq(projects.userId, userId), eq(projects.shareTokenHash, scope.shareTokenHash)));
      if (!project) return { outcome: "not_found" };
      return { outcome: "project_quota_exceeded", usedBytes: project.clientStorageBytes };
    }
  }

  const ownsProject = sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${projectId} AND ${projects.userId} = ${userId})`;
  const [reserved] = await db
    .update(users)
    .set({ storageBytes: sql`${users.storageBytes} + ${file.size}` })
    .where(and(eq(users.id, userId), sql`${users.storageBytes} + ${file.size} <= ${ACCOUNT_STORAGE_BYTES}`, ownsProject))
    .returning({
      projectName: sql<string>`(SELECT ${projects.name} FROM ${projects} WHERE ${projects.id} = ${projectId})`,
    });
  if (!reserved) {
    if (scope.uploadedBy === "client") await releaseClientStorage(db, scope, file.size);
    const [state] = await db
      .select({ usedBytes: users.storageBytes, ownsProject: sql<number>`${ownsProject}` })
      .from(users)
      .where(eq(users.id, userId));
    if (!state?.ownsProject) throw new Error(`storeProjectFile: project ${projectId} is not owned by user ${userId}`);
    return { outcome: "quota_exceeded", usedBytes: state.usedBytes };
  }

  const key = newObjectKey(projectId);
  const id = randomId();
  const notifies = scope.uploadedBy === "client" && scope.notify !== false;
  const notificationId = notifies ? randomId() : null;
  const now = new Date().toISOString();
  let stored: ProjectFile | undefined;
  try {
    await bucket.put(key, file.bytes, { httpMetadata: { contentType: file.contentType } });
    const isPrivate = scope.private ?? false;
    const written = sql`EXISTS (SELECT 1 FROM ${files} WHERE ${files.id} = ${id})`;
    // INSERT … SELECT with the values in the column order of the `files` table, so the row is
    // written only while the project (and the client's link) is still there.
    const [rows] = await db.batch([
      db
        .insert(files)
        .select(
          sql`SELECT ${id}, ${userId}, ${projectId}, ${key}, ${file.name}, ${file.size}, ${file.contentType}, ${file.kind},
                     ${scope.uploadedBy}, ${isPrivate ? 1 : 0}, ${scope.fixRequestId ?? null}, ${now}
              WHERE ${projectStillOpen(scope)}`,
        )
        .returning(),
      activityInsertWhen(
        db,
        {
          userId,
          projectId,
          actor: scope.uploadedBy,
          action: "file.uploaded",
          subjectType: "file",
          subjectId: id,
          data: { name: file.name, size: file.size, private: isPrivate },
        },
        written,
      ),
      ...(notificationId
        ? [
            notificationInsertWhen(
              db,
              { userId, projectId, type: "file", data: { projectName: reserved.projectName, fileName: file.name, size: file.size } },
              written,
              notificationId,
            ),
          ]
        : []),
    ]);
    stored = rows[0];
  } catch (error) {
    await discardUpload(db, bucket, scope, key, file.size);
    throw error;
  }
  if (!stored) {
    await discardUpload(db, bucket, scope, key, file.size);
    return { outcome: "not_found" };
  }
  return { outcome: "stored", file: stored, notificationId };
}

/** Deletes the R2 object of an upload that was not stored and releases its reservations, logging failures. */
async function discardUpload(db: Db, bucket: R2Bucket, scope: FileScope & Uploader, key: string, size: number): Promise<void> {
  const { userId, projectId } = scope;
  await bucket.delete(key).catch((cleanupError) => logError("files.cleanup_object_failed", cleanupError, { projectId, r2Key: key }));
  await db
    .update(users)
    .set({ storageBytes: sql`max(${users.storageBytes} - ${size}, 0)` })
    .where(eq(users.id, userId))
    .catch((cleanupError) => logError("files.release_quota_failed", cleanupError, { userId, size }));
  if (scope.uploadedBy === "client") {
    await releaseClientStorage(db, scope, size).catch((cleanupError) =>
      logError("files.release_client_quota_failed", cleanupError, { projectId, size }),
    );
  }
}

function releaseClientStorage(db: Db, scope: FileScope, size: number) {
  return db
    .update(projects)
    .set({ clientStorageBytes: sql`max(${projects.clientStorageBytes} - ${size}, 0)` })
    .where(and(eq(projects.id, scope.projectId), eq(projects.userId, scope.userId)));
}

/** Builds the condition for the files one side may see: the client never sees private files. */
function visibleTo(viewer: "freelancer" | "client"): SQL | undefined {
  return viewer === "client" ? eq(files.private, false) : undefined;
}

function listQuery(db: Db, scope: FileScope, viewer: "freelancer" | "client", page: number) {
  return db
    .select()
    .from(files)
    .where(and(eq(files.projectId, scope.projectId), eq(files.userId, scope.userId), visibleTo(viewer)))
    .orderBy(desc(files.createdAt), desc(files.id))
    .limit(FILES_PAGE_SIZE + 1)
    .offset((Math.max(1, page) - 1) * FILES_PAGE_SIZE);
}

/** Fields of a file that the files panel shows, without its storage key, owner or project id. */
export interface FileItem {
  id: string;
  name: string;
  size: number;
  contentType: string;
  uploadedBy: "freelancer" | "client";
  private: boolean;
  createdAt: string;
}

function toItem(row: ProjectFile): FileItem {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    uploadedBy: row.uploadedBy,
    private: row.private,
    createdAt: row.createdAt,
  };
}

function toPage(rows: ProjectFile[], page: number) {
  return { items: rows.slice(0, FILES_PAGE_SIZE).map(toItem), hasMore: rows.length > FILES_PAGE_SIZE, page: Math.max(1, page) };
}

/** Plans one page of a project's files for one side, newest first, FILES_PAGE_SIZE per page. */
export function projectFilesPlan(db: Db, scope: FileScope, options: { viewer: "freelancer" | "client"; page: number }) {
  return readPlan([listQuery(db, scope, options.viewer, options.page)], ([rows]) => toPage(rows, options.page));
}

/** Lists a project's files for one side, newest first, one page of FILES_PAGE_SIZE. One query. */
export async function listProjectFiles(db: Db, scope: FileScope, options: { viewer: "freelancer" | "client"; page: number }) {
  return runReadPlan(db, projectFilesPlan(db, scope, options));
}

/**
 * Plans the freelancer's files panel: a page of the project's files (private ones included)
 * and the storage the account uses.
 */
export function freelancerFilesPanelPlan(db: Db, scope: FileScope, page: number) {
  return readPlan(
    [listQuery(db, scope, "freelancer", page), db.select({ usedBytes: users.storageBytes }).from(users).where(eq(users.id, scope.userId))],
    ([rows, usage]) => ({ ...toPage(rows, page), usedBytes: usage[0]?.usedBytes ?? 0, quotaBytes: ACCOUNT_STORAGE_BYTES }),
  );
}

/** Reads the freelancer's files panel in one D1 batch (see freelancerFilesPanelPlan). */
export async function getFreelancerFilesPanel(db: Db, scope: FileScope, page: number) {
  return runReadPlan(db, freelancerFilesPanelPlan(db, scope, page));
}

/** Reads one file of the project for download; the client's view excludes private files. */
export async function getProjectFile(db: Db, scope: FileScope, viewer: "freelancer" | "client", fileId: string): Promise<ProjectFile | undefined> {
  const [row] = await db
    .select()
    .from(files)
    .where(and(eq(files.id, fileId), eq(files.projectId, scope.projectId), eq(files.userId, scope.userId), visibleTo(viewer)))
    .limit(1);
  return row;
}

/**
 * Deletes a file: the freelancer any file of the project, the client only a visible file the
 * client uploaded. The activity row, the quota releases and the row deletion run in one batch,
 * each conditional on the row still matching, so a parallel delete frees the quota once. The
 * quota releases are the account's and, for a file the client uploaded, the project's client
 * storage. The R2 object is deleted after the batch; a failure there is logged and leaves an
 * orphaned object.
 */
export async function deleteProjectFile(
  db: Db,
  bucket: R2Bucket,
  scope: FileScope & { actor: "freelancer" | "client" },
  fileId: string,
): Promise<{ outcome: "deleted"; name: string } | { outcome: "not_found" }> {
  const match = and(
    eq(files.id, fileId),
    eq(files.projectId, scope.projectId),
    eq(files.userId, scope.userId),
    scope.actor === "client" ? and(eq(files.uploadedBy, "client"), eq(files.private, false)) : undefined,
  );
  const existing = await db.select({ name: files.name, size: files.size }).from(files).where(match).limit(1);
  if (!existing[0]) return { outcome: "not_found" };

  const stillThere = sql`EXISTS (SELECT 1 FROM ${files} WHERE ${match})`;
  const clientFile = and(match, eq(files.uploadedBy, "client"));
  const [, , , deleted] = await db.batch([
    activityInsertWhen(
      db,
      {
        userId: scope.userId,
        projectId: scope.projectId,
        actor: scope.actor,
        action: "file.deleted",
        subjectType: "file",
        subjectId: fileId,
        data: { name: existing[0].name },
      },
      stillThere,
    ),
    db
      .update(users)
      .set({ storageBytes: sql`max(${users.storageBytes} - (SELECT ${files.size} FROM ${files} WHERE ${match}), 0)` })
      .where(and(eq(users.id, scope.userId), stillThere)),
    db
      .update(projects)
      .set({ clientStorageBytes: sql`max(${projects.clientStorageBytes} - (SELECT ${files.size} FROM ${files} WHERE ${clientFile}), 0)` })
      .where(and(eq(projects.id, scope.projectId), eq(projects.userId, scope.userId), sql`EXISTS (SELECT 1 FROM ${files} WHERE ${clientFile})`)),
    db.delete(files).where(match).returning({ r2Key: files.r2Key, name: files.name }),
  ]);
  const row = deleted[0];
  if (!row) return { outcome: "not_found" };
  try {
    await bucket.delete(row.r2Key);
  } catch (error) {
    logError("files.delete_object_failed", error, { projectId: scope.projectId, fileId });
  }
  return { outcome: "deleted", name: row.name };
}

/** Marks a file private (hidden from the client) or visible again. Freelancer only. */
export async function setFilePrivate(
  db: Db,
  scope: FileScope,
  fileId: string,
  isPrivate: boolean,
): Promise<{ outcome: "updated" | "unchanged"; name: string } | { outcome: "not_found" }> {
  const match = and(eq(files.id, fileId), eq(files.projectId, scope.projectId), eq(files.userId, scope.userId));
  const existing = await db.select({ name: files.name }).from(files).where(match).limit(1);
  if (!existing[0]) return { outcome: "not_found" };

  const changes = and(match, eq(files.private, !isPrivate));
  const [, updated] = await db.batch([
    activityInsertWhen(
      db,
      {
        userId: scope.userId,
        projectId: scope.projectId,
        actor: "freelancer",
        action: isPrivate ? "file.made_private" : "file.made_public",
        subjectType: "file",
        subjectId: fileId,
        data: { name: existing[0].name },
      },
      sql`EXISTS (SELECT 1 FROM ${files} WHERE ${changes})`,
    ),
    db.update(files).set({ private: isPrivate }).where(changes).returning({ id: files.id }),
  ]);
  return { outcome: updated.length > 0 ? "updated" : "unchanged", name: existing[0].name };
}

/** A reason an upload is rejected, with the storage in use for the quota codes. */
export interface UploadRejection {
  code: UploadErrorCode;
  /** The account's storage (quota_exceeded) or the client's files in the project (project_quota_exceeded). */
  usedBytes?: number;
}

/** The largest file one upload may carry, decided before its body is read. */
export interface UploadAllowance {
  /** MAX_FILE_BYTES, or less when a quota is nearer; 0 when a rate limit is used up. */
  maxFileBytes: number;
  /** The reason to report for a file over maxFileBytes when that is below MAX_FILE_BYTES. */
  overLimit: UploadRejection;
  /** An upload rate limit of this side is used up. */
  rateLimited: boolean;
}

/**
 * Lists the rate limits an upload counts against: the IP's (both sides) and the freelancer
 * account's for the freelancer, or the project's client-upload limit for the client, so that
 * a client link never uses up the freelancer's own limit.
 */
async function uploadRateLimits(request: Request, scope: FileScope & Uploader): Promise<[[string, RateLimitRule], [string, RateLimitRule]]> {
  const ip: [string, RateLimitRule] = [`file_upload:ip:${await sha256Hex(clientIp(request))}`, RATE_LIMITS.fileUploadPerIp];
  if (scope.uploadedBy === "client") return [ip, [`file_upload:project:${scope.projectId}`, RATE_LIMITS.clientFileUploadPerProject]];
  return [ip, [`file_upload:account:${scope.userId}`, RATE_LIMITS.fileUploadPerAccount]];
}

/** Counts one upload against the rate limits of its side and returns whether all of them allow it. */
export async function countUpload(db: Db, request: Request, scope: FileScope & Uploader): Promise<boolean> {
  return hitRateLimits(db, await uploadRateLimits(request, scope));
}

/**
 * Decides, before an upload's body is read, how large its file may be: MAX_FILE_BYTES, lowered
 * to the space left on the account and, for a client upload, to the space left of
 * CLIENT_PROJECT_STORAGE_BYTES in the project. readUploadForm then rejects a larger
 * Content-Length without reading the body and stops reading at that size. With `count` the
 * upload is counted against the rate limits here. Without it (a form whose file is optional)
 * the limits are only read, and the caller counts the upload with countUpload once a file
 * arrived. A used-up rate limit gives a maxFileBytes of 0.
 *
 * NOTE: the space is read, not reserved, so it is only a first check. storeProjectFile makes
 * the reservation, which stays correct under concurrency.
 */
export async function uploadAllowance(db: Db, request: Request, scope: FileScope & Uploader, options: { count: boolean }): Promise<UploadAllowance> {
  let rateLimited = false;
  if (options.count) {
    rateLimited = !(await countUpload(db, request, scope));
  } else {
    for (const [key, rule] of await uploadRateLimits(request, scope)) {
      if (await isRateLimited(db, key, rule)) rateLimited = true;
    }
  }
  if (rateLimited) return { maxFileBytes: 0, overLimit: { code: "rate_limited" }, rateLimited };

  const [usage] = await db
    .select({ accountBytes: users.storageBytes, clientBytes: projects.clientStorageBytes })
    .from(projects)
    .innerJoin(users, eq(users.id, projects.userId))
    .where(and(eq(projects.id, scope.projectId), eq(projects.userId, scope.userId)));
  const accountBytes = usage?.accountBytes ?? 0;
  const clientBytes = usage?.clientBytes ?? 0;
  let allowance: UploadAllowance = {
    maxFileBytes: Math.min(MAX_FILE_BYTES, Math.max(0, ACCOUNT_STORAGE_BYTES - accountBytes)),
    overLimit: { code: "quota_exceeded", usedBytes: accountBytes },
    rateLimited,
  };
  const projectFree = Math.max(0, CLIENT_PROJECT_STORAGE_BYTES - clientBytes);
  if (scope.uploadedBy === "client" && projectFree < allowance.maxFileBytes) {
    allowance = { maxFileBytes: projectFree, overLimit: { code: "project_quota_exceeded", usedBytes: clientBytes }, rateLimited };
  }
  return allowance;
}

/** Maps a readUploadForm error to the reason to report: a file over a lowered allowance is over that quota. */
export function uploadRejection(error: UploadError, allowance: UploadAllowance): UploadRejection {
  if (error.code === "too_large" && allowance.maxFileBytes < MAX_FILE_BYTES) return allowance.overLimit;
  return { code: error.code };
}

export type ReceiveUploadResult =
  | { outcome: "stored"; file: ProjectFile; notificationId: string | null }
  | ({ outcome: "rejected"; fields: Map<string, string> } & UploadRejection)
  /** The project, or for a client upload its client link, is gone (see StoreResult). */
  | { outcome: "not_found" };

/**
 * Handles an upload form posted to a project's files (field "file", and "private" = "1" when
 * `allowPrivate`). Before reading the body, it counts the upload against the rate limits of
 * its side and rejects a Content-Length that the free space cannot hold (uploadAllowance). Then
 * it reads the body with readUploadForm and stores the file with storeProjectFile. The caller
 * has already loaded the project, scoped by its owner.
 */
export async function receiveProjectUpload(
  db: Db,
  bucket: R2Bucket,
  request: Request,
  scope: FileScope & Uploader & { allowPrivate: boolean },
): Promise<ReceiveUploadResult> {
  const noFields = new Map<string, string>();
  const allowance = await uploadAllowance(db, request, scope, { count: true });
  if (allowance.rateLimited) return { outcome: "rejected", code: "rate_limited", fields: noFields };

  const form = await readUploadForm(request, { maxFileBytes: allowance.maxFileBytes });
  if (!form.ok) return { outcome: "rejected", ...uploadRejection(form.error, allowance), fields: noFields };
  if (!form.file) return { outcome: "rejected", code: "missing", fields: form.fields };

  const uploader: Uploader = scope.uploadedBy === "client" ? { uploadedBy: "client", shareTokenHash: scope.shareTokenHash } : { uploadedBy: "freelancer" };
  const result = await storeProjectFile(
    db,
    bucket,
    { userId: scope.userId, projectId: scope.projectId, ...uploader, private: scope.allowPrivate && form.fields.get("private") === "1" },
    form.file,
  );
  if (result.outcome === "quota_exceeded" || result.outcome === "project_quota_exceeded") {
    return { outcome: "rejected", code: result.outcome, usedBytes: result.usedBytes, fields: form.fields };
  }
  return result;
}
