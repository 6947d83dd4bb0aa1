import { createBuddyClient, errorMessage } from "@ci-artifacts/client/buddy";

const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN });

// Deletes the artifact and all its versions; the answer is 204 with no body.
const { error, response } = await buddy.DELETE("/workspaces/{workspace}/artifacts/{artifact_id}", {
  params: { path: { workspace: "acme", artifact_id: "x5169jL2" } },
});
if (error) throw new Error(`HTTP ${response.status}: ${errorMessage(error)}`);
