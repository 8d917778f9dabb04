// Form schemas shared by the browser (Conform's client validation) and the server action.
import * as v from "valibot";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/utils/form-limits";
import { passwordText } from "~/i18n/pl/password";
import { common } from "~/i18n/pl/common";
import { security } from "~/i18n/pl/security";
import { requiredEmail, requiredLine } from "~/utils/validation";

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

const newPassword = v.pipe(
  v.string(passwordText.passwordTooShort),
  v.minLength(MIN_PASSWORD_LENGTH, passwordText.passwordTooShort),
  v.maxLength(MAX_PASSWORD_LENGTH, passwordText.passwordTooLong),
);

export const registerSchema = v.object({
  name: requiredLine(120),
  email: requiredEmail(),
  password: newPassword,
}, common.required);

export const loginSchema = v.object({
  email: requiredEmail(),
  password: v.pipe(v.string(passwordText.passwordMissing), v.maxLength(MAX_PASSWORD_LENGTH, passwordText.passwordTooLong)),
  redirectTo: v.optional(v.string()),
}, common.required);

export const activationSchema = v.object({
  password: v.pipe(v.string(passwordText.passwordMissing), v.maxLength(MAX_PASSWORD_LENGTH, passwordText.passwordTooLong)),
}, common.required);

export const reminderSchema = v.object({
  email: requiredEmail(),
}, common.required);

export const pinSchema = v.object({
  pin: v.pipe(v.string(passwordText.pinFormat), v.trim(), v.regex(/^\d{6}$/, passwordText.pinFormat)),
}, common.required);

export const passwordWithPinSchema = v.pipe(
  v.object({
    pin: v.pipe(v.string(passwordText.pinFormat), v.trim(), v.regex(/^\d{6}$/, passwordText.pinFormat)),
    newPassword,
    newPasswordRepeat: v.string(security.passwordsDiffer),
  }, common.required),
  v.forward(
    v.check((input) => input.newPassword === input.newPasswordRepeat, security.passwordsDiffer),
    ["newPasswordRepeat"],
  ),
);

export const passwordWithCurrentSchema = v.pipe(
  v.object({
    currentPassword: v.pipe(v.string(security.currentPasswordWrong), v.maxLength(MAX_PASSWORD_LENGTH, passwordText.passwordTooLong)),
    newPassword,
    newPasswordRepeat: v.string(security.passwordsDiffer),
  }, common.required),
  v.forward(
    v.check((input) => input.newPassword === input.newPasswordRepeat, security.passwordsDiffer),
    ["newPasswordRepeat"],
  ),
);
