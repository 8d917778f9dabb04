// Settings → "Raporty": the freelancer's logo (PNG or JPEG, exactly 600×200 px) in R2 and
// whether reports show it ("pokazuj logo w raporcie"). Each upload is stored under a new R2 key,
// and one D1 batch reads the previous key and switches the row to the new one. The previous
// object is deleted afterwards. So a report being rendered meanwhile reads either the old logo
// or the new one, and parallel uploads leave no object behind that a row no longer names.

import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { reportSettings } from "~/db/schema";
import type { ReportLogo } from "~/reports/report-content";
import { randomId, sha256Hex } from "~/utils/crypto.server";
import { checkImage, type ImageContentType } from "~/utils/image-dimensions.server";
import { logError, logWarn } from "~/utils/log.server";
import { LOGO_HEIGHT, LOGO_WIDTH, MAX_LOGO_BYTES } from "~/utils/report-logo";
import { activityInsert, activityInsertWhen } from "./activity.server";
import { readUploadForm } from "./files.server";
import { clientIp, hitRateLimits, RATE_LIMITS } from "./rate-limit.server";

export { LOGO_HEIGHT, LOGO_WIDTH, MAX_LOGO_BYTES } from "~/utils/report-logo";

export interface ReportSettingsView {
  /** The uploaded logo, or null when there is none. */
  logo: { contentType: ImageContentType; size: number; updatedAt: string } | null;
  /** "pokazuj logo w raporcie", which is only ever true while a logo is uploaded. */
  showLogo: boolean;
}

/** Reads the user's report settings. A user who never saved any gets no logo and showLogo off. */
export async function getReportSettings(db: Db, userId: string): Promise<ReportSettingsView> {
  const [row] = await db.select().from(reportSettings).where(eq(reportSettings.userId, userId)).limit(1);
  if (!row?.logoKey || !row.logoContentType) return { logo: null, showLogo: false };
  return {
    logo: { contentType: row.logoContentType, size: row.logoSize ?? 0, updatedAt: row.updatedAt },
    showLogo: row.showLogo,
  };
}

export type LogoRejection =
  /** The file input was left empty. */
  | { code: "missing" }
  | { code: "empty" }
  /** The file, or the body as announced by Content-Length, is over MAX_LOGO_BYTES. */
  | { code: "too_large"; maxBytes: number }
  /** Not a PNG or JPEG signature (SVG, GIF, text, …). */
  | { code: "type_not_allowed" }
  /**
   * A PNG or JPEG signature, but the rest of the file does not have that structure, or a PNG
   * whose pixel data does not inflate to the size its header gives.
   */
  | { code: "corrupt" }
  /** An EXIF Orientation other than 1, so viewers would rotate or mirror the logo. The size is as displayed. */
  | { code: "rotated"; width: number; height: number }
  /** A valid image whose size, read from its header, is not LOGO_WIDTH × LOGO_HEIGHT. */
  | { code: "wrong_size"; width: number; height: number }
  /** Not multipart/form-data, a broken body, or too many fields. */
  | { code: "malformed" }
  | { code: "rate_limited" };

export type LogoCheck = { ok: true; contentType: ImageContentType; width: number; height: number } | ({ ok: false } & LogoRejection);

/**
 * Checks that the bytes are a whole PNG or JPEG of exactly LOGO_WIDTH × LOGO_HEIGHT pixels that
 * browsers display as stored: a PNG's pixel data must decode, and no EXIF orientation may rotate
 * or mirror the image.
 */
export function checkLogo(bytes: Uint8Array): LogoCheck {
  if (bytes.length === 0) return { ok: false, code: "empty" };
  const image = checkImage(bytes, { maxPixels: LOGO_WIDTH * LOGO_HEIGHT });
  if (!image.ok) {
    switch (image.reason) {
      case "unsupported":
        return { ok: false, code: "type_not_allowed" };
      case "corrupt":
        return { ok: false, code: "corrupt" };
      case "rotated":
        return { ok: false, code: "rotated", width: image.width, height: image.height };
      case "too_many_pixels":
        return { ok: false, code: "wrong_size", width: image.width, height: image.height };
    }
  }
  if (image.width !== LOGO_WIDTH || image.height !== LOGO_HEIGHT) {
    return { ok: false, code: "wrong_size", width: image.width, height: image.height };
  }
  return image;
}

export type ReceiveLogoResult =
  /** `replaced`: a previous logo was deleted. `shown`: it is the first logo, so showing it was switched on. */
  | { outcome: "stored"; replaced: boolean; shown: boolean }
  | ({ outcome: "rejected" } & LogoRejection);

/**
 * Handles the logo upload form (multipart/form-data, file field "file"). It counts the upload
 * against reportLogoUploadPerAccount and fileUploadPerIp first, rejects a Content-Length over MAX_LOGO_BYTES
 * without reading the body, stops reading once the file passes MAX_LOGO_BYTES, checks the
 * image with checkLogo, and stores it with storeReportLogo.
 */
export async function receiveReportLogo(db: Db, bucket: R2Bucket, request: Request, userId: string): Promise<ReceiveLogoResult> {
  const allowed = await hitRateLimits(db, [
    [`report_logo_upload:account:${userId}`, RATE_LIMITS.reportLogoUploadPerAccount],
    // The IP's limit is the one project file uploads count against.
    [`file_upload:ip:${await sha256Hex(clientIp(request))}`, RATE_LIMITS.fileUploadPerIp],
  ]);
  if (!allowed) {
    return { outcome: "rejected", code: "rate_limited" };
  }

  const form = await readUploadForm(request, { maxFileBytes: MAX_LOGO_BYTES });
  if (!form.ok) {
    const { error } = form;
    if (error.code === "too_large") return { outcome: "rejected", code: "too_large", maxBytes: MAX_LOGO_BYTES };
    if (error.code === "fields_too_large") return { outcome: "rejected", code: "malformed" };
    return { outcome: "rejected", code: error.code };
  }
  if (!form.file) return { outcome: "rejected", code: "missing" };

  const check = checkLogo(form.file.bytes);
  if (!check.ok) {
    const { ok: _ok, ...rejection } = check;
    return { outcome: "rejected", ...rejection };
  }

  const stored = await storeReportLogo(db, bucket, { userId, bytes: form.file.bytes, contentType: check.contentType });
  return { outcome: "stored", ...stored };
}

function logoObjectKey(userId: string): string {
  return `report-logos/${userId}/${randomId()}`;
}

/**
 * Stores a checked logo. It puts the logo in R2 under a new key, then in one batch reads the
 * previous key, writes the activity rows and upserts the settings row. The first logo also
 * switches showing it on, with its own activity row, while a replaced logo keeps the user's
 * choice. The previous object is deleted after the batch. If the batch fails, the new object
 * is deleted instead.
 */
export async function storeReportLogo(
  db: Db,
  bucket: R2Bucket,
  input: { userId: string; bytes: Uint8Array; contentType: ImageContentType },
): Promise<{ replaced: boolean; shown: boolean }> {
  const { userId, bytes, contentType } = input;
  const key = logoObjectKey(userId);
  const now = new Date().toISOString();
  const hasNoLogo = sql`NOT EXISTS (SELECT 1 FROM ${reportSettings} WHERE ${reportSettings.userId} = ${userId} AND ${reportSettings.logoKey} IS NOT NULL)`;

  await bucket.put(key, bytes, { httpMetadata: { contentType } });
  let previousKey: string | null = null;
  try {
    const [previous] = await db.batch([
      db.select({ logoKey: reportSettings.logoKey }).from(reportSettings).where(eq(reportSettings.userId, userId)),
      activityInsert(db, {
        userId,
        actor: "freelancer",
        action: "account.report_logo_uploaded",
        data: { contentType, size: bytes.length, width: LOGO_WIDTH, height: LOGO_HEIGHT },
      }),
      activityInsertWhen(db, { userId, actor: "freelancer", action: "account.report_logo_shown" }, hasNoLogo),
      db
        .insert(reportSettings)
        .values({ userId, logoKey: key, logoContentType: contentType, logoSize: bytes.length, showLogo: true, updatedAt: now })
        .onConflictDoUpdate({
          target: reportSettings.userId,
          set: {
            logoKey: key,
            logoContentType: contentType,
            logoSize: bytes.length,
            // SET expressions read the row as it was, so this is "no logo until now".
            showLogo: sql`CASE WHEN ${reportSettings.logoKey} IS NULL THEN 1 ELSE ${reportSettings.showLogo} END`,
            updatedAt: now,
          },
        }),
    ]);
    previousKey = previous[0]?.logoKey ?? null;
  } catch (error) {
    await bucket.delete(key).catch((cleanupError) => logError("report_logo.cleanup_object_failed", cleanupError, { userId, r2Key: key }));
    throw error;
  }

  if (previousKey) await deleteLogoObject(bucket, userId, previousKey);
  return { replaced: previousKey !== null, shown: previousKey === null };
}

/** Deletes a logo object that no row names any more. A failure is logged and leaves an orphaned object. */
async function deleteLogoObject(bucket: R2Bucket, userId: string, key: string): Promise<void> {
  await bucket.delete(key).catch((error) => logError("report_logo.delete_object_failed", error, { userId, r2Key: key }));
}

/**
 * Removes the logo: clears it from the row, switches showing off and writes the activity row in
 * one batch, then deletes the R2 object. Returns "no_logo" when there was none to remove.
 */
export async function removeReportLogo(db: Db, bucket: R2Bucket, userId: string): Promise<"removed" | "no_logo"> {
  const withLogo = and(eq(reportSettings.userId, userId), isNotNull(reportSettings.logoKey));
  const [previous] = await db.batch([
    db.select({ logoKey: reportSettings.logoKey }).from(reportSettings).where(withLogo),
    activityInsertWhen(
      db,
      { userId, actor: "freelancer", action: "account.report_logo_removed" },
      sql`EXISTS (SELECT 1 FROM ${reportSettings} WHERE ${withLogo})`,
    ),
    db
      .update(reportSettings)
      .set({ logoKey: null, logoContentType: null, logoSize: null, showLogo: false, updatedAt: new Date().toISOString() })
      .where(withLogo),
  ]);
  const previousKey = previous[0]?.logoKey;
  if (!previousKey) return "no_logo";
  await deleteLogoObject(bucket, userId, previousKey);
  return "removed";
}

/**
 * Switches "pokazuj logo w raporcie" on or off, with its activity row in the same batch.
 * Returns "no_logo" when there is no logo to show (showing is off then anyway).
 */
export async function setReportLogoShown(db: Db, userId: string, show: boolean): Promise<"changed" | "unchanged" | "no_logo"> {
  const changes = and(eq(reportSettings.userId, userId), isNotNull(reportSettings.logoKey), eq(reportSettings.showLogo, !show));
  const [before] = await db.batch([
    db.select({ logoKey: reportSettings.logoKey, showLogo: reportSettings.showLogo }).from(reportSettings).where(eq(reportSettings.userId, userId)),
    activityInsertWhen(
      db,
      { userId, actor: "freelancer", action: show ? "account.report_logo_shown" : "account.report_logo_hidden" },
      sql`EXISTS (SELECT 1 FROM ${reportSettings} WHERE ${changes})`,
    ),
    db.update(reportSettings).set({ showLogo: show, updatedAt: new Date().toISOString() }).where(changes),
  ]);
  const row = before[0];
  if (!row?.logoKey) return "no_logo";
  return row.showLogo === show ? "unchanged" : "changed";
}

/** Reads the uploaded logo's R2 object for the settings preview, or null when there is no logo or the object is missing. */
export async function getReportLogoObject(
  db: Db,
  bucket: R2Bucket,
  userId: string,
): Promise<{ body: ReadableStream; size: number; contentType: ImageContentType } | null> {
  const [row] = await db.select().from(reportSettings).where(eq(reportSettings.userId, userId)).limit(1);
  if (!row?.logoKey || !row.logoContentType) return null;
  const object = await bucket.get(row.logoKey);
  if (!object) {
    logWarn("report_logo.object_missing", { userId, r2Key: row.logoKey });
    return null;
  }
  return { body: object.body, size: object.size, contentType: row.logoContentType };
}

/**
 * Loads the logo to print in the user's reports, as base64 for a data URL. Returns null when
 * none is uploaded, "pokazuj logo w raporcie" is off, or the R2 object is missing.
 */
export async function loadReportLogo(db: Db, bucket: R2Bucket, userId: string): Promise<ReportLogo | null> {
  // A logo replaced between reading the row and reading the object has had its old object
  // deleted, so a missing object is read once more from the row's new key.
  for (let attempt = 0; attempt < 2; attempt++) {
    const [row] = await db.select().from(reportSettings).where(eq(reportSettings.userId, userId)).limit(1);
    if (!row?.showLogo || !row.logoKey || !row.logoContentType) return null;
    const object = await bucket.get(row.logoKey);
    if (object) return { contentType: row.logoContentType, base64: toBase64(new Uint8Array(await object.arrayBuffer())) };
    logWarn("report_logo.object_missing", { userId, r2Key: row.logoKey, attempt });
  }
  // The report is printed without the logo rather than failing.
  return null;
}

/** Encodes bytes as standard base64. btoa takes a binary string, which is built in slices to bound the argument count. */
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice) binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  return btoa(binary);
}
