import { useSearchParams } from "@remix-run/react";

/**
 * Renders a hidden field with the page of the project page's task list (its `?tasks=N`), so the
 * action redirects back to that page. Renders nothing on the first page.
 */
export function TasksPageField() {
  const [searchParams] = useSearchParams();
  const page = searchParams.get("tasks");
  return page ? <input type="hidden" name="tasks" value={page} /> : null;
}
