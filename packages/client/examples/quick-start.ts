import { buddyErrorMessage, createBuddyClient, createBuildkiteClient, paginate } from "@ci-artifacts/client";

// Tokens come from the environment, never from the code; a missing one fails here, before any request.
// Buddy.works: workspaces live in the US (the default) or the EU region.
const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN, region: "eu" });
const { data, error } = await buddy.GET("/workspaces/{workspace}/artifacts", {
  params: { path: { workspace: "acme" } },
});
if (error) throw new Error(buddyErrorMessage(error));
console.log(data.artifacts.map((artifact) => artifact.name));

// Buildkite: paginate() follows the Link header and yields the artifacts of every page. From this
// entry both clients time out, retry and pace themselves by the rate limit unless told otherwise.
const buildkite = createBuildkiteClient({ token: process.env.BUILDKITE_API_TOKEN });
for await (const artifact of paginate(
  buildkite,
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts",
  { params: { path: { org_slug: "acme", pipeline_slug: "web", build_number: 42 } } },
)) {
  console.log(artifact.path, artifact.file_size);
}
