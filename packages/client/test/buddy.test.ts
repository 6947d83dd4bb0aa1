import { BUDDY_BASE_URLS, type BuddyClient, createBuddyClient } from "@ci-artifacts/client/buddy";
import { afterEach, describe, expect, it } from "vitest";
import { BUDDY_TOKEN, type FakeBuddy, startFakeBuddy, WORKSPACE } from "./support/fake-buddy.js";

const LIST = "/workspaces/{workspace}/artifacts" as const;
const ONE = "/workspaces/{workspace}/artifacts/{artifact_id}" as const;
const workspace = { workspace: WORKSPACE };

let fake: FakeBuddy | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup() {
  fake = await startFakeBuddy();
  const buddy = createBuddyClient({ token: BUDDY_TOKEN, baseUrl: fake.baseUrl });
  // Two artifacts to work on; created through the client itself.
  for (const name of ["site", "images"]) {
    await buddy.POST(LIST, { params: { path: workspace }, body: { name, type: "BUCKET", scope: "WORKSPACE" } });
  }
  fake.server.requests.length = 0;
  return { fake, buddy };
}

describe("every Buddy.works operation against a local server", () => {
  const rows: {
    name: string;
    given: (buddy: BuddyClient) => Promise<unknown>;
    want: unknown;
    sent: { method: string; url: string; body?: unknown };
  }[] = [
    {
      name: "listArtifacts",
      given: async (buddy) =>
        (await buddy.GET(LIST, { params: { path: workspace } })).data?.artifacts.map((a) => a.name),
      want: ["site", "images"],
      sent: { method: "GET", url: "/api/workspaces/acme/artifacts" },
    },
    {
      name: "listArtifacts filtered by project_name",
      given: async (buddy) =>
        (await buddy.GET(LIST, { params: { path: workspace, query: { project_name: "nope" } } })).data?.artifacts,
      want: [],
      sent: { method: "GET", url: "/api/workspaces/acme/artifacts?project_name=nope" },
    },
    {
      name: "createArtifact with BASIC authorization: the password goes out, never comes back",
      given: async (buddy) => {
        const { data, response } = await buddy.POST(LIST, {
          params: { path: workspace },
          body: {
            name: "secure",
            type: "BUCKET",
            scope: "WORKSPACE",
            authorization: { type: "BASIC", user: "ci", password: "s3cret" },
          },
        });
        return { status: response.status, name: data?.name, authorization: data?.authorization };
      },
      want: { status: 201, name: "secure", authorization: { type: "BASIC", user: "ci" } },
      sent: {
        method: "POST",
        url: "/api/workspaces/acme/artifacts",
        body: {
          name: "secure",
          type: "BUCKET",
          scope: "WORKSPACE",
          authorization: { type: "BASIC", user: "ci", password: "s3cret" },
        },
      },
    },
    {
      name: "getArtifact",
      given: async (buddy) => {
        const { data } = await buddy.GET(ONE, { params: { path: { ...workspace, artifact_id: "art2" } } });
        return { id: data?.id, name: data?.name, url: data?.url };
      },
      want: { id: "art2", name: "images", url: expect.stringMatching(/\/api\/workspaces\/acme\/artifacts\/art2$/) },
      sent: { method: "GET", url: "/api/workspaces/acme/artifacts/art2" },
    },
    {
      name: "updateArtifact",
      given: async (buddy) =>
        (
          await buddy.PATCH(ONE, {
            params: { path: { ...workspace, artifact_id: "art1" } },
            body: { name: "website", scope: "WORKSPACE" },
          })
        ).data?.name,
      want: "website",
      sent: {
        method: "PATCH",
        url: "/api/workspaces/acme/artifacts/art1",
        body: { name: "website", scope: "WORKSPACE" },
      },
    },
    {
      name: "deleteArtifact",
      given: async (buddy) => {
        const { data, error, response } = await buddy.DELETE(ONE, {
          params: { path: { ...workspace, artifact_id: "art1" } },
        });
        return { data, error, status: response.status };
      },
      want: { data: undefined, error: undefined, status: 204 },
      sent: { method: "DELETE", url: "/api/workspaces/acme/artifacts/art1" },
    },
  ];

  it.each(rows)("$name", async ({ given, want, sent }) => {
    const { fake, buddy } = await setup();
    expect(await given(buddy)).toEqual(want);
    expect(fake.server.requests).toHaveLength(1);
    const request = fake.server.requests[0]!;
    expect({ method: request.method, url: request.url }).toEqual({ method: sent.method, url: sent.url });
    if (sent.body !== undefined) expect(JSON.parse(request.body)).toEqual(sent.body);
    expect(request.headers.authorization).toBe(`Bearer ${BUDDY_TOKEN}`);
  });
});

describe("Buddy errors", () => {
  it.each([
    {
      name: "404 in Buddy's list form",
      given: (buddy: BuddyClient) => buddy.GET(ONE, { params: { path: { ...workspace, artifact_id: "missing" } } }),
      want: { status: 404, error: { errors: [{ message: "Artifact not found" }] } },
    },
    {
      name: "422 on create",
      given: (buddy: BuddyClient) =>
        buddy.POST(LIST, { params: { path: workspace }, body: { name: "", type: "BUCKET", scope: "WORKSPACE" } }),
      want: { status: 422, error: { errors: [{ message: "Name is required" }] } },
    },
    {
      name: "405 in the single-message form is kept as it is",
      given: (buddy: BuddyClient) =>
        buddy.PUT(ONE as never, { params: { path: { ...workspace, artifact_id: "art1" } } } as never),
      want: { status: 405, error: { error: "Method not allowed" } },
    },
  ])("$name", async ({ given, want }) => {
    const { buddy } = await setup();
    const { error, data, response } = await given(buddy);
    expect(data).toBeUndefined();
    expect({ status: response.status, error }).toEqual(want);
  });

  it("a wrong token gets 401 with the vendor's body", async () => {
    fake = await startFakeBuddy();
    const buddy = createBuddyClient({ token: "wrong", baseUrl: fake.baseUrl });
    const { error, response } = await buddy.GET(LIST, { params: { path: workspace } });
    expect(response.status).toBe(401);
    expect(error).toEqual({ errors: [{ message: "Invalid or expired token" }] });
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
