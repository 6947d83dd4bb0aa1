import { createHash } from "node:crypto";
import { createBuildkiteClient, download, paginate } from "@ci-artifacts/client";
import { startTwin } from "@ci-artifacts/mock";

const twin = await startTwin("buildkite", { artifacts: 250 });
try {
  const client = createBuildkiteClient({ baseUrl: twin.url, token: twin.token });
  const build = twin.seed.builds[0];
  if (!build) throw new Error("the seed has a build");
  const path = { org_slug: build.org_slug, pipeline_slug: build.pipeline_slug, build_number: build.build_number };

  // Every artifact of the build, page after page.
  let count = 0;
  for await (const _ of paginate(
    client,
    "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts",
    { params: { path } },
  )) {
    count++;
  }
  console.log(`${count} artifacts`);

  // A file, checked against the checksum the API gives for it.
  const artifact = build.artifacts.find((a) => a.state === "finished");
  if (!artifact) throw new Error("the seed has a finished artifact");
  const file = await download(client, { download_url: String(artifact.download_url) });
  const bytes = Buffer.from(await file.arrayBuffer());
  const sha1 = createHash("sha1").update(bytes).digest("hex");
  console.log(sha1 === artifact.sha1sum ? "checksum matches" : "checksum differs");
} finally {
  await twin.close();
}
