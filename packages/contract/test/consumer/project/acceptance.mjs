// What the kit answers, as another team's code calls it: one JSON line for the test to read.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { validateResponse } from "@ci-artifacts/contract";

const require = createRequire(import.meta.url);
const bundle = JSON.parse(readFileSync(require.resolve("@ci-artifacts/openapi/buildkite.json"), "utf8"));
// The description's own example of an artifact, as Buildkite answers getArtifact.
const artifact = bundle.components.examples.artifact.value;
const extra = { ...artifact, uploaded_at: "2024-01-11T09:00:00Z" };
const brief = ({ valid, errors, response, undeclared }) => ({
  valid,
  keywords: errors.map((e) => `${e.pointer} ${e.keyword}`),
  response,
  undeclared,
});
console.log(
  JSON.stringify({
    extraByDefault: brief(validateResponse("buildkite", "getArtifact", 200, extra)),
    extraStrict: brief(validateResponse("buildkite", "getArtifact", 200, extra, { strict: true })),
    downloadErrorBody: brief(validateResponse("buildkite", "downloadArtifact", 200, { message: "Not Found" })),
  }),
);
