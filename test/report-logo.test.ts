/// <reference types="vite/client" />
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activity, rateLimits, reportSettings, users } from "~/db/schema";
import { readOnlyText, reportSettingsText as t } from "~/i18n/pl";
import { LOGO_HEIGHT, LOGO_WIDTH, loadReportLogo, MAX_LOGO_BYTES, storeReportLogo } from "~/models/report-settings.server";
import { RATE_LIMITS } from "~/models/rate-limit.server";
import { formatFileSize } from "~/utils/file-size";
import { escapeHtml } from "~/utils/html";
import { renderReportHtml } from "~/reports/report-document.server";
import type { ReportContent } from "~/reports/report-content";
import { crc32, readImageDimensions } from "~/utils/image-dimensions.server";
import jpegUrl from "./fixtures/logo-600x200.jpg?inline";
import pngUrl from "./fixtures/logo-600x200.png?inline";
import svgUrl from "./fixtures/logo-600x200.svg?inline";
import tallPngUrl from "./fixtures/logo-600x201.png?inline";
import polyglotUrl from "./fixtures/logo-png-header-jpeg-body.png?inline";
import { Browser, db, loggedInBrowser } from "./helpers";

// Settings → "Raporty": the logo's header checks (PNG chunks with their CRCs, JPEG segments),
// uploads through the real Worker into the real local R2 bucket, replacing and removing the
// logo, "pokazuj logo w raporcie", and loadReportLogo, which the report queue's consumer calls.
// The images are committed fixtures written by test/fixtures/make-logo-fixtures.sh.

const PAGE = "/settings/reports";
const PREVIEW = "/settings/reports/logo";

/** Decodes a data URL as Vite's `?inline` import gives it (base64, or percent-encoded for SVG). */
function dataUrlBytes(url: string): Uint8Array {
  const comma = url.indexOf(",");
  const meta = url.slice(0, comma);
  const payload = url.slice(comma + 1);
  if (meta.endsWith(";base64")) return Uint8Array.from(atob(payload), (char) => char.charCodeAt(0));
  return new TextEncoder().encode(decodeURIComponent(payload));
}

const PNG = dataUrlBytes(pngUrl);
const JPEG = dataUrlBytes(jpegUrl);
const TALL_PNG = dataUrlBytes(tallPngUrl);
const SVG = dataUrlBytes(svgUrl);
const POLYGLOT = dataUrlBytes(polyglotUrl);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Returns the offset of the first JPEG start-of-frame marker (FF C0–C2) after SOI. */
function frameMarkerOffset(bytes: Uint8Array): number {
  for (let i = 2; i < bytes.length - 1; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] >= 0xc0 && bytes[i + 1] <= 0xc2) return i + 1;
  }
  throw new Error("no start-of-frame marker in the JPEG fixture");
}

function uploadForm(bytes: Uint8Array, name: string): FormData {
  const form = new FormData();
  // The browser's type is deliberately wrong: the server reads the type from the bytes.
  form.append("file", new File([new Uint8Array(bytes)], name, { type: "image/png" }));
  return form;
}

function uploadLogo(browser: Browser, bytes: Uint8Array, name = "logo.png") {
  return browser.fetch(PAGE, { method: "POST", body: uploadForm(bytes, name) });
}

async function expectRejected(response: Response, message: string) {
  expect(response.status).toBe(400);
  expect(await response.text()).toContain(escapeHtml(message));
}

async function settingsRow(userId: string) {
  const [row] = await db.select().from(reportSettings).where(eq(reportSettings.userId, userId));
  return row;
}

async function logoKeys(userId: string): Promise<string[]> {
  const listed = await env.FILES.list({ prefix: `report-logos/${userId}/` });
  return listed.objects.map((object) => object.key);
}

async function logoActions(userId: string): Promise<string[]> {
  const rows = await db.select().from(activity).where(eq(activity.userId, userId)).orderBy(activity.createdAt);
  return rows.map((row) => row.action).filter((action) => action.startsWith("account.report_logo"));
}

async function objectBytes(key: string): Promise<Uint8Array> {
  const object = await env.FILES.get(key);
  if (!object) throw new Error(`no R2 object ${key}`);
  return new Uint8Array(await object.arrayBuffer());
}

function base64Of(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));
}

/**
 * Posts a multipart body that announces `contentLength` bytes, sends its first line and then
 * never ends. A server that read the body before responding would hang until the test times out.
 */
function stalledUpload(browser: Browser, contentLength: number) {
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      if (pulls === 1) controller.enqueue(new TextEncoder().encode("--xyz\r\n"));
      return pulls === 1 ? undefined : new Promise<void>(() => {});
    },
  });
  return browser.fetch(PAGE, {
    method: "POST",
    body,
    headers: { "Content-Type": "multipart/form-data; boundary=xyz", "Content-Length": String(contentLength) },
    duplex: "half",
  } as RequestInit);
}

describe("image header check", () => {
  it("computes the PNG CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("reads the 600×200 PNG and JPEG", () => {
    expect(readImageDimensions(PNG)).toEqual({ ok: true, contentType: "image/png", width: 600, height: 200 });
    expect(readImageDimensions(JPEG)).toEqual({ ok: true, contentType: "image/jpeg", width: 600, height: 200 });
  });

  it("reads 600×201 from the PNG header", () => {
    expect(readImageDimensions(TALL_PNG)).toEqual({ ok: true, contentType: "image/png", width: 600, height: 201 });
  });

  it("rejects SVG, GIF and text as unsupported", () => {
    expect(readImageDimensions(SVG)).toEqual({ ok: false, reason: "unsupported" });
    expect(readImageDimensions(new TextEncoder().encode("GIF89a\x58\x02\xc8\x00"))).toEqual({ ok: false, reason: "unsupported" });
    expect(readImageDimensions(new TextEncoder().encode("600x200"))).toEqual({ ok: false, reason: "unsupported" });
    expect(readImageDimensions(new Uint8Array(0))).toEqual({ ok: false, reason: "unsupported" });
  });

  it("rejects a PNG header with a JPEG body", () => {
    // The IHDR chunk alone is valid and gives 600×200.
    expect(POLYGLOT.subarray(16, 24)).toEqual(new Uint8Array([0, 0, 2, 88, 0, 0, 0, 200]));
    expect(readImageDimensions(POLYGLOT)).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a PNG with a damaged chunk", () => {
    const damaged = PNG.slice();
    // A byte inside the IDAT data (after the signature, IHDR and the IDAT chunk's header).
    damaged[8 + 25 + 8 + 10] ^= 0xff;
    expect(readImageDimensions(damaged)).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a truncated PNG and bytes after IEND", () => {
    expect(readImageDimensions(PNG.subarray(0, PNG.length - 12))).toEqual({ ok: false, reason: "corrupt" });
    expect(readImageDimensions(PNG.subarray(0, 40))).toEqual({ ok: false, reason: "corrupt" });
    expect(readImageDimensions(concat(PNG, JPEG))).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a PNG whose IHDR is not first", () => {
    const afterIhdr = 8 + 25;
    const swapped = concat(PNG.subarray(0, 8), PNG.subarray(afterIhdr), PNG.subarray(8, afterIhdr));
    expect(readImageDimensions(swapped)).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a truncated JPEG and bytes after EOI", () => {
    expect(readImageDimensions(JPEG.subarray(0, JPEG.length - 2))).toEqual({ ok: false, reason: "corrupt" });
    expect(readImageDimensions(JPEG.subarray(0, 200))).toEqual({ ok: false, reason: "corrupt" });
    expect(readImageDimensions(concat(JPEG, new TextEncoder().encode("<script>")))).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a JPEG frame browsers cannot decode", () => {
    const lossless = JPEG.slice();
    lossless[frameMarkerOffset(lossless)] = 0xc3;
    expect(readImageDimensions(lossless)).toEqual({ ok: false, reason: "corrupt" });
  });

  it("rejects a JPEG with no frame", () => {
    // SOI, an APP0 segment, EOI.
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xd9]);
    expect(readImageDimensions(bytes)).toEqual({ ok: false, reason: "corrupt" });
  });
});

describe("logo upload", () => {
  it("stores a 600×200 PNG and shows it", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await uploadLogo(browser, PNG);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(PAGE);

    const row = await settingsRow(user.id);
    expect(row).toMatchObject({ logoContentType: "image/png", logoSize: PNG.length, showLogo: true });
    expect(await logoKeys(user.id)).toEqual([row.logoKey]);
    expect(await objectBytes(row.logoKey ?? "")).toEqual(PNG);
    expect(await logoActions(user.id)).toEqual(["account.report_logo_uploaded", "account.report_logo_shown"]);

    const page = await (await browser.get(PAGE)).text();
    expect(page).toContain(escapeHtml(t.uploaded));
    const preview = /<img[^>]*data-testid="report-logo-preview"[^>]*>/.exec(page)?.[0] ?? "";
    expect(preview).toMatch(new RegExp(`\\ssrc="${PREVIEW}[?"]`));
    expect(preview).toContain(` width="${LOGO_WIDTH}"`);
    expect(preview).toContain(` height="${LOGO_HEIGHT}"`);
    expect(page).toContain(escapeHtml(t.logoInfo("PNG", formatFileSize(PNG.length), 600, 200)));
    expect(page).toMatch(/<input[^>]*name="show"[^>]*checked/);
  });

  it("serves the preview as the stored image", async () => {
    const { browser } = await loggedInBrowser();
    await uploadLogo(browser, PNG);
    const preview = await browser.get(PREVIEW);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("Content-Type")).toBe("image/png");
    expect(preview.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(preview.headers.get("Cache-Control")).toBe("private, no-store");
    expect(preview.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
    expect(new Uint8Array(await preview.arrayBuffer())).toEqual(PNG);
  });

  it("stores a 600×200 JPEG", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await uploadLogo(browser, JPEG, "logo.jpg")).status).toBe(302);
    expect(await settingsRow(user.id)).toMatchObject({ logoContentType: "image/jpeg", logoSize: JPEG.length, showLogo: true });
    expect((await browser.get(PREVIEW)).headers.get("Content-Type")).toBe("image/jpeg");
  });

  it("rejects 600×201 with the size found", async () => {
    const { browser, user } = await loggedInBrowser();
    await expectRejected(await uploadLogo(browser, TALL_PNG), t.errors.wrong_size(LOGO_WIDTH, LOGO_HEIGHT, 600, 201));
    expect(t.errors.wrong_size(LOGO_WIDTH, LOGO_HEIGHT, 600, 201)).toContain("600×201 px");
    expect(await settingsRow(user.id)).toBeUndefined();
    expect(await logoKeys(user.id)).toEqual([]);
    expect(await logoActions(user.id)).toEqual([]);
  });

  it("rejects an SVG", async () => {
    const { browser, user } = await loggedInBrowser();
    await expectRejected(await uploadLogo(browser, SVG, "logo.svg"), t.errors.type_not_allowed);
    expect(await logoKeys(user.id)).toEqual([]);
  });

  it("rejects a PNG header with a JPEG body", async () => {
    const { browser, user } = await loggedInBrowser();
    await expectRejected(await uploadLogo(browser, POLYGLOT), t.errors.corrupt);
    expect(await settingsRow(user.id)).toBeUndefined();
    expect(await logoKeys(user.id)).toEqual([]);
  });

  it("rejects a 20 MB image without storing", async () => {
    const { browser, user } = await loggedInBrowser();
    // A real PNG padded to 20 MB: only its size is wrong.
    const big = concat(PNG, new Uint8Array(20 * 1024 * 1024 - PNG.length));
    await expectRejected(await uploadLogo(browser, big), t.errors.too_large(formatFileSize(MAX_LOGO_BYTES)));
    expect(await settingsRow(user.id)).toBeUndefined();
    expect(await logoKeys(user.id)).toEqual([]);
  });

  it("rejects a 20 MB Content-Length before reading", async () => {
    const { browser, user } = await loggedInBrowser();
    await expectRejected(await stalledUpload(browser, 20 * 1024 * 1024), t.errors.too_large(formatFileSize(MAX_LOGO_BYTES)));
    expect(await logoKeys(user.id)).toEqual([]);
  });

  it("rejects an empty form and an empty file", async () => {
    const { browser } = await loggedInBrowser();
    const noFile = new FormData();
    noFile.append("file", new File([], ""));
    await expectRejected(await browser.fetch(PAGE, { method: "POST", body: noFile }), t.errors.missing);
    await expectRejected(await uploadLogo(browser, new Uint8Array(0), "pusty.png"), t.errors.empty);
  });

  it("replaces the logo and deletes the old object", async () => {
    const { browser, user } = await loggedInBrowser();
    await uploadLogo(browser, PNG);
    const first = await settingsRow(user.id);
    // A hidden logo stays hidden when it is replaced.
    expect((await browser.post(PAGE, { intent: "visibility" })).status).toBe(302);

    const response = await uploadLogo(browser, JPEG, "nowe.jpg");
    expect(response.status).toBe(302);
    const second = await settingsRow(user.id);
    expect(second).toMatchObject({ logoContentType: "image/jpeg", logoSize: JPEG.length, showLogo: false });
    expect(second.logoKey).not.toBe(first.logoKey);
    expect(await logoKeys(user.id)).toEqual([second.logoKey]);
    expect(await logoActions(user.id)).toEqual([
      "account.report_logo_uploaded",
      "account.report_logo_shown",
      "account.report_logo_hidden",
      "account.report_logo_uploaded",
    ]);
    expect(await (await browser.get(PAGE)).text()).toContain(escapeHtml(t.replaced));
  });

  it("keeps one object after parallel uploads", async () => {
    const { user } = await loggedInBrowser();
    await Promise.all([
      storeReportLogo(db, env.FILES, { userId: user.id, bytes: PNG, contentType: "image/png" }),
      storeReportLogo(db, env.FILES, { userId: user.id, bytes: JPEG, contentType: "image/jpeg" }),
      storeReportLogo(db, env.FILES, { userId: user.id, bytes: PNG, contentType: "image/png" }),
    ]);
    const row = await settingsRow(user.id);
    expect(await logoKeys(user.id)).toEqual([row.logoKey]);
    const actions = await logoActions(user.id);
    expect(actions.filter((action) => action === "account.report_logo_shown")).toHaveLength(1);
  });

  it("removes the logo", async () => {
    const { browser, user } = await loggedInBrowser();
    await uploadLogo(browser, PNG);
    const response = await browser.post(PAGE, { intent: "remove" });
    expect(response.status).toBe(302);

    expect(await settingsRow(user.id)).toMatchObject({ logoKey: null, logoContentType: null, logoSize: null, showLogo: false });
    expect(await logoKeys(user.id)).toEqual([]);
    expect(await logoActions(user.id)).toEqual(["account.report_logo_uploaded", "account.report_logo_shown", "account.report_logo_removed"]);
    expect((await browser.get(PREVIEW)).status).toBe(404);
    const page = await (await browser.get(PAGE)).text();
    expect(page).toContain(escapeHtml(t.removed));
    expect(page).toContain(escapeHtml(t.noLogo));

    // A second removal changes nothing.
    await browser.post(PAGE, { intent: "remove" });
    expect(await logoActions(user.id)).toHaveLength(3);
  });

  it("switches showing off and on", async () => {
    const { browser, user } = await loggedInBrowser();
    await uploadLogo(browser, PNG);

    expect((await browser.post(PAGE, { intent: "visibility" })).status).toBe(302);
    expect((await settingsRow(user.id)).showLogo).toBe(false);
    expect(await (await browser.get(PAGE)).text()).toContain(escapeHtml(t.hidden));

    expect((await browser.post(PAGE, { intent: "visibility", show: "on" })).status).toBe(302);
    expect((await settingsRow(user.id)).showLogo).toBe(true);
    expect(await (await browser.get(PAGE)).text()).toContain(escapeHtml(t.shown));

    // The same state again writes no activity row.
    await browser.post(PAGE, { intent: "visibility", show: "on" });
    expect(await logoActions(user.id)).toEqual([
      "account.report_logo_uploaded",
      "account.report_logo_shown",
      "account.report_logo_hidden",
      "account.report_logo_shown",
    ]);
  });

  it("refuses showing without a logo", async () => {
    const { browser, user } = await loggedInBrowser();
    const response = await browser.post(PAGE, { intent: "visibility", show: "on" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain(escapeHtml(t.showNeedsLogo));
    expect(await settingsRow(user.id)).toBeUndefined();
    expect(await logoActions(user.id)).toEqual([]);
  });

  it("rejects an unknown intent", async () => {
    const { browser } = await loggedInBrowser();
    const response = await browser.post(PAGE, { intent: "delete-everything" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(escapeHtml(t.invalidIntent));
  });

  it("rate-limits logo uploads", async () => {
    const { browser, user } = await loggedInBrowser();
    const rule = RATE_LIMITS.reportLogoUploadPerAccount;
    const windowStart = Math.floor(Date.now() / 1000 / rule.windowSeconds) * rule.windowSeconds;
    await db.insert(rateLimits).values({ key: `report_logo_upload:account:${user.id}`, windowStart, count: rule.limit });
    await expectRejected(await uploadLogo(browser, PNG), t.errors.rate_limited);
    expect(await logoKeys(user.id)).toEqual([]);
  });

  it("refuses uploads of a read-only account", async () => {
    const { browser, user } = await loggedInBrowser();
    await db.update(users).set({ trialEndsAt: new Date(Date.now() - 86_400_000).toISOString() }).where(eq(users.id, user.id));
    const response = await uploadLogo(browser, PNG);
    expect(response.status).toBe(303);
    expect(await (await browser.get(response.headers.get("Location") ?? "")).text()).toContain(escapeHtml(readOnlyText.refused));
    expect(await logoKeys(user.id)).toEqual([]);
  });

  it("shows the preview only to its owner", async () => {
    const owner = await loggedInBrowser();
    await uploadLogo(owner.browser, PNG);
    const other = await loggedInBrowser();
    expect((await other.browser.get(PREVIEW)).status).toBe(404);
    const anonymous = await new Browser().get(PREVIEW);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/login");
  });

  it("lists the Raporty tab in settings", async () => {
    const { browser } = await loggedInBrowser();
    const page = await (await browser.get(PAGE)).text();
    expect(page).toMatch(new RegExp(`<a[^>]*href="${PAGE}"[^>]*>${t.tab}</a>`));
    expect(page).toContain(escapeHtml(t.requirements(600, 200, formatFileSize(MAX_LOGO_BYTES))));
    expect(page).toContain(escapeHtml(t.showLogo));
  });
});

describe("loadReportLogo", () => {
  it("returns null without a logo", async () => {
    const { user } = await loggedInBrowser();
    expect(await loadReportLogo(db, env.FILES, user.id)).toBeNull();
  });

  it("returns the shown logo as base64", async () => {
    const { browser, user } = await loggedInBrowser();
    await uploadLogo(browser, JPEG, "logo.jpg");
    expect(await loadReportLogo(db, env.FILES, user.id)).toEqual({ contentType: "image/jpeg", base64: base64Of(JPEG) });
  });

  it("returns null while hidden", async () => {
    const { browser, user } = await loggedInBrowser();
    await uploadLogo(browser, PNG);
    await browser.post(PAGE, { intent: "visibility" });
    expect(await loadReportLogo(db, env.FILES, user.id)).toBeNull();
  });

  it("returns null when the object is missing", async () => {
    const { browser, user } = await loggedInBrowser();
    await uploadLogo(browser, PNG);
    const row = await settingsRow(user.id);
    await env.FILES.delete(row.logoKey ?? "");
    expect(await loadReportLogo(db, env.FILES, user.id)).toBeNull();
  });

  it("embeds the logo in the report HTML", async () => {
    const { browser, user } = await loggedInBrowser();
    await uploadLogo(browser, PNG);
    const logo = await loadReportLogo(db, env.FILES, user.id);
    const content: ReportContent = {
      reportId: crypto.randomUUID(),
      period: { start: "2026-11-01", end: "2026-11-30" },
      generatedAt: "2026-12-01T09:00:00.000Z",
      freelancer: { name: "Anna Nowak", email: "anna@example.com" },
      client: { name: "Łukasz Żółć", email: null, nip: null, address: null },
      project: { name: "Strona sklepu", deadline: null, createdAt: "2026-10-01T09:00:00.000Z" },
      tasks: [],
      deletedTasks: [],
      fixRequests: [],
      totals: { accepted: 0, pending: 0, rejected: 0, done: 0, paid: 0, unpaid: 0, taskCount: 0, doneCount: 0 },
    };
    expect(renderReportHtml(content, logo)).toContain(`src="data:image/png;base64,${base64Of(PNG)}"`);
  });

  it("reads only the given user's logo", async () => {
    const owner = await loggedInBrowser();
    await uploadLogo(owner.browser, PNG);
    const other = await loggedInBrowser();
    expect(await loadReportLogo(db, env.FILES, other.user.id)).toBeNull();
    expect(await db.select().from(activity).where(and(eq(activity.userId, other.user.id)))).toEqual([]);
  });
});
