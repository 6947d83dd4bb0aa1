// Everything portable in one module, with retries, timeouts and pacing on by default: here the
// factories add `retry()` unless `plugins` is given (`plugins: []` for none). The API modules
// `./buildkite` and `./buddy` are the lean core, with plugins opt-in, for apps that count bytes.
// The Node download helper is on its own subpath.
import { type BuddyClient, type BuddyClientOptions, createBuddyClient as createBuddyCore } from "./buddy.js";
import {
  type BuildkiteClient,
  type BuildkiteClientOptions,
  createBuildkiteClient as createBuildkiteCore,
} from "./buildkite.js";
import type { ClientOptions } from "./options.js";
import { retry } from "./retry.js";

const withRetry = <O extends ClientOptions>(options: O): O =>
  options.plugins === undefined ? { ...options, plugins: [retry()] } : options;

/** Buddy.works' client with `retry()` (timeouts, retries, pacing) unless `plugins` says otherwise. */
export function createBuddyClient(options: BuddyClientOptions = {}): BuddyClient {
  return createBuddyCore(withRetry(options));
}

/** Buildkite's client with `retry()` (timeouts, retries, pacing) unless `plugins` says otherwise. */
export function createBuildkiteClient(options: BuildkiteClientOptions = {}): BuildkiteClient {
  return createBuildkiteCore(withRetry(options));
}

export {
  BUDDY_BASE_URLS,
  type BuddyClient,
  type BuddyClientOptions,
  type BuddyComponents,
  type BuddyError,
  type BuddyPaths,
  type BuddyRegion,
  errorMessage as buddyErrorMessage,
  isApiError as isBuddyApiError,
} from "./buddy.js";
export {
  BUILDKITE_BASE_URL,
  type BuildkiteClient,
  type BuildkiteClientOptions,
  type BuildkiteComponents,
  type BuildkiteError,
  type BuildkiteListInit,
  type BuildkiteListItem,
  type BuildkiteListPath,
  type BuildkitePaths,
  errorMessage as buildkiteErrorMessage,
  isApiError as isBuildkiteApiError,
} from "./buildkite.js";
export {
  type ArtifactRef,
  type BuildkiteDownloadParams,
  type CallOptions,
  DOWNLOAD_PATH,
  download,
  getDownloadUrl,
} from "./download.js";
export {
  ApiError,
  type CallSite,
  ClientError,
  NetworkError,
  ResponseError,
  type ResponseProblem,
  TimeoutError,
} from "./errors.js";
export { events } from "./events.js";
export type * from "./options.js";
export { collect, type PaginateInit, pages, paginate } from "./paginate.js";
export { unwrap } from "./result.js";
export { type RetryEvent, type RetryOptions, type RetryPolicy, retry, retryDelay, retryPolicy } from "./retry.js";
