import { createWriteStream } from "node:fs";
import { Writable } from "node:stream";
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";

const token = process.env.BUILDKITE_API_TOKEN;
if (!token) throw new Error("Set BUILDKITE_API_TOKEN to a Buildkite API access token");
const bk = createBuildkiteClient({ token });
const artifact = {
  org_slug: "acme",
  pipeline_slug: "web",
  build_number: 42,
  job_id: "aae578fe-994c-44e6-84da-4102616928ba",
  artifact_id: "76365070-34d5-4104-8b91-952780f8029f",
};

// The presigned URL from the 302, valid for about a minute; the redirect is not followed.
const url = await bk.getDownloadUrl(artifact);
console.log(new URL(url).host);

// Or the file itself, streamed from the storage host, which never sees your token.
const response = await bk.download(artifact);
await response.body?.pipeTo(Writable.toWeb(createWriteStream("app.tar.gz")));
