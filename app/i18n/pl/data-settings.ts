import { settingsText } from "./settings";

// Settings → "Twoje dane": the tab holding "Eksportuj dane" and "Usuń konto".
export const dataSettingsText = {
  tab: settingsText.data,
  title: "Twoje dane",
  intro: "Tu pobierzesz kopię wszystkich danych swojego konta albo usuniesz konto.",
};
