import { createBuddyClient } from "@ci-artifacts/client/buddy";

const token = process.env.BUDDY_TOKEN;
if (!token) throw new Error("Set BUDDY_TOKEN to a Buddy.works personal access token");
const buddy = createBuddyClient({ token });

// Deletes the artifact and all its versions; the answer is 204 with no body.
const { error, response } = await buddy.DELETE("/workspaces/{workspace}/artifacts/{artifact_id}", {
  params: { path: { workspace: "acme", artifact_id: "x5169jL2" } },
});
if (error) throw new Error(`HTTP ${response.status}: ${error.errors?.[0]?.message ?? error.error}`);
