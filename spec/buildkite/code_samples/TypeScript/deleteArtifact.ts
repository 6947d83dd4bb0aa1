import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";

const bk = createBuildkiteClient({ token: process.env.BUILDKITE_API_TOKEN });

const { error, response } = await bk.DELETE(
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}",
  {
    params: {
      path: {
        org_slug: "acme",
        pipeline_slug: "web",
        build_number: 42,
        job_id: "aae578fe-994c-44e6-84da-4102616928ba",
        artifact_id: "76365070-34d5-4104-8b91-952780f8029f",
      },
    },
  },
);
if (error) throw new Error(`HTTP ${response.status}: ${error.message}`);
