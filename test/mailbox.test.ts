import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { devMailbox } from "~/db/schema";
import { common, devMailboxText } from "~/i18n/pl";
import { MAILBOX_PAGE_SIZE } from "~/models/email.server";
import { MAIL_PREVIEW_CSP } from "~/utils/dev-mailbox.server";
import { checkEnv } from "~/utils/env.server";
import worker from "../workers/app";
import { Browser, db, linkFrom, ORIGIN, productionTestEnv, uniqueEmail, waitForMail } from "./helpers";
import { allowConsoleErrors } from "./setup";

const handler = worker as Required<Pick<ExportedHandler<Env>, "fetch">>;

const productionEnv = productionTestEnv;

async function fetchWithEnv(path: string, workerEnv: Env): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(new URL(path, ORIGIN)) as Request<unknown, IncomingRequestCfProperties>;
  const response = await handler.fetch(request, workerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function insertMessages(to: string, count: number, start = Date.UTC(2026, 11, 4, 12, 0, 0)) {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: crypto.randomUUID(),
    outboxId: crypto.randomUUID(),
    fromAddress: "Klamp <no-reply@klamp.localhost>",
    toAddress: to,
    subject: `Wiadomość ${i + 1}`,
    html: `<p>Wiadomość ${i + 1}</p>`,
    text: `Wiadomość ${i + 1}`,
    createdAt: new Date(start + i * 60_000).toISOString(),
  }));
  for (let i = 0; i < rows.length; i += 10) await db.insert(devMailbox).values(rows.slice(i, i + 10));
  return rows;
}

function messageLinks(html: string): string[] {
  return [...html.matchAll(/href="\/dev\/mailbox\/([0-9a-f-]{36})"/g)].map((match) => match[1]);
}

describe("/dev/mailbox", () => {
  it("lists and shows a sent e-mail", async () => {
    const email = uniqueEmail("inbox");
    await new Browser().post("/register", { name: "Jan Kowalski", email, password: "haslo-dlugie-123" });
    const mail = await waitForMail(email);
    const activationPath = linkFrom(mail.text, "/activate/");
    const browser = new Browser();

    const list = await browser.get("/dev/mailbox");
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain(devMailboxText.title);
    expect(listHtml).toContain(email);
    expect(listHtml).toContain("Aktywuj konto w Klamp");
    expect(messageLinks(listHtml)).toContain(mail.id);

    const detail = await browser.get(`/dev/mailbox/${mail.id}`);
    expect(detail.status).toBe(200);
    const detailHtml = await detail.text();
    expect(detailHtml).toContain("Aktywuj konto w Klamp");
    expect(detailHtml).toContain(email);
    expect(detailHtml).toContain("no-reply@klamp.localhost");
    expect(detailHtml).toContain(`<a href="${ORIGIN}${activationPath}"`);
    expect(detailHtml).toContain(`href="/dev/mailbox/${mail.id}/html"`);

    const raw = await browser.get(`/dev/mailbox/${mail.id}/html`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(raw.headers.get("Content-Security-Policy")).toBe(MAIL_PREVIEW_CSP);
    expect(MAIL_PREVIEW_CSP).toBe("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(raw.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(await raw.text()).toBe(mail.html);
  });

  it("filters by recipient and pages newest first", async () => {
    const to = uniqueEmail("pages");
    const rows = await insertMessages(to, MAILBOX_PAGE_SIZE + 1);
    await insertMessages(uniqueEmail("other"), 1);
    const browser = new Browser();

    const first = await browser.get(`/dev/mailbox?to=${encodeURIComponent(to.toUpperCase())}`);
    const firstHtml = await first.text();
    const firstIds = messageLinks(firstHtml);
    expect(firstIds).toHaveLength(MAILBOX_PAGE_SIZE);
    expect(firstIds[0]).toBe(rows[rows.length - 1].id);
    expect(firstIds).not.toContain(rows[0].id);
    expect(firstHtml).toContain(common.nextPage);
    expect(firstHtml).toContain(`?to=${encodeURIComponent(to.toUpperCase())}&amp;page=2`);

    const second = await browser.get(`/dev/mailbox?to=${encodeURIComponent(to)}&page=2`);
    const secondHtml = await second.text();
    expect(messageLinks(secondHtml)).toEqual([rows[0].id]);
    expect(secondHtml).toContain(common.previousPage);
    expect(secondHtml).not.toContain(common.nextPage);
  });

  it("renders stored text as text, with only http(s) links as anchors", async () => {
    const [row] = await insertMessages(uniqueEmail("xss"), 1);
    await db
      .update(devMailbox)
      .set({
        subject: "<b>temat</b>",
        text: 'Kliknij <img src=x onerror="alert(1)"> javascript:alert(1) albo https://example.com/a?b=1&c=2.',
      })
      .where(eq(devMailbox.id, row.id));

    const html = await (await new Browser().get(`/dev/mailbox/${row.id}`)).text();
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("&lt;b&gt;temat&lt;/b&gt;");
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2" class="link break-all">https://example.com/a?b=1&amp;c=2</a><span>.</span>');
  });

  it("answers 404 for an unknown message", async () => {
    const browser = new Browser();
    expect((await browser.get(`/dev/mailbox/${crypto.randomUUID()}`)).status).toBe(404);
    const raw = await browser.get(`/dev/mailbox/${crypto.randomUUID()}/html`);
    expect(raw.status).toBe(404);
    expect(raw.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const html = await raw.text();
    expect(html).toContain(common.notFoundTitle);
    expect(html).toContain(common.notFoundText);
    expect(html).not.toContain("Not Found");
    expect(html).not.toContain("<script");
  });

  it("does not exist in production", async () => {
    const [row] = await insertMessages(uniqueEmail("prod"), 1);
    expect(checkEnv(productionEnv)).toEqual([]);
    for (const path of ["/dev/mailbox", `/dev/mailbox/${row.id}`, `/dev/mailbox/${row.id}/html`]) {
      expect((await fetchWithEnv(path, env)).status).toBe(200);
      const response = await fetchWithEnv(path, productionEnv);
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).not.toContain(row.subject);
      expect(html).toContain(common.notFoundTitle);
    }
  });

  it("does not exist with another e-mail provider", async () => {
    const [row] = await insertMessages(uniqueEmail("http"), 1);
    const httpEnv: Env = { ...env, EMAIL_PROVIDER: "http", EMAIL_API_URL: "http://127.0.0.1:9/", EMAIL_API_KEY: "k" };
    for (const path of ["/dev/mailbox", `/dev/mailbox/${row.id}`, `/dev/mailbox/${row.id}/html`]) {
      expect((await fetchWithEnv(path, httpEnv)).status).toBe(404);
    }
  });
});

describe("production configuration", () => {
  it("refuses to start with the development secrets", async () => {
    allowConsoleErrors();
    const withDevSecrets: Env = { ...productionEnv, SESSION_SECRET: env.SESSION_SECRET, ENCRYPTION_KEY: env.ENCRYPTION_KEY };
    expect(checkEnv(withDevSecrets)).toEqual([
      "SESSION_SECRET has the development value",
      "ENCRYPTION_KEY has the development value",
    ]);
    const response = await fetchWithEnv("/login", withDevSecrets);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Klamp nie jest poprawnie skonfigurowany.");
    expect((await fetchWithEnv("/login", productionEnv)).status).toBe(200);
  });

  it("refuses the mailbox provider in production", () => {
    expect(checkEnv({ ...productionEnv, EMAIL_PROVIDER: "mailbox" })).toEqual(["EMAIL_PROVIDER mailbox is for development only"]);
  });
});
