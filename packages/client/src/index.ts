// Everything portable in one module; the API modules export the errors and option types too, so
// either import alone is enough. The Node download helper is on its own subpath.
export {
  BUDDY_BASE_URLS,
  type BuddyClient,
  type BuddyClientOptions,
  type BuddyComponents,
  type BuddyError,
  type BuddyPaths,
  type BuddyRegion,
  createBuddyClient,
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
  createBuildkiteClient,
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
