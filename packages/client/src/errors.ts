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
  readonly method: string;
  readonly path: string;
  readonly attempts: number;

  constructor(message: string, site: CallSite, options?: { cause?: unknown }) {
    super(`${site.method} ${site.path}: ${message}`, options);
    this.method = site.method;
    this.path = site.path;
    this.attempts = site.attempts;
  }
}

/** No answer (headers, or for API calls the whole body) arrived within `timeoutMs` on the last attempt. */
export class TimeoutError extends ClientError {
  override name = "TimeoutError";
  readonly timeoutMs: number;

  constructor(site: CallSite, timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms (attempt ${site.attempts})`, site);
    this.timeoutMs = timeoutMs;
  }
}

/** The connection failed (refused, reset, DNS); `cause` holds what `fetch` threw. */
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
  readonly problem: ResponseProblem;
  readonly status: number | undefined;

  constructor(
    problem: ResponseProblem,
    detail: string,
    site: CallSite,
    status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${problem}: ${detail}`, site, options);
    this.problem = problem;
    this.status = status;
  }
}

/**
 * A non-2xx answer, thrown by the helpers (`paginate`, `getDownloadUrl`, `download`). The
 * openapi-fetch methods return the same `body` as `error` instead of throwing.
 */
export class ApiError<Body = unknown> extends ClientError {
  override name = "ApiError";
  readonly status: number;
  /** The vendor's error body; synthesised in the vendor's shape when the server sent none or not JSON. */
  readonly body: Body;
  readonly headers: Headers;

  constructor(site: CallSite, status: number, body: Body, headers: Headers, summary: string) {
    super(`HTTP ${status}: ${summary}`, site);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}
