import { filesPanelText } from "./files-panel";

// "Pliki" on the freelancer's project page (app/components/files-panel.tsx) and its page
// /projects/:projectId/files.
export const filesText = {
  ...filesPanelText,
  download: "Pobierz",
  uploaded: (name: string) => `Dodano plik „${name}”.`,
  deleted: (name: string) => `Usunięto plik „${name}”.`,
  madePrivate: (name: string) => `Plik „${name}” jest teraz prywatny.`,
  madePublic: (name: string) => `Plik „${name}” jest teraz widoczny dla klienta.`,
  unchanged: "Plik był już w tym stanie.",
  notFound: "Nie znaleziono pliku. Mógł zostać usunięty.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  pageTitle: (project: string) => `Pliki: ${project}`,
  backToProject: "Wróć do projektu",
  errors: {
    missing: "Wybierz plik do dodania.",
    too_large: filesPanelText.tooLarge,
    empty: "Plik jest pusty (0 bajtów). Wybierz inny plik.",
    type_not_allowed:
      "Tego typu pliku nie można dodać. Dodaj obraz (PNG, JPEG, GIF, WebP), PDF, dokument biurowy, archiwum albo zwykły tekst. Pliki SVG i HTML są niedozwolone.",
    fields_too_large: "Formularz zawiera za dużo danych. Odśwież stronę i spróbuj ponownie.",
    malformed: "Nie udało się odczytać wysłanego pliku. Spróbuj ponownie.",
    quota_exceeded: (used: string, quota: string) =>
      `Brak miejsca: pliki konta zajmują ${used} z ${quota}. Usuń niepotrzebne pliki i spróbuj ponownie.`,
    rate_limited: "Dodano zbyt wiele plików w krótkim czasie. Spróbuj ponownie za godzinę.",
  },
};
