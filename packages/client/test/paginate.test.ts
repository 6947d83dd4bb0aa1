import { ApiError, createBuildkiteClient, ResponseError } from "@ci-artifacts/client/buildkite";
import { collect, pages, paginate } from "@ci-artifacts/client/paginate";
import type { CustomFault, FaultExchange, Twin } from "@ci-artifacts/mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  apiRequests,
  artifactsOf,
  BUILD,
  BUILDKITE_TOKEN,
  buildkiteTwin,
  closeTwins,
  startBuildkite,
  storageRequests,
} from "./support/twin.js";

const BUILD_PATH = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts" as const;
const JOB_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts" as const;
const build = BUILD;

afterEach(closeTwins);

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The query of each request that reached the API. */
const queries = (twin: Twin) => apiRequests(twin).map((r) => new URL(r.url, twin.origin).searchParams.toString());

/** The twin's own first page, with the `Link` header that `link` writes instead of the twin's. */
function withLink(link: (exchange: FaultExchange) => string): CustomFault {
  return {
    kind: "link",
    act: async (exchange) => {
      const answer = await exchange.answer();
      exchange.response.writeHead(answer.status, { ...answer.headers, link: link(exchange) }).end(answer.body);
    },
  };
}

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
    const { twin, bk } = await startBuildkite({ artifacts: given.count });
    const init = { params: { path: build, query: given.query }, maxItems: given.maxItems };
    const items = await all(paginate(bk, BUILD_PATH, init));
    const queried = queries(twin);
    expect({ ids: items.map((a) => a.id), queries: queried }).toEqual({
      ids: artifactsOf(twin)
        .slice(0, want.items)
        .map((a) => a.id),
      queries: want.queries,
    });
    // pages and collect read the same pages the same way.
    twin.resetRequests();
    expect((await all(pages(bk, BUILD_PATH, init))).flat()).toEqual(items);
    twin.resetRequests();
    expect(await collect(bk, BUILD_PATH, init)).toEqual(items);
    expect(queries(twin)).toEqual(want.queries);
    expect(apiRequests(twin).every((r) => r.headers.authorization === `Bearer ${BUILDKITE_TOKEN}`)).toBe(true);
  });

  it("pages hands over one array per page", async () => {
    const { bk } = await startBuildkite({ artifacts: 7 });
    const sizes = (await all(pages(bk, BUILD_PATH, { params: { path: build, query: { per_page: 3 } } }))).map(
      (p) => p.length,
    );
    expect(sizes).toEqual([3, 3, 1]);
  });

  it("passes filters on and follows the server's next links", async () => {
    const { twin, bk } = await startBuildkite({ artifacts: 30 });
    const job = artifactsOf(twin)[0]!.job_id;
    const want = artifactsOf(twin).filter((a) => a.job_id === job && a.state === "finished");
    const links = Math.ceil(want.length / 4) - 1;
    // The seed spreads the list over more than two pages of 4: at least two links are followed.
    expect(links).toBeGreaterThanOrEqual(2);
    const items = await all(
      paginate(bk, JOB_PATH, {
        params: { path: { ...build, job_id: job }, query: { state: "finished", per_page: 4 } },
      }),
    );
    expect(items).toEqual(want);
    expect(queries(twin)).toEqual([
      "per_page=4&state=finished",
      ...Array.from({ length: links }, (_, i) => `per_page=4&state=finished&page=${i + 2}`),
    ]);
  });

  it("middleware sees every page, and events name the list's template", async () => {
    const { twin, bk } = await startBuildkite({ artifacts: 250 });
    const seen: string[] = [];
    bk.use({
      onRequest: ({ request, schemaPath }) =>
        void seen.push(`${new URL(request.url).search} ${schemaPath.startsWith("/v2/") ? "next" : schemaPath}`),
    });
    await collect(bk, BUILD_PATH, { params: { path: build } });
    expect(seen).toEqual([`?per_page=100 ${BUILD_PATH}`, "?per_page=100&page=2 next", "?per_page=100&page=3 next"]);
    expect(apiRequests(twin)).toHaveLength(3);
  });

  it("requests no further page once the caller stops", async () => {
    const { twin, bk } = await startBuildkite({ artifacts: 250 });
    for await (const artifact of paginate(bk, BUILD_PATH, { params: { path: build } })) {
      if (artifact.id === artifactsOf(twin)[120]!.id) break;
    }
    expect(apiRequests(twin)).toHaveLength(2);
  });

  it("stops at an AbortSignal", async () => {
    const { twin, bk } = await startBuildkite({ artifacts: 250 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const artifact of paginate(bk, BUILD_PATH, { params: { path: build }, signal: controller.signal })) {
        seen.push(artifact.id);
        if (seen.length === 150) controller.abort(new Error("enough"));
      }
    };
    await expect(run()).rejects.toThrow("enough");
    expect({ seen: seen.length, requests: apiRequests(twin).length }).toEqual({ seen: 150, requests: 2 });
  });

  it.each([
    {
      // The twin's storage server stands for the other host: it records whatever reaches it.
      name: "a next link to another host is an error, not a request",
      given: withLink(({ peer }) => `<${peer}/v2/steal?page=2>; rel="next"`),
      want: "cross-origin-link",
    },
    {
      name: "a malformed Link header is an error",
      given: withLink(() => `http://no-angle-brackets; rel="next"`),
      want: "malformed-link",
    },
    {
      name: "a next link to a page already read is an error, not a loop",
      given: withLink(({ request, self }) => `<${new URL(request.url, self).href}>; rel="next"`),
      want: "pagination-loop",
    },
  ])("$name", async ({ given, want }) => {
    const { twin, bk } = await startBuildkite({
      artifacts: 3,
      faults: [{ fault: given, route: "listBuildArtifacts" }],
    });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const artifact of paginate(bk, BUILD_PATH, { params: { path: build } })) seen.push(artifact);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect({
      problem: (error as ResponseError).problem,
      seen,
      other: storageRequests(twin).length,
      api: apiRequests(twin).length,
    }).toEqual({
      problem: want,
      seen: artifactsOf(twin),
      other: 0,
      api: 1,
    });
    expect(String(error)).not.toContain(BUILDKITE_TOKEN);
  });

  it("a 401 in the middle ends in ApiError with the vendor's body", async () => {
    const twin = await buildkiteTwin({ artifacts: 250 });
    // A token that stops working after two pages, as a revoked one does.
    let asked = 0;
    const bk = createBuildkiteClient({
      token: () => (++asked <= 2 ? BUILDKITE_TOKEN : "a-revoked-token"),
      baseUrl: twin.url,
    });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const artifact of paginate(bk, BUILD_PATH, { params: { path: build } })) seen.push(artifact);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      body: { message: "Unauthorized: the token is not one this twin accepts" },
      attempts: 1,
      method: "GET",
    });
    expect({ seen: seen.length, requests: apiRequests(twin).map((r) => r.status) }).toEqual({
      seen: 200,
      requests: [200, 200, 401],
    });
  });

  it("a page that is not a list is a ResponseError", async () => {
    const notAList: CustomFault = {
      kind: "not a list",
      act: ({ response }) => {
        const body = JSON.stringify({ not: "a list" });
        response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        response.end(body);
      },
    };
    const { bk } = await startBuildkite({ faults: [{ fault: notAList, route: "listBuildArtifacts" }] });
    const error = await collect(bk, BUILD_PATH, { params: { path: build } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ problem: "not-a-list", status: 200 });
  });

  it.each([
    { name: "a negative maxItems", given: -1 },
    { name: "NaN", given: Number.NaN },
  ])("refuses $name", async ({ given }) => {
    const { bk } = await startBuildkite();
    await expect(collect(bk, BUILD_PATH, { params: { path: build }, maxItems: given })).rejects.toThrow(
      /maxItems must be a number of items/,
    );
  });
});
