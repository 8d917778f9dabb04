import * as v from "valibot";
import { common } from "~/i18n/pl/common";
import { hasControlCharacters } from "~/utils/html";

// "Wyślij do klienta" on the report page. It is apart from ./reports.ts so that the report page
// does not load the period rules and the date helpers they use.

/** Maximum e-mail address length in characters (the 256-character RFC 5321 path less its angle brackets). */
const EMAIL_MAX_LENGTH = 254;

/** "Wyślij do klienta": the address the report's link goes to. */
export const reportSendSchema = v.object(
  {
    email: v.config(
      v.pipe(
        v.string(common.required),
        v.trim(),
        v.nonEmpty(common.required),
        v.check((value) => !hasControlCharacters(value), common.invalidEmail),
        v.maxLength(EMAIL_MAX_LENGTH, common.tooLong(EMAIL_MAX_LENGTH)),
        v.email(common.invalidEmail),
        v.toLowerCase(),
      ),
      { abortPipeEarly: true },
    ),
  },
  common.required,
);
