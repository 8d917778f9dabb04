// Settings area tabs (app/routes/_app.settings.tsx). The tabs' own sections reuse these names,
// so the settings layout's bundle carries the tab bar without those sections.
export const settingsText = {
  tabsLabel: "Zakładki ustawień",
  profile: "Profil",
  security: "Bezpieczeństwo",
  notifications: "Powiadomienia",
  payments: "Płatności",
  subscription: "Abonament",
  reports: "Raporty",
  data: "Twoje dane",
};
