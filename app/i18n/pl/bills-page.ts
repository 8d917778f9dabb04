// The texts of the bills page (/projects/:id/bills) around its "Rachunki" panel: the heading and the
// list of payable tasks. `billsText` includes them, so the page loads these lines and not the
// refusals and toasts that only its action sends.
export const billsPageText = {
  pageTitle: "Rachunki",
  backToProject: "Wróć do projektu",
  noPayableTasks: "Nie ma zadań do opłacenia: każde jest opłacone, jest już na rachunku albo nie ma uzgodnionej kwoty.",
};
