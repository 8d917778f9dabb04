import * as v from "valibot";

/**
 * The file actions sent as ordinary form posts (uploads are multipart and read by
 * readUploadForm). The client may only send "delete"; the route checks that.
 */
export const fileIntentSchema = v.object({
  intent: v.picklist(["delete", "private", "public"]),
  fileId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(64)),
});

export type FileIntent = v.InferOutput<typeof fileIntentSchema>;
