import * as v from "valibot";
import { common } from "~/i18n/pl/common";
import { reportFormText } from "~/i18n/pl/report-form";
import { formatDay, isValidDay, normalizeDay } from "~/utils/dates";

// The period of "Stwórz raport" ("Wyślij do klienta" of the report page is in ./report-send.ts).
// The server checks the period against the project again (createReport):
// the project's first day and today are facts of the server, not of the form.

export { normalizeDay };

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
  v.check((period: Period) => !isValidDay(period.start) || !isValidDay(period.end) || period.start <= period.end, reportFormText.reversed),
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
      v.check((period: Period) => !isValidDay(period.end) || period.end <= limits.today, reportFormText.future(formatDay(limits.today))),
      ["end"],
    ),
    v.forward(
      v.check((period: Period) => !isValidDay(period.start) || period.start >= limits.firstDay, reportFormText.beforeProject(formatDay(limits.firstDay))),
      ["start"],
    ),
  );
}
