import { settingsText } from "./settings";

// Settings → "Abonament" (app/routes/_app.settings.subscription.tsx), the account that is
// read-only after the trial or a paid period, and the banners of the app layout.
export const subscriptionText = {
  title: settingsText.subscription,
  intro: "Po okresie próbnym konto działa tylko do odczytu, dopóki nie opłacisz abonamentu. Płatność obsługuje Tpay.",
  /** Plan names by plan id (app/config/plans.ts). */
  planNames: { monthly: "Miesięczny", yearly: "Roczny" },
  stateTitle: "Stan konta",
  trialUntil: (date: string, left: string) => `Okres próbny do ${date} (${left})`,
  /** The plan name is lower-cased inside the sentence: "Abonament roczny opłacony do …". */
  paidUntil: (plan: string, date: string) => `Abonament ${plan.toLocaleLowerCase("pl-PL")} opłacony do ${date}`,
  trialOver: "Okres próbny się skończył — konto jest tylko do odczytu",
  expired: (date: string) => `Abonament wygasł ${date} — konto jest tylko do odczytu`,
  readOnlyHelp: "Możesz przeglądać projekty i pobierać pliki. Aby znów dodawać i zmieniać dane, opłać abonament.",
  extendHelp: "Kolejna płatność przedłuża abonament od końca opłaconego okresu.",
  /** `${verb} ${days} ${label}`, with the verb from `leftForms` and the label from `dayForms`. */
  daysLeft: (days: number, verb: string, label: string) => `${verb} ${days} ${label}`,
  leftForms: { one: "został", few: "zostały", many: "zostało", other: "zostało" },
  dayForms: { one: "dzień", few: "dni", many: "dni", other: "dnia" },
  endsToday: "kończy się dziś",
  plansTitle: "Plany",
  /** `${price} za ${months} ${label}`, with the label from `monthForms`. */
  planPrice: (price: string, months: number, label: string) => `${price} za ${months} ${label}`,
  monthForms: { one: "miesiąc", few: "miesiące", many: "miesięcy", other: "miesiąca" },
  buy: "Kup",
  buyPlan: (plan: string) => `Kup abonament ${plan.toLocaleLowerCase("pl-PL")}`,
  paymentsUnavailable: "Płatności za abonament są chwilowo niedostępne. Spróbuj ponownie później.",
  tpayFailed: "Nie udało się rozpocząć płatności w Tpay. Nic nie zostało pobrane. Spróbuj ponownie za kilka minut.",
  checkFailed:
    "Nie udało się sprawdzić w Tpay stanu poprzedniej płatności za ten plan, więc nie rozpoczęliśmy nowej. Nic nie zostało pobrane. Spróbuj ponownie za kilka minut.",
  unknownPlan: "Nie ma takiego planu. Wybierz jeden z planów na stronie Abonament.",
  historyTitle: "Historia płatności",
  historyEmpty: "Nie ma jeszcze żadnych płatności za abonament.",
  columns: { date: "Data", plan: "Plan", period: "Okres", amount: "Kwota", status: "Stan" },
  period: (from: string, to: string) => `${from} – ${to}`,
  noPeriod: "—",
  /** History states (describeOrder): "unpaid" is a pending order older than 7 days. */
  status: {
    pending: "Płatność w toku",
    unpaid: "Nieopłacone",
    paid: "Opłacone",
    cancelled: "Anulowane",
    underpaid: "Niedopłata — skontaktuj się z nami",
    refunded: "Zwrócone",
  },
  received: (amount: string) => `Wpłacono ${amount}`,
  overpaidNote: (excess: string) => `Nadpłata ${excess} — skontaktuj się z nami w sprawie zwrotu.`,
  notPayableNote: "Ta wpłata nie opłaciła zamówienia — skontaktuj się z nami w sprawie zwrotu.",
  returnPending: "Płatność w toku",
  returnPendingHelp: "Czekamy na potwierdzenie płatności z Tpay. Stan odświeży się sam.",
  returnPendingNoScript: "Odśwież stronę za chwilę, aby sprawdzić stan płatności.",
  returnPaid: "Opłacone",
  returnPaidHelp: (date: string) => `Abonament opłacony do ${date}. Konto znów pozwala dodawać i zmieniać dane.`,
  returnFailed: "Płatność nie powiodła się",
  returnFailedHelp: "Nic nie zostało pobrane. Możesz wybrać plan i spróbować ponownie.",
  returnCancelled: "Zamówienie zostało anulowane. Nic nie zostało pobrane.",
  returnUnpaid: "Nieopłacone",
  returnUnpaidHelp: "Tpay nie potwierdził tej płatności. Możesz wybrać plan i zapłacić ponownie.",
  returnUnderpaid: "Niedopłata — skontaktuj się z nami",
  returnUnderpaidHelp: (received: string, price: string) =>
    `Wpłacono ${received} z ${price}, więc abonament nie został przedłużony. Skontaktuj się z nami w sprawie tej wpłaty albo wybierz plan i zapłać całą kwotę.`,
  /** Shown to the payer on Tpay's page; at most 128 characters. */
  tpayDescription: (plan: string) => `Klamp – abonament ${plan.toLocaleLowerCase("pl-PL")}`,
  activityOrdered: (plan: string, amount: string) => `Zamówiono abonament ${plan.toLocaleLowerCase("pl-PL")} za ${amount}`,
};
