/**
 * Fixed-window budgets, counted per twin and per token as the vendors describe theirs: a window
 * starts with the first request after the last one ended, and every request in it counts, refused
 * ones too. Written here rather than taken from a rate-limit middleware because the budgets and
 * headers are the vendors' own (two budgets with their own headers for Buildkite, one for Buddy).
 */
import type { RateLimitOptions, Spend, Window } from "./types.js";

export type { RateLimitOptions, Spend, Window } from "./types.js";

interface Counter {
  start: number;
  used: number;
}

export interface Budgets {
  /** Counts one request of `user` (the token) at `now`. */
  spend(user: string, now: number): Spend;
}

export function createBudgets(
  options: Required<Pick<RateLimitOptions, "limit" | "windowMs">> & RateLimitOptions,
): Budgets {
  const { limit, windowMs, userLimit } = options;
  const org: Counter = { start: Number.NEGATIVE_INFINITY, used: 0 };
  const users = new Map<string, Counter>();

  const count = (counter: Counter, max: number, now: number): Window => {
    if (now >= counter.start + windowMs) {
      counter.start = now;
      counter.used = 0;
    }
    counter.used++;
    return {
      limit: max,
      used: counter.used,
      remaining: Math.max(0, max - counter.used),
      resetSeconds: Math.max(1, Math.ceil((counter.start + windowMs - now) / 1000)),
    };
  };

  return {
    spend(user, now) {
      const orgWindow = count(org, limit, now);
      let userWindow: Window | undefined;
      if (userLimit !== undefined) {
        let counter = users.get(user);
        if (!counter) {
          counter = { start: Number.NEGATIVE_INFINITY, used: 0 };
          users.set(user, counter);
        }
        userWindow = count(counter, userLimit, now);
      }
      const refusedBy =
        userWindow && userWindow.used > userWindow.limit
          ? "user"
          : orgWindow.used > orgWindow.limit
            ? "org"
            : undefined;
      return refusedBy
        ? { ok: false, org: orgWindow, user: userWindow, refusedBy }
        : { ok: true, org: orgWindow, user: userWindow };
    },
  };
}
