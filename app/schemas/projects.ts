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
export const projectSchema = v.object(
  {
    name: requiredLine(200),
    deadline,
    client: v.pipe(
      v.string(projectsText.clientInvalid),
      v.trim(),
      v.nonEmpty(projectsText.clientInvalid),
      v.maxLength(254, projectsText.clientInvalid),
    ),
  },
  // A field missing from the form data altogether is reported on the object, with this message.
  common.required,
);

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

export const taskSchema = v.object(
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
);

/**
 * Builds the project form schema as the routes use it: `projectSchema` plus the rule that the deadline is not
 * before `today` (`YYYY-MM-DD` in Europe/Warsaw, from warsawDay()). When editing, the project's
 * current deadline stays allowed even after it has passed.
 */
export function projectFormSchema(today: string, currentDeadline: string | null = null) {
  return v.object(
    {
      ...projectSchema.entries,
      deadline: v.optional(
        v.pipe(
          v.string(),
          v.trim(),
          v.check(isValidDay, common.invalidDay),
          // YYYY-MM-DD strings compare in calendar order.
          v.check((day) => day >= today || day === currentDeadline, projectsText.deadlineInPast),
        ),
      ),
    },
    common.required,
  );
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emailSchema = v.pipe(v.string(), v.maxLength(254), v.email());

export type ClientFieldValue = { kind: "id"; id: string } | { kind: "email"; email: string } | { kind: "invalid" };

/**
 * Reads the project form's client field: an id (the value of a <datalist> option) or an e-mail
 * address, which names an existing client or a new one. The server looks either up among the
 * freelancer's own clients.
 */
export function classifyClientField(value: string): ClientFieldValue {
  const trimmed = value.trim();
  if (UUID_PATTERN.test(trimmed)) return { kind: "id", id: trimmed.toLowerCase() };
  if (v.is(emailSchema, trimmed) && !/[\s<>]/.test(trimmed)) return { kind: "email", email: trimmed.toLowerCase() };
  return { kind: "invalid" };
}

/** Work statuses in the order the status select lists them. */
export const WORK_STATUS_VALUES = ["todo", "in_progress", "done"] as const;
const taskId = v.pipe(v.string(common.required), v.trim(), v.nonEmpty(common.required), v.maxLength(64));

// The small forms of the project page. A task id is only a key to look up among the
// freelancer's tasks of this project, and the route responds with 404 to a wrong one.
export const taskStatusSchema = v.object({ taskId, status: v.picklist(WORK_STATUS_VALUES, common.required) }, common.required);
export const moveTaskSchema = v.object({ taskId, direction: v.picklist(["up", "down"], common.required) }, common.required);
export const taskIdSchema = v.object({ taskId }, common.required);
export const projectStatusSchema = v.object({ status: v.picklist(["active", "completed"], common.required) }, common.required);
