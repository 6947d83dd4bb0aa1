import type { Client } from "openapi-fetch";
import { createTypedClient } from "./client.js";
import type { components, paths } from "./generated/buddy.js";
import { type ClientOptions, createTransport, type VendorErrors } from "./transport.js";
import { isRecord } from "./vendor.js";

export type { components as BuddyComponents, paths as BuddyPaths } from "./generated/buddy.js";

/** Buddy's error body: `{"errors": [{"message": ...}]}`, from some endpoints `{"error": ...}`. */
export type BuddyError = components["schemas"]["Error"];

/** Where a workspace lives; self-hosted installations give `baseUrl: "https://<host>/api"` instead. */
export type BuddyRegion = "us" | "eu";

export const BUDDY_BASE_URLS: Readonly<Record<BuddyRegion, string>> = {
  us: "https://api.buddy.works",
  eu: "https://api.eu.buddy.works",
};

export interface BuddyClientOptions extends ClientOptions {
  /** Default "us". Give either this or `baseUrl`. */
  region?: BuddyRegion;
}

export type BuddyClient = Client<paths, "application/json"> & {
  /** The API root the client talks to; only its origin receives the token. */
  readonly baseUrl: string;
};

const buddyErrors: VendorErrors<BuddyError> = {
  accept(parsed) {
    if (!isRecord(parsed)) return undefined;
    const { errors, error } = parsed;
    const listForm =
      Array.isArray(errors) && errors.length > 0 && errors.every((e) => isRecord(e) && typeof e.message === "string");
    return listForm || typeof error === "string" ? (parsed as BuddyError) : undefined;
  },
  synthesize: (message) => ({ errors: [{ message }] }),
  message: (body) => body.errors?.map((e) => e.message).join("; ") || body.error || "no message",
};

export function createBuddyClient(options: BuddyClientOptions = {}): BuddyClient {
  const { region, baseUrl, ...rest } = options;
  if (region !== undefined && baseUrl !== undefined) {
    throw new TypeError("createBuddyClient: give region or baseUrl, not both");
  }
  if (region !== undefined && !Object.hasOwn(BUDDY_BASE_URLS, region)) {
    throw new TypeError(`createBuddyClient: region must be "us" or "eu", got ${JSON.stringify(region)}`);
  }
  const transport = createTransport({ ...rest, baseUrl: baseUrl ?? BUDDY_BASE_URLS[region ?? "us"] }, buddyErrors);
  return Object.assign(createTypedClient<paths>(transport), { baseUrl: transport.baseUrl });
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
