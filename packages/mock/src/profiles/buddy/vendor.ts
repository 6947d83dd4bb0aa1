/**
 * How Buddy words errors and rate limits (api-facts.md, "Buddy.works REST API"): the
 * `{"errors": [{"message"}]}` body its own SDK reads, and `X-Rate-Limit-Limit` and
 * `X-Rate-Limit-Remaining`. Buddy documents no 429 and no reset header (`B14`): the twin answers
 * one in the same error shape, with `Retry-After`, so a client knows how long to wait.
 */
import { json, type TwinResponse } from "../../http/response.js";
import type { Spend } from "../../rate-limit/index.js";
import { describeViolation, type Violation } from "../../validate/types.js";

export function buddyError(_status: number, message: string, violations: readonly Violation[] = []): unknown {
  return { errors: violations.length ? violations.map((v) => ({ message: describeViolation(v) })) : [{ message }] };
}

export function buddyRateLimitHeaders({ org }: Spend): Record<string, string> {
  return { "x-rate-limit-limit": String(org.limit), "x-rate-limit-remaining": String(org.remaining) };
}

export function buddyRateLimited(spend: Spend): TwinResponse {
  const { org } = spend;
  return json(
    429,
    buddyError(429, `Rate limit exceeded: ${org.limit} requests a window; retry in ${org.resetSeconds} s`),
    { ...buddyRateLimitHeaders(spend), "retry-after": String(org.resetSeconds) },
  );
}
