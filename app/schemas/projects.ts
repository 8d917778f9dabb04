import * as v from "valibot";
import { common, projectsText, tasksText } from "~/i18n/pl";
import { isValidDay } from "~/utils/dates";
import { isAmountShape, parseMoney } from "~/utils/money";
import { requiredLine } from "~/utils/validation";

const deadline = v.optional(v.pipe(v.string(), v.trim(), v.check(isValidDay, common.invalidDay)));

/**
 * The client field holds either an existing client's id (from the list) or an e-mail address
 * that becomes a new client. Which one it is gets decided on the server against the user's clients.
 */
export const projectSchema = v.object({
  name: requiredLine(200),
  deadline,
  client: v.pipe(v.string(projectsText.clientInvalid), v.trim(), v.nonEmpty(projectsText.clientInvalid), v.maxLength(254, projectsText.clientInvalid)),
});

/** Amount text such as `1 234,56` turned into grosze. */
export const amountField = v.pipe(
  v.string(common.required),
  v.trim(),
  v.nonEmpty(common.required),
  v.maxLength(30, tasksText.amountInvalid),
  v.check(isAmountShape, tasksText.amountInvalid),
  v.check((value) => parseMoney(value) !== null, tasksText.amountTooLarge),
  v.transform((value) => parseMoney(value) as number),
);

export const taskSchema = v.object({
  name: requiredLine(300),
  amount: amountField,
  // A checkbox: present ("on") when ticked, absent otherwise.
  requiresAcceptance: v.optional(v.pipe(v.string(), v.transform((value) => value === "on" || value === "true")), "false"),
});
