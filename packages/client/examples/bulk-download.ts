import { mkdir } from "node:fs/promises";
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { downloadArtifact } from "@ci-artifacts/client/node";
import { collect } from "@ci-artifacts/client/paginate";
import { retry } from "@ci-artifacts/client/retry";

// Every finished artifact of a build, four at a time, each checked against its size and SHA-1.
// Pacing holds requests while Buildkite's announced budget is spent, so the job meets no 429.
const bk = createBuildkiteClient({ token: process.env.BUILDKITE_API_TOKEN, plugins: [retry()] });
const artifacts = await collect(
  bk,
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts",
  { params: { path: { org_slug: "acme", pipeline_slug: "web", build_number: 42 }, query: { state: "finished" } } },
);

await mkdir("artifacts", { recursive: true });
const queue = [...artifacts];
const worker = async () => {
  for (let artifact = queue.shift(); artifact; artifact = queue.shift()) {
    // A list item carries the size and checksum: no extra request per file.
    const { bytes } = await downloadArtifact(bk, artifact, { to: `artifacts/${artifact.id}-${artifact.filename}` });
    console.log(`${artifact.path}: ${bytes} bytes, verified`);
  }
};
await Promise.all([worker(), worker(), worker(), worker()]);
