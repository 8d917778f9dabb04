// The project page's link to "Stwórz raport". It has its own module so that the project page does
// not load the whole reports section; reportsText.create is the same text.
export const reportLinkText = {
  create: "Stwórz raport",
};
