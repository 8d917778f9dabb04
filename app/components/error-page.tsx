import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { rootText } from "~/i18n/pl/root";

/** Polish error page for route error boundaries; a 500 never shows a stack. */
export function ErrorPage() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  let title = rootText.errorTitle;
  let text = rootText.errorText;
  if (status === 404) {
    title = rootText.notFoundTitle;
    text = rootText.notFoundText;
  } else if (status === 400) {
    title = rootText.badRequestTitle;
    text = rootText.badRequestText;
  } else if (status === 413) {
    title = rootText.payloadTooLargeTitle;
    text = rootText.payloadTooLargeText;
  } else if (status === 403) {
    title = rootText.forbiddenText;
    text = "";
  }
  return (
    <div className="mx-auto max-w-lg px-4 py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      {text ? <p className="mt-3 text-slate-600">{text}</p> : null}
      <Link to="/" className="btn-primary mt-6">
        {rootText.goHome}
      </Link>
    </div>
  );
}
