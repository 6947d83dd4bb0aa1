import { createBuddyClient } from "@ci-artifacts/client/buddy";

// A self-hosted installation serves the API under /api.
const token = process.env.BUDDY_TOKEN;
if (!token) throw new Error("Set BUDDY_TOKEN to a Buddy.works personal access token");
const buddy = createBuddyClient({ token, baseUrl: "https://buddy.example.com/api" });

const { data, error } = await buddy.GET("/workspaces/{workspace}/artifacts/{artifact_id}", {
  params: { path: { workspace: "acme", artifact_id: "x5169jL2" } },
});
if (error) throw new Error(error.errors?.[0]?.message ?? error.error);
console.log(data.name, data.scope, data.authorization?.type);
