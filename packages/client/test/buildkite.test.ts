import {
  type BuildkiteClient,
  createBuildkiteClient,
  errorMessage,
  isApiError,
  unwrap,
} from "@ci-artifacts/client/buildkite";
import { download, getDownloadUrl } from "@ci-artifacts/client/download";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { BUILD, type FakeBuildkite, JOBS, ORG, PIPELINE, startFakeBuildkite, TOKEN } from "./support/fake-buildkite.js";

const BUILD_PATH = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts" as const;
const JOB_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts" as const;
const ONE_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}" as const;
const build = { org_slug: ORG, pipeline_slug: PIPELINE, build_number: BUILD };

let fake: FakeBuildkite | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: Parameters<typeof startFakeBuildkite>[0] = {}) {
  fake = await startFakeBuildkite(options);
  const bk = createBuildkiteClient({ token: TOKEN, baseUrl: fake.baseUrl });
  return { fake, bk };
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
      given: (bk, f) => getDownloadUrl(bk, { ...build, job_id: first(f).job_id, artifact_id: first(f).id }),
      want: (f) => expect.stringMatching(new RegExp(`^${f.storage.origin}/files/${first(f).id}\\?X-Amz-Expires=60&`)),
      sent: (f) =>
        `GET /v2/organizations/acme/pipelines/web/builds/42/jobs/${first(f).job_id}/artifacts/${first(f).id}/download`,
    },
    {
      name: "downloadArtifact (download)",
      given: async (bk, f) =>
        (await download(bk, { ...build, job_id: first(f).job_id, artifact_id: first(f).id })).text(),
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
    expect(fake.server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([expected]);
    expect(fake.server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("errors and results", () => {
  it("unwrap gives the data of a 2xx answer", async () => {
    const { fake, bk } = await setup();
    const artifact = fake.artifacts[0]!;
    const data = unwrap(
      await bk.GET(ONE_PATH, { params: { path: { ...build, job_id: artifact.job_id, artifact_id: artifact.id } } }),
    );
    expect(data.id).toBe(artifact.id);
  });

  it("unwrap throws an ApiError that isApiError narrows, with the call it ended", async () => {
    const { fake, bk } = await setup();
    const thrown = await (async () =>
      unwrap(await bk.GET(ONE_PATH, { params: { path: { ...build, job_id: JOBS[0], artifact_id: "gone" } } })))().catch(
      (error: unknown) => error,
    );
    expect(isApiError(thrown, 429)).toBe(false);
    if (!isApiError(thrown, 404)) throw new Error(`expected a 404 ApiError, got ${String(thrown)}`);
    expectTypeOf(thrown.body.message).toEqualTypeOf<string>();
    expect({ status: thrown.status, body: thrown.body, message: errorMessage(thrown.body) }).toEqual({
      status: 404,
      body: { message: "No artifact found" },
      message: "No artifact found",
    });
    expect(thrown).toMatchObject({
      method: "GET",
      path: `${fake.server.origin}/v2/organizations/acme/pipelines/web/builds/42/jobs/${JOBS[0]}/artifacts/gone`,
      attempts: 1,
      message: `GET ${fake.server.origin}/v2/organizations/acme/pipelines/web/builds/42/jobs/${JOBS[0]}/artifacts/gone: HTTP 404: No artifact found`,
    });
  });
});
