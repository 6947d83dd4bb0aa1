import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { retry } from "@ci-artifacts/client/retry";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createPacer } from "../src/pacing.js";

afterEach(() => {
  vi.useRealTimers();
});

const headers = (fields: Record<string, string | number>) =>
  new Headers(Object.entries(fields).map(([name, value]) => [name, String(value)]));

describe("the pacer", () => {
  it.each<{
    name: string;
    given: { inFlight: number; answers: [number, Record<string, string | number>][]; laterMs?: number };
    want: number;
  }>([
    { name: "nothing announced: no hold", given: { inFlight: 1, answers: [[200, {}]] }, want: 0 },
    {
      name: "budget left: no hold",
      given: { inFlight: 1, answers: [[200, { "ratelimit-remaining": 5, "ratelimit-reset": 30 }]] },
      want: 0,
    },
    {
      name: "budget spent: hold until the window turns",
      given: { inFlight: 1, answers: [[200, { "ratelimit-remaining": 0, "ratelimit-reset": 30 }]] },
      want: 30_000,
    },
    {
      name: "requests still in flight count against what is left",
      given: { inFlight: 3, answers: [[200, { "ratelimit-remaining": 2, "ratelimit-reset": 10 }]] },
      want: 10_000,
    },
    {
      name: "the per-user budget holds when the organization's does not",
      given: {
        inFlight: 1,
        answers: [
          [
            200,
            {
              "ratelimit-remaining": 150,
              "ratelimit-reset": 40,
              "ratelimit-user-remaining": 0,
              "ratelimit-user-reset": 20,
            },
          ],
        ],
      },
      want: 20_000,
    },
    {
      name: "a 429's Retry-After holds every request",
      given: { inFlight: 1, answers: [[429, { "retry-after": 7 }]] },
      want: 7_000,
    },
    {
      name: "a window that has turned gives the budget back",
      given: { inFlight: 1, answers: [[200, { "ratelimit-remaining": 0, "ratelimit-reset": 5 }]], laterMs: 5_000 },
      want: 0,
    },
    {
      name: "an answer from the window before, arriving late, changes nothing",
      given: {
        inFlight: 2,
        answers: [
          [200, { "ratelimit-remaining": 40, "ratelimit-reset": 60 }],
          [200, { "ratelimit-remaining": 0, "ratelimit-reset": 0 }],
        ],
      },
      want: 0,
    },
    {
      name: "Buddy's budget spent, no reset announced: one request at a time",
      given: { inFlight: 2, answers: [[200, { "x-rate-limit-remaining": 0, "x-rate-limit-limit": 100 }]] },
      want: 1_000,
    },
  ])("$name", ({ given, want }) => {
    let now = 1_000_000;
    const pacer = createPacer(() => now);
    for (let i = 0; i < given.inFlight; i++) pacer.sent();
    for (const [status, fields] of given.answers) pacer.answered(status, headers(fields));
    now += given.laterMs ?? 0;
    expect(pacer.delay()).toBe(want);
  });

  it("reports the tightest budget an answer announced", () => {
    const pacer = createPacer(() => 0);
    pacer.sent();
    const state = pacer.answered(
      200,
      headers({
        "ratelimit-remaining": 150,
        "ratelimit-limit": 200,
        "ratelimit-reset": 40,
        "ratelimit-user-remaining": 3,
        "ratelimit-user-limit": 50,
        "ratelimit-user-reset": 20,
      }),
    );
    expect(state).toEqual({ scope: "user", remaining: 3, limit: 50, resetMs: 20_000 });
  });
});

/**
 * Buildkite's documented budget (REST API limits): 200 requests a minute per organization and 50
 * per user, a request counting against both, in windows that turn every minute; over either, 429.
 * A fetch double on the simulated clock: it answers after `latencyMs`, with the headers Buildkite
 * sends, and counts what it refused.
 */
function buildkiteBudget(latencyMs: number) {
  const windows = new Map<number, { organization: number; user: number }>();
  const served = { ok: 0, tooMany: 0, lastAt: 0 };
  const fetch = async (_request: Request) => {
    const now = Date.now();
    const window = Math.floor(now / 60_000);
    const counts = windows.get(window) ?? { organization: 0, user: 0 };
    windows.set(window, counts);
    counts.organization++;
    counts.user++;
    const reset = Math.ceil(((window + 1) * 60_000 - now) / 1000);
    const over = counts.organization > 200 || counts.user > 50;
    const fields = {
      "content-type": "application/json",
      "ratelimit-scope": "rest",
      "ratelimit-limit": "200",
      "ratelimit-remaining": String(Math.max(0, 200 - counts.organization)),
      "ratelimit-reset": String(reset),
      "ratelimit-user-limit": "50",
      "ratelimit-user-remaining": String(Math.max(0, 50 - counts.user)),
      "ratelimit-user-reset": String(reset),
    };
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    served.lastAt = Date.now();
    if (over) {
      served.tooMany++;
      const body = {
        message: "You have exceeded your API rate limit.",
        scope: "rest_user",
        limit: 50,
        current: counts.user,
        reset,
      };
      return new Response(JSON.stringify(body), { status: 429, headers: fields });
    }
    served.ok++;
    return new Response(JSON.stringify({ id: "a" }), { status: 200, headers: fields });
  };
  return { fetch, served };
}

/** 1,000 calls at concurrency 20 through a client on `fetch`, driven on the simulated clock. */
async function thousandCalls(fetch: (request: Request) => Promise<Response>, pacing: boolean) {
  const client = createBuildkiteClient({
    token: "a-token-for-the-budget",
    baseUrl: "https://api.buildkite.test/v2",
    fetch,
    plugins: [retry({ pacing })],
  });
  const path =
    "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
  const params = { path: { org_slug: "acme", pipeline_slug: "web", build_number: 1, job_id: "j", artifact_id: "a" } };
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < 1000) {
      next++;
      const { error } = await client.GET(path, { params });
      if (error) failed++;
    }
  };
  let done = false;
  const run = Promise.all(Array.from({ length: 20 }, worker)).then(() => {
    done = true;
  });
  while (!done) await vi.advanceTimersByTimeAsync(100);
  await run;
  return { failed };
}

describe("pacing against Buildkite's budget, on a simulated clock", () => {
  const latencyMs = 20;
  // 50 requests a minute per user: the 1,000th can leave in the 20th window at the earliest.
  const minimumMs = 19 * 60_000 + latencyMs;

  it("1,000 calls at concurrency 20: no 429, and done within 10% of the budget's minimum", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 0 });
    const { fetch, served } = buildkiteBudget(latencyMs);
    const { failed } = await thousandCalls(fetch, true);
    expect({ tooMany: served.tooMany, ok: served.ok, failed }).toEqual({ tooMany: 0, ok: 1000, failed: 0 });
    expect(served.lastAt).toBeGreaterThanOrEqual(minimumMs);
    expect(served.lastAt / minimumMs).toBeLessThanOrEqual(1.1);
  });

  it("the same calls unpaced run into the budget (and the retries wait them out)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 0 });
    const { fetch, served } = buildkiteBudget(latencyMs);
    const { failed } = await thousandCalls(fetch, false);
    expect({ ok: served.ok, failed }).toEqual({ ok: 1000, failed: 0 });
    expect(served.tooMany).toBeGreaterThan(0);
  });
});
