import { fixRequestsPageText } from "./fix-requests-page";
import { fixRequestsPanelText } from "./fix-requests-panel";

// The fix-request panel of the freelancer's project page and its list page.
export const fixRequestsText = {
  ...fixRequestsPanelText,
  // The read-only lines of the panel and of each request, as app/models/fix-request-rows.server.ts
  // builds them.
  freeRounds: (used: number, total: number) => `Darmowe poprawki: wykorzystano ${used} z ${total}`,
  /** Used as `${count} ${label}`, with the label from `openForms`. */
  openCount: (count: number, label: string) => `${count} ${label} na odpowiedź`,
  openForms: { one: "poprawka czeka", few: "poprawki czekają", many: "poprawek czeka", other: "poprawki czeka" },
  noRoundsLeft: (used: number, total: number) =>
    `Darmowe poprawki w tym projekcie się skończyły (wykorzystano ${used} z ${total}). Wyceń tę poprawkę jako nowe zadanie albo zwiększ liczbę darmowych poprawek w sekcji „Edytuj projekt”.`,
  numbered: (number: number) => `Poprawka #${number}`,
  status: { open: "Nowa", in_scope: "W ramach zadania", priced: "Wyceniona", done: "Zrobione", declined: "Odrzucona" },
  reportedAt: (date: string) => `Klient zgłosił ${date}`,
  linkedInScope: (task: string) => `W ramach zadania „${task}” (darmowa poprawka).`,
  linkedPriced: (task: string, amount: string, acceptance: string) => `Nowe zadanie „${task}” za ${amount}: ${acceptance}.`,
  linkedTaskDeleted: "Zadanie powiązane z tą poprawką zostało usunięte.",
  doneWaitsForAcceptance: (task: string) =>
    `Klient jeszcze nie zaakceptował kwoty zadania „${task}”, więc poprawki nie można oznaczyć jako zrobionej.`,
  pricedTaskRejectedOptions: (task: string) =>
    `Klient odrzucił kwotę zadania „${task}”. Możesz zmienić kwotę zadania (wróci wtedy do klienta do akceptacji) albo odrzucić poprawkę, podając powód.`,
  pricedTaskRejectedCompleted: (task: string) =>
    `Klient odrzucił kwotę zadania „${task}”. Projekt jest zakończony, więc zadania nie można zmienić. Możesz odrzucić poprawkę, podając powód.`,
  // Validation messages of the panel's forms (app/schemas/fix-requests.ts) and of the project form's
  // "Darmowe poprawki" field (app/schemas/projects.ts).
  inScopeTaskRequired: "Wybierz zadanie, w ramach którego zrobisz poprawkę.",
  reasonRequired: "Wpisz powód odrzucenia. Klient go zobaczy.",
  /** `length` is already formatted ("10 000"); `label` comes from `characterForms`. */
  reasonTooLong: (length: string, label: string) => `Powód może mieć najwyżej 1000 znaków, a ma ${length} ${label}. Skróć go.`,
  invalidCharacters: "Tekst zawiera niedozwolone znaki sterujące albo znaki zmiany kierunku tekstu. Usuń je i wyślij ponownie.",
  characterForms: { one: "znak", few: "znaki", many: "znaków", other: "znaku" },
  invalidForm: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  repeatedField: "Formularz wysłał to pole więcej niż raz. Odśwież stronę i spróbuj ponownie.",
  roundsInvalid: "Wpisz liczbę całkowitą od 0 do 100.",
  inScopeTaskRejected: "Klient odrzucił kwotę tego zadania, więc nie można w nim zrobić poprawki. Wybierz inne zadanie.",
  doneTaskRejected: (task: string) =>
    `Klient odrzucił kwotę zadania „${task}”, więc poprawki nie można oznaczyć jako zrobionej. Zmień kwotę zadania, aby wysłać je ponownie do akceptacji, albo odrzuć poprawkę.`,
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
  ...fixRequestsPageText,
  roundsBelowUsed: (used: number) =>
    `Klient wykorzystał już ${used} z darmowych poprawek, więc ich liczba nie może być mniejsza niż ${used}.`,
};
