import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "~/components/form-state";
import { Form, useNavigation } from "@remix-run/react";
import { ErrorList, Field } from "~/components/forms";
import { clientsText } from "~/i18n/pl/clients";

export interface ClientFormDefaults {
  name?: string;
  email?: string | null;
  phone?: string | null;
  nip?: string | null;
  address?: string | null;
  notes?: string | null;
}

/** Renders the client form of "Dodaj nowego klienta" and of the edit page, which posts with intent=save. */
export function ClientForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: ClientFormDefaults;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "client",
    lastResult,
    defaultValue: {
      name: defaultValue?.name ?? "",
      email: defaultValue?.email ?? "",
      phone: defaultValue?.phone ?? "",
      nip: defaultValue?.nip ?? "",
      address: defaultValue?.address ?? "",
      notes: defaultValue?.notes ?? "",
    },
  });

  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field label={clientsText.name} id={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
        {(aria) => <input {...getInputProps(fields.name, { type: "text" })} {...aria} autoComplete="off" className="input" />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={clientsText.email} id={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
          {(aria) => <input {...getInputProps(fields.email, { type: "email" })} {...aria} autoComplete="off" className="input" />}
        </Field>
        <Field label={clientsText.phone} id={fields.phone.id} errorId={fields.phone.errorId} errors={fields.phone.errors}>
          {(aria) => <input {...getInputProps(fields.phone, { type: "tel" })} {...aria} autoComplete="off" className="input" />}
        </Field>
      </div>
      <Field
        label={clientsText.nip}
        id={fields.nip.id}
        errorId={fields.nip.errorId}
        errors={fields.nip.errors}
        hint={clientsText.nipHint}
      >
        {(aria) => (
          <input
            {...getInputProps(fields.nip, { type: "text" })}
            {...aria}
            inputMode="text"
            autoComplete="off"
            className="input sm:max-w-xs"
          />
        )}
      </Field>
      <Field label={clientsText.address} id={fields.address.id} errorId={fields.address.errorId} errors={fields.address.errors}>
        {(aria) => <textarea {...getTextareaProps(fields.address)} {...aria} rows={2} className="input" />}
      </Field>
      <Field label={clientsText.notes} id={fields.notes.id} errorId={fields.notes.errorId} errors={fields.notes.errors}>
        {(aria) => <textarea {...getTextareaProps(fields.notes)} {...aria} rows={4} className="input" />}
      </Field>
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
