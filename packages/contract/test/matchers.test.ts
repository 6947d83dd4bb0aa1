import { describe, expect, it } from "vitest";
import "@ci-artifacts/contract/vitest";
import { namedExamples } from "./support.js";

const artifact = namedExamples("buildkite").find((e) => e.name === "artifact")?.value as Record<string, unknown>;

describe("toMatchResponse", () => {
  it.each([
    {
      name: "passes a valid body",
      given: () => expect(artifact).toMatchResponse("buildkite", "getArtifact", 200),
      want: undefined,
    },
    {
      name: "fails an invalid body, listing each problem with its pointer",
      given: () => expect({ ...artifact, state: "gone" }).toMatchResponse("buildkite", "getArtifact", 200),
      want: 'expected the body to be a valid 200 response of buildkite getArtifact; 1 problem:\n/state: must be one of "new", "error", "finished", "deleted", "expired" (found "gone")',
    },
    {
      name: ".not passes an invalid body",
      given: () => expect({ ...artifact, state: "gone" }).not.toMatchResponse("buildkite", "getArtifact", 200),
      want: undefined,
    },
    {
      name: ".not fails a valid body",
      given: () => expect(artifact).not.toMatchResponse("buildkite", "getArtifact", 200),
      want: "expected the body not to be a valid 200 response of buildkite getArtifact, but it is",
    },
  ])("$name", ({ given, want }) => {
    if (want === undefined) expect(given).not.toThrow();
    else expect(given).toThrow(want);
  });
});

describe("toMatchRequest", () => {
  it.each([
    {
      name: "passes a valid body",
      given: () => expect({ name: "updated" }).toMatchRequest("buddy", "updateArtifact"),
      want: undefined,
    },
    {
      name: "fails a field the request does not declare",
      given: () =>
        expect({ name: "site", type: "BUCKET", scope: "WORKSPACE", id: "x" }).toMatchRequest("buddy", "createArtifact"),
      want: 'expected the body to be a valid request body of buddy createArtifact; 1 problem:\n/id: is not a property the schema declares (found "x")',
    },
  ])("$name", ({ given, want }) => {
    if (want === undefined) expect(given).not.toThrow();
    else expect(given).toThrow(want);
  });
});
