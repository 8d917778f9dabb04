import * as v from "valibot";
import type { clientMessagesText } from "~/i18n/pl/client-messages";
import type { clientMessagesPanelText } from "~/i18n/pl/client-messages-panel";
import { plural } from "~/utils/plural";
import { MESSAGE_MAX_LENGTH, messageLength, normalizeMessageBody } from "~/utils/form-limits";
import { hasVisibleCharacters } from "~/utils/visible-text";

export { MESSAGE_MAX_LENGTH, messageLength, normalizeMessageBody };

// Rules for a discussion message, shared by the form (client-side validation) and the routes.
// A message is plain text: line breaks and tabs are kept, http(s) addresses become links when
// the message is shown, and nothing else becomes markup.

/** Texts the discussion panel renders: the client's bundle or the freelancer's Polish twin. */
export type DiscussionText = typeof clientMessagesPanelText;

/** Texts of a discussion message's validation: the client's bundle or the freelancer's Polish twin. */
export type MessageText = typeof clientMessagesText;


/**
 * Characters a message must not contain: C0 controls other than tab (U+0009) and line feed
 * (U+000A), DEL, the C1 controls, and the bidi embedding, override and isolate characters
 * (U+202A–U+202E, U+2066–U+2069). The bidi characters can make text show in another order
 * than it was typed. The bidi marks U+200E, U+200F and U+061C stay allowed because
 * right-to-left writing needs them and they cannot reorder a whole run of text.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Key of one submitted form, so that a double submit stores the message once. */
const CLIENT_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;



export function hasForbiddenMessageCharacters(body: string): boolean {
  return FORBIDDEN_CHARACTERS.test(body);
}

/** Builds the schema of a posted message, with error messages from `text`. */
export function messageSchema(text: MessageText) {
  return v.object(
    {
      body: v.pipe(
        v.string(text.bodyMissing),
        v.transform(normalizeMessageBody),
        // A body of only spaces or invisible characters (U+200B, U+3164, U+2800, …) is empty.
        v.check(hasVisibleCharacters, text.bodyMissing),
        v.check((body) => !hasForbiddenMessageCharacters(body), text.bodyControlCharacters),
        v.check(
          (body) => messageLength(body) <= MESSAGE_MAX_LENGTH,
          (issue) => {
            const length = messageLength(String(issue.input));
            return text.bodyTooLong(length, plural(length, text.characterForms), MESSAGE_MAX_LENGTH);
          },
        ),
      ),
      clientKey: v.optional(v.pipe(v.string(text.invalidForm), v.regex(CLIENT_KEY_PATTERN, text.invalidForm))),
    },
    text.invalidForm,
  );
}

export type MessageSubmission = v.InferOutput<ReturnType<typeof messageSchema>>;
