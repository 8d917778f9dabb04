import * as v from "valibot";
import { common, invitationsText } from "~/i18n/pl";
import { requiredEmail, requiredLine } from "~/utils/validation";

export const INVITATION_MESSAGE_MAX_LENGTH = 2000;

// Control characters other than tab and line breaks: the message is plain text in an e-mail.
// eslint-disable-next-line no-control-regex
const MESSAGE_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** "Wyślij zaproszenie": client e-mail, client or company name, optional message. */
export const invitationSchema = v.object(
  {
    email: v.pipe(requiredEmail(), v.toLowerCase()),
    // The name goes into the e-mail's To header and greeting, so it must be one line.
    name: requiredLine(200),
    message: v.optional(
      v.pipe(
        v.string(),
        v.transform((value) => value.replace(/\r\n?/g, "\n").trim()),
        v.check((value) => value.length <= INVITATION_MESSAGE_MAX_LENGTH, (issue) =>
          invitationsText.messageTooLong(INVITATION_MESSAGE_MAX_LENGTH, (issue.input as string).length),
        ),
        v.check((value) => !MESSAGE_CONTROL_CHARACTERS.test(value), invitationsText.messageInvalidCharacters),
      ),
    ),
  },
  common.required,
);

/** "Wyślij ponownie" on one invitation of the list. */
export const resendInvitationSchema = v.object(
  { invitationId: v.pipe(v.string(invitationsText.invalidIntent), v.uuid(invitationsText.invalidIntent)) },
  invitationsText.invalidIntent,
);
