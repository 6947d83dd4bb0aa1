// @ts-check
// The twins the benchmarks run, by name, each started by twin-server.mjs in a process of its own.
// None records requests or logs them, and none has a rate limit: every request is answered by
// its operation, and the server spends its CPU on that alone.
import { ARTIFACT, ARTIFACT_ID, JOB, ORG, PER_PAGE, PIPELINE, TOKEN } from "./fixture.mjs";

/** Item 3's builds: build N holds N full pages, so one twin serves reads of 1 to 200 pages. */
export const WIRE_BUILDS = [1, 2, 5, 10, 20, 50, 200];
/** Every file of item 3 is this long: its pages weigh what the example's artifact does, the seed stays quick. */
const FILE_SIZE = 1024;

/** The fixture's artifact, `PER_PAGE` times per page of each build, ids distinct; the twin writes URLs and checksum. */
function wireData() {
  const { url: _url, download_url: _download, sha1sum: _sha1, file_size: _size, ...artifact } = ARTIFACT;
  return {
    api: /** @type {const} */ ("buildkite"),
    builds: WIRE_BUILDS.map((pages) => ({
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

/** @type {Record<string, () => import("@ci-artifacts/mock").TwinOptions<"buildkite">>} */
export const SETUPS = {
  // Item 3: the Buildkite API under /v2, as the real one, with the fixture's token and pages.
  wire: () => ({ basePath: "/v2", token: TOKEN, rateLimit: false, record: false, data: wireData() }),
  // Item 7: the twin as it starts by default (its seed), beside Prism.
  list: () => ({ rateLimit: false, record: false }),
};
