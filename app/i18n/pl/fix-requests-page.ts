// The heading and back link of the fix requests page (/projects/:id/fix-requests). `fixRequestsText`
// includes them, so the page loads these lines and not the refusals and toasts that only its action
// sends.
export const fixRequestsPageText = {
  listTitle: (project: string) => `Poprawki: ${project}`,
  backToProject: "Wróć do projektu",
};
