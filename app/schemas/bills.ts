import * as v from "valibot";
import { MANUAL_NOTE_MAX_LENGTH } from "~/utils/form-limits";
import { billsText } from "~/i18n/pl/bills";
import { common } from "~/i18n/pl/common";
import { hasControlCharacters } from "~/utils/html";
import { plural } from "~/utils/plural";
import { EMAIL_MAX_LENGTH, emailField } from "./email";

// Forms of the bills panel. The selected tasks are not in these schemas: they arrive as
// repeated `taskId` fields, and app/models/bills.server.ts (normalizeTaskIds, createBill)
// checks them against the project. An amount or total in a form is never read: the server
// sums the tasks itself.

export { MANUAL_NOTE_MAX_LENGTH };
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
