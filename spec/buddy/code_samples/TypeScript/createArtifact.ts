import { createBuddyClient } from "@ci-artifacts/client/buddy";

const token = process.env.BUDDY_TOKEN;
if (!token) throw new Error("Set BUDDY_TOKEN to a Buddy.works personal access token");
const buddy = createBuddyClient({ token });

const { data, error } = await buddy.POST("/workspaces/{workspace}/artifacts", {
  params: { path: { workspace: "acme" } },
  body: {
    name: "site",
    type: "BUCKET",
    scope: "PROJECT",
    project: { name: "website" },
    // BASIC needs user and password; the password is write-only and never comes back.
    authorization: { type: "BASIC", user: "deploy", password: process.env.ARTIFACT_PASSWORD ?? "" },
  },
});
if (error) throw new Error(error.errors?.[0]?.message ?? error.error);
console.log(`created ${data.id}: ${data.html_url}`);
