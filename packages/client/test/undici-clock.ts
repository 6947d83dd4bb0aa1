// On Node the client's timeouts are undici's `headersTimeout` and `bodyTimeout`, which undici runs
// on one timer that it makes with the process's first request and keeps (vitest runs each test
// file in a process of its own). `timeoutsOnFakeClock` makes that first request while vitest's
// clock is faked, for the whole file: a timeout then fires when a test moves the clock, once the
// server holds the request, never because the machine was slow to answer.
import { afterAll, beforeAll, vi } from "vitest";
import { startServer } from "./support/http.js";

/** undici looks at its timers every half second: a timeout fires up to this long after it is due. */
const UNDICI_RESOLUTION_MS = 1_000;

/** Call at the top of a test file, before any request. setImmediate stays real. */
export function timeoutsOnFakeClock(): void {
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const server = await startServer(
      (_request, response) => void response.writeHead(200, { connection: "close" }).end(),
    );
    try {
      await (await fetch(server.origin)).arrayBuffer();
    } finally {
      await server.close();
    }
    if (vi.getTimerCount() !== 1) {
      throw new Error(`expected undici's timer on vitest's clock, found ${vi.getTimerCount()} fake timers`);
    }
  });
  afterAll(() => {
    vi.useRealTimers();
  });
}

/** Moves the clock past every timeout of `timeoutMs` armed so far (and any shorter wait): each fires. */
export function expireTimeouts(timeoutMs: number): void {
  vi.advanceTimersByTime(timeoutMs + UNDICI_RESOLUTION_MS);
}

/** Yields to the event loop until `done`. */
export async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}
