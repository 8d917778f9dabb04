// Text that looks empty on screen. JavaScript's `\s` and String.prototype.trim() do not cover
// the zero-width and filler characters, so a message of U+200B alone would pass a non-empty check.

/**
 * Whitespace and the characters that render as nothing or as a blank:
 * - the soft hyphen, the combining grapheme joiner and the Mongolian vowel separator,
 * - the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and the Khmer inherent vowels,
 * - zero-width space, non-joiner and joiner, the direction marks, the word joiner and the
 *   invisible operators (U+200B–U+200F, U+2060–U+2064, U+061C),
 * - the blank Braille pattern (U+2800), the variation selectors, the byte order mark and the
 *   tag characters.
 */
const INVISIBLE = /[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u2064\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e007f}]/gu;

/** Returns whether the text has at least one character that shows on screen. */
export function hasVisibleCharacters(text: string): boolean {
  return text.replace(INVISIBLE, "") !== "";
}
