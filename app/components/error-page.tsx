import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { common } from "~/i18n/pl";

/** Polish error page for route error boundaries; a 500 never shows a stack. */
export function ErrorPage() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? common.notFoundTitle : status === 403 ? common.forbiddenText : common.errorTitle;
  const text = status === 404 ? common.notFoundText : status === 403 ? "" : common.errorText;
  return (
    <div className="mx-auto max-w-lg px-4 py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      {text ? <p className="mt-3 text-slate-600">{text}</p> : null}
      <Link to="/" className="btn-primary mt-6">
        {common.goHome}
      </Link>
    </div>
  );
}
