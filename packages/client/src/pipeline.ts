// The pipeline every request goes through, composed once per client from layers of one concern
// each, outermost first: the plugins' per-call layers (retries and a deadline, then events), the
// plugins' per-request layers (pacing, timeouts, reading the body), the credential policy, and
// the exchange. openapi-fetch builds each Request; the pipeline sends it, and the client shapes
// what openapi-fetch makes of the answer.
import type { Auth } from "./auth.js";
import type { CallSite } from "./errors.js";
import type { ClientOptions, FetchLike, RateLimitState } from "./options.js";
import { lend } from "./policy.js";

/** One call, as the client describes it to the layers; they note on it what the others need. */
export interface Call {
  method: string;
  /** The operation's path template, for events. */
  template: string;
  /** "redirect": the download operation, whose 3xx is the answer; "storage": a presigned file URL. */
  mode: "api" | "redirect" | "storage";
  /** openapi-fetch's `parseAs`. */
  parseAs: string | undefined;
  /** A per-call fetch: sent through the pipeline like the client's own, never a way around it. */
  fetch: FetchLike | undefined;
  /** From 1; the retry layer counts. */
  attempt: number;
  /** What to hand fetch with the request (a timeout's dispatcher or signal). */
  init?: RequestInit | undefined;
  /** When the call must end (the retry plugin's `deadlineMs`). */
  deadline?: number | undefined;
  /** Noted by pacing, for the attempt's event. */
  heldMs?: number | undefined;
  rateLimit?: RateLimitState | undefined;
  /** The Request last sent and its answer's status, for errors that name them. */
  sent?: Request | undefined;
  status?: number | undefined;
}

export type Send = (request: Request, call: Call) => Promise<Response>;

/** What the layers share. */
export interface Context {
  baseUrl: string;
  origin: string;
  auth: Auth;
  fetch: FetchLike;
  send: Send;
  /** Set by a plugin: the error to throw for one openapi-fetch raised after the pipeline returned, if not that one. */
  rethrow?: ((error: unknown, call: Call) => unknown) | undefined;
}

export type Layer = (next: Send, context: Context) => Send;

/**
 * A plugin's layers (`retry` from `@ci-artifacts/client/retry`, `events` from
 * `@ci-artifacts/client/events`). Each kind nests in the order the plugins are listed: the first
 * wraps the rest.
 */
export interface Plugin {
  /** Wraps each call (retries), or each attempt when listed after a plugin that retries (events). */
  call?: Layer | undefined;
  /** Wraps each request, after them all: pacing, timeouts, reading the body. */
  request?: Layer | undefined;
}

/** Origin and path of a URL: a presigned storage URL carries its signature in the query. */
export function sitePath(url: string): string {
  const { origin, pathname } = new URL(url);
  return origin + pathname;
}

export function siteOf(request: Request, call: Call, context: Context): CallSite {
  return { method: call.method, path: context.auth.redact(sitePath(request.url)), attempts: call.attempt };
}

export function compose(options: ClientOptions, context: Context): Send {
  const plugins = [...(options.plugins ?? [])].reverse();
  // The exchange itself, innermost.
  let send = lend((request, call) => {
    call.sent = request;
    return (call.fetch ?? context.fetch)(request, call.init);
  }, context);
  for (const plugin of plugins) if (plugin.request) send = plugin.request(send, context);
  for (const plugin of plugins) if (plugin.call) send = plugin.call(send, context);
  return send;
}
