import * as v from "valibot";
import type { ClientText } from "~/i18n/client";
import { billsText } from "~/i18n/pl/bills";
import { common } from "~/i18n/pl/common";
import { hasControlCharacters } from "~/utils/html";
import { plural } from "~/utils/plural";

// Forms of the bills panel. The selected tasks are not in these schemas: they arrive as
// repeated `taskId` fields, and app/models/bills.server.ts (normalizeTaskIds, createBill)
// checks them against the project. An amount or total in a form is never read: the server
// sums the tasks itself.

export const MANUAL_NOTE_MAX_LENGTH = 500;
/** Maximum e-mail address length in characters (the 256-character RFC 5321 path less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

/**
 * Builds a required e-mail field with one message per problem: the pipe stops at the first
 * failed check, so an address with a line break gets one "invalid" message, not two.
 */
function emailField(messages: { missing: string; invalid: string; tooLong: string }) {
  return v.config(
    v.pipe(
      v.string(messages.missing),
      v.trim(),
      v.nonEmpty(messages.missing),
      v.check((value) => !hasControlCharacters(value), messages.invalid),
      v.maxLength(EMAIL_MAX_LENGTH, messages.tooLong),
      v.email(messages.invalid),
      v.toLowerCase(),
    ),
    { abortPipeEarly: true },
  );
}

/** "Wyślij listę do opłacenia": the address the bill goes to. */
export const billSendSchema = v.object(
  {
    email: emailField({
      missing: common.required,
      invalid: common.invalidEmail,
      tooLong: billsText.emailTooLong(EMAIL_MAX_LENGTH, plural(EMAIL_MAX_LENGTH, billsText.characterForms)),
    }),
  },
  common.required,
);

/**
 * The payer's e-mail the bill page asks for when neither the project's client nor the bill has
 * one (Tpay requires it), with messages in the client's language.
 */
export function payerEmailSchema(t: ClientText["bills"]) {
  return v.object(
    {
      payerEmail: emailField({
        missing: t.payerEmailMissing,
        invalid: t.payerEmailInvalid,
        tooLong: t.payerEmailTooLong(EMAIL_MAX_LENGTH, plural(EMAIL_MAX_LENGTH, t.characterForms)),
      }),
    },
    t.payerEmailMissing,
  );
}

const billId = v.pipe(v.string(billsText.invalidIntent), v.uuid(billsText.invalidIntent));

/** "Anuluj rachunek". */
export const billIdSchema = v.object({ billId }, billsText.invalidIntent);

const manualPayment = {
  method: v.picklist(["cash", "transfer"], billsText.methodInvalid),
  note: v.optional(
    v.config(
      v.pipe(
        v.string(),
        v.trim(),
        v.maxLength(MANUAL_NOTE_MAX_LENGTH, billsText.noteTooLong(MANUAL_NOTE_MAX_LENGTH, plural(MANUAL_NOTE_MAX_LENGTH, billsText.characterForms))),
        v.check((value) => !hasControlCharacters(value), billsText.noteInvalid),
      ),
      { abortPipeEarly: true },
    ),
  ),
};

/** "Oznacz jako opłacony" on a bill. */
export const billPaidSchema = v.object({ billId, ...manualPayment }, billsText.invalidIntent);

/** "Oznacz jako opłacone" on one task. */
export const taskPaidSchema = v.object(
  { taskId: v.pipe(v.string(billsText.invalidIntent), v.nonEmpty(billsText.invalidIntent), v.maxLength(64, billsText.invalidIntent)), ...manualPayment },
  billsText.invalidIntent,
);
