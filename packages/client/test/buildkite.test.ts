import {
  type BuildkiteClient,
  createBuildkiteClient,
  errorMessage,
  isApiError,
  unwrap,
} from "@ci-artifacts/client/buildkite";
import { download, getDownloadUrl } from "@ci-artifacts/client/download";
import type { Twin } from "@ci-artifacts/mock";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { spentRateLimit } from "./support/rate-limit.js";
import {
  apiRequests,
  artifactsOf,
  BUILD,
  BUILDKITE_TOKEN,
  buildkiteClientOn,
  buildkiteTwin,
  closeTwins,
  finishedOf,
  idsOf,
  sha1,
  startBuildkite,
} from "./support/twin.js";

const BUILD_PATH = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts" as const;
const JOB_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts" as const;
const ONE_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}" as const;
const ROOT = "/v2/organizations/acme/pipelines/web/builds/42";
/** A well-formed artifact id that the twin does not hold. */
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

afterEach(closeTwins);

describe("every Buildkite operation against the twin", () => {
  const first = (twin: Twin<"buildkite">) => artifactsOf(twin)[0]!;
  // The second artifact is in the build's other job.
  const second = (twin: Twin<"buildkite">) => artifactsOf(twin)[1]!;
  const rows: {
    name: string;
    given: (bk: BuildkiteClient, twin: Twin<"buildkite">) => Promise<unknown>;
    want: (twin: Twin<"buildkite">) => unknown;
    sent: (twin: Twin<"buildkite">) => string;
  }[] = [
    {
      name: "listBuildArtifacts",
      given: async (bk) =>
        (await bk.GET(BUILD_PATH, { params: { path: BUILD, query: { state: "finished" } } })).data?.map((a) => a.id),
      want: (twin) => finishedOf(twin).map((a) => a.id),
      sent: () => `GET ${ROOT}/artifacts?state=finished`,
    },
    {
      name: "listJobArtifacts",
      given: async (bk, twin) =>
        (
          await bk.GET(JOB_PATH, {
            params: { path: { ...BUILD, job_id: second(twin).job_id }, query: { path: second(twin).path } },
          })
        ).data,
      want: (twin) => artifactsOf(twin).filter((a) => a.path === second(twin).path),
      sent: (twin) => `GET ${ROOT}/jobs/${second(twin).job_id}/artifacts?path=${encodeURIComponent(second(twin).path)}`,
    },
    {
      name: "getArtifact",
      given: async (bk, twin) => (await bk.GET(ONE_PATH, { params: { path: idsOf(first(twin)) } })).data,
      want: (twin) => first(twin),
      sent: (twin) => `GET ${ROOT}/jobs/${first(twin).job_id}/artifacts/${first(twin).id}`,
    },
    {
      name: "deleteArtifact: 204, and the artifact is gone",
      given: async (bk, twin) => {
        const { data, error, response } = await bk.DELETE(ONE_PATH, { params: { path: idsOf(first(twin)) } });
        const left = artifactsOf(twin, true).map((a) => a.id);
        return { data, error, status: response.status, left };
      },
      want: (twin) => ({
        data: undefined,
        error: undefined,
        status: 204,
        left: artifactsOf(twin)
          .slice(1)
          .map((a) => a.id),
      }),
      sent: (twin) => `DELETE ${ROOT}/jobs/${first(twin).job_id}/artifacts/${first(twin).id}`,
    },
    {
      name: "downloadArtifact (getDownloadUrl)",
      given: (bk, twin) => getDownloadUrl(bk, idsOf(first(twin))),
      want: (twin) =>
        expect.stringMatching(
          new RegExp(
            `^${twin.storageOrigin}/twin-artifacts/${first(twin).id}/${first(twin).filename}\\?.*X-Amz-Expires=60&`,
          ),
        ),
      sent: (twin) => `GET ${ROOT}/jobs/${first(twin).job_id}/artifacts/${first(twin).id}/download`,
    },
    {
      name: "downloadArtifact (download): the file's size and SHA-1 are the API's",
      given: async (bk, twin) => {
        const bytes = new Uint8Array(await (await download(bk, idsOf(first(twin)))).arrayBuffer());
        return { size: bytes.byteLength, sha1: sha1(bytes) };
      },
      want: (twin) => ({ size: first(twin).file_size, sha1: first(twin).sha1sum }),
      sent: (twin) => `GET ${ROOT}/jobs/${first(twin).job_id}/artifacts/${first(twin).id}/download`,
    },
  ];

  it.each(rows)("$name", async ({ given, want, sent }) => {
    const { twin, bk } = await startBuildkite();
    expect(await given(bk, twin)).toEqual(want(twin));
    expect(apiRequests(twin).map((r) => `${r.method} ${r.url}`)).toEqual([sent(twin)]);
    expect(apiRequests(twin)[0]?.headers.authorization).toBe(`Bearer ${BUILDKITE_TOKEN}`);
  });
});

describe("errors and results", () => {
  it("unwrap gives the data of a 2xx answer", async () => {
    const { twin, bk } = await startBuildkite();
    const artifact = artifactsOf(twin)[0]!;
    const data = unwrap(await bk.GET(ONE_PATH, { params: { path: idsOf(artifact) } }));
    expect(data.id).toBe(artifact.id);
  });

  it("unwrap throws an ApiError that isApiError narrows, with the call it ended", async () => {
    const { twin, bk } = await startBuildkite();
    const job = artifactsOf(twin)[0]!.job_id;
    const thrown = await (async () =>
      unwrap(await bk.GET(ONE_PATH, { params: { path: { ...BUILD, job_id: job, artifact_id: UNKNOWN } } })))().catch(
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
      path: `${twin.origin}${ROOT}/jobs/${job}/artifacts/${UNKNOWN}`,
      attempts: 1,
      message: `GET ${twin.origin}${ROOT}/jobs/${job}/artifacts/${UNKNOWN}: HTTP 404: No artifact found`,
    });
  });

  it("a wrong token gets 401 with the vendor's body", async () => {
    const twin = await buildkiteTwin();
    const bk = createBuildkiteClient({ token: "not-the-twins-token", baseUrl: twin.url });
    const { data, error, response } = await bk.GET(BUILD_PATH, { params: { path: BUILD } });
    expect({ status: response.status, data, error }).toEqual({
      status: 401,
      data: undefined,
      error: { message: "Unauthorized: the token is not one this twin accepts" },
    });
  });

  it("a query the API refuses gets 422 in Buildkite's shape, naming the parameter", async () => {
    const { bk } = await startBuildkite();
    const thrown = await (async () =>
      unwrap(await bk.GET(BUILD_PATH, { params: { path: BUILD, query: { per_page: 500 } } })))().catch(
      (error: unknown) => error,
    );
    if (!isApiError(thrown, 422)) throw new Error(`expected a 422 ApiError, got ${String(thrown)}`);
    expect(thrown.body).toEqual({
      message: "Validation Failed",
      errors: [{ field: "per_page", code: "invalid", message: "query parameter per_page: must be <= 100 (found 500)" }],
    });
    expect(errorMessage(thrown.body)).toBe("Validation Failed");
  });

  it("a spent rate limit: the lean client gets the 429 with its reset, retry() waits it out and succeeds", async () => {
    // Two requests a window for the token: the third is refused until the window ends, a second later.
    // Then, the budget still spent, retry() meets the 429 and waits the second the twin names (the
    // clock moves on as it starts waiting), and gets the artifact.
    const { twin, refused, retried, waits } = await spentRateLimit({
      start: () => buildkiteTwin({ rateLimit: { limit: 100, userLimit: 2, windowMs: 1_000 } }),
      client: buildkiteClientOn,
      call: (bk, twin) => bk.GET(ONE_PATH, { params: { path: idsOf(artifactsOf(twin)[0]!) } }),
      budget: 2,
    });
    const artifact = artifactsOf(twin)[0]!;
    if (!isApiError(refused, 429)) throw new Error(`expected a 429 ApiError, got ${String(refused)}`);
    expect(refused.body).toEqual({
      message: "You have exceeded your API rate limit. Please wait 1 seconds before making more requests.",
      scope: "rest_user",
      limit: 2,
      current: 3,
      reset: 1,
    });
    expect(refused.headers.get("ratelimit-reset")).toBe("1");
    expect({ status: retried.response.status, id: retried.data?.id }).toEqual({ status: 200, id: artifact.id });
    expect(apiRequests(twin).map((r) => r.status)).toEqual([429, 200]);
    expect(waits).toEqual([{ delayMs: 1_000, reason: "rate-limited" }]);
  });
});
