import { describe, expect, it, vi } from "vitest";
import { createTimeouts } from "../src/timeout.js";
import { startServer } from "./support/http.js";
import { expireTimeouts, timeoutsOnFakeClock, until } from "./undici-clock.js";

// undici's timeouts on vitest's clock: each fires when a test moves the clock (undici-clock.ts).

timeoutsOnFakeClock();

describe("timeouts", () => {
  it.each([
    { name: "zero", given: 0 },
    { name: "negative", given: -5 },
    { name: "past a timer's range", given: 2 ** 31 },
    { name: "NaN", given: Number.NaN },
  ])("refuse $name", ({ given }) => {
    expect(() => createTimeouts(given)).toThrow(/timeoutMs must be a number in 1\.\.2147483647 or Infinity, got/);
  });

  it("on undici: no timer and no signal per call, the same init every time", () => {
    const timeouts = createTimeouts(1_000, true);
    const request = new Request("https://x.test/");
    const first = timeouts(request, false);
    expect(first.init).toHaveProperty("dispatcher");
    expect(first.init).not.toHaveProperty("signal");
    expect(timeouts(request, false)).toBe(first);
    expect(timeouts(request, true)).not.toBe(first);
  });

  it.each([
    { name: "headers that never come", given: { stream: false, headers: false }, want: "timed out" },
    { name: "a body that stalls", given: { stream: false, headers: true }, want: "timed out" },
    {
      name: "a streamed body that pauses: read to its end",
      given: { stream: true, headers: true },
      want: "start, end",
    },
  ])("on undici, $name", async ({ given, want }) => {
    // The server pauses in the middle until the clock has moved far past the 50 ms timeout.
    let finish: (() => void) | undefined;
    const server = await startServer((_request, response) => {
      if (given.headers) response.writeHead(200, { "content-length": "10" }).write("start");
      finish = () => response.end(", end");
    });
    try {
      const timer = createTimeouts(50, true)(new Request(server.origin), given.stream);
      let headers = false;
      const outcome = fetch(server.origin, timer.init)
        .then((response) => {
          headers = true;
          return response.text();
        })
        .catch((error: unknown) => (timer.timedOut(error) ? "timed out" : `failed: ${String(error)}`));
      await until(() => finish !== undefined && (headers || !given.headers));
      expireTimeouts(50);
      finish?.();
      expect(await outcome).toBe(want);
    } finally {
      await server.close();
    }
  });

  it("elsewhere: a signal per attempt that follows the caller's too, and a timer cleared after", () => {
    const caller = new AbortController();
    const timeouts = createTimeouts(20, false);
    const cleared = timeouts(new Request("https://x.test/"), false);
    cleared.clear();
    const fired = timeouts(new Request("https://x.test/"), false);
    vi.advanceTimersByTime(19);
    const early = fired.timedOut(undefined);
    vi.advanceTimersByTime(1);
    const followed = timeouts(new Request("https://x.test/", { signal: caller.signal }), false);
    caller.abort(new Error("caller"));
    expect({
      cleared: cleared.init?.signal?.aborted,
      early,
      fired: fired.timedOut(undefined),
      reason: (fired.init?.signal?.reason as Error | undefined)?.name,
      followed: followed.init?.signal?.reason,
    }).toEqual({ cleared: false, early: false, fired: true, reason: "TimeoutError", followed: new Error("caller") });
    followed.clear();
  });

  it("Infinity: none at all", () => {
    expect(createTimeouts(Infinity, false)(new Request("https://x.test/"), false).init).toBeUndefined();
    expect(createTimeouts(Infinity, true)(new Request("https://x.test/"), false).init).toHaveProperty("dispatcher");
  });
});
