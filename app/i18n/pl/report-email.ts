// The report e-mail to the client, in the project's client language (English twin in en.ts).
export const reportEmailText = {
  subject: (project: string) => `Raport z projektu „${project}”`,
  intro: (freelancer: string, project: string, period: string) =>
    `${freelancer} przesyła Ci raport z projektu „${project}” za okres ${period}.`,
  contents: "Raport w PDF pokazuje stan zadań na koniec okresu, zmiany w tym okresie i podsumowanie kwot.",
  expires: (date: string) => `Link do pobrania działa do ${date} (czasu polskiego).`,
  linkWarning: "Link działa bez logowania. Nie przekazuj go osobom, które nie powinny widzieć raportu.",
  action: "Pobierz raport (PDF)",
  // The 404 page of /r/<token>.
  linkNotFoundTitle: "Link do raportu nie działa",
  linkNotFoundText: "Ten link do pobrania raportu wygasł, raport został usunięty albo link jest niepełny. Link działa 30 dni od wysłania e-maila. Poproś wykonawcę o ponowne wysłanie raportu.",
};
