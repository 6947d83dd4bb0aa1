// @ts-check
// The server of item 3: the twin of @ci-artifacts/mock (the Buildkite API under /v2, as the real
// one), on 127.0.0.1 only, with its rate limit off so every request is answered by the operation.
import { startTwin } from "@ci-artifacts/mock";
import { ARTIFACT, ARTIFACT_ID, JOB, ORG, PER_PAGE, PIPELINE, TOKEN } from "./fixture.mjs";

/** The builds item 3 reads: build N holds N full pages, so one server serves 1 to 200 pages. */
const BUILDS = [1, 2, 5, 10, 20, 50, 200];
/** Every file is this long: the pages weigh what the example's artifact does, the seed stays quick. */
const FILE_SIZE = 1024;

/** The fixture's artifact, N times per build, ids distinct; the twin writes URLs, size and checksum. */
function data() {
  const { url: _url, download_url: _download, sha1sum: _sha1, file_size: _size, ...artifact } = ARTIFACT;
  return {
    api: /** @type {const} */ ("buildkite"),
    builds: BUILDS.map((pages) => ({
      org_slug: ORG,
      pipeline_slug: PIPELINE,
      build_number: pages,
      jobs: [JOB],
      artifacts: Array.from({ length: pages * PER_PAGE }, (_, i) => {
        const n = (pages * 1_000_000 + i).toString(16).padStart(12, "0");
        return {
          ...artifact,
          id: pages === 1 && i === 0 ? ARTIFACT_ID : `76365070-34d5-4104-8b91-${n}`,
          job_id: JOB,
          path: `dist/part-${n}.tar.gz`,
          dirname: "dist",
          filename: `part-${n}.tar.gz`,
          file_size: FILE_SIZE,
        };
      }),
    })),
  };
}

/**
 * @returns {Promise<{ origin: string, requests: () => number, close: () => Promise<void> }>}
 */
export async function startServer() {
  const twin = await startTwin("buildkite", {
    basePath: "/v2",
    token: TOKEN,
    rateLimit: false,
    record: false,
    data: data(),
  });
  return { origin: twin.origin, requests: () => twin.received.api, close: () => twin.close() };
}
