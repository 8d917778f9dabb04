import { reportLinkText } from "./report-link";

// "Stwórz raport" (/projects/:projectId/reports/new) as the browser shows it: the period form, its
// slider, its validation messages and the period format. `reportsText` includes these keys, so
// the page loads these lines and not the texts of the "Raporty" tab and the report page.
export const reportFormText = {
  create: reportLinkText.create,
  save: "Zapisz raport",
  /** A period's first and last day, already formatted as DD.MM.YYYY; a one-day period is one date. */
  period: (start: string, end: string) => (start === end ? `${start}` : `${start}–${end}`),
  newIntro: (project: string) =>
    `Raport PDF pokaże stan zadań projektu „${project}” na koniec wybranego okresu, zmiany w tym okresie i podsumowanie kwot.`,
  periodLegend: "Okres raportowania",
  start: "Początek okresu",
  end: "Koniec okresu",
  sliderLabel: "Suwak okresu raportowania",
  sliderStart: "Pierwszy dzień okresu",
  sliderEnd: "Ostatni dzień okresu",
  sliderHint: "Przesuń suwaki strzałkami albo myszą, albo wpisz daty w polach.",
  limits: (first: string, today: string) => `Możesz wybrać dni od ${first} (utworzenie projektu) do ${today} (dziś).`,
  /** `${count} ${label}`, with the label from DAY_FORMS. */
  chosen: (period: string, count: number, label: string) => `Wybrany okres: ${period} (${count} ${label})`,
  wholeDays: "Okres obejmuje całe dni czasu polskiego, od początku pierwszego do końca ostatniego.",
  reversed: "Koniec okresu nie może być wcześniej niż jego początek.",
  future: (today: string) => `Okres nie może kończyć się później niż dziś (${today}).`,
  beforeProject: (first: string) => `Okres nie może zaczynać się przed utworzeniem projektu (${first}).`,
  suggestionsLabel: "Okresy z aktywnością",
  suggestion: (period: string) => `Wybierz okres ${period}`,
  projectFilter: (project: string) => `Raporty projektu „${project}”`,
};
