import { createBuddyClient, errorMessage } from "@ci-artifacts/client/buddy";

const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN });

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
if (error) throw new Error(errorMessage(error));
console.log(`created ${data.id}: ${data.html_url}`);
