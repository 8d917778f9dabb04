// File sizes as users read them, in binary units (1 MB = 1024 × 1024 bytes, the unit of the
// 25 MB and 1 GB limits), with the decimal separator of the reader's language: `1,5 MB`.

const UNITS = ["B", "KB", "MB", "GB"] as const;

export function formatFileSize(bytes: number, locale: "pl" | "en" = "pl"): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const number = new Intl.NumberFormat(locale === "pl" ? "pl-PL" : "en-GB", {
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  }).format(value);
  // A non-breaking space keeps the number and the unit on one line.
  return `${number}\u00a0${UNITS[unit]}`;
}
