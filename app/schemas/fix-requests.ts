import * as v from "valibot";
import { PRICED_TASK_NAME_MAX } from "~/utils/form-limits";
import { common } from "~/i18n/pl/common";
import { fixRequestsText } from "~/i18n/pl/fix-requests";
import { tasksText } from "~/i18n/pl/tasks";
import { hasControlCharacters } from "~/utils/html";
import { plural } from "~/utils/plural";
import { lengthLabel, multilineText, single } from "./client-fix-requests";
import { amountField } from "./tasks";

export const DECLINE_REASON_MAX = 1000;
/** Maximum length of the name of the task that pricing a fix request creates, as in the task form. */
export { PRICED_TASK_NAME_MAX };

// The freelancer's answers. Each is its own small form with an `intent`; the ids are only keys
// to look up among this freelancer's rows of this project, and a wrong one is a 404. Every
// field has a Polish message for a missing, repeated or malformed value.

const id = v.pipe(v.string(fixRequestsText.invalidForm), v.trim(), v.nonEmpty(fixRequestsText.invalidForm), v.maxLength(64, fixRequestsText.invalidForm));

/** Names of the answer forms' hidden fields: an error in one of them is shown for the whole form. */
export const ANSWER_HIDDEN_FIELDS = ["intent", "fixRequestId", "returnTo"] as const;

export const FIX_REQUEST_INTENTS = ["in-scope", "price", "decline", "done"] as const;
export type FixRequestIntent = (typeof FIX_REQUEST_INTENTS)[number];

export const fixRequestIntentSchema = v.object({ intent: v.picklist(FIX_REQUEST_INTENTS, fixRequestsText.invalidForm) });

/**
 * Where the answer form was sent from (the project page, or a page of the fix-request list), so
 * the redirect goes back there. A value that cannot be read falls back to the project page.
 */
const returnTo = v.fallback(v.optional(v.picklist(["project", "list"]), "project"), "project");

const answerBase = {
  intent: v.picklist(FIX_REQUEST_INTENTS, fixRequestsText.invalidForm),
  fixRequestId: id,
  returnTo,
};

export const inScopeSchema = v.object(
  {
    ...answerBase,
    taskId: single(
      v.pipe(
        v.string(fixRequestsText.inScopeTaskRequired),
        v.trim(),
        v.nonEmpty(fixRequestsText.inScopeTaskRequired),
        v.maxLength(64, fixRequestsText.invalidForm),
      ),
      fixRequestsText.repeatedField,
    ),
  },
  fixRequestsText.invalidForm,
);

/**
 * "Wyceń jako nowe zadanie": the new task always needs the client's acceptance, so its amount
 * follows the task form's rules for such a task (at least 0,01 zł).
 */
export const priceSchema = v.pipe(
  v.object(
    {
      ...answerBase,
      name: single(
        v.pipe(
          v.string(common.required),
          v.trim(),
          v.nonEmpty(common.required),
          v.maxLength(PRICED_TASK_NAME_MAX, common.tooLong(PRICED_TASK_NAME_MAX)),
          v.check((value) => !hasControlCharacters(value), common.singleLine),
        ),
        fixRequestsText.repeatedField,
      ),
      amount: single(amountField, fixRequestsText.repeatedField),
    },
    fixRequestsText.invalidForm,
  ),
  v.forward(
    v.partialCheck([["amount"]], (input) => input.amount > 0, tasksText.amountZeroNeedsNoAcceptance),
    ["amount"],
  ),
);

export const declineSchema = v.object(
  {
    ...answerBase,
    reason: single(
      multilineText(DECLINE_REASON_MAX, {
        required: fixRequestsText.reasonRequired,
        tooLong: (length) => fixRequestsText.reasonTooLong(lengthLabel(length, "pl"), plural(length, fixRequestsText.characterForms)),
        invalid: fixRequestsText.invalidCharacters,
      }),
      fixRequestsText.repeatedField,
    ),
  },
  fixRequestsText.invalidForm,
);

export const doneSchema = v.object(answerBase, fixRequestsText.invalidForm);
