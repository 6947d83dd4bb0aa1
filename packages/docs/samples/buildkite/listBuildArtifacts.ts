import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";

const buildkite = createBuildkiteClient({ token: process.env.BUILDKITE_TOKEN });

// paginate() follows the Link header and yields the artifacts of every page.
for await (const artifact of buildkite.paginate(
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts",
  {
    params: {
      path: { org_slug: "my-great-org", pipeline_slug: "my-pipeline", build_number: 1 },
      query: { state: "finished" },
    },
  },
)) {
  console.log(artifact.path, artifact.file_size);
}
