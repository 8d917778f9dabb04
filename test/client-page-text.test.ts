import { describe, expect, it } from "vitest";
import { clientText, type ClientText } from "~/i18n/client";
import { readClientPageText, type ClientPageSection } from "~/i18n/client-page-text";
import { clientPageText, SERVER_ONLY_TEXT } from "~/i18n/client-page-text.server";
import { CLIENT_LOCALES } from "~/i18n/locale";

// The client-link pages' loaders send their texts as data (app/i18n/client-page-text.ts), and the
// browser rebuilds the text functions from templates. These tests compare every rebuilt text
// with the original, in both client languages.

const SECTIONS = ["portal", "messages", "fixRequests", "files", "emails", "unsubscribe", "bills", "reports", "seller"] as const satisfies readonly ClientPageSection[];

/** Argument lists each text function is called with: numbers around the plural and grouping edges, and texts. */
function argumentLists(arity: number): unknown[][] {
  const numbers = [0, 1, 2, 5, 12, 22, 1000, 10000, 123456];
  const lists: unknown[][] = numbers.map((number, index) => Array.from({ length: arity }, (_, position) => (position === 0 ? number : numbers[(index + position) % numbers.length])));
  lists.push(Array.from({ length: arity }, (_, position) => `Logo „${position}” <b>`));
  lists.push(Array.from({ length: arity }, () => "12.03.2026"));
  return lists;
}

type TextTree = { [key: string]: string | ((...args: never[]) => string) | TextTree };

/** Compares an original section with its rebuilt copy and returns the paths of the texts not sent, whose reading throws. */
function compareSection(original: TextTree, rebuilt: TextTree, path: string): string[] {
  const notSent: string[] = [];
  expect(Object.keys(rebuilt).sort(), path).toEqual(Object.keys(original).sort());
  for (const [key, value] of Object.entries(original)) {
    const keyPath = `${path}.${key}`;
    let copy: TextTree[string];
    try {
      copy = rebuilt[key];
    } catch {
      notSent.push(keyPath);
      continue;
    }
    if (typeof value === "string") {
      expect(copy, keyPath).toBe(value);
    } else if (typeof value === "function") {
      const fn = value as (...args: unknown[]) => string;
      for (const args of argumentLists(fn.length)) {
        expect((copy as (...args: unknown[]) => string)(...args), `${keyPath}(${args.join(", ")})`).toBe(fn(...args));
      }
    } else {
      notSent.push(...compareSection(value, copy as TextTree, keyPath));
    }
  }
  return notSent;
}

describe("client page texts", () => {
  for (const locale of CLIENT_LOCALES) {
    it(`rebuilds every ${locale} text`, () => {
      // Through JSON, as the loader data travels.
      const wire = JSON.parse(JSON.stringify(clientPageText(locale, SECTIONS)));
      const rebuilt = readClientPageText(wire);
      const original = clientText(locale);
      expect(rebuilt.locale).toBe(locale);
      const notSent = SECTIONS.flatMap((section) => compareSection(original[section] as TextTree, rebuilt[section] as TextTree, section));
      // A function that branches on its arguments has no template, so the loader builds its
      // text. The server-only keys are not sent either.
      const serverOnly = Object.entries(SERVER_ONLY_TEXT).flatMap(([section, keys]) => keys.map((key) => `${section}.${String(key)}`));
      expect(notSent.sort()).toEqual(["reports.period", ...serverOnly].sort());
    });
  }

  it("period throws in the browser copy", () => {
    const rebuilt = readClientPageText(clientPageText("pl", ["reports"]));
    expect(() => rebuilt.reports.period("01.10.2026", "31.10.2026")).toThrow(/reports\.period/);
  });

  it("server-only text is not sent", () => {
    const wire = clientPageText("pl", ["bills"]);
    expect(wire.bills.emailSubject).toBeNull();
    expect(wire.bills.title).toBe(clientText("pl").bills.title);
    expect(() => readClientPageText(wire).bills.emailSubject).toThrow(/bills\.emailSubject/);
  });

  it("sends only the requested sections", () => {
    const wire = clientPageText("en", ["files"]);
    expect(Object.keys(wire).sort()).toEqual(["files", "locale"]);
    expect(wire.files.title).toBe(clientText("en").files.title);
  });

  it("missing section throws with its name", () => {
    const rebuilt: ClientText = readClientPageText(clientPageText("pl", ["files"]));
    expect(() => rebuilt.bills).toThrow(/"bills"/);
  });

  it("keeps toLocaleString formatting", () => {
    const rebuilt = readClientPageText(clientPageText("pl", ["messages"]));
    expect(rebuilt.messages.counter(12345, 5000)).toBe(clientText("pl").messages.counter(12345, 5000));
    expect(rebuilt.messages.counter(12345, 5000)).toContain("12\u00a0345");
  });
});
