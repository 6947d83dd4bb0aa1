import { createBuddyClient } from "@ci-artifacts/client/buddy";

const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN, region: "us" });

const { data, error, response } = await buddy.GET("/workspaces/{workspace}/artifacts/{artifact_id}", {
  params: { path: { workspace: "my-company", artifact_id: "x5169jL2" } },
});
if (error) throw new Error(`HTTP ${response.status}`, { cause: error });
console.log(data.name, data.type, data.retention_rules);
