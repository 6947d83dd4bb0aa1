import type { AttemptEvent } from "@ci-artifacts/client/buildkite";
import { createBuildkiteClient, TimeoutError } from "@ci-artifacts/client/buildkite";
import { download } from "@ci-artifacts/client/download";
import { events } from "@ci-artifacts/client/events";
import { retry } from "@ci-artifacts/client/retry";
import { describe, expect, it } from "vitest";
import { double, json, text } from "./support/double.js";
import { startServer } from "./support/http.js";

const TOKEN = "a-token-never-in-events";
const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
const ids = { org_slug: "acme", pipeline_slug: "web", build_number: 1, job_id: "j", artifact_id: `x-${TOKEN}` };

describe("events: one per request, never holding the token", () => {
  it.each([
    {
      name: "a call answered at once",
      given: { steps: [json(200, { id: "a" })] },
      want: [{ attempt: 1, status: 200, target: "api" }],
    },
    {
      name: "a call retried after a 503",
      given: { steps: [text(503, "", { "retry-after": "0" }), json(200, { id: "a" })] },
      want: [
        { attempt: 1, status: 503, target: "api" },
        { attempt: 2, status: 200, target: "api" },
      ],
    },
    {
      name: "a lost answer, then one",
      given: { steps: [new TypeError("fetch failed"), json(200, { id: "a" })] },
      want: [
        { attempt: 1, failure: "network", target: "api" },
        { attempt: 2, status: 200, target: "api" },
      ],
    },
    {
      name: "an answer with the rate limit",
      given: {
        steps: [
          json(200, { id: "a" }, { "ratelimit-remaining": "9", "ratelimit-limit": "200", "ratelimit-reset": "30" }),
        ],
      },
      want: [
        { attempt: 1, status: 200, target: "api", rateLimit: { scope: "", remaining: 9, limit: 200, resetMs: 30_000 } },
      ],
    },
  ])("$name", async ({ given, want }) => {
    const seen: AttemptEvent[] = [];
    const { fetch } = double(...given.steps);
    const client = createBuildkiteClient({
      token: TOKEN,
      baseUrl: "https://api.example.test/v2",
      fetch,
      plugins: [retry({ baseDelayMs: 0 }), events((event) => seen.push(event))],
    });
    await client.GET(ONE, { params: { path: ids } });
    expect(seen).toEqual(
      want.map((w) => ({ method: "GET", path: ONE, heldMs: 0, durationMs: expect.any(Number), ...w })),
    );
    expect(JSON.stringify(seen)).not.toContain(TOKEN);
  });

  it("a download: one event for the API, one for the storage host", async () => {
    const seen: AttemptEvent[] = [];
    const { fetch } = double(
      text(302, "", { location: "https://storage.example.test/file?X-Amz-Signature=s3cr3t" }),
      text(200, "the file"),
    );
    const client = createBuildkiteClient({
      token: TOKEN,
      baseUrl: "https://api.example.test/v2",
      fetch,
      plugins: [events((e) => seen.push(e))],
    });
    await (await download(client, ids)).text();
    expect(seen.map((e) => [e.target, e.status, e.path])).toEqual([
      ["api", 302, `${ONE}/download`],
      ["storage", 200, `${ONE}/download`],
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/s3cr3t|a-token/);
  });

  it("a timeout is a failure of its own", async () => {
    const seen: AttemptEvent[] = [];
    const server = await startServer(() => undefined);
    try {
      const client = createBuildkiteClient({
        token: TOKEN,
        baseUrl: `${server.origin}/v2`,
        plugins: [retry({ retries: 0, timeoutMs: 10 }), events((e) => seen.push(e))],
      });
      await expect(client.GET(ONE, { params: { path: ids } })).rejects.toBeInstanceOf(TimeoutError);
      expect(seen.map((e) => e.failure)).toEqual(["timeout"]);
    } finally {
      await server.close();
    }
  });
});
