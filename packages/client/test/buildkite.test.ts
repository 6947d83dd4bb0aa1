import { ApiError, type BuildkiteClient, createBuildkiteClient, ResponseError } from "@ci-artifacts/client/buildkite";
import { afterEach, describe, expect, it } from "vitest";
import { BUILD, type FakeBuildkite, JOBS, ORG, PIPELINE, startFakeBuildkite, TOKEN } from "./support/fake-buildkite.js";
import { sendJson, startServer, type TestServer } from "./support/http.js";

const BUILD_PATH = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts" as const;
const JOB_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts" as const;
const ONE_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}" as const;
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
  const bk = createBuildkiteClient({ token: TOKEN, baseUrl: fake.baseUrl, retry: { baseDelayMs: 1 } });
  return { fake, bk };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function paths(server: TestServer): string[] {
  return server.requests.map((r) => `${r.method} ${r.url}`);
}

describe("every Buildkite operation against a local server", () => {
  const first = (f: FakeBuildkite) => f.artifacts[0]!;
  const rows: {
    name: string;
    given: (bk: BuildkiteClient, f: FakeBuildkite) => Promise<unknown>;
    want: (f: FakeBuildkite) => unknown;
    sent: (f: FakeBuildkite) => string;
  }[] = [
    {
      name: "listBuildArtifacts",
      given: async (bk) =>
        (await bk.GET(BUILD_PATH, { params: { path: build, query: { state: "finished" } } })).data?.map((a) => a.id),
      want: (f) => f.artifacts.filter((a) => a.state === "finished").map((a) => a.id),
      sent: () => `GET /v2/organizations/acme/pipelines/web/builds/42/artifacts?state=finished`,
    },
    {
      name: "listJobArtifacts",
      given: async (bk) =>
        (
          await bk.GET(JOB_PATH, {
            params: { path: { ...build, job_id: JOBS[1] }, query: { path: "dist/file-1.txt" } },
          })
        ).data,
      want: (f) => f.artifacts.filter((a) => a.path === "dist/file-1.txt"),
      sent: () => `GET /v2/organizations/acme/pipelines/web/builds/42/jobs/${JOBS[1]}/artifacts?path=dist%2Ffile-1.txt`,
    },
    {
      name: "getArtifact",
      given: async (bk, f) =>
        (await bk.GET(ONE_PATH, { params: { path: { ...build, job_id: first(f).job_id, artifact_id: first(f).id } } }))
          .data,
      want: (f) => first(f),
      sent: (f) =>
        `GET /v2/organizations/acme/pipelines/web/builds/42/jobs/${first(f).job_id}/artifacts/${first(f).id}`,
    },
    {
      name: "deleteArtifact",
      given: async (bk, f) => {
        const { data, error, response } = await bk.DELETE(ONE_PATH, {
          params: { path: { ...build, job_id: first(f).job_id, artifact_id: first(f).id } },
        });
        return { data, error, status: response.status };
      },
      want: () => ({ data: undefined, error: undefined, status: 204 }),
      sent: (f) =>
        `DELETE /v2/organizations/acme/pipelines/web/builds/42/jobs/${first(f).job_id}/artifacts/${first(f).id}`,
    },
    {
      name: "downloadArtifact (getDownloadUrl)",
      given: (bk, f) => bk.getDownloadUrl({ ...build, job_id: first(f).job_id, artifact_id: first(f).id }),
      want: (f) => expect.stringMatching(new RegExp(`^${f.storage.origin}/files/${first(f).id}\\?X-Amz-Expires=60&`)),
      sent: (f) =>
        `GET /v2/organizations/acme/pipelines/web/builds/42/jobs/${first(f).job_id}/artifacts/${first(f).id}/download`,
    },
    {
      name: "downloadArtifact (download)",
      given: async (bk, f) =>
        (await bk.download({ ...build, job_id: first(f).job_id, artifact_id: first(f).id })).text(),
      want: () => "contents of dist/file-0.txt\n",
      sent: (f) =>
        `GET /v2/organizations/acme/pipelines/web/builds/42/jobs/${first(f).job_id}/artifacts/${first(f).id}/download`,
    },
  ];

  it.each(rows)("$name", async ({ given, want, sent }) => {
    const { fake, bk } = await setup();
    const expected = sent(fake);
    const wanted = want(fake);
    expect(await given(bk, fake)).toEqual(wanted);
    expect(paths(fake.server)).toEqual([expected]);
    expect(fake.server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("pagination", () => {
  it.each([
    {
      name: "250 artifacts in three pages of the default 100",
      given: { count: 250, query: {} },
      want: { items: 250, pages: 3, perPage: "100" },
    },
    {
      name: "a caller's per_page is kept",
      given: { count: 7, query: { per_page: 3 } },
      want: { items: 7, pages: 3, perPage: "3" },
    },
    { name: "one page without Link", given: { count: 4, query: {} }, want: { items: 4, pages: 1, perPage: "100" } },
    { name: "an empty list", given: { count: 0, query: {} }, want: { items: 0, pages: 1, perPage: "100" } },
  ])("$name", async ({ given, want }) => {
    const { fake, bk } = await setup({ count: given.count });
    const items = await collect(bk.paginate(BUILD_PATH, { params: { path: build, query: given.query } }));
    expect(items.map((a) => a.id)).toEqual(fake.artifacts.map((a) => a.id));
    expect(items).toHaveLength(want.items);
    expect(fake.server.requests).toHaveLength(want.pages);
    for (const request of fake.server.requests) {
      expect(new URL(request.url, fake.server.origin).searchParams.get("per_page")).toBe(want.perPage);
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
  });

  it("passes filters on and follows the server's next links", async () => {
    const { fake, bk } = await setup({ count: 30 });
    const items = await collect(
      bk.paginate(JOB_PATH, {
        params: { path: { ...build, job_id: JOBS[0] }, query: { state: "finished", per_page: 4 } },
      }),
    );
    const want = fake.artifacts.filter((a) => a.job_id === JOBS[0] && a.state === "finished");
    expect(items).toEqual(want);
    expect(
      paths(fake.server).map((p) => new URL(p.split(" ")[1]!, fake!.server.origin).searchParams.toString()),
    ).toEqual(["per_page=4&state=finished", ...[2, 3].map((n) => `per_page=4&state=finished&page=${n}`)]);
  });

  it("requests no further page once the caller stops", async () => {
    const { fake, bk } = await setup({ count: 250 });
    for await (const artifact of bk.paginate(BUILD_PATH, { params: { path: build } })) {
      if (artifact.id === fake.artifacts[120]!.id) break;
    }
    expect(fake.server.requests).toHaveLength(2);
  });

  it("stops at an AbortSignal", async () => {
    const { fake, bk } = await setup({ count: 250 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const artifact of bk.paginate(BUILD_PATH, { params: { path: build }, signal: controller.signal })) {
        seen.push(artifact.id);
        if (seen.length === 150) controller.abort(new Error("enough"));
      }
    };
    await expect(run()).rejects.toThrow("enough");
    expect(seen).toHaveLength(150);
    expect(fake.server.requests).toHaveLength(2);
  });

  it.each([
    {
      name: "a next link to another host is an error, not a request",
      given: (other: string) => `<${other}/v2/steal?page=2>; rel="next"`,
      want: { problem: "cross-origin-link", otherRequests: 0 },
    },
    {
      name: "a malformed Link header is an error",
      given: () => `http://no-angle-brackets; rel="next"`,
      want: { problem: "malformed-link", otherRequests: 0 },
    },
    {
      name: "a next link to a page already read is an error, not a loop",
      given: (_other: string, self: string) => `<${self}>; rel="next"`,
      want: { problem: "pagination-loop", otherRequests: 0 },
    },
  ])("$name", async ({ given, want }) => {
    const other = await startServer((_request, response) => sendJson(response, 200, []));
    others.push(other);
    const { fake, bk } = await setup({
      count: 3,
      fault: (request, response) => {
        sendJson(response, 200, [{ id: "only" }], {
          link: given(other.origin, new URL(request.url, fake!.server.origin).href),
        });
        return true;
      },
    });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const artifact of bk.paginate(BUILD_PATH, { params: { path: build } })) seen.push(artifact);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).problem).toBe(want.problem);
    expect(String(error)).not.toContain(TOKEN);
    expect(seen).toEqual([{ id: "only" }]);
    expect(other.requests).toHaveLength(want.otherRequests);
    expect(fake.server.requests).toHaveLength(1);
  });

  it("a 401 in the middle ends in ApiError with the vendor's body", async () => {
    const { fake, bk } = await setup({
      count: 250,
      fault: (request, response) => {
        if (!request.url.includes("page=3")) return false;
        sendJson(response, 401, { message: "Token expired" });
        return true;
      },
    });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const artifact of bk.paginate(BUILD_PATH, { params: { path: build } })) seen.push(artifact);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, body: { message: "Token expired" }, attempts: 1, method: "GET" });
    expect(seen).toHaveLength(200);
    expect(fake.server.requests).toHaveLength(3);
  });

  it("an unknown state from an untyped caller gets the server's 422 as ApiError", async () => {
    const { bk } = await setup();
    const query = { state: "bogus" } as unknown as { state: "new" };
    const error = await collect(bk.paginate(BUILD_PATH, { params: { path: build, query } })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 422,
      body: { message: "Validation Failed", errors: [{ field: "state", code: "invalid" }] },
    });
  });
});

describe("downloads", () => {
  it("never sends the token, or any credential, to the storage host", async () => {
    const { fake, bk } = await setup();
    const artifact = fake.artifacts[1]!;
    const response = await bk.download({ ...build, job_id: artifact.job_id, artifact_id: artifact.id });
    expect(await response.text()).toBe("contents of dist/file-1.txt\n");
    expect(fake.storage.requests).toHaveLength(1);
    const sent = fake.storage.requests[0]!;
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers.cookie).toBeUndefined();
    expect(JSON.stringify(sent.headers)).not.toContain(TOKEN);
    expect(sent.url).not.toContain(TOKEN);
    expect(fake.server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("hands the storage request to a custom fetch already without the token", async () => {
    const { fake } = await setup();
    const seen: { origin: string; authorization: string | null }[] = [];
    const bk = createBuildkiteClient({
      token: TOKEN,
      baseUrl: fake.baseUrl,
      fetch: (request) => {
        seen.push({ origin: new URL(request.url).origin, authorization: request.headers.get("authorization") });
        return fetch(request);
      },
    });
    const artifact = fake.artifacts[0]!;
    await (await bk.download({ ...build, job_id: artifact.job_id, artifact_id: artifact.id })).text();
    expect(seen).toEqual([
      { origin: fake.server.origin, authorization: `Bearer ${TOKEN}` },
      { origin: fake.storage.origin, authorization: null },
    ]);
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
    const result = await bk
      .getDownloadUrl({ ...build, job_id: JOBS[0], artifact_id: "a" })
      .catch((e: unknown) => (e instanceof ResponseError ? e.problem : (e as Error).message));
    expect(result).toMatch(want(fake.storage.origin));
  });

  it("a storage error is an ApiError naming the storage path without its signature", async () => {
    const { fake, bk } = await setup();
    fake.files.clear();
    const artifact = fake.artifacts[0]!;
    const error = await bk
      .download({ ...build, job_id: artifact.job_id, artifact_id: artifact.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, path: `${fake.storage.origin}/files/${artifact.id}` });
    expect((error as Error).message).not.toContain("Signature");
  });

  it("the timeout covers the storage host's headers, not the whole file", async () => {
    const storage = await startServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      response.write("first half, ");
      // Longer than timeoutMs below: a timer still running would cut the body.
      setTimeout(() => response.end("second half"), 300);
    });
    others.push(storage);
    const { fake } = await setup({
      fault: (_request, response) => {
        const location = `${storage.origin}/file`;
        sendJson(response, 302, { url: location }, { location });
        return true;
      },
    });
    const bk = createBuildkiteClient({ token: TOKEN, baseUrl: fake.baseUrl, timeoutMs: 100 });
    const response = await bk.download({ ...build, job_id: JOBS[0], artifact_id: "a" });
    expect(await response.text()).toBe("first half, second half");
  });

  it("an abort while the file streams errors the stream with the caller's reason", async () => {
    const storage = await startServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      response.write("never finished");
    });
    others.push(storage);
    const { fake } = await setup({
      fault: (_request, response) => {
        sendJson(response, 302, {}, { location: `${storage.origin}/file` });
        return true;
      },
    });
    const bk = createBuildkiteClient({ token: TOKEN, baseUrl: fake.baseUrl });
    const controller = new AbortController();
    const response = await bk.download({ ...build, job_id: JOBS[0], artifact_id: "a" }, { signal: controller.signal });
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
    const error = await bk.download({ ...build, job_id: JOBS[0], artifact_id: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ problem: "unreadable-redirect", attempts: 1 });
    expect(sent).toEqual([
      `manual https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/42/jobs/${JOBS[0]}/artifacts/a/download`,
    ]);
  });
});

describe("the openapi-fetch client underneath", () => {
  it.each([
    { name: "one answer", given: { statuses: [200] }, want: { sentTokens: 1, sentAsBuilt: true } },
    { name: "a 429, then an answer", given: { statuses: [429, 200] }, want: { sentTokens: 2, sentAsBuilt: true } },
  ])(
    "$name: the first attempt sends openapi-fetch's own Request, and middleware never sees the token",
    async ({ given, want }) => {
      const statuses = [...given.statuses];
      const sent: { request: Request; authorization: string | null }[] = [];
      const fetch = async (request: Request) => {
        sent.push({ request, authorization: request.headers.get("authorization") });
        const status = statuses.shift() ?? 500;
        return new Response(status === 200 ? '{"id":"a"}' : "", {
          status,
          headers: { "content-type": "application/json", "retry-after": "0" },
        });
      };
      const bk = createBuildkiteClient({ token: TOKEN, baseUrl: "https://api.example.test/v2", fetch });
      const built: Request[] = [];
      const seen: (string | null)[] = [];
      bk.use({
        onRequest({ request }) {
          built.push(request);
          seen.push(request.headers.get("authorization"));
        },
        onResponse({ request }) {
          seen.push(request.headers.get("authorization"));
        },
      });
      const { data } = await bk.GET(ONE_PATH, { params: { path: { ...build, job_id: JOBS[0]!, artifact_id: "a" } } });
      expect({
        id: data?.id,
        sentTokens: sent.filter((s) => s.authorization === `Bearer ${TOKEN}`).length,
        sentAsBuilt: sent[0]?.request === built[0],
        seen,
      }).toEqual({ id: "a", ...want, seen: [null, null] });
    },
  );

  it("keeps middleware and request() working", async () => {
    const { fake, bk } = await setup();
    const seen: string[] = [];
    bk.use({
      onRequest({ request }) {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
      },
    });
    const artifact = fake.artifacts[0]!;
    const { data } = await bk.request("get", ONE_PATH, {
      params: { path: { ...build, job_id: artifact.job_id, artifact_id: artifact.id } },
    });
    expect(data?.id).toBe(artifact.id);
    expect(seen).toEqual([
      `GET /v2/organizations/acme/pipelines/web/builds/42/jobs/${artifact.job_id}/artifacts/${artifact.id}`,
    ]);
  });
});
