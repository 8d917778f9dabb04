// The e-mail address limit, in a module without imports: the client's bill page sets it on its
// input, and importing it from app/schemas/email.ts would make the browser load valibot.

/** Maximum e-mail address length in characters (the 256-character RFC 5321 path less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;
