// Helpers for the account tests: the "Przypomnij hasło" e-mail, toasts, the e-mail outbox and
// activity rows.
import { and, desc, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { activity, authTokens, emailOutbox } from "~/db/schema";
import { Browser, db, linkFrom, waitForMail } from "./helpers";

/** Returns the PIN, which the e-mail's plain-text part puts on a line of its own. */
export function pinFromMail(text: string): string {
  const match = /^(\d{6})$/m.exec(text);
  if (!match) throw new Error("No PIN line in the e-mail");
  return match[1];
}

/** Asks for a PIN through the reminder form and returns the PIN link path and the PIN from the e-mail. */
export async function requestPin(email: string, options: { mailCount?: number; browser?: Browser } = {}) {
  const browser = options.browser ?? new Browser();
  const response = await browser.post("/forgot-password", { email });
  expect(response.status).toBe(302);
  const mail = await waitForMail(email, options.mailCount ?? 1);
  return { link: linkFrom(mail.text, "/forgot-password/"), pin: pinFromMail(mail.text), mail };
}

/** Follows a redirect with the browser and returns the page it lands on, toast included. */
export async function followRedirect(browser: Browser, response: Response): Promise<{ status: number; html: string }> {
  const location = response.headers.get("Location");
  if (!location) throw new Error(`Expected a redirect, got ${response.status}`);
  const page = await browser.get(location);
  return { status: page.status, html: await page.text() };
}

/** Waits until the newest outbox row to the address has the status, and returns it. */
export async function waitForOutboxStatus(to: string, status: "sent" | "retrying" | "failed", timeoutMs = 8000) {
  const started = Date.now();
  for (;;) {
    const row = await db.query.emailOutbox.findFirst({
      where: eq(emailOutbox.toAddress, to),
      orderBy: desc(emailOutbox.createdAt),
    });
    if (row?.status === status) return row;
    if (Date.now() - started > timeoutMs) throw new Error(`Outbox row to ${to} is ${row?.status ?? "missing"}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Returns the user's newest "Przypomnij hasło" token row. */
export async function newestPinToken(userId: string) {
  const row = await db.query.authTokens.findFirst({
    where: and(eq(authTokens.userId, userId), eq(authTokens.purpose, "password_pin")),
    orderBy: desc(authTokens.createdAt),
  });
  if (!row) throw new Error("No PIN token");
  return row;
}

/** Text between the tags of the form's error list, or of a field's error list. */
export function alerts(html: string): string[] {
  return [...html.matchAll(/<div[^>]*role="alert"[^>]*><ul[^>]*>([\s\S]*?)<\/ul><\/div>/g)].map((match) =>
    match[1].replace(/<[^>]+>/g, "").trim(),
  );
}

/** Returns the user's activity rows in the order they were written (rowid breaks ties within a millisecond). */
export async function activityRows(userId: string) {
  return db.select().from(activity).where(eq(activity.userId, userId)).orderBy(sql`rowid`);
}

/** Sends a JSON body, which no form action accepts, with the browser's cookies and Origin. */
export function postJson(browser: Browser, path: string, body: unknown = { email: "jan@example.com" }) {
  return browser.fetch(path, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
}
