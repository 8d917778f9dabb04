// The buyer line of a bill in the freelancer's "Rachunki" panel. It has its own module so that the
// project page does not load the whole clients section; clientsText spreads it.
export const buyerText = {
  buyer: "Nabywca",
  buyerNip: (nip: string) => `NIP: ${nip}`,
};
