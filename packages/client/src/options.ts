// The options both factories take, and the events they report. Types only: nothing here ships.
import type { Plugin } from "./pipeline.js";
import type { RetryPolicy } from "./retry-policy.js";

export type { Plugin } from "./pipeline.js";

/** A bearer token, or a function giving one (sync or async) so short-lived OAuth tokens can be refreshed. */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * The fetch every request goes through. It is handed `(request, init)`: pass `init` on to the
 * runtime's fetch, as it carries the timeout (undici's dispatcher on Node, a signal elsewhere).
 */
export type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

/** The rate-limit budget an answer announced (read by pacing): the scope with the fewest requests left. */
export interface RateLimitState {
  /** `""` for Buildkite's organization budget, `"user"` for its per-user one, `"x"` for Buddy's `X-Rate-Limit-*`. */
  scope: string;
  remaining: number;
  limit?: number;
  /** Milliseconds until the budget is renewed, where the server says. */
  resetMs?: number;
}

/** One request (`events()`): one per attempt, to the API or to the storage host. Never holds the token or a query string. */
export interface AttemptEvent {
  method: string;
  /** The operation's path template, such as `/organizations/{org_slug}/pipelines/...`. */
  path: string;
  /** `"storage"` for the file of a download, fetched from the host the API redirected to. */
  target: "api" | "storage";
  /** From 1. */
  attempt: number;
  /** The answer's status; absent when none came (`failure` says why). */
  status?: number;
  failure?: "timeout" | "network";
  /** From sending the request to the end of its body (or of its headers, for a streamed download). */
  durationMs: number;
  /** How long pacing held the request before sending it (not part of `durationMs`). */
  heldMs: number;
  rateLimit?: RateLimitState;
}

export interface ClientOptions {
  /** Required unless `anonymous: true`. */
  token?: TokenSource | undefined;
  /** Send requests without a token (public pipelines, a proxy that adds one). Default false. */
  anonymous?: boolean | undefined;
  /** The API root; the origin of this URL is the only one that ever receives the token. */
  baseUrl?: string | undefined;
  /** Default `globalThis.fetch`, looked up at each request. */
  fetch?: FetchLike | undefined;
  /**
   * Layers added to the pipeline: `retry()` from `@ci-artifacts/client/retry` (timeouts, retries,
   * pacing, a deadline), then `events()` from `@ci-artifacts/client/events` (one event per request).
   */
  plugins?: readonly Plugin[] | undefined;
  /** Default `ci-artifacts-client/<version>`; browsers send their own. */
  userAgent?: string | undefined;
}

/** The retry plugin's options (`retry()` from `@ci-artifacts/client/retry`). */
export interface RetryOptions extends Partial<{ [K in keyof RetryPolicy]: RetryPolicy[K] | undefined }> {
  /**
   * Per attempt, in milliseconds: until the headers, then between two chunks of the body (a
   * streamed download's body has none). Default 30_000; `Infinity` for none.
   */
  timeoutMs?: number | undefined;
  /** Per call, across every attempt and wait, in milliseconds. Default none. */
  deadlineMs?: number | undefined;
  /** Hold requests while the announced rate-limit budget is spent, instead of running into 429s. Default true. */
  pacing?: boolean | undefined;
  /** Called before each wait; never holds the token (the path is the operation's template). */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface RetryEvent {
  method: string;
  /** The operation's path template. */
  path: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  reason: "rate-limited" | "server-error" | "timeout" | "network";
  status?: number;
}
