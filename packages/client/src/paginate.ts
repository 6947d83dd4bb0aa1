// Buildkite's pagination (REST API, "Pagination"): `page` and `per_page` (at most 100), and a
// `Link` header whose `rel="next"` names the next page. Every page goes through the client's
// methods, so middleware and events see it; next links are followed on the API's origin only.
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import type { BuildkiteClient, BuildkiteListInit, BuildkiteListItem, BuildkiteListPath } from "./buildkite.js";
import { type CallSite, ResponseError } from "./errors.js";
import { context, INTERNAL } from "./internal.js";
import { nextLink } from "./link.js";
import { sitePath } from "./pipeline.js";
import { apiError } from "./result.js";

export type PaginateInit<P extends BuildkiteListPath> = BuildkiteListInit<P> & {
  /** Stop after this many items; pages are asked for no more than that (`per_page`), unless given. */
  maxItems?: number | undefined;
};

const querySerializer = createQuerySerializer();

type Loose = { params?: { query?: object }; headers?: unknown; signal?: AbortSignal | null };
type Page = { data?: unknown; error?: unknown; response: Response };
type Get = (path: string, init: object) => Promise<Page>;

/** The pages of a list operation, one array at a time: `per_page` 100 unless given, one page held at a time. */
export async function* pages<P extends BuildkiteListPath>(
  client: BuildkiteClient,
  path: P,
  init: PaginateInit<P>,
): AsyncGenerator<BuildkiteListItem<P>[], void, undefined> {
  const pipeline = context(client);
  const { maxItems = Infinity, ...rest } = init as PaginateInit<P> & Loose;
  if (!(maxItems >= 0)) throw new TypeError(`maxItems must be a number of items, got ${maxItems}`);
  if (maxItems === 0) return;
  const get = client.GET as unknown as Get;
  const params = { ...rest.params, query: { per_page: Math.min(100, maxItems), ...rest.params?.query } };
  let page = await get(path, { ...rest, params });
  // A fetch double's answers carry no URL: the one asked for stands in.
  let asked = createFinalURL(path, {
    baseUrl: pipeline.baseUrl,
    params,
    querySerializer,
    pathSerializer: defaultPathSerializer,
  });
  const visited = new Set<string>();
  for (let left = maxItems; ; ) {
    const { data, error, response } = page;
    const url = response.url || asked;
    const site: CallSite = { method: "GET", path: pipeline.auth.redact(sitePath(url)), attempts: 1 };
    if (!response.ok) throw apiError(response, error);
    if (!Array.isArray(data))
      throw new ResponseError("not-a-list", "the page is not a JSON array", site, response.status);
    visited.add(url);
    const link = response.headers.get("link");
    const items = data.length > left ? data.slice(0, left) : data;
    left -= items.length;
    yield items;
    if (left <= 0) return;
    const next = following(link, url, visited, pipeline.origin, site, response.status, pipeline.auth.redact);
    if (next === undefined) return;
    asked = next.href;
    page = await get(next.pathname + next.search, {
      baseUrl: next.origin,
      headers: rest.headers,
      signal: rest.signal,
      [INTERNAL]: { template: path },
    });
  }
}

/** Every item of a list operation, page after page (see `pages`); stops at `init.signal`. */
export function paginate<P extends BuildkiteListPath>(
  client: BuildkiteClient,
  path: P,
  init: PaginateInit<P>,
): AsyncIterableIterator<BuildkiteListItem<P>, void, undefined> {
  const source = pages(client, path, init);
  const signal = (init as Loose).signal;
  let page: BuildkiteListItem<P>[] = [];
  let i = 0;
  // By hand rather than an async generator: an item from the page in hand costs one resolved promise.
  const iterator: AsyncIterableIterator<BuildkiteListItem<P>, void, undefined> = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (signal?.aborted) return source.return().then(() => Promise.reject(signal.reason));
      if (i < page.length) return Promise.resolve({ value: page[i++] as BuildkiteListItem<P>, done: false });
      return source.next().then((result) => {
        if (result.done) return result;
        page = result.value;
        i = 0;
        return iterator.next();
      });
    },
    return: () => source.return().then(() => ({ done: true, value: undefined })),
  };
  return iterator;
}

/** Every item of a list operation in one array; give `maxItems` to bound it. */
export async function collect<P extends BuildkiteListPath>(
  client: BuildkiteClient,
  path: P,
  init: PaginateInit<P>,
): Promise<BuildkiteListItem<P>[]> {
  const all: BuildkiteListItem<P>[] = [];
  for await (const page of pages(client, path, init)) all.push(...page);
  return all;
}

/** The next page's URL, if the Link header names one that may be asked for with the token. */
function following(
  link: string | null,
  url: string,
  visited: Set<string>,
  origin: string,
  site: CallSite,
  status: number,
  redact: (text: string) => string,
): URL | undefined {
  let next: URL | undefined;
  try {
    const target = nextLink(link);
    if (target === undefined) return undefined;
    next = new URL(target, url);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "the next link is not a URL";
    throw new ResponseError("malformed-link", detail, site, status);
  }
  // The token goes wherever the next request goes: only the API's own origin may be asked.
  if (next.origin !== origin) {
    const detail = `the next page is on ${next.origin}, not on the API's origin ${origin}; not requested`;
    throw new ResponseError("cross-origin-link", redact(detail), site, status);
  }
  if (visited.has(next.href)) {
    throw new ResponseError("pagination-loop", "the next link points at a page already read", site, status);
  }
  return next;
}
