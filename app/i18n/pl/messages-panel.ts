import { clientMessagesPanelText } from "./client-messages-panel";

// The freelancer's side of the discussion panel's texts, on the project page. It has its own module,
// so the page does not load the validation messages and toasts that only the server sends;
// messagesText (./messages.ts) spreads it.
export const messagesPanelText: typeof clientMessagesPanelText = {
  ...clientMessagesPanelText,
  otherAuthor: "Klient",
  empty: "Nie ma jeszcze wiadomości. Napisz pierwszą: klient zobaczy ją na stronie projektu.",
  bodyLabel: "Napisz wiadomość do klienta",
  bodyHint: (max: number) =>
    `Klient zobaczy ją na stronie projektu. Zwykły tekst, najwyżej ${max} znaków. Adresy zaczynające się od http:// lub https:// staną się linkami.`,
};
