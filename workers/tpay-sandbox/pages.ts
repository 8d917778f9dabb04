// HTML pages of the sandbox: the payer page (/pay/{title}) and the index with the test merchant
// accounts. Server-rendered forms without any script, so they pass the app's CSP unchanged.

import { formatMoney, parseMoney } from "~/utils/money";
import type { SandboxContext } from "./api";
import { LEAF_PEM_PATH, ROOT_PEM_PATH } from "./certificates";
import { dispatchNotification } from "./notifications";
import { payTransaction, SCENARIO_DIFFERENCE, type Scenario } from "./payments";
import { createMerchant, findMerchant, findTransactionByTitle, listMerchants, type MerchantRow, type TransactionRow } from "./storage";
import { sandboxText as t } from "./text";
import { escapeHtml as h, readBodyText } from "./util";

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f5f5f4;color:#1c1917}
.banner{background:#fef3c7;border-bottom:2px solid #d97706;padding:.75rem 1rem;font-weight:600;text-align:center}
main{max-width:56rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #d6d3d1;border-radius:.5rem;padding:1.25rem;margin-bottom:1.5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}dt{color:#57534e}dd{margin:0}
.amount{font-size:1.5rem;font-weight:700}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
button{font:inherit;padding:.6rem 1rem;border-radius:.375rem;border:1px solid #a8a29e;background:#fff;cursor:pointer}
button.primary{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
button:disabled{opacity:.5;cursor:not-allowed}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e7e5e4;vertical-align:top}
code{font-size:.85rem;word-break:break-all}
.notice{background:#dcfce7;border:1px solid #16a34a;padding:.75rem;border-radius:.375rem}
.error{background:#fee2e2;border:1px solid #dc2626;padding:.75rem;border-radius:.375rem}
label{display:block;margin:.4rem 0}
`;

export function htmlPage(title: string, content: string, status = 200): Response {
  const html = `<!DOCTYPE html>
<html lang="pl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${h(title)} · ${h(t.indexTitle)}</title><style>${STYLE}</style></head>
<body><div class="banner" role="note">${h(t.banner)}</div><main>${content}</main></body>
</html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

function messagePage(title: string, message: string, status: number): Response {
  return htmlPage(title, `<div class="card"><h1>${h(title)}</h1><p>${h(message)}</p></div>`, status);
}

function merchantName(merchant: MerchantRow | null, merchantId: string): string {
  return merchant ? `${merchant.label} (ID ${merchant.merchantId})` : `ID ${merchantId}`;
}

function transactionDetails(transaction: TransactionRow, merchant: MerchantRow | null): string {
  return `<dl>
<dt>${h(t.payeeLabel)}</dt><dd>${h(merchantName(merchant, transaction.merchant_id))}</dd>
<dt>${h(t.transactionTitleLabel)}</dt><dd><code>${h(transaction.title)}</code></dd>
<dt>${h(t.descriptionLabel)}</dt><dd>${h(transaction.description)}</dd>
<dt>${h(t.amountLabel)}</dt><dd class="amount">${h(formatMoney(transaction.amount))}</dd>
</dl>`;
}

/** GET /pay/{title}: the transaction and the four choices, or why it cannot be paid. */
export async function renderPayPage(context: SandboxContext, title: string): Promise<Response> {
  const transaction = await findTransactionByTitle(context.db, title);
  if (!transaction) return messagePage(t.notFoundTitle, t.transactionNotFound, 404);
  const merchant = await findMerchant(context.db, transaction.merchant_id);

  let content = `<div class="card"><h1>${h(t.payTitle)}</h1>${transactionDetails(transaction, merchant)}`;
  if (transaction.status === "pending") {
    const difference = formatMoney(SCENARIO_DIFFERENCE);
    const canPayLess = transaction.amount - SCENARIO_DIFFERENCE >= 1;
    content += `<p>${h(t.payIntro)}</p>
<form method="post" class="actions">
<button class="primary" type="submit" name="action" value="exact">${h(t.payExact)}</button>
<button type="submit" name="action" value="overpay">${h(t.payMore)} (${h(t.moreHint(difference))})</button>
<button type="submit" name="action" value="underpay"${canPayLess ? "" : " disabled"}>${h(t.payLess)} (${h(t.lessHint(difference))})</button>
<button type="submit" name="action" value="cancel">${h(t.cancel)}</button>
</form>`;
  } else {
    content += `<p class="error">${h(t.refused[transaction.status] ?? t.refusedTitle)}</p>`;
  }
  return htmlPage(t.payTitle, `${content}</div>`);
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
}

/** POST /pay/{title}: applies the choice, queues the notification and returns the payer to the shop. */
export async function submitPayPage(context: SandboxContext, title: string, request: Request): Promise<Response> {
  const form = new URLSearchParams(await readBodyText(request));
  const action = form.get("action");
  const transaction = await findTransactionByTitle(context.db, title);
  if (!transaction) return messagePage(t.notFoundTitle, t.transactionNotFound, 404);

  if (action === "cancel") {
    // The payer leaves; like on Tpay the transaction stays payable.
    return transaction.error_url ? redirect(transaction.error_url) : messagePage(t.canceledTitle, t.canceledText, 200);
  }
  if (action !== "exact" && action !== "overpay" && action !== "underpay") return messagePage(t.refusedTitle, t.unknownAction, 400);

  const result = await payTransaction(context.env, context.db, transaction, { scenario: action as Scenario });
  if (!result.ok) {
    const current = await findTransactionByTitle(context.db, title);
    return messagePage(t.refusedTitle, t.refused[current?.status ?? transaction.status] || t.unknownAction, 409);
  }
  if (result.notificationId !== null) await dispatchNotification(context.env, context.db, context.deliver, result.notificationId, "queue");
  return transaction.success_url ? redirect(transaction.success_url) : messagePage(t.paidTitle, t.paidText, 200);
}

function merchantOptionsText(merchant: MerchantRow): string {
  const options = [
    merchant.acceptOverpay ? t.acceptOverpayOption : t.rejectOverpayOption,
    t.underpayOption(formatMoney(merchant.underpayThreshold)),
  ];
  if (merchant.testMode) options.unshift(t.testModeOption);
  if (merchant.twoStep) options.push(t.twoStepOption);
  return options.join(", ");
}

/** GET /: the test merchant accounts with their credentials, recent transactions and the form to add an account. */
export async function renderIndexPage(context: SandboxContext, url: URL, problem?: string): Promise<Response> {
  const merchants = await listMerchants(context.db);
  const { results: transactions } = await context.db
    .prepare("SELECT * FROM sim_transactions ORDER BY created_ms DESC LIMIT 20")
    .all<TransactionRow>();
  const created = url.searchParams.get("created");

  const merchantRows = merchants
    .map(
      (merchant) => `<tr><td>${h(merchant.label)}</td><td>${h(merchant.merchantId)}</td>
<td><code>${h(merchant.clientId)}</code></td><td><code>${h(merchant.clientSecret)}</code></td><td><code>${h(merchant.securityCode)}</code></td>
<td>${h(merchantOptionsText(merchant))}</td></tr>`,
    )
    .join("");
  const transactionRows = transactions
    .map(
      (transaction) => `<tr><td><a href="${h(`${context.base}/pay/${transaction.title}`)}"><code>${h(transaction.title)}</code></a></td>
<td>${h(transaction.merchant_id)}</td><td>${h(transaction.description)}</td><td>${h(formatMoney(transaction.amount))}</td>
<td>${h(t.statusNames[transaction.status] ?? transaction.status)}</td></tr>`,
    )
    .join("");

  const content = `<h1>${h(t.indexTitle)}</h1>
<p>${h(t.indexIntro)}</p>
${created && merchants.some((merchant) => merchant.merchantId === created) ? `<p class="notice" role="status">${h(t.created(created))}</p>` : ""}
${problem ? `<p class="error" role="alert">${h(problem)}</p>` : ""}
<section class="card"><h2>${h(t.merchantsHeading)}</h2>
<table><thead><tr><th>${h(t.merchantColumn)}</th><th>${h(t.merchantIdColumn)}</th><th>${h(t.clientIdLabel)}</th><th>${h(t.clientSecretLabel)}</th>
<th>${h(t.securityCodeLabel)}</th><th>${h(t.optionsColumn)}</th></tr></thead><tbody>${merchantRows}</tbody></table></section>
<section class="card"><h2>${h(t.createHeading)}</h2>
<form method="post" action="${h(`${context.base}/merchants`)}">
<label>${h(t.createLabel)} <input name="label" maxlength="100" value="${h(t.createDefaultLabel)}"></label>
<label><input type="checkbox" name="testMode" value="on"> ${h(t.createTestMode)}</label>
<label><input type="checkbox" name="acceptOverpay" value="on" checked> ${h(t.createAcceptOverpay)}</label>
<label><input type="checkbox" name="twoStep" value="on"> ${h(t.createTwoStep)}</label>
<label>${h(t.createThreshold)} <input name="underpayThreshold" value="0,00" inputmode="decimal" size="8"></label>
<button class="primary" type="submit">${h(t.createButton)}</button>
</form></section>
<section class="card"><h2>${h(t.transactionsHeading)}</h2>
${transactions.length === 0 ? `<p>${h(t.noTransactions)}</p>` : `<table><thead><tr><th>${h(t.titleColumn)}</th><th>${h(t.merchantIdColumn)}</th>
<th>${h(t.descriptionLabel)}</th><th>${h(t.amountColumn)}</th><th>${h(t.statusColumn)}</th></tr></thead><tbody>${transactionRows}</tbody></table>`}
</section>
<section class="card"><h2>${h(t.certificatesHeading)}</h2><ul>
<li><a href="${h(`${context.base}${LEAF_PEM_PATH}`)}">${h(t.leafCertificate)}</a></li>
<li><a href="${h(`${context.base}${ROOT_PEM_PATH}`)}">${h(t.rootCertificate)}</a></li>
</ul></section>`;
  return htmlPage(t.indexTitle, content, problem ? 400 : 200);
}

/** POST /merchants (the index page's form): adds a test account and shows it. */
export async function submitMerchantForm(context: SandboxContext, request: Request, url: URL): Promise<Response> {
  const form = new URLSearchParams(await readBodyText(request));
  const threshold = parseMoney(form.get("underpayThreshold") || "0");
  if (threshold === null) return renderIndexPage(context, url, t.invalidThreshold);
  const label = (form.get("label") ?? "").trim().slice(0, 100) || t.createDefaultLabel;
  const merchant = await createMerchant(
    context.db,
    { testMode: form.get("testMode") === "on", acceptOverpay: form.get("acceptOverpay") === "on", twoStep: form.get("twoStep") === "on", underpayThreshold: threshold },
    label,
  );
  return new Response(null, { status: 303, headers: { Location: `${context.base}/?created=${merchant.merchantId}`, "Cache-Control": "no-store" } });
}
