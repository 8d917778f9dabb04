// Why a report failed, as stored in reports.failure_reason by the report queue's consumer and
// shown on the report page after "Powód:".
export const reportFailureText = {
  timeout: (seconds: number) =>
    `Generowanie PDF trwało dłużej niż limit ${seconds} s i zostało przerwane. Kliknij „Spróbuj ponownie” później. Raport bardzo dużego projektu może się nie zmieścić w tym limicie.`,
  browser: "Usługa tworząca PDF nie odpowiedziała poprawnie. Kliknij „Spróbuj ponownie” za kilka minut.",
  storage: "Nie udało się zapisać pliku PDF. Kliknij „Spróbuj ponownie” za kilka minut.",
  unknown: "Nie udało się wygenerować raportu z powodu błędu po naszej stronie. Kliknij „Spróbuj ponownie” za kilka minut.",
  /** The consumer stopped mid-render on every attempt, or the queue gave up on the message. */
  abandoned: "Generowanie PDF przerywało się przy każdej próbie. Kliknij „Spróbuj ponownie” za kilka minut.",
};
