// Forms of Settings → Płatności. Validated on the server only: the Client Secret, the security
// code and the password never round-trip through the browser's validation state.
import * as v from "valibot";
import { auth, common, tpaySettingsText as t } from "~/i18n/pl";
import { merchantIdFromClientId, type TpayEnvironment } from "~/models/tpay-api.server";
import { TPAY_CLIENT_ID_MAX_LENGTH, TPAY_SECRET_MAX_LENGTH } from "~/models/tpay-connections.server";
import { hasControlCharacters } from "~/utils/html";
import { MAX_PASSWORD_LENGTH } from "./auth";

/** Fields whose values are never sent back to the page, even after an error. */
export const TPAY_HIDDEN_FIELDS = ["clientSecret", "securityCode", "currentPassword"];

/**
 * A Client Secret or security code, kept exactly as typed: `<`, `>`, `&` and quotes are valid
 * and must reach Tpay's md5 unchanged. Leading or trailing spaces are rejected rather than
 * trimmed, because they almost always come from copying and would silently break the md5.
 */
function verbatimSecret() {
  return v.pipe(
    v.string(common.required),
    v.nonEmpty(common.required),
    v.maxLength(TPAY_SECRET_MAX_LENGTH, common.tooLong(TPAY_SECRET_MAX_LENGTH)),
    v.check((value) => !hasControlCharacters(value), t.controlCharacters),
    v.check((value) => value.trim() === value, t.edgeWhitespace),
  );
}

const currentPassword = v.pipe(v.string(t.passwordMissing), v.nonEmpty(t.passwordMissing), v.maxLength(MAX_PASSWORD_LENGTH, auth.passwordTooLong));

/**
 * Builds the save form's schema for the environments this deployment accepts (offeredTpayEnvironments: only
 * production in production). Parse it with TPAY_PARSE_INFO, so each field reports only its
 * first failed rule.
 */
export function tpaySaveSchema(environments: readonly TpayEnvironment[]) {
  const environmentMessage = environments.includes("sandbox") ? t.environmentMissing : t.environmentProductionOnly;
  return v.object(
    {
      intent: v.literal("save", t.invalidIntent),
      clientId: v.pipe(
        v.string(common.required),
        v.trim(),
        v.nonEmpty(common.required),
        v.maxLength(TPAY_CLIENT_ID_MAX_LENGTH, common.tooLong(TPAY_CLIENT_ID_MAX_LENGTH)),
        v.check((value) => merchantIdFromClientId(value) !== null, t.clientIdInvalid),
      ),
      clientSecret: verbatimSecret(),
      securityCode: verbatimSecret(),
      environment: v.picklist(environments, environmentMessage),
      currentPassword,
    },
    common.required,
  );
}

/** valibot options for parseWithValibot: stop each field's pipe at its first failed rule. */
export const TPAY_PARSE_INFO = { abortPipeEarly: true } as const;

export const tpayDisconnectSchema = v.object({ intent: v.literal("disconnect", t.invalidIntent), currentPassword }, common.required);
