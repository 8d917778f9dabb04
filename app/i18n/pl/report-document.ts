import { tasksText } from "./tasks";

// The PDF report itself.
export const reportDocumentText = {
  title: "Raport",
  /** The footer of every PDF page; {page} and {pages} are filled in by the browser. */
  pageFooter: "Strona {page} z {pages}",
  /** The document's <title>, which PDF viewers show as the file's title. */
  documentTitle: (project: string, period: string) => `Raport – ${project} – ${period}`,
  heading: "Raport z realizacji projektu",
  period: "Okres raportowania",
  generatedAt: "Wygenerowano",
  logoAlt: "Logo wykonawcy",
  freelancer: "Wykonawca",
  client: "Klient",
  project: "Projekt",
  email: "E-mail",
  nip: "NIP",
  address: "Adres",
  projectCreated: "Projekt utworzono",
  deadline: "Termin realizacji",
  noDeadline: "nie ustalono",
  summaryTitle: "Podsumowanie",
  /** `day` is the period's last day, formatted. */
  summaryState: (day: string) => `Stan na koniec dnia ${day}.`,
  /** A period that ends on the day the report is generated: the state at the generation time. */
  summaryStateAt: (dateTime: string) => `Stan na ${dateTime}.`,
  summaryHelp:
    "Zaakceptowane obejmuje też zadania, które nie wymagają akceptacji. Nieopłacone to uzgodnione kwoty, których klient jeszcze nie zapłacił.",
  summary: {
    accepted: "Zaakceptowane",
    pending: "Oczekuje na akceptację",
    rejected: "Odrzucone",
    done: "Zrobione",
    paid: "Opłacone",
    unpaid: "Nieopłacone",
  },
  /**
   * Done tasks out of all tasks that are not rejected, as on the project page (summarizeTasks).
   * The table lists rejected tasks too, so their number is named when there are any.
   */
  progress: (done: number, total: number, rejected: number) =>
    rejected > 0
      ? `Zrobione zadania: ${done} z ${total} (nie licząc odrzuconych: ${rejected})`
      : `Zrobione zadania: ${done} z ${total}`,
  tasksTitle: "Zadania",
  tasksHelp: "Każde zadanie w stanie z końca okresu, a pod nazwą jego zmiany w okresie raportowania.",
  tasksEmpty: "Na koniec okresu projekt nie miał żadnych zadań.",
  columns: {
    number: "Lp.",
    name: "Zadanie",
    amount: "Kwota",
    acceptance: "Akceptacja",
    workStatus: "Status",
    payment: "Płatność",
  },
  acceptance: tasksText.acceptance,
  workStatus: tasksText.workStatus,
  payment: { unpaid: "Nieopłacone", paid: "Opłacone" },
  /** The lines under a task's name; amounts arrive formatted. */
  changes: {
    created: (amount: string) => `Utworzono za ${amount}`,
    createdForAcceptance: (amount: string) => `Utworzono za ${amount}, do akceptacji klienta`,
    renamed: (previous: string, name: string) => `Zmieniono nazwę z „${previous}” na „${name}”`,
    repriced: (previous: string, amount: string) => `Zmieniono kwotę z ${previous} na ${amount}`,
    acceptanceRequested: "Wysłano do akceptacji klienta",
    accepted: (amount: string) => `Klient zaakceptował kwotę ${amount}`,
    rejected: (amount: string) => `Klient odrzucił kwotę ${amount}`,
    rejectedWithComment: (amount: string, comment: string) => `Klient odrzucił kwotę ${amount}: „${comment}”`,
    statusChanged: (from: string, to: string) => `Status: ${from} → ${to}`,
    paid: (method: string) => `Opłacono ${method}`,
    paidOnBill: (method: string, bill: string) => `Opłacono ${method}, rachunek nr ${bill}`,
    paidVia: { tpay: "przez Tpay", cash: "gotówką", transfer: "przelewem" },
    refunded: "Zwrócono płatność",
    refundedOnBill: (bill: string) => `Zwrócono płatność, rachunek nr ${bill}`,
  },
  deletedTitle: "Zadania usunięte w okresie",
  deletedColumns: { name: "Zadanie", amount: "Kwota", at: "Usunięto" },
  fixRequestsTitle: "Poprawki obsłużone w okresie",
  fixRequestsEmpty: "W okresie raportowania nie obsłużono żadnej poprawki.",
  fixRequestColumns: { number: "Nr", title: "Poprawka", outcome: "Odpowiedź", at: "Data" },
  fixRequestNumber: (number: number) => `#${number}`,
  fixRequestOutcome: {
    in_scope: "W ramach zadania",
    priced: "Wyceniona jako nowe zadanie",
    declined: "Odrzucona",
    done: "Zrobione",
  },
  fixRequestPricedTask: (task: string, amount: string) => `„${task}” za ${amount}`,
  fixRequestInScopeTask: (task: string) => `„${task}”`,
  closing: "Raport przygotowano w Klamp na podstawie historii zmian projektu.",
};
