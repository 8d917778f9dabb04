// Texts that the freelancer's fix-request panel (app/components/fix-requests-panel.tsx) and the
// project form's "Darmowe poprawki" field render in the browser. They have their own module, so the
// project page does not load the validation messages and refusals that only the server sends, nor
// the labels of each request's read-only lines, which the loaders build as text
// (app/models/fix-request-rows.server.ts). fixRequestsText spreads them.
export const fixRequestsPanelText = {
  title: "Poprawki",
  freeRoundsHint: "Liczbę darmowych poprawek zmienisz w sekcji „Edytuj projekt”.",
  empty: "Klient nie zgłosił jeszcze żadnej poprawki. Zgłasza je na stronie projektu, którą otwiera linkiem do projektu dla klienta.",
  attachment: "Załącznik",
  declineReason: "Powód odrzucenia",
  historyTitle: "Historia",
  inScopeTitle: "W ramach zadania",
  inScopeTask: "Zadanie",
  inScopeChoose: "Wybierz zadanie",
  inScopeHint: (left: number) => `Poprawka zużyje jedną darmową poprawkę. Zostało: ${left}.`,
  inScopeSubmit: "Zrób w ramach zadania",
  inScopeNoTasks: "Projekt nie ma zadania, w ramach którego można zrobić poprawkę. Wyceń ją jako nowe zadanie.",
  priceTitle: "Wyceń jako nowe zadanie",
  priceHint: "Nowe zadanie wymaga akceptacji klienta: klient zobaczy kwotę na stronie projektu i dostanie e-mail, jeśli wysłano mu zaproszenie.",
  priceSubmit: "Wyceń jako nowe zadanie",
  priceCompleted: "Projekt jest zakończony, więc nie można dodać do niego zadania. Przywróć projekt do aktywnych, aby wycenić poprawkę.",
  declineTitle: "Odrzuć",
  declineReasonLabel: "Powód",
  declineReasonHint: "Klient zobaczy powód. Najwyżej 1000 znaków.",
  declineSubmit: "Odrzuć poprawkę",
  doneSubmit: "Zrobione",
  doneHint: "Oznacz poprawkę jako zrobioną, gdy ją wykonasz. Klient zobaczy to na stronie projektu.",
  pricedTaskDeletedOptions: "Oznacz poprawkę jako zrobioną albo ją odrzuć, podając powód.",
  editPricedTask: "Zmień kwotę zadania",
  allLink: "Wszystkie poprawki",
  roundsLabel: "Darmowe poprawki",
  roundsHint: "Ile poprawek zgłoszonych przez klienta zrobisz w ramach istniejących zadań, bez dodatkowej kwoty. Od 0 do 100.",
};
