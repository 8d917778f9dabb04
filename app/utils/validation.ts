// Valibot building blocks shared by client and server schemas. Conform turns empty inputs
// into undefined, so a required field's "missing" message is the string() message.
import * as v from "valibot";
import { common } from "~/i18n/pl/common";
import { hasControlCharacters } from "./html";

export const MAX_NAME_LENGTH = 200;
export const MAX_NOTES_LENGTH = 5000;

/** Required single-line text: trimmed, non-empty, at most `max` characters, no CR/LF. */
export function requiredLine(max = MAX_NAME_LENGTH) {
  return v.pipe(
    v.string(common.required),
    v.trim(),
    v.nonEmpty(common.required),
    v.maxLength(max, common.tooLong(max)),
    v.check((value) => !hasControlCharacters(value), common.singleLine),
  );
}

/** Optional single-line text. */
export function optionalLine(max = MAX_NAME_LENGTH) {
  return v.optional(
    v.pipe(v.string(), v.trim(), v.maxLength(max, common.tooLong(max)), v.check((value) => !hasControlCharacters(value), common.singleLine)),
  );
}

/** Optional multi-line text (line breaks allowed). */
export function optionalText(max = MAX_NOTES_LENGTH) {
  return v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, common.tooLong(max))));
}

export function requiredEmail() {
  return v.pipe(
    v.string(common.required),
    v.trim(),
    v.nonEmpty(common.required),
    v.maxLength(254, common.tooLong(254)),
    v.email(common.invalidEmail),
    v.check((value) => !hasControlCharacters(value), common.invalidEmail),
  );
}

export function optionalEmail() {
  return v.optional(
    v.pipe(v.string(), v.trim(), v.maxLength(254, common.tooLong(254)), v.email(common.invalidEmail)),
  );
}

export { pageFromSearch, pageFromValue } from "./page-number";
