// What the modules of this package share and users never see.
import type { Context } from "./pipeline.js";

/**
 * The key under which a client keeps its pipeline for the helpers on subpaths, and under which a
 * helper's init describes its call (`{ template, mode }`, for a path given as a concrete URL).
 * `Symbol.for`, so two copies of this package agree.
 */
export const INTERNAL: unique symbol = Symbol.for("@ci-artifacts/client") as never;

export function context(client: object): Context {
  const found = (client as { [INTERNAL]?: Context })[INTERNAL];
  if (!found) throw new TypeError("expected a client made by createBuildkiteClient or createBuddyClient");
  return found;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal?.addEventListener("abort", stop, { once: true });
  });
}
