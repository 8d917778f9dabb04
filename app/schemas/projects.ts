import * as v from "valibot";
import { clientLocaleText } from "~/i18n/pl/client-locale";
import { common } from "~/i18n/pl/common";
import { fixRequestsText } from "~/i18n/pl/fix-requests";
import { projectPageText } from "~/i18n/pl/project-page";
import { projectsText } from "~/i18n/pl/projects";
import { isValidDay } from "~/utils/dates";
import { hasControlCharacters } from "~/utils/html";
import { classifyClientField, clientNameKey, WORK_STATUS_VALUES } from "~/utils/form-limits";
import { requiredLine } from "~/utils/validation";

const deadline = v.optional(v.pipe(v.string(), v.trim(), v.check(isValidDay, common.invalidDay)));

/**
 * The client field holds a client's name, "Name <e-mail>" (the value of a suggestion from the
 * list), an e-mail address that names an existing client or a new one, or a client id. Which
 * client it is gets decided on the server against the user's clients.
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

export { amountField, taskSchema } from "./tasks";

/**
 * The edit form's "Darmowe poprawki" field: a whole number from 0 to 100. Optional, because the
 * new-project form does not show it (a project starts with 0) and an edit without it keeps the
 * current number.
 */
export const freeRevisionRoundsField = v.optional(
  v.config(
    v.pipe(
      v.string(fixRequestsText.roundsInvalid),
      v.trim(),
      v.regex(/^\d{1,3}$/, fixRequestsText.roundsInvalid),
      v.transform(Number),
      v.maxValue(100, fixRequestsText.roundsInvalid),
    ),
    { abortPipeEarly: true },
  ),
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
        // A day that does not exist gets only the "invalid date" message.
        v.config(
          v.pipe(
            v.string(),
            v.trim(),
            v.check(isValidDay, common.invalidDay),
            // YYYY-MM-DD strings compare in calendar order.
            v.check((day) => day >= today || day === currentDeadline, projectsText.deadlineInPast),
          ),
          { abortPipeEarly: true },
        ),
      ),
      freeRevisionRounds: freeRevisionRoundsField,
      // "Język strony klienta", on the edit form only; left out, the language is kept.
      clientLocale: v.optional(v.picklist(["pl", "en"], clientLocaleText.invalid)),
    },
    common.required,
  );
}

export { classifyClientField, clientNameKey, type ClientFieldValue } from "~/utils/form-limits";

export interface ClientChoice {
  id: string;
  name: string;
  email: string | null;
}

/**
 * Returns the text the client field holds for each client, keyed by id: "Name <e-mail>" for a
 * client with an e-mail, and the name for one without. A client without an e-mail keeps its id
 * when its name would not name it alone: another client has the same name, or the name reads as
 * an e-mail address or an id.
 */
export function clientFieldValues(choices: ClientChoice[]): Map<string, string> {
  const nameCounts = new Map<string, number>();
  for (const choice of choices) {
    const key = clientNameKey(choice.name);
    nameCounts.set(key, (nameCounts.get(key) ?? 0) + 1);
  }
  const values = new Map<string, string>();
  for (const choice of choices) {
    if (choice.email) {
      values.set(choice.id, `${choice.name} <${choice.email}>`);
      continue;
    }
    const unique = nameCounts.get(clientNameKey(choice.name)) === 1 && classifyClientField(choice.name).kind === "name";
    values.set(choice.id, unique ? choice.name : choice.id);
  }
  return values;
}

/** Returns the field error for a client field value that names no single client, or null. */
export function clientFieldError(result: { status: string; name?: string }): string | null {
  if (result.status === "unknown_name" && result.name) return projectsText.clientUnknown(result.name);
  if (result.status === "ambiguous" && result.name) return projectPageText.clientAmbiguous(result.name);
  if (result.status === "invalid") return projectsText.clientInvalid;
  return null;
}

/** Work statuses in the order the status select lists them. */
export { WORK_STATUS_VALUES };
const taskId = v.pipe(v.string(common.required), v.trim(), v.nonEmpty(common.required), v.maxLength(64));

// The small forms of the project page. A task id is only a key to look up among the
// freelancer's tasks of this project, and the route responds with 404 to a wrong one.
export const taskStatusSchema = v.object({ taskId, status: v.picklist(WORK_STATUS_VALUES, common.required) }, common.required);
export const moveTaskSchema = v.object(
  {
    taskId,
    direction: v.picklist(["up", "down"], common.required),
    position: v.optional(v.pipe(v.number(common.required), v.integer(common.required))),
  },
  common.required,
);
export const taskIdSchema = v.object({ taskId }, common.required);
export const projectStatusSchema = v.object({ status: v.picklist(["active", "completed"], common.required) }, common.required);
