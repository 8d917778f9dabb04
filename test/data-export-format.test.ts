// The pieces of the export ZIP that need no database: CSV cells with the formula guard and the
// Polish number and date formats, names made safe for a ZIP path, and README.txt.
import { describe, expect, it } from "vitest";
import { csvAmount, csvCell, csvDateTime, csvDay, csvLine } from "~/exports/csv";
import { buildReadme } from "~/exports/readme";
import { MAX_FILE_NAME_BYTES, MAX_FOLDER_NAME_BYTES, safeZipSegment, ZipNameRegistry } from "~/exports/zip-names";
import { zipModifiedTime } from "~/exports/zip-to-r2.server";
import { dataExportText } from "~/i18n/pl";

const bytes = (text: string) => new TextEncoder().encode(text).byteLength;

describe("csv cells", () => {
  it.each([
    ["=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\""],
    ["+48 600 100 200", "'+48 600 100 200"],
    ["-5 zł rabatu", "'-5 zł rabatu"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\tukryte", "'\tukryte"],
    ["\rpowrót", "\"'\rpowrót\""],
  ])("guards formula-like text %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("leaves ordinary text alone", () => {
    expect(csvCell("Zażółć gęślą jaźń")).toBe("Zażółć gęślą jaźń");
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell("a;b")).toBe('"a;b"');
    expect(csvCell('powiedział "tak"')).toBe('"powiedział ""tak"""');
    expect(csvCell("dwie\nlinie")).toBe('"dwie\nlinie"');
  });

  it("quotes commas, so a comma-separated reader finds no formula after one", () => {
    expect(csvCell("Kowalski, Jan")).toBe('"Kowalski, Jan"');
    expect(csvCell("ok,=cmd|' /C calc'!A0")).toBe("\"ok,=cmd|' /C calc'!A0\"");
    expect(csvLine(["a,b", "c"])).toBe('"a,b";c\r\n');
  });

  it("writes empty cells for missing values", () => {
    expect(csvLine([null, undefined, "", 0])).toBe(";;;0\r\n");
  });

  it("formats amounts as 1234,56 without guard", () => {
    expect(csvCell(csvAmount(123_456))).toBe("1234,56");
    expect(csvCell(csvAmount(5))).toBe("0,05");
    expect(csvCell(csvAmount(-150))).toBe("-1,50");
    expect(csvAmount(null)).toBeNull();
  });

  it("formats dates in Europe/Warsaw", () => {
    expect(csvDateTime("2026-12-04T13:05:00.000Z")).toBe("04.12.2026, 14:05");
    expect(csvDateTime("2026-07-01T22:30:00.000Z")).toBe("02.07.2026, 00:30");
    expect(csvDay("2026-03-29")).toBe("29.03.2026");
    expect(csvDateTime(null)).toBe("");
  });
});

describe("zip names", () => {
  it.each([
    ["../../etc/passwd", "_._etc_passwd"],
    ["/absolutna/ścieżka.txt", "_absolutna_ścieżka.txt"],
    ["..", "plik"],
    ["   . .   ", "plik"],
    ["C:\\Windows\\win.ini", "C__Windows_win.ini"],
    ["raport\u202Efdp.exe", "raportfdp.exe"],
    ["linia\nnowa\ttab.txt", "linianowatab.txt"],
    ["Zażółć gęślą jaźń.pdf", "Zażółć gęślą jaźń.pdf"],
    ["CON.txt", "_CON.txt"],
    ["nul", "_nul"],
    ["co?*<>|\".pdf", "co______.pdf"],
  ])("makes %j safe", (raw, expected) => {
    const safe = safeZipSegment(raw, "plik");
    expect(safe).toBe(expected);
    expect(safe).not.toContain("..");
    expect(safe).not.toMatch(/[/\\\u0000-\u001f]/);
  });

  it("shortens long names and keeps the extension", () => {
    const safe = safeZipSegment(`${"ą".repeat(300)}.pdf`, "plik");
    expect(safe).toBe(`${"ą".repeat(58)}.pdf`);
    expect(bytes(safe)).toBe(MAX_FILE_NAME_BYTES);
  });

  it("caps CJK and emoji names by UTF-8 bytes without splitting a character", () => {
    const cjkFile = safeZipSegment(`${"漢".repeat(150)}.pdf`, "plik");
    expect(cjkFile).toBe(`${"漢".repeat(38)}.pdf`);
    const emojiFile = safeZipSegment(`${"😀".repeat(120)}.png`, "plik");
    expect(emojiFile).toBe(`${"😀".repeat(29)}.png`);
    expect(emojiFile).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    const cjkFolder = safeZipSegment("漢".repeat(150), "projekt", "folder");
    expect(cjkFolder).toBe("漢".repeat(20));
    const emojiFolder = safeZipSegment(`a${"😀".repeat(100)}`, "projekt", "folder");
    expect(emojiFolder).toBe(`a${"😀".repeat(14)}`);
    for (const [name, max] of [
      [cjkFile, MAX_FILE_NAME_BYTES],
      [emojiFile, MAX_FILE_NAME_BYTES],
      [cjkFolder, MAX_FOLDER_NAME_BYTES],
      [emojiFolder, MAX_FOLDER_NAME_BYTES],
    ] as const) {
      expect(bytes(name)).toBeLessThanOrEqual(max);
      expect(name).not.toContain("\uFFFD");
    }
    expect(safeZipSegment("Sklep Łąka", "projekt", "folder")).toBe("Sklep Łąka");
  });

  it("numbers repeated names within a folder", () => {
    const names = new ZipNameRegistry();
    expect(names.claimFile("pliki/Sklep", "Umowa.pdf")).toBe("pliki/Sklep/Umowa.pdf");
    expect(names.claimFile("pliki/Sklep", "umowa.PDF")).toBe("pliki/Sklep/umowa (2).PDF");
    expect(names.claimFile("pliki/Sklep", "Umowa.pdf")).toBe("pliki/Sklep/Umowa (3).pdf");
    expect(names.claimFile("pliki/Inny", "Umowa.pdf")).toBe("pliki/Inny/Umowa.pdf");
  });

  it("numbers repeated folders after the whole name", () => {
    const names = new ZipNameRegistry();
    expect(names.claimFolder("projects", "Wersja 1.0")).toBe("Wersja 1.0");
    expect(names.claimFolder("projects", "wersja 1.0")).toBe("wersja 1.0 (2)");
  });
});

describe("zip modified time", () => {
  it("uses the Warsaw wall clock", () => {
    const summer = zipModifiedTime("2026-07-01T22:30:15.000Z");
    expect([summer.getFullYear(), summer.getMonth() + 1, summer.getDate(), summer.getHours(), summer.getMinutes(), summer.getSeconds()]).toEqual([
      2026, 7, 2, 0, 30, 15,
    ]);
    const winter = zipModifiedTime("2026-12-04T13:05:00.000Z");
    expect(winter.getHours()).toBe(14);
  });
});

describe("export readme", () => {
  const base = { exportId: "e-1", account: { name: "Łukasz Żółć", email: "lukasz@example.com" }, madeAt: new Date("2026-12-04T13:05:00.000Z") };

  it("describes the contents in Polish", () => {
    const readme = buildReadme({ ...base, missing: [] });
    expect(readme).toContain("Konto: Łukasz Żółć <lukasz@example.com>");
    expect(readme).toContain("Przygotowano: 04.12.2026, 14:05");
    expect(readme).toContain("json/clients.json: klienci");
    expect(readme).toContain("csv/zadania.csv: zadania");
    expect(readme).toContain("w groszach");
    expect(readme).toContain(dataExportText.readme.missingNone);
    expect(readme).toContain("\r\n");
  });

  it("lists missing files", () => {
    const readme = buildReadme({ ...base, missing: ["pliki/Sklep/brak.pdf"] });
    expect(readme).toContain(dataExportText.readme.missingIntro);
    expect(readme).toContain("  pliki/Sklep/brak.pdf");
    expect(readme).not.toContain(dataExportText.readme.missingNone);
  });
});
