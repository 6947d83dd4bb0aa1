import {
  type Client,
  createFinalURL,
  createQuerySerializer,
  defaultPathSerializer,
  type FetchResponse,
  type MaybeOptionalInit,
  mergeHeaders,
} from "openapi-fetch";
import { createTypedClient } from "./client.js";
import { ResponseError } from "./errors.js";
import type { components, paths } from "./generated/buildkite.js";
import { nextLink } from "./link.js";
import {
  API,
  type ClientOptions,
  createTransport,
  REDIRECT_ANSWER,
  STORAGE,
  sitePath,
  type Transport,
  type VendorErrors,
} from "./transport.js";
import { isRecord } from "./vendor.js";

export type { components as BuildkiteComponents, paths as BuildkitePaths } from "./generated/buildkite.js";

/** Buildkite's error body: `{"message": ...}`; 422 adds `errors`, 429 adds `scope`, `limit`, `current`, `reset`. */
export type BuildkiteError = components["schemas"]["Error"] & Partial<components["schemas"]["RateLimitError"]>;

export const BUILDKITE_BASE_URL = "https://api.buildkite.com/v2";

export type BuildkiteClientOptions = ClientOptions;

/** The paths whose GET answers a JSON array, paged by `Link` headers. */
export type BuildkiteListPath = {
  [P in keyof paths]: paths[P] extends {
    get: { responses: { 200: { content: { "application/json": readonly unknown[] } } } };
  }
    ? P
    : never;
}[keyof paths];

export type BuildkiteListInit<P extends BuildkiteListPath> = NonNullable<MaybeOptionalInit<paths[P], "get">>;

/** One element of a list page, as openapi-fetch types a response (write-only fields removed). */
export type BuildkiteListItem<P extends BuildkiteListPath> =
  NonNullable<
    FetchResponse<paths[P]["get"], Record<never, never>, "application/json">["data"]
  > extends readonly (infer Item)[]
    ? Item
    : never;

const DOWNLOAD_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}/download" as const;

export type BuildkiteDownloadParams = paths[typeof DOWNLOAD_PATH]["get"]["parameters"]["path"];

export interface CallOptions {
  signal?: AbortSignal;
}

export type BuildkiteClient = Client<paths, "application/json"> & {
  readonly baseUrl: string;
  /**
   * Every item of a list operation, page after page, following `Link: <...>; rel="next"` on the
   * API's own origin only. `per_page` defaults to 100; one page is held at a time.
   * Throws ApiError for a non-2xx page, ResponseError for a page it cannot use.
   */
  paginate<P extends BuildkiteListPath>(
    path: P,
    init: BuildkiteListInit<P>,
  ): AsyncGenerator<BuildkiteListItem<P>, void, undefined>;
  /** The presigned URL of an artifact's file, read from the 302 (`Location`, else its body) without following it. */
  getDownloadUrl(params: BuildkiteDownloadParams, options?: CallOptions): Promise<string>;
  /** The artifact's file as a streaming Response, fetched from the storage host without any credential of ours. */
  download(params: BuildkiteDownloadParams, options?: CallOptions): Promise<Response>;
};

const buildkiteErrors: VendorErrors<BuildkiteError> = {
  accept: (parsed) => (isRecord(parsed) && typeof parsed.message === "string" ? (parsed as BuildkiteError) : undefined),
  synthesize: (message) => ({ message }),
  message: (body) => body.message,
};

const querySerializer = createQuerySerializer();

export function createBuildkiteClient(options: BuildkiteClientOptions = {}): BuildkiteClient {
  const transport = createTransport({ ...options, baseUrl: options.baseUrl ?? BUILDKITE_BASE_URL }, buildkiteErrors);
  const client = createTypedClient<paths>(transport);
  const url = (path: string, params: { path?: Record<string, unknown>; query?: Record<string, unknown> }) =>
    createFinalURL(path, {
      baseUrl: transport.baseUrl,
      params,
      querySerializer,
      pathSerializer: defaultPathSerializer,
    });

  return Object.assign(client, {
    baseUrl: transport.baseUrl,
    paginate: <P extends BuildkiteListPath>(path: P, init: BuildkiteListInit<P>) =>
      paginate(
        transport,
        url(path, { ...init.params, query: { per_page: 100, ...init.params?.query } }),
        init,
      ) as AsyncGenerator<BuildkiteListItem<P>, void, undefined>,
    getDownloadUrl: (params: BuildkiteDownloadParams, call?: CallOptions) =>
      getDownloadUrl(transport, url(DOWNLOAD_PATH, { path: params }), call),
    download: async (params: BuildkiteDownloadParams, call?: CallOptions) => {
      const location = await getDownloadUrl(transport, url(DOWNLOAD_PATH, { path: params }), call);
      const response = await transport.send(
        new Request(location, { method: "GET", signal: call?.signal ?? null }),
        STORAGE,
      );
      if (!response.ok) throw await transport.apiError(response);
      return response;
    },
  });
}

async function* paginate(
  transport: Transport<BuildkiteError>,
  first: string,
  init: { headers?: Parameters<typeof mergeHeaders>[0]; signal?: AbortSignal | null },
): AsyncGenerator<unknown, void, undefined> {
  const signal = init.signal ?? null;
  const visited = new Set<string>();
  let url: string | undefined = first;
  while (url !== undefined) {
    visited.add(url);
    const response = await transport.send(
      new Request(url, { method: "GET", headers: mergeHeaders(init.headers), signal }),
      API,
    );
    const site = transport.siteOf(response) ?? { method: "GET", path: transport.redact(sitePath(url)), attempts: 1 };
    if (!response.ok) throw await transport.apiError(response);
    let page: unknown;
    try {
      page = await response.json();
    } catch (error) {
      throw new ResponseError("invalid-json", "the page is not JSON", site, response.status, { cause: error });
    }
    if (!Array.isArray(page))
      throw new ResponseError("not-a-list", "the page is not a JSON array", site, response.status);
    const link = response.headers.get("link");
    for (const item of page) {
      signal?.throwIfAborted();
      yield item;
    }
    page = undefined;

    let next: string | undefined;
    try {
      next = nextLink(link);
    } catch (error) {
      throw new ResponseError("malformed-link", (error as Error).message, site, response.status);
    }
    if (next === undefined) return;
    let target: URL;
    try {
      target = new URL(next, url);
    } catch {
      throw new ResponseError("malformed-link", "the next link is not a URL", site, response.status);
    }
    // The token goes wherever the next request goes: only the API's own origin may be asked.
    if (target.origin !== transport.origin) {
      throw new ResponseError(
        "cross-origin-link",
        transport.redact(
          `the next page is on ${target.origin}, not on the API's origin ${transport.origin}; not requested`,
        ),
        site,
        response.status,
      );
    }
    if (visited.has(target.href)) {
      throw new ResponseError("pagination-loop", "the next link points at a page already read", site, response.status);
    }
    url = target.href;
  }
}

async function getDownloadUrl(transport: Transport<BuildkiteError>, url: string, call?: CallOptions): Promise<string> {
  const response = await transport.send(
    new Request(url, { method: "GET", signal: call?.signal ?? null }),
    REDIRECT_ANSWER,
  );
  const site = transport.siteOf(response) ?? { method: "GET", path: transport.redact(sitePath(url)), attempts: 1 };
  if (response.status >= 400) throw await transport.apiError(response);
  if (response.status < 300 || response.status > 399) {
    throw new ResponseError(
      "unexpected-status",
      `expected a redirect to the file, got HTTP ${response.status}`,
      site,
      response.status,
    );
  }
  let location = response.headers.get("location");
  if (!location) {
    // Buildkite sends the URL in the body as well as in Location.
    const body: unknown = await response.json().catch(() => undefined);
    if (isRecord(body) && typeof body.url === "string") location = body.url;
  }
  if (!location)
    throw new ResponseError(
      "missing-location",
      "the redirect names no Location and its body no url",
      site,
      response.status,
    );
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    throw new ResponseError("missing-location", "the redirect target is not a URL", site, response.status);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new ResponseError(
      "missing-location",
      `the redirect target is not http(s) but ${target.protocol}`,
      site,
      response.status,
    );
  }
  return target.href;
}

export {
  ApiError,
  type CallSite,
  ClientError,
  NetworkError,
  ResponseError,
  type ResponseProblem,
  TimeoutError,
} from "./errors.js";
export type { ClientOptions, RetryEvent, RetryOptions, TokenSource } from "./transport.js";
