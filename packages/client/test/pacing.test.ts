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
      name: "a 429's hold stands when an answer without a wait comes after it",
      given: {
        inFlight: 2,
        answers: [
          [429, { "retry-after": 7 }],
          [200, {}],
        ],
      },
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
      name: "an answer from the window before, a second ahead of it, changes nothing",
      given: {
        inFlight: 2,
        answers: [
          [200, { "ratelimit-remaining": 40, "ratelimit-reset": 60 }],
          [200, { "ratelimit-remaining": 0, "ratelimit-reset": 1 }],
        ],
      },
      want: 0,
    },
    {
      name: "an answer whose window ends a whole second before the current one's is from the window before",
      given: {
        inFlight: 2,
        answers: [
          [200, { "ratelimit-remaining": 40, "ratelimit-reset": 60 }],
          [200, { "ratelimit-remaining": 0, "ratelimit-reset": 59 }],
        ],
      },
      want: 0,
    },
    {
      name: "a later answer from the same window updates the budget",
      given: {
        inFlight: 2,
        answers: [
          [200, { "ratelimit-remaining": 5, "ratelimit-reset": 30 }],
          [200, { "ratelimit-remaining": 0, "ratelimit-reset": 30 }],
        ],
      },
      want: 30_000,
    },
    {
      name: "Buddy's budget spent, no reset announced: one request at a time",
      given: { inFlight: 2, answers: [[200, { "x-rate-limit-remaining": 0, "x-rate-limit-limit": 100 }]] },
      want: 1_000,
    },
    {
      name: "a remaining count that is not a number is no budget",
      given: { inFlight: 2, answers: [[200, { "ratelimit-remaining": "soon", "ratelimit-reset": 30 }]] },
      want: 0,
    },
    {
      name: "a remaining count with a number only at its start is no budget",
      given: { inFlight: 2, answers: [[200, { "ratelimit-remaining": "0 left", "ratelimit-reset": 30 }]] },
      want: 0,
    },
    {
      name: "a remaining count with a number only at its end is no budget",
      given: { inFlight: 2, answers: [[200, { "ratelimit-remaining": "about 0", "ratelimit-reset": 30 }]] },
      want: 0,
    },
    {
      name: "nothing announced while another request is out: no hold",
      given: { inFlight: 2, answers: [[200, {}]] },
      want: 0,
    },
    {
      name: "a reset that is not a number is no reset: one request at a time",
      given: { inFlight: 2, answers: [[200, { "ratelimit-remaining": 0, "ratelimit-reset": "soon" }]] },
      want: 1_000,
    },
    {
      name: "a reset of 0: the window turns now",
      given: { inFlight: 2, answers: [[200, { "ratelimit-remaining": 0, "ratelimit-reset": 0 }]] },
      want: 0,
    },
  ])("$name", ({ given, want }) => {
    let now = 1_000_000;
    const pacer = createPacer(() => now);
    for (let i = 0; i < given.inFlight; i++) pacer.sent();
    for (const [status, fields] of given.answers) pacer.answered(status, headers(fields));
    now += given.laterMs ?? 0;
    expect(pacer.delay()).toBe(want);
  });

  it.each<{ name: string; given: [number, Record<string, string | number>][]; want: number[] }>([
    {
      name: "each request sent counts against what is left",
      given: [[200, { "ratelimit-remaining": 2, "ratelimit-reset": 10 }]],
      want: [0, 0, 5_000],
    },
    {
      name: "a window that has turned gives back its whole budget, and no more",
      given: [[200, { "ratelimit-remaining": 0, "ratelimit-limit": 2, "ratelimit-reset": 5 }]],
      want: [0, 0, 1_000],
    },
    {
      name: "Buddy's budget spent and nothing out: one request finds out, the next waits for its answer",
      given: [[200, { "x-rate-limit-remaining": 0, "x-rate-limit-limit": 100 }]],
      want: [0, 1_000, 1_000],
    },
    {
      name: "a 429's hold ends when its wait is over: requests go freely again",
      given: [[429, { "retry-after": 5 }]],
      want: [0, 0, 0],
    },
  ])("$name", ({ given, want }) => {
    // One request answered; 5 s later (when the window of these answers turns), requests go out one
    // after the other with none answered: the hold asked for before each.
    let now = 1_000_000;
    const pacer = createPacer(() => now);
    pacer.sent();
    for (const [status, fields] of given) pacer.answered(status, headers(fields));
    now += 5_000;
    const holds = want.map(() => {
      const hold = pacer.delay();
      pacer.sent();
      return hold;
    });
    expect(holds).toEqual(want);
  });

  it("after a window turns, a late answer from it changes nothing", () => {
    let now = 1_000_000;
    const pacer = createPacer(() => now);
    pacer.sent();
    pacer.answered(200, headers({ "ratelimit-remaining": 0, "ratelimit-limit": 2, "ratelimit-reset": 5 }));
    now += 5_000;
    expect(pacer.delay()).toBe(0);
    pacer.sent();
    // Written a second before the turn (reset 1), read just after it.
    pacer.answered(200, headers({ "ratelimit-remaining": 0, "ratelimit-reset": 1 }));
    expect(pacer.delay()).toBe(0);
  });

  it.each([
    {
      name: "the organization's, when it is the tighter",
      given: { org: 3, user: 40 },
      want: { scope: "", remaining: 3, limit: 200, resetMs: 40_000 },
    },
    {
      name: "the first announced (the organization's) on a tie",
      given: { org: 5, user: 5 },
      want: { scope: "", remaining: 5, limit: 200, resetMs: 40_000 },
    },
  ])("reports $name", ({ given, want }) => {
    const pacer = createPacer(() => 7_000);
    pacer.sent();
    const state = pacer.answered(
      200,
      headers({
        "ratelimit-remaining": given.org,
        "ratelimit-limit": 200,
        "ratelimit-reset": 40,
        "ratelimit-user-remaining": given.user,
        "ratelimit-user-limit": 50,
        "ratelimit-user-reset": 20,
      }),
    );
    expect(state).toEqual(want);
  });

  it("reports the tightest budget an answer announced", () => {
    const pacer = createPacer(() => 3_000);
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
