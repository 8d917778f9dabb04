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

// A Europe/Warsaw day is 23, 24 or 25 hours long, so its bounds come from the zone's offset at
// each midnight, never from adding 24 hours.

const wallClockFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Returns the Europe/Warsaw wall-clock fields of an instant, with `month` from 1 to 12. */
export function warsawWallClock(instant: Date): Record<"year" | "month" | "day" | "hour" | "minute" | "second", number> {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormat.formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Milliseconds Europe/Warsaw's wall clock is ahead of UTC at an instant (3 600 000 or 7 200 000). */
function warsawOffsetMs(instantMs: number): number {
  const parts = warsawWallClock(new Date(instantMs));
  const wallClockAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wallClockAsUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * Returns the instant at which the Europe/Warsaw day `YYYY-MM-DD` begins, as a UTC ISO string
 * comparable with stored timestamps. Poland changes its clocks at 02:00 and 03:00, never at
 * midnight, so two passes settle the offset.
 */
export function warsawDayStart(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  const midnightAsUtc = Date.UTC(year, month - 1, date);
  let instant = midnightAsUtc - warsawOffsetMs(midnightAsUtc);
  instant = midnightAsUtc - warsawOffsetMs(instant);
  return new Date(instant).toISOString();
}

/** Adds whole calendar days to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

const POLISH_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** Reads a day as date inputs send it (YYYY-MM-DD), or typed the Polish way (DD.MM.YYYY) where a browser has no date input. */
export function normalizeDay(value: string): string {
  const polish = POLISH_DAY.exec(value);
  return polish ? `${polish[3]}-${polish[2].padStart(2, "0")}-${polish[1].padStart(2, "0")}` : value;
}
