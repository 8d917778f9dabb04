// Writes a ZIP archive straight into an R2 multipart upload, so that neither the archive nor any
// file in it is ever whole in the Worker's memory (128 MB). fflate's streaming Zip emits the
// archive's bytes as entries are pushed, and they are uploaded in parts of EXPORT_PART_BYTES.

import { Zip, ZipDeflate, ZipPassThrough, type ZipInputFile } from "fflate";
import { warsawWallClock } from "~/utils/dates";
import { logError } from "~/utils/log.server";

/**
 * Size of every uploaded part but the last. R2 requires parts of at least 5 MiB, all of the
 * same size except the last, which may be smaller, and at most 10 000 parts per upload
 * (developers.cloudflare.com/r2/objects/multipart-objects). 8 MiB parts allow archives far
 * larger than MAX_ZIP_BYTES, and one part is all the writer keeps in memory.
 */
export const EXPORT_PART_BYTES = 8 * 1024 * 1024;

/**
 * fflate 0.8 writes no ZIP64 records, so offsets and sizes are 32-bit and the entry count is
 * 16-bit: the archive must stay below 4 GiB and 65 535 entries.
 */
export const MAX_ZIP_BYTES = 0xffff_ffff;
export const MAX_ZIP_ENTRIES = 0xffff;

/** The account's data does not fit in a ZIP without ZIP64. Retrying does not help. */
export class ZipTooLargeError extends Error {
  constructor(reason: string) {
    super(`ZIP archive too large: ${reason}`);
    this.name = "ZipTooLargeError";
  }
}

export interface ZipEntryOptions {
  /** Deflate the entry (text) or store it as it is (files that are compressed already or binary). */
  compress: boolean;
  /** Modification time shown by ZIP tools, as Europe/Warsaw wall-clock time. */
  modifiedAt: Date;
}

/**
 * Turns an instant into the Date whose local fields are the Europe/Warsaw wall clock, because
 * ZIP stores a modification time without a zone and fflate reads the Date's local fields.
 */
export function zipModifiedTime(instant: string | Date): Date {
  const clock = warsawWallClock(new Date(instant));
  return new Date(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/**
 * A ZIP archive being written to an R2 multipart upload. Add entries one at a time with
 * addEntry (awaiting each: fflate keeps in memory every entry added while another one is still
 * open), then call finish. After any error, call abort to drop the uploaded parts.
 */
export class R2ZipWriter {
  private readonly zip: Zip;
  private readonly parts: R2UploadedPart[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private written = 0;
  private entries = 0;
  private zipError: Error | null = null;

  private constructor(
    private readonly upload: R2MultipartUpload,
    private readonly partBytes: number,
  ) {
    this.zip = new Zip((error, chunk) => {
      if (error) this.zipError = error;
      else this.accept(chunk);
    });
  }

  /** Starts the multipart upload of the archive under `key`. */
  static async start(bucket: R2Bucket, key: string, options: { partBytes?: number; customMetadata?: Record<string, string> } = {}) {
    const upload = await bucket.createMultipartUpload(key, {
      httpMetadata: { contentType: "application/zip" },
      customMetadata: options.customMetadata,
    });
    return new R2ZipWriter(upload, options.partBytes ?? EXPORT_PART_BYTES);
  }

  /**
   * Adds one entry and streams `content` into it, uploading every full part on the way.
   * `path` must already be safe (see app/exports/zip-names.ts).
   */
  async addEntry(path: string, content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ZipEntryOptions): Promise<void> {
    if (this.entries + 1 > MAX_ZIP_ENTRIES) throw new ZipTooLargeError(`more than ${MAX_ZIP_ENTRIES} entries`);
    this.entries += 1;

    const entry: ZipInputFile & { push(chunk: Uint8Array, final?: boolean): void } = options.compress
      ? new ZipDeflate(path, { level: 6 })
      : new ZipPassThrough(path);
    entry.mtime = options.modifiedAt;
    this.zip.add(entry);
    for await (const chunk of content) {
      if (chunk.byteLength === 0) continue;
      entry.push(chunk);
      await this.flushFullParts();
    }
    entry.push(new Uint8Array(0), true);
    await this.flushFullParts();
  }

  /** Writes the central directory, uploads the last part and completes the upload. Returns the archive's size and entry count. */
  async finish(): Promise<{ size: number; entryCount: number }> {
    this.zip.end();
    await this.flushFullParts();
    if (this.pendingBytes > 0 || this.parts.length === 0) {
      this.parts.push(await this.upload.uploadPart(this.parts.length + 1, this.takeBytes(this.pendingBytes)));
    }
    await this.upload.complete(this.parts);
    return { size: this.written, entryCount: this.entries };
  }

  /** Aborts the multipart upload, so its parts are not kept. A failure is logged, and R2 drops unfinished uploads after 7 days anyway. */
  async abort(): Promise<void> {
    try {
      this.zip.terminate();
      await this.upload.abort();
    } catch (error) {
      logError("export.upload_abort_failed", error, { key: this.upload.key, uploadId: this.upload.uploadId });
    }
  }

  private accept(chunk: Uint8Array) {
    this.pending.push(chunk);
    this.pendingBytes += chunk.byteLength;
    this.written += chunk.byteLength;
  }

  private async flushFullParts(): Promise<void> {
    if (this.zipError) throw this.zipError;
    if (this.written > MAX_ZIP_BYTES) throw new ZipTooLargeError(`more than ${MAX_ZIP_BYTES} bytes`);
    while (this.pendingBytes >= this.partBytes) {
      this.parts.push(await this.upload.uploadPart(this.parts.length + 1, this.takeBytes(this.partBytes)));
    }
  }

  /** Removes the first `count` pending bytes and returns them as one array. */
  private takeBytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    let offset = 0;
    while (offset < count) {
      const head = this.pending[0];
      const needed = count - offset;
      if (head.byteLength <= needed) {
        out.set(head, offset);
        offset += head.byteLength;
        this.pending.shift();
      } else {
        out.set(head.subarray(0, needed), offset);
        this.pending[0] = head.subarray(needed);
        offset += needed;
      }
    }
    this.pendingBytes -= count;
    return out;
  }
}
