// Results: the bridge from openapi-fetch's `{ data, error, response }` to a thrown, typed ApiError.
import { ApiError } from "./errors.js";
import { type Call, type Context, sitePath } from "./pipeline.js";
import type { Vendor } from "./shape.js";

/** The call that an error answer ended, noted by the client for the ApiError made of it later. */
export const FAILED = new WeakMap<Response, [Call, Context, Vendor]>();

/** The ApiError for an error answer the client handed over, with `body` already in the vendor's shape. */
export function apiError<Body>(response: Response, body: Body): ApiError<Body> {
  const [call, context, vendor] = FAILED.get(response) ?? [];
  const redact = context?.auth.redact ?? String;
  // A middleware that replaced the answer leaves only what the answer itself says.
  const url = response.url || call?.sent?.url || context?.baseUrl;
  const site = { method: call?.method ?? "?", path: url ? redact(sitePath(url)) : "?", attempts: call?.attempt ?? 1 };
  const message = vendor ? redact(vendor.message(body)) : response.statusText;
  return new ApiError(site, response.status, body, response.headers, message, vendor?.name);
}

type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * The data of a successful call, or a thrown ApiError carrying the error body (narrow it with the
 * vendor module's `isApiError`):
 * `const artifact = unwrap(await client.GET(path, init));`
 */
export function unwrap<R extends Result>(result: R): Extract<R, { error?: never }>["data"] {
  if (result.response.ok) return result.data;
  throw apiError(result.response, result.error);
}

/** `isApiError(e, status?)` for one vendor, its body type following the status. */
export function apiErrorGuard<Bodies>(vendor: Vendor["name"]) {
  return <S extends number = number>(error: unknown, status?: S): error is ApiError<BodyOf<Bodies, S>, S> =>
    error instanceof ApiError && error.vendor === vendor && (status === undefined || error.status === status);
}

/** `Bodies` maps statuses to body types; `default` is every other status's. */
export type BodyOf<Bodies, S extends number> = number extends S
  ? Bodies[keyof Bodies]
  : S extends keyof Bodies
    ? Bodies[S]
    : Bodies["default" & keyof Bodies];
