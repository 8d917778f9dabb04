import { ErrorPage } from "~/components/error-page";

// Catch-all: every unknown path gets the Polish 404 page with a real 404 status.
export async function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return <ErrorPage />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
