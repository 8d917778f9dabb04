import * as v from "valibot";
import { shareText } from "~/i18n/pl/share";

/** The action requested by the freelancer's "Udostępnij" forms. */
export const shareIntentSchema = v.object({
  intent: v.picklist(["enable", "regenerate", "disable"], shareText.invalidIntent),
}, shareText.invalidIntent);
