import { createBuildkiteClient, NetworkError } from "@ci-artifacts/client/buildkite";
import { type RetryEvent, retry } from "@ci-artifacts/client/retry";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BUDDY_LIST,
  BUDDY_ONE,
  clients,
  closeServers,
  created,
  cutBody,
  ONE,
  ok,
  params,
  reset,
  scripted,
  settle,
  status,
  TOKEN,
} from "./scripted.js";
import { double, json, text } from "./support/double.js";

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await closeServers();
});

describe("retries", () => {
  it.each([
    {
      name: "GET after a 503 burst",
      given: { method: "GET", steps: [status(503), status(503), ok] },
      want: { requests: 3, status: 200, reasons: ["server-error", "server-error"] },
    },
    {
      name: "GET after 502 and 504",
      given: { method: "GET", steps: [status(502), status(504), ok] },
      want: { requests: 3, status: 200, reasons: ["server-error", "server-error"] },
    },
    {
      name: "GET gives up after 3 retries",
      given: { method: "GET", steps: [status(503)] },
      want: { requests: 4, status: 503, reasons: ["server-error", "server-error", "server-error"] },
    },
    {
      name: "GET is not retried on 500",
      given: { method: "GET", steps: [status(500), ok] },
      want: { requests: 1, status: 500, reasons: [] },
    },
    {
      name: "GET after a connection reset",
      given: { method: "GET", steps: [reset, ok] },
      want: { requests: 2, status: 200, reasons: ["network"] },
    },
    {
      name: "GET after a body cut short",
      given: { method: "GET", steps: [cutBody, ok] },
      want: { requests: 2, status: 200, reasons: ["network"] },
    },
    {
      name: "DELETE after a 503",
      given: { method: "DELETE", steps: [status(503), status(204)] },
      want: { requests: 2, status: 204, reasons: ["server-error"] },
    },
    {
      name: "POST is not retried on 503",
      given: { method: "POST", steps: [status(503), created] },
      want: { requests: 1, status: 503, reasons: [] },
    },
    {
      name: "PATCH is not retried on 502",
      given: { method: "PATCH", steps: [status(502), ok] },
      want: { requests: 1, status: 502, reasons: [] },
    },
    {
      name: "POST is retried after a 429, with its body",
      given: { method: "POST", steps: [status(429, { "retry-after": "0" }), created] },
      want: { requests: 2, status: 201, reasons: ["rate-limited"] },
    },
    {
      name: "PATCH is retried after a 429, with its body",
      given: { method: "PATCH", steps: [status(429, { "retry-after": "0" }), ok] },
      want: { requests: 2, status: 200, reasons: ["rate-limited"] },
    },
  ])("$name", async ({ given, want }) => {
    const server = await scripted(given.steps);
    const { buddy, events } = clients(server);
    const path = { workspace: "acme", artifact_id: "a1" };
    const body = { name: "n", type: "BUCKET", scope: "WORKSPACE" } as const;
    const call =
      given.method === "GET"
        ? buddy.GET(BUDDY_ONE, { params: { path } })
        : given.method === "DELETE"
          ? buddy.DELETE(BUDDY_ONE, { params: { path } })
          : given.method === "POST"
            ? buddy.POST(BUDDY_LIST, { params: { path }, body })
            : buddy.PATCH(BUDDY_ONE, { params: { path }, body: { name: "n" } });
    const { response } = await call;
    expect(response.status).toBe(want.status);
    expect(server.requests.map((r) => r.method)).toEqual(Array(want.requests).fill(given.method));
    expect(new Set(server.requests.map((r) => r.body)).size).toBeLessThanOrEqual(1);
    expect(events.map((e) => e.reason)).toEqual(want.reasons);
    expect(events.map((e) => e.attempt)).toEqual(want.reasons.map((_, i) => i + 1));
    expect(events.every((e) => e.path === (given.method === "POST" ? BUDDY_LIST : BUDDY_ONE))).toBe(true);
  });

  it.each([
    { name: "a POST whose connection breaks", given: reset },
    { name: "a POST whose answer is cut short", given: cutBody },
  ])("$name is not sent again", async ({ given }) => {
    const server = await scripted([given, created]);
    const { thrown } = await settle(
      clients(server).buddy.POST(BUDDY_LIST, {
        params: { path: { workspace: "acme" } },
        body: { name: "n", type: "BUCKET", scope: "WORKSPACE" },
      }),
    );
    expect(thrown).toBeInstanceOf(NetworkError);
    expect(thrown).toMatchObject({
      method: "POST",
      path: `${server.origin}/api/workspaces/acme/artifacts`,
      attempts: 1,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("retries: 0 sends once", async () => {
    const server = await scripted([status(503), ok]);
    const { response } = await clients(server, { retries: 0 }).buildkite.GET(ONE, { params });
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it("asks a token function again for every attempt", async () => {
    const server = await scripted([status(503), ok]);
    const tokens = ["first-token", "second-token"];
    const client = createBuildkiteClient({
      token: async () => tokens.shift() ?? "none",
      baseUrl: `${server.origin}/v2`,
      plugins: [retry({ baseDelayMs: 1 })],
    });
    await client.GET(ONE, { params });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer first-token", "Bearer second-token"]);
  });

  it("an abort during a retry wait rejects at once and sends nothing more", async () => {
    const server = await scripted([status(429, { "ratelimit-reset": "30" }), ok]);
    const controller = new AbortController();
    const { buildkite } = clients(server, { onRetry: () => controller.abort(new Error("stop waiting")) });
    await expect(buildkite.GET(ONE, { params, signal: controller.signal })).rejects.toThrow("stop waiting");
    expect(server.requests).toHaveLength(1);
  });
});

/** Steps through each retry's wait on vitest's fake clock: no request leaves a millisecond early, and the next one leaves when the wait is over. */
async function stepThrough(events: RetryEvent[], sent: unknown[], waits: number[]): Promise<void> {
  for (const [i, wait] of waits.entries()) {
    while (events.length <= i) await vi.advanceTimersByTimeAsync(0);
    expect(events[i]?.delayMs, `wait ${i + 1}`).toBe(wait);
    await vi.advanceTimersByTimeAsync(wait - 1);
    expect(sent, `a request left before the ${wait} ms wait was over`).toHaveLength(i + 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent, `no request left when the ${wait} ms wait was over`).toHaveLength(i + 2);
  }
}

describe("rate-limit waits (fake timers, a fetch double)", () => {
  const TWENTY_SIX = Date.UTC(2026, 0, 2, 3, 4, 5);
  it.each<{ name: string; given: { status?: number; headers: Record<string, string>; now?: number }; want: number }>([
    {
      name: "429 waits for RateLimit-Reset in seconds",
      given: { headers: { "ratelimit-reset": "3", "ratelimit-remaining": "0" } },
      want: 3000,
    },
    { name: "429 waits for Retry-After in seconds", given: { headers: { "retry-after": "7" } }, want: 7000 },
    {
      name: "429 waits for the longer of RateLimit-Reset and Retry-After",
      given: { headers: { "ratelimit-reset": "2", "retry-after": "4" } },
      want: 4000,
    },
    {
      name: "429 waits for Retry-After as an HTTP date",
      given: { headers: { "retry-after": new Date(TWENTY_SIX + 9_000).toUTCString() }, now: TWENTY_SIX },
      want: 9000,
    },
    {
      name: "503 waits for Retry-After in seconds",
      given: { status: 503, headers: { "retry-after": "5" } },
      want: 5000,
    },
    {
      name: "503 waits for Retry-After as an HTTP date",
      given: { status: 503, headers: { "retry-after": new Date(TWENTY_SIX + 12_000).toUTCString() }, now: TWENTY_SIX },
      want: 12_000,
    },
  ])("$name, not a millisecond less", async ({ given, want }) => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: given.now ?? Date.now() });
    const status = given.status ?? 429;
    const { fetch, sent } = double(
      json(status, { message: "You have exceeded your API rate limit." }, given.headers),
      json(200, { id: "a1" }),
    );
    const events: RetryEvent[] = [];
    const client = createBuildkiteClient({
      token: TOKEN,
      baseUrl: "https://api.example.test/v2",
      fetch,
      plugins: [retry({ onRetry: (event) => events.push(event) })],
    });
    const result = settle(client.GET(ONE, { params }));
    await stepThrough(events, sent, [want]);
    expect(events[0]).toMatchObject({ reason: status === 429 ? "rate-limited" : "server-error", status, attempt: 1 });
    expect((await result).value?.data).toEqual({ id: "a1" });
  });

  it("backs off 500 ms, then 1,000, then no more than maxDelayMs (the top of each jitter range)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    // The largest draw Math.random can make: every wait is its whole step.
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const { fetch, sent } = double(text(503), text(503), text(503), json(200, { id: "a1" }));
    const events: RetryEvent[] = [];
    const client = createBuildkiteClient({
      token: TOKEN,
      baseUrl: "https://api.example.test/v2",
      fetch,
      plugins: [retry({ baseDelayMs: 500, maxDelayMs: 1_500, onRetry: (event) => events.push(event) })],
    });
    const result = settle(client.GET(ONE, { params }));
    await stepThrough(events, sent, [500, 1_000, 1_500]);
    expect((await result).value?.data).toEqual({ id: "a1" });
    expect(events.map((e) => e.reason)).toEqual(["server-error", "server-error", "server-error"]);
  });

  it.each([
    { name: "retries: 0", plugins: () => [retry({ retries: 0 })] },
    { name: "no retry plugin", plugins: () => [] },
  ])("with $name a 429 is the answer: one request, no wait", async ({ plugins }) => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const body = { message: "You have exceeded your API rate limit." };
    const { fetch, sent } = double(json(429, body, { "retry-after": "1" }), json(200, { id: "a1" }));
    const client = createBuildkiteClient({
      token: TOKEN,
      baseUrl: "https://api.example.test/v2",
      fetch,
      plugins: plugins(),
    });
    let settled: Awaited<ReturnType<typeof client.GET>> | undefined;
    void client.GET(ONE, { params }).then((result) => {
      settled = result;
    });
    // Nothing is in flight but the fetch double's answer: the call ends within a few turns, without the clock moving.
    for (let turn = 0; turn < 20 && settled === undefined; turn++)
      await new Promise((resolve) => setImmediate(resolve));
    expect({ status: settled?.response.status, error: settled?.error, sent: sent.length }).toEqual({
      status: 429,
      error: body,
      sent: 1,
    });
  });

  it("a wait longer than maxRetryAfterMs is not waited: the 429 is the answer", async () => {
    const body = {
      message: "You have exceeded your API rate limit.",
      scope: "rest_user",
      limit: 50,
      current: 55,
      reset: 600,
    };
    const { fetch, sent } = double(json(429, body, { "ratelimit-reset": "600" }), json(200, { id: "a1" }));
    const events: RetryEvent[] = [];
    const client = createBuildkiteClient({
      token: TOKEN,
      baseUrl: "https://api.example.test/v2",
      fetch,
      plugins: [retry({ maxRetryAfterMs: 60_000, onRetry: (event) => events.push(event) })],
    });
    const { error, response } = await client.GET(ONE, { params });
    expect({
      status: response.status,
      reset: response.headers.get("ratelimit-reset"),
      error,
      events,
      sent: sent.length,
    }).toEqual({
      status: 429,
      reset: "600",
      error: body,
      events: [],
      sent: 1,
    });
  });
});
