// Money is integer grosze everywhere; these helpers are the only place that converts.

const NBSP = "\u00a0";

/** Formats grosze as `1 234,56 zł`, grouping thousands with a space even for four digits. */
export function formatMoney(grosze: number): string {
  const negative = grosze < 0;
  const absolute = Math.abs(Math.trunc(grosze));
  const zloty = Math.floor(absolute / 100).toString();
  const fraction = (absolute % 100).toString().padStart(2, "0");
  const grouped = zloty.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${negative ? "-" : ""}${grouped},${fraction}${NBSP}zł`;
}

/** Formats grosze for an input field: `1234,56`. */
export function formatMoneyInput(grosze: number): string {
  const zloty = Math.floor(grosze / 100);
  const fraction = (grosze % 100).toString().padStart(2, "0");
  return `${zloty},${fraction}`;
}

// Accepts `1234,56`, `1 234,56`, `1234.56` and `1234` (plain or non-breaking spaces as
// thousands separators, at most two decimal places).
const AMOUNT_PATTERN = /^(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;

/** The largest amount a task may have: 10 000 000,00 zł, far below Number.MAX_SAFE_INTEGER. */
export const MAX_AMOUNT_GROSZE = 1_000_000_000;

/** True when the text is written like an amount, whatever its size. */
export function isAmountShape(input: string): boolean {
  return AMOUNT_PATTERN.test(input.trim());
}

/** Parses a Polish amount into grosze, or returns null when the text is not an amount or is too large. */
export function parseMoney(input: string): number | null {
  const match = AMOUNT_PATTERN.exec(input.trim());
  if (!match) return null;
  const zloty = Number(match[1].replace(/[ \u00a0]/g, ""));
  const fraction = Number((match[2] ?? "0").padEnd(2, "0"));
  const grosze = zloty * 100 + fraction;
  if (!Number.isSafeInteger(grosze) || grosze > MAX_AMOUNT_GROSZE) return null;
  return grosze;
}
