// Names of folders and files inside the export ZIP. They come from names users typed (project
// and file names), so each one is reduced to a single safe path segment. Names are unique
// within their folder, ignoring letter case, because Windows and macOS compare them that way.

import { UNSAFE_CHARACTERS } from "~/utils/file-name";

/**
 * Maximum UTF-8 bytes of a file name (extension included) and of a folder name. File systems
 * allow 255 bytes per name; these leave room for a ` (n)` number and for programs that add to
 * the name when unpacking.
 */
export const MAX_FILE_NAME_BYTES = 120;
export const MAX_FOLDER_NAME_BYTES = 60;

const utf8 = new TextEncoder();

/** A name's extension: letters and digits, up to 10 of them, after the last dot. */
const EXTENSION = /\.([\p{L}\p{N}]{1,10})$/u;

/** Path separators and the other characters Windows does not allow in a name. */
const RESERVED_CHARACTERS = /[/\\:*?"<>|]/g;

/** Device names Windows will not open as files, with or without an extension. */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Turns a user's name into one path segment. Unsafe characters (controls, bidirectional and
 * zero-width marks) are removed, and separators and Windows-reserved characters become `_`.
 * Runs of dots and of spaces shrink to one, and spaces and dots are trimmed at both ends, so
 * neither `..` nor a leading `/` survives. An empty result becomes `fallback`. A file name longer
 * than MAX_FILE_NAME_BYTES is shortened, keeping its extension; a folder name longer than
 * MAX_FOLDER_NAME_BYTES is shortened from the end.
 */
export function safeZipSegment(raw: string, fallback: string, kind: "file" | "folder" = "file"): string {
  const cleaned = raw
    .normalize("NFC")
    .replace(UNSAFE_CHARACTERS, "")
    .replace(RESERVED_CHARACTERS, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/\s+/gu, " ")
    .replace(/^[\s.]+|[\s.]+$/gu, "");
  const named = cleaned || fallback;
  const safe = WINDOWS_DEVICE_NAME.test(named) ? `_${named}` : named;
  return kind === "file" ? shorten(safe, MAX_FILE_NAME_BYTES, EXTENSION.exec(safe)?.[0] ?? "") : shorten(safe, MAX_FOLDER_NAME_BYTES, "");
}

function byteLength(text: string): number {
  return utf8.encode(text).byteLength;
}

/**
 * Cuts `name` to at most `maxBytes` UTF-8 bytes, `extension` (its ending) kept whole. The cut
 * falls between code points, so neither a character nor a surrogate pair is split.
 */
function shorten(name: string, maxBytes: number, extension: string): string {
  if (byteLength(name) <= maxBytes) return name;
  let budget = maxBytes - byteLength(extension);
  let kept = "";
  for (const codePoint of name.slice(0, name.length - extension.length)) {
    budget -= byteLength(codePoint);
    if (budget < 0) break;
    kept += codePoint;
  }
  return kept.replace(/[\s.]+$/u, "") + extension;
}

/** Inserts ` (n)` before a file's extension (`raport.pdf` → `raport (2).pdf`), or after a folder's name. */
function numbered(name: string, n: number, isFolder: boolean): string {
  const extension = isFolder ? "" : (EXTENSION.exec(name)?.[0] ?? "");
  return `${name.slice(0, name.length - extension.length)} (${n})${extension}`;
}

/** Hands out paths unique within each folder of the ZIP. */
export class ZipNameRegistry {
  private readonly taken = new Set<string>();

  /** Returns `folder/name`, or `folder/name (2)` and so on when that path was handed out before. `name` must already be safe. */
  claimFile(folder: string, name: string): string {
    return `${folder}/${this.claim(folder, name, false)}`;
  }

  /** Returns a subfolder name of `folder` that was not handed out before, numbered like claimFile. */
  claimFolder(folder: string, name: string): string {
    return this.claim(folder, name, true);
  }

  private claim(folder: string, name: string, isFolder: boolean): string {
    let candidate = name;
    for (let n = 2; this.taken.has(`${folder}/${candidate}`.toLowerCase()); n++) candidate = numbered(name, n, isFolder);
    this.taken.add(`${folder}/${candidate}`.toLowerCase());
    return candidate;
  }
}
