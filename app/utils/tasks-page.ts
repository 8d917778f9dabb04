// The page of the project's task list travels in the URL. This module is separate from
// app/components/project-tasks.tsx so that routes which only build such URLs in their loaders
// and actions do not put the task table into their client bundles.

/** Search parameter with the page of the task list, on the project page and the client page. */
export const TASKS_PAGE_PARAM = "tasks";

/** Returns `path` with the task list's page in its query, or `path` alone for the first page. */
export function withTasksPage(path: string, page: number): string {
  return page > 1 ? `${path}?${TASKS_PAGE_PARAM}=${page}` : path;
}
