import { descriptionPath, type Mock, type MockApi, startMock } from "@ci-artifacts/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { example, processGone, violations } from "./support.js";

const JOB = "aae578fe-994c-44e6-84da-4102616928ba";
const ARTIFACT = "76365070-34d5-4104-8b91-952780f8029f";
const BK = "/organizations/my-org/pipelines/my-pipeline/builds/3";
const AUTH = { authorization: "Bearer test-token" };

const mocks = new Map<MockApi, Mock>();

beforeAll(async () => {
  const started = await Promise.allSettled([startMock("buddy"), startMock("buildkite")]);
  for (const result of started) if (result.status === "fulfilled") mocks.set(result.value.api, result.value);
  const failed = started.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
});

afterAll(async () => {
  await Promise.all([...mocks.values()].map((mock) => mock.close()));
});

interface Call {
  api: MockApi;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

async function call({ api, method, path, headers = {}, body }: Call): Promise<Response> {
  const mock = mocks.get(api);
  if (!mock) throw new Error(`the ${api} mock is not running`);
  return fetch(mock.url + path, {
    method,
    redirect: "manual",
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe("the mock serves the named examples", () => {
  it.each([
    {
      name: "a Buildkite build's artifacts: the build-artifacts example",
      given: { api: "buildkite", method: "GET", path: `${BK}/artifacts`, headers: AUTH },
      want: { status: 200, body: example("buildkite", "build-artifacts") },
    },
    {
      name: "a Buildkite artifact: the artifact example",
      given: { api: "buildkite", method: "GET", path: `${BK}/jobs/${JOB}/artifacts/${ARTIFACT}`, headers: AUTH },
      want: { status: 200, body: example("buildkite", "artifact") },
    },
    {
      name: "Prefer: code=404 picks the declared 404 and its example",
      given: {
        api: "buildkite",
        method: "GET",
        path: `${BK}/jobs/${JOB}/artifacts/${ARTIFACT}`,
        headers: { ...AUTH, prefer: "code=404" },
      },
      want: { status: 404, body: example("buildkite", "not-found") },
    },
    {
      name: "the Buildkite download with Prefer: code=302: Location and the download-url example",
      given: {
        api: "buildkite",
        method: "GET",
        path: `${BK}/jobs/${JOB}/artifacts/${ARTIFACT}/download`,
        headers: { ...AUTH, prefer: "code=302" },
      },
      want: {
        status: 302,
        body: example("buildkite", "download-url"),
        location: (example("buildkite", "download-url") as { url: string }).url,
      },
    },
    {
      // Prism answers an operation without a 2xx response with its `default` response as a 200
      // (stoplightio/prism#982); this row notices the day that changes.
      name: "the Buildkite download without Prefer: Prism's 200 from the default response",
      given: {
        api: "buildkite",
        method: "GET",
        path: `${BK}/jobs/${JOB}/artifacts/${ARTIFACT}/download`,
        headers: AUTH,
      },
      want: { status: 200, body: example("buildkite", "server-error") },
    },
    {
      name: "Buddy's workspace artifacts: the artifact-list example",
      given: { api: "buddy", method: "GET", path: "/workspaces/acme/artifacts", headers: AUTH },
      want: { status: 200, body: example("buddy", "artifact-list") },
    },
    {
      name: "a Buddy create with a valid body: 201 and the artifact-created example",
      given: {
        api: "buddy",
        method: "POST",
        path: "/workspaces/acme/artifacts",
        headers: AUTH,
        body: example("buddy", "secure-artifact"),
      },
      want: { status: 201, body: example("buddy", "artifact-created") },
    },
    {
      name: "Prefer: example=<name> picks a named example of the chosen status",
      given: {
        api: "buddy",
        method: "POST",
        path: "/workspaces/acme/artifacts",
        headers: { ...AUTH, prefer: "code=422, example=validation-failed" },
        body: example("buddy", "workspace-artifact"),
      },
      want: { status: 422, body: example("buddy", "validation-failed") },
    },
  ] satisfies { name: string; given: Call; want: { status: number; body: unknown; location?: string } }[])(
    "$name",
    async ({ given, want }) => {
      const response = await call(given);
      expect({
        status: response.status,
        violations: violations(response),
        body: await response.json(),
        ...(want.location === undefined ? {} : { location: response.headers.get("location") }),
      }).toEqual({ violations: [], ...want });
    },
  );
});

describe("the mock validates every request", () => {
  it.each([
    {
      name: "no token",
      given: { api: "buddy", method: "GET", path: "/workspaces/acme/artifacts" },
      want: { status: 401, violations: [["request"]] },
    },
    {
      name: "a job id that is not a UUID",
      given: { api: "buildkite", method: "GET", path: `${BK}/jobs/not-a-uuid/artifacts`, headers: AUTH },
      want: { status: 422, violations: [["request", "path", "job_id"]] },
    },
    {
      name: "per_page above the maximum",
      given: { api: "buildkite", method: "GET", path: `${BK}/artifacts?per_page=1000`, headers: AUTH },
      want: { status: 422, violations: [["request", "query", "per_page"]] },
    },
    {
      name: "a create request missing a required property",
      given: {
        api: "buddy",
        method: "POST",
        path: "/workspaces/acme/artifacts",
        headers: AUTH,
        body: { name: "x", type: "CONTAINER" },
      },
      want: { status: 422, violations: [["request", "body"]] },
    },
  ] satisfies { name: string; given: Call; want: { status: number; violations: string[][] } }[])(
    "$name: $want.status, listed in sl-violations",
    async ({ given, want }) => {
      const response = await call(given);
      await response.arrayBuffer();
      expect({ status: response.status, violations: violations(response).map((v) => v.location) }).toEqual(want);
    },
  );
});

describe("startMock", () => {
  it.each([
    { name: "an unknown API", given: () => startMock("gitlab" as MockApi), want: /unknown API "gitlab"/ },
    {
      name: "a port out of range",
      given: () => startMock("buddy", { port: 70_000 }),
      want: /port must be an integer in 0\.\.65535/,
    },
  ])("rejects $name", async ({ given, want }) => {
    await expect((async () => given())()).rejects.toThrow(want);
  });

  it("serves the bundle of @ci-artifacts/openapi", () => {
    expect(descriptionPath("buildkite")).toMatch(/openapi[\\/]dist[\\/]buildkite\.json$/);
  });

  it("close() ends Prism and frees the port", async () => {
    const mock = await startMock("buildkite");
    await mock.close();
    await expect(mock.exited).resolves.toMatchObject({ signal: "SIGTERM" });
    await processGone(mock.pid);
    await expect(fetch(`${mock.url}${BK}/artifacts`, { headers: AUTH })).rejects.toThrow(TypeError);
  });
});
