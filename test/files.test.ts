import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { describeActivity } from "~/models/activity-lines.server";
import { activity, files, notifications, rateLimits, users } from "~/db/schema";
import { clientShellText } from "~/i18n/client-shell";
import { activityText, clientFilesText, common, filesText } from "~/i18n/pl";
import { clientFilesText as clientFilesTextEn } from "~/i18n/en";
import {
  ACCOUNT_STORAGE_BYTES,
  CLIENT_PROJECT_STORAGE_BYTES,
  MAX_FILE_BYTES,
  readUploadForm,
  storeProjectFile,
  type UploadedFile,
} from "~/models/files.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { disableSharing, issueShareToken } from "~/models/share.server";
import { projects } from "~/db/schema";
import { setProjectStatus } from "~/models/projects.server";
import { requireSecret } from "~/utils/env.server";
import { fileDownloadResponse } from "~/utils/file-download.server";
import { cleanFileName, contentDisposition } from "~/utils/file-name";
import { formatFileSize } from "~/utils/file-size";
import { allowedExtensions, detectFileType } from "~/utils/file-type.server";
import { escapeHtml } from "~/utils/html";
import { Browser, db, loggedInBrowser, ORIGIN } from "./helpers";
import { makeProject } from "./project-helpers";

// Project files end to end through the real Worker, with the real local R2 bucket (env.FILES):
// uploads by both sides, the type allowlist, the size and storage limits, safe names and
// Content-Disposition, downloads, privacy, deletion and the client link's 404s.

const encoder = new TextEncoder();

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const GIF = encoder.encode("GIF89a\x01\x00\x01\x00");
const WEBP = concat(encoder.encode("RIFF"), new Uint8Array([26, 0, 0, 0]), encoder.encode("WEBPVP8 "), new Uint8Array(10));
const PDF = encoder.encode("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");
const HTML = encoder.encode("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
const SVG = encoder.encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>');

const TEXT_EXTENSIONS = allowedExtensions("text/plain; charset=utf-8");
const PDF_EXTENSIONS = allowedExtensions("application/pdf");
const PNG_EXTENSIONS = allowedExtensions("image/png");
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Builds a ZIP archive with stored (uncompressed) entries and a central directory. */
function zip(entries: [string, string][]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = encoder.encode(name);
    const data = encoder.encode(content);
    const local = new Uint8Array(30 + nameBytes.length);
    const view = new DataView(local.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(8, 0, true);
    view.setUint32(18, data.length, true);
    view.setUint32(22, data.length, true);
    view.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const central = new Uint8Array(46 + nameBytes.length);
    const centralView = new DataView(central.buffer);
    centralView.setUint32(0, 0x02014b50, true);
    centralView.setUint32(20, data.length, true);
    centralView.setUint32(24, data.length, true);
    centralView.setUint16(28, nameBytes.length, true);
    centralView.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const directory = concat(...centrals);
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, entries.length, true);
  endView.setUint16(10, entries.length, true);
  endView.setUint32(12, directory.length, true);
  endView.setUint32(16, offset, true);
  return concat(...locals, directory, end);
}

/** Builds a minimal compound file (OLE2) whose directory has one stream called `streamName`. */
function ole(streamName: string): Uint8Array {
  const bytes = new Uint8Array(512 * 3);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const view = new DataView(bytes.buffer);
  view.setUint16(30, 9, true); // 512-byte sectors
  view.setUint32(48, 0, true); // the directory starts at sector 0 (file offset 512)
  const root = 512;
  [..."Root Entry"].forEach((char, i) => view.setUint16(root + i * 2, char.charCodeAt(0), true));
  view.setUint16(root + 64, ("Root Entry".length + 1) * 2, true);
  bytes[root + 66] = 5;
  const entry = 512 + 128;
  [...streamName].forEach((char, i) => view.setUint16(entry + i * 2, char.charCodeAt(0), true));
  view.setUint16(entry + 64, (streamName.length + 1) * 2, true);
  bytes[entry + 66] = 2;
  return bytes;
}

function uploadBody(bytes: Uint8Array, name: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append("intent", "upload");
  // The browser's type is deliberately wrong: the server must ignore it.
  form.append("file", new File([new Uint8Array(bytes)], name, { type: "image/png" }));
  return form;
}

function shareKey(): string {
  return requireSecret(env, "ENCRYPTION_KEY");
}

/** Creates a freelancer with a project whose client link is on. */
async function sharedProject(name = "Sklep internetowy") {
  const { browser, user } = await loggedInBrowser();
  const project = await makeProject(user.id, { name });
  const token = await issueShareToken(db, shareKey(), user.id, project.id, null);
  if (!token) throw new Error("sharing could not be enabled");
  return { freelancer: browser, user, project, token, client: new Browser() };
}

function freelancerUpload(browser: Browser, projectId: string, bytes: Uint8Array, name: string, fields: Record<string, string> = {}) {
  return browser.fetch(`/projects/${projectId}/files`, { method: "POST", body: uploadBody(bytes, name, fields) });
}

function clientUpload(browser: Browser, token: string, bytes: Uint8Array, name: string) {
  return browser.fetch(`/p/${token}/files`, { method: "POST", body: uploadBody(bytes, name) });
}

async function projectFiles(projectId: string) {
  return db.select().from(files).where(eq(files.projectId, projectId)).orderBy(files.createdAt);
}

async function onlyFile(projectId: string) {
  const rows = await projectFiles(projectId);
  expect(rows).toHaveLength(1);
  return rows[0];
}

async function storageBytes(userId: string): Promise<number> {
  const [row] = await db.select({ used: users.storageBytes }).from(users).where(eq(users.id, userId));
  return row.used;
}

async function objectKeys(projectId: string): Promise<string[]> {
  const listed = await env.FILES.list({ prefix: `projects/${projectId}/` });
  return listed.objects.map((object) => object.key);
}

async function fileActivity(projectId: string) {
  const rows = await db.select().from(activity).where(eq(activity.projectId, projectId)).orderBy(activity.createdAt);
  return rows.filter((row) => row.action.startsWith("file.")).map((row) => ({ actor: row.actor, action: row.action, data: JSON.parse(row.data) }));
}

/** Follows a redirect and returns the HTML of the page (which shows the toast). */
async function pageAfter(browser: Browser, response: Response): Promise<string> {
  expect(response.status).toBe(302);
  return (await browser.get(response.headers.get("Location") ?? "")).text();
}

/**
 * Posts a multipart body that announces `contentLength` bytes, sends its first line and then
 * never ends: a server that tried to read it before responding would hang until the test times
 * out. (workerd reads a request body eagerly on the sending side, so counting pulls would not
 * show whether the server read it.)
 */
function stalledUpload(browser: Browser, path: string, contentLength: number) {
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      if (pulls === 1) controller.enqueue(encoder.encode("--xyz\r\n"));
      return pulls === 1 ? undefined : new Promise<void>(() => {});
    },
  });
  return browser.fetch(path, {
    method: "POST",
    body,
    headers: { "Content-Type": "multipart/form-data; boundary=xyz", "Content-Length": String(contentLength) },
    duplex: "half",
  } as RequestInit);
}

async function expectRejected(response: Response, message: string) {
  expect(response.status).toBe(400);
  const body = await response.text();
  expect(body).toContain(escapeHtml(message));
}

describe("file type allowlist", () => {
  it("accepts images, PDF, office files, archives and text", () => {
    expect(detectFileType(PNG)).toMatchObject({ kind: "image", contentType: "image/png" });
    expect(detectFileType(JPEG)).toMatchObject({ kind: "image", contentType: "image/jpeg" });
    expect(detectFileType(GIF)).toMatchObject({ kind: "image", contentType: "image/gif" });
    expect(detectFileType(WEBP)).toMatchObject({ kind: "image", contentType: "image/webp" });
    expect(detectFileType(PDF)).toMatchObject({ kind: "pdf", contentType: "application/pdf" });
    expect(detectFileType(zip([["[Content_Types].xml", "<Types/>"], ["word/document.xml", "<w/>"]]))).toMatchObject({
      kind: "office",
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    expect(detectFileType(zip([["[Content_Types].xml", "<Types/>"], ["xl/workbook.xml", "<x/>"]]))).toMatchObject({
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    expect(detectFileType(zip([["[Content_Types].xml", "<Types/>"], ["ppt/presentation.xml", "<p/>"]]))).toMatchObject({
      contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    });
    expect(detectFileType(zip([["mimetype", "application/vnd.oasis.opendocument.text"], ["content.xml", "<o/>"]]))).toMatchObject({
      kind: "office",
      contentType: "application/vnd.oasis.opendocument.text",
    });
    expect(detectFileType(ole("WordDocument"))).toMatchObject({ kind: "office", contentType: "application/msword" });
    expect(detectFileType(ole("Workbook"))).toMatchObject({ kind: "office", contentType: "application/vnd.ms-excel" });
    expect(detectFileType(ole("PowerPoint Document"))).toMatchObject({ kind: "office", contentType: "application/vnd.ms-powerpoint" });
    expect(detectFileType(zip([["notes.txt", "hello"]]))).toMatchObject({ kind: "archive", contentType: "application/zip" });
    expect(detectFileType(new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]))).toMatchObject({ kind: "archive" });
    expect(detectFileType(concat(encoder.encode("Rar!"), new Uint8Array([0x1a, 0x07, 0x01, 0x00, 5])))).toMatchObject({ kind: "archive" });
    expect(detectFileType(new Uint8Array([0x1f, 0x8b, 0x08, 0, 0, 0]))).toMatchObject({ kind: "archive", contentType: "application/gzip" });
    expect(detectFileType(encoder.encode("Zażółć gęślą jaźń\r\n\tkwota: 1 234,56 zł, a < b\n"))).toMatchObject({
      kind: "text",
      contentType: "text/plain; charset=utf-8",
    });
    // Prose with `<`, `on…` words and `=` that is not a tag with an event handler stays text.
    expect(detectFileType(encoder.encode("warunek: x <y, online = tak, one=1\n"))).toMatchObject({ kind: "text" });
    // Unclosed tags full of handler-like attributes are scanned in linear time.
    expect(detectFileType(encoder.encode(`Notatki <q ${"on= ".repeat(500_000)}`))).toMatchObject({ kind: "text" });
  });

  it("rejects markup, binary junk and unknown compound files", () => {
    expect(detectFileType(HTML)).toBeNull();
    expect(detectFileType(SVG)).toBeNull();
    expect(detectFileType(encoder.encode('<?xml version="1.0"?><svg/>'))).toBeNull();
    expect(detectFileType(encoder.encode("\ufeff  \n<html><body>x</body></html>"))).toBeNull();
    expect(detectFileType(encoder.encode("Notatki\n\nna dole <script>alert(1)</script>"))).toBeNull();
    expect(detectFileType(encoder.encode("Notatki <svg onload=alert(1)>"))).toBeNull();
    expect(detectFileType(encoder.encode("Notatki <details open ontoggle=alert(1)>x</details>"))).toBeNull();
    expect(detectFileType(encoder.encode("Notatki <custom-tag tabindex=1 onfocus = alert(1)>"))).toBeNull();
    expect(detectFileType(encoder.encode("Notatki <input autofocus>"))).toBeNull();
    expect(detectFileType(encoder.encode('Notatki <x-y src="x"onerror=alert(1)>'))).toBeNull();
    expect(detectFileType(encoder.encode("Notatki <x-y/onclick=alert(1)>"))).toBeNull();
    expect(detectFileType(encoder.encode("tekst\u0000z NUL"))).toBeNull();
    expect(detectFileType(new Uint8Array([0x61, 0xff, 0xfe, 0x62]))).toBeNull();
    expect(detectFileType(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]))).toBeNull();
    expect(detectFileType(ole("__properties_version1.0"))).toBeNull();
  });
});

describe("file names", () => {
  it("strips paths, control and bidi characters", () => {
    expect(cleanFileName("../../x", TEXT_EXTENSIONS)).toBe("x.txt");
    expect(cleanFileName("..\\..\\windows\\system.ini", TEXT_EXTENSIONS)).toBe("system.ini.txt");
    expect(cleanFileName("..", PDF_EXTENSIONS)).toBe("plik.pdf");
    expect(cleanFileName("", PNG_EXTENSIONS)).toBe("plik.png");
    expect(cleanFileName("faktura\u202Efdp.exe", PDF_EXTENSIONS)).toBe("fakturafdp.exe.pdf");
    expect(cleanFileName("a\r\nb\u0000c\u2066d.txt", TEXT_EXTENSIONS)).toBe("abcd.txt");
    expect(cleanFileName('<img src=x onerror="alert(1)">.png', PNG_EXTENSIONS)).toBe('<img src=x onerror="alert(1)">.png');
  });

  it("gives the name the detected type's extension", () => {
    expect(cleanFileName("oferta.html", TEXT_EXTENSIONS)).toBe("oferta.html.txt");
    expect(cleanFileName("umowa.js", TEXT_EXTENSIONS)).toBe("umowa.js.txt");
    expect(cleanFileName("skrypt.PS1", TEXT_EXTENSIONS)).toBe("skrypt.PS1.txt");
    expect(cleanFileName("README", TEXT_EXTENSIONS)).toBe("README.txt");
    expect(cleanFileName("faktura.pdf.bat", PDF_EXTENSIONS)).toBe("faktura.pdf.bat.pdf");
    expect(cleanFileName("poly.html", allowedExtensions("image/gif"))).toBe("poly.html.gif");
    expect(cleanFileName("logo.svg", PNG_EXTENSIONS)).toBe("logo.svg.png");
    // Names that already fit the type are kept as typed, in any letter case.
    expect(cleanFileName("dane.CSV", TEXT_EXTENSIONS)).toBe("dane.CSV");
    expect(cleanFileName("zdjęcie.JPEG", allowedExtensions("image/jpeg"))).toBe("zdjęcie.JPEG");
    expect(cleanFileName("kopia.tar.gz", allowedExtensions("application/gzip"))).toBe("kopia.tar.gz");
    // A type the table does not know gets a neutral extension.
    expect(allowedExtensions("text/html")).toEqual([]);
    expect(cleanFileName("strona.html", allowedExtensions("text/html"))).toBe("strona.html.bin");
  });

  it("keeps the extension of a name made of dots and spaces", () => {
    expect(cleanFileName(" . .png. ", PNG_EXTENSIONS)).toBe("plik.png");
    expect(cleanFileName(" . .png. ", TEXT_EXTENSIONS)).toBe("plik.png.txt");
    expect(cleanFileName(".htaccess", TEXT_EXTENSIONS)).toBe("plik.htaccess.txt");
    expect(cleanFileName("...", PDF_EXTENSIONS)).toBe("plik.pdf");
    expect(cleanFileName("raport .pdf", PDF_EXTENSIONS)).toBe("raport.pdf");
  });

  it("shortens long names and keeps the extension", () => {
    const cleaned = cleanFileName(`${"ż".repeat(10_000)}.docx`, allowedExtensions(DOCX_TYPE));
    expect(Array.from(cleaned)).toHaveLength(200);
    expect(cleaned.endsWith(".docx")).toBe(true);
    const renamed = cleanFileName(`${"a".repeat(300)}.html`, TEXT_EXTENSIONS);
    expect(Array.from(renamed)).toHaveLength(200);
    expect(renamed.endsWith("a.txt")).toBe(true);
    const emoji = cleanFileName(`${"😀".repeat(300)}.pdf`, PDF_EXTENSIONS);
    expect(Array.from(emoji)).toHaveLength(200);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("encodes Content-Disposition for Polish names", () => {
    expect(contentDisposition("attachment", "Źdźbło „Łąka”.pdf")).toBe(
      `attachment; filename="Zdzblo _Laka_.pdf"; filename*=UTF-8''%C5%B9d%C5%BAb%C5%82o%20%E2%80%9E%C5%81%C4%85ka%E2%80%9D.pdf`,
    );
  });

  it("keeps quotes and line breaks out of the header", () => {
    const value = contentDisposition("attachment", 'raport "final" \\ 100%\r\nSet-Cookie: x=1.pdf');
    expect(value).toBe(
      `attachment; filename="raport _final_ _ 100___Set-Cookie_ x=1.pdf"; filename*=UTF-8''raport%20%22final%22%20%5C%20100%25%0D%0ASet-Cookie%3A%20x%3D1.pdf`,
    );
    expect(() => new Headers({ "Content-Disposition": value })).not.toThrow();
    expect(contentDisposition("inline", "it's (1)*.png")).toContain(`filename*=UTF-8''it%27s%20%281%29%2A.png`);
  });

  it("keeps separators and dot runs out of the ASCII name", () => {
    const asciiName = (name: string) => /filename="([^"]*)"/.exec(contentDisposition("attachment", name))?.[1];
    // NFKD turns the fullwidth forms into `../`, `:` and `*`.
    const fullwidth = asciiName("\uff0e\uff0e\uff0f\uff0e\uff0e\uff0fetc\uff0fpasswd\uff1a\uff0a.txt");
    expect(fullwidth).toBe("plik._._etc_passwd__.txt");
    for (const name of ["\uff0e\uff0e\uff0f\uff0e\uff0e\uff3cwin.ini.txt", "a:b*c?d<e>f|g.txt", "x\u2024\u2024\u2215y.txt", "..\u2025.png"]) {
      const ascii = asciiName(name) ?? "";
      expect(ascii, name).not.toMatch(/[/\\:*?<>|]/);
      expect(ascii, name).not.toContain("..");
    }
    expect(asciiName("\uff0epng")).toBe("plik.png");
    expect(asciiName("raport.\u00a0.")).toBe("raport");
    expect(asciiName("\u0301")).toBe("plik");
    // The exact name still goes in filename*.
    expect(contentDisposition("attachment", "\uff0e\uff0e\uff0fa.txt")).toContain(`filename*=UTF-8''${encodeURIComponent("\uff0e\uff0e\uff0fa.txt")}`);
  });

  it("formats sizes in both client languages", () => {
    expect(formatFileSize(1536)).toBe("1,5\u00a0KB");
    expect(formatFileSize(1536, "en")).toBe("1.5\u00a0KB");
    expect(formatFileSize(MAX_FILE_BYTES)).toBe("25\u00a0MB");
    expect(formatFileSize(ACCOUNT_STORAGE_BYTES)).toBe("1\u00a0GB");
    expect(formatFileSize(12)).toBe("12\u00a0B");
  });
});

describe("readUploadForm", () => {
  function multipartRequest(body: BodyInit, headers: Record<string, string> = {}) {
    return new Request(`${ORIGIN}/upload`, { method: "POST", body, headers });
  }

  it("rejects an oversized Content-Length without reading the body", async () => {
    let pulled = false;
    // highWaterMark 0: the stream is pulled only when someone reads it.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.error(new Error("the body must not be read"));
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request(`${ORIGIN}/upload`, {
      method: "POST",
      body,
      headers: { "Content-Type": "multipart/form-data; boundary=xyz", "Content-Length": String(MAX_FILE_BYTES + 10 * 1024 * 1024) },
      duplex: "half",
    } as RequestInit);
    const result = await readUploadForm(request, { maxFileBytes: MAX_FILE_BYTES });
    expect(result).toEqual({ ok: false, error: { code: "too_large", maxBytes: MAX_FILE_BYTES } });
    expect(pulled).toBe(false);
  });

  it("stops reading once the file passes the limit", async () => {
    const form = uploadBody(new Uint8Array(64 * 1024 + 1).fill(0x61), "big.txt");
    const result = await readUploadForm(multipartRequest(form), { maxFileBytes: 64 * 1024 });
    expect(result).toEqual({ ok: false, error: { code: "too_large", maxBytes: 64 * 1024 } });
    const exact = await readUploadForm(multipartRequest(uploadBody(new Uint8Array(64 * 1024).fill(0x61), "ok.txt")), { maxFileBytes: 64 * 1024 });
    expect(exact.ok).toBe(true);
    expect(exact.ok ? exact.file?.size : null).toBe(64 * 1024);
  });

  it("reads fields and a file with awkward names", async () => {
    const body = [
      "--b0undary",
      'Content-Disposition: form-data; name="title"',
      "",
      "Tytuł; z = znakami",
      "--b0undary",
      'Content-Disposition: form-data; name="file"; filename="a;b=c \\"q\\".txt"',
      "Content-Type: text/html",
      "",
      "plain\r\ntext",
      "--b0undary--",
      "",
    ].join("\r\n");
    const result = await readUploadForm(multipartRequest(body, { "Content-Type": "multipart/form-data; boundary=b0undary" }), { maxFileBytes: 1000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fields.get("title")).toBe("Tytuł; z = znakami");
    expect(result.file).toMatchObject({ name: 'a;b=c "q".txt', size: 11, kind: "text", contentType: "text/plain; charset=utf-8" });
    expect(new TextDecoder().decode(result.file?.bytes)).toBe("plain\r\ntext");
  });

  it("decodes an RFC 8187 file name", async () => {
    const body = [
      "--B",
      `Content-Disposition: form-data; name="file"; filename="fallback.txt"; filename*=UTF-8''%C5%81%C4%85ka.txt`,
      "",
      "tekst",
      "--B--",
    ].join("\r\n");
    const result = await readUploadForm(multipartRequest(body, { "Content-Type": 'multipart/form-data; boundary="B"' }), { maxFileBytes: 1000 });
    expect(result.ok).toBe(true);
    expect(result.ok ? result.file?.name : null).toBe("Łąka.txt");
  });

  it("rejects broken and unexpected bodies", async () => {
    const limits = { maxFileBytes: 1000 };
    const type = { "Content-Type": "multipart/form-data; boundary=B" };
    expect(await readUploadForm(multipartRequest("a=1", { "Content-Type": "application/x-www-form-urlencoded" }), limits)).toEqual({
      ok: false,
      error: { code: "malformed" },
    });
    const truncated = ["--B", 'Content-Disposition: form-data; name="file"; filename="a.txt"', "", "abc"].join("\r\n");
    expect(await readUploadForm(multipartRequest(truncated, type), limits)).toEqual({ ok: false, error: { code: "malformed" } });
    const twoFiles = ["--B", 'Content-Disposition: form-data; name="file"; filename="a.txt"', "", "a", "--B", 'Content-Disposition: form-data; name="file"; filename="b.txt"', "", "b", "--B--"].join("\r\n");
    expect(await readUploadForm(multipartRequest(twoFiles, type), limits)).toEqual({ ok: false, error: { code: "malformed" } });
    const otherFileField = ["--B", 'Content-Disposition: form-data; name="avatar"; filename="a.txt"', "", "a", "--B--"].join("\r\n");
    expect(await readUploadForm(multipartRequest(otherFileField, type), limits)).toEqual({ ok: false, error: { code: "malformed" } });
    const manyFields = Array.from({ length: 30 }, (_, i) => `--B\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx`).join("\r\n") + "\r\n--B--";
    expect(await readUploadForm(multipartRequest(manyFields, type), limits)).toEqual({ ok: false, error: { code: "fields_too_large" } });
    const longField = `--B\r\nContent-Disposition: form-data; name="f"\r\n\r\n${"x".repeat(70 * 1024)}\r\n--B--`;
    expect(await readUploadForm(multipartRequest(longField, type), limits)).toEqual({ ok: false, error: { code: "fields_too_large" } });
  });

  it("treats an empty file input as no file", async () => {
    const body = ["--B", 'Content-Disposition: form-data; name="file"; filename=""', "Content-Type: application/octet-stream", "", "", "--B--"].join("\r\n");
    const result = await readUploadForm(multipartRequest(body, { "Content-Type": "multipart/form-data; boundary=B" }), { maxFileBytes: 1000 });
    expect(result).toMatchObject({ ok: true, file: null });
  });
});

describe("freelancer uploads", () => {
  it("stores a file in R2 under a generated key", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);

    const response = await freelancerUpload(browser, project.id, PNG, "logo klienta.png");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/projects/${project.id}#files`);

    const row = await onlyFile(project.id);
    expect(row).toMatchObject({ name: "logo klienta.png", size: PNG.length, kind: "image", contentType: "image/png", uploadedBy: "freelancer", private: false });
    expect(row.r2Key).toMatch(new RegExp(`^projects/${project.id}/[0-9a-f-]{36}$`));
    expect(row.r2Key).not.toContain("logo");
    const object = await env.FILES.get(row.r2Key);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(PNG);
    expect(await storageBytes(user.id)).toBe(PNG.length);
    expect(await fileActivity(project.id)).toEqual([
      { actor: "freelancer", action: "file.uploaded", data: { name: "logo klienta.png", size: PNG.length, private: false } },
    ]);
    // The freelancer is never notified of their own upload.
    expect(await db.select().from(notifications).where(eq(notifications.userId, user.id))).toEqual([]);

    const page = await (await browser.get(`/projects/${project.id}`)).text();
    expect(page).toContain(escapeHtml(filesText.uploaded("logo klienta.png")));
    expect(page).toContain('id="files"');
    expect(page).toContain(escapeHtml(filesText.storage(formatFileSize(PNG.length), formatFileSize(ACCOUNT_STORAGE_BYTES))));
    expect(page).toContain(`/projects/${project.id}/files/${row.id}`);
  });

  it("stores a private file", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const response = await freelancerUpload(browser, project.id, PDF, "umowa.pdf", { private: "1" });
    expect(response.status).toBe(302);
    expect(await onlyFile(project.id)).toMatchObject({ private: true, kind: "pdf" });
    expect((await fileActivity(project.id))[0].data.private).toBe(true);
  });

  it("rejects HTML or SVG renamed .png", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    for (const [bytes, name] of [
      [HTML, "zdjecie.png"],
      [SVG, "logo.png"],
      [SVG, "logo.svg"],
    ] as const) {
      await expectRejected(await freelancerUpload(browser, project.id, bytes, name), filesText.errors.type_not_allowed);
    }
    expect(await projectFiles(project.id)).toEqual([]);
    expect(await objectKeys(project.id)).toEqual([]);
    expect(await storageBytes(user.id)).toBe(0);
  });

  it("rejects an empty file", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await expectRejected(await freelancerUpload(browser, project.id, new Uint8Array(0), "pusty.txt"), filesText.errors.empty);
    expect(await projectFiles(project.id)).toEqual([]);
  });

  it("rejects a form without a file", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const form = new FormData();
    form.append("intent", "upload");
    form.append("private", "1");
    form.append("file", new File([], ""));
    const response = await browser.fetch(`/projects/${project.id}/files`, { method: "POST", body: form });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain(escapeHtml(filesText.errors.missing));
    // The page rendered without JavaScript keeps the "private" box ticked.
    expect(page).toMatch(/<input type="checkbox" name="private" checked="" value="1"\/>/);
  });

  it("rejects a file one byte over 25 MB", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const big = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61);
    await expectRejected(await freelancerUpload(browser, project.id, big, "duzy.txt"), filesText.errors.too_large("25\u00a0MB"));
    expect(await projectFiles(project.id)).toEqual([]);
    expect(await objectKeys(project.id)).toEqual([]);
    expect(await storageBytes(user.id)).toBe(0);
  });

  it("accepts a file of exactly 25 MB", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const exact = new Uint8Array(MAX_FILE_BYTES).fill(0x61);
    expect((await freelancerUpload(browser, project.id, exact, "limit.txt")).status).toBe(302);
    expect(await onlyFile(project.id)).toMatchObject({ size: MAX_FILE_BYTES, kind: "text" });
    expect(await storageBytes(user.id)).toBe(MAX_FILE_BYTES);
  });

  it("rejects a file over the 1 GB account quota", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const used = ACCOUNT_STORAGE_BYTES - 10;
    await db.update(users).set({ storageBytes: used }).where(eq(users.id, user.id));

    await expectRejected(
      await freelancerUpload(browser, project.id, PDF, "raport.pdf"),
      filesText.errors.quota_exceeded(formatFileSize(used), formatFileSize(ACCOUNT_STORAGE_BYTES)),
    );
    expect(await projectFiles(project.id)).toEqual([]);
    expect(await objectKeys(project.id)).toEqual([]);
    expect(await storageBytes(user.id)).toBe(used);

    // A file that still fits is stored and fills the quota exactly.
    const small = encoder.encode("0123456789");
    expect((await freelancerUpload(browser, project.id, small, "notatka.txt")).status).toBe(302);
    expect(await storageBytes(user.id)).toBe(ACCOUNT_STORAGE_BYTES);
  });

  it("rejects an oversized Content-Length without reading the body", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const response = await stalledUpload(browser, `/projects/${project.id}/files`, MAX_FILE_BYTES + 1024 * 1024);
    await expectRejected(response, filesText.errors.too_large("25\u00a0MB"));
    expect(await projectFiles(project.id)).toEqual([]);
  });

  it("checks the quota against Content-Length before reading", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const used = ACCOUNT_STORAGE_BYTES - 1024 * 1024;
    await db.update(users).set({ storageBytes: used }).where(eq(users.id, user.id));
    const response = await stalledUpload(browser, `/projects/${project.id}/files`, 5 * 1024 * 1024);
    await expectRejected(response, filesText.errors.quota_exceeded(formatFileSize(used), formatFileSize(ACCOUNT_STORAGE_BYTES)));
    expect(await storageBytes(user.id)).toBe(used);
  });

  it("lets only one of two parallel uploads take the last space", async () => {
    const { user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await db.update(users).set({ storageBytes: ACCOUNT_STORAGE_BYTES - 15 }).where(eq(users.id, user.id));
    const file = (name: string): UploadedFile => ({ name, bytes: encoder.encode("0123456789"), size: 10, kind: "text", contentType: "text/plain; charset=utf-8" });
    const results = await Promise.all([
      storeProjectFile(db, env.FILES, { userId: user.id, projectId: project.id, uploadedBy: "freelancer" }, file("a.txt")),
      storeProjectFile(db, env.FILES, { userId: user.id, projectId: project.id, uploadedBy: "freelancer" }, file("b.txt")),
    ]);
    expect(results.map((result) => result.outcome).sort()).toEqual(["quota_exceeded", "stored"]);
    expect(await storageBytes(user.id)).toBe(ACCOUNT_STORAGE_BYTES - 5);
    expect(await projectFiles(project.id)).toHaveLength(1);
    expect(await objectKeys(project.id)).toHaveLength(1);
  });

  it("keeps files open on a completed project", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    expect(await setProjectStatus(db, user.id, project.id, "completed")).toBe("updated");
    expect((await freelancerUpload(browser, project.id, PDF, "odbior.pdf")).status).toBe(302);
    const row = await onlyFile(project.id);
    expect((await browser.post(`/projects/${project.id}/files`, { intent: "delete", fileId: row.id })).status).toBe(302);
  });

  it("stores ../../x as x.pdf", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    expect((await freelancerUpload(browser, project.id, PDF, "../../x")).status).toBe(302);
    const row = await onlyFile(project.id);
    expect(row.name).toBe("x.pdf");
    expect(row.r2Key).not.toContain("..");
    const download = await browser.get(`/projects/${project.id}/files/${row.id}`);
    expect(download.headers.get("Content-Disposition")).toBe(`attachment; filename="x.pdf"; filename*=UTF-8''x.pdf`);
    await download.arrayBuffer();
  });

  it("shows names with HTML, RTL override and 10,000 characters as text", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const htmlName = '<img src=x onerror="alert(1)">.png';
    const rtlName = "faktura\u202Egnp.exe.png";
    const longName = `${"a".repeat(10_000)}.png`;
    for (const name of [htmlName, rtlName, longName]) {
      expect((await freelancerUpload(browser, project.id, PNG, name)).status).toBe(302);
    }
    const names = (await projectFiles(project.id)).map((row) => row.name).sort();
    expect(names).toContain(htmlName);
    expect(names).toContain("fakturagnp.exe.png");
    const shortened = names.find((name) => name.startsWith("aaa"));
    expect(shortened).toBe(`${"a".repeat(196)}.png`);
    // The key is only the project id and a UUID. A check for "aaa" alone would also match a UUID's hex digits.
    for (const row of await projectFiles(project.id)) {
      expect(row.r2Key).toMatch(new RegExp(`^projects/${project.id}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
      expect(row.r2Key).not.toMatch(/img|faktura/);
    }

    const page = await (await browser.get(`/projects/${project.id}`)).text();
    expect(page).not.toContain("<img src=x");
    expect(page).toContain(escapeHtml(htmlName));
    expect(page).not.toContain("\u202E");
  });

  it("serves images inline and other files as attachments", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await freelancerUpload(browser, project.id, PNG, "obraz.png");
    await freelancerUpload(browser, project.id, PDF, "Źdźbło „Łąka”.pdf");
    await freelancerUpload(browser, project.id, encoder.encode("zwykły tekst"), 'notatka "robocza".txt');
    const rows = await projectFiles(project.id);
    const byName = (name: string) => rows.find((row) => row.name === name)!;

    const image = await browser.get(`/projects/${project.id}/files/${byName("obraz.png").id}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toBe("image/png");
    expect(image.headers.get("Content-Disposition")).toBe(`inline; filename="obraz.png"; filename*=UTF-8''obraz.png`);
    expect(image.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(image.headers.get("Cache-Control")).toBe("private, no-store");
    expect(image.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);

    const pdf = await browser.get(`/projects/${project.id}/files/${byName("Źdźbło „Łąka”.pdf").id}`);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Zdzblo _Laka_.pdf"; filename*=UTF-8''%C5%B9d%C5%BAb%C5%82o%20%E2%80%9E%C5%81%C4%85ka%E2%80%9D.pdf`,
    );
    expect(pdf.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(PDF);

    const text = await browser.get(`/projects/${project.id}/files/${byName('notatka "robocza".txt').id}`);
    expect(text.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(text.headers.get("Content-Disposition")).toBe(
      `attachment; filename="notatka _robocza_.txt"; filename*=UTF-8''notatka%20%22robocza%22.txt`,
    );
    await text.arrayBuffer();
  });
});

describe("freelancer file actions", () => {
  it("makes a file private and public again", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await freelancerUpload(browser, project.id, PDF, "oferta.pdf");
    const row = await onlyFile(project.id);

    const hidden = await browser.post(`/projects/${project.id}/files`, { intent: "private", fileId: row.id });
    expect(await pageAfter(browser, hidden)).toContain(escapeHtml(filesText.madePrivate("oferta.pdf")));
    expect((await onlyFile(project.id)).private).toBe(true);

    const again = await browser.post(`/projects/${project.id}/files`, { intent: "private", fileId: row.id });
    expect(await pageAfter(browser, again)).toContain(escapeHtml(filesText.unchanged));

    const shown = await browser.post(`/projects/${project.id}/files`, { intent: "public", fileId: row.id });
    expect(await pageAfter(browser, shown)).toContain(escapeHtml(filesText.madePublic("oferta.pdf")));
    expect((await onlyFile(project.id)).private).toBe(false);
    expect((await fileActivity(project.id)).map((entry) => `${entry.action}:${entry.data.name}`)).toEqual([
      "file.uploaded:oferta.pdf",
      "file.made_private:oferta.pdf",
      "file.made_public:oferta.pdf",
    ]);
  });

  it("deletes a file, its object and its quota", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await freelancerUpload(browser, project.id, PDF, "stary.pdf");
    const row = await onlyFile(project.id);
    expect(await storageBytes(user.id)).toBe(PDF.length);

    const deleted = await browser.post(`/projects/${project.id}/files`, { intent: "delete", fileId: row.id });
    expect(await pageAfter(browser, deleted)).toContain(escapeHtml(filesText.deleted("stary.pdf")));
    expect(await projectFiles(project.id)).toEqual([]);
    expect(await env.FILES.head(row.r2Key)).toBeNull();
    expect(await storageBytes(user.id)).toBe(0);
    expect((await fileActivity(project.id)).map((entry) => entry.action)).toEqual(["file.uploaded", "file.deleted"]);

    const twice = await browser.post(`/projects/${project.id}/files`, { intent: "delete", fileId: row.id });
    expect(twice.status).toBe(404);
    expect(await storageBytes(user.id)).toBe(0);
    expect((await browser.get(`/projects/${project.id}/files/${row.id}`)).status).toBe(404);
  });

  it("frees the quota once for parallel deletes", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    await freelancerUpload(browser, project.id, PDF, "a.pdf");
    await freelancerUpload(browser, project.id, PNG, "b.png");
    const target = (await projectFiles(project.id)).find((row) => row.name === "a.pdf")!;
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => browser.post(`/projects/${project.id}/files`, { intent: "delete", fileId: target.id })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([302, 404, 404, 404]);
    expect(await storageBytes(user.id)).toBe(PNG.length);
    expect((await fileActivity(project.id)).filter((entry) => entry.action === "file.deleted")).toHaveLength(1);
  });

  it("rejects an unknown intent", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const response = await browser.post(`/projects/${project.id}/files`, { intent: "rename", fileId: "x" });
    expect(response.status).toBe(400);
  });

  it("keeps freelancer B away from A's files", async () => {
    const { browser: owner, user: ownerUser } = await loggedInBrowser();
    const project = await makeProject(ownerUser.id);
    await freelancerUpload(owner, project.id, PDF, "tajne.pdf");
    const row = await onlyFile(project.id);
    const { browser: intruder, user: intruderUser } = await loggedInBrowser();
    const intruderProject = await makeProject(intruderUser.id);

    expect((await intruder.get(`/projects/${project.id}/files/${row.id}`)).status).toBe(404);
    expect((await intruder.get(`/projects/${intruderProject.id}/files/${row.id}`)).status).toBe(404);
    expect((await intruder.post(`/projects/${project.id}/files`, { intent: "delete", fileId: row.id })).status).toBe(404);
    expect((await intruder.post(`/projects/${intruderProject.id}/files`, { intent: "delete", fileId: row.id })).status).toBe(404);
    expect((await intruder.post(`/projects/${intruderProject.id}/files`, { intent: "private", fileId: row.id })).status).toBe(404);
    expect((await freelancerUpload(intruder, project.id, PNG, "obcy.png")).status).toBe(404);
    expect((await intruder.get(`/projects/${project.id}/files`)).status).toBe(404);

    expect(await onlyFile(project.id)).toEqual(row);
    expect(await env.FILES.head(row.r2Key)).not.toBeNull();
    expect(await storageBytes(ownerUser.id)).toBe(PDF.length);
    expect(await storageBytes(intruderUser.id)).toBe(0);
  });

  it("returns 404 for a file id of another project of the same freelancer", async () => {
    const { browser, user } = await loggedInBrowser();
    const first = await makeProject(user.id, { name: "Pierwszy" });
    const second = await makeProject(user.id, { name: "Drugi" });
    await freelancerUpload(browser, first.id, PDF, "pierwszy.pdf");
    const row = await onlyFile(first.id);
    expect((await browser.get(`/projects/${second.id}/files/${row.id}`)).status).toBe(404);
    expect((await browser.post(`/projects/${second.id}/files`, { intent: "delete", fileId: row.id })).status).toBe(404);
    expect(await onlyFile(first.id)).toEqual(row);
  });

  it("pages the list newest first", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const base = Date.parse("2026-03-01T10:00:00.000Z");
    const rows = Array.from({ length: 21 }, (_, i) => ({
        id: crypto.randomUUID(),
        userId: user.id,
        projectId: project.id,
        r2Key: `projects/${project.id}/${crypto.randomUUID()}`,
        name: `plik-${String(i).padStart(2, "0")}.txt`,
        size: 1,
        contentType: "text/plain; charset=utf-8",
        kind: "text" as const,
        uploadedBy: "freelancer" as const,
        createdAt: new Date(base + i * 60_000).toISOString(),
      }));
    // D1 allows 100 bound parameters per statement: 12 columns × 7 rows stays under it.
    for (let i = 0; i < rows.length; i += 7) await db.insert(files).values(rows.slice(i, i + 7));
    const first = await (await browser.get(`/projects/${project.id}`)).text();
    expect(first).toContain("plik-20.txt");
    expect(first).toContain("plik-01.txt");
    expect(first).not.toContain("plik-00.txt");
    expect(first).toContain("filesPage=2");
    const second = await (await browser.get(`/projects/${project.id}?filesPage=2`)).text();
    expect(second).toContain("plik-00.txt");
    expect(second).not.toContain("plik-01.txt");
  });

  it("rate-limits uploads per account", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const rule = RATE_LIMITS.fileUploadPerAccount;
    const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
    await db.insert(rateLimits).values({ key: `file_upload:account:${user.id}`, windowStart, count: rule.limit });
    await expectRejected(await freelancerUpload(browser, project.id, PNG, "kolejny.png"), filesText.errors.rate_limited);
    expect(await projectFiles(project.id)).toEqual([]);
  });

  it("rate-limits uploads per IP", async () => {
    const { browser, user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const rule = RATE_LIMITS.fileUploadPerIp;
    const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
    const { sha256Hex } = await import("~/utils/crypto.server");
    await db.insert(rateLimits).values({ key: `file_upload:ip:${await sha256Hex(browser.ip)}`, windowStart, count: rule.limit });
    await expectRejected(await freelancerUpload(browser, project.id, PNG, "kolejny.png"), filesText.errors.rate_limited);
  });

  it("describes file activity on the timeline", () => {
    expect(describeActivity({ action: "file.uploaded", data: { name: "a.pdf" } })).toEqual([activityText.fileUploaded("a.pdf")]);
    expect(describeActivity({ action: "file.uploaded", data: { name: "a.pdf", private: true } })).toEqual([activityText.fileUploadedPrivate("a.pdf")]);
    expect(describeActivity({ action: "file.deleted", data: { name: "a.pdf" } })).toEqual([activityText.fileDeleted("a.pdf")]);
    expect(describeActivity({ action: "file.made_private", data: { name: "a.pdf" } })).toEqual([activityText.fileMadePrivate("a.pdf")]);
    expect(describeActivity({ action: "file.made_public", data: { name: "a.pdf" } })).toEqual([activityText.fileMadePublic("a.pdf")]);
  });
});

describe("client files", () => {
  it("uploads a file and notifies the freelancer", async () => {
    const { user, project, token, client } = await sharedProject("Sklep „Łąka”");
    const response = await clientUpload(client, token, PDF, "brief.pdf");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/p/${token}#files`);
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");

    const row = await onlyFile(project.id);
    expect(row).toMatchObject({ uploadedBy: "client", private: false, kind: "pdf", userId: user.id });
    expect(await storageBytes(user.id)).toBe(PDF.length);
    expect(await fileActivity(project.id)).toEqual([
      { actor: "client", action: "file.uploaded", data: { name: "brief.pdf", size: PDF.length, private: false } },
    ]);
    const notes = await db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ type: "file", projectId: project.id });
    expect(JSON.parse(notes[0].data)).toEqual({ projectName: "Sklep „Łąka”", fileName: "brief.pdf", size: PDF.length });

    const page = await (await client.get(`/p/${token}`)).text();
    expect(page).toContain(escapeHtml(clientFilesText.uploaded("brief.pdf")));
    expect(page).toContain(`/p/${token}/files/${row.id}`);

    const download = await client.get(`/p/${token}/files/${row.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toBe(`attachment; filename="brief.pdf"; filename*=UTF-8''brief.pdf`);
    expect(download.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(download.headers.get("Cache-Control")).toBe("private, no-store");
    expect(download.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(download.headers.get("X-Robots-Tag")).toBe("noindex");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  });

  it("speaks the project's client language", async () => {
    const { project, token, client } = await sharedProject();
    await db.update(projects).set({ clientLocale: "en" }).where(eq(projects.id, project.id));
    const rejected = await clientUpload(client, token, SVG, "logo.png");
    await expectRejected(rejected, clientFilesTextEn.errors.type_not_allowed);
    const page = await (await client.get(`/p/${token}`)).text();
    expect(page).toContain(escapeHtml(clientFilesTextEn.title));
    expect(page).toContain(escapeHtml(clientFilesTextEn.limits("25\u00a0MB")));
  });

  it("rejects HTML renamed .png from the client", async () => {
    const { project, token, client } = await sharedProject();
    await expectRejected(await clientUpload(client, token, HTML, "zdjecie.png"), clientFilesText.errors.type_not_allowed);
    await expectRejected(await clientUpload(client, token, new Uint8Array(0), "pusty.png"), clientFilesText.errors.empty);
    expect(await projectFiles(project.id)).toEqual([]);
  });

  it("rejects a client upload over the freelancer's quota", async () => {
    const { user, project, token, client } = await sharedProject();
    await db.update(users).set({ storageBytes: ACCOUNT_STORAGE_BYTES }).where(eq(users.id, user.id));
    await expectRejected(await clientUpload(client, token, PNG, "a.png"), clientFilesText.errors.quota_exceeded);
    expect(await projectFiles(project.id)).toEqual([]);
    expect(await db.select().from(notifications).where(eq(notifications.userId, user.id))).toEqual([]);
  });

  it("hides private files from the client", async () => {
    const { freelancer, project, token, client } = await sharedProject();
    await freelancerUpload(freelancer, project.id, PDF, "wewnetrzny-kosztorys.pdf", { private: "1" });
    await freelancerUpload(freelancer, project.id, PNG, "makieta.png");
    const secret = (await projectFiles(project.id)).find((row) => row.private)!;

    const page = await (await client.get(`/p/${token}`)).text();
    expect(page).toContain("makieta.png");
    expect(page).not.toContain("wewnetrzny-kosztorys");
    expect(page).not.toContain(secret.id);
    const listPage = await (await client.get(`/p/${token}/files`)).text();
    expect(listPage).not.toContain("wewnetrzny-kosztorys");

    const download = await client.get(`/p/${token}/files/${secret.id}`);
    expect(download.status).toBe(404);
    expect((await client.post(`/p/${token}/files`, { intent: "delete", fileId: secret.id })).status).toBe(404);

    // The freelancer still sees and downloads it.
    expect(await (await freelancer.get(`/projects/${project.id}`)).text()).toContain("wewnetrzny-kosztorys.pdf");
    const own = await freelancer.get(`/projects/${project.id}/files/${secret.id}`);
    expect(own.status).toBe(200);
    await own.arrayBuffer();
  });

  it("lets the client delete only what the client uploaded", async () => {
    const { user, freelancer, project, token, client } = await sharedProject();
    await freelancerUpload(freelancer, project.id, PDF, "od-wykonawcy.pdf");
    await clientUpload(client, token, PNG, "od-klienta.png");
    const rows = await projectFiles(project.id);
    const freelancerFile = rows.find((row) => row.uploadedBy === "freelancer")!;
    const clientFile = rows.find((row) => row.uploadedBy === "client")!;

    const rejected = await client.post(`/p/${token}/files`, { intent: "delete", fileId: freelancerFile.id });
    expect(rejected.status).toBe(404);
    expect((await client.post(`/p/${token}/files`, { intent: "private", fileId: clientFile.id })).status).toBe(400);
    expect(await projectFiles(project.id)).toHaveLength(2);

    const deleted = await client.post(`/p/${token}/files`, { intent: "delete", fileId: clientFile.id });
    expect(await pageAfter(client, deleted)).toContain(escapeHtml(clientFilesText.deleted("od-klienta.png")));
    expect((await projectFiles(project.id)).map((row) => row.id)).toEqual([freelancerFile.id]);
    expect(await env.FILES.head(clientFile.r2Key)).toBeNull();
    expect(await storageBytes(user.id)).toBe(PDF.length);
    expect((await fileActivity(project.id)).at(-1)).toEqual({ actor: "client", action: "file.deleted", data: { name: "od-klienta.png" } });
  });

  it("deleted file URL shows Polish 404", async () => {
    const { freelancer, project } = await sharedProject("Projekt z usuniętym plikiem");
    await freelancerUpload(freelancer, project.id, PDF, "stary.pdf");
    const file = await onlyFile(project.id);
    expect((await freelancer.post(`/projects/${project.id}/files`, { intent: "delete", fileId: file.id })).status).toBe(302);

    const download = await freelancer.get(`/projects/${project.id}/files/${file.id}`);

    expect(download.status).toBe(404);
    expect(download.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await download.text()).toContain(escapeHtml(common.notFoundTitle));
  });

  it("returns 404 for file ids of other projects", async () => {
    const a = await sharedProject("Projekt A");
    const sameOwner = await makeProject(a.user.id, { name: "Projekt B" });
    await freelancerUpload(a.freelancer, sameOwner.id, PDF, "projekt-b.pdf");
    const sameOwnerFile = await onlyFile(sameOwner.id);
    const other = await sharedProject("Cudzy projekt");
    await freelancerUpload(other.freelancer, other.project.id, PDF, "cudzy.pdf");
    const otherFile = await onlyFile(other.project.id);

    // The same page as for a link that opens no project at all.
    const deadLink = await (await a.client.get(`/p/${"x".repeat(43)}/files/${otherFile.id}`)).text();
    expect(deadLink).toContain(escapeHtml(clientShellText.pl.notFoundTitle));
    for (const file of [sameOwnerFile, otherFile]) {
      const download = await a.client.get(`/p/${a.token}/files/${file.id}`);
      expect(download.status).toBe(404);
      expect(await download.text()).toBe(deadLink);
      expect((await a.client.post(`/p/${a.token}/files`, { intent: "delete", fileId: file.id })).status).toBe(404);
    }
    expect(await onlyFile(sameOwner.id)).toEqual(sameOwnerFile);
    expect(await onlyFile(other.project.id)).toEqual(otherFile);
  });

  it("stops every file action after the link is disabled or regenerated", async () => {
    const { user, freelancer, project, token, client } = await sharedProject();
    await clientUpload(client, token, PNG, "moj.png");
    const row = await onlyFile(project.id);
    const opened = await client.get(`/p/${token}/files/${row.id}`);
    expect(opened.status).toBe(200);
    await opened.arrayBuffer();
    const unknownLink = await client.get(`/p/${"A".repeat(43)}/files/${row.id}`);
    const notFoundBody = await unknownLink.text();
    expect(unknownLink.status).toBe(404);

    const currentHash = (await db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!.shareTokenHash;
    const newToken = await issueShareToken(db, shareKey(), user.id, project.id, currentHash);
    if (!newToken) throw new Error("the link could not be regenerated");
    for (const response of [
      await client.get(`/p/${token}/files/${row.id}`),
      await client.post(`/p/${token}/files`, { intent: "delete", fileId: row.id }),
      await clientUpload(client, token, PNG, "po-zmianie.png"),
    ]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    }
    expect(await (await client.get(`/p/${token}/files/${row.id}`)).text()).toBe(notFoundBody);

    const fresh = await client.get(`/p/${newToken}/files/${row.id}`);
    expect(fresh.status).toBe(200);
    await fresh.arrayBuffer();

    expect(await disableSharing(db, user.id, project.id)).toBe("disabled");
    expect((await client.get(`/p/${newToken}/files/${row.id}`)).status).toBe(404);
    expect((await client.post(`/p/${newToken}/files`, { intent: "delete", fileId: row.id })).status).toBe(404);
    expect((await clientUpload(client, newToken, PNG, "po-wylaczeniu.png")).status).toBe(404);
    expect(await onlyFile(project.id)).toEqual(row);
    // The freelancer keeps access to the file.
    const own = await freelancer.get(`/projects/${project.id}/files/${row.id}`);
    expect(own.status).toBe(200);
    await own.arrayBuffer();
    expect(await db.select().from(files).where(and(eq(files.projectId, project.id), eq(files.uploadedBy, "client")))).toHaveLength(1);
  });
});

describe("download names", () => {
  it("renames files to the detected type", async () => {
    const { project, token, client } = await sharedProject();
    const polyglot = concat(GIF, encoder.encode("<html><body><script>alert(document.cookie)</script></body></html>"));
    for (const [bytes, name] of [
      [encoder.encode("Oferta: 1 000 zł netto.\n"), "oferta.html"],
      [PDF, "faktura.pdf.bat"],
      [encoder.encode("alert(1)\n"), "umowa.js"],
      [polyglot, "poly.html"],
    ] as const) {
      expect((await clientUpload(client, token, bytes, name)).status, name).toBe(302);
    }
    const rows = await projectFiles(project.id);
    expect(rows.map((row) => row.name).sort()).toEqual(["faktura.pdf.bat.pdf", "oferta.html.txt", "poly.html.gif", "umowa.js.txt"]);

    for (const row of rows) {
      const download = await client.get(`/p/${token}/files/${row.id}`);
      expect(download.status).toBe(200);
      await download.arrayBuffer();
      expect(download.headers.get("Content-Disposition")).toContain(`filename="${row.name}"`);
      expect(download.headers.get("Content-Disposition")).toContain(`filename*=UTF-8''${row.name}`);
    }
    const gif = rows.find((row) => row.name === "poly.html.gif")!;
    expect(gif.contentType).toBe("image/gif");
  });

  it("fixes names stored before the renaming", async () => {
    const { user } = await loggedInBrowser();
    const project = await makeProject(user.id);
    const row = {
      id: crypto.randomUUID(),
      userId: user.id,
      projectId: project.id,
      r2Key: `projects/${project.id}/${crypto.randomUUID()}`,
      name: "stara-oferta.html",
      size: 5,
      contentType: "text/plain; charset=utf-8",
      kind: "text" as const,
      uploadedBy: "client" as const,
      private: false,
      fixRequestId: null,
      createdAt: new Date().toISOString(),
    };
    await env.FILES.put(row.r2Key, encoder.encode("tekst"));
    const response = await fileDownloadResponse(env.FILES, row);
    expect(response?.headers.get("Content-Disposition")).toBe(`attachment; filename="stara-oferta.html.txt"; filename*=UTF-8''stara-oferta.html.txt`);
    await response?.arrayBuffer();
    const unknown = await fileDownloadResponse(env.FILES, { ...row, name: "skrypt.bat", contentType: "application/x-msdownload" });
    expect(unknown?.headers.get("Content-Disposition")).toContain(`filename="skrypt.bat.bin"`);
    await unknown?.arrayBuffer();
  });
});

/** Sets a rate-limit counter of the current window to its limit. */
async function useUpRateLimit(key: string, rule: { limit: number; windowSeconds: number }) {
  const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
  await db.insert(rateLimits).values({ key, windowStart, count: rule.limit });
}

async function rateLimitCount(key: string): Promise<number | null> {
  const row = await db.query.rateLimits.findFirst({ where: eq(rateLimits.key, key) });
  return row ? row.count : null;
}

async function clientStorageBytes(projectId: string): Promise<number> {
  const row = await db.query.projects.findFirst({ where: eq(projects.id, projectId) });
  if (!row) throw new Error(`project ${projectId} not found`);
  return row.clientStorageBytes;
}

describe("client upload limits", () => {
  it("counts client uploads per project, apart from the freelancer", async () => {
    const { user, freelancer, project, token, client } = await sharedProject();
    expect((await clientUpload(client, token, PNG, "od-klienta.png")).status).toBe(302);
    expect(await rateLimitCount(`file_upload:project:${project.id}`)).toBe(1);
    expect(await rateLimitCount(`file_upload:account:${user.id}`)).toBeNull();

    // The freelancer's own limit used up does not stop the client, and the other way round.
    await useUpRateLimit(`file_upload:account:${user.id}`, RATE_LIMITS.fileUploadPerAccount);
    expect((await clientUpload(client, token, PNG, "drugi.png")).status).toBe(302);
    await expectRejected(await freelancerUpload(freelancer, project.id, PNG, "wykonawca.png"), filesText.errors.rate_limited);
    await db.delete(rateLimits).where(eq(rateLimits.key, `file_upload:account:${user.id}`));

    await db
      .update(rateLimits)
      .set({ count: RATE_LIMITS.clientFileUploadPerProject.limit })
      .where(eq(rateLimits.key, `file_upload:project:${project.id}`));
    await expectRejected(await clientUpload(client, token, PNG, "trzeci.png"), clientFilesText.errors.rate_limited);
    expect((await freelancerUpload(freelancer, project.id, PNG, "wykonawca.png")).status).toBe(302);
    expect((await projectFiles(project.id)).map((row) => row.name).sort()).toEqual(["drugi.png", "od-klienta.png", "wykonawca.png"]);
  });

  it("rejects a refused client upload without reading it", async () => {
    const { project, token, client } = await sharedProject();
    await useUpRateLimit(`file_upload:project:${project.id}`, RATE_LIMITS.clientFileUploadPerProject);
    await expectRejected(await stalledUpload(client, `/p/${token}/files`, 20 * 1024 * 1024), clientFilesText.errors.rate_limited);
  });

  it("caps the client's files per project", async () => {
    const { user, freelancer, project, token, client } = await sharedProject();
    expect((await clientUpload(client, token, PNG, "a.png")).status).toBe(302);
    expect(await clientStorageBytes(project.id)).toBe(PNG.length);
    // The freelancer's own files do not count here.
    expect((await freelancerUpload(freelancer, project.id, PDF, "b.pdf")).status).toBe(302);
    expect(await clientStorageBytes(project.id)).toBe(PNG.length);

    const used = CLIENT_PROJECT_STORAGE_BYTES - 5;
    await db.update(projects).set({ clientStorageBytes: used }).where(eq(projects.id, project.id));
    const message = clientFilesText.errors.project_quota_exceeded(formatFileSize(used), formatFileSize(CLIENT_PROJECT_STORAGE_BYTES));
    expect(message).toContain("250\u00a0MB");
    await expectRejected(await clientUpload(client, token, PNG, "za-duzo.png"), message);
    expect(await projectFiles(project.id)).toHaveLength(2);
    expect(await clientStorageBytes(project.id)).toBe(used);
    expect(await storageBytes(user.id)).toBe(PNG.length + PDF.length);
    expect(await objectKeys(project.id)).toHaveLength(2);

    // The freelancer still uploads to the same project.
    expect((await freelancerUpload(freelancer, project.id, PNG, "wykonawca.png")).status).toBe(302);

    // An English client reads the limit in English.
    await db.update(projects).set({ clientLocale: "en" }).where(eq(projects.id, project.id));
    await expectRejected(
      await clientUpload(client, token, PNG, "za-duzo.png"),
      clientFilesTextEn.errors.project_quota_exceeded(formatFileSize(used, "en"), formatFileSize(CLIENT_PROJECT_STORAGE_BYTES, "en")),
    );
  });

  it("checks the project cap against Content-Length before reading", async () => {
    const { project, token, client } = await sharedProject();
    const used = CLIENT_PROJECT_STORAGE_BYTES - 1024 * 1024;
    await db.update(projects).set({ clientStorageBytes: used }).where(eq(projects.id, project.id));
    const response = await stalledUpload(client, `/p/${token}/files`, 5 * 1024 * 1024);
    await expectRejected(response, clientFilesText.errors.project_quota_exceeded(formatFileSize(used), formatFileSize(CLIENT_PROJECT_STORAGE_BYTES)));
  });

  it("lets only one of two parallel client uploads take the last space", async () => {
    const { user, project } = await sharedProject();
    const { shareTokenHash } = (await db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!;
    await db.update(projects).set({ clientStorageBytes: CLIENT_PROJECT_STORAGE_BYTES - 15 }).where(eq(projects.id, project.id));
    const file = (name: string): UploadedFile => ({ name, bytes: encoder.encode("0123456789"), size: 10, kind: "text", contentType: "text/plain; charset=utf-8" });
    const scope = { userId: user.id, projectId: project.id, uploadedBy: "client" as const, shareTokenHash: shareTokenHash ?? "" };
    const results = await Promise.all([
      storeProjectFile(db, env.FILES, scope, file("a.txt")),
      storeProjectFile(db, env.FILES, scope, file("b.txt")),
    ]);
    expect(results.map((result) => result.outcome).sort()).toEqual(["project_quota_exceeded", "stored"]);
    expect(await clientStorageBytes(project.id)).toBe(CLIENT_PROJECT_STORAGE_BYTES - 5);
    // The refused upload took back its account reservation.
    expect(await storageBytes(user.id)).toBe(10);
    expect(await projectFiles(project.id)).toHaveLength(1);
    expect(await objectKeys(project.id)).toHaveLength(1);
  });

  it("gives the space back when a client file is deleted", async () => {
    const { user, freelancer, project, token, client } = await sharedProject();
    await clientUpload(client, token, PNG, "klient-1.png");
    await clientUpload(client, token, PDF, "klient-2.pdf");
    const [first, second] = await projectFiles(project.id);
    expect(await clientStorageBytes(project.id)).toBe(PNG.length + PDF.length);

    expect((await client.post(`/p/${token}/files`, { intent: "delete", fileId: first.id })).status).toBe(302);
    expect(await clientStorageBytes(project.id)).toBe(second.size);
    expect((await freelancer.post(`/projects/${project.id}/files`, { intent: "delete", fileId: second.id })).status).toBe(302);
    expect(await clientStorageBytes(project.id)).toBe(0);
    expect(await storageBytes(user.id)).toBe(0);
  });

  it("stores nothing for a link changed during the upload", async () => {
    const { user, project } = await sharedProject();
    const before = (await db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!.shareTokenHash;
    await issueShareToken(db, shareKey(), user.id, project.id, before);
    const file: UploadedFile = { name: "spozniony.txt", bytes: encoder.encode("tekst"), size: 5, kind: "text", contentType: "text/plain; charset=utf-8" };

    const result = await storeProjectFile(db, env.FILES, { userId: user.id, projectId: project.id, uploadedBy: "client", shareTokenHash: before ?? "" }, file);
    expect(result).toEqual({ outcome: "not_found" });
    await disableSharing(db, user.id, project.id);
    const disabled = await storeProjectFile(db, env.FILES, { userId: user.id, projectId: project.id, uploadedBy: "client", shareTokenHash: before ?? "" }, file);
    expect(disabled).toEqual({ outcome: "not_found" });

    expect(await projectFiles(project.id)).toEqual([]);
    expect(await objectKeys(project.id)).toEqual([]);
    expect(await storageBytes(user.id)).toBe(0);
    expect(await clientStorageBytes(project.id)).toBe(0);
    expect(await db.select().from(notifications).where(eq(notifications.userId, user.id))).toEqual([]);
  });

  it("stores nothing when the link changes after the reservation", async () => {
    const { user, project } = await sharedProject();
    const hash = (await db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!.shareTokenHash ?? "";
    // The link is regenerated while the object is being put in R2: after both reservations,
    // before the `files` row is written.
    const racingBucket = new Proxy(env.FILES, {
      get(target, property) {
        if (property === "put") {
          return async (...args: Parameters<R2Bucket["put"]>) => {
            await issueShareToken(db, shareKey(), user.id, project.id, hash);
            return target.put(...args);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const file: UploadedFile = { name: "w-locie.txt", bytes: encoder.encode("tekst"), size: 5, kind: "text", contentType: "text/plain; charset=utf-8" };

    const result = await storeProjectFile(db, racingBucket, { userId: user.id, projectId: project.id, uploadedBy: "client", shareTokenHash: hash }, file);
    expect(result).toEqual({ outcome: "not_found" });
    expect(await projectFiles(project.id)).toEqual([]);
    expect(await objectKeys(project.id)).toEqual([]);
    expect(await storageBytes(user.id)).toBe(0);
    expect(await clientStorageBytes(project.id)).toBe(0);
    expect(await fileActivity(project.id)).toEqual([]);
    expect(await db.select().from(notifications).where(eq(notifications.userId, user.id))).toEqual([]);
  });
});
