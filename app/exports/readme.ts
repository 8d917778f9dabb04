// README.txt of the export ZIP: what each folder and file contains, the account and the time of
// the export, and the stored files that were missing. Polish, with CRLF line ends for Notepad.

import { dataExportText } from "~/i18n/pl/data-export";
import { formatDateTime } from "~/utils/dates";

const t = dataExportText.readme;

export interface ReadmeInput {
  exportId: string;
  account: { name: string; email: string };
  madeAt: Date;
  /** Paths in the ZIP of the files whose R2 object was missing. */
  missing: readonly string[];
}

function heading(text: string): string[] {
  return [text, "-".repeat(text.length)];
}

export function buildReadme(input: ReadmeInput): string {
  const entries = Object.entries(t.entries);
  const describe = (prefix: string) => entries.filter(([path]) => path.startsWith(prefix)).map(([path, what]) => `  ${path}: ${what}`);
  const lines = [
    t.title,
    "=".repeat(t.title.length),
    "",
    t.account(input.account.name, input.account.email),
    t.madeAt(formatDateTime(input.madeAt)),
    t.exportId(input.exportId),
    "",
    ...heading(t.jsonTitle),
    t.jsonIntro,
    ...describe("json/"),
    "",
    ...heading(t.csvTitle),
    t.csvIntro,
    ...describe("csv/"),
    "",
    ...heading(t.filesTitle),
    t.filesIntro,
    "",
    t.notIncluded,
    "",
    ...heading(t.missingTitle),
    ...(input.missing.length === 0 ? [t.missingNone] : [t.missingIntro, ...input.missing.map((path) => `  ${path}`)]),
    "",
  ];
  return lines.join("\r\n");
}
