// Small real files for the demo project's files panel, built in code so that the repository
// contains no binary fixtures: a PNG mock-up of a shop cart and a one-page PDF. The app types an
// upload by its first bytes (app/utils/file-type.server.ts), so both start with their real
// signatures and download as the formats their names say.
import { crc32, deflateSync } from "node:zlib";

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, checksum]);
}

/**
 * Builds a 240 × 150 RGB PNG that looks like a blurred shop screenshot: a header bar, three
 * cart rows, a total line and a green "checkout" button.
 */
export function cartScreenshotPng() {
  const width = 240;
  const height = 150;
  const shapes = [
    { x: 0, y: 0, w: 240, h: 22, color: [67, 56, 202] },
    { x: 12, y: 34, w: 216, h: 18, color: [226, 232, 240] },
    { x: 12, y: 58, w: 216, h: 18, color: [226, 232, 240] },
    { x: 12, y: 82, w: 216, h: 18, color: [226, 232, 240] },
    // The total the client reports as not refreshed: drawn in red.
    { x: 150, y: 108, w: 78, h: 10, color: [220, 38, 38] },
    { x: 150, y: 124, w: 78, h: 18, color: [22, 163, 74] },
  ];
  const rows = [];
  for (let y = 0; y < height; y++) {
    // Each scanline starts with filter type 0 (None).
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const shape = shapes.findLast((s) => x >= s.x && x < s.x + s.w && y >= s.y && y < s.y + s.h);
      const [r, g, b] = shape ? shape.color : [255, 255, 255];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter choice, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.concat(rows))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * Builds a one-page A4 PDF 1.4 with the given lines in Helvetica. The lines must be printable
 * ASCII, because the standard font's encoding has no Polish letters.
 */
export function simplePdf(lines) {
  for (const line of lines) {
    if (!/^[\x20-\x7e]*$/.test(line)) throw new Error(`simplePdf takes printable ASCII only, got "${line}"`);
  }
  const escaped = lines.map((line) => line.replace(/[\\()]/g, (char) => `\\${char}`));
  const text = escaped.map((line, index) => (index === 0 ? `(${line}) Tj` : `0 -22 Td (${line}) Tj`)).join("\n");
  const content = `BT\n/F1 14 Tf\n72 770 Td\n${text}\nET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
  ];

  let body = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, "latin1");
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, CR LF.
  const entries = offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n\r\n`).join("");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n${entries}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
