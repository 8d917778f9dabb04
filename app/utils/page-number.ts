// Page numbers of paged lists. This module imports nothing, so a route whose loader reads a page
// number does not make the browser load the form validation code of ./validation.ts.

/** Reads a positive page number from a query string, capped at 100,000; anything else is page 1. */
export function pageFromSearch(url: URL, name = "page"): number {
  return pageFromValue(url.searchParams.get(name));
}

/** Reads a page number from a form field or query value, with the rules of pageFromSearch. */
export function pageFromValue(value: FormDataEntryValue | null): number {
  const page = typeof value === "string" ? Number(value) : Number.NaN;
  if (!Number.isInteger(page) || page < 1) return 1;
  // A page past the last shows the last page, so a huge number is capped rather than reset.
  return Math.min(page, 100_000);
}
