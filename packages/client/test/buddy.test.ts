import { BUDDY_BASE_URLS, type BuddyClient, createBuddyClient, isApiError } from "@ci-artifacts/client/buddy";
import type { CustomFault, Twin } from "@ci-artifacts/mock";
import { afterEach, describe, expect, it } from "vitest";
import { spentRateLimit } from "./support/rate-limit.js";
import {
  BUDDY_TOKEN,
  buddyArtifactsOf,
  buddyClientOn,
  buddyTwin,
  closeTwins,
  startBuddy,
  WORKSPACE,
} from "./support/twin.js";

const LIST = "/workspaces/{workspace}/artifacts" as const;
const ONE = "/workspaces/{workspace}/artifacts/{artifact_id}" as const;
const workspace = WORKSPACE;

afterEach(closeTwins);

describe("every Buddy.works operation against the twin", () => {
  const nth = (twin: Twin<"buddy">, n: number) => buddyArtifactsOf(twin)[n]!;
  const rows: {
    name: string;
    given: (buddy: BuddyClient, twin: Twin<"buddy">) => Promise<unknown>;
    want: (twin: Twin<"buddy">) => unknown;
    sent: (twin: Twin<"buddy">) => { method: string; url: string; body?: unknown };
  }[] = [
    {
      name: "listArtifacts",
      given: async (buddy) =>
        (await buddy.GET(LIST, { params: { path: workspace } })).data?.artifacts.map((a) => a.name),
      want: (twin) => buddyArtifactsOf(twin).map((a) => a.name),
      sent: () => ({ method: "GET", url: "/api/workspaces/acme/artifacts" }),
    },
    {
      name: "listArtifacts filtered by project_name",
      given: async (buddy, twin) =>
        (
          await buddy.GET(LIST, { params: { path: workspace, query: { project_name: nth(twin, 1).project!.name } } })
        ).data?.artifacts.map((a) => a.id),
      want: (twin) =>
        buddyArtifactsOf(twin)
          .filter((a) => a.project?.name === nth(twin, 1).project!.name)
          .map((a) => a.id),
      sent: (twin) => ({
        method: "GET",
        url: `/api/workspaces/acme/artifacts?project_name=${encodeURIComponent(nth(twin, 1).project!.name)}`,
      }),
    },
    {
      name: "listArtifacts filtered by a project no artifact is in",
      given: async (buddy) =>
        (await buddy.GET(LIST, { params: { path: workspace, query: { project_name: "nope" } } })).data?.artifacts,
      want: () => [],
      sent: () => ({ method: "GET", url: "/api/workspaces/acme/artifacts?project_name=nope" }),
    },
    {
      name: "createArtifact with BASIC authorization: the password goes out, never comes back",
      given: async (buddy, twin) => {
        const { data, response } = await buddy.POST(LIST, {
          params: { path: workspace },
          body: {
            name: "secure",
            type: "BUCKET",
            scope: "WORKSPACE",
            authorization: { type: "BASIC", user: "ci", password: "s3cret" },
          },
        });
        const stored = buddyArtifactsOf(twin, true).find((a) => a.id === data?.id);
        return {
          status: response.status,
          name: data?.name,
          authorization: data?.authorization,
          stored: stored?.authorization,
        };
      },
      want: () => ({
        status: 201,
        name: "secure",
        authorization: { type: "BASIC", user: "ci" },
        stored: { type: "BASIC", user: "ci" },
      }),
      sent: () => ({
        method: "POST",
        url: "/api/workspaces/acme/artifacts",
        body: {
          name: "secure",
          type: "BUCKET",
          scope: "WORKSPACE",
          authorization: { type: "BASIC", user: "ci", password: "s3cret" },
        },
      }),
    },
    {
      name: "getArtifact",
      given: async (buddy, twin) => {
        const { data } = await buddy.GET(ONE, { params: { path: { ...workspace, artifact_id: nth(twin, 1).id } } });
        return { id: data?.id, name: data?.name, url: data?.url };
      },
      want: (twin) => ({
        id: nth(twin, 1).id,
        name: nth(twin, 1).name,
        url: `${twin.url}/workspaces/acme/artifacts/${nth(twin, 1).id}`,
      }),
      sent: (twin) => ({ method: "GET", url: `/api/workspaces/acme/artifacts/${nth(twin, 1).id}` }),
    },
    {
      name: "updateArtifact: the fields sent change, and the next read sees them",
      given: async (buddy, twin) => {
        const { data } = await buddy.PATCH(ONE, {
          params: { path: { ...workspace, artifact_id: nth(twin, 0).id } },
          body: { name: "website", scope: "WORKSPACE" },
        });
        const stored = buddyArtifactsOf(twin, true).find((a) => a.id === nth(twin, 0).id);
        return { answered: data?.name, stored: stored?.name };
      },
      want: () => ({ answered: "website", stored: "website" }),
      sent: (twin) => ({
        method: "PATCH",
        url: `/api/workspaces/acme/artifacts/${nth(twin, 0).id}`,
        body: { name: "website", scope: "WORKSPACE" },
      }),
    },
    {
      name: "deleteArtifact: 204, and the artifact is gone",
      given: async (buddy, twin) => {
        const { data, error, response } = await buddy.DELETE(ONE, {
          params: { path: { ...workspace, artifact_id: nth(twin, 0).id } },
        });
        return { data, error, status: response.status, left: buddyArtifactsOf(twin, true).map((a) => a.id) };
      },
      want: (twin) => ({
        data: undefined,
        error: undefined,
        status: 204,
        left: buddyArtifactsOf(twin)
          .slice(1)
          .map((a) => a.id),
      }),
      sent: (twin) => ({ method: "DELETE", url: `/api/workspaces/acme/artifacts/${nth(twin, 0).id}` }),
    },
  ];

  it.each(rows)("$name", async ({ given, want, sent }) => {
    const { twin, buddy } = await startBuddy();
    expect(await given(buddy, twin)).toEqual(want(twin));
    expect(twin.requests).toHaveLength(1);
    const request = twin.requests[0]!;
    const expected = sent(twin);
    expect({ method: request.method, url: request.url }).toEqual({ method: expected.method, url: expected.url });
    if (expected.body !== undefined) expect(JSON.parse(request.body)).toEqual(expected.body);
    expect(request.headers.authorization).toBe(`Bearer ${BUDDY_TOKEN}`);
  });
});

/** An answer in neither of Buddy's error forms, as a proxy in front of it may give. */
const methodNotAllowed: CustomFault = {
  kind: "405",
  act: ({ response }) => {
    const body = JSON.stringify({ error: "Method not allowed" });
    response
      .writeHead(405, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
      .end(body);
  },
};

describe("Buddy errors", () => {
  it.each([
    {
      name: "404 in Buddy's list form",
      given: (buddy: BuddyClient) => buddy.GET(ONE, { params: { path: { ...workspace, artifact_id: "missing" } } }),
      want: { status: 404, error: { errors: [{ message: "Artifact not found" }] } },
    },
    {
      name: "422 on create: a PROJECT scope without its project",
      given: (buddy: BuddyClient) =>
        buddy.POST(LIST, { params: { path: workspace }, body: { name: "site", type: "BUCKET", scope: "PROJECT" } }),
      want: { status: 422, error: { errors: [{ message: "body /project: is required when scope is PROJECT" }] } },
    },
    {
      name: "405 in the single-message form is kept as it is",
      faults: [{ fault: methodNotAllowed }],
      given: (buddy: BuddyClient) =>
        buddy.PUT(ONE as never, { params: { path: { ...workspace, artifact_id: "x5169jL2" } } } as never),
      want: { status: 405, error: { error: "Method not allowed" } },
    },
  ])("$name", async ({ given, want, ...options }) => {
    const { buddy } = await startBuddy(options);
    const { error, data, response } = await given(buddy);
    expect(data).toBeUndefined();
    expect({ status: response.status, error }).toEqual(want);
  });

  it("a wrong token gets 401 with the vendor's body", async () => {
    const twin = await buddyTwin();
    const buddy = createBuddyClient({ token: "wrong", baseUrl: twin.url });
    const { error, response } = await buddy.GET(LIST, { params: { path: workspace } });
    expect(response.status).toBe(401);
    expect(error).toEqual({ errors: [{ message: "Unauthorized: the token is not one this twin accepts" }] });
  });

  it("a spent rate limit: the lean client gets the 429 with Retry-After, retry() waits it out and succeeds", async () => {
    const { twin, refused, retried, waits } = await spentRateLimit({
      start: () => buddyTwin({ rateLimit: { limit: 1, windowMs: 2_000 } }),
      client: buddyClientOn,
      call: (client) => client.GET(LIST, { params: { path: workspace } }),
      budget: 1,
    });
    if (!isApiError(refused, 429)) throw new Error(`expected a 429 ApiError, got ${String(refused)}`);
    expect({
      body: refused.body,
      retryAfter: refused.headers.get("retry-after"),
      remaining: refused.headers.get("x-rate-limit-remaining"),
    }).toEqual({
      body: { errors: [{ message: "Rate limit exceeded: 1 requests a window; retry in 2 s" }] },
      retryAfter: "2",
      remaining: "0",
    });
    expect(retried.data?.artifacts.map((a) => a.id)).toEqual(buddyArtifactsOf(twin).map((a) => a.id));
    expect(twin.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(waits).toEqual([{ delayMs: 2_000, reason: "rate-limited" }]);
  });
});

describe("createBuddyClient options", () => {
  it.each([
    { name: "default region", given: {}, want: BUDDY_BASE_URLS.us },
    { name: "region us", given: { region: "us" as const }, want: "https://api.buddy.works" },
    { name: "region eu", given: { region: "eu" as const }, want: "https://api.eu.buddy.works" },
    {
      name: "self-hosted",
      given: { baseUrl: "https://buddy.internal.example/api/" },
      want: "https://buddy.internal.example/api",
    },
  ])("$name", ({ given, want }) => {
    expect(createBuddyClient({ token: BUDDY_TOKEN, ...given }).baseUrl).toBe(want);
  });

  it.each<{ name: string; given: Record<string, unknown>; want: RegExp }>([
    {
      name: "region and baseUrl together",
      given: { region: "eu", baseUrl: "https://x.example/api" },
      want: /region must be "us" or "eu", and not given with baseUrl; got "eu"/,
    },
    { name: "an unknown region", given: { region: "ap" }, want: /region must be "us" or "eu", .*got "ap"/ },
    {
      name: "a relative baseUrl",
      given: { baseUrl: "/api" },
      want: /baseUrl must be an absolute http\(s\) URL without credentials/,
    },
    {
      name: "a baseUrl with credentials",
      given: { baseUrl: "https://u:p@x.example/api" },
      want: /baseUrl must be an absolute http\(s\) URL without credentials, a query or a fragment$/,
    },
    {
      name: "no token",
      given: { token: undefined },
      want: /createBuddyClient: no token; pass one, or anonymous: true/,
    },
  ])("rejects $name", ({ given, want }) => {
    expect(() => createBuddyClient({ token: BUDDY_TOKEN, ...given } as never)).toThrow(want);
  });

  it("sends the region's requests to its host", async () => {
    const seen: string[] = [];
    const buddy = createBuddyClient({
      token: BUDDY_TOKEN,
      region: "eu",
      fetch: async (request) => {
        seen.push(request.url);
        return new Response(JSON.stringify({ url: "", html_url: "", artifacts: [] }), {
          headers: { "content-type": "application/json" },
        });
      },
    });
    await buddy.GET(LIST, { params: { path: workspace } });
    expect(seen).toEqual(["https://api.eu.buddy.works/workspaces/acme/artifacts"]);
  });
});
