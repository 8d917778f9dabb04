// Bills on the freelancer's side ("Rachunki" on the project page, app/components/bills-panel.tsx),
// paying by hand, and the timeline lines of bill.created, bill.sent, bill.cancelled,
// bill.payment_started, bill.paid_manually and task.paid_manually.
export const billsText = {
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
  noPayableTasks: "Nie ma zadań do opłacenia: każde jest opłacone, jest już na rachunku albo nie ma uzgodnionej kwoty.",
  recipient: "E-mail klienta",
  recipientHint: "Na ten adres wyślemy rachunek z listą zadań, kwotą do zapłaty i linkiem do rachunku.",
  submit: "Wyślij listę do opłacenia",
  sent: (number: number, email: string) => `Wysłano rachunek nr ${number} na adres ${email}.`,
  sharingOff:
    "Rachunek otwiera się przez link do projektu dla klienta, a udostępnianie jest wyłączone. Włącz link w sekcji „Udostępnij” i wyślij rachunek ponownie.",
  linkUnavailable:
    "Nie udało się odczytać linku do projektu dla klienta. Wygeneruj nowy link w sekcji „Udostępnij” i wyślij rachunek ponownie.",
  unsubscribed: (email: string) =>
    `Odbiorca ${email} wypisał się z e-maili o tym projekcie, więc nie wyślemy mu rachunku. Przekaż klientowi link do projektu w inny sposób.`,
  /** `wait` is retryInHour or retryInMinutes. */
  rateLimited: (wait: string) => `Wysłano zbyt wiele rachunków w ciągu ostatniej godziny. Spróbuj ponownie ${wait}.`,
  retryInHour: "za godzinę",
  /** `za ${count} ${label}`, with the label from `minuteForms`. */
  retryInMinutes: (count: number, label: string) => `za ${count} ${label}`,
  minuteForms: { one: "minutę", few: "minuty", many: "minut", other: "minuty" },
  /** `${max} ${label}`, with the label from `characterForms`. */
  emailTooLong: (max: number, label: string) => `Adres e-mail może mieć najwyżej ${max} ${label}.`,
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  listTitle: "Lista rachunków",
  empty: "Nie ma jeszcze rachunków w tym projekcie.",
  billNumber: (number: number) => `Rachunek nr ${number}`,
  status: {
    open: "Utworzony przez klienta",
    sent: "Wysłany",
    awaiting_payment: "Oczekuje na płatność",
    paid: "Opłacony",
    cancelled: "Anulowany",
    refunded: "Zwrócony",
  },
  statusLabel: "Stan rachunku",
  paidVia: { tpay: "przez Tpay", cash: "gotówką", transfer: "przelewem" },
  paidOn: (date: string, via: string) => `opłacono ${date} ${via}`,
  createdOn: (date: string) => `utworzono ${date}`,
  sentTo: (email: string) => `wysłano na adres ${email}`,
  cancelledOn: (date: string) => `anulowano ${date}`,
  /** `${count} ${label}`, with the label from `taskForms`. */
  itemCount: (count: number, label: string) => `${count} ${label}`,
  deliveryLabel: "Stan wysyłki e-maila",
  failedReason: (reason: string) => `Powód: ${reason}`,
  cancel: "Anuluj rachunek",
  cancelLabel: (number: number) => `Anuluj rachunek nr ${number}`,
  cancelWarning: "Zadania z rachunku znów będą nieopłacone, a rozpoczęta płatność w Tpay zostanie anulowana.",
  paymentStartedWarning:
    "Klient mógł już rozpocząć płatność w Tpay. Jeśli ją dokończy po anulowaniu rachunku albo oznaczeniu go jako opłaconego, wpłata pojawi się tu jako do zwrotu.",
  flaggedTitle: "Wpłaty przez Tpay do wyjaśnienia",
  flaggedRefundDue: (amount: string, title: string) => `Wpłata ${amount} (transakcja ${title}) do zwrotu klientowi: nie opłaciła rachunku.`,
  flaggedUnderpaid: (amount: string, expected: string, title: string) =>
    `Niedopłata: klient wpłacił ${amount} z ${expected} (transakcja ${title}). Ustal z klientem dopłatę albo zwróć wpłatę.`,
  cancelConfirm: "Tak, anuluj rachunek",
  cancelled: (number: number) => `Anulowano rachunek nr ${number}. Jego zadania znów można opłacić.`,
  markPaid: "Oznacz jako opłacony",
  // Starts with the button's visible text, so speech input users can say what they see.
  markPaidLabel: (number: number) => `Oznacz jako opłacony rachunek nr ${number}`,
  markTaskPaid: "Oznacz jako opłacone",
  markTaskPaidLabel: (name: string) => `Oznacz jako opłacone zadanie „${name}”`,
  method: "Sposób zapłaty",
  methods: { cash: "gotówka", transfer: "przelew" },
  methodInvalid: "Wybierz sposób zapłaty: gotówka albo przelew.",
  note: "Notatka (opcjonalnie)",
  /** `${max} ${label}`, with the label from `characterForms`. */
  noteHint: (max: number, label: string) => `Najwyżej ${max} ${label}, np. numer przelewu. Widzisz ją tylko Ty.`,
  noteTooLong: (max: number, label: string) => `Notatka może mieć najwyżej ${max} ${label}. Skróć ją.`,
  noteInvalid: "Notatka zawiera niedozwolone znaki sterujące. Usuń je i zapisz ponownie.",
  markPaidSubmit: "Zapisz płatność",
  markedPaid: (number: number, method: string) => `Oznaczono rachunek nr ${number} jako opłacony (${method}).`,
  taskMarkedPaid: (name: string, method: string) => `Oznaczono zadanie „${name}” jako opłacone (${method}).`,
  billNotUnpaid: "Ten rachunek jest już opłacony albo anulowany. Sprawdź jego aktualny stan.",
  // Refusals of a selection; each names the task.
  selectionEmpty: "Nie zaznaczono żadnego zadania. Kliknij „Nieopłacone” przy zadaniach, które mają trafić do rachunku.",
  /** `${max} ${label}`, with the label from `taskForms`. */
  tooMany: (max: number, label: string) => `Rachunek może mieć najwyżej ${max} ${label}. Zaznacz mniej zadań i wyślij kolejne osobnym rachunkiem.`,
  taskPaid: (name: string) => `Zadanie „${name}” jest już opłacone.`,
  taskOnBill: (name: string, number: number) =>
    `Zadanie „${name}” jest już na rachunku nr ${number}. Anuluj tamten rachunek albo usuń zadanie z zaznaczenia.`,
  taskPaymentPending: (name: string) => `Płatność za zadanie „${name}” jest w toku.`,
  taskNotAgreed: (name: string) => `Zadanie „${name}” nie ma uzgodnionej kwoty: czeka na akceptację klienta albo zostało odrzucone.`,
  taskZeroAmount: (name: string) => `Zadanie „${name}” ma kwotę 0,00 zł, więc nie może trafić na rachunek do zapłaty. Usuń je z zaznaczenia.`,
  zeroTotal: "Zaznaczone zadania mają kwotę 0,00 zł. Rachunek musi mieć kwotę do zapłaty.",
  /** The payment_problem notification when Tpay rejects the saved credentials at "Zapłać teraz". */
  credentialsRejectedReason: (number: number) =>
    `Tpay odrzucił zapisane dane konta, gdy klient chciał zapłacić rachunek nr ${number}. Płatności online są wyłączone, dopóki nie wpiszesz aktualnych danych w Ustawienia → Płatności.`,
  changed: "Zaznaczone zadania zmieniły się w międzyczasie. Sprawdź listę i spróbuj ponownie.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  onBill: (number: number) => `rachunek nr ${number}`,
  onBillLink: (number: number) => `Rachunek nr ${number}`,
  // The guards of app/models/tasks.server.ts: a task on a bill keeps its name and amount.
  taskLockedOnBill: (number: number) =>
    `To zadanie jest na rachunku nr ${number}, więc nie można go usunąć ani zmienić. Aby je zmienić, najpierw anuluj ten rachunek.`,
  taskLockedPaid: (number: number) => `To zadanie jest opłacone (rachunek nr ${number}), więc nie można go usunąć ani zmienić.`,
  showAll: (count: number) => `Wszystkie rachunki (${count})`,
  pageTitle: "Rachunki",
  backToProject: "Wróć do projektu",
  activity: {
    created: (number: string, total: string) => `Klient utworzył rachunek nr ${number} na ${total}`,
    sent: (number: string, total: string, email: string) => `Wysłano rachunek nr ${number} na ${total} na adres ${email}`,
    cancelled: (number: string) => `Anulowano rachunek nr ${number}. Jego zadania znów są nieopłacone.`,
    paymentStarted: (number: string, total: string) => `Klient rozpoczął płatność ${total} za rachunek nr ${number} w Tpay`,
    billPaidManually: (number: string, total: string, method: string) => `Oznaczono rachunek nr ${number} (${total}) jako opłacony: ${method}`,
    taskPaidManually: (name: string, amount: string, method: string) => `Oznaczono zadanie „${name}” (${amount}) jako opłacone: ${method}`,
    note: (text: string) => `Notatka: „${text}”`,
  },
};
