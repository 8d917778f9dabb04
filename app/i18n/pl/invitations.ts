import { invitationsPanelText } from "./invitations-panel";

// "Wyślij zaproszenie" on the project page (app/components/invitations-panel.tsx).
export const invitationsText = {
  ...invitationsPanelText,
  // The invitation rows of the panel, as app/models/invitation-rows.server.ts builds them.
  sendCount: (count: number, label: string) => `wysłano ${count} ${label}`,
  timeForms: { one: "raz", few: "razy", many: "razy", other: "raza" },
  lastSent: (date: string) => `ostatnio ${date}`,
  delivery: { queued: "w kolejce", retrying: "w kolejce, ponawiamy wysyłkę", sent: "wysłano", failed: "nie wysłano", unknown: "brak danych" },
  failedReason: (reason: string) => `Powód: ${reason}`,
  unsubscribedAt: (date: string) => `Wypisano z e-maili o projekcie ${date}. Nie wyślemy już na ten adres zaproszenia ani powiadomień.`,
  linkOutdated:
    "Ma nieaktualny link do projektu i nie dostaje e-maili o projekcie. Wyślij ponownie, aby klient dostał nowy link.",
  // Validation messages of the panel's form (app/schemas/invitations.ts).
  messageTooLong: (max: number, length: number) =>
    `Treść zaproszenia może mieć najwyżej ${max.toLocaleString("pl-PL")} znaków, a ma ${length.toLocaleString("pl-PL")}. Skróć ją.`,
  messageInvalidCharacters:
    "Treść zaproszenia zawiera niedozwolone znaki sterujące albo znaki zmieniające kierunek tekstu (np. U+202E). Usuń je i wyślij ponownie.",
  nameInvalidCharacters:
    "Imię lub nazwa firmy zawiera niedozwolone znaki sterujące albo znaki zmieniające kierunek tekstu (np. U+202E). Usuń je i wyślij ponownie.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
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
  removed: (email: string) => `Usunięto zaproszenie dla adresu ${email}. Nie wyślemy już na ten adres e-maili o projekcie.`,
  removeUnsubscribed: (email: string) =>
    `Odbiorca ${email} wypisał się z e-maili, więc zaproszenie zostaje na liście. To zapis jego rezygnacji, dzięki któremu nie wyślemy na ten adres kolejnego zaproszenia.`,
  pageTitle: "Zaproszenia",
  backToProject: "Wróć do projektu",
};
