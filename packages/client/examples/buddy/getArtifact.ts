import { createBuddyClient } from "@ci-artifacts/client/buddy";

// A self-hosted installation serves the API under /api.
const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN, baseUrl: "https://buddy.example.com/api" });

const { data, error } = await buddy.GET("/workspaces/{workspace}/artifacts/{artifact_id}", {
  params: { path: { workspace: "acme", artifact_id: "x5169jL2" } },
});
if (error) throw new Error(error.errors?.[0]?.message ?? error.error);
console.log(data.name, data.scope, data.authorization?.type);
