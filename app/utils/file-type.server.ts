// File types decided from a file's first bytes (its signature), never from its name or the
// type the browser sent. Only the types below are accepted; SVG and any other markup never are,
// because a browser may run scripts inside them.

export type FileKind = "image" | "pdf" | "office" | "archive" | "text";

export interface DetectedType {
  kind: FileKind;
  contentType: string;
  /** Extension added to a name whose own extension does not fit the type (see allowedExtensions). */
  extension: string;
}

/**
 * Extensions a stored or served file name may end in, per detected content type, in lower
 * case. The first one is the type's own `extension`. A name ending in anything else gets that
 * extension appended, so a file saved from a download opens in the program for its real type.
 * For example, `oferta.html` detected as text becomes `oferta.html.txt`, and `faktura.pdf.bat`
 * detected as PDF becomes `faktura.pdf.bat.pdf`. No list contains an executable or script
 * extension.
 */
const EXTENSIONS_BY_TYPE: Record<string, readonly string[]> = {
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg", "jpe"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/pdf": ["pdf"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["pptx"],
  "application/vnd.oasis.opendocument.text": ["odt"],
  "application/vnd.oasis.opendocument.spreadsheet": ["ods"],
  "application/vnd.oasis.opendocument.presentation": ["odp"],
  "application/vnd.oasis.opendocument.graphics": ["odg"],
  "application/msword": ["doc"],
  "application/vnd.ms-excel": ["xls"],
  "application/vnd.ms-powerpoint": ["ppt"],
  "application/zip": ["zip"],
  "application/x-7z-compressed": ["7z"],
  "application/vnd.rar": ["rar"],
  "application/gzip": ["gz", "tgz"],
  // Text opened from disk goes to a text editor or a spreadsheet, never to a browser or a shell.
  "text/plain; charset=utf-8": ["txt", "csv", "tsv", "md", "log"],
};

/** Returns the extensions allowed for a content type (see EXTENSIONS_BY_TYPE), or [] for an unknown type. */
export function allowedExtensions(contentType: string): readonly string[] {
  return EXTENSIONS_BY_TYPE[contentType] ?? [];
}

/** Content types a browser may show inline: raster images it decodes without running anything. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

const OOXML_TYPES: Record<string, DetectedType> = {
  "word/": {
    kind: "office",
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension: "docx",
  },
  "xl/": { kind: "office", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx" },
  "ppt/": {
    kind: "office",
    contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    extension: "pptx",
  },
};


/** Names of the main stream of a legacy Word, Excel and PowerPoint compound file. */
const OLE_STREAMS: [string, DetectedType][] = [
  ["WordDocument", { kind: "office", contentType: "application/msword", extension: "doc" }],
  ["Workbook", { kind: "office", contentType: "application/vnd.ms-excel", extension: "xls" }],
  ["Book", { kind: "office", contentType: "application/vnd.ms-excel", extension: "xls" }],
  ["PowerPoint Document", { kind: "office", contentType: "application/vnd.ms-powerpoint", extension: "ppt" }],
];

const ZIP: DetectedType = { kind: "archive", contentType: "application/zip", extension: "zip" };

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

/** Decides the type of `bytes`, or returns null when it is not on the allowlist. */
export function detectFileType(bytes: Uint8Array): DetectedType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: "image", contentType: "image/png", extension: "png" };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: "image", contentType: "image/jpeg", extension: "jpg" };
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return { kind: "image", contentType: "image/gif", extension: "gif" };
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return { kind: "image", contentType: "image/webp", extension: "webp" };
  if (startsWith(bytes, ascii("%PDF-"))) return { kind: "pdf", contentType: "application/pdf", extension: "pdf" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return detectZipType(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return detectOleType(bytes);
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { kind: "archive", contentType: "application/x-7z-compressed", extension: "7z" };
  if (startsWith(bytes, [...ascii("Rar!"), 0x1a, 0x07, 0x00]) || startsWith(bytes, [...ascii("Rar!"), 0x1a, 0x07, 0x01, 0x00])) {
    return { kind: "archive", contentType: "application/vnd.rar", extension: "rar" };
  }
  if (startsWith(bytes, [0x1f, 0x8b, 0x08])) return { kind: "archive", contentType: "application/gzip", extension: "gz" };
  if (isPlainText(bytes)) return { kind: "text", contentType: "text/plain; charset=utf-8", extension: "txt" };
  return null;
}

/**
 * Tells an OpenDocument file (a stored `mimetype` entry first) and an Office Open XML file
 * (`[Content_Types].xml` and a word/, xl/ or ppt/ folder in the central directory) from a plain
 * ZIP archive. Any other ZIP, including ones this reader cannot parse (ZIP64), is an archive.
 */
function detectZipType(bytes: Uint8Array): DetectedType {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  // OpenDocument: the first local entry is `mimetype`, stored uncompressed (method 0).
  if (bytes.length > 30 && view.getUint32(0, true) === 0x04034b50 && view.getUint16(8, true) === 0) {
    const nameLength = view.getUint16(26, true);
    const extraLength = view.getUint16(28, true);
    const dataLength = view.getUint32(18, true);
    const name = new TextDecoder().decode(bytes.subarray(30, 30 + nameLength));
    const dataStart = 30 + nameLength + extraLength;
    if (name === "mimetype" && dataLength < 100 && dataStart + dataLength <= bytes.length) {
      const mimetype = new TextDecoder().decode(bytes.subarray(dataStart, dataStart + dataLength)).trim();
      // Only the four document types with an extension in EXTENSIONS_BY_TYPE. Other
      // OpenDocument files (templates, formulas) are stored as ZIP archives.
      const extension = mimetype.startsWith("application/vnd.oasis.opendocument.") ? allowedExtensions(mimetype)[0] : undefined;
      if (extension) return { kind: "office", contentType: mimetype, extension };
    }
  }

  const names = zipEntryNames(bytes, view);
  if (names.includes("[Content_Types].xml")) {
    for (const [folder, type] of Object.entries(OOXML_TYPES)) {
      if (names.some((name) => name.startsWith(folder))) return type;
    }
  }
  return ZIP;
}

/** Reads entry names from the ZIP central directory; returns [] when it cannot be found. */
function zipEntryNames(bytes: Uint8Array, view: DataView): string[] {
  // The end-of-central-directory record is 22 bytes plus a comment of up to 65,535 bytes.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end === -1) return [];
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count && i < 10_000; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) break;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    names.push(decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * Tells legacy Word, Excel and PowerPoint files from other compound files (installers, Outlook
 * messages) by the name of a stream in their directory. Directory entries are 128 bytes long
 * and start on 128-byte boundaries (sectors are 512 or 4096 bytes), so this checks each
 * boundary for an entry of type "stream" with one of the known names. It does not follow the
 * sector chains.
 */
function detectOleType(bytes: Uint8Array): DetectedType | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const encoded = OLE_STREAMS.map(([name, type]) => ({ name, type, length: (name.length + 1) * 2 }));
  for (let offset = 512; offset + 128 <= bytes.length; offset += 128) {
    // Offset 64: name length in bytes including the terminating NUL; offset 66: 2 = stream.
    const nameLength = view.getUint16(offset + 64, true);
    if (bytes[offset + 66] !== 2 || nameLength > 64) continue;
    for (const { name, type, length } of encoded) {
      if (nameLength !== length) continue;
      let matches = true;
      for (let i = 0; i < name.length && matches; i++) matches = view.getUint16(offset + i * 2, true) === name.charCodeAt(i);
      if (matches) return type;
    }
  }
  return null;
}

/**
 * Tag names whose presence makes text look like HTML, SVG or XML to a browser or a viewer.
 * The tag must be followed by whitespace, `>` or `/`, so `a <b` in prose still counts only
 * when it is an actual tag such as `<b>`.
 */
const MARKUP_PATTERN =
  /<(?:!doctype|!--|\?xml|!\[cdata\[|(?:html|head|body|script|style|iframe|frame|frameset|object|embed|applet|svg|math|xml|xsl:[a-z-]+|meta|link|base|form|input|textarea|button|select|details|dialog|marquee|isindex|keygen|img|image|video|audio|a|b|p|br|div|span|table|font|title|h[1-6]|template|noscript|portal|use|foreignobject)(?=[\s/>]))/i;

/**
 * A tag closed by `>` (a browser drops a tag that is never closed). `[^<>]*` stops at the next
 * angle bracket, so scanning a text for these stays linear in its length.
 */
const TAG_PATTERN = /<[a-z][^<>]*>/gi;
/** An event handler attribute inside a tag, after whitespace, `/` or a closing quote: `<svg/onload=…>`. */
const EVENT_HANDLER_ATTRIBUTE = /[\s/"']on[a-z]+\s*=/i;

/** Returns whether the text has a tag of any name with an event handler, such as `<x onclick=…>`. */
function hasEventHandlerTag(text: string): boolean {
  for (const [tag] of text.matchAll(TAG_PATTERN)) {
    if (EVENT_HANDLER_ATTRIBUTE.test(tag)) return true;
  }
  return false;
}

/**
 * Accepts valid UTF-8 without NUL or other control characters (tab, line feed, form feed and
 * carriage return are allowed) that does not look like markup. The first visible character
 * may not be `<`, and no tag from MARKUP_PATTERN and no tag with an event handler may appear anywhere.
 *
 * These patterns only catch the obvious cases, because markup can always be written in a way
 * they miss. The real defence is how text is served. It goes out as a `text/plain` attachment
 * with `nosniff` (only INLINE_IMAGE_TYPES are inline) under a sandboxing CSP. Its name ends in
 * an extension from EXTENSIONS_BY_TYPE (`.txt`, never `.html`). So a browser does not render
 * it as a page, whether it is opened from the site or from disk.
 */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return false;
  }
  if (/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text)) return false;
  if (text.trimStart().startsWith("<")) return false;
  return !MARKUP_PATTERN.test(text) && !hasEventHandlerTag(text);
}
