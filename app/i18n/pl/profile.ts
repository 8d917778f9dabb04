import { settingsText } from "./settings";

// Settings → Profil: the freelancer's details and the e-mail change.
export const profileText = {
  tab: settingsText.profile,
  title: "Profil",
  detailsTitle: "Twoje dane",
  detailsHelp: "Firmę, NIP, adres i numer konta klient widzi na rachunku i w e-mailu z rachunkiem.",
  name: "Imię i nazwisko",
  company: "Firma",
  nip: "NIP",
  nipInvalid: "Wpisz poprawny NIP: 10 cyfr z prawidłową cyfrą kontrolną.",
  address: "Adres",
  bankAccount: "Numer konta bankowego",
  bankAccountHint: "Polski numer IBAN: PL i 26 cyfr. Spacje nie mają znaczenia.",
  bankAccountInvalid: "Wpisz poprawny numer konta: PL i 26 cyfr z prawidłową sumą kontrolną.",
  budgetWarningPercent: "Próg ostrzeżenia o budżecie (%)",
  budgetWarningHint:
    "Ostrzeżemy Cię, gdy zaakceptowane dodatki przekroczą pierwszą uzgodnioną kwotę projektu o więcej niż tyle procent. Od 0 do 1000.",
  percentInvalid: "Wpisz liczbę całkowitą od 0 do 1000.",
  save: "Zapisz profil",
  saved: "Zapisano profil.",
  emailTitle: "Adres e-mail",
  currentEmail: "Obecny adres",
  emailHelp: "Na nowy adres wyślemy link. Adres zmieni się dopiero po otwarciu linku i potwierdzeniu zmiany.",
  newEmail: "Nowy adres e-mail",
  password: "Obecne hasło",
  passwordWrong: "Hasło jest nieprawidłowe.",
  emailSameAsCurrent: "To jest Twój obecny adres.",
  emailUnavailable: "Tego adresu nie można użyć.",
  requestEmailChange: "Wyślij link na nowy adres",
  emailChangeSent: (email: string) => `Wysłaliśmy link na adres ${email}. Otwórz go w ciągu 24 godzin, aby potwierdzić zmianę.`,
  tooManyAttempts: "Zbyt wiele prób zmiany adresu. Spróbuj ponownie za godzinę.",
  confirmTitle: "Potwierdź nowy adres e-mail",
  confirmText: (oldEmail: string, newEmail: string) => `Adres e-mail konta zmieni się z ${oldEmail} na ${newEmail}.`,
  confirmButton: "Zmień adres e-mail",
  linkInvalid: "Ten link wygasł albo został już użyty. Poproś o zmianę adresu jeszcze raz w Ustawieniach → Profil.",
  emailChanged: (email: string) =>
    `Adres e-mail zmieniono na ${email}. Inne sesje są nadal aktywne: możesz je zakończyć w Ustawieniach → Bezpieczeństwo.`,
  confirmEmailSubject: "Potwierdź nowy adres e-mail w Klamp",
  confirmEmailIntro: "Otrzymaliśmy prośbę o zmianę adresu e-mail konta w Klamp na ten adres.",
  confirmEmailAction: "Potwierdź nowy adres",
  confirmEmailFooter: (expiresAt: string) =>
    `Link jest ważny do ${expiresAt}. Po otwarciu linku zaloguj się, jeśli trzeba, i potwierdź zmianę. Jeśli to nie Twoja prośba, zignoruj tę wiadomość.`,
  noticeEmailSubject: "Prośba o zmianę adresu e-mail w Klamp",
  noticeEmailIntro: (newEmail: string) =>
    `Ktoś zalogowany na Twoje konto w Klamp poprosił o zmianę adresu e-mail na ${newEmail}. Adres zmieni się dopiero po potwierdzeniu linkiem wysłanym na nowy adres.`,
  noticeEmailOutro:
    "Jeśli to nie Ty, zmień hasło w Ustawieniach → Bezpieczeństwo i wyloguj się ze wszystkich urządzeń.",
};
