// Texts of the root route (app/root.tsx), which every page loads: the error page and the toast's
// close button. `common` includes these keys, so the root's bundle carries only these lines and
// not the whole common section.
export const rootText = {
  notFoundTitle: "Nie znaleziono strony",
  notFoundText: "Ta strona nie istnieje albo nie masz do niej dostępu.",
  errorTitle: "Coś poszło nie tak",
  errorText: "Wystąpił nieoczekiwany błąd. Spróbuj ponownie za chwilę.",
  forbiddenText: "Nie masz dostępu do tej strony.",
  goHome: "Przejdź do strony głównej",
  close: "Zamknij",
  badRequestTitle: "Nieprawidłowe żądanie",
  badRequestText: "Nie udało się odczytać wysłanych danych. Wróć do poprzedniej strony i wyślij formularz jeszcze raz.",
  payloadTooLargeTitle: "Za dużo danych w formularzu",
  payloadTooLargeText: "Formularz zawiera więcej danych, niż Klamp przyjmuje (256 KB). Skróć wpisany tekst i wyślij formularz ponownie.",
};
