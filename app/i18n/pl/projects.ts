import { projectPageText } from "./project-page";

export const projectsText = {
  ...projectPageText,
  // Validation messages of the project form (app/schemas/projects.ts).
  clientInvalid: "Wybierz klienta z listy albo wpisz poprawny adres e-mail.",
  clientUnknown: (name: string) =>
    `Nie znaleziono klienta „${name}”. Wybierz klienta z listy albo wpisz poprawny adres e-mail nowego klienta.`,
  deadlineInPast: "Termin realizacji nie może być w przeszłości.",
  create: "Stwórz nowy projekt",
  tabsLabel: "Status projektów",
  tabActive: "Aktywne",
  tabCompleted: "Zakończone",
  emptyActive: "Nie masz aktywnych projektów.",
  emptyCompleted: "Nie masz zakończonych projektów.",
  columnProject: "Projekt",
  columnProgress: "Postęp",
  columnAgreed: "Uzgodniona kwota",
  noTasks: "brak zadań",
  /** `tasks` is a count with its noun, e.g. "5 zadań". */
  progress: (tasks: string, done: number) => `${tasks}, zrobione: ${done}`,
  progressBar: (done: number, total: number) => `Zrobione ${done} z ${total}`,
  created: (name: string) => `Utworzono projekt „${name}”.`,
  createdWithClient: (name: string, email: string) => `Utworzono projekt „${name}” i dodano nowego klienta ${email}.`,
  completed: "Projekt oznaczono jako zakończony.",
  reopened: "Projekt jest znowu aktywny.",
  statusUnchanged: "Status projektu już był taki.",
  updated: "Zapisano zmiany projektu.",
  unchanged: "Nic nie zmieniono.",
  unknownIntent: "Nieznana operacja. Odśwież stronę i spróbuj ponownie.",
  conflict: "Projekt zmienił się w międzyczasie. Sprawdź aktualne dane i zapisz ponownie.",
};
