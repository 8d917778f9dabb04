// The fix-request panel of the freelancer's project page and its list page.
export const fixRequestsText = {
  title: "Poprawki",
  freeRounds: (used: number, total: number) => `Darmowe poprawki: wykorzystano ${used} z ${total}`,
  freeRoundsHint: "Liczbę darmowych poprawek zmienisz w sekcji „Edytuj projekt”.",
  /** Used as `${count} ${label}`, with the label from `openForms`. */
  openCount: (count: number, label: string) => `${count} ${label} na odpowiedź`,
  openForms: { one: "poprawka czeka", few: "poprawki czekają", many: "poprawek czeka", other: "poprawki czeka" },
  empty: "Klient nie zgłosił jeszcze żadnej poprawki. Zgłasza je na stronie projektu, którą otwiera linkiem do projektu dla klienta.",
  numbered: (number: number) => `Poprawka #${number}`,
  status: { open: "Nowa", in_scope: "W ramach zadania", priced: "Wyceniona", done: "Zrobione", declined: "Odrzucona" },
  reportedAt: (date: string) => `Klient zgłosił ${date}`,
  attachment: "Załącznik",
  linkedInScope: (task: string) => `W ramach zadania „${task}” (darmowa poprawka).`,
  linkedPriced: (task: string, amount: string, acceptance: string) => `Nowe zadanie „${task}” za ${amount}: ${acceptance}.`,
  linkedTaskDeleted: "Zadanie powiązane z tą poprawką zostało usunięte.",
  declineReason: "Powód odrzucenia",
  historyTitle: "Historia",
  inScopeTitle: "W ramach zadania",
  inScopeTask: "Zadanie",
  inScopeChoose: "Wybierz zadanie",
  inScopeHint: (left: number) => `Poprawka zużyje jedną darmową poprawkę. Zostało: ${left}.`,
  inScopeSubmit: "Zrób w ramach zadania",
  inScopeTaskRequired: "Wybierz zadanie, w ramach którego zrobisz poprawkę.",
  inScopeNoTasks: "Projekt nie ma zadania, w ramach którego można zrobić poprawkę. Wyceń ją jako nowe zadanie.",
  inScopeTaskRejected: "Klient odrzucił kwotę tego zadania, więc nie można w nim zrobić poprawki. Wybierz inne zadanie.",
  noRoundsLeft: (used: number, total: number) =>
    `Darmowe poprawki w tym projekcie się skończyły (wykorzystano ${used} z ${total}). Wyceń tę poprawkę jako nowe zadanie albo zwiększ liczbę darmowych poprawek w sekcji „Edytuj projekt”.`,
  priceTitle: "Wyceń jako nowe zadanie",
  priceHint: "Nowe zadanie wymaga akceptacji klienta: klient zobaczy kwotę na stronie projektu i dostanie e-mail, jeśli wysłano mu zaproszenie.",
  priceSubmit: "Wyceń jako nowe zadanie",
  priceCompleted: "Projekt jest zakończony, więc nie można dodać do niego zadania. Przywróć projekt do aktywnych, aby wycenić poprawkę.",
  declineTitle: "Odrzuć",
  declineReasonLabel: "Powód",
  declineReasonHint: "Klient zobaczy powód. Najwyżej 1000 znaków.",
  declineSubmit: "Odrzuć poprawkę",
  doneSubmit: "Zrobione",
  doneHint: "Oznacz poprawkę jako zrobioną, gdy ją wykonasz. Klient zobaczy to na stronie projektu.",
  doneWaitsForAcceptance: (task: string) =>
    `Klient jeszcze nie zaakceptował kwoty zadania „${task}”, więc poprawki nie można oznaczyć jako zrobionej.`,
  doneTaskRejected: (task: string) =>
    `Klient odrzucił kwotę zadania „${task}”, więc poprawki nie można oznaczyć jako zrobionej. Zmień kwotę zadania, aby wysłać je ponownie do akceptacji, albo odrzuć poprawkę.`,
  pricedTaskRejectedOptions: (task: string) =>
    `Klient odrzucił kwotę zadania „${task}”. Możesz zmienić kwotę zadania (wróci wtedy do klienta do akceptacji) albo odrzucić poprawkę, podając powód.`,
  pricedTaskRejectedCompleted: (task: string) =>
    `Klient odrzucił kwotę zadania „${task}”. Projekt jest zakończony, więc zadania nie można zmienić. Możesz odrzucić poprawkę, podając powód.`,
  pricedTaskDeletedOptions: "Oznacz poprawkę jako zrobioną albo ją odrzuć, podając powód.",
  editPricedTask: "Zmień kwotę zadania",
  declineWaitsForClient: (number: number, task: string) =>
    `Poprawki #${number} nie można teraz odrzucić: klient jeszcze nie zdecydował o kwocie zadania „${task}”. Poczekaj na decyzję klienta albo usuń zadanie.`,
  declineTaskAccepted: (number: number, task: string) =>
    `Poprawki #${number} nie można już odrzucić: klient zaakceptował kwotę zadania „${task}”. Oznacz ją jako zrobioną, gdy ją wykonasz.`,
  answeredInScope: (number: number, task: string) => `Poprawka #${number}: zrobisz ją w ramach zadania „${task}”.`,
  answeredPriced: (number: number, task: string) => `Poprawka #${number}: dodano zadanie „${task}”. Czeka na akceptację klienta.`,
  answeredDeclined: (number: number) => `Odrzucono poprawkę #${number}.`,
  answeredDone: (number: number) => `Poprawka #${number} jest zrobiona.`,
  alreadyAnswered: (number: number, status: string) =>
    `Poprawka #${number} ma już odpowiedź (${status}). Sprawdź jej aktualny stan.`,
  alreadyDone: (number: number) => `Poprawka #${number} jest już oznaczona jako zrobiona.`,
  notAnswered: (number: number) =>
    `Poprawka #${number} nie ma jeszcze odpowiedzi. Zrób ją w ramach zadania albo wyceń jako nowe zadanie, a potem oznacz jako zrobioną.`,
  cannotBeDone: (number: number, status: string) => `Poprawki #${number} nie można oznaczyć jako zrobionej: ${status}.`,
  conflict: "Poprawka zmieniła się w międzyczasie. Sprawdź jej aktualny stan i spróbuj ponownie.",
  reasonRequired: "Wpisz powód odrzucenia. Klient go zobaczy.",
  /** `length` is already formatted ("10 000"); `label` comes from `characterForms`. */
  reasonTooLong: (length: string, label: string) => `Powód może mieć najwyżej 1000 znaków, a ma ${length} ${label}. Skróć go.`,
  invalidCharacters: "Tekst zawiera niedozwolone znaki sterujące albo znaki zmiany kierunku tekstu. Usuń je i wyślij ponownie.",
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  invalidForm: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  repeatedField: "Formularz wysłał to pole więcej niż raz. Odśwież stronę i spróbuj ponownie.",
  allLink: "Wszystkie poprawki",
  listTitle: (project: string) => `Poprawki: ${project}`,
  backToProject: "Wróć do projektu",
  roundsLabel: "Darmowe poprawki",
  roundsHint: "Ile poprawek zgłoszonych przez klienta zrobisz w ramach istniejących zadań, bez dodatkowej kwoty. Od 0 do 100.",
  roundsInvalid: "Wpisz liczbę całkowitą od 0 do 100.",
  roundsBelowUsed: (used: number) =>
    `Klient wykorzystał już ${used} z darmowych poprawek, więc ich liczba nie może być mniejsza niż ${used}.`,
};
