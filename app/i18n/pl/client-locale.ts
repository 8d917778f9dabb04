// The project form's "Język strony klienta" field.
export const clientLocaleText = {
  label: "Język strony klienta",
  hint: "W tym języku klient zobaczy stronę projektu i dostanie e-maile.",
  options: { pl: "polski", en: "English" },
  invalid: "Wybierz język strony klienta: polski albo English.",
};
