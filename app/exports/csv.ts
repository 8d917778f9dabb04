// CSV for spreadsheets set to Polish: UTF-8 with a byte order mark (so Excel reads the Polish
// letters), semicolons between cells (the comma is the Polish decimal separator), CRLF line
// ends, amounts as `1234,56` and dates in Europe/Warsaw.

import { formatDateTime, formatDay } from "~/utils/dates";
import { formatMoneyInput } from "~/utils/money";

export const CSV_BOM = "\uFEFF";
const SEPARATOR = ";";
const LINE_END = "\r\n";

/** A number written the Polish way (`-1234,56`), made only by csvAmount, so it is never taken for a formula. */
export interface CsvNumber {
  numeric: string;
}

export type CsvCell = string | number | CsvNumber | null | undefined;

/**
 * First characters that make a spreadsheet read a cell as a formula (`=`, `+`, `-`, `@`) or
 * that some spreadsheets strip before doing so (tab, carriage return). A leading apostrophe
 * makes the spreadsheet show such a cell as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Encodes one cell: formula-like text gets a leading apostrophe, and a cell with a separator, a
 * comma, a quote or a line break is quoted. The comma too, so a program that reads the file as
 * comma-separated finds no cell starting with a formula after it.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "object") return value.numeric;
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Encodes one line, line end included. */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(SEPARATOR) + LINE_END;
}

/** Formats grosze as `1234,56` (no grouping, comma decimal), the form Polish spreadsheets read as a number. */
export function csvAmount(grosze: number | null | undefined): CsvNumber | null {
  if (grosze === null || grosze === undefined) return null;
  const sign = grosze < 0 ? "-" : "";
  return { numeric: sign + formatMoneyInput(Math.abs(grosze)) };
}

/** Formats a UTC instant as `04.12.2026, 14:05` in Europe/Warsaw. */
export function csvDateTime(instant: string | null | undefined): string {
  return instant ? formatDateTime(instant) : "";
}

/** Formats a calendar day `2026-12-04` as `04.12.2026`. */
export function csvDay(day: string | null | undefined): string {
  return day ? formatDay(day) : "";
}
