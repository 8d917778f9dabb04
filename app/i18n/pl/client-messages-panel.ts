// The texts that the discussion panel (app/components/discussion-panel.tsx) renders in the browser, on
// the client page. They have their own module, so the freelancer's project page, whose panel spreads
// them (./messages-panel.ts), does not load the validation messages and toasts that only the server
// sends. clientMessagesText spreads them.
export const clientMessagesPanelText = {
  title: "Panel dyskusyjny",
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
  sendFailed: "Nie udało się wysłać wiadomości. Sprawdź połączenie z internetem i spróbuj ponownie.",
  pollFailed: "Nie udało się sprawdzić, czy są nowe wiadomości. Spróbujemy ponownie za chwilę.",
};
