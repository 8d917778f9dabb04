import { billsPageText } from "./bills-page";
import { billsPanelText } from "./bills-panel";

// Bills on the freelancer's side ("Rachunki" on the project page, app/components/bills-panel.tsx),
// paying by hand, and the timeline lines of bill.created, bill.sent, bill.cancelled,
// bill.payment_started, bill.paid_manually and task.paid_manually.
export const billsText = {
  ...billsPanelText,
  // The bill rows of the panel, as app/models/bill-rows.server.ts builds them.
  billNumber: (number: number) => `Rachunek nr ${number}`,
  status: {
    open: "Utworzony przez klienta",
    sent: "Wysłany",
    awaiting_payment: "Oczekuje na płatność",
    paid: "Opłacony",
    cancelled: "Anulowany",
    refunded: "Zwrócony",
  },
  paidVia: { tpay: "przez Tpay", cash: "gotówką", transfer: "przelewem" },
  paidOn: (date: string, via: string) => `opłacono ${date} ${via}`,
  createdOn: (date: string) => `utworzono ${date}`,
  sentTo: (email: string) => `wysłano na adres ${email}`,
  cancelledOn: (date: string) => `anulowano ${date}`,
  /** `${count} ${label}`, with the label from `taskForms`. */
  itemCount: (count: number, label: string) => `${count} ${label}`,
  failedReason: (reason: string) => `Powód: ${reason}`,
  paymentStartedWarning:
    "Klient mógł już rozpocząć płatność w Tpay. Jeśli ją dokończy po anulowaniu rachunku albo oznaczeniu go jako opłaconego, wpłata pojawi się tu jako do zwrotu.",
  flaggedRefundDue: (amount: string, title: string) => `Wpłata ${amount} (transakcja ${title}) do zwrotu klientowi: nie opłaciła rachunku.`,
  flaggedUnderpaid: (amount: string, expected: string, title: string) =>
    `Niedopłata: klient wpłacił ${amount} z ${expected} (transakcja ${title}). Ustal z klientem dopłatę albo zwróć wpłatę.`,
  // Validation messages of the panel's forms (app/schemas/bills.ts) and a refusal of the send form.
  sharingOff:
    "Rachunek otwiera się przez link do projektu dla klienta, a udostępnianie jest wyłączone. Włącz link w sekcji „Udostępnij” i wyślij rachunek ponownie.",
  /** `${max} ${label}`, with the label from `characterForms`. */
  emailTooLong: (max: number, label: string) => `Adres e-mail może mieć najwyżej ${max} ${label}.`,
  methodInvalid: "Wybierz sposób zapłaty: gotówka albo przelew.",
  noteTooLong: (max: number, label: string) => `Notatka może mieć najwyżej ${max} ${label}. Skróć ją.`,
  noteInvalid: "Notatka zawiera niedozwolone znaki sterujące. Usuń je i zapisz ponownie.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  sent: (number: number, email: string) => `Wysłano rachunek nr ${number} na adres ${email}.`,
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
  cancelled: (number: number) => `Anulowano rachunek nr ${number}. Jego zadania znów można opłacić.`,
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
  onBillLink: (number: number) => `Rachunek nr ${number}`,
  // The guards of app/models/tasks.server.ts: a task on a bill keeps its name and amount.
  taskLockedOnBill: (number: number) =>
    `To zadanie jest na rachunku nr ${number}, więc nie można go usunąć ani zmienić. Aby je zmienić, najpierw anuluj ten rachunek.`,
  taskLockedPaid: (number: number) => `To zadanie jest opłacone (rachunek nr ${number}), więc nie można go usunąć ani zmienić.`,
  ...billsPageText,
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
