/**
 * How Buildkite words errors and rate limits (spec/sources/api-facts.md, "Errors" and "Rate
 * limits"): `{"message"}` bodies, 422 as `Validation Failed` with its `errors`, and the
 * organization's and the user's budgets in `RateLimit-*` and `RateLimit-User-*`.
 */
import { json, type TwinResponse } from "../../http/response.js";
import type { Spend } from "../../rate-limit/index.js";
import { describeViolation, type Violation } from "../../validate/types.js";

export function buildkiteError(status: number, message: string, violations: readonly Violation[] = []): unknown {
  if (status === 422) {
    return {
      message: "Validation Failed",
      errors: violations.map((v) => ({
        field: v.name,
        code: v.value === undefined ? "missing_field" : "invalid",
        message: describeViolation(v),
      })),
    };
  }
  return { message: violations.length ? `${message}: ${violations.map(describeViolation).join("; ")}` : message };
}

export function buildkiteRateLimitHeaders({ org, user }: Spend): Record<string, string> {
  const headers: Record<string, string> = {
    "ratelimit-scope": "rest",
    "ratelimit-limit": String(org.limit),
    "ratelimit-remaining": String(org.remaining),
    "ratelimit-reset": String(org.resetSeconds),
  };
  if (user) {
    headers["ratelimit-user-limit"] = String(user.limit);
    headers["ratelimit-user-remaining"] = String(user.remaining);
    headers["ratelimit-user-reset"] = String(user.resetSeconds);
  }
  return headers;
}

export function buildkiteRateLimited(spend: Spend): TwinResponse {
  const window = spend.refusedBy === "user" && spend.user ? spend.user : spend.org;
  const headers = buildkiteRateLimitHeaders(spend);
  // RateLimit-Reset is what a client waits for: the budget that refused the request says when.
  headers["ratelimit-reset"] = String(window.resetSeconds);
  return json(
    429,
    {
      message: `You have exceeded your API rate limit. Please wait ${window.resetSeconds} seconds before making more requests.`,
      scope: spend.refusedBy === "user" ? "rest_user" : "rest",
      limit: window.limit,
      current: window.used,
      reset: window.resetSeconds,
    },
    headers,
  );
}
