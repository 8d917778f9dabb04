// Polish bank account numbers (IBAN): "PL", two check digits and 24 digits of the account,
// checked with the ISO 13616 mod-97 rule.

/** Strips spaces and dashes, upper-cases and adds "PL" to 26 bare digits. Returns null for any other shape. */
export function normalizePolishIban(input: string): string | null {
  const compact = input.replace(/[\s-]/g, "").toUpperCase();
  const withCountry = /^\d{26}$/.test(compact) ? `PL${compact}` : compact;
  return /^PL\d{26}$/.test(withCountry) ? withCountry : null;
}

export function isValidPolishIban(input: string): boolean {
  const iban = normalizePolishIban(input);
  if (!iban) return false;
  // Move the country code and check digits to the end, turn letters into numbers (A = 10 …
  // P = 25, L = 21) and take the remainder digit by digit, because the number exceeds 2^53.
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of rearranged) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}

/** Groups an IBAN by four characters for reading: "PL61 1090 1014 …". */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, "$1 ");
}
