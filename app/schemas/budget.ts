import * as v from "valibot";
import { amountField } from "./tasks";

/** The project page's "Pierwotny budżet" form: the first agreed total, in złoty. */
export const budgetBaselineSchema = v.object({ amount: amountField });
