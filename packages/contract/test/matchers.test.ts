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
      name: "passes a field the description does not declare, as OpenAPI does",
      given: () => expect({ ...artifact, uploaded_at: "2024-01-11" }).toMatchResponse("buildkite", "getArtifact", 200),
      want: undefined,
    },
    {
      name: "fails it with strict",
      given: () =>
        expect({ ...artifact, uploaded_at: "2024-01-11" }).toMatchResponse("buildkite", "getArtifact", 200, {
          strict: true,
        }),
      want: 'expected the body to be a valid 200 response of buildkite getArtifact; 1 problem:\n/uploaded_at: is not a property the schema declares (found "2024-01-11")',
    },
    {
      name: "fails a success that only default covers",
      given: () => expect({ message: "Not Found" }).toMatchResponse("buildkite", "downloadArtifact", 200),
      want: /^expected the body to be a valid 200 response of buildkite downloadArtifact; 1 problem:\n\(the body\): answers 200, a success that buildkite downloadArtifact \(GET .*\) does not declare \(declared: 302, 401, 403, 404, 429, default\); only its default response covers it \(allowDefault accepts that\)$/,
    },
    {
      name: "passes it with allowDefault",
      given: () =>
        expect({ message: "Not Found" }).toMatchResponse("buildkite", "downloadArtifact", 200, { allowDefault: true }),
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
      name: "passes a field the request does not declare, as OpenAPI does",
      given: () =>
        expect({ name: "site", type: "BUCKET", scope: "WORKSPACE", id: "x" }).toMatchRequest("buddy", "createArtifact"),
      want: undefined,
    },
    {
      name: "fails it with strict",
      given: () =>
        expect({ name: "site", type: "BUCKET", scope: "WORKSPACE", id: "x" }).toMatchRequest(
          "buddy",
          "createArtifact",
          {
            strict: true,
          },
        ),
      want: 'expected the body to be a valid request body of buddy createArtifact; 1 problem:\n/id: is not a property the schema declares (found "x")',
    },
  ])("$name", ({ given, want }) => {
    if (want === undefined) expect(given).not.toThrow();
    else expect(given).toThrow(want);
  });
});
