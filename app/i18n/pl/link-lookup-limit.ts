// The 429 page of a secret link (client link, report link, unsubscribe, activation, PIN,
// e-mail change, payment return) after too many links from one IP address did not open.
export const linkLookupLimitText = {
  title: "Zbyt wiele prób",
  /** `label` comes from `minuteForms`. */
  text: (minutes: number, label: string) =>
    `Zbyt wiele prób otwarcia linku, który nie działa. Spróbuj ponownie za ${minutes} ${label}. Sprawdź, czy link został skopiowany w całości.`,
  minuteForms: { one: "minutę", few: "minuty", many: "minut", other: "minuty" },
};
