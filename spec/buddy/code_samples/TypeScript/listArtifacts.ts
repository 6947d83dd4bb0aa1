import { createBuddyClient, errorMessage } from "@ci-artifacts/client/buddy";

// A missing BUDDY_TOKEN fails here, before any request, with an error that says so.
const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN, region: "eu" });

const { data, error } = await buddy.GET("/workspaces/{workspace}/artifacts", {
  params: { path: { workspace: "acme" }, query: { project_name: "website" } },
});
if (error) throw new Error(errorMessage(error));
for (const artifact of data.artifacts) console.log(artifact.id, artifact.type, artifact.name);
