import { describe, expect, it } from "vitest";
import { daysBetween, formatDate, formatDateTime, formatDay, isValidDay, warsawDay } from "~/utils/dates";
import { formatMoney, formatMoneyInput, isAmountShape, MAX_AMOUNT_GROSZE, parseMoney } from "~/utils/money";
import { classifyClientField, clientFieldValues, clientNameKey } from "~/schemas/projects";
import { isValidNip, normalizeNip } from "~/utils/nip";
import { countLabel, DAY_FORMS, plural, PROJECT_FORMS, TASK_FORMS } from "~/utils/plural";

const NBSP = "\u00a0";

describe("formatMoney", () => {
  it("formats grosze with grouping and a non-breaking space before zł", () => {
    expect(formatMoney(123456)).toBe(`1 234,56${NBSP}zł`);
  });

  it("groups four-digit amounts too", () => {
    expect(formatMoney(100000)).toBe(`1 000,00${NBSP}zł`);
    expect(formatMoney(999900)).toBe(`9 999,00${NBSP}zł`);
  });

  it("formats small and large amounts", () => {
    expect(formatMoney(0)).toBe(`0,00${NBSP}zł`);
    expect(formatMoney(5)).toBe(`0,05${NBSP}zł`);
    expect(formatMoney(99900)).toBe(`999,00${NBSP}zł`);
    expect(formatMoney(123456789)).toBe(`1 234 567,89${NBSP}zł`);
    expect(formatMoney(MAX_AMOUNT_GROSZE)).toBe(`10 000 000,00${NBSP}zł`);
  });

  it("formats negative amounts with a minus sign", () => {
    expect(formatMoney(-123456)).toBe(`-1 234,56${NBSP}zł`);
  });

  it("formats input values without grouping", () => {
    expect(formatMoneyInput(123456)).toBe("1234,56");
    expect(formatMoneyInput(5)).toBe("0,05");
  });
});

describe("parseMoney", () => {
  it.each([
    ["1234,56", 123456],
    ["1 234,56", 123456],
    [`1${NBSP}234,56`, 123456],
    ["1234.56", 123456],
    ["1234", 123400],
    ["1234,5", 123450],
    ["0,99", 99],
    ["  12,00 ", 1200],
    ["1 000 000", 100000000],
  ])("parses %j as %i grosze", (input, grosze) => {
    expect(parseMoney(input)).toBe(grosze);
  });

  it.each([
    "12,345",
    "1.234,56",
    "1,234.56",
    "abc",
    "-5",
    "1e3",
    "",
    " ",
    "12,",
    ",5",
    "12 34",
    "1 2345",
    "0x10",
    "Infinity",
    "12 zł",
  ])("rejects %j", (input) => {
    expect(parseMoney(input)).toBeNull();
  });

  it("rejects amounts above the maximum but accepts the maximum", () => {
    expect(parseMoney("10 000 000,00")).toBe(MAX_AMOUNT_GROSZE);
    expect(parseMoney("10 000 000,01")).toBeNull();
    expect(isAmountShape("10 000 000,01")).toBe(true);
    expect(parseMoney("99999999999999999999")).toBeNull();
  });

  it("round-trips through the input format", () => {
    for (const grosze of [0, 1, 99, 100, 123456, MAX_AMOUNT_GROSZE]) {
      expect(parseMoney(formatMoneyInput(grosze))).toBe(grosze);
    }
  });
});

describe("NIP", () => {
  it.each(["5252445767", "6272616681", "9930560703", "8992744965", "525-244-57-67", "PL5252445767", "pl 525 244 57 67"])(
    "accepts %s",
    (nip) => {
      expect(isValidNip(nip)).toBe(true);
    },
  );

  it.each(["5252445768", "1234567890", "525244576", "52524457670", "ABCDEFGHIJ", "", "DE5252445767"])("rejects %j", (nip) => {
    expect(isValidNip(nip)).toBe(false);
  });

  it("normalizes to ten digits", () => {
    expect(normalizeNip("525-244-57-67")).toBe("5252445767");
    expect(normalizeNip("PL5252445767")).toBe("5252445767");
    expect(normalizeNip("12-34")).toBeNull();
  });
});

describe("Polish plurals", () => {
  it.each([
    [1, "1 zadanie"],
    [2, "2 zadania"],
    [4, "4 zadania"],
    [5, "5 zadań"],
    [12, "12 zadań"],
    [21, "21 zadań"],
    [22, "22 zadania"],
    [25, "25 zadań"],
    [1.5, "1,5 zadania"],
  ])("task count %d is %s", (count, expected) => {
    expect(countLabel(count, TASK_FORMS)).toBe(expected);
  });

  it.each([
    [1, "1 projekt"],
    [2, "2 projekty"],
    [5, "5 projektów"],
    [22, "22 projekty"],
  ])("project count %d is %s", (count, expected) => {
    expect(countLabel(count, PROJECT_FORMS)).toBe(expected);
  });

  it.each([
    [1, "1 dzień"],
    [2, "2 dni"],
    [5, "5 dni"],
  ])("day count %d is %s", (count, expected) => {
    expect(countLabel(count, DAY_FORMS)).toBe(expected);
  });

  it("uses the many form for zero", () => {
    expect(plural(0, TASK_FORMS)).toBe("zadań");
  });
});

describe("dates in Europe/Warsaw", () => {
  it("shows a late-evening UTC instant as the next Warsaw day", () => {
    expect(formatDate("2026-12-04T23:30:00Z")).toBe("05.12.2026");
    expect(warsawDay("2026-12-04T23:30:00Z")).toBe("2026-12-05");
  });

  it("uses UTC+1 in winter and UTC+2 in summer", () => {
    expect(formatDateTime("2026-12-04T13:05:00Z")).toBe("04.12.2026, 14:05");
    expect(formatDateTime("2026-07-15T13:05:00Z")).toBe("15.07.2026, 15:05");
    expect(formatDate("2026-07-15T22:30:00Z")).toBe("16.07.2026");
    expect(formatDate("2026-07-15T21:30:00Z")).toBe("15.07.2026");
  });

  it("switches offsets on the daylight-saving days of 2026", () => {
    // 29.03.2026: clocks go from 02:00 to 03:00; 25.10.2026: from 03:00 back to 02:00.
    expect(formatDateTime("2026-03-29T00:59:00Z")).toBe("29.03.2026, 01:59");
    expect(formatDateTime("2026-03-29T01:00:00Z")).toBe("29.03.2026, 03:00");
    expect(formatDateTime("2026-10-25T00:30:00Z")).toBe("25.10.2026, 02:30");
    expect(formatDateTime("2026-10-25T01:30:00Z")).toBe("25.10.2026, 02:30");
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
  });

  it("formats a calendar day without shifting it", () => {
    expect(formatDay("2026-12-04")).toBe("04.12.2026");
  });

  it("validates calendar days", () => {
    expect(isValidDay("2026-12-04")).toBe(true);
    expect(isValidDay("2028-02-29")).toBe(true);
    expect(isValidDay("2026-02-29")).toBe(false);
    expect(isValidDay("2026-13-01")).toBe(false);
    expect(isValidDay("04.12.2026")).toBe(false);
    expect(isValidDay("2026-12-4")).toBe(false);
  });

  it("counts days between calendar days", () => {
    expect(daysBetween("2026-12-04", "2026-12-04")).toBe(0);
    expect(daysBetween("2026-12-04", "2026-12-01")).toBe(-3);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
  });
});

describe("project client field", () => {
  const id = "0b6a3c5e-3f1e-4d7a-9a51-2c8e0f1d7b44";

  it("reads ids, e-mails, labelled e-mails and names", () => {
    expect(classifyClientField(` ${id.toUpperCase()} `)).toEqual({ kind: "id", id });
    expect(classifyClientField("Jan@Example.com")).toEqual({ kind: "email", email: "jan@example.com", name: null });
    expect(classifyClientField("Jan Kowalski <Jan@Example.com>")).toEqual({
      kind: "email",
      email: "jan@example.com",
      name: "Jan Kowalski",
    });
    expect(classifyClientField("<jan@example.com>")).toEqual({ kind: "email", email: "jan@example.com", name: null });
    expect(classifyClientField("Łukasz Żółć".normalize("NFD"))).toEqual({ kind: "name", name: "Łukasz Żółć" });
    expect(classifyClientField("Jan <jan@>")).toEqual({ kind: "name", name: "Jan <jan@>" });
  });

  it("rejects empty text and control characters", () => {
    expect(classifyClientField("   ")).toEqual({ kind: "invalid" });
    expect(classifyClientField("Jan\nKowalski")).toEqual({ kind: "invalid" });
  });

  it("compares names without case or Unicode form", () => {
    expect(clientNameKey(" ŁUKASZ ŻÓŁĆ ")).toBe(clientNameKey("Łukasz Żółć".normalize("NFD")));
  });

  it("suggests Name <e-mail>, a unique name, or the id", () => {
    const values = clientFieldValues([
      { id: "a", name: "Jan Kowalski", email: "jan@example.com" },
      { id: "b", name: "jan kowalski", email: null },
      { id: "c", name: "Firma", email: null },
      { id: "d", name: "biuro@firma.pl", email: null },
    ]);
    expect(Object.fromEntries(values)).toEqual({
      a: "Jan Kowalski <jan@example.com>",
      b: "b",
      c: "Firma",
      d: "d",
    });
  });
});
