import { getFormProps, getInputProps, useForm } from "~/components/form-state";
import { parseWithValibot } from "@conform-to/valibot";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { ErrorList, Field } from "~/components/forms";
import { auth } from "~/i18n/pl/auth";
import { clientIp, hitRateLimit, RATE_LIMITS } from "~/models/rate-limit.server";
import { checkPinLink, confirmPin } from "~/models/user.server";
import { pinSchema } from "~/schemas/auth";
import { accountDeps } from "~/utils/auth.server";
import { sha256Hex } from "~/utils/crypto.server";
import { readFormData } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: `${auth.pinTitle} · Klamp` }];

type LinkState = "usable" | "locked" | "expired";

// "Przypomnij hasło", step 2: the e-mailed link. Opening it only shows the form, because mail
// scanners prefetch links; the PIN is checked on POST.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const state: LinkState = await checkPinLink(context.db, params.token ?? "");
  return json({ state }, { status: state === "expired" ? 404 : 200 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithValibot(formData, { schema: pinSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["pin"] }), state: null }, { status: 400 });
  }

  const ipKey = `pin:ip:${await sha256Hex(clientIp(request))}`;
  if (!(await hitRateLimit(context.db, ipKey, RATE_LIMITS.pinPerIp))) {
    return json({ result: submission.reply({ formErrors: [auth.pinRateLimited], hideFields: ["pin"] }), state: null }, { status: 429 });
  }

  const outcome = await confirmPin(accountDeps(context), params.token ?? "", submission.value.pin);
  switch (outcome) {
    case "confirmed":
      return redirectWithToast(context.cloudflare.env, "/login", { type: "success", message: auth.pinConfirmed });
    case "wrong":
      return json(
        { result: submission.reply({ fieldErrors: { pin: [auth.pinWrong] }, hideFields: ["pin"] }), state: null },
        { status: 400 },
      );
    case "locked":
      return json({ result: null, state: "locked" as LinkState }, { status: 429 });
    case "expired":
      return json({ result: null, state: "expired" as LinkState }, { status: 404 });
  }
}

export default function PinPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const state = actionData?.state ?? loaderData.state;
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
  });

  if (state !== "usable") {
    return (
      <AuthCard title={auth.pinTitle}>
        <div className="space-y-4">
          <p className="text-sm text-red-700" role="alert">
            {state === "locked" ? auth.pinLocked : auth.pinExpired}
          </p>
          <Link to="/forgot-password" className="btn-secondary">
            {auth.requestNewPin}
          </Link>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={auth.pinTitle} intro={auth.pinIntro}>
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field label={auth.pin} id={fields.pin.id} errorId={fields.pin.errorId} errors={fields.pin.errors}>
          {(aria) => (
            <input
              {...getInputProps(fields.pin, { type: "text" })}
              {...aria}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              className="input tracking-widest"
            />
          )}
        </Field>
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          {auth.pinSubmit}
        </button>
      </Form>
    </AuthCard>
  );
}
