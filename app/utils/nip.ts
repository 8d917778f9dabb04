// Polish tax id (NIP): ten digits, the last a weighted checksum mod 11 (10 is never valid).

const WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];

/** Strips `PL`, spaces and dashes; returns the ten digits or null when the shape is wrong. */
export function normalizeNip(input: string): string | null {
  const compact = input.replace(/[\s-]/g, "").replace(/^PL/i, "");
  return /^\d{10}$/.test(compact) ? compact : null;
}

export function isValidNip(input: string): boolean {
  const digits = normalizeNip(input);
  if (!digits) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  const check = sum % 11;
  return check !== 10 && check === Number(digits[9]);
}
