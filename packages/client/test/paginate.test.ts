import { ApiError, createBuildkiteClient, ResponseError } from "@ci-artifacts/client/buildkite";
import { collect, pages, paginate } from "@ci-artifacts/client/paginate";
import { afterEach, describe, expect, it } from "vitest";
import { BUILD, type FakeBuildkite, JOBS, ORG, PIPELINE, startFakeBuildkite, TOKEN } from "./support/fake-buildkite.js";
import { sendJson, startServer, type TestServer } from "./support/http.js";

const BUILD_PATH = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts" as const;
const JOB_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts" as const;
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

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const queries = (server: TestServer) =>
  server.requests.map((r) => new URL(r.url, server.origin).searchParams.toString());

describe("paginate, pages and collect", () => {
  it.each([
    {
      name: "250 artifacts in three pages of the default 100",
      given: { count: 250, query: {}, maxItems: undefined },
      want: { items: 250, queries: ["per_page=100", "per_page=100&page=2", "per_page=100&page=3"] },
    },
    {
      name: "a caller's per_page is kept",
      given: { count: 7, query: { per_page: 3 }, maxItems: undefined },
      want: { items: 7, queries: ["per_page=3", "per_page=3&page=2", "per_page=3&page=3"] },
    },
    {
      name: "one page without Link",
      given: { count: 4, query: {}, maxItems: undefined },
      want: { items: 4, queries: ["per_page=100"] },
    },
    {
      name: "an empty list",
      given: { count: 0, query: {}, maxItems: undefined },
      want: { items: 0, queries: ["per_page=100"] },
    },
    {
      name: "maxItems asks for no larger pages than it needs",
      given: { count: 250, query: {}, maxItems: 20 },
      want: { items: 20, queries: ["per_page=20"] },
    },
    {
      name: "maxItems stops in the middle of a page",
      given: { count: 250, query: {}, maxItems: 150 },
      want: { items: 150, queries: ["per_page=100", "per_page=100&page=2"] },
    },
    {
      name: "maxItems 0 asks for nothing",
      given: { count: 5, query: {}, maxItems: 0 },
      want: { items: 0, queries: [] },
    },
  ])("$name", async ({ given, want }) => {
    const { fake, bk } = await setup({ count: given.count });
    const init = { params: { path: build, query: given.query }, maxItems: given.maxItems };
    const items = await all(paginate(bk, BUILD_PATH, init));
    const queried = queries(fake.server);
    expect({ ids: items.map((a) => a.id), queries: queried }).toEqual({
      ids: fake.artifacts.slice(0, want.items).map((a) => a.id),
      queries: want.queries,
    });
    // pages and collect read the same pages the same way.
    fake.server.requests.length = 0;
    expect((await all(pages(bk, BUILD_PATH, init))).flat()).toEqual(items);
    fake.server.requests.length = 0;
    expect(await collect(bk, BUILD_PATH, init)).toEqual(items);
    expect(queries(fake.server)).toEqual(want.queries);
    expect(fake.server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("pages hands over one array per page", async () => {
    const { bk } = await setup({ count: 7 });
    const sizes = (await all(pages(bk, BUILD_PATH, { params: { path: build, query: { per_page: 3 } } }))).map(
      (p) => p.length,
    );
    expect(sizes).toEqual([3, 3, 1]);
  });

  it("passes filters on and follows the server's next links", async () => {
    const { fake, bk } = await setup({ count: 30 });
    const items = await all(
      paginate(bk, JOB_PATH, {
        params: { path: { ...build, job_id: JOBS[0] }, query: { state: "finished", per_page: 4 } },
      }),
    );
    expect(items).toEqual(fake.artifacts.filter((a) => a.job_id === JOBS[0] && a.state === "finished"));
    expect(queries(fake.server)).toEqual([
      "per_page=4&state=finished",
      ...[2, 3].map((n) => `per_page=4&state=finished&page=${n}`),
    ]);
  });

  it("middleware sees every page, and events name the list's template", async () => {
    const { fake, bk } = await setup({ count: 250 });
    const seen: string[] = [];
    bk.use({
      onRequest: ({ request, schemaPath }) =>
        void seen.push(`${new URL(request.url).search} ${schemaPath.startsWith("/v2/") ? "next" : schemaPath}`),
    });
    await collect(bk, BUILD_PATH, { params: { path: build } });
    expect(seen).toEqual([`?per_page=100 ${BUILD_PATH}`, "?per_page=100&page=2 next", "?per_page=100&page=3 next"]);
    expect(fake.server.requests).toHaveLength(3);
  });

  it("requests no further page once the caller stops", async () => {
    const { fake, bk } = await setup({ count: 250 });
    for await (const artifact of paginate(bk, BUILD_PATH, { params: { path: build } })) {
      if (artifact.id === fake.artifacts[120]!.id) break;
    }
    expect(fake.server.requests).toHaveLength(2);
  });

  it("stops at an AbortSignal", async () => {
    const { fake, bk } = await setup({ count: 250 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const artifact of paginate(bk, BUILD_PATH, { params: { path: build }, signal: controller.signal })) {
        seen.push(artifact.id);
        if (seen.length === 150) controller.abort(new Error("enough"));
      }
    };
    await expect(run()).rejects.toThrow("enough");
    expect({ seen: seen.length, requests: fake.server.requests.length }).toEqual({ seen: 150, requests: 2 });
  });

  it.each([
    {
      name: "a next link to another host is an error, not a request",
      given: (other: string) => `<${other}/v2/steal?page=2>; rel="next"`,
      want: "cross-origin-link",
    },
    {
      name: "a malformed Link header is an error",
      given: () => `http://no-angle-brackets; rel="next"`,
      want: "malformed-link",
    },
    {
      name: "a next link to a page already read is an error, not a loop",
      given: (_other: string, self: string) => `<${self}>; rel="next"`,
      want: "pagination-loop",
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
      for await (const artifact of paginate(bk, BUILD_PATH, { params: { path: build } })) seen.push(artifact);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect({
      problem: (error as ResponseError).problem,
      seen,
      other: other.requests.length,
      api: fake.server.requests.length,
    }).toEqual({
      problem: want,
      seen: [{ id: "only" }],
      other: 0,
      api: 1,
    });
    expect(String(error)).not.toContain(TOKEN);
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
      for await (const artifact of paginate(bk, BUILD_PATH, { params: { path: build } })) seen.push(artifact);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, body: { message: "Token expired" }, attempts: 1, method: "GET" });
    expect({ seen: seen.length, requests: fake.server.requests.length }).toEqual({ seen: 200, requests: 3 });
  });

  it("a page that is not a list is a ResponseError", async () => {
    const { bk } = await setup({
      fault: (_request, response) => {
        sendJson(response, 200, { not: "a list" });
        return true;
      },
    });
    const error = await collect(bk, BUILD_PATH, { params: { path: build } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ problem: "not-a-list", status: 200 });
  });

  it.each([
    { name: "a negative maxItems", given: -1 },
    { name: "NaN", given: Number.NaN },
  ])("refuses $name", async ({ given }) => {
    const { bk } = await setup();
    await expect(collect(bk, BUILD_PATH, { params: { path: build }, maxItems: given })).rejects.toThrow(
      /maxItems must be a number of items/,
    );
  });
});
