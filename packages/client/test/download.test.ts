import { ApiError, createBuildkiteClient, ResponseError } from "@ci-artifacts/client/buildkite";
import { download, getDownloadUrl } from "@ci-artifacts/client/download";
import { afterEach, describe, expect, it } from "vitest";
import { BUILD, type FakeBuildkite, JOBS, ORG, PIPELINE, startFakeBuildkite, TOKEN } from "./support/fake-buildkite.js";
import { sendJson, startServer, type TestServer } from "./support/http.js";

const build = { org_slug: ORG, pipeline_slug: PIPELINE, build_number: BUILD };

let fake: FakeBuildkite | undefined;
const others: TestServer[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await Promise.all(others.splice(0).map((s) => s.close()));
});

async function setup(options: Parameters<typeof startFakeBuildkite>[0] = {}) {
  fake = await startFakeBuildkite(options);
  return { fake, bk: createBuildkiteClient({ token: TOKEN, baseUrl: fake.baseUrl }) };
}

describe("downloads", () => {
  it.each([
    {
      name: "by ids",
      given: (f: FakeBuildkite) => ({ ...build, job_id: f.artifacts[1]!.job_id, artifact_id: f.artifacts[1]!.id }),
    },
    { name: "by a list item", given: (f: FakeBuildkite) => f.artifacts[1]! },
  ])("$name: never sends the token, or any credential, to the storage host", async ({ given }) => {
    const { fake, bk } = await setup();
    // A middleware that adds credentials to everything: the storage host still gets none.
    bk.use({ onRequest: ({ request }) => void request.headers.set("cookie", "session=1") });
    const response = await download(bk, given(fake));
    expect(await response.text()).toBe("contents of dist/file-1.txt\n");
    const sent = fake.storage.requests[0]!;
    expect({
      authorization: sent.headers.authorization,
      cookie: sent.headers.cookie,
      token: JSON.stringify(sent).includes(TOKEN),
    }).toEqual({
      authorization: undefined,
      cookie: undefined,
      token: false,
    });
    expect(fake.server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
  });

  it("middleware and a custom fetch see both requests, the storage one already without the token", async () => {
    const { fake } = await setup();
    const seen: string[] = [];
    const bk = createBuildkiteClient({
      token: TOKEN,
      baseUrl: fake.baseUrl,
      fetch: (request, init) => {
        seen.push(`fetch ${new URL(request.url).origin} ${request.headers.get("authorization")}`);
        return fetch(request, init);
      },
    });
    bk.use({ onRequest: ({ request }) => void seen.push(`middleware ${new URL(request.url).origin}`) });
    const artifact = fake.artifacts[0]!;
    await (await download(bk, artifact)).text();
    expect(seen).toEqual([
      `middleware ${fake.server.origin}`,
      `fetch ${fake.server.origin} Bearer ${TOKEN}`,
      `middleware ${fake.storage.origin}`,
      `fetch ${fake.storage.origin} null`,
    ]);
  });

  it("refuses a list item whose download_url is on another origin, before any request", async () => {
    const { fake, bk } = await setup();
    const artifact = { ...fake.artifacts[0]!, download_url: "https://elsewhere.test/v2/download" };
    await expect(getDownloadUrl(bk, artifact)).rejects.toThrow(/is not on the API's origin/);
    expect(fake.server.requests).toHaveLength(0);
  });

  it.each([
    {
      name: "Location missing: the body's url is used",
      given: (storage: string) => ({ status: 302, headers: {}, body: { url: `${storage}/files/x` } }),
      want: (storage: string) => `${storage}/files/x`,
    },
    {
      name: "neither Location nor url: ResponseError",
      given: () => ({ status: 302, headers: {}, body: {} }),
      want: () => "missing-location",
    },
    {
      name: "a 200 instead of the redirect: ResponseError",
      given: () => ({ status: 200, headers: {}, body: {} }),
      want: () => "unexpected-status",
    },
    {
      name: "a 404: ApiError with the vendor's body",
      given: () => ({ status: 404, headers: {}, body: { message: "No artifact found" } }),
      want: () => "HTTP 404: No artifact found",
    },
  ])("getDownloadUrl, $name", async ({ given, want }) => {
    const { fake, bk } = await setup({
      fault: (_request, response) => {
        const answer = given(fake!.storage.origin);
        sendJson(response, answer.status, answer.body, answer.headers);
        return true;
      },
    });
    const result = await getDownloadUrl(bk, { ...build, job_id: JOBS[0], artifact_id: "a" }).catch((e: unknown) =>
      e instanceof ResponseError ? e.problem : (e as Error).message,
    );
    expect(result).toMatch(want(fake.storage.origin));
  });

  it("a storage error is an ApiError naming the storage path without its signature", async () => {
    const { fake, bk } = await setup();
    fake.files.clear();
    const artifact = fake.artifacts[0]!;
    const error = await download(bk, artifact).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, path: `${fake.storage.origin}/files/${artifact.id}` });
    expect((error as Error).message).not.toContain("Signature");
  });

  it("an abort while the file streams errors the stream with the caller's reason", async () => {
    const storage = await startServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      response.write("never finished");
    });
    others.push(storage);
    const { bk } = await setup({
      fault: (_request, response) => {
        sendJson(response, 302, {}, { location: `${storage.origin}/file` });
        return true;
      },
    });
    const controller = new AbortController();
    const response = await download(bk, { ...build, job_id: JOBS[0], artifact_id: "a" }, { signal: controller.signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("never finished");
    controller.abort(new Error("user gave up"));
    await expect(reader.read()).rejects.toThrow("user gave up");
  });

  it("where redirects are opaque (browsers), refuses instead of following with the token", async () => {
    const sent: string[] = [];
    const bk = createBuildkiteClient({
      token: TOKEN,
      fetch: async (request) => {
        sent.push(`${request.redirect} ${request.url}`);
        // What a browser's fetch gives for redirect: "manual".
        return Object.defineProperty(new Response(null, { status: 200 }), "type", { value: "opaqueredirect" });
      },
    });
    const error = await download(bk, { ...build, job_id: JOBS[0], artifact_id: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ problem: "unreadable-redirect" });
    expect(sent).toEqual([
      `manual https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/42/jobs/${JOBS[0]}/artifacts/a/download`,
    ]);
  });
});
