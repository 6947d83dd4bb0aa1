/** Where a failed call was going. `path` never holds a query string: a presigned storage URL carries its signature there. */
export interface CallSite {
  method: string;
  path: string;
  /** How many times the request was sent, retries included; 0 when it never left. */
  attempts: number;
}

/** The base of every error this package raises, so one `instanceof` catches them all. */
export class ClientError extends Error {
  override name = "ClientError";
  declare readonly method: string;
  declare readonly path: string;
  declare readonly attempts: number;

  constructor(message: string, site: CallSite, options?: { cause?: unknown }) {
    super(`${site.method} ${site.path}: ${message}`, options);
    Object.assign(this, site);
  }
}

/** No answer within `timeoutMs` on the last attempt, or the call's `deadlineMs` passed. */
export class TimeoutError extends ClientError {
  override name = "TimeoutError";
  declare readonly timeoutMs: number;

  constructor(site: CallSite, timeoutMs: number, what = "no answer within") {
    super(`${what} ${timeoutMs} ms (attempt ${site.attempts})`, site);
    Object.assign(this, { timeoutMs });
  }
}

/** The connection failed (refused, reset, DNS, a body cut short); `cause` holds what `fetch` threw. */
export class NetworkError extends ClientError {
  override name = "NetworkError";

  constructor(site: CallSite, cause: unknown) {
    super(`network failure (attempt ${site.attempts})`, site, { cause });
  }
}

/** Why an answer could not be used although it arrived. */
export type ResponseProblem =
  | "invalid-json"
  | "not-a-list"
  | "malformed-link"
  | "cross-origin-link"
  | "pagination-loop"
  | "missing-location"
  | "unreadable-redirect"
  | "unexpected-status";

/** The server answered, but with something the client cannot use (bad JSON, a next link to another host, ...). */
export class ResponseError extends ClientError {
  override name = "ResponseError";
  declare readonly problem: ResponseProblem;
  declare readonly status: number | undefined;

  constructor(
    problem: ResponseProblem,
    detail: string,
    site: CallSite,
    status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${problem}: ${detail}`, site, options);
    Object.assign(this, { problem, status });
  }
}

/**
 * An error answer, thrown by `unwrap` and the helpers (`paginate`, `getDownloadUrl`, ...); the
 * methods return the same `body` as `error`. Narrow it by vendor and status with the vendor
 * module's `isApiError(e, status)`.
 */
export class ApiError<Body = unknown, Status extends number = number> extends ClientError {
  override name = "ApiError";
  declare readonly status: Status;
  /** The vendor's error body; written in the vendor's shape when the server sent none or not JSON. */
  declare readonly body: Body;
  declare readonly headers: Headers;
  /** Whose API answered; undefined when a middleware replaced the answer. */
  declare readonly vendor: "buddy" | "buildkite" | undefined;

  constructor(
    site: CallSite,
    status: Status,
    body: Body,
    headers: Headers,
    summary: string,
    vendor?: ApiError["vendor"],
  ) {
    super(`HTTP ${status}: ${summary}`, site);
    Object.assign(this, { status, body, headers, vendor });
  }
}
