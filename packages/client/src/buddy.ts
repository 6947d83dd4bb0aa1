// Buddy.works (buddy.works/docs/api): workspaces in the US or EU region, or a self-hosted
// installation; error bodies `{ "errors": [{ "message" }] }`, from some endpoints `{ "error" }`.

import { type ApiClient, createApiClient } from "./client.js";
import type { components, paths } from "./generated/buddy.js";
import type { ClientOptions } from "./options.js";
import { apiErrorGuard } from "./result.js";
import type { Vendor } from "./shape.js";

export type { components as BuddyComponents, paths as BuddyPaths } from "./generated/buddy.js";

/** Buddy's error body. */
export type BuddyError = components["schemas"]["Error"];

/** Where a workspace lives; a self-hosted installation gives `baseUrl: "https://<host>/api"` instead. */
export type BuddyRegion = "us" | "eu";

export const BUDDY_BASE_URLS: Readonly<Record<BuddyRegion, string>> = {
  us: "https://api.buddy.works",
  eu: "https://api.eu.buddy.works",
};

export interface BuddyClientOptions extends ClientOptions {
  /** Default "us". Give either this or `baseUrl`. */
  region?: BuddyRegion | undefined;
}

export type BuddyClient = ApiClient<paths>;

/** What a Buddy error body says, in one line. */
export function errorMessage(body: BuddyError): string {
  return body.errors?.map((e) => e.message).join("; ") || body.error || "no message";
}

/** Whether `error` is an ApiError from Buddy (of `status`, if given); narrows `body` to Buddy's error shape. */
export const isApiError = /* @__PURE__ */ apiErrorGuard<{ default: BuddyError }>("buddy");

const vendor: Vendor<BuddyError> = {
  name: "buddy",
  // Only objects reach `accept`.
  accept(parsed) {
    const { errors, error } = (parsed ?? {}) as Record<string, unknown>;
    const listed = Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof e?.message === "string");
    return listed || typeof error === "string" ? (parsed as BuddyError) : undefined;
  },
  synthesize: (message) => ({ errors: [{ message }] }),
  message: errorMessage,
};

export function createBuddyClient(options: BuddyClientOptions = {}): BuddyClient {
  const { region, baseUrl } = options;
  if (region !== undefined && (baseUrl !== undefined || !Object.hasOwn(BUDDY_BASE_URLS, region))) {
    throw new TypeError(
      `createBuddyClient: region must be "us" or "eu", and not given with baseUrl; got ${JSON.stringify(region)}`,
    );
  }
  return createApiClient<paths>(options, vendor, "createBuddyClient", BUDDY_BASE_URLS[region ?? "us"]);
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
