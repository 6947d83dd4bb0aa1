import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { createBuddyClient } from "@ci-artifacts/client/buddy";
import { type AttemptEvent, createBuildkiteClient, ResponseError } from "@ci-artifacts/client/buildkite";
import { events } from "@ci-artifacts/client/events";
import { retry } from "@ci-artifacts/client/retry";
import { describe, expect, it } from "vitest";
import { double, json, text } from "./support/double.js";

const TOKEN = "a-token-for-the-client";
const BASE = "https://api.example.test/v2";
const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
const params = { path: { org_slug: "acme", pipeline_slug: "web", build_number: 1, job_id: "j", artifact_id: "a" } };

describe("a per-call fetch goes through the pipeline, never around it", () => {
  it("it gets the token, the retries and the events of the client's own", async () => {
    const own = double(json(200, { id: "own" }));
    const perCall = double(text(503, "", { "retry-after": "0" }), json(200, { id: "per-call" }));
    const seen: AttemptEvent[] = [];
    const client = createBuildkiteClient({
      token: TOKEN,
      baseUrl: BASE,
      fetch: own.fetch,
      plugins: [retry(), events((e) => seen.push(e))],
    });
    const { data } = await client.GET(ONE, { params, fetch: perCall.fetch });
    expect({
      data,
      own: own.sent.length,
      tokens: perCall.sent.map((r) => r.headers.authorization),
      attempts: seen.map((e) => `${e.attempt} ${e.status}`),
    }).toEqual({
      data: { id: "per-call" },
      own: 0,
      tokens: [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`],
      attempts: ["1 503", "2 200"],
    });
  });
});

describe("request() is a method like the others", () => {
  it("goes through the pipeline and shapes errors", async () => {
    const { fetch, sent } = double(text(500, "<html>"));
    const client = createBuildkiteClient({ token: TOKEN, baseUrl: BASE, fetch });
    const { error } = await client.request("get", ONE, { params });
    expect({ error, token: sent[0]?.headers.authorization }).toEqual({
      error: { message: "HTTP 500: the body was not JSON (text/plain;charset=UTF-8)" },
      token: `Bearer ${TOKEN}`,
    });
  });

  it("refuses a method that is not HTTP's", () => {
    const client = createBuildkiteClient({ token: TOKEN, baseUrl: BASE });
    expect(() => client.request("fetch" as "get", ONE, { params })).toThrow(/unknown HTTP method "fetch"/);
  });
});

describe("answers", () => {
  it("malformed JSON on a 200 is a ResponseError naming the call (retry plugin)", async () => {
    const { fetch, sent } = double(text(200, '{"id": "a",', { "content-type": "application/json" }));
    const client = createBuildkiteClient({ token: TOKEN, baseUrl: BASE, fetch, plugins: [retry()] });
    const thrown = await client.GET(ONE, { params }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ResponseError);
    expect(thrown).toMatchObject({
      problem: "invalid-json",
      status: 200,
      attempts: 1,
      path: `${BASE}/organizations/acme/pipelines/web/builds/1/jobs/j/artifacts/a`,
    });
    expect(sent).toHaveLength(1);
  });

  it.each([
    { name: "json", given: "json" as const, want: { id: "a" } },
    { name: "text", given: "text" as const, want: '{"id":"a"}' },
    { name: "arrayBuffer", given: "arrayBuffer" as const, want: 10 },
    { name: "blob", given: "blob" as const, want: 10 },
    { name: "stream", given: "stream" as const, want: true },
  ])("parseAs $name, with the body read within the attempt", async ({ given, want }) => {
    const { fetch } = double(json(200, { id: "a" }));
    const client = createBuildkiteClient({ token: TOKEN, baseUrl: BASE, fetch, plugins: [retry()] });
    const { data } = await client.GET(ONE, { params, parseAs: given });
    const read =
      data instanceof ArrayBuffer
        ? data.byteLength
        : data instanceof Blob
          ? data.size
          : data instanceof ReadableStream
            ? true
            : data;
    expect(read).toEqual(want);
  });
});

describe("options", () => {
  it.each([
    {
      name: "the default User-Agent names the package and its version",
      given: undefined,
      want: "ci-artifacts-client/",
    },
    { name: "a User-Agent of the caller's", given: "release-bot/1.2", want: "release-bot/1.2" },
  ])("$name", async ({ given, want }) => {
    const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const { fetch, sent } = double(json(200, { id: "a" }));
    await createBuildkiteClient({ token: TOKEN, baseUrl: BASE, fetch, userAgent: given }).GET(ONE, { params });
    expect(sent[0]?.headers["user-agent"]).toBe(given ?? `${want}${version}`);
  });

  it("every optional option accepts undefined (exactOptionalPropertyTypes)", async () => {
    const { fetch, sent } = double(json(200, { id: "a" }), json(200, { url: "", html_url: "", artifacts: [] }));
    const maybe = <T>(value: T): T | undefined => value;
    const buildkite = createBuildkiteClient({
      token: maybe(TOKEN),
      anonymous: undefined,
      baseUrl: undefined,
      fetch,
      plugins: [
        retry({
          retries: undefined,
          baseDelayMs: undefined,
          maxDelayMs: undefined,
          maxRetryAfterMs: undefined,
          timeoutMs: undefined,
          deadlineMs: undefined,
          pacing: undefined,
          onRetry: undefined,
        }),
      ],
      userAgent: undefined,
    });
    const buddy = createBuddyClient({ token: TOKEN, region: undefined, baseUrl: undefined, fetch, plugins: undefined });
    await buildkite.GET(ONE, { params });
    await buddy.GET("/workspaces/{workspace}/artifacts", { params: { path: { workspace: "acme" } } });
    expect(sent.map((r) => new URL(r.url).origin)).toEqual(["https://api.buildkite.com", "https://api.buddy.works"]);
  });

  it("src/version.ts follows package.json", async () => {
    const script = new URL("../scripts/version.mjs", import.meta.url).pathname;
    await expect(promisify(execFile)(process.execPath, [script, "--check"])).resolves.toBeDefined();
  });
});
