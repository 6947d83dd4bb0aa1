import { createBuddyClient } from "@ci-artifacts/client/buddy";

const token = process.env.BUDDY_TOKEN;
if (!token) throw new Error("Set BUDDY_TOKEN to a Buddy.works personal access token");
const buddy = createBuddyClient({ token, region: "eu" });

const { data, error } = await buddy.GET("/workspaces/{workspace}/artifacts", {
  params: { path: { workspace: "acme" }, query: { project_name: "website" } },
});
if (error) throw new Error(error.errors?.[0]?.message ?? error.error);
for (const artifact of data.artifacts) console.log(artifact.id, artifact.type, artifact.name);
