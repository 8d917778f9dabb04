import { clientMessagesPanelText } from "./client-messages-panel";

// This section and the other client-*.ts modules are the client-facing texts. Each has an English
// twin in en.ts, and client components read them through useClientText() (app/i18n/client.ts).
// The discussion panel ("Panel dyskusyjny") on the client page (app/components/discussion-panel.tsx):
// the panel's texts (./client-messages-panel.ts) and the validation messages and toasts of its form.
// `messagesText` in ./messages.ts is the freelancer's side of the same panel, with the same keys.
export const clientMessagesText = {
  ...clientMessagesPanelText,
  rateLimited: "Wysłano zbyt wiele wiadomości w ciągu ostatniej godziny. Spróbuj ponownie później.",
  posted: "Wysłano wiadomość.",
  bodyMissing: "Wpisz treść wiadomości.",
  /** Used with the label from `characterForms`: "ma 10 000 znaków". */
  bodyTooLong: (length: number, label: string, max: number) =>
    `Wiadomość może mieć najwyżej ${max} znaków, a ma ${length.toLocaleString("pl-PL")} ${label}. Skróć ją albo podziel na kilka wiadomości.`,
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  bodyControlCharacters:
    "Wiadomość zawiera niedozwolone znaki sterujące albo znaki zmieniające kierunek tekstu (np. U+202E). Usuń je i wyślij wiadomość ponownie.",
  invalidForm: "Nie udało się odczytać formularza. Odśwież stronę i spróbuj ponownie.",
  backToProject: "Wróć do projektu",
};
