// @ts-check
// The bodies the benchmarks exchange are the spec's own examples, so the client parses what
// Buildkite sends, not a toy `{}`.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ENV = "CI_ARTIFACTS_BENCH_ARTIFACT";

// Read once by the parent and handed to every child through the environment, so a child does not
// depend on the bundle still being on disk while other work rebuilds it.
const example = process.env[ENV]
  ? JSON.parse(process.env[ENV])
  : /** @type {{ components: { examples: Record<string, { value: unknown }> } }} */ (
      require("@ci-artifacts/openapi/buildkite.json")
    ).components.examples.artifact?.value;
process.env[ENV] ??= JSON.stringify(example);
if (typeof example !== "object" || example === null) {
  throw new Error(
    "@ci-artifacts/openapi/buildkite.json: #/components/examples/artifact/value is missing; build @ci-artifacts/openapi first",
  );
}

export const ARTIFACT = /** @type {Record<string, unknown>} */ (example);
// Fake, and shaped like no real credential: the secret scan runs over this file too.
export const TOKEN = "bench-token-not-a-secret";
export const ORG = "my-great-org";
export const PIPELINE = "my-pipeline";
export const JOB = "aae578fe-994c-44e6-84da-4102616928ba";
export const ARTIFACT_ID = "76365070-34d5-4104-8b91-952780f8029f";
export const ARTIFACT_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
export const LIST_PATH = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts";
export const PER_PAGE = 100;

/** The path parameters of one artifact GET. @param {number} build */
export function artifactParams(build) {
  return { org_slug: ORG, pipeline_slug: PIPELINE, build_number: build, job_id: JOB, artifact_id: ARTIFACT_ID };
}

/** The same URL written by hand, as an app without a client would. @param {string} base @param {number} build */
export function artifactUrl(base, build) {
  const e = encodeURIComponent;
  return `${base}/organizations/${e(ORG)}/pipelines/${e(PIPELINE)}/builds/${build}/jobs/${e(JOB)}/artifacts/${e(ARTIFACT_ID)}`;
}
