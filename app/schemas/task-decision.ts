import * as v from "valibot";
import type { ClientText } from "~/i18n/client";
import { plural } from "~/utils/plural";
import { hasForbiddenMessageCharacters } from "./messages";

export const DECISION_COMMENT_MAX_LENGTH = 1000;

/**
 * Builds the schema of the client's decision on one task, with messages in the client's
 * language. `version` is the priced version the client saw, so a decision on an amount the
 * freelancer has changed in the meantime is rejected as stale. The comment follows the
 * characters rule of discussion messages (hasForbiddenMessageCharacters): no control characters
 * other than tab and line feed, and no bidi embeddings, overrides or isolates.
 */
export function taskDecisionSchema(t: ClientText["portal"]) {
  return v.object({
    taskId: v.pipe(v.string(t.invalidDecision), v.nonEmpty(t.invalidDecision), v.maxLength(64, t.invalidDecision)),
    version: v.pipe(v.number(t.invalidDecision), v.integer(t.invalidDecision), v.minValue(1, t.invalidDecision)),
    decision: v.picklist(["accepted", "rejected"], t.invalidDecision),
    comment: v.optional(
      v.pipe(
        v.string(t.invalidDecision),
        v.trim(),
        v.maxLength(DECISION_COMMENT_MAX_LENGTH, (issue) => {
          const length = issue.input.length;
          return t.commentTooLong(length, plural(length, t.characterForms));
        }),
        v.check((comment) => !hasForbiddenMessageCharacters(comment.replace(/\r\n?/g, "\n")), t.commentInvalidCharacters),
      ),
    ),
  }, t.invalidDecision);
}

export type TaskDecision = v.InferOutput<ReturnType<typeof taskDecisionSchema>>;
