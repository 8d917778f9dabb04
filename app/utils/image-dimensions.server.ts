// Reads the type and pixel size of an uploaded image from its own bytes, never from the file name
// or the browser's Content-Type. Only PNG and JPEG are accepted, and only when the whole file has
// the structure of its type. So a PNG header followed by anything else (a JPEG body, a script)
// is rejected, because its chunks fail their CRC or the file does not end with IEND.
//
// checkImage goes further than the structure. A PNG's compressed pixel data must inflate to
// exactly the size its header gives. And an image must have no EXIF Orientation tag that rotates
// or mirrors it, because browsers, and so the PDF reports, honour that tag in JPEG APP1 segments
// and PNG eXIf chunks (checked with Debian's Chromium 156).

import { inflateZlib } from "~/utils/zlib-inflate.server";

export type ImageContentType = "image/png" | "image/jpeg";

export type ImageCheck =
  | { ok: true; contentType: ImageContentType; width: number; height: number }
  /** unsupported: neither a PNG nor a JPEG signature. corrupt: the signature matches, the structure does not. */
  | { ok: false; reason: "unsupported" | "corrupt" };

export type ImageContentCheck =
  | ImageCheck
  /**
   * An EXIF Orientation other than 1: viewers rotate or mirror the image. The width and height
   * are the size as displayed, which orientations 5–8 swap.
   */
  | { ok: false; reason: "rotated"; orientation: number; width: number; height: number }
  /** More pixels than the caller lets checkImage decode. The width and height are as stored. */
  | { ok: false; reason: "too_many_pixels"; width: number; height: number };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The PNG specification caps chunk lengths and dimensions at 2^31 - 1. */
const PNG_MAX_UINT = 0x7fffffff;

/** The type, size and the parts that checkImage reads further, as the structure walk found them. */
interface ImageStructure {
  contentType: ImageContentType;
  width: number;
  height: number;
  /** The TIFF-structured data of each Exif block: a JPEG's APP1 "Exif" segments, a PNG's eXIf chunks. */
  exif: Uint8Array[];
  /** PNG only: what checkImage needs to inflate the pixel data. */
  png: PngPixelData | null;
}

interface PngPixelData {
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** The data of each IDAT chunk in file order, which together are one zlib stream. */
  idat: Uint8Array[];
}

type StructureCheck = { ok: true; image: ImageStructure } | { ok: false; reason: "unsupported" | "corrupt" };

/** Reads the type, width and height of a PNG or JPEG file after checking its whole structure. */
export function readImageDimensions(bytes: Uint8Array): ImageCheck {
  const structure = readStructure(bytes);
  if (!structure.ok) return structure;
  const { contentType, width, height } = structure.image;
  return { ok: true, contentType, width, height };
}

/**
 * Checks an image as a browser will display it. After readImageDimensions' structure check, it
 * rejects an EXIF Orientation other than 1 as "rotated", with the displayed size. Then it
 * rejects an image of more than `maxPixels` pixels. Last, it rejects a PNG whose pixel data is
 * not one complete zlib stream of exactly the size IHDR gives, with a valid filter type on
 * every row. Inflating stops at that size, so `maxPixels` also bounds the memory the check
 * uses: at most 8 bytes a pixel (16-bit RGBA) plus a byte a row.
 */
export function checkImage(bytes: Uint8Array, options: { maxPixels: number }): ImageContentCheck {
  const structure = readStructure(bytes);
  if (!structure.ok) return structure;
  const { contentType, width, height, exif, png } = structure.image;

  const orientation = readExifOrientation(exif);
  if (orientation === null) return CORRUPT;
  if (orientation !== 1) {
    const swapped = orientation >= 5;
    return { ok: false, reason: "rotated", orientation, width: swapped ? height : width, height: swapped ? width : height };
  }

  if (width * height > options.maxPixels) return { ok: false, reason: "too_many_pixels", width, height };
  if (png && !hasCompletePixelData(png, width, height)) return CORRUPT;
  return { ok: true, contentType, width, height };
}

function readStructure(bytes: Uint8Array): StructureCheck {
  if (startsWith(bytes, PNG_SIGNATURE)) return readPng(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return readJpeg(bytes);
  return { ok: false, reason: "unsupported" };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

const CORRUPT = { ok: false, reason: "corrupt" } as const;

// PNG ------------------------------------------------------------------------------------------

let crcTable: Uint32Array | null = null;

/** Builds the CRC-32 table of the PNG specification (polynomial 0xEDB88320), once. */
function getCrcTable(): Uint32Array {
  if (crcTable) return crcTable;
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  crcTable = table;
  return table;
}

/** Computes the CRC-32 of bytes[start, end), as PNG stores it over a chunk's type and data. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const table = getCrcTable();
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = table[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

function isChunkType(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + 4; i++) {
    const byte = bytes[i];
    const letter = (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
    if (!letter) return false;
  }
  return true;
}

function chunkTypeAt(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
}

/** Valid bit depths of each PNG colour type. */
const PNG_BIT_DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/**
 * Walks every chunk from the signature to IEND, checking each chunk's length, type and CRC.
 * IHDR must come first with valid fields, at least one IDAT must follow, all IDAT chunks must
 * be consecutive, a palette image needs PLTE, and nothing may follow IEND.
 */
function readPng(bytes: Uint8Array): StructureCheck {
  let offset = PNG_SIGNATURE.length;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = -1;
  let interlaced = false;
  let sawPalette = false;
  let first = true;
  let previousType = "";
  const idat: Uint8Array[] = [];
  const exif: Uint8Array[] = [];

  for (;;) {
    if (offset + 12 > bytes.length) return CORRUPT;
    const length = readUint32(bytes, offset);
    if (length > PNG_MAX_UINT || offset + 12 + length > bytes.length) return CORRUPT;
    const typeOffset = offset + 4;
    if (!isChunkType(bytes, typeOffset)) return CORRUPT;
    const type = chunkTypeAt(bytes, typeOffset);
    const dataOffset = typeOffset + 4;
    const end = dataOffset + length;
    if (crc32(bytes, typeOffset, end) !== readUint32(bytes, end)) return CORRUPT;

    if (first) {
      if (type !== "IHDR" || length !== 13) return CORRUPT;
      width = readUint32(bytes, dataOffset);
      height = readUint32(bytes, dataOffset + 4);
      bitDepth = bytes[dataOffset + 8];
      colorType = bytes[dataOffset + 9];
      const [compression, filter, interlace] = [bytes[dataOffset + 10], bytes[dataOffset + 11], bytes[dataOffset + 12]];
      if (width === 0 || height === 0 || width > PNG_MAX_UINT || height > PNG_MAX_UINT) return CORRUPT;
      if (!PNG_BIT_DEPTHS[colorType]?.includes(bitDepth)) return CORRUPT;
      if (compression !== 0 || filter !== 0 || interlace > 1) return CORRUPT;
      interlaced = interlace === 1;
      first = false;
    } else if (type === "IHDR") {
      return CORRUPT;
    } else if (type === "PLTE") {
      sawPalette = true;
    } else if (type === "IDAT") {
      // The PNG specification requires several IDAT chunks to be consecutive.
      if (idat.length > 0 && previousType !== "IDAT") return CORRUPT;
      idat.push(bytes.subarray(dataOffset, end));
    } else if (type === "eXIf") {
      exif.push(bytes.subarray(dataOffset, end));
    } else if (type === "IEND") {
      if (length !== 0 || idat.length === 0 || (colorType === 3 && !sawPalette)) return CORRUPT;
      // Bytes after IEND would make the file something else as well (a polyglot).
      if (end + 4 !== bytes.length) return CORRUPT;
      const png = { bitDepth, colorType, interlaced, idat };
      return { ok: true, image: { contentType: "image/png", width, height, exif, png } };
    }
    previousType = type;
    offset = end + 4;
  }
}

// JPEG -----------------------------------------------------------------------------------------

/**
 * Start-of-frame markers accepted: baseline (C0), extended sequential (C1) and progressive (C2)
 * Huffman coding, which common encoders write. Lossless, hierarchical and arithmetic-coded
 * frames are rejected as corrupt. The report must print the logo, and browser support for those
 * frame types is uncertain (not checked here).
 */
const SUPPORTED_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
/** Every start-of-frame marker (C0–CF except DHT C4, JPG C8 and DAC CC). */
const FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const SOS = 0xda;
const EOI = 0xd9;
const APP1 = 0xe1;
/** "Exif" and two zero bytes, which start an APP1 segment holding Exif data in TIFF structure. */
const EXIF_IDENTIFIER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00];

function isRestartMarker(marker: number): boolean {
  return marker >= 0xd0 && marker <= 0xd7;
}

/**
 * Walks the segments from SOI: each marker segment by its length, each scan's entropy-coded
 * data up to the next marker, until EOI, which must be the last two bytes. The size comes from
 * the one start-of-frame segment, which must come before the first scan.
 */
function readJpeg(bytes: Uint8Array): StructureCheck {
  let offset = 2;
  let width = 0;
  let height = 0;
  let sawFrame = false;
  let sawScan = false;
  const exif: Uint8Array[] = [];

  for (;;) {
    if (offset >= bytes.length || bytes[offset] !== 0xff) return CORRUPT;
    // A marker may be preceded by any number of 0xFF fill bytes.
    while (offset < bytes.length && bytes[offset] === 0xff) offset++;
    if (offset >= bytes.length) return CORRUPT;
    const marker = bytes[offset];
    offset++;

    if (marker === EOI) {
      if (!sawFrame || !sawScan || offset !== bytes.length) return CORRUPT;
      return { ok: true, image: { contentType: "image/jpeg", width, height, exif, png: null } };
    }
    // A second SOI, a stuffed zero or a restart marker cannot start a segment here.
    if (marker === 0xd8 || marker === 0x00 || isRestartMarker(marker)) return CORRUPT;
    // TEM has no length field.
    if (marker === 0x01) continue;

    if (offset + 2 > bytes.length) return CORRUPT;
    const length = (bytes[offset] << 8) | bytes[offset + 1];
    if (length < 2 || offset + length > bytes.length) return CORRUPT;
    const segment = offset + 2;
    offset += length;

    if (FRAME_MARKERS.has(marker)) {
      if (sawFrame || sawScan || !SUPPORTED_FRAMES.has(marker) || length < 8) return CORRUPT;
      height = (bytes[segment + 1] << 8) | bytes[segment + 2];
      width = (bytes[segment + 3] << 8) | bytes[segment + 4];
      const components = bytes[segment + 5];
      // A height of 0 defers it to a DNL segment after the first scan, which this check does not read.
      if (width === 0 || height === 0 || components === 0 || length !== 8 + components * 3) return CORRUPT;
      sawFrame = true;
    } else if (marker === APP1 && startsWith(bytes.subarray(segment, offset), EXIF_IDENTIFIER)) {
      exif.push(bytes.subarray(segment + EXIF_IDENTIFIER.length, offset));
    } else if (marker === SOS) {
      if (!sawFrame) return CORRUPT;
      sawScan = true;
      const next = skipEntropyCodedData(bytes, offset);
      if (next === -1) return CORRUPT;
      offset = next;
    }
  }
}

/**
 * Returns the offset of the first marker after a scan's entropy-coded data: a 0xFF that is not
 * a stuffed zero (FF 00), a fill byte or a restart marker. Returns -1 when the data runs to the
 * end of the file.
 */
function skipEntropyCodedData(bytes: Uint8Array, offset: number): number {
  let i = offset;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) {
      i++;
      continue;
    }
    let next = i + 1;
    while (next < bytes.length && bytes[next] === 0xff) next++;
    if (next >= bytes.length) return -1;
    const marker = bytes[next];
    if (marker === 0x00 || isRestartMarker(marker)) {
      i = next + 1;
      continue;
    }
    return i;
  }
  return -1;
}

// EXIF orientation -----------------------------------------------------------------------------

const ORIENTATION_TAG = 0x0112;
const TIFF_SHORT = 3;

/**
 * Reads the Orientation tag of every Exif block and returns the first value other than 1, or 1
 * when all are 1 or have no tag. Returns null when a block is not valid TIFF data or its tag is
 * not one SHORT value.
 */
function readExifOrientation(blocks: Uint8Array[]): number | null {
  let result = 1;
  for (const block of blocks) {
    const orientation = readTiffOrientation(block);
    if (orientation === null) return null;
    // Decoders ignore values outside 1–8: Chromium 156 showed 0, 9 and 65535 unrotated. So this check does too.
    const rotates = orientation >= 2 && orientation <= 8;
    if (rotates && result === 1) result = orientation;
  }
  return result;
}

/**
 * Reads the Orientation tag (0x0112) from IFD0 of TIFF-structured data in either byte order:
 * "II" little-endian or "MM" big-endian, the number 42, then the offset of IFD0. Returns 1 when
 * IFD0 has no such tag, and null when the header or IFD0 does not fit in the data.
 */
function readTiffOrientation(tiff: Uint8Array): number | null {
  if (tiff.length < 8) return null;
  let littleEndian: boolean;
  if (tiff[0] === 0x49 && tiff[1] === 0x49) littleEndian = true;
  else if (tiff[0] === 0x4d && tiff[1] === 0x4d) littleEndian = false;
  else return null;

  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, littleEndian) !== 42) return null;
  const ifd = view.getUint32(4, littleEndian);
  if (ifd < 8 || ifd + 2 > tiff.length) return null;
  const entries = view.getUint16(ifd, littleEndian);
  if (ifd + 2 + entries * 12 > tiff.length) return null;

  for (let entry = ifd + 2; entry < ifd + 2 + entries * 12; entry += 12) {
    if (view.getUint16(entry, littleEndian) !== ORIENTATION_TAG) continue;
    const type = view.getUint16(entry + 2, littleEndian);
    const count = view.getUint32(entry + 4, littleEndian);
    if (type !== TIFF_SHORT || count !== 1) return null;
    // A single SHORT sits in the first two bytes of the entry's value field.
    return view.getUint16(entry + 8, littleEndian);
  }
  return 1;
}

// PNG pixel data -------------------------------------------------------------------------------

/** Samples per pixel of each PNG colour type: grey, RGB, palette index, grey + alpha, RGBA. */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The Adam7 passes: the first column and row of each, then the step between columns and rows. */
const ADAM7_PASSES = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The highest PNG filter type (Paeth); 0 to 4 are the only ones defined. */
const MAX_FILTER_TYPE = 4;

/**
 * Returns the rows of the inflated pixel data: how many, and the length of each including its
 * filter-type byte. A non-interlaced image is one sub-image, an interlaced one has a sub-image
 * per Adam7 pass, and a pass with no columns or no rows has no bytes at all.
 */
function pixelDataRows(width: number, height: number, bitsPerPixel: number, interlaced: boolean): { count: number; length: number }[] {
  const subImages = interlaced
    ? ADAM7_PASSES.map(([column, row, columnStep, rowStep]) => ({
        width: width > column ? Math.ceil((width - column) / columnStep) : 0,
        height: height > row ? Math.ceil((height - row) / rowStep) : 0,
      }))
    : [{ width, height }];
  return subImages
    .filter((image) => image.width > 0 && image.height > 0)
    .map((image) => ({ count: image.height, length: 1 + Math.ceil((image.width * bitsPerPixel) / 8) }));
}

/**
 * Checks that the IDAT chunks hold one complete zlib stream that inflates to exactly the length
 * the image's size, bit depth, colour type and interlacing give, and that every row starts with
 * a filter type from 0 to 4. Inflating stops as soon as the output would pass that length.
 */
function hasCompletePixelData(png: PngPixelData, width: number, height: number): boolean {
  const bitsPerPixel = PNG_CHANNELS[png.colorType] * png.bitDepth;
  const rows = pixelDataRows(width, height, bitsPerPixel, png.interlaced);
  const expectedLength = rows.reduce((total, row) => total + row.count * row.length, 0);

  const inflated = inflateZlib(concatBytes(png.idat), expectedLength);
  if (!inflated.ok || inflated.data.length !== expectedLength) return false;

  let offset = 0;
  for (const row of rows) {
    for (let i = 0; i < row.count; i++) {
      if (inflated.data[offset] > MAX_FILTER_TYPE) return false;
      offset += row.length;
    }
  }
  return true;
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
