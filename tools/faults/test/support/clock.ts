// The suite's clock for timeouts. On Node the client's per-attempt timeouts are undici's own
// (`headersTimeout`, `bodyTimeout`), and undici runs all of them on one timer that it makes with
// the process's first request and keeps. That first request is made here, with this clock's
// setTimeout: from then on an attempt times out only when the suite moves this clock on, which it
// does only while the servers hold every request in flight (a hang, a stall). So an answer that
// comes, however late on a loaded machine, never meets a timeout, and a held request always does.
// The caller's own deadlines (`timeoutSignal`) run on it too. Retry waits do not: they are the
// client's own setTimeout (real, or vitest's fake timers where a row steps through them).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import FakeTimers from "@sinonjs/fake-timers";

const clock = FakeTimers.createClock(0);

/** undici looks at its timers every half second: a timeout fires up to this long after it is due. */
const UNDICI_RESOLUTION_MS = 1_000;

const server = createServer((_request, response) => response.writeHead(200, { connection: "close" }).end("ok"));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
Object.assign(globalThis, { setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout });
try {
  // `connection: close` from the server: no keep-alive timer is made while the clock is swapped in.
  await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).text();
} finally {
  Object.assign(globalThis, real);
  server.close();
}
if (clock.countTimers() !== 1) {
  throw new Error(
    `test/support/clock.ts: expected undici's timer on the suite's clock, found ${clock.countTimers()} timers: ` +
      "a request went out before this module was loaded, or undici keeps its timers differently",
  );
}

/**
 * Moves the clock past every timeout of `timeoutMs` armed so far, at once: every attempt then in
 * flight times out. Call it only when each one is held by a server.
 */
export function expireTimeouts(timeoutMs: number): void {
  clock.tick(timeoutMs + UNDICI_RESOLUTION_MS);
}

/**
 * Lets undici forget the timers of attempts that have ended (it drops them at its next look),
 * so that a heap reading does not count them. Only with nothing in flight.
 */
export function dropSpentTimers(): void {
  clock.tick(UNDICI_RESOLUTION_MS);
}

/** `AbortSignal.timeout(ms)` on the suite's clock: aborted with the same TimeoutError once the clock has moved `ms`. */
export function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  clock.setTimeout(
    () => controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")),
    ms,
  );
  return controller.signal;
}
