// Project file limits and the files list's page parameter, shared by the server and the panels.

/** Largest file accepted: 25 MiB. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** Storage of one freelancer account, all projects and both sides' uploads together: 1 GiB. */
export const ACCOUNT_STORAGE_BYTES = 1024 * 1024 * 1024;

/**
 * Bytes of files the client may keep in one project (uploads and fix-request attachments
 * together): 250 MiB. They also count against the freelancer's ACCOUNT_STORAGE_BYTES, and this
 * cap stops one client link from filling it.
 */
export const CLIENT_PROJECT_STORAGE_BYTES = 250 * 1024 * 1024;

/** Query parameter with the files list's page number, on the project page and the client page. */
export const FILES_PAGE_PARAM = "filesPage";

/** Reads the files page number from a URL: a whole number from 1 to 10,000, else 1. */
export function filesPageFrom(url: string | URL): number {
  const raw = new URL(url).searchParams.get(FILES_PAGE_PARAM) ?? "";
  const page = /^\d{1,5}$/.test(raw) ? Number(raw) : 1;
  return page >= 1 && page <= 10_000 ? page : 1;
}
