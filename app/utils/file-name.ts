// File names as users send them: cleaned before they are stored and encoded before they go
// into a Content-Disposition header. A name is only ever shown as text and never becomes a
// storage key or a path.

/** Longest stored name, in code points, extension included. */
export const MAX_FILE_NAME_LENGTH = 200;

/** A name's extension: letters and digits, up to 10 of them, after the last dot. */
const EXTENSION = /\.([\p{L}\p{N}]{1,10})$/u;

// C0 and C1 controls, bidirectional embeddings, overrides, isolates and marks (which can make
// `gpj.exe` display as `exe.jpg`), zero-width characters, the byte order mark, and the line
// and paragraph separators.
export const UNSAFE_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u2066-\u206F\uFEFF]/gu;

/**
 * Cleans a file name sent by a browser. It keeps the part after the last `/` or `\`, removes
 * unsafe characters (see UNSAFE_CHARACTERS), and trims spaces and dots at both ends of the base
 * name, so `..` is gone. A base name left empty becomes `plik`: `" . .png. "` is `plik.png`.
 * Then withAllowedExtension makes the extension fit the detected type, and the name is
 * shortened to MAX_FILE_NAME_LENGTH code points, keeping the extension.
 *
 * `extensions` are the extensions allowed for the file's detected type (allowedExtensions in
 * app/utils/file-type.server.ts), the type's own one first.
 */
export function cleanFileName(raw: string, extensions: readonly string[]): string {
  const lastSegment = raw.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const cleaned = lastSegment
    .replace(UNSAFE_CHARACTERS, "")
    .replace(/\s+/gu, " ")
    .replace(/[\s.]+$/u, "");
  const match = EXTENSION.exec(cleaned);
  const base = (match ? cleaned.slice(0, match.index) : cleaned).replace(/^[\s.]+|[\s.]+$/gu, "") || "plik";
  return shortenFileName(withAllowedExtension(match ? `${base}${match[0]}` : base, extensions));
}

/**
 * Returns `name` unchanged when its extension (compared in lower case) is one of `extensions`,
 * else `name` with the first of them appended: `oferta.html` with the text extensions becomes
 * `oferta.html.txt`. An empty list appends `.bin`, so a name never keeps an extension its
 * content does not have, such as `.html`, `.js` or `.bat`.
 */
export function withAllowedExtension(name: string, extensions: readonly string[]): string {
  const extension = EXTENSION.exec(name)?.[1].toLowerCase();
  if (extension && extensions.includes(extension)) return name;
  return `${name}.${extensions[0] ?? "bin"}`;
}

/** Shortens a name to MAX_FILE_NAME_LENGTH code points, keeping its extension. */
function shortenFileName(name: string): string {
  const codePoints = Array.from(name);
  if (codePoints.length <= MAX_FILE_NAME_LENGTH) return name;
  const extension = EXTENSION.exec(name)?.[0] ?? "";
  const extensionLength = Array.from(extension).length;
  const base = codePoints.slice(0, MAX_FILE_NAME_LENGTH - extensionLength).join("").replace(/[\s.]+$/u, "");
  return `${base}${extension}`;
}

/** Letters that Unicode NFKD does not split into a base letter and a diacritic. */
const ASCII_LETTERS: Record<string, string> = { ł: "l", Ł: "L", đ: "d", Đ: "D", ø: "o", Ø: "O", ß: "ss", æ: "ae", Æ: "AE" };

/**
 * Builds the ASCII `filename="…"` fallback: diacritics removed, and every character other than
 * printable ASCII replaced with `_`. So are `"` and `%` (which some clients decode) and the
 * characters Windows does not allow in a name, path separators included (`/ \ : * ? < > |`).
 * CR and LF are control characters, so they are replaced too and cannot end the header. This
 * runs after NFKD, which turns fullwidth `．．／` into `../`, so the separators it produces are
 * replaced as well, and runs of dots become one dot. Spaces and dots at the end are dropped,
 * and leading ones become `plik.`: `.png` is `plik.png`.
 */
function asciiFileName(name: string): string {
  const ascii = name
    .replace(/[łŁđĐøØßæÆ]/g, (letter) => ASCII_LETTERS[letter])
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]|["%/\\:*?<>|]/g, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/[\s.]+$/, "")
    .replace(/^[\s.]+/, "plik.");
  return ascii || "plik";
}

/** Percent-encodes a value for RFC 8187 (`filename*=UTF-8''…`): only attr-char stays as is. */
function encodeExtendedValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Builds a Content-Disposition value with both an ASCII `filename` (for old clients) and the
 * exact UTF-8 name in `filename*` (RFC 6266 and RFC 8187). Nothing in the name can end the
 * quoted string or the header.
 */
export function contentDisposition(type: "inline" | "attachment", name: string): string {
  return `${type}; filename="${asciiFileName(name)}"; filename*=UTF-8''${encodeExtendedValue(name)}`;
}
