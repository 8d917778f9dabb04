// A streaming multipart/form-data reader with byte limits. It reads the request body chunk by
// chunk and stops (cancelling the body) as soon as a limit is passed, so an oversized upload is
// never held in memory beyond the limit. `request.formData()` would buffer the whole body first.

export interface MultipartLimits {
  /** Field name of the one file part accepted. */
  fileField: string;
  maxFileBytes: number;
  /** Bytes of one text field. */
  maxFieldBytes: number;
  /** Bytes of all text fields together. */
  maxFieldsTotalBytes: number;
  maxParts: number;
  /** Bytes of one part's header block. A 10,000-character file name fits. */
  maxHeaderBytes: number;
}

export interface MultipartFilePart {
  /** The file name as the browser sent it, not yet cleaned. Empty when no file was chosen. */
  rawName: string;
  bytes: Uint8Array;
}

export type MultipartResult =
  | { ok: true; fields: Map<string, string>; file: MultipartFilePart | null }
  | { ok: false; error: "too_large" | "fields_too_large" | "malformed" };

const CR = 13;
const LF = 10;
const DASH = 45;
const encoder = new TextEncoder();

/** Reads the boundary of a `multipart/form-data` Content-Type, or null for any other type. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType) return null;
  const [type, ...params] = splitHeaderParams(contentType);
  if (type.toLowerCase() !== "multipart/form-data") return null;
  for (const param of params) {
    const { name, value } = param;
    if (name === "boundary" && /^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/.test(value) && !value.endsWith(" ")) return value;
  }
  return null;
}

interface HeaderParam {
  name: string;
  value: string;
}

/**
 * Splits `type; a=1; b="x;y"` into the leading value and its parameters. Quoted values may
 * contain `;` and `=`. Inside quotes, `\"` and `\\` are unescaped and any other backslash is
 * kept: browsers send a file name's backslashes unescaped.
 */
function splitHeaderParams(header: string): [string, ...HeaderParam[]] {
  const semicolon = header.indexOf(";");
  const head = (semicolon === -1 ? header : header.slice(0, semicolon)).trim();
  const params: HeaderParam[] = [];
  let i = semicolon === -1 ? header.length : semicolon + 1;
  while (i < header.length) {
    while (i < header.length && (header[i] === " " || header[i] === "\t" || header[i] === ";")) i++;
    const equals = header.indexOf("=", i);
    if (equals === -1) break;
    const name = header.slice(i, equals).trim().toLowerCase();
    i = equals + 1;
    while (header[i] === " " || header[i] === "\t") i++;
    let value = "";
    if (header[i] === '"') {
      i++;
      while (i < header.length && header[i] !== '"') {
        if (header[i] === "\\" && (header[i + 1] === '"' || header[i + 1] === "\\")) i++;
        value += header[i];
        i++;
      }
      i++; // the closing quote
      const next = header.indexOf(";", i);
      i = next === -1 ? header.length : next;
    } else {
      const next = header.indexOf(";", i);
      value = header.slice(i, next === -1 ? header.length : next).trim();
      i = next === -1 ? header.length : next;
    }
    params.push({ name, value });
  }
  return [head, ...params];
}

/** Decodes an RFC 8187 `filename*` value (`UTF-8''%C5%81%C4%85ka.pdf`); null when invalid. */
function decodeExtendedValue(value: string): string | null {
  const match = /^utf-8'[^']*'(.*)$/i.exec(value);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

interface PartHeaders {
  name: string;
  /** Present (possibly empty) on file parts only. */
  filename: string | null;
}

function parsePartHeaders(block: string): PartHeaders | null {
  let disposition: string | null = null;
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon === -1) return null;
    if (line.slice(0, colon).trim().toLowerCase() === "content-disposition") disposition = line.slice(colon + 1).trim();
  }
  if (disposition === null) return null;
  const [type, ...params] = splitHeaderParams(disposition);
  if (type.toLowerCase() !== "form-data") return null;
  let name: string | null = null;
  let filename: string | null = null;
  let extendedFilename: string | null = null;
  for (const param of params) {
    if (param.name === "name") name = param.value;
    else if (param.name === "filename") filename = param.value;
    else if (param.name === "filename*") extendedFilename = decodeExtendedValue(param.value);
  }
  if (name === null) return null;
  // The HTML form encoder writes `"`, CR and LF in names as %22, %0D and %0A.
  const unescape = (text: string) => text.replace(/%22/g, '"').replace(/%0D/gi, "\r").replace(/%0A/gi, "\n");
  return { name: unescape(name), filename: extendedFilename ?? (filename === null ? null : unescape(filename)) };
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first, from); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let matches = true;
    for (let j = 1; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) {
        matches = false;
        break;
      }
    }
    if (matches) return i;
  }
  return -1;
}

function concatBytes(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0].length === total) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

class LimitExceeded extends Error {
  constructor(readonly code: "too_large" | "fields_too_large") {
    super(code);
  }
}

class Malformed extends Error {}

/** A pull reader over the body that keeps unconsumed bytes and counts everything read. */
class BodyBuffer {
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  buffer = new Uint8Array(0);
  bytesRead = 0;
  ended = false;

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly maxBodyBytes: number,
  ) {
    this.reader = body.getReader();
  }

  /** Appends the next chunk to the buffer; returns false at the end of the body. */
  async fill(): Promise<boolean> {
    if (this.ended) return false;
    const { done, value } = await this.reader.read();
    if (done) {
      this.ended = true;
      return false;
    }
    this.bytesRead += value.length;
    if (this.bytesRead > this.maxBodyBytes) throw new LimitExceeded("too_large");
    const merged = new Uint8Array(this.buffer.length + value.length);
    merged.set(this.buffer);
    merged.set(value, this.buffer.length);
    this.buffer = merged;
    return true;
  }

  consume(count: number): Uint8Array {
    const taken = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return taken;
  }

  async cancel(): Promise<void> {
    try {
      await this.reader.cancel();
    } catch {
      // The body may already be closed or errored; there is nothing left to release.
    }
  }
}

/**
 * Reads the part body up to the next delimiter, passing the bytes to `onData` as they arrive,
 * and returns whether the delimiter was the closing one (`--boundary--`).
 */
async function readPartBody(input: BodyBuffer, delimiter: Uint8Array, onData: (bytes: Uint8Array) => void): Promise<boolean> {
  for (;;) {
    const found = indexOfBytes(input.buffer, delimiter);
    if (found !== -1) {
      if (found > 0) onData(input.consume(found).slice());
      input.consume(delimiter.length);
      return readAfterDelimiter(input);
    }
    // Everything except a tail that may hold the start of the delimiter is part data.
    const safe = input.buffer.length - (delimiter.length - 1);
    if (safe > 0) onData(input.consume(safe).slice());
    if (!(await input.fill())) throw new Malformed("body ended inside a part");
  }
}

/** After a delimiter: `--` closes the body, CRLF starts another part. Returns true when closed. */
async function readAfterDelimiter(input: BodyBuffer): Promise<boolean> {
  while (input.buffer.length < 2) {
    if (!(await input.fill())) throw new Malformed("body ended after a delimiter");
  }
  if (input.buffer[0] === DASH && input.buffer[1] === DASH) return true;
  // RFC 2046 allows transport padding (spaces and tabs) before the CRLF.
  for (;;) {
    const crlf = indexOfBytes(input.buffer, new Uint8Array([CR, LF]));
    if (crlf !== -1) {
      for (const byte of input.buffer.subarray(0, crlf)) {
        if (byte !== 32 && byte !== 9) throw new Malformed("junk after a delimiter");
      }
      input.consume(crlf + 2);
      return false;
    }
    if (input.buffer.length > 64) throw new Malformed("junk after a delimiter");
    if (!(await input.fill())) throw new Malformed("body ended after a delimiter");
  }
}

async function readHeaderBlock(input: BodyBuffer, maxHeaderBytes: number): Promise<string> {
  const end = new Uint8Array([CR, LF, CR, LF]);
  for (;;) {
    const found = indexOfBytes(input.buffer, end);
    if (found !== -1) {
      const block = input.consume(found);
      input.consume(end.length);
      return new TextDecoder().decode(block);
    }
    if (input.buffer.length > maxHeaderBytes) throw new LimitExceeded("fields_too_large");
    if (!(await input.fill())) throw new Malformed("body ended inside part headers");
  }
}

/**
 * Reads a multipart/form-data body: the text fields and at most one file part, named
 * `limits.fileField`. Stops reading once the file passes `maxFileBytes`, the fields pass their
 * limits, or the whole body passes the sum of the limits. A file part with an empty name and
 * no bytes (a file input left empty) is returned as no file.
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  limits: MultipartLimits,
): Promise<MultipartResult> {
  const maxBodyBytes = limits.maxFileBytes + limits.maxFieldsTotalBytes + limits.maxParts * (limits.maxHeaderBytes + 128);
  const input = new BodyBuffer(body, maxBodyBytes);
  const dashBoundary = encoder.encode(`--${boundary}`);
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  const fields = new Map<string, string>();
  let fieldBytes = 0;
  let file: MultipartFilePart | null = null;
  let parts = 0;

  try {
    // The preamble before the first boundary is ignored, within the body limit.
    for (;;) {
      const found = indexOfBytes(input.buffer, dashBoundary);
      if (found !== -1) {
        input.consume(found + dashBoundary.length);
        break;
      }
      input.consume(Math.max(0, input.buffer.length - dashBoundary.length));
      if (!(await input.fill())) throw new Malformed("no boundary in the body");
    }
    let closed = await readAfterDelimiter(input);

    while (!closed) {
      parts++;
      if (parts > limits.maxParts) throw new LimitExceeded("fields_too_large");
      const headers = parsePartHeaders(await readHeaderBlock(input, limits.maxHeaderBytes));
      if (!headers) throw new Malformed("invalid part headers");

      if (headers.filename !== null) {
        if (headers.name !== limits.fileField || file) throw new Malformed("unexpected file part");
        const chunks: Uint8Array[] = [];
        let size = 0;
        closed = await readPartBody(input, delimiter, (bytes) => {
          size += bytes.length;
          if (size > limits.maxFileBytes) throw new LimitExceeded("too_large");
          chunks.push(bytes);
        });
        const bytes = concatBytes(chunks, size);
        // An empty file input still sends a part, with an empty name and no bytes.
        file = headers.filename === "" && size === 0 ? null : { rawName: headers.filename, bytes };
      } else {
        const chunks: Uint8Array[] = [];
        let size = 0;
        closed = await readPartBody(input, delimiter, (bytes) => {
          size += bytes.length;
          fieldBytes += bytes.length;
          if (size > limits.maxFieldBytes || fieldBytes > limits.maxFieldsTotalBytes) throw new LimitExceeded("fields_too_large");
          chunks.push(bytes);
        });
        let value: string;
        try {
          value = new TextDecoder("utf-8", { fatal: true }).decode(concatBytes(chunks, size));
        } catch {
          throw new Malformed("field is not UTF-8");
        }
        // Like FormData.get, the first value of a repeated name wins.
        if (!fields.has(headers.name)) fields.set(headers.name, value);
      }
    }
  } catch (error) {
    await input.cancel();
    if (error instanceof LimitExceeded) return { ok: false, error: error.code };
    if (error instanceof Malformed) return { ok: false, error: "malformed" };
    throw error;
  }

  // The epilogue after the closing delimiter is not read.
  await input.cancel();
  return { ok: true, fields, file };
}
