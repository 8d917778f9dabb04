import { Link } from "@remix-run/react";
import { accountDeletionText as t } from "~/i18n/pl/account-deletion";

/** Renders the "Usuń konto" section at the bottom of Settings → "Twoje dane", with a link to the deletion page. */
export function AccountDeletionSection() {
  return (
    <section className="card max-w-2xl" aria-labelledby="account-deletion-heading">
      <h2 id="account-deletion-heading" className="text-lg font-semibold">
        {t.title}
      </h2>
      <p className="mt-2 text-sm">{t.sectionText}</p>
      <Link to="/settings/data/delete" className="btn-danger mt-4">
        {t.sectionLink}
      </Link>
    </section>
  );
}
