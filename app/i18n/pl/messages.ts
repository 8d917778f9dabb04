import { clientMessagesText } from "./client-messages";

// The freelancer's side of the discussion panel, on the project page.
export const messagesText: typeof clientMessagesText = {
  ...clientMessagesText,
  otherAuthor: "Klient",
  empty: "Nie ma jeszcze wiadomości. Napisz pierwszą: klient zobaczy ją na stronie projektu.",
  bodyLabel: "Napisz wiadomość do klienta",
  bodyHint: (max: number) =>
    `Klient zobaczy ją na stronie projektu. Zwykły tekst, najwyżej ${max} znaków. Adresy zaczynające się od http:// lub https:// staną się linkami.`,
};
