import { writeFile } from "node:fs/promises";
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";

const buildkite = createBuildkiteClient({ token: process.env.BUILDKITE_TOKEN });

const artifact = {
  org_slug: "my-great-org",
  pipeline_slug: "my-pipeline",
  build_number: 1,
  job_id: "aae578fe-994c-44e6-84da-4102616928ba",
  artifact_id: "76365070-34d5-4104-8b91-952780f8029f",
};

// The presigned URL of the file, read from the redirect without following it.
console.log(await buildkite.getDownloadUrl(artifact));

// Or the file itself; the token is never sent to the storage host.
const response = await buildkite.download(artifact);
await writeFile("artifact.bin", new Uint8Array(await response.arrayBuffer()));
