import { createBuddyClient } from "@ci-artifacts/client/buddy";
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";

// Tokens come from the environment, never from the code.
const { BUDDY_TOKEN, BUILDKITE_API_TOKEN } = process.env;
if (!BUDDY_TOKEN || !BUILDKITE_API_TOKEN) throw new Error("Set BUDDY_TOKEN and BUILDKITE_API_TOKEN");

// Buddy.works: workspaces live in the US (the default) or the EU region.
const buddy = createBuddyClient({ token: BUDDY_TOKEN, region: "eu" });
const { data, error, response } = await buddy.GET("/workspaces/{workspace}/artifacts", {
  params: { path: { workspace: "my-company" } },
});
if (error) throw new Error(`HTTP ${response.status}`, { cause: error });
console.log(data.artifacts.map((artifact) => artifact.name));

// Buildkite: paginate() follows the Link header and yields the artifacts of every page.
const buildkite = createBuildkiteClient({ token: BUILDKITE_API_TOKEN });
for await (const artifact of buildkite.paginate(
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts",
  { params: { path: { org_slug: "my-great-org", pipeline_slug: "my-pipeline", build_number: 1 } } },
)) {
  console.log(artifact.path, artifact.file_size);
}
