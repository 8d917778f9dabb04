import { createExecutionContext, env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { describeActivity } from "~/models/activity-lines.server";
import { describeNotification } from "~/utils/notification-text";
import { bills, devMailbox, subscriptionOrders, tpayConnections, users } from "~/db/schema";
import { findPlan } from "~/config/plans";
import { startSubscriptionPayment } from "~/models/subscriptions.server";
import { formatTpayAmount, requestTpayToken, tpayOrigins, type TpayFetch } from "~/models/tpay-api.server";
import { platformTpayAccount, tpayNotificationUrl } from "~/models/tpay-connections.server";
import { clearTpayCertificateCache } from "~/models/tpay-verify.server";
import { handleTpayNotification } from "../workers/tpay-notifications";
import { SANDBOX_PLATFORM_MERCHANT } from "../workers/tpay-sandbox";
import { db, ORIGIN, waitForMail, waitForNotificationEmails } from "./helpers";
import { allowConsoleErrors } from "./setup";
import {
  activityOf,
  appTpayFetch,
  billRow,
  createAwaitingBill,
  createConnectedFreelancer,
  insertTransactionRow,
  notificationsOf,
  payInSandbox,
  paymentFields,
  paymentRows,
  paymentState,
  postNotification,
  refundInSandbox,
  sandboxPost,
  signedNotification,
  startTransaction,
  taskRows,
  waitUntil,
  type Freelancer,
  type SignOptions,
} from "./tpay-payment-helpers";
import { createCertificateServer, createTpayTestCertificates, signTpayBody } from "./tpay-test-certs";

beforeEach(() => {
  clearTpayCertificateCache();
});

/** Builds a TpayFetch that records every URL before passing the request on. */
function recordingFetch(inner: TpayFetch = appTpayFetch()) {
  const urls: string[] = [];
  const tpayFetch: TpayFetch = (input, init) => {
    urls.push(typeof input === "string" ? input : input.url);
    return inner(input, init);
  };
  return { tpayFetch, urls };
}

/** Calls the route handler directly, as workers/app.ts does, with the given fetch and instant. */
async function handleDirectly(request: Request, tpayFetch: TpayFetch, now?: Date) {
  const response = await handleTpayNotification(request, env, createExecutionContext(), { db, tpayFetch, now });
  return { status: response.status, text: await response.text(), contentType: response.headers.get("Content-Type") };
}

async function billWithTransaction(freelancer: Freelancer, amounts = [3_333, 3_334]) {
  const bill = await createAwaitingBill(freelancer, amounts);
  const transaction = await startTransaction(freelancer, bill);
  return { bill, transaction };
}

/** The payment state without the activity row and notification of a wrong-security-code report. */
function withoutMd5Report(state: Awaited<ReturnType<typeof paymentState>>) {
  return {
    ...state,
    activity: state.activity.filter((row) => row.action !== "tpay.md5_failed"),
    notifications: state.notifications.filter((row) => row.type !== "payment_problem"),
  };
}

async function mailCount(address: string): Promise<number> {
  const rows = await db.select({ id: devMailbox.id }).from(devMailbox).where(eq(devMailbox.toAddress, address));
  return rows.length;
}

describe("tpay notification for an exact payment", () => {
  it("pays the bill and its tasks once", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await billWithTransaction(freelancer);

    const paid = await payInSandbox(transaction.transactionId, { scenario: "exact" });
    expect(paid.status).toBe(200);
    expect(paid.body).toBe("TRUE");

    const billAfter = await billRow(bill.billId);
    expect(billAfter.status).toBe("paid");
    expect(billAfter.paidVia).toBe("tpay");
    const [payment] = await paymentRows(freelancer.user.id);
    expect(billAfter.paidPaymentId).toBe(payment.id);
    expect(payment).toMatchObject({
      status: "applied",
      flag: null,
      method: "tpay",
      amount: 6_667,
      expectedAmount: 6_667,
      providerTitle: transaction.title,
      environment: "sandbox",
      billId: bill.billId,
      projectId: freelancer.projectId,
    });
    for (const task of await taskRows(bill.taskIds)) {
      expect(task.payment).toBe("paid");
      expect(task.paidVia).toBe("tpay");
      expect(task.paidAt).not.toBeNull();
    }
    const state = await paymentState(freelancer.user.id);
    expect(state.transactions[0].status).toBe("paid");

    const received = await activityOf(freelancer.user.id, "payment.received");
    expect(received).toHaveLength(1);
    expect(describeActivity({ action: "payment.received", data: JSON.parse(received[0].data) })[0]).toBe(
      `Otrzymano płatność 66,67\u00a0zł przez Tpay (transakcja ${transaction.title})`,
    );
    expect(await activityOf(freelancer.user.id, "bill.paid")).toHaveLength(1);
    const [notification] = await notificationsOf(freelancer.user.id, "payment_received");
    expect(JSON.parse(notification.data)).toMatchObject({ number: bill.number, amount: 6_667 });

    const [connection] = await db.select().from(tpayConnections).where(eq(tpayConnections.userId, freelancer.user.id));
    expect(connection.lastNotificationAt).not.toBeNull();
  });

  it("answers TRUE as text/plain", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const notification = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant));

    const answer = await handleDirectly(notification.request(), appTpayFetch());
    expect(answer).toEqual({ status: 200, text: "TRUE", contentType: "text/plain; charset=utf-8" });
  });
});

describe("tpay notification delivered many times", () => {
  it("applies concurrent and late duplicates once", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await billWithTransaction(freelancer);
    const { body, headers } = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant));

    const answers = await Promise.all(Array.from({ length: 20 }, () => postNotification(freelancer.notificationUrl, body, headers)));
    for (const answer of answers) expect(answer).toEqual({ status: 200, text: "TRUE" });

    expect(await paymentRows(freelancer.user.id)).toHaveLength(1);
    expect((await billRow(bill.billId)).status).toBe("paid");
    expect(await activityOf(freelancer.user.id, "payment.received")).toHaveLength(1);
    expect(await activityOf(freelancer.user.id, "bill.paid")).toHaveLength(1);
    expect(await notificationsOf(freelancer.user.id)).toHaveLength(1);
    await waitForMail(freelancer.user.email);
    const before = await paymentState(freelancer.user.id);

    // The same bytes and signature, handled a day later.
    const dayLater = new Date(Date.now() + 24 * 3_600_000);
    const request = new Request(freelancer.notificationUrl, { method: "POST", headers, body });
    const late = await handleDirectly(request, appTpayFetch(), dayLater);
    expect(late.status).toBe(200);
    expect(late.text).toBe("TRUE");

    const after = await paymentState(freelancer.user.id);
    expect({ ...after, transactions: undefined }).toEqual({ ...before, transactions: undefined });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await mailCount(freelancer.user.email)).toBe(1);
  });
});

describe("tpay notification that does not verify", () => {
  async function expectRejected(freelancer: Freelancer, answer: { status: number; text: string }, reason: string, before: unknown) {
    expect(answer.status).toBe(400);
    expect(answer.text).toBe(`FALSE - ${reason}`);
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  }

  it("rejects a notification without a signature", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const { body, headers } = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant), {
      omitHeader: true,
    });
    await expectRejected(freelancer, await postNotification(freelancer.notificationUrl, body, headers), "missing X-JWS-Signature header", before);
  });

  it("rejects a self-signed certificate", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const { body, headers } = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant), {
      useForeignKey: true,
    });
    const answer = await postNotification(freelancer.notificationUrl, body, headers);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/^FALSE - /);
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });

  it("rejects certificate URLs on look-alike hosts without fetching them", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const fields = await paymentFields(transaction, freelancer.merchant);
    const lookAlikes = [
      "http://localhost:8787.evil.test/tpay-sandbox/x509/notifications-jws.pem",
      "http://localhost:8787@evil.test/tpay-sandbox/x509/notifications-jws.pem",
      "https://secure.tpay.com.evil.test/x509/notifications-jws.pem",
      "http://localhost:8787/tpay-sandbox-evil/x509/notifications-jws.pem",
    ];
    for (const x5u of lookAlikes) {
      const { tpayFetch, urls } = recordingFetch();
      const notification = await signedNotification(freelancer.notificationUrl, fields, { x5u });
      const answer = await handleDirectly(notification.request(), tpayFetch);
      expect(answer.status, x5u).toBe(400);
      expect(answer.text, x5u).toMatch(/^FALSE - /);
      expect(urls, x5u).toEqual([]);
    }
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });

  it("rejects a valid signature over a different body", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const { body, headers } = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant), {
      tamperBodyAfterSigning: true,
    });
    const answer = await postNotification(freelancer.notificationUrl, body, headers);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/^FALSE - /);
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });

  it("rejects a wrong md5sum and reports the security code", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const fields = await paymentFields(transaction, freelancer.merchant, { md5sum: "0123456789abcdef0123456789abcdef" });
    const { body, headers } = await signedNotification(freelancer.notificationUrl, fields);
    const answer = await postNotification(freelancer.notificationUrl, body, headers);
    expect(answer).toEqual({ status: 400, text: "FALSE - invalid md5sum" });
    // Signed by Tpay for the connection's merchant: the saved security code is reported, nothing is paid.
    const after = await paymentState(freelancer.user.id);
    expect(after.activity.filter((row) => row.action === "tpay.md5_failed")).toHaveLength(1);
    expect(after.notifications.map((row) => row.type)).toEqual(["payment_problem"]);
    expect(withoutMd5Report(after)).toEqual(before);
  });

  it("rejects the sandbox certificate for a production connection", async () => {
    const freelancer = await createConnectedFreelancer({ environment: "production" });
    const bill = await createAwaitingBill(freelancer, [5_000]);
    const transaction = await insertTransactionRow(freelancer, bill);
    const before = await paymentState(freelancer.user.id);
    const { tpayFetch, urls } = recordingFetch();
    const notification = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant));

    const answer = await handleDirectly(notification.request(), tpayFetch);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/^FALSE - /);
    for (const url of urls) expect(new URL(url).origin).toBe("https://secure.tpay.com");
    expect(urls).toEqual([]);
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });

  it("rejects an unknown notification address without fetching", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const url = `${ORIGIN}/tpay/notifications/unknownKey0123456789abcd`;
    const { tpayFetch, urls } = recordingFetch();
    const notification = await signedNotification(url, await paymentFields(transaction, freelancer.merchant));
    const answer = await handleDirectly(notification.request(), tpayFetch);
    expect(answer).toMatchObject({ status: 400, text: "FALSE - unknown notification address" });
    expect(urls).toEqual([]);

    const nested = await postNotification(`${freelancer.notificationUrl}/extra`, notification.body, notification.headers);
    expect(nested).toEqual({ status: 400, text: "FALSE - unknown notification address" });
  });

  it("answers 405 to GET and 413 to a body over 64 KB", async () => {
    const freelancer = await createConnectedFreelancer();
    const get = await SELF.fetch(freelancer.notificationUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");

    const large = await postNotification(freelancer.notificationUrl, `tr_desc=${"a".repeat(70_000)}`, {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(large.status).toBe(413);
  });
});

describe("tpay notification rejections seen from outside", () => {
  it("logs rejections without secrets", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const lines: string[] = [];
    const capture = (...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    };
    vi.spyOn(console, "log").mockImplementation(capture);
    vi.spyOn(console, "warn").mockImplementation(capture);
    // test/setup.ts already records console.error, so this spy replaces it to read those lines too.
    vi.spyOn(console, "error").mockImplementation(capture);

    const wrongMd5 = "0123456789abcdef0123456789abcdef";
    const cases = [
      { name: "wrong md5sum", fields: await paymentFields(transaction, freelancer.merchant, { md5sum: wrongMd5 }), options: {} },
      { name: "tampered body", fields: await paymentFields(transaction, freelancer.merchant), options: { tamperBodyAfterSigning: true } },
      { name: "unsigned", fields: await paymentFields(transaction, freelancer.merchant), options: { omitHeader: true } },
    ];
    for (const { name, fields, options } of cases) {
      lines.length = 0;
      const notification = await signedNotification(freelancer.notificationUrl, fields, options);
      const answer = await postNotification(freelancer.notificationUrl, notification.body, notification.headers);
      expect(answer.status, name).toBe(400);
      const reason = answer.text.replace(/^FALSE - /, "");
      expect(reason, name).not.toBe(answer.text);

      const secrets = [freelancer.merchant.securityCode, fields.md5sum, fields.tr_email, notification.body];
      const signature = notification.headers["X-JWS-Signature"];
      if (signature) secrets.push(signature, signature.split(".")[2]);
      // Every captured line is checked for secrets. The queue consumer of an earlier test may log
      // its own events (e-mails sent) in this window, so only the Tpay lines must be rejections.
      for (const line of lines) {
        for (const secret of secrets) expect(line, name).not.toContain(secret);
      }
      const tpayLines = lines.filter((line) => line.includes('"event":"tpay.') || line.includes('"event":"payment.'));
      expect(tpayLines.length, name).toBeGreaterThan(0);
      for (const line of tpayLines) {
        expect(line, name).toContain('"event":"tpay.notification_rejected"');
        expect(line, name).toContain(`"reason":${JSON.stringify(reason)}`);
      }
    }
  });

  it("fetches only the sandbox certificates and never the global fetch", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const cases: { name: string; overrides: Record<string, string>; options: SignOptions }[] = [
      { name: "no signature", overrides: {}, options: { omitHeader: true } },
      { name: "self-signed", overrides: {}, options: { useForeignKey: true } },
      { name: "tampered body", overrides: {}, options: { tamperBodyAfterSigning: true } },
      { name: "wrong md5sum", overrides: { md5sum: "0123456789abcdef0123456789abcdef" }, options: {} },
    ];
    for (const { name, overrides, options } of cases) {
      clearTpayCertificateCache();
      const globalFetch = vi.spyOn(globalThis, "fetch");
      const { tpayFetch, urls } = recordingFetch();
      const notification = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant, overrides), options);
      const answer = await handleDirectly(notification.request(), tpayFetch);
      expect(answer.status, name).toBe(400);
      expect(answer.text, name).toMatch(/^FALSE - /);
      for (const url of urls) expect(url.startsWith(`${ORIGIN}/tpay-sandbox/x509/`), `${name}: ${url}`).toBe(true);
      expect(globalFetch, name).not.toHaveBeenCalled();
      globalFetch.mockRestore();
    }
    // The wrong md5sum reports the saved security code to the freelancer; nothing else changes.
    expect(withoutMd5Report(await paymentState(freelancer.user.id))).toEqual(before);
  });
});

describe("tpay notification that names another freelancer's bill", () => {
  it("rejects freelancer B's payment for freelancer A's bill at both addresses", async () => {
    const a = await createConnectedFreelancer();
    const b = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(a);
    const beforeA = await paymentState(a.user.id);
    const beforeB = await paymentState(b.user.id);
    // Signed by Tpay and correct for B's account, but naming A's transaction.
    const fields = await paymentFields(transaction, b.merchant);
    const { body, headers } = await signedNotification(a.notificationUrl, fields);

    expect(await postNotification(a.notificationUrl, body, headers)).toEqual({
      status: 400,
      text: "FALSE - invalid md5sum",
    });
    expect(await postNotification(b.notificationUrl, body, headers)).toEqual({
      status: 400,
      text: "FALSE - unknown transaction (tr_crc)",
    });
    // The same with A's merchant id in the body but B's security code in md5sum.
    const claimed = await paymentFields(transaction, { merchantId: a.merchant.merchantId, securityCode: b.merchant.securityCode });
    const second = await signedNotification(a.notificationUrl, claimed);
    expect(await postNotification(a.notificationUrl, second.body, second.headers)).toEqual({ status: 400, text: "FALSE - invalid md5sum" });
    expect(await postNotification(b.notificationUrl, second.body, second.headers)).toEqual({
      status: 400,
      text: "FALSE - merchant id does not match the notification address",
    });

    // The second body names A's merchant with a signature from Tpay, so A's security code is reported.
    expect(withoutMd5Report(await paymentState(a.user.id))).toEqual(beforeA);
    expect(await paymentState(b.user.id)).toEqual(beforeB);
  });

  it("rejects a notification whose merchant id is not the address's account", async () => {
    const a = await createConnectedFreelancer();
    const b = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(a);
    const before = await paymentState(a.user.id);
    // B's merchant id with A's security code: md5 matches, the merchant does not.
    const fields = await paymentFields(transaction, { merchantId: b.merchant.merchantId, securityCode: a.merchant.securityCode });
    const { body, headers } = await signedNotification(a.notificationUrl, fields);
    expect(await postNotification(a.notificationUrl, body, headers)).toEqual({
      status: 400,
      text: "FALSE - merchant id does not match the notification address",
    });
    expect(await paymentState(a.user.id)).toEqual(before);
  });
});

describe("tpay notification that does not match our transaction", () => {
  const cases: [string, (amount: number) => Record<string, string>, string][] = [
    ["amount changed", (amount) => ({ tr_amount: formatTpayAmount(amount - 1), tr_paid: formatTpayAmount(amount - 1) }), "amount does not match the transaction"],
    ["currency EUR", () => ({ tr_currency: "EUR" }), "currency does not match the transaction"],
    ["another title", () => ({ tr_id: "TR-ZZZ-0000000" }), "title does not match the transaction"],
    ["unknown crc", () => ({ tr_crc: "b_doesNotExist000000000" }), "unknown transaction (tr_crc)"],
    ["unknown status", () => ({ tr_status: "MAYBE" }), "unknown tr_status"],
  ];
  for (const [name, overrides, reason] of cases) {
    it(`rejects ${name}`, async () => {
      const freelancer = await createConnectedFreelancer();
      const { transaction } = await billWithTransaction(freelancer);
      const before = await paymentState(freelancer.user.id);
      const fields = await paymentFields(transaction, freelancer.merchant, overrides(transaction.amount));
      const { body, headers } = await signedNotification(freelancer.notificationUrl, fields);
      expect(await postNotification(freelancer.notificationUrl, body, headers)).toEqual({ status: 400, text: `FALSE - ${reason}` });
      expect(await paymentState(freelancer.user.id)).toEqual(before);
    });
  }
});

describe("tpay notification in test mode on a production connection", () => {
  it("does not pay, answers 400 and warns the freelancer once", async () => {
    const freelancer = await createConnectedFreelancer({ environment: "production" });
    const bill = await createAwaitingBill(freelancer, [12_000]);
    const transaction = await insertTransactionRow(freelancer, bill);
    // A local stand-in for Tpay's certificate server at its real origin.
    const certificates = await createTpayTestCertificates();
    const x5u = "https://secure.tpay.com/x509/notifications-jws.pem";
    const server = createCertificateServer({ [x5u]: certificates.leaf.pem, "https://secure.tpay.com/x509/tpay-jws-root.pem": certificates.root.pem });
    const body = new URLSearchParams(await paymentFields(transaction, freelancer.merchant, { test_mode: "1" })).toString();
    const signature = await signTpayBody(body, certificates.leaf.keys.privateKey, x5u);
    const request = () =>
      new Request(freelancer.notificationUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-JWS-Signature": signature },
        body,
      });

    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await handleDirectly(request(), server.tpayFetch);
      expect(answer.status).toBe(400);
      expect(answer.text).toBe("FALSE - test mode on a production account");
    }
    for (const { url } of server.requests) expect(new URL(url).origin).toBe("https://secure.tpay.com");

    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    expect(await paymentRows(freelancer.user.id)).toEqual([]);
    for (const task of await taskRows(bill.taskIds)) expect(task.payment).toBe("pending");
    const [connection] = await db.select().from(tpayConnections).where(eq(tpayConnections.userId, freelancer.user.id));
    expect(connection.testModeSeenAt).not.toBeNull();
    expect((await paymentState(freelancer.user.id)).transactions[0].testModeAt).not.toBeNull();
    expect(await activityOf(freelancer.user.id, "tpay.test_mode_seen")).toHaveLength(1);
    const problems = await notificationsOf(freelancer.user.id, "payment_problem");
    expect(problems).toHaveLength(1);
    expect(JSON.parse(problems[0].data).reason).toMatch(/trybie testowym.*nie pobrano pieniędzy/);
  });
});

describe("tpay notification with a different amount paid", () => {
  it("pays an overpaid bill and tells the excess in one e-mail", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await billWithTransaction(freelancer);
    const paid = await payInSandbox(transaction.transactionId, { scenario: "overpay" });
    expect(paid.body).toBe("TRUE");

    expect((await billRow(bill.billId)).status).toBe("paid");
    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment).toMatchObject({ status: "applied", flag: "overpaid", amount: 6_767, expectedAmount: 6_667 });
    expect(await notificationsOf(freelancer.user.id)).toHaveLength(1);
    const [received] = await notificationsOf(freelancer.user.id, "payment_received");
    const data = JSON.parse(received.data);
    expect(data).toMatchObject({ number: bill.number, amount: 6_767, overpaid: 100 });
    expect(data.reason).toContain("nadpłatę 1,00\u00a0zł");
    expect(describeNotification("payment_received", data).details).toEqual([data.reason]);

    const mail = await waitForMail(freelancer.user.email);
    expect(mail.text).toContain("nadpłatę 1,00");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await mailCount(freelancer.user.email)).toBe(1);
  });

  it("leaves an underpaid bill awaiting payment (surcharge)", async () => {
    const freelancer = await createConnectedFreelancer({ merchantOptions: { underpayThreshold: "2.00" } });
    const { bill, transaction } = await billWithTransaction(freelancer);
    const paid = await payInSandbox(transaction.transactionId, { scenario: "underpay" });
    expect(paid.body).toBe("TRUE");

    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    for (const task of await taskRows(bill.taskIds)) expect(task.payment).toBe("pending");
    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment).toMatchObject({ status: "flagged", flag: "underpaid", amount: 6_567, expectedAmount: 6_667 });
    expect(await activityOf(freelancer.user.id, "payment.flagged")).toHaveLength(1);
    expect(await notificationsOf(freelancer.user.id, "payment_problem")).toHaveLength(1);
  });

  it("flags TRUE with less paid even when tr_error is none", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await billWithTransaction(freelancer);
    const fields = await paymentFields(transaction, freelancer.merchant, { tr_paid: "60.00" });
    const { body, headers } = await signedNotification(freelancer.notificationUrl, fields);
    expect(await postNotification(freelancer.notificationUrl, body, headers)).toEqual({ status: 200, text: "TRUE" });
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
    expect((await paymentRows(freelancer.user.id))[0]).toMatchObject({ status: "flagged", flag: "underpaid", amount: 6_000 });
  });

  it("asks once to accept or return a FALSE/overpay, and pays on the merchant's TRUE", async () => {
    const freelancer = await createConnectedFreelancer({ merchantOptions: { acceptOverpay: false } });
    const { bill, transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const paid = await payInSandbox(transaction.transactionId, { scenario: "overpay" });
    expect(paid.body).toBe("TRUE");

    // The money waits for the merchant: nothing is paid, and the freelancer gets a notification.
    const afterFalse = await paymentState(freelancer.user.id);
    const unchanged = (state: typeof before) => ({ bills: state.bills, billItems: state.billItems, tasks: state.tasks, payments: state.payments, orders: state.orders });
    expect(unchanged(afterFalse)).toEqual(unchanged(before));
    const [flagged] = await activityOf(freelancer.user.id, "payment.flagged");
    expect(JSON.parse(flagged.data)).toMatchObject({ flag: "overpay_pending", amount: 6_767, total: 6_667, title: transaction.title });
    expect(describeActivity({ action: "payment.flagged", data: JSON.parse(flagged.data) })[0]).toContain("przyjmiesz wpłatę");
    const [problem] = await notificationsOf(freelancer.user.id, "payment_problem");
    expect(JSON.parse(problem.data).reason).toContain("przyjmij wpłatę");
    expect(JSON.parse(problem.data).reason).toContain("nadpłatę 1,00\u00a0zł");

    // Tpay resends the FALSE: still one notification and one activity row.
    const fields = await paymentFields(transaction, freelancer.merchant, { tr_status: "FALSE", tr_error: "overpay", tr_paid: "67.67" });
    const again = await signedNotification(freelancer.notificationUrl, fields);
    const answers = await Promise.all(Array.from({ length: 3 }, () => postNotification(freelancer.notificationUrl, again.body, again.headers)));
    for (const answer of answers) expect(answer).toEqual({ status: 200, text: "TRUE" });
    expect(await notificationsOf(freelancer.user.id, "payment_problem")).toHaveLength(1);
    expect(await activityOf(freelancer.user.id, "payment.flagged")).toHaveLength(1);
    await waitForMail(freelancer.user.email);

    const accepted = await sandboxPost(`/__sim/transactions/${transaction.transactionId}/accept-overpay`, { deliver: "now" });
    expect(((await accepted.json()) as { body: string }).body).toBe("TRUE");
    expect((await billRow(bill.billId)).status).toBe("paid");
    expect((await paymentRows(freelancer.user.id))[0]).toMatchObject({ status: "applied", flag: "overpaid" });
    expect(await notificationsOf(freelancer.user.id, "payment_received")).toHaveLength(1);
    await waitForMail(freelancer.user.email, 2);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await mailCount(freelancer.user.email)).toBe(2);
  });
});

describe("tpay notifications for one bill paid in two tabs", () => {
  it("pays the bill once and flags the second payment for refund", async () => {
    const freelancer = await createConnectedFreelancer();
    const bill = await createAwaitingBill(freelancer, [3_333, 3_334]);
    const first = await startTransaction(freelancer, bill);
    const second = await startTransaction(freelancer, bill);

    expect((await payInSandbox(first.transactionId, { scenario: "exact" })).body).toBe("TRUE");
    expect((await payInSandbox(second.transactionId, { scenario: "exact" })).body).toBe("TRUE");

    const payments = await paymentRows(freelancer.user.id);
    expect(payments).toHaveLength(2);
    const applied = payments.find((payment) => payment.providerTitle === first.title)!;
    const flagged = payments.find((payment) => payment.providerTitle === second.title)!;
    expect(applied.status).toBe("applied");
    expect(flagged).toMatchObject({ status: "flagged", flag: "not_payable", amount: 6_667 });
    expect((await billRow(bill.billId)).paidPaymentId).toBe(applied.id);
    expect(await activityOf(freelancer.user.id, "bill.paid")).toHaveLength(1);
    expect(await activityOf(freelancer.user.id, "payment.flagged")).toHaveLength(1);
    const [problem] = await notificationsOf(freelancer.user.id, "payment_problem");
    expect(JSON.parse(problem.data).reason).toContain(`Zwróć klientowi 66,67\u00a0zł`);
  });
});

describe("tpay CHARGEBACK notification", () => {
  it("refunds a paid bill and makes its tasks unpaid, once", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await billWithTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    expect((await billRow(bill.billId)).status).toBe("paid");

    await refundInSandbox(freelancer, transaction.transactionId);
    await waitUntil(() => billRow(bill.billId), (row) => row.status === "refunded");

    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment.status).toBe("refunded");
    expect(payment.refundedAt).not.toBeNull();
    for (const task of await taskRows(bill.taskIds)) {
      expect(task.payment).toBe("unpaid");
      expect(task.paidVia).toBeNull();
      expect(task.paidAt).toBeNull();
    }
    const state = await paymentState(freelancer.user.id);
    expect(state.billItems.every((item) => !item.active)).toBe(true);
    expect(state.transactions[0].status).toBe("refunded");
    expect(await activityOf(freelancer.user.id, "payment.refunded")).toHaveLength(1);
    expect(await activityOf(freelancer.user.id, "bill.refunded")).toHaveLength(1);
    const problems = await notificationsOf(freelancer.user.id, "payment_problem");
    expect(problems).toHaveLength(1);
    expect(JSON.parse(problems[0].data).reason).toContain("znów są nieopłacone");

    // A second CHARGEBACK (a redelivery) changes nothing.
    await waitForNotificationEmails(freelancer.user.id);
    const beforeRedelivery = await paymentState(freelancer.user.id);
    const fields = await paymentFields(transaction, freelancer.merchant, { tr_status: "CHARGEBACK" });
    const again = await signedNotification(freelancer.notificationUrl, fields);
    expect(await postNotification(freelancer.notificationUrl, again.body, again.headers)).toEqual({ status: 200, text: "TRUE" });
    expect(await paymentState(freelancer.user.id)).toEqual(beforeRedelivery);
  });

  it("makes a later TRUE change nothing when CHARGEBACK came first", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await billWithTransaction(freelancer);
    const chargeback = await signedNotification(
      freelancer.notificationUrl,
      await paymentFields(transaction, freelancer.merchant, { tr_status: "CHARGEBACK" }),
    );
    expect(await postNotification(freelancer.notificationUrl, chargeback.body, chargeback.headers)).toEqual({ status: 200, text: "TRUE" });
    const [refunded] = await paymentRows(freelancer.user.id);
    expect(refunded).toMatchObject({ status: "refunded", providerTitle: transaction.title });
    await waitForNotificationEmails(freelancer.user.id);
    const before = await paymentState(freelancer.user.id);

    const paid = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant));
    expect(await postNotification(freelancer.notificationUrl, paid.body, paid.headers)).toEqual({ status: 200, text: "TRUE" });
    expect(await paymentState(freelancer.user.id)).toEqual(before);
    expect((await billRow(bill.billId)).status).toBe("awaiting_payment");
  });
});

/** Refunds part of a paid sandbox transaction through Tpay's API; the sandbox then sends CHARGEBACK through its queue. */
async function refundPartInSandbox(freelancer: Freelancer, transactionId: string, grosze: number): Promise<void> {
  const origins = tpayOrigins(env, freelancer.account.environment);
  const token = await requestTpayToken(appTpayFetch(), origins, freelancer.account.credentials, { useCache: false });
  const response = await SELF.fetch(`${origins.api}/transactions/${encodeURIComponent(transactionId)}/refunds`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ amount: grosze / 100 }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function refundedAmountOf(userId: string): Promise<number> {
  const [payment] = await paymentRows(userId);
  return payment.refundedAmount;
}

describe("tpay CHARGEBACK for a partial refund", () => {
  it("keeps the bill paid and adds up the refunds", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await billWithTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    await waitForMail(freelancer.user.email);

    await refundPartInSandbox(freelancer, transaction.transactionId, 1_000);
    await waitUntil(() => refundedAmountOf(freelancer.user.id), (amount) => amount === 1_000);

    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment).toMatchObject({ status: "applied", refundedAmount: 1_000, refundedAt: null, amount: 6_667 });
    const billAfter = await billRow(bill.billId);
    expect(billAfter).toMatchObject({ status: "paid", paidPaymentId: payment.id });
    for (const task of await taskRows(bill.taskIds)) expect(task.payment).toBe("paid");
    const state = await paymentState(freelancer.user.id);
    expect(state.billItems.every((item) => item.active)).toBe(true);
    expect(state.transactions[0].status).toBe("paid");
    const [refunded] = await activityOf(freelancer.user.id, "payment.refunded");
    expect(JSON.parse(refunded.data)).toMatchObject({ partial: true, amount: 1_000, refunded: 1_000, paid: 6_667, title: transaction.title });
    expect(describeActivity({ action: "payment.refunded", data: JSON.parse(refunded.data) })[0]).toBe(
      `Tpay zwrócił klientowi 10,00\u00a0zł z płatności 66,67\u00a0zł (transakcja ${transaction.title}). Razem zwrócono 10,00\u00a0zł, a rachunek pozostaje opłacony.`,
    );
    expect(await activityOf(freelancer.user.id, "bill.refunded")).toEqual([]);
    // No alarm: only the payment_received notification of the payment itself.
    expect(await notificationsOf(freelancer.user.id, "payment_problem")).toEqual([]);

    // A second partial refund adds up.
    await refundPartInSandbox(freelancer, transaction.transactionId, 500);
    await waitUntil(() => refundedAmountOf(freelancer.user.id), (amount) => amount === 1_500);
    expect((await billRow(bill.billId)).status).toBe("paid");
    const refunds = await activityOf(freelancer.user.id, "payment.refunded");
    expect(refunds.map((row) => JSON.parse(row.data)).map((data) => [data.amount, data.refunded])).toEqual(
      expect.arrayContaining([
        [1_000, 1_000],
        [500, 1_500],
      ]),
    );
    expect(await notificationsOf(freelancer.user.id, "payment_problem")).toEqual([]);

    // A redelivered CHARGEBACK, also a stale one, changes nothing and never lowers the sum.
    const before = await paymentState(freelancer.user.id);
    const fields = await paymentFields(transaction, freelancer.merchant, { tr_status: "CHARGEBACK" });
    const again = await signedNotification(freelancer.notificationUrl, fields);
    expect(await postNotification(freelancer.notificationUrl, again.body, again.headers)).toEqual({ status: 200, text: "TRUE" });
    expect(await paymentState(freelancer.user.id)).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await mailCount(freelancer.user.email)).toBe(1);
  });

  it("refunds the bill once the refunds cover the whole payment", async () => {
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await billWithTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    await refundPartInSandbox(freelancer, transaction.transactionId, 1_000);
    await waitUntil(() => refundedAmountOf(freelancer.user.id), (amount) => amount === 1_000);

    // The rest as another partial refund: Tpay keeps the status "correct", so only the sum shows it.
    await refundPartInSandbox(freelancer, transaction.transactionId, 5_667);
    await waitUntil(() => billRow(bill.billId), (row) => row.status === "refunded");

    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment).toMatchObject({ status: "refunded", refundedAmount: 6_667 });
    expect(payment.refundedAt).not.toBeNull();
    for (const task of await taskRows(bill.taskIds)) expect(task.payment).toBe("unpaid");
    const state = await paymentState(freelancer.user.id);
    expect(state.billItems.every((item) => !item.active)).toBe(true);
    expect(state.transactions[0].status).toBe("refunded");
    expect(await activityOf(freelancer.user.id, "payment.refunded")).toHaveLength(2);
    expect(await activityOf(freelancer.user.id, "bill.refunded")).toHaveLength(1);
    const problems = await notificationsOf(freelancer.user.id, "payment_problem");
    expect(problems).toHaveLength(1);
    expect(JSON.parse(problems[0].data).reason).toContain("znów są nieopłacone");
  });

  it("answers 5xx and changes nothing while Tpay cannot be reached", async () => {
    allowConsoleErrors();
    const freelancer = await createConnectedFreelancer();
    const { bill, transaction } = await billWithTransaction(freelancer);
    await payInSandbox(transaction.transactionId, { scenario: "exact" });
    await waitForNotificationEmails(freelancer.user.id);
    const before = await paymentState(freelancer.user.id);

    // Tpay's certificates load, its API does not.
    const apiRequests: string[] = [];
    const inner = appTpayFetch();
    const apiDown: TpayFetch = (input, init) => {
      const url = typeof input === "string" ? input : input.url;
      if (url.includes("/x509/")) return inner(input, init);
      apiRequests.push(url);
      return Promise.reject(new TypeError("Network connection lost"));
    };
    const fields = await paymentFields(transaction, freelancer.merchant, { tr_status: "CHARGEBACK" });
    const notification = await signedNotification(freelancer.notificationUrl, fields);
    const answer = await handleDirectly(notification.request(), apiDown);
    expect(answer.status).toBe(500);
    expect(answer.text).toMatch(/^ERROR - /);
    expect(apiRequests.length).toBeGreaterThan(0);
    expect(await paymentState(freelancer.user.id)).toEqual(before);
    expect((await billRow(bill.billId)).status).toBe("paid");

    // Tpay resends once its API is back; a CHARGEBACK that Tpay does not confirm changes nothing.
    const resent = await handleDirectly(notification.request(), appTpayFetch());
    expect(resent.status).toBe(500);
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });
});

describe("tpay two-step notifications", () => {
  it("accepts PAID for a payable bill and pays it on the following TRUE", async () => {
    const freelancer = await createConnectedFreelancer({ merchantOptions: { twoStep: true } });
    const { bill, transaction } = await billWithTransaction(freelancer);
    const paid = await payInSandbox(transaction.transactionId, { scenario: "exact" });
    expect(paid.body).toBe("TRUE");
    expect((paid.followUp as { body: string }).body).toBe("TRUE");
    expect((await billRow(bill.billId)).status).toBe("paid");
    expect(await paymentRows(freelancer.user.id)).toHaveLength(1);
  });

  it("changes nothing on PAID alone", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const fields = await paymentFields(transaction, freelancer.merchant, { tr_status: "PAID" });
    const { body, headers } = await signedNotification(freelancer.notificationUrl, fields);
    expect(await postNotification(freelancer.notificationUrl, body, headers)).toEqual({ status: 200, text: "TRUE" });
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });

  it("declines PAID with less paid than the bill", async () => {
    const freelancer = await createConnectedFreelancer({ merchantOptions: { twoStep: true } });
    const { transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    for (const tr_error of ["surcharge", "none"]) {
      const fields = await paymentFields(transaction, freelancer.merchant, {
        tr_status: "PAID",
        tr_error,
        tr_paid: formatTpayAmount(transaction.amount - 100),
      });
      const { body, headers } = await signedNotification(freelancer.notificationUrl, fields);
      expect(await postNotification(freelancer.notificationUrl, body, headers), tr_error).toEqual({
        status: 400,
        text: "FALSE - amount paid is lower than the bill",
      });
    }
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });

  it("declines PAID for a cancelled bill, so Tpay returns the money", async () => {
    const freelancer = await createConnectedFreelancer({ merchantOptions: { twoStep: true } });
    const { bill, transaction } = await billWithTransaction(freelancer);
    await db.update(bills).set({ status: "cancelled" }).where(eq(bills.id, bill.billId));

    const paid = await payInSandbox(transaction.transactionId, { scenario: "exact" });
    expect(paid.status).toBe(400);
    expect(paid.body).toBe("FALSE - bill is not payable");
    // The sandbox then refunds and sends CHARGEBACK, which is recorded once.
    expect((paid.followUp as { body: string }).body).toBe("TRUE");
    const [payment] = await paymentRows(freelancer.user.id);
    expect(payment).toMatchObject({ status: "refunded", providerTitle: transaction.title });
    expect((await billRow(bill.billId)).status).toBe("cancelled");
  });
});

describe("tpay notifications that change nothing", () => {
  it("answers TRUE to a test notification and records only its arrival", async () => {
    const freelancer = await createConnectedFreelancer();
    await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const response = await sandboxPost(
      `/__sim/notifications/send-test?merchantId=${freelancer.merchant.merchantId}&url=${encodeURIComponent(freelancer.notificationUrl)}`,
      {},
    );
    expect(((await response.json()) as { body: string }).body).toBe("TRUE");
    expect(await paymentState(freelancer.user.id)).toEqual(before);
    const [connection] = await db.select().from(tpayConnections).where(eq(tpayConnections.userId, freelancer.user.id));
    expect(connection.lastNotificationAt).not.toBeNull();
  });

  it("answers TRUE to a signed notification of another kind", async () => {
    const freelancer = await createConnectedFreelancer();
    const before = await paymentState(freelancer.user.id);
    const { body, headers } = await signedNotification(freelancer.notificationUrl, { type: "tokenization", "data[tokenValue]": "abc" });
    expect(await postNotification(freelancer.notificationUrl, body, headers)).toEqual({ status: 200, text: "TRUE" });
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });
});

describe("tpay notification on the platform account", () => {
  it("pays a subscription order and extends the account by calendar months", async () => {
    const freelancer = await createConnectedFreelancer();
    const userId = freelancer.user.id;
    // The trial ends on 31 January: one month later is the last day of February.
    await db.update(users).set({ trialEndsAt: "2099-01-31T10:00:00.000Z" }).where(eq(users.id, userId));
    const plan = findPlan("monthly")!;
    const started = await startSubscriptionPayment({ db, env, tpayFetch: appTpayFetch() }, { id: userId, name: "Anna Nowak", email: freelancer.user.email }, plan);
    expect(started.status).toBe("started");
    const [order] = await db.select().from(subscriptionOrders).where(eq(subscriptionOrders.userId, userId));
    const transaction = (await paymentState(userId)).transactions.find((row) => row.subscriptionOrderId === order.id)!;
    expect(transaction.account).toBe("platform");

    const paid = await payInSandbox(transaction.transactionId, { scenario: "exact" });
    expect(paid.body).toBe("TRUE");

    const [orderAfter] = await db.select().from(subscriptionOrders).where(eq(subscriptionOrders.id, order.id));
    expect(orderAfter).toMatchObject({ status: "paid", periodStart: "2099-01-31T10:00:00.000Z", periodEnd: "2099-02-28T10:00:00.000Z" });
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    expect(user.paidUntil).toBe("2099-02-28T10:00:00.000Z");
    expect(user.plan).toBe("monthly");
    const [payment] = await paymentRows(userId);
    expect(payment).toMatchObject({ purpose: "subscription", status: "applied", subscriptionOrderId: order.id, amount: plan.price });
    expect(await activityOf(userId, "subscription.paid")).toHaveLength(1);
    expect((await activityOf(userId, "subscription.paid"))[0].projectId).toBeNull();

    // A redelivery does not extend the account again.
    const fields = await paymentFields(transaction, SANDBOX_PLATFORM_MERCHANT);
    const again = await signedNotification(tpayNotificationUrl(env, "platform"), fields);
    expect(await postNotification(tpayNotificationUrl(env, "platform"), again.body, again.headers)).toEqual({ status: 200, text: "TRUE" });
    const [userAgain] = await db.select().from(users).where(eq(users.id, userId));
    expect(userAgain.paidUntil).toBe("2099-02-28T10:00:00.000Z");
    expect(platformTpayAccount(env).merchantId).toBe(SANDBOX_PLATFORM_MERCHANT.merchantId);
  });

  it("rejects a freelancer's merchant at the platform address", async () => {
    const freelancer = await createConnectedFreelancer();
    const { transaction } = await billWithTransaction(freelancer);
    const before = await paymentState(freelancer.user.id);
    const url = tpayNotificationUrl(env, "platform");
    const { body, headers } = await signedNotification(url, await paymentFields(transaction, freelancer.merchant));
    const answer = await postNotification(url, body, headers);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/^FALSE - /);
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });
});
