import * as v from "valibot";
import { fileIntentSchema, type FileIntent } from "~/schemas/files";

// Kept in a .server module so that a route that reads the file actions only in its action does
// not make the browser load valibot.

/** Reads a file action's `intent` and `fileId` fields from a posted form, or returns null when they are invalid. */
export function readFileIntent(formData: FormData): FileIntent | null {
  const parsed = v.safeParse(fileIntentSchema, { intent: formData.get("intent"), fileId: formData.get("fileId") });
  return parsed.success ? parsed.output : null;
}
