/**
 * Our client against a third-party reading of the same descriptions: every operation is called
 * through @ci-artifacts/client, answered by Stoplight Prism serving the bundles. Prism must see
 * nothing wrong with any request, and every answer the client hands back must keep to the contract.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type BuddyClient, createBuddyClient } from "@ci-artifacts/client/buddy";
import { type BuildkiteClient, createBuildkiteClient, ResponseError } from "@ci-artifacts/client/buildkite";
import { type Api, validateRequest, validateResponse } from "@ci-artifacts/contract";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@ci-artifacts/contract/vitest";
import { type Mock, startMock } from "@ci-artifacts/mock";

interface Exchange {
  method: string;
  path: string;
  status: number;
  /** Prism's `sl-violations` header: the ways the request broke the description. */
  violations: unknown[];
  location: string | null;
  body: string;
}

const exchanges: Exchange[] = [];

// One connection per request: Prism closes idle keep-alive sockets after 5 s,
// and a request sent on a socket it is closing fails with UND_ERR_SOCKET on a
// busy machine. Retries are off here (one exchange per call), so avoid the race.
const noKeepAlive = new Agent({ pipelining: 0 });

/** A fetch for the client that keeps a copy of each exchange with Prism. */
function recording(api: Api) {
  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    let sent = request;
    if (api === "buildkite" && path.endsWith("/download")) {
      // downloadArtifact declares only a 302 (and errors); Prism answers such an operation with
      // its `default` response as a 200 unless asked (stoplightio/prism#982).
      const headers = new Headers(request.headers);
      headers.set("prefer", "code=302");
      sent = new Request(request, { headers });
    }
    const response = await fetch(sent, { dispatcher: noKeepAlive } as RequestInit);
    const header = response.headers.get("sl-violations");
    exchanges.push({
      method: request.method,
      path,
      status: response.status,
      violations: header ? (JSON.parse(header) as unknown[]) : [],
      location: response.headers.get("location"),
      body: await response.clone().text(),
    });
    return response;
  };
}

const mocks: Mock[] = [];
const logs: Record<Api, string[]> = { buddy: [], buildkite: [] };
let closing = false;
function remember(api: Api, line: string): void {
  logs[api].push(line);
  if (logs[api].length > 20) logs[api].shift();
}
let buddy: BuddyClient;
let buildkite: BuildkiteClient;

beforeAll(async () => {
  // Each API's Prism is started once for the whole file; both start side by side.
  const started = await Promise.allSettled([
    startMock("buddy", { onLog: (line) => remember("buddy", line) }),
    startMock("buildkite", { onLog: (line) => remember("buildkite", line) }),
  ]);
  for (const result of started) {
    if (result.status === "fulfilled") {
      const mock = result.value;
      // A Prism that ends mid-run makes every later call fail with ECONNREFUSED; say so, with its last words.
      void mock.exited.then(({ code, signal }) => {
        if (closing) return;
        console.error(
          `the ${mock.api} mock exited (${signal ?? `code ${code}`}) mid-run; its last lines:\n${logs[mock.api].join("\n")}`,
        );
      });
    }
  }
  for (const result of started) if (result.status === "fulfilled") mocks.push(result.value);
  const failed = started.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  const url = (api: Api) => mocks.find((mock) => mock.api === api)?.url as string;
  buddy = createBuddyClient({
    token: "buddy-test-token",
    baseUrl: url("buddy"),
    fetch: recording("buddy"),
    retry: false,
  });
  buildkite = createBuildkiteClient({
    token: "buildkite-test-token",
    baseUrl: url("buildkite"),
    fetch: recording("buildkite"),
    retry: false,
  });
});

afterAll(async () => {
  // Runs when tests fail too; and a Prism whose test process dies ends with it (see @ci-artifacts/mock).
  closing = true;
  await Promise.all(mocks.map((mock) => mock.close()));
  await noKeepAlive.close();
});

const WORKSPACE = { workspace: "acme" };
const BUDDY_ARTIFACT = { workspace: "acme", artifact_id: "x5169jL2" };
const BUILD = { org_slug: "acme", pipeline_slug: "web", build_number: 42 };
const JOB = { ...BUILD, job_id: "aae578fe-994c-44e6-84da-4102616928ba" };
const BUILDKITE_ARTIFACT = { ...JOB, artifact_id: "76365070-34d5-4104-8b91-952780f8029f" };

// The client's types check these where they are sent; the contract checks them before.
const CREATE_BODY = {
  name: "site",
  type: "BUCKET" as const,
  scope: "PROJECT" as const,
  project: { name: "website" },
  authorization: { type: "BASIC" as const, user: "deploy", password: "correct horse" },
};
const UPDATE_BODY = { scope: "WORKSPACE" as const, retention_rules: [{ type: "KEEP_BY_COUNT" as const, value: 10 }] };

/** What the client handed back: the parsed body (undefined for none) and the status it came with. */
interface Outcome {
  status: number;
  data: unknown;
}

interface Row {
  name: string;
  given: { api: Api; operationId: string; requestBody?: unknown; call: () => Promise<Outcome> };
  want: { status: number; method: string; path: RegExp };
}

async function plain(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<Outcome> {
  const { data, error, response } = await call;
  if (error !== undefined) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
  return { status: response.status, data };
}

const rows: Row[] = [
  {
    name: "buddy listArtifacts",
    given: {
      api: "buddy",
      operationId: "listArtifacts",
      call: () =>
        plain(
          buddy.GET("/workspaces/{workspace}/artifacts", {
            params: { path: WORKSPACE, query: { project_name: "website" } },
          }),
        ),
    },
    want: { status: 200, method: "GET", path: /^\/workspaces\/acme\/artifacts$/ },
  },
  {
    name: "buddy createArtifact",
    given: {
      api: "buddy",
      operationId: "createArtifact",
      requestBody: CREATE_BODY,
      call: () =>
        plain(buddy.POST("/workspaces/{workspace}/artifacts", { params: { path: WORKSPACE }, body: CREATE_BODY })),
    },
    want: { status: 201, method: "POST", path: /^\/workspaces\/acme\/artifacts$/ },
  },
  {
    name: "buddy getArtifact",
    given: {
      api: "buddy",
      operationId: "getArtifact",
      call: () =>
        plain(buddy.GET("/workspaces/{workspace}/artifacts/{artifact_id}", { params: { path: BUDDY_ARTIFACT } })),
    },
    want: { status: 200, method: "GET", path: /^\/workspaces\/acme\/artifacts\/x5169jL2$/ },
  },
  {
    name: "buddy updateArtifact",
    given: {
      api: "buddy",
      operationId: "updateArtifact",
      requestBody: UPDATE_BODY,
      call: () =>
        plain(
          buddy.PATCH("/workspaces/{workspace}/artifacts/{artifact_id}", {
            params: { path: BUDDY_ARTIFACT },
            body: UPDATE_BODY,
          }),
        ),
    },
    want: { status: 200, method: "PATCH", path: /^\/workspaces\/acme\/artifacts\/x5169jL2$/ },
  },
  {
    name: "buddy deleteArtifact",
    given: {
      api: "buddy",
      operationId: "deleteArtifact",
      call: () =>
        plain(buddy.DELETE("/workspaces/{workspace}/artifacts/{artifact_id}", { params: { path: BUDDY_ARTIFACT } })),
    },
    want: { status: 204, method: "DELETE", path: /^\/workspaces\/acme\/artifacts\/x5169jL2$/ },
  },
  {
    name: "buildkite listBuildArtifacts",
    given: {
      api: "buildkite",
      operationId: "listBuildArtifacts",
      call: () =>
        plain(
          buildkite.GET("/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts", {
            params: { path: BUILD, query: { state: "finished", per_page: 100 } },
          }),
        ),
    },
    want: { status: 200, method: "GET", path: /^\/organizations\/acme\/pipelines\/web\/builds\/42\/artifacts$/ },
  },
  {
    name: "buildkite listJobArtifacts",
    given: {
      api: "buildkite",
      operationId: "listJobArtifacts",
      call: () =>
        plain(
          buildkite.GET(
            "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts",
            {
              params: { path: JOB, query: { path: "logs/*", page: 1 } },
            },
          ),
        ),
    },
    want: {
      status: 200,
      method: "GET",
      path: /^\/organizations\/acme\/pipelines\/web\/builds\/42\/jobs\/[0-9a-f-]{36}\/artifacts$/,
    },
  },
  {
    name: "buildkite getArtifact",
    given: {
      api: "buildkite",
      operationId: "getArtifact",
      call: () =>
        plain(
          buildkite.GET(
            "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}",
            {
              params: { path: BUILDKITE_ARTIFACT },
            },
          ),
        ),
    },
    want: {
      status: 200,
      method: "GET",
      path: /^\/organizations\/acme\/pipelines\/web\/builds\/42\/jobs\/[0-9a-f-]{36}\/artifacts\/[0-9a-f-]{36}$/,
    },
  },
  {
    name: "buildkite deleteArtifact",
    given: {
      api: "buildkite",
      operationId: "deleteArtifact",
      call: () =>
        plain(
          buildkite.DELETE(
            "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}",
            {
              params: { path: BUILDKITE_ARTIFACT },
            },
          ),
        ),
    },
    want: {
      status: 204,
      method: "DELETE",
      path: /^\/organizations\/acme\/pipelines\/web\/builds\/42\/jobs\/[0-9a-f-]{36}\/artifacts\/[0-9a-f-]{36}$/,
    },
  },
  {
    name: "buildkite downloadArtifact (getDownloadUrl)",
    given: {
      api: "buildkite",
      operationId: "downloadArtifact",
      // The helper reads the 302 without following it: what it parsed is the URL, which must be
      // the one the answer gives in Location and in its body.
      call: async () => {
        const url = await buildkite.getDownloadUrl(BUILDKITE_ARTIFACT);
        const exchange = exchanges.at(-1) as Exchange;
        const body = JSON.parse(exchange.body) as { url?: unknown };
        expect({ location: exchange.location, bodyUrl: body.url }).toEqual({ location: url, bodyUrl: url });
        return { status: exchange.status, data: body };
      },
    },
    want: {
      status: 302,
      method: "GET",
      path: /^\/organizations\/acme\/pipelines\/web\/builds\/42\/jobs\/[0-9a-f-]{36}\/artifacts\/[0-9a-f-]{36}\/download$/,
    },
  },
];

describe("every operation through @ci-artifacts/client, answered by Prism", () => {
  it("covers every operation of both descriptions", () => {
    const require = createRequire(import.meta.url);
    const declared = (["buddy", "buildkite"] as const).flatMap((api) => {
      const document = JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8")) as {
        paths: Record<string, Record<string, { operationId?: string }>>;
      };
      return Object.values(document.paths).flatMap((item) =>
        Object.values(item).flatMap((operation) => (operation?.operationId ? [`${api} ${operation.operationId}`] : [])),
      );
    });
    expect(rows.map((row) => `${row.given.api} ${row.given.operationId}`).sort()).toEqual(declared.sort());
    expect(declared).toHaveLength(10);
  });

  it.each(rows)("$name", async ({ given, want }) => {
    if (given.requestBody !== undefined) {
      expect(validateRequest(given.api, given.operationId as never, given.requestBody)).toEqual({
        valid: true,
        errors: [],
      });
    }
    exchanges.length = 0;

    const outcome = await given.call();

    expect(exchanges.map(({ method, path, status, violations }) => ({ method, path, status, violations }))).toEqual([
      { method: want.method, path: expect.stringMatching(want.path), status: want.status, violations: [] },
    ]);
    expect(outcome.status).toBe(want.status);
    expect(outcome.data).toMatchResponse(given.api, given.operationId as never, outcome.status);
    // The matcher and the function are the same check; the function also says what was wrong.
    expect(validateResponse(given.api, given.operationId as never, outcome.status, outcome.data).errors).toEqual([]);
  });
});

describe("where the mock and the client part ways", () => {
  it("paginate stops at the list example's Link header, which points at api.buildkite.com", async () => {
    exchanges.length = 0;
    const seen: unknown[] = [];
    const walk = async () => {
      for await (const artifact of buildkite.paginate(
        "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts",
        {
          params: { path: BUILD },
        },
      )) {
        seen.push(artifact);
      }
    };
    await expect(walk()).rejects.toSatisfy(
      (error) => error instanceof ResponseError && error.problem === "cross-origin-link",
    );
    expect({ pages: exchanges.length, violations: exchanges.flatMap((e) => e.violations), items: seen.length }).toEqual(
      {
        pages: 1,
        violations: [],
        items: 2,
      },
    );
  });
});
