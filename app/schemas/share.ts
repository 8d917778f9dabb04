import * as v from "valibot";
import { clientPortalText, shareText } from "~/i18n/pl";
import { plural } from "~/utils/plural";

/** The action requested by the freelancer's "Udostępnij" forms. */
export const shareIntentSchema = v.object({
  intent: v.picklist(["enable", "regenerate", "disable"], shareText.invalidIntent),
}, shareText.invalidIntent);

export const DECISION_COMMENT_MAX_LENGTH = 1000;

/**
 * The client's decision on one task. `version` is the priced version the client saw, so a
 * decision on an amount the freelancer has changed in the meantime is rejected as stale.
 */
export const taskDecisionSchema = v.object({
  taskId: v.pipe(v.string(clientPortalText.invalidDecision), v.nonEmpty(clientPortalText.invalidDecision), v.maxLength(64, clientPortalText.invalidDecision)),
  version: v.pipe(v.number(clientPortalText.invalidDecision), v.integer(clientPortalText.invalidDecision), v.minValue(1, clientPortalText.invalidDecision)),
  decision: v.picklist(["accepted", "rejected"], clientPortalText.invalidDecision),
  comment: v.optional(
    v.pipe(
      v.string(clientPortalText.invalidDecision),
      v.trim(),
      v.maxLength(DECISION_COMMENT_MAX_LENGTH, (issue) => {
        const length = issue.input.length;
        return clientPortalText.commentTooLong(length, plural(length, clientPortalText.characterForms));
      }),
    ),
  ),
}, clientPortalText.invalidDecision);

export type TaskDecision = v.InferOutput<typeof taskDecisionSchema>;
