// File names as users send them: cleaned before they are stored and encoded before they go
// into a Content-Disposition header. A name is only ever shown as text and never becomes a
// storage key or a path.

/** Longest stored name, in code points, extension included. */
export const MAX_FILE_NAME_LENGTH = 200;

/** Extensions kept when a long name is shortened: letters and digits, up to 10 of them. */
const EXTENSION = /\.([\p{L}\p{N}]{1,10})$/u;

// C0 and C1 controls, bidirectional embeddings, overrides, isolates and marks (which can make
// `gpj.exe` display as `exe.jpg`), zero-width characters, the byte order mark, and the line
// and paragraph separators.
const UNSAFE_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u2066-\u206F\uFEFF]/gu;

/**
 * Cleans a file name sent by a browser. It keeps the part after the last `/` or `\` and
 * removes unsafe characters (see UNSAFE_CHARACTERS). It trims spaces and dots at both ends, so
 * `..` is gone, and shortens the name to MAX_FILE_NAME_LENGTH code points, keeping the
 * extension. An empty result becomes `plik.<fallbackExtension>`.
 */
export function cleanFileName(raw: string, fallbackExtension: string): string {
  const lastSegment = raw.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const cleaned = lastSegment
    .replace(UNSAFE_CHARACTERS, "")
    .replace(/\s+/gu, " ")
    .replace(/^[\s.]+|[\s.]+$/gu, "");
  if (cleaned === "") return `plik.${fallbackExtension}`;

  const codePoints = Array.from(cleaned);
  if (codePoints.length <= MAX_FILE_NAME_LENGTH) return cleaned;
  const extension = EXTENSION.exec(cleaned)?.[0] ?? "";
  const extensionLength = Array.from(extension).length;
  const base = codePoints.slice(0, MAX_FILE_NAME_LENGTH - extensionLength).join("").replace(/[\s.]+$/u, "");
  return `${base}${extension}`;
}

/** Letters that Unicode NFKD does not split into a base letter and a diacritic. */
const ASCII_LETTERS: Record<string, string> = { ł: "l", Ł: "L", đ: "d", Đ: "D", ø: "o", Ø: "O", ß: "ss", æ: "ae", Æ: "AE" };

/**
 * Builds the ASCII `filename="…"` fallback: diacritics removed, and every character other than
 * printable ASCII, and `"`, `\` and `%` (which some clients decode), replaced with `_`. CR and
 * LF are control characters, so they are replaced too and cannot end the header.
 */
function asciiFileName(name: string): string {
  return (
    name
      .replace(/[łŁđĐøØßæÆ]/g, (letter) => ASCII_LETTERS[letter])
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]|["\\%]/g, "_")
      .trim() || "plik"
  );
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
