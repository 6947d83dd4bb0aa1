import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { paginate } from "@ci-artifacts/client/paginate";
import { retry } from "@ci-artifacts/client/retry";

// retry(): timeouts, retries, and pacing by the rate-limit budget Buildkite announces.
const bk = createBuildkiteClient({ token: process.env.BUILDKITE_API_TOKEN, plugins: [retry()] });

// Every finished artifact of build 42, page after page (100 per page unless you say otherwise).
const build = { org_slug: "acme", pipeline_slug: "web", build_number: 42 };
for await (const artifact of paginate(
  bk,
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts",
  { params: { path: build, query: { state: "finished" } }, signal: AbortSignal.timeout(60_000) },
)) {
  console.log(artifact.path, artifact.file_size);
}
