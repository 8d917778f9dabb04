import * as v from "valibot";
import { clientsText } from "~/i18n/pl/clients";
import { common } from "~/i18n/pl/common";
import { isValidNip } from "~/utils/nip";
import { optionalEmail, optionalText, requiredLine } from "~/utils/validation";

// The object message is what a field that is missing from the form data altogether gets
// (valibot reports a missing key on the object, not on the field's own schema).
export const clientSchema = v.object(
  {
    name: requiredLine(200),
    email: optionalEmail(),
    phone: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^\+?[0-9][0-9 ()-]{5,24}$/, clientsText.phoneInvalid))),
    nip: v.optional(v.pipe(v.string(), v.trim(), v.check(isValidNip, clientsText.nipInvalid))),
    address: optionalText(500),
    notes: optionalText(5000),
  },
  common.required,
);

export type ClientFormValues = v.InferOutput<typeof clientSchema>;
