import { useEffect, useId, useState, type FormEvent, type InputHTMLAttributes, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import type { SubmissionResult } from "@conform-to/react";

/*
 * Form state for the browser, driven by the server's validation (decision 0022). Actions parse
 * with @conform-to/valibot and return `submission.reply()`. This module turns that reply into
 * the ids, ARIA attributes, default values and error lists of a form, with the same names and
 * ids as @conform-to/react, so that neither Conform nor valibot is sent to the browser.
 * The server is the only validator: the browser shows its messages after each submission.
 */

export type { SubmissionResult };

type FormValue = string | string[] | { [name: string]: FormValue } | FormValue[] | undefined;

export type FieldMetadata = {
  id: string;
  name: string;
  formId: string;
  errorId: string;
  descriptionId: string;
  /** The server's messages for this field after the last rejected submission, until the field is edited. */
  errors: string[] | undefined;
  /** The value the page was rendered with: the submitted value after a rejected submission, else the default. */
  initialValue: FormValue;
  /** The value typed since the last submission (from input events), else initialValue. */
  value: FormValue;
  getFieldset(): Record<string, FieldMetadata>;
  getFieldList(): FieldMetadata[];
};

export type FormMetadata = {
  id: string;
  errorId: string;
  descriptionId: string;
  /** Messages about the whole form (Conform's error under the name ""). */
  errors: string[] | undefined;
  noValidate: true;
  onInput(event: FormEvent<HTMLFormElement>): void;
};

/** The parts of `submission.reply()` the form reads, as they arrive through JSON. */
export type ReplyLike = {
  status?: "success" | "error";
  initialValue?: Record<string, unknown> | null;
  error?: Record<string, string[] | null | undefined>;
};

export type UseFormOptions = {
  /** The form's id; the fields' ids are `<id>-<name>`. Defaults to useId(). */
  id?: string;
  /** The action's `submission.reply()`, or undefined before the first submission. */
  lastResult?: ReplyLike | null;
  /** Values to render before the first submission, by field name (nested objects for fieldsets). */
  defaultValue?: object | null;
};

/** Converts a default value the way Conform serializes one: numbers to text, true to "on", dates to ISO. */
function serialize(value: unknown): FormValue {
  if (value === null || value === undefined || value === false) return undefined;
  if (typeof value === "string") return value;
  if (value === true) return "on";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(serialize);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, serialize(item)]));
  }
  return undefined;
}

/** Reads `a.b[0].c` out of nested values, as Conform names fields of fieldsets and lists. */
function valueAt(values: FormValue, name: string): FormValue {
  let current: FormValue = values;
  for (const segment of name.match(/[^.[\]]+/g) ?? []) {
    if (current === undefined || typeof current === "string") return undefined;
    current = (current as Record<string, FormValue>)[segment];
  }
  return current;
}

/**
 * Builds the metadata of a form whose fields are validated by its action. A field's messages hide
 * once the user types into that field, and the first invalid field takes the focus when a rejected
 * submission comes back. A reply made with `resetForm: true` empties the form.
 */
export function useForm<Shape extends object = Record<string, unknown>>(
  options: UseFormOptions,
): [FormMetadata, { [Name in keyof Shape]: FieldMetadata } & Record<string, FieldMetadata>] {
  const generatedId = useId();
  const formId = options.id ?? generatedId;
  const lastResult = options.lastResult ?? undefined;
  // What the user typed since the last submission, by field name; a new result starts it afresh.
  const [typed, setTyped] = useState<{ result: unknown; values: Readonly<Record<string, string>> }>({ result: lastResult, values: {} });
  const typedValues = typed.result === lastResult ? typed.values : {};
  const rejected = lastResult?.status === "error";

  useEffect(() => {
    const form = document.forms.namedItem(formId);
    if (!form || !lastResult) return;
    if (lastResult.initialValue === null) {
      form.reset();
      return;
    }
    if (lastResult.status !== "error") return;
    const firstInvalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    firstInvalid?.focus();
  }, [formId, lastResult]);

  const values = rejected && lastResult?.initialValue ? (lastResult.initialValue as FormValue) : serialize(options.defaultValue ?? {});
  const errorsOf = (name: string) => {
    if (!rejected || Object.hasOwn(typedValues, name)) return undefined;
    const errors = lastResult?.error?.[name];
    return errors && errors.length > 0 ? errors : undefined;
  };

  const field = (name: string): FieldMetadata => {
    const id = `${formId}-${name}`;
    const initialValue = valueAt(values, name);
    return {
      id,
      name,
      formId,
      errorId: `${id}-error`,
      descriptionId: `${id}-description`,
      errors: errorsOf(name),
      initialValue,
      value: Object.hasOwn(typedValues, name) ? typedValues[name] : initialValue,
      getFieldset: () => fieldsOf(`${name}.`),
      getFieldList: () => {
        const list = Array.isArray(initialValue) ? initialValue : [];
        return list.map((_, index) => field(`${name}[${index}]`));
      },
    };
  };
  // A proxy, because a page names its fields (fields.email) without declaring them first.
  const fieldsOf = (prefix: string) =>
    new Proxy({} as Record<string, FieldMetadata>, {
      get: (_target, key) => (typeof key === "string" ? field(`${prefix}${key}`) : undefined),
    });

  const form: FormMetadata = {
    id: formId,
    errorId: `${formId}-error`,
    descriptionId: `${formId}-description`,
    errors: errorsOf(""),
    noValidate: true,
    onInput(event) {
      const { name, value } = event.target as { name?: unknown; value?: unknown };
      if (typeof name !== "string" || name === "" || typeof value !== "string") return;
      setTyped({ result: lastResult, values: { ...typedValues, [name]: value } });
    },
  };
  return [form, fieldsOf("") as unknown as { [Name in keyof Shape]: FieldMetadata } & Record<string, FieldMetadata>];
}

type AriaOptions = { ariaDescribedBy?: string };

function ariaAttributes(metadata: { errors: string[] | undefined; errorId: string }, options: AriaOptions, isControl: boolean) {
  const invalid = metadata.errors !== undefined;
  const describedBy = invalid ? `${metadata.errorId} ${options.ariaDescribedBy ?? ""}`.trim() : options.ariaDescribedBy;
  return {
    ...(isControl && invalid ? { "aria-invalid": true as const } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
  };
}

/** Returns the props of the <form>: its id, noValidate and the handler that hides edited fields' messages. */
export function getFormProps(form: FormMetadata, options: AriaOptions = {}) {
  return { id: form.id, noValidate: form.noValidate, onInput: form.onInput, ...ariaAttributes(form, options, false) };
}

function controlProps(field: FieldMetadata, options: AriaOptions) {
  return { id: field.id, name: field.name, form: field.formId, ...ariaAttributes(field, options, true) };
}

/**
 * Returns an <input>'s props. A checkbox or radio is checked when its value is the field's value,
 * and one given its own value gets the id `<field id>-<value>`.
 */
export function getInputProps(field: FieldMetadata, options: AriaOptions & { type: string; value?: string | false }): InputHTMLAttributes<HTMLInputElement> {
  const props: InputHTMLAttributes<HTMLInputElement> = { ...controlProps(field, options), type: options.type };
  if (options.value === false) return props;
  if (options.type === "checkbox" || options.type === "radio") {
    const value = typeof options.value === "string" ? options.value : "on";
    // The inputs of one field with several values each get their own id, as ids must be unique.
    if (typeof options.value === "string") props.id = `${field.id}-${options.value}`;
    props.value = value;
    props.defaultChecked = Array.isArray(field.initialValue) ? field.initialValue.includes(value) : field.initialValue === value;
  } else if (typeof field.initialValue === "string") {
    props.defaultValue = field.initialValue;
  }
  return props;
}

/** Returns a <textarea>'s props. */
export function getTextareaProps(field: FieldMetadata, options: AriaOptions & { value?: false } = {}): TextareaHTMLAttributes<HTMLTextAreaElement> {
  const props: TextareaHTMLAttributes<HTMLTextAreaElement> = controlProps(field, options);
  if (options.value !== false && typeof field.initialValue === "string") props.defaultValue = field.initialValue;
  return props;
}

/** Returns a <select>'s props. */
export function getSelectProps(field: FieldMetadata, options: AriaOptions & { value?: false } = {}): SelectHTMLAttributes<HTMLSelectElement> {
  const props: SelectHTMLAttributes<HTMLSelectElement> = controlProps(field, options);
  const initial = field.initialValue;
  if (options.value === false) return props;
  if (Array.isArray(initial)) props.defaultValue = initial.map((item) => (typeof item === "string" ? item : ""));
  else if (typeof initial === "string") props.defaultValue = initial;
  return props;
}
