import * as v from "valibot";
import { INVITATION_MESSAGE_MAX_LENGTH } from "~/utils/form-limits";
import { common } from "~/i18n/pl/common";
import { invitationsText } from "~/i18n/pl/invitations";
import { requiredEmail, requiredLine } from "~/utils/validation";
import { hasForbiddenMessageCharacters } from "./messages";

export { INVITATION_MESSAGE_MAX_LENGTH };

/** "Wyślij zaproszenie": client e-mail, client or company name, optional message. */
export const invitationSchema = v.object(
  {
    email: v.pipe(requiredEmail(), v.toLowerCase()),
    // The name goes into the e-mail's To header and body, so it must be one line, and bidi
    // override characters could make it read differently from what was typed.
    name: v.pipe(
      requiredLine(200),
      v.check((value) => !hasForbiddenMessageCharacters(value), invitationsText.nameInvalidCharacters),
    ),
    // The message is plain text in an e-mail. It follows the discussion messages' rule: no
    // control characters other than tab and line feed, and no bidi embedding, override or
    // isolate characters (U+202A–U+202E, U+2066–U+2069).
    message: v.optional(
      v.pipe(
        v.string(),
        v.transform((value) => value.replace(/\r\n?/g, "\n").trim()),
        v.check((value) => value.length <= INVITATION_MESSAGE_MAX_LENGTH, (issue) =>
          invitationsText.messageTooLong(INVITATION_MESSAGE_MAX_LENGTH, (issue.input as string).length),
        ),
        v.check((value) => !hasForbiddenMessageCharacters(value), invitationsText.messageInvalidCharacters),
      ),
    ),
  },
  common.required,
);

/** "Wyślij ponownie" and "Usuń zaproszenie" on one invitation of the list. */
export const invitationIdSchema = v.object(
  { invitationId: v.pipe(v.string(invitationsText.invalidIntent), v.uuid(invitationsText.invalidIntent)) },
  invitationsText.invalidIntent,
);
