import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { nav } from "~/i18n/pl/nav";
import { profileText } from "~/i18n/pl/profile";
import { confirmEmailChange, getEmailChangeToken } from "~/models/profile.server";
import { requireUser } from "~/utils/auth.server";
import { redirectWithToast } from "~/utils/toast.server";

// The link of an e-mail change (/settings/email/<token>), sent to the new address. GET only
// shows the confirm button, and the POST changes users.email. The token must belong to the
// logged-in account, so another account's token, or an unknown one, is a 404.

export const meta: MetaFunction = () => [
  { title: `${profileText.confirmTitle} · Klamp` },
  { name: "referrer", content: "no-referrer" },
];

const headers = { "Referrer-Policy": "no-referrer" };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const token = params.token ?? "";

  const found = await getEmailChangeToken(context.db, user.id, token);
  if (!found) throw new Response(null, { status: 404 });
  if (found.status === "expired") return json({ live: false as const, oldEmail: user.email, newEmail: null }, { status: 410, headers });
  return json({ live: true as const, oldEmail: user.email, newEmail: found.newEmail }, { headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const env = context.cloudflare.env;
  const token = params.token ?? "";

  const outcome = await confirmEmailChange(context.db, user.id, token);
  if (outcome.status === "not_found") throw new Response(null, { status: 404 });
  if (outcome.status === "changed") {
    return redirectWithToast(env, "/settings/profile", { type: "success", message: profileText.emailChanged(outcome.newEmail) });
  }
  const message = outcome.status === "unavailable" ? profileText.emailUnavailable : profileText.linkInvalid;
  return redirectWithToast(env, "/settings/profile", { type: "error", message });
}

export default function ConfirmEmailChangePage() {
  const { live, oldEmail, newEmail } = useLoaderData<typeof loader>();
  const navigation = useNavigation();

  return (
    <section className="card max-w-xl space-y-4" aria-labelledby="confirm-email-heading">
      <div>
        <p className="text-sm text-slate-500">{nav.settings}</p>
        <h1 id="confirm-email-heading" className="text-2xl font-bold">
          {profileText.confirmTitle}
        </h1>
      </div>
      {live ? (
        <>
          <p className="[overflow-wrap:anywhere]">{profileText.confirmText(oldEmail, newEmail)}</p>
          <Form method="post">
            <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
              {profileText.confirmButton}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p role="alert">{profileText.linkInvalid}</p>
          <Link to="/settings/profile" className="link">
            {profileText.title}
          </Link>
        </>
      )}
    </section>
  );
}
