import { env, SELF } from "cloudflare:test";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { describeActivity } from "~/models/activity-lines.server";
import { PLANS } from "~/config/plans";
import { activity, clients, payments, subscriptionOrders, tpayTransactions, users } from "~/db/schema";
import { readOnlyText, subscriptionText as t } from "~/i18n/pl";
import { SUBSCRIPTION_HISTORY_PAGE_SIZE } from "~/models/subscriptions.server";
import { TRIAL_DAYS } from "~/models/user.server";
import { formatDate } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { allowConsoleErrors } from "./setup";
import { Browser, db, linkFrom, loggedInBrowser, ORIGIN, uniqueEmail, waitForMail } from "./helpers";
import { visibleText } from "./project-helpers";

// Settings → Abonament through the real Worker and the local Tpay sandbox. The tests cover the
// page, starting a payment in the platform's Tpay account, and paying it with the sandbox's
// control API. That API delivers the signed notification to /tpay/notifications/platform before
// it returns, so the account is writable again right after it.

const DAY_MS = 86_400_000;
const SANDBOX = `${ORIGIN}/tpay-sandbox`;
const PLATFORM_MERCHANT_ID = "99999";

async function setAccess(userId: string, access: { trialEndsAt: Date; paidUntil?: Date | null }) {
  await db
    .update(users)
    .set({ trialEndsAt: access.trialEndsAt.toISOString(), paidUntil: access.paidUntil ? access.paidUntil.toISOString() : null })
    .where(eq(users.id, userId));
}

async function userRow(userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row;
}

async function orders(userId: string) {
  return db.select().from(subscriptionOrders).where(eq(subscriptionOrders.userId, userId)).orderBy(asc(subscriptionOrders.createdAt));
}

async function transactions(userId: string) {
  return db.select().from(tpayTransactions).where(eq(tpayTransactions.userId, userId)).orderBy(asc(tpayTransactions.createdAt));
}

async function pageText(browser: Browser, path = "/settings/subscription"): Promise<string> {
  const page = await browser.get(path);
  expect(page.status).toBe(200);
  return visibleText(await page.text());
}

/** Posts the "Kup" form; extra fields stand for a tampered form. */
function buy(browser: Browser, plan: string, extra: Record<string, string> = {}) {
  return browser.post("/settings/subscription", { plan, ...extra });
}

/** Reads the sandbox's stored copy of a transaction, as Tpay received it. */
async function sandboxTransaction(transactionId: string) {
  const row = await env
    .TPAY_SANDBOX_DB!.prepare("SELECT * FROM sim_transactions WHERE transaction_id = ?")
    .bind(transactionId)
    .first<{ amount: number; description: string; hidden_description: string; payer_json: string; notification_url: string; success_url: string; error_url: string; merchant_id: string }>();
  if (!row) throw new Error(`The sandbox has no transaction ${transactionId}`);
  return row;
}

/**
 * Pays a transaction in the sandbox and delivers its notification, if the scenario has one, to
 * the app before returning. The platform account accepts overpayments and has no underpayment
 * threshold, so "underpay" leaves the transaction in Tpay's error state without a notification.
 */
async function payInSandbox(transactionId: string, scenario: "exact" | "overpay" | "underpay" = "exact") {
  const response = await SELF.fetch(`${SANDBOX}/__sim/transactions/${transactionId}/pay`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ scenario, deliver: "now" }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { status?: number | string; body?: string; notificationId?: number | null };
}

/** Sets what Tpay knows about a transaction, standing for a change whose notification has not arrived. */
async function setSandboxState(transactionId: string, status: "correct" | "canceled", amountPaid: number) {
  await env
    .TPAY_SANDBOX_DB!.prepare("UPDATE sim_transactions SET status = ?, payment_status = ?, amount_paid = ? WHERE transaction_id = ?")
    .bind(status, status, amountPaid, transactionId)
    .run();
}

async function orderPayments(orderId: string) {
  return db.select().from(payments).where(eq(payments.subscriptionOrderId, orderId));
}


describe("trial", () => {
  it("starts a 14-day trial at registration", async () => {
    const email = uniqueEmail("trial");
    const password = "haslo-dlugie-123";
    const browser = new Browser();
    const registered = await browser.post("/register", { name: "Jan Kowalski", email, password });
    expect(registered.status).toBe(302);
    const [pending] = await db.select().from(users).where(eq(users.email, email));
    expect(pending.status).toBe("pending");

    const link = linkFrom((await waitForMail(email)).text, "/activate/");
    const activated = await browser.post(link, { password });
    expect(activated.status).toBe(302);

    // The trial runs from registration (users.created_at), not from activation, and activation
    // does not move it.
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(user.status).toBe("active");
    expect(user.activatedAt).not.toBeNull();
    expect(user.trialEndsAt).toBe(pending.trialEndsAt);
    expect(Date.parse(user.trialEndsAt) - Date.parse(user.createdAt)).toBe(TRIAL_DAYS * DAY_MS);
    expect(TRIAL_DAYS).toBe(14);
    expect(user.paidUntil).toBeNull();
  });
});

describe("subscription page", () => {
  it("lists the plans from the configuration", async () => {
    const { browser } = await loggedInBrowser();
    const text = await pageText(browser);
    expect(text).toContain(t.title);
    for (const plan of PLANS) {
      expect(text).toContain(t.planNames[plan.id]);
      const price = t.planPrice(formatMoney(plan.price), plan.months, plan.months === 1 ? "miesiąc" : "miesięcy");
      expect(text).toContain(price.replace(/\u00a0/g, " "));
    }
    expect(text).toContain("29,00 zł za 1 miesiąc");
    expect(text).toContain("290,00 zł za 12 miesięcy");
    expect(text).toContain(t.historyEmpty);
  });

  it("shows the trial end and days left", async () => {
    const { browser, user } = await loggedInBrowser();
    for (const [days, left] of [
      [14, "zostało 14 dni"],
      [3, "zostały 3 dni"],
      [1, "został 1 dzień"],
    ] as const) {
      const end = new Date(Date.now() + days * DAY_MS);
      await setAccess(user.id, { trialEndsAt: end });
      expect(await pageText(browser)).toContain(`Okres próbny do ${formatDate(end)} (${left})`);
    }
  });

  it("shows a finished trial as read-only", async () => {
    const { browser, user } = await loggedInBrowser();
    await setAccess(user.id, { trialEndsAt: new Date(Date.now() - DAY_MS) });
    const text = await pageText(browser);
    expect(text).toContain("Okres próbny się skończył — konto jest tylko do odczytu");
    expect(text).toContain(t.readOnlyHelp);
  });

  it("returns 404 for another user's order", async () => {
    const { browser: owner, user } = await loggedInBrowser();
    const { browser: intruder } = await loggedInBrowser();
    expect((await buy(owner, "monthly")).status).toBe(303);
    const [order] = await orders(user.id);

    expect((await owner.get(`/settings/subscription?order=${order.id}`)).status).toBe(200);
    expect((await intruder.get(`/settings/subscription?order=${order.id}`)).status).toBe(404);
    expect((await intruder.get("/settings/subscription?order=no-such-order")).status).toBe(404);
  });

  it("pages the payment history", async () => {
    const { browser, user } = await loggedInBrowser();
    const base = Date.now() - 100 * DAY_MS;
    const rows = Array.from({ length: SUBSCRIPTION_HISTORY_PAGE_SIZE + 5 }, (_, index) => {
      const created = new Date(base + index * DAY_MS).toISOString();
      return {
        id: crypto.randomUUID(),
        userId: user.id,
        plan: "monthly",
        months: 1,
        amount: 2_900,
        status: "cancelled" as const,
        createdAt: created,
        updatedAt: created,
      };
    });
    // D1 binds at most 100 parameters per query: 10 rows of 8 values each.
    for (let start = 0; start < rows.length; start += 10) await db.insert(subscriptionOrders).values(rows.slice(start, start + 10));

    const first = await browser.get("/settings/subscription");
    const firstHtml = await first.text();
    expect(firstHtml.match(/data-status="cancelled"/g)).toHaveLength(SUBSCRIPTION_HISTORY_PAGE_SIZE);
    expect(firstHtml).toContain('href="/settings/subscription?page=2"');
    const second = await (await browser.get("/settings/subscription?page=2")).text();
    expect(second.match(/data-status="cancelled"/g)).toHaveLength(5);
    expect(visibleText(second)).toContain(t.status.cancelled);
  });
});

describe("starting a subscription payment", () => {
  it("uses the configured price, not the form's", async () => {
    const { browser, user } = await loggedInBrowser({ name: "Anna Nowak" });
    const response = await buy(browser, "monthly", { amount: "0,01", price: "1", months: "120" });

    expect(response.status).toBe(303);
    const location = response.headers.get("Location") ?? "";
    expect(location.startsWith(`${SANDBOX}/pay/TR-`)).toBe(true);

    const [order] = await orders(user.id);
    expect(order).toMatchObject({ plan: "monthly", months: 1, amount: 2_900, status: "pending", periodStart: null, periodEnd: null });
    const [transaction] = await transactions(user.id);
    expect(transaction).toMatchObject({
      purpose: "subscription",
      account: "platform",
      environment: "sandbox",
      merchantId: PLATFORM_MERCHANT_ID,
      subscriptionOrderId: order.id,
      amount: 2_900,
      status: "pending",
      paymentUrl: location,
    });
    expect(transaction.crc).toMatch(/^s_[A-Za-z0-9_-]{22}$/);

    const sent = await sandboxTransaction(transaction.transactionId);
    expect(sent.amount).toBe(2_900);
    expect(sent.merchant_id).toBe(PLATFORM_MERCHANT_ID);
    expect(sent.description).toBe("Klamp – abonament miesięczny");
    expect(sent.hidden_description).toBe(transaction.crc);
    expect(JSON.parse(sent.payer_json)).toMatchObject({ email: user.email, name: "Anna Nowak" });
    expect(sent.notification_url).toBe(`${ORIGIN}/tpay/notifications/platform`);
    expect(sent.success_url).toBe(`${ORIGIN}/settings/subscription?order=${order.id}`);
    expect(sent.error_url).toBe(`${ORIGIN}/settings/subscription?order=${order.id}&error=1`);

    const rows = await db.select().from(activity).where(and(eq(activity.userId, user.id), eq(activity.action, "subscription.ordered")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subjectType: "subscription_order", subjectId: order.id, actor: "freelancer" });
    expect(describeActivity({ action: "subscription.ordered", data: JSON.parse(rows[0].data) })).toEqual([
      "Zamówiono abonament miesięczny za 29,00\u00a0zł",
    ]);
  });

  it("charges the yearly plan its own price", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await buy(browser, "yearly", { amount: "29,00" })).status).toBe(303);
    const [order] = await orders(user.id);
    expect(order).toMatchObject({ plan: "yearly", months: 12, amount: 29_000 });
    const [transaction] = await transactions(user.id);
    expect((await sandboxTransaction(transaction.transactionId)).amount).toBe(29_000);
  });

  it("reuses a recent pending order for the same plan", async () => {
    const { browser, user } = await loggedInBrowser();
    const first = await buy(browser, "monthly");
    const second = await buy(browser, "monthly");
    expect(second.status).toBe(303);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await orders(user.id)).toHaveLength(1);
    expect(await transactions(user.id)).toHaveLength(1);

    const yearly = await buy(browser, "yearly");
    expect(yearly.headers.get("Location")).not.toBe(first.headers.get("Location"));
    expect(await orders(user.id)).toHaveLength(2);
  });

  it("starts a new order after 30 minutes", async () => {
    const { browser, user } = await loggedInBrowser();
    const first = await buy(browser, "monthly");
    const old = new Date(Date.now() - 31 * 60_000).toISOString();
    await db.update(subscriptionOrders).set({ createdAt: old }).where(eq(subscriptionOrders.userId, user.id));

    const second = await buy(browser, "monthly");
    expect(second.headers.get("Location")).not.toBe(first.headers.get("Location"));
    expect(await orders(user.id)).toHaveLength(2);
  });

  it("rejects an unknown plan", async () => {
    const { browser, user } = await loggedInBrowser();
    for (const form of [{ plan: "lifetime", amount: "0,01" }, { plan: "" }, {}] as Record<string, string>[]) {
      const response = await browser.post("/settings/subscription", form);
      expect(response.status).toBe(400);
      expect(visibleText(await response.text())).toContain(t.unknownPlan);
    }
    expect(await orders(user.id)).toEqual([]);
    expect(await transactions(user.id)).toEqual([]);
  });

  it("reports Tpay being down and stores nothing", async () => {
    allowConsoleErrors();
    const { browser, user } = await loggedInBrowser();
    const sandboxDb = env.TPAY_SANDBOX_DB!;
    // The sandbox creates its tables on first use; then every new transaction fails with 500.
    await (await SELF.fetch(`${SANDBOX}/`)).arrayBuffer();
    await sandboxDb.exec("CREATE TRIGGER IF NOT EXISTS test_tpay_down BEFORE INSERT ON sim_transactions BEGIN SELECT RAISE(ABORT, 'down'); END;");
    try {
      const response = await buy(browser, "monthly");
      expect(response.status).toBe(503);
      expect(visibleText(await response.text())).toContain(t.tpayFailed);
    } finally {
      await sandboxDb.exec("DROP TRIGGER IF EXISTS test_tpay_down;");
    }
    expect(await orders(user.id)).toEqual([]);
    expect(await transactions(user.id)).toEqual([]);
    const rows = await db.select().from(activity).where(and(eq(activity.userId, user.id), eq(activity.action, "subscription.ordered")));
    expect(rows).toEqual([]);
  });
});

describe("paying the subscription", () => {
  it("makes a read-only account writable", async () => {
    const { browser, user } = await loggedInBrowser();
    await setAccess(user.id, { trialEndsAt: new Date(Date.now() - DAY_MS) });

    const refused = await browser.post("/clients/new", { name: "Klient przed płatnością" });
    expect(refused.status).toBe(303);
    expect(await db.select().from(clients).where(eq(clients.userId, user.id))).toEqual([]);

    const started = await buy(browser, "monthly");
    expect(started.status).toBe(303);
    const [order] = await orders(user.id);
    const [transaction] = await transactions(user.id);

    // Back from Tpay before the notification: the payment is in progress.
    const waiting = await pageText(browser, `/settings/subscription?order=${order.id}`);
    expect(waiting).toContain(t.returnPending);
    expect(waiting).toContain(t.status.pending);

    const paid = await payInSandbox(transaction.transactionId);
    expect(paid.status).toBe(200);
    expect(paid.body).toBe("TRUE");

    const account = await userRow(user.id);
    const [paidOrder] = await orders(user.id);
    expect(paidOrder.status).toBe("paid");
    expect(account.plan).toBe("monthly");
    expect(account.paidUntil).toBe(paidOrder.periodEnd);
    const paidUntil = Date.parse(account.paidUntil ?? "");
    expect(paidUntil).toBeGreaterThan(Date.now() + 27 * DAY_MS);
    expect(paidUntil).toBeLessThan(Date.now() + 32 * DAY_MS);

    const created = await browser.post("/clients/new", { name: "Klient po płatności" });
    expect(created.status).toBe(302);
    expect(await db.select().from(clients).where(eq(clients.userId, user.id))).toHaveLength(1);

    const returned = await pageText(browser, `/settings/subscription?order=${order.id}`);
    expect(returned).toContain(t.returnPaid);
    expect(returned).toContain(`Abonament miesięczny opłacony do ${formatDate(account.paidUntil ?? "")}`);
    expect(returned).toContain(t.period(formatDate(paidOrder.periodStart ?? ""), formatDate(paidOrder.periodEnd ?? "")));
    expect(returned).toContain("29,00 zł");
    expect(returned).not.toContain(readOnlyText.bannerTrialOver);
  });

  it("starts a period paid in the trial at the trial end", async () => {
    const { browser, user } = await loggedInBrowser();
    const trialEnd = new Date(Date.now() + 5 * DAY_MS);
    await setAccess(user.id, { trialEndsAt: trialEnd });

    expect((await buy(browser, "yearly")).status).toBe(303);
    const [transaction] = await transactions(user.id);
    expect((await payInSandbox(transaction.transactionId)).body).toBe("TRUE");

    const [order] = await orders(user.id);
    expect(order.periodStart).toBe(trialEnd.toISOString());
    const account = await userRow(user.id);
    expect(account.paidUntil).toBe(order.periodEnd);
    expect(Date.parse(account.paidUntil ?? "")).toBeGreaterThan(trialEnd.getTime() + 364 * DAY_MS);
    expect(await pageText(browser)).toContain(`Abonament roczny opłacony do ${formatDate(account.paidUntil ?? "")}`);
  });
});

describe("buying again while a payment is open", () => {
  it("starts a new order when Tpay cancelled the earlier one", async () => {
    const { browser, user } = await loggedInBrowser();
    const first = await buy(browser, "monthly");
    const [transaction] = await transactions(user.id);
    await setSandboxState(transaction.transactionId, "canceled", 0);

    const second = await buy(browser, "monthly");
    expect(second.status).toBe(303);
    const location = second.headers.get("Location") ?? "";
    expect(location.startsWith(`${SANDBOX}/pay/TR-`)).toBe(true);
    expect(location).not.toBe(first.headers.get("Location"));
    expect(await orders(user.id)).toHaveLength(2);
    expect(await transactions(user.id)).toHaveLength(2);
  });

  it("applies a payment whose notification has not arrived", async () => {
    const { browser, user } = await loggedInBrowser();
    await setAccess(user.id, { trialEndsAt: new Date(Date.now() - DAY_MS) });
    expect((await buy(browser, "monthly")).status).toBe(303);
    const [order] = await orders(user.id);
    const [transaction] = await transactions(user.id);
    await setSandboxState(transaction.transactionId, "correct", 2_900);

    const again = await buy(browser, "monthly");
    expect(again.status).toBe(303);
    expect(again.headers.get("Location")).toBe(`/settings/subscription?order=${order.id}`);

    const [paidOrder, ...others] = await orders(user.id);
    expect(others).toEqual([]);
    expect(paidOrder.status).toBe("paid");
    expect((await userRow(user.id)).paidUntil).toBe(paidOrder.periodEnd);
    expect(await orderPayments(order.id)).toMatchObject([{ amount: 2_900, status: "applied", flag: null, providerTitle: transaction.title }]);
    const [paidTransaction] = await transactions(user.id);
    expect(paidTransaction.status).toBe("paid");

    const text = await pageText(browser, again.headers.get("Location") ?? "");
    expect(text).toContain(t.returnPaid);
    expect(text).toContain(`Abonament miesięczny opłacony do ${formatDate(paidOrder.periodEnd ?? "")}`);
  });

  it("starts a new order after an underpayment and shows it", async () => {
    const { browser, user } = await loggedInBrowser();
    const first = await buy(browser, "monthly");
    const [order] = await orders(user.id);
    const [transaction] = await transactions(user.id);
    const paid = await payInSandbox(transaction.transactionId, "underpay");
    expect(paid.status).toBe("error");
    expect(paid.notificationId).toBeNull();

    const second = await buy(browser, "monthly");
    expect(second.status).toBe(303);
    const secondLocation = second.headers.get("Location") ?? "";
    expect(secondLocation.startsWith(`${SANDBOX}/pay/TR-`)).toBe(true);
    expect(secondLocation).not.toBe(first.headers.get("Location"));
    expect(await orders(user.id)).toHaveLength(2);
    expect(await orderPayments(order.id)).toMatchObject([{ amount: 2_800, expectedAmount: 2_900, status: "flagged", flag: "underpaid" }]);
    expect((await orders(user.id))[0].status).toBe("pending");
    expect((await userRow(user.id)).paidUntil).toBeNull();

    // The new order's transaction is still pending at Tpay, so it is offered again.
    const third = await buy(browser, "monthly");
    expect(third.headers.get("Location")).toBe(secondLocation);
    expect(await orders(user.id)).toHaveLength(2);

    const history = await pageText(browser);
    expect(history).toContain(t.status.underpaid);
    expect(history).toContain(t.received("28,00 zł"));
    expect(history).toContain(t.status.pending);
    const returned = await pageText(browser, `/settings/subscription?order=${order.id}`);
    expect(returned).toContain(t.returnUnderpaid);
    expect(returned).toContain(t.returnUnderpaidHelp("28,00 zł", "29,00 zł"));
  });

  it("starts nothing while Tpay cannot be asked", async () => {
    allowConsoleErrors();
    const { browser, user } = await loggedInBrowser();
    expect((await buy(browser, "monthly")).status).toBe(303);
    const [transaction] = await transactions(user.id);
    const sandboxDb = env.TPAY_SANDBOX_DB!;
    const { payer_json: payer } = await sandboxTransaction(transaction.transactionId);
    // A stored value the sandbox cannot read makes its GET /transactions/{id} answer 500.
    await sandboxDb.prepare("UPDATE sim_transactions SET payer_json = 'unreadable' WHERE transaction_id = ?").bind(transaction.transactionId).run();
    try {
      const response = await buy(browser, "monthly");
      expect(response.status).toBe(503);
      expect(visibleText(await response.text())).toContain(t.checkFailed);
    } finally {
      await sandboxDb.prepare("UPDATE sim_transactions SET payer_json = ? WHERE transaction_id = ?").bind(payer, transaction.transactionId).run();
    }
    expect(await orders(user.id)).toHaveLength(1);
    expect(await transactions(user.id)).toHaveLength(1);
    expect(await db.select().from(payments).where(eq(payments.userId, user.id))).toEqual([]);
  });
});

describe("payment history states", () => {
  it("shows stale pending orders as unpaid", async () => {
    const { browser, user } = await loggedInBrowser();
    const order = (daysAgo: number, status: "pending" | "cancelled") => {
      const created = new Date(Date.now() - daysAgo * DAY_MS).toISOString();
      return { id: crypto.randomUUID(), userId: user.id, plan: "monthly", months: 1, amount: 2_900, status, createdAt: created, updatedAt: created };
    };
    await db.insert(subscriptionOrders).values([order(8, "pending"), order(2, "pending"), order(10, "cancelled")]);

    const html = await (await browser.get("/settings/subscription")).text();
    expect(html.match(/data-status="unpaid"/g)).toHaveLength(1);
    expect(html.match(/data-status="pending"/g)).toHaveLength(1);
    expect(html.match(/data-status="cancelled"/g)).toHaveLength(1);
    const text = visibleText(html);
    expect(text).toContain(t.status.unpaid);
    expect(text).toContain(t.status.pending);
    expect(text).toContain(t.status.cancelled);
  });

  it("shows an overpayment with the amount received", async () => {
    const { browser, user } = await loggedInBrowser();
    expect((await buy(browser, "monthly")).status).toBe(303);
    const [transaction] = await transactions(user.id);
    expect((await payInSandbox(transaction.transactionId, "overpay")).body).toBe("TRUE");
    const [order] = await orders(user.id);
    expect(order.status).toBe("paid");
    expect(await orderPayments(order.id)).toMatchObject([{ amount: 3_000, status: "applied", flag: "overpaid" }]);

    const html = await (await browser.get("/settings/subscription")).text();
    expect(html.match(/data-status="paid"/g)).toHaveLength(1);
    const text = visibleText(html);
    expect(text).toContain(t.received("30,00 zł"));
    expect(text).toContain(t.overpaidNote("1,00 zł"));
  });
});
