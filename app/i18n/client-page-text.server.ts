import { clientText, type ClientText } from "./client";
import { fillTemplate, type ClientPageSection, type ClientPageText, type TemplatePart } from "./client-page-text";
import type { ClientLocale } from "./locale";

// Builds the texts a client-link page's loader sends (see ./client-page-text.ts for the format).

// The client-link routes' loaders and actions import clientText from here, not from ./client.ts.
// The browser build replaces .server modules with empty ones, while a route module's import of
// ./client.ts, even one used only on the server, makes the browser load the text chunks.
export { clientText };

/**
 * Keys only server code reads, so loaders send them as null: texts of e-mails, of the messages
 * actions return, and of pages whose loaders build their texts (the payment return page).
 */
export const SERVER_ONLY_TEXT: { [S in ClientPageSection]?: readonly (keyof ClientText[S])[] } = {
  portal: ["accepted", "rejected", "staleWithAmount", "staleGone", "alreadyDecided"],
  fixRequests: [
    "created",
    "attachmentTypeNotAllowed",
    "attachmentQuotaExceeded",
    "attachmentProjectQuotaExceeded",
    "attachmentRateLimited",
    "attachmentFieldsTooLarge",
    "rateLimited",
  ],
  bills: [
    "created",
    "cancelled",
    "billNotUnpaid",
    "selectionEmpty",
    "tooMany",
    "taskPaid",
    "taskOnBill",
    "taskPaymentPending",
    "taskNotAgreed",
    "taskZeroAmount",
    "zeroTotal",
    "changed",
    "invalidForm",
    "rateLimited",
    "payRateLimited",
    "retryInHour",
    "retryInMinutes",
    "minuteForms",
    "previousInProgress",
    "payerEmailMissing",
    "payerEmailInvalid",
    "payerEmailTooLong",
    "characterForms",
    "billNotFoundTitle",
    "billNotFoundText",
    "tpayUnreachable",
    "tpayRefused",
    "paymentBusy",
    "tpayDescription",
    "returnTitle",
    "freelancer",
    "amount",
    "returnPending",
    "returnPendingHelp",
    "returnPendingAuto",
    "returnPendingNoScript",
    "refresh",
    "returnPaid",
    "returnPaidHelp",
    "returnFailed",
    "returnFailedHelp",
    "returnCancelled",
    "returnCancelledHelp",
    "returnUnderpaid",
    "returnUnderpaidHelp",
    "returnRefunded",
    "returnRefundedHelp",
    "returnRefundDueCancelled",
    "returnRefundDueCancelledHelp",
    "returnRefundDuePaid",
    "returnRefundDuePaidHelp",
    "returnToProject",
    "returnNoLink",
    "emailSubject",
    "emailIntro",
    "emailLine",
    "emailTotal",
    "emailOutro",
    "emailOutroOffline",
    "emailAction",
    "emailLinkWarning",
  ],
};

/** Marks the arguments in a text function's output. A private-use character, which no text contains. */
const SLOT_MARK = "\uE000";

/**
 * Stands in for a text function's argument while its template is read: it writes its index where
 * the function places the argument, with the locale when the function calls toLocaleString.
 */
class Slot {
  constructor(private readonly index: number) {}

  toString(): string {
    return `${SLOT_MARK}${this.index}${SLOT_MARK}`;
  }

  toLocaleString(locale?: unknown): string {
    if (typeof locale !== "string") throw new Error("toLocaleString() without a locale formats differently in the browser");
    return `${SLOT_MARK}${this.index}:${locale}${SLOT_MARK}`;
  }
}

/** Arguments the template is checked with: the same number everywhere, distinct numbers, distinct and equal strings. */
const CHECK_ARGUMENTS: ((index: number) => unknown)[] = [() => 1, (index) => 12345 + index, (index) => `text ${index}`, () => "same"];

type TextFunction = (...args: unknown[]) => string;

/**
 * Returns the template of a text function, or null when the function does more than place its
 * arguments: its output for the checking arguments then differs from the filled template.
 */
function templateOf(fn: TextFunction): TemplatePart[] | null {
  const parts: TemplatePart[] = [];
  try {
    const marked = fn(...Array.from({ length: fn.length }, (_, index) => new Slot(index)));
    marked.split(SLOT_MARK).forEach((piece, position) => {
      if (position % 2 === 0) {
        if (piece) parts.push(piece);
        return;
      }
      const [index, locale] = piece.split(":");
      parts.push(locale === undefined ? Number(index) : [Number(index), locale]);
    });
    for (const argument of CHECK_ARGUMENTS) {
      const args = Array.from({ length: fn.length }, (_, index) => argument(index));
      if (fn(...args) !== fillTemplate(parts, args)) return null;
    }
  } catch {
    return null;
  }
  return parts;
}

function toWire(value: unknown, path: string, serverOnly: readonly string[] = []): unknown {
  if (typeof value === "string") return value;
  if (typeof value === "function") return templateOf(value as TextFunction);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, serverOnly.includes(key) ? null : toWire(item, `${path}.${key}`)]));
  }
  throw new Error(`The client text ${path} is not a string, a function or an object of them.`);
}

/** Sections already converted, by locale and section. The texts are constants, so each is converted once per isolate. */
const converted = new Map<string, unknown>();

/** Returns the sections a client-link page shows, in the project's client language, for its loader data. */
export function clientPageText<S extends ClientPageSection>(locale: ClientLocale, sections: readonly S[]): ClientPageText<S> {
  const text = clientText(locale);
  const page: Record<string, unknown> = { locale: text.locale };
  for (const section of sections) {
    const key = `${text.locale}/${section}`;
    if (!converted.has(key)) converted.set(key, toWire(text[section], section, SERVER_ONLY_TEXT[section] as readonly string[] | undefined));
    page[section] = converted.get(key);
  }
  return page as ClientPageText<S>;
}
