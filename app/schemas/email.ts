import * as v from "valibot";
import type { ClientText } from "~/i18n/client";
import { EMAIL_MAX_LENGTH } from "~/utils/email-address";
import { hasControlCharacters } from "~/utils/html";
import { plural } from "~/utils/plural";

// The e-mail field of the bill forms: the freelancer's "Wyślij listę do opłacenia"
// (./bills.ts) and the payer's address on the client's bill page. It is apart from ./bills.ts
// so that the client's bill page does not load the freelancer's bill texts.

export { EMAIL_MAX_LENGTH };

/**
 * Builds a required e-mail field with one message per problem: the pipe stops at the first
 * failed check, so an address with a line break gets one "invalid" message, not two.
 */
export function emailField(messages: { missing: string; invalid: string; tooLong: string }) {
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

/**
 * The payer's e-mail the bill page requests when neither the project's client nor the bill has
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
