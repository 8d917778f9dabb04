// /dev/mailbox: the development inbox of the "mailbox" e-mail provider.
export const devMailboxText = {
  title: "Skrzynka deweloperska",
  intro: "E-maile wysłane przez aplikację w trybie deweloperskim. W produkcji ta strona nie istnieje.",
  recipient: "Odbiorca",
  filter: "Filtruj",
  clearFilter: "Pokaż wszystkie",
  empty: "Brak wiadomości.",
  subject: "Temat",
  from: "Od",
  to: "Do",
  sentAt: "Wysłano",
  textPart: "Treść (tekst)",
  htmlVersion: "Otwórz wersję HTML",
  backToList: "Wróć do listy",
};
