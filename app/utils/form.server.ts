/**
 * Reads a form body. A body that is not form data (a JSON or plain-text POST, a broken
 * multipart body) is a 400, not an unhandled error and a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad Request", { status: 400 });
  }
}
