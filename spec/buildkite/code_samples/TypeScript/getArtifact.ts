import { createBuildkiteClient, isApiError, unwrap } from "@ci-artifacts/client/buildkite";

const bk = createBuildkiteClient({ token: process.env.BUILDKITE_API_TOKEN });

try {
  // unwrap: the data, or a thrown ApiError that isApiError narrows by status.
  const artifact = unwrap(
    await bk.GET(
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
    ),
  );
  console.log(artifact.path, artifact.state, artifact.sha1sum);
} catch (error) {
  if (isApiError(error, 429)) console.error(`rate-limited (${error.body.scope}), back in ${error.body.reset} s`);
  else if (isApiError(error, 404)) console.error("no such artifact:", error.body.message);
  else throw error;
}
