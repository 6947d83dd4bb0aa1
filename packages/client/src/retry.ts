// The retry plugin, `@ci-artifacts/client/retry`: each call is tried again as the retry policy
// says (a pure function of the attempt and its answer), within an optional deadline across all
// attempts and waits; each attempt is bounded by a timeout and paced by the rate-limit budget
// that answers announce.

import { attempt, invalidJson } from "./attempt.js";
import { NetworkError, TimeoutError } from "./errors.js";
import { sleep } from "./internal.js";
import type { RetryEvent, RetryOptions } from "./options.js";
import { createPacer } from "./pacing.js";
import { type Plugin, siteOf } from "./pipeline.js";
import { type Answer, retryDelay, retryPolicy } from "./retry-policy.js";
import { MAX_TIMER_MS } from "./timeout.js";

/**
 * Timeouts, retries, pacing and a deadline, as one plugin: `createBuildkiteClient({ token, plugins: [retry()] })`.
 * One `retry()` paces every client it is given to, so clients that share a budget may share it.
 */
export function retry(options: RetryOptions = {}): Plugin {
  const policy = retryPolicy(options);
  const { deadlineMs, onRetry } = options;
  if (deadlineMs !== undefined && !(deadlineMs > 0 && deadlineMs <= MAX_TIMER_MS)) {
    throw new TypeError(`retry: deadlineMs must be a number in 1..${MAX_TIMER_MS}, got ${deadlineMs}`);
  }
  return {
    call: (next, context) => {
      context.rethrow = invalidJson(context);
      return async (request, call) => {
        const deadline = deadlineMs === undefined ? undefined : AbortSignal.timeout(deadlineMs);
        const ended = () => new TimeoutError(siteOf(request, call, context), deadlineMs as number, "deadline of");
        call.deadline = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
        // The deadline joins the caller's signal, so it cuts an attempt in flight as well as a wait.
        const signal = deadline ? AbortSignal.any([request.signal, deadline]) : request.signal;
        // Read once, so that a retry after a 429 can send the body again.
        const body = request.body === null ? null : await request.arrayBuffer();
        for (let n = 1; ; n++) {
          call.attempt = n;
          const sent = n > 1 || body || deadline ? new Request(request, { body, signal }) : request;
          let response: Response | undefined;
          let failure: TimeoutError | NetworkError | undefined;
          try {
            response = await next(sent, call);
          } catch (error) {
            if (deadline?.aborted) throw ended();
            if (!(error instanceof TimeoutError || error instanceof NetworkError)) throw error;
            failure = error;
          }
          const answer: Answer = response ?? { failure: failure instanceof TimeoutError ? "timeout" : "network" };
          const wait = retryDelay(n, call.method, answer, policy);
          if (!wait || (call.deadline !== undefined && Date.now() + wait.delayMs >= call.deadline)) {
            if (failure) throw failure;
            return response as Response;
          }
          const event: RetryEvent = { method: call.method, path: call.template, attempt: n, ...wait };
          if (response) event.status = response.status;
          onRetry?.(event);
          await sleep(wait.delayMs, signal).catch((error) => {
            throw deadline?.aborted ? ended() : error;
          });
        }
      };
    },
    request: attempt(
      options.pacing === false ? undefined : createPacer(),
      policy.maxRetryAfterMs,
      options.timeoutMs ?? 30_000,
    ),
  };
}

export type { RateLimitState, RetryEvent, RetryOptions } from "./options.js";
export type { Answer, Retry, RetryPolicy } from "./retry-policy.js";
export { retryDelay, retryPolicy } from "./retry-policy.js";
