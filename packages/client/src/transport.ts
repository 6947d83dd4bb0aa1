import { ApiError, type CallSite, ClientError, NetworkError, ResponseError, TimeoutError } from "./errors.js";
import { isRecord } from "./vendor.js";

/** A bearer token, or a function giving one (sync or async) so short-lived OAuth tokens can be refreshed. */
export type TokenSource = string | (() => string | Promise<string>);

export interface RetryOptions {
  /** Attempts after the first. Default 3. */
  retries?: number;
  /** First backoff step for 502/503/504 and network failures; it doubles per attempt, with full jitter. Default 500. */
  baseDelayMs?: number;
  /** The longest backoff step. Default 20_000. */
  maxDelayMs?: number;
  /**
   * The longest wait a server may ask for (429 `RateLimit-Reset`/`Retry-After`, 503 `Retry-After`).
   * A longer one is not waited for: the call ends with that answer, whose headers say when to come back.
   * Default 60_000.
   */
  maxRetryAfterMs?: number;
}

export interface RetryEvent {
  method: string;
  /** The request path, without query string. */
  path: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  reason: "rate-limited" | "server-error" | "timeout" | "network";
  status?: number;
}

export interface ClientOptions {
  token?: TokenSource;
  /** The API root; the origin of this URL is the only one that ever receives the token. */
  baseUrl?: string;
  /** A fetch to send every request through (a proxy agent, a test double). Default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Per attempt: for API calls until the whole body is read, for downloads until the headers arrive. Default 30_000. */
  timeoutMs?: number;
  /** `false` sends every request once. */
  retry?: RetryOptions | false;
  /** Called before each wait for a retry; its payload never holds the token. */
  onRetry?: (event: RetryEvent) => void;
  userAgent?: string;
}

/** How a vendor shapes its error bodies, so every non-2xx answer carries one. */
export interface VendorErrors<E> {
  /** The body as the vendor's error shape, or undefined when it is not one. */
  accept(parsed: unknown): E | undefined;
  synthesize(message: string): E;
  message(body: E): string;
}

interface SendMode {
  /** Attach the token; only ever done when the request goes to the API origin. */
  credentials: boolean;
  /** "buffer": the body is read within the timeout (so a stalled or cut body is retried); "stream": handed over as it comes. */
  body: "buffer" | "stream";
  /** Replace non-2xx bodies that are not in the vendor's error shape. */
  normalizeErrors: boolean;
  redirect: RequestRedirect;
}

/** openapi-fetch calls: redirects are not followed, so the token cannot ride a redirect to another host. */
export const API: SendMode = { credentials: true, body: "buffer", normalizeErrors: true, redirect: "manual" };
/** The download endpoint: its 302 is the answer. */
export const REDIRECT_ANSWER: SendMode = {
  credentials: true,
  body: "buffer",
  normalizeErrors: false,
  redirect: "manual",
};
/** The storage host: no credential of ours is sent, whoever it redirects to. */
export const STORAGE: SendMode = { credentials: false, body: "stream", normalizeErrors: false, redirect: "follow" };

const IDEMPOTENT = new Set(["GET", "HEAD", "DELETE"]);
const BACKOFF_STATUSES = new Set([502, 503, 504]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];
// Header values may not hold these (RFC 9110, section 5.5); fetch would throw with the value in its message.
const INVALID_HEADER_VALUE = /[\0\r\n]/;

const DEFAULT_TIMEOUT_MS = 30_000;
// setTimeout fires at once for longer delays (they overflow a signed 32-bit integer).
const MAX_TIMER_MS = 2 ** 31 - 1;
const DEFAULT_RETRY: Required<RetryOptions> = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

export interface Transport<E> {
  readonly baseUrl: string;
  readonly origin: string;
  /** For openapi-fetch. */
  readonly fetch: (request: Request) => Promise<Response>;
  /**
   * For one openapi-fetch call: build its Request with `Request` and `signal` (redirect "manual") and
   * send it through `fetch`, so the first attempt sends that Request as it is instead of a copy.
   */
  call(user: AbortSignal | null | undefined): PreparedCall;
  send(request: Request, mode: SendMode): Promise<Response>;
  /** The call that produced this response, for errors raised after the transport returned it. */
  siteOf(response: Response): CallSite | undefined;
  /** The ApiError for a non-2xx response that `send` returned. */
  apiError(response: Response): Promise<ApiError<E>>;
  /** `text` with every token this client has sent replaced, for messages that quote what a server said. */
  redact(text: string): string;
}

export interface PreparedCall {
  /** The class openapi-fetch builds the Request with, so the transport can tell the Request is its own. */
  readonly Request: typeof Request;
  /** The first attempt's signal; the caller's signal, the timeout and the Request's own signal hang on it. */
  readonly signal: AbortSignal;
  fetch(request: Request): Promise<Response>;
}

/** A Request that remembers the signal it was built with; its own signal follows that one. */
class PreparedRequest extends Request {
  readonly builtWith: AbortSignal | null | undefined;
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.builtWith = init?.signal;
  }
}

export function sitePath(url: string): string {
  const parsed = new URL(url);
  return parsed.origin + parsed.pathname;
}

export function createTransport<E>(
  options: ClientOptions & { baseUrl: string },
  vendor: VendorErrors<E>,
): Transport<E> {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const origin = new URL(baseUrl).origin;
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0 && (timeoutMs <= MAX_TIMER_MS || timeoutMs === Infinity))) {
    throw new TypeError(
      `timeoutMs must be a number of milliseconds in 1..${MAX_TIMER_MS} or Infinity, got ${String(timeoutMs)}`,
    );
  }
  const retry = { ...DEFAULT_RETRY };
  if (options.retry === false) retry.retries = 0;
  for (const [name, value] of Object.entries(options.retry || {})) {
    if (value === undefined) continue;
    if (!(name in DEFAULT_RETRY)) throw new TypeError(`retry.${name} is not an option`);
    if (!(typeof value === "number" && value >= 0 && value <= MAX_TIMER_MS)) {
      throw new TypeError(`retry.${name} must be a number in 0..${MAX_TIMER_MS}, got ${String(value)}`);
    }
    retry[name as keyof RetryOptions] = value;
  }
  const sites = new WeakMap<Response, CallSite>();

  async function authorization(site: CallSite): Promise<string | undefined> {
    const source = options.token;
    if (source === undefined) return undefined;
    const token = typeof source === "function" ? await source() : source;
    if (typeof token !== "string" || token.length === 0) {
      throw new ClientError("the token option gave no token (an empty or non-string value)", site);
    }
    if (INVALID_HEADER_VALUE.test(token)) {
      throw new ClientError("the token holds a character not allowed in an HTTP header (CR, LF or NUL)", site);
    }
    remember(token);
    return `Bearer ${token}`;
  }

  // Error messages and bodies quote what servers say, and paths come from their next links: a server
  // that echoes the token, even percent-encoded or in a lower-cased host name, must not put it in a log.
  const recentTokens: { token: string; pattern: RegExp }[] = [];
  function remember(token: string): void {
    // Replacing a very short token everywhere would garble messages more than it protects.
    if (token.length < 8 || recentTokens.some((known) => known.token === token)) return;
    const forms = [...new Set([token, encodeURIComponent(token)])].map((form) =>
      form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    );
    recentTokens.push({ token, pattern: new RegExp(forms.join("|"), "gi") });
    if (recentTokens.length > 4) recentTokens.shift();
  }
  function redact(text: string): string {
    return recentTokens.reduce((out, { pattern }) => out.replace(pattern, "[redacted]"), text);
  }
  function redactValue(value: unknown): unknown {
    if (typeof value === "string") return redact(value);
    if (Array.isArray(value)) return value.map(redactValue);
    if (isRecord(value))
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactValue(item)]));
    return value;
  }

  function serverWait(status: number, headers: Headers): number | undefined {
    const waits: number[] = [];
    const retryAfter = parseRetryAfter(headers.get("retry-after"));
    if (retryAfter !== undefined) waits.push(retryAfter);
    // Buildkite's `RateLimit-Reset` is seconds until the window resets (docs: REST API limits).
    if (status === 429) {
      const reset = parseSeconds(headers.get("ratelimit-reset"));
      if (reset !== undefined) waits.push(reset);
    }
    return waits.length ? Math.max(...waits) : undefined;
  }

  function backoff(attempt: number): number {
    // Full jitter: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(Math.random() * ceiling);
  }

  /** The wait before retrying this answer, or undefined to hand it to the caller. */
  function retryDelay(method: string, response: Response, attempt: number): number | undefined {
    const { status } = response;
    const retryable = status === 429 || (BACKOFF_STATUSES.has(status) && IDEMPOTENT.has(method));
    if (!retryable) return undefined;
    const asked = serverWait(status, response.headers);
    if (asked !== undefined) return asked <= retry.maxRetryAfterMs ? asked : undefined;
    return backoff(attempt);
  }

  async function send(
    request: Request,
    mode: SendMode,
    first?: { controller: AbortController; user?: AbortSignal },
  ): Promise<Response> {
    const method = request.method.toUpperCase();
    const url = new URL(request.url);
    const path = url.origin + url.pathname;
    const site: CallSite = { method, path: redact(path), attempts: 0 };
    // Built by openapi-fetch with the prepared signal (and not replaced by a middleware): the caller's signal is the one it was given.
    const prepared =
      first !== undefined && request instanceof PreparedRequest && request.builtWith === first.controller.signal;
    const userSignal = prepared ? first.user : request.signal;
    const withToken = mode.credentials && url.origin === origin;
    // The first attempt may send the Request itself when only its headers change; it is still whole, as nothing read its body.
    let asIs = prepared && request.body === null && request.redirect === mode.redirect && withToken;
    const body = request.body === null ? undefined : await request.arrayBuffer();

    for (;;) {
      userSignal?.throwIfAborted();
      // Sent as is, the Request's own headers are set for the exchange and put back after it, so middleware never sees the token.
      const headers = asIs ? request.headers : new Headers(request.headers);
      const restore = asIs
        ? (["authorization", "user-agent"] as const).map((name) => [name, headers.get(name)] as const)
        : [];
      if (withToken) {
        const value = await authorization(site);
        if (value !== undefined) headers.set("authorization", value);
        // A token function's first token is known only now; the path may be a server's next link holding it.
        site.path = redact(path);
      } else {
        for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      }
      if (options.userAgent !== undefined) headers.set("user-agent", options.userAgent);
      site.attempts++;

      const outcome = await attemptOnce(
        { method, headers, body, redirect: mode.redirect },
        asIs ? first?.controller : undefined,
      );
      for (const [name, value] of restore) {
        if (value === null) headers.delete(name);
        else headers.set(name, value);
      }
      asIs = false;
      if ("response" in outcome) {
        sites.set(outcome.response, { ...site });
        return outcome.response;
      }
      if (outcome.retryAfterMs === undefined) throw outcome.error;
      notify(site, outcome.retryAfterMs, outcome.reason, outcome.status);
      await sleep(outcome.retryAfterMs, userSignal);
    }

    /** One exchange: an answer to hand over, or why and how long to wait before the next one. `own`: send `request` itself, on this controller. */
    async function attemptOnce(
      init: RequestInit,
      own: AbortController | undefined,
    ): Promise<
      | { response: Response }
      | { retryAfterMs: number; reason: RetryEvent["reason"]; status?: number }
      | { retryAfterMs: undefined; error: unknown }
    > {
      const attempt = startAttempt(userSignal, timeoutMs, own);
      const mayRetry = site.attempts <= retry.retries;
      let streaming = false;
      try {
        const outgoing = own ? request : new Request(url, { ...init, signal: attempt.signal });
        attempt.hold(request, outgoing);
        const response = await fetchImpl(outgoing);
        if (response.type === "opaqueredirect") {
          // Browsers answer redirect: "manual" with an opaque response that hides status and Location.
          throw new ResponseError("unreadable-redirect", "this runtime hides redirects from scripts", { ...site });
        }
        const delay = mayRetry ? retryDelay(method, response, site.attempts) : undefined;
        if (delay !== undefined) {
          await response.body?.cancel().catch(() => undefined);
          return {
            retryAfterMs: delay,
            reason: response.status === 429 ? "rate-limited" : "server-error",
            status: response.status,
          };
        }
        if (mode.body === "stream") {
          attempt.stopTimer();
          streaming = true;
          return { response: guardBody(response, attempt, site) };
        }
        const bytes = await response.arrayBuffer();
        return { response: rebuild(response, bytes, mode, site) };
      } catch (error) {
        if (userSignal?.aborted) return { retryAfterMs: undefined, error: userSignal.reason };
        if (error instanceof ClientError) return { retryAfterMs: undefined, error };
        const failure = attempt.timedOut
          ? new TimeoutError({ ...site }, timeoutMs)
          : new NetworkError({ ...site }, error);
        // A POST or PATCH that failed in flight may have been applied: sending it again could duplicate it.
        if (!IDEMPOTENT.has(method) || !mayRetry) return { retryAfterMs: undefined, error: failure };
        return { retryAfterMs: backoff(site.attempts), reason: attempt.timedOut ? "timeout" : "network" };
      } finally {
        // A streamed body keeps the caller's signal linked until it ends.
        if (!streaming) attempt.release();
      }
    }
  }

  function notify(site: CallSite, delayMs: number, reason: RetryEvent["reason"], status?: number): void {
    const event: RetryEvent = { method: site.method, path: site.path, attempt: site.attempts, delayMs, reason };
    if (status !== undefined) event.status = status;
    options.onRetry?.(event);
  }

  function rebuild(response: Response, bytes: ArrayBuffer, mode: SendMode, site: CallSite): Response {
    const isError = response.status < 200 || response.status > 299;
    const nullBody = NULL_BODY_STATUSES.has(response.status);
    if (
      (!isError || !mode.normalizeErrors) &&
      describesBytes(response.headers, nullBody ? undefined : bytes.byteLength)
    ) {
      // The common answer: its headers already describe the bytes, so they are handed over without a working copy.
      const init = { status: response.status, statusText: response.statusText, headers: response.headers };
      return new Response(nullBody ? null : bytes, init);
    }
    const headers = new Headers(response.headers);
    // The bytes are decoded and complete: the transfer headers no longer describe them.
    headers.delete("content-encoding");
    headers.delete("transfer-encoding");
    const init = { status: response.status, statusText: response.statusText, headers };
    if (!isError || !mode.normalizeErrors) {
      if (nullBody) return new Response(null, init);
      headers.set("content-length", String(bytes.byteLength));
      return new Response(bytes, init);
    }
    if (nullBody) {
      throw new ResponseError(
        "unexpected-status",
        `HTTP ${response.status} cannot carry an error body`,
        { ...site },
        response.status,
      );
    }
    const shaped = JSON.stringify(shapeError(response.status, response.statusText, headers.get("content-type"), bytes));
    headers.set("content-type", "application/json");
    headers.set("content-length", String(new TextEncoder().encode(shaped).byteLength));
    return new Response(shaped, init);
  }

  function shapeError(status: number, statusText: string, contentType: string | null, bytes: ArrayBuffer): E {
    const text = new TextDecoder().decode(bytes);
    let parsed: unknown;
    let json = false;
    try {
      parsed = recentTokens.length > 0 ? redactValue(JSON.parse(text)) : JSON.parse(text);
      json = true;
    } catch {
      // not JSON: shaped below
    }
    const accepted = json ? vendor.accept(parsed) : undefined;
    if (accepted !== undefined) return accepted;
    const why =
      text.length === 0
        ? "the body was empty"
        : json
          ? "the body was not in the vendor's error shape"
          : `the body was not JSON (${contentType ?? "no content type"})`;
    return vendor.synthesize(`HTTP ${status}${statusText ? ` ${statusText}` : ""}: ${why}`);
  }

  async function errorBody(response: Response): Promise<E> {
    const bytes = await response.arrayBuffer();
    return shapeError(response.status, response.statusText, response.headers.get("content-type"), bytes);
  }

  async function apiError(response: Response): Promise<ApiError<E>> {
    const body = await errorBody(response);
    const site = sites.get(response) ?? { method: "?", path: "?", attempts: 0 };
    return new ApiError(site, response.status, body, response.headers, redact(vendor.message(body)));
  }

  return {
    baseUrl,
    origin,
    fetch: (request: Request) => send(request, API),
    call(user) {
      const controller = new AbortController();
      const first = user ? { controller, user } : { controller };
      return {
        Request: PreparedRequest,
        signal: controller.signal,
        fetch: (request: Request) => send(request, API, first),
      };
    },
    send,
    siteOf: (response) => sites.get(response),
    apiError,
    redact,
  };
}

/**
 * No transfer header to drop and, for a body of `length` bytes, no Content-Length or the matching one.
 * Without one, openapi-fetch reads the body as text and parses it, which handles an empty body as well.
 */
function describesBytes(headers: Headers, length: number | undefined): boolean {
  if (headers.has("content-encoding") || headers.has("transfer-encoding")) return false;
  const declared = headers.get("content-length");
  return length === undefined || declared === null || declared === String(length);
}

function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`baseUrl must be an http(s) URL, got protocol ${url.protocol}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError("baseUrl must not hold credentials, a query or a fragment");
  }
  return url.href.replace(/\/+$/, "");
}

interface Attempt {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  /**
   * Keeps these Requests reachable until release: undici's fetch follows a Request's signal only
   * while the Request lives (nodejs/undici#4068, nodejs/node#55428), so after a garbage collection a
   * timeout or the caller's abort would never reach a fetch in flight or a body being read.
   */
  hold(...requests: Request[]): void;
  stopTimer(): void;
  release(): void;
}

/** One attempt's signal: aborted by the caller's signal or by the timeout. Released so long-lived caller signals do not collect listeners. */
function startAttempt(user: AbortSignal | undefined, timeoutMs: number, controller = new AbortController()): Attempt {
  let timedOut = false;
  const forward = () => controller.abort(user?.reason);
  // The caller may have given up while a token function ran; an aborted signal never fires again.
  if (user?.aborted) forward();
  else user?.addEventListener("abort", forward, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined =
    timeoutMs === Infinity
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError"));
        }, timeoutMs);
  const stopTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  // Written, never read: holding the Requests keeps their signals alive until the attempt ends (undici#4068).
  // biome-ignore lint/correctness/noUnusedVariables: the reference itself is the point.
  let held: Request[] = [];
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    hold(...requests) {
      held = requests;
    },
    stopTimer,
    release() {
      stopTimer();
      held = [];
      user?.removeEventListener("abort", forward);
    },
  };
}

/** Passes a streamed body through, releasing the attempt when it ends and naming a failure mid-body. */
function guardBody(response: Response, attempt: Attempt, site: CallSite): Response {
  if (response.body === null) {
    attempt.release();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          attempt.release();
          controller.close();
        } else {
          controller.enqueue(chunk.value);
        }
      } catch (error) {
        attempt.release();
        controller.error(attempt.signal.aborted ? attempt.signal.reason : new NetworkError({ ...site }, error));
      }
    },
    cancel(reason) {
      attempt.release();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal === undefined) {
      setTimeout(resolve, ms);
      return;
    }
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Delta-seconds, as in `RateLimit-Reset` and `Retry-After`, in milliseconds. */
function parseSeconds(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.ceil(Number(value) * 1000);
}

/** `Retry-After` is delta-seconds or an HTTP-date (RFC 9110, section 10.2.3). */
function parseRetryAfter(value: string | null): number | undefined {
  const seconds = parseSeconds(value);
  if (seconds !== undefined || value === null) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
