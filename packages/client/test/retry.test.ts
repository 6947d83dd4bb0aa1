import type { ServerResponse } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createBuddyClient } from "@ci-artifacts/client/buddy";
import { createBuildkiteClient, NetworkError, TimeoutError } from "@ci-artifacts/client/buildkite";
import { download } from "@ci-artifacts/client/download";
import { type RetryEvent, type RetryOptions, retry } from "@ci-artifacts/client/retry";
import { afterEach, describe, expect, it, vi } from "vitest";
import { double, json, text } from "./support/double.js";
import { type Recorded, sendJson, startServer, type TestServer } from "./support/http.js";

const TOKEN = "a-token-for-retries";
const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}" as const;
const ids = { org_slug: "acme", pipeline_slug: "web", build_number: 42, job_id: "j", artifact_id: "a1" };
const params = { path: ids };
const BUDDY_LIST = "/workspaces/{workspace}/artifacts" as const;
const BUDDY_ONE = "/workspaces/{workspace}/artifacts/{artifact_id}" as const;

type Step = (request: Recorded, response: ServerResponse) => void;
const ok: Step = (_q, r) => sendJson(r, 200, { id: "a1" });
const created: Step = (_q, r) => sendJson(r, 201, { id: "x", name: "n" });
const status =
  (code: number, headers: Record<string, string> = {}): Step =>
  (_q, r) =>
    void r.writeHead(code, { "content-length": "0", ...headers }).end();
const reset: Step = (_q, r) => r.socket?.destroy();
const silent: Step = () => undefined;
const cutBody: Step = (_q, r) => {
  r.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  r.write('{"id":', () => r.socket?.destroy());
};
const stall: Step = (_q, r) => {
  r.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  r.write('[{"id":');
};

let servers: TestServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A server that answers request n with steps[n] (the last step repeats). */
async function scripted(steps: Step[]): Promise<TestServer> {
  const server = await startServer((request, response, index) =>
    (steps[Math.min(index, steps.length - 1)] as Step)(request, response),
  );
  servers.push(server);
  return server;
}

function clients(server: TestServer, options: RetryOptions = {}) {
  const events: RetryEvent[] = [];
  const plugin = () => retry({ baseDelayMs: 1, onRetry: (event) => events.push(event), ...options });
  return {
    events,
    buildkite: createBuildkiteClient({ token: TOKEN, baseUrl: `${server.origin}/v2`, plugins: [plugin()] }),
    buddy: createBuddyClient({ token: TOKEN, baseUrl: `${server.origin}/api`, plugins: [plugin()] }),
  };
}

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value, thrown: undefined }),
    (thrown: unknown) => ({ value: undefined, thrown }),
  );

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

describe("rate-limit waits (fake timers, a fetch double)", () => {
  it.each<{ name: string; given: { headers: Record<string, string>; now?: number }; want: number }>([
    {
      name: "RateLimit-Reset in seconds",
      given: { headers: { "ratelimit-reset": "3", "ratelimit-remaining": "0" } },
      want: 3000,
    },
    { name: "Retry-After in seconds", given: { headers: { "retry-after": "7" } }, want: 7000 },
    {
      name: "the longer of RateLimit-Reset and Retry-After",
      given: { headers: { "ratelimit-reset": "2", "retry-after": "4" } },
      want: 4000,
    },
    {
      name: "Retry-After as an HTTP date",
      given: {
        headers: { "retry-after": new Date(Date.UTC(2026, 0, 2, 3, 4, 14)).toUTCString() },
        now: Date.UTC(2026, 0, 2, 3, 4, 5),
      },
      want: 9000,
    },
  ])("429 waits for $name, not a millisecond less", async ({ given, want }) => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: given.now ?? Date.now() });
    const { fetch, sent } = double(
      json(429, { message: "You have exceeded your API rate limit." }, given.headers),
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
    while (events.length === 0) await vi.advanceTimersByTimeAsync(0);
    expect(events[0]).toMatchObject({ reason: "rate-limited", status: 429, delayMs: want, attempt: 1 });
    await vi.advanceTimersByTimeAsync(want - 1);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await result).value?.data).toEqual({ id: "a1" });
    expect(sent).toHaveLength(2);
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
    const { buildkite } = clients(server, { timeoutMs: 100, retries: given.retries });
    const { thrown } = await settle(buildkite.GET(ONE, { params }));
    expect(thrown).toBeInstanceOf(TimeoutError);
    expect(thrown).toMatchObject({ attempts: want.attempts, timeoutMs: 100, method: "GET" });
    expect((thrown as Error).message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/v2\/organizations\/acme\/.*no answer within 100 ms/,
    );
    expect(server.requests).toHaveLength(want.requests);
  });

  it("a slow answer to a POST is not sent again", async () => {
    const server = await scripted([silent]);
    const { thrown } = await settle(
      clients(server, { timeoutMs: 100 }).buddy.POST(BUDDY_LIST, {
        params: { path: { workspace: "acme" } },
        body: { name: "n", type: "BUCKET", scope: "WORKSPACE" },
      }),
    );
    expect(thrown).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

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
