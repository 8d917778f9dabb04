// The client page while the freelancer's account is read-only. English twin in en.ts.
export const clientReadOnlyText = {
  refused:
    "Konto wykonawcy jest teraz tylko do odczytu, więc tej zmiany nie zapisano. Nadal możesz przeglądać projekt, pobierać pliki i opłacać rachunki. Skontaktuj się z wykonawcą.",
};
