import "reflect-metadata";
import { X509Certificate } from "@peculiar/x509";
import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF, waitOnExecutionContext } from "cloudflare:test";
import { flattenedVerify, importX509 } from "jose";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { tpayConnections } from "~/db/schema";
import { tpayOrigins, type TpayFetch } from "~/models/tpay-api.server";
import { sealTpayCredentials } from "~/models/tpay-connections.server";
import worker from "../workers/app";
import { handleTpayNotification } from "../workers/tpay-notifications";
import {
  SANDBOX_DEMO_MERCHANT,
  SANDBOX_PLATFORM_MERCHANT,
  sandboxMd5,
  signSandboxNotification,
} from "../workers/tpay-sandbox";
import { toBase64Url } from "~/utils/crypto.server";
import { db, productionTestEnv } from "./helpers";
import { allowConsoleErrors } from "./setup";
import { createConnectedFreelancer, paymentFields, paymentState, signedNotification } from "./tpay-payment-helpers";

const ORIGIN = "http://localhost:8787";
const BASE = `${ORIGIN}/tpay-sandbox`;
const handler = worker as Required<Pick<ExportedHandler<Env>, "fetch" | "queue">>;

interface Credentials {
  merchantId: string;
  clientId: string;
  clientSecret: string;
  securityCode: string;
}

interface LoggedNotification {
  id: number;
  transactionId: string | null;
  title: string;
  trStatus: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  status: string;
  attempts: number;
  followUpId: number | null;
  log: { trigger: string; status: number | null; body: string | null; delivered: boolean }[];
}

function sandbox(path: string, init?: RequestInit): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, { redirect: "manual", ...init });
}

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return sandbox(path, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
}

async function createMerchant(options: Record<string, unknown> = {}): Promise<Credentials> {
  const response = await postJson("/__sim/merchants", { options });
  expect(response.status).toBe(201);
  return response.json();
}

async function token(credentials: Pick<Credentials, "clientId" | "clientSecret">): Promise<string> {
  const response = await postJson("/oauth/auth", { client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: "read" });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Returns the URL of a receiver inside the sandbox that records each notification and responds with `status` and `answer`. */
function receiverUrl(name: string, answer = "TRUE", status = 200): string {
  return `${BASE}/__sim/receiver/${name}?status=${status}&answer=${encodeURIComponent(answer)}`;
}

const uniqueName = () => `r${crypto.randomUUID().replace(/-/g, "")}`;

interface CreatedTransaction {
  transactionId: string;
  title: string;
  status: string;
  amount: number;
  transactionPaymentUrl: string;
}

async function createTransaction(
  credentials: Pick<Credentials, "clientId" | "clientSecret">,
  overrides: Record<string, unknown> = {},
): Promise<CreatedTransaction> {
  const accessToken = await token(credentials);
  const response = await postJson(
    "/transactions",
    {
      amount: 66.67,
      description: "Rachunek nr 3 – projekt Łódź",
      hiddenDescription: `b_${crypto.randomUUID().replace(/-/g, "").slice(0, 22)}`,
      lang: "pl",
      payer: { email: "klient@example.com", name: "Zofia Klientka" },
      callbacks: {
        payerUrls: { success: `${ORIGIN}/pay/return/1`, error: `${ORIGIN}/pay/return/1?error=1` },
        notification: { url: receiverUrl(uniqueName()) },
      },
      ...overrides,
    },
    { Authorization: `Bearer ${accessToken}` },
  );
  expect(response.status).toBe(200);
  return response.json();
}

async function notificationsOf(transactionId: string): Promise<LoggedNotification[]> {
  const response = await sandbox(`/__sim/notifications?transactionId=${encodeURIComponent(transactionId)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { notifications: LoggedNotification[] }).notifications;
}

async function waitForNotifications(transactionId: string, count: number, settled = true): Promise<LoggedNotification[]> {
  for (let i = 0; i < 100; i++) {
    const notifications = await notificationsOf(transactionId);
    if (notifications.length >= count && (!settled || notifications.every((n) => n.log.length > 0))) return notifications;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Expected ${count} notifications of ${transactionId}`);
}

function fieldsOf(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

async function pay(transactionId: string, body: Record<string, unknown>) {
  const response = await postJson(`/__sim/transactions/${transactionId}/pay`, body);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("tpay sandbox oauth", () => {
  it("issues a token for good credentials as JSON and as a form", async () => {
    const json = await postJson("/oauth/auth", { client_id: SANDBOX_DEMO_MERCHANT.clientId, client_secret: SANDBOX_DEMO_MERCHANT.clientSecret });
    expect(json.status).toBe(200);
    const body = (await json.json()) as Record<string, unknown>;
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(7200);
    expect(body.client_id).toBe(SANDBOX_DEMO_MERCHANT.clientId);
    expect(body.access_token).toMatch(/^[0-9a-f]{40}$/);

    const form = await sandbox("/oauth/auth", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: SANDBOX_PLATFORM_MERCHANT.clientId, client_secret: SANDBOX_PLATFORM_MERCHANT.clientSecret }),
    });
    expect(form.status).toBe(200);
  });

  it("rejects a wrong secret and an unknown client", async () => {
    const wrong = await postJson("/oauth/auth", { client_id: SANDBOX_DEMO_MERCHANT.clientId, client_secret: "wrong" });
    expect(wrong.status).toBe(401);
    const unknown = await postJson("/oauth/auth", { client_id: "55555-0000000000000000", client_secret: "x" });
    expect(unknown.status).toBe(401);
    const missing = await postJson("/oauth/auth", {});
    expect(missing.status).toBe(400);
  });

  it("requires a valid Bearer token", async () => {
    expect((await postJson("/transactions", { amount: 1 })).status).toBe(401);
    expect((await postJson("/transactions", { amount: 1 }, { Authorization: `Bearer ${"0".repeat(40)}` })).status).toBe(401);
    expect((await sandbox("/transactions/ta_x", { headers: { Authorization: "Basic eDp5" } })).status).toBe(401);
  });
});

describe("tpay sandbox transactions", () => {
  it("creates a pending transaction like Tpay", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    expect(created).toMatchObject({ result: "success", status: "pending", amount: 66.67, currency: "PLN" });
    expect(created.transactionId).toMatch(/^ta_[A-Za-z0-9]{16}$/);
    expect(created.title).toMatch(/^TR-[A-Z0-9]{3}-[A-Z0-9]{7}$/);
    expect(created.transactionPaymentUrl).toBe(`${BASE}/pay/${created.title}`);
    const body = created as unknown as Record<string, any>;
    expect(body.posId).toMatch(/^ps_/);
    expect(body.requestId).toMatch(/^[0-9a-f]{20}$/);
    expect(body.date.creation).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(body.payments).toEqual({ status: "pending", method: null, amountPaid: 0, date: { realization: null }, attempts: [] });
  });

  it("validates the create request", async () => {
    const accessToken = await token(SANDBOX_DEMO_MERCHANT);
    const valid = {
      amount: 10.5,
      description: "Opis",
      payer: { email: "a@example.com", name: "A" },
    };
    const cases: [string, Record<string, unknown>][] = [
      ["amount", { amount: 10.555 }],
      ["amount", { amount: "10.50" }],
      ["amount", { amount: 0 }],
      ["amount", { amount: -1 }],
      ["description", { description: "" }],
      ["description", { description: "x".repeat(129) }],
      ["hiddenDescription", { hiddenDescription: "x".repeat(129) }],
      ["lang", { lang: "xx" }],
      ["currency", { currency: "pln" }],
      ["payer.email", { payer: { name: "A" } }],
      ["payer.name", { payer: { email: "a@example.com" } }],
      ["callbacks.notification.url", { callbacks: { notification: { url: "ftp://example.com" } } }],
      ["callbacks.payerUrls.success", { callbacks: { payerUrls: { success: `https://example.com/${"x".repeat(3100)}` } } }],
    ];
    for (const [fieldName, change] of cases) {
      const response = await postJson("/transactions", { ...valid, ...change }, { Authorization: `Bearer ${accessToken}` });
      expect(response.status, fieldName).toBe(400);
      const body = (await response.json()) as { result: string; errors: { fieldName: string; errorCode: string }[] };
      expect(body.result).toBe("failed");
      expect(body.errors.map((error) => error.fieldName), fieldName).toContain(fieldName);
    }
    const ok = await postJson("/transactions", valid, { Authorization: `Bearer ${accessToken}` });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { amount: number }).amount).toBe(10.5);
  });

  it("returns a transaction only to its merchant", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    const own = await sandbox(`/transactions/${created.transactionId}`, { headers: { Authorization: `Bearer ${await token(SANDBOX_DEMO_MERCHANT)}` } });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ transactionId: created.transactionId, title: created.title, status: "pending" });

    const other = await createMerchant();
    const foreign = await sandbox(`/transactions/${created.transactionId}`, { headers: { Authorization: `Bearer ${await token(other)}` } });
    expect(foreign.status).toBe(404);
  });

  it("cancels a pending transaction and refuses payment afterwards", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    const accessToken = await token(SANDBOX_DEMO_MERCHANT);
    const cancel = await postJson(`/transactions/${created.transactionId}/cancel`, {}, { Authorization: `Bearer ${accessToken}` });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toMatchObject({ result: "success", status: "canceled" });
    const again = await postJson(`/transactions/${created.transactionId}/cancel`, {}, { Authorization: `Bearer ${accessToken}` });
    expect(again.status).toBe(200);

    const page = await sandbox(`/pay/${created.title}`);
    expect(await page.text()).toContain("anulowana");
    const submit = await sandbox(`/pay/${created.title}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "action=exact",
    });
    expect(submit.status).toBe(409);
    expect(await submit.text()).toContain("Ta transakcja została anulowana");
    expect((await pay(created.transactionId, { scenario: "exact" })).status).toBe(409);
  });

  it("refunds fully with a CHARGEBACK notification", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    const accessToken = await token(SANDBOX_DEMO_MERCHANT);
    expect((await pay(created.transactionId, { scenario: "exact", deliver: "now" })).json.body).toBe("TRUE");

    const partial = await postJson(`/transactions/${created.transactionId}/refunds`, { amount: 10 }, { Authorization: `Bearer ${accessToken}` });
    expect(partial.status).toBe(200);
    const tooMuch = await postJson(`/transactions/${created.transactionId}/refunds`, { amount: 60 }, { Authorization: `Bearer ${accessToken}` });
    expect(tooMuch.status).toBe(400);
    const full = await postJson(`/transactions/${created.transactionId}/refunds`, {}, { Authorization: `Bearer ${accessToken}` });
    expect(full.status).toBe(200);
    expect(await full.json()).toMatchObject({ result: "success", status: "correct", amount: 56.67 });

    const state = await sandbox(`/transactions/${created.transactionId}`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(await state.json()).toMatchObject({ status: "refund" });
    const list = await sandbox(`/transactions/${created.transactionId}/refunds`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(((await list.json()) as { refunds: { amount: number; type: string }[] }).refunds.map((r) => [r.amount, r.type])).toEqual([
      [10, "partial"],
      [56.67, "full"],
    ]);

    const notifications = await waitForNotifications(created.transactionId, 2);
    const chargeback = notifications.find((n) => n.trStatus === "CHARGEBACK");
    expect(chargeback).toBeDefined();
    expect(fieldsOf(chargeback!.body)).toMatchObject({ tr_status: "CHARGEBACK", tr_error: "none", tr_amount: "66.67", tr_paid: "66.67" });
    expect(chargeback!.status).toBe("delivered");
  });
});

describe("tpay sandbox notifications", () => {
  it("computes md5sum like Tpay", async () => {
    const fields = { id: "12345", tr_id: "TR-1234-89012345678901234567890", tr_amount: "10.50", tr_crc: "order_42" };
    expect(await sandboxMd5(fields, "MySecurityCode")).toBe("20cb3d3cb387c85d84c82cad3e0240b6");
    expect(await sandboxMd5({ ...fields, tr_amount: "10.5" }, "MySecurityCode")).toBe("c9081f461c8d6a32a47277c0629997ba");
  });

  it("signs a body that verifies with the leaf and chains to the root", async () => {
    const { body, headers } = await signSandboxNotification(env, { id: "12345", tr_id: "TR-ABC-1234567", tr_desc: "Zażółć gęślą jaźń & co" });
    expect(body).toBe("id=12345&tr_id=TR-ABC-1234567&tr_desc=Za%C5%BC%C3%B3%C5%82%C4%87+g%C4%99%C5%9Bl%C4%85+ja%C5%BA%C5%84+%26+co");
    const [protectedHeader, payload, signature] = headers["X-JWS-Signature"].split(".");
    expect(payload).toBe("");
    expect(JSON.parse(atob(protectedHeader.replace(/-/g, "+").replace(/_/g, "/")))).toEqual({
      alg: "RS256",
      x5u: `${BASE}/x509/notifications-jws.pem`,
    });

    const leafPem = await (await sandbox("/x509/notifications-jws.pem")).text();
    const rootPem = await (await sandbox("/x509/tpay-jws-root.pem")).text();
    const key = await importX509(leafPem, "RS256");
    const verified = await flattenedVerify({ protected: protectedHeader, payload: toBase64Url(new TextEncoder().encode(body)), signature }, key);
    expect(new TextDecoder().decode(verified.payload)).toBe(body);

    const leaf = new X509Certificate(leafPem);
    const root = new X509Certificate(rootPem);
    expect(await leaf.verify({ publicKey: await root.publicKey.export(), signatureOnly: true })).toBe(true);
    expect(await root.verify({ signatureOnly: true })).toBe(true);
    expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(825 * 24 * 60 * 60 * 1000);
  });

  it("offers the negative-test knobs", async () => {
    const fields = { id: "12345", tr_id: "TR-ABC-1234567", tr_paid: "10.00" };
    const rootPem = await (await sandbox("/x509/tpay-jws-root.pem")).text();
    const root = new X509Certificate(rootPem);

    const foreign = await signSandboxNotification(env, fields, { useForeignKey: true });
    const [foreignHeader, , foreignSignature] = foreign.headers["X-JWS-Signature"].split(".");
    const foreignX5u = JSON.parse(atob(foreignHeader.replace(/-/g, "+").replace(/_/g, "/"))).x5u as string;
    expect(foreignX5u).toBe(`${BASE}/x509/foreign-self-signed.pem`);
    const foreignPem = await (await SELF.fetch(foreignX5u)).text();
    const foreignKey = await importX509(foreignPem, "RS256");
    await flattenedVerify({ protected: foreignHeader, payload: toBase64Url(new TextEncoder().encode(foreign.body)), signature: foreignSignature }, foreignKey);
    expect(await new X509Certificate(foreignPem).verify({ publicKey: await root.publicKey.export(), signatureOnly: true })).toBe(false);

    const tampered = await signSandboxNotification(env, fields, { tamperBodyAfterSigning: true });
    expect(fieldsOf(tampered.body).tr_paid).toBe("11.00");
    const leafKey = await importX509(await (await sandbox("/x509/notifications-jws.pem")).text(), "RS256");
    const [tamperedHeader, , tamperedSignature] = tampered.headers["X-JWS-Signature"].split(".");
    await expect(
      flattenedVerify({ protected: tamperedHeader, payload: toBase64Url(new TextEncoder().encode(tampered.body)), signature: tamperedSignature }, leafKey),
    ).rejects.toThrow();

    const none = await signSandboxNotification(env, fields, { alg: "none" });
    expect(none.headers["X-JWS-Signature"]).toMatch(/^[A-Za-z0-9_-]+\.\.$/);
    const evil = await signSandboxNotification(env, fields, { x5u: "https://secure.tpay.com.evil.test/x509/notifications-jws.pem" });
    expect(evil.headers["X-JWS-Signature"].split(".")[0]).toBe(
      toBase64Url(new TextEncoder().encode(JSON.stringify({ alg: "RS256", x5u: "https://secure.tpay.com.evil.test/x509/notifications-jws.pem" }))),
    );
    const omitted = await signSandboxNotification(env, fields, { omitHeader: true });
    expect(omitted.headers["X-JWS-Signature"]).toBeUndefined();
    expect(omitted.headers["Content-Type"]).toMatch(/^application\/x-www-form-urlencoded/);
  });
});

describe("tpay sandbox payment scenarios", () => {
  it("sends TRUE/none for an exact payment, fields in Tpay's order", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    const result = await pay(created.transactionId, { scenario: "exact", deliver: "now" });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ status: 200, body: "TRUE", transactionStatus: "correct" });

    const [notification] = await notificationsOf(created.transactionId);
    const fields = fieldsOf(notification.body);
    expect(Object.keys(fields)).toEqual([
      "id", "tr_id", "tr_date", "tr_crc", "tr_amount", "tr_paid", "tr_desc", "tr_status", "tr_error", "tr_email", "test_mode", "tr_currency", "md5sum",
    ]);
    expect(fields).toMatchObject({
      id: "12345",
      tr_id: created.title,
      tr_amount: "66.67",
      tr_paid: "66.67",
      tr_desc: "Rachunek nr 3 – projekt Łódź",
      tr_status: "TRUE",
      tr_error: "none",
      tr_email: "klient@example.com",
      test_mode: "0",
      tr_currency: "PLN",
    });
    expect(fields.tr_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(fields.md5sum).toBe(await sandboxMd5(fields as never, SANDBOX_DEMO_MERCHANT.securityCode));
    expect(notification.headers["Content-Type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    expect(notification.status).toBe("delivered");

    const state = await sandbox(`/transactions/${created.transactionId}`, { headers: { Authorization: `Bearer ${await token(SANDBOX_DEMO_MERCHANT)}` } });
    const body = (await state.json()) as Record<string, any>;
    expect(body.status).toBe("correct");
    expect(body.payments).toMatchObject({ status: "correct", amountPaid: 66.67, attempts: [{ paymentErrorCode: "" }] });
    expect(body.date.realization).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it("sends TRUE/overpay when overpayments are accepted", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    await pay(created.transactionId, { scenario: "overpay", deliver: "now" });
    const [notification] = await notificationsOf(created.transactionId);
    expect(fieldsOf(notification.body)).toMatchObject({ tr_status: "TRUE", tr_error: "overpay", tr_amount: "66.67", tr_paid: "67.67" });
  });

  it("sends FALSE/overpay, then TRUE once the merchant accepts it", async () => {
    const merchant = await createMerchant({ acceptOverpay: false });
    const created = await createTransaction(merchant);
    const result = await pay(created.transactionId, { scenario: "overpay", deliver: "now" });
    expect(result.json.transactionStatus).toBe("error");
    const accepted = await postJson(`/__sim/transactions/${created.transactionId}/accept-overpay`, { deliver: "now" });
    expect(accepted.status).toBe(200);

    const [second, first] = await notificationsOf(created.transactionId);
    expect(fieldsOf(first.body)).toMatchObject({ id: merchant.merchantId, tr_status: "FALSE", tr_error: "overpay", tr_paid: "67.67" });
    expect(fieldsOf(second.body)).toMatchObject({ tr_status: "TRUE", tr_error: "overpay", tr_paid: "67.67" });
    expect(fieldsOf(second.body).md5sum).toBe(await sandboxMd5(fieldsOf(second.body) as never, merchant.securityCode));
  });

  it("sends TRUE/surcharge within the underpay threshold and nothing beyond it", async () => {
    const tolerant = await createMerchant({ underpayThreshold: "2.00" });
    const within = await createTransaction(tolerant);
    await pay(within.transactionId, { scenario: "underpay", deliver: "now" });
    const [notification] = await notificationsOf(within.transactionId);
    expect(fieldsOf(notification.body)).toMatchObject({ tr_status: "TRUE", tr_error: "surcharge", tr_amount: "66.67", tr_paid: "65.67" });

    const beyond = await createTransaction(SANDBOX_DEMO_MERCHANT);
    const result = await pay(beyond.transactionId, { scenario: "underpay", deliver: "now" });
    expect(result.json).toMatchObject({ notificationId: null, status: "error" });
    expect(await notificationsOf(beyond.transactionId)).toEqual([]);
  });

  it("accepts an explicit paid amount", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    expect((await pay(created.transactionId, { scenario: "exact", paid: "70.00" })).status).toBe(400);
    await pay(created.transactionId, { paid: "70.00", deliver: "now" });
    const [notification] = await notificationsOf(created.transactionId);
    expect(fieldsOf(notification.body)).toMatchObject({ tr_status: "TRUE", tr_error: "overpay", tr_paid: "70.00" });
  });

  it("marks test mode from the flag and from the merchant", async () => {
    const flagged = await createTransaction(SANDBOX_DEMO_MERCHANT);
    await pay(flagged.transactionId, { scenario: "exact", testMode: 1, deliver: "now" });
    expect(fieldsOf((await notificationsOf(flagged.transactionId))[0].body).test_mode).toBe("1");

    const testMerchant = await createMerchant({ testMode: true });
    const created = await createTransaction(testMerchant);
    await pay(created.transactionId, { scenario: "exact", deliver: "now" });
    expect(fieldsOf((await notificationsOf(created.transactionId))[0].body).test_mode).toBe("1");
  });

  it("sends PAID then TRUE when a two-step merchant accepts", async () => {
    const merchant = await createMerchant({ twoStep: true });
    const created = await createTransaction(merchant);
    const result = await pay(created.transactionId, { scenario: "exact", deliver: "now" });
    expect(result.json).toMatchObject({ body: "TRUE", followUp: { status: 200, body: "TRUE", delivered: true } });

    const [second, first] = await notificationsOf(created.transactionId);
    expect(fieldsOf(first.body)).toMatchObject({ tr_status: "PAID", tr_error: "none" });
    expect(fieldsOf(second.body)).toMatchObject({ tr_status: "TRUE", tr_error: "none", tr_paid: "66.67" });
    expect(first.followUpId).toBe(second.id);
    const state = await sandbox(`/transactions/${created.transactionId}`, { headers: { Authorization: `Bearer ${await token(merchant)}` } });
    expect(await state.json()).toMatchObject({ status: "correct" });
  });

  it("sends PAID then CHARGEBACK when a two-step merchant declines", async () => {
    const merchant = await createMerchant({ twoStep: true });
    const created = await createTransaction(merchant, {
      callbacks: { notification: { url: receiverUrl(uniqueName(), "FALSE") } },
    });
    await pay(created.transactionId, { scenario: "exact", deliver: "now" });
    const [second, first] = await notificationsOf(created.transactionId);
    expect(fieldsOf(first.body).tr_status).toBe("PAID");
    expect(first.status).toBe("delivered");
    expect(fieldsOf(second.body)).toMatchObject({ tr_status: "CHARGEBACK", tr_error: "none" });
    const state = await sandbox(`/transactions/${created.transactionId}`, { headers: { Authorization: `Bearer ${await token(merchant)}` } });
    expect(await state.json()).toMatchObject({ status: "refund" });
  });
});

describe("tpay sandbox payer page", () => {
  it("renders the transaction and the four Polish buttons without scripts", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    const response = await SELF.fetch(created.transactionPaymentUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Security-Policy")).toContain("script-src");
    const html = await response.text();
    for (const label of ["Zapłać", "Zapłać więcej", "Zapłać mniej", "Anuluj"]) expect(html).toContain(`>${label}`);
    expect(html).toContain("66,67\u00a0zł");
    expect(html).toContain("Rachunek nr 3 – projekt Łódź");
    expect(html).toContain("12345");
    expect(html).toContain("żadne pieniądze nie są tu przesyłane");
    expect(html).not.toContain("<script");
  });

  it("redirects to the success URL and queues the notification", async () => {
    const name = uniqueName();
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT, {
      callbacks: {
        payerUrls: { success: `${ORIGIN}/pay/return/7`, error: `${ORIGIN}/pay/return/7?error=1` },
        notification: { url: receiverUrl(name) },
      },
    });
    const response = await sandbox(`/pay/${created.title}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      body: "action=exact",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${ORIGIN}/pay/return/7`);

    const [notification] = await waitForNotifications(created.transactionId, 1);
    expect(notification.log[0]).toMatchObject({ trigger: "queue", status: 200, body: "TRUE", delivered: true });
    const received = (await (await sandbox(`/__sim/receiver/${name}`)).json()) as { received: { body: string; headers: Record<string, string> }[] };
    expect(received.received).toHaveLength(1);
    expect(received.received[0].body).toBe(notification.body);
    expect(received.received[0].headers["x-jws-signature"]).toBe(notification.headers["X-JWS-Signature"]);

    const again = await sandbox(`/pay/${created.title}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "action=exact",
    });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Ta transakcja jest już opłacona.");
  });

  it("returns the payer to the error URL on Anuluj without a notification", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    const response = await sandbox(`/pay/${created.title}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "action=cancel",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${ORIGIN}/pay/return/1?error=1`);
    expect(await notificationsOf(created.transactionId)).toEqual([]);
    expect(await (await sandbox(`/pay/${created.title}`)).text()).toContain(">Zapłać<");
  });

  it("rejects a form posted from another site", async () => {
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT);
    const response = await sandbox(`/pay/${created.title}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: "action=exact",
    });
    expect(response.status).toBe(403);
  });

  it("pays more or less from the page buttons", async () => {
    const merchant = await createMerchant();
    const options = await postJson(`/__sim/merchants/${merchant.merchantId}/options`, { underpayThreshold: "2.00" });
    expect(options.status).toBe(200);
    const page = await (await SELF.fetch((await createTransaction(merchant)).transactionPaymentUrl)).text();
    expect(page).toContain('name="action" value="overpay"');
    expect(page).toContain('name="action" value="underpay"');

    const buttons = [
      { action: "overpay", tr_error: "overpay", difference: 100 },
      { action: "underpay", tr_error: "surcharge", difference: -100 },
    ];
    for (const { action, tr_error, difference } of buttons) {
      const created = await createTransaction(merchant);
      const response = await sandbox(`/pay/${created.title}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
        body: new URLSearchParams({ action }).toString(),
      });
      expect(response.status, action).toBe(302);
      expect(response.headers.get("Location"), action).toBe(`${ORIGIN}/pay/return/1`);

      const [notification] = await waitForNotifications(created.transactionId, 1);
      const amount = Math.round(created.amount * 100);
      expect(fieldsOf(notification.body), action).toMatchObject({
        id: merchant.merchantId,
        tr_id: created.title,
        tr_status: "TRUE",
        tr_error,
        tr_amount: (amount / 100).toFixed(2),
        tr_paid: ((amount + difference) / 100).toFixed(2),
      });
      expect(fieldsOf(notification.body).md5sum, action).toBe(await sandboxMd5(fieldsOf(notification.body) as never, merchant.securityCode));
    }
  });

  it("answers 404 for an unknown title", async () => {
    const response = await sandbox("/pay/TR-XXX-0000000");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Nie znaleziono transakcji");
  });
});

describe("tpay sandbox delivery", () => {
  it("retries with identical bytes after a non-TRUE answer", async () => {
    const name = uniqueName();
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT, {
      callbacks: { notification: { url: receiverUrl(name, "FALSE - not yet", 400) } },
    });
    const result = await pay(created.transactionId, { scenario: "exact", deliver: "now" });
    expect(result.json).toMatchObject({ status: 400, body: "FALSE - not yet" });
    const notificationId = result.json.notificationId as number;

    let [notification] = await notificationsOf(created.transactionId);
    expect(notification).toMatchObject({ status: "pending", attempts: 1 });

    // The queue would run these after 5, 30, 120 and 600 seconds; the test runs them at once.
    for (let attempt = 2; attempt <= 5; attempt++) {
      const batch = createMessageBatch("klamp-tpay-sandbox", [
        { id: `m${attempt}`, timestamp: new Date(), attempts: 1, body: { notificationId, attempt } },
      ]);
      const ctx = createExecutionContext();
      await handler.queue(batch, env, ctx);
      await getQueueResult(batch, ctx);
    }
    // A stale message for an attempt already made does nothing.
    const stale = createMessageBatch("klamp-tpay-sandbox", [{ id: "stale", timestamp: new Date(), attempts: 1, body: { notificationId, attempt: 2 } }]);
    const ctx = createExecutionContext();
    await handler.queue(stale, env, ctx);
    await getQueueResult(stale, ctx);

    [notification] = await notificationsOf(created.transactionId);
    expect(notification).toMatchObject({ status: "failed", attempts: 5 });
    expect(notification.log.map((entry) => [entry.trigger, entry.status])).toEqual([
      ["now", 400],
      ["queue", 400],
      ["queue", 400],
      ["queue", 400],
      ["queue", 400],
    ]);
    const received = (await (await sandbox(`/__sim/receiver/${name}`)).json()) as { received: { body: string; headers: Record<string, string> }[] };
    expect(received.received).toHaveLength(5);
    for (const request of received.received) {
      expect(request.body).toBe(notification.body);
      expect(request.headers["x-jws-signature"]).toBe(notification.headers["X-JWS-Signature"]);
    }
  });

  it("makes an overdue attempt whose queue message was lost", async () => {
    const name = uniqueName();
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT, {
      callbacks: { notification: { url: receiverUrl(name, "FALSE", 400) } },
    });
    const result = await pay(created.transactionId, { scenario: "exact", deliver: "now" });
    const notificationId = result.json.notificationId as number;
    // As if `wrangler dev` had reloaded and dropped the delayed retry message.
    await env.TPAY_SANDBOX_DB!.prepare("UPDATE sim_notifications SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE id = ?")
      .bind(notificationId)
      .run();

    const batch = createMessageBatch("klamp-tpay-sandbox", [{ id: "old", timestamp: new Date(), attempts: 1, body: { notificationId, attempt: 1 } }]);
    const ctx = createExecutionContext();
    await handler.queue(batch, env, ctx);
    await getQueueResult(batch, ctx);

    const [notification] = await notificationsOf(created.transactionId);
    expect(notification.attempts).toBe(2);
    expect(notification.log.map((entry) => entry.trigger)).toEqual(["now", "sweep"]);
  });

  it("schedules a retry when the app does not answer TRUE", async () => {
    allowConsoleErrors();
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT, {
      callbacks: { notification: { url: `${ORIGIN}/tpay/notifications/${"k".repeat(32)}` } },
    });
    const result = await pay(created.transactionId, { scenario: "exact", deliver: "now" });
    expect(result.json.body).not.toBe("TRUE");
    const [notification] = await notificationsOf(created.transactionId);
    expect(notification.status).toBe("pending");
    expect(notification.log).toHaveLength(1);
  });

  it("redelivers identical bytes on request", async () => {
    const name = uniqueName();
    const created = await createTransaction(SANDBOX_DEMO_MERCHANT, { callbacks: { notification: { url: receiverUrl(name) } } });
    const result = await pay(created.transactionId, { scenario: "exact", deliver: "now" });
    const redelivered = await postJson(`/__sim/notifications/${result.json.notificationId}/redeliver`, {});
    expect(redelivered.status).toBe(200);
    expect(await redelivered.json()).toMatchObject({ status: 200, body: "TRUE" });
    const received = (await (await sandbox(`/__sim/receiver/${name}`)).json()) as { received: { body: string; headers: Record<string, string> }[] };
    expect(received.received).toHaveLength(2);
    expect(received.received[1].body).toBe(received.received[0].body);
    expect(received.received[1].headers["x-jws-signature"]).toBe(received.received[0].headers["x-jws-signature"]);
    expect((await postJson("/__sim/notifications/999999999/redeliver", {})).status).toBe(404);
  });

  it("sends a test notification", async () => {
    const name = uniqueName();
    const response = await postJson(`/__sim/notifications/send-test?merchantId=12345&url=${encodeURIComponent(receiverUrl(name))}`, {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 200, body: "TRUE" });
    const received = (await (await sandbox(`/__sim/receiver/${name}`)).json()) as { received: { body: string }[] };
    const fields = fieldsOf(received.received[0].body);
    expect(fields).toMatchObject({ id: "12345", tr_id: "TR-ABC-TST123X", tr_status: "TRUE" });
    expect(fields.md5sum).toBe(await sandboxMd5(fields as never, SANDBOX_DEMO_MERCHANT.securityCode));
  });
});

describe("tpay sandbox index page", () => {
  it("lists merchants and adds a test account", async () => {
    const index = await sandbox("/");
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain(SANDBOX_DEMO_MERCHANT.clientId);
    expect(html).toContain("Kod bezpieczeństwa");
    expect(html).toContain("Dodaj konto testowe");
    expect(html).not.toContain("<script");

    const created = await sandbox("/merchants", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      body: new URLSearchParams({ label: "Drugi freelancer", acceptOverpay: "on", underpayThreshold: "2,00" }),
    });
    expect(created.status).toBe(303);
    const location = created.headers.get("Location")!;
    expect(location).toMatch(/\/tpay-sandbox\/\?created=\d{5}$/);
    const after = await (await SELF.fetch(location)).text();
    expect(after).toContain("Drugi freelancer");
    expect(after).toContain(`Dodano konto testowe ${location.split("=")[1]}`);
  });
});

describe("tpay sandbox availability", () => {
  const productionEnv = productionTestEnv;

  async function fetchWithEnv(path: string, workerEnv: Env): Promise<Response> {
    const ctx = createExecutionContext();
    const request = new Request(`${ORIGIN}${path}`) as Request<unknown, IncomingRequestCfProperties>;
    const response = await handler.fetch(request, workerEnv, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  it("is not served in production", async () => {
    for (const path of ["/tpay-sandbox/", "/tpay-sandbox/x509/tpay-jws-root.pem", "/tpay-sandbox/pay/TR-ABC-1234567"]) {
      expect((await fetchWithEnv(path, productionEnv)).status, path).toBe(404);
    }
    // Even with TPAY_SANDBOX=local a production Worker refuses to start, so nothing is served.
    allowConsoleErrors();
    expect((await fetchWithEnv("/tpay-sandbox/", { ...productionEnv, TPAY_SANDBOX: "local" })).status).not.toBe(200);
  });

  it("uses Tpay's own origins in production", async () => {
    const productionWithLocal: Env = { ...productionEnv, TPAY_SANDBOX: "local" };
    expect(tpayOrigins({ ...env, ENVIRONMENT: "production", TPAY_SANDBOX: "local" }, "sandbox")).toEqual({
      api: "https://openapi.sandbox.tpay.com",
      secure: "https://secure.sandbox.tpay.com",
    });
    expect(tpayOrigins({ ...env, ENVIRONMENT: "production", TPAY_SANDBOX: "local" }, "production")).toEqual({
      api: "https://api.tpay.com",
      secure: "https://secure.tpay.com",
    });
    expect(tpayOrigins(productionWithLocal, "sandbox").secure).toBe("https://secure.sandbox.tpay.com");

    // A sandbox connection whose credentials the production Worker can open.
    const freelancer = await createConnectedFreelancer();
    const sealed = await sealTpayCredentials(productionWithLocal, freelancer.user.id, freelancer.account.credentials);
    await db.update(tpayConnections).set({ credentials: sealed }).where(eq(tpayConnections.id, freelancer.connectionId));
    const transaction = { title: "TR-LOC-1234567", crc: "b_localchainonly0000000", amount: 6_667 };
    const notification = await signedNotification(freelancer.notificationUrl, await paymentFields(transaction, freelancer.merchant));
    const before = await paymentState(freelancer.user.id);

    const urls: string[] = [];
    // Records each URL and returns 404 itself, so no request leaves the test.
    const tpayFetch: TpayFetch = async (input) => {
      urls.push(typeof input === "string" ? input : input.url);
      return new Response("not found", { status: 404 });
    };
    const globalFetch = vi.spyOn(globalThis, "fetch");
    const response = await handleTpayNotification(notification.request(), productionWithLocal, createExecutionContext(), { db, tpayFetch });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^FALSE - /);
    expect(urls.filter((url) => new URL(url).origin === new URL(env.APP_ORIGIN).origin)).toEqual([]);
    expect(urls).toEqual([]);
    expect(globalFetch).not.toHaveBeenCalled();
    expect(await paymentState(freelancer.user.id)).toEqual(before);
  });

  it("answers 404 without its database", async () => {
    const { TPAY_SANDBOX_DB: _omitted, ...withoutDb } = env;
    expect((await fetchWithEnv("/tpay-sandbox/", withoutDb as Env)).status).toBe(404);
  });
});
