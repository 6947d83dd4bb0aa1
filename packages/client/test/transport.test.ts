import type { ServerResponse } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createBuddyClient } from "@ci-artifacts/client/buddy";
import {
  ApiError,
  ClientError,
  createBuildkiteClient,
  NetworkError,
  ResponseError,
  type RetryEvent,
  TimeoutError,
} from "@ci-artifacts/client/buildkite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BUILD, JOBS, ORG, PIPELINE, TOKEN } from "./support/fake-buildkite.js";
import { type Recorded, sendJson, startServer, type TestServer } from "./support/http.js";

const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}" as const;
const params = {
  path: { org_slug: ORG, pipeline_slug: PIPELINE, build_number: BUILD, job_id: JOBS[0], artifact_id: "a1" },
};
const ARTIFACT = { id: "a1", path: "dist/app.tgz" };
const BUDDY_LIST = "/workspaces/{workspace}/artifacts" as const;
const BUDDY_ONE = "/workspaces/{workspace}/artifacts/{artifact_id}" as const;

type Step = (request: Recorded, response: ServerResponse) => void;
const ok: Step = (_q, r) => sendJson(r, 200, ARTIFACT);
const created: Step = (_q, r) => sendJson(r, 201, { id: "x", name: "n" });
const status =
  (code: number, headers: Record<string, string> = {}, body = ""): Step =>
  (_q, r) => {
    r.writeHead(code, { "content-length": Buffer.byteLength(body), ...headers }).end(body);
  };
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

function buildkite(server: TestServer, options: Parameters<typeof createBuildkiteClient>[0] = {}) {
  const events: RetryEvent[] = [];
  const client = createBuildkiteClient({
    token: TOKEN,
    baseUrl: `${server.origin}/v2`,
    retry: { baseDelayMs: 1 },
    onRetry: (event) => events.push(event),
    ...options,
  });
  return { client, events };
}

function buddy(server: TestServer, options: Parameters<typeof createBuddyClient>[0] = {}) {
  const events: RetryEvent[] = [];
  const client = createBuddyClient({
    token: TOKEN,
    baseUrl: `${server.origin}/api`,
    retry: { baseDelayMs: 1 },
    onRetry: (e) => events.push(e),
    ...options,
  });
  return { client, events };
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
      name: "POST is retried after a 429",
      given: { method: "POST", steps: [status(429, { "retry-after": "0" }), created] },
      want: { requests: 2, status: 201, reasons: ["rate-limited"] },
    },
    {
      name: "PATCH is retried after a 429",
      given: { method: "PATCH", steps: [status(429, { "retry-after": "0" }), ok] },
      want: { requests: 2, status: 200, reasons: ["rate-limited"] },
    },
  ])("$name", async ({ given, want }) => {
    const server = await scripted(given.steps);
    const { client, events } = buddy(server);
    const path = { workspace: "acme", artifact_id: "a1" };
    const body = { name: "n", type: "BUCKET", scope: "WORKSPACE" } as const;
    const call =
      given.method === "GET"
        ? client.GET(BUDDY_ONE, { params: { path } })
        : given.method === "DELETE"
          ? client.DELETE(BUDDY_ONE, { params: { path } })
          : given.method === "POST"
            ? client.POST(BUDDY_LIST, { params: { path }, body })
            : client.PATCH(BUDDY_ONE, { params: { path }, body: { name: "n" } });
    const { response } = await call;
    expect(response.status).toBe(want.status);
    expect(server.requests).toHaveLength(want.requests);
    expect(server.requests.every((r) => r.method === given.method)).toBe(true);
    expect(events.map((e) => e.reason)).toEqual(want.reasons);
    expect(events.map((e) => e.attempt)).toEqual(want.reasons.map((_, i) => i + 1));
  });

  it("a POST whose connection breaks is not sent again", async () => {
    const server = await scripted([reset, created]);
    const { client } = buddy(server);
    const { thrown } = await settle(
      client.POST(BUDDY_LIST, {
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

  it("a POST whose answer is cut short is not sent again", async () => {
    const server = await scripted([cutBody, created]);
    const { client } = buddy(server);
    const { thrown } = await settle(
      client.POST(BUDDY_LIST, {
        params: { path: { workspace: "acme" } },
        body: { name: "n", type: "BUCKET", scope: "WORKSPACE" },
      }),
    );
    expect(thrown).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(1);
  });

  it("retry: false sends once", async () => {
    const server = await scripted([status(503), ok]);
    const { client } = buildkite(server, { retry: false });
    const { response } = await client.GET(ONE, { params });
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it("asks a token function again for every attempt", async () => {
    const server = await scripted([status(503), ok]);
    const tokens = ["first-token", "second-token"];
    const { client } = buildkite(server, { token: async () => tokens.shift() ?? "none" });
    await client.GET(ONE, { params });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer first-token", "Bearer second-token"]);
  });

  it("an abort during a retry wait rejects at once and sends nothing more", async () => {
    const server = await scripted([status(429, { "ratelimit-reset": "30" }), ok]);
    const controller = new AbortController();
    const { client } = buildkite(server, { onRetry: () => controller.abort(new Error("stop waiting")) });
    await expect(client.GET(ONE, { params, signal: controller.signal })).rejects.toThrow("stop waiting");
    expect(server.requests).toHaveLength(1);
  });
});

describe("rate-limit waits (fake timers)", () => {
  const secondRequestWaitsFor = async (steps: Step[], waitMs: number, now?: number) => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: now ?? Date.now() });
    const server = await scripted(steps);
    let retried!: (event: RetryEvent) => void;
    const event$ = new Promise<RetryEvent>((resolve) => {
      retried = resolve;
    });
    const result = settle(buildkite(server, { onRetry: retried }).client.GET(ONE, { params }));
    const event = await event$;
    expect(event).toMatchObject({ reason: "rate-limited", status: 429, delayMs: waitMs, attempt: 1 });
    await vi.advanceTimersByTimeAsync(waitMs - 1);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    expect((await result).value?.response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  };

  it.each<{ name: string; given: { headers: Record<string, string> }; want: number }>([
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
  ])("429 waits for $name", async ({ given, want }) => {
    const body = JSON.stringify({
      message: "You have exceeded your API rate limit.",
      scope: "rest_user",
      limit: 50,
      current: 55,
      reset: 3,
    });
    await secondRequestWaitsFor(
      [status(429, { "content-type": "application/json", ...given.headers }, body), ok],
      want,
    );
  });

  it("429 waits for Retry-After as an HTTP date", async () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5);
    await secondRequestWaitsFor([status(429, { "retry-after": new Date(now + 9000).toUTCString() }), ok], 9000, now);
  });

  it("a wait longer than maxRetryAfterMs is not waited: the 429 is the answer", async () => {
    const body = JSON.stringify({
      message: "You have exceeded your API rate limit.",
      scope: "rest_user",
      limit: 50,
      current: 55,
      reset: 600,
    });
    const server = await scripted([
      status(429, { "ratelimit-reset": "600", "content-type": "application/json" }, body),
      ok,
    ]);
    const { client, events } = buildkite(server, { retry: { maxRetryAfterMs: 60_000 } });
    const { error, response } = await client.GET(ONE, { params });
    expect(response.status).toBe(429);
    expect(response.headers.get("ratelimit-reset")).toBe("600");
    expect(error).toEqual(JSON.parse(body));
    expect(events).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});

describe("timeouts", () => {
  it.each([
    {
      name: "headers that never come",
      given: { steps: [silent], retry: false as const },
      want: { attempts: 1, requests: 1 },
    },
    {
      name: "headers that never come, retried once",
      given: { steps: [silent], retry: { retries: 1, baseDelayMs: 1 } },
      want: { attempts: 2, requests: 2 },
    },
    {
      name: "a body that stalls",
      given: { steps: [stall], retry: false as const },
      want: { attempts: 1, requests: 1 },
    },
  ])("$name end in TimeoutError", async ({ given, want }) => {
    const server = await scripted(given.steps);
    const { client } = buildkite(server, { timeoutMs: 100, retry: given.retry });
    const { thrown } = await settle(client.GET(ONE, { params }));
    expect(thrown).toBeInstanceOf(TimeoutError);
    expect(thrown).toMatchObject({ attempts: want.attempts, timeoutMs: 100, method: "GET" });
    expect(String((thrown as Error).message)).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/v2\/organizations\/acme\/.*no answer within 100 ms/,
    );
    expect(server.requests).toHaveLength(want.requests);
  });

  it("a slow answer to a POST is not sent again", async () => {
    const server = await scripted([silent]);
    const { client } = buddy(server, { timeoutMs: 100 });
    const { thrown } = await settle(
      client.POST(BUDDY_LIST, {
        params: { path: { workspace: "acme" } },
        body: { name: "n", type: "BUCKET", scope: "WORKSPACE" },
      }),
    );
    expect(thrown).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("aborts survive garbage collection", () => {
  // undici's fetch follows a Request's signal only while the Request is reachable
  // (nodejs/undici#4068, nodejs/node#55428): once it is collected, a timeout or abort never lands.
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
    const { client } = buildkite(server, { timeoutMs: given.abort ? 60_000 : 1_000, retry: false });
    const call = settle(client.GET(ONE, { params, signal: controller.signal }));
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
    const response = await buildkite(server).client.download({ ...params.path }, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    await collect();
    controller.abort(new Error("caller gave up"));
    await expect(reader.read()).rejects.toThrow("caller gave up");
  });
});

describe("error bodies always in the vendor's shape", () => {
  const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
  it.each([
    {
      name: "Buildkite, empty body",
      given: { api: "buildkite", step: status(500) },
      want: { message: "HTTP 500 Internal Server Error: the body was empty" },
    },
    {
      name: "Buildkite, HTML page",
      given: { api: "buildkite", step: status(502, { "content-type": "text/html" }, html) },
      want: { message: "HTTP 502 Bad Gateway: the body was not JSON (text/html)" },
    },
    {
      name: "Buildkite, JSON of another shape",
      given: { api: "buildkite", step: status(500, { "content-type": "application/json" }, '{"oops":true}') },
      want: { message: "HTTP 500 Internal Server Error: the body was not in the vendor's error shape" },
    },
    {
      name: "Buildkite, its own 422",
      given: {
        api: "buildkite",
        step: status(422, { "content-type": "application/json" }, '{"message":"Validation Failed","errors":["x"]}'),
      },
      want: { message: "Validation Failed", errors: ["x"] },
    },
    {
      name: "Buddy, empty body",
      given: { api: "buddy", step: status(500) },
      want: { errors: [{ message: "HTTP 500 Internal Server Error: the body was empty" }] },
    },
    {
      name: "Buddy, HTML page",
      given: { api: "buddy", step: status(502, { "content-type": "text/html; charset=utf-8" }, html) },
      want: { errors: [{ message: "HTTP 502 Bad Gateway: the body was not JSON (text/html; charset=utf-8)" }] },
    },
    {
      name: "Buddy, a 302 elsewhere",
      given: { api: "buddy", step: status(302, { location: "http://127.0.0.2:9/x" }) },
      want: { errors: [{ message: "HTTP 302 Found: the body was empty" }] },
    },
  ])("$name", async ({ given, want }) => {
    const server = await scripted([given.step]);
    const options = { retry: false as const };
    const { error, data } =
      given.api === "buildkite"
        ? await buildkite(server, options).client.GET(ONE, { params })
        : await buddy(server, options).client.GET(BUDDY_ONE, {
            params: { path: { workspace: "acme", artifact_id: "a" } },
          });
    expect(data).toBeUndefined();
    expect(error).toEqual(want);
  });

  it("malformed JSON on a 200 is a ResponseError", async () => {
    const server = await scripted([status(200, { "content-type": "application/json" }, '{"id": "a1",')]);
    const { thrown } = await settle(buildkite(server).client.GET(ONE, { params }));
    expect(thrown).toBeInstanceOf(ResponseError);
    expect(thrown).toMatchObject({ problem: "invalid-json", status: 200, attempts: 1 });
  });

  it("a 302 from an API call to another origin is not followed", async () => {
    const other = await scripted([ok]);
    const server = await scripted([status(302, { location: `${other.origin}/elsewhere` })]);
    const { response } = await buildkite(server).client.GET(ONE, { params });
    expect(response.status).toBe(302);
    expect(other.requests).toHaveLength(0);
  });
});

describe("the token stays secret", () => {
  it.each([
    { name: "an empty token from a function", given: () => "", want: /gave no token/ },
    {
      name: "a token with a line break",
      given: () => `${TOKEN}\r\nX-Injected: 1`,
      want: /not allowed in an HTTP header/,
    },
  ])("$name is refused without quoting it", async ({ given, want }) => {
    const server = await scripted([ok]);
    const { thrown } = await settle(buildkite(server, { token: given }).client.GET(ONE, { params }));
    expect(thrown).toBeInstanceOf(ClientError);
    expect((thrown as Error).message).toMatch(want);
    expect((thrown as Error).message).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(0);
  });

  it("a server that echoes the token does not get it into an error message", async () => {
    const server = await scripted([(_q, r) => sendJson(r, 403, { message: `token ${TOKEN} lacks read_artifacts` })]);
    const { thrown } = await settle(buildkite(server).client.getDownloadUrl({ ...params.path }));
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as Error).message).toBe(
      `GET ${server.origin}/v2/organizations/acme/pipelines/web/builds/42/jobs/${JOBS[0]}/artifacts/a1/download: HTTP 403: token [redacted] lacks read_artifacts`,
    );
  });

  it("onRetry payloads hold no token", async () => {
    const server = await scripted([status(503), reset, ok]);
    const { client, events } = buildkite(server);
    await client.GET(ONE, { params });
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it("a server that echoes the token in an error body: the returned error and ApiError.body hold it redacted", async () => {
    const echo: Step = (q, r) =>
      sendJson(r, 401, {
        message: `token ${q.headers.authorization} expired`,
        errors: [{ [String(q.headers.authorization)]: 1 }],
      });
    const server = await scripted([echo]);
    const { client } = buildkite(server);
    const want = { message: "token Bearer [redacted] expired", errors: [{ "Bearer [redacted]": 1 }] };
    const { error } = await client.GET(ONE, { params });
    expect(error).toEqual(want);
    const { thrown } = await settle(client.getDownloadUrl({ ...params.path }));
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).body).toEqual(want);
  });

  it.each([
    { name: "as it is", given: (token: string) => token },
    { name: "percent-encoded", given: encodeURIComponent },
    { name: "upper-cased, as a host name is", given: (token: string) => token.toUpperCase() },
  ])(
    "a next link holding the token $name: error messages, paths and onRetry payloads hold it redacted",
    async ({ given }) => {
      const token = "tok+en/with=chars-123";
      const page: Step = (q, r) =>
        sendJson(r, 200, [{ id: "a" }], {
          link: `<http://${q.headers.host}/v2/stolen/${given(token)}/page-2>; rel="next"`,
        });
      const server = await scripted([page, status(503)]);
      const { client, events } = buildkite(server, { token, retry: { retries: 1, baseDelayMs: 1 } });
      const list = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts" as const;
      const { thrown } = await settle(
        (async () => {
          for await (const _ of client.paginate(list, {
            params: { path: { org_slug: ORG, pipeline_slug: PIPELINE, build_number: BUILD } },
          }));
        })(),
      );
      expect(thrown).toBeInstanceOf(ApiError);
      expect((thrown as ApiError).path).toBe(`${server.origin}/v2/stolen/[redacted]/page-2`);
      expect((thrown as Error).message).toBe(
        `GET ${server.origin}/v2/stolen/[redacted]/page-2: HTTP 503: HTTP 503 Service Unavailable: the body was empty`,
      );
      expect(events.map((e) => e.path)).toEqual([`${server.origin}/v2/stolen/[redacted]/page-2`]);
      expect(server.requests[1]?.url).toContain(given(token));
    },
  );

  it("sends the User-Agent it is given", async () => {
    const server = await scripted([ok]);
    await buildkite(server, { userAgent: "release-bot/1.2" }).client.GET(ONE, { params });
    expect(server.requests[0]?.headers["user-agent"]).toBe("release-bot/1.2");
  });
});
