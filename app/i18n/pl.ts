// Polish texts shown to users, one place per feature so that tests import them instead of
// retyping them. Button and tab names follow the product's help pages word for word.

export const common = {
  appName: "Klamp",
  required: "To pole jest wymagane.",
  tooLong: (max: number) => `Wpisz najwyżej ${max.toLocaleString("pl-PL")} znaków.`,
  singleLine: "To pole nie może zawierać znaków nowej linii ani znaków sterujących.",
  invalidEmail: "Wpisz poprawny adres e-mail, np. jan@example.com.",
  invalidDay: "Wpisz poprawną datę.",
  save: "Zapisz",
  cancel: "Anuluj",
  edit: "Edytuj",
  delete: "Usuń",
  back: "Wróć",
  search: "Szukaj",
  previousPage: "Poprzednia strona",
  nextPage: "Następna strona",
  page: (page: number) => `Strona ${page}`,
  notFoundTitle: "Nie znaleziono strony",
  notFoundText: "Ta strona nie istnieje albo nie masz do niej dostępu.",
  errorTitle: "Coś poszło nie tak",
  errorText: "Wystąpił nieoczekiwany błąd. Spróbuj ponownie za chwilę.",
  forbiddenText: "Nie masz dostępu do tej strony.",
  goHome: "Przejdź do strony głównej",
  fixErrors: "Popraw zaznaczone pola.",
  close: "Zamknij",
  badRequestTitle: "Nieprawidłowe żądanie",
  badRequestText: "Nie udało się odczytać wysłanych danych. Wróć do poprzedniej strony i wyślij formularz jeszcze raz.",
  originRejectedTitle: "Żądanie odrzucone",
  originRejectedText: "Formularz został wysłany z innej strony niż Klamp, więc go nie przyjęliśmy. Otwórz Klamp i spróbuj ponownie.",
  methodNotAllowedTitle: "Nieobsługiwana metoda żądania",
  methodNotAllowedText: "Ten adres przyjmuje tylko żądania GET, HEAD i POST.",
  payloadTooLargeTitle: "Za dużo danych w formularzu",
  payloadTooLargeText: "Formularz zawiera więcej danych, niż Klamp przyjmuje (256 KB). Skróć wpisany tekst i wyślij formularz ponownie.",
};

export const nav = {
  projects: "Projekty",
  clients: "Klienci",
  settings: "Ustawienia",
  logout: "Wyloguj",
  logoutEverywhere: "Wyloguj ze wszystkich urządzeń",
  trialDaysLeft: (days: number, label: string) => `Okres próbny: ${days} ${label}`,
  trialEnded: "Okres próbny zakończony",
  mainNavigation: "Główna nawigacja",
};

export const auth = {
  registerTitle: "Załóż konto",
  registerIntro: "14 dni okresu próbnego ze wszystkimi funkcjami.",
  registerSubmit: "Załóż konto",
  registerDone:
    "Jeśli adres jest poprawny, wysłaliśmy na niego link aktywacyjny. Otwórz go, aby aktywować konto.",
  loginTitle: "Zaloguj się",
  loginSubmit: "Zaloguj się",
  loginInvalid: "Nieprawidłowy e-mail lub hasło.",
  loginInactive: "Konto nie jest jeszcze aktywne. Otwórz link z e-maila aktywacyjnego.",
  loginRateLimited: "Zbyt wiele prób logowania. Spróbuj ponownie za 15 minut.",
  loginPinLocked: "PIN został zablokowany po zbyt wielu próbach. Poproś o nowy PIN.",
  loggedOut: "Wylogowano.",
  loggedOutEverywhere: "Wylogowano ze wszystkich urządzeń.",
  name: "Imię i nazwisko",
  email: "E-mail",
  password: "Hasło",
  passwordMissing: "Wpisz hasło.",
  passwordTooShort: "Hasło musi mieć co najmniej 10 znaków.",
  passwordTooLong: "Hasło może mieć najwyżej 200 znaków.",
  noAccount: "Nie masz konta?",
  haveAccount: "Masz już konto?",
  forgotPassword: "Przypomnij hasło",
  activateTitle: "Aktywacja konta",
  activateText: "Wpisz hasło podane przy rejestracji i kliknij przycisk, aby aktywować konto w Klamp.",
  activationWrongPassword:
    "To nie jest hasło podane przy rejestracji, z której pochodzi ten link. Jeśli go nie pamiętasz, zarejestruj się ponownie tym samym adresem: dostaniesz nowy link.",
  activationLocked: "Wykorzystano wszystkie próby dla tego linku. Zarejestruj się ponownie tym samym adresem, aby dostać nowy link.",
  activateSubmit: "Aktywuj konto",
  activated: "Konto jest aktywne. Możesz się zalogować.",
  activationInvalid: "Ten link aktywacyjny jest nieważny lub wygasł. Zarejestruj się ponownie tym samym adresem, aby dostać nowy link.",
  reminderTitle: "Przypomnij hasło",
  reminderIntro: "Podaj adres e-mail konta. Wyślemy na niego jednorazowy PIN i link, pod którym go wpiszesz.",
  reminderSubmit: "Wyślij PIN",
  reminderDone:
    "Jeśli konto z tym adresem istnieje, wysłaliśmy na nie PIN i link. PIN jest ważny 15 minut.",
  reminderRateLimited: "Zbyt wiele próśb o PIN. Spróbuj ponownie za godzinę.",
  pinTitle: "Wpisz PIN",
  pinIntro: "Wpisz sześciocyfrowy PIN z e-maila. Potem zaloguj się adresem e-mail i tym PIN-em zamiast hasła.",
  pin: "PIN",
  pinFormat: "PIN to sześć cyfr.",
  pinSubmit: "Potwierdź PIN",
  pinConfirmed: "PIN potwierdzony. Zaloguj się adresem e-mail i PIN-em zamiast hasła, a potem ustaw nowe hasło.",
  pinWrong: "Nieprawidłowy PIN.",
  pinLocked: "Wykorzystano wszystkie próby. Poproś o nowy PIN.",
  pinExpired: "Ten link z PIN-em jest nieważny lub wygasł. Poproś o nowy PIN.",
  pinRateLimited: "Zbyt wiele prób. Spróbuj ponownie za 15 minut.",
  pinAttemptsLeft: (left: number) => `Pozostałe próby: ${left}.`,
  requestNewPin: "Poproś o nowy PIN",
  backToLogin: "Wróć do logowania",
  registerRateLimited: "Zbyt wiele rejestracji z tego adresu IP. Spróbuj ponownie za godzinę.",
};

export const security = {
  title: "Bezpieczeństwo",
  pinSessionNotice: "Zalogowano PIN-em. Wpisz PIN jeszcze raz i ustaw nowe hasło.",
  currentPassword: "Obecne hasło",
  newPassword: "Nowe hasło",
  newPasswordRepeat: "Powtórz nowe hasło",
  passwordsDiffer: "Hasła nie są takie same.",
  currentPasswordWrong: "Obecne hasło jest nieprawidłowe.",
  changePassword: "Zmień hasło",
  passwordChanged: "Hasło zostało zmienione. Inne urządzenia zostały wylogowane.",
  sessionsTitle: "Aktywne sesje",
  logoutEverywhereHelp: "Kończy wszystkie sesje, także na tym urządzeniu.",
  passwordTitle: "Hasło",
  setNewPassword: "Ustaw nowe hasło",
  pinSessionEnded: "PIN wygasł lub wykorzystano wszystkie próby. Poproś o nowy PIN i zaloguj się nim ponownie.",
  tooManyAttempts: "Zbyt wiele prób zmiany hasła. Spróbuj ponownie za 15 minut.",
  sessionDevice: "Urządzenie",
  sessionCreated: "Zalogowano",
  sessionLastUsed: "Ostatnia aktywność",
  currentSession: "To urządzenie",
  unknownDevice: "Nieznane urządzenie",
  deviceOn: (browser: string, system: string) => `${browser}, ${system}`,
  sessionActions: "Akcje",
  revokeSession: "Wyloguj",
  revokeOtherSessions: "Wyloguj z pozostałych urządzeń",
  revokeOtherSessionsHelp: "Kończy sesje na innych urządzeniach. To urządzenie zostaje zalogowane.",
  sessionRevoked: (device: string) => `Wylogowano urządzenie: ${device}.`,
  otherSessionsRevoked: (sessions: string) => `Wylogowano z pozostałych urządzeń. Zakończono ${sessions}.`,
  noOtherSessions: "Nie ma innych aktywnych sesji.",
  sessionNotFound: "Tej sesji nie ma już na liście. Odśwież stronę i spróbuj ponownie.",
  currentSessionNotRevoked: "Tej sesji nie kończy się tutaj. Aby wylogować to urządzenie, użyj „Wyloguj” w menu.",
  historyTitle: "Historia konta",
  historyHelp: "Logowania oraz zmiany hasła, profilu i ustawień. Zmiany w projektach są w historii każdego projektu.",
  historyEmpty: "Nie ma jeszcze wpisów.",
  historyOlder: "Starsze wpisy",
  historyNewest: "Najnowsze wpisy",
  // Accusative, after "Zakończono": 1 sesję, 2 sesje, 5 sesji.
  sessionForms: { one: "sesję", few: "sesje", many: "sesji", other: "sesji" },
};

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
  buyer: "Nabywca",
  buyerNip: (nip: string) => `NIP: ${nip}`,
};

export const projectsText = {
  title: "Projekty",
  create: "Stwórz nowy projekt",
  name: "Nazwa projektu",
  deadline: "Termin realizacji",
  client: "Klient",
  clientHint: "Wybierz klienta z listy albo wpisz jego nazwę. Adres e-mail nowego klienta doda go do bazy.",
  clientInvalid: "Wybierz klienta z listy albo wpisz poprawny adres e-mail.",
  clientUnknown: (name: string) =>
    `Nie znaleziono klienta „${name}”. Wybierz klienta z listy albo wpisz poprawny adres e-mail nowego klienta.`,
  clientAmbiguous: (name: string) => `Masz kilku klientów o nazwie „${name}”. Wybierz właściwego z listy (z adresem e-mail).`,
  deadlineInPast: "Termin realizacji nie może być w przeszłości.",
  tabsLabel: "Status projektów",
  tabActive: "Aktywne",
  tabCompleted: "Zakończone",
  emptyActive: "Nie masz aktywnych projektów.",
  emptyCompleted: "Nie masz zakończonych projektów.",
  columnProject: "Projekt",
  columnProgress: "Postęp",
  columnAgreed: "Uzgodniona kwota",
  noDeadline: "bez terminu",
  noTasks: "brak zadań",
  /** `tasks` is a count with its noun, e.g. "5 zadań". */
  progress: (tasks: string, done: number) => `${tasks}, zrobione: ${done}`,
  progressBar: (done: number, total: number) => `Zrobione ${done} z ${total}`,
  clientOption: (name: string, email: string | null) => (email ? `${name} <${email}>` : name),
  clientChosen: (label: string) => `Wybrany klient: ${label}`,
  /** `client` is an e-mail address or "Name <e-mail>". */
  clientWillBeCreated: (client: string) => `Nowy klient ${client} zostanie dodany do bazy.`,
  submitCreate: "Stwórz projekt",
  created: (name: string) => `Utworzono projekt „${name}”.`,
  createdWithClient: (name: string, email: string) => `Utworzono projekt „${name}” i dodano nowego klienta ${email}.`,
  backToList: "Wszystkie projekty",
  statusActive: "Aktywny",
  statusCompleted: "Zakończony",
  deadlineToday: "dziś",
  /** `days` is a count with its noun, e.g. "3 dni". */
  deadlineIn: (days: string) => `za ${days}`,
  deadlineOverdue: (days: string) => `${days} po terminie`,
  markCompleted: "Oznacz jako zakończony",
  reopen: "Przywróć do aktywnych",
  completed: "Projekt oznaczono jako zakończony.",
  reopened: "Projekt jest znowu aktywny.",
  statusUnchanged: "Status projektu już był taki.",
  editTitle: "Edytuj projekt",
  updated: "Zapisano zmiany projektu.",
  unchanged: "Nic nie zmieniono.",
  summaryTitle: "Podsumowanie",
  summaryAccepted: "Zaakceptowane",
  summaryPending: "Oczekuje na akceptację",
  summaryRejected: "Odrzucone",
  summaryDone: "Zrobione",
  summaryPaid: "Opłacone",
  summaryUnpaid: "Nieopłacone",
  summaryHelp: "Zaakceptowane obejmuje też zadania, które nie wymagają akceptacji. Nieopłacone to uzgodnione kwoty, których klient jeszcze nie zapłacił.",
  shareTitle: "Udostępnij",
  historyTitle: "Historia zmian",
  historyEmpty: "Brak zmian.",
  historyOlder: "Starsze zmiany",
  historyNewest: "Najnowsze zmiany",
  unknownIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  conflict: "Projekt zmienił się w międzyczasie. Sprawdź aktualne dane i zapisz ponownie.",
  completedReadOnly: "Projekt jest zakończony, więc nie można zmieniać jego zadań. Aby je zmienić, przywróć projekt do aktywnych.",
};

export const tasksText = {
  name: "Nazwa zadania",
  amount: "Kwota",
  amountInvalid: "Wpisz kwotę w złotych, np. 1234,56 albo 1 234,56.",
  amountTooLarge: "Kwota może wynosić najwyżej 10 000 000,00 zł.",
  amountZeroNeedsNoAcceptance: "Zadanie, które wymaga akceptacji klienta, musi kosztować co najmniej 0,01 zł.",
  requiresAcceptance: "Wymaga akceptacji klienta",
  title: "Zadania",
  empty: "Ten projekt nie ma jeszcze zadań. Dodaj pierwsze w formularzu poniżej.",
  addTitle: "Dodaj zadanie",
  addSubmit: "Dodaj zadanie",
  amountHint: "W złotych, np. 1234,56 albo 1\u00a0234,56.",
  requiresAcceptanceHint:
    "Klient zobaczy kwotę i musi ją zaakceptować, zanim zadanie trafi do rachunku. Tego wymogu nie można potem wyłączyć.",
  columnOrder: "Kolejność",
  columnAcceptance: "Akceptacja",
  columnStatus: "Status",
  columnPayment: "Płatność",
  columnActions: "Akcje",
  acceptance: {
    not_required: "Nie wymaga akceptacji",
    pending: "Oczekuje na akceptację",
    accepted: "Zaakceptowane",
    rejected: "Odrzucone",
  },
  workStatus: { todo: "Do zrobienia", in_progress: "W trakcie", done: "Zrobione" },
  payment: { unpaid: "Nieopłacone", pending: "Płatność w toku", paid: "Opłacone" },
  statusLabel: (name: string) => `Status zadania „${name}”`,
  statusSubmit: "Zmień status",
  moveUp: (name: string) => `Przesuń zadanie „${name}” wyżej`,
  moveDown: (name: string) => `Przesuń zadanie „${name}” niżej`,
  editLink: "Edytuj",
  editLabel: (name: string) => `Edytuj zadanie „${name}”`,
  historyLink: "Historia",
  historyLabel: (name: string) => `Historia zadania „${name}”`,
  deleteLabel: (name: string) => `Usuń zadanie „${name}”`,
  deleteConfirm: (name: string) => `Usunąć zadanie „${name}”? Tej operacji nie można cofnąć.`,
  added: (name: string) => `Dodano zadanie „${name}”.`,
  statusChanged: (name: string, status: string) => `Zadanie „${name}”: ${status}.`,
  moved: "Zmieniono kolejność zadań.",
  atEdge: "Zadanie już jest na skraju listy.",
  deleted: (name: string) => `Usunięto zadanie „${name}”.`,
  deleteLocked: "Nie można usunąć zadania, które jest opłacone albo czeka na płatność.",
  alreadyDeleted: "To zadanie zostało już usunięte.",
  deleteConflict: "To zadanie zmieniło się w międzyczasie. Sprawdź je i spróbuj usunąć ponownie.",
  moveConflict: "Kolejność zadań zmieniła się w międzyczasie. Sprawdź listę i spróbuj ponownie.",
  editTitle: "Edytuj zadanie",
  editLocked: "To zadanie jest opłacone albo czeka na płatność, więc nie można go już zmienić.",
  acceptedWarning: "Klient zaakceptował to zadanie. Zmiana nazwy lub kwoty wyśle je ponownie do akceptacji klienta.",
  rejectedNote: "Klient odrzucił tę kwotę. Po zmianie zadanie wróci do akceptacji klienta.",
  updated: "Zapisano zmiany zadania.",
  updatedBackForAcceptance: "Zapisano zmiany. Zadanie czeka na ponowną akceptację klienta.",
  updatedSentForAcceptance: "Zapisano zmiany. Zadanie czeka na akceptację klienta.",
  requirementLocked: "Nie można wyłączyć wymogu akceptacji: klient decyduje o każdej wersji tego zadania.",
  requirementLockedHint:
    "Wymogu akceptacji nie można wyłączyć, bo o kwocie tego zadania decyduje klient. Każda zmiana nazwy lub kwoty wyśle je ponownie do akceptacji.",
  unchanged: "Nic nie zmieniono.",
  conflict: "To zadanie zmieniło się w międzyczasie. Sprawdź aktualne dane i zapisz ponownie.",
  versionsTitle: "Historia wersji",
  versionsEmpty: "Brak zapisanych wersji.",
  columnVersion: "Wersja",
  columnDecision: "Decyzja",
  columnDecidedBy: "Kto i kiedy",
  columnComment: "Komentarz",
  decidedByClient: "Klient",
  versionCreated: (date: string) => `utworzona ${date}`,
  currentVersion: "aktualna",
};

export const shareText = {
  sectionTitle: "Udostępnij",
  linkLabel: "Link do projektu dla klienta",
  linkHelp:
    "Klient otwiera projekt tym linkiem, bez konta i hasła. Każdy, kto zna link, widzi postęp i kwoty zadań oraz może je akceptować.",
  sharingOff: "Udostępnianie jest wyłączone. Włącz link, aby klient mógł śledzić postęp projektu i akceptować kwoty zadań.",
  copy: "Kopiuj link",
  copied: "Skopiowano",
  copyManually: "Link jest zaznaczony. Skopiuj go skrótem Ctrl+C albo przytrzymaj go na telefonie i wybierz „Kopiuj”.",
  enable: "Włącz link dla klienta",
  regenerate: "Wygeneruj nowy link",
  regenerateWarning: "Stary link przestanie działać od razu. Wyślij klientowi nowy link.",
  regenerateConfirm: "Tak, wygeneruj nowy link",
  disable: "Wyłącz udostępnianie",
  disableWarning: "Link przestanie działać od razu. Klient nie zobaczy projektu, dopóki nie włączysz nowego linku.",
  disableConfirm: "Tak, wyłącz udostępnianie",
  enabled: "Link dla klienta jest włączony. Skopiuj go i wyślij klientowi.",
  alreadyEnabled: "Link dla klienta był już włączony.",
  regenerated: "Wygenerowano nowy link. Stary link już nie działa.",
  disabled: "Udostępnianie wyłączone. Link już nie działa.",
  alreadyDisabled: "Udostępnianie było już wyłączone.",
  invalidIntent: "Nieznana operacja udostępniania. Odśwież stronę i spróbuj ponownie.",
  changedMeanwhile: "Link zmieniono w międzyczasie, np. w innej karcie. Sprawdź jego aktualny stan i w razie potrzeby spróbuj ponownie.",
};

export const clientPortalText = {
  notFoundTitle: "Link nie działa",
  notFoundText: "Ten link do projektu jest nieprawidłowy albo nieaktualny. Poproś wykonawcę o aktualny link.",
  freelancer: "Wykonawca",
  client: "Klient",
  deadline: "Termin realizacji",
  noDeadline: "nie ustalono",
  progressTitle: "Postęp projektu",
  progressValue: (done: number, total: number) => `Zrobione: ${done} z ${total}`,
  /** Used as `${count} ${label} w projekcie`, with the label from `taskForms`. */
  taskCount: (count: number, label: string) => `${count} ${label} w projekcie`,
  taskForms: { one: "zadanie", few: "zadania", many: "zadań", other: "zadania" },
  noTasks: "W projekcie nie ma jeszcze zadań.",
  pendingNotice: (count: number, label: string) => `${count} ${label} na Twoją akceptację kwoty.`,
  pendingForms: { one: "zadanie czeka", few: "zadania czekają", many: "zadań czeka", other: "zadania czeka" },
  tasksTitle: "Zadania",
  amount: "Kwota",
  workStatusLabel: "Status",
  acceptanceLabel: "Akceptacja",
  paymentLabel: "Płatność",
  workStatus: { todo: "Do zrobienia", in_progress: "W trakcie", done: "Zrobione" },
  acceptance: {
    not_required: "Nie wymaga akceptacji",
    pending: "Oczekuje na akceptację",
    accepted: "Zaakceptowane",
    rejected: "Odrzucone",
  },
  payment: { unpaid: "Nieopłacone", pending: "Płatność w toku", paid: "Opłacone" },
  summaryTitle: "Podsumowanie",
  summaryAgreed: "Uzgodnione",
  summaryPending: "Oczekuje na akceptację",
  summaryRejected: "Odrzucone",
  summaryDone: "Zrobione",
  summaryPaid: "Opłacone",
  summaryUnpaid: "Nieopłacone",
  decisionPrompt: "Czy akceptujesz kwotę tego zadania?",
  comment: "Komentarz (opcjonalnie)",
  commentHint: "Najwyżej 1000 znaków. Wykonawca zobaczy komentarz razem z Twoją decyzją.",
  accept: "Akceptuję",
  reject: "Odrzucam",
  /** Used with the label from `characterForms`: "ma 1234 znaki". */
  commentTooLong: (length: number, label: string) =>
    `Komentarz może mieć najwyżej 1000 znaków, a ma ${length} ${label}. Skróć go i wyślij ponownie.`,
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  accepted: (name: string) => `Zaakceptowano kwotę zadania „${name}”.`,
  rejected: (name: string) => `Odrzucono kwotę zadania „${name}”. Wykonawca zobaczy Twoją decyzję.`,
  staleWithAmount: (amount: string) =>
    `Wykonawca zmienił to zadanie, zanim decyzja dotarła. Aktualna kwota to ${amount}. Sprawdź ją i zdecyduj ponownie.`,
  staleGone: "Wykonawca zmienił to zadanie, zanim decyzja dotarła. Sprawdź aktualną listę zadań.",
  alreadyDecided: "To zadanie nie czeka już na decyzję: decyzja została zapisana wcześniej.",
  invalidDecision: "Nie udało się odczytać decyzji. Odśwież stronę i spróbuj ponownie.",
  commentInvalidCharacters:
    "Komentarz zawiera niedozwolone znaki sterujące albo znaki zmieniające kierunek tekstu (np. U+202E). Usuń je i wyślij ponownie.",
  footer: "Projekt prowadzony w Klamp",
  close: "Zamknij",
  errorTitle: "Coś poszło nie tak",
  errorText: "Wystąpił nieoczekiwany błąd. Spróbuj ponownie za chwilę.",
};

// Client-facing sections of the collaboration features. Each has an English twin in en.ts;
// client components read them through useClientText() (app/i18n/client.ts).
// The discussion panel ("Panel dyskusyjny") on the client page (app/components/discussion-panel.tsx).
// `messagesText` below is the freelancer's side of the same panel, with the same keys.
export const clientMessagesText = {
  title: "Panel dyskusyjny",
  rateLimited: "Wysłano zbyt wiele wiadomości w ciągu ostatniej godziny. Spróbuj ponownie później.",
  listLabel: "Wiadomości",
  empty: "Nie ma jeszcze wiadomości. Napisz pierwszą.",
  older: "Wcześniejsze wiadomości",
  loadingOlder: "Wczytywanie wcześniejszych wiadomości…",
  newest: "Najnowsze wiadomości",
  you: "Ty",
  /** Author of the other side's messages when no name is shown. */
  otherAuthor: "Wykonawca",
  bodyLabel: "Napisz wiadomość",
  bodyHint: (max: number) =>
    `Zwykły tekst, najwyżej ${max} znaków. Adresy zaczynające się od http:// lub https:// staną się linkami.`,
  counter: (count: number, max: number) => `${count.toLocaleString("pl-PL")} z ${max} znaków`,
  submit: "Wyślij",
  sending: "Wysyłanie…",
  posted: "Wysłano wiadomość.",
  bodyMissing: "Wpisz treść wiadomości.",
  /** Used with the label from `characterForms`: "ma 10 000 znaków". */
  bodyTooLong: (length: number, label: string, max: number) =>
    `Wiadomość może mieć najwyżej ${max} znaków, a ma ${length.toLocaleString("pl-PL")} ${label}. Skróć ją albo podziel na kilka wiadomości.`,
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  bodyControlCharacters:
    "Wiadomość zawiera niedozwolone znaki sterujące albo znaki zmieniające kierunek tekstu (np. U+202E). Usuń je i wyślij wiadomość ponownie.",
  invalidForm: "Nie udało się odczytać formularza. Odśwież stronę i spróbuj ponownie.",
  sendFailed: "Nie udało się wysłać wiadomości. Sprawdź połączenie z internetem i spróbuj ponownie.",
  pollFailed: "Nie udało się sprawdzić, czy są nowe wiadomości. Spróbujemy ponownie za chwilę.",
  backToProject: "Wróć do projektu",
};

// The freelancer's side of the discussion panel, on the project page.
export const messagesText: typeof clientMessagesText = {
  ...clientMessagesText,
  otherAuthor: "Klient",
  empty: "Nie ma jeszcze wiadomości. Napisz pierwszą: klient zobaczy ją na stronie projektu.",
  bodyLabel: "Napisz wiadomość do klienta",
  bodyHint: (max: number) =>
    `Klient zobaczy ją na stronie projektu. Zwykły tekst, najwyżej ${max} znaków. Adresy zaczynające się od http:// lub https:// staną się linkami.`,
};
export const clientFixRequestsText = {
  title: "Poprawki",
  intro:
    "Zgłoś poprawkę, a wykonawca odpowie: zrobi ją w ramach istniejącego zadania albo wyceni jako nowe zadanie, którego kwotę zaakceptujesz albo odrzucisz.",
  freeRounds: (used: number, total: number) => `Darmowe poprawki: wykorzystano ${used} z ${total}`,
  freeRoundsHint: "Darmowa poprawka to poprawka, którą wykonawca robi w ramach istniejącego zadania, bez dodatkowej kwoty.",
  formTitle: "Zgłoś poprawkę",
  titleLabel: "Tytuł",
  titleHint: "Krótko, najwyżej 200 znaków.",
  descriptionLabel: "Opis",
  descriptionHint: "Co trzeba poprawić i gdzie. Najwyżej 5000 znaków.",
  attachmentLabel: "Załącznik (opcjonalnie)",
  attachmentHint: "Jeden plik do 25 MB: obraz, PDF, dokument biurowy, archiwum albo plik tekstowy.",
  submit: "Zgłoś poprawkę",
  created: (number: number) => `Zgłoszono poprawkę #${number}. Wykonawca dostał powiadomienie.`,
  empty: "Nie zgłoszono jeszcze żadnej poprawki.",
  numbered: (number: number) => `Poprawka #${number}`,
  statusLabel: "Status",
  status: {
    open: "Czeka na odpowiedź",
    in_scope: "W ramach zadania",
    priced: "Wyceniona jako nowe zadanie",
    done: "Zrobione",
    declined: "Odrzucona",
  },
  reportedAt: (date: string) => `Zgłoszono ${date}`,
  answerInScope: (task: string) => `Wykonawca zrobi tę poprawkę w ramach zadania „${task}”, bez dodatkowej kwoty.`,
  answerPriced: (task: string, amount: string) => `Wykonawca wycenił tę poprawkę jako nowe zadanie „${task}” za ${amount}.`,
  answerPricedPending: "Zaakceptuj albo odrzuć kwotę tego zadania na liście zadań.",
  answerPricedAccepted: "Kwota tego zadania jest zaakceptowana.",
  answerPricedRejected: "Kwota tego zadania została odrzucona.",
  answerTaskDeleted: "Wykonawca usunął zadanie powiązane z tą poprawką.",
  declineReason: "Powód odrzucenia",
  attachment: "Załącznik",
  historyTitle: "Historia",
  actor: { client: "Ty", freelancer: "Wykonawca", system: "System" },
  historyCreated: "Zgłoszono poprawkę",
  historyInScope: (task: string) => `Poprawka w ramach zadania „${task}”`,
  historyPriced: (task: string, amount: string) => `Wyceniono jako nowe zadanie „${task}” za ${amount}`,
  historyDeclined: "Odrzucono poprawkę",
  historyDone: "Oznaczono poprawkę jako zrobioną",
  historyTaskAccepted: (task: string, amount: string) => `Zaakceptowano kwotę zadania „${task}”: ${amount}`,
  historyTaskRejected: (task: string, amount: string) => `Odrzucono kwotę zadania „${task}”: ${amount}`,
  allLink: "Wszystkie poprawki",
  backToProject: "Wróć do projektu",
  previousPage: "Poprzednia strona",
  nextPage: "Następna strona",
  page: (page: number) => `Strona ${page}`,
  titleRequired: "Wpisz tytuł poprawki.",
  /** `length` is already formatted ("10 000"); `label` comes from `characterForms`. */
  titleTooLong: (length: string, label: string) => `Tytuł może mieć najwyżej 200 znaków, a ma ${length} ${label}. Skróć go.`,
  titleSingleLine: "Tytuł nie może zawierać znaków nowej linii, znaków sterujących ani znaków zmiany kierunku tekstu.",
  descriptionRequired: "Opisz, co trzeba poprawić.",
  descriptionTooLong: (length: string, label: string) =>
    `Opis może mieć najwyżej 5000 znaków, a ma ${length} ${label}. Skróć go.`,
  invalidCharacters: "Opis zawiera niedozwolone znaki sterujące albo znaki zmiany kierunku tekstu. Usuń je i wyślij ponownie.",
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  invalidForm: "Nie udało się odczytać formularza. Odśwież stronę i spróbuj ponownie.",
  attachmentTooLarge: "Załącznik jest za duży: plik może mieć najwyżej 25 MB. Wybierz mniejszy plik.",
  attachmentEmpty: "Wybrany plik jest pusty. Wybierz inny plik.",
  attachmentTypeNotAllowed:
    "Nie można dołączyć pliku tego typu. Dołącz obraz, PDF, dokument biurowy, archiwum albo plik tekstowy.",
  attachmentQuotaExceeded: "Wykonawca nie ma już miejsca na pliki. Zgłoś poprawkę bez załącznika albo poproś wykonawcę o zwolnienie miejsca.",
  attachmentFieldsTooLarge: "Formularz jest za duży. Skróć tytuł i opis.",
  attachmentProjectQuotaExceeded: (used: string, quota: string) =>
    `Załącznik się nie zmieści: Twoje pliki w tym projekcie zajmują ${used}, a możesz dodać najwyżej ${quota}. Zgłoś poprawkę bez załącznika albo usuń niepotrzebne pliki.`,
  attachmentRateLimited: "Wysłano zbyt wiele plików w ciągu ostatniej godziny. Zgłoś poprawkę bez załącznika albo spróbuj ponownie później.",
  rateLimited: "Zgłoszono zbyt wiele poprawek w ciągu ostatniej godziny. Spróbuj ponownie później albo napisz do wykonawcy.",
};

// The fix-request panel of the freelancer's project page and its list page.
export const fixRequestsText = {
  title: "Poprawki",
  freeRounds: (used: number, total: number) => `Darmowe poprawki: wykorzystano ${used} z ${total}`,
  freeRoundsHint: "Liczbę darmowych poprawek zmienisz w sekcji „Edytuj projekt”.",
  /** Used as `${count} ${label}`, with the label from `openForms`. */
  openCount: (count: number, label: string) => `${count} ${label} na odpowiedź`,
  openForms: { one: "poprawka czeka", few: "poprawki czekają", many: "poprawek czeka", other: "poprawki czeka" },
  empty: "Klient nie zgłosił jeszcze żadnej poprawki. Zgłasza je na stronie projektu, którą otwiera linkiem do projektu dla klienta.",
  numbered: (number: number) => `Poprawka #${number}`,
  status: { open: "Nowa", in_scope: "W ramach zadania", priced: "Wyceniona", done: "Zrobione", declined: "Odrzucona" },
  reportedAt: (date: string) => `Klient zgłosił ${date}`,
  attachment: "Załącznik",
  linkedInScope: (task: string) => `W ramach zadania „${task}” (darmowa poprawka).`,
  linkedPriced: (task: string, amount: string, acceptance: string) => `Nowe zadanie „${task}” za ${amount}: ${acceptance}.`,
  linkedTaskDeleted: "Zadanie powiązane z tą poprawką zostało usunięte.",
  declineReason: "Powód odrzucenia",
  historyTitle: "Historia",
  inScopeTitle: "W ramach zadania",
  inScopeTask: "Zadanie",
  inScopeChoose: "Wybierz zadanie",
  inScopeHint: (left: number) => `Poprawka zużyje jedną darmową poprawkę. Zostało: ${left}.`,
  inScopeSubmit: "Zrób w ramach zadania",
  inScopeTaskRequired: "Wybierz zadanie, w ramach którego zrobisz poprawkę.",
  inScopeNoTasks: "Projekt nie ma zadania, w ramach którego można zrobić poprawkę. Wyceń ją jako nowe zadanie.",
  inScopeTaskRejected: "Klient odrzucił kwotę tego zadania, więc nie można w nim zrobić poprawki. Wybierz inne zadanie.",
  noRoundsLeft: (used: number, total: number) =>
    `Darmowe poprawki w tym projekcie się skończyły (wykorzystano ${used} z ${total}). Wyceń tę poprawkę jako nowe zadanie albo zwiększ liczbę darmowych poprawek w sekcji „Edytuj projekt”.`,
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
  doneWaitsForAcceptance: (task: string) =>
    `Klient jeszcze nie zaakceptował kwoty zadania „${task}”, więc poprawki nie można oznaczyć jako zrobionej.`,
  doneTaskRejected: (task: string) =>
    `Klient odrzucił kwotę zadania „${task}”, więc poprawki nie można oznaczyć jako zrobionej. Zmień kwotę zadania, aby wysłać je ponownie do akceptacji, albo odrzuć poprawkę.`,
  pricedTaskRejectedOptions: (task: string) =>
    `Klient odrzucił kwotę zadania „${task}”. Możesz zmienić kwotę zadania (wróci wtedy do klienta do akceptacji) albo odrzucić poprawkę, podając powód.`,
  pricedTaskRejectedCompleted: (task: string) =>
    `Klient odrzucił kwotę zadania „${task}”. Projekt jest zakończony, więc zadania nie można zmienić. Możesz odrzucić poprawkę, podając powód.`,
  pricedTaskDeletedOptions: "Oznacz poprawkę jako zrobioną albo ją odrzuć, podając powód.",
  editPricedTask: "Zmień kwotę zadania",
  declineWaitsForClient: (number: number, task: string) =>
    `Poprawki #${number} nie można teraz odrzucić: klient jeszcze nie zdecydował o kwocie zadania „${task}”. Poczekaj na decyzję klienta albo usuń zadanie.`,
  declineTaskAccepted: (number: number, task: string) =>
    `Poprawki #${number} nie można już odrzucić: klient zaakceptował kwotę zadania „${task}”. Oznacz ją jako zrobioną, gdy ją wykonasz.`,
  answeredInScope: (number: number, task: string) => `Poprawka #${number}: zrobisz ją w ramach zadania „${task}”.`,
  answeredPriced: (number: number, task: string) => `Poprawka #${number}: dodano zadanie „${task}”. Czeka na akceptację klienta.`,
  answeredDeclined: (number: number) => `Odrzucono poprawkę #${number}.`,
  answeredDone: (number: number) => `Poprawka #${number} jest zrobiona.`,
  alreadyAnswered: (number: number, status: string) =>
    `Poprawka #${number} ma już odpowiedź (${status}). Sprawdź jej aktualny stan.`,
  alreadyDone: (number: number) => `Poprawka #${number} jest już oznaczona jako zrobiona.`,
  notAnswered: (number: number) =>
    `Poprawka #${number} nie ma jeszcze odpowiedzi. Zrób ją w ramach zadania albo wyceń jako nowe zadanie, a potem oznacz jako zrobioną.`,
  cannotBeDone: (number: number, status: string) => `Poprawki #${number} nie można oznaczyć jako zrobionej: ${status}.`,
  conflict: "Poprawka zmieniła się w międzyczasie. Sprawdź jej aktualny stan i spróbuj ponownie.",
  reasonRequired: "Wpisz powód odrzucenia. Klient go zobaczy.",
  /** `length` is already formatted ("10 000"); `label` comes from `characterForms`. */
  reasonTooLong: (length: string, label: string) => `Powód może mieć najwyżej 1000 znaków, a ma ${length} ${label}. Skróć go.`,
  invalidCharacters: "Tekst zawiera niedozwolone znaki sterujące albo znaki zmiany kierunku tekstu. Usuń je i wyślij ponownie.",
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  invalidForm: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  repeatedField: "Formularz wysłał to pole więcej niż raz. Odśwież stronę i spróbuj ponownie.",
  allLink: "Wszystkie poprawki",
  listTitle: (project: string) => `Poprawki: ${project}`,
  backToProject: "Wróć do projektu",
  roundsLabel: "Darmowe poprawki",
  roundsHint: "Ile poprawek zgłoszonych przez klienta zrobisz w ramach istniejących zadań, bez dodatkowej kwoty. Od 0 do 100.",
  roundsInvalid: "Wpisz liczbę całkowitą od 0 do 100.",
  roundsBelowUsed: (used: number) =>
    `Klient wykorzystał już ${used} z darmowych poprawek, więc ich liczba nie może być mniejsza niż ${used}.`,
};
export const clientFilesText = {
  title: "Pliki",
  intro: "Pliki, które wymieniasz z wykonawcą. Możesz usuwać pliki, które sam(a) dodajesz.",
  empty: "Nie ma jeszcze żadnych plików.",
  fileLabel: "Plik",
  submit: "Wyślij plik",
  uploading: "Wysyłanie…",
  limits: (maxSize: string) =>
    `Najwyżej ${maxSize} na plik. Dozwolone typy: obrazy (PNG, JPEG, GIF, WebP), PDF, dokumenty biurowe (Word, Excel, PowerPoint, OpenDocument), archiwa (ZIP, 7z, RAR, gzip) i zwykły tekst.`,
  columns: { name: "Nazwa", size: "Rozmiar", uploadedBy: "Kto dodał", date: "Data" },
  uploadedBy: { freelancer: "Wykonawca", client: "Ty" },
  download: "Pobierz",
  downloadLabel: (name: string) => `Pobierz plik ${name}`,
  delete: "Usuń",
  deleteLabel: (name: string) => `Usuń plik ${name}`,
  deleteConfirm: (name: string) => `Usunąć plik „${name}”? Tego nie da się cofnąć.`,
  deleteConfirmButton: "Tak, usuń",
  cancel: "Anuluj",
  uploaded: (name: string) => `Wysłano plik „${name}”.`,
  deleted: (name: string) => `Usunięto plik „${name}”.`,
  notFound: "Nie znaleziono pliku. Mógł zostać usunięty.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  previousPage: "Poprzednia strona",
  nextPage: "Następna strona",
  page: (page: number) => `Strona ${page}`,
  backToProject: "Wróć do projektu",
  errors: {
    missing: "Wybierz plik do wysłania.",
    too_large: (maxSize: string) => `Plik jest za duży. Największy dozwolony rozmiar to ${maxSize}.`,
    empty: "Plik jest pusty (0 bajtów). Wybierz inny plik.",
    type_not_allowed:
      "Tego typu pliku nie można dodać. Wyślij obraz (PNG, JPEG, GIF, WebP), PDF, dokument biurowy, archiwum albo zwykły tekst. Pliki SVG i HTML są niedozwolone.",
    fields_too_large: "Formularz zawiera za dużo danych. Odśwież stronę i spróbuj ponownie.",
    malformed: "Nie udało się odczytać wysłanego pliku. Spróbuj ponownie.",
    quota_exceeded: "Na koncie wykonawcy zabrakło miejsca na nowe pliki. Poproś wykonawcę o zwolnienie miejsca.",
    project_quota_exceeded: (used: string, quota: string) =>
      `Twoje pliki w tym projekcie zajmują ${used}, a możesz dodać najwyżej ${quota}. Usuń niepotrzebne pliki albo wyślij mniejszy plik.`,
    rate_limited: "Wysłano zbyt wiele plików w krótkim czasie. Spróbuj ponownie za godzinę.",
  },
};

// E-mails the client gets about a project: the invitation, new messages and new tasks to accept.
export const clientEmailsText = {
  // One greeting for a person and a company alike; the invitation names its recipient below it.
  greeting: "Dzień dobry,",
  invitationFor: (name: string) => `Zaproszenie dla: ${name}`,
  buttonFallback: "Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:",
  openProject: "Otwórz projekt",
  linkWarning: "Link działa bez logowania. Nie przekazuj go osobom, które nie powinny widzieć projektu.",
  unsubscribePrompt: "Nie chcesz dostawać e-maili o tym projekcie? Wypisz się tutaj:",
  footer: (project: string) => `Ten e-mail dotyczy projektu „${project}” prowadzonego w Klamp.`,
  invitationSubject: (freelancer: string, project: string) => `${freelancer} zaprasza Cię do projektu „${project}”`,
  invitationIntro: (freelancer: string, project: string) => `${freelancer} zaprasza Cię do projektu „${project}” w Klamp.`,
  invitationFeatures:
    "Na stronie projektu śledzisz postęp prac, akceptujesz kwoty zadań, piszesz do wykonawcy, zgłaszasz poprawki i wymieniasz pliki. Nie potrzebujesz konta ani hasła.",
  invitationMessageIntro: "Wiadomość od wykonawcy:",
  messageSubject: (project: string) => `Nowa wiadomość w projekcie „${project}”`,
  messageIntro: (freelancer: string, project: string) => `${freelancer} pisze w projekcie „${project}”:`,
  messageOutro: "Całą rozmowę zobaczysz i odpowiesz na stronie projektu.",
  taskSubject: (project: string) => `Nowe zadanie czeka na Twoją akceptację w projekcie „${project}”`,
  taskIntro: (freelancer: string, project: string) =>
    `${freelancer} dodaje do projektu „${project}” zadanie, które czeka na Twoją akceptację:`,
  taskLine: (name: string, amount: string) => `„${name}”: ${amount}`,
  taskOutro: "Zaakceptuj albo odrzuć kwotę na stronie projektu. Wykonawca zobaczy Twoją decyzję.",
  taskAction: "Zobacz zadanie",
};

// The page behind the unsubscribe link of the client's e-mails (app/routes/u.$token.tsx).
export const clientUnsubscribeText = {
  title: "Rezygnacja z e-maili",
  prompt: (email: string, project: string) =>
    `Adres ${email} przestanie dostawać e-maile o projekcie „${project}”: o nowych wiadomościach i zadaniach do akceptacji.`,
  linkStillWorks: "Link do projektu nadal będzie działać.",
  submit: "Wypisz mnie",
  done: (email: string, project: string) => `Adres ${email} nie dostaje już e-maili o projekcie „${project}”.`,
  unsubscribed: "Wypisano z e-maili o projekcie.",
  notFoundTitle: "Link nie działa",
  notFoundText: "Ten link do rezygnacji z e-maili jest nieprawidłowy.",
};

// The project timeline ("Historia zmian"); app/components/activity-timeline.tsx picks the text per action.
export const activityText = {
  actor: { freelancer: "Ty", client: "Klient", system: "System" },
  accountRegistered: "Założono konto",
  accountActivated: "Aktywowano konto",
  accountPinRequested: "Wysłano PIN do zmiany hasła",
  accountPasswordChanged: "Zmieniono hasło",
  accountSessionsRevoked: "Wylogowano ze wszystkich urządzeń",
  accountSessionRevoked: "Wylogowano sesję na innym urządzeniu",
  accountOtherSessionsRevoked: "Wylogowano z pozostałych urządzeń",
  sessionsEnded: (sessions: string) => `Zakończono ${sessions}`,
  accountProfileUpdated: "Zmieniono dane w profilu",
  accountEmailChangeRequested: "Poproszono o zmianę adresu e-mail",
  accountEmailChanged: "Zmieniono adres e-mail",
  accountLoggedIn: "Zalogowano hasłem",
  accountLoggedInWithPin: "Zalogowano PIN-em z „Przypomnij hasło”",
  loginDevice: (device: string) => `Urządzenie: ${device}`,
  clientCreated: (name: string) => `Dodano klienta „${name}”`,
  clientUpdated: (name: string) => `Zmieniono dane klienta „${name}”`,
  // Written without the name, which leaves the history with the client.
  clientDeleted: "Usunięto klienta",
  projectCreated: (name: string) => `Utworzono projekt „${name}”`,
  projectCreatedWithDeadline: (name: string, deadline: string) => `Utworzono projekt „${name}” z terminem realizacji ${deadline}`,
  projectUpdated: (name: string) => `Zmieniono projekt „${name}”`,
  projectRenamed: (previous: string, name: string) => `nazwa: „${previous}” → „${name}”`,
  projectDeadlineChanged: (previous: string, deadline: string) => `termin realizacji: ${previous} → ${deadline}`,
  projectClientChanged: "zmieniono klienta",
  noDeadline: "bez terminu",
  projectCompleted: "Oznaczono projekt jako zakończony",
  projectReopened: "Przywrócono projekt do aktywnych",
  taskCreated: (name: string, amount: string) => `Dodano zadanie „${name}” za ${amount}`,
  taskCreatedNeedsAcceptance: (name: string, amount: string) =>
    `Dodano zadanie „${name}” za ${amount} (wymaga akceptacji klienta)`,
  taskUpdated: (name: string) => `Zmieniono zadanie „${name}”`,
  taskRenamed: (previous: string, name: string) => `Zmieniono nazwę zadania „${previous}” na „${name}”`,
  taskRepriced: (name: string, previous: string, amount: string) => `Zmieniono kwotę zadania „${name}”: ${previous} → ${amount}`,
  backForAcceptance: "Wysłano zadanie ponownie do akceptacji klienta.",
  resentAfterAccepted: "Klient zaakceptował poprzednią wersję. Wysłano zadanie ponownie do akceptacji.",
  resentAfterRejected: "Klient odrzucił poprzednią wersję. Wysłano zadanie ponownie do akceptacji.",
  requirementTurnedOn: "Włączono wymóg akceptacji klienta. Wysłano zadanie do akceptacji.",
  newVersionPending: "Nowa wersja czeka na akceptację klienta.",
  taskStatusChanged: (name: string, from: string, to: string) => `Zmieniono status zadania „${name}”: ${from} → ${to}`,
  taskDeleted: (name: string, amount: string) => `Usunięto zadanie „${name}” (${amount})`,
  taskMovedUp: (name: string) => `Przesunięto zadanie „${name}” wyżej`,
  taskMovedDown: (name: string) => `Przesunięto zadanie „${name}” niżej`,
  taskAccepted: (name: string, amount: string) => `Zaakceptowano kwotę zadania „${name}”: ${amount}`,
  taskRejected: (name: string, amount: string) => `Odrzucono kwotę zadania „${name}”: ${amount}`,
  comment: (text: string) => `Komentarz: „${text}”`,
  shareEnabled: "Włączono link do projektu dla klienta",
  shareRegenerated: "Wygenerowano nowy link do projektu dla klienta",
  shareDisabled: "Wyłączono link do projektu dla klienta",
  invitationSent: (email: string) => `Wysłano zaproszenie na adres ${email}`,
  invitationResent: (email: string) => `Wysłano ponownie zaproszenie na adres ${email}`,
  invitationUnsubscribed: (email: string) => `Odbiorca ${email} wypisał się z e-maili o projekcie`,
  invitationRemoved: (email: string) => `Usunięto zaproszenie dla adresu ${email}`,
  projectClientLocaleChanged: (previous: string, locale: string) => `język strony klienta: ${previous} → ${locale}`,
  notificationPrefsChanged: "Zmieniono ustawienia powiadomień",
  fileUploaded: (name: string) => `Dodano plik „${name}”`,
  fileUploadedPrivate: (name: string) => `Dodano prywatny plik „${name}”`,
  fileDeleted: (name: string) => `Usunięto plik „${name}”`,
  fileMadePrivate: (name: string) => `Ukryto plik „${name}” przed klientem`,
  fileMadePublic: (name: string) => `Udostępniono klientowi plik „${name}”`,
  fixRequestCreated: (number: string, title: string) => `Zgłoszono poprawkę #${number} „${title}”`,
  fixRequestInScope: (number: string, task: string) => `Poprawka #${number}: w ramach zadania „${task}” (darmowa poprawka)`,
  fixRequestPriced: (number: string, task: string, amount: string) =>
    `Poprawka #${number}: wyceniono jako nowe zadanie „${task}” za ${amount}`,
  fixRequestDeclined: (number: string) => `Odrzucono poprawkę #${number}`,
  fixRequestDone: (number: string) => `Oznaczono poprawkę #${number} jako zrobioną`,
  declineReason: (text: string) => `Powód: „${text}”`,
  projectFreeRevisionRoundsChanged: (previous: string, rounds: string) => `darmowe poprawki: ${previous} → ${rounds}`,
  messagePosted: (excerpt: string) => `Wysłano wiadomość w panelu dyskusyjnym: „${excerpt}”`,
  // Report lines get the period formatted as DD.MM.YYYY–DD.MM.YYYY, or null for a row without one.
  reportCreated: (period: string | null) => (period ? `Zapisano raport za okres ${period}` : "Zapisano raport"),
  reportReady: (period: string | null) => (period ? `Wygenerowano PDF raportu za okres ${period}` : "Wygenerowano PDF raportu"),
  reportFailed: (period: string | null) =>
    period ? `Nie udało się wygenerować PDF raportu za okres ${period}` : "Nie udało się wygenerować PDF raportu",
  reportFailureReason: (reason: string) => `Powód: ${reason}`,
  reportRetried: (period: string | null) => (period ? `Ponowiono generowanie raportu za okres ${period}` : "Ponowiono generowanie raportu"),
  reportDeleted: (period: string | null) => (period ? `Usunięto raport za okres ${period}` : "Usunięto raport"),
  reportSent: (period: string | null, email: string) =>
    period ? `Zlecono wysłanie raportu za okres ${period} na adres ${email}` : `Zlecono wysłanie raportu na adres ${email}`,
  reportLogoUploaded: "Dodano logo do raportów",
  reportLogoRemoved: "Usunięto logo raportów",
  reportLogoShown: "Włączono logo w raportach",
  reportLogoHidden: "Wyłączono logo w raportach",
  other: "Inna zmiana w projekcie",
};

// "Wyślij zaproszenie" on the project page (app/components/invitations-panel.tsx).
export const invitationsText = {
  title: "Wyślij zaproszenie",
  intro: "Klient dostanie e-mail z linkiem do projektu. Link działa bez konta i hasła.",
  sharingOff: "Udostępnianie jest wyłączone. Wysłanie zaproszenia włączy link do projektu dla klienta.",
  email: "E-mail klienta",
  name: "Imię klienta lub nazwa firmy",
  nameHint: "Imię lub nazwa firmy posłuży do personalizacji wiadomości.",
  message: "Treść zaproszenia (opcjonalnie)",
  messageHint: (max: number) => `Najwyżej ${max.toLocaleString("pl-PL")} znaków. Klient zobaczy ją w e-mailu jako zwykły tekst.`,
  messageTooLong: (max: number, length: number) =>
    `Treść zaproszenia może mieć najwyżej ${max.toLocaleString("pl-PL")} znaków, a ma ${length.toLocaleString("pl-PL")}. Skróć ją.`,
  messageInvalidCharacters:
    "Treść zaproszenia zawiera niedozwolone znaki sterujące albo znaki zmieniające kierunek tekstu (np. U+202E). Usuń je i wyślij ponownie.",
  nameInvalidCharacters:
    "Imię lub nazwa firmy zawiera niedozwolone znaki sterujące albo znaki zmieniające kierunek tekstu (np. U+202E). Usuń je i wyślij ponownie.",
  submit: "Wyślij zaproszenie",
  resend: "Wyślij ponownie",
  resendLabel: (email: string) => `Wyślij ponownie zaproszenie na adres ${email}`,
  sent: (email: string) => `Wysłano zaproszenie na adres ${email}.`,
  sentAndShared: (email: string) => `Włączono link do projektu dla klienta i wysłano zaproszenie na adres ${email}.`,
  resentSameLink: (email: string) => `Wysłano ponownie zaproszenie na adres ${email}. Link do projektu jest ten sam co w poprzednim zaproszeniu.`,
  resentNewLink: (email: string) =>
    `Wysłano ponownie zaproszenie na adres ${email} z nowym linkiem do projektu. Link z poprzedniego zaproszenia już nie działa.`,
  resentAndShared: (email: string) =>
    `Włączono link do projektu dla klienta i wysłano ponownie zaproszenie na adres ${email} z nowym linkiem. Link z poprzedniego zaproszenia już nie działa.`,
  rateLimited: "Wysłano zbyt wiele zaproszeń w ciągu ostatniej godziny. Spróbuj ponownie później.",
  addressRateLimited: (email: string) =>
    `Zaproszenie na adres ${email} wysłano już kilka razy w ciągu ostatniej godziny. Spróbuj później albo przekaż klientowi link: Udostępnij → Link do projektu dla klienta.`,
  unsubscribed: (email: string) =>
    `Odbiorca ${email} wypisał się z e-maili o tym projekcie, więc nie wyślemy na ten adres zaproszenia. Przekaż klientowi link w inny sposób: Udostępnij → Link do projektu dla klienta.`,
  linkUnavailable:
    "Nie udało się odczytać linku do projektu dla klienta. Wygeneruj nowy link w sekcji Udostępnij i wyślij zaproszenie ponownie.",
  linkChanged: "Link do projektu zmienił się w międzyczasie, np. w innej karcie. Wyślij zaproszenie ponownie.",
  listTitle: "Wysłane zaproszenia",
  empty: "Nie wysłano jeszcze żadnego zaproszenia.",
  sendCount: (count: number, label: string) => `wysłano ${count} ${label}`,
  timeForms: { one: "raz", few: "razy", many: "razy", other: "raza" },
  lastSent: (date: string) => `ostatnio ${date}`,
  deliveryLabel: "Stan wysyłki",
  delivery: { queued: "w kolejce", retrying: "w kolejce, ponawiamy wysyłkę", sent: "wysłano", failed: "nie wysłano", unknown: "brak danych" },
  failedReason: (reason: string) => `Powód: ${reason}`,
  unsubscribedAt: (date: string) => `Wypisano z e-maili o projekcie ${date}. Nie wyślemy już na ten adres zaproszenia ani powiadomień.`,
  linkOutdated:
    "Ma nieaktualny link do projektu i nie dostaje e-maili o projekcie. Wyślij ponownie, aby klient dostał nowy link.",
  copyLink: "Kopiuj link",
  copyLinkLabel: (email: string) => `Kopiuj link do projektu, aby przekazać go na adres ${email}`,
  copied: "Skopiowano link do projektu.",
  remove: "Usuń zaproszenie",
  removeLabel: (email: string) => `Usuń zaproszenie dla adresu ${email}`,
  removeWarning: (email: string) =>
    `Adres ${email} zniknie z listy i nie dostanie już e-maili o projekcie. Link, który klient już ma, działa dalej. Aby go wyłączyć, wygeneruj nowy link w sekcji Udostępnij.`,
  removeConfirm: "Tak, usuń zaproszenie",
  removed: (email: string) => `Usunięto zaproszenie dla adresu ${email}. Nie wyślemy już na ten adres e-maili o projekcie.`,
  removeUnsubscribed: (email: string) =>
    `Odbiorca ${email} wypisał się z e-maili, więc zaproszenie zostaje na liście. To zapis jego rezygnacji, dzięki któremu nie wyślemy na ten adres kolejnego zaproszenia.`,
  copyInstead: "Klient nie dostał e-maila? Przekaż mu link w inny sposób: Udostępnij → Link do projektu dla klienta.",
  goToShare: "Przejdź do linku",
  showAll: (count: number) => `Wszystkie zaproszenia (${count})`,
  pageTitle: "Zaproszenia",
  backToProject: "Wróć do projektu",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
};

// The project form's "Język strony klienta" field.
export const clientLocaleText = {
  label: "Język strony klienta",
  hint: "W tym języku klient zobaczy stronę projektu i dostanie e-maile.",
  options: { pl: "polski", en: "English" },
  invalid: "Wybierz język strony klienta: polski albo English.",
};

// Settings area tabs (app/routes/_app.settings.tsx).
export const settingsText = {
  tabsLabel: "Zakładki ustawień",
  security: "Bezpieczeństwo",
  notifications: "Powiadomienia",
};

// The freelancer's notifications: the feed (/notifications), the header badge, Settings →
// Powiadomienia and the notification e-mails.
export const notificationsText = {
  title: "Powiadomienia",
  intro: "Co klient zrobił w Twoich projektach i co stało się z zaproszeniami.",
  empty: "Nie masz jeszcze żadnych powiadomień.",
  settingsLink: "Ustaw, które powiadomienia widzisz i które dostajesz e-mailem",
  unread: "Nowe",
  unreadCount: (count: number, label: string) => `${count} ${label}`,
  unreadForms: {
    one: "nieprzeczytane powiadomienie",
    few: "nieprzeczytane powiadomienia",
    many: "nieprzeczytanych powiadomień",
    other: "nieprzeczytanego powiadomienia",
  },
  unreadCapped: (cap: number) => `Ponad ${cap - 1} nieprzeczytanych powiadomień`,
  markRead: "Oznacz jako przeczytane",
  markAllRead: "Oznacz wszystkie jako przeczytane",
  markedRead: "Oznaczono powiadomienie jako przeczytane.",
  markedAllRead: (count: number, label: string) => `Oznaczono jako przeczytane: ${count} ${label}.`,
  notificationForms: { one: "powiadomienie", few: "powiadomienia", many: "powiadomień", other: "powiadomienia" },
  nothingToMark: "Wszystkie powiadomienia są już przeczytane.",
  invalidRequest: "Nie udało się odczytać żądania. Odśwież stronę i spróbuj ponownie.",
  inProject: (project: string) => `Projekt: ${project}`,

  // One line per notification type; `data` may lack a value, so every line reads without it.
  taskAccepted: (task: string, amount: string) => `Klient zaakceptował zadanie „${task}”${amount ? ` za ${amount}` : ""}`,
  taskRejected: (task: string, amount: string) => `Klient odrzucił zadanie „${task}”${amount ? ` za ${amount}` : ""}`,
  comment: (text: string) => `Komentarz klienta: „${text}”`,
  message: "Nowa wiadomość od klienta w panelu dyskusyjnym",
  excerpt: (text: string) => `„${text}”`,
  fixRequest: (number: number | null, title: string) =>
    number === null ? `Klient zgłosił poprawkę „${title}”` : `Klient zgłosił poprawkę #${number}: „${title}”`,
  file: (name: string) => `Klient dodał plik „${name}”`,
  // An e-mail that covers several notifications of one type and project; `label` is from the forms.
  messages: (count: number, label: string) => `${count} ${label} od klienta w panelu dyskusyjnym`,
  newMessageForms: { one: "nowa wiadomość", few: "nowe wiadomości", many: "nowych wiadomości", other: "nowej wiadomości" },
  newestMessage: (text: string) => `Najnowsza: „${text}”`,
  fixRequests: (count: number, label: string) => `Klient zgłosił ${count} ${label}`,
  fixRequestForms: { one: "nową poprawkę", few: "nowe poprawki", many: "nowych poprawek", other: "nowej poprawki" },
  newestFixRequest: (number: number | null, title: string) =>
    number === null ? `Najnowsza: „${title}”` : `Najnowsza: poprawka #${number}: „${title}”`,
  files: (count: number, label: string) => `Klient dodał ${count} ${label}`,
  fileForms: { one: "nowy plik", few: "nowe pliki", many: "nowych plików", other: "nowego pliku" },
  newestFile: (name: string) => `Najnowszy: „${name}”`,
  // The mail server accepted the e-mail; whether it reached the inbox is not known.
  invitationDelivered: (email: string) => `E-mail z zaproszeniem na adres ${email} został przyjęty przez serwer poczty`,
  invitationFailed: (email: string) => `Nie udało się wysłać zaproszenia na adres ${email}`,
  failureReason: (reason: string) => `Powód: ${reason}`,
  paymentReceived: (bill: number | null, amount: string) =>
    `Klient zapłacił${bill === null ? "" : ` rachunek nr ${bill}`}${amount ? `: ${amount}` : ""} przez Tpay`,
  paymentProblem: (bill: number | null) =>
    bill === null ? "Płatność Tpay wymaga Twojej uwagi" : `Płatność Tpay za rachunek nr ${bill} wymaga Twojej uwagi`,
  other: "Nowe powiadomienie",

  // Settings → Powiadomienia
  settingsTitle: "Powiadomienia",
  settingsIntro:
    "Dla każdego rodzaju powiadomień wybierz, czy ma się pokazywać w powiadomieniach i czy chcesz dostać e-mail: od razu albo w codziennym podsumowaniu o 8:00.",
  typeColumn: "Rodzaj",
  inFeedColumn: "W powiadomieniach",
  emailColumn: "E-mail",
  inFeedLabel: (type: string) => `Pokazuj w powiadomieniach: ${type}`,
  emailLabel: (type: string) => `E-mail: ${type}`,
  types: {
    task_accepted: "Klient zaakceptował zadanie",
    task_rejected: "Klient odrzucił zadanie",
    message: "Nowa wiadomość od klienta",
    fix_request: "Klient zgłosił poprawkę",
    file: "Klient dodał plik",
    invitation_delivered: "Serwer poczty przyjął e-mail z zaproszeniem",
    invitation_failed: "Nie udało się wysłać zaproszenia",
    payment_received: "Klient zapłacił przez Tpay",
    payment_problem: "Płatność Tpay wymaga uwagi (nadpłata, niedopłata, tryb testowy)",
  },
  emailModes: {
    off: "Nie wysyłaj",
    immediate: "Od razu",
    digest: "W codziennym podsumowaniu o 8:00",
  },
  invalidEmailMode: "Wybierz, kiedy wysłać e-mail: „Nie wysyłaj”, „Od razu” albo „W codziennym podsumowaniu o 8:00”.",
  invalidInFeed: "Nie udało się odczytać pola „W powiadomieniach”. Odśwież stronę i zapisz ponownie.",
  invalidForm: "Nie udało się odczytać ustawień powiadomień. Odśwież stronę i zapisz je ponownie.",
  saved: "Zapisano ustawienia powiadomień.",
  digestHint:
    "Podsumowanie przychodzi raz dziennie po 8:00 (czas polski), jeśli od poprzedniego pojawiło się coś nowego. " +
    "Przy wyborze „Od razu” wiadomości, pliki i poprawki z jednego projektu przychodzą e-mailem najwyżej raz na 10 minut, a wszystkie są w powiadomieniach.",

  // E-mails to the freelancer
  emailGreeting: "Dzień dobry,",
  emailInProject: (project: string) => `Projekt: „${project}”.`,
  emailOpenProject: "Otwórz projekt",
  emailOpenNotifications: "Otwórz powiadomienia",
  emailFooter: (settingsUrl: string) =>
    `Dostajesz ten e-mail, bo tak ustawiono powiadomienia w Klamp. Zmienisz to w Ustawieniach → Powiadomienia: ${settingsUrl}`,
  digestSubject: (count: number, label: string) => `Podsumowanie dnia w Klamp: ${count} ${label}`,
  digestIntro: (day: string) => `Oto powiadomienia, które czekały na podsumowanie z dnia ${day}:`,
  digestItem: (time: string, line: string) => `${time} · ${line}`,
};

// "Pliki" on the freelancer's project page (app/components/files-panel.tsx) and its page
// /projects/:projectId/files.
export const filesText = {
  title: "Pliki",
  intro: "Pliki projektu, wspólne z klientem. Pliki oznaczone jako prywatne widzisz tylko Ty.",
  empty: "Nie ma jeszcze żadnych plików.",
  fileLabel: "Plik",
  privateLabel: "Prywatny (klient go nie zobaczy)",
  submit: "Dodaj plik",
  uploading: "Wysyłanie…",
  limits: (maxSize: string, quota: string) =>
    `Najwyżej ${maxSize} na plik i ${quota} na wszystkie pliki konta. Dozwolone typy: obrazy (PNG, JPEG, GIF, WebP), PDF, dokumenty biurowe (Word, Excel, PowerPoint, OpenDocument), archiwa (ZIP, 7z, RAR, gzip) i zwykły tekst.`,
  storage: (used: string, quota: string) => `Wykorzystane miejsce: ${used} z ${quota}`,
  columns: { name: "Nazwa", size: "Rozmiar", uploadedBy: "Kto dodał", date: "Data", visibility: "Widoczność" },
  uploadedBy: { freelancer: "Ty", client: "Klient" },
  privateBadge: "Prywatny",
  visibleBadge: "Widoczny dla klienta",
  makePrivate: "Ukryj przed klientem",
  makePublic: "Pokaż klientowi",
  download: "Pobierz",
  downloadLabel: (name: string) => `Pobierz plik ${name}`,
  delete: "Usuń",
  deleteLabel: (name: string) => `Usuń plik ${name}`,
  deleteConfirm: (name: string) => `Usunąć plik „${name}”? Klient też straci do niego dostęp. Tego nie da się cofnąć.`,
  deleteConfirmButton: "Tak, usuń",
  cancel: "Anuluj",
  uploaded: (name: string) => `Dodano plik „${name}”.`,
  deleted: (name: string) => `Usunięto plik „${name}”.`,
  madePrivate: (name: string) => `Plik „${name}” jest teraz prywatny.`,
  madePublic: (name: string) => `Plik „${name}” jest teraz widoczny dla klienta.`,
  unchanged: "Plik był już w tym stanie.",
  notFound: "Nie znaleziono pliku. Mógł zostać usunięty.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  pageTitle: (project: string) => `Pliki: ${project}`,
  backToProject: "Wróć do projektu",
  errors: {
    missing: "Wybierz plik do dodania.",
    too_large: (maxSize: string) => `Plik jest za duży. Największy dozwolony rozmiar to ${maxSize}.`,
    empty: "Plik jest pusty (0 bajtów). Wybierz inny plik.",
    type_not_allowed:
      "Tego typu pliku nie można dodać. Dodaj obraz (PNG, JPEG, GIF, WebP), PDF, dokument biurowy, archiwum albo zwykły tekst. Pliki SVG i HTML są niedozwolone.",
    fields_too_large: "Formularz zawiera za dużo danych. Odśwież stronę i spróbuj ponownie.",
    malformed: "Nie udało się odczytać wysłanego pliku. Spróbuj ponownie.",
    quota_exceeded: (used: string, quota: string) =>
      `Brak miejsca: pliki konta zajmują ${used} z ${quota}. Usuń niepotrzebne pliki i spróbuj ponownie.`,
    rate_limited: "Dodano zbyt wiele plików w krótkim czasie. Spróbuj ponownie za godzinę.",
  },
};

// Payments learnt from Tpay (app/models/payments.server.ts, tpay-reconciliation.server.ts): reasons
// of payment_problem notifications (and of an overpaid payment_received) and the timeline lines of
// payment.*, bill.paid, bill.refunded, tpay.test_mode_seen, tpay.transaction_cancelled,
// subscription.paid and subscription.cancelled. Amounts arrive formatted ("66,67 zł").
export const paymentsText = {
  reasonOverpaid: (paid: string, total: string, excess: string) =>
    `Klient zapłacił ${paid} zamiast ${total}. Rachunek jest opłacony, a nadpłatę ${excess} zwróć klientowi w panelu Tpay.`,
  reasonNotPayable: (paid: string, title: string) =>
    `Wpłata ${paid} (transakcja ${title}) przyszła do rachunku, który był już opłacony albo anulowany. Zwróć klientowi ${paid} w panelu Tpay.`,
  reasonUnderpaid: (paid: string, total: string) =>
    `Klient zapłacił ${paid} zamiast ${total}. Rachunek nadal czeka na opłacenie. Zwróć wpłatę w panelu Tpay albo ustal z klientem dopłatę.`,
  reasonRefunded: (amount: string, title: string) =>
    `Tpay zwrócił klientowi ${amount} (transakcja ${title}). Zadania z tego rachunku znów są nieopłacone.`,
  reasonRefundedUnapplied: (amount: string, title: string) => `Tpay zwrócił klientowi ${amount} (transakcja ${title}).`,
  reasonOverpayPending: (paid: string, total: string, excess: string, title: string) =>
    `Klient wpłacił ${paid} zamiast ${total} (transakcja ${title}). Tpay wstrzymał wpłatę, bo Twoje konto przyjmuje tylko dokładne kwoty. W panelu Tpay przyjmij wpłatę (całą albo tylko kwotę rachunku) albo zwróć klientowi nadpłatę ${excess}. Rachunek zostanie opłacony, gdy Tpay potwierdzi przyjęcie wpłaty.`,
  reasonTestMode:
    "Twoje konto Tpay działa w trybie testowym, więc od klienta nie pobrano pieniędzy i zadania pozostają nieopłacone. Wyłącz tryb testowy w panelu Tpay (wymaga zweryfikowanego konta) i poproś klienta o ponowną płatność.",
  activity: {
    paymentReceived: (amount: string, title: string) => `Otrzymano płatność ${amount} przez Tpay (transakcja ${title})`,
    overpaid: (excess: string) => `Nadpłata ${excess} do zwrotu klientowi`,
    billPaid: (number: string, total: string) => `Opłacono rachunek nr ${number} (${total}) przez Tpay`,
    paymentUnderpaid: (amount: string, title: string, total: string) =>
      `Wpłata ${amount} przez Tpay (transakcja ${title}) jest niższa niż kwota rachunku ${total}. Rachunek nadal czeka na opłacenie.`,
    paymentNotPayable: (amount: string, title: string) =>
      `Wpłata ${amount} przez Tpay (transakcja ${title}) do zwrotu: rachunek był już opłacony albo anulowany`,
    paymentFlagged: (amount: string, title: string) => `Wpłata ${amount} przez Tpay (transakcja ${title}) wymaga sprawdzenia`,
    paymentRefunded: (amount: string, title: string) => `Tpay zwrócił klientowi płatność ${amount} (transakcja ${title})`,
    paymentPartlyRefunded: (amount: string, paid: string, title: string, refunded: string) =>
      `Tpay zwrócił klientowi ${amount} z płatności ${paid} (transakcja ${title}). Razem zwrócono ${refunded}, a rachunek pozostaje opłacony.`,
    overpayPending: (amount: string, title: string, total: string) =>
      `Wpłata ${amount} przez Tpay (transakcja ${title}) jest wyższa niż kwota rachunku ${total}. Tpay czeka, aż przyjmiesz wpłatę albo zwrócisz nadpłatę w panelu Tpay.`,
    transactionCancelled: (title: string) => `Tpay anulował transakcję ${title}, więc nie można już za nią zapłacić`,
    subscriptionCancelled: (title: string) => `Anulowano zamówienie abonamentu, bo płatność w Tpay nie została dokończona (transakcja ${title})`,
    billRefunded: (number: string) => `Zwrócono płatność za rachunek nr ${number}. Zadania z rachunku znów są nieopłacone.`,
    testModeSeen: "Tpay przysłał powiadomienie w trybie testowym: od klienta nie pobrano pieniędzy",
    subscriptionPaid: (amount: string, title: string) => `Opłacono abonament: ${amount} przez Tpay (transakcja ${title})`,
  },
};

// Settings → "Abonament" (app/routes/_app.settings.subscription.tsx), the account that is
// read-only after the trial or a paid period, and the banners of the app layout.
export const subscriptionText = {
  title: "Abonament",
  intro: "Po okresie próbnym konto działa tylko do odczytu, dopóki nie opłacisz abonamentu. Płatność obsługuje Tpay.",
  /** Plan names by plan id (app/config/plans.ts). */
  planNames: { monthly: "Miesięczny", yearly: "Roczny" },
  stateTitle: "Stan konta",
  trialUntil: (date: string, left: string) => `Okres próbny do ${date} (${left})`,
  /** The plan name is lower-cased inside the sentence: "Abonament roczny opłacony do …". */
  paidUntil: (plan: string, date: string) => `Abonament ${plan.toLocaleLowerCase("pl-PL")} opłacony do ${date}`,
  trialOver: "Okres próbny się skończył — konto jest tylko do odczytu",
  expired: (date: string) => `Abonament wygasł ${date} — konto jest tylko do odczytu`,
  readOnlyHelp: "Możesz przeglądać projekty i pobierać pliki. Aby znów dodawać i zmieniać dane, opłać abonament.",
  extendHelp: "Kolejna płatność przedłuża abonament od końca opłaconego okresu.",
  /** `${verb} ${days} ${label}`, with the verb from `leftForms` and the label from `dayForms`. */
  daysLeft: (days: number, verb: string, label: string) => `${verb} ${days} ${label}`,
  leftForms: { one: "został", few: "zostały", many: "zostało", other: "zostało" },
  dayForms: { one: "dzień", few: "dni", many: "dni", other: "dnia" },
  endsToday: "kończy się dziś",
  plansTitle: "Plany",
  /** `${price} za ${months} ${label}`, with the label from `monthForms`. */
  planPrice: (price: string, months: number, label: string) => `${price} za ${months} ${label}`,
  monthForms: { one: "miesiąc", few: "miesiące", many: "miesięcy", other: "miesiąca" },
  buy: "Kup",
  buyPlan: (plan: string) => `Kup abonament ${plan.toLocaleLowerCase("pl-PL")}`,
  paymentsUnavailable: "Płatności za abonament są chwilowo niedostępne. Spróbuj ponownie później.",
  tpayFailed: "Nie udało się rozpocząć płatności w Tpay. Nic nie zostało pobrane. Spróbuj ponownie za kilka minut.",
  checkFailed:
    "Nie udało się sprawdzić w Tpay stanu poprzedniej płatności za ten plan, więc nie rozpoczęliśmy nowej. Nic nie zostało pobrane. Spróbuj ponownie za kilka minut.",
  unknownPlan: "Nie ma takiego planu. Wybierz jeden z planów na stronie Abonament.",
  historyTitle: "Historia płatności",
  historyEmpty: "Nie ma jeszcze żadnych płatności za abonament.",
  columns: { date: "Data", plan: "Plan", period: "Okres", amount: "Kwota", status: "Stan" },
  period: (from: string, to: string) => `${from} – ${to}`,
  noPeriod: "—",
  /** History states (describeOrder): "unpaid" is a pending order older than 7 days. */
  status: {
    pending: "Płatność w toku",
    unpaid: "Nieopłacone",
    paid: "Opłacone",
    cancelled: "Anulowane",
    underpaid: "Niedopłata — skontaktuj się z nami",
    refunded: "Zwrócone",
  },
  received: (amount: string) => `Wpłacono ${amount}`,
  overpaidNote: (excess: string) => `Nadpłata ${excess} — skontaktuj się z nami w sprawie zwrotu.`,
  notPayableNote: "Ta wpłata nie opłaciła zamówienia — skontaktuj się z nami w sprawie zwrotu.",
  returnPending: "Płatność w toku",
  returnPendingHelp: "Czekamy na potwierdzenie płatności z Tpay. Stan odświeży się sam.",
  returnPendingNoScript: "Odśwież stronę za chwilę, aby sprawdzić stan płatności.",
  returnPaid: "Opłacone",
  returnPaidHelp: (date: string) => `Abonament opłacony do ${date}. Konto znów pozwala dodawać i zmieniać dane.`,
  returnFailed: "Płatność nie powiodła się",
  returnFailedHelp: "Nic nie zostało pobrane. Możesz wybrać plan i spróbować ponownie.",
  returnCancelled: "Zamówienie zostało anulowane. Nic nie zostało pobrane.",
  returnUnpaid: "Nieopłacone",
  returnUnpaidHelp: "Tpay nie potwierdził tej płatności. Możesz wybrać plan i zapłacić ponownie.",
  returnUnderpaid: "Niedopłata — skontaktuj się z nami",
  returnUnderpaidHelp: (received: string, price: string) =>
    `Wpłacono ${received} z ${price}, więc abonament nie został przedłużony. Skontaktuj się z nami w sprawie tej wpłaty albo wybierz plan i zapłać całą kwotę.`,
  /** Shown to the payer on Tpay's page; at most 128 characters. */
  tpayDescription: (plan: string) => `Klamp – abonament ${plan.toLocaleLowerCase("pl-PL")}`,
  activityOrdered: (plan: string, amount: string) => `Zamówiono abonament ${plan.toLocaleLowerCase("pl-PL")} za ${amount}`,
};

// The read-only account: the refusal of a change and the layout's banners and badge.
export const readOnlyText = {
  refused: "Okres próbny się skończył. Konto jest tylko do odczytu — wybierz abonament w Ustawienia → Abonament.",
  refusedExpired: "Abonament wygasł. Konto jest tylko do odczytu — opłać abonament w Ustawienia → Abonament.",
  badge: "Tylko do odczytu",
  badgeTrialLastDay: "Okres próbny kończy się dziś",
  bannerTrialEnding: (left: string) => `Okres próbny: ${left}. Potem konto będzie tylko do odczytu, dopóki nie opłacisz abonamentu.`,
  bannerPaidEnding: (left: string) => `Abonament: ${left}. Potem konto będzie tylko do odczytu, dopóki nie opłacisz kolejnego okresu.`,
  bannerTrialOver: "Okres próbny się skończył. Konto jest tylko do odczytu: możesz przeglądać i pobierać dane, ale nie zmieniać ich.",
  bannerExpired: "Abonament wygasł. Konto jest tylko do odczytu: możesz przeglądać i pobierać dane, ale nie zmieniać ich.",
  chooseSubscription: "Wybierz abonament",
};

// The client page while the freelancer's account is read-only. English twin in en.ts.
export const clientReadOnlyText = {
  refused:
    "Konto wykonawcy jest teraz tylko do odczytu, więc tej zmiany nie zapisano. Nadal możesz przeglądać projekt, pobierać pliki i opłacać rachunki. Skontaktuj się z wykonawcą.",
};

// Settings → Płatności (app/routes/_app.settings.payments.tsx): the freelancer's Tpay
// connection, and the timeline lines of tpay.connected, tpay.checked and tpay.disconnected.
export const tpaySettingsText = {
  title: "Płatności",
  intro:
    "Połącz Klamp ze swoim kontem Tpay, aby klienci mogli płacić online. Pieniądze trafiają bezpośrednio do Twojego portfela Tpay: Klamp nie ma do nich dostępu.",
  statusTitle: "Połączenie z Tpay",
  notConnected:
    "Konto Tpay nie jest połączone, więc płatności online są wyłączone: klienci nie widzą przycisków „Opłać” i „Zapłać teraz”. Wpisz dane z panelu Tpay poniżej.",
  enabled: "Płatności online są włączone.",
  disabledAfterFailedCheck:
    "Płatności online są wyłączone, bo Tpay nie przyjął zapisanych danych przy ostatnim sprawdzeniu. Wpisz aktualne dane z panelu Tpay albo sprawdź połączenie ponownie.",
  onlinePayments: "Płatności online",
  onlinePaymentsOn: "włączone",
  onlinePaymentsOff: "wyłączone",
  environment: "Środowisko",
  environments: { sandbox: "Sandbox", production: "Produkcja" },
  merchantId: "ID sprzedawcy",
  clientId: "Client ID",
  clientSecret: "Client Secret",
  securityCode: "Kod bezpieczeństwa",
  storedSecret: "zapisany",
  lastCheck: "Ostatnie sprawdzenie",
  checkResult: {
    verified: "Tpay przyjął dane",
    invalid_credentials: "Tpay nie przyjął danych",
    unreachable: "nie udało się połączyć z Tpay",
    rejected: "Tpay odrzucił zapytanie",
    unexpected: "Tpay odpowiedział w nieoczekiwany sposób",
  },
  checkAt: (result: string, when: string) => `${result} (${when})`,
  notificationUrl: "Adres powiadomień",
  notificationUrlHint:
    "Na ten adres Tpay wysyła powiadomienia o wpłatach. Klamp podaje go przy każdej transakcji, więc nie musisz go wpisywać w panelu Tpay.",
  lastNotification: "Ostatnie powiadomienie z Tpay",
  noNotificationYet: "jeszcze żadnego",
  testModeWarning:
    "Twoje konto Tpay działa w trybie testowym — płatności nie przenoszą pieniędzy, więc Klamp nie oznacza ich jako opłacone. Wyłącz tryb testowy w panelu Tpay (wymaga zweryfikowanego konta).",
  testModeSeenAt: (when: string) => `Ostatnie powiadomienie w trybie testowym: ${when}.`,
  checkButton: "Sprawdź połączenie",
  formTitleNew: "Połącz konto Tpay",
  formTitleReplace: "Zmień dane Tpay",
  replaceIntro:
    "Client Secret i kod bezpieczeństwa nie są wyświetlane. Aby zmienić dane, wpisz wszystkie pola ponownie. Klamp zapisze je dopiero, gdy Tpay je przyjmie. Jeśli wpiszesz dane innego konta Tpay (inne ID sprzedawcy albo środowisko), nowe płatności trafią na nowe konto, a płatności rozpoczęte wcześniej Klamp rozliczy z poprzednim kontem.",
  clientIdHint: "Panel Tpay → Integracja → API → Klucze Open API. Ma postać 12345-0123abcd…, gdzie liczba przed myślnikiem to ID sprzedawcy.",
  clientSecretHint: "Panel Tpay pokazuje go tylko raz, przy dodawaniu klucza Open API. Jeśli go nie masz, dodaj nowy klucz.",
  securityCodeHint:
    "Panel Tpay → Ustawienia → Powiadomienia → Kod bezpieczeństwa. Wpisz go dokładnie tak, jak w panelu. Klamp sprawdza nim każde powiadomienie o wpłacie, więc jego poprawność potwierdzi dopiero pierwsza wpłata.",
  environmentHint: "Sandbox to testowe konto Tpay bez prawdziwych pieniędzy. Klucze sandboxa i produkcji są różne.",
  environmentHintProduction: "Klamp przyjmuje tu tylko produkcyjne konto Tpay. Sandbox służy do testów w wersji deweloperskiej.",
  currentPassword: "Aktualne hasło",
  currentPasswordHint: "Hasło do Klamp. Jest wymagane przy zapisywaniu, zmianie i usuwaniu danych Tpay.",
  saveNew: "Połącz z Tpay",
  saveReplace: "Zapisz nowe dane",
  disconnectTitle: "Odłącz Tpay",
  disconnectHelp:
    "Wyłącza płatności online: klienci przestaną widzieć przyciski „Opłać” i „Zapłać teraz”. Rachunki i historia wpłat zostają. Płatności rozpoczęte przed odłączeniem Klamp nadal rozliczy, dlatego usunie zapisane dane Tpay dopiero 30 dni po odłączeniu, gdy żadna z tych płatności nie będzie już w toku.",
  /** Used as `${count} ${label} na płatność…`, with the label from `awaitingBillForms`. */
  awaitingBills: (countLabel: string) =>
    `${countLabel} na płatność przez obecne konto Tpay; płatności rozpoczęte wcześniej nadal zostaną rozliczone.`,
  awaitingBillForms: { one: "rachunek oczekuje", few: "rachunki oczekują", many: "rachunków oczekuje", other: "rachunku oczekuje" },
  sharedMerchantWarning:
    "To konto Tpay jest już połączone z innym kontem Klamp. Wpłaty z obu kont Klamp trafią do tego samego portfela Tpay. Jeśli to pomyłka, sprawdź Client ID i zapisz właściwe dane.",
  md5Warning:
    "Tpay odrzucił sumę kontrolną: Klamp nie przyjął powiadomienia o wpłacie, bo jego suma kontrolna nie zgadza się z zapisanym Kodem bezpieczeństwa. Skopiuj Kod bezpieczeństwa z panelu Tpay (Ustawienia → Powiadomienia) i zapisz dane ponownie poniżej.",
  md5FailedAt: (when: string) => `Ostatnie odrzucone powiadomienie: ${when}.`,
  /** The reason of the payment_problem notification about a wrong security code. */
  md5FailedReason: "Tpay odrzucił sumę kontrolną — sprawdź Kod bezpieczeństwa w Ustawienia → Płatności.",
  disconnectButton: "Odłącz Tpay",
  sandboxHint: "Wersja deweloperska: środowisko Sandbox to lokalny symulator Tpay. Dane testowego konta sprzedawcy znajdziesz na stronie",
  sandboxLink: "symulatora Tpay",
  connected: "Połączono z Tpay. Płatności online są włączone.",
  replaced: "Zapisano nowe dane Tpay. Tpay je przyjął.",
  disconnected: "Odłączono Tpay. Płatności online są wyłączone.",
  checkOk: "Tpay przyjął zapisane dane. Płatności online są włączone.",
  checkInvalid: "Tpay nie przyjął zapisanych danych, więc płatności online są wyłączone. Wpisz aktualne dane z panelu Tpay.",
  checkUnreachable: "Nie udało się połączyć z Tpay. Zapisane dane i stan płatności online się nie zmieniły. Spróbuj ponownie za chwilę.",
  checkUnexpected: "Tpay odpowiedział w nieoczekiwany sposób. Zapisane dane i stan płatności online się nie zmieniły. Spróbuj ponownie za chwilę.",
  notConnectedError: "Konto Tpay nie jest połączone.",
  invalidCredentials:
    "Tpay nie przyjął tych danych. Sprawdź Client ID, Client Secret i wybrane środowisko (sandbox czy produkcja), a potem spróbuj ponownie. Nic nie zapisano.",
  unreachable: "Nie udało się połączyć z Tpay, więc nie dało się sprawdzić danych. Nic nie zapisano. Spróbuj ponownie za chwilę.",
  unexpected: "Tpay odpowiedział w nieoczekiwany sposób, więc nie dało się sprawdzić danych. Nic nie zapisano. Spróbuj ponownie za chwilę.",
  clientIdInvalid: "Client ID ma postać 12345-0123456789abcdef: numer sprzedawcy, myślnik i klucz. Skopiuj go z panelu Tpay.",
  edgeWhitespace: "Usuń spacje z początku i końca.",
  controlCharacters: "To pole nie może zawierać znaków nowej linii ani znaków sterujących.",
  environmentMissing: "Wybierz środowisko: Sandbox albo Produkcja.",
  environmentProductionOnly: "Wybierz środowisko Produkcja: sandbox Tpay służy tylko do testów w wersji deweloperskiej.",
  passwordMissing: "Wpisz aktualne hasło do Klamp.",
  passwordWrong: "Aktualne hasło jest nieprawidłowe.",
  tooManyAttempts: "Zbyt wiele prób. Spróbuj ponownie za 15 minut.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  activity: {
    connected: (environment: string, merchantId: string) => `Połączono konto Tpay (${environment}, ID sprzedawcy ${merchantId})`,
    replaced: (environment: string, merchantId: string) => `Zmieniono dane konta Tpay (${environment}, ID sprzedawcy ${merchantId})`,
    checked: (result: string) => `Sprawdzono połączenie z Tpay: ${result}`,
    disconnected: (merchantId: string) => `Odłączono konto Tpay (ID sprzedawcy ${merchantId})`,
    md5Failed: (merchantId: string) =>
      `Tpay odrzucił sumę kontrolną powiadomienia dla ID sprzedawcy ${merchantId}: sprawdź Kod bezpieczeństwa w Ustawienia → Płatności`,
  },
};

// "Portfel" (app/routes/_app.wallet.tsx): money received through Tpay in a period.
export const walletText = {
  title: "Portfel",
  intro:
    "Wpłaty, które klienci przesłali przez Tpay. Pieniądze trafiają bezpośrednio do Twojego portfela Tpay: saldo i wypłaty sprawdzisz w panelu Tpay.",
  month: "Miesiąc",
  show: "Pokaż",
  customRange: "Wybrane dni",
  from: "Od",
  to: "Do",
  previousMonth: "Poprzedni miesiąc",
  nextMonth: "Następny miesiąc",
  months: [
    "styczeń",
    "luty",
    "marzec",
    "kwiecień",
    "maj",
    "czerwiec",
    "lipiec",
    "sierpień",
    "wrzesień",
    "październik",
    "listopad",
    "grudzień",
  ],
  monthLabel: (monthName: string, year: number) => `${monthName} ${year}`,
  rangeLabel: (from: string, to: string) => `${from} – ${to}`,
  received: (period: string) => `Otrzymano przez Tpay: ${period}`,
  paymentForms: { one: "wpłata", few: "wpłaty", many: "wpłat", other: "wpłaty" },
  toRefund: (amount: string) => `W tym do zwrotu klientom: ${amount}`,
  refunded: (amount: string) => `Zwrócone klientom (niewliczone): ${amount}`,
  manualNote: (amount: string) =>
    `Wpłaty oznaczone ręcznie (gotówka, przelew) w tym okresie: ${amount}. Nie przeszły przez Tpay, więc nie są wliczone do portfela.`,
  empty: "W tym okresie nie było wpłat przez Tpay.",
  listTitle: "Wpłaty",
  columns: { date: "Data", project: "Projekt", tasks: "Zadania", amount: "Kwota", title: "Tytuł Tpay", state: "Stan" },
  states: {
    applied: "opłacone",
    overpaid: (excess: string) => `nadpłata ${excess} do zwrotu`,
    underpaid: "niedopłata",
    notPayable: "do zwrotu",
    refunded: "zwrócono",
  },
  expected: (amount: string) => `kwota rachunku: ${amount}`,
  /** Under a payment that was partly returned to the client. */
  refundedPart: (amount: string) => `zwrócono ${amount}`,
  deletedProject: "projekt usunięty",
  invalidDay: "Wpisz poprawną datę, np. 01.03.2026.",
  yearOutOfRange: (min: number, max: number) => `Wybierz datę z lat ${min}–${max}.`,
  rangeReversed: "Data „Od” nie może być późniejsza niż data „Do”.",
  rangeTooLong: "Wybierz najwyżej 5 lat naraz.",
  invalidMonth: "Wybierz miesiąc z listy.",
  showingDefault: "Pokazano bieżący miesiąc.",
};

// Bills on the freelancer's side ("Rachunki" on the project page, app/components/bills-panel.tsx),
// paying by hand, and the timeline lines of bill.created, bill.sent, bill.cancelled,
// bill.payment_started, bill.paid_manually and task.paid_manually.
export const billsText = {
  title: "Rachunki",
  intro:
    "Kliknij „Nieopłacone” przy zadaniach w tabeli, aby dodać je do rachunku, a potem wyślij klientowi listę do opłacenia. Klient dostanie e-mail z rachunkiem i przyciskiem „Zapłać teraz”.",
  onlineDisabled: "Płatności online są wyłączone: połącz konto Tpay w Ustawienia → Płatności",
  onlineDisabledHelp:
    "Do tego czasu klient nie zobaczy przycisków „Opłać” ani „Zapłać teraz”. Wysłany rachunek możesz oznaczyć jako opłacony gotówką lub przelewem.",
  onlineDisabledLink: "Przejdź do ustawień płatności",
  toggle: "Nieopłacone",
  toggleLabel: (name: string) => `Dodaj zadanie „${name}” do listy do opłacenia`,
  selectionTitle: "Lista do opłacenia",
  selectionNone: "Nie zaznaczono żadnego zadania.",
  /** `${count} ${label}, razem ${total}`, with the label from `taskForms`. */
  selectionSummary: (count: number, label: string, total: string) => `Zaznaczono ${count} ${label}, razem ${total}`,
  taskForms: { one: "zadanie", few: "zadania", many: "zadań", other: "zadania" },
  selectionNoScript: "Suma zaznaczonych zadań pojawi się po wysłaniu.",
  noPayableTasks: "Nie ma zadań do opłacenia: każde jest opłacone, jest już na rachunku albo nie ma uzgodnionej kwoty.",
  recipient: "E-mail klienta",
  recipientHint: "Na ten adres wyślemy rachunek z listą zadań, kwotą do zapłaty i linkiem do rachunku.",
  submit: "Wyślij listę do opłacenia",
  sent: (number: number, email: string) => `Wysłano rachunek nr ${number} na adres ${email}.`,
  sharingOff:
    "Rachunek otwiera się przez link do projektu dla klienta, a udostępnianie jest wyłączone. Włącz link w sekcji „Udostępnij” i wyślij rachunek ponownie.",
  linkUnavailable:
    "Nie udało się odczytać linku do projektu dla klienta. Wygeneruj nowy link w sekcji „Udostępnij” i wyślij rachunek ponownie.",
  unsubscribed: (email: string) =>
    `Odbiorca ${email} wypisał się z e-maili o tym projekcie, więc nie wyślemy mu rachunku. Przekaż klientowi link do projektu w inny sposób.`,
  /** `wait` is retryInHour or retryInMinutes. */
  rateLimited: (wait: string) => `Wysłano zbyt wiele rachunków w ciągu ostatniej godziny. Spróbuj ponownie ${wait}.`,
  retryInHour: "za godzinę",
  /** `za ${count} ${label}`, with the label from `minuteForms`. */
  retryInMinutes: (count: number, label: string) => `za ${count} ${label}`,
  minuteForms: { one: "minutę", few: "minuty", many: "minut", other: "minuty" },
  /** `${max} ${label}`, with the label from `characterForms`. */
  emailTooLong: (max: number, label: string) => `Adres e-mail może mieć najwyżej ${max} ${label}.`,
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  listTitle: "Lista rachunków",
  empty: "Nie ma jeszcze rachunków w tym projekcie.",
  billNumber: (number: number) => `Rachunek nr ${number}`,
  status: {
    open: "Utworzony przez klienta",
    sent: "Wysłany",
    awaiting_payment: "Oczekuje na płatność",
    paid: "Opłacony",
    cancelled: "Anulowany",
    refunded: "Zwrócony",
  },
  statusLabel: "Stan rachunku",
  paidVia: { tpay: "przez Tpay", cash: "gotówką", transfer: "przelewem" },
  paidOn: (date: string, via: string) => `opłacono ${date} ${via}`,
  createdOn: (date: string) => `utworzono ${date}`,
  sentTo: (email: string) => `wysłano na adres ${email}`,
  cancelledOn: (date: string) => `anulowano ${date}`,
  /** `${count} ${label}`, with the label from `taskForms`. */
  itemCount: (count: number, label: string) => `${count} ${label}`,
  deliveryLabel: "Stan wysyłki e-maila",
  failedReason: (reason: string) => `Powód: ${reason}`,
  cancel: "Anuluj rachunek",
  cancelLabel: (number: number) => `Anuluj rachunek nr ${number}`,
  cancelWarning: "Zadania z rachunku znów będą nieopłacone, a rozpoczęta płatność w Tpay zostanie anulowana.",
  paymentStartedWarning:
    "Klient mógł już rozpocząć płatność w Tpay. Jeśli ją dokończy po anulowaniu rachunku albo oznaczeniu go jako opłaconego, wpłata pojawi się tu jako do zwrotu.",
  flaggedTitle: "Wpłaty przez Tpay do wyjaśnienia",
  flaggedRefundDue: (amount: string, title: string) => `Wpłata ${amount} (transakcja ${title}) do zwrotu klientowi: nie opłaciła rachunku.`,
  flaggedUnderpaid: (amount: string, expected: string, title: string) =>
    `Niedopłata: klient wpłacił ${amount} z ${expected} (transakcja ${title}). Ustal z klientem dopłatę albo zwróć wpłatę.`,
  cancelConfirm: "Tak, anuluj rachunek",
  cancelled: (number: number) => `Anulowano rachunek nr ${number}. Jego zadania znów można opłacić.`,
  markPaid: "Oznacz jako opłacony",
  markPaidLabel: (number: number) => `Oznacz rachunek nr ${number} jako opłacony`,
  markTaskPaid: "Oznacz jako opłacone",
  markTaskPaidLabel: (name: string) => `Oznacz zadanie „${name}” jako opłacone`,
  method: "Sposób zapłaty",
  methods: { cash: "gotówka", transfer: "przelew" },
  methodInvalid: "Wybierz sposób zapłaty: gotówka albo przelew.",
  note: "Notatka (opcjonalnie)",
  /** `${max} ${label}`, with the label from `characterForms`. */
  noteHint: (max: number, label: string) => `Najwyżej ${max} ${label}, np. numer przelewu. Widzisz ją tylko Ty.`,
  noteTooLong: (max: number, label: string) => `Notatka może mieć najwyżej ${max} ${label}. Skróć ją.`,
  noteInvalid: "Notatka zawiera niedozwolone znaki sterujące. Usuń je i zapisz ponownie.",
  markPaidSubmit: "Zapisz płatność",
  markedPaid: (number: number, method: string) => `Oznaczono rachunek nr ${number} jako opłacony (${method}).`,
  taskMarkedPaid: (name: string, method: string) => `Oznaczono zadanie „${name}” jako opłacone (${method}).`,
  billNotUnpaid: "Ten rachunek jest już opłacony albo anulowany. Sprawdź jego aktualny stan.",
  // Refusals of a selection; each names the task.
  selectionEmpty: "Nie zaznaczono żadnego zadania. Kliknij „Nieopłacone” przy zadaniach, które mają trafić do rachunku.",
  /** `${max} ${label}`, with the label from `taskForms`. */
  tooMany: (max: number, label: string) => `Rachunek może mieć najwyżej ${max} ${label}. Zaznacz mniej zadań i wyślij kolejne osobnym rachunkiem.`,
  taskPaid: (name: string) => `Zadanie „${name}” jest już opłacone.`,
  taskOnBill: (name: string, number: number) =>
    `Zadanie „${name}” jest już na rachunku nr ${number}. Anuluj tamten rachunek albo usuń zadanie z zaznaczenia.`,
  taskPaymentPending: (name: string) => `Płatność za zadanie „${name}” jest w toku.`,
  taskNotAgreed: (name: string) => `Zadanie „${name}” nie ma uzgodnionej kwoty: czeka na akceptację klienta albo zostało odrzucone.`,
  taskZeroAmount: (name: string) => `Zadanie „${name}” ma kwotę 0,00 zł, więc nie może trafić na rachunek do zapłaty. Usuń je z zaznaczenia.`,
  zeroTotal: "Zaznaczone zadania mają kwotę 0,00 zł. Rachunek musi mieć kwotę do zapłaty.",
  /** The payment_problem notification when Tpay rejects the saved credentials at "Zapłać teraz". */
  credentialsRejectedReason: (number: number) =>
    `Tpay odrzucił zapisane dane konta, gdy klient chciał zapłacić rachunek nr ${number}. Płatności online są wyłączone, dopóki nie wpiszesz aktualnych danych w Ustawienia → Płatności.`,
  changed: "Zaznaczone zadania zmieniły się w międzyczasie. Sprawdź listę i spróbuj ponownie.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  onBill: (number: number) => `rachunek nr ${number}`,
  onBillLink: (number: number) => `Rachunek nr ${number}`,
  // The guards of app/models/tasks.server.ts: a task on a bill keeps its name and amount.
  taskLockedOnBill: (number: number) =>
    `To zadanie jest na rachunku nr ${number}, więc nie można go usunąć ani zmienić. Aby je zmienić, najpierw anuluj ten rachunek.`,
  taskLockedPaid: (number: number) => `To zadanie jest opłacone (rachunek nr ${number}), więc nie można go usunąć ani zmienić.`,
  showAll: (count: number) => `Wszystkie rachunki (${count})`,
  pageTitle: "Rachunki",
  backToProject: "Wróć do projektu",
  activity: {
    created: (number: string, total: string) => `Klient utworzył rachunek nr ${number} na ${total}`,
    sent: (number: string, total: string, email: string) => `Wysłano rachunek nr ${number} na ${total} na adres ${email}`,
    cancelled: (number: string) => `Anulowano rachunek nr ${number}. Jego zadania znów są nieopłacone.`,
    paymentStarted: (number: string, total: string) => `Klient rozpoczął płatność ${total} za rachunek nr ${number} w Tpay`,
    billPaidManually: (number: string, total: string, method: string) => `Oznaczono rachunek nr ${number} (${total}) jako opłacony: ${method}`,
    taskPaidManually: (name: string, amount: string, method: string) => `Oznaczono zadanie „${name}” (${amount}) jako opłacone: ${method}`,
    note: (text: string) => `Notatka: „${text}”`,
  },
};

// Bills on the client page, the bill page with "Zapłać teraz", the payer's return page after
// Tpay, and the bill e-mail. English twin in en.ts; read through clientText(locale).bills.
export const clientBillsText = {
  title: "Rachunki",
  toggle: "Opłać",
  toggleLabel: (name: string) => `Opłać zadanie „${name}”`,
  selectionTitle: "Do opłacenia",
  selectionHint: "Kliknij „Opłać” przy zadaniach, które chcesz opłacić, i utwórz z nich rachunek.",
  selectionNone: "Nie zaznaczono żadnego zadania.",
  /** `${count} ${label}, razem ${total}`, with the label from `taskForms`. */
  selectionSummary: (count: number, label: string, total: string) => `Zaznaczono ${count} ${label}, razem ${total}`,
  taskForms: { one: "zadanie", few: "zadania", many: "zadań", other: "zadania" },
  selectionNoScript: "Suma zaznaczonych zadań pojawi się na rachunku.",
  noPayableTasks: "Nie ma zadań do opłacenia.",
  create: "Utwórz rachunek",
  created: (number: number) => `Utworzono rachunek nr ${number}. Sprawdź go i kliknij „Zapłać teraz”.`,
  empty: "Nie ma jeszcze rachunków.",
  billNumber: (number: number) => `Rachunek nr ${number}`,
  status: {
    open: "Otwarty",
    sent: "Wysłany",
    awaiting_payment: "Oczekuje na płatność",
    paid: "Opłacony",
    cancelled: "Anulowany",
    refunded: "Zwrócony",
  },
  statusLabel: "Stan",
  createdOn: (date: string) => `utworzono ${date}`,
  paidOn: (date: string) => `opłacono ${date}`,
  itemName: "Zadanie",
  itemAmount: "Kwota",
  total: "Razem",
  payNow: "Zapłać teraz",
  payHint: "Płatność obsługuje Tpay. Po kliknięciu przejdziesz na stronę Tpay, gdzie wybierzesz sposób płatności.",
  payPendingHint: "Płatność za ten rachunek została rozpoczęta. Jeśli jej nie dokończono, kliknij „Zapłać teraz” ponownie.",
  paidNote: "Ten rachunek jest opłacony. Dziękujemy!",
  cancelledNote: "Ten rachunek został anulowany. Zadania z niego można opłacić nowym rachunkiem.",
  refundedNote: "Płatność za ten rachunek została zwrócona.",
  onlineDisabled: "Płatności online są teraz wyłączone. Skontaktuj się z wykonawcą, aby ustalić inny sposób zapłaty.",
  cancel: "Anuluj rachunek",
  cancelled: (number: number) => `Anulowano rachunek nr ${number}.`,
  billNotUnpaid: "Ten rachunek jest już opłacony albo anulowany.",
  onBill: (number: number) => `Rachunek nr ${number}`,
  selectionEmpty: "Nie zaznaczono żadnego zadania. Kliknij „Opłać” przy zadaniach, które chcesz opłacić.",
  /** `${max} ${label}`, with the label from `taskForms`. */
  tooMany: (max: number, label: string) => `Rachunek może mieć najwyżej ${max} ${label}. Zaznacz mniej zadań.`,
  taskPaid: (name: string) => `Zadanie „${name}” jest już opłacone.`,
  taskOnBill: (name: string, number: number) => `Zadanie „${name}” jest już na rachunku nr ${number}.`,
  taskPaymentPending: (name: string) => `Płatność za zadanie „${name}” jest w toku.`,
  taskNotAgreed: (name: string) => `Zadanie „${name}” nie ma jeszcze uzgodnionej kwoty.`,
  taskZeroAmount: (name: string) => `Zadanie „${name}” ma kwotę 0,00 zł, więc nie ma czego opłacić.`,
  zeroTotal: "Zaznaczone zadania mają kwotę 0,00 zł, więc nie ma czego opłacić.",
  changed: "Zadania zmieniły się w międzyczasie. Sprawdź listę i spróbuj ponownie.",
  invalidForm: "Nie udało się odczytać formularza. Odśwież stronę i spróbuj ponownie.",
  /** `wait` is retryInHour or retryInMinutes. */
  rateLimited: (wait: string) => `Utworzono zbyt wiele rachunków w ciągu ostatniej godziny. Spróbuj ponownie ${wait}.`,
  payRateLimited: (wait: string) => `Rozpoczęto zbyt wiele płatności za ten rachunek w ciągu ostatniej godziny. Spróbuj ponownie ${wait}.`,
  retryInHour: "za godzinę",
  /** `za ${count} ${label}`, with the label from `minuteForms`. */
  retryInMinutes: (count: number, label: string) => `za ${count} ${label}`,
  minuteForms: { one: "minutę", few: "minuty", many: "minut", other: "minuty" },
  previousInProgress: "Poprzednia płatność może być jeszcze w toku; spróbuj za kilka minut.",
  payerEmail: "Twój adres e-mail",
  payerEmailHint: "Tpay wyśle na ten adres potwierdzenie płatności.",
  payerEmailMissing: "Wpisz adres e-mail, na który Tpay wyśle potwierdzenie płatności.",
  payerEmailInvalid: "Wpisz poprawny adres e-mail, np. jan.kowalski@example.com.",
  /** `${max} ${label}`, with the label from `characterForms`. */
  payerEmailTooLong: (max: number, label: string) => `Adres e-mail może mieć najwyżej ${max} ${label}.`,
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  billNotFoundTitle: "Nie znaleziono rachunku",
  billNotFoundText: "W tym projekcie nie ma takiego rachunku. Wróć do projektu i otwórz rachunek z listy.",
  tpayUnreachable:
    "Nie udało się połączyć z Tpay, więc płatność się nie rozpoczęła i nic nie zostało pobrane. Spróbuj ponownie za kilka minut.",
  tpayRefused:
    "Tpay nie przyjął tej płatności, więc nic nie zostało pobrane. Spróbuj ponownie później albo skontaktuj się z wykonawcą.",
  paymentBusy: "Płatność za ten rachunek jest właśnie przygotowywana, np. w innej karcie. Odczekaj chwilę i spróbuj ponownie.",
  allBills: (count: number) => `Wszystkie rachunki (${count})`,
  backToProject: "Wróć do projektu",
  backToBills: "Wszystkie rachunki",
  previousPage: "Poprzednia strona",
  nextPage: "Następna strona",
  page: (page: number) => `Strona ${page}`,
  /** Shown to the payer on Tpay's page; cut to 128 characters. */
  tpayDescription: (number: number, project: string) => `Rachunek nr ${number} – ${project}`,
  returnTitle: "Płatność za rachunek",
  freelancer: "Wykonawca",
  amount: "Kwota",
  returnPending: "Płatność w toku",
  returnPendingHelp: "Czekamy na potwierdzenie płatności z Tpay.",
  /** Shown after returnPendingHelp once JavaScript runs; without it, returnPendingNoScript. */
  returnPendingAuto: "Stan odświeży się sam.",
  returnPendingNoScript: "Odśwież stronę za chwilę, aby sprawdzić stan płatności.",
  refresh: "Odśwież",
  returnPaid: "Opłacone",
  returnPaidHelp: "Płatność dotarła. Dziękujemy!",
  returnFailed: "Płatność nie powiodła się",
  returnFailedHelp: "Nic nie zostało pobrane. Wróć do projektu i spróbuj zapłacić ponownie.",
  returnCancelled: "Ta płatność została anulowana",
  returnCancelledHelp: "Rachunek anulowano, opłacono w inny sposób albo rozpoczęto dla niego nową płatność. Sprawdź jego stan na stronie projektu.",
  returnUnderpaid: "Wpłacono mniej niż kwota rachunku — skontaktuj się z wykonawcą",
  returnUnderpaidHelp: "Tpay przekazał mniej, niż wynosi rachunek, więc rachunek nie jest jeszcze opłacony. Wykonawca ustali z Tobą dopłatę albo zwrot.",
  returnRefunded: "Płatność została zwrócona",
  returnRefundedHelp: "Pieniądze wróciły na Twoje konto, a rachunek nie jest opłacony.",
  returnRefundDueCancelled: "Rachunek został anulowany — wykonawca zwróci wpłatę",
  returnRefundDueCancelledHelp: "Płatność dotarła, ale rachunek był już anulowany, więc go nie opłaciła.",
  returnRefundDuePaid: "Rachunek był już opłacony — wykonawca zwróci wpłatę",
  returnRefundDuePaidHelp: "Płatność dotarła, ale rachunek był już opłacony w inny sposób.",
  returnToProject: "Wróć do projektu",
  returnNoLink: "Aby wrócić do projektu, otwórz link do projektu z e-maila z zaproszeniem.",
  emailSubject: (number: number, project: string) => `Rachunek nr ${number} do opłacenia w projekcie „${project}”`,
  emailIntro: (freelancer: string, number: number, project: string) =>
    `${freelancer} przesyła rachunek nr ${number} za zadania w projekcie „${project}”:`,
  emailLine: (name: string, amount: string) => `„${name}”: ${amount}`,
  emailTotal: (total: string) => `Razem do zapłaty: ${total}`,
  emailOutro: "Rachunek otworzysz pod linkiem poniżej. Kliknij tam „Zapłać teraz”, aby zapłacić online przez Tpay.",
  /** The closing text while the freelancer's online payments are off. */
  emailOutroOffline: (freelancer: string) =>
    `Rachunek otworzysz pod linkiem poniżej. Płatności online są teraz wyłączone, więc sposób zapłaty (np. przelew) ustal bezpośrednio z wykonawcą: ${freelancer}.`,
  emailAction: "Zobacz rachunek",
  emailLinkWarning: "Link działa bez logowania. Nie przekazuj go osobom, które nie powinny widzieć projektu.",
};

// Reports on the freelancer's side: "Stwórz raport" with the period slider, the "Raporty" tab,
// the report page with its progress, "Wyślij do klienta" and the report e-mail.
export const reportsText = {
  tab: "Raporty",
  create: "Stwórz raport",
  save: "Zapisz raport",
  sendToClient: "Wyślij do klienta",
  /** A period's first and last day, already formatted as DD.MM.YYYY; a one-day period is one date. */
  period: (start: string, end: string) => (start === end ? `${start}` : `${start}–${end}`),

  // "Stwórz raport" (/projects/:projectId/reports/new).
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
  noActivity: (period: string) =>
    `W okresie ${period} w projekcie nie było żadnej aktywności, a raportu za okres bez aktywności nie można stworzyć. Wybierz okres, w którym była aktywność.`,
  nearestBefore: (day: string) => `Najbliższa wcześniejsza aktywność: ${day}.`,
  nearestAfter: (day: string) => `Najbliższa późniejsza aktywność: ${day}.`,
  noActivityAnywhere: "W projekcie nie ma jeszcze żadnej aktywności.",
  suggestionsLabel: "Okresy z aktywnością",
  suggestion: (period: string) => `Wybierz okres ${period}`,
  /** `wait` is billsText.retryInHour or billsText.retryInMinutes. */
  createRateLimited: (wait: string) => `Zapisano zbyt wiele raportów w ciągu ostatniej godziny. Spróbuj ponownie ${wait}.`,
  created: (period: string) => `Zapisano raport za okres ${period}. PDF będzie gotowy za chwilę.`,
  /** A report of the same period was already queued or rendering, so no new one was saved. */
  alreadyPending: (period: string) => `Raport za okres ${period} jest już w przygotowaniu. PDF będzie gotowy za chwilę.`,
  /** Both are counts with their TASK_FORMS label and digit grouping, e.g. `5 000 zadań` and `12 342 zadania`. */
  tooManyTasks: (limit: string, count: string) =>
    `Projekt ma ${count}, a raport może objąć najwyżej ${limit}. Raport pokazuje wszystkie zadania istniejące na koniec okresu, więc krótszy okres tu nie pomoże.`,

  // The "Raporty" tab (/reports).
  listIntro: "Raporty PDF ze stanem zadań projektów. Nowy raport stworzysz na stronie projektu przyciskiem „Stwórz raport”.",
  preparedTitle: "Przygotowane raporty",
  settingsLink: "Ustawienia raportów: logo",
  projectFilter: (project: string) => `Raporty projektu „${project}”`,
  showAllProjects: "Pokaż raporty wszystkich projektów",
  empty: "Nie ma jeszcze raportów. Otwórz projekt i kliknij „Stwórz raport”.",
  emptyProject: "Ten projekt nie ma jeszcze raportów.",
  columnPeriod: "Okres",
  columnProject: "Projekt",
  columnClient: "Klient",
  columnStatus: "Stan",
  columnSize: "Rozmiar",
  columnActions: "Akcje",
  status: { queued: "W kolejce", rendering: "Generowanie", ready: "Gotowy", failed: "Błąd" },
  download: "Pobierz PDF",
  downloadLabel: (period: string) => `Pobierz PDF raportu za okres ${period}`,
  open: "Szczegóły",
  openLabel: (period: string) => `Szczegóły raportu za okres ${period}`,
  sendLabel: (period: string) => `Wyślij do klienta raport za okres ${period}`,
  delete: "Usuń",
  deleteLabel: (period: string) => `Usuń raport za okres ${period}`,
  deleteWarning: "Usunięcie raportu usuwa też jego PDF, a linki z wysłanych e-maili przestaną działać.",
  deleteConfirm: "Tak, usuń raport",
  deleted: (period: string) => `Usunięto raport za okres ${period}.`,
  alreadyDeleted: "Ten raport został już usunięty.",

  // The report page (/reports/:reportId).
  title: (project: string) => `Raport: ${project}`,
  backToList: "Wszystkie raporty",
  project: "Projekt",
  client: "Klient",
  createdAt: "Zapisano",
  generatedAt: "Wygenerowano",
  size: "Rozmiar",
  pages: "Strony",
  tasks: "Zadania",
  progressLabel: "Postęp generowania",
  steps: { queued: "W kolejce", rendering: "Generowanie", ready: "Gotowy" },
  stateHelp: {
    queued: "Raport czeka w kolejce na wygenerowanie.",
    rendering: "Tworzymy PDF. To zwykle trwa kilka sekund.",
    ready: "PDF jest gotowy do pobrania i wysłania klientowi.",
    failed: "Nie udało się wygenerować PDF.",
  },
  /** Shown while the report is queued again after a failed attempt. */
  attempt: (attempt: number, max: number) => `Próba ${attempt} z ${max}.`,
  autoRefresh: "Stan odświeża się sam.",
  noScriptRefresh: "Odśwież stronę za chwilę, aby zobaczyć aktualny stan.",
  refresh: "Odśwież",
  failureReason: (reason: string) => `Powód: ${reason}`,
  retry: "Spróbuj ponownie",
  retried: "Raport wrócił do kolejki. PDF będzie gotowy za chwilę.",
  notFailed: "Raport nie jest w stanie błędu, więc nie trzeba go ponawiać.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",

  // "Wyślij do klienta" on the report page.
  sendIntro: "Klient dostanie e-mail z linkiem do pobrania raportu. Link działa bez logowania przez 30 dni.",
  recipient: "E-mail odbiorcy",
  recipientHint: "Podpowiadamy adres klienta projektu. Możesz wpisać inny.",
  sendNotReady: "Raport można wysłać, gdy PDF będzie gotowy.",
  sent: (email: string) => `Zlecono wysłanie raportu na adres ${email}. Stan wysyłki widać w sekcji „Wysyłki”.`,
  sendUnsubscribed: (email: string) =>
    `Odbiorca ${email} wypisał się z e-maili o tym projekcie, więc nie wyślemy mu raportu. Pobierz PDF i przekaż go w inny sposób.`,
  /** `wait` is billsText.retryInHour or billsText.retryInMinutes. */
  sendRateLimited: (wait: string) => `Wysłano zbyt wiele raportów w ciągu ostatniej godziny. Spróbuj ponownie ${wait}.`,
  sendingsTitle: "Wysyłki",
  sendingsEmpty: "Raport nie był jeszcze wysyłany.",
  /** When the freelancer clicked "Wyślij do klienta"; the e-mail itself may leave later. */
  requestedOn: (date: string) => `zlecono ${date}`,
  linkValidUntil: (date: string) => `link ważny do ${date}`,
  linkExpired: (date: string) => `link wygasł ${date}`,
  deliveryLabel: "Stan wysyłki e-maila",
  delivery: { queued: "czeka w kolejce", retrying: "ponawiamy wysyłkę", sent: "wysłano", failed: "nie wysłano", unknown: "brak danych" },
  deliveryFailed: (reason: string) => `Powód: ${reason}`,
  deliveryHelp: "„Wysłano” oznacza, że dostawca poczty przyjął e-mail do doręczenia. Nie widzimy, czy trafił do skrzynki odbiorcy.",
  deliveryAutoRefresh: "Stan wysyłki odświeża się sam.",
  deliveryRefresh: "Odśwież stronę, aby zobaczyć aktualny stan wysyłki.",
};

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

// Why a report failed, as stored in reports.failure_reason by the report queue's consumer and
// shown on the report page after "Powód:".
export const reportFailureText = {
  timeout: (seconds: number) =>
    `Generowanie PDF trwało dłużej niż limit ${seconds} s i zostało przerwane. Kliknij „Spróbuj ponownie” później. Raport bardzo dużego projektu może się nie zmieścić w tym limicie.`,
  browser: "Usługa tworząca PDF nie odpowiedziała poprawnie. Kliknij „Spróbuj ponownie” za kilka minut.",
  storage: "Nie udało się zapisać pliku PDF. Kliknij „Spróbuj ponownie” za kilka minut.",
  unknown: "Nie udało się wygenerować raportu z powodu błędu po naszej stronie. Kliknij „Spróbuj ponownie” za kilka minut.",
  /** The consumer stopped mid-render on every attempt, or the queue gave up on the message. */
  abandoned: "Generowanie PDF przerywało się przy każdej próbie. Kliknij „Spróbuj ponownie” za kilka minut.",
};

// Settings → "Raporty": the logo and "pokazuj logo w raporcie".
export const reportSettingsText = {
  tab: "Raporty",
  showLogo: "pokazuj logo w raporcie",
  pageTitle: "Ustawienia raportów",
  intro: "Logo pojawia się w nagłówku raportów PDF, które tworzysz dla klientów.",
  logoTitle: "Logo",
  /** `maxSize` is formatted, e.g. `2 MB`. */
  requirements: (width: number, height: number, maxSize: string) =>
    `Plik PNG lub JPEG o wymiarach dokładnie ${width}×${height} px, najwyżej ${maxSize}.`,
  noLogo: "Nie wgrano jeszcze logo. Raporty są tworzone bez logo.",
  previewLabel: "Podgląd logo w nagłówku raportu",
  previewAlt: "Twoje logo",
  /** `type` is PNG or JPEG, `size` is formatted. */
  logoInfo: (type: string, size: string, width: number, height: number) => `${type}, ${width}×${height} px, ${size}`,
  typeNames: { "image/png": "PNG", "image/jpeg": "JPEG" },
  fileLabel: "Plik z logo",
  upload: "Wgraj logo",
  replace: "Wgraj nowe logo",
  uploading: "Wgrywanie…",
  uploaded: "Wgrano logo. Nowe raporty będą je pokazywać.",
  replaced: "Zastąpiono logo. Nowe raporty pokażą nowe logo.",
  remove: "Usuń logo",
  removed: "Usunięto logo. Nowe raporty będą bez logo.",
  noLogoToRemove: "Nie ma logo do usunięcia.",
  showTitle: "Logo w raporcie",
  showHint: "Dotyczy raportów tworzonych od teraz. Gotowe pliki PDF się nie zmieniają.",
  showNeedsLogo: "Najpierw wgraj logo, potem możesz włączyć jego wyświetlanie.",
  save: "Zapisz",
  shown: "Nowe raporty będą pokazywać logo.",
  hidden: "Nowe raporty będą bez logo.",
  unchanged: "Nic się nie zmieniło.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  errors: {
    missing: "Wybierz plik z logo.",
    empty: "Wybrany plik jest pusty. Wybierz plik PNG lub JPEG z logo.",
    /** `max` is formatted, e.g. `2 MB`. */
    too_large: (max: string) => `Plik jest za duży. Logo może mieć najwyżej ${max}.`,
    type_not_allowed: "Logo musi być plikiem PNG lub JPEG. Inne formaty, także SVG, nie są przyjmowane.",
    corrupt:
      "Nie da się odczytać tego pliku jako obrazu PNG ani JPEG: jest uszkodzony albo jego zawartość nie pasuje do formatu. Zapisz logo ponownie w programie graficznym jako PNG lub JPEG.",
    wrong_size: (width: number, height: number, foundWidth: number, foundHeight: number) =>
      `Logo musi mieć dokładnie ${width}×${height} px, a ten plik ma ${foundWidth}×${foundHeight} px. Zmień rozmiar obrazu i wgraj go ponownie.`,
    /** `displayedWidth` × `displayedHeight` is the size after the rotation in the file's EXIF Orientation tag. */
    rotated: (displayedWidth: number, displayedHeight: number) =>
      `Ten plik ma obrót zapisany w EXIF, więc przeglądarka i raport pokazałyby logo obrócone lub odbite, jako obraz ${displayedWidth}×${displayedHeight} px. Zapisz obraz w programie graficznym bez obrotu i wgraj go ponownie.`,
    malformed: "Nie udało się odczytać przesłanego formularza. Wybierz plik ponownie i spróbuj jeszcze raz.",
    rate_limited: "Wgrano zbyt wiele plików z logo w ciągu ostatniej godziny. Spróbuj ponownie za godzinę.",
  },
};

// The PDF report itself.
export const reportDocumentText = {
  title: "Raport",
  /** The footer of every PDF page; {page} and {pages} are filled in by the browser. */
  pageFooter: "Strona {page} z {pages}",
  /** The document's <title>, which PDF viewers show as the file's title. */
  documentTitle: (project: string, period: string) => `Raport – ${project} – ${period}`,
  heading: "Raport z realizacji projektu",
  period: "Okres raportowania",
  generatedAt: "Wygenerowano",
  logoAlt: "Logo wykonawcy",
  freelancer: "Wykonawca",
  client: "Klient",
  project: "Projekt",
  email: "E-mail",
  nip: "NIP",
  address: "Adres",
  projectCreated: "Projekt utworzono",
  deadline: "Termin realizacji",
  noDeadline: "nie ustalono",
  summaryTitle: "Podsumowanie",
  /** `day` is the period's last day, formatted. */
  summaryState: (day: string) => `Stan na koniec dnia ${day}.`,
  /** A period that ends on the day the report is generated: the state at the generation time. */
  summaryStateAt: (dateTime: string) => `Stan na ${dateTime}.`,
  summaryHelp:
    "Zaakceptowane obejmuje też zadania, które nie wymagają akceptacji. Nieopłacone to uzgodnione kwoty, których klient jeszcze nie zapłacił.",
  summary: {
    accepted: "Zaakceptowane",
    pending: "Oczekuje na akceptację",
    rejected: "Odrzucone",
    done: "Zrobione",
    paid: "Opłacone",
    unpaid: "Nieopłacone",
  },
  /**
   * Done tasks out of all tasks that are not rejected, as on the project page (summarizeTasks).
   * The table lists rejected tasks too, so their number is named when there are any.
   */
  progress: (done: number, total: number, rejected: number) =>
    rejected > 0
      ? `Zrobione zadania: ${done} z ${total} (nie licząc odrzuconych: ${rejected})`
      : `Zrobione zadania: ${done} z ${total}`,
  tasksTitle: "Zadania",
  tasksHelp: "Każde zadanie w stanie z końca okresu, a pod nazwą jego zmiany w okresie raportowania.",
  tasksEmpty: "Na koniec okresu projekt nie miał żadnych zadań.",
  columns: {
    number: "Lp.",
    name: "Zadanie",
    amount: "Kwota",
    acceptance: "Akceptacja",
    workStatus: "Status",
    payment: "Płatność",
  },
  acceptance: tasksText.acceptance,
  workStatus: tasksText.workStatus,
  payment: { unpaid: "Nieopłacone", paid: "Opłacone" },
  /** The lines under a task's name; amounts arrive formatted. */
  changes: {
    created: (amount: string) => `Utworzono za ${amount}`,
    createdForAcceptance: (amount: string) => `Utworzono za ${amount}, do akceptacji klienta`,
    renamed: (previous: string, name: string) => `Zmieniono nazwę z „${previous}” na „${name}”`,
    repriced: (previous: string, amount: string) => `Zmieniono kwotę z ${previous} na ${amount}`,
    acceptanceRequested: "Wysłano do akceptacji klienta",
    accepted: (amount: string) => `Klient zaakceptował kwotę ${amount}`,
    rejected: (amount: string) => `Klient odrzucił kwotę ${amount}`,
    rejectedWithComment: (amount: string, comment: string) => `Klient odrzucił kwotę ${amount}: „${comment}”`,
    statusChanged: (from: string, to: string) => `Status: ${from} → ${to}`,
    paid: (method: string) => `Opłacono ${method}`,
    paidOnBill: (method: string, bill: string) => `Opłacono ${method}, rachunek nr ${bill}`,
    paidVia: { tpay: "przez Tpay", cash: "gotówką", transfer: "przelewem" },
    refunded: "Zwrócono płatność",
    refundedOnBill: (bill: string) => `Zwrócono płatność, rachunek nr ${bill}`,
  },
  deletedTitle: "Zadania usunięte w okresie",
  deletedColumns: { name: "Zadanie", amount: "Kwota", at: "Usunięto" },
  fixRequestsTitle: "Poprawki obsłużone w okresie",
  fixRequestsEmpty: "W okresie raportowania nie obsłużono żadnej poprawki.",
  fixRequestColumns: { number: "Nr", title: "Poprawka", outcome: "Odpowiedź", at: "Data" },
  fixRequestNumber: (number: number) => `#${number}`,
  fixRequestOutcome: {
    in_scope: "W ramach zadania",
    priced: "Wyceniona jako nowe zadanie",
    declined: "Odrzucona",
    done: "Zrobione",
  },
  fixRequestPricedTask: (task: string, amount: string) => `„${task}” za ${amount}`,
  fixRequestInScopeTask: (task: string) => `„${task}”`,
  closing: "Raport przygotowano w Klamp na podstawie historii zmian projektu.",
};

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

// The dashboard (/dashboard): the 14-day chart, the cards, the budget at a glance and the feed.
export const dashboardText = {
  title: "Dashboard",
  navLabel: "Dashboard",
  chartTitle: "Ostatnie 14 dni",
  chartHelp: "Zadania oznaczone jako zrobione i zadania opłacone każdego dnia (czas polski).",
  chartLabel: "Wykres zadań zrobionych i opłaconych w ostatnich 14 dniach",
  legendDone: "Zrobione",
  legendPaid: "Opłacone",
  tableCaption: "Zadania zrobione i opłacone w ostatnich 14 dniach",
  columnDay: "Dzień",
  columnDone: "Zrobione (liczba, kwota)",
  columnPaid: "Opłacone (liczba, kwota)",
  barTitle: (kind: string, day: string, count: string, amount: string) => `${kind}, ${day}: ${count}, ${amount}`,
  subscriptionCard: "Abonament",
  cardsLabel: "Podsumowanie konta",
  subscriptionLink: "Zarządzaj abonamentem",
  subscriptionTrial: (daysLeft: string) => `Okres próbny: ${daysLeft}`,
  subscriptionPaid: (plan: string, daysLeft: string) => `${plan}: ${daysLeft}`,
  subscriptionEnded: "Abonament wygasł: konto tylko do odczytu",
  walletCard: "Portfel w tym miesiącu",
  walletHelp: "Wpłaty klientów przez Tpay od pierwszego dnia miesiąca, po zwrotach.",
  walletLink: "Otwórz portfel",
  projectsCard: "Projekty",
  projectsValue: (active: number, all: number) => `Aktywne: ${active} z ${all}`,
  projectsLink: "Wszystkie projekty",
  feedTitle: "Powiadomienia",
  feedEmpty: "Brak powiadomień.",
  feedAll: "Wszystkie powiadomienia",
  markRead: "Oznacz jako przeczytane",
  markedRead: "Oznaczono jako przeczytane.",
  unread: "Nieprzeczytane",
  invalidRequest: "Nie udało się oznaczyć powiadomienia. Odśwież stronę i spróbuj ponownie.",
  guideTitle: "Pierwsze kroki",
  guideIntro: "Nie masz jeszcze projektów. Zacznij od tych kroków, a tu pojawią się wykres i podsumowania.",
  guideSteps: [
    "Dodaj klienta: imię, e-mail i dane do rachunku.",
    "Załóż projekt dla tego klienta.",
    "Dodaj zadania z kwotami. Te, które wymagają akceptacji, klient zaakceptuje pod linkiem.",
    "Udostępnij klientowi link do projektu.",
    "Podłącz Tpay w Ustawieniach → Płatności, aby klient mógł płacić online.",
  ],
  guideAddClient: "Dodaj klienta",
  guideAddProject: "Załóż projekt",
  budgetTitle: "Budżet projektów",
  budgetHelp: "Aktywne projekty. Kwoty zaakceptowane obejmują zadania, które nie wymagają akceptacji.",
  budgetEmpty: "Brak aktywnych projektów.",
  budgetAccepted: "Zaakceptowane",
  budgetPending: "Czeka na akceptację",
  budgetDone: "Zrobione",
  budgetPaid: "Opłacone",
  budgetUnpaid: "Nieopłacone",
  budgetBaseline: "Pierwotny budżet",
  budgetBaselineMissing: "nie ustalono",
  warningDoneNotAccepted: (count: string, amount: string) =>
    `Zrobione, ale jeszcze niezaakceptowane przez klienta: ${count} za ${amount}.`,
  warningExtras: (extras: string, percent: number, percentLimit: number) =>
    `Zaakceptowane dodatki (${extras}) przekraczają pierwszą uzgodnioną kwotę o ${percent}% (próg: ${percentLimit}%).`,
  baselineFormTitle: "Pierwotny budżet",
  baselineFormHelp:
    "Pierwsza uzgodniona kwota projektu, od której liczymy dodatki. Ustalamy ją sami przy pierwszej akceptacji klienta, a Ty możesz ją zmienić lub usunąć. Ostrzeżemy Cię, gdy zaakceptowane zadania przekroczą ją o więcej niż próg z Ustawień → Profil.",
  baselineField: "Pierwotny budżet (zł)",
  baselineSave: "Ustal kwotę",
  baselineUseAccepted: (amount: string) => `Obecnie zaakceptowano: ${amount}.`,
  baselineInvalid: "Wpisz kwotę w złotych, np. 1200 lub 1200,50.",
  baselineSaved: "Zapisano pierwotny budżet.",
  baselineClear: "Usuń kwotę",
  baselineCleared: "Usunięto pierwotny budżet. Ustalimy go przy następnej akceptacji klienta.",
  projectBudgetTitle: "Budżet",
};

// Settings → Profil: the freelancer's details and the e-mail change.
export const profileText = {
  tab: "Profil",
  title: "Profil",
  detailsTitle: "Twoje dane",
  detailsHelp: "Firmę, NIP, adres i numer konta klient widzi na rachunku i w e-mailu z rachunkiem.",
  name: "Imię i nazwisko",
  company: "Firma",
  nip: "NIP",
  nipInvalid: "Wpisz poprawny NIP: 10 cyfr z prawidłową cyfrą kontrolną.",
  address: "Adres",
  bankAccount: "Numer konta bankowego",
  bankAccountHint: "Polski numer IBAN: PL i 26 cyfr. Spacje nie mają znaczenia.",
  bankAccountInvalid: "Wpisz poprawny numer konta: PL i 26 cyfr z prawidłową sumą kontrolną.",
  budgetWarningPercent: "Próg ostrzeżenia o budżecie (%)",
  budgetWarningHint:
    "Ostrzeżemy Cię, gdy zaakceptowane dodatki przekroczą pierwszą uzgodnioną kwotę projektu o więcej niż tyle procent. Od 0 do 1000.",
  percentInvalid: "Wpisz liczbę całkowitą od 0 do 1000.",
  save: "Zapisz profil",
  saved: "Zapisano profil.",
  emailTitle: "Adres e-mail",
  currentEmail: "Obecny adres",
  emailHelp: "Na nowy adres wyślemy link. Adres zmieni się dopiero po otwarciu linku i potwierdzeniu zmiany.",
  newEmail: "Nowy adres e-mail",
  password: "Obecne hasło",
  passwordWrong: "Hasło jest nieprawidłowe.",
  emailSameAsCurrent: "To jest Twój obecny adres.",
  emailUnavailable: "Tego adresu nie można użyć.",
  requestEmailChange: "Wyślij link na nowy adres",
  emailChangeSent: (email: string) => `Wysłaliśmy link na adres ${email}. Otwórz go w ciągu 24 godzin, aby potwierdzić zmianę.`,
  tooManyAttempts: "Zbyt wiele prób zmiany adresu. Spróbuj ponownie za godzinę.",
  confirmTitle: "Potwierdź nowy adres e-mail",
  confirmText: (oldEmail: string, newEmail: string) => `Adres e-mail konta zmieni się z ${oldEmail} na ${newEmail}.`,
  confirmButton: "Zmień adres e-mail",
  linkInvalid: "Ten link wygasł albo został już użyty. Poproś o zmianę adresu jeszcze raz w Ustawieniach → Profil.",
  emailChanged: (email: string) =>
    `Adres e-mail zmieniono na ${email}. Inne sesje są nadal aktywne: możesz je zakończyć w Ustawieniach → Bezpieczeństwo.`,
  confirmEmailSubject: "Potwierdź nowy adres e-mail w Klamp",
  confirmEmailIntro: "Otrzymaliśmy prośbę o zmianę adresu e-mail konta w Klamp na ten adres.",
  confirmEmailAction: "Potwierdź nowy adres",
  confirmEmailFooter: (expiresAt: string) =>
    `Link jest ważny do ${expiresAt}. Po otwarciu linku zaloguj się, jeśli trzeba, i potwierdź zmianę. Jeśli to nie Twoja prośba, zignoruj tę wiadomość.`,
  noticeEmailSubject: "Prośba o zmianę adresu e-mail w Klamp",
  noticeEmailIntro: (newEmail: string) =>
    `Ktoś zalogowany na Twoje konto w Klamp poprosił o zmianę adresu e-mail na ${newEmail}. Adres zmieni się dopiero po potwierdzeniu linkiem wysłanym na nowy adres.`,
  noticeEmailOutro:
    "Jeśli to nie Ty, zmień hasło w Ustawieniach → Bezpieczeństwo i wyloguj się ze wszystkich urządzeń.",
};

// The freelancer's details (Settings → Profil) as the client sees them on a bill.
export const clientSellerText = {
  title: "Dane sprzedawcy",
  nip: (nip: string) => `NIP: ${nip}`,
  bankAccount: "Numer konta",
  emailBankAccount: (account: string) => `Numer konta do przelewu: ${account}`,
  emailSeller: (parts: string) => `Sprzedawca: ${parts}`,
};

// Settings → "Twoje dane": the tab holding "Eksportuj dane" and "Usuń konto".
export const dataSettingsText = {
  tab: "Twoje dane",
  title: "Twoje dane",
  intro: "Tu pobierzesz kopię wszystkich danych swojego konta albo usuniesz konto.",
};

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
