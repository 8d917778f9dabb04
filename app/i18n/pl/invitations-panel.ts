// Texts that "Wyślij zaproszenie" (app/components/invitations-panel.tsx) renders in the browser: the
// form and the list. They have their own module, so the project page does not load the validation
// messages, toasts and refusals that only the server sends, nor the labels of the invitation rows,
// which the loaders build as text (app/models/invitation-rows.server.ts). invitationsText spreads them.
export const invitationsPanelText = {
  title: "Wyślij zaproszenie",
  intro: "Klient dostanie e-mail z linkiem do projektu. Link działa bez konta i hasła.",
  sharingOff: "Udostępnianie jest wyłączone. Wysłanie zaproszenia włączy link do projektu dla klienta.",
  email: "E-mail klienta",
  name: "Imię klienta lub nazwa firmy",
  nameHint: "Imię lub nazwa firmy posłuży do personalizacji wiadomości.",
  message: "Treść zaproszenia (opcjonalnie)",
  messageHint: (max: number) => `Najwyżej ${max.toLocaleString("pl-PL")} znaków. Klient zobaczy ją w e-mailu jako zwykły tekst.`,
  submit: "Wyślij zaproszenie",
  resend: "Wyślij ponownie",
  resendLabel: (email: string) => `Wyślij ponownie zaproszenie na adres ${email}`,
  listTitle: "Wysłane zaproszenia",
  empty: "Nie wysłano jeszcze żadnego zaproszenia.",
  deliveryLabel: "Stan wysyłki",
  copyLink: "Kopiuj link",
  copyLinkLabel: (email: string) => `Kopiuj link do projektu, aby przekazać go na adres ${email}`,
  copied: "Skopiowano link do projektu.",
  remove: "Usuń zaproszenie",
  removeLabel: (email: string) => `Usuń zaproszenie dla adresu ${email}`,
  removeWarning: (email: string) =>
    `Adres ${email} zniknie z listy i nie dostanie już e-maili o projekcie. Link, który klient już ma, działa dalej. Aby go wyłączyć, wygeneruj nowy link w sekcji Udostępnij.`,
  removeConfirm: "Tak, usuń zaproszenie",
  copyInstead: "Klient nie dostał e-maila? Przekaż mu link w inny sposób: Udostępnij → Link do projektu dla klienta.",
  goToShare: "Przejdź do linku",
  showAll: (count: number) => `Wszystkie zaproszenia (${count})`,
};
