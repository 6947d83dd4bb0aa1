// Pacing: holds requests while an announced rate-limit budget is spent, so concurrent calls wait
// for the window to turn instead of running into 429s. Budgets come from Buildkite's
// `RateLimit-*` and `RateLimit-User-*` (REST API limits: remaining, limit, and seconds until the
// window resets; a request counts against both) and Buddy's `X-Rate-Limit-*` (API overview: limit
// and remaining, no reset), and from a 429's own wait.
import type { RateLimitState } from "./options.js";
import { serverWait } from "./retry-policy.js";

export interface Pacer {
  /** How long the next request must wait; 0 to send it now. */
  delay(): number;
  sent(): void;
  /** An attempt ended: with an answer's headers, or with none. */
  answered(status: number | undefined, headers?: Headers): RateLimitState | undefined;
}

interface Budget {
  left: number;
  limit?: number | undefined;
  resetAt?: number | undefined;
  /** When the last known window turned: answers from before it are stale. */
  turned?: number | undefined;
}

const SCOPES = [
  ["", "ratelimit-"],
  ["user", "ratelimit-user-"],
  ["x", "x-rate-limit-"],
] as const;
// With a budget spent and no reset announced (Buddy), one request at a time probes for its return.
const PROBE_MS = 1000;

export function createPacer(now: () => number = () => Date.now()): Pacer {
  const budgets = new Map<string, Budget>();
  let inFlight = 0;
  return {
    delay() {
      let wait = 0;
      for (const [scope, budget] of budgets) {
        if (budget.left > 0) continue;
        const until = budget.resetAt === undefined ? (inFlight ? PROBE_MS : 0) : budget.resetAt - now();
        if (until > 0) wait = Math.max(wait, until);
        else if (scope === "429") budgets.delete(scope);
        // A window that has turned gives its whole budget back. Without a reset (Buddy's), nothing
        // says it has turned, only that no request is out: one request finds out, as one does where
        // the size is unknown.
        else {
          const left = budget.resetAt === undefined ? 1 : (budget.limit ?? 1);
          Object.assign(budget, { left, resetAt: undefined, turned: budget.resetAt });
        }
      }
      return wait;
    },
    sent() {
      inFlight++;
      for (const budget of budgets.values()) budget.left--;
    },
    answered(status, headers) {
      inFlight--;
      if (!headers) return undefined;
      let tightest: RateLimitState | undefined;
      const at = now();
      for (const [scope, prefix] of SCOPES) {
        const remaining = headers.get(`${prefix}remaining`);
        if (remaining === null || !/^\d+$/.test(remaining)) continue;
        const limit = Number(headers.get(`${prefix}limit`)) || undefined;
        const reset = Number(headers.get(`${prefix}reset`));
        const resetAt = reset >= 0 && headers.has(`${prefix}reset`) ? at + reset * 1000 : undefined;
        const old = budgets.get(scope);
        // An answer from a window that has since turned says nothing about the current one (resets
        // are whole seconds, so answers from one window differ by up to one).
        const stale = old?.resetAt === undefined ? (old?.turned ?? -1e15) + 1000 : old.resetAt - 1000;
        if (resetAt !== undefined && resetAt <= stale) continue;
        // Requests still in flight may not be counted yet: assume they will be.
        const state = { left: Number(remaining) - inFlight, limit, resetAt, turned: old?.turned };
        budgets.set(scope, state);
        if (!tightest || Number(remaining) < tightest.remaining) {
          tightest = {
            scope,
            remaining: Number(remaining),
            ...(limit && { limit }),
            ...(resetAt && { resetMs: resetAt - at }),
          };
        }
      }
      const wait = status === 429 ? serverWait(429, headers, at) : undefined;
      if (wait !== undefined) budgets.set("429", { left: 0, resetAt: at + wait });
      return tightest;
    },
  };
}
