import type { ReactNode } from "react";

interface FieldProps {
  label: string;
  /** Conform field metadata or any object with the same id and error shape. */
  id: string;
  errorId: string;
  errors?: string[];
  hint?: string;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}

/** Renders a labelled form field with its errors next to it; the input comes from the render prop. */
export function Field({ label, id, errorId, errors, hint, children }: FieldProps) {
  const invalid = !!errors && errors.length > 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [hintId, invalid ? errorId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, "aria-invalid": invalid, "aria-describedby": describedBy })}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors || errors.length === 0) return null;
  return (
    // role="alert" sits on a wrapper, because on the <ul> it would replace the list role and
    // leave the <li> items outside any list for assistive technology.
    <div id={id} role="alert">
      <ul className="space-y-0.5 text-sm text-red-700">
        {errors.map((error) => (
          <li key={error}>{error}</li>
        ))}
      </ul>
    </div>
  );
}

export function Checkbox({ label, ...props }: { label: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" className="h-4 w-4 rounded border-slate-300 text-brand-700" {...props} />
      {label}
    </label>
  );
}

/** Text input for an amount in złoty, right-aligned with a "zł" suffix; parsing happens in the schema. */
export function AmountInput({
  wrapperClassName = "",
  ...props
}: { wrapperClassName?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={`relative ${wrapperClassName}`}>
      <input {...props} inputMode="decimal" autoComplete="off" className="input pr-9 text-right tabular-nums" />
      <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-500">zł</span>
    </div>
  );
}
