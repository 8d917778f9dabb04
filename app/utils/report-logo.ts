// Limits of the report logo (Settings → "Raporty"), shared by the server's check and the upload
// form, which checks the file size in the browser before sending it.

export const LOGO_WIDTH = 600;
export const LOGO_HEIGHT = 200;
/**
 * The largest logo file. An uncompressed 600×200 PNG with 16-bit RGBA is under 1 MB, so 2 MB
 * leaves room for colour profiles and metadata while keeping the report's data URL small.
 */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
