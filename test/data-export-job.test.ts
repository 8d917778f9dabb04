// The export queue's consumer on a seeded account. The ZIP in R2 is unpacked and checked: JSON,
// CSV, file bytes, names, no secrets, README. Further tests cover progress, the e-mail,
// redelivery, failed attempts, the dead-letter queue, a large file through the multipart
// upload, and the maintenance that expires ZIPs and re-queues stalled exports.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  activity,
  authTokens,
  billItems,
  bills,
  dataExports,
  emailOutbox,
  files,
  fixRequests,
  invitations,
  messages,
  payments,
  projects,
  reports,
  reportSettings,
  sessions,
  subscriptionOrders,
  taskVersions,
  tpayConnections,
  users,
} from "~/db/schema";
import { DATASETS } from "~/exports/datasets.server";
import { EXPORT_PART_BYTES } from "~/exports/zip-to-r2.server";
import { renderEmail } from "~/emails/templates";
import { dataExportText } from "~/i18n/pl";
import {
  claimExport,
  EXPORT_TTL_MS,
  exportFileName,
  exportObjectKey,
  MAX_EXPORT_ATTEMPTS,
  requestDataExport,
  runExportMaintenance,
  STALE_QUEUED_EXPORT_MS,
  STALE_RUNNING_EXPORT_MS,
  type ExportJob,
} from "~/models/data-exports.server";
import { issueShareToken } from "~/models/share.server";
import { warsawDay } from "~/utils/dates";
import { requireSecret } from "~/utils/env.server";
import type { Db } from "~/db/client.server";
import { handleExportDeadLetters } from "../workers/exports";
import {
  csvLines,
  deliverExport,
  exportActions,
  exportRow,
  insertExport,
  insertReadyExport,
  readZip,
  recordingQueue,
  sha256,
  text,
} from "./data-export-helpers";
import { createActiveUser, db, loggedInBrowser, ORIGIN } from "./helpers";
import { makeClient, makeProject, makeTask } from "./project-helpers";
import { allowConsoleErrors } from "./setup";

const encoder = new TextEncoder();

async function storeFile(userId: string, projectId: string, name: string, bytes: Uint8Array | null, uploadedBy: "freelancer" | "client" = "freelancer") {
  const id = crypto.randomUUID();
  const r2Key = `projects/${projectId}/${crypto.randomUUID()}`;
  if (bytes) await env.FILES.put(r2Key, bytes);
  await db.insert(files).values({
    id,
    userId,
    projectId,
    r2Key,
    name,
    size: bytes?.byteLength ?? 10,
    contentType: "application/pdf",
    kind: "pdf",
    uploadedBy,
    private: false,
  });
  return { id, r2Key };
}

/** Random bytes of any length (getRandomValues fills at most 64 KiB per call). */
function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + 65_536, length)));
  return bytes;
}

/**
 * Seeds an account with every kind of row the export writes and the secrets it must leave out.
 * Two projects have names that need cleaning. The files have a Polish name, a name with "../",
 * a repeated name and a missing object, and there are a ready report and a logo.
 */
async function seededAccount() {
  const { user } = await loggedInBrowser({ name: "Anna Nowak" });
  const client = await makeClient(user.id, { name: "Źdźbło Łąka Sp. z o.o.", email: "biuro@zdzblo.example", notes: '=HYPERLINK("http://evil.example")' });
  const project = await makeProject(user.id, { name: "Sklep/Łąka", clientId: client.id });
  const other = await makeProject(user.id, { name: "sklep_łąka", clientId: client.id });
  const task = await makeTask(user.id, project.id, { name: "-5 zł rabatu; projekt", amount: 123_456 });
  await makeTask(user.id, project.id, { name: "Wdrożenie", amount: 50_000 });

  const shareToken = await issueShareToken(db, requireSecret(env, "ENCRYPTION_KEY"), user.id, project.id, null);
  if (!shareToken) throw new Error("Sharing not enabled");
  const [shared] = await db.select().from(projects).where(eq(projects.id, project.id));

  const now = new Date().toISOString();
  const billId = crypto.randomUUID();
  await db.insert(bills).values({ id: billId, userId: user.id, projectId: project.id, number: 1, createdBy: "freelancer", status: "paid", total: 123_456, paidVia: "transfer", paidAt: now, createdAt: now, updatedAt: now });
  await db.insert(billItems).values({ id: crypto.randomUUID(), billId, taskId: task.id, name: task.name, amount: 123_456, taskVersion: 1, position: 1 });
  await db.insert(payments).values({
    id: crypto.randomUUID(),
    userId: user.id,
    purpose: "bill",
    projectId: project.id,
    billId,
    method: "transfer",
    amount: 123_456,
    expectedAmount: 123_456,
    status: "applied",
    note: "@SUM(A1)",
    paidAt: now,
  });
  await db.insert(messages).values({ id: crypto.randomUUID(), userId: user.id, projectId: project.id, seq: 1, author: "client", body: "Dzień dobry,\nczy „Łąka” jest gotowa?" });
  await db.insert(invitations).values({
    id: crypto.randomUUID(),
    userId: user.id,
    projectId: project.id,
    email: "biuro@zdzblo.example",
    name: "Biuro",
    sentShareTokenHash: shared.shareTokenHash,
    updatedAt: now,
  });

  const [session] = await db.select().from(sessions).where(eq(sessions.userId, user.id));
  const pinHash = `pin-hash-${crypto.randomUUID()}`;
  const tokenHash = `token-hash-${crypto.randomUUID()}`;
  await db.insert(authTokens).values({ id: crypto.randomUUID(), userId: user.id, purpose: "password_pin", tokenHash, pinHash, expiresAt: now });
  const tpayCredentials = `sealed-tpay-credentials-${crypto.randomUUID()}`;
  await db.insert(tpayConnections).values({
    userId: user.id,
    notifyKey: `notify-${crypto.randomUUID()}`,
    environment: "sandbox",
    merchantId: "01234",
    clientIdHint: "01234-…",
    credentials: tpayCredentials,
    status: "verified",
    checkedAt: now,
    updatedAt: now,
  });
  const [account] = await db.select().from(users).where(eq(users.id, user.id));

  const polishPdf = encoder.encode("%PDF-1.7 umowa zażółć\n");
  const traversal = encoder.encode("not a password file\n");
  const clientUpload = randomBytes(70_000);
  const polish = await storeFile(user.id, project.id, "Umowa Zażółć gęślą jaźń.pdf", polishPdf);
  const evil = await storeFile(user.id, project.id, "../../etc/passwd", traversal);
  const repeated = await storeFile(user.id, project.id, "umowa zażółć gęślą jaźń.PDF", clientUpload, "client");
  const missing = await storeFile(user.id, other.id, "zniknął.pdf", null);

  const reportId = crypto.randomUUID();
  const reportKey = `reports/${user.id}/${reportId}.pdf`;
  const reportPdf = encoder.encode("%PDF-1.7 raport\n");
  await env.FILES.put(reportKey, reportPdf);
  await db.insert(reports).values({
    id: reportId,
    userId: user.id,
    projectId: project.id,
    periodStart: "2026-11-01",
    periodEnd: "2026-11-30",
    status: "ready",
    attempts: 1,
    r2Key: reportKey,
    size: reportPdf.byteLength,
    updatedAt: now,
  });
  const logoKey = `report-logos/${user.id}/${crypto.randomUUID()}`;
  const logo = encoder.encode("\x89PNG fake logo");
  await env.FILES.put(logoKey, logo);
  await db.insert(reportSettings).values({ userId: user.id, logoKey, logoContentType: "image/png", logoSize: logo.byteLength, showLogo: true, updatedAt: now });

  const { queue } = recordingQueue<ExportJob>();
  const requested = await requestDataExport(db, queue, { userId: user.id, now: new Date() });
  if (requested.outcome !== "created") throw new Error(`Export not created: ${requested.outcome}`);

  return {
    user,
    project,
    exportRow: requested.export,
    bytes: { polishPdf, traversal, clientUpload, reportPdf, logo },
    fileIds: { polish: polish.id, evil: evil.id, repeated: repeated.id, missing: missing.id },
    secrets: [
      account.passwordHash,
      session.idHash,
      shareToken,
      shared.shareTokenHash ?? "",
      shared.shareTokenEncrypted ?? "",
      pinHash,
      tokenHash,
      tpayCredentials,
    ],
  };
}

describe("export consumer", () => {
  it("writes the account's ZIP to R2", async () => {
    const seeded = await seededAccount();
    const { user, exportRow: requested } = seeded;

    const result = await deliverExport(requested.id, 1);

    expect(result.explicitAcks).toEqual([`message-${requested.id}-1`]);
    expect(result.retryMessages).toEqual([]);
    const row = await exportRow(requested.id);
    expect(row.status).toBe("ready");
    expect(row.r2Key).toBe(exportObjectKey(row));
    expect(row.fileCount).toBe(5);
    expect(row.claimId).toBeNull();
    expect(row.readyAt).not.toBeNull();
    expect(Date.parse(row.expiresAt ?? "") - Date.parse(row.readyAt ?? "")).toBe(EXPORT_TTL_MS);
    const expectedSteps = DATASETS.length + 4 + 1 + 1 + 1;
    expect(row.progressTotal).toBe(expectedSteps);
    expect(row.progressDone).toBe(expectedSteps);
    expect(await exportActions(requested.id)).toEqual(["export.requested", "export.ready"]);

    const { bytes, entries } = await readZip(row.r2Key ?? "");
    expect(bytes.byteLength).toBe(row.size);
    const object = await env.FILES.head(row.r2Key ?? "");
    expect(object?.httpMetadata?.contentType).toBe("application/zip");
    expect(Object.keys(entries).sort()).toEqual(
      [
        "README.txt",
        "json/account.json",
        "json/clients.json",
        "json/projects.json",
        "json/tasks.json",
        "json/task_versions.json",
        "json/bills.json",
        "json/payments.json",
        "json/messages.json",
        "json/fix_requests.json",
        "json/invitations.json",
        "json/reports.json",
        "json/subscription_orders.json",
        "json/activity.json",
        "json/files.json",
        "csv/klienci.csv",
        "csv/projekty.csv",
        "csv/zadania.csv",
        "csv/rachunki.csv",
        "csv/pozycje-rachunkow.csv",
        "csv/platnosci.csv",
        "csv/wiadomosci.csv",
        "csv/historia-zmian.csv",
        "pliki/Sklep_Łąka/Umowa Zażółć gęślą jaźń.pdf",
        "pliki/Sklep_Łąka/_._etc_passwd",
        "pliki/Sklep_Łąka/umowa zażółć gęślą jaźń (2).PDF",
        "raporty/Sklep_Łąka/raport-2026-11-01-2026-11-30.pdf",
        "logo/logo-raportow.png",
      ].sort(),
    );
    for (const path of Object.keys(entries)) {
      expect(path.startsWith("/")).toBe(false);
      expect(path.split("/")).not.toContain("..");
      expect(path).not.toContain("..");
    }
  });

  it("writes rows as JSON with grosze and UTC", async () => {
    const { exportRow: requested, user, project } = await seededAccount();
    await deliverExport(requested.id, 1);
    const { entries } = await readZip(exportObjectKey(requested));

    const tasks = JSON.parse(text(entries["json/tasks.json"])) as Record<string, unknown>[];
    expect(tasks).toHaveLength(2);
    expect(tasks[0]).toMatchObject({ name: "-5 zł rabatu; projekt", amount: 123_456, projectId: project.id, userId: user.id });
    expect(tasks[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const clients = JSON.parse(text(entries["json/clients.json"])) as Record<string, unknown>[];
    expect(clients).toEqual([expect.objectContaining({ name: "Źdźbło Łąka Sp. z o.o.", email: "biuro@zdzblo.example" })]);
    expect(clients[0]).not.toHaveProperty("searchText");

    const projectRows = JSON.parse(text(entries["json/projects.json"])) as Record<string, unknown>[];
    expect(projectRows.map((row) => row.name)).toEqual(["Sklep/Łąka", "sklep_łąka"]);
    expect(projectRows[0].clientLinkEnabled).toBe(true);
    expect(projectRows[0]).not.toHaveProperty("shareTokenHash");

    const billRows = JSON.parse(text(entries["json/bills.json"])) as { total: number; items: { amount: number; name: string }[] }[];
    expect(billRows).toHaveLength(1);
    expect(billRows[0].total).toBe(123_456);
    expect(billRows[0].items).toEqual([expect.objectContaining({ amount: 123_456, name: "-5 zł rabatu; projekt" })]);

    const paymentRows = JSON.parse(text(entries["json/payments.json"])) as Record<string, unknown>[];
    expect(paymentRows).toEqual([expect.objectContaining({ amount: 123_456, method: "transfer", note: "@SUM(A1)" })]);

    const activityRows = JSON.parse(text(entries["json/activity.json"])) as { action: string; data: Record<string, unknown> }[];
    expect(activityRows.map((row) => row.action)).toEqual(expect.arrayContaining(["client.created", "project.created", "task.created", "share.enabled", "export.requested"]));
    expect(activityRows.find((row) => row.action === "task.created")?.data).toMatchObject({ amount: 123_456 });

    const account = JSON.parse(text(entries["json/account.json"])) as { user: Record<string, unknown>; reportSettings: Record<string, unknown> };
    expect(account.user).toMatchObject({ id: user.id, email: user.email, name: "Anna Nowak" });
    expect(account.user).not.toHaveProperty("passwordHash");
    expect(account.reportSettings).toMatchObject({ logoContentType: "image/png", showLogo: true });

    const invitationRows = JSON.parse(text(entries["json/invitations.json"])) as Record<string, unknown>[];
    expect(invitationRows).toHaveLength(1);
    expect(invitationRows[0]).not.toHaveProperty("sentShareTokenHash");
  });

  it("writes CSV for Polish spreadsheets", async () => {
    const { exportRow: requested } = await seededAccount();
    await deliverExport(requested.id, 1);
    const { entries } = await readZip(exportObjectKey(requested));

    const taskLines = csvLines(entries["csv/zadania.csv"]);
    expect(taskLines[0]).toBe(dataExportText.csv.headers.tasks.join(";"));
    expect(taskLines).toHaveLength(3);
    const first = taskLines[1].split(";");
    expect(first[0]).toBe("Sklep/Łąka");
    expect(first[2]).toBe("\"'-5 zł rabatu");
    expect(taskLines[1]).toContain(`"'-5 zł rabatu; projekt";1234,56;nie;Nie wymaga akceptacji;Do zrobienia;Nieopłacone`);
    expect(taskLines[2]).toContain(";Wdrożenie;500,00;");

    const clientLines = csvLines(entries["csv/klienci.csv"]);
    expect(clientLines[0]).toBe(dataExportText.csv.headers.clients.join(";"));
    expect(clientLines[1]).toContain(`;"'=HYPERLINK(""http://evil.example"")";`);

    const paymentLines = csvLines(entries["csv/platnosci.csv"]);
    expect(paymentLines[1]).toContain(";1234,56;1234,56;Rozliczona;;;'@SUM(A1);0,00;");

    const messageLines = csvLines(entries["csv/wiadomosci.csv"]);
    expect(messageLines[1]).toContain(`;1;Klient;"Dzień dobry,`);

    const billLines = csvLines(entries["csv/rachunki.csv"]);
    expect(billLines[1].startsWith("Sklep/Łąka;1;Opłacony;1234,56;1;Ty;")).toBe(true);
    expect(csvLines(entries["csv/pozycje-rachunkow.csv"])[1]).toBe(`Sklep/Łąka;1;1;"'-5 zł rabatu; projekt";1234,56;1;tak`);

    const historyLines = csvLines(entries["csv/historia-zmian.csv"]);
    expect(historyLines.some((line) => line.includes("Dodano klienta „Źdźbło Łąka Sp. z o.o.”"))).toBe(true);
    expect(historyLines.some((line) => line.includes(dataExportText.activity.requested))).toBe(true);
    // Every CSV line ends in CRLF and starts after the byte order mark (checked by csvLines).
    for (const path of Object.keys(entries).filter((name) => name.endsWith(".csv"))) {
      expect(text(entries[path]).endsWith("\r\n")).toBe(true);
    }
  });

  it("copies stored files byte for byte", async () => {
    const { exportRow: requested, bytes, fileIds } = await seededAccount();
    await deliverExport(requested.id, 1);
    const { entries } = await readZip(exportObjectKey(requested));

    expect(entries["pliki/Sklep_Łąka/Umowa Zażółć gęślą jaźń.pdf"]).toEqual(bytes.polishPdf);
    expect(entries["pliki/Sklep_Łąka/_._etc_passwd"]).toEqual(bytes.traversal);
    expect(await sha256(entries["pliki/Sklep_Łąka/umowa zażółć gęślą jaźń (2).PDF"])).toBe(await sha256(bytes.clientUpload));
    expect(entries["raporty/Sklep_Łąka/raport-2026-11-01-2026-11-30.pdf"]).toEqual(bytes.reportPdf);
    expect(entries["logo/logo-raportow.png"]).toEqual(bytes.logo);

    const fileRows = JSON.parse(text(entries["json/files.json"])) as { id: string; zipPath: string | null }[];
    const paths = Object.fromEntries(fileRows.map((row) => [row.id, row.zipPath]));
    expect(paths[fileIds.polish]).toBe("pliki/Sklep_Łąka/Umowa Zażółć gęślą jaźń.pdf");
    expect(paths[fileIds.evil]).toBe("pliki/Sklep_Łąka/_._etc_passwd");
    expect(paths[fileIds.missing]).toBeNull();
  });

  it("lists missing objects in README", async () => {
    const { exportRow: requested, user } = await seededAccount();
    await deliverExport(requested.id, 1);
    const { entries } = await readZip(exportObjectKey(requested));

    const readme = text(entries["README.txt"]);
    expect(readme).toContain(dataExportText.readme.title);
    expect(readme).toContain(`Konto: Anna Nowak <${user.email}>`);
    expect(readme).toContain(dataExportText.readme.missingIntro);
    // The second project's folder is numbered, because its name cleans up to the first one's.
    expect(readme).toContain("  pliki/sklep_łąka (2)/zniknął.pdf");
    expect((await exportRow(requested.id)).status).toBe("ready");
  });

  it("leaves secrets out of the ZIP", async () => {
    const { exportRow: requested, secrets } = await seededAccount();
    await deliverExport(requested.id, 1);
    const { entries } = await readZip(exportObjectKey(requested));

    const all = Object.entries(entries)
      .filter(([path]) => path.startsWith("json/") || path.startsWith("csv/") || path === "README.txt")
      .map(([, bytes]) => text(bytes))
      .join("\n");
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      expect(all).not.toContain(secret);
    }
    for (const key of ["password_hash", "passwordHash", "tokenHash", "token_hash", "pinHash", "shareToken", "credentials", "idHash", "claimId", "notifyKey"]) {
      expect(all).not.toContain(key);
    }
  });

  it("queues the e-mail with the download link", async () => {
    const { exportRow: requested, user } = await seededAccount();
    const email = recordingQueue<{ outboxId: string }>();

    await deliverExport(requested.id, 1, { emailQueue: email.queue });

    const row = await exportRow(requested.id);
    expect(email.sent).toEqual([{ outboxId: row.outboxId }]);
    const [outbox] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, row.outboxId ?? ""));
    expect(outbox.toAddress).toBe(user.email);
    expect(outbox.template).toBe("data_export_ready");
    const data = JSON.parse(outbox.data) as { downloadUrl: string; expiresAt: string; size: number; fileCount: number };
    expect(data).toEqual({ downloadUrl: `${ORIGIN}/export/${requested.id}`, expiresAt: row.expiresAt, size: row.size, fileCount: 5 });

    const rendered = renderEmail("data_export_ready", data);
    expect(rendered.subject).toBe(dataExportText.emailSubject);
    expect(rendered.text).toContain(`${dataExportText.emailAction}: ${ORIGIN}/export/${requested.id}`);
    expect(rendered.text).toContain("5 plików");
    expect(rendered.html).toContain(`href="${ORIGIN}/export/${requested.id}"`);
  });

  it("does nothing on redelivery after ready", async () => {
    const { exportRow: requested, user } = await seededAccount();
    const email = recordingQueue<{ outboxId: string }>();
    await deliverExport(requested.id, 1, { emailQueue: email.queue });
    const before = await env.FILES.head(exportObjectKey(requested));
    const readyRow = await exportRow(requested.id);

    const again = await deliverExport(requested.id, 2, { emailQueue: email.queue });

    expect(again.explicitAcks).toEqual([`message-${requested.id}-2`]);
    expect(again.retryMessages).toEqual([]);
    expect(await exportRow(requested.id)).toEqual(readyRow);
    expect((await env.FILES.head(exportObjectKey(requested)))?.uploaded).toEqual(before?.uploaded);
    expect(email.sent).toHaveLength(1);
    expect(await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, user.id), eq(emailOutbox.template, "data_export_ready")))).toHaveLength(1);
    expect(await exportActions(requested.id)).toEqual(["export.requested", "export.ready"]);
  });

  it("sends a large file through multipart intact", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id, { name: "Duże pliki" });
    const large = randomBytes(12 * 1024 * 1024 + 12_345);
    await storeFile(user.id, project.id, "film.mp4", large);
    const requested = await insertExport(user.id);
    const partSizes: number[] = [];
    const bucket = partRecordingBucket(partSizes);

    const result = await deliverExport(requested.id, 1, { bucket });

    expect(result.explicitAcks).toHaveLength(1);
    const row = await exportRow(requested.id);
    expect(row.status).toBe("ready");
    expect(partSizes.length).toBeGreaterThanOrEqual(2);
    for (const size of partSizes.slice(0, -1)) expect(size).toBe(EXPORT_PART_BYTES);
    expect(partSizes[partSizes.length - 1]).toBeLessThanOrEqual(EXPORT_PART_BYTES);
    expect(partSizes.reduce((sum, size) => sum + size, 0)).toBe(row.size);
    const { entries } = await readZip(row.r2Key ?? "");
    const copy = entries["pliki/Duże pliki/film.mp4"];
    expect(copy.byteLength).toBe(large.byteLength);
    expect(await sha256(copy)).toBe(await sha256(large));
  });
});

/** Wraps the test bucket so that every multipart part's size is recorded. */
function partRecordingBucket(partSizes: number[], options: { failParts?: boolean; aborts?: string[] } = {}): R2Bucket {
  const bucket = env.FILES;
  return {
    get: (key: string) => bucket.get(key),
    head: (key: string) => bucket.head(key),
    put: (key: string, value: ArrayBuffer) => bucket.put(key, value),
    delete: (key: string) => bucket.delete(key),
    async createMultipartUpload(key: string, uploadOptions?: R2MultipartOptions) {
      const upload = await bucket.createMultipartUpload(key, uploadOptions);
      return {
        key: upload.key,
        uploadId: upload.uploadId,
        async uploadPart(partNumber: number, value: Uint8Array) {
          if (options.failParts) throw new Error("R2 unavailable");
          partSizes.push(value.byteLength);
          return upload.uploadPart(partNumber, value);
        },
        async abort() {
          options.aborts?.push(upload.uploadId);
          return upload.abort();
        },
        complete: (parts: R2UploadedPart[]) => upload.complete(parts),
      };
    },
  } as unknown as R2Bucket;
}

/**
 * Seeds a second account with one row of every kind the export reads, a logo and objects in R2,
 * each carrying `marker`. Returns the values that must never reach another account's ZIP.
 */
async function seedOtherAccount(marker: string): Promise<string[]> {
  const user = await createActiveUser({ name: `Bartek ${marker}` });
  const now = new Date().toISOString();
  const client = await makeClient(user.id, { name: `Klient ${marker}`, email: `${marker.toLowerCase()}@example.com`, notes: marker });
  const project = await makeProject(user.id, { name: `Projekt ${marker}`, clientId: client.id });
  const task = await makeTask(user.id, project.id, { name: `Zadanie ${marker}`, amount: 1000 });
  const [version] = await db.select().from(taskVersions).where(eq(taskVersions.taskId, task.id));
  await db.update(taskVersions).set({ comment: marker }).where(eq(taskVersions.id, version.id));
  const ids = { billId: crypto.randomUUID(), itemId: crypto.randomUUID(), paymentId: crypto.randomUUID(), messageId: crypto.randomUUID() };
  await db.insert(bills).values({ id: ids.billId, userId: user.id, projectId: project.id, number: 1, createdBy: "freelancer", status: "paid", total: 1000, paidVia: "cash", paidAt: now, buyerName: marker, createdAt: now, updatedAt: now });
  await db.insert(billItems).values({ id: ids.itemId, billId: ids.billId, taskId: task.id, name: `Pozycja ${marker}`, amount: 1000, taskVersion: 1, position: 1 });
  await db.insert(payments).values({ id: ids.paymentId, userId: user.id, purpose: "bill", projectId: project.id, billId: ids.billId, method: "cash", amount: 1000, expectedAmount: 1000, status: "applied", note: marker, paidAt: now });
  await db.insert(messages).values({ id: ids.messageId, userId: user.id, projectId: project.id, seq: 1, author: "client", body: `Wiadomość ${marker}` });
  const fixId = crypto.randomUUID();
  await db.insert(fixRequests).values({ id: fixId, userId: user.id, projectId: project.id, number: 1, title: `Poprawka ${marker}`, description: marker, updatedAt: now });
  const reportId = crypto.randomUUID();
  const reportKey = `reports/${user.id}/${reportId}.pdf`;
  await env.FILES.put(reportKey, encoder.encode(`%PDF raport ${marker}`));
  await db.insert(reports).values({ id: reportId, userId: user.id, projectId: project.id, periodStart: "2026-11-01", periodEnd: "2026-11-30", status: "ready", attempts: 1, r2Key: reportKey, failureReason: marker, updatedAt: now });
  const orderId = crypto.randomUUID();
  await db.insert(subscriptionOrders).values({ id: orderId, userId: user.id, plan: marker, months: 1, amount: 100, status: "paid", updatedAt: now });
  const activityId = crypto.randomUUID();
  await db.insert(activity).values({ id: activityId, userId: user.id, actor: "freelancer", action: "isolation.marker", data: JSON.stringify({ marker }) });
  const file = await storeFile(user.id, project.id, `plik-${marker}.pdf`, encoder.encode(`file body ${marker}`));
  const logoKey = `report-logos/${user.id}/${crypto.randomUUID()}`;
  await env.FILES.put(logoKey, encoder.encode(`logo ${marker}`));
  await db.insert(reportSettings).values({ userId: user.id, logoKey, logoContentType: "image/png", logoSize: 5, showLogo: true, updatedAt: now });
  return [marker, user.id, user.email, client.id, project.id, task.id, version.id, ...Object.values(ids), fixId, reportId, orderId, activityId, file.id, file.r2Key, reportKey, logoKey];
}

describe("export scope", () => {
  it("puts nothing of another account into the ZIP", async () => {
    const a = await createActiveUser({ name: "Anna Nowak" });
    const project = await makeProject(a.id, { name: "Sklep" });
    await makeTask(a.id, project.id, { name: "Wdrożenie" });
    await storeFile(a.id, project.id, "umowa.pdf", encoder.encode("%PDF umowa A"));
    const marker = `BMARK${crypto.randomUUID().slice(0, 8)}`;
    const values = await seedOtherAccount(marker);
    const { queue } = recordingQueue<ExportJob>();
    const requested = await requestDataExport(db, queue, { userId: a.id, now: new Date() });
    if (requested.outcome !== "created") throw new Error(`Export not created: ${requested.outcome}`);

    await deliverExport(requested.export.id, 1);

    expect((await exportRow(requested.export.id)).status).toBe("ready");
    const { entries } = await readZip(exportObjectKey(requested.export));
    expect(Object.keys(entries)).toContain("pliki/Sklep/umowa.pdf");
    expect(Object.keys(entries).some((path) => path.startsWith("logo/"))).toBe(false);
    const leaks: string[] = [];
    for (const [path, bytes] of Object.entries(entries)) {
      const body = text(bytes);
      for (const value of values) if (path.includes(value) || body.includes(value)) leaks.push(`${path}: ${value}`);
    }
    expect(leaks).toEqual([]);
  });
});

describe("repeated exports", () => {
  it("expires the older ZIP when a newer one is ready", async () => {
    const { browser, user } = await loggedInBrowser();
    const { queue } = recordingQueue<ExportJob>();
    const first = await requestDataExport(db, queue, { userId: user.id, now: new Date() });
    if (first.outcome !== "created") throw new Error(`Export not created: ${first.outcome}`);
    await deliverExport(first.export.id, 1);
    const firstKey = exportObjectKey(first.export);
    expect(await env.FILES.head(firstKey)).not.toBeNull();

    const second = await requestDataExport(db, queue, { userId: user.id, now: new Date() });
    if (second.outcome !== "created") throw new Error(`Export not created: ${second.outcome}`);
    await deliverExport(second.export.id, 1);

    expect((await exportRow(first.export.id)).status).toBe("expired");
    expect(await env.FILES.head(firstKey)).toBeNull();
    expect(await exportActions(first.export.id)).toEqual(["export.requested", "export.ready", "export.expired"]);
    expect((await exportRow(second.export.id)).status).toBe("ready");
    expect(await exportActions(second.export.id)).toEqual(["export.requested", "export.ready"]);
    expect((await env.FILES.list({ prefix: `exports/${user.id}/` })).objects.map((object) => object.key)).toEqual([exportObjectKey(second.export)]);
    expect((await browser.get(`/export/${first.export.id}`)).status).toBe(410);
    const download = await browser.get(`/export/${second.export.id}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual((await readZip(exportObjectKey(second.export))).bytes);
  });

  it("leaves another account's ready export alone", async () => {
    const other = await createActiveUser();
    const kept = await insertReadyExport(other.id, encoder.encode("other zip"));
    const user = await createActiveUser();
    const requested = await insertExport(user.id);

    await deliverExport(requested.id, 1);

    expect((await exportRow(requested.id)).status).toBe("ready");
    expect((await exportRow(kept.id)).status).toBe("ready");
    expect(await env.FILES.head(kept.r2Key ?? "")).not.toBeNull();
  });
});

describe("export names", () => {
  it("keeps every path part of CJK and emoji names under 255 bytes", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id, { name: "漢".repeat(150) });
    const stored = await storeFile(user.id, project.id, `${"😀".repeat(120)}.png`, encoder.encode("x"));
    const requested = await insertExport(user.id);

    await deliverExport(requested.id, 1);

    const { entries } = await readZip(exportObjectKey(requested));
    const path = `pliki/${"漢".repeat(20)}/${"😀".repeat(29)}.png`;
    expect(entries[path]).toEqual(encoder.encode("x"));
    for (const name of Object.keys(entries)) {
      for (const part of name.split("/")) expect(encoder.encode(part).byteLength).toBeLessThanOrEqual(120);
    }
    const fileRows = JSON.parse(text(entries["json/files.json"])) as { id: string; zipPath: string | null }[];
    expect(fileRows.find((row) => row.id === stored.id)?.zipPath).toBe(path);
  });
});

describe("export failures", () => {
  it("retries a failed attempt", async () => {
    allowConsoleErrors();
    const user = await createActiveUser();
    const requested = await insertExport(user.id);
    const aborts: string[] = [];

    const result = await deliverExport(requested.id, 1, { bucket: partRecordingBucket([], { failParts: true, aborts }) });

    expect(result.retryMessages).toEqual([{ msgId: `message-${requested.id}-1` }]);
    expect(result.retryOptions).toEqual([{ delaySeconds: 30 }]);
    expect(aborts).toHaveLength(1);
    const row = await exportRow(requested.id);
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(1);
    expect(row.claimId).toBeNull();
    expect(await env.FILES.head(exportObjectKey(requested))).toBeNull();
  });

  it("fails after the last attempt", async () => {
    allowConsoleErrors();
    const user = await createActiveUser();
    const requested = await insertExport(user.id, { attempts: MAX_EXPORT_ATTEMPTS - 1 });
    const aborts: string[] = [];

    const result = await deliverExport(requested.id, MAX_EXPORT_ATTEMPTS, { bucket: partRecordingBucket([], { failParts: true, aborts }) });

    expect(result.explicitAcks).toEqual([`message-${requested.id}-${MAX_EXPORT_ATTEMPTS}`]);
    expect(result.retryMessages).toEqual([]);
    expect(aborts).toHaveLength(1);
    const row = await exportRow(requested.id);
    expect(row.status).toBe("failed");
    expect(row.failureReason).toBe(dataExportText.failure.unknown);
    expect(await exportActions(requested.id)).toEqual(["export.failed"]);
    const [failed] = await db.select().from(activity).where(eq(activity.subjectId, requested.id));
    expect(JSON.parse(failed.data)).toEqual({ reason: dataExportText.failure.unknown });
  });

  it("deletes the stored ZIP when marking it ready fails on the last attempt", async () => {
    allowConsoleErrors();
    const user = await createActiveUser();
    const requested = await insertExport(user.id, { attempts: MAX_EXPORT_ATTEMPTS - 1 });
    const key = exportObjectKey(requested);
    // D1 fails the first batch that runs once the ZIP is in R2: the one marking the export ready.
    let failedReady = false;
    const failingDb = new Proxy(db, {
      get(target, property) {
        if (property === "batch") {
          return async (statements: Parameters<Db["batch"]>[0]) => {
            if (!failedReady && (await env.FILES.head(key))) {
              failedReady = true;
              throw new Error("D1 unavailable");
            }
            return target.batch(statements);
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });

    const result = await deliverExport(requested.id, MAX_EXPORT_ATTEMPTS, { db: failingDb });

    expect(failedReady).toBe(true);
    expect(result.explicitAcks).toEqual([`message-${requested.id}-${MAX_EXPORT_ATTEMPTS}`]);
    const row = await exportRow(requested.id);
    expect(row.status).toBe("failed");
    expect(row.failureReason).toBe(dataExportText.failure.unknown);
    expect(await env.FILES.head(key)).toBeNull();
  });

  it("fails an export out of attempts", async () => {
    const user = await createActiveUser();
    const requested = await insertExport(user.id, { attempts: MAX_EXPORT_ATTEMPTS });

    const result = await deliverExport(requested.id, 1);

    expect(result.explicitAcks).toHaveLength(1);
    const row = await exportRow(requested.id);
    expect(row.status).toBe("failed");
    expect(row.failureReason).toBe(dataExportText.failure.abandoned);
  });

  it("fails dead letters of unfinished exports", async () => {
    const user = await createActiveUser();
    const running = await insertExport(user.id, { status: "running", attempts: 3, claimId: "claim" });
    const ready = await insertReadyExport(user.id, encoder.encode("zip"));
    const batch = createMessageBatch<ExportJob>("klamp-exports-dlq", [
      { id: "dead-1", timestamp: new Date(), attempts: 1, body: { exportId: running.id } },
      { id: "dead-2", timestamp: new Date(), attempts: 1, body: { exportId: ready.id } },
    ]);
    const ctx = createExecutionContext();

    await handleExportDeadLetters(batch, db);

    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["dead-1", "dead-2"]);
    expect((await exportRow(running.id)).status).toBe("failed");
    expect((await exportRow(running.id)).failureReason).toBe(dataExportText.failure.abandoned);
    expect((await exportRow(ready.id)).status).toBe("ready");
  });

  it("skips an export running under a live claim", async () => {
    const user = await createActiveUser();
    const requested = await insertExport(user.id, { status: "running", attempts: 1, claimId: "other", claimedAt: new Date().toISOString() });

    const claim = await claimExport(db, requested.id, new Date());

    expect(claim).toEqual({ outcome: "skipped", status: "running" });
  });

  it("stops when maintenance takes over", async () => {
    const user = await createActiveUser();
    const project = await makeProject(user.id);
    await storeFile(user.id, project.id, "a.pdf", encoder.encode("a"));
    const requested = await insertExport(user.id);
    // The maintenance re-queues the export as soon as the consumer reports its first progress.
    const bucket = env.FILES;
    const takingOver = {
      ...partRecordingBucket([]),
      createMultipartUpload: async (key: string, options?: R2MultipartOptions) => {
        await db.update(dataExports).set({ status: "queued", claimId: null }).where(eq(dataExports.id, requested.id));
        return bucket.createMultipartUpload(key, options);
      },
    } as unknown as R2Bucket;

    const result = await deliverExport(requested.id, 1, { bucket: takingOver });

    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    expect((await exportRow(requested.id)).status).toBe("queued");
    expect(await env.FILES.head(exportObjectKey(requested))).toBeNull();
    expect(await exportActions(requested.id)).toEqual([]);
  });
});

describe("export maintenance", () => {
  it("expires ready exports and deletes the ZIP", async () => {
    const user = await createActiveUser();
    const old = await insertReadyExport(user.id, encoder.encode("old zip"), -60_000);
    const fresh = await insertReadyExport(user.id, encoder.encode("fresh zip"));
    const { queue } = recordingQueue<ExportJob>();

    await runExportMaintenance({ db, bucket: env.FILES, queue }, new Date());

    expect((await exportRow(old.id)).status).toBe("expired");
    expect(await env.FILES.head(old.r2Key ?? "")).toBeNull();
    expect(await exportActions(old.id)).toEqual(["export.expired"]);
    expect((await exportRow(fresh.id)).status).toBe("ready");
    expect(await env.FILES.head(fresh.r2Key ?? "")).not.toBeNull();
  });

  it("re-queues a stale running export", async () => {
    const user = await createActiveUser();
    const stale = new Date(Date.now() - STALE_RUNNING_EXPORT_MS - 60_000).toISOString();
    const running = await insertExport(user.id, { status: "running", attempts: 1, claimId: "dead", claimedAt: stale, updatedAt: stale, progressDone: 4, progressTotal: 9 });
    const { queue, sent } = recordingQueue<ExportJob>();

    await runExportMaintenance({ db, bucket: env.FILES, queue }, new Date());

    expect(sent).toEqual([{ exportId: running.id }]);
    const row = await exportRow(running.id);
    expect(row.status).toBe("queued");
    expect(row.claimId).toBeNull();
    expect(row.progressDone).toBe(0);

    // The new message builds it.
    const result = await deliverExport(running.id, 1);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await exportRow(running.id)).status).toBe("ready");
  });

  it("re-queues a stale queued export once", async () => {
    const user = await createActiveUser();
    const stale = new Date(Date.now() - STALE_QUEUED_EXPORT_MS - 60_000).toISOString();
    const queued = await insertExport(user.id, { createdAt: stale, updatedAt: stale });
    const { queue, sent } = recordingQueue<ExportJob>();

    await runExportMaintenance({ db, bucket: env.FILES, queue }, new Date());
    await runExportMaintenance({ db, bucket: env.FILES, queue }, new Date());

    expect(sent).toEqual([{ exportId: queued.id }]);
  });

  it("leaves live exports alone", async () => {
    const user = await createActiveUser();
    const running = await insertExport(user.id, { status: "running", attempts: 1, claimId: "live", claimedAt: new Date().toISOString() });
    const { queue, sent } = recordingQueue<ExportJob>();

    await runExportMaintenance({ db, bucket: env.FILES, queue }, new Date());

    expect(sent).toEqual([]);
    expect((await exportRow(running.id)).claimId).toBe("live");
  });

  it("fails a stale export out of attempts", async () => {
    const user = await createActiveUser();
    const stale = new Date(Date.now() - STALE_RUNNING_EXPORT_MS - 60_000).toISOString();
    const running = await insertExport(user.id, { status: "running", attempts: MAX_EXPORT_ATTEMPTS, claimId: "dead", updatedAt: stale });
    const { queue, sent } = recordingQueue<ExportJob>();

    await runExportMaintenance({ db, bucket: env.FILES, queue }, new Date());

    expect(sent).toEqual([]);
    const row = await exportRow(running.id);
    expect(row.status).toBe("failed");
    expect(row.failureReason).toBe(dataExportText.failure.abandoned);
    expect(await exportActions(running.id)).toEqual(["export.failed"]);
  });
});

describe("export file name", () => {
  it("uses the Warsaw day it was ready", async () => {
    expect(exportFileName({ readyAt: "2026-12-04T23:30:00.000Z", createdAt: "2026-12-04T23:00:00.000Z" })).toBe("klamp-eksport-2026-12-05.zip");
    expect(exportFileName({ readyAt: null, createdAt: "2026-12-04T10:00:00.000Z" })).toBe(`klamp-eksport-${warsawDay("2026-12-04T10:00:00.000Z")}.zip`);
  });
});
