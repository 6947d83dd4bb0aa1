import { createBuddyClient } from "@ci-artifacts/client/buddy";

const token = process.env.BUDDY_TOKEN;
if (!token) throw new Error("Set BUDDY_TOKEN to a Buddy.works personal access token");
const buddy = createBuddyClient({ token });

// Fields left out keep their value; scope can only be raised.
const { data, error } = await buddy.PATCH("/workspaces/{workspace}/artifacts/{artifact_id}", {
  params: { path: { workspace: "acme", artifact_id: "x5169jL2" } },
  body: { scope: "WORKSPACE", retention_rules: [{ type: "KEEP_BY_COUNT", value: 10 }] },
});
if (error) throw new Error(error.errors?.[0]?.message ?? error.error);
console.log(data.scope);
