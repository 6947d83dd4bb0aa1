import { createBuddyClient, isApiError, unwrap } from "@ci-artifacts/client/buddy";

// A self-hosted installation serves the API under /api.
const buddy = createBuddyClient({ token: process.env.BUDDY_TOKEN, baseUrl: "https://buddy.example.com/api" });

try {
  // unwrap: the data, or a thrown ApiError with Buddy's error body.
  const artifact = unwrap(
    await buddy.GET("/workspaces/{workspace}/artifacts/{artifact_id}", {
      params: { path: { workspace: "acme", artifact_id: "x5169jL2" } },
    }),
  );
  console.log(artifact.name, artifact.scope, artifact.authorization.type);
} catch (error) {
  if (!isApiError(error, 404)) throw error;
  console.error("no such artifact:", error.body.errors?.[0]?.message);
}
