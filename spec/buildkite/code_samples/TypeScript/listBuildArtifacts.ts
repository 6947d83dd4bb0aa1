import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";

const token = process.env.BUILDKITE_API_TOKEN;
if (!token) throw new Error("Set BUILDKITE_API_TOKEN to a Buildkite API access token");
const bk = createBuildkiteClient({ token });

// Every finished artifact of build 42, page after page (100 per page unless you say otherwise).
const build = { org_slug: "acme", pipeline_slug: "web", build_number: 42 };
for await (const artifact of bk.paginate(
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts",
  {
    params: { path: build, query: { state: "finished" } },
    signal: AbortSignal.timeout(60_000),
  },
)) {
  console.log(artifact.path, artifact.file_size);
}
