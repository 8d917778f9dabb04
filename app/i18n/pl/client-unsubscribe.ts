// The page behind the unsubscribe link of the client's e-mails (app/routes/u.$token.tsx).
export const clientUnsubscribeText = {
  title: "Rezygnacja z e-maili",
  prompt: (email: string, project: string) =>
    `Adres ${email} przestanie dostawać e-maile o projekcie „${project}”: o nowych wiadomościach i zadaniach do akceptacji.`,
  linkStillWorks: "Link do projektu nadal będzie działać.",
  submit: "Wypisz mnie",
  done: (email: string, project: string) => `Adres ${email} nie dostaje już e-maili o projekcie „${project}”.`,
  unsubscribed: "Wypisano z e-maili o projekcie.",
};
