// Budgets per window, on a clock the test holds (fake Date): they count down, a request past one
// gets the vendor's 429, and a new window brings the budget back.
import { afterEach, describe, expect, it, vi } from "vitest";
import { startTwin } from "../src/index.js";
import { call, contractErrors } from "./support.js";

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0, 250);
afterEach(() => {
  vi.useRealTimers();
});

describe("Buildkite's budgets", () => {
  it("count down per organization and per token, then answer 429 with the budget that refused", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const twin = await startTwin("buildkite", { rateLimit: { limit: 10, userLimit: 3, windowMs: 2_000 } });
    const path = "/organizations/my-great-org/pipelines/my-pipeline/builds/1/artifacts";
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await call(twin, path));
      const headers = answers.map((a) => ({
        status: a.status,
        remaining: a.headers.get("ratelimit-remaining"),
        user: a.headers.get("ratelimit-user-remaining"),
        reset: a.headers.get("ratelimit-reset"),
      }));
      expect(headers).toEqual([
        { status: 200, remaining: "9", user: "2", reset: "2" },
        { status: 200, remaining: "8", user: "1", reset: "2" },
        { status: 200, remaining: "7", user: "0", reset: "2" },
        { status: 429, remaining: "6", user: "0", reset: "2" },
      ]);
      const refused = answers[3]!;
      expect(refused.body).toEqual({
        message: "You have exceeded your API rate limit. Please wait 2 seconds before making more requests.",
        scope: "rest_user",
        limit: 3,
        current: 4,
        reset: 2,
      });
      expect(contractErrors("buildkite", "listBuildArtifacts", refused)).toEqual([]);

      vi.setSystemTime(T0 + 1_500);
      expect((await call(twin, path)).headers.get("ratelimit-reset")).toBe("1");
      vi.setSystemTime(T0 + 2_000);
      const renewed = await call(twin, path);
      expect({ status: renewed.status, user: renewed.headers.get("ratelimit-user-remaining") }).toEqual({
        status: 200,
        user: "2",
      });
    } finally {
      await twin.close();
    }
  });

  it("counts per token: another token has its own", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const twin = await startTwin("buildkite", { rateLimit: { userLimit: 1 }, tokens: { second: ["read_artifacts"] } });
    const path = "/organizations/my-great-org/pipelines/my-pipeline/builds/1/artifacts";
    try {
      expect((await call(twin, path)).status).toBe(200);
      expect((await call(twin, path)).status).toBe(429);
      expect((await call(twin, path, { token: "second" })).status).toBe(200);
    } finally {
      await twin.close();
    }
  });
});

describe("Buddy's budget", () => {
  it("counts down in X-Rate-Limit-Remaining, then answers 429 with Retry-After", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    const twin = await startTwin("buddy", { rateLimit: { limit: 2 } });
    try {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await call(twin, "/workspaces/my-company/artifacts"));
      expect(
        answers.map((a) => [
          a.status,
          a.headers.get("x-rate-limit-limit"),
          a.headers.get("x-rate-limit-remaining"),
          a.headers.get("retry-after"),
        ]),
      ).toEqual([
        [200, "2", "1", null],
        [200, "2", "0", null],
        [429, "2", "0", "1"],
      ]);
      expect(answers[2]!.body).toEqual({
        errors: [{ message: "Rate limit exceeded: 2 requests a window; retry in 1 s" }],
      });
      expect(contractErrors("buddy", "listArtifacts", answers[2]!)).toEqual([]);
    } finally {
      await twin.close();
    }
  });

  it("is off with rateLimit: false", async () => {
    const twin = await startTwin("buddy", { rateLimit: false });
    try {
      const answer = await call(twin, "/workspaces/my-company/artifacts");
      expect(answer.headers.has("x-rate-limit-limit")).toBe(false);
    } finally {
      await twin.close();
    }
  });
});
