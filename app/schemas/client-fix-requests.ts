import * as v from "valibot";
import type { ClientText } from "~/i18n/client";
import { hasControlCharacters } from "~/utils/html";
import { MAX_FILE_BYTES } from "~/utils/files";
import { plural } from "~/utils/plural";
import { hasVisibleCharacters } from "~/utils/visible-text";

// The client's "Zgłoś poprawkę" form and the text field rules it shares with the freelancer's
// answers (./fix-requests.ts). It is apart from them so that the client pages, which validate
// the form in the browser, do not load the freelancer's Polish texts.

export const FIX_REQUEST_TITLE_MAX = 200;
export const FIX_REQUEST_DESCRIPTION_MAX = 5000;

/**
 * True when multi-line text contains a character that must not be stored: a C0 control other
 * than tab and line breaks, a C1 control, or a bidirectional embedding, override or isolate
 * (U+202A–U+202E, U+2066–U+2069). The bidi characters can make text read in a different order
 * than it was written. Left-to-right and right-to-left marks (U+200E, U+200F) stay allowed.
 */
export function hasUnsafeTextCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);
}

/** Browsers send a textarea's line breaks as CRLF; they are stored and counted as LF. */
function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** Formats a character count for a message, with the locale's digit grouping. */
export function lengthLabel(length: number, locale: string): string {
  return length.toLocaleString(locale === "en" ? "en-GB" : "pl-PL");
}

/**
 * Multi-line text field: line breaks normalized, trimmed, required (text of only invisible
 * characters such as U+200B counts as empty), at most `max` characters, no control or bidi
 * override characters. Each check reports its own message.
 */
export function multilineText(max: number, messages: { required: string; tooLong: (length: number) => string; invalid: string }) {
  return v.config(
    v.pipe(
      v.string(messages.required),
      v.transform(normalizeLineBreaks),
      v.trim(),
      v.nonEmpty(messages.required),
      v.check(hasVisibleCharacters, messages.required),
      v.maxLength(max, (issue) => messages.tooLong(issue.input.length)),
      v.check((value) => !hasUnsafeTextCharacters(value), messages.invalid),
    ),
    { abortPipeEarly: true },
  );
}

/**
 * Rejects a field sent more than once with `message`, then applies `schema`. Conform reads a
 * repeated name as an array, which the string schemas would reject with valibot's English
 * type message.
 */
export function single<TSchema extends v.GenericSchema>(schema: TSchema, message: string) {
  return v.pipe(
    v.custom<unknown>((input) => !Array.isArray(input), message),
    schema,
  );
}

function isFile(value: unknown): value is File {
  return typeof File !== "undefined" && value instanceof File;
}

/** Builds the client's "Zgłoś poprawkę" form schema with messages in the client's language. */
export function fixRequestSchema(t: ClientText["fixRequests"], locale: string) {
  const tooLong = (message: (length: string, label: string) => string) => (length: number) =>
    message(lengthLabel(length, locale), plural(length, t.characterForms));
  return v.object(
    {
      title: single(
        v.config(
          v.pipe(
            v.string(t.titleRequired),
            v.trim(),
            v.nonEmpty(t.titleRequired),
            v.check(hasVisibleCharacters, t.titleRequired),
            v.maxLength(FIX_REQUEST_TITLE_MAX, (issue) => tooLong(t.titleTooLong)(issue.input.length)),
            v.check((value) => !hasControlCharacters(value), t.titleSingleLine),
          ),
          { abortPipeEarly: true },
        ),
        t.invalidForm,
      ),
      description: single(
        multilineText(FIX_REQUEST_DESCRIPTION_MAX, {
          required: t.descriptionRequired,
          tooLong: tooLong(t.descriptionTooLong),
          invalid: t.invalidCharacters,
        }),
        t.invalidForm,
      ),
      // Checked in the browser before sending. The server reads the file apart from the text
      // fields (a streamed upload) and checks it again there.
      attachment: v.optional(
        v.pipe(
          v.unknown(),
          v.check((value) => !isFile(value) || value.size <= MAX_FILE_BYTES, t.attachmentTooLarge),
          v.check((value) => !isFile(value) || value.size > 0, t.attachmentEmpty),
        ),
      ),
    },
    t.invalidForm,
  );
}

export type FixRequestInput = v.InferOutput<ReturnType<typeof fixRequestSchema>>;
