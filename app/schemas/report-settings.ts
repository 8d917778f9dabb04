import * as v from "valibot";
import { reportSettingsText as t } from "~/i18n/pl/report-settings";

// Settings → "Raporty" posts two ordinary forms besides the multipart logo upload: "Usuń logo"
// (intent "remove") and "pokazuj logo w raporcie" (intent "visibility", the checkbox `show`
// absent when unchecked).

export const reportSettingsIntentSchema = v.variant(
  "intent",
  [
    v.object({ intent: v.literal("remove") }),
    v.object({ intent: v.literal("visibility"), show: v.optional(v.boolean(t.invalidIntent), false) }),
  ],
  t.invalidIntent,
);
