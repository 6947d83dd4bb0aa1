import { createBuddyClient, errorMessage } from "@ci-artifacts/client/buddy";

const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN });

// Fields left out keep their value; scope can only be raised.
const { data, error } = await buddy.PATCH("/workspaces/{workspace}/artifacts/{artifact_id}", {
  params: { path: { workspace: "acme", artifact_id: "x5169jL2" } },
  body: { scope: "WORKSPACE", retention_rules: [{ type: "KEEP_BY_COUNT", value: 10 }] },
});
if (error) throw new Error(errorMessage(error));
console.log(data.scope);
