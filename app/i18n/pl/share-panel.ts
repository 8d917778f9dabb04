// Texts that the project page's "Udostępnij" section (app/components/share-panel.tsx) renders in the
// browser. They have their own module, so the page does not load the toasts and refusals that only
// the server sends. shareText spreads them.
export const sharePanelText = {
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
};
