import { describe, expect, it } from "vitest";
import { warsawDay } from "~/utils/dates";
import { addDays, checkPeriod, periodBounds, warsawDayStart, type ReportPeriod } from "~/utils/report-period";

// Reporting periods are whole Europe/Warsaw days. In 2026 the clocks go forward on 29 March
// (02:00 CET → 03:00 CEST, so the day has 23 hours) and back on 25 October (03:00 CEST → 02:00
// CET, 25 hours).

const HOUR = 3_600_000;

function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / HOUR;
}

/** True when the instant falls in the period's half-open range, compared as stored strings are. */
function inPeriod(instant: string, period: ReportPeriod): boolean {
  const { from, to } = periodBounds(period);
  return instant >= from && instant < to;
}

function day(value: string): ReportPeriod {
  return { start: value, end: value };
}

describe("warsawDayStart", () => {
  it("uses CET in winter", () => {
    expect(warsawDayStart("2026-01-15")).toBe("2026-01-14T23:00:00.000Z");
  });

  it("uses CEST in summer", () => {
    expect(warsawDayStart("2026-07-01")).toBe("2026-06-30T22:00:00.000Z");
  });

  it("starts both change days at local midnight", () => {
    expect(warsawDayStart("2026-03-29")).toBe("2026-03-28T23:00:00.000Z");
    expect(warsawDayStart("2026-03-30")).toBe("2026-03-29T22:00:00.000Z");
    expect(warsawDayStart("2026-10-25")).toBe("2026-10-24T22:00:00.000Z");
    expect(warsawDayStart("2026-10-26")).toBe("2026-10-25T23:00:00.000Z");
  });

  it("agrees with warsawDay for every day of 2026", () => {
    let current = "2026-01-01";
    while (current < "2027-01-01") {
      const start = warsawDayStart(current);
      expect(warsawDay(start), current).toBe(current);
      expect(warsawDay(new Date(Date.parse(start) - 1)), current).toBe(addDays(current, -1));
      current = addDays(current, 1);
    }
  });
});

describe("periodBounds", () => {
  it("gives the spring change day 23 hours", () => {
    const { from, to } = periodBounds(day("2026-03-29"));
    expect(from).toBe("2026-03-28T23:00:00.000Z");
    expect(to).toBe("2026-03-29T22:00:00.000Z");
    expect(hoursBetween(from, to)).toBe(23);
  });

  it("gives the autumn change day 25 hours", () => {
    const { from, to } = periodBounds(day("2026-10-25"));
    expect(from).toBe("2026-10-24T22:00:00.000Z");
    expect(to).toBe("2026-10-25T23:00:00.000Z");
    expect(hoursBetween(from, to)).toBe(25);
  });

  it.each([
    // [UTC instant, its local time, the Warsaw day it belongs to]
    ["2026-03-28T22:30:00.000Z", "28.03 23:30 CET", "2026-03-28"],
    ["2026-03-28T23:30:00.000Z", "29.03 00:30 CET", "2026-03-29"],
    ["2026-03-29T21:30:00.000Z", "29.03 23:30 CEST", "2026-03-29"],
    ["2026-03-29T22:30:00.000Z", "30.03 00:30 CEST", "2026-03-30"],
    ["2026-10-24T21:30:00.000Z", "24.10 23:30 CEST", "2026-10-24"],
    ["2026-10-24T22:30:00.000Z", "25.10 00:30 CEST", "2026-10-25"],
    ["2026-10-25T22:30:00.000Z", "25.10 23:30 CET", "2026-10-25"],
    ["2026-10-25T23:30:00.000Z", "26.10 00:30 CET", "2026-10-26"],
  ])("puts %s (%s) in %s only", (instant, _local, expected) => {
    for (const candidate of [addDays(expected, -1), expected, addDays(expected, 1)]) {
      expect(inPeriod(instant, day(candidate)), candidate).toBe(candidate === expected);
    }
    expect(warsawDay(instant)).toBe(expected);
  });

  it("keeps both 02:30 of the autumn change in its day", () => {
    // 02:30 CEST and, an hour later, 02:30 CET.
    expect(inPeriod("2026-10-25T00:30:00.000Z", day("2026-10-25"))).toBe(true);
    expect(inPeriod("2026-10-25T01:30:00.000Z", day("2026-10-25"))).toBe(true);
  });

  it("covers March across the spring change", () => {
    const { from, to } = periodBounds({ start: "2026-03-01", end: "2026-03-31" });
    expect(from).toBe("2026-02-28T23:00:00.000Z");
    expect(to).toBe("2026-03-31T22:00:00.000Z");
    expect(hoursBetween(from, to)).toBe(31 * 24 - 1);
  });

  it("covers October across the autumn change", () => {
    const { from, to } = periodBounds({ start: "2026-10-01", end: "2026-10-31" });
    expect(from).toBe("2026-09-30T22:00:00.000Z");
    expect(to).toBe("2026-10-31T23:00:00.000Z");
    expect(hoursBetween(from, to)).toBe(31 * 24 + 1);
  });

  it("leaves no gap between days", () => {
    const lengths = new Map<number, number>();
    let current = "2026-01-01";
    while (current < "2027-01-01") {
      const next = addDays(current, 1);
      const bounds = periodBounds(day(current));
      expect(bounds.to, current).toBe(periodBounds(day(next)).from);
      const hours = hoursBetween(bounds.from, bounds.to);
      lengths.set(hours, (lengths.get(hours) ?? 0) + 1);
      current = next;
    }
    expect(Object.fromEntries(lengths)).toEqual({ 23: 1, 24: 363, 25: 1 });
  });

  it("compares with stored created_at strings", () => {
    // SQLite's strftime('%Y-%m-%dT%H:%M:%fZ') and toISOString() write the same shape.
    const { from, to } = periodBounds(day("2026-03-29"));
    expect("2026-03-28T22:59:59.999Z" < from).toBe(true);
    expect("2026-03-28T23:00:00.000Z" >= from).toBe(true);
    expect("2026-03-29T21:59:59.999Z" < to).toBe(true);
    expect("2026-03-29T22:00:00.000Z" < to).toBe(false);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-03-28", 1, "2026-03-29"],
    ["2026-03-29", 1, "2026-03-30"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2026-10-25", 0, "2026-10-25"],
    ["2026-01-31", 31, "2026-03-03"],
  ])("adds to %s %i days", (start, days, expected) => {
    expect(addDays(start, days)).toBe(expected);
  });
});

describe("checkPeriod", () => {
  const limits = { firstDay: "2026-03-01", today: "2026-10-25" };

  it.each([
    [{ start: "2026-03-01", end: "2026-10-25" }, null],
    [{ start: "2026-03-29", end: "2026-03-29" }, null],
    [{ start: "2026-13-01", end: "2026-10-01" }, "invalid"],
    [{ start: "2026-02-30", end: "2026-10-01" }, "invalid"],
    [{ start: "2026-03-01", end: "25.10.2026" }, "invalid"],
    [{ start: "", end: "2026-10-01" }, "invalid"],
    [{ start: "2026-05-02", end: "2026-05-01" }, "reversed"],
    [{ start: "2026-10-01", end: "2026-10-26" }, "future"],
    [{ start: "2026-10-26", end: "2026-10-27" }, "future"],
    [{ start: "2026-02-28", end: "2026-03-10" }, "before_project"],
  ] as const)("checks %j", (period, expected) => {
    expect(checkPeriod(period, limits)).toBe(expected);
  });
});
