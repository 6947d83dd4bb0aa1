import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { getDownloadUrl } from "@ci-artifacts/client/download";
import { downloadArtifact } from "@ci-artifacts/client/node";
import { retry } from "@ci-artifacts/client/retry";

const bk = createBuildkiteClient({ token: process.env.BUILDKITE_API_TOKEN, plugins: [retry()] });
const artifact = {
  org_slug: "acme",
  pipeline_slug: "web",
  build_number: 42,
  job_id: "aae578fe-994c-44e6-84da-4102616928ba",
  artifact_id: "76365070-34d5-4104-8b91-952780f8029f",
};

// The presigned URL from the 302, valid for about a minute; the redirect is not followed.
console.log(new URL(await getDownloadUrl(bk, artifact)).host);

// Or, on Node, the file itself: streamed from the storage host (which never sees your token) to
// disk, its size and SHA-1 checked against the API's, and removed again if they differ.
const { bytes, sha1 } = await downloadArtifact(bk, artifact, { to: "app.tar.gz" });
console.log(`app.tar.gz: ${bytes} bytes, SHA-1 ${sha1}`);
