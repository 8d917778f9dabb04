import { settingsText } from "./settings";

// Settings → "Raporty": the logo and "pokazuj logo w raporcie".
export const reportSettingsText = {
  tab: settingsText.reports,
  showLogo: "pokazuj logo w raporcie",
  pageTitle: "Ustawienia raportów",
  intro: "Logo pojawia się w nagłówku raportów PDF, które tworzysz dla klientów.",
  logoTitle: "Logo",
  /** `maxSize` is formatted, e.g. `2 MB`. */
  requirements: (width: number, height: number, maxSize: string) =>
    `Plik PNG lub JPEG o wymiarach dokładnie ${width}×${height} px, najwyżej ${maxSize}.`,
  noLogo: "Nie wgrano jeszcze logo. Raporty są tworzone bez logo.",
  previewLabel: "Podgląd logo w nagłówku raportu",
  previewAlt: "Twoje logo",
  /** `type` is PNG or JPEG, `size` is formatted. */
  logoInfo: (type: string, size: string, width: number, height: number) => `${type}, ${width}×${height} px, ${size}`,
  typeNames: { "image/png": "PNG", "image/jpeg": "JPEG" },
  fileLabel: "Plik z logo",
  upload: "Wgraj logo",
  replace: "Wgraj nowe logo",
  uploading: "Wgrywanie…",
  uploaded: "Wgrano logo. Nowe raporty będą je pokazywać.",
  replaced: "Zastąpiono logo. Nowe raporty pokażą nowe logo.",
  remove: "Usuń logo",
  removed: "Usunięto logo. Nowe raporty będą bez logo.",
  noLogoToRemove: "Nie ma logo do usunięcia.",
  showTitle: "Logo w raporcie",
  showHint: "Dotyczy raportów tworzonych od teraz. Gotowe pliki PDF się nie zmieniają.",
  showNeedsLogo: "Najpierw wgraj logo, potem możesz włączyć jego wyświetlanie.",
  save: "Zapisz",
  shown: "Nowe raporty będą pokazywać logo.",
  hidden: "Nowe raporty będą bez logo.",
  unchanged: "Nic się nie zmieniło.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  errors: {
    missing: "Wybierz plik z logo.",
    empty: "Wybrany plik jest pusty. Wybierz plik PNG lub JPEG z logo.",
    /** `max` is formatted, e.g. `2 MB`. */
    too_large: (max: string) => `Plik jest za duży. Logo może mieć najwyżej ${max}.`,
    type_not_allowed: "Logo musi być plikiem PNG lub JPEG. Inne formaty, także SVG, nie są przyjmowane.",
    corrupt:
      "Nie da się odczytać tego pliku jako obrazu PNG ani JPEG: jest uszkodzony albo jego zawartość nie pasuje do formatu. Zapisz logo ponownie w programie graficznym jako PNG lub JPEG.",
    wrong_size: (width: number, height: number, foundWidth: number, foundHeight: number) =>
      `Logo musi mieć dokładnie ${width}×${height} px, a ten plik ma ${foundWidth}×${foundHeight} px. Zmień rozmiar obrazu i wgraj go ponownie.`,
    /** `displayedWidth` × `displayedHeight` is the size after the rotation in the file's EXIF Orientation tag. */
    rotated: (displayedWidth: number, displayedHeight: number) =>
      `Ten plik ma obrót zapisany w EXIF, więc przeglądarka i raport pokazałyby logo obrócone lub odbite, jako obraz ${displayedWidth}×${displayedHeight} px. Zapisz obraz w programie graficznym bez obrotu i wgraj go ponownie.`,
    malformed: "Nie udało się odczytać przesłanego formularza. Wybierz plik ponownie i spróbuj jeszcze raz.",
    rate_limited: "Wgrano zbyt wiele plików z logo w ciągu ostatniej godziny. Spróbuj ponownie za godzinę.",
  },
};
