// E-mails the client gets about a project: the invitation, new messages and new tasks to accept.
export const clientEmailsText = {
  // One greeting for a person and a company alike; the invitation names its recipient below it.
  greeting: "Dzień dobry,",
  invitationFor: (name: string) => `Zaproszenie dla: ${name}`,
  buttonFallback: "Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:",
  openProject: "Otwórz projekt",
  linkWarning: "Link działa bez logowania. Nie przekazuj go osobom, które nie powinny widzieć projektu.",
  unsubscribePrompt: "Nie chcesz dostawać e-maili o tym projekcie? Wypisz się tutaj:",
  footer: (project: string) => `Ten e-mail dotyczy projektu „${project}” prowadzonego w Klamp.`,
  invitationSubject: (freelancer: string, project: string) => `${freelancer} zaprasza Cię do projektu „${project}”`,
  invitationIntro: (freelancer: string, project: string) => `${freelancer} zaprasza Cię do projektu „${project}” w Klamp.`,
  invitationFeatures:
    "Na stronie projektu śledzisz postęp prac, akceptujesz kwoty zadań, piszesz do wykonawcy, zgłaszasz poprawki i wymieniasz pliki. Nie potrzebujesz konta ani hasła.",
  invitationMessageIntro: "Wiadomość od wykonawcy:",
  messageSubject: (project: string) => `Nowa wiadomość w projekcie „${project}”`,
  messageIntro: (freelancer: string, project: string) => `${freelancer} pisze w projekcie „${project}”:`,
  messageOutro: "Całą rozmowę zobaczysz i odpowiesz na stronie projektu.",
  taskSubject: (project: string) => `Nowe zadanie czeka na Twoją akceptację w projekcie „${project}”`,
  taskIntro: (freelancer: string, project: string) =>
    `${freelancer} dodaje do projektu „${project}” zadanie, które czeka na Twoją akceptację:`,
  taskLine: (name: string, amount: string) => `„${name}”: ${amount}`,
  taskOutro: "Zaakceptuj albo odrzuć kwotę na stronie projektu. Wykonawca zobaczy Twoją decyzję.",
  taskAction: "Zobacz zadanie",
};
