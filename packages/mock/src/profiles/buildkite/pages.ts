/**
 * Pagination as Buildkite's REST API does it (api-facts.md, "Pagination"): `page` and `per_page`
 * over the list, and a `Link` header (RFC 8288) with `next`, `last`, `first` and `prev` on the
 * URL that was asked, absent when everything fits on one page.
 * @see https://www.rfc-editor.org/rfc/rfc8288
 */
export interface Page<T> {
  items: T[];
  /** The `Link` header, or undefined when everything fits on one page. */
  link: string | undefined;
}

export function paginate<T>(all: readonly T[], url: URL, page: number, perPage: number): Page<T> {
  const items = all.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  if (last === 1 && page === 1) return { items, link: undefined };
  const prefix = url.origin + url.pathname;
  const query = new URLSearchParams(url.search);
  const to = (n: number, rel: string) => {
    query.set("page", String(n));
    return `<${prefix}?${query}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(to(page + 1, "next"), to(last, "last"));
  if (page > 1) links.push(to(1, "first"), to(Math.min(page - 1, last), "prev"));
  return { items, link: links.join(", ") };
}
