import { useMemo } from "react";
import type { ClientText } from "./client";
import type { ClientLocale } from "./locale";

// The client texts as a client-link page's loader sends them: only the sections the page shows,
// only in the project's client language. The browser then never downloads the text modules of
// either language. The loader builds this data with clientPageText() from
// ./client-page-text.server.ts, and the page turns it back into ClientText with
// useClientPageText() and provides it to its components (ClientTextProvider).
//
// Strings travel as they are. A text function travels as a template, a list of parts that
// fillTemplate() joins with the call's arguments. Only a function that just places its arguments
// (as `${arg}` or `arg.toLocaleString(locale)`) has a template. Two kinds of text travel as null,
// and reading one in the browser throws. The first is a function that branches on its arguments,
// whose text the loader builds. The second is a key that only server code reads (e-mails, action
// messages), listed in SERVER_ONLY_TEXT of ./client-page-text.server.ts.

/** The ClientText sections a loader can send. */
export type ClientPageSection = Exclude<keyof ClientText, "locale">;

/**
 * One part of a text function's template: literal text, the index of an argument placed as
 * `${arg}`, or [index, locale] for an argument placed as `arg.toLocaleString(locale)`.
 */
export type TemplatePart = string | number | [number, string];

/** A text value as a loader sends it: a function becomes its template, and null is a text not sent. */
export type WireText<T> = T extends string
  ? string | null
  : T extends (...args: never[]) => string
    ? TemplatePart[] | null
    : { [K in keyof T]: WireText<T[K]> };

/** The texts a page's loader sends: its sections, in the project's client language. */
export type ClientPageText<S extends ClientPageSection> = { locale: ClientLocale } & { [K in S]: WireText<ClientText[K]> };

type AnyClientPageText = { locale: ClientLocale } & { [K in ClientPageSection]?: WireText<ClientText[K]> };

// Every section, so that reading one the loader did not send fails with a message that names it.
const SECTIONS: Record<ClientPageSection, true> = {
  portal: true,
  messages: true,
  fixRequests: true,
  files: true,
  emails: true,
  unsubscribe: true,
  bills: true,
  reports: true,
  seller: true,
};

/** Joins a template's parts with the arguments of a call, as the text function would. */
export function fillTemplate(parts: readonly TemplatePart[], args: readonly unknown[]): string {
  let text = "";
  for (const part of parts) {
    if (typeof part === "string") text += part;
    else if (typeof part === "number") text += String(args[part]);
    else text += (args[part[0]] as number).toLocaleString(part[1]);
  }
  return text;
}

function readValue(value: unknown, path: string): unknown {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return (...args: unknown[]) => fillTemplate(value as TemplatePart[], args);
  const object: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const itemPath = `${path}.${key}`;
    if (item !== null) {
      object[key] = readValue(item, itemPath);
      continue;
    }
    Object.defineProperty(object, key, {
      enumerable: true,
      get() {
        throw new Error(`The text ${itemPath} is not sent to the browser; build it in the loader (see app/i18n/client-page-text.ts).`);
      },
    });
  }
  return object;
}

/**
 * Turns a loader's texts back into ClientText. A section the loader did not send throws when a
 * component reads it, naming the section to add to the loader's clientPageText() call.
 */
export function readClientPageText(wire: AnyClientPageText): ClientText {
  const text: Record<string, unknown> = { locale: wire.locale };
  for (const section of Object.keys(SECTIONS) as ClientPageSection[]) {
    const value = wire[section];
    if (value !== undefined) {
      text[section] = readValue(value, section);
      continue;
    }
    Object.defineProperty(text, section, {
      get() {
        throw new Error(`This page's loader sent no "${section}" texts; add the section to its clientPageText() call.`);
      },
    });
  }
  return text as unknown as ClientText;
}

/** Returns the loader's texts as ClientText, rebuilt only when the loader data changes. */
export function useClientPageText(wire: AnyClientPageText): ClientText {
  return useMemo(() => readClientPageText(wire), [wire]);
}
