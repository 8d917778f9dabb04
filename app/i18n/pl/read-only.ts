// The read-only account: the refusal of a change and the layout's banners and badge.
export const readOnlyText = {
  refused: "Okres próbny się skończył. Konto jest tylko do odczytu — wybierz abonament w Ustawienia → Abonament.",
  refusedExpired: "Abonament wygasł. Konto jest tylko do odczytu — opłać abonament w Ustawienia → Abonament.",
  badge: "Tylko do odczytu",
  badgeTrialLastDay: "Okres próbny kończy się dziś",
  bannerTrialEnding: (left: string) => `Okres próbny: ${left}. Potem konto będzie tylko do odczytu, dopóki nie opłacisz abonamentu.`,
  bannerPaidEnding: (left: string) => `Abonament: ${left}. Potem konto będzie tylko do odczytu, dopóki nie opłacisz kolejnego okresu.`,
  bannerTrialOver: "Okres próbny się skończył. Konto jest tylko do odczytu: możesz przeglądać i pobierać dane, ale nie zmieniać ich.",
  bannerExpired: "Abonament wygasł. Konto jest tylko do odczytu: możesz przeglądać i pobierać dane, ale nie zmieniać ich.",
  chooseSubscription: "Wybierz abonament",
};
