// "Usuń konto": the confirmation with the password and what the law requires to be kept.
export const accountDeletionText = {
  title: "Usuń konto",
  // The section at the bottom of Settings → "Twoje dane".
  sectionText: "Usuwa konto razem ze wszystkimi danymi. Tego nie można cofnąć.",
  sectionLink: "Przejdź do usuwania konta",
  // The page /settings/data/delete.
  irreversible: "Usunięcia konta nie można cofnąć, a usuniętych danych nie da się odzyskać.",
  deletedTitle: "Co usuniemy",
  deletedIntro: "Wszystkie dane konta:",
  deletedItems: [
    "klientów, projekty i zadania razem z historią zmian",
    "rachunki i zapisy płatności od klientów",
    "wiadomości z panelu dyskusyjnego i poprawki",
    "pliki, raporty i logo do raportów",
    "połączenie z Tpay (Twoje konto w Tpay i pieniądze na nim zostają bez zmian)",
    "zaproszenia, powiadomienia, wysłane e-maile i historię konta",
    "wszystkie sesje: wylogujemy Cię ze wszystkich urządzeń",
  ],
  clientLinks: "Każdy link do projektu dla klienta przestanie działać. Klienci nie zobaczą już projektów, plików, rachunków ani raportów.",
  accessEnds: "Konto przestanie działać od razu, także jeśli abonament jest opłacony na dłużej.",
  keptTitle: "Co zachowamy i dlaczego",
  keptText:
    "Zapisy płatności za abonament Klamp: kwotę, datę, plan i dane kupującego (imię i nazwisko, e-mail, firmę, NIP i adres). Wymaga tego polskie prawo rachunkowe: dowody księgowe przechowujemy przez 5 lat od końca roku, w którym nastąpiła płatność (ustawa o rachunkowości, art. 74; Ordynacja podatkowa, art. 86). Po tym czasie usuniemy je automatycznie.",
  keptCount: (count: number) => `Zachowamy zapisy płatności za abonament z Twojego konta: ${count.toLocaleString("pl-PL")}.`,
  keptNone: "Na Twoim koncie nie ma płatności za abonament, więc nie zachowamy żadnych zapisów.",
  // Nominative, after a number: 1 płatność, 2 płatności, 5 płatności.
  paymentForms: { one: "płatność", few: "płatności", many: "płatności", other: "płatności" },
  exportTitle: "Najpierw pobierz swoje dane",
  exportText:
    "Po usunięciu konta nie odzyskasz rachunków, plików ani raportów. Jeśli ich potrzebujesz, na przykład do własnej księgowości, najpierw użyj „Eksportuj dane”.",
  exportLink: "Przejdź do eksportu danych",
  confirmTitle: "Potwierdź hasłem",
  confirmText: (email: string) => `Wpisz obecne hasło, aby usunąć konto ${email}.`,
  password: "Obecne hasło",
  submit: "Usuń konto na zawsze",
  cancel: "Anuluj",
  passwordWrong: "Hasło jest nieprawidłowe. Konto nie zostało usunięte.",
  tooManyAttempts: "Zbyt wiele prób usunięcia konta. Spróbuj ponownie za 15 minut.",
  paymentInProgress:
    "Nie można teraz usunąć konta, bo trwa płatność Tpay za abonament i pieniądze mogą jeszcze wpłynąć. Poczekaj na wynik płatności i spróbuj ponownie. Konto nie zostało usunięte.",
  pinSession:
    "Zalogowano PIN-em, więc najpierw ustaw nowe hasło w Ustawieniach → Bezpieczeństwo. Potem wróć tutaj i potwierdź usunięcie konta nowym hasłem.",
  pinSessionLink: "Ustaw nowe hasło",
  deleted: "Konto zostało usunięte. Potwierdzenie wyślemy na adres e-mail konta.",
  // The goodbye e-mail to the deleted account's address.
  emailSubject: "Konto zostało usunięte",
  emailIntro:
    "Na Twoją prośbę usunęliśmy konto w Klamp założone na ten adres razem z klientami, projektami, zadaniami, rachunkami, wiadomościami, plikami i raportami. Żaden link do projektu dla klienta już nie działa.",
  emailRetained: (payments: string) =>
    `Zachowujemy tylko zapisy płatności za abonament Klamp (${payments}), bo polskie prawo rachunkowe wymaga ich przechowywania przez 5 lat od końca roku płatności. Potem usuniemy je automatycznie.`,
  emailOutro: "Jeśli zechcesz wrócić, możesz w każdej chwili założyć nowe konto na ten sam adres.",
};
