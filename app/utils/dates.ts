// Every date a user sees is in Europe/Warsaw, whatever the server's zone.

export const TIME_ZONE = "Europe/Warsaw";

const dateFormat = new Intl.DateTimeFormat("pl-PL", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});

const timeFormat = new Intl.DateTimeFormat("pl-PL", {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const isoDayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Formats an instant as `04.12.2026` in Europe/Warsaw. */
export function formatDate(instant: string | Date): string {
  return dateFormat.format(new Date(instant));
}

/** Formats an instant as `04.12.2026, 14:05` in Europe/Warsaw. */
export function formatDateTime(instant: string | Date): string {
  const date = new Date(instant);
  return `${dateFormat.format(date)}, ${timeFormat.format(date)}`;
}

/** Formats a calendar day `2026-12-04` as `04.12.2026` without any zone shift. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-");
  return `${date}.${month}.${year}`;
}

/** Returns the Europe/Warsaw calendar day (`YYYY-MM-DD`) of an instant. */
export function warsawDay(instant: string | Date = new Date()): string {
  return isoDayFormat.format(new Date(instant));
}

/** Checks that a `YYYY-MM-DD` string names a real calendar day. */
export function isValidDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const [year, month, date] = day.split("-").map(Number);
  const utc = new Date(Date.UTC(year, month - 1, date));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === date;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split("-").map(Number);
  const [y2, m2, d2] = to.split("-").map(Number);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}
