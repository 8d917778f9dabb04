import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuthCard } from "~/components/auth-card";
import { auth } from "~/i18n/pl";
import { activateAccount, checkActivationToken } from "~/models/user.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: `${auth.activateTitle} · Klamp` }];

// Opening the link only shows a button: mail scanners that prefetch links must not activate.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const valid = await checkActivationToken(context.db, params.token ?? "");
  return json({ valid }, { status: valid ? 200 : 404 });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const user = await activateAccount(context.db, params.token ?? "");
  if (!user) return json({ valid: false }, { status: 404 });
  return redirectWithToast(context.cloudflare.env, "/login", { type: "success", message: auth.activated });
}

export default function ActivatePage() {
  const { valid } = useLoaderData<typeof loader>();
  return (
    <AuthCard title={auth.activateTitle}>
      {valid ? (
        <Form method="post" className="space-y-4">
          <p className="text-sm text-slate-700">{auth.activateText}</p>
          <button type="submit" className="btn-primary w-full">
            {auth.activateSubmit}
          </button>
        </Form>
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-red-700">{auth.activationInvalid}</p>
          <Link to="/register" className="btn-secondary">
            {auth.registerTitle}
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
