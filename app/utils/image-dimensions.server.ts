// Reads the type and pixel size of an uploaded image from its own bytes, never from the file name
// or the browser's Content-Type. Only PNG and JPEG are accepted, and only when the whole file has
// the structure of its type. So a PNG header followed by anything else (a JPEG body, a script)
// is rejected, because its chunks fail their CRC or the file does not end with IEND.

export type ImageContentType = "image/png" | "image/jpeg";

export type ImageCheck =
  | { ok: true; contentType: ImageContentType; width: number; height: number }
  /** unsupported: neither a PNG nor a JPEG signature. corrupt: the signature matches, the structure does not. */
  | { ok: false; reason: "unsupported" | "corrupt" };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The PNG specification caps chunk lengths and dimensions at 2^31 - 1. */
const PNG_MAX_UINT = 0x7fffffff;

/** Reads the type, width and height of a PNG or JPEG file after checking its whole structure. */
export function readImageDimensions(bytes: Uint8Array): ImageCheck {
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
 * IHDR must come first with valid fields, at least one IDAT must follow, a palette image needs
 * PLTE, and nothing may follow IEND.
 */
function readPng(bytes: Uint8Array): ImageCheck {
  let offset = PNG_SIGNATURE.length;
  let width = 0;
  let height = 0;
  let colorType = -1;
  let sawPalette = false;
  let sawData = false;
  let first = true;

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
      const bitDepth = bytes[dataOffset + 8];
      colorType = bytes[dataOffset + 9];
      const [compression, filter, interlace] = [bytes[dataOffset + 10], bytes[dataOffset + 11], bytes[dataOffset + 12]];
      if (width === 0 || height === 0 || width > PNG_MAX_UINT || height > PNG_MAX_UINT) return CORRUPT;
      if (!PNG_BIT_DEPTHS[colorType]?.includes(bitDepth)) return CORRUPT;
      if (compression !== 0 || filter !== 0 || interlace > 1) return CORRUPT;
      first = false;
    } else if (type === "IHDR") {
      return CORRUPT;
    } else if (type === "PLTE") {
      sawPalette = true;
    } else if (type === "IDAT") {
      sawData = true;
    } else if (type === "IEND") {
      if (length !== 0 || !sawData || (colorType === 3 && !sawPalette)) return CORRUPT;
      // Bytes after IEND would make the file something else as well (a polyglot).
      if (end + 4 !== bytes.length) return CORRUPT;
      return { ok: true, contentType: "image/png", width, height };
    }
    offset = end + 4;
  }
}

// JPEG -----------------------------------------------------------------------------------------

/**
 * Start-of-frame markers accepted: baseline (C0), extended sequential (C1) and progressive (C2)
 * Huffman coding, which common encoders write. Lossless, hierarchical and arithmetic-coded
 * frames are rejected as corrupt, because browsers do not reliably decode them and the report
 * must print the logo.
 */
const SUPPORTED_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
/** Every start-of-frame marker (C0–CF except DHT C4, JPG C8 and DAC CC). */
const FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const SOS = 0xda;
const EOI = 0xd9;

function isRestartMarker(marker: number): boolean {
  return marker >= 0xd0 && marker <= 0xd7;
}

/**
 * Walks the segments from SOI: each marker segment by its length, each scan's entropy-coded
 * data up to the next marker, until EOI, which must be the last two bytes. The size comes from
 * the one start-of-frame segment, which must come before the first scan.
 */
function readJpeg(bytes: Uint8Array): ImageCheck {
  let offset = 2;
  let width = 0;
  let height = 0;
  let sawFrame = false;
  let sawScan = false;

  for (;;) {
    if (offset >= bytes.length || bytes[offset] !== 0xff) return CORRUPT;
    // A marker may be preceded by any number of 0xFF fill bytes.
    while (offset < bytes.length && bytes[offset] === 0xff) offset++;
    if (offset >= bytes.length) return CORRUPT;
    const marker = bytes[offset];
    offset++;

    if (marker === EOI) {
      if (!sawFrame || !sawScan || offset !== bytes.length) return CORRUPT;
      return { ok: true, contentType: "image/jpeg", width, height };
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
