/// <reference types="vite/client" />
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { reportSettings } from "~/db/schema";
import { reportSettingsText as t } from "~/i18n/pl";
import { checkLogo, LOGO_HEIGHT, LOGO_WIDTH } from "~/models/report-settings.server";
import { escapeHtml } from "~/utils/html";
import { checkImage, crc32, readImageDimensions } from "~/utils/image-dimensions.server";
import { inflateZlib } from "~/utils/zlib-inflate.server";
import jpegUrl from "./fixtures/logo-600x200.jpg?inline";
import pngUrl from "./fixtures/logo-600x200.png?inline";
import tallPngUrl from "./fixtures/logo-600x201.png?inline";
import { Browser, db, loggedInBrowser } from "./helpers";

// The image checks behind the report logo upload that go beyond the file's structure: a PNG's
// pixel data must inflate to exactly the size its header gives, and no EXIF Orientation may
// rotate or mirror the image. The broken files are built here from the committed fixtures of
// test/fixtures/make-logo-fixtures.sh.

const LOGO_PIXELS = LOGO_WIDTH * LOGO_HEIGHT;
const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes a base64 data URL as Vite's `?inline` import gives it. */
function dataUrlBytes(url: string): Uint8Array {
  return Uint8Array.from(atob(url.slice(url.indexOf(",") + 1)), (char) => char.charCodeAt(0));
}

const PNG = dataUrlBytes(pngUrl);
const JPEG = dataUrlBytes(jpegUrl);
const TALL_PNG = dataUrlBytes(tallPngUrl);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function uint32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/** Builds a PNG chunk with its length and a valid CRC. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = concat(new TextEncoder().encode(type), data);
  return concat(uint32(data.length), typeAndData, uint32(crc32(typeAndData)));
}

/** Splits a PNG into its chunks (type and data), after the signature. */
function chunksOf(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const chunks: { type: string; data: Uint8Array }[] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let offset = 8; offset < png.length; ) {
    const length = view.getUint32(offset);
    const type = new TextDecoder().decode(png.subarray(offset + 4, offset + 8));
    chunks.push({ type, data: png.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}

/** Rebuilds the fixture PNG with `idat` as its only IDAT chunk's data, every CRC valid. */
function withIdat(png: Uint8Array, idat: Uint8Array): Uint8Array {
  const chunks = chunksOf(png).filter((part) => part.type !== "IDAT");
  const iend = chunks.pop();
  if (iend?.type !== "IEND") throw new Error("the fixture does not end with IEND");
  return concat(PNG_SIGNATURE, ...chunks.map((part) => chunk(part.type, part.data)), chunk("IDAT", idat), chunk("IEND", new Uint8Array(0)));
}

/** Concatenates the data of a PNG's IDAT chunks. */
function idatOf(png: Uint8Array): Uint8Array {
  return concat(...chunksOf(png).filter((part) => part.type === "IDAT").map((part) => part.data));
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(data)]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

interface PngHeader {
  width: number;
  height: number;
  bitDepth?: number;
  colorType?: number;
  interlaced?: boolean;
}

/** Builds an RGBA (or `colorType`) PNG from already filtered, uncompressed pixel data. */
async function makePng(header: PngHeader, raw: Uint8Array, extraChunks: Uint8Array[] = []): Promise<Uint8Array> {
  const ihdr = concat(
    uint32(header.width),
    uint32(header.height),
    new Uint8Array([header.bitDepth ?? 8, header.colorType ?? 6, 0, 0, header.interlaced ? 1 : 0]),
  );
  return concat(PNG_SIGNATURE, chunk("IHDR", ihdr), ...extraChunks, chunk("IDAT", await deflate(raw)), chunk("IEND", new Uint8Array(0)));
}

/** Pixel data of `rows` rows of `width` RGBA pixels, each row starting with filter type `filter(row)`. */
function rgbaRows(width: number, rows: number, filter: (row: number) => number = () => 0): Uint8Array {
  const rowLength = 1 + width * 4;
  const raw = new Uint8Array(rows * rowLength);
  for (let row = 0; row < rows; row++) {
    raw[row * rowLength] = filter(row);
    for (let i = 1; i < rowLength; i++) raw[row * rowLength + i] = (row * 31 + i * 7) & 0xff;
  }
  return raw;
}

/**
 * Pixel data of an interlaced RGBA image, built pixel by pixel: each Adam7 pass takes every
 * pixel whose column and row fall on its grid, and each of its non-empty rows gets a filter byte.
 */
function adam7Rows(width: number, height: number): Uint8Array {
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  const bytes: number[] = [];
  for (const [column0, row0, columnStep, rowStep] of passes) {
    for (let y = row0; y < height; y += rowStep) {
      const pixels: number[] = [];
      for (let x = column0; x < width; x += columnStep) pixels.push(x, y, x ^ y, 255);
      if (pixels.length > 0) bytes.push(0, ...pixels.map((value) => value & 0xff));
    }
  }
  return new Uint8Array(bytes);
}

/** Builds an Exif block (TIFF structure) whose IFD0 has one Orientation entry, in either byte order. */
function tiffWithOrientation(orientation: number, littleEndian: boolean, magic = 42): Uint8Array {
  const tiff = new Uint8Array(8 + 2 + 12 + 4);
  const view = new DataView(tiff.buffer);
  tiff.set(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d]);
  view.setUint16(2, magic, littleEndian);
  view.setUint32(4, 8, littleEndian);
  view.setUint16(8, 1, littleEndian);
  view.setUint16(10, 0x0112, littleEndian);
  view.setUint16(12, 3, littleEndian);
  view.setUint32(14, 1, littleEndian);
  view.setUint16(18, orientation, littleEndian);
  return tiff;
}

/** The fixture JPEG with an APP1 Exif segment after SOI. */
function jpegWithExif(tiff: Uint8Array): Uint8Array {
  const payload = concat(new TextEncoder().encode("Exif\0\0"), tiff);
  const segment = concat(new Uint8Array([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload);
  return concat(JPEG.subarray(0, 2), segment, JPEG.subarray(2));
}

/** The fixture PNG with an eXIf chunk after IHDR. */
function pngWithExif(tiff: Uint8Array): Uint8Array {
  const afterIhdr = 8 + 25;
  return concat(PNG.subarray(0, afterIhdr), chunk("eXIf", tiff), PNG.subarray(afterIhdr));
}

/** The reviewer's PNG: the fixture's chunks with valid CRCs, but IDAT data that is no zlib stream. */
const GARBAGE_IDAT_PNG = withIdat(PNG, new TextEncoder().encode("not zlib at all"));

describe("inflateZlib", () => {
  it("matches zlib on every block type", async () => {
    const random = crypto.getRandomValues(new Uint8Array(60_000));
    const text = new TextEncoder().encode("Klamp");
    const repeated = new TextEncoder().encode("Zadanie 12 zaakceptowane, 1 234,56 zł. ".repeat(1000));
    const blockTypes = new Set<number>();
    for (const data of [random, text, repeated]) {
      const compressed = await deflate(data);
      // The first block's type is bits 1–2 of the byte after the two-byte zlib header.
      blockTypes.add((compressed[2] >> 1) & 3);
      expect(inflateZlib(compressed, data.length)).toEqual({ ok: true, data });
    }
    // Stored, fixed Huffman and dynamic Huffman blocks.
    expect([...blockTypes].sort()).toEqual([0, 1, 2]);
  });

  it("rejects a truncated stream", async () => {
    const data = rgbaRows(600, 200);
    const compressed = await deflate(data);
    expect(inflateZlib(compressed.subarray(0, compressed.length - 1), data.length)).toEqual({ ok: false, reason: "invalid" });
    expect(inflateZlib(compressed.subarray(0, compressed.length >> 1), data.length)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rejects a wrong Adler-32", async () => {
    const compressed = (await deflate(rgbaRows(10, 10))).slice();
    compressed[compressed.length - 1] ^= 1;
    expect(inflateZlib(compressed, 10_000)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rejects bytes after the stream", async () => {
    const compressed = await deflate(rgbaRows(10, 10));
    expect(inflateZlib(concat(compressed, new Uint8Array([0])), 10_000)).toEqual({ ok: false, reason: "invalid" });
  });

  it("rejects a preset dictionary", async () => {
    const compressed = (await deflate(rgbaRows(10, 10))).slice();
    // 0x78 0xBB passes the header check and sets FDICT.
    compressed[1] = 0xbb;
    expect(inflateZlib(compressed, 10_000)).toEqual({ ok: false, reason: "invalid" });
  });

  it("stops a bomb at the limit", async () => {
    const bomb = await deflate(new Uint8Array(20 * 1024 * 1024));
    const started = Date.now();
    expect(inflateZlib(bomb, 480_200)).toEqual({ ok: false, reason: "too_long" });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("PNG pixel data", () => {
  it("accepts the real fixtures", () => {
    expect(checkImage(PNG, { maxPixels: LOGO_PIXELS })).toEqual({ ok: true, contentType: "image/png", width: 600, height: 200 });
    expect(checkImage(JPEG, { maxPixels: LOGO_PIXELS })).toEqual({ ok: true, contentType: "image/jpeg", width: 600, height: 200 });
    expect(checkImage(TALL_PNG, { maxPixels: 600 * 201 })).toEqual({ ok: true, contentType: "image/png", width: 600, height: 201 });
  });

  it("rejects IDAT that is not zlib", () => {
    // The structure alone passes: every chunk's CRC is valid.
    expect(readImageDimensions(GARBAGE_IDAT_PNG)).toEqual({ ok: true, contentType: "image/png", width: 600, height: 200 });
    expect(checkImage(GARBAGE_IDAT_PNG, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a truncated zlib stream", () => {
    const idat = idatOf(PNG);
    const truncated = withIdat(PNG, idat.subarray(0, idat.length - 8));
    expect(readImageDimensions(truncated).ok).toBe(true);
    expect(checkImage(truncated, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a row too few or too many", async () => {
    const short = await makePng({ width: 600, height: 200 }, rgbaRows(600, 199));
    const long = await makePng({ width: 600, height: 200 }, rgbaRows(600, 201));
    expect(checkImage(short, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "corrupt" });
    expect(checkImage(long, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "corrupt" });
  });

  it("accepts filter types 0 to 4", async () => {
    const png = await makePng({ width: 600, height: 200 }, rgbaRows(600, 200, (row) => row % 5));
    expect(checkImage(png, { maxPixels: LOGO_PIXELS })).toEqual({ ok: true, contentType: "image/png", width: 600, height: 200 });
  });

  it("rejects a filter type of 5", async () => {
    const png = await makePng({ width: 600, height: 200 }, rgbaRows(600, 200, (row) => (row === 117 ? 5 : 0)));
    expect(checkImage(png, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "corrupt" });
  });

  it("sizes rows by bit depth", async () => {
    // 1-bit grey: 601 pixels need 76 bytes a row. 16-bit RGBA: 8 bytes a pixel.
    const grey = new Uint8Array(3 * 77);
    const png = await makePng({ width: 601, height: 3, bitDepth: 1, colorType: 0 }, grey);
    expect(checkImage(png, { maxPixels: LOGO_PIXELS })).toMatchObject({ ok: true, width: 601, height: 3 });
    const deep = await makePng({ width: 600, height: 200, bitDepth: 16 }, new Uint8Array(200 * (1 + 600 * 8)));
    expect(checkImage(deep, { maxPixels: LOGO_PIXELS })).toMatchObject({ ok: true });
    const shallow = await makePng({ width: 600, height: 200, bitDepth: 16 }, rgbaRows(600, 200));
    expect(checkImage(shallow, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "corrupt" });
  });

  it("accepts interlaced PNGs", async () => {
    // 1×1 and 3×2 leave passes with no columns or no rows.
    for (const [width, height] of [
      [600, 200],
      [1, 1],
      [3, 2],
      [9, 5],
    ]) {
      const png = await makePng({ width, height, interlaced: true }, adam7Rows(width, height));
      expect(checkImage(png, { maxPixels: LOGO_PIXELS }), `${width}×${height}`).toMatchObject({ ok: true, width, height });
    }
  });

  it("rejects interlaced data of the wrong length", async () => {
    const flat = await makePng({ width: 600, height: 200, interlaced: true }, rgbaRows(600, 200));
    expect(checkImage(flat, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a decompression bomb quickly", async () => {
    const bomb = withIdat(PNG, await deflate(new Uint8Array(20 * 1024 * 1024)));
    const started = Date.now();
    expect(checkLogo(bomb)).toEqual({ ok: false, code: "corrupt" });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("rejects IDAT chunks split by another chunk", () => {
    const idat = idatOf(PNG);
    const [ihdr] = chunksOf(PNG);
    const split = concat(
      PNG_SIGNATURE,
      chunk("IHDR", ihdr.data),
      chunk("IDAT", idat.subarray(0, 100)),
      chunk("tEXt", new TextEncoder().encode("Comment\0Klamp")),
      chunk("IDAT", idat.subarray(100)),
      chunk("IEND", new Uint8Array(0)),
    );
    expect(readImageDimensions(split)).toEqual({ ok: false, reason: "corrupt" });
    const together = concat(
      PNG_SIGNATURE,
      chunk("IHDR", ihdr.data),
      chunk("IDAT", idat.subarray(0, 100)),
      chunk("IDAT", idat.subarray(100)),
      chunk("IEND", new Uint8Array(0)),
    );
    expect(checkImage(together, { maxPixels: LOGO_PIXELS })).toMatchObject({ ok: true });
  });

  it("reports too many pixels before inflating", () => {
    const [ihdr] = chunksOf(GARBAGE_IDAT_PNG);
    const huge = ihdr.data.slice();
    new DataView(huge.buffer).setUint32(0, 100_000);
    const png = concat(PNG_SIGNATURE, chunk("IHDR", huge), GARBAGE_IDAT_PNG.subarray(8 + 25));
    expect(checkImage(png, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "too_many_pixels", width: 100_000, height: 200 });
  });
});

describe("EXIF orientation", () => {
  for (const littleEndian of [true, false]) {
    const order = littleEndian ? "II" : "MM";

    it(`rejects orientation 6 (${order})`, () => {
      const rotated = jpegWithExif(tiffWithOrientation(6, littleEndian));
      // The structure alone passes, with the stored size.
      expect(readImageDimensions(rotated)).toMatchObject({ ok: true, width: 600, height: 200 });
      expect(checkImage(rotated, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "rotated", orientation: 6, width: 200, height: 600 });
    });

    it(`rejects orientation 3 (${order})`, () => {
      const upsideDown = jpegWithExif(tiffWithOrientation(3, littleEndian));
      expect(checkImage(upsideDown, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "rotated", orientation: 3, width: 600, height: 200 });
    });

    it(`accepts orientation 1 (${order})`, () => {
      const upright = jpegWithExif(tiffWithOrientation(1, littleEndian));
      expect(checkImage(upright, { maxPixels: LOGO_PIXELS })).toEqual({ ok: true, contentType: "image/jpeg", width: 600, height: 200 });
    });
  }

  it("ignores orientation 0", () => {
    expect(checkImage(jpegWithExif(tiffWithOrientation(0, true)), { maxPixels: LOGO_PIXELS })).toMatchObject({ ok: true });
  });

  it("rejects a broken Exif header", () => {
    expect(checkImage(jpegWithExif(tiffWithOrientation(1, true, 43)), { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a rotated PNG eXIf chunk", () => {
    const rotated = pngWithExif(tiffWithOrientation(8, false));
    expect(checkImage(rotated, { maxPixels: LOGO_PIXELS })).toEqual({ ok: false, reason: "rotated", orientation: 8, width: 200, height: 600 });
  });

  it("names the displayed size in the message", () => {
    expect(checkLogo(jpegWithExif(tiffWithOrientation(6, true)))).toEqual({ ok: false, code: "rotated", width: 200, height: 600 });
    expect(t.errors.rotated(200, 600)).toContain("obrót zapisany w EXIF");
    expect(t.errors.rotated(200, 600)).toContain("200×600 px");
  });
});

describe("logo upload content check", () => {
  function upload(browser: Browser, bytes: Uint8Array, name: string) {
    const form = new FormData();
    form.append("file", new File([new Uint8Array(bytes)], name, { type: "image/png" }));
    return browser.fetch("/settings/reports", { method: "POST", body: form });
  }

  async function storedLogos(userId: string) {
    const listed = await env.FILES.list({ prefix: `report-logos/${userId}/` });
    const rows = await db.select().from(reportSettings).where(eq(reportSettings.userId, userId));
    return { objects: listed.objects.length, rows: rows.length };
  }

  it("rejects a PNG that does not decode", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await upload(browser, GARBAGE_IDAT_PNG, "logo.png");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(escapeHtml(t.errors.corrupt));
    expect(await storedLogos(user.id)).toEqual({ objects: 0, rows: 0 });
  });

  it("rejects a rotated JPEG", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await upload(browser, jpegWithExif(tiffWithOrientation(6, false)), "logo.jpg");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(escapeHtml(t.errors.rotated(200, 600)));
    expect(await storedLogos(user.id)).toEqual({ objects: 0, rows: 0 });
  });
});
