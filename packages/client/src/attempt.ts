// One attempt of the retry plugin: held by pacing while the budget is spent, bounded by the
// timeout, and the body read within it, so that a body cut short or stalled fails the attempt
// (and is retried) like a lost answer. openapi-fetch reads the body after fetch returns: the
// answer hands it back through its own methods, which costs nothing where a new Response would
// copy its headers.
import { ClientError, NetworkError, ResponseError, TimeoutError } from "./errors.js";
import { sleep } from "./internal.js";
import type { Pacer } from "./pacing.js";
import { type Context, type Layer, siteOf } from "./pipeline.js";
import { createTimeouts } from "./timeout.js";

export function attempt(pacer: Pacer | undefined, maxHoldMs: number, timeoutMs: number): Layer {
  const timeouts = createTimeouts(timeoutMs);
  return (next, context) => async (request, call) => {
    call.heldMs = pacer && pacer.delay() > 0 ? await hold(pacer, maxHoldMs, call.deadline, request.signal) : 0;
    const stream = call.mode === "storage" || call.parseAs === "stream";
    const timer = timeouts(request, stream);
    call.init = timer.init;
    pacer?.sent();
    let response: Response | undefined;
    try {
      response = await next(request, call);
      if (stream && response.status < 400) return response;
      if ((call.parseAs === "arrayBuffer" || call.parseAs === "blob") && response.ok) {
        const bytes = await response.arrayBuffer();
        response.arrayBuffer = () => Promise.resolve(bytes);
        response.blob = () => Promise.resolve(new Blob([bytes]));
        return response;
      }
      let text: string | undefined = await response.text();
      call.status = response.status;
      // openapi-fetch reads the body once, through text() or json() (then parsed once): handed over, the
      // text is let go, as a Response's body is, so a page is not kept twice while its items are read.
      const take = () => {
        const body = text;
        text = undefined;
        return body === undefined
          ? Promise.reject(new TypeError("Body is unusable: Body has already been read"))
          : Promise.resolve(body);
      };
      response.text = take;
      response.json = () => take().then(JSON.parse);
      return response;
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      if (error instanceof ClientError) throw error;
      const site = siteOf(request, call, context);
      throw timer.timedOut(error) ? new TimeoutError(site, timeoutMs) : new NetworkError(site, error);
    } finally {
      timer.clear();
      if (pacer) call.rateLimit = pacer.answered(response?.status, response?.headers);
    }
  };
}

/** openapi-fetch lets a 2xx body that is not JSON through as a bare SyntaxError: this names the call instead. */
export function invalidJson(context: Context): Context["rethrow"] {
  return (error, call) =>
    error instanceof SyntaxError && call.sent
      ? new ResponseError(
          "invalid-json",
          "the body of a 2xx answer is not JSON",
          siteOf(call.sent, call, context),
          call.status,
          {
            cause: error,
          },
        )
      : undefined;
}

/** Waits while the pacer says so (up to `maxMs` at a time, never past `deadline`); resolves with the time held. */
async function hold(pacer: Pacer, maxMs: number, deadline: number | undefined, signal: AbortSignal): Promise<number> {
  let held = 0;
  for (let wait = pacer.delay(); wait > 0 && wait <= maxMs; wait = pacer.delay()) {
    if (deadline !== undefined && Date.now() + wait >= deadline) break;
    await sleep(wait, signal);
    held += wait;
  }
  return held;
}
