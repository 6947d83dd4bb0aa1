// The events plugin, `@ci-artifacts/client/events`: one event per request, for logging and
// metrics, built from the call's path template, never its URL, so no token or presigned
// signature can reach a log. Listed after `retry()`, it sees every attempt.
import { ClientError } from "./errors.js";
import type { AttemptEvent } from "./options.js";
import type { Plugin } from "./pipeline.js";

export function events(listener: (event: AttemptEvent) => void): Plugin {
  return {
    call: (next) => async (request, call) => {
      const startedAt = Date.now();
      const target = call.mode === "storage" ? "storage" : "api";
      const event = { method: call.method, path: call.template, target } as AttemptEvent;
      try {
        const response = await next(request, call);
        event.status = response.status;
        return response;
      } catch (error) {
        if (error instanceof ClientError && /^(Timeout|Network)Error$/.test(error.name)) {
          event.failure = error.name === "TimeoutError" ? "timeout" : "network";
        }
        throw error;
      } finally {
        event.attempt = call.attempt;
        event.heldMs = call.heldMs ?? 0;
        event.durationMs = Date.now() - startedAt - event.heldMs;
        if (call.rateLimit) event.rateLimit = call.rateLimit;
        listener(event);
      }
    },
  };
}
