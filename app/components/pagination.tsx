import { Link, useLocation } from "@remix-run/react";
import { common } from "~/i18n/pl/common";

/** Previous / next links that keep the other query parameters. */
export function Pagination({ page, hasMore, param = "page" }: { page: number; hasMore: boolean; param?: string }) {
  const location = useLocation();
  if (page <= 1 && !hasMore) return null;
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    if (target <= 1) params.delete(param);
    else params.set(param, String(target));
    const query = params.toString();
    return query ? `?${query}` : location.pathname;
  };
  return (
    <nav className="mt-4 flex items-center justify-between text-sm" aria-label={common.page(page)}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className="btn-secondary btn-small" rel="prev">
          ← {common.previousPage}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-500">{common.page(page)}</span>
      {hasMore ? (
        <Link to={hrefFor(page + 1)} className="btn-secondary btn-small" rel="next">
          {common.nextPage} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
