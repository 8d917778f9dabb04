// The freelancer's details (Settings → Profil) as the client sees them on a bill.
export const clientSellerText = {
  title: "Dane sprzedawcy",
  nip: (nip: string) => `NIP: ${nip}`,
  bankAccount: "Numer konta",
  emailBankAccount: (account: string) => `Numer konta do przelewu: ${account}`,
  emailSeller: (parts: string) => `Sprzedawca: ${parts}`,
};
