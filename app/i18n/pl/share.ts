import { sharePanelText } from "./share-panel";

// The client link on the freelancer's project page: the texts of its section and the toasts and
// refusals of /projects/:projectId/share.
export const shareText = {
  ...sharePanelText,
  sectionTitle: "Udostępnij",
  enabled: "Link dla klienta jest włączony. Skopiuj go i wyślij klientowi.",
  alreadyEnabled: "Link dla klienta był już włączony.",
  regenerated: "Wygenerowano nowy link. Stary link już nie działa.",
  disabled: "Udostępnianie wyłączone. Link już nie działa.",
  alreadyDisabled: "Udostępnianie było już wyłączone.",
  invalidIntent: "Nieznana operacja udostępniania. Odśwież stronę i spróbuj ponownie.",
  changedMeanwhile: "Link zmieniono w międzyczasie, np. w innej karcie. Sprawdź jego aktualny stan i w razie potrzeby spróbuj ponownie.",
};
