// Texts that "Pliki" on the freelancer's project page (app/components/files-panel.tsx) renders in the
// browser. They have their own module, so the page does not load the toasts and upload refusals that
// only the server sends. filesText spreads them.
export const filesPanelText = {
  title: "Pliki",
  intro: "Pliki projektu, wspólne z klientem. Pliki oznaczone jako prywatne widzisz tylko Ty.",
  empty: "Nie ma jeszcze żadnych plików.",
  fileLabel: "Plik",
  privateLabel: "Prywatny (klient go nie zobaczy)",
  submit: "Dodaj plik",
  uploading: "Wysyłanie…",
  limits: (maxSize: string, quota: string) =>
    `Najwyżej ${maxSize} na plik i ${quota} na wszystkie pliki konta. Dozwolone typy: obrazy (PNG, JPEG, GIF, WebP), PDF, dokumenty biurowe (Word, Excel, PowerPoint, OpenDocument), archiwa (ZIP, 7z, RAR, gzip) i zwykły tekst.`,
  storage: (used: string, quota: string) => `Wykorzystane miejsce: ${used} z ${quota}`,
  columns: { name: "Nazwa", size: "Rozmiar", uploadedBy: "Kto dodał", date: "Data", visibility: "Widoczność" },
  uploadedBy: { freelancer: "Ty", client: "Klient" },
  privateBadge: "Prywatny",
  visibleBadge: "Widoczny dla klienta",
  makePrivate: "Ukryj przed klientem",
  makePublic: "Pokaż klientowi",
  downloadLabel: (name: string) => `Pobierz plik ${name}`,
  delete: "Usuń",
  deleteLabel: (name: string) => `Usuń plik ${name}`,
  deleteConfirm: (name: string) => `Usunąć plik „${name}”? Klient też straci do niego dostęp. Tego nie da się cofnąć.`,
  deleteConfirmButton: "Tak, usuń",
  cancel: "Anuluj",
  /** Also the server's refusal of a file over the size limit (filesText.errors.too_large). */
  tooLarge: (maxSize: string) => `Plik jest za duży. Największy dozwolony rozmiar to ${maxSize}.`,
};
