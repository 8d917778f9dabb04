import * as v from "valibot";
import { clientsText } from "~/i18n/pl";
import { isValidNip } from "~/utils/nip";
import { optionalEmail, optionalText, requiredLine } from "~/utils/validation";

export const clientSchema = v.object({
  name: requiredLine(200),
  email: optionalEmail(),
  phone: v.optional(
    v.pipe(v.string(), v.trim(), v.regex(/^\+?[0-9][0-9 ()-]{5,24}$/, clientsText.phoneInvalid)),
  ),
  nip: v.optional(v.pipe(v.string(), v.trim(), v.check(isValidNip, clientsText.nipInvalid))),
  address: optionalText(500),
  notes: optionalText(5000),
});

export type ClientFormValues = v.InferOutput<typeof clientSchema>;

