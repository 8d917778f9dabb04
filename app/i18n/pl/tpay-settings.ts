import { settingsText } from "./settings";

// Settings → Płatności (app/routes/_app.settings.payments.tsx): the freelancer's Tpay
// connection, and the timeline lines of tpay.connected, tpay.checked and tpay.disconnected.
export const tpaySettingsText = {
  title: settingsText.payments,
  intro:
    "Połącz Klamp ze swoim kontem Tpay, aby klienci mogli płacić online. Pieniądze trafiają bezpośrednio do Twojego portfela Tpay: Klamp nie ma do nich dostępu.",
  statusTitle: "Połączenie z Tpay",
  notConnected:
    "Konto Tpay nie jest połączone, więc płatności online są wyłączone: klienci nie widzą przycisków „Opłać” i „Zapłać teraz”. Wpisz dane z panelu Tpay poniżej.",
  enabled: "Płatności online są włączone.",
  disabledAfterFailedCheck:
    "Płatności online są wyłączone, bo Tpay nie przyjął zapisanych danych przy ostatnim sprawdzeniu. Wpisz aktualne dane z panelu Tpay albo sprawdź połączenie ponownie.",
  onlinePayments: "Płatności online",
  onlinePaymentsOn: "włączone",
  onlinePaymentsOff: "wyłączone",
  environment: "Środowisko",
  environments: { sandbox: "Sandbox", production: "Produkcja" },
  merchantId: "ID sprzedawcy",
  clientId: "Client ID",
  clientSecret: "Client Secret",
  securityCode: "Kod bezpieczeństwa",
  storedSecret: "zapisany",
  lastCheck: "Ostatnie sprawdzenie",
  checkResult: {
    verified: "Tpay przyjął dane",
    invalid_credentials: "Tpay nie przyjął danych",
    unreachable: "nie udało się połączyć z Tpay",
    rejected: "Tpay odrzucił zapytanie",
    unexpected: "Tpay odpowiedział w nieoczekiwany sposób",
  },
  checkAt: (result: string, when: string) => `${result} (${when})`,
  notificationUrl: "Adres powiadomień",
  notificationUrlHint:
    "Na ten adres Tpay wysyła powiadomienia o wpłatach. Klamp podaje go przy każdej transakcji, więc nie musisz go wpisywać w panelu Tpay.",
  lastNotification: "Ostatnie powiadomienie z Tpay",
  noNotificationYet: "jeszcze żadnego",
  testModeWarning:
    "Twoje konto Tpay działa w trybie testowym — płatności nie przenoszą pieniędzy, więc Klamp nie oznacza ich jako opłacone. Wyłącz tryb testowy w panelu Tpay (wymaga zweryfikowanego konta).",
  testModeSeenAt: (when: string) => `Ostatnie powiadomienie w trybie testowym: ${when}.`,
  checkButton: "Sprawdź połączenie",
  formTitleNew: "Połącz konto Tpay",
  formTitleReplace: "Zmień dane Tpay",
  replaceIntro:
    "Client Secret i kod bezpieczeństwa nie są wyświetlane. Aby zmienić dane, wpisz wszystkie pola ponownie. Klamp zapisze je dopiero, gdy Tpay je przyjmie. Jeśli wpiszesz dane innego konta Tpay (inne ID sprzedawcy albo środowisko), nowe płatności trafią na nowe konto, a płatności rozpoczęte wcześniej Klamp rozliczy z poprzednim kontem.",
  clientIdHint: "Panel Tpay → Integracja → API → Klucze Open API. Ma postać 12345-0123abcd…, gdzie liczba przed myślnikiem to ID sprzedawcy.",
  clientSecretHint: "Panel Tpay pokazuje go tylko raz, przy dodawaniu klucza Open API. Jeśli go nie masz, dodaj nowy klucz.",
  securityCodeHint:
    "Panel Tpay → Ustawienia → Powiadomienia → Kod bezpieczeństwa. Wpisz go dokładnie tak, jak w panelu. Klamp sprawdza nim każde powiadomienie o wpłacie, więc jego poprawność potwierdzi dopiero pierwsza wpłata.",
  environmentHint: "Sandbox to testowe konto Tpay bez prawdziwych pieniędzy. Klucze sandboxa i produkcji są różne.",
  environmentHintProduction: "Klamp przyjmuje tu tylko produkcyjne konto Tpay. Sandbox służy do testów w wersji deweloperskiej.",
  currentPassword: "Aktualne hasło",
  currentPasswordHint: "Hasło do Klamp. Jest wymagane przy zapisywaniu, zmianie i usuwaniu danych Tpay.",
  saveNew: "Połącz z Tpay",
  saveReplace: "Zapisz nowe dane",
  disconnectTitle: "Odłącz Tpay",
  disconnectHelp:
    "Wyłącza płatności online: klienci przestaną widzieć przyciski „Opłać” i „Zapłać teraz”. Rachunki i historia wpłat zostają. Płatności rozpoczęte przed odłączeniem Klamp nadal rozliczy, dlatego usunie zapisane dane Tpay dopiero 30 dni po odłączeniu, gdy żadna z tych płatności nie będzie już w toku.",
  /** Used as `${count} ${label} na płatność…`, with the label from `awaitingBillForms`. */
  awaitingBills: (countLabel: string) =>
    `${countLabel} na płatność przez obecne konto Tpay; płatności rozpoczęte wcześniej nadal zostaną rozliczone.`,
  awaitingBillForms: { one: "rachunek oczekuje", few: "rachunki oczekują", many: "rachunków oczekuje", other: "rachunku oczekuje" },
  sharedMerchantWarning:
    "To konto Tpay jest już połączone z innym kontem Klamp. Wpłaty z obu kont Klamp trafią do tego samego portfela Tpay. Jeśli to pomyłka, sprawdź Client ID i zapisz właściwe dane.",
  md5Warning:
    "Tpay odrzucił sumę kontrolną: Klamp nie przyjął powiadomienia o wpłacie, bo jego suma kontrolna nie zgadza się z zapisanym Kodem bezpieczeństwa. Skopiuj Kod bezpieczeństwa z panelu Tpay (Ustawienia → Powiadomienia) i zapisz dane ponownie poniżej.",
  md5FailedAt: (when: string) => `Ostatnie odrzucone powiadomienie: ${when}.`,
  /** The reason of the payment_problem notification about a wrong security code. */
  md5FailedReason: "Tpay odrzucił sumę kontrolną — sprawdź Kod bezpieczeństwa w Ustawienia → Płatności.",
  disconnectButton: "Odłącz Tpay",
  sandboxHint: "Wersja deweloperska: środowisko Sandbox to lokalny symulator Tpay. Dane testowego konta sprzedawcy znajdziesz na stronie",
  sandboxLink: "symulatora Tpay",
  connected: "Połączono z Tpay. Płatności online są włączone.",
  replaced: "Zapisano nowe dane Tpay. Tpay je przyjął.",
  disconnected: "Odłączono Tpay. Płatności online są wyłączone.",
  checkOk: "Tpay przyjął zapisane dane. Płatności online są włączone.",
  checkInvalid: "Tpay nie przyjął zapisanych danych, więc płatności online są wyłączone. Wpisz aktualne dane z panelu Tpay.",
  checkUnreachable: "Nie udało się połączyć z Tpay. Zapisane dane i stan płatności online się nie zmieniły. Spróbuj ponownie za chwilę.",
  checkUnexpected: "Tpay odpowiedział w nieoczekiwany sposób. Zapisane dane i stan płatności online się nie zmieniły. Spróbuj ponownie za chwilę.",
  notConnectedError: "Konto Tpay nie jest połączone.",
  invalidCredentials:
    "Tpay nie przyjął tych danych. Sprawdź Client ID, Client Secret i wybrane środowisko (sandbox czy produkcja), a potem spróbuj ponownie. Nic nie zapisano.",
  unreachable: "Nie udało się połączyć z Tpay, więc nie dało się sprawdzić danych. Nic nie zapisano. Spróbuj ponownie za chwilę.",
  unexpected: "Tpay odpowiedział w nieoczekiwany sposób, więc nie dało się sprawdzić danych. Nic nie zapisano. Spróbuj ponownie za chwilę.",
  clientIdInvalid: "Client ID ma postać 12345-0123456789abcdef: numer sprzedawcy, myślnik i klucz. Skopiuj go z panelu Tpay.",
  edgeWhitespace: "Usuń spacje z początku i końca.",
  controlCharacters: "To pole nie może zawierać znaków nowej linii ani znaków sterujących.",
  environmentMissing: "Wybierz środowisko: Sandbox albo Produkcja.",
  environmentProductionOnly: "Wybierz środowisko Produkcja: sandbox Tpay służy tylko do testów w wersji deweloperskiej.",
  passwordMissing: "Wpisz aktualne hasło do Klamp.",
  passwordWrong: "Aktualne hasło jest nieprawidłowe.",
  tooManyAttempts: "Zbyt wiele prób. Spróbuj ponownie za 15 minut.",
  invalidIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  activity: {
    connected: (environment: string, merchantId: string) => `Połączono konto Tpay (${environment}, ID sprzedawcy ${merchantId})`,
    replaced: (environment: string, merchantId: string) => `Zmieniono dane konta Tpay (${environment}, ID sprzedawcy ${merchantId})`,
    checked: (result: string) => `Sprawdzono połączenie z Tpay: ${result}`,
    disconnected: (merchantId: string) => `Odłączono konto Tpay (ID sprzedawcy ${merchantId})`,
    md5Failed: (merchantId: string) =>
      `Tpay odrzucił sumę kontrolną powiadomienia dla ID sprzedawcy ${merchantId}: sprawdź Kod bezpieczeństwa w Ustawienia → Płatności`,
  },
};
