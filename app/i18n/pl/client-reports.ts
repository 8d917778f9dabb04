// The client page's reports (typed twin in en.ts).
export const clientReportsText = {
  tab: "Raporty",
  projectTab: "Projekt",
  tabsLabel: "Sekcje projektu",
  title: "Raporty",
  intro: "Raporty PDF ze stanem zadań projektu, przygotowane przez wykonawcę. Każdy pokazuje stan na koniec swojego okresu.",
  empty: "Wykonawca nie przygotował jeszcze raportów tego projektu.",
  /** A period of two days already formatted as DD.MM.YYYY. */
  period: (start: string, end: string) => (start === end ? `${start}` : `${start}–${end}`),
  columnPeriod: "Okres",
  columnCreated: "Utworzono",
  columnSize: "Rozmiar",
  download: "Pobierz PDF",
  downloadLabel: (period: string) => `Pobierz PDF raportu za okres ${period}`,
  count: (count: number, label: string) => `${count} ${label}`,
  reportForms: { one: "raport", few: "raporty", many: "raportów", other: "raportu" },
  previousPage: "Poprzednia strona",
  nextPage: "Następna strona",
  page: (page: number) => `Strona ${page}`,
};
