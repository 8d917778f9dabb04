import * as v from "valibot";
import { common } from "~/i18n/pl/common";
import { tasksText } from "~/i18n/pl/tasks";
import { isAmountShape, parseMoney } from "~/utils/money";
import { requiredLine } from "~/utils/validation";

// The task form and its amount field. They live apart from the project schemas
// (./projects.ts, which re-exports them), so that a page with only a task or an amount field
// does not load the project form's rules and texts.

/**
 * Amount text such as `1 234,56` turned into grosze. The checks stop at the first one that
 * fails, so a malformed amount gets one message, not also the maximum-amount one.
 */
export const amountField = v.config(
  v.pipe(
    v.string(common.required),
    v.trim(),
    v.nonEmpty(common.required),
    v.maxLength(30, tasksText.amountInvalid),
    v.check(isAmountShape, tasksText.amountInvalid),
    v.check((value) => parseMoney(value) !== null, tasksText.amountTooLarge),
    v.transform((value) => parseMoney(value) as number),
  ),
  { abortPipeEarly: true },
);

/**
 * Task form. A task may cost 0 zł only when it does not need the client's acceptance: there is
 * nothing for the client to accept in a free task.
 */
export const taskSchema = v.pipe(
  v.object(
    {
      name: requiredLine(300),
      amount: amountField,
      // A checkbox: present ("on") when ticked, absent otherwise.
      requiresAcceptance: v.optional(
        v.pipe(
          v.string(),
          v.transform((value) => value === "on" || value === "true"),
        ),
        "false",
      ),
    },
    common.required,
  ),
  v.forward(
    v.partialCheck(
      [["amount"], ["requiresAcceptance"]],
      (input) => !input.requiresAcceptance || input.amount > 0,
      tasksText.amountZeroNeedsNoAcceptance,
    ),
    ["amount"],
  ),
);
