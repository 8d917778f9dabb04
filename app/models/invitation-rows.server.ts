import { invitationsText } from "~/i18n/pl/invitations";
import { formatDateTime } from "~/utils/dates";
import { plural } from "~/utils/plural";
import type { DeliveryState, InvitationListItem } from "./invitations.server";

// The invitation rows of "Wyślij zaproszenie" (app/components/invitations-panel.tsx) as the loaders
// send them: the read-only lines come as finished Polish text, so the browser does not load the
// label tables behind them. The project page and the invitations page both send the list this way.

/** One invitation of the panel: what its forms and badge need, and the text of its read-only lines. */
export interface InvitationRow {
  id: string;
  email: string;
  name: string;
  /** When the latest e-mail was queued; the panel's form is keyed by it. */
  lastSentAt: string;
  delivery: DeliveryState;
  unsubscribedAt: string | null;
  text: {
    /** "wysłano 2 razy". */
    sendCount: string;
    /** "ostatnio 04.12.2026, 14:05". */
    lastSent: string;
    delivery: string;
    /** " 04.12.2026, 14:05" (with the leading space) after the delivery state, or "" before delivery. */
    deliveredAt: string;
    /** The reason the latest e-mail failed or is retried ("Powód: …"), or null. */
    deliveryError: string | null;
    /** The notice of an address that carries a link which no longer opens the project. */
    linkOutdated: string | null;
    /** The notice of an address that unsubscribed from the project's e-mails. */
    unsubscribed: string | null;
  };
}

export interface InvitationRows {
  items: InvitationRow[];
  total: number;
  hasMore: boolean;
}

function invitationRow(invitation: InvitationListItem): InvitationRow {
  return {
    id: invitation.id,
    email: invitation.email,
    name: invitation.name,
    lastSentAt: invitation.lastSentAt,
    delivery: invitation.delivery,
    unsubscribedAt: invitation.unsubscribedAt,
    text: {
      sendCount: invitationsText.sendCount(invitation.sendCount, plural(invitation.sendCount, invitationsText.timeForms)),
      lastSent: invitationsText.lastSent(formatDateTime(invitation.lastSentAt)),
      delivery: invitationsText.delivery[invitation.delivery],
      deliveredAt: invitation.deliveredAt ? ` ${formatDateTime(invitation.deliveredAt)}` : "",
      deliveryError: invitation.deliveryError ? invitationsText.failedReason(invitation.deliveryError) : null,
      linkOutdated: invitation.linkOutdated ? invitationsText.linkOutdated : null,
      unsubscribed: invitation.unsubscribedAt ? invitationsText.unsubscribedAt(formatDateTime(invitation.unsubscribedAt)) : null,
    },
  };
}

/** Replaces each invitation of a page with its row: the fields the panel's forms use and the text of its lines. */
export function withInvitationRows(page: { items: InvitationListItem[]; total: number; hasMore: boolean }): InvitationRows {
  return { items: page.items.map(invitationRow), total: page.total, hasMore: page.hasMore };
}
