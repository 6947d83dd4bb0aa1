// In your project: a vitest suite that checks the bodies your code sends and answers.

import { validateRequest, validateResponse } from "@ci-artifacts/contract";
import { describe, expect, it } from "vitest";
import "@ci-artifacts/contract/vitest";

// The code under test: a stand-in for Buddy that your integration tests talk to.
function fakeBuddyArtifact(name: string) {
  return {
    url: `https://api.buddy.works/workspaces/acme/artifacts/${name}`,
    html_url: `https://app.buddy.works/acme/-/artifacts/${name}/versions`,
    id: name,
    name,
    identifier: name,
    type: "BUCKET",
    scope: "WORKSPACE",
    size: 0,
    authorization: { type: "BASIC", user: "ci" },
    permissions: { others: "READ_ONLY" },
    created_date: "2024-01-10T08:20:00Z",
  };
}

describe("our Buddy stand-in", () => {
  it("answers getArtifact the way Buddy does", () => {
    expect(fakeBuddyArtifact("site")).toMatchResponse("buddy", "getArtifact", 200);
  });

  it("would be caught echoing the write-only password", () => {
    const leaky = { ...fakeBuddyArtifact("site"), authorization: { type: "BASIC", user: "ci", password: "hunter2" } };
    expect(leaky).not.toMatchResponse("buddy", "getArtifact", 200);

    const { valid, errors } = validateResponse("buddy", "getArtifact", 200, leaky);
    expect(valid).toBe(false);
    expect(errors.map((e) => e.pointer)).toEqual(["/authorization/password"]);
  });
});

describe("what Buddy may answer tomorrow", () => {
  it("admits a field the description does not list, as OpenAPI does, unless asked to be strict", () => {
    const tomorrow = { ...fakeBuddyArtifact("site"), uploaded_at: "2024-01-11T09:00:00Z" };
    expect(tomorrow).toMatchResponse("buddy", "getArtifact", 200);
    expect(tomorrow).not.toMatchResponse("buddy", "getArtifact", 200, { strict: true });
  });
});

describe("statuses Buildkite does not declare", () => {
  it("reports a success that only the default response covers", () => {
    // downloadArtifact declares 302 and errors; `default` would cover a 200 with an error body.
    const result = validateResponse("buildkite", "downloadArtifact", 200, { message: "Not Found" });
    expect(result).toMatchObject({ valid: false, response: "default", undeclared: true });
    expect(result.errors.map((e) => e.keyword)).toEqual(["x-contract-status"]);
    expect({ message: "Not Found" }).toMatchResponse("buildkite", "downloadArtifact", 200, { allowDefault: true });
  });
});

describe("the requests our code builds", () => {
  it("creates artifacts with a body Buddy accepts", () => {
    expect({ name: "site", type: "BUCKET", scope: "WORKSPACE" }).toMatchRequest("buddy", "createArtifact");
  });

  it("would be caught sending back fields only the server sets", () => {
    const body = {
      name: "site",
      type: "BUCKET",
      scope: "WORKSPACE",
      id: "site",
      url: "https://api.buddy.works/workspaces/acme/artifacts/site",
    };
    // Strict on what our own code writes: a field the request does not declare is a mistake.
    expect(body).not.toMatchRequest("buddy", "createArtifact", { strict: true });
    expect(validateRequest("buddy", "createArtifact", body, { strict: true }).errors.map((e) => e.pointer)).toEqual([
      "/id",
      "/url",
    ]);
  });
});
