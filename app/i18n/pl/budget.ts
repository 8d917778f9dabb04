// "Budżet" of a project (app/components/budget-glance.tsx) and the project page's "Pierwotny budżet"
// form. It has its own module so that the project page does not load the whole dashboard section;
// dashboardText spreads it and adds the form's toasts.
export const budgetText = {
  budgetAccepted: "Zaakceptowane",
  budgetPending: "Czeka na akceptację",
  budgetDone: "Zrobione",
  budgetPaid: "Opłacone",
  budgetUnpaid: "Nieopłacone",
  budgetBaseline: "Pierwotny budżet",
  budgetBaselineMissing: "nie ustalono",
  warningDoneNotAccepted: (count: string, amount: string) =>
    `Zrobione, ale jeszcze niezaakceptowane przez klienta: ${count} za ${amount}.`,
  warningExtras: (extras: string, percent: number, percentLimit: number) =>
    `Zaakceptowane dodatki (${extras}) przekraczają pierwszą uzgodnioną kwotę o ${percent}% (próg: ${percentLimit}%).`,
  baselineFormTitle: "Pierwotny budżet",
  baselineFormHelp:
    "Pierwsza uzgodniona kwota projektu, od której liczymy dodatki. Ustalamy ją sami przy pierwszej akceptacji klienta, a Ty możesz ją zmienić lub usunąć. Ostrzeżemy Cię, gdy zaakceptowane zadania przekroczą ją o więcej niż próg z Ustawień → Profil.",
  baselineField: "Pierwotny budżet (zł)",
  baselineSave: "Ustal kwotę",
  baselineUseAccepted: (amount: string) => `Obecnie zaakceptowano: ${amount}.`,
  baselineClear: "Usuń kwotę",
  projectBudgetTitle: "Budżet",
};
