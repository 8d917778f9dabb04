// The password and PIN fields of the sign-in pages and Settings → Bezpieczeństwo. `auth` includes
// these keys, so the settings page and the form schemas load these lines and not the whole auth
// section.
export const passwordText = {
  passwordMissing: "Wpisz hasło.",
  passwordTooShort: "Hasło musi mieć co najmniej 10 znaków.",
  passwordTooLong: "Hasło może mieć najwyżej 200 znaków.",
  pin: "PIN",
  pinFormat: "PIN to sześć cyfr.",
  pinWrong: "Nieprawidłowy PIN.",
  requestNewPin: "Poproś o nowy PIN",
};
