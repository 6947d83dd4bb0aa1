// The retry plugin's timeouts and deadline. Timeouts run on vitest's fake clock (see
// undici-clock.ts): each one fires when the server holds the request and the test moves the
// clock on, so an attempt never times out because the machine was slow.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createBuildkiteClient, TimeoutError } from "@ci-artifacts/client/buildkite";
import { download } from "@ci-artifacts/client/download";
import { type RetryEvent, retry } from "@ci-artifacts/client/retry";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BUDDY_LIST,
  clients,
  closeServers,
  ids,
  ONE,
  params,
  scripted,
  settle,
  silent,
  stall,
  status,
  TOKEN,
} from "./scripted.js";
import { double, text } from "./support/double.js";
import type { TestServer } from "./support/http.js";
import { expireTimeouts, timeoutsOnFakeClock } from "./undici-clock.js";

timeoutsOnFakeClock();
afterEach(async () => {
  await closeServers();
});

/**
 * Until `call` ends: each new request the server holds times out (the clock moves past
 * `timeoutMs`), and each retry's wait is stepped through. Nothing else is ever in flight.
 */
async function drive(call: Promise<unknown>, server: TestServer, events: RetryEvent[], timeoutMs: number) {
  let ended = false;
  void call.finally(() => {
    ended = true;
  });
  for (let held = 0, waited = 0; !ended; await new Promise((resolve) => setImmediate(resolve))) {
    if (server.requests.length > held) {
      held++;
      expireTimeouts(timeoutMs);
    } else if (events.length > waited) {
      vi.advanceTimersByTime((events[waited++] as RetryEvent).delayMs);
    }
  }
}

describe("timeouts and the deadline", () => {
  it.each([
    { name: "headers that never come", given: { steps: [silent], retries: 0 }, want: { attempts: 1, requests: 1 } },
    {
      name: "headers that never come, retried once",
      given: { steps: [silent], retries: 1 },
      want: { attempts: 2, requests: 2 },
    },
    { name: "a body that stalls", given: { steps: [stall], retries: 0 }, want: { attempts: 1, requests: 1 } },
  ])("$name end in TimeoutError", async ({ given, want }) => {
    const server = await scripted(given.steps);
    const { buildkite, events } = clients(server, { timeoutMs: 100, retries: given.retries });
    const call = settle(buildkite.GET(ONE, { params }));
    await drive(call, server, events, 100);
    const { thrown } = await call;
    expect(thrown).toBeInstanceOf(TimeoutError);
    expect(thrown).toMatchObject({ attempts: want.attempts, timeoutMs: 100, method: "GET" });
    expect((thrown as Error).message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/v2\/organizations\/acme\/.*no answer within 100 ms/,
    );
    expect(server.requests).toHaveLength(want.requests);
  });

  it("a slow answer to a POST is not sent again", async () => {
    const server = await scripted([silent]);
    const { buddy, events } = clients(server, { timeoutMs: 100 });
    const call = settle(
      buddy.POST(BUDDY_LIST, {
        params: { path: { workspace: "acme" } },
        body: { name: "n", type: "BUCKET", scope: "WORKSPACE" },
      }),
    );
    await drive(call, server, events, 100);
    expect((await call).thrown).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  // The deadline is an AbortSignal.timeout, on the real clock; the server never answers.
  it("deadlineMs ends a call across its attempts, even with a long timeout per attempt", async () => {
    const server = await scripted([silent]);
    const { buildkite, events } = clients(server, { timeoutMs: 60_000, deadlineMs: 300 });
    const { thrown } = await settle(buildkite.GET(ONE, { params }));
    expect(thrown).toBeInstanceOf(TimeoutError);
    expect((thrown as Error).message).toMatch(/deadline of 300 ms \(attempt 1\)$/);
    expect({ requests: server.requests.length, retries: events.length }).toEqual({ requests: 1, retries: 0 });
  });

  it("no wait is started that would end past the deadline: the answer stands", async () => {
    const { fetch, sent } = double(text(503, "", { "retry-after": "5" }));
    const client = createBuildkiteClient({
      token: TOKEN,
      baseUrl: "https://api.example.test/v2",
      fetch,
      plugins: [retry({ deadlineMs: 1_000 })],
    });
    const { response } = await client.GET(ONE, { params });
    expect({ status: response.status, sent: sent.length }).toEqual({ status: 503, sent: 1 });
  });
});

describe("aborts survive garbage collection", () => {
  // undici's fetch follows a Request's signal only while the Request is reachable
  // (nodejs/undici#4068, nodejs/node#55428): once it is collected, an abort never lands.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const collect = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  it.each([
    { name: "headers that never come", given: { step: silent, abort: false }, want: "TimeoutError" },
    { name: "a body that stalls", given: { step: stall, abort: false }, want: "TimeoutError" },
    { name: "the caller's abort of a stalled answer", given: { step: stall, abort: true }, want: "caller gave up" },
  ])("$name: still ends after a collection", async ({ given, want }) => {
    const server = await scripted([given.step]);
    const controller = new AbortController();
    const { buildkite } = clients(server, { timeoutMs: given.abort ? 60_000 : 500, retries: 0 });
    const call = settle(buildkite.GET(ONE, { params, signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await collect();
    if (given.abort) controller.abort(new Error("caller gave up"));
    else expireTimeouts(500);
    const { thrown } = await call;
    expect(thrown instanceof TimeoutError ? thrown.name : (thrown as Error).message).toBe(want);
  });

  it("the caller's abort of a streaming download, after a collection", async () => {
    const storage = await scripted([stall]);
    const server = await scripted([status(302, { location: `${storage.origin}/file` })]);
    const controller = new AbortController();
    const response = await download(clients(server).buildkite, ids, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    await collect();
    controller.abort(new Error("caller gave up"));
    await expect(reader.read()).rejects.toThrow("caller gave up");
  });
});
