import { useEffect, useRef, useState } from "react";

// The "Opłać" (client) and "Nieopłacone" (freelancer) toggles that select tasks for a bill.
// Each is a checkbox drawn as a toggle button: its checked state is the button's pressed
// state, so screen readers announce it as selected or not. The checkbox sits in the task
// list, away from the bill's form, and joins that form through its `form` attribute, so the
// selection is posted without JavaScript. With JavaScript, useBillSelection adds up the
// selection live from the `data-amount` of the checked boxes.

export { useHydrated } from "~/components/use-hydrated";

export interface SelectionToggleProps {
  /** Id of the bill's form, which may be anywhere on the page. */
  formId: string;
  taskId: string;
  /** Grosze, for the live total. */
  amount: number;
  label: string;
  /** Name for assistive technology, naming the task. */
  accessibleLabel: string;
  defaultChecked?: boolean;
}

export function SelectionToggle({ formId, taskId, amount, label, accessibleLabel, defaultChecked }: SelectionToggleProps) {
  return (
    <label
      className="inline-flex cursor-pointer items-center gap-1.5 whitespace-nowrap rounded-full border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 transition select-none hover:bg-slate-100 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-700 has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600"
      data-testid="bill-toggle"
    >
      <input
        type="checkbox"
        name="taskId"
        value={taskId}
        form={formId}
        data-amount={amount}
        defaultChecked={defaultChecked}
        aria-label={accessibleLabel}
        className="peer sr-only"
      />
      <span aria-hidden="true" className="inline-block h-3 w-3 rounded-full border border-current peer-checked:hidden" />
      <span aria-hidden="true" className="hidden peer-checked:inline">
        ✓
      </span>
      <span aria-hidden="true">{label}</span>
    </label>
  );
}

export interface Selection {
  count: number;
  /** Grosze. */
  total: number;
}

/** Reads the checked task boxes that belong to the form, wherever they are on the page. */
function readSelection(form: HTMLFormElement): Selection {
  let count = 0;
  let total = 0;
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement) || element.name !== "taskId" || element.type !== "checkbox" || !element.checked) continue;
    count += 1;
    const amount = Number(element.dataset.amount);
    if (Number.isSafeInteger(amount)) total += amount;
  }
  return { count, total };
}

/**
 * Returns the live count and total of the tasks selected for the form `formId`. Before the page
 * is hydrated it returns null, because without JavaScript the server adds them up on posting.
 */
export function useBillSelection(formId: string): Selection | null {
  const [selection, setSelection] = useState<Selection | null>(null);
  useEffect(() => {
    const update = () => {
      const form = document.getElementById(formId);
      const next = form instanceof HTMLFormElement ? readSelection(form) : { count: 0, total: 0 };
      // Keeping the same object when nothing changed skips the re-render, so the summary's own
      // DOM update does not wake the observer below again.
      setSelection((current) => (current && current.count === next.count && current.total === next.total ? current : next));
    };
    update();
    // A change event bubbles through the document tree, not to the box's form, so the
    // document listens and filters by the box's form.
    const onChange = (event: Event) => {
      const target = event.target;
      if (target instanceof HTMLInputElement && target.form?.id === formId) update();
    };
    document.addEventListener("change", onChange);
    // A re-rendered task list (after a fetcher or a revalidation) adds or removes boxes without
    // a change event, so the boxes are read again after every change of the page.
    const observer = new MutationObserver(update);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      document.removeEventListener("change", onChange);
      observer.disconnect();
    };
  }, [formId]);
  return selection;
}

/**
 * Returns a refused selection's message until the user changes the selection (from
 * useBillSelection), then undefined, so "no task selected" does not stay under a selection that
 * now has tasks. `reply` is the response that carried the message: a new one shows its message again.
 */
export function useSelectionRefusal(selection: Selection | null, reply: unknown, message: string | undefined): string | undefined {
  const key = selection ? `${selection.count}:${selection.total}` : null;
  const seen = useRef<{ reply: unknown; key: string | null }>({ reply, key });
  if (seen.current.reply !== reply) seen.current = { reply, key };
  else if (seen.current.key === null) seen.current.key = key;
  return seen.current.key !== null && key !== seen.current.key ? undefined : message;
}
