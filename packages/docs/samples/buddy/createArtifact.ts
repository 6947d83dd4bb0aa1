import { createBuddyClient } from "@ci-artifacts/client/buddy";

const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN, region: "us" });

const { data, error, response } = await buddy.POST("/workspaces/{workspace}/artifacts", {
  params: { path: { workspace: "my-company" } },
  body: { name: "My Workspace Artifact", type: "CONTAINER", scope: "WORKSPACE" },
});
if (error) throw new Error(`HTTP ${response.status}`, { cause: error });
console.log(`created ${data.id}: ${data.html_url}`);
