import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";

const buildkite = createBuildkiteClient({ token: process.env.BUILDKITE_TOKEN });

// paginate() follows the Link header and yields the artifacts of every page.
for await (const artifact of buildkite.paginate(
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts",
  {
    params: {
      path: {
        org_slug: "my-great-org",
        pipeline_slug: "my-pipeline",
        build_number: 1,
        job_id: "aae578fe-994c-44e6-84da-4102616928ba",
      },
    },
  },
)) {
  console.log(artifact.path, artifact.state);
}
