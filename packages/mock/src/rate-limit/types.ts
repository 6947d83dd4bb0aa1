export interface RateLimitOptions {
  /** Requests one window allows across all tokens (Buildkite's organization budget, Buddy's only one). */
  limit?: number;
  /** Requests one window allows per token (Buildkite's per-user budget; Buddy has none). */
  userLimit?: number;
  /** The window's length. Default 1000: a client that honours the reset waits a second at most. */
  windowMs?: number;
}

/** What is left of one budget when a request is counted. */
export interface Window {
  limit: number;
  /** Requests counted in this window, this one included, refused ones too (Buildkite's `current`). */
  used: number;
  remaining: number;
  /** Whole seconds until the window resets, at least 1. */
  resetSeconds: number;
}

export interface Spend {
  ok: boolean;
  /** The budget across all tokens. */
  org: Window;
  /** The budget of the request's token; undefined where the API has none. */
  user: Window | undefined;
  /** The budget that refused the request. */
  refusedBy?: "org" | "user";
}
