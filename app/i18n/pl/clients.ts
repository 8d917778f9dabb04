import { buyerText } from "./buyer";

export const clientsText = {
  title: "Klienci",
  add: "Dodaj nowego klienta",
  editTitle: "Edytuj klienta",
  name: "Imię i nazwisko lub nazwa firmy",
  email: "E-mail",
  phone: "Telefon",
  nip: "NIP",
  nipHint: "Opcjonalnie, np. 525-244-57-67 albo PL5252445767.",
  nipInvalid: "Nieprawidłowy NIP: sprawdź cyfry (suma kontrolna się nie zgadza).",
  phoneInvalid: "Wpisz poprawny numer telefonu, np. +48 600 100 200.",
  address: "Adres",
  notes: "Notatki",
  listTitle: "Klienci",
  searchLabel: "Szukaj klienta",
  searchPlaceholder: "Nazwa, e-mail, telefon lub NIP",
  clearSearch: "Wyczyść",
  empty: "Nie masz jeszcze klientów. Dodaj pierwszego albo wpisz adres e-mail klienta przy tworzeniu projektu.",
  noResults: (query: string) => `Żaden klient nie pasuje do „${query}”.`,
  projects: "Projekty",
  noProjects: "brak projektów",
  submitCreate: "Dodaj klienta",
  created: (name: string) => `Dodano klienta „${name}”.`,
  updated: "Zapisano zmiany klienta.",
  unchanged: "Nic nie zmieniono.",
  deleted: (name: string) => `Usunięto klienta „${name}”.`,
  deleteTitle: "Usuń klienta",
  deleteHelp: "Klient nie ma projektów, więc zostanie usunięty całkowicie.",
  deleteConfirm: "Czy na pewno usunąć tego klienta? Tej operacji nie można cofnąć.",
  /**
   * A delete without the confirmation reached a client that has projects. `projects` is a count
   * with its noun, e.g. "2 projekty".
   */
  confirmNeeded: (projects: string) =>
    `Ten klient ma ${projects}. Sprawdź poniżej, co zostanie usunięte, a co zostanie zachowane, i potwierdź usunięcie.`,
  projectsOfClient: (projects: string) => `Ten klient ma ${projects}.`,
  createProjectForClient: "Stwórz nowy projekt dla tego klienta",
  alreadyDeleted: "Ten klient został już usunięty.",
  conflict: "Dane klienta zmieniły się w międzyczasie. Sprawdź aktualne dane i zapisz ponownie.",
  // Deleting a client that has projects removes the client's personal data and keeps the
  // projects and the bills the law requires to keep.
  /** Shown wherever an anonymised client's name used to be. */
  anonymizedName: "Klient usunięty",
  /** Replaces the client's personal data inside the history, notifications and e-mail logs. */
  removedValue: "[usunięto]",
  /** `projects` is a count with its noun, e.g. "2 projekty". */
  anonymizeIntro: (projects: string) =>
    `Ten klient ma ${projects}. Usunięcie klienta usunie jego dane osobowe, a projekty zostaną zachowane.`,
  removedTitle: "Zostanie usunięte",
  removedClientData: "dane klienta: nazwa, e-mail, telefon, NIP, adres i notatki",
  removedBills: (count: number) => `rachunki bez żadnej płatności (otwarte, wysłane, anulowane): ${count}`,
  removedInvitations: (count: number) => `zaproszenia do projektów: ${count}`,
  removedClientLink: "link do projektu dla klienta: przestanie działać",
  removedMessages: (count: number) => `wiadomości klienta w panelu dyskusyjnym: ${count}`,
  removedFiles: (count: number) => `pliki dodane przez klienta: ${count}`,
  removedReports: (count: number) => `raporty z plikami PDF (zawierają dane klienta): ${count}`,
  removedTraces: "adresy i nazwa klienta w historii zmian, powiadomieniach i wysłanych e-mailach",
  keptTitle: "Zostanie zachowane",
  keptProjects: (count: number) => `projekty z zadaniami i poprawkami: ${count}`,
  keptOwnContent: "Twoje wiadomości i pliki",
  keptBills: (count: number) =>
    `rachunki, za które wpłynęły lub mogą wpłynąć pieniądze (opłacone, zwrócone lub z płatnością Tpay): ${count}. Zachowają nazwę, NIP i adres nabywcy, bo prawo wymaga przechowywania takich rachunków.`,
  /** `bills` lists the bills, e.g. "nr 2 w projekcie „Sklep”". */
  paymentInProgress: (bills: string) =>
    `Nie można teraz usunąć klienta, bo trwa płatność Tpay za rachunek (${bills}) i pieniądze mogą jeszcze wpłynąć. Poczekaj na wynik płatności albo anuluj rachunek.`,
  paymentInProgressBill: (number: number, project: string) => `nr ${number} w projekcie „${project}”`,
  confirmLabel: "Rozumiem, że usuniętych danych nie można przywrócić.",
  confirmRequired: "Zaznacz potwierdzenie, aby usunąć klienta.",
  anonymized: "Usunięto klienta. Projekty i rachunki z płatnościami zostały zachowane.",
  anonymizedTitle: "Klient usunięty",
  anonymizedNotice: (date: string) =>
    `Dane tego klienta usunięto ${date}. Jego projekty i rachunki z płatnościami zostały zachowane.`,
  anonymizedProjects: "Projekty tego klienta",
  activityAnonymized: "Usunięto klienta z projektami i jego dane osobowe",
  ...buyerText,
};
