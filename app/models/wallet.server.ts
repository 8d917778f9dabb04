import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { billItems, payments, projects } from "~/db/schema";
import { addDays, warsawDayStart } from "~/utils/dates";

// "Portfel": money clients paid through Tpay into the freelancer's own Tpay wallet. Only
// payments with method tpay and purpose bill count. Payments marked by hand (cash, transfer)
// never reached Tpay, so they are summed separately, and subscription payments are the
// freelancer's own money going out.

/** A half-open interval of instants [from, to), both UTC ISO strings (`toISOString()`). */
export interface WalletPeriod {
  from: string;
  to: string;
}

export const WALLET_PAGE_SIZE = 30;

// ---------------------------------------------------------------------------------------------
// Periods in Europe/Warsaw, from local midnight to local midnight (warsawDayStart).

/** Adds whole months to `YYYY-MM`. */
export function addMonths(month: string, months: number): string {
  const [year, monthNumber] = month.split("-").map(Number);
  return new Date(Date.UTC(year, monthNumber - 1 + months, 1)).toISOString().slice(0, 7);
}

/** Returns the Europe/Warsaw month `YYYY-MM` as a period, from its first local midnight to the next month's. */
export function walletMonthPeriod(month: string): WalletPeriod {
  return { from: warsawDayStart(`${month}-01`), to: warsawDayStart(`${addMonths(month, 1)}-01`) };
}

/** Returns the Europe/Warsaw days `fromDay` to `toDay`, both included, as a period. */
export function walletDaysPeriod(fromDay: string, toDay: string): WalletPeriod {
  return { from: warsawDayStart(fromDay), to: warsawDayStart(addDays(toDay, 1)) };
}

// ---------------------------------------------------------------------------------------------
// Queries. Both use the index payments_user_paid_idx (user_id, purpose, paid_at).

/** Money counted in the wallet: a Tpay payment of a bill that arrived and was not refunded in full. */
const isWalletFunds = sql`${payments.method} = 'tpay' AND ${payments.status} IN ('applied', 'flagged')`;

/** Grosze a Tpay payment returned to the client: all of it once refunded, else its partial refunds. */
const refundedGrosze = sql`CASE WHEN ${payments.status} = 'refunded' THEN ${payments.amount} ELSE ${payments.refundedAmount} END`;

export interface WalletSummary {
  /** Grosze received through Tpay in the period and kept: applied and flagged payments less their partial refunds. */
  received: number;
  receivedCount: number;
  /**
   * Part of `received` that belongs to clients and was not refunded yet: overpayments beyond
   * the bill's total, and payments for bills already paid or cancelled. Underpayments are not
   * included, because the freelancer may settle them with the client instead of refunding.
   */
  toRefund: number;
  /** Grosze of Tpay payments returned to clients, in full or in part; not in `received`. */
  refunded: number;
  /** Payments with any refund. */
  refundedCount: number;
  /** Grosze marked paid by hand (cash, transfer); shown as a note, never counted in the wallet. */
  manual: number;
  manualCount: number;
}

/** Sums the freelancer's bill payments in the period in one query. */
export async function walletSummary(db: Db, userId: string, period: WalletPeriod): Promise<WalletSummary> {
  const [row] = await walletSummaryQuery(db, userId, period);
  return toWalletSummary(row);
}

/** Builds the query of walletSummary, so a page can put it in its D1 batch; read its row with toWalletSummary. */
export function walletSummaryQuery(db: Db, userId: string, period: WalletPeriod) {
  return db
    .select({
      received: sql<number>`coalesce(sum(CASE WHEN ${isWalletFunds} THEN ${payments.amount} - ${payments.refundedAmount} ELSE 0 END), 0)`,
      receivedCount: sql<number>`coalesce(sum(CASE WHEN ${isWalletFunds} THEN 1 ELSE 0 END), 0)`,
      toRefund: sql<number>`coalesce(sum(CASE
        WHEN ${payments.method} = 'tpay' AND ${payments.status} = 'applied' AND ${payments.flag} = 'overpaid'
          THEN max(${payments.amount} - ${payments.expectedAmount} - ${payments.refundedAmount}, 0)
        WHEN ${payments.method} = 'tpay' AND ${payments.status} = 'flagged' AND ${payments.flag} = 'not_payable'
          THEN ${payments.amount} - ${payments.refundedAmount}
        ELSE 0 END), 0)`,
      refunded: sql<number>`coalesce(sum(CASE WHEN ${payments.method} = 'tpay' THEN ${refundedGrosze} ELSE 0 END), 0)`,
      refundedCount: sql<number>`coalesce(sum(CASE WHEN ${payments.method} = 'tpay' AND ${refundedGrosze} > 0 THEN 1 ELSE 0 END), 0)`,
      manual: sql<number>`coalesce(sum(CASE WHEN ${payments.method} IN ('cash', 'transfer') AND ${payments.status} != 'refunded' THEN ${payments.amount} ELSE 0 END), 0)`,
      manualCount: sql<number>`coalesce(sum(CASE WHEN ${payments.method} IN ('cash', 'transfer') AND ${payments.status} != 'refunded' THEN 1 ELSE 0 END), 0)`,
    })
    .from(payments)
    .where(inPeriod(userId, period));
}

/** Converts the row of walletSummaryQuery (absent or with null sums when nothing matched) to a WalletSummary. */
export function toWalletSummary(row: Partial<Record<keyof WalletSummary, number | null>> | undefined): WalletSummary {
  return {
    received: Number(row?.received ?? 0),
    receivedCount: Number(row?.receivedCount ?? 0),
    toRefund: Number(row?.toRefund ?? 0),
    refunded: Number(row?.refunded ?? 0),
    refundedCount: Number(row?.refundedCount ?? 0),
    manual: Number(row?.manual ?? 0),
    manualCount: Number(row?.manualCount ?? 0),
  };
}

function inPeriod(userId: string, period: WalletPeriod) {
  return and(
    eq(payments.userId, userId),
    eq(payments.purpose, "bill"),
    gte(payments.paidAt, period.from),
    lt(payments.paidAt, period.to),
  );
}

export type WalletPaymentState = "applied" | "overpaid" | "underpaid" | "not_payable" | "refunded";

export interface WalletPayment {
  id: string;
  paidAt: string;
  /** Null when the payment names no project or the project was deleted. */
  project: { id: string; name: string } | null;
  /** Names of the bill's items, in the bill's order (the snapshot taken when the bill was made). */
  taskNames: string[];
  amount: number;
  expectedAmount: number;
  /** Grosze returned to the client so far: the whole amount when `state` is refunded. */
  refundedAmount: number;
  providerTitle: string | null;
  state: WalletPaymentState;
}

function paymentState(status: string, flag: string | null): WalletPaymentState {
  if (status === "refunded") return "refunded";
  if (flag === "overpaid") return "overpaid";
  if (flag === "underpaid") return "underpaid";
  if (flag === "not_payable") return "not_payable";
  return "applied";
}

/**
 * Lists the freelancer's Tpay bill payments in the period, newest first, WALLET_PAGE_SIZE per
 * page, refunded ones included and marked by their state. One query: the project's name comes
 * from a join and the bill's item names from a correlated subquery.
 */
export async function listWalletPayments(
  db: Db,
  userId: string,
  options: WalletPeriod & { page: number },
): Promise<{ items: WalletPayment[]; hasMore: boolean }> {
  const page = Math.max(1, Math.floor(options.page));
  const rows = await db
    .select({
      id: payments.id,
      paidAt: payments.paidAt,
      projectId: projects.id,
      projectName: projects.name,
      amount: payments.amount,
      expectedAmount: payments.expectedAmount,
      refundedAmount: sql<number>`${refundedGrosze}`,
      providerTitle: payments.providerTitle,
      status: payments.status,
      flag: payments.flag,
      items: sql<string | null>`(SELECT json_group_array(json_array(${billItems.position}, ${billItems.name}))
        FROM ${billItems} WHERE ${billItems.billId} = ${payments.billId})`,
    })
    .from(payments)
    // The user id in the join keeps another freelancer's project out even if a row pointed at it.
    .leftJoin(projects, and(eq(projects.id, payments.projectId), eq(projects.userId, userId)))
    .where(and(inPeriod(userId, options), eq(payments.method, "tpay")))
    .orderBy(desc(payments.paidAt), desc(payments.id))
    .limit(WALLET_PAGE_SIZE + 1)
    .offset((page - 1) * WALLET_PAGE_SIZE);

  const items = rows.slice(0, WALLET_PAGE_SIZE).map((row) => ({
    id: row.id,
    paidAt: row.paidAt,
    project: row.projectId && row.projectName !== null ? { id: row.projectId, name: row.projectName } : null,
    taskNames: itemNames(row.items),
    amount: row.amount,
    expectedAmount: row.expectedAmount,
    refundedAmount: Number(row.refundedAmount),
    providerTitle: row.providerTitle,
    state: paymentState(row.status, row.flag),
  }));
  return { items, hasMore: rows.length > WALLET_PAGE_SIZE };
}

/** Reads the `[[position, name], …]` JSON of a bill's items into names sorted by position. */
function itemNames(json: string | null): string[] {
  if (!json) return [];
  const pairs = JSON.parse(json) as [number, string][];
  return pairs.sort((a, b) => a[0] - b[0]).map(([, name]) => name);
}
