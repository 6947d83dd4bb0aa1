/**
 * Our client against the twin: every operation of both descriptions through
 * @ci-artifacts/client, each answer held to the contract, and the helpers (pagination, downloads)
 * working end to end on the twin's own origins.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  type BuddyClient,
  type BuildkiteClient,
  createBuddyClient,
  createBuildkiteClient,
  download,
  getDownloadUrl,
  paginate,
} from "@ci-artifacts/client";
import { type Api, validateRequest, validateResponse } from "@ci-artifacts/contract";
import { startTwin, type Twin } from "@ci-artifacts/mock";
import { operations } from "@ci-artifacts/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@ci-artifacts/contract/vitest";

interface Exchange {
  method: string;
  path: string;
  status: number;
  location: string | null;
  body: string;
}

const exchanges: Exchange[] = [];

/** A fetch for the client that keeps a copy of each exchange with the twin. */
const recording = async (request: Request, init?: RequestInit): Promise<Response> => {
  const response = await fetch(request, init);
  exchanges.push({
    method: request.method,
    path: new URL(request.url).pathname,
    status: response.status,
    location: response.headers.get("location"),
    body: await response.clone().text(),
  });
  return response;
};

let buddyTwin: Twin<"buddy">;
let buildkiteTwin: Twin<"buildkite">;
let buddy: BuddyClient;
let buildkite: BuildkiteClient;

beforeAll(async () => {
  [buddyTwin, buildkiteTwin] = await Promise.all([startTwin("buddy"), startTwin("buildkite", { artifacts: 250 })]);
  buddy = createBuddyClient({ token: buddyTwin.token, baseUrl: buddyTwin.url, fetch: recording });
  buildkite = createBuildkiteClient({ token: buildkiteTwin.token, baseUrl: buildkiteTwin.url, fetch: recording });
});
afterAll(async () => {
  await Promise.all([buddyTwin?.close(), buildkiteTwin?.close()]);
});

const WORKSPACE = { workspace: "my-company" };
const BUDDY_ARTIFACT = { workspace: "my-company", artifact_id: "x5169jL2" };
const BUILD = { org_slug: "my-great-org", pipeline_slug: "my-pipeline", build_number: 1 };
const JOB = { ...BUILD, job_id: "aae578fe-994c-44e6-84da-4102616928ba" };
const BUILDKITE_ARTIFACT = { ...JOB, artifact_id: "76365070-34d5-4104-8b91-952780f8029f" };

const CREATE_BODY = {
  name: "site",
  type: "BUCKET" as const,
  scope: "PROJECT" as const,
  project: { name: "website" },
  authorization: { type: "BASIC" as const, user: "deploy", password: "correct horse" },
};
const UPDATE_BODY = { scope: "WORKSPACE" as const, retention_rules: [{ type: "KEEP_BY_COUNT" as const, value: 10 }] };

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
            params: { path: WORKSPACE, query: { project_name: "my-project" } },
          }),
        ),
    },
    want: { status: 200, method: "GET", path: /^\/workspaces\/my-company\/artifacts$/ },
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
    want: { status: 201, method: "POST", path: /^\/workspaces\/my-company\/artifacts$/ },
  },
  {
    name: "buddy getArtifact",
    given: {
      api: "buddy",
      operationId: "getArtifact",
      call: () =>
        plain(buddy.GET("/workspaces/{workspace}/artifacts/{artifact_id}", { params: { path: BUDDY_ARTIFACT } })),
    },
    want: { status: 200, method: "GET", path: /^\/workspaces\/my-company\/artifacts\/x5169jL2$/ },
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
    want: { status: 200, method: "PATCH", path: /^\/workspaces\/my-company\/artifacts\/x5169jL2$/ },
  },
  {
    name: "buddy deleteArtifact",
    given: {
      api: "buddy",
      operationId: "deleteArtifact",
      call: () =>
        plain(buddy.DELETE("/workspaces/{workspace}/artifacts/{artifact_id}", { params: { path: BUDDY_ARTIFACT } })),
    },
    want: { status: 204, method: "DELETE", path: /^\/workspaces\/my-company\/artifacts\/x5169jL2$/ },
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
    want: {
      status: 200,
      method: "GET",
      path: /^\/organizations\/my-great-org\/pipelines\/my-pipeline\/builds\/1\/artifacts$/,
    },
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
              params: { path: JOB, query: { path: "dist/*", page: 1 } },
            },
          ),
        ),
    },
    want: {
      status: 200,
      method: "GET",
      path: /^\/organizations\/my-great-org\/pipelines\/my-pipeline\/builds\/1\/jobs\/[0-9a-f-]{36}\/artifacts$/,
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
    want: { status: 200, method: "GET", path: /\/jobs\/[0-9a-f-]{36}\/artifacts\/[0-9a-f-]{36}$/ },
  },
  {
    name: "buildkite downloadArtifact (getDownloadUrl)",
    given: {
      api: "buildkite",
      operationId: "downloadArtifact",
      // The helper reads the 302 without following it: the URL it gives is the answer's, in Location and in the body.
      call: async () => {
        const url = await getDownloadUrl(buildkite, BUILDKITE_ARTIFACT);
        const exchange = exchanges.at(-1) as Exchange;
        const body = JSON.parse(exchange.body) as { url?: unknown };
        expect({ location: exchange.location, bodyUrl: body.url }).toEqual({ location: url, bodyUrl: url });
        return { status: exchange.status, data: body };
      },
    },
    want: { status: 302, method: "GET", path: /\/jobs\/[0-9a-f-]{36}\/artifacts\/[0-9a-f-]{36}\/download$/ },
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
    want: { status: 204, method: "DELETE", path: /\/jobs\/[0-9a-f-]{36}\/artifacts\/[0-9a-f-]{36}$/ },
  },
];

describe("every operation through @ci-artifacts/client, answered by the twin", () => {
  it("covers every operation of both descriptions", () => {
    const require = createRequire(import.meta.url);
    const declared = (["buddy", "buildkite"] as const).flatMap((api) =>
      operations(JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8"))).map(
        (operation) => `${api} ${operation.operationId}`,
      ),
    );
    expect(rows.map((row) => `${row.given.api} ${row.given.operationId}`).sort()).toEqual(declared.sort());
  });

  it.each(rows)("$name", async ({ given, want }) => {
    if (given.requestBody !== undefined) {
      expect(validateRequest(given.api, given.operationId as never, given.requestBody).errors).toEqual([]);
    }
    exchanges.length = 0;
    const outcome = await given.call();
    expect(exchanges.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: want.method, path: expect.stringMatching(want.path), status: want.status },
    ]);
    expect(outcome.status).toBe(want.status);
    expect(outcome.data).toMatchResponse(given.api, given.operationId as never, outcome.status);
    expect(validateResponse(given.api, given.operationId as never, outcome.status, outcome.data).errors).toEqual([]);
  });
});

describe("the client's helpers on the twin", () => {
  it("paginate reads every artifact of the build, page after page on the twin's own origin", async () => {
    exchanges.length = 0;
    const ids: string[] = [];
    for await (const artifact of paginate(
      buildkite,
      "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts",
      {
        params: { path: BUILD },
      },
    )) {
      ids.push(artifact.id);
    }
    const live = buildkiteTwin.data().builds[0]!.artifacts.map((a) => a.id);
    expect(ids).toEqual(live);
    expect(exchanges.map((e) => e.status)).toEqual([200, 200, 200]);
  });

  it("download fetches the file from the twin's file server, without the token, bytes matching sha1sum", async () => {
    const artifact = buildkiteTwin.seed.builds[0]!.artifacts.find(
      (a) => a.state === "finished" && a.id !== BUILDKITE_ARTIFACT.artifact_id,
    )!;
    buildkiteTwin.resetRequests();
    const response = await download(buildkite, { download_url: String(artifact.download_url) });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect({ size: bytes.byteLength, sha1: createHash("sha1").update(bytes).digest("hex") }).toEqual({
      size: artifact.file_size,
      sha1: artifact.sha1sum,
    });
    expect(buildkiteTwin.requests.map((r) => [r.listener, r.headers.authorization === undefined])).toEqual([
      ["api", false],
      ["storage", true],
    ]);
  });
});
