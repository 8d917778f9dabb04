// Texts of the app layout (app/routes/_app.tsx). The dashboard, reports and wallet sections
// reuse their tab names from here, so the layout's bundle carries these words without them.
export const nav = {
  dashboard: "Dashboard",
  projects: "Projekty",
  clients: "Klienci",
  reports: "Raporty",
  wallet: "Portfel",
  settings: "Ustawienia",
  logout: "Wyloguj",
  logoutEverywhere: "Wyloguj ze wszystkich urządzeń",
  trialDaysLeft: (days: number, label: string) => `Okres próbny: ${days} ${label}`,
  trialEnded: "Okres próbny zakończony",
  mainNavigation: "Główna nawigacja",
  skipToContent: "Przejdź do treści",
};
