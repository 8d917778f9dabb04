// "Eksportuj dane": the export section, its progress, the download and the e-mail.
export const dataExportText = {
  title: "Eksport danych",
  button: "Eksportuj dane",
  intro: (email: string) =>
    `Przygotujemy plik ZIP z kopią wszystkich danych Twojego konta. Gdy będzie gotowy, wyślemy link do pobrania na adres ${email}.`,
  contentsTitle: "Co jest w pliku ZIP",
  contents: [
    "Klienci, projekty, zadania, rachunki z pozycjami, płatności, wiadomości z panelu dyskusyjnego i historia zmian: w plikach JSON oraz CSV, które otworzysz w arkuszu kalkulacyjnym.",
    "Poprawki, zaproszenia, wersje zadań, raporty, abonament i dane konta: w plikach JSON.",
    "Pliki projektów, raporty PDF i logo raportów.",
    "Plik README.txt z opisem zawartości.",
  ],
  notIncluded: "W eksporcie nie ma haseł, kodów PIN, linków do projektów dla klientów ani danych dostępowych Tpay.",
  linkValidity: "Plik ZIP można pobrać przez 7 dni. Link do pobrania działa tylko po zalogowaniu na to konto.",

  status: { queued: "W kolejce", running: "W toku", ready: "Gotowy", failed: "Nie udał się", expired: "Wygasł" },
  progressLabel: "Postęp eksportu danych",
  /** `${done} z ${total} ${label}`, with the label from `stepForms`. */
  progress: (done: number, total: number, label: string) => `${done} z ${total} ${label}`,
  stepForms: { one: "kroku", few: "kroków", many: "kroków", other: "kroku" },
  waiting: "Eksport czeka w kolejce na rozpoczęcie.",
  running: "Przygotowujemy plik ZIP. Może to potrwać kilka minut, a link wyślemy też e-mailem.",
  autoRefresh: "Postęp odświeża się sam.",
  noScriptRefresh: "Odśwież stronę, aby zobaczyć postęp.",
  refresh: "Odśwież",
  download: "Pobierz ZIP",
  downloadLabel: (date: string) => `Pobierz ZIP eksportu z ${date}`,
  readyInfo: (size: string, expires: string) => `Plik ZIP (${size}) można pobrać do ${expires}.`,
  failedInfo: "Nie udało się przygotować eksportu.",
  failureReason: (reason: string) => `Powód: ${reason}`,
  retry: "Spróbuj ponownie",
  expiredInfo: "Plik ostatniego eksportu został usunięty po 7 dniach. Możesz przygotować nowy.",

  listTitle: "Ostatnie eksporty",
  listEmpty: "Nie ma jeszcze żadnego eksportu.",
  columnRequested: "Zlecono",
  columnStatus: "Stan",
  columnFile: "Plik",
  fileAvailable: (size: string, expires: string) => `${size}, do ${expires}`,
  noFile: "—",

  queued: "Zaczęliśmy przygotowywać eksport danych. Gdy będzie gotowy, wyślemy e-mail z linkiem do pobrania.",
  alreadyRunning: (requested: string) => `Eksport zlecony ${requested} wciąż trwa, więc nie zlecono nowego. Poczekaj, aż się zakończy.`,
  /** `wait` is billsText.retryInHour or billsText.retryInMinutes. */
  rateLimited: (wait: string) => `Zlecono zbyt wiele eksportów w ciągu ostatniej godziny. Spróbuj ponownie ${wait}.`,
  invalidIntent: "Nie rozpoznano polecenia formularza. Odśwież stronę i spróbuj ponownie.",

  // The page of /export/<id> when there is no ZIP to download.
  backToData: "Przejdź do „Twoje dane”",
  notReadyTitle: "Eksport nie jest jeszcze gotowy",
  notReadyText: "Plik ZIP jeszcze się przygotowuje. Postęp zobaczysz w Ustawieniach → Twoje dane, a link przyjdzie też e-mailem.",
  failedTitle: "Eksport się nie udał",
  failedText: "Nie udało się przygotować tego eksportu. W Ustawieniach → Twoje dane możesz zlecić nowy.",
  expiredTitle: "Eksport wygasł",
  expiredText: "Plik ZIP tego eksportu był dostępny przez 7 dni i został usunięty. W Ustawieniach → Twoje dane możesz zlecić nowy.",

  // Stored in data_exports.failure_reason and shown after "Powód:".
  failure: {
    unknown: "Wystąpił błąd po naszej stronie podczas przygotowywania pliku ZIP. Kliknij „Spróbuj ponownie” za kilka minut.",
    tooLarge: "Dane konta nie mieszczą się w jednym pliku ZIP (najwyżej 4 GB i 65 535 plików). Usuń niepotrzebne pliki z projektów i kliknij „Spróbuj ponownie”.",
    /** The job stopped on every attempt, or the queue gave up on the message. */
    abandoned: "Przygotowywanie pliku ZIP przerywało się przy każdej próbie. Kliknij „Spróbuj ponownie” za kilka minut.",
  },

  // The e-mail with the download link.
  emailSubject: "Eksport danych z Klamp jest gotowy",
  emailIntro: "Plik ZIP z kopią danych Twojego konta w Klamp jest gotowy do pobrania.",
  /** `files` is `5 plików` and the like, `size` is formatted. */
  emailDetails: (size: string, files: string) => `Rozmiar: ${size}. Dołączone pliki projektów, raporty i logo: ${files}.`,
  emailExpires: (date: string) => `Plik można pobrać do ${date} (czasu polskiego). Link działa po zalogowaniu na Twoje konto.`,
  emailNotYou: "Eksport zlecono w Ustawieniach → Twoje dane. Jeśli to nie Ty, zmień hasło w Ustawieniach → Bezpieczeństwo.",
  emailAction: "Pobierz ZIP",
  fileForms: { one: "plik", few: "pliki", many: "plików", other: "pliku" },

  // "Historia konta" in Settings → Bezpieczeństwo.
  activity: {
    requested: "Zlecono eksport danych",
    ready: "Przygotowano eksport danych",
    failed: "Nie udało się przygotować eksportu danych",
    expired: "Usunięto plik eksportu danych po 7 dniach",
    reason: (reason: string) => `Powód: ${reason}`,
  },

  // README.txt at the top of the ZIP.
  readme: {
    title: "Eksport danych z Klamp",
    account: (name: string, email: string) => `Konto: ${name} <${email}>`,
    madeAt: (date: string) => `Przygotowano: ${date} (czas polski)`,
    exportId: (id: string) => `Numer eksportu: ${id}`,
    jsonTitle: "Folder json/",
    jsonIntro:
      "Dane w formacie JSON, z nazwami pól po angielsku. Kwoty są w groszach, jako liczby całkowite (123456 to 1 234,56 zł). Daty i godziny są w UTC, w formacie ISO 8601 (2026-12-04T13:05:00.000Z). Same daty (termin realizacji, okres raportu) mają postać RRRR-MM-DD.",
    csvTitle: "Folder csv/",
    csvIntro:
      "Te same dane w plikach CSV do arkusza kalkulacyjnego: kodowanie UTF-8, średnik jako separator, nagłówki po polsku. Kwoty mają postać 1234,56, a daty i godziny są w czasie polskim. Tekst zaczynający się od znaku =, +, -, @, tabulatora albo powrotu karetki ma na początku apostrof, żeby arkusz nie potraktował go jak formuły.",
    filesTitle: "Foldery pliki/, raporty/ i logo/",
    filesIntro:
      "pliki/<projekt>/ zawiera pliki projektów (Twoje i klienta), raporty/<projekt>/ raporty PDF, a logo/ logo raportów. Znaki, których nie można użyć w nazwach plików, zastąpiono podkreśleniem, a powtórzone nazwy mają dopisek „ (2)”. Ścieżkę każdego pliku projektu podaje json/files.json w polu zipPath.",
    notIncluded: "W eksporcie nie ma haseł, kodów PIN, linków do projektów dla klientów, identyfikatorów sesji ani danych dostępowych Tpay.",
    missingTitle: "Pliki, których nie udało się dołączyć",
    missingNone: "Wszystkie pliki zostały dołączone.",
    missingIntro: "Tych plików zabrakło w magazynie plików, więc nie ma ich w eksporcie:",
    /** One line per entry of the ZIP's folders and files. */
    entries: {
      "json/account.json": "dane konta i ustawienia raportów",
      "json/clients.json": "klienci",
      "json/projects.json": "projekty",
      "json/tasks.json": "zadania",
      "json/task_versions.json": "wersje zadań z decyzjami klienta",
      "json/bills.json": "rachunki z pozycjami (items)",
      "json/payments.json": "płatności",
      "json/messages.json": "wiadomości z panelu dyskusyjnego",
      "json/fix_requests.json": "poprawki",
      "json/invitations.json": "zaproszenia",
      "json/reports.json": "raporty",
      "json/subscription_orders.json": "zamówienia abonamentu",
      "json/activity.json": "historia zmian",
      "json/files.json": "opis plików projektów",
      "csv/klienci.csv": "klienci",
      "csv/projekty.csv": "projekty",
      "csv/zadania.csv": "zadania",
      "csv/rachunki.csv": "rachunki",
      "csv/pozycje-rachunkow.csv": "pozycje rachunków",
      "csv/platnosci.csv": "płatności",
      "csv/wiadomosci.csv": "wiadomości z panelu dyskusyjnego",
      "csv/historia-zmian.csv": "historia zmian",
    } as Record<string, string>,
  },

  // Values and column headers of the CSV files.
  csv: {
    yes: "tak",
    no: "nie",
    actor: { freelancer: "Ty", client: "Klient", system: "System" },
    projectStatus: { active: "Aktywny", completed: "Zakończony" },
    paymentPurpose: { bill: "Rachunek", subscription: "Abonament" },
    paymentMethod: { tpay: "Tpay", cash: "gotówka", transfer: "przelew" },
    paymentStatus: { applied: "Rozliczona", flagged: "Do wyjaśnienia", refunded: "Zwrócona" },
    headers: {
      clients: ["Nazwa", "E-mail", "Telefon", "NIP", "Adres", "Notatki", "Zanonimizowano", "Dodano", "Zmieniono"],
      projects: ["Nazwa", "Klient", "Termin realizacji", "Stan", "Język strony klienta", "Darmowe poprawki", "Pierwsza uzgodniona kwota", "Link do projektu dla klienta włączony", "Utworzono", "Zmieniono"],
      tasks: ["Projekt", "Lp.", "Zadanie", "Kwota", "Wymaga akceptacji klienta", "Akceptacja", "Status", "Płatność", "Opłacono", "Sposób płatności", "Wersja", "Dodano", "Zmieniono"],
      bills: ["Projekt", "Numer", "Stan", "Kwota", "Liczba pozycji", "Utworzył", "Odbiorca e-maila", "Wysłano", "Opłacono", "Sposób płatności", "Anulowano", "Nabywca", "NIP nabywcy", "Adres nabywcy", "Utworzono"],
      billItems: ["Projekt", "Numer rachunku", "Lp.", "Zadanie", "Kwota", "Wersja zadania", "Aktywna"],
      payments: ["Data płatności", "Projekt", "Numer rachunku", "Za co", "Sposób", "Kwota", "Oczekiwana kwota", "Stan", "Uwaga", "Tytuł transakcji Tpay", "Notatka", "Zwrócono", "Data zwrotu"],
      messages: ["Projekt", "Nr", "Autor", "Treść", "Wysłano"],
      activity: ["Data", "Projekt", "Kto", "Opis", "Akcja", "Szczegóły (JSON)"],
    },
    flag: { overpaid: "nadpłata", underpaid: "niedopłata", not_payable: "do zwrotu" },
  },
};
