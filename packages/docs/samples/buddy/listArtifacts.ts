import { createBuddyClient } from "@ci-artifacts/client/buddy";

const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN, region: "us" });

const { data, error, response } = await buddy.GET("/workspaces/{workspace}/artifacts", {
  params: { path: { workspace: "my-company" }, query: { project_name: "my-project" } },
});
if (error) throw new Error(`HTTP ${response.status}`, { cause: error });
for (const artifact of data.artifacts) console.log(artifact.id, artifact.name, artifact.scope);
