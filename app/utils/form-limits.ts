// Limits and text rules that forms show in the browser (maxLength, counters, hints). The
// valibot schemas in app/schemas import them from here, so a page that needs only a limit does
// not make the browser load valibot.

import { hasControlCharacters } from "~/utils/html";

/** Maximum message length in characters (Unicode code points, so an emoji counts once). */
export const MESSAGE_MAX_LENGTH = 5000;
export const INVITATION_MESSAGE_MAX_LENGTH = 2000;
export const PRICED_TASK_NAME_MAX = 300;
export const MANUAL_NOTE_MAX_LENGTH = 500;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
export const WORK_STATUS_VALUES = ["todo", "in_progress", "done"] as const;

/**
 * Normalizes line breaks to LF (browsers send a textarea's line breaks as CRLF) and drops blank
 * lines and spaces around the text. Indentation of the first line with text is kept.
 */
export function normalizeMessageBody(body: string): string {
  return body
    .replace(/\r\n?/g, "\n")
    .replace(/^(?:[ \t]*\n)+/, "")
    .trimEnd();
}

/** Counts characters as Unicode code points, the unit of MESSAGE_MAX_LENGTH. */
export function messageLength(body: string): number {
  let count = 0;
  for (const _ of body) count++;
  return count;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// "Name <e-mail>", the form of the client list's suggestions; the name part may be empty.
const LABELLED_EMAIL = /^(.*?)\s*<([^<>\s]+)>$/s;
const LOCAL_PART_WORD = /^[\w+-]+$/;
const DOMAIN_LABEL = /^[\da-z]+(?:-[\da-z]+)*$/i;
const TOP_LEVEL_DOMAIN = /^[a-z]{2,}$/i;

export type ClientFieldValue =
  | { kind: "id"; id: string }
  | { kind: "email"; email: string; name: string | null }
  | { kind: "name"; name: string }
  | { kind: "invalid" };

/**
 * Checks an e-mail address as the client field accepts one, of at most 254 characters. Before the
 * "@" come dot-separated words of letters, digits, "_", "+" and "-". After it come labels of
 * letters and digits (with inner hyphens), ending in a top-level domain of two or more letters.
 */
function isEmail(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (value.length > 254 || at <= 0) return false;
  const labels = value.slice(at + 1).split(".");
  const topLevel = labels.pop() ?? "";
  return (
    value.slice(0, at).split(".").every((word) => LOCAL_PART_WORD.test(word)) &&
    labels.length > 0 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL_DOMAIN.test(topLevel)
  );
}

/**
 * Reads the project form's client field: a client id, an e-mail address alone or as
 * "Name <e-mail>", or else a client's name. The server looks the client up among the
 * freelancer's own clients; the form uses the same reading for its hint.
 */
export function classifyClientField(value: string): ClientFieldValue {
  const trimmed = value.trim();
  if (!trimmed || hasControlCharacters(trimmed)) return { kind: "invalid" };
  if (UUID_PATTERN.test(trimmed)) return { kind: "id", id: trimmed.toLowerCase() };
  if (isEmail(trimmed)) return { kind: "email", email: trimmed.toLowerCase(), name: null };
  const labelled = LABELLED_EMAIL.exec(trimmed);
  if (labelled && isEmail(labelled[2])) {
    return { kind: "email", email: labelled[2].toLowerCase(), name: labelled[1].trim().normalize("NFC") || null };
  }
  return { kind: "name", name: trimmed.normalize("NFC") };
}

/** Returns the key two client names are compared by: trimmed, NFC-normalized and lower-cased. */
export function clientNameKey(name: string): string {
  return name.trim().normalize("NFC").toLocaleLowerCase("pl-PL");
}
