// The retry policy, a pure function of the attempt and its answer. Waits follow `Retry-After`
// (RFC 9110, section 10.2.3) and Buildkite's `RateLimit-Reset` (REST API limits: seconds until
// the window resets); otherwise exponential backoff with full jitter
// (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
import { MAX_TIMER_MS } from "./timeout.js";

export interface RetryPolicy {
  /** Attempts after the first. Default 3. */
  retries: number;
  /** First backoff step for 502/503/504 and failures without an answer; it doubles per attempt, with full jitter. Default 500. */
  baseDelayMs: number;
  /** The longest backoff step. Default 20_000. */
  maxDelayMs: number;
  /**
   * The longest wait a server may ask for (429 `RateLimit-Reset`/`Retry-After`, 503 `Retry-After`),
   * and the longest that pacing holds a request. A longer one is not waited for: the call ends
   * with that answer, whose headers say when to come back. Default 60_000.
   */
  maxRetryAfterMs: number;
}

/** What an attempt ended with: an answer's status and headers, or no answer. */
export type Answer = { status: number; headers: Headers } | { failure: "timeout" | "network" };

export interface Retry {
  delayMs: number;
  reason: "rate-limited" | "server-error" | "timeout" | "network";
}

const DEFAULTS: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };
// Only methods that may be applied twice (RFC 9110, section 9.2.2) go again after a failure in flight.
const IDEMPOTENT = /^(GET|HEAD|PUT|DELETE|OPTIONS|TRACE)$/;

/** The policy from options, each checked; `undefined` keeps a default. */
export function retryPolicy(options: { [K in keyof RetryPolicy]?: number | undefined }): RetryPolicy {
  const policy = { ...DEFAULTS };
  for (const name of Object.keys(DEFAULTS) as (keyof RetryPolicy)[]) {
    const value = options[name];
    if (value === undefined) continue;
    if (!(typeof value === "number" && value >= 0 && value <= MAX_TIMER_MS)) {
      throw new TypeError(`retry: ${name} must be a number in 0..${MAX_TIMER_MS}, got ${String(value)}`);
    }
    policy[name] = value;
  }
  return policy;
}

/** The wait before attempt `attempt + 1`, or undefined to end the call with this answer. */
export function retryDelay(
  attempt: number,
  method: string,
  answer: Answer,
  policy: RetryPolicy,
  random: () => number = Math.random,
  now: number = Date.now(),
): Retry | undefined {
  if (attempt > policy.retries) return undefined;
  const backoff = () => Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
  if ("failure" in answer) return IDEMPOTENT.test(method) ? { delayMs: backoff(), reason: answer.failure } : undefined;
  const { status, headers } = answer;
  // After a 429 the server did nothing, so any method may go again; after a 502-504 only idempotent ones.
  if (status !== 429 && !(status > 501 && status < 505 && IDEMPOTENT.test(method))) return undefined;
  const reason = status === 429 ? "rate-limited" : "server-error";
  const asked = serverWait(status, headers, now);
  if (asked === undefined) return { delayMs: backoff(), reason };
  return asked <= policy.maxRetryAfterMs ? { delayMs: asked, reason } : undefined;
}

/** The longer of `Retry-After` and, on a 429, `RateLimit-Reset`, in milliseconds. */
export function serverWait(status: number, headers: Headers, now: number = Date.now()): number | undefined {
  const after = headers.get("retry-after");
  const date = after === null ? Number.NaN : Date.parse(after);
  const waits = [seconds(after) ?? (date >= 0 ? Math.max(0, date - now) : undefined)];
  if (status === 429) waits.push(seconds(headers.get("ratelimit-reset")));
  const known = waits.filter((wait) => wait !== undefined);
  return known.length ? Math.max(...known) : undefined;
}

/** Delta-seconds, as in `RateLimit-Reset` and `Retry-After`, in milliseconds. */
export function seconds(value: string | null): number | undefined {
  return value !== null && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Math.ceil(Number(value) * 1000) : undefined;
}
