import { billsText } from "~/i18n/pl/bills";
import { buyerText } from "~/i18n/pl/buyer";
import { invitationsText } from "~/i18n/pl/invitations";
import { formatDateTime } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { plural } from "~/utils/plural";
import type { BillListItem, BillsPanel, BillStatus } from "./bills.server";
import type { DeliveryState } from "./invitations.server";

// The bill rows of the freelancer's "Rachunki" panel (app/components/bills-panel.tsx) as the
// loaders send them: the read-only lines come as finished Polish text, so the browser does not
// load the label tables and formatters behind them. The project page and the bills page both
// send the panel this way.

/** One bill of the panel: what its forms and badges need, and the text of its read-only lines. */
export interface BillRow {
  id: string;
  number: number;
  status: BillStatus;
  /** Grosze. */
  total: number;
  delivery: DeliveryState | null;
  text: {
    /** "Rachunek nr 3". */
    number: string;
    /** "2 zadania". */
    itemCount: string;
    /** The bill's creation, recipient, payment and cancellation, each where it applies, joined with " · ". */
    facts: string;
    /** The buyer kept on the bill after its client was anonymised, joined with " · ", or null when the bill has none. */
    buyer: string | null;
    status: string;
    delivery: string | null;
    /** The reason the e-mail failed or is retried ("Powód: …"), or null. */
    deliveryError: string | null;
    /** One sentence per Tpay payment that did not pay the bill. */
    flaggedPayments: string[];
    /** The warning of a bill whose payment the client may have started in Tpay. */
    paymentWarning: string | null;
  };
}

export type FreelancerBillsPanel = Omit<BillsPanel, "items"> & { items: BillRow[] };

function billRow(bill: BillListItem): BillRow {
  const facts = [billsText.createdOn(formatDateTime(bill.createdAt))];
  if (bill.recipientEmail) facts.push(billsText.sentTo(bill.recipientEmail));
  if (bill.paidAt && bill.paidVia) facts.push(billsText.paidOn(formatDateTime(bill.paidAt), billsText.paidVia[bill.paidVia]));
  if (bill.cancelledAt) facts.push(billsText.cancelledOn(formatDateTime(bill.cancelledAt)));

  const buyer = bill.buyer
    ? [bill.buyer.name, bill.buyer.nip ? buyerText.buyerNip(bill.buyer.nip) : null, bill.buyer.address].filter((part): part is string => !!part).join(" · ")
    : null;

  return {
    id: bill.id,
    number: bill.number,
    status: bill.status,
    total: bill.total,
    delivery: bill.delivery,
    text: {
      number: billsText.billNumber(bill.number),
      itemCount: billsText.itemCount(bill.itemCount, plural(bill.itemCount, billsText.taskForms)),
      facts: facts.join(" · "),
      buyer,
      status: billsText.status[bill.status],
      delivery: bill.delivery ? invitationsText.delivery[bill.delivery] : null,
      deliveryError: bill.deliveryError ? billsText.failedReason(bill.deliveryError) : null,
      flaggedPayments: bill.flaggedPayments.map((payment) =>
        payment.kind === "underpaid"
          ? billsText.flaggedUnderpaid(formatMoney(payment.amount), formatMoney(payment.expectedAmount), payment.title ?? "")
          : billsText.flaggedRefundDue(formatMoney(payment.amount), payment.title ?? ""),
      ),
      paymentWarning: bill.status === "awaiting_payment" ? billsText.paymentStartedWarning : null,
    },
  };
}

/** Replaces each bill of the panel with its row: the fields the panel's forms use and the text of its lines. */
export function withBillRows(panel: BillsPanel): FreelancerBillsPanel {
  return { ...panel, items: panel.items.map(billRow) };
}
