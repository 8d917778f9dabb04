// Form schemas shared by the browser (Conform's client validation) and the server action.
import * as v from "valibot";
import { auth } from "~/i18n/pl/auth";
import { common } from "~/i18n/pl/common";
import { security } from "~/i18n/pl/security";
import { requiredEmail, requiredLine } from "~/utils/validation";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

const newPassword = v.pipe(
  v.string(auth.passwordTooShort),
  v.minLength(MIN_PASSWORD_LENGTH, auth.passwordTooShort),
  v.maxLength(MAX_PASSWORD_LENGTH, auth.passwordTooLong),
);

export const registerSchema = v.object({
  name: requiredLine(120),
  email: requiredEmail(),
  password: newPassword,
}, common.required);

export const loginSchema = v.object({
  email: requiredEmail(),
  password: v.pipe(v.string(auth.passwordMissing), v.maxLength(MAX_PASSWORD_LENGTH, auth.passwordTooLong)),
  redirectTo: v.optional(v.string()),
}, common.required);

export const activationSchema = v.object({
  password: v.pipe(v.string(auth.passwordMissing), v.maxLength(MAX_PASSWORD_LENGTH, auth.passwordTooLong)),
}, common.required);

export const reminderSchema = v.object({
  email: requiredEmail(),
}, common.required);

export const pinSchema = v.object({
  pin: v.pipe(v.string(auth.pinFormat), v.trim(), v.regex(/^\d{6}$/, auth.pinFormat)),
}, common.required);

export const passwordWithPinSchema = v.pipe(
  v.object({
    pin: v.pipe(v.string(auth.pinFormat), v.trim(), v.regex(/^\d{6}$/, auth.pinFormat)),
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
    currentPassword: v.pipe(v.string(security.currentPasswordWrong), v.maxLength(MAX_PASSWORD_LENGTH, auth.passwordTooLong)),
    newPassword,
    newPasswordRepeat: v.string(security.passwordsDiffer),
  }, common.required),
  v.forward(
    v.check((input) => input.newPassword === input.newPasswordRepeat, security.passwordsDiffer),
    ["newPasswordRepeat"],
  ),
);
