// The errors and option types are exported by both API modules too, so either import alone is enough.
export {
  BUDDY_BASE_URLS,
  type BuddyClient,
  type BuddyClientOptions,
  type BuddyComponents,
  type BuddyError,
  type BuddyPaths,
  type BuddyRegion,
  createBuddyClient,
} from "./buddy.js";
export {
  BUILDKITE_BASE_URL,
  type BuildkiteClient,
  type BuildkiteClientOptions,
  type BuildkiteComponents,
  type BuildkiteDownloadParams,
  type BuildkiteError,
  type BuildkiteListInit,
  type BuildkiteListItem,
  type BuildkiteListPath,
  type BuildkitePaths,
  type CallOptions,
  createBuildkiteClient,
} from "./buildkite.js";
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
