import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "~/components/form-state";
import { Form, useNavigation } from "@remix-run/react";
import { useId, useState } from "react";
import { ErrorList, Field } from "~/components/forms";
import { clientLocaleText } from "~/i18n/pl/client-locale";
import { fixRequestsPanelText } from "~/i18n/pl/fix-requests-panel";
import { projectPageText } from "~/i18n/pl/project-page";
import { classifyClientField, clientNameKey } from "~/utils/form-limits";

export interface ClientOption {
  id: string;
  name: string;
  email: string | null;
  /** Text that choosing this client puts into the field (see clientFieldValues). */
  value: string;
}

/** Describes which client the field's text names, as the server will resolve it. */
function clientHint(value: string, options: ClientOption[]): string | null {
  const field = classifyClientField(value);
  const chosen = (option: ClientOption) => projectPageText.clientChosen(projectPageText.clientOption(option.name, option.email));
  if (field.kind === "id") {
    const option = options.find((candidate) => candidate.id === field.id);
    return option ? chosen(option) : null;
  }
  if (field.kind === "email") {
    const option = options.find((candidate) => candidate.email === field.email);
    if (option) return chosen(option);
    return projectPageText.clientWillBeCreated(field.name ? projectPageText.clientOption(field.name, field.email) : field.email);
  }
  if (field.kind === "name") {
    const key = clientNameKey(field.name);
    const matches = options.filter((candidate) => clientNameKey(candidate.name) === key);
    if (matches.length === 1) return chosen(matches[0]);
    if (matches.length > 1) return projectPageText.clientAmbiguous(field.name);
  }
  return null;
}

/**
 * Name, deadline and client of a project ("Stwórz nowy projekt" and the project's edit form).
 * The client field is a text input with a <datalist> of the freelancer's clients, whose
 * suggestions read "Name <e-mail>"; the client's name alone works too, and a new e-mail address
 * creates that client when the form is saved.
 */
export function ProjectForm({
  formId,
  intent,
  lastResult,
  defaultValue,
  clientOptions,
  today,
  currentDeadline = null,
  submitLabel,
}: {
  formId: string;
  intent?: string;
  lastResult?: SubmissionResult<string[]> | null;
  /** `freeRevisionRounds` shows the "Darmowe poprawki" field (the edit form only). */
  defaultValue?: {
    name?: string;
    deadline?: string | null;
    client?: string;
    freeRevisionRounds?: number;
    /** Shows the "Język strony klienta" field (the edit form only). */
    clientLocale?: "pl" | "en";
  };
  clientOptions: ClientOption[];
  today: string;
  currentDeadline?: string | null;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const listId = useId();
  const [form, fields] = useForm({
    id: formId,
    lastResult,
    defaultValue: {
      name: defaultValue?.name ?? "",
      deadline: defaultValue?.deadline ?? "",
      client: defaultValue?.client ?? "",
      freeRevisionRounds: defaultValue?.freeRevisionRounds?.toString() ?? "",
      clientLocale: defaultValue?.clientLocale ?? "pl",
    },
  });
  const initialClient = fields.client.initialValue;
  const [clientValue, setClientValue] = useState(typeof initialClient === "string" ? initialClient : "");
  const hint = clientHint(clientValue, clientOptions);

  return (
    <Form method="post" className="space-y-4" preventScrollReset {...getFormProps(form)}>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field label={projectPageText.name} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
        {(aria) => <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="off" className="input" />}
      </Field>
      <Field
        label={projectPageText.deadline}
        id={fields.deadline.id}
        errorId={fields.deadline.errorId}
        errors={fields.deadline.errors}
      >
        {(aria) => (
          <input
            {...getInputProps(fields.deadline, { type: "date" })}
            {...aria}
            min={currentDeadline && currentDeadline < today ? currentDeadline : today}
            className="input sm:max-w-xs"
          />
        )}
      </Field>
      <Field
        label={projectPageText.client}
        id={fields.client.id}
        errorId={fields.client.errorId}
        errors={fields.client.errors}
        hint={projectPageText.clientHint}
      >
        {(aria) => (
          <input
            {...getInputProps(fields.client, { type: "text" })}
            {...aria}
            list={listId}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setClientValue(event.currentTarget.value)}
            className="input"
          />
        )}
      </Field>
      <datalist id={listId}>
        {clientOptions.map((option) => {
          const label = projectPageText.clientOption(option.name, option.email);
          return (
            <option key={option.id} value={option.value}>
              {label === option.value ? null : label}
            </option>
          );
        })}
      </datalist>
      {hint ? (
        <p className="[overflow-wrap:anywhere] text-sm text-slate-700" aria-live="polite" data-testid="client-choice">
          {hint}
        </p>
      ) : null}
      {defaultValue?.freeRevisionRounds !== undefined ? (
        <Field
          label={fixRequestsPanelText.roundsLabel}
          id={fields.freeRevisionRounds.id}
          errorId={fields.freeRevisionRounds.errorId}
          errors={fields.freeRevisionRounds.errors}
          hint={fixRequestsPanelText.roundsHint}
        >
          {(aria) => (
            <input
              {...getInputProps(fields.freeRevisionRounds, { type: "number" })}
              {...aria}
              min={0}
              max={100}
              step={1}
              inputMode="numeric"
              className="input sm:max-w-[8rem]"
            />
          )}
        </Field>
      ) : null}
      {defaultValue?.clientLocale !== undefined ? (
        <Field
          label={clientLocaleText.label}
          id={fields.clientLocale.id}
          errorId={fields.clientLocale.errorId}
          errors={fields.clientLocale.errors}
          hint={clientLocaleText.hint}
        >
          {(aria) => (
            <select {...getSelectProps(fields.clientLocale)} {...aria} className="input sm:max-w-xs">
              <option value="pl">{clientLocaleText.options.pl}</option>
              <option value="en" lang="en">
                {clientLocaleText.options.en}
              </option>
            </select>
          )}
        </Field>
      ) : null}
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
