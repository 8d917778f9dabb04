import * as v from "valibot";
import { common } from "~/i18n/pl/common";
import { reportsText } from "~/i18n/pl/reports";
import { formatDay, isValidDay } from "~/utils/dates";
import { hasControlCharacters } from "~/utils/html";

// Forms of the reports: the period of "Stwórz raport", "Wyślij do klienta", and the buttons of
// the report page. The server checks the period against the project again (createReport):
// the project's first day and today are facts of the server, not of the form.

const POLISH_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** Reads a day as date inputs send it (YYYY-MM-DD), or typed the Polish way (DD.MM.YYYY) where a browser has no date input. */
export function normalizeDay(value: string): string {
  const polish = POLISH_DAY.exec(value);
  return polish ? `${polish[3]}-${polish[2].padStart(2, "0")}-${polish[1].padStart(2, "0")}` : value;
}

// A day that does not exist gets only the "invalid date" message.
const dayField = v.config(
  v.pipe(v.string(common.required), v.trim(), v.nonEmpty(common.required), v.transform(normalizeDay), v.check(isValidDay, common.invalidDay)),
  { abortPipeEarly: true },
);

const periodObject = v.object({ start: dayField, end: dayField }, common.required);

type Period = v.InferOutput<typeof periodObject>;

// The period checks below compare days, so each runs only when the days it compares are valid:
// an unreadable or missing day gets its own message on its own field and no other.
const notReversed = v.forward(
  v.check((period: Period) => !isValidDay(period.start) || !isValidDay(period.end) || period.start <= period.end, reportsText.reversed),
  ["end"],
);

/**
 * "Stwórz raport": the first and the last day of the period, both included. With `limits` (the
 * browser's check) the period must also lie between the project's first day and today;
 * YYYY-MM-DD strings compare in calendar order.
 */
export function reportPeriodSchema(limits?: { firstDay: string; today: string }) {
  if (!limits) return v.pipe(periodObject, notReversed);
  return v.pipe(
    periodObject,
    notReversed,
    v.forward(
      v.check((period: Period) => !isValidDay(period.end) || period.end <= limits.today, reportsText.future(formatDay(limits.today))),
      ["end"],
    ),
    v.forward(
      v.check((period: Period) => !isValidDay(period.start) || period.start >= limits.firstDay, reportsText.beforeProject(formatDay(limits.firstDay))),
      ["start"],
    ),
  );
}

/** Maximum e-mail address length in characters (the 256-character RFC 5321 path less its angle brackets). */
const EMAIL_MAX_LENGTH = 254;

/** "Wyślij do klienta": the address the report's link goes to. */
export const reportSendSchema = v.object(
  {
    email: v.config(
      v.pipe(
        v.string(common.required),
        v.trim(),
        v.nonEmpty(common.required),
        v.check((value) => !hasControlCharacters(value), common.invalidEmail),
        v.maxLength(EMAIL_MAX_LENGTH, common.tooLong(EMAIL_MAX_LENGTH)),
        v.email(common.invalidEmail),
        v.toLowerCase(),
      ),
      { abortPipeEarly: true },
    ),
  },
  common.required,
);
