import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";

const bk = createBuildkiteClient({ token: process.env.BUILDKITE_API_TOKEN });

// One page, through the plain openapi-fetch method; the Link header says where the next one is.
const { data, error, response } = await bk.GET(
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts",
  {
    params: {
      path: {
        org_slug: "acme",
        pipeline_slug: "web",
        build_number: 42,
        job_id: "aae578fe-994c-44e6-84da-4102616928ba",
      },
      query: { path: "logs/*", per_page: 50 },
    },
  },
);
if (error) throw new Error(error.message);
console.log(
  data.map((artifact) => artifact.filename),
  response.headers.get("link"),
);
