// Texts that the "Rachunki" panel of the freelancer's project page (app/components/bills-panel.tsx)
// renders in the browser. They have their own module, so the page does not load the validation
// messages, refusals and toasts that only the server sends, nor the labels of the bill rows, which
// the loaders build as text (app/models/bill-rows.server.ts). billsText spreads them.
export const billsPanelText = {
  title: "Rachunki",
  intro:
    "Kliknij „Nieopłacone” przy zadaniach w tabeli, aby dodać je do rachunku, a potem wyślij klientowi listę do opłacenia. Klient dostanie e-mail z rachunkiem i przyciskiem „Zapłać teraz”.",
  onlineDisabled: "Płatności online są wyłączone: połącz konto Tpay w Ustawienia → Płatności",
  onlineDisabledHelp:
    "Do tego czasu klient nie zobaczy przycisków „Opłać” ani „Zapłać teraz”. Wysłany rachunek możesz oznaczyć jako opłacony gotówką lub przelewem.",
  onlineDisabledLink: "Przejdź do ustawień płatności",
  toggle: "Nieopłacone",
  toggleLabel: (name: string) => `Dodaj zadanie „${name}” do listy do opłacenia`,
  selectionTitle: "Lista do opłacenia",
  selectionNone: "Nie zaznaczono żadnego zadania.",
  /** `${count} ${label}, razem ${total}`, with the label from `taskForms`. */
  selectionSummary: (count: number, label: string, total: string) => `Zaznaczono ${count} ${label}, razem ${total}`,
  taskForms: { one: "zadanie", few: "zadania", many: "zadań", other: "zadania" },
  selectionNoScript: "Suma zaznaczonych zadań pojawi się po wysłaniu.",
  recipient: "E-mail klienta",
  recipientHint: "Na ten adres wyślemy rachunek z listą zadań, kwotą do zapłaty i linkiem do rachunku.",
  submit: "Wyślij listę do opłacenia",
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  listTitle: "Lista rachunków",
  empty: "Nie ma jeszcze rachunków w tym projekcie.",
  statusLabel: "Stan rachunku",
  deliveryLabel: "Stan wysyłki e-maila",
  cancel: "Anuluj rachunek",
  cancelLabel: (number: number) => `Anuluj rachunek nr ${number}`,
  cancelWarning: "Zadania z rachunku znów będą nieopłacone, a rozpoczęta płatność w Tpay zostanie anulowana.",
  flaggedTitle: "Wpłaty przez Tpay do wyjaśnienia",
  cancelConfirm: "Tak, anuluj rachunek",
  markPaid: "Oznacz jako opłacony",
  // Starts with the button's visible text, so speech input users can say what they see.
  markPaidLabel: (number: number) => `Oznacz jako opłacony rachunek nr ${number}`,
  markTaskPaid: "Oznacz jako opłacone",
  markTaskPaidLabel: (name: string) => `Oznacz jako opłacone zadanie „${name}”`,
  method: "Sposób zapłaty",
  methods: { cash: "gotówka", transfer: "przelew" },
  note: "Notatka (opcjonalnie)",
  /** `${max} ${label}`, with the label from `characterForms`. */
  noteHint: (max: number, label: string) => `Najwyżej ${max} ${label}, np. numer przelewu. Widzisz ją tylko Ty.`,
  markPaidSubmit: "Zapisz płatność",
  onBill: (number: number) => `rachunek nr ${number}`,
  showAll: (count: number) => `Wszystkie rachunki (${count})`,
};
