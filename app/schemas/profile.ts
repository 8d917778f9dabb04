import * as v from "valibot";
import { common } from "~/i18n/pl/common";
import { profileText } from "~/i18n/pl/profile";
import { isValidPolishIban } from "~/utils/iban";
import { isValidNip } from "~/utils/nip";
import { optionalLine, optionalText, requiredEmail, requiredLine } from "~/utils/validation";

export const MAX_BUDGET_WARNING_PERCENT = 1000;

export const profileSchema = v.object(
  {
    name: requiredLine(200),
    company: optionalLine(200),
    nip: v.optional(v.pipe(v.string(), v.trim(), v.check(isValidNip, profileText.nipInvalid))),
    address: optionalText(500),
    bankAccount: v.optional(v.pipe(v.string(), v.trim(), v.check(isValidPolishIban, profileText.bankAccountInvalid))),
    budgetWarningPercent: v.pipe(
      v.string(common.required),
      v.trim(),
      v.regex(/^\d{1,4}$/, profileText.percentInvalid),
      v.transform(Number),
      v.maxValue(MAX_BUDGET_WARNING_PERCENT, profileText.percentInvalid),
    ),
  },
  common.required,
);

export type ProfileValues = v.InferOutput<typeof profileSchema>;

export const emailChangeSchema = v.object(
  {
    newEmail: requiredEmail(),
    password: v.pipe(v.string(common.required), v.nonEmpty(common.required)),
  },
  common.required,
);
