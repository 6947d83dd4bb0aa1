import { createBuddyClient } from "@ci-artifacts/client/buddy";

const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN, region: "eu" });

const { data, error } = await buddy.GET("/workspaces/{workspace}/artifacts", {
  params: { path: { workspace: "acme" }, query: { project_name: "website" } },
});
if (error) throw new Error(error.errors?.[0]?.message ?? error.error);
for (const artifact of data.artifacts) console.log(artifact.id, artifact.type, artifact.name);
