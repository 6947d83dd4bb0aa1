// Buildkite (buildkite.com/docs/apis/rest-api): `https://api.buildkite.com/v2`; error bodies
// `{ "message" }`, a 422 adds `errors`, a 429 adds `scope`, `limit`, `current` and `reset`.
import type { FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import { type ApiClient, createApiClient } from "./client.js";
import type { components, paths } from "./generated/buildkite.js";
import type { ClientOptions } from "./options.js";
import { apiErrorGuard } from "./result.js";
import type { Vendor } from "./shape.js";

export type { components as BuildkiteComponents, paths as BuildkitePaths } from "./generated/buildkite.js";

type Schemas = components["schemas"];

/** Buildkite's error body, whatever the status. */
export type BuildkiteError = Schemas["Error"] & Partial<Schemas["RateLimitError"]>;

export const BUILDKITE_BASE_URL = "https://api.buildkite.com/v2";

export type BuildkiteClientOptions = ClientOptions;

export type BuildkiteClient = ApiClient<paths>;

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

/** What a Buildkite error body says. */
export function errorMessage(body: BuildkiteError): string {
  return body.message;
}

/**
 * Whether `error` is an ApiError from Buildkite (of `status`, if given); narrows `body`: a 429's
 * carries the rate limit's `scope`, `limit`, `current` and `reset`.
 */
export const isApiError = /* @__PURE__ */ apiErrorGuard<{ 429: Schemas["RateLimitError"]; default: BuildkiteError }>(
  "buildkite",
);

const vendor: Vendor<BuildkiteError> = {
  name: "buildkite",
  // Only objects reach `accept`; an array has no message.
  accept: (parsed) =>
    typeof (parsed as BuildkiteError | null)?.message === "string" ? (parsed as BuildkiteError) : undefined,
  synthesize: (message) => ({ message }),
  message: errorMessage,
};

export function createBuildkiteClient(options: BuildkiteClientOptions = {}): BuildkiteClient {
  return createApiClient<paths>(options, vendor, "createBuildkiteClient", BUILDKITE_BASE_URL);
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
export type * from "./options.js";
export { unwrap } from "./result.js";
