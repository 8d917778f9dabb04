import { Link, useLocation } from "@remix-run/react";

export interface ClientPaginationText {
  page: (page: number) => string;
  previousPage: string;
  nextPage: string;
}

/**
 * Renders the previous and next links of a client page's list, in the client's language (the freelancer's
 * Pagination component is Polish only), or nothing when everything fits on one page. `param` is
 * the query parameter with the page number, and `hash` the fragment the links go to, if any.
 */
export function ClientPagination({
  page,
  hasMore,
  text,
  param = "page",
  hash,
}: {
  page: number;
  hasMore: boolean;
  text: ClientPaginationText;
  param?: string;
  hash?: string;
}) {
  const location = useLocation();
  if (page <= 1 && !hasMore) return null;

  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    if (target <= 1) params.delete(param);
    else params.set(param, String(target));
    const query = params.toString();
    const href = query ? `?${query}` : location.pathname;
    return hash ? `${href}#${hash}` : href;
  };

  return (
    <nav className="flex items-center justify-between text-sm" aria-label={text.page(page)}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className="btn-secondary btn-small" rel="prev">
          ← {text.previousPage}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-500">{text.page(page)}</span>
      {hasMore ? (
        <Link to={hrefFor(page + 1)} className="btn-secondary btn-small" rel="next">
          {text.nextPage} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
