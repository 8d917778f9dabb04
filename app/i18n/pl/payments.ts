// Payments learnt from Tpay (app/models/payments.server.ts, tpay-reconciliation.server.ts): reasons
// of payment_problem notifications (and of an overpaid payment_received) and the timeline lines of
// payment.*, bill.paid, bill.refunded, tpay.test_mode_seen, tpay.transaction_cancelled,
// subscription.paid and subscription.cancelled. Amounts arrive formatted ("66,67 zł").
export const paymentsText = {
  reasonOverpaid: (paid: string, total: string, excess: string) =>
    `Klient zapłacił ${paid} zamiast ${total}. Rachunek jest opłacony, a nadpłatę ${excess} zwróć klientowi w panelu Tpay.`,
  reasonNotPayable: (paid: string, title: string) =>
    `Wpłata ${paid} (transakcja ${title}) przyszła do rachunku, który był już opłacony albo anulowany. Zwróć klientowi ${paid} w panelu Tpay.`,
  reasonUnderpaid: (paid: string, total: string) =>
    `Klient zapłacił ${paid} zamiast ${total}. Rachunek nadal czeka na opłacenie. Zwróć wpłatę w panelu Tpay albo ustal z klientem dopłatę.`,
  reasonRefunded: (amount: string, title: string) =>
    `Tpay zwrócił klientowi ${amount} (transakcja ${title}). Zadania z tego rachunku znów są nieopłacone.`,
  reasonRefundedUnapplied: (amount: string, title: string) => `Tpay zwrócił klientowi ${amount} (transakcja ${title}).`,
  reasonOverpayPending: (paid: string, total: string, excess: string, title: string) =>
    `Klient wpłacił ${paid} zamiast ${total} (transakcja ${title}). Tpay wstrzymał wpłatę, bo Twoje konto przyjmuje tylko dokładne kwoty. W panelu Tpay przyjmij wpłatę (całą albo tylko kwotę rachunku) albo zwróć klientowi nadpłatę ${excess}. Rachunek zostanie opłacony, gdy Tpay potwierdzi przyjęcie wpłaty.`,
  reasonTestMode:
    "Twoje konto Tpay działa w trybie testowym, więc od klienta nie pobrano pieniędzy i zadania pozostają nieopłacone. Wyłącz tryb testowy w panelu Tpay (wymaga zweryfikowanego konta) i poproś klienta o ponowną płatność.",
  activity: {
    paymentReceived: (amount: string, title: string) => `Otrzymano płatność ${amount} przez Tpay (transakcja ${title})`,
    overpaid: (excess: string) => `Nadpłata ${excess} do zwrotu klientowi`,
    billPaid: (number: string, total: string) => `Opłacono rachunek nr ${number} (${total}) przez Tpay`,
    paymentUnderpaid: (amount: string, title: string, total: string) =>
      `Wpłata ${amount} przez Tpay (transakcja ${title}) jest niższa niż kwota rachunku ${total}. Rachunek nadal czeka na opłacenie.`,
    paymentNotPayable: (amount: string, title: string) =>
      `Wpłata ${amount} przez Tpay (transakcja ${title}) do zwrotu: rachunek był już opłacony albo anulowany`,
    paymentFlagged: (amount: string, title: string) => `Wpłata ${amount} przez Tpay (transakcja ${title}) wymaga sprawdzenia`,
    paymentRefunded: (amount: string, title: string) => `Tpay zwrócił klientowi płatność ${amount} (transakcja ${title})`,
    paymentPartlyRefunded: (amount: string, paid: string, title: string, refunded: string) =>
      `Tpay zwrócił klientowi ${amount} z płatności ${paid} (transakcja ${title}). Razem zwrócono ${refunded}, a rachunek pozostaje opłacony.`,
    overpayPending: (amount: string, title: string, total: string) =>
      `Wpłata ${amount} przez Tpay (transakcja ${title}) jest wyższa niż kwota rachunku ${total}. Tpay czeka, aż przyjmiesz wpłatę albo zwrócisz nadpłatę w panelu Tpay.`,
    transactionCancelled: (title: string) => `Tpay anulował transakcję ${title}, więc nie można już za nią zapłacić`,
    subscriptionCancelled: (title: string) => `Anulowano zamówienie abonamentu, bo płatność w Tpay nie została dokończona (transakcja ${title})`,
    billRefunded: (number: string) => `Zwrócono płatność za rachunek nr ${number}. Zadania z rachunku znów są nieopłacone.`,
    testModeSeen: "Tpay przysłał powiadomienie w trybie testowym: od klienta nie pobrano pieniędzy",
    subscriptionPaid: (amount: string, title: string) => `Opłacono abonament: ${amount} przez Tpay (transakcja ${title})`,
  },
};
