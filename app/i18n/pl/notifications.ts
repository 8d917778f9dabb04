import { notificationsBadgeText } from "./notifications-badge";

// The freelancer's notifications: the feed (/notifications), the header badge, Settings →
// Powiadomienia and the notification e-mails.
export const notificationsText = {
  ...notificationsBadgeText,
  intro: "Co klient zrobił w Twoich projektach i co stało się z zaproszeniami.",
  empty: "Nie masz jeszcze żadnych powiadomień.",
  settingsLink: "Ustaw, które powiadomienia widzisz i które dostajesz e-mailem",
  unread: "Nowe",
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
