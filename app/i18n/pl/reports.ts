import { nav } from "./nav";
import { reportFormText } from "./report-form";

// Reports on the freelancer's side: "Stwórz raport" with the period slider, the "Raporty" tab,
// the report page with its progress, "Wyślij do klienta" and the report e-mail.
export const reportsText = {
  tab: nav.reports,
  ...reportFormText,
  sendToClient: "Wyślij do klienta",

  // "Stwórz raport" (/projects/:projectId/reports/new): what its action sends. The form's own
  // texts are in ./report-form.ts.
  noActivity: (period: string) =>
    `W okresie ${period} w projekcie nie było żadnej aktywności, a raportu za okres bez aktywności nie można stworzyć. Wybierz okres, w którym była aktywność.`,
  nearestBefore: (day: string) => `Najbliższa wcześniejsza aktywność: ${day}.`,
  nearestAfter: (day: string) => `Najbliższa późniejsza aktywność: ${day}.`,
  noActivityAnywhere: "W projekcie nie ma jeszcze żadnej aktywności.",
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
