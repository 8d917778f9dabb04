// Polish plural forms via Intl.PluralRules: one (1), few (2–4, 22–24), many (5–21, 25…),
// other (fractions such as 1,5).

const rules = new Intl.PluralRules("pl-PL");

export interface PluralForms {
  one: string;
  few: string;
  many: string;
  other: string;
}

export function plural(count: number, forms: PluralForms): string {
  const category = rules.select(count) as keyof PluralForms;
  return forms[category] ?? forms.other;
}

/** `5 zadań`, `2 zadania`, `1,5 zadania`. */
export function countLabel(count: number, forms: PluralForms): string {
  return `${count.toLocaleString("pl-PL")} ${plural(count, forms)}`;
}

export const TASK_FORMS: PluralForms = { one: "zadanie", few: "zadania", many: "zadań", other: "zadania" };
export const PROJECT_FORMS: PluralForms = { one: "projekt", few: "projekty", many: "projektów", other: "projektu" };
export const CLIENT_FORMS: PluralForms = { one: "klient", few: "klientów", many: "klientów", other: "klienta" };
export const DAY_FORMS: PluralForms = { one: "dzień", few: "dni", many: "dni", other: "dnia" };
