// This section and the other client-*.ts modules are the client-facing texts. Each has an English
// twin in en.ts, and client components read them through useClientText() (app/i18n/client.ts).
// The discussion panel ("Panel dyskusyjny") on the client page (app/components/discussion-panel.tsx).
// `messagesText` in ./messages.ts is the freelancer's side of the same panel, with the same keys.
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
