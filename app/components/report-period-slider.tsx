// The two-handle range slider of "Stwórz raport": day steps from the project's first day to
// today. It is an enhancement over the two date inputs, which stay the form's fields: the
// slider has no `name`, is rendered only after hydration, and reports every move to its parent,
// which writes the days into the date inputs. Each handle is a native range input, so it has
// a label and the keyboard works as everywhere (arrows move a day, Page Up and Page Down jump,
// Home and End go to the ends). The two inputs lie over one track; only their thumbs take the
// pointer, so either handle can be dragged.
//
// On the keyboard a handle stops at the other one, and only the moved handle's date input
// changes: a day typed in the other input stays as typed, even when the typed pair is reversed
// (the form's check reports that). A pointer drag instead spans the period from the pointer to
// the handle that was not grabbed, and writes both days. Two handles on the same day lie on top
// of each other and only the upper one can be grabbed, so with a stop a one-day period could
// not be widened on the side where the upper handle is blocked.
import { useEffect, useId, useRef } from "react";
import { reportFormText as t } from "~/i18n/pl/report-form";
import { daysBetween, formatDay, isValidDay } from "~/utils/dates";
import { addDays, type ReportPeriod } from "~/utils/report-period";

export interface ReportPeriodSliderProps {
  /** The project's first day and today, YYYY-MM-DD (Europe/Warsaw): the ends of the track. */
  firstDay: string;
  today: string;
  /** The days now in the date inputs. A day that is empty or invalid puts its handle at its end of the track. */
  start: string;
  end: string;
  /** Receives the days to write into the date inputs: both after a drag, only the moved one's after a key. */
  onChange: (change: Partial<ReportPeriod>) => void;
}

/**
 * Computes the days a handle's move writes. `anchor` is the offset of the handle that was not
 * grabbed while a pointer drags, or null for a keyboard move. Offsets count days from `firstDay`.
 */
export function periodAfterMove(move: {
  handle: "start" | "end";
  value: number;
  startOffset: number;
  endOffset: number;
  anchor: number | null;
  firstDay: string;
}): Partial<ReportPeriod> {
  const { handle, value, startOffset, endOffset, anchor, firstDay } = move;
  if (anchor !== null) return { start: addDays(firstDay, Math.min(value, anchor)), end: addDays(firstDay, Math.max(value, anchor)) };
  if (handle === "start") return { start: addDays(firstDay, Math.min(value, endOffset)) };
  return { end: addDays(firstDay, Math.max(value, startOffset)) };
}

const RANGE_CLASS =
  "pointer-events-none absolute inset-0 h-8 w-full appearance-none bg-transparent focus:outline-none " +
  "[&::-webkit-slider-runnable-track]:bg-transparent [&::-moz-range-track]:bg-transparent " +
  "[&::-webkit-slider-thumb]:pointer-events-auto [&::-webkit-slider-thumb]:h-5 [&::-webkit-slider-thumb]:w-5 " +
  "[&::-webkit-slider-thumb]:cursor-grab [&::-webkit-slider-thumb]:appearance-none [&::-webkit-slider-thumb]:rounded-full " +
  "[&::-webkit-slider-thumb]:border-2 [&::-webkit-slider-thumb]:border-white [&::-webkit-slider-thumb]:bg-brand-700 " +
  "[&::-webkit-slider-thumb]:shadow focus-visible:[&::-webkit-slider-thumb]:ring-3 focus-visible:[&::-webkit-slider-thumb]:ring-brand-600 " +
  "[&::-moz-range-thumb]:pointer-events-auto [&::-moz-range-thumb]:h-5 [&::-moz-range-thumb]:w-5 [&::-moz-range-thumb]:cursor-grab " +
  "[&::-moz-range-thumb]:rounded-full [&::-moz-range-thumb]:border-2 [&::-moz-range-thumb]:border-white " +
  "[&::-moz-range-thumb]:bg-brand-700 [&::-moz-range-thumb]:shadow focus-visible:[&::-moz-range-thumb]:ring-3 " +
  "focus-visible:[&::-moz-range-thumb]:ring-brand-600";

/** Returns the position of a day on the track (0 = the first day), clamped to the track, or `fallback` for an invalid day. */
function offsetOf(day: string, firstDay: string, length: number, fallback: number): number {
  if (!isValidDay(day)) return fallback;
  return Math.min(length, Math.max(0, daysBetween(firstDay, day)));
}

export function ReportPeriodSlider({ firstDay, today, start, end, onChange }: ReportPeriodSliderProps) {
  const id = useId();
  // The offset of the handle that was not grabbed, from pointerdown until the pointer is released.
  const dragAnchor = useRef<number | null>(null);
  const stopDrag = useRef<(() => void) | null>(null);
  const startInput = useRef<HTMLInputElement>(null);
  const endInput = useRef<HTMLInputElement>(null);
  useEffect(() => () => stopDrag.current?.(), []);
  const length = daysBetween(firstDay, today);
  // A project created today has one day to choose, so there is nothing to slide.
  if (length <= 0) return null;

  const startOffset = offsetOf(start, firstDay, length, 0);
  const endOffset = Math.max(startOffset, offsetOf(end, firstDay, length, length));
  const startPercent = (startOffset / length) * 100;
  const endPercent = (endOffset / length) * 100;

  const move = (handle: "start" | "end", value: number) => {
    const change = periodAfterMove({ handle, value, startOffset, endOffset, anchor: dragAnchor.current, firstDay });
    onChange(change);
    // Put both handles where the period now is. Preact, unlike React, leaves a controlled input
    // at the value the user dragged it to when the clamped period does not change, so a handle
    // pushed past the other would stay there.
    const nextStart = change.start !== undefined ? offsetOf(change.start, firstDay, length, startOffset) : startOffset;
    const nextEnd = Math.max(nextStart, change.end !== undefined ? offsetOf(change.end, firstDay, length, endOffset) : endOffset);
    if (startInput.current) startInput.current.value = String(nextStart);
    if (endInput.current) endInput.current.value = String(nextEnd);
  };

  const startDrag = (anchor: number) => {
    stopDrag.current?.();
    dragAnchor.current = anchor;
    const stop = () => {
      dragAnchor.current = null;
      stopDrag.current = null;
      window.removeEventListener("pointerup", stop);
      window.removeEventListener("pointercancel", stop);
    };
    stopDrag.current = stop;
    window.addEventListener("pointerup", stop);
    window.addEventListener("pointercancel", stop);
  };

  return (
    <div role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-hint`} className="space-y-2" data-testid="report-period-slider">
      <p id={`${id}-label`} className="sr-only">
        {t.sliderLabel}
      </p>
      <div className="relative h-8">
        <div aria-hidden="true" className="absolute inset-x-2.5 top-1/2 h-1.5 -translate-y-1/2 rounded-full bg-slate-200">
          <div
            className="absolute inset-y-0 rounded-full bg-brand-600"
            style={{ left: `${startPercent}%`, width: `${endPercent - startPercent}%` }}
          />
        </div>
        <label htmlFor={`${id}-start`} className="sr-only">
          {t.sliderStart}
        </label>
        <input
          ref={startInput}
          id={`${id}-start`}
          type="range"
          min={0}
          max={length}
          step={1}
          value={startOffset}
          aria-valuetext={formatDay(addDays(firstDay, startOffset))}
          onChange={(event) => move("start", Number(event.currentTarget.value))}
          onPointerDown={() => startDrag(endOffset)}
          // Which handle lies on top does not matter for dragging (see above), so the start handle always does.
          className={`${RANGE_CLASS} z-20`}
        />
        <label htmlFor={`${id}-end`} className="sr-only">
          {t.sliderEnd}
        </label>
        <input
          ref={endInput}
          id={`${id}-end`}
          type="range"
          min={0}
          max={length}
          step={1}
          value={endOffset}
          aria-valuetext={formatDay(addDays(firstDay, endOffset))}
          onChange={(event) => move("end", Number(event.currentTarget.value))}
          onPointerDown={() => startDrag(startOffset)}
          className={`${RANGE_CLASS} z-10`}
        />
      </div>
      <div aria-hidden="true" className="flex justify-between text-xs text-slate-500">
        <span>{formatDay(firstDay)}</span>
        <span>{formatDay(today)}</span>
      </div>
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {t.sliderHint}
      </p>
    </div>
  );
}
